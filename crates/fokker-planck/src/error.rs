//! The error type of the Fokker–Planck crate.

use thiserror::Error;

/// Everything that can go wrong when building or solving a Fokker–Planck
/// problem. Variants carry the offending values.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum FpError {
    /// A grid axis has fewer than 3 cells.
    #[error("axis {axis} has {cells} cells; at least 3 are required")]
    TooFewCells {
        /// Axis index.
        axis: usize,
        /// Number of cells given.
        cells: usize,
    },
    /// The grid dimension is not 1, 2 or 3.
    #[error("grid dimension {dim} is not supported (1, 2 or 3)")]
    UnsupportedDimension {
        /// Dimension given.
        dim: usize,
    },
    /// An axis has `lower >= upper` or a non-finite bound.
    #[error("axis {axis} has invalid bounds [{lower}, {upper}]: need finite lower < upper")]
    InvalidBounds {
        /// Axis index.
        axis: usize,
        /// Lower bound.
        lower: f64,
        /// Upper bound.
        upper: f64,
    },
    /// Sizes of two inputs disagree.
    #[error("dimension mismatch for `{what}`: expected {expected}, found {found}")]
    DimensionMismatch {
        /// Which input.
        what: &'static str,
        /// Expected size.
        expected: usize,
        /// Actual size.
        found: usize,
    },
    /// A periodic boundary condition on one face only of an axis.
    #[error("axis {axis}: periodic boundary conditions must be set on both faces")]
    HalfPeriodic {
        /// Axis index.
        axis: usize,
    },
    /// A scalar parameter violates its constraint.
    #[error("invalid parameter `{name}` = {value}: must be {constraint}")]
    InvalidParameter {
        /// Parameter name.
        name: &'static str,
        /// The rejected value.
        value: f64,
        /// The constraint, e.g. "finite and > 0".
        constraint: &'static str,
    },
    /// The diffusion tensor is non-finite, has a negative diagonal entry or
    /// is not symmetric at a point.
    #[error("invalid diffusion entry ({i},{j}) = {value} at x = {x:?}: {reason}")]
    InvalidDiffusion {
        /// Row of the tensor entry.
        i: usize,
        /// Column of the tensor entry.
        j: usize,
        /// The entry.
        value: f64,
        /// The point where it was evaluated.
        x: Vec<f64>,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The drift or the potential is not finite at a point.
    #[error("non-finite drift or potential {value} at x = {x:?}")]
    NonFiniteDrift {
        /// The value.
        value: f64,
        /// Where.
        x: Vec<f64>,
    },
    /// The cross-diffusion is too strong for a positive stencil: the axis
    /// diffusion left after moving the cross terms onto diagonal jumps is
    /// negative, so the operator would not be a rate matrix.
    #[error(
        "cross diffusion too strong for a positive stencil at cell {cell} axis {axis}: \
         reduced diffusion {reduced} < 0 (need D_kk ≥ Σ_l |D_kl| h_k/h_l)"
    )]
    NotDiagonallyDominant {
        /// Cell index.
        cell: usize,
        /// Axis.
        axis: usize,
        /// `D_kk − Σ_l |D_kl| h_k/h_l`.
        reduced: f64,
    },
    /// A target (or committor) set is empty and no absorbing face exists.
    #[error("the target set `{what}` is empty")]
    EmptyTarget {
        /// Which set.
        what: &'static str,
    },
    /// Two sets that must be disjoint overlap.
    #[error("sets overlap at cell {cell}")]
    OverlappingSets {
        /// A cell in both sets.
        cell: usize,
    },
    /// A stationary density was requested for an operator that leaks mass.
    #[error("no stationary density: the operator has absorbing faces (mass leaks)")]
    LeakyOperator,
    /// The stationary state is not unique: the jump graph of `Q` has several
    /// closed communicating classes (each carries its own stationary
    /// density, e.g. degenerate noise with conserved directions).
    #[error("stationary state not unique: {closed_classes} closed classes")]
    StationaryNotUnique {
        /// Number of closed classes.
        closed_classes: usize,
    },
    /// An iterative solve did not reach its tolerance.
    #[error("{what} did not converge: residual {residual:e} after {iterations} iterations")]
    NotConverged {
        /// Which solve.
        what: &'static str,
        /// Final relative residual.
        residual: f64,
        /// Iterations taken.
        iterations: usize,
    },
    /// The sparse factorisation failed (structurally singular matrix).
    #[error("sparse factorisation failed: {reason}")]
    Factorisation {
        /// faer's message.
        reason: String,
    },
    /// A solve produced a non-finite value.
    #[error("non-finite value at cell {cell} after step {step}")]
    NonFinite {
        /// Cell index.
        cell: usize,
        /// Time step (0 for a stationary solve).
        step: usize,
    },
    /// A run or grid beyond the run-size limits (`sgdpde_sde::limits`):
    /// too many steps, or more memory than is available.
    #[error(transparent)]
    Limit(#[from] sgdpde_sde::LimitError),
    /// A backward solve (mean exit time, committor) lost precision: its
    /// result leaves the range theory guarantees (`T ≥ 0`, probabilities in
    /// `[0, 1]`) or its relative round-off bound `κ∞·max(η, u)` exceeds
    /// [`crate::MAX_RELATIVE_ERROR`] — typically a metastable chain whose
    /// `E τ ≈ e^{2ΔL/ε}` is beyond double precision for this grid.
    #[error(
        "backward solve ({quantity}) lost precision: {reason} (value {value:.3e} at cell {cell}; \
         condition κ∞ ≈ {condition:.1e}, relative residual {residual:.1e}, \
         relative error bound {bound:.1e})"
    )]
    PrecisionLoss {
        /// `"mean exit time"` or `"committor"`.
        quantity: &'static str,
        /// Which check failed.
        reason: &'static str,
        /// The grid cell of the offending value.
        cell: usize,
        /// The offending value (the minimum, or the maximum above 1).
        value: f64,
        /// `κ∞ = ‖A‖∞‖A⁻¹‖∞` of the restricted generator.
        condition: f64,
        /// The normwise backward error `‖Ax̂ − b‖∞ / (‖A‖∞‖x̂‖∞ + ‖b‖∞)`.
        residual: f64,
        /// The relative forward-error bound `κ∞·max(residual, u)`.
        bound: f64,
    },
    /// An eigen-solver did not converge or the problem is too large for the
    /// dense fallback.
    #[error("spectrum: {reason}")]
    Spectrum {
        /// What failed.
        reason: String,
    },
}

/// `Result` with [`FpError`].
pub type Result<T> = std::result::Result<T, FpError>;

/// Checks a scalar is finite and `> 0`.
pub(crate) fn check_positive(name: &'static str, value: f64) -> Result<f64> {
    if value.is_finite() && value > 0.0 {
        Ok(value)
    } else {
        Err(FpError::InvalidParameter {
            name,
            value,
            constraint: "finite and > 0",
        })
    }
}

/// Checks a length.
pub(crate) fn check_len(what: &'static str, expected: usize, found: usize) -> Result<()> {
    if expected == found {
        Ok(())
    } else {
        Err(FpError::DimensionMismatch {
            what,
            expected,
            found,
        })
    }
}
