//! Test support shared by every sgdpde crate's tests, the workspace `tests/`
//! crate and the benches: named tolerances with their justification,
//! finite-difference checks of analytic derivatives, proptest strategies and
//! the seeded proptest configuration, and test assertions over the convergence harness of `sgdpde-analysis`.

pub mod convergence;
pub mod finite_diff;
pub mod property;
pub mod strategies;
pub mod tolerance;
