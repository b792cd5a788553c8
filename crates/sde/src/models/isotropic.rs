//! Isotropic additive noise `G = √ε I` (overdamped Langevin).

use crate::models::diffusion::{ConstantDiffusion, Diffusion, DiffusionDerivative};
use crate::noise::NoiseClass;
use crate::temperature::Temperature;

/// The isotropic factor `G = √ε I_d` of `dX = −∇L dt + √ε dW`
/// ([`NoiseClass::Isotropic`], `m = d`).
///
/// # Examples
/// ```
/// use sgdpde_sde::{Diffusion, IsotropicNoise, Temperature};
/// let g = IsotropicNoise::new(2, Temperature::beta(2.0)?)?; // ε = 1
/// let mut out = [0.0; 2];
/// g.apply_into(0.0, &[0.0, 0.0], &[3.0, -1.0], &mut out);
/// assert_eq!(out, [3.0, -1.0]);
/// # Ok::<(), sgdpde_sde::SdeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IsotropicNoise {
    d: usize,
    temperature: Temperature,
    scale: f64,
}

impl IsotropicNoise {
    /// `√ε I_d`.
    ///
    /// # Errors
    /// [`crate::SdeError::DimensionMismatch`] if `d == 0`.
    pub fn new(d: usize, temperature: Temperature) -> crate::Result<Self> {
        if d == 0 {
            return Err(crate::SdeError::DimensionMismatch {
                what: "noise dimension (≥ 1)",
                expected: 1,
                found: 0,
            });
        }
        Ok(Self {
            d,
            temperature,
            scale: temperature.noise_scale(),
        })
    }

    /// The temperature.
    pub fn temperature(&self) -> Temperature {
        self.temperature
    }

    /// `√ε`.
    #[inline]
    pub fn scale(&self) -> f64 {
        self.scale
    }
}

impl Diffusion for IsotropicNoise {
    const NOISE: NoiseClass = NoiseClass::Isotropic;

    #[inline]
    fn dim(&self) -> usize {
        self.d
    }

    #[inline]
    fn noise_dim(&self) -> usize {
        self.d
    }

    #[inline]
    fn apply_into(&self, _t: f64, _x: &[f64], v: &[f64], out: &mut [f64]) {
        let v = &v[..out.len()];
        for i in 0..out.len() {
            out[i] = self.scale * v[i];
        }
    }
}

impl DiffusionDerivative for IsotropicNoise {
    #[inline]
    fn derivative_apply_into(&self, _t: f64, _x: &[f64], _u: &[f64], _v: &[f64], out: &mut [f64]) {
        out.fill(0.0);
    }

    #[inline]
    fn derivative_trace_into(&self, _t: f64, _x: &[f64], out: &mut [f64]) {
        out.fill(0.0);
    }
}

impl ConstantDiffusion for IsotropicNoise {
    fn factor_row_major(&self) -> Vec<f64> {
        let mut g = vec![0.0; self.d * self.d];
        for i in 0..self.d {
            g[i * self.d + i] = self.scale;
        }
        g
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn factor_is_scaled_identity() {
        let g = IsotropicNoise::new(3, Temperature::epsilon(4.0).unwrap()).unwrap();
        assert_eq!(g.scale(), 2.0);
        let m = g.factor_row_major();
        assert_eq!(m, vec![2.0, 0.0, 0.0, 0.0, 2.0, 0.0, 0.0, 0.0, 2.0]);
        let mut out = [0.0; 3];
        g.apply_into(0.0, &[0.0; 3], &[1.0, 2.0, 3.0], &mut out);
        assert_eq!(out, [2.0, 4.0, 6.0]);
        assert!(IsotropicNoise::new(0, Temperature::epsilon(1.0).unwrap()).is_err());
    }
}
