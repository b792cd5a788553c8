//! Integration tests of `sgdpde-tests`:
//! checks that need several crates at once.
//!
//! One test binary for the whole package, one module per subject: each
//! test binary links the workspace, and building 52 of them (one per
//! file) dominated the build of the suite.
//! `cargo test -p sgdpde-tests --test it <module>::` runs one module.
//!
//! Failing cases proptest has found are kept in
//! `tests/proptest-regressions/<module>.txt`: with a `main.rs` above the
//! module, that is where proptest's default (`SourceParallel`) reads and
//! writes them.

mod catalogue_derivatives;
mod exit_time_2d_pde_vs_mc;
mod exit_time_double_well;
