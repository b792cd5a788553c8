//! The convergence harness: observed strong and weak orders with Monte Carlo
//! error controlled from the measured variance.
//!
//! The harness is independent of how paths are simulated. A study is a set
//! of step sizes `h₁ > h₂ > …` and a sampler `sample(i, out)` that, for path
//! `i` (its own random stream), writes one number per step size:
//!
//! * **strong** — `|X_T^{h_k} − X_T|` with every `X^{h_k}` driven by the
//!   *same* Brownian path (a fine path coarsened exactly) and `X_T` the exact
//!   (or fine-reference) solution on that path;
//! * **weak** — `φ(X_T^{h_k}) − φ(X_T^{ref})` on the same path. Its mean is
//!   `E φ(X_T^{h_k}) − E φ(X_T)`, the weak error, because `X^{ref}` has the
//!   exact law (checked separately against the closed-form moment, see
//!   [`WeakStudy::reference_z`]). Using the coupled difference — the exact
//!   moment acts as the known mean of the control variate `φ(X_T^{ref})` —
//!   cuts the variance from `Var φ(X_T)` to `O(h^{2p_strong})`.
//!
//! **Path count.** A pilot of [`PathRule::pilot`] paths estimates, for every
//! level, the standard deviation `σ_k` and mean `μ_k` of the sampled
//! quantity; the study needs `N = max_k ⌈(σ_k / (r |μ_k|))²⌉` paths so that
//! the standard error of every measured error is at most the fraction `r`
//! of the error itself. It runs in stages — at most fourfold growth per
//! stage, re-estimating `N` each time — until the running count reaches the
//! current `N` or the cap [`PathRule::max`]. If the cap binds,
//! [`ConvergenceStudy::mc_limited`] is set and [`assert_order`] fails rather
//! than fit noise.
//!
//! **Fit.** Ordinary least squares of `ln error` on `ln h` gives the observed
//! order `p̂` and its standard error from the residuals
//! (`se = s/√Sxx`, `s² = Σrᵢ²/(n − 2)`); see
//! `proofs-notes/convergence-harness.md` for the estimator and the
//! tolerance [`order_tolerance`].

/// How many paths to run: a pilot, then enough for relative standard error
/// `rel_se` at every level, at most `max`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PathRule {
    /// Paths of the pilot run (also the minimum).
    pub pilot: u64,
    /// Hard cap.
    pub max: u64,
    /// Target: standard error ≤ `rel_se` × |mean| at every level.
    pub rel_se: f64,
}

impl PathRule {
    /// Strong studies: relative SE 3% per level. A relative error `δ` in
    /// each error moves the fitted slope by about
    /// `δ/(ln 2 · √Σ(kᵢ − k̄)²)` ≤ 0.5 δ for ≥ 5 halvings, so 3% gives ≤ 0.015
    /// — an order of magnitude below the 0.1 allowance.
    pub const STRONG: PathRule = PathRule {
        pilot: 200,
        max: 20_000,
        rel_se: 0.03,
    };

    /// Weak studies: relative SE 5% per level (slope noise ≤ 0.025).
    pub const WEAK: PathRule = PathRule {
        pilot: 400,
        max: 400_000,
        rel_se: 0.05,
    };
}

/// Least-squares fit `ln e ≈ c + p ln h`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OrderFit {
    /// Observed order `p̂`.
    pub order: f64,
    /// Standard error of `p̂` from the residuals.
    pub se: f64,
    /// Intercept `c` (`ln` of the error constant).
    pub intercept: f64,
}

/// Fits the observed order of `errors` against step sizes `dts` by ordinary
/// least squares on `(ln h, ln e)` ([`sgdpde_analysis::loglog_fit`]).
///
/// # Panics
/// If fewer than three points, lengths differ, or an entry is not positive
/// and finite (a broken study, not user input).
pub fn fit_order(dts: &[f64], errors: &[f64]) -> OrderFit {
    let fit = sgdpde_analysis::loglog_fit(dts, errors)
        .unwrap_or_else(|e| panic!("order fit of {errors:?} against {dts:?}: {e}"));
    OrderFit {
        order: fit.slope,
        se: fit.slope_se,
        intercept: fit.intercept,
    }
}

