//! The convergence runner (`sgdpde convergence`) against theory: observed
//! orders on GBM and OU against `MethodInfo`, weak errors against their
//! closed forms on GBM, thread-count independence, evaluation counts, and
//! typed errors for bad input (proofs-notes/convergence-command.md).

use sgdpde_analysis::convergence::{PathRule, order_tolerance};
use sgdpde_experiments::ExperimentError;
use sgdpde_run::convergence::{
    ConvergenceConfig, ConvergenceProblem, ConvergenceReport, ExactMoments, ExactSolution,
    MethodReport, MethodSelection, OrderVerdict, WeakEstimator, run_builtin, run_convergence,
};
use sgdpde_sde::problems::GeometricBrownianMotion;
use sgdpde_sde::{IntegratorKind, NoiseClass, SdeError};

fn explicit(levels: std::ops::RangeInclusive<u32>, kinds: &[IntegratorKind]) -> ConvergenceConfig {
    let mut cfg = ConvergenceConfig::new(levels.collect(), 7);
    cfg.methods = MethodSelection::Explicit(kinds.to_vec());
    cfg
}

fn method<'r>(r: &'r ConvergenceReport, name: &str) -> &'r MethodReport {
    r.methods.iter().find(|m| m.method == name).unwrap()
}

/// `|p̂ − p| ≤ min(0.25, 0.1 + 3 SE)` (the harness tolerance) and the
/// report's verdict agrees.
fn assert_order(observed: Option<f64>, se: Option<f64>, verdict: Option<OrderVerdict>, p: f64) {
    let (o, se) = (observed.unwrap(), se.unwrap());
    assert!((o - p).abs() <= order_tolerance(se), "{o} ± {se} vs {p}");
    assert_eq!(verdict, Some(OrderVerdict::Pass));
}

/// GBM (diagonal multiplicative noise), levels h = 1/8 … 1/256 with the
/// harness's variance-driven path rules: Euler–Maruyama strong ½ and weak
/// 1, Milstein strong 1 and weak 1, each theoretical order read from
/// `MethodInfo` for the declared noise class.
#[test]
fn gbm_orders_match_method_info() {
    let em = IntegratorKind::EulerMaruyama;
    let mil = IntegratorKind::Milstein;
    let r = run_builtin("gbm", &[], &explicit(3..=8, &[em, mil])).unwrap();
    assert_eq!(r.noise_class, NoiseClass::Diagonal);
    assert_eq!(r.weak_estimator, Some(WeakEstimator::Coupled));
    for (kind, m) in [
        (em, method(&r, "euler-maruyama")),
        (mil, method(&r, "milstein")),
    ] {
        let info = kind.info();
        assert_eq!(
            m.strong_order_theory,
            info.strong_order_for(NoiseClass::Diagonal)
        );
        assert_eq!(m.weak_order_theory, info.weak_order);
        assert_order(
            m.strong_order,
            m.strong_order_se,
            m.strong_verdict,
            m.strong_order_theory,
        );
        assert_order(
            m.weak_order,
            m.weak_order_se,
            m.weak_verdict,
            info.weak_order,
        );
        // The reference has the exact law: its mean of |X_T|² is within 4
        // standard errors of x₀² e^{(2α+β²)T}.
        assert!(m.weak_reference_z.unwrap().abs() < 4.0, "{m:?}");
    }
    assert_eq!(method(&r, "euler-maruyama").strong_order_theory, 0.5);
    assert_eq!(method(&r, "milstein").strong_order_theory, 1.0);
    assert!(r.no_failures());
}

