//! Benchmarks of sgdpde: the criterion suites in `benches/benches/`, the
//! work–precision workloads of the `workloads` binary and the sgdpde side of
//! the side-by-side comparison with peer tools (`benches/peers/run.sh`).
//!
//! Everything a benchmark runs is set up here, once:
//!
//! * [`workloads`] — the parameters of W1–W4 (mirrored, value for value, by
//!   `benches/peers/workloads.py`) and the size scale `SGDPDE_BENCH_SCALE`;
//! * [`hand`] — the hand-written Rust loops W1/W2 that the library must match
//!   (≥ 0.9× their throughput);
//! * [`fp`] — the Fokker–Planck workloads W3/W4 and the grid-growth problems;
//! * [`work_precision`] — error ± SE against cost across step sizes;
//! * [`problems`] — the per-step problems of the integrator suite (1-D, 2-D,
//!   d = 100; additive, diagonal, rank-deficient noise).
//!
//! Run the criterion suites with `cargo bench -p sgdpde-benches`; in CI they
//! run once in test mode (`cargo test --benches`) at reduced sizes
//! ([`criterion_test_mode`]), never timed. The JSON of the workloads:
//! `cargo run --release -p sgdpde-benches --bin workloads -- --json`.

mod error;
pub mod fp;
pub mod hand;
pub mod monte_carlo;
pub mod problems;
pub mod work_precision;
pub mod workloads;

pub use error::{BenchError, Result};

/// Whether a criterion bench binary runs in test mode (`cargo test
/// --benches`: no `--bench` argument, or `--test`), where every benchmark
/// executes once: benches then use their reduced sizes.
pub fn criterion_test_mode() -> bool {
    let args: Vec<String> = std::env::args().collect();
    !args.iter().any(|a| a == "--bench") || args.iter().any(|a| a == "--test")
}

/// `full` in a timed run, `test` in test mode ([`criterion_test_mode`]).
pub fn size_for_mode<T>(full: T, test: T) -> T {
    if criterion_test_mode() { test } else { full }
}
