//! Scharfetter–Gummel face rates in the Itô form `J = b u − ∂(D u)`.
//!
//! Between two points at distance `h` with diffusion values `D₁`, `D₂` and
//! drift work `A_b ≈ −∫ b dx` (`= L₂ − L₁` for `b = −L′`), write
//! `J = −D_f (∂u + (∂φ) u)` with `φ′ = (D′ − b)/D`; assuming `J` and `φ′`
//! constant on the segment and solving the two-point ODE exactly gives
//!
//! ```text
//! J·h = r₁₂·u₁ − r₂₁·u₂,    r₁₂ = g(A, D_f),  r₂₁ = g(−A, D_f),
//! A   = A_b + (D₂ − D₁)          (drift work plus the Itô correction),
//! D_f = logmean(D₁, D₂) = (D₂ − D₁)/ln(D₂/D₁),
//! g(A, D) = D·B(A/D),  B(z) = z/(eᶻ − 1),   g(A, 0) = max(−A, 0).
//! ```
//!
//! `g ≥ 0` always, `g(A, D) − g(−A, D) = −A` (consistency with the drift) and
//! `g(A, D)/g(−A, D) = e^{−A/D}` (detailed balance). The rate of the jump
//! from 1 to 2 is `g(A, D_f)/(h·h_cell)`. Derivation, the exactly preserved
//! discrete stationary state and the degenerate limit are in
//! `proofs-notes/fokker-planck-scharfetter-gummel.md`.
//!
//! # Order
//! Second order in `h` for smooth `b`, `D` (the SG flux is exact for
//! piecewise-constant `φ′`; the log-mean face value is `D(x_f) + O(h²)`).
//!
//! # Stability
//! Unconditionally positive (`g ≥ 0`) for any Péclet number; the
//! degenerate limit `D → 0` is first-order upwinding.
//!
//! # References
//! Scharfetter & Gummel, *Large-signal analysis of a silicon Read diode
//! oscillator*, IEEE Trans. Electron Devices 16 (1969); Il'in (1969).

/// The Bernoulli function `B(z) = z/(eᶻ − 1)`, `B(0) = 1`, evaluated
/// without cancellation.
///
/// # Examples
/// ```
/// use sgdpde_fokker_planck::scharfetter_gummel::bernoulli;
/// assert_eq!(bernoulli(0.0), 1.0);
/// assert!((bernoulli(1.0) - 1.0 / (1f64.exp() - 1.0)).abs() < 1e-15);
/// // B(z) − B(−z) = −z
/// assert!((bernoulli(3.0) - bernoulli(-3.0) + 3.0).abs() < 1e-14);
/// ```
#[inline]
pub fn bernoulli(z: f64) -> f64 {
    if z.abs() < 1e-8 {
        1.0 - 0.5 * z
    } else if z > 700.0 {
        z * (-z).exp()
    } else {
        z / z.exp_m1()
    }
}

/// The logarithmic mean `(b − a)/ln(b/a)` of `a, b ≥ 0`; `0` if either is
/// `0`, `a` if `a = b`.
#[inline]
pub fn log_mean(a: f64, b: f64) -> f64 {
    if a <= 0.0 || b <= 0.0 {
        return 0.0;
    }
    let r = b / a;
    if (r - 1.0).abs() < 1e-6 {
        // (r − 1)/ln r = 1 + (r−1)/2 − (r−1)²/12 + O((r−1)³)
        let e = r - 1.0;
        a * (1.0 + e / 2.0 - e * e / 12.0)
    } else {
        (b - a) / r.ln()
    }
}

/// The SG rate numerator `g(A, D) = D·B(A/D)` with its upwind limit
/// `g(A, 0) = max(−A, 0)`.
#[inline]
pub fn sg_rate(work: f64, d_face: f64) -> f64 {
    if d_face <= 0.0 {
        return (-work).max(0.0);
    }
    let z = work / d_face;
    if z > 700.0 {
        // D·B(z) underflows to 0 smoothly
        0.0
    } else {
        d_face * bernoulli(z)
    }
}

