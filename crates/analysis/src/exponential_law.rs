//! Is a sample of exit times exponential? The exact interval for the mean and
//! the Kolmogorov–Smirnov test (known mean), or its Lilliefors/Stephens
//! version (estimated mean).

use serde::{Deserialize, Serialize};

use crate::error::{AnalysisError, Result, check_level, check_positive};
use crate::interval::ConfidenceInterval;
use crate::special::chi_squared_quantile;

/// Stephens' upper-tail points of the modified statistic
/// `D* = (D − 0.2/n)(√n + 0.26 + 0.5/√n)` for the exponential law with
/// **estimated** mean: `(α, critical value)`.
///
/// D'Agostino & Stephens (eds.), *Goodness-of-Fit Techniques* (1986),
/// Table 4.14 (exponential, scale estimated).
pub const STEPHENS_EXPONENTIAL: [(f64, f64); 5] = [
    (0.15, 0.926),
    (0.10, 0.990),
    (0.05, 1.094),
    (0.025, 1.190),
    (0.01, 1.308),
];

/// Result of [`exponential_law_test`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ExponentialLawTest {
    /// Number of samples.
    pub n: usize,
    /// Sample mean `θ̂`.
    pub mean: f64,
    /// Exact interval for the mean of an exponential law:
    /// `[2nθ̂/χ²_{2n}(1 − α/2), 2nθ̂/χ²_{2n}(α/2)]`.
    pub mean_ci: ConfidenceInterval,
    /// Mean used in the KS comparison (the known one, or `θ̂`).
    pub reference_mean: f64,
    /// Whether `reference_mean` was estimated from the sample.
    pub mean_estimated: bool,
    /// `D = sup_t |F_n(t) − (1 − e^{−t/θ})|`.
    pub statistic: f64,
    /// The scaled statistic: `(√n + 0.12 + 0.11/√n) D` for a known mean,
    /// Stephens' `(D − 0.2/n)(√n + 0.26 + 0.5/√n)` for an estimated one.
    pub modified_statistic: f64,
    /// Asymptotic Kolmogorov p-value `Q_KS(modified)` — only for a known mean
    /// (`None` when estimated: the Kolmogorov law would then be far too
    /// conservative, which is Lilliefors' point).
    pub p_value: Option<f64>,
}

impl ExponentialLawTest {
    /// Whether the exponential law is rejected at significance `alpha`.
    ///
    /// Known mean: `p < alpha`. Estimated mean: `alpha` must be one of the
    /// tabulated levels of [`STEPHENS_EXPONENTIAL`].
    ///
    /// # Errors
    /// [`AnalysisError::InvalidParameter`] for an estimated mean and an
    /// untabulated `alpha`.
    pub fn rejected_at(&self, alpha: f64) -> Result<bool> {
        match self.p_value {
            Some(p) => Ok(p < alpha),
            None => STEPHENS_EXPONENTIAL
                .iter()
                .find(|(a, _)| (a - alpha).abs() < 1e-12)
                .map(|(_, c)| self.modified_statistic > *c)
                .ok_or(AnalysisError::InvalidParameter {
                    name: "alpha",
                    value: alpha,
                    constraint: "one of 0.15, 0.10, 0.05, 0.025, 0.01 (Stephens' table)",
                }),
        }
    }
}

/// Kolmogorov's limiting upper tail `Q(λ) = P(√n D > λ)`:
/// `2 Σ_{k≥1} (−1)^{k−1} e^{−2k²λ²}` for `λ ≥ 1`, and
/// `1 − (√(2π)/λ) Σ_{k≥1} e^{−(2k−1)²π²/(8λ²)}` below (both converge fast).
pub fn kolmogorov_q(lambda: f64) -> f64 {
    if lambda <= 0.0 {
        return 1.0;
    }
    if lambda < 1.0 {
        let c = std::f64::consts::PI * std::f64::consts::PI / (8.0 * lambda * lambda);
        let s: f64 = (1..=20)
            .map(|k| (-((2 * k - 1) as f64).powi(2) * c).exp())
            .sum();
        1.0 - (2.0 * std::f64::consts::PI).sqrt() / lambda * s
    } else {
        let s: f64 = (1..=100)
            .map(|k| {
                let sign = if k % 2 == 1 { 1.0 } else { -1.0 };
                sign * (-2.0 * (k * k) as f64 * lambda * lambda).exp()
            })
            .sum();
        (2.0 * s).clamp(0.0, 1.0)
    }
}

