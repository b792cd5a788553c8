//! Discrete minibatch SGD, plain and noisy, as a per-path step.

use rand::{Rng, RngExt};
use rand_distr::StandardNormal;
use sgdpde_landscape::empirical::EmpiricalRisk;

use super::batch::{BatchSampler, BatchSampling};
use super::schedule::LearningRate;
use crate::error::{Result, SdeError};

/// Minibatch stochastic gradient descent
///
/// ```text
/// x_{k+1} = x_k − τ_k g_k + √(2 τ_k δ) ξ_k,   g_k = (1/b) Σ_{i∈B_k} ∇ℓᵢ(x_k),
/// ```
///
/// with batches `B_k` drawn by [`BatchSampling`], a [`LearningRate`]
/// schedule `τ_k`, and Noisy-SGD temperature `δ ≥ 0` (`ξ_k ~ N(0, I_d)`;
/// `δ = 0` is plain SGD). Its diffusion model has `D = (τ/2)Σ_b + δ I`
/// (shared/math.md §2).
///
/// Randomness per step, in this order from the path's stream: the batch
/// indices, then (if `δ > 0`) `d` standard normals.
///
/// # References
/// Robbins & Monro, Ann. Math. Statist. 22 (1951); Li, Tai & E, *Stochastic
/// modified equations and dynamics of stochastic gradient algorithms I*,
/// JMLR 20 (2019).
#[derive(Debug, Clone)]
pub struct Sgd<E> {
    risk: E,
    batch: usize,
    sampling: BatchSampling,
    schedule: LearningRate,
    delta: f64,
}

/// Per-path buffers of [`Sgd`]: the batch sampler state and the gradient.
#[derive(Debug, Clone)]
pub struct SgdWorkspace {
    sampler: BatchSampler,
    grad: Vec<f64>,
}

impl<E: EmpiricalRisk> Sgd<E> {
    /// Plain SGD (δ = 0).
    ///
    /// # Errors
    /// [`SdeError::InvalidParameter`] for an invalid batch size or schedule.
    pub fn new(
        risk: E,
        batch: usize,
        sampling: BatchSampling,
        schedule: LearningRate,
    ) -> Result<Self> {
        BatchSampler::new(sampling, risk.n_samples(), batch)?;
        let schedule = schedule.validated()?;
        Ok(Self {
            risk,
            batch,
            sampling,
            schedule,
            delta: 0.0,
        })
    }

    /// The same SGD with Noisy-SGD temperature δ.
    ///
    /// # Errors
    /// [`SdeError::InvalidParameter`] unless δ is finite and ≥ 0.
    pub fn with_noise(mut self, delta: f64) -> Result<Self> {
        if !(delta.is_finite() && delta >= 0.0) {
            return Err(SdeError::InvalidParameter {
                name: "noisy-SGD delta",
                value: delta,
                constraint: "finite and ≥ 0",
            });
        }
        self.delta = delta;
        Ok(self)
    }

    /// The empirical risk.
    pub fn risk(&self) -> &E {
        &self.risk
    }

    /// Batch size.
    pub fn batch(&self) -> usize {
        self.batch
    }

    /// Sampling mode.
    pub fn sampling(&self) -> BatchSampling {
        self.sampling
    }

    /// Learning-rate schedule.
    pub fn schedule(&self) -> LearningRate {
        self.schedule
    }

    /// Noisy-SGD temperature δ.
    pub fn delta(&self) -> f64 {
        self.delta
    }

    /// Parameter dimension `d`.
    pub fn dim(&self) -> usize {
        self.risk.dim()
    }

    /// Buffers for one path (allocated once, reused for every path).
    pub fn workspace(&self) -> SgdWorkspace {
        SgdWorkspace {
            sampler: BatchSampler::new(self.sampling, self.risk.n_samples(), self.batch)
                .expect("validated at construction"),
            grad: vec![0.0; self.risk.dim()],
        }
    }

