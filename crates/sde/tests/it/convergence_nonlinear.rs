//! Strong order 1.5 proper: on linear drifts the derivative-free order 1.5
//! scheme superconverges (order 2, see `convergence_ou.rs`), so its
//! `MethodInfo` order is checked here on a nonlinear drift with additive
//! noise, `dX = −(X³ − X) dt + σ dW` (the double well), where the terms
//! `LʲLᵏb = σ² b″ ≠ 0` limit it to 1.5. No closed form exists; the
//! reference is the same scheme on the fine grid 2⁻¹³, whose error
//! (≈ C·2^{−19.5}) is 45 times below the finest studied error (≈ C·2^{−12}),
//! changing it by < 0.1% in quadrature.

use crate::convergence_common;

use convergence_common::{dts, fine_path, run_levels};
use sgdpde_landscape::DoubleWell;
use sgdpde_sde::{EulerMaruyama, Integrator, KloedenPlaten15, Sde, SdeModel, Temperature};
use sgdpde_testkit::convergence::{PathRule, assert_order, strong_study};

const T: f64 = 1.0;
const X0: f64 = 0.5;

fn strong_vs_fine<S: Sde, I: Integrator<S>>(
    sde: &S,
    integ: &I,
    reference: &KloedenPlaten15,
    what: &str,
) where
    KloedenPlaten15: Integrator<S>,
{
    let levels = [3, 4, 5, 6, 7, 8];
    let fine = 13;
    let study = strong_study(&dts(T, &levels), PathRule::STRONG, |i, out| {
        let p = fine_path(i, T, fine, 1, true);
        let mut x_ref = [X0];
        p.integrate(
            sde,
            reference,
            &mut reference.workspace(sde),
            0.0,
            &mut x_ref,
        )
        .unwrap();
        run_levels(sde, integ, &[X0], &p, &levels, |l, x| {
            out[l] = (x[0] - x_ref[0]).abs()
        });
    });
    assert_order(&study, integ.info().strong_order_for(S::NOISE), what);
}

#[test]
fn order_15_on_the_double_well() {
    let sde =
        SdeModel::langevin(DoubleWell::symmetric(), Temperature::epsilon(0.25).unwrap()).unwrap();
    let kp = KloedenPlaten15::for_sde(&sde).unwrap();
    strong_vs_fine(&sde, &kp, &kp, "KP1.5 strong, nonlinear");
    // Euler–Maruyama on the same problem: order 1 (additive noise).
    let em = EulerMaruyama::for_sde(&sde).unwrap();
    strong_vs_fine(&sde, &em, &kp, "EM strong, nonlinear");
}
