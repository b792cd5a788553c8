//! One module per subcommand.

pub mod convergence;
pub mod critical_points;
pub mod exit_time;
pub mod fokker_planck;
pub mod landscapes;
pub mod reproduce;
pub mod run;
pub mod sgd;
pub mod simulate;
