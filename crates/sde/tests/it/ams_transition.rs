//! Mean transition times from splitting against the exact mean exit time of
//! the Euler–Maruyama chain (`EulerChain1d::mean_exit_time`), for the
//! double well `V = x⁴/4 − x²/2`, `dX = −V'(X) dt + √(2ε) dW`, from the
//! minimum −1 to the saddle `B = {x ≥ 0}` (proofs-notes/ams.md §6).

use sgdpde_analysis::EulerChain1d;
use sgdpde_sde::{
    DiagonalNoise, EulerMaruyama, FnDrift, SdeModel, Splitting, TransitionRun, TransitionTime,
};

const DT: f64 = 1e-3;

fn drift(x: f64) -> f64 {
    x - x * x * x
}

/// The chain's mean time from −1 to [0, ∞), the left end at −2.5 standing
/// for −∞ (V(−2.5) − V(−1) = 6.9 ≫ ε); Richardson from two grids, and the
/// correction as the quadrature error.
fn exact(epsilon: f64) -> (f64, f64) {
    let sigma = (2.0 * epsilon).sqrt();
    let t = |nodes| {
        EulerChain1d::mean_exit_time(drift, sigma, DT, -2.5, 0.0, nodes)
            .unwrap()
            .at(-1.0)
    };
    let (coarse, fine) = (t(2000), t(4000));
    (fine + (fine - coarse) / 3.0, (fine - coarse).abs() / 3.0)
}

fn estimate(epsilon: f64, seed: u64) -> TransitionRun {
    // A = {x ≤ −1}, Σ = {x ≥ −0.9}, B = {x ≥ 0}, from x_A = −1 on ∂A.
    estimate_with(epsilon, seed, -1.0, -0.9, 400)
}

/// `TransitionTime` from −1 to `B = {x ≥ 0}` with `A = {x ≤ z_a}`,
/// `Σ = {x ≥ z_sigma}`, `loops` loops, 100 replicas, 10 killed.
fn estimate_with(epsilon: f64, seed: u64, z_a: f64, z_sigma: f64, loops: usize) -> TransitionRun {
    let sigma = (2.0 * epsilon).sqrt();
    let sde = SdeModel::new(
        FnDrift::new(1, |_t: f64, x: &[f64], out: &mut [f64]| {
            out[0] = drift(x[0])
        })
        .unwrap(),
        DiagonalNoise::new(vec![sigma]).unwrap(),
    )
    .unwrap();
    let splitting = Splitting::new(100, DT, seed)
        .unwrap()
        .with_levels(z_a, 0.0)
        .unwrap()
        .with_killed(10)
        .unwrap();
    TransitionTime::new(splitting, z_sigma, loops)
        .unwrap()
        .run(&sde, &EulerMaruyama, &[-1.0], &|x: &[f64]| x[0])
        .unwrap()
}

/// Pools `R` runs as `(1/p̄ − 1)·L̄ + R̄` (p̄ unbiased; the pooled 1/p̄ has
/// a Jensen bias of order relvar(p̂)/R) with the delta-method standard error.
pub(crate) fn pooled(runs: &[TransitionRun]) -> (f64, f64) {
    let r = runs.len() as f64;
    let mean = |f: &dyn Fn(&TransitionRun) -> f64| runs.iter().map(f).sum::<f64>() / r;
    let se = |f: &dyn Fn(&TransitionRun) -> f64| {
        let m = mean(f);
        (runs.iter().map(|x| (f(x) - m).powi(2)).sum::<f64>() / (r - 1.0) / r).sqrt()
    };
    let (p, loop_t, reac) = (
        mean(&|x| x.probability),
        mean(&|x| x.loop_time),
        mean(&|x| x.reactive_time),
    );
    let t = (1.0 / p - 1.0) * loop_t + reac;
    let rel =
        ((se(&|x| x.probability) / p).powi(2) + (se(&|x| x.loop_time) / loop_t).powi(2)).sqrt();
    (t, rel * t)
}

#[test]
fn splitting_transition_times_match_the_chain_at_small_noise() {
    for epsilon in [0.1, 0.05, 0.03] {
        let (want, quad) = exact(epsilon);
        let runs: Vec<TransitionRun> = (0..20).map(|s| estimate(epsilon, 500 + s)).collect();
        let (t, se) = pooled(&runs);
        let spread = {
            let m = runs.iter().map(|x| x.mean_time).sum::<f64>() / 20.0;
            (runs.iter().map(|x| (x.mean_time - m).powi(2)).sum::<f64>() / 19.0).sqrt() / m
        };
        let own = runs.iter().map(|x| x.relative_se).sum::<f64>() / 20.0;
        println!(
            "ε = {epsilon}: T = {t:.4e} ± {se:.2e} (20 runs), chain {want:.4e} (± {quad:.1e}), {:+.2} SE; \
             p ≈ {:.2e}, loop {:.3}, reactive {:.3}; one run: spread {spread:.3}, own formula {own:.3}",
            (t - want) / se,
            runs[0].probability,
            runs[0].loop_time,
            runs[0].reactive_time,
        );
        assert!(
            (t - want).abs() <= 3.0 * se + quad,
            "ε = {epsilon}: {t} vs {want}"
        );
        // The test has teeth: better than 10 %.
        assert!(se < 0.1 * want, "ε = {epsilon}: SE {se} of {t}");
        // The one-run formula describes the spread of the runs (a sample
        // standard deviation of 20 has a relative error ≈ 0.16; 3 of them).
        assert!(
            (spread / own - 1.0).abs() < 0.5,
            "ε = {epsilon}: spread {spread} vs own {own}"
        );
    }
}

