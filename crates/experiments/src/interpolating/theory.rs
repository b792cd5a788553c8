//! Closed forms for the interpolating minimum: geometric Brownian motion
//! `dY = −mY dt + √c Y dW` and the second-moment recursion of SGD on an
//! interpolating 1-D least-squares problem. Derivations:
//! `proofs-notes/experiment-interpolating.md`.

use sgdpde_analysis::special::normal_cdf;

/// The log-drift `μ = m + c/2` of `ln Y_t = ln Y₀ − μt + √c W_t` (Itô).
pub fn log_drift(m: f64, c: f64) -> f64 {
    m + 0.5 * c
}

/// `P(Y_t > δ)` for `Y₀ > 0`: `Φ((ln(Y₀/δ) − μt)/√(ct))` (`t > 0`).
pub fn prob_above(m: f64, c: f64, y0: f64, delta: f64, t: f64) -> f64 {
    normal_cdf(((y0 / delta).ln() - log_drift(m, c) * t) / (c * t).sqrt())
}

/// `P(sup_{s ≤ t} Y_s ≥ R)` for `0 < Y₀ < R`: first passage of the Brownian
/// motion with drift `−μ` and variance `c` to the level `a = ln(R/Y₀)`,
/// `Φ((−a − μt)/√(ct)) + e^{−2μa/c} Φ((−a + μt)/√(ct))`; as `t → ∞` it tends
/// to `(Y₀/R)^{2μ/c} < 1` — the exit time is infinite with probability
/// `1 − (Y₀/R)^{2μ/c}`.
pub fn exit_probability(m: f64, c: f64, y0: f64, r: f64, t: f64) -> f64 {
    let mu = log_drift(m, c);
    let a = (r / y0).ln();
    let s = (c * t).sqrt();
    normal_cdf((-a - mu * t) / s) + (-2.0 * mu * a / c).exp() * normal_cdf((-a + mu * t) / s)
}

/// `lim_{t→∞}` of [`exit_probability`]: `(Y₀/R)^{2μ/c}`.
pub fn exit_probability_ever(m: f64, c: f64, y0: f64, r: f64) -> f64 {
    (y0 / r).powf(2.0 * log_drift(m, c) / c)
}

/// Population moments `m = E a²`, `v = Var a² = E a⁴ − m²` of the features
/// of a 1-D interpolating least-squares problem (`ℓᵢ = ½(aᵢx − aᵢx*)²`).
pub fn feature_moments(a: &[f64]) -> (f64, f64) {
    let n = a.len() as f64;
    let m = a.iter().map(|v| v * v).sum::<f64>() / n;
    let a4 = a.iter().map(|v| v.powi(4)).sum::<f64>() / n;
    (m, a4 - m * m)
}

/// SGD's one-step second-moment factor, batch 1 with replacement:
/// `E(1 − τa²)² = (1 − τm)² + τc` with `c = τv` (the SME's multiplicative
/// noise intensity).
pub fn sgd_factor(m: f64, v: f64, tau: f64) -> f64 {
    (1.0 - tau * m).powi(2) + tau * (tau * v)
}

/// The SME's second-moment factor over one step of length τ:
/// `e^{(c − 2m)τ}`, `c = τv`.
pub fn sde_factor(m: f64, v: f64, tau: f64) -> f64 {
    ((tau * v - 2.0 * m) * tau).exp()
}

/// Mean-square stability thresholds in τ: SGD `τ < 2m/E a⁴ = 2m/(m² + v)`,
/// the SME `c = τv < 2m ⇔ τ < 2m/v`.
pub fn thresholds(m: f64, v: f64) -> (f64, f64) {
    (2.0 * m / (m * m + v), 2.0 * m / v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_probability_limits() {
        // t → 0: no exit; t → ∞: the power law; monotone in between.
        let (m, c, y0, r) = (1.0, 0.5, 1.0, 1.25);
        assert!(exit_probability(m, c, y0, r, 1e-6) < 1e-12);
        let ever = exit_probability_ever(m, c, y0, r);
        assert!((ever - 0.8f64.powi(5)).abs() < 1e-15);
        assert!((exit_probability(m, c, y0, r, 200.0) - ever).abs() < 1e-12);
        let p: Vec<f64> = [0.1, 0.5, 1.0, 4.0]
            .iter()
            .map(|&t| exit_probability(m, c, y0, r, t))
            .collect();
        assert!(p.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn sgd_factor_is_the_exact_expectation_and_thresholds_solve_factor_one() {
        let a = [0.5, 1.0, 1.5, 2.0];
        let (m, v) = feature_moments(&a);
        assert_eq!((m, v), (1.875, 5.53125 - 1.875 * 1.875));
        let tau = 0.7;
        let direct = a.iter().map(|x| (1.0 - tau * x * x).powi(2)).sum::<f64>() / 4.0;
        assert!((sgd_factor(m, v, tau) - direct).abs() < 1e-14);
        let (ts, te) = thresholds(m, v);
        assert!((sgd_factor(m, v, ts) - 1.0).abs() < 1e-14);
        assert!((sde_factor(m, v, te) - 1.0).abs() < 1e-14);
        assert!(ts < te);
    }

    #[test]
    fn the_two_factors_differ_at_second_order() {
        // ρ_SGD − ρ_SDE = −m²τ² + O(τ³).
        let (m, v) = (1.875, 2.015625);
        for &tau in &[1e-3, 1e-4] {
            let gap = sgd_factor(m, v, tau) - sde_factor(m, v, tau);
            assert!((gap / (tau * tau) + m * m).abs() < 20.0 * tau, "{tau}");
        }
    }
}
