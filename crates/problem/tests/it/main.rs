//! Integration tests of `sgdpde-problem`:
//! the problem-file loader on the shipped examples, its errors, a regression
//! corpus (`tests/corpus/`) and fuzzing.
//!
//! One test binary for the whole package, one module per subject: each
//! test binary links the workspace, and building 52 of them (one per
//! file) dominated the build of the suite.
//! `cargo test -p sgdpde-problem --test it <module>::` runs one module.

mod corpus;
mod errors;
mod examples;
mod fuzz;
