//! Test support shared by every sgdpde crate's tests, the workspace `tests/`
//! crate and the benches: named tolerances with their justification,
//! finite-difference checks of analytic derivatives, and proptest strategies.

pub mod convergence;
pub mod finite_diff;
pub mod strategies;
pub mod tolerance;
