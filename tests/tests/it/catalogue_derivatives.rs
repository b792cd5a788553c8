//! Every catalogue landscape, at random valid parameters and random points of
//! its search box, has analytic derivatives matching finite differences (with
//! the tolerances of `sgdpde_testkit::tolerance`), a symmetric Hessian, and
//! known critical points at which the gradient vanishes to the precision of
//! their source.

use proptest::prelude::*;
use sgdpde_landscape::{
    AnyLandscape, CATALOGUE, KnownCriticalPoints, Landscape, LandscapeExt, LandscapeHessian,
};
use sgdpde_testkit::finite_diff::assert_derivatives;
use sgdpde_testkit::strategies::catalogue_landscape_at_point;
use sgdpde_testkit::tolerance::EPS;

proptest! {
    #![proptest_config(sgdpde_testkit::property::config(512))]

    #[test]
    fn analytic_derivatives_match_finite_differences((l, x) in catalogue_landscape_at_point()) {
        assert_derivatives(&l, &x);
    }

    #[test]
    fn known_critical_points_are_stationary_to_their_precision(
        (l, _x) in catalogue_landscape_at_point()
    ) {
        let d = l.dim();
        let mut h = vec![0.0; d * d];
        for p in l.known_critical_points() {
            l.hessian_into(&p.x, &mut h);
            let hnorm = h.iter().fold(1.0f64, |m, v| m.max(v.abs())) * d as f64;
            let g = l.gradient(&p.x);
            let gnorm = g.iter().map(|v| v * v).sum::<f64>().sqrt();
            // |∇L(x)| ≤ ‖H‖·|x − x*| + round-off: precision per coordinate
            // (√d in the norm) for tables; 64ε·max(1, |x|, ‖H‖) for closed forms.
            let xs = p.x.iter().fold(1.0f64, |m, v| m.max(v.abs()));
            let bound = hnorm * p.precision * (d as f64).sqrt() + 64.0 * EPS * xs * hnorm;
            prop_assert!(gnorm <= bound, "{}: |∇L| = {gnorm:e} > {bound:e} at {:?}", l.entry().name, p.x);
            prop_assert!((l.value(&p.x) - p.value).abs() <= 4.0 * EPS * p.value.abs().max(1.0));
        }
    }
}

#[test]
fn catalogue_defaults_have_consistent_derivatives_on_a_fixed_grid() {
    for e in CATALOGUE {
        let l = AnyLandscape::from_catalogue(e.name, &[]).unwrap();
        let d = l.dim();
        for k in 0..7 {
            let x: Vec<f64> = (0..d)
                .map(|i| -0.9 + 0.31 * k as f64 + 0.17 * i as f64)
                .collect();
            assert_derivatives(&l, &x);
        }
    }
}
