//! SDE models, integrators with verified orders, reproducible parallel
//! ensembles and exit times for sgdpde.
//!
//! Every SDE is Itô, `dX = b(t, X) dt + G(t, X) dW` (shared/math.md §1).
//! An [`Integrator`] advances one step given the Brownian [`Increment`]; a
//! driver owns the loop, exit detection, observers and reductions.

mod error;
mod method;
mod model;

pub use error::{Result, SdeError};
pub use method::{Increment, Integrator, MethodInfo, NoiseRequirement};
pub use model::{NoiseClass, Sde};
