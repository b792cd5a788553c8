//! Splitting with the Brownian-bridge monitor (`Splitting::with_bridge`)
//! against bridged plain Monte Carlo of the same chain
//! (`ExitTimes::run_bridged`): both estimate the mean time for the
//! Euler–Maruyama chain of the double well `dX = (X − X³) dt + √(2ε) dW`
//! from the minimum −1 to leave `(−∞, 0)`, either at a grid point or by
//! the bridge's crossing test between two (proofs-notes/ams.md §10). At a
//! coarse step the bridge moves the answer by many standard errors away
//! from the discretely monitored chain's exact value, so the comparison
//! has teeth.

use super::ams_transition::pooled;
use sgdpde_analysis::EulerChain1d;
use sgdpde_sde::{
    DiagonalNoise, EulerMaruyama, ExitTimes, FnDrift, Interval, SdeError, SdeModel, Splitting,
    TransitionRun, TransitionTime,
};

const EPSILON: f64 = 0.1;
/// Coarse, so that the discrete-monitoring bias (the boundary pushed out by
/// 0.5826·√(2ε dt) ≈ 0.037) is large.
const DT: f64 = 0.02;

fn drift(x: f64) -> f64 {
    x - x * x * x
}

fn sde() -> SdeModel<impl sgdpde_sde::Drift, DiagonalNoise> {
    SdeModel::new(
        FnDrift::new(1, |_t: f64, x: &[f64], out: &mut [f64]| {
            out[0] = drift(x[0])
        })
        .unwrap(),
        DiagonalNoise::new(vec![(2.0 * EPSILON).sqrt()]).unwrap(),
    )
    .unwrap()
}

fn domain() -> Interval {
    Interval::new(f64::NEG_INFINITY, 0.0).unwrap()
}

fn estimator(seed: u64) -> TransitionTime {
    // A = {x ≤ −1}, Σ = {x ≥ −0.9}, B = {x ≥ 0}: the outside of (−∞, 0).
    let splitting = Splitting::new(100, DT, seed)
        .unwrap()
        .with_levels(-1.0, 0.0)
        .unwrap()
        .with_killed(10)
        .unwrap()
        .with_bridge(domain().into());
    TransitionTime::new(splitting, -0.9, 400).unwrap()
}

fn estimate(seed: u64) -> TransitionRun {
    estimator(seed)
        .run(&sde(), &EulerMaruyama, &[-1.0], &|x: &[f64]| x[0])
        .unwrap()
}

#[test]
fn bridged_splitting_matches_bridged_monte_carlo() {
    // 200 runs: the pooled standard error (≈ 0.45) is then well below the
    // bridge's effect (≈ 2.8), so the match below also tells the bridged
    // answer from the discretely monitored one.
    let runs: Vec<TransitionRun> = (0..200).map(|s| estimate(700 + s)).collect();
    let (t, se) = pooled(&runs);
    // t_max = 2000 ≈ 70 mean times: censoring has probability ~e⁻⁷⁰.
    let mc = ExitTimes::new(20_000, DT, 2000.0, 41)
        .unwrap()
        .run_bridged(&sde(), &EulerMaruyama, &[-1.0], &domain())
        .unwrap();
    assert_eq!(mc.censored(), 0);
    let m = mc.mean_exit_time();
    // The discretely monitored chain's exact mean time (left end −2.5 for
    // −∞), Richardson from two grids.
    let chain = |nodes| {
        EulerChain1d::mean_exit_time(drift, (2.0 * EPSILON).sqrt(), DT, -2.5, 0.0, nodes)
            .unwrap()
            .at(-1.0)
    };
    let (coarse, fine) = (chain(2000), chain(4000));
    let discrete = fine + (fine - coarse) / 3.0;
    let combined = (se * se + m.std_error * m.std_error).sqrt();
    println!(
        "bridged: splitting {t:.3} ± {se:.3} (200 runs), Monte Carlo {:.3} ± {:.3}; \
         discrete chain {discrete:.3}",
        m.mean, m.std_error
    );
    assert!(
        (t - m.mean).abs() <= 3.0 * combined,
        "splitting {t} ± {se} vs Monte Carlo {} ± {}",
        m.mean,
        m.std_error
    );
    // Teeth: the bridge changes the answer by far more than the test's
    // resolution (the boundary shift moves E τ by ≈ 9 %): Monte Carlo
    // resolves it, and so does splitting.
    assert!(
        discrete - m.mean > 5.0 * m.std_error,
        "the bridge should shorten the exit: Monte Carlo {} vs discrete {discrete}",
        m.mean
    );
    assert!(
        discrete - t > 3.0 * combined,
        "the bridge should shorten the exit: splitting {t} vs discrete {discrete}"
    );
}

#[test]
fn bridged_splitting_is_bitwise_the_same_for_any_thread_count() {
    let one = super::on_threads(1, || estimate(3));
    let two = super::on_threads(2, || estimate(3));
    assert_eq!(one.mean_time.to_bits(), two.mean_time.to_bits());
    assert_eq!(one, two);
}

#[test]
fn a_bridge_domain_that_does_not_fit_is_a_typed_error() {
    let xi = |x: &[f64]| x[0];
    // A start outside the bridge's domain, but not in B by the coordinate.
    let shifted = Splitting::new(10, DT, 1)
        .unwrap()
        .with_levels(-1.0, 0.0)
        .unwrap()
        .with_bridge(Interval::new(f64::NEG_INFINITY, -0.5).unwrap().into());
    assert!(matches!(
        shifted.run(&sde(), &EulerMaruyama, &[-0.3], &xi),
        Err(SdeError::InvalidParameter { .. })
    ));
    // The same for a transition time's x_A (ξ(x_A) < z_Σ, never in B).
    let transition = sgdpde_sde::TransitionTime::new(shifted, -0.2, 10).unwrap();
    assert!(matches!(
        transition.run(&sde(), &EulerMaruyama, &[-0.3], &xi),
        Err(SdeError::InvalidParameter {
            name: "start outside the bridge's domain (face)",
            ..
        })
    ));
    let flat = sgdpde_sde::HalfSpace::new(vec![1.0, 0.0], 0.0).unwrap();
    let wrong_dim = Splitting::new(10, DT, 1)
        .unwrap()
        .with_levels(-1.0, 0.0)
        .unwrap()
        .with_bridge(flat.into());
    assert!(matches!(
        wrong_dim.run(&sde(), &EulerMaruyama, &[-0.5], &xi),
        Err(SdeError::DimensionMismatch { .. })
    ));
}
