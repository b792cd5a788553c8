//! The Brownian-bridge crossing correction of discretely monitored exit times.

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use crate::model::Sde;

/// Exponents `2 d₀ d₁/(a_n dt)` above this give `exp(−x) = 0` in `f64`
/// (`exp(−745.2) < 2⁻¹⁰⁷⁴`): the crossing test is then skipped without a
/// draw, which is exact.
const EXP_UNDERFLOW: f64 = 745.2;

/// `p > SKIP_FACTOR · q` certifies `fl(p/q) ≥ EXP_UNDERFLOW` without
/// dividing (see [`bridge_fires`]).
const SKIP_FACTOR: f64 = 746.0;

/// Probability that a Brownian bridge with variance rate `a_n`, pinned at
/// distances `d0 > 0` and `d1 > 0` on the same side of a flat barrier over a
/// time `dt`, touches the barrier:
///
/// ```text
/// p = exp(−2 d0 d1 / (a_n dt))
/// ```
///
/// (reflection principle; derivation in `proofs-notes/exit-times.md`).
/// Returns 0 when `a_n = 0` (no noise normal to the boundary: no excursion).
///
/// # Examples
/// ```
/// use sgdpde_sde::bridge_crossing_probability;
/// assert_eq!(bridge_crossing_probability(0.0, 1.0, 1.0, 1.0), 1.0);
/// let p = bridge_crossing_probability(0.1, 0.2, 0.5, 1e-2);
/// assert!((p - (-8.0f64).exp()).abs() < 1e-15);
/// ```
///
/// # References
/// P. Baldi, *Exact asymptotics for the probability of exit from a domain and
/// applications to simulation*, Ann. Probab. 23 (1995); E. Gobet,
/// *Weak approximation of killed diffusion using Euler schemes*, Stoch.
/// Proc. Appl. 87 (2000) 167–197.
#[inline]
pub fn bridge_crossing_probability(d0: f64, d1: f64, a_n: f64, dt: f64) -> f64 {
    if a_n <= 0.0 {
        return if d0 <= 0.0 || d1 <= 0.0 { 1.0 } else { 0.0 };
    }
    (-2.0 * d0 * d1 / (a_n * dt)).exp()
}

/// The normal diffusion `a_n = nᵀ G Gᵀ n = |Gᵀ n|²` at `(t, x)`, computed
/// through the factor column by column: `(Gᵀn)ⱼ = n · (G eⱼ)`.
///
/// `unit` (length `m`) and `col` (length `d`) are scratch; `unit` must be
/// all zeros on entry and is left so.
#[inline]
pub(crate) fn normal_diffusion<S: Sde>(
    sde: &S,
    t: f64,
    x: &[f64],
    n: &[f64],
    unit: &mut [f64],
    col: &mut [f64],
) -> f64 {
    let mut a = 0.0;
    for j in 0..unit.len() {
        unit[j] = 1.0;
        sde.diffusion_apply_into(t, x, unit, col);
        unit[j] = 0.0;
        let c: f64 = n.iter().zip(col.iter()).map(|(n, g)| n * g).sum();
        a += c * c;
    }
    a
}

/// The driver's crossing test after a step from `x_k` (distance `d0` to
/// the boundary piece nearest it, normal diffusion `a_n` there) to an
/// inside `x_{k+1}` (distance `d1`): `true` with probability
/// `exp(−2 d0 d1/(a_n dt))`, by one uniform from `rng` — drawn only when the
/// exponent is below [`EXP_UNDERFLOW`], so far from the boundary no draw is
/// spent. The single definition used by every monitoring loop, so they
/// consume the auxiliary stream identically.
#[inline(always)]
pub(crate) fn bridge_fires(rng: &mut ChaCha8Rng, d0: f64, d1: f64, a_n: f64, dt: f64) -> bool {
    bridge_fires_pq(rng, 2.0 * d0 * d1, a_n * dt)
}

/// [`bridge_fires`] given `p = 2 d0 d1` and `q = a_n dt` (so a caller may
/// reuse `q` when it is constant).
#[inline(always)]
pub(crate) fn bridge_fires_pq(rng: &mut ChaCha8Rng, p: f64, q: f64) -> bool {
    // Far from the boundary (almost every step) decide without the
    // division, whose latency dominated the loop: `p > fl(746 q)` implies
    // `fl(p/q) ≥ 745.2` exactly. For finite `q > 0`, `fl(746 q) ≥
    // 746 q (1 − 2⁻⁵³)`, so `p/q > 746 (1 − 2⁻⁵³) > 745.2` and rounding is
    // monotone; for `q = 0` and `p > 0`, `p/q = +∞`; an overflowing
    // `fl(746 q) = +∞` or a NaN fails the test and falls through. So the
    // shortcut skips exactly when the division below would, and the stream
    // of uniforms is unchanged.
    if p > SKIP_FACTOR * q {
        return false;
    }
    let e = p / q;
    // `e` is NaN only for 0·∞ (a half-line end at infinity with no
    // noise): no crossing.
    if e < EXP_UNDERFLOW {
        let u: f64 = rng.random();
        u < (-e).exp()
    } else {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits() {
        // Starting on the barrier: certain crossing; no normal noise: none.
        assert_eq!(bridge_crossing_probability(0.0, 0.3, 1.0, 0.1), 1.0);
        assert_eq!(bridge_crossing_probability(0.2, 0.3, 0.0, 0.1), 0.0);
        // Far from the barrier the probability underflows to exactly 0.
        assert_eq!(bridge_crossing_probability(1.0, 1.0, 0.5, 1e-3), 0.0);
    }

    /// The division-free skip `p > 746 q` fires only where the exact
    /// exponent `fl(p/q)` is `≥ 745.2` (proofs-notes/exit-fast-path.md):
    /// probed at the threshold itself (ratios within a few ulps of 746 and
    /// of 745.2), for normal, subnormal, zero, huge and infinite `q`.
    #[test]
    fn division_free_skip_implies_the_underflow_skip() {
        let qs = [
            1e-3,
            0.5e-3,
            1.0,
            3.7e5,
            f64::MIN_POSITIVE,
            5e-324,
            0.0,
            1e300,
            f64::MAX,
            f64::INFINITY,
        ];
        let ratios = [745.2, 745.9, 746.0, 746.1, 1e10, f64::INFINITY];
        let mut probed = 0;
        for q in qs {
            for r in ratios {
                let mut p = r * q;
                for _ in 0..8 {
                    if p > SKIP_FACTOR * q {
                        probed += 1;
                        let e = p / q;
                        assert!(
                            e >= EXP_UNDERFLOW || e.is_nan(),
                            "p = {p:e}, q = {q:e}: e = {e}"
                        );
                    }
                    p = f64::from_bits(p.to_bits().wrapping_sub(1));
                }
            }
        }
        assert!(probed > 100);
        // Zero noise normal to the boundary: never a crossing, never a draw.
        let mut rng = crate::stream::aux_rng(1, 0);
        let fresh = rng.clone();
        assert!(!bridge_fires(&mut rng, 0.3, 0.2, 0.0, 1e-3));
        assert_eq!(rng, fresh);
    }
}
