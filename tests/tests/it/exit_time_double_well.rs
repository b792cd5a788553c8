//! Mean exit time of the double well by Monte Carlo against the exact
//! quadrature, with and without the Brownian-bridge correction.
//!
//! `dX = −(X³ − X) dt + √(2·0.25) dW` (Langevin dynamics on
//! `L = x⁴/4 − x²/2` at `ε = 0.5`), from the minimum `−1` to the barrier top
//! `0`: `τ = inf{t : X_t ≥ 0}`. Exact `E τ` by `sgdpde_analysis`'s quadrature
//! of `T(x) = (2/ε) ∫_x^0 e^{2L(y)/ε} ∫_{−∞}^y e^{−2L(z)/ε} dz dy`.
//!
//! Derivation of the bias orders and the paired estimator:
//! proofs-notes/exit-times.md.

use sgdpde_analysis::{
    ConstantDiffusion, Diffusion1d, LeftEnd, MeanExitTime1d, MomentAccumulator, QuadratureOptions,
};
use sgdpde_landscape::DoubleWell;
use sgdpde_sde::{EulerMaruyama, ExitSummary, ExitTimes, Interval, SdeModel, Temperature};

/// Standard errors allowed for "agrees with the exact value" and required
/// for "is biased" (fixed seeds: deterministic; the issue asks for 3).
const K_SE: f64 = 3.0;
const EPS: f64 = 0.5;

fn exact() -> f64 {
    let model = Diffusion1d::new(
        DoubleWell::symmetric(),
        ConstantDiffusion::new(EPS).unwrap(),
    )
    .unwrap();
    MeanExitTime1d::new(&model, LeftEnd::Natural, 0.0, QuadratureOptions::default())
        .unwrap()
        .value(-1.0)
        .unwrap()
}

/// Discrete and bridge-corrected estimates on the same Brownian paths, in
/// one pass.
fn runs(dt: f64, paths: u64, seed: u64) -> (ExitSummary, ExitSummary) {
    let sde =
        SdeModel::langevin(DoubleWell::symmetric(), Temperature::epsilon(EPS).unwrap()).unwrap();
    let dom = Interval::new(f64::NEG_INFINITY, 0.0).unwrap();
    // E τ ≈ 5.7 and τ is close to exponential: P(τ > 400) ≈ e^{−70}.
    let run = ExitTimes::new(paths, dt, 400.0, seed).unwrap();
    let (plain, bridged) = run
        .run_discrete_and_bridged(&sde, &EulerMaruyama, &[-1.0], &dom)
        .unwrap();
    assert_eq!(plain.censored(), 0);
    assert_eq!(bridged.censored(), 0);
    (plain, bridged)
}

/// Mean and SE of the per-path difference τ_plain − τ_bridge (≥ 0): the
/// bias of discrete monitoring measured on identical paths, whose variance
/// is far below that of either estimator.
fn paired_gap(plain: &ExitSummary, bridged: &ExitSummary) -> (f64, f64) {
    let mut acc = MomentAccumulator::new();
    for (p, b) in plain.outcomes().iter().zip(bridged.outcomes()) {
        let (tp, tb) = (p.exit_time().unwrap(), b.exit_time().unwrap());
        assert!(tb <= tp);
        acc.push(tp - tb).unwrap();
    }
    let e = acc.mean_estimate().unwrap();
    (e.mean, e.std_error)
}

#[test]
fn bridge_correction_removes_the_sqrt_dt_bias_of_discrete_monitoring() {
    let t_exact = exact();
    let mut gaps = Vec::new();
    eprintln!("exact E τ = {t_exact:.5}");
    eprintln!("dt       discrete (rel. bias, SE)        bridged (rel. bias, SE)        gap ± SE");
    // The setting (dt = 1e-3, 10⁵ paths) and dt four times larger
    // (fewer paths suffice there: the paired gap is what is compared).
    for (dt, paths, seed) in [(1e-3, 100_000, 1), (4e-3, 40_000, 2)] {
        let (plain, bridged) = runs(dt, paths, seed);
        let p = plain.mean_exit_time();
        let b = bridged.mean_exit_time();
        let gap = paired_gap(&plain, &bridged);
        eprintln!(
            "{dt:.0e}  {:.5} ({:+.2}%, {:.5})  {:.5} ({:+.2}%, {:.5})  {:.5} ± {:.5}",
            p.mean,
            100.0 * (p.mean / t_exact - 1.0),
            p.std_error,
            b.mean,
            100.0 * (b.mean / t_exact - 1.0),
            b.std_error,
            gap.0,
            gap.1
        );
        // Discrete monitoring overestimates by several SE...
        assert!(
            p.mean - t_exact > K_SE * p.std_error,
            "dt = {dt}: discrete {} vs exact {t_exact} (SE {})",
            p.mean,
            p.std_error
        );
        // ... the bridge-corrected estimate agrees within 3 SE at the
        // issue's dt = 1e-3. (At 4e-3 its O(dt) bias — Euler–Maruyama's weak
        // error, ≈ −0.8% — is printed in the table, not asserted.)
        assert!(
            dt > 1e-3 || (b.mean - t_exact).abs() < K_SE * b.std_error,
            "dt = {dt}: bridged {} vs exact {t_exact} (SE {})",
            b.mean,
            b.std_error
        );
        gaps.push(gap);
    }
    // O(√dt): quadrupling dt doubles the discrete-monitoring bias. The ratio
    // of the paired gaps has delta-method SE r·√((s₁/g₁)² + (s₂/g₂)²).
    let ((g1, s1), (g2, s2)) = (gaps[0], gaps[1]);
    let r = g2 / g1;
    let se_r = r * ((s1 / g1).powi(2) + (s2 / g2).powi(2)).sqrt();
    eprintln!("gap ratio (dt ×4) = {r:.3} ± {se_r:.3}  (O(√dt) ⇒ 2, O(dt) ⇒ 4)");
    assert!((r - 2.0).abs() < K_SE * se_r, "ratio {r} ± {se_r}");
}
