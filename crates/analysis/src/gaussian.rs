//! Closed-form divergences between Gaussian laws: Kullback–Leibler and the
//! 2-Wasserstein distance (which also handles singular covariances).

use nalgebra::{DMatrix, DVector, SymmetricEigen};

use crate::error::{AnalysisError, Result};

/// Relative round-off accepted when checking symmetry and semidefiniteness:
/// eigenvalues above `−SYM_TOL·max(1, ‖K‖_max)` count as zero.
pub const SYM_TOL: f64 = 1e-10;

fn check_gaussian(what: &'static str, m: &DVector<f64>, k: &DMatrix<f64>) -> Result<()> {
    let d = m.len();
    if k.nrows() != d || k.ncols() != d {
        return Err(AnalysisError::DimensionMismatch {
            what,
            expected: d,
            found: if k.nrows() != d { k.nrows() } else { k.ncols() },
        });
    }
    if let Some(index) = m.iter().chain(k.iter()).position(|x| !x.is_finite()) {
        return Err(AnalysisError::NonFiniteData {
            what,
            index,
            value: m
                .iter()
                .chain(k.iter())
                .nth(index)
                .copied()
                .unwrap_or(f64::NAN),
        });
    }
    let scale = k.amax().max(1.0);
    for i in 0..d {
        for j in 0..i {
            if (k[(i, j)] - k[(j, i)]).abs() > SYM_TOL * scale {
                return Err(AnalysisError::NotSymmetric {
                    what,
                    i,
                    j,
                    a_ij: k[(i, j)],
                    a_ji: k[(j, i)],
                });
            }
        }
    }
    Ok(())
}

fn symmetrise(k: &DMatrix<f64>) -> DMatrix<f64> {
    (k + k.transpose()) * 0.5
}

/// The square root of a symmetric positive semidefinite matrix by its
/// eigendecomposition, `V diag(√max(λ, 0)) Vᵀ`.
///
/// # Errors
/// [`AnalysisError::NotSymmetric`] / [`AnalysisError::NotPositive`] (an
/// eigenvalue below `−SYM_TOL·max(1, ‖K‖)`), [`AnalysisError::DimensionMismatch`]
/// if not square.
///
/// # Examples
/// ```
/// use nalgebra::DMatrix;
/// use sgdpde_analysis::psd_sqrt;
/// let k = DMatrix::from_row_slice(2, 2, &[4.0, 0.0, 0.0, 0.0]);
/// let r = psd_sqrt(&k)?;
/// assert!((r[(0, 0)] - 2.0).abs() < 1e-15 && r[(1, 1)].abs() < 1e-15);
/// # Ok::<(), sgdpde_analysis::AnalysisError>(())
/// ```
pub fn psd_sqrt(k: &DMatrix<f64>) -> Result<DMatrix<f64>> {
    check_gaussian("K", &DVector::zeros(k.nrows()), k)?;
    let scale = k.amax().max(1.0);
    let eig = SymmetricEigen::new(symmetrise(k));
    let min = eig
        .eigenvalues
        .iter()
        .copied()
        .fold(f64::INFINITY, f64::min);
    if min < -SYM_TOL * scale {
        return Err(AnalysisError::NotPositive {
            what: "K",
            kind: "semidefinite",
            min_eigenvalue: min,
        });
    }
    let sq = eig.eigenvalues.map(|l| l.max(0.0).sqrt());
    Ok(&eig.eigenvectors * DMatrix::from_diagonal(&sq) * eig.eigenvectors.transpose())
}

