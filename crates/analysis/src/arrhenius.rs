//! Arrhenius fits: `ln E τ` against `1/ε`, slope `2ΔL`, intercept `ln A`.

use serde::{Deserialize, Serialize};

use crate::error::{AnalysisError, Result};
use crate::interval::ConfidenceInterval;
use crate::least_squares::{MultiFit, least_squares};
use crate::linear_fit::{LinearFit, linear_fit};

/// The least-squares Arrhenius line `ln E τ ≈ ln A + (2ΔL)·(1/ε)` for
/// `dX = −∇L dt + √ε dW`.
///
/// # Formula
/// Eyring–Kramers gives `E τ = A e^{2ΔL/ε}(1 + O(ε))`, so the slope of
/// `ln E τ` in `1/ε` is `2ΔL` (barrier = slope/2, its standard error half the
/// slope's) and the intercept is `ln A`; the prefactor interval is the
/// exponential of the intercept's Student-t interval. The `O(ε)` correction
/// biases both; see `proofs-notes/eyring-kramers.md` for the bound used in
/// the tests.
///
/// # Examples
/// ```
/// use sgdpde_analysis::arrhenius_fit;
/// let eps = [0.1_f64, 0.08, 0.06, 0.05];
/// let t: Vec<f64> = eps.iter().map(|e| 4.0 * (0.5 / e).exp()).collect();
/// let fit = arrhenius_fit(&eps, &t)?;
/// assert!((fit.barrier - 0.25).abs() < 1e-12);
/// assert!((fit.prefactor - 4.0).abs() < 1e-10);
/// # Ok::<(), sgdpde_analysis::AnalysisError>(())
/// ```
///
/// # References
/// Arrhenius, Z. Phys. Chem. 4 (1889); Berglund (2013), §3.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ArrheniusFit {
    /// The underlying line (x = 1/ε, y = ln E τ).
    pub fit: LinearFit,
    /// `ΔL = slope/2`.
    pub barrier: f64,
    /// Standard error of `ΔL`.
    pub barrier_se: f64,
    /// `A = e^{intercept}`.
    pub prefactor: f64,
    /// Standard error of `ln A`.
    pub ln_prefactor_se: f64,
}

impl ArrheniusFit {
    /// Student-t interval of the barrier `ΔL`.
    ///
    /// # Errors
    /// [`AnalysisError::InvalidParameter`] unless `0 < level < 1`.
    pub fn barrier_ci(&self, level: f64) -> Result<ConfidenceInterval> {
        let ci = self.fit.slope_ci(level)?;
        Ok(ConfidenceInterval {
            lo: 0.5 * ci.lo,
            hi: 0.5 * ci.hi,
            level,
        })
    }

    /// Interval of the prefactor `A` (exponential of the intercept interval).
    ///
    /// # Errors
    /// [`AnalysisError::InvalidParameter`] unless `0 < level < 1`.
    pub fn prefactor_ci(&self, level: f64) -> Result<ConfidenceInterval> {
        let ci = self.fit.intercept_ci(level)?;
        Ok(ConfidenceInterval {
            lo: ci.lo.exp(),
            hi: ci.hi.exp(),
            level,
        })
    }
}

/// Fits `ln T` against `1/ε` from mean exit times `T` (all `> 0`).
///
/// # Errors
/// [`AnalysisError::NonFiniteData`] for `ε ≤ 0` or `T ≤ 0` (and non-finite
/// values), plus the errors of [`linear_fit`] (fewer than 3 points, all `ε`
/// equal, mismatched lengths).
pub fn arrhenius_fit(epsilons: &[f64], mean_times: &[f64]) -> Result<ArrheniusFit> {
    if let Some(index) = mean_times.iter().position(|t| !(t.is_finite() && *t > 0.0)) {
        return Err(AnalysisError::NonFiniteData {
            what: "mean_times (finite and > 0)",
            index,
            value: mean_times[index],
        });
    }
    let ln_t: Vec<f64> = mean_times.iter().map(|t| t.ln()).collect();
    arrhenius_fit_ln(epsilons, &ln_t)
}

