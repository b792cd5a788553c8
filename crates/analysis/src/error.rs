//! The error type of the analysis crate.

use thiserror::Error;

/// Everything that can go wrong in an estimator, a quadrature or a matrix
/// equation of this crate.
///
/// Variants carry the offending values so a caller can report them without
/// re-deriving anything.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum AnalysisError {
    /// A scalar parameter violates its constraint (non-finite, out of range…).
    #[error("invalid parameter `{name}` = {value}: must be {constraint}")]
    InvalidParameter {
        /// Parameter name as documented on the function.
        name: &'static str,
        /// The rejected value.
        value: f64,
        /// Human-readable constraint, e.g. "finite and > 0".
        constraint: &'static str,
    },
    /// A data value is not finite.
    #[error("non-finite value {value} at index {index} of `{what}`")]
    NonFiniteData {
        /// Which argument.
        what: &'static str,
        /// Index of the offending entry.
        index: usize,
        /// The value found.
        value: f64,
    },
    /// Two inputs that must have matching sizes do not.
    #[error("dimension mismatch for `{what}`: expected {expected}, found {found}")]
    DimensionMismatch {
        /// Which argument was mis-sized.
        what: &'static str,
        /// Expected length.
        expected: usize,
        /// Actual length.
        found: usize,
    },
    /// Too few data points for the requested estimate.
    #[error("`{what}` needs at least {needed} data points, got {found}")]
    TooFewSamples {
        /// Which estimate.
        what: &'static str,
        /// Minimum number of points.
        needed: usize,
        /// Number supplied.
        found: usize,
    },
    /// The data are degenerate for the requested estimate (e.g. all abscissae
    /// equal in a line fit).
    #[error("degenerate data for `{what}`: {reason}")]
    DegenerateData {
        /// Which estimate.
        what: &'static str,
        /// What is degenerate.
        reason: &'static str,
    },
    /// A function evaluated by a quadrature returned a non-finite or invalid
    /// value (e.g. a diffusion coefficient `a(x) ≤ 0`).
    #[error("`{what}` evaluated at x = {x} gave {value}: must be {constraint}")]
    InvalidFunctionValue {
        /// Which function.
        what: &'static str,
        /// Where it was evaluated.
        x: f64,
        /// The value it returned.
        value: f64,
        /// Its constraint.
        constraint: &'static str,
    },
    /// An interval is empty or reversed.
    #[error("invalid interval `{what}` = [{lo}, {hi}]: need lo < hi")]
    InvalidInterval {
        /// Which interval.
        what: &'static str,
        /// Left end.
        lo: f64,
        /// Right end.
        hi: f64,
    },
    /// A point lies outside the domain where a result is defined.
    #[error("point x = {x} outside the domain [{lo}, {hi}] of `{what}`")]
    OutOfDomain {
        /// Which result.
        what: &'static str,
        /// The point asked for.
        x: f64,
        /// Left end of the domain.
        lo: f64,
        /// Right end of the domain.
        hi: f64,
    },
    /// An iterative or adaptive method did not reach its tolerance.
    #[error(
        "{method} did not converge after {iterations} iterations (estimate {estimate:e} > tolerance {tolerance:e})"
    )]
    NoConvergence {
        /// Method name.
        method: &'static str,
        /// Iterations (refinements) performed.
        iterations: usize,
        /// Last error estimate.
        estimate: f64,
        /// Requested tolerance.
        tolerance: f64,
    },
    /// A potential does not confine towards an infinite end: `∫ e^{−Ψ}`
    /// would diverge there.
    #[error(
        "the potential does not confine towards {direction}: gave up at x = {x} with Ψ rise {rise}"
    )]
    NotConfining {
        /// `"-∞"` or `"+∞"`.
        direction: &'static str,
        /// Last point tried.
        x: f64,
        /// How far `Ψ` had risen above its minimum there.
        rise: f64,
    },
    /// A result exceeds the range of `f64`; its logarithm is still available.
    #[error("`{what}` overflows f64: its natural logarithm is {ln_value}")]
    Overflow {
        /// Which result.
        what: &'static str,
        /// The natural logarithm of the result.
        ln_value: f64,
    },
    /// A matrix that must be symmetric is not.
    #[error("matrix `{what}` is not symmetric: entry ({i},{j}) = {a_ij} but ({j},{i}) = {a_ji}")]
    NotSymmetric {
        /// Which matrix.
        what: &'static str,
        /// Row index.
        i: usize,
        /// Column index.
        j: usize,
        /// Entry (i, j).
        a_ij: f64,
        /// Entry (j, i).
        a_ji: f64,
    },
    /// A matrix that must be positive (semi)definite is not.
    #[error("matrix `{what}` is not positive {kind}: smallest eigenvalue {min_eigenvalue}")]
    NotPositive {
        /// Which matrix.
        what: &'static str,
        /// `"definite"` or `"semidefinite"`.
        kind: &'static str,
        /// Its smallest eigenvalue.
        min_eigenvalue: f64,
    },
    /// A linear system is singular (or numerically so).
    #[error("singular system in `{what}`")]
    Singular {
        /// Which solve.
        what: &'static str,
    },
    /// A critical point does not have the required Morse index.
    #[error(
        "`{what}` should have Morse index {expected} but its Hessian has {found} negative eigenvalues (eigenvalues {eigenvalues:?})"
    )]
    WrongMorseIndex {
        /// Which point.
        what: &'static str,
        /// Required index.
        expected: usize,
        /// Number of negative eigenvalues found.
        found: usize,
        /// The Hessian's eigenvalues, ascending.
        eigenvalues: Vec<f64>,
    },
    /// A point that must be critical has a non-negligible gradient.
    #[error("`{what}` is not a critical point: |∇L| = {gradient_norm:e} > {tolerance:e}")]
    NotCritical {
        /// Which point.
        what: &'static str,
        /// The gradient norm found.
        gradient_norm: f64,
        /// The tolerance.
        tolerance: f64,
    },
    /// An error from the landscape crate.
    #[error(transparent)]
    Landscape(#[from] sgdpde_landscape::LandscapeError),
}

/// Shorthand for results of this crate.
pub type Result<T> = std::result::Result<T, AnalysisError>;

/// Checks that `value` is finite.
pub(crate) fn check_finite(name: &'static str, value: f64) -> Result<f64> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(AnalysisError::InvalidParameter {
            name,
            value,
            constraint: "finite",
        })
    }
}

/// Checks that `value` is finite and strictly positive.
pub(crate) fn check_positive(name: &'static str, value: f64) -> Result<f64> {
    if value.is_finite() && value > 0.0 {
        Ok(value)
    } else {
        Err(AnalysisError::InvalidParameter {
            name,
            value,
            constraint: "finite and > 0",
        })
    }
}

/// Checks that a confidence level lies in (0, 1).
pub(crate) fn check_level(level: f64) -> Result<f64> {
    if level.is_finite() && level > 0.0 && level < 1.0 {
        Ok(level)
    } else {
        Err(AnalysisError::InvalidParameter {
            name: "level",
            value: level,
            constraint: "in (0, 1)",
        })
    }
}

/// Checks that every entry of `data` is finite.
pub(crate) fn check_data(what: &'static str, data: &[f64]) -> Result<()> {
    match data.iter().position(|v| !v.is_finite()) {
        Some(index) => Err(AnalysisError::NonFiniteData {
            what,
            index,
            value: data[index],
        }),
        None => Ok(()),
    }
}