/// OU as overdamped Langevin (additive noise): the order 1.5 scheme's
/// strong order is 2 on a linear drift (its omitted terms of orders 1.5
/// and 2 vanish; proofs-notes/integrators.md), reported as `higher` than
/// its `MethodInfo` order 1.5; its weak order 2 passes.
#[test]
fn ou_kp15_is_higher_strong_and_weak_two() {
    let kp = IntegratorKind::KloedenPlaten15;
    let r = run_builtin("ou", &[], &explicit(3..=8, &[kp])).unwrap();
    let m = method(&r, "kp15-additive");
    assert_eq!(m.strong_order_theory, 1.5);
    assert_eq!(m.strong_verdict, Some(OrderVerdict::Higher));
    let (o, se) = (m.strong_order.unwrap(), m.strong_order_se.unwrap());
    assert!((o - 2.0).abs() <= order_tolerance(se), "{o} ± {se}");
    assert_order(m.weak_order, m.weak_order_se, m.weak_verdict, 2.0);
}

/// Weak errors of Euler–Maruyama and Milstein on GBM in closed form
/// (proofs-notes/convergence-command.md §3): one step multiplies `E X²` by
/// `(1 + αh)² + β²h` (EM) or `(1 + αh)² + β²h + β⁴h²/2` (Milstein), so
/// `E (X_N^h)² = x₀² q^N` against `x₀² e^{(2α+β²)T}`. Both the coupled and
/// the plain estimator (moments only) must agree with it within 4 SE at
/// every level (fixed paths, fixed seed).
#[test]
fn weak_errors_match_closed_form_for_both_estimators() {
    let g = GeometricBrownianMotion::new(0.5, 0.5).unwrap();
    let (x0, t) = (1.0, 1.0);
    let moments = ExactMoments {
        mean: Some(vec![g.mean(t, x0)]),
        second: vec![g.second_moment(t, x0)],
    };
    let exact_solution = || {
        Some(ExactSolution::from_endpoint(t, move |t, w, x0, out| {
            out[0] = g.exact(x0[0], t, w[0]);
            Ok(())
        }))
    };
    let kinds = [IntegratorKind::EulerMaruyama, IntegratorKind::Milstein];
    let mut cfg = explicit(1..=3, &kinds);
    cfg.strong_rule = PathRule::fixed(200, 0.03);
    cfg.weak_rule = PathRule::fixed(40_000, 0.05);
    for (coupled, estimator) in [
        (true, WeakEstimator::Coupled),
        (false, WeakEstimator::Plain),
    ] {
        let problem = ConvergenceProblem {
            name: "gbm-closed-form".into(),
            sde: g.model(),
            x0: vec![x0],
            t_end: t,
            exact_solution: if coupled { exact_solution() } else { None },
            exact_moments: Some(moments.clone()),
        };
        let r = run_convergence(&problem, &cfg).unwrap();
        assert_eq!(r.weak_estimator, Some(estimator));
        for m in &r.methods {
            assert_eq!(m.strong_order.is_some(), coupled);
            for row in &m.table {
                let (a, b, h) = (g.alpha, g.beta, row.h);
                let mut q = (1.0 + a * h).powi(2) + b * b * h;
                if m.method == "milstein" {
                    q += 0.5 * b.powi(4) * h * h;
                }
                let exact = (x0 * x0 * q.powi(row.steps as i32) - moments.second[0]).abs();
                let (e, se) = (row.weak_error.unwrap(), row.weak_se.unwrap());
                assert!(
                    (e - exact).abs() <= 4.0 * se,
                    "{} {estimator:?} h = {h}: {e} ± {se} vs {exact}",
                    m.method
                );
            }
        }
    }
}

/// The same run on 1 and 2 threads gives identical reports (per-path
/// streams, fixed chunks merged in index order).
#[test]
fn thread_count_does_not_change_the_report() {
    let mut cfg = ConvergenceConfig::new(vec![2, 3, 4], 11);
    cfg.strong_rule = PathRule::fixed(300, 0.03);
    cfg.weak_rule = PathRule::fixed(300, 0.05);
    let on = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| run_builtin("ou", &[], &cfg).unwrap())
    };
    let one = on(1);
    assert_eq!(one.methods.len(), IntegratorKind::ALL.len());
    assert_eq!(one, on(2));
}

