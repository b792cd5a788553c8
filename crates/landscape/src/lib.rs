//! Loss landscapes `L: Rᵈ → R` for sgdpde.
//!
//! A landscape gives its value, gradient and (exact) Hessian in place and
//! without allocation ([`Landscape`], [`LandscapeHessian`]); the SDE crate
//! turns it into the drift `b = −∇L` of `dX = −∇L(X) dt + G(X) dW`, the
//! Fokker–Planck crate into the potential of its Scharfetter–Gummel fluxes.
//!
//! The catalogue ([`CATALOGUE`], [`AnyLandscape`]) holds analytic landscapes
//! with known critical points; every one has an exact gradient and Hessian.
//! The [`critical`] module locates critical points (damped Newton), minimum-
//! energy paths and saddles (climbing string), basins (gradient flow) and all
//! minima and saddles in a box with their barriers.
//!
//! [`ExprLandscape`] is a landscape given by an expression (from a problem
//! file), with its gradient and Hessian derived symbolically ([`Expr`]).
//!
//! # Quick start
//! ```
//! use sgdpde_landscape::{DoubleWell, Landscape, LandscapeExt};
//! let l = DoubleWell::new(0.1)?;
//! let g = l.gradient(&[0.5]);
//! assert!((g[0] - (0.125 - 0.5 + 0.1)).abs() < 1e-15);
//! # Ok::<(), sgdpde_landscape::LandscapeError>(())
//! ```

mod catalogue;
mod catalogue_entry;
mod coupled_double_well;
pub mod critical;
mod double_well;
pub mod empirical;
mod error;
mod excerpt;
mod expression;
mod muller_brown;
mod multi_well;
mod quadratic;
mod sharp_flat;
mod traits;

pub use catalogue::{
    AnyLandscape, CATALOGUE, EXPRESSION_ENTRY, LandscapeVisitor, entry, resolve_params,
};
pub use catalogue_entry::{CatalogueEntry, Catalogued, ParamSpec};
pub use coupled_double_well::CoupledDoubleWell;
pub use double_well::DoubleWell;
pub use error::{LandscapeError, Result, check_point};
pub use excerpt::{QUOTE_CHARS, excerpt, excerpt_at};
pub use expression::{Expr, ExprLandscape, Symbols};
pub use muller_brown::MullerBrown;
pub use multi_well::MultiWell;
pub use quadratic::Quadratic;
pub use sharp_flat::SharpFlat;
pub use traits::{
    KnownCriticalPoint, KnownCriticalPoints, Landscape, LandscapeExt, LandscapeHessian,
};

/// The traits, for `use sgdpde_landscape::prelude::*`.
pub mod prelude {
    pub use crate::traits::{KnownCriticalPoints, Landscape, LandscapeExt, LandscapeHessian};
}
