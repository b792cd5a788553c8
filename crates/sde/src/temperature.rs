//! The temperature of overdamped Langevin dynamics, with the two conventions
//! (`√ε` and `√(2/β)`) kept apart by named constructors.

use std::fmt;

use crate::error::{Result, SdeError};

/// Which convention a [`Temperature`] was given in (reports state it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum TemperatureConvention {
    /// `dX = −∇L dt + √ε dW` (shared/math.md §1, the paper's convention).
    Epsilon,
    /// `dX = −∇U dt + √(2/β) dW` (physics), i.e. `ε = 2/β`.
    Beta,
}

/// The noise level of `dX = −∇L dt + √ε dW`.
///
/// The two conventions in use cannot be confused: there is no `new(f64)`,
/// only [`Temperature::epsilon`] (the coefficient `ε` under the square
/// root, so `D = ε/2 · I` and the Gibbs density is `∝ exp(−2L/ε)`) and
/// [`Temperature::beta`] (inverse temperature `β`, noise `√(2/β)`, so
/// `ε = 2/β` and the Gibbs density is `∝ exp(−βL)`). The value remembers
/// which convention it was built from and prints both numbers.
///
/// # Examples
/// ```
/// use sgdpde_sde::Temperature;
/// let a = Temperature::epsilon(0.5)?;
/// let b = Temperature::beta(4.0)?;
/// assert_eq!(a.eps(), b.eps());
/// assert_eq!(a.noise_scale(), 0.5f64.sqrt());
/// assert_eq!(b.to_string(), "β = 4 (ε = 2/β = 0.5; dX = −∇L dt + √ε dW)");
/// assert!(Temperature::epsilon(-1.0).is_err());
/// # Ok::<(), sgdpde_sde::SdeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Temperature {
    eps: f64,
    convention: TemperatureConvention,
}

impl Temperature {
    /// `dX = −∇L dt + √ε dW`.
    ///
    /// # Errors
    /// [`SdeError::InvalidParameter`] unless `ε` is finite and `≥ 0`
    /// (`ε = 0` is the deterministic gradient flow).
    pub fn epsilon(eps: f64) -> Result<Self> {
        if !(eps.is_finite() && eps >= 0.0) {
            return Err(SdeError::InvalidParameter {
                name: "epsilon",
                value: eps,
                constraint: "finite and ≥ 0",
            });
        }
        Ok(Self {
            eps,
            convention: TemperatureConvention::Epsilon,
        })
    }

    /// `dX = −∇U dt + √(2/β) dW`, i.e. `ε = 2/β`.
    ///
    /// # Errors
    /// [`SdeError::InvalidParameter`] unless `β` is finite and `> 0`.
    pub fn beta(beta: f64) -> Result<Self> {
        if !(beta.is_finite() && beta > 0.0) {
            return Err(SdeError::InvalidParameter {
                name: "beta",
                value: beta,
                constraint: "finite and > 0",
            });
        }
        Ok(Self {
            eps: 2.0 / beta,
            convention: TemperatureConvention::Beta,
        })
    }

    /// `ε`, the coefficient under the square root of the noise.
    #[inline]
    pub fn eps(&self) -> f64 {
        self.eps
    }

    /// `β = 2/ε` (infinite for `ε = 0`).
    pub fn beta_value(&self) -> f64 {
        2.0 / self.eps
    }

    /// `√ε`, the factor multiplying `dW`.
    #[inline]
    pub fn noise_scale(&self) -> f64 {
        self.eps.sqrt()
    }

    /// The diffusion coefficient `D = ε/2` of the Fokker–Planck equation.
    pub fn diffusion_coefficient(&self) -> f64 {
        0.5 * self.eps
    }

    /// The convention this value was given in.
    pub fn convention(&self) -> TemperatureConvention {
        self.convention
    }
}

impl fmt::Display for Temperature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.convention {
            TemperatureConvention::Epsilon => {
                write!(f, "ε = {} (dX = −∇L dt + √ε dW)", self.eps)
            }
            TemperatureConvention::Beta => write!(
                f,
                "β = {} (ε = 2/β = {}; dX = −∇L dt + √ε dW)",
                self.beta_value(),
                self.eps
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conventions_agree() {
        let a = Temperature::epsilon(0.25).unwrap();
        let b = Temperature::beta(8.0).unwrap();
        assert_eq!(a.eps(), b.eps());
        assert_eq!(b.beta_value(), 8.0);
        assert_eq!(a.diffusion_coefficient(), 0.125);
        assert_eq!(a.convention(), TemperatureConvention::Epsilon);
        assert_eq!(b.convention(), TemperatureConvention::Beta);
        assert_eq!(a.to_string(), "ε = 0.25 (dX = −∇L dt + √ε dW)");
    }

    #[test]
    fn rejects_bad_values() {
        for v in [-1e-300, f64::NAN, f64::INFINITY] {
            assert!(matches!(
                Temperature::epsilon(v),
                Err(SdeError::InvalidParameter {
                    name: "epsilon",
                    ..
                })
            ));
        }
        for v in [0.0, -2.0, f64::NAN, f64::INFINITY] {
            assert!(matches!(
                Temperature::beta(v),
                Err(SdeError::InvalidParameter { name: "beta", .. })
            ));
        }
        assert!(Temperature::epsilon(0.0).is_ok());
    }
}
