//! Property tests: identities and invariants of the estimators and the
//! closed forms, over random inputs (proptest, regressions committed).

use nalgebra::{DMatrix, DVector};
use proptest::prelude::*;
use sgdpde_analysis::{
    KaplanMeier, MomentAccumulator, linear_fit, lyapunov_residual, quantile,
    solve_continuous_lyapunov, wasserstein2_gaussian,
};

proptest! {
    #![proptest_config(sgdpde_testkit::property::config(256))]

    #[test]
    fn merging_chunks_equals_pushing_everything(
        data in prop::collection::vec(-1e3..1e3_f64, 4..200),
        cut in 0usize..200,
    ) {
        let cut = cut % data.len();
        let mut whole = MomentAccumulator::new();
        data.iter().for_each(|&x| whole.push(x).unwrap());
        let (mut a, mut b) = (MomentAccumulator::new(), MomentAccumulator::new());
        data[..cut].iter().for_each(|&x| a.push(x).unwrap());
        data[cut..].iter().for_each(|&x| b.push(x).unwrap());
        a.merge(&b);
        let scale = data.iter().fold(1.0_f64, |m, x| m.max(x.abs()));
        // Round-off of one-pass and pairwise updates: O(n ε) of the scale.
        prop_assert!((a.mean() - whole.mean()).abs() <= 1e-12 * scale);
        let (va, vw) = (a.variance().unwrap(), whole.variance().unwrap());
        prop_assert!((va - vw).abs() <= 1e-10 * scale * scale);
    }

    #[test]
    fn line_fit_is_affine_equivariant(
        pts in prop::collection::vec((-10.0..10.0_f64, -10.0..10.0_f64), 3..40),
        a in -5.0..5.0_f64,
        b in 0.1..5.0_f64,
    ) {
        let x: Vec<f64> = pts.iter().map(|p| p.0).collect();
        let y: Vec<f64> = pts.iter().map(|p| p.1).collect();
        let spread = x.iter().fold(f64::INFINITY, |m, &v| m.min(v)) - x.iter().fold(f64::NEG_INFINITY, |m, &v| m.max(v));
        prop_assume!(spread.abs() > 1e-3);
        let f = linear_fit(&x, &y).unwrap();
        let y2: Vec<f64> = y.iter().map(|y| a + b * y).collect();
        let g = linear_fit(&x, &y2).unwrap();
        let tol = 1e-9 * (1.0 + f.slope.abs() + f.intercept.abs()) * (1.0 + b);
        prop_assert!((g.slope - b * f.slope).abs() <= tol);
        prop_assert!((g.intercept - (a + b * f.intercept)).abs() <= tol * 10.0);
        prop_assert!((g.slope_se - b * f.slope_se).abs() <= tol);
    }

    #[test]
    fn quantile_interval_brackets_the_estimate(
        data in prop::collection::vec(-1e3..1e3_f64, 30..300),
        p in 0.1..0.9_f64,
    ) {
        let q = quantile(&data, p, 0.9).unwrap();
        prop_assert!(q.ci.lo <= q.value && q.value <= q.ci.hi);
        prop_assert!(q.coverage >= 0.9);
    }

    #[test]
    fn kaplan_meier_without_censoring_is_the_empirical_survival(
        data in prop::collection::vec(0.0..10.0_f64, 1..100),
        t in 0.0..10.0_f64,
    ) {
        let km = KaplanMeier::new(&data, &vec![true; data.len()]).unwrap();
        let emp = data.iter().filter(|&&x| x > t).count() as f64 / data.len() as f64;
        prop_assert!((km.survival(t) - emp).abs() < 1e-12);
    }

    #[test]
    fn wasserstein_dominates_the_mean_shift(
        l1 in prop::collection::vec(-1.0..1.0_f64, 4),
        l2 in prop::collection::vec(-1.0..1.0_f64, 4),
        dm in prop::collection::vec(-2.0..2.0_f64, 2),
    ) {
        // K = LLᵀ is PSD (possibly singular); W₂ ≥ |m₁ − m₂| (Gelbrich bound).
        let k1 = { let l = DMatrix::from_row_slice(2, 2, &l1); &l * l.transpose() };
        let k2 = { let l = DMatrix::from_row_slice(2, 2, &l2); &l * l.transpose() };
        let m = DVector::from_vec(dm);
        let w = wasserstein2_gaussian(&DVector::zeros(2), &k1, &m, &k2).unwrap();
        prop_assert!(w + 1e-9 >= m.norm());
    }

    #[test]
    fn lyapunov_solutions_have_small_residuals(
        entries in prop::collection::vec(-1.0..1.0_f64, 9),
        shift in 3.5..6.0_f64,
    ) {
        // A = E − shift·I is stable (Gershgorin: row sums of |E| ≤ 3 < shift).
        let a = DMatrix::from_row_slice(3, 3, &entries) - DMatrix::identity(3, 3) * shift;
        let q = DMatrix::identity(3, 3);
        let s = solve_continuous_lyapunov(&a, &q).unwrap();
        prop_assert!(lyapunov_residual(&a, &q, &s) < 1e-12 * a.amax() * s.amax().max(1.0));
        // Stable A and Q ≻ 0 ⇒ Σ ≻ 0.
        prop_assert!(s.cholesky().is_some());
    }
}
