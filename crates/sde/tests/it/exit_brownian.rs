//! Brownian motion leaving an interval: `dX = s dW` on `(a, b)` from `x` has
//! `E τ = (x − a)(b − x)/s²` and `P(exit at b) = (x − a)/(b − a)`
//! (proofs-notes/exit-times.md). Discrete monitoring overestimates `E τ` by
//! `O(√dt)`; the Brownian-bridge correction removes that bias (for Brownian
//! motion and a flat boundary the bridge probability is exact, so only the
//! `O(dt)` grid-time convention remains).

use sgdpde_landscape::Quadratic;
use sgdpde_sde::{EulerMaruyama, ExitTimes, Interval, Outcome, SdeModel, Temperature};

/// Standard errors allowed (fixed seed; 3 SE as the issue states).
const K_SE: f64 = 3.0;

#[test]
fn mean_exit_time_from_an_interval_discrete_vs_bridge() {
    let (a, b, x, s2) = (0.0, 1.0, 0.3, 1.0);
    let exact = (x - a) * (b - x) / s2;
    // Flat landscape, ε = s²: dX = s dW.
    let bm = SdeModel::langevin(
        Quadratic::diagonal(&[0.0], vec![0.0]).unwrap(),
        Temperature::epsilon(s2).unwrap(),
    )
    .unwrap();
    let dom = Interval::new(a, b).unwrap();
    let dt = 4e-4;
    let paths = 20_000;
    // t_max = 5: P(τ > 5) ≤ e^{−π²·5/2}·(4/π) ≈ 2e-11 — no censoring expected.
    let run = ExitTimes::new(paths, dt, 5.0, 2025).unwrap();
    let plain = run.run(&bm, &EulerMaruyama, &[x], &dom).unwrap();
    let bridged = run.run_bridged(&bm, &EulerMaruyama, &[x], &dom).unwrap();
    for r in [&plain, &bridged] {
        assert_eq!(r.censored(), 0);
        assert_eq!(r.paths(), paths);
    }
    let p = plain.mean_exit_time();
    let q = bridged.mean_exit_time();
    // Discrete monitoring: the boundary is effectively pushed out by
    // β s √dt (β ≈ 0.5826, Siegmund's constant), E τ grows by ≈
    // β s √dt (b − a)/s² ≈ 0.012 ≈ 9 SE here.
    assert!(
        p.mean - exact > K_SE * p.std_error,
        "discrete monitoring should be biased up: {} vs {exact} (SE {})",
        p.mean,
        p.std_error
    );
    assert!(
        (q.mean - exact).abs() < K_SE * q.std_error,
        "bridge-corrected {} vs exact {exact} (SE {})",
        q.mean,
        q.std_error
    );
    // Exit side: P(exit at b) = (x − a)/(b − a), binomial SE.
    let at_b = bridged.exits_by_boundary(2)[1] as f64 / paths as f64;
    let pb = (x - a) / (b - a);
    assert!((at_b - pb).abs() < K_SE * (pb * (1.0 - pb) / paths as f64).sqrt());
    // The bridge can only make paths exit earlier, path by path: same
    // increments (auxiliary substream), so τ_bridge ≤ τ_plain.
    for (u, v) in plain.outcomes().iter().zip(bridged.outcomes()) {
        assert!(v.exit_time().unwrap() <= u.exit_time().unwrap());
    }
}

#[test]
fn censoring_is_reported_and_never_counted_as_an_exit() {
    // Horizon 0.05 is far below E τ = 0.21: most paths are censored.
    let bm = SdeModel::langevin(
        Quadratic::diagonal(&[0.0], vec![0.0]).unwrap(),
        Temperature::epsilon(1.0).unwrap(),
    )
    .unwrap();
    let dom = Interval::new(0.0, 1.0).unwrap();
    let r = ExitTimes::new(2_000, 1e-3, 0.05, 1)
        .unwrap()
        .run(&bm, &EulerMaruyama, &[0.5], &dom)
        .unwrap();
    assert!(r.censored() > 0);
    assert_eq!(r.exited() + r.censored(), 2_000);
    assert_eq!(r.mean_exit_time().n, r.exited());
    for o in r.outcomes() {
        match o {
            Outcome::Exited { t, point, .. } => {
                assert!(*t <= 0.05 + 1e-12);
                assert!(point[0] <= 0.0 || point[0] >= 1.0);
            }
            Outcome::Censored { t_max } => assert!((t_max - 0.05).abs() < 1e-12),
        }
    }
    let s = r.survival(&[0.0, 0.05]);
    assert_eq!(s[0], 1.0);
    assert_eq!(s[1], r.censored() as f64 / 2_000.0);
    // A start outside the domain exits at t = 0.
    let r0 = ExitTimes::new(3, 1e-3, 0.05, 1)
        .unwrap()
        .run(&bm, &EulerMaruyama, &[1.5], &dom)
        .unwrap();
    assert!(r0.outcomes().iter().all(|o| o.exit_time() == Some(0.0)));
}

#[test]
fn paired_run_equals_the_two_separate_runs() {
    let bm = SdeModel::langevin(
        Quadratic::diagonal(&[0.0], vec![0.0]).unwrap(),
        Temperature::epsilon(1.0).unwrap(),
    )
    .unwrap();
    let dom = Interval::new(0.0, 1.0).unwrap();
    // Short horizon: some paths censored, some exit by the bridge only.
    let run = ExitTimes::new(1_000, 1e-2, 0.15, 77).unwrap();
    let (plain, bridged) = run
        .run_discrete_and_bridged(&bm, &EulerMaruyama, &[0.4], &dom)
        .unwrap();
    assert_eq!(plain, run.run(&bm, &EulerMaruyama, &[0.4], &dom).unwrap());
    assert_eq!(
        bridged,
        run.run_bridged(&bm, &EulerMaruyama, &[0.4], &dom).unwrap()
    );
    assert!(plain.censored() > bridged.censored());
}
