//! Integration tests of `sgdpde`:
//! every command run as the built binary (`CARGO_BIN_EXE_sgdpde`).
//!
//! One test binary for the whole package, one module per subject: each
//! test binary links the workspace, and building 52 of them (one per
//! file) dominated the build of the suite.
//! `cargo test -p sgdpde --test it <module>::` runs one module.
//!
//! `common` holds the helpers the modules share (`use crate::common`).

mod common;
mod convergence_cli;
mod critical_points;
mod exit_time_methods;
mod figures_svg;
mod fokker_planck_cli;
mod fuzz_args;
mod limits_cli;
mod numeric_guards_cli;
mod problem_cli;
mod resume_chunked_cli;
mod resume_cli;
mod sgd_cli;
mod simulate_cli;
mod threads_invariance;