/// Euler–Maruyama costs one drift and one noise evaluation per step; the
/// path-steps are (strong + weak paths) × steps.
#[test]
fn work_precision_counts() {
    let mut cfg = explicit(2..=4, &[IntegratorKind::EulerMaruyama]);
    cfg.strong_rule = PathRule::fixed(100, 0.03);
    cfg.weak_rule = PathRule::fixed(150, 0.05);
    let r = run_builtin("linear-rank-one", &[], &cfg).unwrap();
    let m = &r.methods[0];
    for row in &m.table {
        assert_eq!(row.steps, 1 << row.level);
        assert_eq!(row.evaluations_per_path.drift, row.steps);
        assert_eq!(row.evaluations_per_path.diffusion, row.steps);
        assert_eq!(row.path_steps, 250 * row.steps);
    }
    assert_eq!(r.figures().len(), 2);
    assert_eq!(r.figures()[0].series.len(), 2);
}

/// Not-applicable methods are skipped with the reason, or rejected when
/// asked for explicitly; bad levels, rules, problems and parameters are
/// typed errors naming the field.
#[test]
fn bad_input_is_a_typed_error() {
    let mut cfg = ConvergenceConfig::new(vec![2, 3, 4], 0);
    cfg.strong_rule = PathRule::fixed(50, 0.03);
    cfg.weak_rule = PathRule::fixed(50, 0.05);
    let r = run_builtin("gbm", &[], &cfg).unwrap();
    let skipped: Vec<_> = r.skipped.iter().map(|s| s.method).collect();
    assert_eq!(skipped, ["kp15-additive", "leimkuhler-matthews"]);
    assert!(r.skipped[0].reason.contains("Diagonal"));
    let e = run_builtin(
        "gbm",
        &[],
        &explicit(2..=4, &[IntegratorKind::KloedenPlaten15]),
    );
    assert!(matches!(
        e,
        Err(ExperimentError::Sde(SdeError::IncompatibleNoise {
            method: "kp15-additive",
            ..
        }))
    ));
    let field = |e: ExperimentError| match e {
        ExperimentError::InvalidConfig { field, .. } => field,
        other => panic!("expected InvalidConfig, got {other:?}"),
    };
    for levels in [
        vec![3, 4],
        vec![0, 1, 2],
        vec![3, 3, 4],
        vec![13, 14, 15],
        vec![5, 4, 6],
    ] {
        let c = ConvergenceConfig {
            levels,
            ..cfg.clone()
        };
        assert_eq!(field(run_builtin("gbm", &[], &c).unwrap_err()), "levels");
    }
    let c = ConvergenceConfig {
        methods: MethodSelection::Explicit(vec![]),
        ..cfg.clone()
    };
    assert_eq!(field(run_builtin("gbm", &[], &c).unwrap_err()), "methods");
    let c = ConvergenceConfig {
        strong_rule: PathRule::fixed(1, 0.03),
        ..cfg.clone()
    };
    assert!(matches!(
        run_builtin("gbm", &[], &c),
        Err(ExperimentError::Analysis(_))
    ));
    assert_eq!(
        field(run_builtin("nope", &[], &cfg).unwrap_err()),
        "problem"
    );
    let p = [("x0".to_owned(), f64::INFINITY)];
    assert_eq!(field(run_builtin("gbm", &p, &cfg).unwrap_err()), "x0");
    let g = GeometricBrownianMotion::new(0.5, 0.5).unwrap();
    let bare = |x0: Vec<f64>, moments: bool| ConvergenceProblem {
        name: "bare".into(),
        sde: g.model(),
        x0,
        t_end: 1.0,
        exact_solution: None,
        exact_moments: moments.then(|| ExactMoments {
            mean: None,
            second: vec![1.0],
        }),
    };
    assert_eq!(
        field(run_convergence(&bare(vec![1.0], false), &cfg).unwrap_err()),
        "problem"
    );
    assert_eq!(
        field(run_convergence(&bare(vec![1.0, 2.0], true), &cfg).unwrap_err()),
        "x0"
    );
}
