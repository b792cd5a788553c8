//! The diffusion of the stochastic modified equation of SGD:
//! `G(x) = √τ · G_b(x)`, `G_b = √(c/N) [∇ℓᵢ − ∇L]ᵢ` (d × N).

use sgdpde_landscape::empirical::{EmpiricalRisk, Sampling};

use crate::error::{Result, SdeError};
use crate::models::diffusion::Diffusion;
use crate::noise::NoiseClass;

/// The exact minibatch-noise factor of the SDE surrogate of SGD
///
/// ```text
/// dX = −∇L(X) dt + √τ Σ_b(X)^{1/2} dW   ≡   dX = −∇L dt + G(X) dW,
/// G(x) = √(τ c / N) [∇ℓ₁(x) − ∇L(x), …, ∇ℓ_N(x) − ∇L(x)]      (d × N),
/// ```
///
/// with `c = 1/b` (with replacement) or `(N − b)/(b(N − 1))` (without), so
/// `G Gᵀ = τ Σ_b` exactly (proofs-notes/minibatch-covariance.md). `G v` is
/// evaluated as `√(τc/N) Σᵢ (vᵢ − v̄) ∇ℓᵢ(x)` — N per-sample gradient
/// accumulations, O(N d), no scratch, no `d × d` matrix, no square root.
///
/// The noise is state-dependent and not commutative in general
/// ([`NoiseClass::General`]): Euler–Maruyama (strong ½, weak 1) is the
/// method that keeps its orders; the SME itself is a weak order-1
/// approximation of SGD in τ (Li, Tai & E, JMLR 20 (2019)).
#[derive(Debug, Clone)]
pub struct MinibatchNoise<E> {
    risk: E,
    coef: f64,
    tau: f64,
    batch: usize,
    sampling: Sampling,
}

impl<E: EmpiricalRisk> MinibatchNoise<E> {
    /// The factor for learning rate `tau` and batches of size `batch`.
    ///
    /// # Errors
    /// [`SdeError::InvalidParameter`] if `tau` is not finite and > 0 or the
    /// batch size is invalid for `sampling`.
    pub fn new(risk: E, tau: f64, batch: usize, sampling: Sampling) -> Result<Self> {
        if !(tau.is_finite() && tau > 0.0) {
            return Err(SdeError::InvalidParameter {
                name: "learning rate tau",
                value: tau,
                constraint: "finite and > 0",
            });
        }
        let n = risk.n_samples();
        if batch == 0 || (sampling == Sampling::WithoutReplacement && batch > n) {
            return Err(SdeError::InvalidParameter {
                name: "batch size",
                value: batch as f64,
                constraint: "1 ≤ b (and b ≤ N without replacement)",
            });
        }
        let c = sampling.covariance_scale(n, batch);
        Ok(Self {
            coef: (tau * c / n as f64).sqrt(),
            risk,
            tau,
            batch,
            sampling,
        })
    }

    /// The learning rate τ.
    pub fn tau(&self) -> f64 {
        self.tau
    }

    /// The batch size.
    pub fn batch(&self) -> usize {
        self.batch
    }

    /// The sampling mode whose covariance is modelled.
    pub fn sampling(&self) -> Sampling {
        self.sampling
    }

    /// The empirical risk.
    pub fn risk(&self) -> &E {
        &self.risk
    }
}

impl<E: EmpiricalRisk> Diffusion for MinibatchNoise<E> {
    const NOISE: NoiseClass = NoiseClass::General;

    fn dim(&self) -> usize {
        self.risk.dim()
    }

    fn noise_dim(&self) -> usize {
        self.risk.n_samples()
    }

    #[inline]
    fn apply_into(&self, _t: f64, x: &[f64], v: &[f64], out: &mut [f64]) {
        let n = v.len();
        let mean = v.iter().sum::<f64>() / n as f64;
        out.fill(0.0);
        for (i, vi) in v.iter().enumerate() {
            self.risk
                .accumulate_sample_gradient(i, x, self.coef * (vi - mean), out);
        }
    }
}
