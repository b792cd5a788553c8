//! Stationary-state and mean-exit-time PDE solves on 1-D grids of 250 …
//! 4000 cells and 2-D grids of 50² … 200² cells, so the cost's growth with
//! the grid size is visible (`Throughput::Elements(cells)`: cells per
//! second should stay flat for an O(n) solver).
//!
//! * 1-D mean exit time of the double well (D = 0.25) from −1 through 0,
//!   backward equation on [−3, 0] (Thomas); its error against the exact
//!   quadrature is printed (second order in h);
//! * 1-D stationary state (closed form for a 1-D chain: O(n));
//! * 2-D mean exit time of W4's double well from (−1, 0) into {x ≥ 0}
//!   (sparse LU of the restricted generator);
//! * 2-D stationary state of a non-reversible drift (W4 gradient plus a
//!   rotation: shifted inverse iteration with a sparse LU).
//!
//! In test mode: 250 and 500 cells, 20² and 40².

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use sgdpde_benches::fp::{exit_time_1d, exit_time_2d, stationary_1d, stationary_2d};
use sgdpde_benches::monte_carlo::w2_exact;
use sgdpde_benches::size_for_mode;

fn one_d(c: &mut Criterion) {
    let sizes = size_for_mode(vec![250, 500, 1000, 2000, 4000], vec![250, 500]);
    let exact = w2_exact(0.25).expect("quadrature");
    let mut g = c.benchmark_group("pde_1d");
    for &n in &sizes {
        let t = exit_time_1d(n).expect("solves");
        eprintln!(
            "1-D mean exit time, {n} cells: {t:.6} (exact {exact:.6}, rel. error {:.1e})",
            t / exact - 1.0
        );
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::new("mean_exit_time", n), &n, |b, &n| {
            b.iter(|| black_box(exit_time_1d(n).expect("solves")))
        });
        g.bench_with_input(BenchmarkId::new("stationary", n), &n, |b, &n| {
            b.iter(|| black_box(stationary_1d(n).expect("solves")))
        });
    }
    g.finish();
}

fn two_d(c: &mut Criterion) {
    let sizes = size_for_mode(vec![50, 100, 200], vec![20, 40]);
    let mut g = c.benchmark_group("pde_2d");
    g.sample_size(10);
    for &n in &sizes {
        g.throughput(Throughput::Elements((n * n) as u64));
        g.bench_with_input(BenchmarkId::new("mean_exit_time", n * n), &n, |b, &n| {
            b.iter(|| black_box(exit_time_2d(n).expect("solves")))
        });
        g.bench_with_input(
            BenchmarkId::new("stationary_nonreversible", n * n),
            &n,
            |b, &n| b.iter(|| black_box(stationary_2d(n).expect("solves"))),
        );
    }
    g.finish();
}

criterion_group!(benches, one_d, two_d);
criterion_main!(benches);
