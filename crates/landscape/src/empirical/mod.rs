//! Empirical-risk landscapes `L(x) = (1/N) Σᵢ ℓᵢ(x)` built from data, with
//! per-sample gradients and the exact minibatch gradient covariance.
//!
//! This is where SGD meets the diffusion model of shared/math.md §2: the
//! per-sample gradients `∇ℓᵢ` give both the minibatch gradient of discrete
//! SGD and the factor `G(x) = [∇ℓᵢ − ∇L]ᵢ/√N` whose `G Gᵀ` is the gradient
//! covariance Σ(x) ([`MinibatchCovariance`]).

mod dataset;
pub mod datasets;
mod least_squares;
mod logistic;
mod minibatch;
mod shifted_quadratic;
mod tanh_network;
mod teacher_student;

pub use dataset::{Dataset, Standardisation};
pub use least_squares::LeastSquares;
pub use logistic::LogisticRegression;
pub use minibatch::{MinibatchCovariance, Sampling};
pub use shifted_quadratic::ShiftedQuadratic;
pub use tanh_network::TanhNetwork;
pub use teacher_student::teacher_student;

use crate::traits::Landscape;

/// A loss that is an average of per-sample losses, `L = (1/N) Σᵢ ℓᵢ`.
///
/// The core method accumulates a weighted per-sample gradient in place, so a
/// minibatch gradient `(1/b) Σ_{i∈B} ∇ℓᵢ` costs `b` calls and no allocation.
pub trait EmpiricalRisk: Landscape {
    /// Number of samples `N`.
    fn n_samples(&self) -> usize;

    /// The per-sample loss `ℓᵢ(x)`.
    fn sample_loss(&self, i: usize, x: &[f64]) -> f64;

    /// `acc += weight · ∇ℓᵢ(x)`.
    fn accumulate_sample_gradient(&self, i: usize, x: &[f64], weight: f64, acc: &mut [f64]);

    /// Writes `∇ℓᵢ(x)` into `grad`.
    #[inline]
    fn sample_gradient_into(&self, i: usize, x: &[f64], grad: &mut [f64]) {
        grad.fill(0.0);
        self.accumulate_sample_gradient(i, x, 1.0, grad);
    }

    /// Writes the minibatch gradient `(1/b) Σ_{i∈batch} ∇ℓᵢ(x)` into `grad`
    /// (indices may repeat: sampling with replacement).
    #[inline]
    fn batch_gradient_into(&self, batch: &[usize], x: &[f64], grad: &mut [f64]) {
        grad.fill(0.0);
        let w = 1.0 / batch.len() as f64;
        for &i in batch {
            self.accumulate_sample_gradient(i, x, w, grad);
        }
    }
}

impl<E: EmpiricalRisk + ?Sized> EmpiricalRisk for &E {
    #[inline]
    fn n_samples(&self) -> usize {
        (**self).n_samples()
    }
    #[inline]
    fn sample_loss(&self, i: usize, x: &[f64]) -> f64 {
        (**self).sample_loss(i, x)
    }
    #[inline]
    fn accumulate_sample_gradient(&self, i: usize, x: &[f64], weight: f64, acc: &mut [f64]) {
        (**self).accumulate_sample_gradient(i, x, weight, acc)
    }
}

/// Mean of the per-sample losses: the `Landscape::value` of every empirical risk.
pub(crate) fn mean_loss<E: EmpiricalRisk + ?Sized>(e: &E, x: &[f64]) -> f64 {
    let n = e.n_samples();
    (0..n).map(|i| e.sample_loss(i, x)).sum::<f64>() / n as f64
}

/// Mean of the per-sample gradients: the `Landscape::gradient_into` of every
/// empirical risk.
pub(crate) fn mean_gradient_into<E: EmpiricalRisk + ?Sized>(e: &E, x: &[f64], grad: &mut [f64]) {
    grad.fill(0.0);
    let n = e.n_samples();
    let w = 1.0 / n as f64;
    for i in 0..n {
        e.accumulate_sample_gradient(i, x, w, grad);
    }
}

/// Implements [`Landscape`] for an empirical risk: `L = (1/N) Σ ℓᵢ`,
/// `∇L = (1/N) Σ ∇ℓᵢ`, with the dimension given by `$dim(&self)`.
macro_rules! empirical_landscape {
    ($ty:ty, $dim:expr) => {
        impl $crate::traits::Landscape for $ty {
            fn dim(&self) -> usize {
                ($dim)(self)
            }
            fn value(&self, x: &[f64]) -> f64 {
                $crate::empirical::mean_loss(self, x)
            }
            fn gradient_into(&self, x: &[f64], grad: &mut [f64]) {
                $crate::empirical::mean_gradient_into(self, x, grad)
            }
        }
    };
}
pub(crate) use empirical_landscape;

#[inline]
pub(crate) fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(u, v)| u * v).sum()
}
