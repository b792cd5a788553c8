//! Test assertions over the convergence harness of
//! [`sgdpde_analysis::convergence`] (which owns the studies, the path rule,
//! the order fit and its tolerance; see there and
//! `proofs-notes/convergence-harness.md`).
//!
//! The wrappers here take infallible samplers and panic on a broken study,
//! which is what a test wants; [`assert_order`] holds an observed order
//! against a method's order within [`order_tolerance`].

pub use sgdpde_analysis::convergence::{
    ConvergenceStudy, OrderFit, PathRule, WeakStudy, order_tolerance,
};
use sgdpde_analysis::{AnalysisError, convergence};

/// [`convergence::fit_order`], panicking on a broken study.
///
/// # Panics
/// If fewer than three points, lengths differ, or an entry is not positive
/// and finite.
pub fn fit_order(dts: &[f64], errors: &[f64]) -> OrderFit {
    convergence::fit_order(dts, errors)
        .unwrap_or_else(|e| panic!("order fit of {errors:?} against {dts:?}: {e}"))
}

/// [`convergence::error_study`] of `sample(i, out)` writing
/// `|X_T^{h_k} − X_T|` for every `h_k` in `dts`, all on path `i`'s
/// Brownian path (run in parallel: the sampler must be `Fn + Sync`).
///
/// # Panics
/// On a non-finite sample or an unfittable result.
pub fn strong_study<F>(dts: &[f64], rule: PathRule, sample: F) -> ConvergenceStudy
where
    F: Fn(u64, &mut [f64]) + Sync,
{
    convergence::error_study(dts, rule, |i, out| {
        sample(i, out);
        Ok::<(), AnalysisError>(())
    })
    .unwrap_or_else(|e| panic!("strong study: {e}"))
}

/// [`convergence::weak_study`]: `sample(i, out)` writes
/// `φ(X_T^{h_k}) − φ(X_T^{ref})` for every `h_k` and returns
/// `φ(X_T^{ref})`; `exact` is the closed-form `E φ(X_T)`.
///
/// # Panics
/// On a non-finite sample or an unfittable result.
pub fn weak_study<F>(dts: &[f64], rule: PathRule, exact: f64, sample: F) -> WeakStudy
where
    F: Fn(u64, &mut [f64]) -> f64 + Sync,
{
    convergence::weak_study(dts, rule, exact, |i, out| {
        Ok::<f64, AnalysisError>(sample(i, out))
    })
    .unwrap_or_else(|e| panic!("weak study: {e}"))
}

/// Asserts that `study` was not cut short by the path cap and that its
/// observed order is within [`order_tolerance`] of `expected`; panics with
/// the full study otherwise (test helper).
pub fn assert_order(study: &ConvergenceStudy, expected: f64, what: &str) {
    assert!(
        !study.mc_limited,
        "{what}: path cap reached before the Monte Carlo target: {study:#?}"
    );
    let tol = order_tolerance(study.fit.se);
    assert!(
        (study.fit.order - expected).abs() <= tol,
        "{what}: observed order {:.3} ± {:.3}, expected {expected} (tolerance {tol:.3}): {study:#?}",
        study.fit.order,
        study.fit.se,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The wrappers pass an exact power law through and `assert_order`
    /// accepts it (and rejects a wrong order).
    #[test]
    fn wrappers_and_assert_order() {
        let dts = [0.1, 0.05, 0.025, 0.0125];
        let s = strong_study(&dts, PathRule::fixed(4, 0.03), |_, out| {
            for (o, h) in out.iter_mut().zip(&dts) {
                *o = 3.0 * h.powf(1.5);
            }
        });
        assert!((fit_order(&s.dts, &s.errors).order - 1.5).abs() < 1e-12);
        assert_order(&s, 1.5, "exact");
        assert!(std::panic::catch_unwind(|| assert_order(&s, 1.0, "wrong")).is_err());
        let w = weak_study(&dts, PathRule::fixed(4, 0.03), 1.0, |_, out| {
            out.iter_mut().zip(&dts).for_each(|(o, h)| *o = *h);
            1.0
        });
        assert_order(&w.study, 1.0, "weak");
    }
}
