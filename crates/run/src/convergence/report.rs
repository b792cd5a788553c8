//! What the convergence runner returns: per method, the error table
//! (work–precision), the fitted orders with their standard errors against
//! the theoretical orders, and a verdict; plus the figures as data.

use serde::Serialize;
use sgdpde_analysis::convergence::{PathRule, order_tolerance};
use sgdpde_sde::{MethodInfo, NoiseClass};

use crate::convergence::counting::Evaluations;
use crate::convergence::problem::ExactMoments;
use sgdpde_experiments::{Figure, Series, SeriesStyle};

/// How an observed order compares with the theoretical one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderVerdict {
    /// `|p̂ − p| ≤ tolerance`.
    Pass,
    /// `p̂ > p + tolerance`: the method converges faster on this problem
    /// than its general order (e.g. the order 1.5 scheme has strong order 2
    /// on linear drifts). Not a failure: the theoretical order is a
    /// guarantee, not a bound from above.
    Higher,
    /// `p̂ < p − tolerance`.
    Fail,
    /// The path cap stopped the study before the Monte Carlo target, so the
    /// fit is not trusted.
    Inconclusive,
}

impl OrderVerdict {
    /// The verdict of an observed order `p̂ ± se` against theory `p`.
    pub fn judge(observed: f64, se: f64, theory: f64, mc_limited: bool) -> Self {
        let tol = order_tolerance(se);
        if mc_limited {
            Self::Inconclusive
        } else if (observed - theory).abs() <= tol {
            Self::Pass
        } else if observed > theory {
            Self::Higher
        } else {
            Self::Fail
        }
    }

    /// `pass`, `higher`, `fail`, `inconclusive`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::Higher => "higher",
            Self::Fail => "fail",
            Self::Inconclusive => "inconclusive",
        }
    }
}

/// How the weak error was estimated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WeakEstimator {
    /// `φ(X^h) − φ(X^{ref})` on the same path (exact solution known): the
    /// variance is `O(h^{2p_strong})`.
    Coupled,
    /// `φ(X^h) − E φ(X_T)` from the exact moment alone: the variance is
    /// `Var φ(X_T)`.
    Plain,
}

/// One step size of one method: the work–precision row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LevelRow {
    /// `k` in `h = T/2^k`.
    pub level: u32,
    /// Step size `h`.
    pub h: f64,
    /// Steps per path `2^k`.
    pub steps: u64,
    /// `E|X_T^h − X_T|` (Euclidean), if a strong study ran.
    pub strong_error: Option<f64>,
    /// Its standard error.
    pub strong_se: Option<f64>,
    /// `|E φ(X_T^h) − E φ(X_T)|`, `φ(x) = |x|²`, if a weak study ran.
    pub weak_error: Option<f64>,
    /// Its standard error.
    pub weak_se: Option<f64>,
    /// Drift and diffusion evaluations per path (the cost of one sample).
    pub evaluations_per_path: Evaluations,
    /// Total path-steps of the level over both studies (`paths × steps`).
    pub path_steps: u64,
}

/// One integrator's results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MethodReport {
    /// Command-line name.
    pub method: &'static str,
    /// Its metadata (orders, noise requirement, reference).
    pub info: MethodInfo,
    /// Theoretical strong order for the problem's noise class
    /// ([`MethodInfo::strong_order_for`]).
    pub strong_order_theory: f64,
    /// Theoretical weak order ([`MethodInfo::weak_order`]).
    pub weak_order_theory: f64,
    /// Observed strong order `p̂` (slope of `ln error` on `ln h`).
    pub strong_order: Option<f64>,
    /// Its standard error.
    pub strong_order_se: Option<f64>,
    /// `min(0.25, 0.1 + 3 se)`.
    pub strong_tolerance: Option<f64>,
    /// Strong verdict.
    pub strong_verdict: Option<OrderVerdict>,
    /// Paths of the strong study.
    pub strong_paths: Option<u64>,
    /// Observed weak order.
    pub weak_order: Option<f64>,
    /// Its standard error.
    pub weak_order_se: Option<f64>,
    /// Weak tolerance.
    pub weak_tolerance: Option<f64>,
    /// Weak verdict.
    pub weak_verdict: Option<OrderVerdict>,
    /// Paths of the weak study.
    pub weak_paths: Option<u64>,
    /// Coupled weak study: `(mean φ(X^{ref}) − E φ(X_T))/SE` (a valid
    /// reference has `|z| ≲ 3`); `None` without exact moments or for the
    /// plain estimator.
    pub weak_reference_z: Option<f64>,
    /// The error table, one row per step size (coarsest first).
    pub table: Vec<LevelRow>,
}

/// A method not run, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkippedMethod {
    /// Command-line name.
    pub method: &'static str,
    /// Why (its noise requirement against the problem's class).
    pub reason: String,
}

