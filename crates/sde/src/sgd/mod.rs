//! Discrete minibatch SGD and its diffusion surrogates.
//!
//! * [`Sgd`] — true minibatch SGD (with/without replacement, epoch
//!   shuffling), Noisy SGD, learning-rate schedules;
//! * [`MinibatchNoise`] — the exact factor `√τ G_b(x)` of the stochastic
//!   modified equation `dX = −∇L dt + √τ Σ_b(X)^{1/2} dW`, time `t = kτ`;
//! * [`isotropic_surrogate`], [`rank_one_surrogate`] — the simpler models
//!   it is compared with (trace-matched Langevin; noise along the sharpest
//!   direction only).

mod batch;
mod discrete;
mod minibatch_noise;
mod process;
mod schedule;
mod stability;
mod surrogates;

pub use batch::{BatchSampler, BatchSampling};
pub use discrete::{Sgd, SgdWorkspace};
pub use minibatch_noise::MinibatchNoise;
pub use schedule::LearningRate;
pub use stability::StabilityThreshold;
pub use surrogates::{isotropic_surrogate, modified_equation, rank_one_surrogate};