/// The allowed deviation `|p̂ − p|` of an observed order from the method's
/// order: `min(0.25, 0.1 + 3·se)`.
///
/// * `3·se` — the fit's own uncertainty (Monte Carlo noise and residual
///   curvature), at three standard errors;
/// * `0.1` — pre-asymptotic curvature: with error `C hᵖ(1 + c h^q)` the
///   secant slope over the studied range differs from `p` by
///   `O(c h_max^q)`; the ranges are chosen so this stays below 0.1;
/// * `0.25` cap — candidate orders of the methods differ by at least ½, so
///   any tolerance below ¼ still rejects a wrong order.
pub fn order_tolerance(se: f64) -> f64 {
    (0.1 + 3.0 * se).min(0.25)
}

/// Per-level running mean and variance (Welford).
#[derive(Debug, Clone, Default)]
struct Running {
    n: u64,
    mean: f64,
    m2: f64,
}

impl Running {
    fn push(&mut self, v: f64) {
        self.n += 1;
        let d = v - self.mean;
        self.mean += d / self.n as f64;
        self.m2 += d * (v - self.mean);
    }

    fn var(&self) -> f64 {
        if self.n > 1 {
            self.m2 / (self.n - 1) as f64
        } else {
            0.0
        }
    }

    fn se(&self) -> f64 {
        (self.var() / self.n as f64).sqrt()
    }
}

/// Result of a study: errors per step size, their standard errors, the
/// path count and the fitted order.
#[derive(Debug, Clone, PartialEq)]
pub struct ConvergenceStudy {
    /// Step sizes, decreasing.
    pub dts: Vec<f64>,
    /// Measured errors `|mean_k|`.
    pub errors: Vec<f64>,
    /// Standard errors of the means.
    pub std_errors: Vec<f64>,
    /// Paths run.
    pub paths: u64,
    /// Whether the path cap stopped the study before the target precision.
    pub mc_limited: bool,
    /// Least-squares order fit.
    pub fit: OrderFit,
}

/// A weak study with the check of its reference against the exact moment.
#[derive(Debug, Clone, PartialEq)]
pub struct WeakStudy {
    /// The study of `|E φ(X^h) − E φ(X)|`.
    pub study: ConvergenceStudy,
    /// Sample mean of `φ(X_T^{ref})`.
    pub reference_mean: f64,
    /// `(reference_mean − exact)/SE`: a valid reference has `|z| ≲ 3`.
    pub reference_z: f64,
}

fn run<F>(levels: usize, rule: PathRule, mut sample: F) -> (Vec<Running>, Running, bool)
where
    F: FnMut(u64, &mut [f64]) -> f64,
{
    assert!(rule.pilot >= 2 && rule.max >= rule.pilot && rule.rel_se > 0.0);
    let mut acc = vec![Running::default(); levels];
    let mut refs = Running::default();
    let mut out = vec![0.0; levels];
    let mut go = |range: std::ops::Range<u64>, acc: &mut [Running], refs: &mut Running| {
        for i in range {
            let r = sample(i, &mut out);
            refs.push(r);
            for (a, v) in acc.iter_mut().zip(&out) {
                a.push(*v);
            }
        }
    };
    go(0..rule.pilot, &mut acc, &mut refs);
    // Sequential rule: recompute the required count from the current
    // estimates, growing at most fourfold per stage so that a pilot mean
    // that happens to be small (noisy) cannot demand an absurd count.
    let mut n = rule.pilot;
    loop {
        let need = acc
            .iter()
            .map(|a| {
                let target = rule.rel_se * a.mean.abs();
                if target > 0.0 {
                    (a.var() / (target * target)).ceil()
                } else {
                    f64::INFINITY
                }
            })
            .fold(0.0f64, f64::max);
        if need <= n as f64 || n >= rule.max {
            break;
        }
        let next = if need.is_finite() {
            (need as u64).min(4 * n).min(rule.max)
        } else {
            (4 * n).min(rule.max)
        };
        go(n..next, &mut acc, &mut refs);
        n = next;
    }
    let limited = acc
        .iter()
        .any(|a| a.se() > rule.rel_se * a.mean.abs() * 1.2);
    (acc, refs, limited)
}