/// Tests whether exit times follow an exponential law (the metastable limit
/// `P(τ > t) ≈ e^{−t/Eτ}`, `math.md` §4).
///
/// Pass `known_mean = Some(T)` when the mean comes from theory (exact
/// quadrature, the backward PDE): the classical KS test then applies. With
/// `None` the mean is estimated and Stephens' table for the exponential law
/// is used (Lilliefors' correction): using the Kolmogorov p-value there would
/// accept far too often.
///
/// # Errors
/// * [`AnalysisError::TooFewSamples`] for fewer than 5 samples;
/// * [`AnalysisError::NonFiniteData`] for a NaN, infinite or negative time;
/// * [`AnalysisError::InvalidParameter`] for a bad level or known mean.
///
/// # Examples
/// ```
/// use sgdpde_analysis::exponential_law_test;
/// // Exact quantiles of Exp(2): D = 1/(2n).
/// let n = 100;
/// let t: Vec<f64> = (1..=n).map(|i| -2.0 * (1.0 - (i as f64 - 0.5) / n as f64).ln()).collect();
/// let test = exponential_law_test(&t, Some(2.0), 0.95)?;
/// assert!((test.statistic - 0.005).abs() < 1e-12);
/// assert!(!test.rejected_at(0.05)?);
/// # Ok::<(), sgdpde_analysis::AnalysisError>(())
/// ```
///
/// # References
/// Lilliefors, JASA 64 (1969); Stephens, JASA 69 (1974); D'Agostino &
/// Stephens, *Goodness-of-Fit Techniques* (1986), §4.9.
pub fn exponential_law_test(
    samples: &[f64],
    known_mean: Option<f64>,
    level: f64,
) -> Result<ExponentialLawTest> {
    let level = check_level(level)?;
    let n = samples.len();
    if n < 5 {
        return Err(AnalysisError::TooFewSamples {
            what: "exponential_law_test",
            needed: 5,
            found: n,
        });
    }
    if let Some(index) = samples.iter().position(|t| !(t.is_finite() && *t >= 0.0)) {
        return Err(AnalysisError::NonFiniteData {
            what: "exit times (finite and ≥ 0)",
            index,
            value: samples[index],
        });
    }
    let nf = n as f64;
    let mean = samples.iter().sum::<f64>() / nf;
    let alpha = 1.0 - level;
    let k = 2.0 * nf;
    let mean_ci = ConfidenceInterval {
        lo: k * mean / chi_squared_quantile(1.0 - 0.5 * alpha, k)?,
        hi: k * mean / chi_squared_quantile(0.5 * alpha, k)?,
        level,
    };
    let theta = match known_mean {
        Some(m) => check_positive("known_mean", m)?,
        None => mean,
    };
    let mut x = samples.to_vec();
    x.sort_by(f64::total_cmp);
    let mut d = 0.0_f64;
    for (i, &t) in x.iter().enumerate() {
        let f = -(-t / theta).exp_m1();
        d = d.max((i + 1) as f64 / nf - f).max(f - i as f64 / nf);
    }
    let sn = nf.sqrt();
    let (modified, p_value) = match known_mean {
        Some(_) => {
            let m = (sn + 0.12 + 0.11 / sn) * d;
            (m, Some(kolmogorov_q(m)))
        }
        None => ((d - 0.2 / nf) * (sn + 0.26 + 0.5 / sn), None),
    };
    Ok(ExponentialLawTest {
        n,
        mean,
        mean_ci,
        reference_mean: theta,
        mean_estimated: known_mean.is_none(),
        statistic: d,
        modified_statistic: modified,
        p_value,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kolmogorov_tail_matches_classical_critical_values() {
        // Classical asymptotic critical values: 1.3581 (5 %), 1.6276 (1 %), 1.2238 (10 %).
        assert!((kolmogorov_q(1.358_1) - 0.05).abs() < 1e-4);
        assert!((kolmogorov_q(1.627_6) - 0.01).abs() < 1e-4);
        assert!((kolmogorov_q(1.223_8) - 0.10).abs() < 1e-4);
        // The two series agree where they switch.
        let below = {
            let c = std::f64::consts::PI.powi(2) / 8.0;
            1.0 - (2.0 * std::f64::consts::PI).sqrt()
                * (1..=20)
                    .map(|k| (-((2 * k - 1) as f64).powi(2) * c).exp())
                    .sum::<f64>()
        };
        assert!((below - kolmogorov_q(1.0)).abs() < 1e-14);
    }

    #[test]
    fn exact_mean_interval_by_hand() {
        // θ̂ = mean; with n samples the pivot 2nθ̂/θ ~ χ²_{2n}. For χ²₂ the
        // quantile is −2 ln(1 − p); check n = 5 against the χ²₁₀ values
        // 3.246972780236841 (2.5 %) and 20.48317735080739 (97.5 %).
        let t = [1.0, 2.0, 3.0, 4.0, 5.0];
        let r = exponential_law_test(&t, None, 0.95).unwrap();
        assert!((r.mean_ci.lo - 30.0 / 20.483_177_350_807_39).abs() < 1e-9);
        assert!((r.mean_ci.hi - 30.0 / 3.246_972_780_236_841).abs() < 1e-9);
    }

    #[test]
    fn exponential_quantiles_pass_and_uniform_quantiles_fail() {
        let n = 400;
        let u: Vec<f64> = (1..=n).map(|i| (i as f64 - 0.5) / n as f64).collect();
        let expo: Vec<f64> = u.iter().map(|u| -(1.0 - u).ln()).collect();
        let r = exponential_law_test(&expo, None, 0.95).unwrap();
        assert!(!r.rejected_at(0.05).unwrap());
        assert!(r.p_value.is_none());
        // Uniform(0, 2) has mean 1 but F differs from 1 − e^{−t} by up to 0.13.
        let unif: Vec<f64> = u.iter().map(|u| 2.0 * u).collect();
        let r = exponential_law_test(&unif, None, 0.95).unwrap();
        assert!(r.rejected_at(0.01).unwrap());
        let r = exponential_law_test(&unif, Some(1.0), 0.95).unwrap();
        assert!(r.p_value.unwrap() < 1e-6);
        assert!(r.rejected_at(0.3).unwrap());
    }

    #[test]
    fn bad_inputs_are_typed_errors() {
        assert!(matches!(
            exponential_law_test(&[1.0, 2.0], None, 0.95),
            Err(AnalysisError::TooFewSamples { .. })
        ));
        assert!(exponential_law_test(&[1.0, 2.0, -1.0, 3.0, 4.0], None, 0.95).is_err());
        assert!(exponential_law_test(&[1.0, 2.0, 1.0, 3.0, 4.0], Some(-1.0), 0.95).is_err());
        let r = exponential_law_test(&[1.0, 2.0, 1.0, 3.0, 4.0], None, 0.95).unwrap();
        assert!(r.rejected_at(0.2).is_err());
    }
}
