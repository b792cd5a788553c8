//! Constant (additive) diffusion factors: diagonal, and a full `d × m`
//! factor that may be rank-deficient (`m < d`, or dependent columns).

use crate::error::{Result, SdeError};
use crate::models::diffusion::{ConstantDiffusion, Diffusion, DiffusionDerivative};
use crate::models::drift::check_finite_slice;
use crate::noise::NoiseClass;

/// `G = diag(σ₁, …, σ_d)`, constant ([`NoiseClass::Additive`], `m = d`).
/// Zero entries are allowed (noise-free coordinates).
///
/// # Examples
/// ```
/// use sgdpde_sde::{DiagonalNoise, Diffusion};
/// let g = DiagonalNoise::new(vec![1.0, 0.0])?;
/// let mut out = [0.0; 2];
/// g.apply_into(0.0, &[0.0; 2], &[2.0, 5.0], &mut out);
/// assert_eq!(out, [2.0, 0.0]);
/// assert!(DiagonalNoise::new(vec![-1.0]).is_err());
/// # Ok::<(), sgdpde_sde::SdeError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct DiagonalNoise {
    sigma: Vec<f64>,
}

impl DiagonalNoise {
    /// `diag(σ)`.
    ///
    /// # Errors
    /// [`SdeError::DimensionMismatch`] if `σ` is empty;
    /// [`SdeError::InvalidParameter`] for a negative or non-finite `σᵢ`.
    pub fn new(sigma: Vec<f64>) -> Result<Self> {
        if sigma.is_empty() {
            return Err(SdeError::DimensionMismatch {
                what: "σ (≥ 1 entry)",
                expected: 1,
                found: 0,
            });
        }
        if let Some(&value) = sigma.iter().find(|s| !(s.is_finite() && **s >= 0.0)) {
            return Err(SdeError::InvalidParameter {
                name: "σ",
                value,
                constraint: "finite and ≥ 0 in every entry",
            });
        }
        Ok(Self { sigma })
    }

    /// `σ`.
    pub fn sigma(&self) -> &[f64] {
        &self.sigma
    }
}

impl Diffusion for DiagonalNoise {
    const NOISE: NoiseClass = NoiseClass::Additive;

    #[inline]
    fn dim(&self) -> usize {
        self.sigma.len()
    }

    #[inline]
    fn noise_dim(&self) -> usize {
        self.sigma.len()
    }

    #[inline]
    fn apply_into(&self, _t: f64, _x: &[f64], v: &[f64], out: &mut [f64]) {
        for ((o, s), v) in out.iter_mut().zip(&self.sigma).zip(v) {
            *o = s * v;
        }
    }
}

/// A constant full factor `G ∈ R^{d×m}` ([`NoiseClass::Additive`]); `m < d`
/// and rank-deficient `G` are allowed — sampling uses `G v`, never a root
/// of the singular `G Gᵀ`.
///
/// # Examples
/// Rank-one noise `B = √τ (1, 1)ᵀ` in two dimensions:
/// ```
/// use sgdpde_sde::{Diffusion, FactorNoise};
/// let g = FactorNoise::new(2, 1, vec![0.5, 0.5])?;
/// let mut out = [0.0; 2];
/// g.apply_into(0.0, &[0.0; 2], &[2.0], &mut out);
/// assert_eq!(out, [1.0, 1.0]);
/// # Ok::<(), sgdpde_sde::SdeError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct FactorNoise {
    d: usize,
    m: usize,
    g: Vec<f64>,
}

impl FactorNoise {
    /// `G` from its row-major entries (`d × m`).
    ///
    /// # Errors
    /// [`SdeError::DimensionMismatch`] if `d == 0`, `m == 0` or
    /// `g.len() != d·m`; [`SdeError::InvalidParameter`] for a non-finite
    /// entry.
    pub fn new(d: usize, m: usize, g: Vec<f64>) -> Result<Self> {
        if d == 0 || m == 0 || g.len() != d * m {
            return Err(SdeError::DimensionMismatch {
                what: "G (d × m, d, m ≥ 1)",
                expected: d.max(1) * m.max(1),
                found: g.len(),
            });
        }
        check_finite_slice("G", &g)?;
        Ok(Self { d, m, g })
    }
}

impl Diffusion for FactorNoise {
    const NOISE: NoiseClass = NoiseClass::Additive;

    #[inline]
    fn dim(&self) -> usize {
        self.d
    }

    #[inline]
    fn noise_dim(&self) -> usize {
        self.m
    }

    #[inline]
    fn apply_into(&self, _t: f64, _x: &[f64], v: &[f64], out: &mut [f64]) {
        for (i, o) in out.iter_mut().enumerate() {
            let row = &self.g[i * self.m..(i + 1) * self.m];
            *o = row.iter().zip(v).map(|(g, v)| g * v).sum();
        }
    }
}

macro_rules! zero_derivative {
    ($t:ty) => {
        impl DiffusionDerivative for $t {
            #[inline]
            fn derivative_apply_into(
                &self,
                _t: f64,
                _x: &[f64],
                _u: &[f64],
                _v: &[f64],
                out: &mut [f64],
            ) {
                out.fill(0.0);
            }

            #[inline]
            fn derivative_trace_into(&self, _t: f64, _x: &[f64], out: &mut [f64]) {
                out.fill(0.0);
            }
        }
    };
}
zero_derivative!(DiagonalNoise);
zero_derivative!(FactorNoise);

impl ConstantDiffusion for DiagonalNoise {
    fn factor_row_major(&self) -> Vec<f64> {
        let d = self.sigma.len();
        let mut g = vec![0.0; d * d];
        for (i, s) in self.sigma.iter().enumerate() {
            g[i * d + i] = *s;
        }
        g
    }
}

impl ConstantDiffusion for FactorNoise {
    fn factor_row_major(&self) -> Vec<f64> {
        self.g.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn factor_applies_rows() {
        let g = FactorNoise::new(3, 2, vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]).unwrap();
        let mut out = [0.0; 3];
        g.apply_into(0.0, &[0.0; 3], &[1.0, -1.0], &mut out);
        assert_eq!(out, [-1.0, -1.0, -1.0]);
        assert_eq!((g.dim(), g.noise_dim()), (3, 2));
        assert_eq!(g.factor_row_major().len(), 6);
        let mut d = [1.0; 3];
        g.derivative_trace_into(0.0, &[0.0; 3], &mut d);
        assert_eq!(d, [0.0; 3]);
    }

    #[test]
    fn validation() {
        assert!(matches!(
            FactorNoise::new(2, 2, vec![1.0; 3]),
            Err(SdeError::DimensionMismatch {
                expected: 4,
                found: 3,
                ..
            })
        ));
        assert!(FactorNoise::new(1, 1, vec![f64::INFINITY]).is_err());
        assert!(DiagonalNoise::new(vec![]).is_err());
        assert!(DiagonalNoise::new(vec![1.0, f64::NAN]).is_err());
        let g = DiagonalNoise::new(vec![2.0, 3.0]).unwrap();
        assert_eq!(g.factor_row_major(), vec![2.0, 0.0, 0.0, 3.0]);
    }
}
