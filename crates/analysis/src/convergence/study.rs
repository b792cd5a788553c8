//! Strong and weak studies: the staged, variance-driven path loop, run in
//! fixed chunks on the rayon pool and merged in index order.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::convergence::order_fit::{OrderFit, fit_order};
use crate::convergence::path_rule::PathRule;
use crate::error::AnalysisError;
use crate::mean_estimate::MomentAccumulator;

/// Paths per chunk of the parallel loop. Chunks are fixed by path index
/// (never by thread), so the merged result does not depend on the number
/// of threads.
pub const CHUNK: u64 = 64;

/// Result of a study: errors per step size, their standard errors, the
/// path count and the fitted order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeakStudy {
    /// The study of `|E φ(X^h) − E φ(X)|`.
    pub study: ConvergenceStudy,
    /// Sample mean of `φ(X_T^{ref})`.
    pub reference_mean: f64,
    /// `(reference_mean − exact)/SE`: a valid reference has `|z| ≲ 3`.
    pub reference_z: f64,
}

/// Per-level accumulators of one chunk (or of the whole study).
#[derive(Debug, Clone)]
struct Acc {
    levels: Vec<MomentAccumulator>,
    reference: MomentAccumulator,
}

impl Acc {
    fn new(levels: usize) -> Self {
        Self {
            levels: vec![MomentAccumulator::new(); levels],
            reference: MomentAccumulator::new(),
        }
    }

    fn merge(&mut self, other: &Self) {
        for (a, b) in self.levels.iter_mut().zip(&other.levels) {
            a.merge(b);
        }
        self.reference.merge(&other.reference);
    }
}

fn se(a: &MomentAccumulator) -> f64 {
    (a.variance().unwrap_or(0.0) / a.count().max(1) as f64).sqrt()
}

fn non_finite(path: u64, value: f64) -> AnalysisError {
    AnalysisError::NonFiniteData {
        what: "convergence sample (index = path)",
        index: usize::try_from(path).unwrap_or(usize::MAX),
        value,
    }
}

/// Runs paths `range` in chunks of [`CHUNK`] on the rayon pool; merges in
/// index order; the first failing path (lowest index) wins.
fn run_range<F, E>(
    levels: usize,
    range: std::ops::Range<u64>,
    sample: &F,
) -> std::result::Result<Acc, E>
where
    F: Fn(u64, &mut [f64]) -> std::result::Result<f64, E> + Sync,
    E: From<AnalysisError> + Send,
{
    let chunks = (range.end - range.start).div_ceil(CHUNK);
    let parts: Vec<std::result::Result<Acc, E>> = (0..chunks)
        .into_par_iter()
        .map(|c| {
            let lo = range.start + c * CHUNK;
            let hi = (lo + CHUNK).min(range.end);
            let mut acc = Acc::new(levels);
            let mut out = vec![0.0; levels];
            for i in lo..hi {
                let r = sample(i, &mut out)?;
                if !r.is_finite() {
                    return Err(non_finite(i, r).into());
                }
                acc.reference.push(r).map_err(E::from)?;
                for (a, &v) in acc.levels.iter_mut().zip(&out) {
                    a.push(v).map_err(|_| E::from(non_finite(i, v)))?;
                }
            }
            Ok(acc)
        })
        .collect();
    let mut total = Acc::new(levels);
    for p in parts {
        total.merge(&p?);
    }
    Ok(total)
}

