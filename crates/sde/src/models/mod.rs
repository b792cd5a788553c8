//! SDE models: drifts, diffusion factors and their composition.

pub(crate) mod diffusion;
pub(crate) mod drift;
pub(crate) mod isotropic;
pub(crate) mod sde_model;
