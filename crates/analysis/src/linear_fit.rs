//! Ordinary least-squares line fit with standard errors: observed orders of
//! convergence (log–log) and Arrhenius fits (`ln T` against `1/ε`).

use serde::{Deserialize, Serialize};

use crate::error::{AnalysisError, Result, check_data};
use crate::interval::ConfidenceInterval;
use crate::special::student_t_critical;

/// The least-squares line `y ≈ intercept + slope·x` with its uncertainty.
///
/// # Formula
/// With `x̄, ȳ` the means, `Sxx = Σ(xᵢ − x̄)²`, `Sxy = Σ(xᵢ − x̄)(yᵢ − ȳ)`:
///
/// ```text
/// slope = Sxy / Sxx,   intercept = ȳ − slope·x̄,
/// s² = Σ rᵢ² / (n − 2)            (rᵢ the residuals),
/// se(slope) = s / √Sxx,   se(intercept) = s √(1/n + x̄²/Sxx),
/// r² = 1 − Σ rᵢ² / Σ(yᵢ − ȳ)².
/// ```
///
/// Under the Gauss–Markov model with i.i.d. normal errors,
/// `(slope − true)/se(slope)` is Student-t with `n − 2` degrees of freedom;
/// [`LinearFit::slope_ci`] uses that quantile. Derivation:
/// `proofs-notes/estimators.md`.
///
/// # References
/// Seber & Lee, *Linear Regression Analysis*, 2nd ed., §4.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LinearFit {
    /// Fitted slope.
    pub slope: f64,
    /// Standard error of the slope.
    pub slope_se: f64,
    /// Fitted intercept (value at `x = 0`).
    pub intercept: f64,
    /// Standard error of the intercept.
    pub intercept_se: f64,
    /// Coefficient of determination (1 when the points are exactly collinear
    /// or all `y` are equal).
    pub r2: f64,
    /// Residual standard deviation `s`.
    pub residual_std: f64,
    /// Number of points.
    pub n: usize,
}

impl LinearFit {
    /// Residual degrees of freedom `n − 2`.
    pub fn dof(&self) -> usize {
        self.n - 2
    }

    /// Two-sided Student-t confidence interval of the slope.
    ///
    /// # Errors
    /// [`AnalysisError::InvalidParameter`] unless `0 < level < 1`.
    pub fn slope_ci(&self, level: f64) -> Result<ConfidenceInterval> {
        let t = student_t_critical(level, self.dof() as f64)?;
        Ok(ConfidenceInterval::symmetric(
            self.slope,
            t * self.slope_se,
            level,
        ))
    }

    /// Two-sided Student-t confidence interval of the intercept.
    ///
    /// # Errors
    /// [`AnalysisError::InvalidParameter`] unless `0 < level < 1`.
    pub fn intercept_ci(&self, level: f64) -> Result<ConfidenceInterval> {
        let t = student_t_critical(level, self.dof() as f64)?;
        Ok(ConfidenceInterval::symmetric(
            self.intercept,
            t * self.intercept_se,
            level,
        ))
    }

    /// The fitted value `intercept + slope·x`.
    pub fn predict(&self, x: f64) -> f64 {
        self.intercept + self.slope * x
    }
}

/// Fits `y ≈ intercept + slope·x` by ordinary least squares.
///
/// # Errors
/// * [`AnalysisError::DimensionMismatch`] if `x` and `y` differ in length;
/// * [`AnalysisError::TooFewSamples`] if fewer than 3 points (standard errors
///   need `n − 2 ≥ 1` residual degrees of freedom);
/// * [`AnalysisError::NonFiniteData`] for a NaN or infinite entry;
/// * [`AnalysisError::DegenerateData`] if all `x` are equal.
///
/// # Examples
/// ```
/// use sgdpde_analysis::linear_fit;
/// let x = [0.0, 1.0, 2.0, 3.0];
/// let y = [1.0, 3.0, 5.0, 7.0];
/// let fit = linear_fit(&x, &y)?;
/// assert!((fit.slope - 2.0).abs() < 1e-14 && (fit.intercept - 1.0).abs() < 1e-14);
/// # Ok::<(), sgdpde_analysis::AnalysisError>(())
/// ```
pub fn linear_fit(x: &[f64], y: &[f64]) -> Result<LinearFit> {
    if x.len() != y.len() {
        return Err(AnalysisError::DimensionMismatch {
            what: "y",
            expected: x.len(),
            found: y.len(),
        });
    }
    let n = x.len();
    if n < 3 {
        return Err(AnalysisError::TooFewSamples {
            what: "linear_fit",
            needed: 3,
            found: n,
        });
    }
    check_data("x", x)?;
    check_data("y", y)?;
    let nf = n as f64;
    let x_mean = x.iter().sum::<f64>() / nf;
    let y_mean = y.iter().sum::<f64>() / nf;
    let (mut sxx, mut sxy, mut syy) = (0.0, 0.0, 0.0);
    for (xi, yi) in x.iter().zip(y) {
        let (dx, dy) = (xi - x_mean, yi - y_mean);
        sxx += dx * dx;
        sxy += dx * dy;
        syy += dy * dy;
    }
    if sxx <= 0.0 {
        return Err(AnalysisError::DegenerateData {
            what: "linear_fit",
            reason: "all abscissae are equal",
        });
    }
    let slope = sxy / sxx;
    let intercept = y_mean - slope * x_mean;
    let ssr: f64 = x
        .iter()
        .zip(y)
        .map(|(xi, yi)| {
            let r = yi - (intercept + slope * xi);
            r * r
        })
        .sum();
    let residual_std = (ssr / (nf - 2.0)).sqrt();
    let r2 = if syy > 0.0 { 1.0 - ssr / syy } else { 1.0 };
    Ok(LinearFit {
        slope,
        slope_se: residual_std / sxx.sqrt(),
        intercept,
        intercept_se: residual_std * (1.0 / nf + x_mean * x_mean / sxx).sqrt(),
        r2,
        residual_std,
        n,
    })
}

