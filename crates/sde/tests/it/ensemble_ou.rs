//! Ornstein–Uhlenbeck moments from the streaming reductions, at k standard
//! errors with fixed seeds.
//!
//! Model: `dX = −θ X dt + √ε dW` (Langevin dynamics on `L = θx²/2`).
//! Euler–Maruyama on it is the linear recursion `X_{n+1} = r X_n + √(ε dt) ξ`
//! with `r = 1 − θ dt`, whose moments are exact in closed form:
//! `E X_n = rⁿ x₀`, `Var X_n = ε dt (1 − r²ⁿ)/(1 − r²)` — so the ensemble's
//! statistics are checked against the exact law of what it simulates, with
//! no discretisation bias to budget for (proofs-notes/ensembles.md). The
//! continuous-time values `x₀e^{−θt}`, `ε(1 − e^{−2θt})/(2θ)` differ from
//! these by O(dt), which the last test accounts for explicitly.

use sgdpde_landscape::Quadratic;
use sgdpde_sde::{Ensemble, EulerMaruyama, Moments, SdeModel, SetMass, Temperature};

/// Standard errors allowed: a fixed seed makes the test deterministic; 4 SE
/// would be exceeded with probability 6e-5 by a correct implementation.
const K_SE: f64 = 4.0;

fn em_moments(theta: f64, eps: f64, dt: f64, n: u64, x0: f64) -> (f64, f64) {
    let r = 1.0 - theta * dt;
    let r2n = r.powi(2 * n as i32);
    (
        r.powi(n as i32) * x0,
        eps * dt * (1.0 - r2n) / (1.0 - r * r),
    )
}

#[test]
fn mean_and_variance_match_the_exact_em_law_at_every_snapshot() {
    let (theta, eps, dt, x0, paths) = (1.5, 0.5, 0.01, 2.0, 20_000u64);
    let sde = SdeModel::langevin(
        Quadratic::diagonal(&[theta], vec![0.0]).unwrap(),
        Temperature::epsilon(eps).unwrap(),
    )
    .unwrap();
    let times = [0.0, 0.1, 0.5, 2.0];
    let run = Ensemble::new(paths, dt, 2.0, 11)
        .unwrap()
        .with_snapshots(&times)
        .unwrap();
    let red = (
        Moments::new(1),
        SetMass::new(1, |x: &[f64]| None::<usize>.or((x[0] > 0.0).then_some(0))),
    );
    let (moments, _) = run.run(&sde, &EulerMaruyama, &[x0], &red).unwrap();
    for (s, t) in times.iter().enumerate() {
        let n = (t / dt).round() as u64;
        let (mean, var) = em_moments(theta, eps, dt, n, x0);
        let acc = &moments[s];
        assert_eq!(acc.count(), paths);
        if n == 0 {
            assert_eq!(acc.mean()[0], x0);
            assert_eq!(acc.covariance().unwrap()[0], 0.0);
            continue;
        }
        let se_mean = (var / paths as f64).sqrt();
        assert!(
            (acc.mean()[0] - mean).abs() < K_SE * se_mean,
            "t = {t}: mean {} vs {mean} (SE {se_mean})",
            acc.mean()[0]
        );
        // Gaussian sample variance: SE = σ²√(2/(n − 1)).
        let se_var = var * (2.0 / (paths - 1) as f64).sqrt();
        let v = acc.covariance().unwrap()[0];
        assert!((v - var).abs() < K_SE * se_var, "t = {t}: var {v} vs {var}");
    }
}

#[test]
fn two_dimensional_covariance_and_mass_above_the_mean() {
    // Independent coordinates with θ = (1, 4): diagonal covariance, zero
    // off-diagonal (SE of a sample correlation ≈ 1/√n).
    let (dt, paths) = (0.01, 20_000u64);
    let sde = SdeModel::langevin(
        Quadratic::diagonal(&[1.0, 4.0], vec![0.0, 0.0]).unwrap(),
        Temperature::epsilon(1.0).unwrap(),
    )
    .unwrap();
    let run = Ensemble::new(paths, dt, 1.0, 5).unwrap();
    let red = (
        Moments::new(2),
        // Mass of {x₀ > E x₀}: exactly 1/2 for the Gaussian law of EM.
        SetMass::new(1, |x: &[f64]| {
            let (m, _) = em_moments(1.0, 1.0, 0.01, 100, 1.0);
            (x[0] > m).then_some(0)
        }),
    );
    let (m, mass) = run.run(&sde, &EulerMaruyama, &[1.0, -1.0], &red).unwrap();
    let c = m[0].covariance().unwrap();
    for (i, theta, x0) in [(0, 1.0, 1.0), (1, 4.0, -1.0)] {
        let (mean, var) = em_moments(theta, 1.0, dt, 100, x0);
        let se = (var / paths as f64).sqrt();
        assert!((m[0].mean()[i] - mean).abs() < K_SE * se);
        let se_var = var * (2.0 / (paths - 1) as f64).sqrt();
        assert!((c[3 * i] - var).abs() < K_SE * se_var);
    }
    let corr = c[1] / (c[0] * c[3]).sqrt();
    assert!(corr.abs() < K_SE / (paths as f64).sqrt(), "corr {corr}");
    assert_eq!(c[1], c[2]);
    let p = mass[0].fractions()[0];
    assert!(
        (p - 0.5).abs() < K_SE * (0.25 / paths as f64).sqrt(),
        "p {p}"
    );
}

#[test]
fn continuous_ou_moments_within_se_plus_the_em_bias() {
    // The exact OU law at t = 1 against the ensemble, allowing k SE plus the
    // O(dt) difference |EM − exact| computed in closed form (not a fudge).
    let (theta, eps, dt, x0, paths) = (1.0, 0.5, 1e-3, 1.0, 20_000u64);
    let sde = SdeModel::langevin(
        Quadratic::diagonal(&[theta], vec![0.0]).unwrap(),
        Temperature::epsilon(eps).unwrap(),
    )
    .unwrap();
    let m = Ensemble::new(paths, dt, 1.0, 3)
        .unwrap()
        .run(&sde, &EulerMaruyama, &[x0], &Moments::new(1))
        .unwrap();
    let exact_mean = x0 * (-theta).exp();
    let exact_var = eps * (1.0 - (-2.0 * theta).exp()) / (2.0 * theta);
    let (em_mean, em_var) = em_moments(theta, eps, dt, 1000, x0);
    let se = (exact_var / paths as f64).sqrt();
    assert!((m[0].mean()[0] - exact_mean).abs() < K_SE * se + (em_mean - exact_mean).abs());
    let se_var = exact_var * (2.0 / (paths - 1) as f64).sqrt();
    let v = m[0].covariance().unwrap()[0];
    assert!((v - exact_var).abs() < K_SE * se_var + (em_var - exact_var).abs());
}
