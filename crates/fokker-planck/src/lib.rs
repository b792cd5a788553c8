//! Rate-matrix finite-volume Fokker–Planck solver for degenerate diffusions.
//!
//! The law `u(t, x)` of the Itô diffusion `dX = b(X) dt + G(X) dW` solves
//!
//! ```text
//! ∂ₜu = −∇·(b u) + Σᵢⱼ ∂ᵢ∂ⱼ(Dᵢⱼ u),     D = G Gᵀ/2     (shared/math.md §1)
//! ```
//!
//! On a uniform cell-centred [`Grid`] the right-hand side becomes a sparse
//! *rate matrix* `Q` ([`FokkerPlanck`]): Scharfetter–Gummel fluxes along the
//! axes (exact discrete Gibbs state for gradient drift, upwinding where the
//! diffusion vanishes) and a positive diagonal stencil for cross diffusion.
//! Off-diagonals are `≥ 0` and columns sum to `0`, so implicit Euler is
//! positive and mass-conserving for any step, and the discrete generator is
//! exactly `Qᵀ` — the backward problems ([`mean_exit_time`],
//! [`committor`], [`survival_probability`]) are dual to the forward solver.
//!
//! Temperature convention: `dX = −∇L dt + √ε dW` has `D = ε/2`
//! ([`Isotropic::from_temperature`]); `√(2/β) dW` has `D = 1/β`
//! ([`Isotropic::from_beta`]).
//!
//! # Quick start
//! ```
//! use sgdpde_fokker_planck::prelude::*;
//! use sgdpde_landscape::Quadratic;
//! // Ornstein–Uhlenbeck: L = x²/2, ε = 0.5 (D = 0.25); stationary N(0, ε/2).
//! let grid = Grid::uniform_1d(-3.0, 3.0, 120)?;
//! let bc = BoundaryConditions::uniform(1, Boundary::Reflecting);
//! let l = Quadratic::diagonal(&[1.0], vec![0.0])?;
//! let fp = FokkerPlanck::gradient(grid, bc, l, &Isotropic::from_temperature(1, 0.5)?)?;
//! let pi = stationary(&fp)?;
//! let var: f64 = fp.grid().centers().iter().zip(&pi).map(|(x, p)| x * x * p).sum::<f64>()
//!     * fp.grid().cell_volume();
//! assert!((var - 0.25).abs() < 1e-3);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod adaptive;
mod backward;
mod backward_precision;
mod diagnostics;
mod diffusion;
mod drift;
mod error;
mod graph;
mod grid;
mod gth_tridiagonal;
mod memory;
pub mod nested_dissection;
mod operator;
mod rate_matrix;
pub mod scharfetter_gummel;
mod sde_adapter;
mod sparse_lu;
mod spectrum;
mod stationary;
mod thomas;
mod time_stepping;

pub use adaptive::{AdaptiveReport, evolve_adaptive};
pub use backward::{ExitTime, MeanExitTimes, committor, mean_exit_time, survival_probability};
pub use backward_precision::MAX_RELATIVE_ERROR;
pub use diagnostics::{Diagnostics, diagnostics, probability_current};
pub use diffusion::{ConstantTensor, DiagonalField, DiffusionField, Isotropic, TensorField};
pub use drift::{DriftField, GradientDrift, SdeDrift, VectorDrift};
pub use error::{FpError, Result};
pub use grid::{Boundary, BoundaryConditions, Grid};
pub use memory::{Factorisation, cell_count, check_grid_memory, operator_bytes};
pub use operator::{Face, FokkerPlanck, Jump};
pub use rate_matrix::RateMatrix;
pub use sde_adapter::SdeDiffusion;
pub use sgdpde_sde::MAX_STEPS;
pub use sparse_lu::ShiftedSolver;
pub use spectrum::{Spectrum, smallest_eigenvalues};
pub use stationary::stationary;
pub use thomas::Tridiagonal;
pub use time_stepping::{Scheme, Stepper, evolve, steps_to};

/// The common types, for `use sgdpde_fokker_planck::prelude::*`.
pub mod prelude {
    pub use crate::stationary;
    pub use crate::{
        Boundary, BoundaryConditions, DiffusionField, DriftField, FokkerPlanck, Grid, Isotropic,
        Scheme, Stepper,
    };
}