/// Fits `ln y ≈ intercept + slope·ln x`: the observed order of a method whose
/// error behaves like `C·hᵖ` is the slope `p`, and `e^{intercept}` estimates `C`.
///
/// # Errors
/// As [`linear_fit`], plus [`AnalysisError::NonFiniteData`] (with the
/// offending value) if some `x` or `y` is not strictly positive.
///
/// # Examples
/// ```
/// use sgdpde_analysis::loglog_fit;
/// let h = [0.1, 0.05, 0.025, 0.0125];
/// let err: Vec<f64> = h.iter().map(|h| 3.0 * h * h).collect();
/// let fit = loglog_fit(&h, &err)?;
/// assert!((fit.slope - 2.0).abs() < 1e-12);
/// # Ok::<(), sgdpde_analysis::AnalysisError>(())
/// ```
pub fn loglog_fit(x: &[f64], y: &[f64]) -> Result<LinearFit> {
    let log = |what: &'static str, v: &[f64]| -> Result<Vec<f64>> {
        v.iter()
            .enumerate()
            .map(|(index, &value)| {
                if value > 0.0 && value.is_finite() {
                    Ok(value.ln())
                } else {
                    Err(AnalysisError::NonFiniteData { what, index, value })
                }
            })
            .collect()
    };
    linear_fit(&log("x", x)?, &log("y", y)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_line_is_recovered_with_zero_errors() {
        let x: Vec<f64> = (0..10).map(|i| i as f64 * 0.3 - 1.0).collect();
        let y: Vec<f64> = x.iter().map(|x| -0.7 * x + 2.5).collect();
        let fit = linear_fit(&x, &y).unwrap();
        // Round-off only: a few ulps of the data scale.
        assert!((fit.slope + 0.7).abs() < 1e-14);
        assert!((fit.intercept - 2.5).abs() < 1e-14);
        assert!(fit.slope_se < 1e-14 && fit.intercept_se < 1e-14);
        assert!((fit.r2 - 1.0).abs() < 1e-14);
    }

    #[test]
    fn standard_errors_match_hand_computation() {
        // x = (0, 1, 2), y = (0, 2, 1): x̄ = 1, ȳ = 1, Sxx = 2, Sxy = 1,
        // slope = ½, intercept = ½, residuals (−½, 1, −½), SSR = 3/2,
        // s² = 3/2 (n − 2 = 1), se(slope) = √(3/4), se(intercept) = √(3/2 · (1/3 + 1/2)),
        // Syy = 2, r² = 1 − 3/4 = 1/4.
        let fit = linear_fit(&[0.0, 1.0, 2.0], &[0.0, 2.0, 1.0]).unwrap();
        assert!((fit.slope - 0.5).abs() < 1e-15);
        assert!((fit.intercept - 0.5).abs() < 1e-15);
        assert!((fit.slope_se - 0.75_f64.sqrt()).abs() < 1e-15);
        assert!((fit.intercept_se - (1.5 * (1.0 / 3.0 + 0.5_f64)).sqrt()).abs() < 1e-15);
        assert!((fit.r2 - 0.25).abs() < 1e-15);
        // One residual dof: the 95 % t quantile is tan(0.475π) = 12.706…
        let ci = fit.slope_ci(0.95).unwrap();
        let t = (std::f64::consts::PI * 0.475).tan();
        assert!((ci.half_width() - t * 0.75_f64.sqrt()).abs() < 1e-9);
    }

    #[test]
    fn loglog_fit_recovers_power_law_order() {
        let h: Vec<f64> = (0..6).map(|k| 0.5_f64.powi(k)).collect();
        let e: Vec<f64> = h.iter().map(|h| 0.3 * h.powf(1.5)).collect();
        let fit = loglog_fit(&h, &e).unwrap();
        assert!((fit.slope - 1.5).abs() < 1e-13);
        assert!((fit.intercept - 0.3_f64.ln()).abs() < 1e-13);
    }

    #[test]
    fn bad_inputs_are_typed_errors() {
        assert!(matches!(
            linear_fit(&[1.0, 2.0], &[1.0, 2.0]),
            Err(AnalysisError::TooFewSamples { found: 2, .. })
        ));
        assert!(matches!(
            linear_fit(&[1.0, 2.0, 3.0], &[1.0, 2.0]),
            Err(AnalysisError::DimensionMismatch {
                expected: 3,
                found: 2,
                ..
            })
        ));
        assert!(matches!(
            linear_fit(&[1.0, 1.0, 1.0], &[1.0, 2.0, 3.0]),
            Err(AnalysisError::DegenerateData { .. })
        ));
        assert!(matches!(
            linear_fit(&[1.0, f64::NAN, 3.0], &[1.0, 2.0, 3.0]),
            Err(AnalysisError::NonFiniteData {
                what: "x",
                index: 1,
                ..
            })
        ));
        assert!(matches!(
            loglog_fit(&[1.0, 2.0, 3.0], &[1.0, -2.0, 3.0]),
            Err(AnalysisError::NonFiniteData { what: "y", index: 1, value }) if value == -2.0
        ));
    }
}
