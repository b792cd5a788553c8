//! Kaplan–Meier survival curves for exit times with censoring.

use serde::{Deserialize, Serialize};

use crate::error::{AnalysisError, Result, check_level};
use crate::interval::ConfidenceInterval;
use crate::special::normal_critical;

/// One step of the survival curve, at a time where at least one exit happened.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SurvivalStep {
    /// Exit time `t_j`.
    pub time: f64,
    /// Paths still running just before `t_j` (`n_j`).
    pub at_risk: usize,
    /// Exits at `t_j` (`d_j`).
    pub exits: usize,
    /// `Ŝ(t_j) = Π_{i ≤ j} (1 − dᵢ/nᵢ)`.
    pub survival: f64,
    /// Greenwood's `Σ_{i ≤ j} dᵢ/(nᵢ(nᵢ − dᵢ))` (∞ once Ŝ = 0).
    pub greenwood_sum: f64,
}

/// The Kaplan–Meier estimate of `P(τ > t)` from exit times, some censored
/// (the path was stopped at `t_max` before exiting).
///
/// # Formula
/// ```text
/// Ŝ(t) = Π_{t_j ≤ t} (1 − d_j/n_j),     Var Ŝ(t) ≈ Ŝ(t)² Σ_{t_j ≤ t} d_j/(n_j(n_j − d_j))
/// ```
/// (Greenwood). A censored path counts as at risk up to and including its
/// censoring time and is **never** counted as an exit; at tied times exits
/// are processed before censorings (the usual convention).
///
/// # References
/// Kaplan & Meier, JASA 53 (1958); Kalbfleisch & Prentice, *The Statistical
/// Analysis of Failure Time Data*, 2nd ed., §1.4 (log–log intervals).
///
/// # Examples
/// ```
/// use sgdpde_analysis::KaplanMeier;
/// // Times 1, 2 (censored), 3: Ŝ = 2/3 after t = 1, then 0 at t = 3.
/// let km = KaplanMeier::new(&[1.0, 2.0, 3.0], &[true, false, true])?;
/// assert!((km.survival(2.5) - 2.0 / 3.0).abs() < 1e-15);
/// assert_eq!(km.survival(3.0), 0.0);
/// # Ok::<(), sgdpde_analysis::AnalysisError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KaplanMeier {
    steps: Vec<SurvivalStep>,
    n: usize,
    censored: usize,
}

impl KaplanMeier {
    /// Builds the curve from times and exit flags (`exited[i] == false`:
    /// censored at `times[i]`).
    ///
    /// # Errors
    /// [`AnalysisError::DimensionMismatch`] if lengths differ,
    /// [`AnalysisError::NonFiniteData`] for a NaN/infinite or negative time,
    /// [`AnalysisError::TooFewSamples`] if empty.
    pub fn new(times: &[f64], exited: &[bool]) -> Result<Self> {
        if times.len() != exited.len() {
            return Err(AnalysisError::DimensionMismatch {
                what: "exited",
                expected: times.len(),
                found: exited.len(),
            });
        }
        if times.is_empty() {
            return Err(AnalysisError::TooFewSamples {
                what: "Kaplan–Meier",
                needed: 1,
                found: 0,
            });
        }
        if let Some(index) = times.iter().position(|t| !(t.is_finite() && *t >= 0.0)) {
            return Err(AnalysisError::NonFiniteData {
                what: "times (finite and ≥ 0)",
                index,
                value: times[index],
            });
        }
        let mut obs: Vec<(f64, bool)> = times.iter().copied().zip(exited.iter().copied()).collect();
        // Exits before censorings at equal times.
        obs.sort_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
        let n = obs.len();
        let mut steps = Vec::new();
        let (mut surv, mut gw) = (1.0, 0.0);
        let mut i = 0;
        while i < n {
            let t = obs[i].0;
            let at_risk = n - i;
            let mut d = 0;
            let mut j = i;
            while j < n && obs[j].0 == t {
                d += usize::from(obs[j].1);
                j += 1;
            }
            if d > 0 {
                surv *= 1.0 - d as f64 / at_risk as f64;
                gw += if d < at_risk {
                    d as f64 / (at_risk as f64 * (at_risk - d) as f64)
                } else {
                    f64::INFINITY
                };
                steps.push(SurvivalStep {
                    time: t,
                    at_risk,
                    exits: d,
                    survival: surv,
                    greenwood_sum: gw,
                });
            }
            i = j;
        }
        let censored = exited.iter().filter(|e| !**e).count();
        Ok(Self { steps, n, censored })
    }

    /// The steps (exit times) of the curve.
    pub fn steps(&self) -> &[SurvivalStep] {
        &self.steps
    }

    /// Number of paths.
    pub fn len(&self) -> usize {
        self.n
    }

    /// Always false (construction needs a path).
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Number of censored paths.
    pub fn censored(&self) -> usize {
        self.censored
    }

    fn step_at(&self, t: f64) -> Option<&SurvivalStep> {
        let k = self.steps.partition_point(|s| s.time <= t);
        (k > 0).then(|| &self.steps[k - 1])
    }

