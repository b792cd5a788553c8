//! Learning-rate schedules `τ_k` of discrete SGD.

use crate::error::{Result, SdeError};

/// A learning-rate schedule `k ↦ τ_k` (k = 0, 1, … the iteration index).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LearningRate {
    /// `τ_k = τ`.
    Constant {
        /// The rate τ > 0.
        tau: f64,
    },
    /// `τ_k = τ₀ · γ^{⌊k / every⌋}` (step decay).
    Step {
        /// Initial rate τ₀ > 0.
        tau0: f64,
        /// Decay factor γ ∈ (0, 1].
        factor: f64,
        /// Iterations between decays (≥ 1).
        every: u64,
    },
    /// `τ_k = τ₀ / (1 + k / k₀)` (the Robbins–Monro `1/k` decay).
    InverseTime {
        /// Initial rate τ₀ > 0.
        tau0: f64,
        /// Time scale k₀ > 0 (iterations).
        k0: f64,
    },
}

fn positive(name: &'static str, v: f64) -> Result<()> {
    if v.is_finite() && v > 0.0 {
        Ok(())
    } else {
        Err(SdeError::InvalidParameter {
            name,
            value: v,
            constraint: "finite and > 0",
        })
    }
}

impl LearningRate {
    /// A constant rate.
    ///
    /// # Errors
    /// [`SdeError::InvalidParameter`] unless `tau` is finite and > 0.
    pub fn constant(tau: f64) -> Result<Self> {
        Self::Constant { tau }.validated()
    }

    /// Checks the parameters.
    ///
    /// # Errors
    /// [`SdeError::InvalidParameter`] naming the offending parameter.
    pub fn validated(self) -> Result<Self> {
        match self {
            Self::Constant { tau } => positive("learning rate tau", tau)?,
            Self::Step {
                tau0,
                factor,
                every,
            } => {
                positive("learning rate tau0", tau0)?;
                if !(factor > 0.0 && factor <= 1.0) {
                    return Err(SdeError::InvalidParameter {
                        name: "step-decay factor",
                        value: factor,
                        constraint: "in (0, 1]",
                    });
                }
                if every == 0 {
                    return Err(SdeError::InvalidParameter {
                        name: "step-decay interval",
                        value: 0.0,
                        constraint: "≥ 1 iteration",
                    });
                }
            }
            Self::InverseTime { tau0, k0 } => {
                positive("learning rate tau0", tau0)?;
                positive("1/k time scale k0", k0)?;
            }
        }
        Ok(self)
    }

    /// The rate at iteration `k`.
    #[inline]
    pub fn rate(&self, k: u64) -> f64 {
        match *self {
            Self::Constant { tau } => tau,
            Self::Step {
                tau0,
                factor,
                every,
            } => tau0 * factor.powi((k / every) as i32),
            Self::InverseTime { tau0, k0 } => tau0 / (1.0 + k as f64 / k0),
        }
    }

    /// The initial rate `τ₀`, which sets the time unit `t = k τ₀` of the
    /// ensemble grid.
    pub fn initial(&self) -> f64 {
        self.rate(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedules_follow_their_formulas() {
        let s = LearningRate::Step {
            tau0: 0.1,
            factor: 0.5,
            every: 10,
        }
        .validated()
        .unwrap();
        assert_eq!(
            (s.rate(0), s.rate(9), s.rate(10), s.rate(25)),
            (0.1, 0.1, 0.05, 0.025)
        );
        let i = LearningRate::InverseTime {
            tau0: 0.2,
            k0: 100.0,
        }
        .validated()
        .unwrap();
        assert_eq!((i.rate(0), i.rate(100)), (0.2, 0.1));
        assert_eq!(LearningRate::constant(0.3).unwrap().rate(1_000_000), 0.3);
    }

    #[test]
    fn invalid_rates_are_typed_errors() {
        assert!(matches!(
            LearningRate::constant(0.0),
            Err(SdeError::InvalidParameter { .. })
        ));
        assert!(matches!(
            LearningRate::constant(f64::NAN),
            Err(SdeError::InvalidParameter { .. })
        ));
        assert!(
            LearningRate::Step {
                tau0: 0.1,
                factor: 1.5,
                every: 1
            }
            .validated()
            .is_err()
        );
        assert!(
            LearningRate::Step {
                tau0: 0.1,
                factor: 0.5,
                every: 0
            }
            .validated()
            .is_err()
        );
        assert!(
            LearningRate::InverseTime {
                tau0: 0.1,
                k0: -1.0
            }
            .validated()
            .is_err()
        );
    }
}
