//! Integration tests of `sgdpde-experiments`:
//! each experiment at its quick size against theory, with insta snapshots in
//! `snapshots/`.
//!
//! One test binary for the whole package, one module per subject: each
//! test binary links the workspace, and building 52 of them (one per
//! file) dominated the build of the suite.
//! `cargo test -p sgdpde-experiments --test it <module>::` runs one module.
//!
//! `common` holds the helpers the modules share (`use crate::common`).

mod common;
mod convergence;
mod drift;
mod entropy;
mod escape;
mod hypoelliptic;
mod interpolating;
mod mass_splitting;
mod noisy_sgd;
mod ou;
mod overparam;
mod sgd_vs_sde;
