//! Monte Carlo checks of the estimators' stated properties: coverage of
//! confidence intervals, size of the exponential-law test, unbiasedness of
//! Kaplan–Meier under censoring. Fixed seeds (one ChaCha8 stream per data
//! set); every assertion is in binomial or sampling standard errors.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Exp1, StandardNormal};
use sgdpde_analysis::{
    KaplanMeier, MeanEstimate, MomentAccumulator, exponential_law_test, linear_fit, quantile,
};

/// Assertions allow 4 standard errors: a false alarm has probability
/// ≈ 6e-5 per check, and the seeds are fixed, so the outcome is replayable.
const K_SE: f64 = 4.0;

fn stream(seed: u64, i: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(i);
    rng
}

/// Binomial standard error of an observed frequency around `p` with `m` trials.
fn binomial_se(p: f64, m: usize) -> f64 {
    (p * (1.0 - p) / m as f64).sqrt()
}

#[test]
fn student_interval_of_the_mean_has_nominal_coverage_for_normal_data() {
    let (sets, n, level) = (4000, 8, 0.95);
    let mut hits = 0;
    for i in 0..sets {
        let mut rng = stream(1, i as u64);
        let x: Vec<f64> = (0..n)
            .map(|_| 3.0 + 2.0 * rng.sample::<f64, _>(StandardNormal))
            .collect();
        let ci = MeanEstimate::from_samples(&x)
            .unwrap()
            .ci_student(level)
            .unwrap();
        hits += usize::from(ci.contains(3.0));
    }
    let cov = hits as f64 / sets as f64;
    assert!(
        (cov - level).abs() < K_SE * binomial_se(level, sets),
        "coverage {cov}"
    );
}

#[test]
fn slope_interval_has_nominal_coverage() {
    // y = 1 + 2x + N(0, ½²) at x = 0..9; t interval with 8 dof is exact.
    let (sets, level) = (4000, 0.9);
    let x: Vec<f64> = (0..10).map(f64::from).collect();
    let mut hits = 0;
    for i in 0..sets {
        let mut rng = stream(2, i as u64);
        let y: Vec<f64> = x
            .iter()
            .map(|x| 1.0 + 2.0 * x + 0.5 * rng.sample::<f64, _>(StandardNormal))
            .collect();
        hits += usize::from(
            linear_fit(&x, &y)
                .unwrap()
                .slope_ci(level)
                .unwrap()
                .contains(2.0),
        );
    }
    let cov = hits as f64 / sets as f64;
    assert!(
        (cov - level).abs() < K_SE * binomial_se(level, sets),
        "coverage {cov}"
    );
}

#[test]
fn variance_standard_error_matches_the_spread_of_s2() {
    // Normal data: Var(s²) = 2σ⁴/(n − 1). The empirical SD of s² over m sets
    // has relative SE √((κ − 1)/(4m)), κ = 3 + 12/(n − 1) the kurtosis of
    // s² ~ σ²χ²_{n−1}/(n − 1).
    let (sets, n) = (3000, 100);
    let mut s2 = MomentAccumulator::new();
    let mut reported = MomentAccumulator::new();
    for i in 0..sets {
        let mut rng = stream(3, i as u64);
        let mut acc = MomentAccumulator::new();
        for _ in 0..n {
            acc.push(rng.sample::<f64, _>(StandardNormal)).unwrap();
        }
        let v = acc.variance_estimate().unwrap();
        s2.push(v.mean).unwrap();
        reported.push(v.std_error).unwrap();
    }
    let exact = (2.0 / (n as f64 - 1.0)).sqrt();
    let empirical = s2.variance().unwrap().sqrt();
    let kurtosis = 3.0 + 12.0 / (n as f64 - 1.0);
    let rel_se = ((kurtosis - 1.0) / (4.0 * sets as f64)).sqrt();
    assert!(
        (empirical / exact - 1.0).abs() < K_SE * rel_se,
        "{empirical} vs {exact}"
    );
    // The plug-in SE is consistent: per set its relative spread is ≈ 16 %
    // (noise of μ̂₄ at n = 100), so its mean carries a Jensen bias ≈ −0.3 %
    // plus O(1/n) ≈ 1 % terms; 5 % bounds both.
    assert!(
        (reported.mean() / exact - 1.0).abs() < 0.05,
        "{} vs {exact}",
        reported.mean()
    );
}

#[test]
fn order_statistic_interval_has_its_exact_coverage() {
    // Exp(1) median ln 2; n = 41; the interval's coverage is distribution-free
    // and reported exactly.
    let (sets, n) = (4000, 41);
    let mut hits = 0;
    let mut coverage = 0.0;
    for i in 0..sets {
        let mut rng = stream(4, i as u64);
        let x: Vec<f64> = (0..n).map(|_| rng.sample::<f64, _>(Exp1)).collect();
        let q = quantile(&x, 0.5, 0.95).unwrap();
        coverage = q.coverage;
        hits += usize::from(q.ci.contains(std::f64::consts::LN_2));
    }
    let cov = hits as f64 / sets as f64;
    assert!(coverage >= 0.95);
    assert!(
        (cov - coverage).abs() < K_SE * binomial_se(coverage, sets),
        "{cov} vs {coverage}"
    );
}

#[test]
fn kaplan_meier_is_unbiased_under_censoring_and_the_naive_estimate_is_not() {
    // τ ~ Exp(1), independent censoring C ~ Exp(rate ½): S(1) = e^{−1}.
    let n = 4000;
    let mut rng = stream(5, 0);
    let mut times = Vec::with_capacity(n);
    let mut exited = Vec::with_capacity(n);
    for _ in 0..n {
        let tau: f64 = rng.sample(Exp1);
        let c: f64 = 2.0 * rng.sample::<f64, _>(Exp1);
        times.push(tau.min(c));
        exited.push(tau <= c);
    }
    let km = KaplanMeier::new(&times, &exited).unwrap();
    let exact = (-1.0_f64).exp();
    let se = km.std_error(1.0);
    assert!(
        (km.survival(1.0) - exact).abs() < K_SE * se,
        "{} ± {se}",
        km.survival(1.0)
    );
    assert!(km.censored() > n / 5);
    // Counting censorings as exits: P(min(τ, C) > 1) = e^{−1.5}, far off.
    let naive = KaplanMeier::new(&times, &vec![true; n]).unwrap();
    assert!((naive.survival(1.0) - exact).abs() > 10.0 * se);
}

#[test]
fn exponential_law_tests_have_their_nominal_size() {
    // Exp(2) data, n = 100: rejection frequency at 5 % ≈ 0.05 both for the
    // Stephens (estimated-mean) and the Kolmogorov (known-mean) versions.
    let (sets, n) = (2000, 100);
    let (mut est, mut known) = (0, 0);
    for i in 0..sets {
        let mut rng = stream(6, i as u64);
        let x: Vec<f64> = (0..n).map(|_| 2.0 * rng.sample::<f64, _>(Exp1)).collect();
        est += usize::from(
            exponential_law_test(&x, None, 0.95)
                .unwrap()
                .rejected_at(0.05)
                .unwrap(),
        );
        known += usize::from(
            exponential_law_test(&x, Some(2.0), 0.95)
                .unwrap()
                .rejected_at(0.05)
                .unwrap(),
        );
    }
    let bound = K_SE * binomial_se(0.05, sets);
    for (name, r) in [("estimated", est), ("known", known)] {
        let f = r as f64 / sets as f64;
        assert!((f - 0.05).abs() < bound, "{name}: rejection rate {f}");
    }
}
