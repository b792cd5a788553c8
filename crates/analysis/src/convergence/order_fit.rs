//! The observed order of convergence and its tolerance.

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::linear_fit::loglog_fit;

/// Least-squares fit `ln e ≈ c + p ln h`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct OrderFit {
    /// Observed order `p̂`.
    pub order: f64,
    /// Standard error of `p̂` from the residuals.
    pub se: f64,
    /// Intercept `c` (`ln` of the error constant).
    pub intercept: f64,
}

/// Fits the observed order of `errors` against step sizes `dts` by ordinary
/// least squares on `(ln h, ln e)` ([`loglog_fit`]).
///
/// # Errors
/// As [`loglog_fit`]: fewer than three points, lengths differ, or an entry
/// is not positive and finite (an error of exactly 0 cannot be fitted).
///
/// # Examples
/// ```
/// use sgdpde_analysis::convergence::fit_order;
/// let f = fit_order(&[0.1, 0.05, 0.025], &[0.2, 0.1, 0.05])?;
/// assert!((f.order - 1.0).abs() < 1e-12);
/// # Ok::<(), sgdpde_analysis::AnalysisError>(())
/// ```
pub fn fit_order(dts: &[f64], errors: &[f64]) -> Result<OrderFit> {
    let fit = loglog_fit(dts, errors)?;
    Ok(OrderFit {
        order: fit.slope,
        se: fit.slope_se,
        intercept: fit.intercept,
    })
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
///
/// Derivation: `proofs-notes/convergence-harness.md` §4.
pub fn order_tolerance(se: f64) -> f64 {
    (0.1 + 3.0 * se).min(0.25)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_recovers_exact_power_law() {
        let dts = [0.1, 0.05, 0.025, 0.0125];
        let errs: Vec<f64> = dts.iter().map(|h: &f64| 3.0 * h.powf(1.5)).collect();
        let f = fit_order(&dts, &errs).unwrap();
        assert!((f.order - 1.5).abs() < 1e-12);
        assert!(f.se < 1e-12);
        assert!((f.intercept - 3f64.ln()).abs() < 1e-12);
        assert!(fit_order(&dts[..2], &errs[..2]).is_err());
        assert!(fit_order(&dts, &[1.0, 0.0, 1.0, 1.0]).is_err());
    }

    #[test]
    fn tolerance_is_capped() {
        assert_eq!(order_tolerance(0.0), 0.1);
        assert_eq!(order_tolerance(1.0), 0.25);
    }
}
