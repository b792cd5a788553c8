//! `sgdpde convergence` as a library: observed strong and weak orders of
//! chosen integrators on a problem with an exact solution and/or exact
//! moments, against each method's [`MethodInfo`](sgdpde_sde::MethodInfo),
//! with a work–precision table.
//!
//! * **Strong error** `E|X_T^h − X_T|` at `h = T/2^k` for the requested
//!   levels `k`: each Monte Carlo path samples one fine Brownian path
//!   (`ΔW`, `ΔZ`), coarsens it *exactly* (sums of increments) to every
//!   level, and compares each terminal state with the exact solution on
//!   that same path — so the difference is the discretisation error alone.
//! * **Weak error** `|E φ(X_T^h) − E φ(X_T)|` with `φ(x) = |x|²` (the mean
//!   would not see the noise terms of the schemes): the coupled estimator
//!   `φ(X^h) − φ(X^{ref})` when the exact solution is known (its variance
//!   shrinks with `h`; the reference's sample mean is checked against the
//!   exact moment, `weak_reference_z`), else plain Monte Carlo against the
//!   exact moment.
//! * Path counts from the measured variance
//!   ([`PathRule`](sgdpde_analysis::convergence::PathRule)), the fitted
//!   order with its SE, the verdict against theory within
//!   [`order_tolerance`](sgdpde_analysis::convergence::order_tolerance).
//! * Cost: drift and diffusion evaluations per path (counted on one path),
//!   and path-steps — never wall time.
//!
//! Derivation and tolerances: `proofs-notes/convergence-command.md`.
//!
//! # Examples
//! ```
//! use sgdpde_run::convergence::{ConvergenceConfig, MethodSelection, run_builtin};
//! use sgdpde_analysis::convergence::PathRule;
//! use sgdpde_sde::IntegratorKind;
//! let mut cfg = ConvergenceConfig::new(vec![2, 3, 4], 1);
//! cfg.methods = MethodSelection::Explicit(vec![IntegratorKind::Milstein]);
//! cfg.strong_rule = PathRule::fixed(200, 0.03);
//! cfg.weak_rule = PathRule::fixed(200, 0.05);
//! let report = run_builtin("gbm", &[], &cfg)?;
//! assert_eq!(report.methods[0].method, "milstein");
//! assert!(report.methods[0].strong_order.is_some());
//! # Ok::<(), sgdpde_experiments::ExperimentError>(())
//! ```

mod catalogue;
mod counting;
mod human;
mod problem;
mod problem_file;
mod report;
mod runner;

pub use catalogue::{PROBLEMS, ProblemEntry, ProblemParam, run_builtin};
pub use counting::Evaluations;
pub use human::{Human, csv};
pub use problem::{ConvergenceProblem, ExactMoments, ExactSolution, SolveFn};
pub use problem_file::run_problem_file;
pub use report::{
    ConvergenceReport, LevelRow, MethodReport, OrderVerdict, SkippedMethod, WeakEstimator,
};
pub use runner::{
    ConvergenceConfig, MAX_LEVEL, MethodSelection, WEAK_STREAM_OFFSET, run_convergence,
};