/// From a start deep inside `A` (`x_A = −1`, `A = {x ≤ −0.9}`) with 2
/// loops per chain: each chain's first excursion climbs from `x_A`, not
/// from an entrance into `A`, and is a warm-up, not a loop. Counting it as
/// a loop (the first version did) put half the loops' durations on the
/// longer climb from `x_A` (the test prints both climbs' share).
#[test]
fn a_start_inside_a_does_not_bias_the_loops() {
    let epsilon = 0.05;
    let (want, quad) = exact(epsilon);
    let runs: Vec<TransitionRun> = (0..20)
        .map(|s| estimate_with(epsilon, 900 + s, -0.9, -0.8, 32))
        .collect();
    let (t, se) = pooled(&runs);
    let mean = |f: &dyn Fn(&TransitionRun) -> f64| runs.iter().map(f).sum::<f64>() / 20.0;
    println!(
        "ε = {epsilon}: T = {t:.4e} ± {se:.2e}, chain {want:.4e}, {:+.2} SE; loop {:.3}, first climb {:.3}",
        (t - want) / se,
        mean(&|x| x.loop_time),
        mean(&|x| x.climb_time),
    );
    assert!((t - want).abs() <= 3.0 * se + quad, "{t} vs {want}");
    assert!(se < 0.1 * want, "SE {se} of {t}");
}

#[test]
fn transition_times_are_bitwise_the_same_for_any_thread_count() {
    let one = super::on_threads(1, || estimate(0.1, 3));
    let two = super::on_threads(2, || estimate(0.1, 3));
    assert_eq!(one, two);
    assert_eq!(one.mean_time.to_bits(), two.mean_time.to_bits());
}

#[test]
fn misplaced_levels_and_starts_are_typed_errors() {
    let splitting = || {
        Splitting::new(10, DT, 1)
            .unwrap()
            .with_levels(-1.0, 0.0)
            .unwrap()
    };
    assert!(TransitionTime::new(splitting(), -1.0, 10).is_err());
    assert!(TransitionTime::new(splitting(), 0.0, 10).is_err());
    assert!(TransitionTime::new(splitting(), -0.5, 1).is_err());
    let sde = SdeModel::new(
        FnDrift::new(1, |_t: f64, x: &[f64], out: &mut [f64]| {
            out[0] = drift(x[0])
        })
        .unwrap(),
        DiagonalNoise::new(vec![0.3]).unwrap(),
    )
    .unwrap();
    let t = TransitionTime::new(splitting(), -0.9, 10).unwrap();
    let xi = |x: &[f64]| x[0];
    assert!(matches!(
        t.run(&sde, &EulerMaruyama, &[-0.5], &xi),
        Err(sgdpde_sde::SdeError::InvalidParameter {
            name: "ξ(x_A)", ..
        })
    ));
    assert!(t.run(&sde, &EulerMaruyama, &[-1.0, 0.0], &xi).is_err());
}

/// A drift that throws every path from `Σ` straight back into `A`: each
/// replica's maximum is its start level, a branch copies its parent's start
/// and falls again, so the replicas tie and the run goes extinct — `p̂ = 0`,
/// reported as `NoReactivePath`, not as an infinite mean time.
#[test]
fn an_extinct_splitting_is_a_typed_error() {
    let sde = SdeModel::new(
        FnDrift::new(1, |_t: f64, x: &[f64], out: &mut [f64]| {
            out[0] = if x[0] < -0.9 { 5.0 } else { -1000.0 }
        })
        .unwrap(),
        DiagonalNoise::new(vec![0.1]).unwrap(),
    )
    .unwrap();
    let splitting = Splitting::new(2, DT, 4)
        .unwrap()
        .with_levels(-1.0, 0.0)
        .unwrap();
    let t = TransitionTime::new(splitting, -0.9, 2).unwrap();
    let got = t.run(&sde, &EulerMaruyama, &[-1.0], &|x: &[f64]| x[0]);
    assert!(
        matches!(
            got,
            Err(sgdpde_sde::SdeError::NoReactivePath {
                replicas: 2,
                extinct: ", by extinction",
                ..
            })
        ),
        "{got:?}"
    );
}

/// Splitting decides by the order of levels only, so a guide that is a
/// strictly increasing function of the frame (here the cube of the affine
/// map of `[−1, 0]` onto `[0, 1]`) gives bitwise the run with the frame
/// itself: `run_guided` keeps the frame's sets and levels exactly.
#[test]
fn a_monotone_guide_gives_the_plain_run_bitwise() {
    let epsilon: f64 = 0.1;
    let sde = SdeModel::new(
        FnDrift::new(1, |_t: f64, x: &[f64], out: &mut [f64]| {
            out[0] = drift(x[0])
        })
        .unwrap(),
        DiagonalNoise::new(vec![(2.0 * epsilon).sqrt()]).unwrap(),
    )
    .unwrap();
    let splitting = Splitting::new(100, DT, 11)
        .unwrap()
        .with_levels(-1.0, 0.0)
        .unwrap()
        .with_killed(10)
        .unwrap();
    let t = TransitionTime::new(splitting, -0.9, 400).unwrap();
    let xi = |x: &[f64]| x[0];
    let plain = t.run(&sde, &EulerMaruyama, &[-1.0], &xi).unwrap();
    let cube = |x: &[f64]| (x[0] + 1.0).powi(3);
    let guided = t
        .run_guided(&sde, &EulerMaruyama, &[-1.0], &xi, &cube)
        .unwrap();
    assert_eq!(plain.mean_time.to_bits(), guided.mean_time.to_bits());
    assert_eq!(plain.splitting.steps, guided.splitting.steps);
}
