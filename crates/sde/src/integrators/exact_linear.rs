//! Exact one-step sampling of linear SDEs `dX = (A X + c) dt + G dW` with
//! constant, possibly rank-deficient `G`, by Van Loan's block exponential.

use nalgebra::{DMatrix, SymmetricEigen};
use rand::Rng;
use rand_distr::{Distribution, StandardNormal};

use crate::error::{Result, SdeError};
use crate::models::diffusion::ConstantDiffusion;
use crate::models::drift::{LinearDrift, check_finite_slice};
use crate::models::sde_model::SdeModel;

/// The exact transition of `dX = (A X + c) dt + G dW` over a step `h`:
///
/// ```text
/// X_{t+h} | X_t ~ N(Φ X_t + ψ, Q),   Φ = e^{Ah},   ψ = ∫₀ʰ e^{As} ds c,
/// Q = ∫₀ʰ e^{As} G Gᵀ e^{Aᵀs} ds,
/// ```
///
/// computed by Van Loan's block exponentials
///
/// ```text
/// exp( h [−A  GGᵀ; 0  Aᵀ] ) = [F₁₁ F₁₂; 0 F₂₂]  ⇒  Φ = F₂₂ᵀ,  Q = F₂₂ᵀ F₁₂,
/// exp( h [A  c; 0  0] )     = [Φ  ψ; 0  1],
/// ```
///
/// (proofs-notes/integrators.md). `Q` is only positive *semi*definite when
/// `G` is rank-deficient and `(A, G)` is not controllable, so it is factored
/// by a symmetric eigendecomposition `Q = V Λ Vᵀ`, `L = V Λ^{1/2}` keeping
/// the eigenvalues above `1e-14·λ_max` (a Cholesky factor would fail).
/// A step draws `r = rank Q` standard normals: `X ← Φ X + ψ + L z`.
///
/// # Order
/// Exact in law for every `h` (no discretisation error): a reference for
/// moment tests, not a pathwise (strong) approximation of a given `W`.
///
/// # Stability
/// Unconditional: `Φ = e^{Ah}` is the exact flow.
///
/// # Errors
/// See [`ExactLinear::new`].
///
/// # Examples
/// Ornstein–Uhlenbeck `dX = −θ(X − μ) dt + s dW`: `Φ = e^{−θh}`,
/// `Q = s²(1 − e^{−2θh})/(2θ)`:
/// ```
/// use sgdpde_sde::ExactLinear;
/// let (theta, mu, s, h) = (2.0, 1.0, 0.5, 0.3);
/// let ex = ExactLinear::new(&[-theta], &[theta * mu], &[s], 1, h)?;
/// assert!((ex.phi()[0] - (-theta * h).exp()).abs() < 1e-14);
/// let q = s * s * (1.0 - (-2.0 * theta * h).exp()) / (2.0 * theta);
/// assert!((ex.covariance()[0] - q).abs() < 1e-14);
/// # Ok::<(), sgdpde_sde::SdeError>(())
/// ```
///
/// # References
/// C. F. Van Loan, *Computing integrals involving the matrix exponential*,
/// IEEE Trans. Autom. Control 23 (1978).
#[derive(Debug, Clone, PartialEq)]
pub struct ExactLinear {
    d: usize,
    r: usize,
    dt: f64,
    phi: Vec<f64>,
    psi: Vec<f64>,
    cov: Vec<f64>,
    factor: Vec<f64>,
}

/// Scratch of [`ExactLinear::step`]: `d + r` numbers, allocated once.
#[derive(Debug, Clone)]
pub struct ExactLinearWorkspace {
    y: Vec<f64>,
    z: Vec<f64>,
}

