//! Sample quantiles with distribution-free confidence intervals from order
//! statistics (the binomial method).

use serde::{Deserialize, Serialize};

use crate::error::{AnalysisError, Result, check_data, check_level};
use crate::interval::ConfidenceInterval;
use crate::special::beta_inc;

/// A sample quantile with its order-statistic confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct QuantileEstimate {
    /// The probability `p` of the quantile `ξ_p`.
    pub p: f64,
    /// Point estimate (linear interpolation between order statistics,
    /// Hyndman–Fan type 7: `h = (n − 1)p`).
    pub value: f64,
    /// `[X₍ₗ₎, X₍ᵤ₎]` with nominal level as requested.
    pub ci: ConfidenceInterval,
    /// Exact coverage `P(l ≤ B ≤ u − 1)`, `B ~ Bin(n, p)`: at least the
    /// requested level for continuous data.
    pub coverage: f64,
    /// 1-based ranks `(l, u)` of the order statistics bounding the interval.
    pub ranks: (usize, usize),
    /// Number of samples.
    pub n: usize,
}

/// `P(B ≤ k)` for `B ~ Bin(n, p)`: `I_{1−p}(n − k, k + 1)`.
pub(crate) fn binomial_cdf(k: i64, n: usize, p: f64) -> f64 {
    if k < 0 {
        0.0
    } else if k as usize >= n {
        1.0
    } else {
        beta_inc((n as i64 - k) as f64, (k + 1) as f64, 1.0 - p)
    }
}

