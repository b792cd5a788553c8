//! Brownian-bridge sampling between two known values of a Brownian path.

use rand::Rng;
use rand_distr::{Distribution, StandardNormal};

use crate::error::{Result, SdeError};

/// Samples `W(t)` given `W(t₀) = w₀` and `W(t₁) = w₁`, `t₀ < t < t₁`:
///
/// ```text
/// W(t) | W(t₀), W(t₁) ~ N( w₀ + (t − t₀)/(t₁ − t₀) (w₁ − w₀),  (t − t₀)(t₁ − t)/(t₁ − t₀) )
/// ```
///
/// (proofs-notes/brownian.md). Independent coordinates are bridged one by
/// one; `out` receives the sample.
///
/// # Errors
/// [`SdeError::InvalidParameter`] unless `t₀ < t < t₁` (all finite);
/// [`SdeError::DimensionMismatch`] if `w0`, `w1`, `out` differ in length.
///
/// # Examples
/// ```
/// use rand::SeedableRng;
/// use sgdpde_sde::brownian::bridge_sample;
/// let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(0);
/// let mut w = [0.0];
/// bridge_sample(&mut rng, 0.0, &[0.0], 1.0, &[2.0], 0.5, &mut w)?;
/// assert!((w[0] - 1.0).abs() < 3.0); // mean 1, standard deviation ½
/// # Ok::<(), sgdpde_sde::SdeError>(())
/// ```
pub fn bridge_sample<R: Rng + ?Sized>(
    rng: &mut R,
    t0: f64,
    w0: &[f64],
    t1: f64,
    w1: &[f64],
    t: f64,
    out: &mut [f64],
) -> Result<()> {
    if !(t0.is_finite() && t1.is_finite() && t0 < t && t < t1) {
        return Err(SdeError::InvalidParameter {
            name: "t (bridge time)",
            value: t,
            constraint: "strictly between finite t0 < t1",
        });
    }
    for (what, len) in [("w1", w1.len()), ("out", out.len())] {
        if len != w0.len() {
            return Err(SdeError::DimensionMismatch {
                what,
                expected: w0.len(),
                found: len,
            });
        }
    }
    let lambda = (t - t0) / (t1 - t0);
    let sd = ((t - t0) * (t1 - t) / (t1 - t0)).sqrt();
    for ((o, a), b) in out.iter_mut().zip(w0).zip(w1) {
        let xi: f64 = StandardNormal.sample(rng);
        *o = a + lambda * (b - a) + sd * xi;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    /// Mean and variance of the bridge at 5 SE (mean: SE = σ/√n; variance:
    /// relative SE √(2/n)), fixed seed.
    #[test]
    fn bridge_moments() {
        let (t0, t1, t) = (1.0, 3.0, 1.5);
        let n = 100_000;
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        let mut w = [0.0];
        let (mut s, mut s2) = (0.0, 0.0);
        for _ in 0..n {
            bridge_sample(&mut rng, t0, &[1.0], t1, &[-1.0], t, &mut w).unwrap();
            s += w[0];
            s2 += w[0] * w[0];
        }
        let nf = n as f64;
        let mean = s / nf;
        let var = s2 / nf - mean * mean;
        let (m_exact, v_exact) = (0.5, 0.5 * 1.5 / 2.0);
        assert!((mean - m_exact).abs() < 5.0 * (v_exact / nf).sqrt());
        assert!((var / v_exact - 1.0).abs() < 5.0 * (2.0 / nf).sqrt());
    }

    #[test]
    fn rejects_bad_times_and_sizes() {
        let mut rng = ChaCha8Rng::seed_from_u64(0);
        let mut o = [0.0];
        assert!(bridge_sample(&mut rng, 0.0, &[0.0], 1.0, &[0.0], 1.0, &mut o).is_err());
        assert!(bridge_sample(&mut rng, 0.0, &[0.0], 1.0, &[0.0], f64::NAN, &mut o).is_err());
        assert!(matches!(
            bridge_sample(&mut rng, 0.0, &[0.0], 1.0, &[0.0, 1.0], 0.5, &mut o),
            Err(SdeError::DimensionMismatch { what: "w1", .. })
        ));
    }
}
