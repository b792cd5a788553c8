//! The built-in problems of `sgdpde convergence`: SDEs with an exact
//! pathwise solution and exact moments (shared/math.md §3).

use sgdpde_sde::problems::{GeometricBrownianMotion, LinearProblem, OrnsteinUhlenbeck};
use sgdpde_sde::{BrownianPath, SdeDerivative};

use crate::convergence::problem::{ConvergenceProblem, ExactMoments, ExactSolution};
use crate::convergence::report::ConvergenceReport;
use crate::convergence::runner::{ConvergenceConfig, run_convergence};
use sgdpde_experiments::{ExperimentError, Result};

/// A named parameter of a built-in problem.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct ProblemParam {
    /// Name (`--param name=value`).
    pub name: &'static str,
    /// Default value.
    pub default: f64,
    /// What it is.
    pub doc: &'static str,
}

/// One entry of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct ProblemEntry {
    /// Name on the command line.
    pub name: &'static str,
    /// The SDE and what is exact about it.
    pub summary: &'static str,
    /// Its parameters with defaults.
    pub params: &'static [ProblemParam],
    /// Default levels `lo..=hi` (`h = T/2^k`): near-asymptotic at the
    /// default parameters for every applicable method.
    pub default_levels: (u32, u32),
}

const fn param(name: &'static str, default: f64, doc: &'static str) -> ProblemParam {
    ProblemParam { name, default, doc }
}

/// The catalogue.
pub const PROBLEMS: &[ProblemEntry] = &[
    ProblemEntry {
        name: "gbm",
        summary: "geometric Brownian motion dX = αX dt + βX dW (scalar multiplicative noise); \
                  X_T = x₀ exp((α − β²/2)T + βW_T), E X_T = x₀e^{αT}, E X_T² = x₀²e^{(2α+β²)T}",
        params: &[
            param("alpha", 0.5, "drift rate α"),
            param("beta", 0.5, "volatility β"),
            param("x0", 1.0, "initial state"),
            param("t_end", 1.0, "horizon T"),
        ],
        default_levels: (3, 8),
    },
    ProblemEntry {
        name: "ou",
        summary: "Ornstein–Uhlenbeck dX = −θ(X − μ) dt + s dW as overdamped Langevin \
                  (isotropic additive noise, every method applies); exact Gaussian moments, \
                  pathwise reference by the linear one-step map with ΔZ on a 2³× finer grid",
        params: &[
            param("theta", 1.0, "rate θ > 0"),
            param("mu", 0.5, "mean μ"),
            param("s", 0.8, "noise s > 0"),
            param("x0", 2.0, "initial state"),
            param("t_end", 1.0, "horizon T"),
        ],
        default_levels: (3, 8),
    },
    ProblemEntry {
        name: "linear-rank-one",
        summary: "dX = AX dt + G dW, A = −diag(1, 10), G = √τ (1, 1)ᵀ (degenerate rank-one \
                  additive noise); exact moments (Van Loan), pathwise reference by the linear \
                  one-step map with ΔZ on a 2³× finer grid",
        params: &[
            param("tau", 0.5, "learning rate τ > 0 (noise G = √τ (1, 1)ᵀ)"),
            param("x0_1", 1.0, "initial state, first coordinate"),
            param("x0_2", -1.0, "initial state, second coordinate"),
            param("t_end", 1.0, "horizon T"),
        ],
        // From h = 1/32: |a₂|h = 0.31 (at h = 1/8 the stiff mode has
        // |a₂|h = 1.25 and the weak slopes are far from asymptotic).
        default_levels: (5, 9),
    },
];

/// Extra halvings of the fine grid for the discretised linear reference:
/// its global error is `O(h_f²)`, `2⁻⁶` of an `O(h²)` error at the finest
/// studied step (the smallest errors measured are those of the order-2
/// behaviour of the 1.5 scheme on linear drifts).
const LINEAR_REFINEMENT: u32 = 3;

fn resolve(entry: &ProblemEntry, given: &[(String, f64)]) -> Result<Vec<f64>> {
    let mut values: Vec<f64> = entry.params.iter().map(|p| p.default).collect();
    for (name, v) in given {
        let Some(i) = entry.params.iter().position(|p| p.name == name) else {
            return Err(ExperimentError::InvalidConfig {
                field: "param",
                value: format!("{name} (problem {}; known: {})", entry.name, known(entry)),
                reason: "not a parameter of this problem",
            });
        };
        if !v.is_finite() {
            return Err(ExperimentError::InvalidConfig {
                field: entry.params[i].name,
                value: v.to_string(),
                reason: "must be finite",
            });
        }
        values[i] = *v;
    }
    Ok(values)
}

