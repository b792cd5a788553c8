//! Adaptive multilevel splitting against the exact splitting probability of
//! the Euler–Maruyama chain (`sgdpde_analysis::EulerChain1d`): the
//! estimator is unbiased for the simulated chain, so the mean of independent
//! runs must lie within k standard errors of it (proofs-notes/ams.md).

use sgdpde_analysis::EulerChain1d;
use sgdpde_sde::{
    DiagonalNoise, EulerMaruyama, LinearDrift, SdeError, SdeModel, Splitting, SplittingRun,
};

/// Ornstein–Uhlenbeck `dX = −X dt + σ dW`, σ = 0.3: from 0.1, reach 1
/// before 0 — a probability of order 10⁻⁵.
const SIGMA: f64 = 0.3;
const DT: f64 = 1e-3;
const X0: f64 = 0.1;

fn ou() -> SdeModel<LinearDrift, DiagonalNoise> {
    SdeModel::new(
        LinearDrift::new(vec![-1.0], vec![0.0]).unwrap(),
        DiagonalNoise::new(vec![SIGMA]).unwrap(),
    )
    .unwrap()
}

/// The chain's probability, Richardson-extrapolated from 1000 and 2000
/// nodes (the quadrature is O(h²)), and the size of that correction as
/// the quadrature error bound.
fn exact_chain() -> (f64, f64) {
    let q = |nodes| {
        EulerChain1d::committor(|x: f64| -x, SIGMA, DT, 0.0, 1.0, nodes)
            .unwrap()
            .at(X0)
    };
    let (coarse, fine) = (q(1000), q(2000));
    let p = fine + (fine - coarse) / 3.0;
    (p, (fine - coarse).abs() / 3.0)
}

/// The continuous diffusion's committor (scale function), by the midpoint
/// rule on 10⁶ cells: ∫₀ˣ e^{y²/σ²} dy / ∫₀¹ e^{y²/σ²} dy.
fn exact_continuous() -> f64 {
    let integral = |x: f64| {
        let n = 1_000_000;
        let h = x / n as f64;
        (0..n)
            .map(|i| ((h * (i as f64 + 0.5)).powi(2) / (SIGMA * SIGMA)).exp() * h)
            .sum::<f64>()
    };
    integral(X0) / integral(1.0)
}

/// Mean and standard error of `runs` independent splitting runs.
fn repeated(runs: u64, xi: &(dyn Fn(&[f64]) -> f64 + Sync)) -> (f64, f64, Vec<SplittingRun>) {
    let out: Vec<SplittingRun> = (0..runs)
        .map(|seed| {
            Splitting::new(200, DT, 1000 + seed)
                .unwrap()
                .with_levels(0.0, 1.0)
                .unwrap()
                .with_killed(10)
                .unwrap()
                .run(&ou(), &EulerMaruyama, &[X0], &xi)
                .unwrap()
        })
        .collect();
    let p: Vec<f64> = out.iter().map(|r| r.probability).collect();
    let mean = p.iter().sum::<f64>() / runs as f64;
    let var = p.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (runs - 1) as f64;
    (mean, (var / runs as f64).sqrt(), out)
}

/// Returns the observed relative standard deviation of one run over the
/// ideal-coordinate formula `√(ln(1/p)/n)`.
fn assert_unbiased(name: &str, xi: &(dyn Fn(&[f64]) -> f64 + Sync)) -> f64 {
    let (exact, quad) = exact_chain();
    let (mean, se, runs) = repeated(50, xi);
    let continuous = exact_continuous();
    let ideal = se * 50f64.sqrt() / mean / runs[0].ideal_relative_se;
    println!("{name}: relative sd of a run / ideal formula = {ideal:.3}");
    println!(
        "{name}: AMS {mean:.5e} ± {se:.2e} (50 runs of 200 replicas), EM chain {exact:.5e} (± {quad:.1e}), \
         continuous diffusion {continuous:.5e}; steps per run {}",
        runs.iter().map(|r| r.steps).sum::<u64>() / 50
    );
    // The test has teeth: a 10⁻⁵ probability to better than 10 % (plain
    // Monte Carlo would need ~10⁷ paths per run for that).
    assert!(
        se < 0.1 * exact,
        "{name}: standard error {se} too large for {exact}"
    );
    assert!(
        (mean - exact).abs() <= 4.0 * se + quad,
        "{name}: AMS mean {mean} vs chain {exact}: {} SE",
        (mean - exact) / se
    );
    assert!(runs.iter().all(|r| !r.extinct && r.reached_b > 0));
    ideal
}

#[test]
fn splitting_is_unbiased_for_the_chain_with_the_optimal_coordinate() {
    // In 1-D the state is a monotone function of the committor: optimal,
    // so the spread of the runs is the ideal formula's: the sample standard
    // deviation of 50 runs has a relative error ≈ 1/√98 = 0.10; 3 of those.
    let ratio = assert_unbiased("ξ = x", &|x: &[f64]| x[0]);
    assert!((ratio - 1.0).abs() < 0.3, "observed / ideal spread {ratio}");
}

#[test]
fn splitting_is_unbiased_for_a_poor_coordinate() {
    // Non-monotone in x, the same sets A = {x ≤ 0}, B = {x ≥ 1}
    // (ξ(x) ≤ 0 ⇔ x ≤ 0 and ξ(x) ≥ 1 ⇔ x ≥ 1: proofs-notes/ams.md §3).
    assert_unbiased("ξ = x + 0.05 sin 20πx", &|x: &[f64]| {
        x[0] + 0.05 * (20.0 * std::f64::consts::PI * x[0]).sin()
    });
}

#[test]
fn results_are_bitwise_the_same_for_any_thread_count() {
    let run = || {
        Splitting::new(50, DT, 9)
            .unwrap()
            .with_levels(0.0, 1.0)
            .unwrap()
            .with_killed(5)
            .unwrap()
            .run(&ou(), &EulerMaruyama, &[X0], &|x: &[f64]| x[0])
            .unwrap()
    };
    let one = super::on_threads(1, run);
    let two = super::on_threads(2, run);
    assert_eq!(one, two);
    assert_eq!(one.probability.to_bits(), two.probability.to_bits());
    assert!(one.iterations > 0);
}

#[test]
fn bad_starts_caps_and_coordinates_are_typed_errors() {
    let s = Splitting::new(10, DT, 1)
        .unwrap()
        .with_levels(0.0, 1.0)
        .unwrap();
    let x = |x: &[f64]| x[0];
    assert!(matches!(
        s.run(&ou(), &EulerMaruyama, &[-0.1], &x),
        Err(SdeError::InvalidParameter { name: "ξ(x0)", .. })
    ));
    assert!(matches!(
        s.run(&ou(), &EulerMaruyama, &[0.1, 0.0], &x),
        Err(SdeError::DimensionMismatch { .. })
    ));
    let capped = s.clone().with_max_steps(3).unwrap();
    assert!(matches!(
        capped.run(&ou(), &EulerMaruyama, &[0.5], &x),
        Err(SdeError::SplittingHorizon { limit: 3, .. })
    ));
    let nan = |x: &[f64]| if x[0] < 0.45 { f64::NAN } else { x[0] };
    assert!(matches!(
        s.run(&ou(), &EulerMaruyama, &[0.5], &nan),
        Err(SdeError::NotFiniteCoordinate { .. })
    ));
    assert!(Splitting::new(1, DT, 1).is_err());
    assert!(Splitting::new(10, 0.0, 1).is_err());
    assert!(s.clone().with_killed(10).is_err());
    assert!(s.clone().with_levels(1.0, 1.0).is_err());
}
