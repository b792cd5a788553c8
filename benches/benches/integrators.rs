//! Per-step cost of every integrator (`IntegratorKind::ALL`, plus the exact
//! sampler of linear SDEs where the drift is linear) on 1-D, 2-D and
//! d = 100 problems with additive (isotropic), diagonal state-dependent and
//! rank-deficient constant (`d × m`, `m < d`) noise
//! (`sgdpde_benches::problems`). Each iteration runs an `Ensemble` of
//! `paths × steps` on one thread, so `Throughput::Elements(path-steps)`
//! reads as path-steps per second per core, the cost a user pays
//! (drift, diffusion, normals, driver).
//!
//! Skipped combinations, because the method's `MethodInfo::noise` is not
//! met by the model's noise class (the library refuses them with
//! `SdeError::IncompatibleNoise`):
//! * KP1.5 (`kp15-additive`) needs additive noise — not on diagonal noise;
//! * Leimkuhler–Matthews needs overdamped Langevin (isotropic noise) — not
//!   on diagonal or rank-deficient noise;
//! * rank-deficient noise does not exist in 1-D (`m < d = 1`);
//! * the exact sampler needs a linear drift: only the d = 100 quadratic.
//!
//! In test mode: 8 paths × 10 steps.

use std::hint::black_box;

use criterion::{
    BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main, measurement::WallTime,
};
use sgdpde_benches::problems::{
    AdditiveSde, Dim, additive, diagonal, exact_linear_100, rank_deficient, run_exact_linear,
    run_kind,
};
use sgdpde_benches::size_for_mode;
use sgdpde_benches::workloads::double_well_2d;
use sgdpde_landscape::{DoubleWell, Quadratic};
use sgdpde_sde::{Ensemble, IntegratorKind, SdeDerivative};

const DT: f64 = 1e-3;
const SEED: u64 = 5;

/// `(paths, steps)` per dimension: 10⁶ path-steps in 1-D/2-D, 10⁴ at d = 100.
fn size(dim: Dim) -> (u64, u64) {
    let full = match dim {
        Dim::One | Dim::Two => (1_000, 1_000),
        Dim::Hundred => (100, 100),
    };
    size_for_mode(full, (8, 10))
}

fn methods<S: SdeDerivative>(
    g: &mut BenchmarkGroup<'_, WallTime>,
    pool: &rayon::ThreadPool,
    sde: &S,
    dim: Dim,
) {
    let (paths, steps) = size(dim);
    let run = Ensemble::new(paths, DT, steps as f64 * DT, SEED).expect("valid run");
    let x0 = dim.x0();
    g.throughput(Throughput::Elements(paths * steps));
    for &kind in IntegratorKind::ALL {
        // `run_kind` returns None when the noise class is unsupported (see
        // the module docs); such combinations are not benchmarked.
        if run_kind(kind, sde, &run, &x0).expect("runs").is_none() {
            continue;
        }
        g.bench_function(kind.name(), |b| {
            b.iter(|| pool.install(|| black_box(run_kind(kind, sde, &run, &x0).expect("runs"))))
        });
    }
}

fn bench(c: &mut Criterion) {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("thread pool");
    for dim in Dim::ALL {
        let d = dim.d();
        let mut g = c.benchmark_group(format!("step/additive/{d}d"));
        match additive(dim).expect("valid") {
            AdditiveSde::One(s) => methods(&mut g, &pool, &s, dim),
            AdditiveSde::Two(s) => methods(&mut g, &pool, &s, dim),
            AdditiveSde::Hundred(s) => {
                methods(&mut g, &pool, &s, dim);
                let (paths, steps) = size(dim);
                let ex = exact_linear_100(DT).expect("valid");
                let x0 = dim.x0();
                g.bench_function("exact-linear", |b| {
                    b.iter(|| black_box(run_exact_linear(&ex, &x0, paths, steps, SEED)))
                });
            }
        }
        g.finish();

        let mut g = c.benchmark_group(format!("step/diagonal/{d}d"));
        match dim {
            Dim::One => methods(
                &mut g,
                &pool,
                &diagonal(DoubleWell::symmetric()).expect("valid"),
                dim,
            ),
            Dim::Two => methods(
                &mut g,
                &pool,
                &diagonal(double_well_2d()).expect("valid"),
                dim,
            ),
            Dim::Hundred => methods(
                &mut g,
                &pool,
                &diagonal(quadratic_100()).expect("valid"),
                dim,
            ),
        }
        g.finish();

        // Rank-deficient noise needs m < d: none in 1-D.
        if dim != Dim::One {
            let mut g = c.benchmark_group(format!("step/rank_deficient/{d}d"));
            match dim {
                Dim::Two => methods(
                    &mut g,
                    &pool,
                    &rank_deficient(double_well_2d()).expect("valid"),
                    dim,
                ),
                _ => methods(
                    &mut g,
                    &pool,
                    &rank_deficient(quadratic_100()).expect("valid"),
                    dim,
                ),
            }
            g.finish();
        }
    }
}

fn quadratic_100() -> Quadratic {
    Quadratic::diagonal(&Dim::curvatures(), vec![0.0; 100]).expect("positive curvatures")
}

criterion_group!(benches, bench);
criterion_main!(benches);
