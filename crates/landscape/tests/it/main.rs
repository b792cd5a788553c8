//! Integration tests of `sgdpde-landscape`:
//! critical points and empirical-risk landscapes against closed forms.
//!
//! One test binary for the whole package, one module per subject: each
//! test binary links the workspace, and building 52 of them (one per
//! file) dominated the build of the suite.
//! `cargo test -p sgdpde-landscape --test it <module>::` runs one module.

mod critical_points;
mod empirical_risk;