/// `KL(N(m₁, K₁) ‖ N(m₂, K₂))` in `d` dimensions.
///
/// # Formula
/// ```text
/// KL = ½ [ tr(K₂⁻¹K₁) + (m₂ − m₁)ᵀ K₂⁻¹ (m₂ − m₁) − d + ln(det K₂ / det K₁) ]
/// ```
/// (math.md §3's formula with `K = K₂`, `K_t = K₁`), with Cholesky factors for
/// the solves and log-determinants. Both covariances must be positive
/// definite (KL is infinite otherwise — use [`wasserstein2_gaussian`]).
///
/// # Errors
/// Dimension/symmetry errors as [`psd_sqrt`]; [`AnalysisError::NotPositive`]
/// if a Cholesky factorisation fails.
///
/// # Examples
/// ```
/// use nalgebra::{DMatrix, DVector};
/// use sgdpde_analysis::kl_gaussian;
/// // 1-D: ½[v₁/v₂ − 1 − ln(v₁/v₂) + (m₁ − m₂)²/v₂].
/// let kl = kl_gaussian(&DVector::from_vec(vec![1.0]), &DMatrix::from_row_slice(1, 1, &[2.0]), &DVector::from_vec(vec![0.0]), &DMatrix::from_row_slice(1, 1, &[1.0]))?;
/// assert!((kl - 0.5 * (2.0 - 1.0 - 2f64.ln() + 1.0)).abs() < 1e-15);
/// # Ok::<(), sgdpde_analysis::AnalysisError>(())
/// ```
///
/// # References
/// Kullback, *Information Theory and Statistics* (1959), ch. 9.
pub fn kl_gaussian(
    m1: &DVector<f64>,
    k1: &DMatrix<f64>,
    m2: &DVector<f64>,
    k2: &DMatrix<f64>,
) -> Result<f64> {
    check_gaussian("K1", m1, k1)?;
    check_gaussian("K2", m2, k2)?;
    if m1.len() != m2.len() {
        return Err(AnalysisError::DimensionMismatch {
            what: "m2",
            expected: m1.len(),
            found: m2.len(),
        });
    }
    let d = m1.len();
    let chol = |what: &'static str, k: &DMatrix<f64>| {
        symmetrise(k)
            .cholesky()
            .ok_or_else(|| AnalysisError::NotPositive {
                what,
                kind: "definite",
                min_eigenvalue: SymmetricEigen::new(symmetrise(k))
                    .eigenvalues
                    .iter()
                    .copied()
                    .fold(f64::INFINITY, f64::min),
            })
    };
    let c1 = chol("K1", k1)?;
    let c2 = chol("K2", k2)?;
    let logdet = |l: &DMatrix<f64>| 2.0 * l.diagonal().iter().map(|x| x.ln()).sum::<f64>();
    let trace = c2.solve(k1).trace();
    let dm = m2 - m1;
    let quad = dm.dot(&c2.solve(&dm));
    let kl = 0.5 * (trace + quad - d as f64 + logdet(&c2.l()) - logdet(&c1.l()));
    Ok(kl.max(0.0))
}