impl ExactLinear {
    /// The transition over `dt` of `dX = (A X + c) dt + G dW`, `A` and `G`
    /// row-major (`d × d`, `d × m`).
    ///
    /// # Errors
    /// * [`SdeError::InvalidParameter`] unless `dt` is finite and `> 0`, or
    ///   for a non-finite entry;
    /// * [`SdeError::DimensionMismatch`] if `a`, `c`, `g` do not fit
    ///   `d = c.len() ≥ 1` and `m ≥ 1`.
    pub fn new(a: &[f64], c: &[f64], g: &[f64], m: usize, dt: f64) -> Result<Self> {
        let d = c.len();
        if !(dt.is_finite() && dt > 0.0) {
            return Err(SdeError::InvalidParameter {
                name: "dt",
                value: dt,
                constraint: "finite and > 0",
            });
        }
        if d == 0 || a.len() != d * d {
            return Err(SdeError::DimensionMismatch {
                what: "A (d × d for c of length d ≥ 1)",
                expected: d.max(1) * d.max(1),
                found: a.len(),
            });
        }
        if m == 0 || g.len() != d * m {
            return Err(SdeError::DimensionMismatch {
                what: "G (d × m, m ≥ 1)",
                expected: d * m.max(1),
                found: g.len(),
            });
        }
        check_finite_slice("A", a)?;
        check_finite_slice("c", c)?;
        check_finite_slice("G", g)?;
        let am = DMatrix::from_row_slice(d, d, a);
        let gm = DMatrix::from_row_slice(d, m, g);
        let ggt = &gm * gm.transpose();
        // Van Loan for Q.
        let mut big = DMatrix::zeros(2 * d, 2 * d);
        big.view_mut((0, 0), (d, d)).copy_from(&(-&am * dt));
        big.view_mut((0, d), (d, d)).copy_from(&(&ggt * dt));
        big.view_mut((d, d), (d, d))
            .copy_from(&(am.transpose() * dt));
        let f = big.exp();
        let f12 = f.view((0, d), (d, d)).into_owned();
        let f22 = f.view((d, d), (d, d)).into_owned();
        let phi = f22.transpose();
        let mut q = &phi * f12;
        q = 0.5 * (&q + q.transpose());
        // Affine part.
        let mut aug = DMatrix::zeros(d + 1, d + 1);
        aug.view_mut((0, 0), (d, d)).copy_from(&(&am * dt));
        for i in 0..d {
            aug[(i, d)] = c[i] * dt;
        }
        let ea = aug.exp();
        let psi: Vec<f64> = (0..d).map(|i| ea[(i, d)]).collect();
        // PSD factor by eigendecomposition.
        let eig = SymmetricEigen::new(q.clone());
        let lmax = eig.eigenvalues.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        let keep: Vec<usize> = (0..d)
            .filter(|&k| eig.eigenvalues[k] > 1e-14 * lmax && lmax > 0.0)
            .collect();
        let r = keep.len();
        let mut factor = vec![0.0; d * r];
        for (col, &k) in keep.iter().enumerate() {
            let s = eig.eigenvalues[k].sqrt();
            for i in 0..d {
                factor[i * r + col] = eig.eigenvectors[(i, k)] * s;
            }
        }
        let row_major = |m: &DMatrix<f64>| -> Vec<f64> {
            (0..d)
                .flat_map(|i| (0..d).map(move |j| (i, j)))
                .map(|ij| m[ij])
                .collect()
        };
        Ok(Self {
            d,
            r,
            dt,
            phi: row_major(&phi),
            psi,
            cov: row_major(&q),
            factor,
        })
    }

    /// The transition over `dt` of a linear model (drift [`LinearDrift`],
    /// any constant diffusion).
    ///
    /// # Errors
    /// As [`ExactLinear::new`].
    pub fn for_model<G: ConstantDiffusion>(
        model: &SdeModel<LinearDrift, G>,
        dt: f64,
    ) -> Result<Self> {
        let g = model.diffusion().factor_row_major();
        let m = crate::Diffusion::noise_dim(model.diffusion());
        Self::new(model.drift().a(), model.drift().c(), &g, m, dt)
    }

    /// `Φ = e^{Ah}`, row-major.
    pub fn phi(&self) -> &[f64] {
        &self.phi
    }

    /// `ψ = ∫₀ʰ e^{As} ds c`.
    pub fn psi(&self) -> &[f64] {
        &self.psi
    }

    /// The one-step covariance `Q`, row-major.
    pub fn covariance(&self) -> &[f64] {
        &self.cov
    }

    /// `rank Q` (number of normals per step).
    pub fn rank(&self) -> usize {
        self.r
    }

