//! Ensemble throughput (path-steps per second) of the library against the
//! hand-written loop with the same generator, normal sampler, chunks and
//! reductions (`sgdpde_benches::hand`), at 1 and 2 threads.
//!
//! Workload W1 (issue 7, parameters in `sgdpde_benches::workloads::w1`):
//! `dX = −(X³ − X) dt + √(2·0.25) dW`, `x₀ = −1`, 10⁵ paths × 10³ steps,
//! `dt = 1e-3`, Euler–Maruyama; terminal mean, variance and mass of
//! `X > 0` on both sides. The same group runs the double well given as an
//! expression (`ExprLandscape`, issue 8) on the same paths — the aim is
//! within 3× of the built-in `DoubleWell`.
//!
//! Acceptance: library ≥ 0.9× the hand-written loop's throughput. In test
//! mode (`cargo test --benches`) 10³ paths.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sgdpde_benches::hand::w1_loop;
use sgdpde_benches::monte_carlo::{w1_expression_landscape, w1_library, w1_with_landscape};
use sgdpde_benches::size_for_mode;
use sgdpde_benches::workloads::{temperature, w1};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let paths = size_for_mode(w1::PATHS, 1_000);
    let noise = temperature(w1::EPS).expect("valid").noise_scale();
    let expr = w1_expression_landscape().expect("valid expression");
    let mut g = c.benchmark_group(format!("ensemble_w1_{paths}x{}", w1::STEPS));
    g.throughput(Throughput::Elements(paths * w1::STEPS));
    g.sample_size(10);
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("thread pool");
        g.bench_function(format!("hand_loop/{threads}_threads"), |b| {
            b.iter(|| {
                pool.install(|| {
                    black_box(w1_loop(paths, w1::STEPS, w1::DT, noise, w1::X0, w1::SEED))
                })
            })
        });
        g.bench_function(format!("library/{threads}_threads"), |b| {
            b.iter(|| pool.install(|| black_box(w1_library(paths).expect("runs"))))
        });
        g.bench_function(
            format!("library_expression_landscape/{threads}_threads"),
            |b| {
                b.iter(|| {
                    pool.install(|| {
                        black_box(w1_with_landscape(expr.clone(), paths).expect("runs"))
                    })
                })
            },
        );
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