fn run<F, E>(levels: usize, rule: PathRule, sample: F) -> std::result::Result<(Acc, bool), E>
where
    F: Fn(u64, &mut [f64]) -> std::result::Result<f64, E> + Sync,
    E: From<AnalysisError> + Send,
{
    rule.validate()?;
    if levels == 0 {
        return Err(AnalysisError::TooFewSamples {
            what: "convergence study levels",
            needed: 1,
            found: 0,
        }
        .into());
    }
    let mut acc = run_range(levels, 0..rule.pilot, &sample)?;
    // Sequential rule: recompute the required count from the current
    // estimates, growing at most fourfold per stage so that a pilot mean
    // that happens to be small (noisy) cannot demand an absurd count.
    let mut n = rule.pilot;
    loop {
        let need = acc
            .levels
            .iter()
            .map(|a| {
                let target = rule.rel_se * a.mean().abs();
                if target > 0.0 {
                    (a.variance().unwrap_or(0.0) / (target * target)).ceil()
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
        let more = run_range(levels, n..next, &sample)?;
        acc.merge(&more);
        n = next;
    }
    let limited = acc
        .levels
        .iter()
        .any(|a| se(a) > rule.rel_se * a.mean().abs() * 1.2);
    Ok((acc, limited))
}

fn finish(dts: &[f64], acc: &Acc, limited: bool) -> crate::Result<ConvergenceStudy> {
    let errors: Vec<f64> = acc.levels.iter().map(|a| a.mean().abs()).collect();
    Ok(ConvergenceStudy {
        dts: dts.to_vec(),
        std_errors: acc.levels.iter().map(se).collect(),
        paths: acc.levels[0].count(),
        mc_limited: limited,
        fit: fit_order(dts, &errors)?,
        errors,
    })
}

/// A study of `|E Yₖ|` for per-path samples `Yₖ`, one per step size:
/// `sample(i, out)` writes path `i`'s `Yₖ` for every `h_k` in `dts` into
/// `out`. Strong studies sample `|X_T^{h_k} − X_T|` (any norm) on path
/// `i`'s Brownian path; plain weak studies sample `φ(X_T^{h_k}) − E φ(X_T)`.
///
/// The sampler runs concurrently on the current rayon pool (hence `Fn +
/// Sync`); each path must draw only from its own stream `i`.
///
/// # Errors
/// The first error of the sampler (lowest path index); a non-finite sample
/// ([`AnalysisError::NonFiniteData`] with the path index); an invalid
/// `rule` or `dts` (fewer than 3 step sizes, a zero error: the fit of
/// [`fit_order`]).
pub fn error_study<F, E>(
    dts: &[f64],
    rule: PathRule,
    sample: F,
) -> std::result::Result<ConvergenceStudy, E>
where
    F: Fn(u64, &mut [f64]) -> std::result::Result<(), E> + Sync,
    E: From<AnalysisError> + Send,
{
    let (acc, limited) = run(dts.len(), rule, |i, out| sample(i, out).map(|()| 0.0))?;
    Ok(finish(dts, &acc, limited)?)
}

/// Weak study: `sample(i, out)` writes `φ(X_T^{h_k}) − φ(X_T^{ref})` for
/// every `h_k` and returns `φ(X_T^{ref})`; `exact` is the closed-form
/// `E φ(X_T)`.
///
/// # Errors
/// As [`error_study`].
pub fn weak_study<F, E>(
    dts: &[f64],
    rule: PathRule,
    exact: f64,
    sample: F,
) -> std::result::Result<WeakStudy, E>
where
    F: Fn(u64, &mut [f64]) -> std::result::Result<f64, E> + Sync,
    E: From<AnalysisError> + Send,
{
    let (acc, limited) = run(dts.len(), rule, sample)?;
    Ok(WeakStudy {
        study: finish(dts, &acc, limited)?,
        reference_mean: acc.reference.mean(),
        reference_z: (acc.reference.mean() - exact) / se(&acc.reference),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::convergence::order_tolerance;

    /// A deterministic uniform of path `i` (splitmix64): the sampler sees
    /// only its path index, as the contract requires.
    fn uniform(i: u64) -> f64 {
        let mut z = i.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }

    const DTS: [f64; 5] = [0.1, 0.05, 0.025, 0.0125, 0.00625];

    /// Error `h(1 + (u − ½)·1.732)`: standard deviation 0.5 h, so the rule
    /// must raise the count to about (0.5/0.03)² ≈ 278 and recover order 1
    /// within the tolerance.
    fn synthetic(i: u64, out: &mut [f64]) -> Result<(), AnalysisError> {
        let u = uniform(i);
        for (o, h) in out.iter_mut().zip(&DTS) {
            *o = h * (1.0 + (u - 0.5) * 1.732);
        }
        Ok(())
    }

    #[test]
    fn path_rule_and_error_study() {
        let s = error_study(&DTS, PathRule::STRONG, synthetic).unwrap();
        assert!(s.paths >= 250 && s.paths <= 400, "{}", s.paths);
        assert!(!s.mc_limited);
        assert!((s.fit.order - 1.0).abs() <= order_tolerance(s.fit.se));
    }

    /// Bitwise the same study on 1 and 3 threads.
    #[test]
    fn thread_count_does_not_change_the_study() {
        let on = |t: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(t)
                .build()
                .unwrap()
                .install(|| error_study(&DTS, PathRule::STRONG, synthetic).unwrap())
        };
        assert_eq!(on(1), on(3));
    }

    /// Weak study: reference `r = u` has mean ½ exactly, so z is the
    /// standardised sample-mean error (fixed stream: |z| < 4).
    #[test]
    fn weak_study_reports_reference_z() {
        let w = weak_study(&DTS, PathRule::WEAK, 0.5, |i, out: &mut [f64]| {
            let u = uniform(i);
            for (o, h) in out.iter_mut().zip(&DTS) {
                *o = h * h * (1.0 + 0.2 * (u - 0.5));
            }
            Ok::<f64, AnalysisError>(u)
        })
        .unwrap();
        assert!(w.reference_z.abs() < 4.0, "{w:?}");
        assert!((w.study.fit.order - 2.0).abs() <= order_tolerance(w.study.fit.se));
    }

    /// The cap binds on a pure-noise sample; non-finite samples and sampler
    /// errors come back with the path index.
    #[test]
    fn cap_non_finite_and_errors() {
        let rule = PathRule::fixed(100, 0.01);
        let s = error_study(&DTS, rule, |i, out: &mut [f64]| {
            let u = uniform(i) - 0.45;
            out.iter_mut().for_each(|o| *o = u);
            Ok::<(), AnalysisError>(())
        })
        .unwrap();
        assert!(s.mc_limited);
        assert_eq!(s.paths, 100);
        let e = error_study(&DTS, rule, |i, out: &mut [f64]| {
            out.fill(if i == 77 { f64::NAN } else { 1.0 });
            Ok::<(), AnalysisError>(())
        })
        .unwrap_err();
        assert!(
            matches!(e, AnalysisError::NonFiniteData { index: 77, .. }),
            "{e}"
        );
        let e = error_study(&DTS, rule, |i, _: &mut [f64]| {
            if i >= 10 {
                Err(AnalysisError::DegenerateData {
                    what: "sampler",
                    reason: "test",
                })
            } else {
                Ok(())
            }
        })
        .unwrap_err();
        assert!(matches!(e, AnalysisError::DegenerateData { .. }));
        assert!(error_study(&DTS, PathRule::fixed(1, 0.1), synthetic).is_err());
    }
}
