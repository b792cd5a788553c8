//! Fokker–Planck workloads W3 and W4 (issue 7; parameters in
//! `sgdpde_benches::workloads::{w3, w4}`), end to end (assembly,
//! factorisation, time stepping), with their accuracy printed once:
//!
//! * W3: `L = (x²−1)²/4`, D = 0.25, [−3, 3], 500 and 2000 cells,
//!   reflecting, Gaussian start at −1 (sd 0.1), to t = 5 and t = 50 —
//!   TR-BDF2 (Thomas), 30 steps per unit time to t = 5, 4 after;
//! * W4: `L = (x²−1)²/4 + y²/2`, D = 0.25, [−3, 3]², 200 × 200 cells, to
//!   t = 5 — TR-BDF2 (sparse Cholesky of the symmetrised operator), 16 steps.
//!
//! Accuracy: L¹ to a time-converged reference on the same grid (16× the
//! steps in 1-D, 200 steps in 2-D: second order, so the reference's own
//! error is ≤ 1/150 of the measured one), L¹ to the discrete Gibbs state,
//! and the mass error, asserted against the round-off bound
//! `steps · cells · ε` (each step's solve and the mass sum lose at most a
//! few ulps per cell). In test mode: 500 cells and 50 × 50.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sgdpde_benches::fp::{l1, w3_gibbs, w3_solve, w3_steps, w4_solve};
use sgdpde_benches::size_for_mode;
use sgdpde_benches::workloads::{w3, w4};

fn check_mass(name: &str, mass_error: f64, steps: usize, cells: usize) {
    let bound = (steps * cells) as f64 * f64::EPSILON;
    assert!(
        mass_error <= bound,
        "{name}: mass error {mass_error:e} above round-off bound {bound:e}"
    );
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("fokker_planck");
    group.sample_size(10);
    let cells_1d: Vec<usize> = size_for_mode(w3::CELLS.to_vec(), vec![500]);
    for cells in cells_1d {
        let pi = w3_gibbs(cells).expect("assembles");
        for t_end in w3::T_END {
            let (g, u) = w3_solve(cells, t_end, 1).expect("solves");
            let (_, reference) = w3_solve(cells, t_end, w3::REFERENCE_FACTOR).expect("solves");
            let (early, late) = w3_steps(t_end, 1);
            let mass_error = (g.mass(&u) - 1.0).abs();
            eprintln!(
                "W3 {cells} cells, t = {t_end}: L1 to reference {:.2e}, L1 to Gibbs {:.4e}, mass error {mass_error:.1e}",
                l1(&g, &u, &reference),
                l1(&g, &u, &pi)
            );
            check_mass("W3", mass_error, early + late, cells);
            group.throughput(Throughput::Elements(((early + late) * cells) as u64));
            group.bench_function(format!("w3_1d_{cells}_cells_t{t_end}"), |b| {
                b.iter(|| black_box(w3_solve(black_box(cells), t_end, 1).expect("solves")))
            });
        }
    }
    let n = size_for_mode(w4::CELLS, 50);
    let (g, u) = w4_solve(n, w4::STEPS).expect("solves");
    let (_, reference) = w4_solve(n, w4::REFERENCE_STEPS).expect("solves");
    let mass_error = (g.mass(&u) - 1.0).abs();
    eprintln!(
        "W4 {n}x{n}: L1 to reference {:.2e}, mass error {mass_error:.1e}",
        l1(&g, &u, &reference)
    );
    check_mass("W4", mass_error, w4::STEPS, n * n);
    group.throughput(Throughput::Elements((w4::STEPS * n * n) as u64));
    group.bench_function(format!("w4_2d_{n}x{n}_t5"), |b| {
        b.iter(|| black_box(w4_solve(black_box(n), w4::STEPS).expect("solves")))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
