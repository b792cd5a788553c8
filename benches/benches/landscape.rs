//! Cost of one gradient evaluation per catalogue landscape, monomorphised
//! (concrete type) against dispatched through `AnyLandscape`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sgdpde_landscape::{
    AnyLandscape, CATALOGUE, KnownCriticalPoints, LandscapeHessian, LandscapeVisitor,
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

criterion_group!(benches, gradients);
criterion_main!(benches);