    /// The step `h`.
    pub fn dt(&self) -> f64 {
        self.dt
    }

    /// Scratch for [`ExactLinear::step`].
    pub fn workspace(&self) -> ExactLinearWorkspace {
        ExactLinearWorkspace {
            y: vec![0.0; self.d],
            z: vec![0.0; self.r],
        }
    }

    /// Replaces `x` by a draw of `X_{t+h} | X_t = x`.
    ///
    /// # Panics
    /// If `x.len() != d` (contract violation).
    #[inline]
    pub fn step<R: Rng + ?Sized>(&self, ws: &mut ExactLinearWorkspace, x: &mut [f64], rng: &mut R) {
        assert_eq!(x.len(), self.d, "state dimension");
        let (d, r) = (self.d, self.r);
        for z in ws.z.iter_mut() {
            *z = StandardNormal.sample(rng);
        }
        for i in 0..d {
            let mut s = self.psi[i];
            for j in 0..d {
                s += self.phi[i * d + j] * x[j];
            }
            for k in 0..r {
                s += self.factor[i * r + k] * ws.z[k];
            }
            ws.y[i] = s;
        }
        x.copy_from_slice(&ws.y);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Diagonal A = −diag(a₁, a₂), rank-one G = b(1, 1)ᵀ:
    /// Qᵢⱼ = b² (1 − e^{−(aᵢ+aⱼ)h})/(aᵢ + aⱼ) (the Lyapunov ODE solution);
    /// rank 2 since (A, G) is controllable (a₁ ≠ a₂).
    #[test]
    fn van_loan_matches_closed_form_rank_one() {
        let (a1, a2, b, h) = (1.0, 10.0, 0.3, 0.2);
        let ex = ExactLinear::new(&[-a1, 0.0, 0.0, -a2], &[0.0, 0.0], &[b, b], 1, h).unwrap();
        let aa = [a1, a2];
        for i in 0..2 {
            for j in 0..2 {
                let s = aa[i] + aa[j];
                let q = b * b * (1.0 - (-s * h).exp()) / s;
                assert!((ex.covariance()[i * 2 + j] - q).abs() < 1e-14);
            }
        }
        assert_eq!(ex.rank(), 2);
        assert!((ex.phi()[3] - (-a2 * h).exp()).abs() < 1e-14);
    }

    /// G along an eigenvector of A: Q is singular (rank 1), the factor
    /// still reproduces Q = L Lᵀ.
    #[test]
    fn singular_covariance_is_factored() {
        let ex =
            ExactLinear::new(&[-1.0, 0.0, 0.0, -10.0], &[0.0, 0.0], &[0.5, 0.0], 1, 0.1).unwrap();
        assert_eq!(ex.rank(), 1);
        let q = ex.covariance();
        let r = ex.rank();
        for i in 0..2 {
            for j in 0..2 {
                let llt: f64 = (0..r)
                    .map(|k| ex.factor[i * r + k] * ex.factor[j * r + k])
                    .sum();
                assert!((llt - q[i * 2 + j]).abs() < 1e-15);
            }
        }
    }

    #[test]
    fn affine_part_and_validation() {
        // dX = (−θX + θμ) dt: ψ = μ (1 − e^{−θh}).
        let ex = ExactLinear::new(&[-2.0], &[6.0], &[0.0], 1, 0.5).unwrap();
        assert!((ex.psi()[0] - 3.0 * (1.0 - (-1.0f64).exp())).abs() < 1e-14);
        assert_eq!(ex.rank(), 0);
        assert!(ExactLinear::new(&[-2.0], &[6.0], &[0.0], 1, 0.0).is_err());
        assert!(ExactLinear::new(&[-2.0], &[6.0], &[0.0], 1, f64::NAN).is_err());
        assert!(ExactLinear::new(&[-2.0, 1.0], &[6.0], &[0.0], 1, 0.1).is_err());
        assert!(ExactLinear::new(&[-2.0], &[6.0], &[0.0, 1.0], 1, 0.1).is_err());
        assert!(ExactLinear::new(&[f64::NAN], &[6.0], &[0.0], 1, 0.1).is_err());
    }
}
