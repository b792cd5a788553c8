//! The linear algebra of over-parameterised least squares: the row space of
//! the data, its orthogonal projector, the minimum-norm interpolant and the
//! exact mean of SGD. Derivations: `proofs-notes/experiment-overparam.md`.

use nalgebra::{DMatrix, DVector};

/// Relative singular-value cut-off for the numerical row space (the data are
/// generic Gaussian: the smallest non-zero singular value of `A` is of order
/// `1 − √(N/d)`, far above `10⁻¹⁰ σ_max`).
const RANK_TOL: f64 = 1e-10;

/// Row-space geometry of `A` (N × d): `P = A⁺A`, `A⁺y`, `H = AᵀA/N`.
#[derive(Debug, Clone)]
pub struct RowSpace {
    /// Orthogonal projector onto `span{aᵢ}` (d × d).
    pub projector: DMatrix<f64>,
    /// The minimum-norm interpolant `A⁺y`.
    pub min_norm: DVector<f64>,
    /// The Hessian `AᵀA/N` of `L = |Aw − y|²/(2N)`.
    pub hessian: DMatrix<f64>,
    /// `rank A`.
    pub rank: usize,
}

impl RowSpace {
    /// From row-major features (N × d) and targets.
    pub fn new(features: &[f64], n: usize, d: usize, targets: &[f64]) -> Self {
        let a = DMatrix::from_row_slice(n, d, features);
        let svd = a.clone().svd(true, true);
        let (u, vt) = (
            svd.u.expect("u was requested"),
            svd.v_t.expect("v_t was requested"),
        );
        let smax = svd.singular_values.max();
        let y = DVector::from_column_slice(targets);
        let mut projector = DMatrix::zeros(d, d);
        let mut min_norm = DVector::zeros(d);
        let mut rank = 0;
        for (k, &s) in svd.singular_values.iter().enumerate() {
            if s > RANK_TOL * smax {
                rank += 1;
                let v = vt.row(k).transpose();
                projector += &v * v.transpose();
                min_norm += &v * (u.column(k).dot(&y) / s);
            }
        }
        let hessian = a.transpose() * &a / n as f64;
        Self {
            projector,
            min_norm,
            hessian,
            rank,
        }
    }

    /// The component `(I − P)w` orthogonal to the row space.
    pub fn conserved(&self, w: &[f64]) -> DVector<f64> {
        let w = DVector::from_column_slice(w);
        &w - &self.projector * &w
    }

    /// The limit of SGD and of the SME from `w₀` (when the data interpolate):
    /// `w∞ = (I − P)w₀ + A⁺y`.
    pub fn limit(&self, w0: &[f64]) -> DVector<f64> {
        self.conserved(w0) + &self.min_norm
    }

    /// `E w_k` of SGD with learning rate τ from `w₀` (unbiased gradients on a
    /// quadratic: the mean follows gradient descent exactly):
    /// `w∞ + (I − τH)^k (w₀ − w∞)`.
    pub fn sgd_mean(&self, w0: &[f64], tau: f64, k: u64) -> DVector<f64> {
        let limit = self.limit(w0);
        let mut e = DVector::from_column_slice(w0) - &limit;
        let step = DMatrix::identity(e.len(), e.len()) - &self.hessian * tau;
        for _ in 0..k {
            e = &step * e;
        }
        limit + e
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projector_limit_and_mean_on_a_hand_case() {
        // A = [1 0 0; 0 2 0] (N = 2, d = 3): row space = span{e₁, e₂},
        // A⁺y = (y₁, y₂/2, 0), H = diag(1/2, 2, 0).
        let rs = RowSpace::new(&[1.0, 0.0, 0.0, 0.0, 2.0, 0.0], 2, 3, &[3.0, 4.0]);
        assert_eq!(rs.rank, 2);
        let p = DMatrix::from_diagonal(&DVector::from_vec(vec![1.0, 1.0, 0.0]));
        assert!((&rs.projector - p).norm() < 1e-14);
        assert!((&rs.min_norm - DVector::from_vec(vec![3.0, 2.0, 0.0])).norm() < 1e-14);
        let w0 = [0.0, 0.0, 5.0];
        assert!((rs.limit(&w0) - DVector::from_vec(vec![3.0, 2.0, 5.0])).norm() < 1e-14);
        // One step, τ = 0.1: e₀ = (−3, −2, 0) → ((1 − 0.05)(−3), (1 − 0.2)(−2), 0).
        let m1 = rs.sgd_mean(&w0, 0.1, 1);
        let want = DVector::from_vec(vec![3.0 - 0.95 * 3.0, 2.0 - 0.8 * 2.0, 5.0]);
        assert!((m1 - want).norm() < 1e-14);
    }
}