    /// Resets the per-path state (sampler permutation, epoch).
    pub fn start_path(&self, ws: &mut SgdWorkspace) {
        ws.sampler.start_path();
    }

    /// Iteration `k`: `x ← x − τ_k g_k (+ √(2τ_kδ) ξ_k)`.
    #[inline]
    pub fn step<R: Rng + ?Sized>(&self, ws: &mut SgdWorkspace, rng: &mut R, k: u64, x: &mut [f64]) {
        let tau = self.schedule.rate(k);
        let SgdWorkspace { sampler, grad } = ws;
        let batch = sampler.next(rng);
        self.risk.batch_gradient_into(batch, x, grad);
        for (xi, g) in x.iter_mut().zip(grad.iter()) {
            *xi -= tau * g;
        }
        if self.delta > 0.0 {
            let s = (2.0 * tau * self.delta).sqrt();
            for xi in x.iter_mut() {
                let z: f64 = rng.sample(StandardNormal);
                *xi += s * z;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    fn path_rng(seed: u64, stream: u64) -> ChaCha8Rng {
        let mut r = ChaCha8Rng::seed_from_u64(seed);
        r.set_stream(stream);
        r
    }
    use sgdpde_landscape::LandscapeExt;
    use sgdpde_landscape::empirical::{Dataset, LeastSquares};

    fn small() -> LeastSquares {
        let d = Dataset::new(
            "s",
            vec![1.0, 0.0, 0.0, 2.0, 1.0, 1.0],
            2,
            vec![1.0, 2.0, 0.5],
        )
        .unwrap();
        LeastSquares::new(d)
    }

    #[test]
    fn full_batch_without_replacement_is_gradient_descent() {
        let ls = small();
        let sgd = Sgd::new(
            &ls,
            3,
            BatchSampling::WithoutReplacement,
            LearningRate::constant(0.1).unwrap(),
        )
        .unwrap();
        let mut ws = sgd.workspace();
        let mut rng = path_rng(0, 0);
        let mut x = [0.3, -0.4];
        let mut y = x;
        for k in 0..20 {
            sgd.step(&mut ws, &mut rng, k, &mut x);
            let g = ls.gradient(&y);
            y[0] -= 0.1 * g[0];
            y[1] -= 0.1 * g[1];
            // Batch order differs from 0..N, so sums differ by round-off only.
            assert!((x[0] - y[0]).abs() < 1e-15 && (x[1] - y[1]).abs() < 1e-15);
        }
    }

    #[test]
    fn same_stream_same_trajectory() {
        let ls = small();
        let sgd = Sgd::new(
            &ls,
            1,
            BatchSampling::EpochShuffle,
            LearningRate::constant(0.05).unwrap(),
        )
        .unwrap()
        .with_noise(0.01)
        .unwrap();
        let run = || {
            let mut ws = sgd.workspace();
            let mut rng = path_rng(9, 4);
            let mut x = [1.0, 1.0];
            for k in 0..50 {
                sgd.step(&mut ws, &mut rng, k, &mut x);
            }
            x
        };
        assert_eq!(run(), run());
    }

    #[test]
    fn invalid_settings_are_typed_errors() {
        let ls = small();
        let lr = LearningRate::constant(0.1).unwrap();
        assert!(Sgd::new(&ls, 0, BatchSampling::WithReplacement, lr).is_err());
        assert!(Sgd::new(&ls, 4, BatchSampling::WithoutReplacement, lr).is_err());
        assert!(
            Sgd::new(
                &ls,
                2,
                BatchSampling::WithReplacement,
                LearningRate::Constant { tau: -1.0 }
            )
            .is_err()
        );
        let sgd = Sgd::new(&ls, 2, BatchSampling::WithReplacement, lr).unwrap();
        assert!(matches!(
            sgd.with_noise(-0.1),
            Err(SdeError::InvalidParameter { .. })
        ));
    }
}