/// As [`arrhenius_fit`] from `ln T` directly (for times beyond `f64`).
///
/// # Errors
/// As [`arrhenius_fit`].
pub fn arrhenius_fit_ln(epsilons: &[f64], ln_mean_times: &[f64]) -> Result<ArrheniusFit> {
    if let Some(index) = epsilons.iter().position(|e| !(e.is_finite() && *e > 0.0)) {
        return Err(AnalysisError::NonFiniteData {
            what: "epsilons (finite and > 0)",
            index,
            value: epsilons[index],
        });
    }
    let inv: Vec<f64> = epsilons.iter().map(|e| 1.0 / e).collect();
    let fit = linear_fit(&inv, ln_mean_times)?;
    Ok(ArrheniusFit {
        fit,
        barrier: 0.5 * fit.slope,
        barrier_se: 0.5 * fit.slope_se,
        prefactor: fit.intercept.exp(),
        ln_prefactor_se: fit.intercept_se,
    })
}

/// The Arrhenius fit with the first Kramers correction:
/// `ln E τ ≈ ln A + 2ΔL·(1/ε) + c·ε` (three regressors `1, 1/ε, ε`).
///
/// Eyring–Kramers holds up to a factor `1 + O(ε)`, i.e. `ln E τ` carries a
/// `cε + O(ε²)` term that biases the plain two-parameter fit by `O(ε)`;
/// fitting `c` removes that bias, leaving `O(ε²)` (derivation in
/// `proofs-notes/eyring-kramers.md`). Coefficients in order `[ln A, 2ΔL, c]`.
///
/// # Errors
/// As [`arrhenius_fit_ln`], with at least 4 points
/// ([`AnalysisError::TooFewSamples`]).
pub fn arrhenius_fit_corrected(epsilons: &[f64], ln_mean_times: &[f64]) -> Result<MultiFit> {
    if let Some(index) = epsilons.iter().position(|e| !(e.is_finite() && *e > 0.0)) {
        return Err(AnalysisError::NonFiniteData {
            what: "epsilons (finite and > 0)",
            index,
            value: epsilons[index],
        });
    }
    if epsilons.len() != ln_mean_times.len() {
        return Err(AnalysisError::DimensionMismatch {
            what: "ln_mean_times",
            expected: epsilons.len(),
            found: ln_mean_times.len(),
        });
    }
    let x: Vec<f64> = epsilons.iter().flat_map(|&e| [1.0, 1.0 / e, e]).collect();
    least_squares(&x, ln_mean_times, 3)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diffusion_1d::{ConstantDiffusion, Diffusion1d};
    use crate::exit_time_quadrature::{LeftEnd, MeanExitTime1d};
    use crate::eyring_kramers::EyringKramers;
    use crate::panel_quadrature::QuadratureOptions;
    use sgdpde_landscape::DoubleWell;

    #[test]
    fn exact_quadrature_recovers_the_barrier_within_the_kramers_bias() {
        // Symmetric well: m = −1, s = 0, ΔL = ¼; exact T from −1 to +1.
        let w = DoubleWell::symmetric();
        let ek = EyringKramers::new(&w, &[-1.0], &[0.0]).unwrap();
        let eps = [0.05, 0.04, 0.03, 0.025, 0.02];
        let ln_t: Vec<f64> = eps
            .iter()
            .map(|&e| {
                let model = Diffusion1d::new(w, ConstantDiffusion::new(e).unwrap()).unwrap();
                MeanExitTime1d::new(&model, LeftEnd::Natural, 1.0, QuadratureOptions::default())
                    .unwrap()
                    .ln_value(-1.0)
                    .unwrap()
            })
            .collect();
        let fit = arrhenius_fit_ln(&eps, &ln_t).unwrap();
        // OLS is linear: slope − 2ΔL is the OLS slope of r = ln(T/T_EK), so
        // |slope − 2ΔL| ≤ max|r|·Σ|uᵢ − ū|/Sxx (u = 1/ε).
        let u: Vec<f64> = eps.iter().map(|e| 1.0 / e).collect();
        let ub = u.iter().sum::<f64>() / u.len() as f64;
        let sxx: f64 = u.iter().map(|x| (x - ub).powi(2)).sum();
        let sabs: f64 = u.iter().map(|x| (x - ub).abs()).sum();
        let rmax = eps
            .iter()
            .zip(&ln_t)
            .map(|(&e, l)| (l - ek.ln_mean_time(e).unwrap()).abs())
            .fold(0.0, f64::max);
        let bound = rmax * sabs / sxx;
        assert!(
            (fit.fit.slope - 0.5).abs() <= bound,
            "{} vs bound {bound}",
            fit.fit.slope
        );
        assert!(bound < 1e-2);
        // The prefactor approaches π√2 with an O(ε) relative error.
        assert!((fit.prefactor / ek.prefactor - 1.0).abs() < 0.1);
    }

    #[test]
    fn the_corrected_fit_removes_the_first_order_bias() {
        // Same exact data as above: the plain slope is off by O(ε); with the
        // cε regressor the remaining bias comes from the O(ε²) remainder,
        // smaller by a factor ~ε ≤ 0.05 — require at least a 5× improvement
        // of the barrier error (measured: 4.3e-4 → 4.4e-5).
        let w = DoubleWell::symmetric();
        let eps = [0.05, 0.04, 0.03, 0.025, 0.02];
        let ln_t: Vec<f64> = eps
            .iter()
            .map(|&e| {
                let model = Diffusion1d::new(w, ConstantDiffusion::new(e).unwrap()).unwrap();
                MeanExitTime1d::new(&model, LeftEnd::Natural, 1.0, QuadratureOptions::default())
                    .unwrap()
                    .ln_value(-1.0)
                    .unwrap()
            })
            .collect();
        let plain = arrhenius_fit_ln(&eps, &ln_t).unwrap();
        let corr = arrhenius_fit_corrected(&eps, &ln_t).unwrap();
        let e_plain = (plain.barrier - 0.25).abs();
        let e_corr = (0.5 * corr.coefficients[1] - 0.25).abs();
        assert!(e_corr * 5.0 < e_plain, "{e_corr} vs {e_plain}");
        assert!(arrhenius_fit_corrected(&eps[..3], &ln_t[..3]).is_err());
    }

    #[test]
    fn noisy_data_interval_by_hand() {
        // Three points: 1/ε = 1, 2, 3, ln T = 0, 2, 1 → slope ½ (barrier ¼),
        // se(slope) = √(3/4) (see linear_fit tests).
        let fit = arrhenius_fit_ln(&[1.0, 0.5, 1.0 / 3.0], &[0.0, 2.0, 1.0]).unwrap();
        assert!((fit.barrier - 0.25).abs() < 1e-14);
        assert!((fit.barrier_se - 0.5 * 0.75_f64.sqrt()).abs() < 1e-14);
        let ci = fit.barrier_ci(0.95).unwrap();
        assert!(ci.contains(0.25));
        let pci = fit.prefactor_ci(0.95).unwrap();
        assert!(pci.lo < fit.prefactor && fit.prefactor < pci.hi);
    }

    #[test]
    fn bad_inputs_are_typed_errors() {
        assert!(matches!(
            arrhenius_fit(&[0.1, 0.2, 0.3], &[1.0, 0.0, 2.0]),
            Err(AnalysisError::NonFiniteData { index: 1, .. })
        ));
        assert!(arrhenius_fit(&[0.1, -0.2, 0.3], &[1.0, 1.0, 2.0]).is_err());
        assert!(arrhenius_fit(&[0.1, 0.2], &[1.0, 2.0]).is_err());
    }
}
