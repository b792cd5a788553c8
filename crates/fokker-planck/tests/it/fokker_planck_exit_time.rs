//! Backward problems: mean exit time against exact quadrature (order fitted),
//! no-exit outcomes, committors, and the forward/backward duality
//! (proofs-notes/fokker-planck-backward.md).

use crate::common;

use common::{cumulative_trapezoid, fitted_order};
use sgdpde_fokker_planck::{
    Boundary, BoundaryConditions, DiagonalField, ExitTime, FokkerPlanck, FpError, Grid, Isotropic,
    Scheme, committor, mean_exit_time, survival_probability,
};
use sgdpde_landscape::{DoubleWell, Landscape, Quadratic};

const D: f64 = 0.25;
const A: f64 = -2.5;
const B: f64 = 0.5;

fn well(n: usize) -> FokkerPlanck {
    let grid = Grid::uniform_1d(A, B, n).unwrap();
    let bc =
        BoundaryConditions::per_axis(vec![(Boundary::Reflecting, Boundary::Absorbing)]).unwrap();
    FokkerPlanck::gradient(
        grid,
        bc,
        DoubleWell::symmetric(),
        &Isotropic::new(1, D).unwrap(),
    )
    .unwrap()
}

/// Reflecting at a, absorbing at b, generator `D T″ − L′ T′ = −1`:
/// `T(x) = ∫ₓᵇ (1/D) e^{L(y)/D} ∫ₐʸ e^{−L(z)/D} dz dy`.
/// Evaluated with cumulative trapezoids on 6·10⁵ intervals (relative error
/// ~1e-10, far below the discretisation errors measured here).
fn exact_exit_time() -> impl Fn(f64) -> f64 {
    let l = DoubleWell::symmetric();
    let m = 600_000;
    let (xs, inner) = cumulative_trapezoid(A, B, m, |z| (-l.value(&[z]) / D).exp());
    let h = (B - A) / m as f64;
    let f: Vec<f64> = xs
        .iter()
        .zip(&inner)
        .map(|(&y, &i)| (l.value(&[y]) / D).exp() * i / D)
        .collect();
    // outer[k] = ∫_{x_k}^{b} f
    let mut outer = vec![0.0; m + 1];
    for k in (0..m).rev() {
        outer[k] = outer[k + 1] + 0.5 * h * (f[k] + f[k + 1]);
    }
    move |x: f64| {
        let s = (x - A) / h;
        let k = (s.floor() as usize).min(m - 1);
        let t = s - k as f64;
        outer[k] * (1.0 - t) + outer[k + 1] * t
    }
}

#[test]
fn mean_exit_time_matches_quadrature_with_order_two() {
    let exact = exact_exit_time();
    let mut hs = Vec::new();
    let mut errs = Vec::new();
    for n in [30, 60, 120, 240, 480] {
        let fp = well(n);
        let t = mean_exit_time(&fp, &vec![false; n]).unwrap();
        assert!(t.all_finite());
        let v = t.values();
        let ex = fp.grid().map_centers(|x| exact(x[0]));
        // max error relative to max T (pointwise relative error is not
        // uniform: T itself is O(h) in the last cell)
        let tmax = ex.iter().copied().fold(0.0, f64::max);
        let err = v
            .iter()
            .zip(&ex)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max)
            / tmax;
        hs.push(fp.grid().spacing(0));
        errs.push(err);
    }
    let p = fitted_order(&hs, &errs);
    assert!((p - 2.0).abs() < 0.15, "order {p}, errors {errs:?}");
}

/// Duality: with implicit Euler, `dt Σ_{k≥1} S_k = vol·Tᵀu₀` exactly
/// (`Σₖ (I − dtQ)^{−k} = (−dt Q)^{−1}`); the tail after K steps is
/// `S_K/(1 − ρ)`, ρ = S_K/S_{K−1}.
#[test]
fn survival_integrates_to_the_mean_exit_time() {
    let n = 60;
    let fp = well(n);
    let t = mean_exit_time(&fp, &vec![false; n]).unwrap().values();
    let mut u0 = vec![0.0; n];
    let i0 = fp.grid().locate(&[-1.0]).unwrap();
    u0[i0] = 1.0 / fp.grid().cell_volume();
    let dt = 0.5;
    let s =
        survival_probability(&fp, &vec![false; n], &u0, Scheme::ImplicitEuler, dt, 2000).unwrap();
    assert!(s.windows(2).all(|w| w[1] <= w[0]) && s[0] <= 1.0);
    let k = s.len();
    let rho = s[k - 1] / s[k - 2];
    let integral = dt * s.iter().sum::<f64>() + dt * s[k - 1] * rho / (1.0 - rho);
    assert!(
        (integral - t[i0]).abs() < 1e-9 * t[i0],
        "{integral} vs {}",
        t[i0]
    );
}

