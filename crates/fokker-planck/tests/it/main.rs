//! Integration tests of `sgdpde-fokker-planck`:
//! forward and backward solves against closed forms, and rate-matrix
//! properties.
//!
//! One test binary for the whole package, one module per subject: each
//! test binary links the workspace, and building 52 of them (one per
//! file) dominated the build of the suite.
//! `cargo test -p sgdpde-fokker-planck --test it <module>::` runs one module.
//!
//! `common` holds the helpers the modules share (`use crate::common`).

mod backward_precision;
mod common;
mod fokker_planck_exit_time;
mod fokker_planck_linear;
mod fokker_planck_ou;
mod properties;
