//! Property tests of the rate-matrix structure over random smooth
//! landscapes, diffusions, grids and boundary conditions.

use proptest::prelude::*;
use sgdpde_fokker_planck::{
    Boundary, BoundaryConditions, DiagonalField, FokkerPlanck, Grid, Isotropic, Scheme, Stepper,
    diagnostics,
};
use sgdpde_landscape::Landscape;

/// `L(x) = Σ aₖ xₖ²/2 + c cos(ω·x + φ)`: smooth, confining.
#[derive(Debug, Clone)]
struct Smooth {
    a: Vec<f64>,
    c: f64,
    w: Vec<f64>,
    phi: f64,
}

impl Landscape for Smooth {
    fn dim(&self) -> usize {
        self.a.len()
    }
    fn value(&self, x: &[f64]) -> f64 {
        let s: f64 = self.w.iter().zip(x).map(|(w, x)| w * x).sum();
        self.a
            .iter()
            .zip(x)
            .map(|(a, x)| 0.5 * a * x * x)
            .sum::<f64>()
            + self.c * (s + self.phi).cos()
    }
    fn gradient_into(&self, x: &[f64], g: &mut [f64]) {
        let s: f64 = self.w.iter().zip(x).map(|(w, x)| w * x).sum();
        for k in 0..x.len() {
            g[k] = self.a[k] * x[k] - self.c * self.w[k] * (s + self.phi).sin();
        }
    }
}

fn setup() -> impl Strategy<Value = (Smooth, Vec<usize>, f64, Boundary)> {
    (1usize..=3).prop_flat_map(|d| {
        (
            proptest::collection::vec(0.2..2.0f64, d),
            -1.0..1.0f64,
            proptest::collection::vec(-2.0..2.0f64, d),
            0.0..6.0f64,
            proptest::collection::vec(3usize..if d == 3 { 7 } else { 16 }, d),
            0.05..1.0f64,
            prop_oneof![
                Just(Boundary::Reflecting),
                Just(Boundary::Absorbing),
                Just(Boundary::Periodic)
            ],
        )
            .prop_map(|(a, c, w, phi, cells, dval, b)| (Smooth { a, c, w, phi }, cells, dval, b))
    })
}

/// Round-off scale of a column sum: a few ε times the largest rate.
fn tol(q: &sgdpde_fokker_planck::RateMatrix) -> f64 {
    64.0 * f64::EPSILON * q.max_rate()
}

fn grid(cells: &[usize]) -> Grid {
    let d = cells.len();
    Grid::new(&vec![-2.0; d], &vec![2.0; d], cells).unwrap()
}

proptest! {
    #![proptest_config(sgdpde_testkit::property::config(48))]

    /// Off-diagonals ≥ 0, columns sum to 0 (≤ 0 with absorbing faces), for
    /// constant and state-dependent diffusion.
    #[test]
    fn rate_matrix_structure((l, cells, dval, b) in setup()) {
        let d = cells.len();
        let bc = BoundaryConditions::uniform(d, b);
        let fps = [
            FokkerPlanck::gradient(grid(&cells), bc.clone(), l.clone(), &Isotropic::new(d, dval).unwrap()).unwrap(),
            FokkerPlanck::gradient(grid(&cells), bc, l, &DiagonalField::new(d, move |x: &[f64], o: &mut [f64]| {
                for k in 0..x.len() { o[k] = dval * (1.0 + 0.5 * (x[k] + k as f64).sin()); }
            })).unwrap(),
        ];
        for fp in &fps {
            let q = fp.rate_matrix();
            for j in 0..q.n() {
                for (i, v) in q.column(j) {
                    if i != j { prop_assert!(v >= 0.0); }
                }
                let s = q.column_sum(j);
                if b == Boundary::Absorbing {
                    prop_assert!(s <= tol(q));
                } else {
                    prop_assert!(s.abs() <= tol(q), "column {} sums to {}", j, s);
                }
            }
        }
    }

    /// Reflecting boundaries, gradient drift, constant isotropic D: the
    /// discrete Gibbs state e^{−L/D} is stationary to round-off; implicit
    /// Euler conserves mass to 1e-12, keeps the density ≥ 0 and the relative
    /// entropy to the Gibbs state non-increasing.
    #[test]
    fn gibbs_mass_positivity_entropy((l, cells, dval, _b) in setup(), dt in 0.01..2.0f64) {
        let d = cells.len();
        let bc = BoundaryConditions::uniform(d, Boundary::Reflecting);
        let fp = FokkerPlanck::gradient(grid(&cells), bc, l.clone(), &Isotropic::new(d, dval).unwrap()).unwrap();
        let g = fp.grid().clone();
        let pot = g.map_centers(|x| l.value(x));
        let mut gibbs: Vec<f64> = pot.iter().map(|p| (-p / dval).exp()).collect();
        let z = g.mass(&gibbs);
        gibbs.iter_mut().for_each(|v| *v /= z);
        let pi = fp.reversible_stationary().expect("isotropic gradient case has a closed form");
        for (a, b) in pi.iter().zip(&gibbs) {
            prop_assert!((a - b).abs() <= 1e-12 * gibbs.iter().copied().fold(0.0, f64::max));
        }
        let mut r = vec![0.0; g.len()];
        fp.rate_matrix().mul_into(&gibbs, &mut r);
        let rmax = r.iter().map(|x| x.abs()).fold(0.0, f64::max);
        let scale = fp.rate_matrix().max_rate() * gibbs.iter().copied().fold(0.0, f64::max);
        prop_assert!(rmax <= 1e-12 * scale, "‖Qπ‖∞ = {} vs scale {}", rmax, scale);

        // start: a corner bump
        let mut u = g.map_centers(|x| (-(x.iter().map(|v| (v - 1.0).powi(2)).sum::<f64>()) / 0.3).exp());
        let m0 = g.mass(&u);
        let mut st = Stepper::new(&fp, Scheme::ImplicitEuler, dt).unwrap();
        let mut kl = diagnostics(&fp, &u, &gibbs, Some(dval)).unwrap().relative_entropy;
        for _ in 0..10 {
            st.step(&mut u).unwrap();
            prop_assert!((g.mass(&u) - m0).abs() <= 1e-12 * m0);
            prop_assert!(u.iter().all(|&v| v >= 0.0));
            let k = diagnostics(&fp, &u, &gibbs, Some(dval)).unwrap().relative_entropy;
            // non-increasing up to the round-off of the sum (n·ε relative)
            prop_assert!(k <= kl + 1e-12 * (1.0 + kl.abs()), "KL rose from {} to {}", kl, k);
            kl = k;
        }
    }
}

