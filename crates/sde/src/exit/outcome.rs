//! Typed exit outcomes and their summaries: counts, mean exit time with its
//! standard error, survival curve.

use crate::ensemble::MomentAcc;
use crate::error::{Result, SdeError};

/// What happened to one path.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The path left the domain.
    Exited {
        /// Exit time: the first grid time at which the path was seen outside
        /// (or, with the bridge correction, at whose step a crossing was
        /// sampled).
        t: f64,
        /// The state at that grid time.
        point: Vec<f64>,
        /// Which boundary piece (ids documented per domain).
        boundary: usize,
    },
    /// The path was still inside at the horizon `t_max`: its exit time is
    /// only known to exceed `t_max`. Never counted as an exit.
    Censored {
        /// The horizon.
        t_max: f64,
    },
}

impl Outcome {
    /// The exit time, if the path exited.
    pub fn exit_time(&self) -> Option<f64> {
        match self {
            Self::Exited { t, .. } => Some(*t),
            Self::Censored { .. } => None,
        }
    }
}

/// A mean with its standard error.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct MeanWithError {
    /// Sample mean.
    pub mean: f64,
    /// Standard error `s/√n` (NaN for `n < 2`).
    pub std_error: f64,
    /// Sample size.
    pub n: u64,
}

/// The outcomes of an exit-time run, in path order.
#[derive(Debug, Clone, PartialEq)]
pub struct ExitSummary {
    outcomes: Vec<Outcome>,
    t_max: f64,
}

impl ExitSummary {
    /// Wraps outcomes of a run with horizon `t_max`.
    pub fn new(outcomes: Vec<Outcome>, t_max: f64) -> Self {
        Self { outcomes, t_max }
    }

    /// All outcomes, path `i` at index `i`.
    pub fn outcomes(&self) -> &[Outcome] {
        &self.outcomes
    }

    /// The horizon.
    pub fn t_max(&self) -> f64 {
        self.t_max
    }

    /// Number of paths.
    pub fn paths(&self) -> u64 {
        self.outcomes.len() as u64
    }

    /// Number of censored paths (inside at `t_max`).
    pub fn censored(&self) -> u64 {
        self.outcomes
            .iter()
            .filter(|o| matches!(o, Outcome::Censored { .. }))
            .count() as u64
    }

    /// Number of paths that exited.
    pub fn exited(&self) -> u64 {
        self.paths() - self.censored()
    }

    /// Number of exits through each boundary id `0..pieces`.
    pub fn exits_by_boundary(&self, pieces: usize) -> Vec<u64> {
        let mut c = vec![0; pieces];
        for o in &self.outcomes {
            if let Outcome::Exited { boundary, .. } = o
                && *boundary < pieces
            {
                c[*boundary] += 1;
            }
        }
        c
    }

    /// Mean exit time of the paths that exited, with standard error
    /// `s/√n_exited` (Welford). This estimates `E[τ | τ ≤ t_max]`; it equals
    /// the mean exit time `E τ` only when [`Self::censored`] is 0 — check it
    /// (or choose `t_max` so that `P(τ > t_max)` is negligible).
    pub fn mean_exit_time(&self) -> MeanWithError {
        let mut acc = MomentAcc::new(1);
        for t in self.outcomes.iter().filter_map(Outcome::exit_time) {
            acc.push(&[t]);
        }
        MeanWithError {
            mean: if acc.count() > 0 {
                acc.mean()[0]
            } else {
                f64::NAN
            },
            std_error: acc.std_error(0).unwrap_or(f64::NAN),
            n: acc.count(),
        }
    }

    /// [`Self::mean_exit_time`] when it is estimable — at least 2 paths
    /// exited, so the mean and its standard error are numbers — instead of
    /// NaN. Like it, this is `E[τ | τ ≤ t_max]`, the mean exit time only
    /// when nothing was censored.
    ///
    /// # Errors
    /// [`SdeError::TooFewExits`] with the counts and the lower bound
    /// `E min(τ, t_max)` when fewer than 2 paths exited.
    pub fn estimated_mean_exit_time(&self) -> Result<MeanWithError> {
        let exited = self.exited();
        if exited < 2 {
            return Err(SdeError::TooFewExits {
                exited,
                paths: self.paths(),
                t_max: self.t_max,
                restricted_mean: self.restricted_mean().mean,
            });
        }
        Ok(self.mean_exit_time())
    }

