//! Multiple linear least squares with standard errors (QR based).

use nalgebra::{DMatrix, DVector};
use serde::{Deserialize, Serialize};

use crate::error::{AnalysisError, Result, check_data};
use crate::interval::ConfidenceInterval;
use crate::special::student_t_critical;

/// The least-squares solution of `y ≈ X β` with the classical standard errors.
///
/// # Formula
/// `β̂ = argmin |y − Xβ|²` from the thin QR factorisation `X = QR`
/// (`Rβ̂ = Qᵀy`); `s² = |y − Xβ̂|²/(n − p)`; `Cov β̂ = s² (XᵀX)⁻¹ = s² R⁻¹R⁻ᵀ`;
/// `(β̂ⱼ − βⱼ)/se_j` is Student-t with `n − p` dof under i.i.d. normal errors.
///
/// # References
/// Seber & Lee, *Linear Regression Analysis*, 2nd ed., §3; Golub & Van Loan,
/// *Matrix Computations*, 4th ed., §5.3 (QR least squares).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MultiFit {
    /// Coefficients `β̂`, one per column of `X`.
    pub coefficients: Vec<f64>,
    /// Their standard errors.
    pub std_errors: Vec<f64>,
    /// Residual standard deviation `s`.
    pub residual_std: f64,
    /// Number of observations.
    pub n: usize,
}

impl MultiFit {
    /// Student-t interval (`n − p` dof) of coefficient `j`.
    ///
    /// # Errors
    /// [`AnalysisError::InvalidParameter`] for a bad level or `j` out of range.
    pub fn ci(&self, j: usize, level: f64) -> Result<ConfidenceInterval> {
        let p = self.coefficients.len();
        if j >= p {
            return Err(AnalysisError::InvalidParameter {
                name: "coefficient index",
                value: j as f64,
                constraint: "< number of regressors",
            });
        }
        let t = student_t_critical(level, (self.n - p) as f64)?;
        Ok(ConfidenceInterval::symmetric(
            self.coefficients[j],
            t * self.std_errors[j],
            level,
        ))
    }
}

/// Solves `y ≈ X β` for an `n × p` design `X` (row-major, `x.len() = n·p`).
///
/// # Errors
/// * [`AnalysisError::DimensionMismatch`] if `x.len() ≠ y.len()·p`;
/// * [`AnalysisError::TooFewSamples`] unless `n > p ≥ 1`;
/// * [`AnalysisError::NonFiniteData`];
/// * [`AnalysisError::Singular`] if `X` is rank deficient (a diagonal entry
///   of `R` below `1e-12·max|Rᵢᵢ|`).
///
/// # Examples
/// ```
/// use sgdpde_analysis::least_squares;
/// // y = 1 + 2t + 3t² exactly.
/// let t = [0.0, 1.0, 2.0, 3.0, 4.0];
/// let x: Vec<f64> = t.iter().flat_map(|t| [1.0, *t, t * t]).collect();
/// let y: Vec<f64> = t.iter().map(|t| 1.0 + 2.0 * t + 3.0 * t * t).collect();
/// let fit = least_squares(&x, &y, 3)?;
/// assert!((fit.coefficients[2] - 3.0).abs() < 1e-12);
/// # Ok::<(), sgdpde_analysis::AnalysisError>(())
/// ```
pub fn least_squares(x: &[f64], y: &[f64], p: usize) -> Result<MultiFit> {
    let n = y.len();
    if p == 0 || x.len() != n * p {
        return Err(AnalysisError::DimensionMismatch {
            what: "design matrix (n × p, row-major)",
            expected: n * p.max(1),
            found: x.len(),
        });
    }
    if n <= p {
        return Err(AnalysisError::TooFewSamples {
            what: "least_squares",
            needed: p + 1,
            found: n,
        });
    }
    check_data("x", x)?;
    check_data("y", y)?;
    let xm = DMatrix::from_row_slice(n, p, x);
    let yv = DVector::from_column_slice(y);
    let qr = xm.clone().qr();
    let r = qr.r();
    let rmax = r.diagonal().iter().fold(0.0_f64, |m, v| m.max(v.abs()));
    if r.diagonal().iter().any(|v| v.abs() <= 1e-12 * rmax) {
        return Err(AnalysisError::Singular {
            what: "least-squares design matrix",
        });
    }
    let qty = qr.q().transpose() * &yv;
    let beta = r
        .solve_upper_triangular(&qty)
        .ok_or(AnalysisError::Singular {
            what: "least-squares design matrix",
        })?;
    let resid = &yv - &xm * &beta;
    let s2 = resid.norm_squared() / (n - p) as f64;
    let rinv =
        r.solve_upper_triangular(&DMatrix::identity(p, p))
            .ok_or(AnalysisError::Singular {
                what: "least-squares design matrix",
            })?;
    let cov = &rinv * rinv.transpose() * s2;
    Ok(MultiFit {
        coefficients: beta.iter().copied().collect(),
        std_errors: (0..p).map(|j| cov[(j, j)].max(0.0).sqrt()).collect(),
        residual_std: s2.sqrt(),
        n,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linear_fit::linear_fit;

    #[test]
    fn agrees_with_the_simple_line_fit() {
        let t = [0.0, 1.0, 2.0, 3.5, 4.0, 7.0];
        let y = [0.3, 2.1, 3.8, 7.2, 8.1, 13.5];
        let x: Vec<f64> = t.iter().flat_map(|t| [1.0, *t]).collect();
        let m = least_squares(&x, &y, 2).unwrap();
        let l = linear_fit(&t, &y).unwrap();
        assert!((m.coefficients[0] - l.intercept).abs() < 1e-13);
        assert!((m.coefficients[1] - l.slope).abs() < 1e-13);
        assert!((m.std_errors[0] - l.intercept_se).abs() < 1e-13);
        assert!((m.std_errors[1] - l.slope_se).abs() < 1e-13);
        let ci = m.ci(1, 0.95).unwrap();
        assert!((ci.half_width() - l.slope_ci(0.95).unwrap().half_width()).abs() < 1e-12);
    }

    #[test]
    fn bad_inputs_are_typed_errors() {
        assert!(matches!(
            least_squares(&[1.0, 1.0, 1.0, 1.0, 1.0, 1.0], &[1.0, 2.0, 3.0], 2),
            Err(AnalysisError::Singular { .. })
        ));
        assert!(least_squares(&[1.0, 2.0], &[1.0, 2.0], 1).is_ok());
        assert!(least_squares(&[1.0, 2.0], &[1.0, 2.0], 2).is_err());
        assert!(least_squares(&[1.0, 2.0, 3.0], &[1.0, 2.0], 1).is_err());
        assert!(least_squares(&[1.0, f64::NAN], &[1.0, 2.0], 1).is_err());
    }
}