fn known(entry: &ProblemEntry) -> String {
    entry
        .params
        .iter()
        .map(|p| p.name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The pathwise reference of a linear problem (`along_path`).
fn linear_reference(lp: LinearProblem) -> ExactSolution<'static> {
    ExactSolution {
        solve: Box::new(move |x0: &[f64], path: &BrownianPath, out: &mut [f64]| {
            out.copy_from_slice(&lp.along_path(x0, path)?);
            Ok(())
        }),
        refinement: LINEAR_REFINEMENT,
    }
}

fn linear_moments(lp: &LinearProblem, t: f64, x0: &[f64]) -> Result<ExactMoments> {
    let (mean, cov) = lp.moments(t, x0)?;
    let d = mean.len();
    let second = (0..d).map(|i| mean[i] * mean[i] + cov[i * d + i]).collect();
    Ok(ExactMoments {
        mean: Some(mean),
        second,
    })
}

fn go<S: SdeDerivative>(
    problem: ConvergenceProblem<'_, S>,
    cfg: &ConvergenceConfig,
) -> Result<ConvergenceReport> {
    run_convergence(&problem, cfg)
}

/// Runs the built-in problem `name` with parameter overrides `params`.
///
/// # Errors
/// [`ExperimentError::InvalidConfig`] for an unknown problem or parameter or
/// a non-finite value; the problem's own parameter errors (e.g. `θ ≤ 0`);
/// everything [`run_convergence`] returns.
pub fn run_builtin(
    name: &str,
    params: &[(String, f64)],
    cfg: &ConvergenceConfig,
) -> Result<ConvergenceReport> {
    let Some(entry) = PROBLEMS.iter().find(|p| p.name == name) else {
        return Err(ExperimentError::InvalidConfig {
            field: "problem",
            value: format!(
                "{name} (known: {})",
                PROBLEMS
                    .iter()
                    .map(|p| p.name)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            reason: "not a built-in convergence problem",
        });
    };
    let v = resolve(entry, params)?;
    match entry.name {
        "gbm" => {
            let (x0, t) = (v[2], v[3]);
            if x0 == 0.0 {
                return Err(ExperimentError::InvalidConfig {
                    field: "x0",
                    value: x0.to_string(),
                    reason: "GBM started at 0 stays at 0: every error is 0 and no order can be fitted (choose x0 ≠ 0)",
                });
            }
            let g = GeometricBrownianMotion::new(v[0], v[1])?;
            go(
                ConvergenceProblem {
                    name: name.into(),
                    sde: g.model(),
                    x0: vec![x0],
                    t_end: t,
                    exact_solution: Some(ExactSolution::from_endpoint(t, move |t, w, x0, out| {
                        out[0] = g.exact(x0[0], t, w[0]);
                        Ok(())
                    })),
                    exact_moments: Some(ExactMoments {
                        mean: Some(vec![g.mean(t, x0)]),
                        second: vec![g.second_moment(t, x0)],
                    }),
                },
                cfg,
            )
        }
        "ou" => {
            let o = OrnsteinUhlenbeck::new(v[0], v[1], v[2])?;
            let (x0, t) = (v[3], v[4]);
            let lp = LinearProblem::new(vec![-o.theta], vec![o.theta * o.mu], vec![o.s], 1)?;
            let m = o.mean(t, x0);
            go(
                ConvergenceProblem {
                    name: name.into(),
                    sde: o.langevin_model(),
                    x0: vec![x0],
                    t_end: t,
                    exact_solution: Some(linear_reference(lp)),
                    exact_moments: Some(ExactMoments {
                        mean: Some(vec![m]),
                        second: vec![m * m + o.variance(t)],
                    }),
                },
                cfg,
            )
        }
        _ => {
            let lp = LinearProblem::rank_one_example(v[0])?;
            let (x0, t) = (vec![v[1], v[2]], v[3]);
            let moments = linear_moments(&lp, t, &x0)?;
            go(
                ConvergenceProblem {
                    name: name.into(),
                    sde: lp.model(),
                    x0,
                    t_end: t,
                    exact_solution: Some(linear_reference(lp)),
                    exact_moments: Some(moments),
                },
                cfg,
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_names_and_bad_values_are_config_errors() {
        let cfg = ConvergenceConfig::new(vec![2, 3, 4], 0);
        for (name, params) in [
            ("nope", vec![]),
            ("gbm", vec![("gamma".to_owned(), 1.0)]),
            ("gbm", vec![("alpha".to_owned(), f64::NAN)]),
        ] {
            let e = run_builtin(name, &params, &cfg).unwrap_err();
            assert!(
                matches!(e, ExperimentError::InvalidConfig { .. }),
                "{name}: {e}"
            );
        }
        assert!(matches!(
            run_builtin("ou", &[("theta".to_owned(), -1.0)], &cfg),
            Err(ExperimentError::Sde(_))
        ));
        let linear = LinearProblem::rank_one_example(0.5).unwrap();
        let m = linear_moments(&linear, 1.0, &[1.0, -1.0]).unwrap();
        assert!((m.mean.unwrap()[0] - (-1.0f64).exp()).abs() < 1e-13);
        assert!(m.second.iter().all(|&s| s > 0.0));
        // Every entry's parameters have distinct names.
        for e in PROBLEMS {
            for (i, p) in e.params.iter().enumerate() {
                assert!(e.params[..i].iter().all(|q| q.name != p.name));
            }
        }
    }
}
