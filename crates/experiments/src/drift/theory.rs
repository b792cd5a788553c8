//! Closed forms behind the drift experiment: the gradient flow of the
//! symmetric double well, its hitting times, and the metastable (one-well,
//! conditional Gibbs) moments by quadrature. Derivations:
//! `proofs-notes/experiment-drift.md`.

use sgdpde_analysis::{
    ConstantDiffusion, Diffusion1d, End, GaussLegendre, QuadratureOptions, StationaryDensity1d,
};
use sgdpde_landscape::DoubleWell;

use crate::error::Result;

/// First-order coefficient of the local variance: for
/// `L = x⁴/4 − x²/2` the Gibbs law `∝ e^{−2L/ε}` restricted to `x > 0` has
/// `E(X − 1)² = (ε/4)(1 + c₁ε + c₂ε² + O(ε³))` with `c₁ = 39/16`.
pub const LOCAL_VARIANCE_C1: f64 = 39.0 / 16.0;
/// Second-order coefficient `c₂ = 1353/128` of the same expansion (the
/// truncation error of the first-order formula).
pub const LOCAL_VARIANCE_C2: f64 = 1353.0 / 128.0;

/// Panels of the composite Gauss–Legendre rule for conditional moments: the
/// one-well density is a smooth bump of width `√ε`, resolved to round-off
/// by 256 panels of 16 nodes for every `ε ≥ 10⁻³` (checked in the tests by
/// the normalisation `∫ u = 1`).
const MOMENT_PANELS: usize = 256;

/// The gradient flow `ẋ = x − x³` of the symmetric double well from
/// `x₀ ≠ 0`: with `u = x²`, `u̇ = 2u(1 − u)` (logistic), so
/// `u(t) = u₀e^{2t}/(1 − u₀ + u₀e^{2t})` and `x(t) = sign(x₀)√u(t)`.
pub fn gradient_flow(x0: f64, t: f64) -> f64 {
    let u0 = x0 * x0;
    let g = (2.0 * t).exp();
    x0.signum() * (u0 * g / (1.0 - u0 + u0 * g)).sqrt()
}

/// The time the gradient flow from `x₀` takes to reach `x` (both on the
/// same side of 0, `x` between `x₀` and the minimum `sign(x₀)`):
/// `t = ½ ln[u(1 − u₀) / (u₀(1 − u))]`, `u = x²`.
pub fn gradient_flow_time(x0: f64, x: f64) -> f64 {
    let (u0, u) = (x0 * x0, x * x);
    0.5 * (u * (1.0 - u0) / (u0 * (1.0 - u))).ln()
}

/// Moments of the metastable state of the right well: the Gibbs density
/// `∝ e^{−2L/ε}` of the symmetric double well on `(0, ∞)` (reflecting at
/// the barrier top), i.e. the law the ensemble relaxes to on the drift time
/// scale, long before any Kramers transition.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WellMoments {
    /// `E(X − 1)²`.
    pub msd: f64,
    /// `P(|X − 1| ≤ r)`.
    pub ball_mass: f64,
    /// `∫ u` by the same rule (1 up to quadrature error).
    pub total: f64,
}

/// [`WellMoments`] at temperature `ε` and ball radius `r < 1`.
///
/// # Errors
/// Quadrature failures of [`StationaryDensity1d`].
pub fn well_moments(epsilon: f64, r: f64) -> Result<WellMoments> {
    let model = Diffusion1d::new(DoubleWell::symmetric(), ConstantDiffusion::new(epsilon)?)?;
    let u = StationaryDensity1d::new(
        &model,
        End::Reflecting(0.0),
        End::Natural,
        QuadratureOptions::default(),
    )?;
    let (lo, hi) = u.domain();
    let rule = GaussLegendre::new(16)?;
    let h = (hi - lo) / MOMENT_PANELS as f64;
    let (mut msd, mut total) = (0.0, 0.0);
    for p in 0..MOMENT_PANELS {
        let mid = lo + (p as f64 + 0.5) * h;
        for (t, w) in rule.nodes().iter().zip(rule.weights()) {
            let x = mid + 0.5 * h * t;
            let f = 0.5 * h * w * u.density(x)?;
            msd += (x - 1.0) * (x - 1.0) * f;
            total += f;
        }
    }
    Ok(WellMoments {
        msd,
        ball_mass: u.mass(1.0 - r, 1.0 + r)?,
        total,
    })
}

/// `E Y_t²` of the OU coordinate `dY = −ωY dt + √ε_y dW` from `y₀`:
/// `y₀²e^{−2ωt} + (ε_y/(2ω))(1 − e^{−2ωt})` (`math.md` §3).
pub fn ou_second_moment(omega: f64, eps_y: f64, y0: f64, t: f64) -> f64 {
    let g = (-2.0 * omega * t).exp();
    g * y0 * y0 + eps_y / (2.0 * omega) * (1.0 - g)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gradient_flow_solves_the_ode_and_its_time_inverts_it() {
        // Central difference of x(t) against x − x³: truncation h²|x‴|/6
        // with |x‴| ≤ 10³ on these orbits, ≤ 2·10⁻⁸; round-off ~10⁻¹¹.
        let h = 1e-5;
        for &x0 in &[2.0, 0.3, -0.7] {
            for &t in &[0.0, 0.4, 1.7] {
                let x = gradient_flow(x0, t);
                let dx = (gradient_flow(x0, t + h) - gradient_flow(x0, t - h)) / (2.0 * h);
                assert!((dx - (x - x * x * x)).abs() < 1e-7, "x0={x0} t={t}");
                if t > 0.0 {
                    assert!((gradient_flow_time(x0, x) - t).abs() < 1e-12);
                }
            }
        }
    }

    #[test]
    fn well_moments_match_the_small_temperature_expansion() {
        // Normalisation to round-off; the expansion to third order,
        // c₃ = 277029/4096 (proofs-note), leaves an O(ε⁴) remainder: at
        // ε = 0.005, (ε/4)·c₄ε⁴ with c₄ = O(10³) is ≲ 10⁻⁹.
        let eps = 0.005;
        let m = well_moments(eps, 0.2).unwrap();
        assert!((m.total - 1.0).abs() < 1e-12);
        let c3 = 277_029.0 / 4096.0;
        let series = eps / 4.0
            * (1.0 + LOCAL_VARIANCE_C1 * eps + LOCAL_VARIANCE_C2 * eps * eps + c3 * eps.powi(3));
        assert!((m.msd - series).abs() < 2e-9, "{} vs {}", m.msd, series);
        // The ball holds all but a Gaussian tail beyond 0.2/√(ε/4) ≈ 5.7 sd.
        assert!(m.ball_mass > 1.0 - 1e-6);
    }

    #[test]
    fn ou_moment_solves_its_moment_equation() {
        // d/dt E Y² = −2ω E Y² + ε_y; central difference, error O(h²).
        let (w, e, y0, h) = (4.0, 0.2, 1.0, 1e-5);
        for &t in &[0.0, 0.3, 2.0] {
            let m = |s: f64| ou_second_moment(w, e, y0, s);
            let d = (m(t + h) - m(t - h)) / (2.0 * h);
            assert!((d - (-2.0 * w * m(t) + e)).abs() < 1e-8);
        }
        assert_eq!(ou_second_moment(w, e, 1.5, 0.0), 2.25);
    }
}