    /// `Ŝ(t)` (right-continuous step function, 1 before the first exit).
    pub fn survival(&self, t: f64) -> f64 {
        self.step_at(t).map_or(1.0, |s| s.survival)
    }

    /// Greenwood standard error of `Ŝ(t)`.
    pub fn std_error(&self, t: f64) -> f64 {
        self.step_at(t).map_or(0.0, |s| {
            if s.survival > 0.0 {
                s.survival * s.greenwood_sum.sqrt()
            } else {
                0.0
            }
        })
    }

    /// Log–log confidence interval of `S(t)`: `Ŝ^{exp(±z σ/ln Ŝ)}` with
    /// `σ² = Greenwood sum` — stays inside `[0, 1]`.
    ///
    /// # Errors
    /// [`AnalysisError::InvalidParameter`] unless `0 < level < 1`.
    pub fn ci(&self, t: f64, level: f64) -> Result<ConfidenceInterval> {
        let level = check_level(level)?;
        let z = normal_critical(level)?;
        Ok(match self.step_at(t) {
            None => ConfidenceInterval {
                lo: 1.0,
                hi: 1.0,
                level,
            },
            Some(s) if s.survival <= 0.0 || s.survival >= 1.0 => ConfidenceInterval {
                lo: s.survival,
                hi: s.survival,
                level,
            },
            Some(s) => {
                let w = z * s.greenwood_sum.sqrt() / s.survival.ln().abs();
                ConfidenceInterval {
                    lo: s.survival.powf((w).exp()),
                    hi: s.survival.powf((-w).exp()),
                    level,
                }
            }
        })
    }

    /// Restricted mean `∫_0^{t_max} Ŝ(t) dt` (a lower bound for `E τ` that is
    /// unbiased by censoring at or after `t_max`).
    pub fn restricted_mean(&self, t_max: f64) -> f64 {
        let (mut area, mut t0, mut s) = (0.0, 0.0, 1.0);
        for step in self.steps.iter().take_while(|st| st.time <= t_max) {
            area += s * (step.time - t0);
            t0 = step.time;
            s = step.survival;
        }
        area + s * (t_max - t0).max(0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_example_with_censoring_and_ties() {
        // 1 exit, 2 censored, 3 exit, 3 exit, 4 censored, 5 exit.
        // t = 1: n = 6, d = 1 → 5/6; t = 3: n = 4, d = 2 → 5/12; t = 5: n = 1, d = 1 → 0.
        let km = KaplanMeier::new(
            &[3.0, 1.0, 5.0, 2.0, 4.0, 3.0],
            &[true, true, true, false, false, true],
        )
        .unwrap();
        assert_eq!(km.steps().len(), 3);
        assert_eq!(km.censored(), 2);
        assert_eq!(km.survival(0.5), 1.0);
        assert!((km.survival(2.0) - 5.0 / 6.0).abs() < 1e-15); // censoring is no exit
        assert!((km.survival(3.0) - 5.0 / 12.0).abs() < 1e-15);
        assert_eq!(km.steps()[1].at_risk, 4);
        let gw: f64 = 1.0 / 30.0 + 2.0 / 8.0;
        assert!((km.std_error(3.5) - 5.0 / 12.0 * gw.sqrt()).abs() < 1e-15);
        assert_eq!(km.survival(5.0), 0.0);
        // Area: 1·1 + (5/6)·2 + (5/12)·2 = 1 + 5/3 + 5/6.
        assert!((km.restricted_mean(5.0) - (1.0 + 5.0 / 3.0 + 5.0 / 6.0)).abs() < 1e-14);
        let ci = km.ci(3.0, 0.95).unwrap();
        assert!(ci.lo < 5.0 / 12.0 && 5.0 / 12.0 < ci.hi && ci.lo > 0.0 && ci.hi < 1.0);
    }

    #[test]
    fn without_censoring_it_is_the_empirical_survival_function() {
        let t: Vec<f64> = (0..50)
            .map(|i| ((i * 37) % 50) as f64 * 0.1 + 0.05)
            .collect();
        let km = KaplanMeier::new(&t, &[true; 50]).unwrap();
        for k in 0..=50 {
            let x = k as f64 * 0.1;
            let empirical = t.iter().filter(|&&ti| ti > x).count() as f64 / 50.0;
            assert!((km.survival(x) - empirical).abs() < 1e-14);
        }
        // No censoring: restricted mean over the whole range is the sample mean.
        let mean = t.iter().sum::<f64>() / 50.0;
        assert!((km.restricted_mean(10.0) - mean).abs() < 1e-13);
    }

    #[test]
    fn bad_inputs_are_typed_errors() {
        assert!(matches!(
            KaplanMeier::new(&[1.0], &[true, false]),
            Err(AnalysisError::DimensionMismatch { .. })
        ));
        assert!(matches!(
            KaplanMeier::new(&[1.0, -2.0], &[true, true]),
            Err(AnalysisError::NonFiniteData { index: 1, .. })
        ));
        assert!(KaplanMeier::new(&[], &[]).is_err());
    }
}
