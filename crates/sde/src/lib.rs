//! SDE models, integrators with verified orders, reproducible parallel
//! ensembles and exit times for sgdpde.
//!
//! Every SDE is Itô, `dX = b(t, X) dt + G(t, X) dW` (shared/math.md §1).
//! An [`Integrator`] advances one step given the Brownian [`Increment`]; a
//! driver owns the loop, exit detection, observers and reductions.

mod error;
mod integrators;
mod method;
mod model;
mod models;
mod temperature;

pub use error::{Result, SdeError};
pub use integrators::Scratch;
pub use integrators::euler_maruyama::EulerMaruyama;
pub use integrators::kind::{IntegratorKind, IntegratorVisitor};
pub use method::{Increment, Integrator, MethodInfo, NoiseRequirement};
pub use model::{NoiseClass, Sde, SdeDerivative};
pub use models::diffusion::{ConstantDiffusion, Diffusion, DiffusionDerivative};
pub use models::drift::{Drift, FnDrift, GradientDrift, LinearDrift};
pub use models::isotropic::IsotropicNoise;
pub use models::sde_model::{Langevin, SdeModel};
pub use temperature::{Temperature, TemperatureConvention};
