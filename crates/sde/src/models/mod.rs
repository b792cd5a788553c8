//! SDE models: drifts, diffusion factors and their composition.

pub(crate) mod constant;
pub(crate) mod diffusion;
pub(crate) mod drift;
pub(crate) mod expression;
pub(crate) mod expression_exact;
pub(crate) mod isotropic;
pub(crate) mod noisy_sgd;
pub(crate) mod sde_model;
pub(crate) mod state_dependent;
