//! The backward solve never returns a number theory rules out
//! (`proofs-notes/backward-precision.md`): in 1-D the cancellation-free
//! elimination keeps every digit where LU loses them all; in 2-D a lost
//! solve is a typed error.

use sgdpde_fokker_planck::prelude::*;
use sgdpde_fokker_planck::{ExitTime, FpError, committor, mean_exit_time};
use sgdpde_landscape::{CoupledDoubleWell, DoubleWell};

/// `E τ` from the left well of `x⁴/4 − x²/2` to the barrier top at ε = 0.01:
/// `≈ e^{50}`, far beyond `1/u`. LU gave −3e14 here.
#[test]
fn one_d_metastable_exit_time_is_positive_and_monotone() {
    let grid = Grid::uniform_1d(-2.5, 2.5, 800).unwrap();
    let target = grid.mask(|x| x[0] >= 0.0);
    let bc = BoundaryConditions::uniform(1, Boundary::Reflecting);
    let fp = FokkerPlanck::gradient(
        grid.clone(),
        bc,
        DoubleWell::new(0.0).unwrap(),
        &Isotropic::from_temperature(1, 0.01).unwrap(),
    )
    .unwrap();
    let t = mean_exit_time(&fp, &target).unwrap().values();
    let inside: Vec<f64> = (0..800).filter(|&i| !target[i]).map(|i| t[i]).collect();
    // Theory: T > 0 off the target, and non-increasing towards the exit
    // (from x < −1 the path must pass x + h first).
    assert!(inside.iter().all(|&v| v > 0.0));
    // Up to the O(n·u) relative round-off per cell of the elimination (the
    // well bottom is flat to far below that).
    let tol = 4.0 * 800.0 * f64::EPSILON;
    assert!(inside.windows(2).all(|w| w[1] <= w[0] * (1.0 + tol)));
    // Arrhenius scale: E τ = e^{2ΔL/ε} × O(1) prefactor (ΔL = 1/4).
    let ExitTime::Finite(t0) = mean_exit_time(&fp, &target)
        .unwrap()
        .at(grid.locate(&[-1.0]).unwrap())
    else {
        panic!("exit is certain")
    };
    let ratio = t0 / 50f64.exp();
    assert!((1.0..100.0).contains(&ratio), "E τ / e^50 = {ratio}");
}

/// 1-D committor between the wells at ε = 0.01: in [0, 1] and monotone.
#[test]
fn one_d_metastable_committor_stays_a_probability() {
    let grid = Grid::uniform_1d(-2.0, 2.0, 400).unwrap();
    let a = grid.mask(|x| x[0] <= -1.0);
    let b = grid.mask(|x| x[0] >= 1.0);
    let bc = BoundaryConditions::uniform(1, Boundary::Reflecting);
    let fp = FokkerPlanck::gradient(
        grid,
        bc,
        DoubleWell::new(0.0).unwrap(),
        &Isotropic::from_temperature(1, 0.01).unwrap(),
    )
    .unwrap();
    let q = committor(&fp, &a, &b).unwrap();
    assert!(q.iter().all(|v| (0.0..=1.0).contains(v)));
    let tol = 4.0 * 400.0 * f64::EPSILON;
    assert!(q.windows(2).all(|w| w[1] >= w[0] - tol * w[1].max(w[0])));
}

/// 2-D: no cancellation-free elimination, so the lost solve is a typed error
/// carrying the condition number and the bound.
#[test]
fn two_d_lost_solve_is_a_typed_error() {
    let grid = Grid::new(&[-2.0, -2.0], &[2.0, 2.0], &[50, 50]).unwrap();
    let target = grid.mask(|x| x[0] >= 0.0);
    let bc = BoundaryConditions::uniform(2, Boundary::Reflecting);
    let fp = FokkerPlanck::gradient(
        grid,
        bc,
        CoupledDoubleWell::new(2.0, 0.5).unwrap(),
        &Isotropic::from_temperature(2, 0.01).unwrap(),
    )
    .unwrap();
    match mean_exit_time(&fp, &target) {
        Err(FpError::PrecisionLoss {
            condition, bound, ..
        }) => {
            assert!(bound > sgdpde_fokker_planck::MAX_RELATIVE_ERROR);
            assert!(condition * f64::EPSILON <= bound * (1.0 + 1e-12));
        }
        other => panic!("expected PrecisionLoss, got {other:?}"),
    }
}
