//! Exit-time Monte Carlo, workload W2 (issue 7; parameters in
//! `sgdpde_benches::workloads::w2`): the double well at ε = 0.25 (`√(2ε)`
//! convention), exit at `X ≥ 0` from `x₀ = −1`, `dt = 1e-3`, with the
//! Brownian-bridge correction on and off, against the hand-written loop
//! (bridge on) — one thread, so the numbers are per-core costs.
//!
//! The bias against the exact quadrature is printed once per estimator
//! (mean − exact ± SE); throughput counts the path-steps simulated. The
//! `workloads` binary reports all three temperatures at 1 and 2 threads.
//! In test mode 200 paths.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sgdpde_benches::hand::w2_loop;
use sgdpde_benches::monte_carlo::{w2_exact, w2_library};
use sgdpde_benches::size_for_mode;
use sgdpde_benches::workloads::{temperature, w2};
use std::hint::black_box;

const EPS: f64 = 0.25;

fn bench(c: &mut Criterion) {
    let paths = size_for_mode(w2::PATHS, 200);
    let exact = w2_exact(EPS).expect("quadrature");
    let noise = temperature(EPS).expect("valid").noise_scale();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("thread pool");
    let bridged = pool.install(|| w2_library(EPS, paths, true)).expect("runs");
    let discrete = pool
        .install(|| w2_library(EPS, paths, false))
        .expect("runs");
    for (name, s) in [("bridge on", bridged), ("bridge off", discrete)] {
        eprintln!(
            "W2 ε = {EPS}, {paths} paths, {name}: E τ = {:.4} ± {:.4}, bias {:+.4} ± {:.4} (exact {exact:.5})",
            s.mean,
            s.std_error,
            s.mean - exact,
            s.std_error
        );
    }
    // Path-steps actually simulated by the bridged run (Σ τ/dt).
    let steps = (paths as f64 * bridged.mean / w2::DT) as u64;
    let mut g = c.benchmark_group(format!("exit_time_w2_eps{EPS}_{paths}_paths"));
    g.throughput(Throughput::Elements(steps));
    g.sample_size(10);
    g.bench_function("library/bridge_on", |b| {
        b.iter(|| pool.install(|| black_box(w2_library(EPS, paths, true).expect("runs"))))
    });
    g.bench_function("library/bridge_off", |b| {
        b.iter(|| pool.install(|| black_box(w2_library(EPS, paths, false).expect("runs"))))
    });
    g.bench_function("hand_loop/bridge_on", |b| {
        b.iter(|| {
            pool.install(|| {
                black_box(w2_loop(
                    paths,
                    w2::DT,
                    noise,
                    w2::X0,
                    w2::BARRIER,
                    w2::T_MAX,
                    w2::SEED,
                ))
            })
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
