//! The error type of the SDE crate.

use thiserror::Error;

use crate::noise::{NoiseClass, NoiseRequirement};

/// Everything that can go wrong building or running an SDE simulation.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum SdeError {
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
    /// A vector or matrix has the wrong size.
    #[error("dimension mismatch for `{what}`: expected {expected}, found {found}")]
    DimensionMismatch {
        /// Which argument.
        what: &'static str,
        /// Expected size.
        expected: usize,
        /// Actual size.
        found: usize,
    },
    /// A path produced a non-finite state (numerical blow-up).
    #[error(
        "non-finite state on path {path} at step {step} (t = {t}): try a smaller dt or a tamed/implicit scheme"
    )]
    NonFinite {
        /// Path index in the ensemble.
        path: u64,
        /// Step index (1-based: the step that produced the bad state).
        step: u64,
        /// Time reached by that step.
        t: f64,
    },
    /// The integrator's orders need a noise class the model does not declare.
    #[error("method `{method}` needs {required:?} noise but the model declares {declared:?}")]
    IncompatibleNoise {
        /// Method name.
        method: &'static str,
        /// What it needs.
        required: NoiseRequirement,
        /// What the model declares.
        declared: NoiseClass,
    },
    /// A method name that is not an [`crate::IntegratorKind`].
    #[error("unknown integrator `{}` (known: {known})", sgdpde_landscape::excerpt(.name))]
    UnknownIntegrator {
        /// The name given.
        name: String,
        /// The known names, comma-separated.
        known: String,
    },
    /// An expression of an expression SDE (or of its exact solution or
    /// moments) is invalid; `location` names it (`drift[0]`,
    /// `diffusion[1][0]`, `exact[0]`, `mean[1]`, …).
    #[error("in {location}: {source}")]
    InExpression {
        /// Which expression.
        location: String,
        /// What is wrong with it.
        source: sgdpde_landscape::LandscapeError,
    },
    /// A run or buffer beyond the run-size limits ([`crate::limits`]).
    #[error(transparent)]
    Limit(#[from] crate::limits::LimitError),
    /// Too few paths of an exit-time run exited before the horizon for a
    /// mean exit time with a standard error (at least 2 are needed): the
    /// mean is not estimable, only bounded below by `E min(τ, t_max)`.
    #[error(
        "only {exited} of {paths} paths exited before t_max = {t_max} (a mean exit time with a \
         standard error needs at least 2): E τ is not estimable here, only E τ ≥ E min(τ, t_max) \
         = {restricted_mean:.6}; increase t_max"
    )]
    TooFewExits {
        /// Paths that exited.
        exited: u64,
        /// Paths run.
        paths: u64,
        /// The horizon.
        t_max: f64,
        /// `E min(τ, t_max)` over all paths, a lower bound of `E τ`.
        restricted_mean: f64,
    },
    /// A chunk store ([`crate::ChunkStore`]) could not keep a block of a
    /// run's chunks.
    #[error("chunk store: saving chunks {first_chunk}..{end_chunk} failed: {message}")]
    ChunkStore {
        /// First chunk of the block.
        first_chunk: u64,
        /// One past the block's last chunk.
        end_chunk: u64,
        /// The store's error, with its sources.
        message: String,
    },
    /// A splitting run ([`crate::Splitting`]) passed one of its caps.
    #[error("splitting: more than {limit} {what}; raise the cap or move A/B (levels) closer")]
    SplittingHorizon {
        /// Which cap.
        what: &'static str,
        /// Its value.
        limit: u64,
    },
    /// No replica of a splitting run reached `B` (`p̂ = 0`, e.g. by
    /// extinction): a mean transition time `∝ 1/p̂` is not estimable.
    #[error(
        "splitting: none of the {replicas} replicas reached B after {iterations} iterations \
         (p̂ = 0{extinct}); use more replicas or a finer reaction coordinate"
    )]
    NoReactivePath {
        /// Replicas.
        replicas: usize,
        /// Iterations run.
        iterations: u64,
        /// ", by extinction" when every replica tied at a level.
        extinct: &'static str,
    },
    /// The reaction coordinate returned NaN.
    #[error("the reaction coordinate is NaN on stream {stream} at step {step}")]
    NotFiniteCoordinate {
        /// The replica's stream.
        stream: u64,
        /// The step whose state gave NaN.
        step: u64,
    },
    /// An error from the landscape crate.
    #[error(transparent)]
    Landscape(#[from] sgdpde_landscape::LandscapeError),
}

/// Shorthand for results of this crate.
pub type Result<T> = std::result::Result<T, SdeError>;

/// Whether every entry of a state is finite: the step loops' blow-up test.
/// One non-generic function, where a closure per loop would compile once
/// per model × integrator.
#[inline]
pub(crate) fn all_finite(x: &[f64]) -> bool {
    x.iter().all(|v| v.is_finite())
}