/// The `p`-quantile of `samples` with a distribution-free confidence interval.
///
/// # Formula
/// For continuous data, `#{i : Xᵢ ≤ ξ_p} ~ Bin(n, p)`, so for ranks `l < u`
///
/// ```text
/// P(X₍ₗ₎ ≤ ξ_p < X₍ᵤ₎) = P(l ≤ B ≤ u − 1),   B ~ Bin(n, p).
/// ```
///
/// `l` is the largest rank with `P(B ≤ l − 1) ≤ (1 − level)/2` and `u` the
/// smallest with `P(B ≥ u) ≤ (1 − level)/2`, so the coverage is at least the
/// level (derivation: `proofs-notes/estimators.md`).
///
/// # Errors
/// * [`AnalysisError::InvalidParameter`] unless `0 < p < 1` and `0 < level < 1`;
/// * [`AnalysisError::NonFiniteData`] for a NaN/infinite sample;
/// * [`AnalysisError::TooFewSamples`] if no ranks `1 ≤ l < u ≤ n` reach the level.
///
/// # Examples
/// ```
/// use sgdpde_analysis::quantile;
/// let x: Vec<f64> = (1..=10).map(|i| i as f64).collect();
/// let q = quantile(&x, 0.5, 0.9)?;
/// assert_eq!(q.value, 5.5);
/// assert_eq!(q.ranks, (2, 9)); // coverage 1 − 2·11/1024
/// # Ok::<(), sgdpde_analysis::AnalysisError>(())
/// ```
///
/// # References
/// David & Nagaraja, *Order Statistics*, 3rd ed., §7.1; Hyndman & Fan,
/// Am. Stat. 50 (1996).
pub fn quantile(samples: &[f64], p: f64, level: f64) -> Result<QuantileEstimate> {
    if !(p.is_finite() && p > 0.0 && p < 1.0) {
        return Err(AnalysisError::InvalidParameter {
            name: "p",
            value: p,
            constraint: "in (0, 1)",
        });
    }
    let level = check_level(level)?;
    check_data("samples", samples)?;
    let n = samples.len();
    let mut x = samples.to_vec();
    x.sort_by(f64::total_cmp);
    let alpha2 = 0.5 * (1.0 - level);
    let too_few = AnalysisError::TooFewSamples {
        what: "quantile confidence interval",
        needed: n + 1,
        found: n,
    };
    if n < 2 {
        return Err(too_few);
    }
    // Start from the normal approximation, then walk to the exact ranks.
    let sd = (n as f64 * p * (1.0 - p)).sqrt();
    let mut l = ((n as f64 * p - 3.0 * sd).floor() as i64).max(0);
    while l < n as i64 && binomial_cdf(l, n, p) <= alpha2 {
        l += 1;
    }
    // Now P(B ≤ l) > α/2 ≥ P(B ≤ l − 1): the rank is l (1-based).
    while l > 0 && binomial_cdf(l - 1, n, p) > alpha2 {
        l -= 1;
    }
    let mut u = ((n as f64 * p + 3.0 * sd).ceil() as i64).min(n as i64 + 1);
    // Smallest u with P(B ≥ u) = 1 − P(B ≤ u − 1) ≤ α/2.
    while u > 1 && 1.0 - binomial_cdf(u - 2, n, p) <= alpha2 {
        u -= 1;
    }
    while u <= n as i64 && 1.0 - binomial_cdf(u - 1, n, p) > alpha2 {
        u += 1;
    }
    if l < 1 || u > n as i64 || l >= u {
        return Err(too_few);
    }
    let (l, u) = (l as usize, u as usize);
    let coverage = binomial_cdf(u as i64 - 1, n, p) - binomial_cdf(l as i64 - 1, n, p);
    let h = (n - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(n - 1);
    let value = x[lo] + (h - lo as f64) * (x[hi] - x[lo]);
    Ok(QuantileEstimate {
        p,
        value,
        ci: ConfidenceInterval {
            lo: x[l - 1],
            hi: x[u - 1],
            level,
        },
        coverage,
        ranks: (l, u),
        n,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn binom_exact(n: u64, k: u64) -> f64 {
        (0..k).fold(1.0, |c, i| c * (n - i) as f64 / (i + 1) as f64)
    }

    #[test]
    fn binomial_cdf_matches_sums() {
        for &p in &[0.1_f64, 0.5, 0.83] {
            let mut acc = 0.0;
            for k in 0..20 {
                acc += binom_exact(20, k) * p.powi(k as i32) * (1.0 - p).powi(20 - k as i32);
                assert!((binomial_cdf(k as i64, 20, p) - acc).abs() < 1e-13);
            }
        }
    }

    #[test]
    fn median_interval_by_hand() {
        // n = 10, p = ½, level 0.9: P(B ≤ 1) = 11/1024 ≤ 0.05 < P(B ≤ 2) = 56/1024,
        // so l = 2, u = 9, coverage 1 − 22/1024.
        let x: Vec<f64> = [7.0, 3.0, 9.0, 1.0, 5.0, 2.0, 8.0, 10.0, 4.0, 6.0].to_vec();
        let q = quantile(&x, 0.5, 0.9).unwrap();
        assert_eq!(q.ranks, (2, 9));
        assert_eq!((q.ci.lo, q.ci.hi), (2.0, 9.0));
        assert!((q.coverage - (1.0 - 22.0 / 1024.0)).abs() < 1e-13);
        assert_eq!(q.value, 5.5);
    }

    #[test]
    fn asymmetric_quantile_interval_is_minimal() {
        // For every accepted (l, u): moving l up or u down would break the level.
        let x: Vec<f64> = (0..500).map(|i| (i as f64 * 0.37).sin()).collect();
        for &p in &[0.05, 0.25, 0.9] {
            let q = quantile(&x, p, 0.95).unwrap();
            let (l, u) = (q.ranks.0 as i64, q.ranks.1 as i64);
            assert!(binomial_cdf(l - 1, 500, p) <= 0.025);
            assert!(binomial_cdf(l, 500, p) > 0.025);
            assert!(1.0 - binomial_cdf(u - 1, 500, p) <= 0.025);
            assert!(1.0 - binomial_cdf(u - 2, 500, p) > 0.025);
            assert!(q.coverage >= 0.95);
            assert!(q.ci.lo <= q.value && q.value <= q.ci.hi);
        }
    }

    #[test]
    fn bad_inputs_are_typed_errors() {
        assert!(matches!(
            quantile(&[1.0, 2.0], 0.5, 0.99),
            Err(AnalysisError::TooFewSamples { found: 2, .. })
        ));
        assert!(quantile(&[1.0, 2.0, 3.0], 1.0, 0.9).is_err());
        assert!(quantile(&[1.0, f64::NAN, 3.0], 0.5, 0.5).is_err());
        assert!(quantile(&[1.0, 2.0, 3.0], 0.5, 1.5).is_err());
    }
}
