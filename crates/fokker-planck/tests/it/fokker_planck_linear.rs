//! 2-D linear SDE `dX = A X dt + B dW` with rank-one noise: stationary
//! covariance against the Lyapunov solution (shared/math.md §3).

use crate::common;

use common::fitted_order;
use sgdpde_fokker_planck::{
    Boundary, BoundaryConditions, ConstantTensor, FokkerPlanck, Grid, VectorDrift, stationary,
};

const A: [f64; 2] = [1.0, 10.0]; // A = −diag(1, 10)

fn drift() -> VectorDrift<impl Fn(&[f64], &mut [f64])> {
    VectorDrift::new(2, |x: &[f64], o: &mut [f64]| {
        o[0] = -A[0] * x[0];
        o[1] = -A[1] * x[1];
    })
}

/// Mean and covariance of a grid density.
fn moments(g: &Grid, u: &[f64]) -> [f64; 5] {
    let v = g.cell_volume();
    let c = g.centers();
    let mut m = [0.0; 5];
    for (i, &p) in u.iter().enumerate() {
        let (x, y) = (c[2 * i], c[2 * i + 1]);
        m[0] += v * p * x;
        m[1] += v * p * y;
        m[2] += v * p * x * x;
        m[3] += v * p * x * y;
        m[4] += v * p * y * y;
    }
    [
        m[0],
        m[1],
        m[2] - m[0] * m[0],
        m[3] - m[0] * m[1],
        m[4] - m[1] * m[1],
    ]
}

/// Controllable case B = √τ(1, 1)ᵀ: Σ∞ᵢⱼ = τ/(aᵢ + aⱼ) (Lyapunov
/// `AΣ + ΣAᵀ + BBᵀ = 0` with diagonal A) is full rank. D = (τ/2)[[1,1],[1,1]]
/// is carried entirely by diagonal jumps (hx = hy makes the reduced axis
/// diffusion exactly 0), the axes are upwinded: first order expected.
#[test]
fn rank_one_controllable_covariance_converges() {
    let tau = 1.0f64;
    let exact = [tau / 2.0, tau / 11.0, tau / 20.0];
    let d = ConstantTensor::from_factor(2, 1, &[tau.sqrt(), tau.sqrt()]).unwrap();
    let mut hs = Vec::new();
    let mut errs = Vec::new();
    for k in [10usize, 20, 40, 80] {
        // [−3, 3] × [−1.2, 1.2] with hx = hy = 1.2/k
        let grid = Grid::new(&[-3.0, -1.2], &[3.0, 1.2], &[5 * k, 2 * k]).unwrap();
        let bc = BoundaryConditions::uniform(2, Boundary::Reflecting);
        let fp = FokkerPlanck::new(grid, bc, &drift(), &d).unwrap();
        let pi = stationary(&fp).unwrap();
        assert!(pi.iter().all(|&p| p >= 0.0));
        let m = moments(fp.grid(), &pi);
        let e = (m[2] - exact[0])
            .abs()
            .max((m[3] - exact[1]).abs())
            .max((m[4] - exact[2]).abs());
        hs.push(fp.grid().spacing(0));
        errs.push(e);
    }
    let p = fitted_order(&hs, &errs);
    // upwinded axes: order 1 (±0.25 for pre-asymptotic terms)
    assert!(p > 0.75, "order {p}, errors {errs:?}");
    // the limit is full rank: the finest covariance has det within the
    // O(h) error of det Σ∞ = τ²(1/40 − 1/121) > 0
    let det_exact = exact[0] * exact[2] - exact[1] * exact[1];
    let grid = Grid::new(&[-3.0, -1.2], &[3.0, 1.2], &[400, 160]).unwrap();
    let bc = BoundaryConditions::uniform(2, Boundary::Reflecting);
    let fp = FokkerPlanck::new(grid, bc, &drift(), &d).unwrap();
    let m = moments(fp.grid(), &stationary(&fp).unwrap());
    let det = m[2] * m[4] - m[3] * m[3];
    assert!(
        (det - det_exact).abs() < 0.25 * det_exact,
        "det {det} vs {det_exact}"
    );
}

/// Singular case B = √τ(1, 0)ᵀ along an eigenvector of A: Σ∞ = diag(τ/2, 0).
/// The discrete stationary density lives exactly on the row y = 0 (the y
/// direction is pure upwinded transport into it), it is not smoothed into a
/// 2-D density, and Σₓₓ = τ/2.
#[test]
fn rank_one_singular_collapses_onto_a_line() {
    let tau = 1.0f64;
    let d = ConstantTensor::from_factor(2, 1, &[tau.sqrt(), 0.0]).unwrap();
    let mut hs = Vec::new();
    let mut errs = Vec::new();
    for k in [20usize, 40, 80, 160] {
        // odd number of rows so y = 0 is a row of centres
        // x ∈ [−5, 5]: 7 standard deviations, truncation of Σₓₓ ≈ 1e-10
        let grid = Grid::new(&[-5.0, -1.0], &[5.0, 1.0], &[k, 21]).unwrap();
        let bc = BoundaryConditions::uniform(2, Boundary::Reflecting);
        let fp = FokkerPlanck::new(grid, bc, &drift(), &d).unwrap();
        let pi = stationary(&fp).unwrap();
        let g = fp.grid();
        let off_line: f64 = g.mass(
            &pi.iter()
                .enumerate()
                .map(|(i, &p)| if i / k == 10 { 0.0 } else { p })
                .collect::<Vec<_>>(),
        );
        // inverse iteration damps the transient part by s/(s + λ) ≤ 1e-8 per
        // iteration: what is left off the line is round-off
        assert!(off_line < 1e-12, "mass off the line {off_line}");
        let m = moments(g, &pi);
        assert!(m[4] < 1e-12 && m[3].abs() < 1e-12);
        hs.push(g.spacing(0));
        errs.push((m[2] - tau / 2.0).abs());
    }
    // On the line the chain is the 1-D SG discretisation of OU, whose
    // stationary state is exactly the sampled Gibbs density e^{−x²/τ}; its
    // moments are midpoint sums of a Gaussian — spectrally accurate — so no
    // algebraic order is visible: the error is the 7σ truncation (≈1e-11)
    // at every resolution.
    assert!(
        errs.iter().all(|&e| e < 1e-9),
        "errors {errs:?} at h = {hs:?}"
    );
}
