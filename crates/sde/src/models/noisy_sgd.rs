//! The Noisy-SGD addition `G ↦ [G, √(2δ) I]`: extra isotropic noise columns.

use crate::error::{Result, SdeError};
use crate::models::diffusion::{ConstantDiffusion, Diffusion, DiffusionDerivative};
use crate::noise::NoiseClass;

/// `G_δ(t, x) = [G(t, x), √(2δ) I_d]` (`d × (m + d)`): the SDE
/// `dX = b dt + G dW + √(2δ) dW′` with `W′` independent of `W`, whose
/// diffusion matrix `G Gᵀ + 2δ I` makes `D = ½ G Gᵀ + δ I` uniformly
/// elliptic (shared/math.md §2, Noisy SGD). The extra noise is sampled from
/// the last `d` entries of the increment.
///
/// Declared class: [`NoiseClass::Additive`] if `G` is additive or isotropic,
/// [`NoiseClass::General`] otherwise (the columns `√(2δ) eᵢ` do not commute
/// with a state-dependent `G`).
///
/// # Examples
/// ```
/// use sgdpde_sde::{Diffusion, FactorNoise, NoisySgdNoise};
/// let g = NoisySgdNoise::new(FactorNoise::new(2, 1, vec![1.0, 1.0])?, 0.5)?;
/// assert_eq!(g.noise_dim(), 3);
/// let mut out = [0.0; 2];
/// g.apply_into(0.0, &[0.0; 2], &[1.0, 2.0, 0.0], &mut out);
/// assert_eq!(out, [3.0, 1.0]);
/// # Ok::<(), sgdpde_sde::SdeError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct NoisySgdNoise<G> {
    inner: G,
    delta: f64,
    scale: f64,
}

const fn noisy_class(inner: NoiseClass) -> NoiseClass {
    match inner {
        NoiseClass::Additive | NoiseClass::Isotropic => NoiseClass::Additive,
        _ => NoiseClass::General,
    }
}

impl<G: Diffusion> NoisySgdNoise<G> {
    /// Adds `√(2δ) dW′` to `G`.
    ///
    /// # Errors
    /// [`SdeError::InvalidParameter`] unless `δ` is finite and `≥ 0`.
    pub fn new(inner: G, delta: f64) -> Result<Self> {
        if !(delta.is_finite() && delta >= 0.0) {
            return Err(SdeError::InvalidParameter {
                name: "delta",
                value: delta,
                constraint: "finite and ≥ 0",
            });
        }
        Ok(Self {
            inner,
            delta,
            scale: (2.0 * delta).sqrt(),
        })
    }

    /// `δ`.
    pub fn delta(&self) -> f64 {
        self.delta
    }

    /// The factor without the addition.
    pub fn inner(&self) -> &G {
        &self.inner
    }
}

impl<G: Diffusion> Diffusion for NoisySgdNoise<G> {
    const NOISE: NoiseClass = noisy_class(G::NOISE);

    #[inline]
    fn dim(&self) -> usize {
        self.inner.dim()
    }

    #[inline]
    fn noise_dim(&self) -> usize {
        self.inner.noise_dim() + self.inner.dim()
    }

    #[inline]
    fn apply_into(&self, t: f64, x: &[f64], v: &[f64], out: &mut [f64]) {
        let m = self.inner.noise_dim();
        self.inner.apply_into(t, x, &v[..m], out);
        for (o, w) in out.iter_mut().zip(&v[m..]) {
            *o += self.scale * w;
        }
    }
}

/// Constant `G`: the augmented factor is constant too, derivatives vanish.
impl<G: ConstantDiffusion> DiffusionDerivative for NoisySgdNoise<G> {
    #[inline]
    fn derivative_apply_into(&self, _t: f64, _x: &[f64], _u: &[f64], _v: &[f64], out: &mut [f64]) {
        out.fill(0.0);
    }

    #[inline]
    fn derivative_trace_into(&self, _t: f64, _x: &[f64], out: &mut [f64]) {
        out.fill(0.0);
    }
}

impl<G: ConstantDiffusion> ConstantDiffusion for NoisySgdNoise<G> {
    fn factor_row_major(&self) -> Vec<f64> {
        let (d, m) = (self.inner.dim(), self.inner.noise_dim());
        let g = self.inner.factor_row_major();
        let mut out = vec![0.0; d * (m + d)];
        for i in 0..d {
            out[i * (m + d)..i * (m + d) + m].copy_from_slice(&g[i * m..(i + 1) * m]);
            out[i * (m + d) + m + i] = self.scale;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::constant::FactorNoise;
    use crate::models::state_dependent::DiagonalFnNoise;

    #[test]
    fn augmented_factor_and_classes() {
        let g = NoisySgdNoise::new(FactorNoise::new(2, 1, vec![1.0, 2.0]).unwrap(), 2.0).unwrap();
        assert_eq!(
            g.factor_row_major(),
            vec![1.0, 2.0, 0.0, 2.0, 0.0, 2.0] // [G | 2 I], √(2·2) = 2
        );
        assert_eq!(
            <NoisySgdNoise<FactorNoise> as Diffusion>::NOISE,
            NoiseClass::Additive
        );
        type Diag = DiagonalFnNoise<fn(usize, f64, f64) -> f64, fn(usize, f64, f64) -> f64>;
        assert_eq!(
            <NoisySgdNoise<Diag> as Diffusion>::NOISE,
            NoiseClass::General
        );
        assert!(NoisySgdNoise::new(FactorNoise::new(1, 1, vec![1.0]).unwrap(), -0.1).is_err());
        assert_eq!(g.delta(), 2.0);
    }
}
