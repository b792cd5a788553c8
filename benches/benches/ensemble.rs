//! Ensemble throughput (path-steps per second) of the library against a
//! plain hand-written loop with the same generator and normal sampler.
//!
//! Workload (issue 3): `dX = −(X³ − X) dt + √(2·0.25) dW`, `x₀ = −1`,
//! 10⁵ paths × 10³ steps, `dt = 1e-3`, Euler–Maruyama. Both sides draw path
//! `i`'s normals from `ChaCha8Rng::seed_from_u64(seed)` on stream `i` with
//! `rand_distr::StandardNormal`, and both reduce the terminal states (the
//! library with its Welford moments, the loop with a plain sum), so the only
//! difference is the library's generic driver. Single-threaded (a one-thread
//! rayon pool) and multi-threaded (the default pool; the loop is then
//! parallelised over the same fixed chunks of 256 paths).
//!
//! Acceptance: library ≥ 90% of the hand-written loop's throughput.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::StandardNormal;
use rayon::prelude::*;
use sgdpde_landscape::DoubleWell;
use sgdpde_sde::{Ensemble, EulerMaruyama, Moments, SdeModel, Temperature};
use std::hint::black_box;

const PATHS: u64 = 100_000;
const STEPS: u64 = 1_000;
const DT: f64 = 1e-3;
const EPS: f64 = 0.5;
const SEED: u64 = 12345;
const CHUNK: u64 = 256;

/// Paths `range` of the hand-written loop; returns the sum of the terminal
/// states (so nothing is optimised away).
fn hand_paths(base: &ChaCha8Rng, range: std::ops::Range<u64>) -> f64 {
    let noise = EPS.sqrt() * DT.sqrt();
    let mut sum = 0.0;
    for i in range {
        let mut rng = base.clone();
        rng.set_stream(i);
        let mut x = -1.0f64;
        for _ in 0..STEPS {
            let z: f64 = rng.sample(StandardNormal);
            x += -(x * x * x - x) * DT + noise * z;
        }
        sum += x;
    }
    sum
}

fn hand_loop() -> f64 {
    let base = ChaCha8Rng::seed_from_u64(SEED);
    (0..PATHS.div_ceil(CHUNK))
        .into_par_iter()
        .map(|c| hand_paths(&base, c * CHUNK..((c + 1) * CHUNK).min(PATHS)))
        .collect::<Vec<f64>>()
        .iter()
        .sum()
}

fn library() -> f64 {
    let sde =
        SdeModel::langevin(DoubleWell::symmetric(), Temperature::epsilon(EPS).unwrap()).unwrap();
    let run = Ensemble::new(PATHS, DT, STEPS as f64 * DT, SEED)
        .unwrap()
        .with_chunk_size(CHUNK)
        .unwrap();
    let m = run
        .run(&sde, &EulerMaruyama, &[-1.0], &Moments::new(1))
        .unwrap();
    m[0].mean()[0]
}

fn bench(c: &mut Criterion) {
    let single = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let multi = rayon::ThreadPoolBuilder::new().build().unwrap();
    let threads = multi.current_num_threads();
    let mut g = c.benchmark_group("ensemble_double_well_1e5x1e3");
    g.throughput(Throughput::Elements(PATHS * STEPS));
    g.sample_size(10);
    g.bench_function("hand_loop/1_thread", |b| {
        b.iter(|| single.install(|| black_box(hand_loop())))
    });
    g.bench_function("library/1_thread", |b| {
        b.iter(|| single.install(|| black_box(library())))
    });
    g.bench_function(format!("hand_loop/{threads}_threads"), |b| {
        b.iter(|| multi.install(|| black_box(hand_loop())))
    });
    g.bench_function(format!("library/{threads}_threads"), |b| {
        b.iter(|| multi.install(|| black_box(library())))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
