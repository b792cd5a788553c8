//! Weighted least-squares line with *known* standard errors: fits of
//! Monte Carlo or splitting estimates, each with its own standard error,
//! e.g. the Eyring–Kramers ratio `T/T_EK ≈ a + cε` at small noise.

use serde::Serialize;

use crate::error::{AnalysisError, Result, check_data};

/// `y ≈ intercept + slope·x` fitted with weights `wᵢ = 1/σᵢ²`.
///
/// # Formula
/// With `W = Σwᵢ`, `x̄ = Σwᵢxᵢ/W`, `ȳ = Σwᵢyᵢ/W`, `Sxx = Σwᵢ(xᵢ − x̄)²`:
///
/// ```text
/// slope = Σwᵢ(xᵢ − x̄)(yᵢ − ȳ) / Sxx,   intercept = ȳ − slope·x̄,
/// se(slope) = 1/√Sxx,   se(intercept) = √(1/W + x̄²/Sxx),
/// χ² = Σwᵢ(yᵢ − intercept − slope·xᵢ)²   (n − 2 degrees of freedom).
/// ```
///
/// The standard errors are exact for independent `yᵢ` with the given
/// `σᵢ` (the estimator is linear in `y`): they do not come from the
/// residuals, and `χ²` checks the model. Derivation:
/// `proofs-notes/estimators.md`, "Weighted line".
///
/// # References
/// Seber & Lee, *Linear Regression Analysis*, 2nd ed., §3.10.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct WeightedLine {
    /// Fitted slope.
    pub slope: f64,
    /// Its standard error from the known `σᵢ`.
    pub slope_se: f64,
    /// Fitted intercept (value at `x = 0`).
    pub intercept: f64,
    /// Its standard error from the known `σᵢ`.
    pub intercept_se: f64,
    /// `χ²` of the residuals (`n − 2` degrees of freedom).
    pub chi2: f64,
    /// Number of points.
    pub n: usize,
}

/// Fits [`WeightedLine`] to `(x, y)` with standard errors `se`.
///
/// # Errors
/// [`AnalysisError::DimensionMismatch`] for unequal lengths,
/// [`AnalysisError::TooFewSamples`] below 3 points (no degree of freedom
/// left for `χ²`), [`AnalysisError::NonFiniteData`] for non-finite data,
/// [`AnalysisError::InvalidParameter`] for a standard error that is not
/// finite and `> 0`, [`AnalysisError::DegenerateData`] if all `x` are equal.
pub fn weighted_line(x: &[f64], y: &[f64], se: &[f64]) -> Result<WeightedLine> {
    for (what, v) in [("y", y), ("se", se)] {
        if v.len() != x.len() {
            return Err(AnalysisError::DimensionMismatch {
                what,
                expected: x.len(),
                found: v.len(),
            });
        }
    }
    if x.len() < 3 {
        return Err(AnalysisError::TooFewSamples {
            what: "weighted line fit",
            needed: 3,
            found: x.len(),
        });
    }
    check_data("x", x)?;
    check_data("y", y)?;
    if let Some(&s) = se.iter().find(|s| !(s.is_finite() && **s > 0.0)) {
        return Err(AnalysisError::InvalidParameter {
            name: "se",
            value: s,
            constraint: "finite and > 0",
        });
    }
    let w: Vec<f64> = se.iter().map(|s| 1.0 / (s * s)).collect();
    let total: f64 = w.iter().sum();
    let mean = |v: &[f64]| v.iter().zip(&w).map(|(v, w)| v * w).sum::<f64>() / total;
    let (xm, ym) = (mean(x), mean(y));
    let sxx: f64 = x.iter().zip(&w).map(|(x, w)| w * (x - xm).powi(2)).sum();
    if sxx <= 0.0 {
        return Err(AnalysisError::DegenerateData {
            what: "weighted line fit",
            reason: "all abscissae are equal",
        });
    }
    let sxy: f64 = (0..x.len()).map(|i| w[i] * (x[i] - xm) * (y[i] - ym)).sum();
    let slope = sxy / sxx;
    let intercept = ym - slope * xm;
    let chi2 = (0..x.len())
        .map(|i| w[i] * (y[i] - intercept - slope * x[i]).powi(2))
        .sum();
    Ok(WeightedLine {
        slope,
        slope_se: (1.0 / sxx).sqrt(),
        intercept,
        intercept_se: (1.0 / total + xm * xm / sxx).sqrt(),
        chi2,
        n: x.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Exact data: the line itself and χ² = 0; the standard errors are
    /// those of the closed form for equal weights, `σ/√Sxx` and
    /// `σ√(1/n + x̄²/Sxx)`.
    #[test]
    fn exact_lines_and_the_known_variance_errors() {
        let x = [0.0, 1.0, 2.0, 3.0];
        let y: Vec<f64> = x.iter().map(|x| 1.5 - 0.25 * x).collect();
        let f = weighted_line(&x, &y, &[0.5; 4]).unwrap();
        assert!((f.slope + 0.25).abs() < 1e-14 && (f.intercept - 1.5).abs() < 1e-14);
        assert!(f.chi2 < 1e-25);
        let sxx = 5.0; // Σ(x − 1.5)²
        assert!((f.slope_se - 0.5 / f64::sqrt(sxx)).abs() < 1e-14);
        assert!((f.intercept_se - 0.5 * (0.25 + 1.5f64.powi(2) / sxx).sqrt()).abs() < 1e-14);
    }

    /// A point with a huge error has no weight: the line through the others.
    #[test]
    fn weights_follow_the_errors() {
        let f = weighted_line(
            &[0.0, 1.0, 2.0, 3.0],
            &[0.0, 1.0, 2.0, 100.0],
            &[1.0, 1.0, 1.0, 1e9],
        )
        .unwrap();
        assert!((f.slope - 1.0).abs() < 1e-9 && f.intercept.abs() < 1e-9);
    }

    #[test]
    fn bad_inputs_are_typed_errors() {
        assert!(weighted_line(&[0.0, 1.0], &[0.0, 1.0], &[1.0, 1.0]).is_err());
        assert!(weighted_line(&[0.0, 1.0, 2.0], &[0.0, 1.0], &[1.0; 3]).is_err());
        assert!(weighted_line(&[1.0; 3], &[0.0, 1.0, 2.0], &[1.0; 3]).is_err());
        assert!(weighted_line(&[0.0, 1.0, 2.0], &[0.0, f64::NAN, 2.0], &[1.0; 3]).is_err());
        assert!(weighted_line(&[0.0, 1.0, 2.0], &[0.0, 1.0, 2.0], &[1.0, 0.0, 1.0]).is_err());
    }
}