fn finish(dts: &[f64], acc: &[Running], limited: bool) -> ConvergenceStudy {
    let errors: Vec<f64> = acc.iter().map(|a| a.mean.abs()).collect();
    ConvergenceStudy {
        dts: dts.to_vec(),
        std_errors: acc.iter().map(Running::se).collect(),
        paths: acc[0].n,
        mc_limited: limited,
        fit: fit_order(dts, &errors),
        errors,
    }
}

/// Strong study: `sample(i, out)` writes `|X_T^{h_k} − X_T|` (any norm) for
/// every `h_k` in `dts`, all on path `i`'s Brownian path.
pub fn strong_study<F>(dts: &[f64], rule: PathRule, mut sample: F) -> ConvergenceStudy
where
    F: FnMut(u64, &mut [f64]),
{
    let (acc, _, limited) = run(dts.len(), rule, |i, out| {
        sample(i, out);
        0.0
    });
    finish(dts, &acc, limited)
}

/// Weak study: `sample(i, out)` writes `φ(X_T^{h_k}) − φ(X_T^{ref})` for
/// every `h_k` and returns `φ(X_T^{ref})`; `exact` is the closed-form
/// `E φ(X_T)`.
pub fn weak_study<F>(dts: &[f64], rule: PathRule, exact: f64, sample: F) -> WeakStudy
where
    F: FnMut(u64, &mut [f64]) -> f64,
{
    let (acc, refs, limited) = run(dts.len(), rule, sample);
    WeakStudy {
        study: finish(dts, &acc, limited),
        reference_mean: refs.mean,
        reference_z: (refs.mean - exact) / refs.se(),
    }
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

    #[test]
    fn fit_recovers_exact_power_law() {
        let dts = [0.1, 0.05, 0.025, 0.0125];
        let errs: Vec<f64> = dts.iter().map(|h: &f64| 3.0 * h.powf(1.5)).collect();
        let f = fit_order(&dts, &errs);
        assert!((f.order - 1.5).abs() < 1e-12);
        assert!(f.se < 1e-12);
        assert!((f.intercept - 3f64.ln()).abs() < 1e-12);
    }

    #[test]
    fn tolerance_is_capped() {
        assert_eq!(order_tolerance(0.0), 0.1);
        assert_eq!(order_tolerance(1.0), 0.25);
    }

    /// A synthetic study with error h (plus noise of relative size 0.5): the
    /// rule must raise the path count to (0.5/0.03)² ≈ 278 and recover
    /// order 1 within the tolerance.
    #[test]
    fn path_rule_and_strong_study() {
        let dts = [0.1, 0.05, 0.025, 0.0125, 0.00625];
        let mut state = 0x1234_5678_u64;
        let mut uniform = move || {
            // xorshift64*, deterministic and adequate for a synthetic check.
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            (state.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 11) as f64 / (1u64 << 53) as f64
        };
        let s = strong_study(&dts, PathRule::STRONG, |_, out| {
            let u = uniform();
            for (o, h) in out.iter_mut().zip(&dts) {
                *o = h * (1.0 + (u - 0.5) * 1.732);
            }
        });
        assert!(s.paths >= 250 && s.paths <= 400, "{}", s.paths);
        assert_order(&s, 1.0, "synthetic");
    }
}
