//! Integration tests of `sgdpde-analysis`:
//! estimator identities over random inputs and their Monte Carlo properties.
//!
//! One test binary for the whole package, one module per subject: each
//! test binary links the workspace, and building 52 of them (one per
//! file) dominated the build of the suite.
//! `cargo test -p sgdpde-analysis --test it <module>::` runs one module.

mod properties;
mod statistical;