proptest! {
    #![proptest_config(sgdpde_testkit::property::config(32))]

    /// 1-D, reflecting, gradient drift, state-dependent D(x) > 0: the exact
    /// discrete stationary state is `πᵢ ∝ Dᵢ⁻¹ exp(−Σ_{f<i} ΔL_f/D_f)` with the
    /// log-mean face diffusion (proofs-notes/fokker-planck-scharfetter-gummel.md §2):
    /// the closed form agrees with the formula and Q π = 0 to round-off.
    #[test]
    fn state_dependent_discrete_stationary_state(
        (l, _cells, dval, _b) in setup(),
        n in 3usize..60,
        amp in 0.0..0.9f64,
        k in 0.5..3.0f64,
    ) {
        let l = Smooth { a: vec![l.a[0]], c: l.c, w: vec![l.w[0]], phi: l.phi };
        let dfun = move |x: f64| dval * (1.0 + amp * (k * x).sin());
        let grid = Grid::uniform_1d(-2.0, 2.0, n).unwrap();
        let bc = BoundaryConditions::uniform(1, Boundary::Reflecting);
        let fp = FokkerPlanck::gradient(
            grid,
            bc,
            l.clone(),
            &DiagonalField::new(1, move |x: &[f64], o: &mut [f64]| o[0] = dfun(x[0])),
        )
        .unwrap();
        let g = fp.grid();
        let xs: Vec<f64> = (0..n).map(|i| g.coordinate(0, i)).collect();
        let mut logu = vec![0.0; n];
        let mut psi = 0.0;
        for i in 0..n {
            if i > 0 {
                let (d1, d2) = (dfun(xs[i - 1]), dfun(xs[i]));
                let df = if (d2 / d1 - 1.0).abs() < 1e-12 { d1 } else { (d2 - d1) / (d2 / d1).ln() };
                psi += (l.value(&[xs[i]]) - l.value(&[xs[i - 1]])) / df;
            }
            logu[i] = -psi - dfun(xs[i]).ln();
        }
        let m = logu.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let mut u: Vec<f64> = logu.iter().map(|v| (v - m).exp()).collect();
        let z = g.mass(&u);
        u.iter_mut().for_each(|v| *v /= z);
        let pi = fp.reversible_stationary().expect("1-D reflecting chain");
        let umax = u.iter().copied().fold(0.0, f64::max);
        for (a, b) in pi.iter().zip(&u) {
            // both are products of n factors each with relative round-off ε
            prop_assert!((a - b).abs() <= 1e-11 * umax, "{} vs {}", a, b);
        }
        let mut r = vec![0.0; n];
        fp.rate_matrix().mul_into(pi, &mut r);
        let scale = fp.rate_matrix().max_rate() * umax;
        prop_assert!(r.iter().all(|v| v.abs() <= 1e-12 * scale));
    }
}