/// Everything a convergence run measured, with its parameters.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConvergenceReport {
    /// Problem name.
    pub problem: String,
    /// State dimension.
    pub dim: usize,
    /// Noise dimension.
    pub noise_dim: usize,
    /// The noise class the SDE declares.
    pub noise_class: NoiseClass,
    /// Initial state.
    pub x0: Vec<f64>,
    /// Horizon.
    pub t_end: f64,
    /// Levels `k` (`h = T/2^k`).
    pub levels: Vec<u32>,
    /// Master seed.
    pub seed: u64,
    /// Path rule of the strong studies.
    pub strong_rule: PathRule,
    /// Path rule of the weak studies.
    pub weak_rule: PathRule,
    /// The weak test function.
    pub weak_functional: &'static str,
    /// `E φ(X_T)` if the exact moments are known.
    pub weak_exact: Option<f64>,
    /// The exact moments at `T`, if known.
    pub exact_moments: Option<ExactMoments>,
    /// How the weak error is estimated (`None`: no weak study possible).
    pub weak_estimator: Option<WeakEstimator>,
    /// Levels of the fine Brownian path beyond the finest step (reference).
    pub reference_refinement: u32,
    /// Results per method, in the requested order.
    pub methods: Vec<MethodReport>,
    /// Methods skipped as not applicable to the noise class.
    pub skipped: Vec<SkippedMethod>,
}

impl ConvergenceReport {
    /// Whether no verdict is `fail` (`higher` and `inconclusive` are not
    /// failures).
    pub fn no_failures(&self) -> bool {
        self.methods.iter().all(|m| {
            m.strong_verdict != Some(OrderVerdict::Fail)
                && m.weak_verdict != Some(OrderVerdict::Fail)
        })
    }

    /// Log–log figures as data: error against `h`, and error against the
    /// evaluations per path (work–precision), strong and weak, one series
    /// per method with `± SE` bars.
    pub fn figures(&self) -> Vec<Figure> {
        let mut by_h = Vec::new();
        let mut by_cost = Vec::new();
        for m in &self.methods {
            for (kind, err, se) in [
                (
                    "strong",
                    m.table.iter().map(|r| r.strong_error).collect::<Vec<_>>(),
                    m.table.iter().map(|r| r.strong_se).collect::<Vec<_>>(),
                ),
                (
                    "weak",
                    m.table.iter().map(|r| r.weak_error).collect(),
                    m.table.iter().map(|r| r.weak_se).collect(),
                ),
            ] {
                if err.iter().any(Option::is_none) {
                    continue;
                }
                let y: Vec<f64> = err.into_iter().flatten().collect();
                let e: Vec<f64> = se.into_iter().flatten().collect();
                let label = format!("{} {kind}", m.method);
                let h = m.table.iter().map(|r| r.h).collect();
                let cost = m
                    .table
                    .iter()
                    .map(|r| r.evaluations_per_path.total() as f64)
                    .collect();
                by_h.push(Series::with_errors(&label, h, y.clone(), e.clone()));
                by_cost.push(Series {
                    style: SeriesStyle::Points,
                    ..Series::with_errors(label, cost, y, e)
                });
            }
        }
        let fig = |id: &str, title: String, x_label: &str, series| Figure {
            id: id.into(),
            title,
            x_label: x_label.into(),
            y_label: "error".into(),
            log_x: true,
            log_y: true,
            series,
            field: None,
        };
        vec![
            fig(
                "convergence_error_vs_h",
                format!("{}: error against step size", self.problem),
                "h",
                by_h,
            ),
            fig(
                "convergence_work_precision",
                format!("{}: error against evaluations per path", self.problem),
                "drift + diffusion evaluations per path",
                by_cost,
            ),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts() {
        assert_eq!(
            OrderVerdict::judge(0.55, 0.01, 0.5, false),
            OrderVerdict::Pass
        );
        assert_eq!(
            OrderVerdict::judge(2.0, 0.01, 1.5, false),
            OrderVerdict::Higher
        );
        assert_eq!(
            OrderVerdict::judge(0.5, 0.01, 1.0, false),
            OrderVerdict::Fail
        );
        assert_eq!(
            OrderVerdict::judge(0.5, 0.01, 0.5, true),
            OrderVerdict::Inconclusive
        );
        // The tolerance widens with the SE up to its 0.25 cap.
        assert_eq!(
            OrderVerdict::judge(0.7, 0.05, 0.5, false),
            OrderVerdict::Pass
        );
        assert_eq!(
            OrderVerdict::judge(0.8, 1.0, 0.5, false),
            OrderVerdict::Higher
        );
        assert_eq!(OrderVerdict::Higher.as_str(), "higher");
    }
}
