//! Fokker–Planck transients of issue 4, end to end (assembly, factorisation,
//! time stepping), with their accuracy printed (and asserted) once:
//!
//! * 1-D: `L = (x²−1)²/4`, D = 0.25, [−3, 3], 2000 cells, reflecting, from a
//!   Gaussian at −1 (sd 0.1) to t = 5 — TR-BDF2 (Thomas), 150 steps;
//! * 2-D: `L = (x²−1)²/4 + y²/2`, D = 0.25, [−3, 3]², 200 × 200 cells, from a
//!   Gaussian at (−1, 0) (sd 0.1) to t = 5 — TR-BDF2 (sparse Cholesky of the
//!   symmetrised operator), 16 steps.
//!
//! Accuracy is the L¹ distance to a time-converged reference on the same
//! grid (TR-BDF2 with ≥ 12× more steps: its own error is ≤ 1/144 of the
//! measured one, second order) and the relative mass error.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use sgdpde_fokker_planck::{
    Boundary, BoundaryConditions, FokkerPlanck, Grid, Isotropic, Scheme, Stepper,
};
use sgdpde_landscape::{DoubleWell, Landscape};

/// `(x² − 1)²/4 + y²/2`.
#[derive(Debug, Clone, Copy)]
struct DoubleWell2d;

impl Landscape for DoubleWell2d {
    fn dim(&self) -> usize {
        2
    }
    fn value(&self, x: &[f64]) -> f64 {
        (x[0] * x[0] - 1.0).powi(2) / 4.0 + x[1] * x[1] / 2.0
    }
    fn gradient_into(&self, x: &[f64], g: &mut [f64]) {
        g[0] = x[0] * (x[0] * x[0] - 1.0);
        g[1] = x[1];
    }
}

fn gaussian(grid: &Grid, centre: &[f64], sd: f64) -> Vec<f64> {
    let mut u = grid.map_centers(|x| {
        (-x.iter()
            .zip(centre)
            .map(|(a, b)| (a - b).powi(2))
            .sum::<f64>()
            / (2.0 * sd * sd))
            .exp()
    });
    let m = grid.mass(&u);
    u.iter_mut().for_each(|v| *v /= m);
    u
}

/// Assemble, factorise, step: the whole solve.
fn solve<L: Landscape>(grid: &Grid, l: L, u0: &[f64], steps: usize) -> Vec<f64> {
    let d = grid.dim();
    let bc = BoundaryConditions::uniform(d, Boundary::Reflecting);
    let fp = FokkerPlanck::gradient(grid.clone(), bc, l, &Isotropic::new(d, 0.25).unwrap())
        .expect("valid problem");
    let mut u = u0.to_vec();
    let mut st = Stepper::new(&fp, Scheme::TrBdf2, 5.0 / steps as f64).expect("factorises");
    st.run(&mut u, steps, |_, _| {}).expect("finite");
    u
}

fn report(name: &str, grid: &Grid, u: &[f64], reference: &[f64], l1_target: f64) {
    let l1 = grid.cell_volume()
        * u.iter()
            .zip(reference)
            .map(|(a, b)| (a - b).abs())
            .sum::<f64>();
    let mass_err = (grid.mass(u) - 1.0).abs();
    eprintln!(
        "{name}: L1 to converged reference {l1:.3e} (target {l1_target:e}), mass error {mass_err:.1e}"
    );
    assert!(
        l1 <= l1_target && mass_err <= 1e-12,
        "{name}: accuracy target missed"
    );
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("fokker_planck");
    group.sample_size(10);

    let g1 = Grid::uniform_1d(-3.0, 3.0, 2000).unwrap();
    let u1 = gaussian(&g1, &[-1.0], 0.1);
    let reference = solve(&g1, DoubleWell::symmetric(), &u1, 4000);
    report(
        "1-D double well, 2000 cells",
        &g1,
        &solve(&g1, DoubleWell::symmetric(), &u1, 150),
        &reference,
        1e-6,
    );
    group.bench_function("1d_double_well_2000_cells_t5", |b| {
        b.iter(|| black_box(solve(&g1, DoubleWell::symmetric(), black_box(&u1), 150)))
    });

    let g2 = Grid::new(&[-3.0, -3.0], &[3.0, 3.0], &[200, 200]).unwrap();
    let u2 = gaussian(&g2, &[-1.0, 0.0], 0.1);
    let reference = solve(&g2, DoubleWell2d, &u2, 200);
    report(
        "2-D double well, 200x200 cells",
        &g2,
        &solve(&g2, DoubleWell2d, &u2, 16),
        &reference,
        1e-4,
    );
    group.bench_function("2d_double_well_200x200_t5", |b| {
        b.iter(|| black_box(solve(&g2, DoubleWell2d, black_box(&u2), 16)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
