//! Integration tests of `sgdpde-sde`:
//! integrator orders, ensembles, exit times and SGD against closed forms.
//!
//! One test binary for the whole package, one module per subject: each
//! test binary links the workspace, and building 52 of them (one per
//! file) dominated the build of the suite.
//! `cargo test -p sgdpde-sde --test it <module>::` runs one module.
//!
//! `convergence_common` holds the glue the convergence modules share;
//! [`on_threads`] runs a closure on a pool of a given size.

mod ams;
mod ams_bridge;
mod ams_transition;
mod chunk_store;
mod convergence_common;
mod convergence_commutative;
mod convergence_gbm;
mod convergence_linear;
mod convergence_nonlinear;
mod convergence_ou;
mod ensemble_determinism;
mod ensemble_ou;
mod exit_brownian;
mod exit_interpolating;
mod sgd_minibatch;
mod sgd_vs_sde_logistic;
mod sgd_vs_sde_quadratic;

/// `f` on a fresh rayon pool of `threads` threads (the thread-count
/// invariance tests).
pub(crate) fn on_threads<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool")
        .install(f)
}
