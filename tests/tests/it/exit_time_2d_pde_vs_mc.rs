//! Mean exit time of the 2-D double well by the backward PDE
//! (`sgdpde_fokker_planck::mean_exit_time`) against bridge-corrected Monte
//! Carlo from `sgdpde_sde`.
//!
//! `dX = −∇L dt + √ε dW` on the catalogue's `double-well-2d`,
//! `L = (x² − 1)²/4 + (ω/2)(y − κx)²` with ω = 2, κ = ½ (not separable:
//! the valley `y = κx` is tilted), ε = 0.5, from the minimum `(−1, −κ)`
//! until `X₁ ≥ 0` (the line through the saddle `(0, 0)`).
//!
//! * PDE: `Qᵀ T = −1` on `[−4, 0] × [−κ − 2, −κ + 2]`, reflecting except the
//!   absorbing face `x = 0`. `L(−4, ·) − L(−1, −κ) ≥ 56` puts a Gibbs weight
//!   `e^{−225}` beyond the left wall. Second order in h; grids refined by 3
//!   with `n_x ≡ 2 (mod 4)` and odd `n_y` keep the start a cell centre, and
//!   the fine-grid error (≈ 1/8 of the coarse–fine difference) is bounded by
//!   that difference.
//! * Monte Carlo: Euler–Maruyama with the Brownian-bridge crossing test,
//!   bias O(dt) (≈ 2·dt relative on the 1-D well,
//!   `tests/tests/it/exit_time_double_well.rs`: 0.2 % here, ≈ 0.15 SE).
//!
//! Derivations: proofs-notes/exit-times.md, proofs-notes/fokker-planck-backward.md,
//! proofs-notes/experiment-escape.md.

use sgdpde_fokker_planck::{
    Boundary, BoundaryConditions, ExitTime, FokkerPlanck, Grid, Isotropic, mean_exit_time,
};
use sgdpde_landscape::CoupledDoubleWell;
use sgdpde_sde::{EulerMaruyama, ExitTimes, HalfSpace, SdeModel, Temperature};

/// Standard errors allowed (fixed seed: deterministic).
const K_SE: f64 = 3.0;
const EPS: f64 = 0.5;
const OMEGA: f64 = 2.0;
const KAPPA: f64 = 0.5;
const X0: [f64; 2] = [-1.0, -KAPPA];

fn pde(nx: usize, ny: usize) -> f64 {
    let land = CoupledDoubleWell::new(OMEGA, KAPPA).unwrap();
    let grid = Grid::new(&[-4.0, X0[1] - 2.0], &[0.0, X0[1] + 2.0], &[nx, ny]).unwrap();
    let c = grid.coordinate(0, grid.locate(&X0).unwrap() % nx);
    assert!((c - X0[0]).abs() < 1e-12, "start not a cell centre: {c}");
    let bc = BoundaryConditions::per_axis(vec![
        (Boundary::Reflecting, Boundary::Absorbing),
        (Boundary::Reflecting, Boundary::Reflecting),
    ])
    .unwrap();
    let fp = FokkerPlanck::gradient(
        grid,
        bc,
        land,
        &Isotropic::from_temperature(2, EPS).unwrap(),
    )
    .unwrap();
    let t = mean_exit_time(&fp, &vec![false; fp.grid().len()]).unwrap();
    match t.at_point(fp.grid(), &X0) {
        Some(ExitTime::Finite(v)) => v,
        other => panic!("exit is certain from the start cell, got {other:?}"),
    }
}

#[test]
fn pde_mean_exit_time_matches_bridged_monte_carlo_in_2d() {
    let coarse = pde(62, 41);
    let fine = pde(186, 123);
    let grid_err = (coarse - fine).abs();
    // Second order with ratio 3: the fine error is ≈ grid_err/8 ≪ SE.
    assert!(
        grid_err < 0.01 * fine,
        "PDE not converged: {coarse} vs {fine}"
    );

    let sde = SdeModel::langevin(
        CoupledDoubleWell::new(OMEGA, KAPPA).unwrap(),
        Temperature::epsilon(EPS).unwrap(),
    )
    .unwrap();
    let dom = HalfSpace::new(vec![1.0, 0.0], 0.0).unwrap();
    // E τ ≈ 6.5 and τ is close to exponential: P(τ > 300) ≈ e^{−46}.
    let run = ExitTimes::new(4000, 1e-3, 300.0, 11).unwrap();
    let mc = run.run_bridged(&sde, &EulerMaruyama, &X0, &dom).unwrap();
    assert_eq!(mc.censored(), 0);
    let m = mc.mean_exit_time();
    eprintln!(
        "PDE {coarse:.5} (62×41) {fine:.5} (186×123); MC {:.5} ± {:.5} ({} paths)",
        m.mean, m.std_error, m.n
    );
    assert!(
        (m.mean - fine).abs() <= K_SE * m.std_error + grid_err,
        "MC {} ± {} vs PDE {fine} (grid error bound {grid_err})",
        m.mean,
        m.std_error
    );
}
