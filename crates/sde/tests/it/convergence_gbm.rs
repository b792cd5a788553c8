//! Observed strong and weak orders on geometric Brownian motion
//! `dX = αX dt + βX dW` (scalar multiplicative, diagonal noise), against the
//! pathwise solution `X_T = x₀ exp((α − β²/2)T + βW_T)` and
//! `E X_T = x₀ e^{αT}`.

use crate::convergence_common;

use convergence_common::{dts, fine_path, run_levels};
use sgdpde_sde::problems::GeometricBrownianMotion;
use sgdpde_sde::{
    EulerMaruyama, Integrator, IntegratorKind, IntegratorVisitor, Milstein, Sde, SdeDerivative,
    SdeError, TamedEuler,
};
use sgdpde_testkit::convergence::{PathRule, assert_order, strong_study, weak_study};

const T: f64 = 1.0;
const X0: f64 = 1.0;

fn gbm() -> GeometricBrownianMotion {
    GeometricBrownianMotion::new(0.5, 0.8).unwrap()
}

fn strong<S: Sde, I: Integrator<S>>(sde: &S, integ: &I, what: &str) {
    let g = gbm();
    let levels = [4, 5, 6, 7, 8, 9];
    let fine = 9;
    let study = strong_study(&dts(T, &levels), PathRule::STRONG, |i, out| {
        let p = fine_path(i, T, fine, 1, false);
        let x_ref = g.exact(X0, T, p.endpoint()[0]);
        run_levels(sde, integ, &[X0], &p, &levels, |l, x| {
            out[l] = (x[0] - x_ref).abs()
        });
    });
    assert_order(&study, integ.info().strong_order_for(S::NOISE), what);
}

/// Weak studies use β = 0.5 and φ(x) = x², `E X_T² = x₀² e^{(2α+β²)T}`
/// (the mean `E X_T` would not see the noise part of the schemes at all,
/// and a smaller β keeps the coupled variance, ∝ β⁴h, moderate).
fn gbm_weak() -> GeometricBrownianMotion {
    GeometricBrownianMotion::new(0.5, 0.5).unwrap()
}

fn weak<S: Sde, I: Integrator<S>>(sde: &S, integ: &I, levels: &[u32], what: &str) {
    let g = gbm_weak();
    let fine = *levels.last().unwrap();
    let exact = g.second_moment(T, X0);
    let w = weak_study(&dts(T, levels), PathRule::WEAK, exact, |i, out| {
        let p = fine_path(i, T, fine, 1, false);
        let r = g.exact(X0, T, p.endpoint()[0]);
        run_levels(sde, integ, &[X0], &p, levels, |l, x| {
            out[l] = x[0] * x[0] - r * r
        });
        r * r
    });
    assert!(w.reference_z.abs() < 4.0, "{what}: reference off: {w:#?}");
    assert_order(&w.study, integ.info().weak_order, what);
}

#[test]
fn strong_orders_on_gbm() {
    let sde = gbm().model();
    strong(&sde, &EulerMaruyama::for_sde(&sde).unwrap(), "EM strong");
    strong(&sde, &Milstein::for_sde(&sde).unwrap(), "Milstein strong");
    strong(&sde, &TamedEuler::for_sde(&sde).unwrap(), "tamed strong");
}

#[test]
fn weak_orders_on_gbm() {
    let sde = gbm_weak().model();
    // From h = 1/8 (at h = 1/4, (1 + αh)^{1/h} is 3% off e^α and the local
    // slopes are still below 0.93). The tamed drift αx/(1 + αh|x|) deviates
    // by αh x|x| on the heavy (log-normal) upper tail of X, which delays its
    // asymptotic regime further: from h = 1/16.
    let lv = [3, 4, 5, 6, 7];
    weak(&sde, &EulerMaruyama::for_sde(&sde).unwrap(), &lv, "EM weak");
    weak(
        &sde,
        &Milstein::for_sde(&sde).unwrap(),
        &lv,
        "Milstein weak",
    );
    let lv_tamed = [4, 5, 6, 7, 8];
    weak(
        &sde,
        &TamedEuler::for_sde(&sde).unwrap(),
        &lv_tamed,
        "tamed weak",
    );
}

struct Build;
impl<S: SdeDerivative> IntegratorVisitor<S> for Build {
    type Output = ();
    fn visit<I: Integrator<S>>(self, _: I) {}
}

/// Multiplicative noise is not additive: the order 1.5 scheme and
/// Leimkuhler–Matthews refuse the model at construction.
#[test]
fn additive_only_methods_refuse_gbm() {
    let sde = gbm().model();
    for k in [
        IntegratorKind::KloedenPlaten15,
        IntegratorKind::LeimkuhlerMatthews,
    ] {
        assert!(matches!(
            k.visit(&sde, Build),
            Err(SdeError::IncompatibleNoise { method, .. }) if method == k.name()
        ));
    }
}
