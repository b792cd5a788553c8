//! Linear least squares `ℓᵢ(x) = ½ (aᵢ·x − yᵢ)²`.

use super::{Dataset, EmpiricalRisk, dot};
use crate::traits::LandscapeHessian;

/// Linear least squares on a [`Dataset`]:
///
/// ```text
/// ℓᵢ(x) = ½ (aᵢ·x − yᵢ)²,   ∇ℓᵢ = (aᵢ·x − yᵢ) aᵢ,
/// L(x) = (1/2N) |A x − y|²,  ∇²L = AᵀA / N  (exact, constant).
/// ```
///
/// With `p > N` (over-parameterised) and consistent data the minimisers form
/// the affine set `x* + ker A`; every per-sample gradient lies in
/// `span{aᵢ} = (ker A)^⊥`, so the component of `x` in `ker A` is conserved
/// exactly by SGD and by its SDE (proofs-notes/minibatch-covariance.md).
///
/// # Examples
/// ```
/// use sgdpde_landscape::empirical::{Dataset, LeastSquares};
/// use sgdpde_landscape::Landscape;
/// let d = Dataset::new("line", vec![1.0, 2.0], 1, vec![1.0, 2.0])?;
/// let ls = LeastSquares::new(d);
/// assert_eq!(ls.value(&[1.0]), 0.0); // y = x interpolates
/// # Ok::<(), sgdpde_landscape::LandscapeError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct LeastSquares {
    data: Dataset,
}

impl LeastSquares {
    /// Least squares on `data` (parameters: one weight per feature; add an
    /// intercept with [`Dataset::with_intercept`]).
    pub fn new(data: Dataset) -> Self {
        Self { data }
    }

    /// The data.
    pub fn data(&self) -> &Dataset {
        &self.data
    }

    #[inline]
    fn residual(&self, i: usize, x: &[f64]) -> f64 {
        dot(self.data.row(i), x) - self.data.target(i)
    }
}

impl EmpiricalRisk for LeastSquares {
    fn n_samples(&self) -> usize {
        self.data.n_samples()
    }
    #[inline]
    fn sample_loss(&self, i: usize, x: &[f64]) -> f64 {
        let r = self.residual(i, x);
        0.5 * r * r
    }
    #[inline]
    fn accumulate_sample_gradient(&self, i: usize, x: &[f64], weight: f64, acc: &mut [f64]) {
        self.data
            .add_scaled_row(i, weight * self.residual(i, x), acc);
    }
}

super::empirical_landscape!(LeastSquares, |s: &LeastSquares| s.data.n_features());

impl LandscapeHessian for LeastSquares {
    fn hessian_into(&self, _x: &[f64], hess: &mut [f64]) {
        let w = 1.0 / self.data.n_samples() as f64;
        self.data.weighted_gram_into(|_| w, hess);
    }
}
