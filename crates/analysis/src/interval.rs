//! Confidence intervals.

use serde::{Deserialize, Serialize};

/// A two-sided confidence interval `[lo, hi]` at a stated level.
///
/// # Examples
/// ```
/// use sgdpde_analysis::ConfidenceInterval;
/// let ci = ConfidenceInterval { lo: 1.0, hi: 3.0, level: 0.95 };
/// assert!(ci.contains(2.0));
/// assert_eq!(ci.half_width(), 1.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ConfidenceInterval {
    /// Lower end.
    pub lo: f64,
    /// Upper end.
    pub hi: f64,
    /// Nominal coverage probability, e.g. 0.95.
    pub level: f64,
}

impl ConfidenceInterval {
    /// Whether `value` lies in `[lo, hi]`.
    pub fn contains(&self, value: f64) -> bool {
        self.lo <= value && value <= self.hi
    }

    /// Half the width, `(hi − lo)/2`.
    pub fn half_width(&self) -> f64 {
        0.5 * (self.hi - self.lo)
    }

    /// The symmetric interval `centre ± half_width`.
    pub fn symmetric(centre: f64, half_width: f64, level: f64) -> Self {
        Self {
            lo: centre - half_width,
            hi: centre + half_width,
            level,
        }
    }
}