/// The 2-Wasserstein distance between `N(m₁, K₁)` and `N(m₂, K₂)`, PSD
/// (possibly singular) covariances allowed.
///
/// # Formula
/// ```text
/// W₂² = |m₁ − m₂|² + tr(K₁ + K₂ − 2 (K₂^{1/2} K₁ K₂^{1/2})^{1/2})
/// ```
/// with symmetric-eigen square roots ([`psd_sqrt`]).
///
/// # Errors
/// As [`psd_sqrt`] for either covariance; dimension mismatch of the means.
///
/// # Examples
/// ```
/// use nalgebra::{DMatrix, DVector};
/// use sgdpde_analysis::wasserstein2_gaussian;
/// // Degenerate laws on the two axes: W₂² = 1 + 1.
/// let w = wasserstein2_gaussian(&DVector::from_vec(vec![0.0, 0.0]), &DMatrix::from_row_slice(2, 2, &[1.0, 0.0, 0.0, 0.0]),
///                               &DVector::from_vec(vec![0.0, 0.0]), &DMatrix::from_row_slice(2, 2, &[0.0, 0.0, 0.0, 1.0]))?;
/// assert!((w - 2f64.sqrt()).abs() < 1e-12);
/// # Ok::<(), sgdpde_analysis::AnalysisError>(())
/// ```
///
/// # References
/// Dowson & Landau, J. Multivariate Anal. 12 (1982); Givens & Shortt,
/// Michigan Math. J. 31 (1984).
pub fn wasserstein2_gaussian(
    m1: &DVector<f64>,
    k1: &DMatrix<f64>,
    m2: &DVector<f64>,
    k2: &DMatrix<f64>,
) -> Result<f64> {
    check_gaussian("K1", m1, k1)?;
    check_gaussian("K2", m2, k2)?;
    if m1.len() != m2.len() {
        return Err(AnalysisError::DimensionMismatch {
            what: "m2",
            expected: m1.len(),
            found: m2.len(),
        });
    }
    psd_sqrt(k1)?;
    let r2 = psd_sqrt(k2)?;
    let inner = psd_sqrt(&symmetrise(&(&r2 * k1 * &r2)))?;
    let w2 = (m1 - m2).norm_squared() + (k1 + k2 - inner * 2.0).trace();
    Ok(w2.max(0.0).sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_dimensional_and_diagonal_closed_forms() {
        // W₂² = (m₁ − m₂)² + (σ₁ − σ₂)² in 1-D, and coordinatewise for diagonal K.
        let w = wasserstein2_gaussian(
            &DVector::from_vec(vec![1.0]),
            &DMatrix::from_row_slice(1, 1, &[4.0]),
            &DVector::from_vec(vec![-1.0]),
            &DMatrix::from_row_slice(1, 1, &[1.0]),
        )
        .unwrap();
        assert!((w - (4.0_f64 + 1.0).sqrt()).abs() < 1e-14);
        let w = wasserstein2_gaussian(
            &DVector::from_vec(vec![0.0, 0.0, 0.0]),
            &DMatrix::from_row_slice(3, 3, &[1.0, 0.0, 0.0, 0.0, 9.0, 0.0, 0.0, 0.0, 0.25]),
            &DVector::from_vec(vec![0.0, 1.0, 0.0]),
            &DMatrix::from_row_slice(3, 3, &[4.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0]),
        )
        .unwrap();
        let exact: f64 = 1.0 + 1.0 + 4.0 + 0.25;
        assert!((w - exact.sqrt()).abs() < 1e-12);
    }

    #[test]
    fn wasserstein_is_symmetric_and_rotation_invariant() {
        // Non-commuting covariances: W₂(a, b) = W₂(b, a) = W₂(Ra, Rb).
        let k1 = DMatrix::from_row_slice(2, 2, &[2.0, 0.5, 0.5, 1.0]);
        let k2 = DMatrix::from_row_slice(2, 2, &[1.0, -0.3, -0.3, 0.5]);
        let (m1, m2) = (
            DVector::from_vec(vec![0.1, 0.2]),
            DVector::from_vec(vec![-0.5, 1.0]),
        );
        let ab = wasserstein2_gaussian(&m1, &k1, &m2, &k2).unwrap();
        let ba = wasserstein2_gaussian(&m2, &k2, &m1, &k1).unwrap();
        assert!((ab - ba).abs() < 1e-13);
        let (c, s) = (0.6_f64, 0.8_f64);
        let r = DMatrix::from_row_slice(2, 2, &[c, -s, s, c]);
        let rot = |k: &DMatrix<f64>| &r * k * r.transpose();
        let rr = wasserstein2_gaussian(&(&r * &m1), &rot(&k1), &(&r * &m2), &rot(&k2)).unwrap();
        assert!((ab - rr).abs() < 1e-13);
        assert!(wasserstein2_gaussian(&m1, &k1, &m1, &k1).unwrap() < 1e-7);
    }

    #[test]
    fn kl_matches_the_scalar_formula_per_independent_coordinate() {
        // Diagonal covariances: KL is the sum of 1-D KLs.
        let one = |m1: f64, v1: f64, m2: f64, v2: f64| {
            0.5 * (v1 / v2 - 1.0 - (v1 / v2).ln() + (m1 - m2) * (m1 - m2) / v2)
        };
        let kl = kl_gaussian(
            &DVector::from_vec(vec![0.5, -1.0]),
            &DMatrix::from_row_slice(2, 2, &[0.3, 0.0, 0.0, 2.0]),
            &DVector::from_vec(vec![0.0, 0.0]),
            &DMatrix::from_row_slice(2, 2, &[1.0, 0.0, 0.0, 0.7]),
        )
        .unwrap();
        assert!((kl - one(0.5, 0.3, 0.0, 1.0) - one(-1.0, 2.0, 0.0, 0.7)).abs() < 1e-14);
        // Invariance under a common linear change of variables.
        let a = DMatrix::from_row_slice(2, 2, &[1.0, 2.0, 0.0, 1.0]);
        let k1 = DMatrix::from_row_slice(2, 2, &[0.3, 0.0, 0.0, 2.0]);
        let k2 = DMatrix::from_row_slice(2, 2, &[1.0, 0.0, 0.0, 0.7]);
        let kl2 = kl_gaussian(
            &(&a * DVector::from_vec(vec![0.5, -1.0])),
            &(&a * k1 * a.transpose()),
            &DVector::from_vec(vec![0.0, 0.0]),
            &(&a * k2 * a.transpose()),
        )
        .unwrap();
        assert!((kl - kl2).abs() < 1e-13);
    }

    #[test]
    fn bad_inputs_are_typed_errors() {
        assert!(matches!(
            kl_gaussian(
                &DVector::from_vec(vec![0.0]),
                &DMatrix::from_row_slice(1, 1, &[0.0]),
                &DVector::from_vec(vec![0.0]),
                &DMatrix::from_row_slice(1, 1, &[1.0])
            ),
            Err(AnalysisError::NotPositive { what: "K1", .. })
        ));
        assert!(matches!(
            psd_sqrt(&DMatrix::from_row_slice(2, 2, &[1.0, 2.0, 0.0, 1.0])),
            Err(AnalysisError::NotSymmetric { .. })
        ));
        assert!(matches!(
            psd_sqrt(&DMatrix::from_row_slice(1, 1, &[-1.0])),
            Err(AnalysisError::NotPositive { min_eigenvalue, .. }) if min_eigenvalue == -1.0
        ));
        assert!(
            wasserstein2_gaussian(
                &DVector::from_vec(vec![0.0]),
                &DMatrix::from_row_slice(1, 1, &[1.0]),
                &DVector::from_vec(vec![0.0, 1.0]),
                &DMatrix::from_row_slice(1, 1, &[1.0])
            )
            .is_err()
        );
        assert!(
            kl_gaussian(
                &DVector::from_vec(vec![f64::NAN]),
                &DMatrix::from_row_slice(1, 1, &[1.0]),
                &DVector::from_vec(vec![0.0]),
                &DMatrix::from_row_slice(1, 1, &[1.0])
            )
            .is_err()
        );
    }
}
