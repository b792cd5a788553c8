//! The Brownian-bridge crossing correction of discretely monitored exit times.

use crate::model::Sde;

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
}
