//! Ornstein–Uhlenbeck and 1-D state-dependent diffusion against closed
//! forms, with fitted spatial orders (proofs-notes/fokker-planck-scharfetter-gummel.md).

use crate::common;

use common::{cumulative_trapezoid, fitted_order};
use sgdpde_fokker_planck::{
    Boundary, BoundaryConditions, DiagonalField, FokkerPlanck, Grid, Isotropic, Scheme, Stepper,
    smallest_eigenvalues, stationary,
};
use sgdpde_landscape::Quadratic;

const THETA: f64 = 1.0;
const D: f64 = 0.5;

fn ou(n: usize) -> FokkerPlanck {
    let grid = Grid::uniform_1d(-5.0, 5.0, n).unwrap();
    let bc = BoundaryConditions::uniform(1, Boundary::Reflecting);
    let l = Quadratic::diagonal(&[THETA], vec![0.0]).unwrap();
    FokkerPlanck::gradient(grid, bc, l, &Isotropic::new(1, D).unwrap()).unwrap()
}

fn gauss(x: f64, m: f64, v: f64) -> f64 {
    (-(x - m).powi(2) / (2.0 * v)).exp() / (2.0 * std::f64::consts::PI * v).sqrt()
}

/// Transient from N(1.5, 0.05) to t = 0.5 vs the exact Gaussian
/// `N(m₀e^{−θt}, v∞ + (v₀ − v∞)e^{−2θt})`, `v∞ = D/θ` (shared/math.md §3
/// with s² = 2D). TR-BDF2 with dt = 1/2000 makes the time error
/// (≈ dt² ≈ 2.5e-7) negligible against the spatial error (≥ 1e-5 here).
#[test]
fn ou_transient_spatial_order_two() {
    let (m0, v0, t) = (1.5, 0.05, 0.5);
    let (m, v) = (
        m0 * (-THETA * t).exp(),
        D / THETA + (v0 - D / THETA) * (-2.0 * THETA * t).exp(),
    );
    let mut hs = Vec::new();
    let mut errs = Vec::new();
    for n in [50, 100, 200, 400] {
        let fp = ou(n);
        let g = fp.grid();
        let mut u = g.map_centers(|x| gauss(x[0], m0, v0));
        let mut st = Stepper::new(&fp, Scheme::TrBdf2, 1.0 / 2000.0).unwrap();
        st.run(&mut u, 1000, |_, _| {}).unwrap();
        let exact = g.map_centers(|x| gauss(x[0], m, v));
        let err: f64 = u
            .iter()
            .zip(&exact)
            .map(|(a, b)| (a - b).abs())
            .sum::<f64>()
            * g.cell_volume();
        hs.push(g.spacing(0));
        errs.push(err);
    }
    let p = fitted_order(&hs, &errs);
    // SG with smooth coefficients: order 2; ±0.2 covers the pre-asymptotic
    // O(h) relative correction at these resolutions.
    assert!((p - 2.0).abs() < 0.2, "order {p}, errors {errs:?}");
    // and it converges: an 8× finer grid must gain well over a factor 10
    assert!(errs[3] < errs[0] / 10.0, "{errs:?}");
}

/// The first eigenvalues of −Q converge to nθ with order 2.
#[test]
fn ou_spectrum_converges_to_n_theta() {
    let mut hs = Vec::new();
    let mut errs = Vec::new();
    for n in [60, 120, 240, 480] {
        let fp = ou(n);
        let s = smallest_eigenvalues(&fp, 3).unwrap();
        let e =
            s.re.iter()
                .enumerate()
                .map(|(k, l)| (l - (k + 1) as f64 * THETA).abs())
                .fold(0.0, f64::max);
        hs.push(fp.grid().spacing(0));
        errs.push(e);
    }
    let p = fitted_order(&hs, &errs);
    assert!((p - 2.0).abs() < 0.1, "order {p}, errors {errs:?}");
}