    /// The restricted mean `E[min(τ, t_max)]` over all paths (censored paths
    /// contribute `t_max`), a lower bound of `E τ`, with its standard error.
    pub fn restricted_mean(&self) -> MeanWithError {
        let mut acc = MomentAcc::new(1);
        for o in &self.outcomes {
            acc.push(&[o.exit_time().unwrap_or(self.t_max)]);
        }
        MeanWithError {
            mean: acc.mean()[0],
            std_error: acc.std_error(0).unwrap_or(f64::NAN),
            n: acc.count(),
        }
    }

    /// The empirical survival function `Ŝ(t) = #{τᵢ > t}/n` at each of
    /// `times` (censored paths survive every `t < t_max`; for `t ≥ t_max`
    /// the value is the censored fraction, a lower bound). Binomial standard
    /// error `√(Ŝ(1 − Ŝ)/n)`.
    pub fn survival(&self, times: &[f64]) -> Vec<f64> {
        let mut exits: Vec<f64> = self
            .outcomes
            .iter()
            .filter_map(Outcome::exit_time)
            .collect();
        exits.sort_by(f64::total_cmp);
        let n = self.outcomes.len() as f64;
        times
            .iter()
            .map(|t| {
                let exited_by_t = exits.partition_point(|e| e <= t);
                (n - exited_by_t as f64) / n
            })
            .collect()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Outcomes as bits, for exact comparisons of runs: `-0.0 ≠ 0.0` and
    /// NaN-safe.
    pub(crate) fn bits(s: &ExitSummary) -> Vec<(u64, Vec<u64>, usize)> {
        s.outcomes()
            .iter()
            .map(|o| match o {
                Outcome::Exited { t, point, boundary } => (
                    t.to_bits(),
                    point.iter().map(|p| p.to_bits()).collect(),
                    *boundary,
                ),
                Outcome::Censored { t_max } => (t_max.to_bits(), Vec::new(), usize::MAX),
            })
            .collect()
    }

    fn exited(t: f64, boundary: usize) -> Outcome {
        Outcome::Exited {
            t,
            point: vec![0.0],
            boundary,
        }
    }

    #[test]
    fn an_all_censored_run_has_no_estimable_mean() {
        let censored = || Outcome::Censored { t_max: 2.0 };
        let s = ExitSummary::new(vec![censored(), censored(), censored()], 2.0);
        let e = s.estimated_mean_exit_time().unwrap_err();
        // Every path contributes t_max to E min(τ, t_max): the bound is t_max.
        assert_eq!(
            e,
            SdeError::TooFewExits {
                exited: 0,
                paths: 3,
                t_max: 2.0,
                restricted_mean: 2.0
            }
        );
        assert!(e.to_string().contains("only 0 of 3 paths exited"));
        // One exit: a mean but no standard error, still not estimable.
        let one = ExitSummary::new(vec![exited(1.0, 0), censored()], 2.0);
        assert!(matches!(
            one.estimated_mean_exit_time(),
            Err(SdeError::TooFewExits { exited: 1, .. })
        ));
        let two = ExitSummary::new(vec![exited(1.0, 0), exited(3.0, 1), censored()], 2.0);
        let m = two.estimated_mean_exit_time().unwrap();
        assert!(m.mean == 2.0 && m.std_error.is_finite());
    }

    #[test]
    fn censored_paths_are_never_exits() {
        let s = ExitSummary::new(
            vec![
                exited(1.0, 0),
                exited(3.0, 1),
                Outcome::Censored { t_max: 10.0 },
                exited(2.0, 1),
            ],
            10.0,
        );
        assert_eq!((s.paths(), s.exited(), s.censored()), (4, 3, 1));
        assert_eq!(s.exits_by_boundary(2), vec![1, 2]);
        let m = s.mean_exit_time();
        assert_eq!((m.mean, m.n), (2.0, 3));
        // s² = 1, SE = 1/√3.
        assert!((m.std_error - 1.0 / 3f64.sqrt()).abs() < 1e-15);
        // Welford's running mean: a few ulps of round-off.
        assert!((s.restricted_mean().mean - 4.0).abs() < 8.0 * f64::EPSILON * 4.0);
        assert_eq!(
            s.survival(&[0.5, 1.0, 2.5, 10.0]),
            vec![1.0, 0.75, 0.5, 0.25]
        );
    }
}