/// Noise vanishing at the minimum of L = x²/2 (D = x², geometric Brownian
/// motion dX = −X dt + √2 X dW): X → 0 a.s., so exit from (−1, 1) is not
/// almost sure and the mean exit time is infinite everywhere — a typed
/// outcome, not a number.
#[test]
fn no_exit_when_noise_vanishes_at_the_minimum() {
    let grid = Grid::uniform_1d(-1.0, 1.0, 41).unwrap();
    let bc = BoundaryConditions::uniform(1, Boundary::Absorbing);
    let l = Quadratic::diagonal(&[1.0], vec![0.0]).unwrap();
    let d = DiagonalField::new(1, |x: &[f64], o: &mut [f64]| o[0] = x[0] * x[0]);
    let fp = FokkerPlanck::gradient(grid, bc, l, &d).unwrap();
    let t = mean_exit_time(&fp, &[false; 41]).unwrap();
    assert!(t.outcomes().iter().all(|&o| o == ExitTime::Never));
    // with noise bounded below, exit is certain
    let grid = Grid::uniform_1d(-1.0, 1.0, 41).unwrap();
    let bc = BoundaryConditions::uniform(1, Boundary::Absorbing);
    let l = Quadratic::diagonal(&[1.0], vec![0.0]).unwrap();
    let d = DiagonalField::new(1, |x: &[f64], o: &mut [f64]| o[0] = 0.05 + x[0] * x[0]);
    let fp = FokkerPlanck::gradient(grid, bc, l, &d).unwrap();
    assert!(mean_exit_time(&fp, &[false; 41]).unwrap().all_finite());
}

/// Brownian motion (L = 0): the discrete chain is a symmetric random walk,
/// so the committor between the end cells is exactly linear in the index.
#[test]
fn brownian_committor_is_linear() {
    let n = 21;
    let grid = Grid::uniform_1d(0.0, 1.0, n).unwrap();
    let bc = BoundaryConditions::uniform(1, Boundary::Reflecting);
    let flat = Quadratic::diagonal(&[0.0], vec![0.0]).unwrap();
    let fp = FokkerPlanck::gradient(grid, bc, flat, &Isotropic::new(1, 0.3).unwrap()).unwrap();
    let mut a = vec![false; n];
    let mut b = vec![false; n];
    a[0] = true;
    b[n - 1] = true;
    let q = committor(&fp, &a, &b).unwrap();
    for (i, v) in q.iter().enumerate() {
        // round-off of an n-point tridiagonal solve
        assert!((v - i as f64 / (n - 1) as f64).abs() < 1e-13, "{i}: {v}");
    }
    assert_eq!(
        committor(&fp, &a, &a),
        Err(FpError::OverlappingSets { cell: 0 })
    );
    assert_eq!(
        committor(&fp, &a, &vec![false; n]),
        Err(FpError::EmptyTarget { what: "B" })
    );
    assert_eq!(
        mean_exit_time(&fp, &vec![false; n]).unwrap_err(),
        FpError::EmptyTarget { what: "target" }
    );
    assert!(matches!(
        mean_exit_time(&fp, &[true]),
        Err(FpError::DimensionMismatch { .. })
    ));
}

/// 2-D separable check of the sparse (non-tridiagonal) path:
/// `L = (x⁴/4 − x²/2) + y²/2`, isotropic D, absorbing only at x = b. The
/// operator is a Kronecker sum `Q = Qₓ ⊕ Q_y` with `Q_yᵀ1 = 0`, so the 2-D
/// exit time is exactly the 1-D one in every row (to solver round-off).
#[test]
fn separable_2d_exit_time_equals_1d() {
    #[derive(Clone, Copy)]
    struct Sep;
    impl Landscape for Sep {
        fn dim(&self) -> usize {
            2
        }
        fn value(&self, x: &[f64]) -> f64 {
            DoubleWell::symmetric().value(&x[..1]) + 0.5 * x[1] * x[1]
        }
        fn gradient_into(&self, x: &[f64], g: &mut [f64]) {
            g[0] = x[0].powi(3) - x[0];
            g[1] = x[1];
        }
    }
    let (nx, ny) = (60, 15);
    let grid = Grid::new(&[A, -2.0], &[B, 2.0], &[nx, ny]).unwrap();
    let bc = BoundaryConditions::per_axis(vec![
        (Boundary::Reflecting, Boundary::Absorbing),
        (Boundary::Reflecting, Boundary::Reflecting),
    ])
    .unwrap();
    let fp2 = FokkerPlanck::gradient(grid, bc, Sep, &Isotropic::new(2, D).unwrap()).unwrap();
    let t2 = mean_exit_time(&fp2, &vec![false; nx * ny])
        .unwrap()
        .values();
    let t1 = mean_exit_time(&well(nx), &vec![false; nx])
        .unwrap()
        .values();
    let tmax = t1.iter().copied().fold(0.0, f64::max);
    for j in 0..ny {
        for i in 0..nx {
            // LU round-off: cond(−Q) ≈ max rate · max T ≈ 1e6 → 1e-9 relative
            assert!((t2[i + nx * j] - t1[i]).abs() < 1e-9 * tmax, "({i},{j})");
        }
    }
    let x0 = [-1.0, 0.3];
    assert_eq!(
        mean_exit_time(&fp2, &vec![false; nx * ny])
            .unwrap()
            .at_point(fp2.grid(), &x0),
        Some(ExitTime::Finite(t2[fp2.grid().locate(&x0).unwrap()]))
    );
}
