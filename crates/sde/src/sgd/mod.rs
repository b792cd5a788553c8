//! Discrete minibatch SGD and its diffusion surrogates.
//!
//! * [`Sgd`] — true minibatch SGD (with/without replacement, epoch
//!   shuffling), Noisy SGD, learning-rate schedules;
//! * [`MinibatchNoise`] — the exact factor `√τ G_b(x)` of the stochastic
//!   modified equation `dX = −∇L dt + √τ Σ_b(X)^{1/2} dW`, time `t = kτ`.

mod batch;
mod discrete;
mod minibatch_noise;
mod schedule;

pub use batch::{BatchSampler, BatchSampling};
pub use discrete::{Sgd, SgdWorkspace};
pub use minibatch_noise::MinibatchNoise;
pub use schedule::LearningRate;