/// Large grids use shift-invert Lanczos: it must agree with the dense
/// solver (same symmetric matrix; Ritz residual tolerance 1e-10).
#[test]
fn lanczos_agrees_with_dense() {
    let fp = ou(1500);
    let s = smallest_eigenvalues(&fp, 4).unwrap();
    assert_eq!(s.method, "symmetric-shift-invert-lanczos");
    for (k, l) in s.re.iter().enumerate() {
        // O(h²) discretisation error, h = 1/150: ≈ 3e-5·n²
        assert!((l - (k + 1) as f64).abs() < 1e-3, "{:?}", s.re);
    }
}

/// State-dependent D(x) = c(1 + x²), L = x²/2: the stationary density of the
/// Itô equation ∂ₜu = ∂(L′u) + ∂²(Du) is `(C/D) exp(−∫L′/D) ∝ (1 + x²)^{−1−1/(2c)}`.
/// The discrete stationary state converges with order 2.
#[test]
fn state_dependent_stationary_density_order_two() {
    let c = 0.25;
    let exact_unnorm = |x: f64| (1.0 + x * x).powf(-1.0 - 1.0 / (2.0 * c));
    // normalisation on [−4, 4] by trapezoid with 4e5 intervals (error ~1e-12)
    let (_, cum) = cumulative_trapezoid(-4.0, 4.0, 400_000, exact_unnorm);
    let z = *cum.last().unwrap();
    let mut hs = Vec::new();
    let mut errs = Vec::new();
    for n in [40, 80, 160, 320] {
        let grid = Grid::uniform_1d(-4.0, 4.0, n).unwrap();
        let bc = BoundaryConditions::uniform(1, Boundary::Reflecting);
        let l = Quadratic::diagonal(&[1.0], vec![0.0]).unwrap();
        let dfield = DiagonalField::new(1, move |x: &[f64], o: &mut [f64]| {
            o[0] = c * (1.0 + x[0] * x[0])
        });
        let fp = FokkerPlanck::gradient(grid, bc, l, &dfield).unwrap();
        let pi = stationary(&fp).unwrap();
        let g = fp.grid();
        let err: f64 = g
            .map_centers(|x| exact_unnorm(x[0]) / z)
            .iter()
            .zip(&pi)
            .map(|(a, b)| (a - b).abs())
            .sum::<f64>()
            * g.cell_volume();
        hs.push(g.spacing(0));
        errs.push(err);
        // and Q π = 0 to round-off
        let mut r = vec![0.0; n];
        fp.rate_matrix().mul_into(&pi, &mut r);
        let pmax = pi.iter().copied().fold(0.0, f64::max);
        assert!(
            r.iter()
                .all(|v| v.abs() < 1e-12 * fp.rate_matrix().max_rate() * pmax)
        );
    }
    let p = fitted_order(&hs, &errs);
    assert!((p - 2.0).abs() < 0.15, "order {p}, errors {errs:?}");
}

/// The Itô form matters: with ∂(D ∂u) instead of ∂²(D u) the stationary
/// density would be ∝ exp(−∫L′/D) (no 1/D factor); our scheme must be far
/// from that one — the L¹ gap is O(1), much larger than the O(h²) error.
#[test]
fn ito_not_fickian() {
    let c = 0.25;
    let grid = Grid::uniform_1d(-4.0, 4.0, 200).unwrap();
    let bc = BoundaryConditions::uniform(1, Boundary::Reflecting);
    let l = Quadratic::diagonal(&[1.0], vec![0.0]).unwrap();
    let dfield = DiagonalField::new(1, move |x: &[f64], o: &mut [f64]| {
        o[0] = c * (1.0 + x[0] * x[0])
    });
    let fp = FokkerPlanck::gradient(grid, bc, l, &dfield).unwrap();
    let pi = stationary(&fp).unwrap();
    let g = fp.grid();
    let mut fick = g.map_centers(|x| (1.0 + x[0] * x[0]).powf(-1.0 / (2.0 * c)));
    let z = g.mass(&fick);
    fick.iter_mut().for_each(|v| *v /= z);
    let gap: f64 = pi
        .iter()
        .zip(&fick)
        .map(|(a, b)| (a - b).abs())
        .sum::<f64>()
        * g.cell_volume();
    assert!(gap > 0.1, "gap {gap}");
}