/// Both SG rate numerators `(g(A, D), g(−A, D))` of a face with one
/// exponential: the smaller one is `D·B(|A|/D)` (no cancellation for
/// `|A|/D ≥ 0`), the larger one follows from `B(−z) = B(z) + z`, i.e.
/// `g(−|A|, D) = g(|A|, D) + |A|` (a sum of two non-negative numbers, so
/// no cancellation either). Equal to `(sg_rate(A, D), sg_rate(−A, D))` up
/// to round-off, and `g(A) − g(−A) = −A` holds to one rounding.
///
/// # Examples
/// ```
/// use sgdpde_fokker_planck::scharfetter_gummel::{sg_rate, sg_rates};
/// let (f, b) = sg_rates(0.3, 0.25);
/// assert!((f - sg_rate(0.3, 0.25)).abs() < 1e-15);
/// assert!((b - sg_rate(-0.3, 0.25)).abs() < 1e-15);
/// assert_eq!(sg_rates(0.7, 0.0), (0.0, 0.7));
/// ```
#[inline]
pub fn sg_rates(work: f64, d_face: f64) -> (f64, f64) {
    if d_face <= 0.0 {
        return ((-work).max(0.0), work.max(0.0));
    }
    let a = work.abs();
    let small = sg_rate(a, d_face);
    let large = small + a;
    if work >= 0.0 {
        (small, large)
    } else {
        (large, small)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one-exponential pair equals the two separate evaluations to a
    /// few ulps of the larger rate (both are correctly rounded formulas of
    /// the same function), including the upwind and overflow limits.
    #[test]
    fn sg_rates_pair_matches_single_rates() {
        for &d in &[0.25, 1e-3, 3.0] {
            for &a in &[
                0.0, 1e-12, -1e-12, 0.3, -0.3, 2.0, -2.0, 50.0, -50.0, 1e3, -1e3,
            ] {
                let (f, b) = sg_rates(a, d);
                let (f1, b1) = (sg_rate(a, d), sg_rate(-a, d));
                let tol = 4.0 * f64::EPSILON * f1.max(b1);
                assert!(
                    (f - f1).abs() <= tol && (b - b1).abs() <= tol,
                    "A={a} D={d}"
                );
                assert!(f >= 0.0 && b >= 0.0);
            }
        }
        assert_eq!(sg_rates(-0.7, 0.0), (0.7, 0.0));
    }

    #[test]
    fn bernoulli_identities() {
        for &z in &[-50.0, -3.0, -1e-9, 0.0, 1e-9, 0.5, 3.0, 50.0, 800.0] {
            let b = bernoulli(z);
            assert!(b >= 0.0 && b.is_finite());
            // B(−z) = B(z) + z, relative round-off
            let lhs = bernoulli(-z);
            assert!(
                (lhs - (b + z)).abs() <= 1e-13 * lhs.abs().max(1.0),
                "z = {z}"
            );
        }
    }

    #[test]
    fn sg_rate_detailed_balance_and_consistency() {
        for &(a, d) in &[(0.3, 0.25), (-2.0, 0.1), (1e-10, 1.0), (5.0, 1e-3)] {
            let (f, b) = (sg_rate(a, d), sg_rate(-a, d));
            // g(A) − g(−A) = −A
            assert!((f - b + a).abs() < 1e-13 * (1.0 + a.abs()));
            // g(A)/g(−A) = exp(−A/D) (both computed, compare logs)
            if f > 0.0 {
                assert!(((f / b).ln() + a / d).abs() < 1e-10 * (1.0 + a.abs() / d));
            }
        }
        assert_eq!(sg_rate(0.7, 0.0), 0.0);
        assert_eq!(sg_rate(-0.7, 0.0), 0.7);
    }

    #[test]
    fn log_mean_limits() {
        assert_eq!(log_mean(0.0, 2.0), 0.0);
        assert_eq!(log_mean(2.0, 2.0), 2.0);
        let (a, b) = (1.0, 1.0 + 1e-7);
        assert!((log_mean(a, b) - (b - a) / (b / a).ln()).abs() < 1e-9);
        assert!((log_mean(1.0, std::f64::consts::E) - (std::f64::consts::E - 1.0)).abs() < 1e-15);
    }
}
