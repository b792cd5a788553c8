//! The linear stability threshold of (S)GD with a constant learning rate.
//!
//! On a quadratic `L(x) = ½(x − x*)ᵀH(x − x*)` with unbiased minibatch
//! gradients the mean iterate obeys plain gradient descent,
//! `E x_{k+1} − x* = (I − τH)(E x_k − x*)`, which diverges for
//! `τ > 2/λ_max(H)`; since `E|x_k − x*|² ≥ |E x_k − x*|²`, the mean-square
//! error diverges too. So `τ < 2/λ_max(H)` is necessary for mean-square
//! stability (the minibatch noise can only make the threshold stricter).
//! Away from quadratics `H = ∇²L` at the start is the local picture.

use sgdpde_landscape::LandscapeHessian;
use sgdpde_landscape::critical::symmetric_eigen;

/// `λ_max(∇²L(x))` against the learning rate `τ`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StabilityThreshold {
    /// The largest Hessian eigenvalue at the point.
    pub lambda_max: f64,
    /// The learning rate.
    pub tau: f64,
}

impl StabilityThreshold {
    /// `λ_max(∇²L(x))` of `l` at `x`, for the learning rate `tau`.
    ///
    /// # Examples
    /// ```
    /// use sgdpde_landscape::Quadratic;
    /// use sgdpde_sde::sgd::StabilityThreshold;
    /// let q = Quadratic::diagonal(&[1.0, 4.0], vec![0.0, 0.0])?;
    /// let s = StabilityThreshold::at(&q, &[0.0, 0.0], 0.6);
    /// assert_eq!((s.lambda_max, s.threshold()), (4.0, 0.5));
    /// assert!(!s.is_stable());
    /// # Ok::<(), sgdpde_landscape::LandscapeError>(())
    /// ```
    pub fn at<L: LandscapeHessian + ?Sized>(l: &L, x: &[f64], tau: f64) -> Self {
        let d = l.dim();
        let mut h = vec![0.0; d * d];
        l.hessian_into(x, &mut h);
        let (values, _) = symmetric_eigen(&h, d);
        Self {
            lambda_max: values.last().copied().unwrap_or(0.0),
            tau,
        }
    }

    /// `2/λ_max`: the largest stable learning rate.
    pub fn threshold(&self) -> f64 {
        2.0 / self.lambda_max
    }

    /// Whether `τ·λ_max < 2`.
    pub fn is_stable(&self) -> bool {
        self.tau * self.lambda_max < 2.0
    }

    /// One clause for a message: `τ·λ_max(H) = … > 2 (… )`.
    pub fn describe(&self) -> String {
        let product = self.tau * self.lambda_max;
        let verdict = if self.is_stable() {
            "< 2: stable for the mean, so the minibatch noise (or curvature growing along \
             the path) drove it"
        } else {
            "> 2: above the stability threshold"
        };
        format!(
            "τ·λ_max(H) = {} × {:.4e} = {product:.4e} {verdict}; mean-square stability needs \
             τ < 2/λ_max(H) = {:.4e} (H = ∇²L at the start)",
            self.tau,
            self.lambda_max,
            self.threshold()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sgdpde_landscape::Quadratic;

    #[test]
    fn the_threshold_is_two_over_the_top_eigenvalue() {
        // H = [[2, 1], [1, 2]]: eigenvalues 1 and 3.
        let q = Quadratic::new(vec![2.0, 1.0, 1.0, 2.0], vec![0.0, 0.0]).unwrap();
        let s = StabilityThreshold::at(&q, &[0.3, -0.2], 0.7);
        assert!((s.lambda_max - 3.0).abs() < 8.0 * 3.0 * f64::EPSILON);
        assert!(!s.is_stable() && s.describe().contains("> 2"));
        assert!(StabilityThreshold::at(&q, &[0.0, 0.0], 0.6).is_stable());
    }
}
