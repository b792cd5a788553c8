//! Cost of one gradient evaluation per catalogue landscape (monomorphised
//! through the visitor), and of the critical-point machinery on Müller–Brown:
//! one Newton solve, one multi-start search, one climbing-string path.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sgdpde_landscape::critical::{
    FindAllOptions, NewtonOptions, StringOptions, find_all, minimum_energy_path,
    newton_critical_point,
};
use sgdpde_landscape::{
    AnyLandscape, CATALOGUE, KnownCriticalPoints, LandscapeHessian, LandscapeVisitor, MullerBrown,
};

const N: u64 = 1024;

struct GradientLoop<'a, 'g>(
    &'a mut criterion::BenchmarkGroup<'g, criterion::measurement::WallTime>,
    &'static str,
);

impl LandscapeVisitor for GradientLoop<'_, '_> {
    type Output = ();
    fn visit<L: LandscapeHessian + KnownCriticalPoints + Clone + 'static>(self, l: &L) {
        let d = l.dim();
        let mut x = vec![0.3; d];
        let mut g = vec![0.0; d];
        self.0.bench_function(format!("{}/gradient", self.1), |b| {
            b.iter(|| {
                for k in 0..N {
                    x[0] = 0.3 + 1e-4 * k as f64;
                    l.gradient_into(black_box(&x), &mut g);
                    black_box(&g);
                }
            })
        });
    }
}

fn gradients(c: &mut Criterion) {
    let mut group = c.benchmark_group("landscape");
    group.throughput(Throughput::Elements(N));
    for e in CATALOGUE {
        let l = AnyLandscape::from_catalogue(e.name, &[]).expect("defaults are valid");
        l.visit(GradientLoop(&mut group, e.name));
    }
    group.finish();
}

fn critical_points(c: &mut Criterion) {
    let mut group = c.benchmark_group("critical/muller-brown");
    group.throughput(Throughput::Elements(1));
    group.bench_function("newton", |b| {
        b.iter(|| {
            newton_critical_point(
                &MullerBrown,
                black_box(&[-0.5, 1.3]),
                &NewtonOptions::default(),
            )
        })
    });
    let opts = FindAllOptions {
        starts: 100,
        ..FindAllOptions::default()
    };
    group.bench_function("find_all/100-starts", |b| {
        b.iter(|| find_all(&MullerBrown, black_box(&[[-1.5, 1.2], [-0.5, 2.0]]), &opts))
    });
    let [a, _, m] = MullerBrown::PUBLISHED_MINIMA;
    group.bench_function("string/A-C", |b| {
        b.iter(|| minimum_energy_path(&MullerBrown, black_box(&a), &m, &StringOptions::default()))
    });
    group.finish();
}

criterion_group!(benches, gradients, critical_points);
criterion_main!(benches);
