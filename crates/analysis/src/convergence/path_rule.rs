//! [`PathRule`]: how many Monte Carlo paths a convergence study runs.

use serde::{Deserialize, Serialize};

use crate::error::{AnalysisError, Result};

/// How many paths to run: a pilot, then enough for relative standard error
/// `rel_se` at every level, at most `max`.
///
/// A fixed count `N` is `PathRule { pilot: N, max: N, .. }`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
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

    /// A fixed path count `n` (pilot = cap = `n`) with target `rel_se`
    /// (used only to flag [`crate::convergence::ConvergenceStudy::mc_limited`]).
    pub const fn fixed(n: u64, rel_se: f64) -> PathRule {
        PathRule {
            pilot: n,
            max: n,
            rel_se,
        }
    }

    /// Checks `2 ≤ pilot ≤ max` and `rel_se` finite and `> 0`.
    ///
    /// # Errors
    /// [`AnalysisError::InvalidParameter`] naming the field.
    pub fn validate(&self) -> Result<()> {
        if self.pilot < 2 {
            return Err(AnalysisError::InvalidParameter {
                name: "pilot",
                value: self.pilot as f64,
                constraint: "≥ 2",
            });
        }
        if self.max < self.pilot {
            return Err(AnalysisError::InvalidParameter {
                name: "max",
                value: self.max as f64,
                constraint: "≥ pilot",
            });
        }
        if !(self.rel_se.is_finite() && self.rel_se > 0.0) {
            return Err(AnalysisError::InvalidParameter {
                name: "rel_se",
                value: self.rel_se,
                constraint: "finite and > 0",
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_validate_and_bad_rules_are_rejected() {
        PathRule::STRONG.validate().unwrap();
        PathRule::WEAK.validate().unwrap();
        PathRule::fixed(10, 0.05).validate().unwrap();
        assert!(PathRule::fixed(1, 0.05).validate().is_err());
        assert!(
            PathRule {
                max: 1,
                ..PathRule::STRONG
            }
            .validate()
            .is_err()
        );
        for r in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert!(PathRule::fixed(10, r).validate().is_err());
        }
    }
}
