//! The tools behind the `sgdpde` commands.
//!
//! Each command of the binary is a function here: a validated configuration
//! (`XConfig`, serde, `validate()`) in, a serialisable report (`XReport`,
//! `Serialize` for `--json`, `Display` for the human summary) out, with the
//! files of `--out` written through one path ([`output`]: summary, arrays,
//! manifest last). The binary only parses arguments into configurations and
//! renders reports; Python and other front ends call the same functions.
//!
//! | command | function | config → report |
//! |---|---|---|
//! | `simulate` (landscape) | [`simulate::simulate`] | [`simulate::SimulateConfig`] → [`simulate::SimulateReport`] |
//! | `simulate` (`[sde]` file) | [`sde_problem::simulate`] | [`simulate::SimulateConfig`] → [`sde_problem::ProblemSimulateReport`] |
//! | `exit-time` | [`exit_time::exit_time`] | [`exit_time::ExitTimeConfig`] → [`exit_time::ExitTimeOutput`] |
//! | `critical-points` | [`critical_points::critical_points`] | [`critical_points::CriticalPointsConfig`] → [`critical_points::CriticalPointsReport`] |
//! | `convergence` | [`convergence::run_builtin`], [`convergence::run_problem_file`] | display: [`convergence::Human`] |
//! | `fokker-planck` | [`fokker_planck::fokker_planck`] | |
//! | `sgd` | [`sgd::sgd`] | |
//!
//! Shared by several commands: [`model::ModelConfig`] (model, temperature,
//! integrator, run size), [`source::Source`] (catalogue name or problem
//! file), [`threads::pool`] and [`budget::check`].

pub mod budget;
pub mod convergence;
pub mod critical_points;
pub mod exit_time;
pub mod fokker_planck;
pub mod model;
pub mod output;
pub mod progress;
pub mod sde_problem;
pub mod sgd;
pub mod simulate;
pub mod source;
pub mod threads;
