//! The error type of the landscape crate.

use thiserror::Error;

/// Everything that can go wrong when building or analysing a landscape.
///
/// Variants carry the offending values so a caller can report them without
/// re-deriving anything.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum LandscapeError {
    /// A scalar parameter violates its constraint (non-finite, out of range…).
    #[error("invalid parameter `{name}` = {value}: must be {constraint}")]
    InvalidParameter {
        /// Parameter name as documented on the landscape.
        name: &'static str,
        /// The rejected value.
        value: f64,
        /// Human-readable constraint, e.g. "finite and > 0".
        constraint: &'static str,
    },
    /// A vector or matrix has the wrong size.
    #[error("dimension mismatch for `{what}`: expected {expected}, found {found}")]
    DimensionMismatch {
        /// Which argument was mis-sized.
        what: &'static str,
        /// Expected length.
        expected: usize,
        /// Actual length.
        found: usize,
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
    /// A matrix that must be positive semidefinite has a negative eigenvalue.
    #[error("matrix `{what}` is not positive semidefinite: smallest eigenvalue {min_eigenvalue}")]
    NotPositiveSemidefinite {
        /// Which matrix.
        what: &'static str,
        /// Its smallest eigenvalue (negative beyond round-off).
        min_eigenvalue: f64,
    },
    /// A point has a non-finite coordinate.
    #[error("non-finite coordinate {index} = {value} in `{what}`")]
    NonFinitePoint {
        /// Which argument.
        what: &'static str,
        /// Coordinate index.
        index: usize,
        /// The value found.
        value: f64,
    },
    /// No catalogue landscape has this name.
    #[error(
        "unknown landscape `{}` (run `sgdpde landscapes` for the catalogue)",
        crate::excerpt(.name)
    )]
    UnknownLandscape {
        /// The name asked for.
        name: String,
    },
    /// The landscape has no parameter with this name.
    #[error(
        "landscape `{landscape}` has no parameter `{}` (known: {known})",
        crate::excerpt(.name)
    )]
    UnknownParameter {
        /// Landscape name.
        landscape: &'static str,
        /// The parameter asked for.
        name: String,
        /// Comma-separated list of known parameters.
        known: String,
    },
    /// A data set has no samples or no features.
    #[error("data set `{name}` is empty (no samples or no features)")]
    EmptyDataset {
        /// Data set name.
        name: String,
    },
    /// A data set has a non-finite entry (`column == p` is the target).
    #[error("non-finite data at row {row}, column {column}: {value}")]
    NonFiniteData {
        /// Sample index.
        row: usize,
        /// Feature index (`p` for the target).
        column: usize,
        /// The value found.
        value: f64,
    },
    /// A minibatch size is 0, or exceeds `N` when sampling without replacement.
    #[error(
        "invalid batch size {batch} for {n_samples} samples (need 1 ≤ b, and b ≤ N without replacement)"
    )]
    InvalidBatch {
        /// Requested batch size.
        batch: usize,
        /// Number of samples `N`.
        n_samples: usize,
    },
    /// A critical point has a different Morse index than the method needs
    /// (e.g. the endpoints of a minimum-energy path must be minima, the path's
    /// top an index-1 saddle).
    #[error(
        "{what} is not a critical point of index {expected}: it has {found} negative Hessian eigenvalue(s) (smallest |eigenvalue| {smallest_abs_eigenvalue:e}) at {x:?}"
    )]
    UnexpectedIndex {
        /// Which point.
        what: &'static str,
        /// The Morse index required.
        expected: usize,
        /// The number of negative Hessian eigenvalues found.
        found: usize,
        /// Smallest |eigenvalue| (near 0 ⇒ degenerate).
        smallest_abs_eigenvalue: f64,
        /// Where.
        x: Vec<f64>,
    },
    /// An expression could not be parsed (see [`crate::Expr`]).
    #[error(
        "cannot parse expression `{}`: {message} at character {position} (`{}`)",
        crate::excerpt_at(.text, *.position),
        crate::excerpt(.found)
    )]
    ExprParse {
        /// The whole expression text.
        text: String,
        /// 1-based character position of the offending token.
        position: usize,
        /// The offending token (empty at the end of the text).
        found: String,
        /// What was expected or what is wrong.
        message: String,
    },
    /// An expression names a variable that is neither a declared variable nor
    /// a parameter.
    #[error(
        "unknown variable `{}` in expression `{}` (known: {})",
        crate::excerpt(.name),
        crate::excerpt(.text),
        crate::excerpt(.known)
    )]
    UnknownVariable {
        /// The unknown name.
        name: String,
        /// The whole expression text.
        text: String,
        /// Comma-separated list of the names the expression may use.
        known: String,
    },
    /// An expression (or one of its derivatives) exceeds the size limits of
    /// the compiled evaluator.
    #[error(
        "expression `{}` is too complex: {what} {found} exceeds the limit {limit}",
        crate::excerpt(.text)
    )]
    ExprTooComplex {
        /// The expression text (its first characters, [`crate::excerpt`],
        /// when it is longer than the length limit).
        text: String,
        /// Which limit (nesting depth, operation count, stack depth).
        what: &'static str,
        /// The size found.
        found: usize,
        /// The limit.
        limit: usize,
    },
    /// A named parameter or variable declaration of an expression is invalid
    /// (non-finite value, duplicate or malformed name).
    #[error(
        "invalid name or parameter `{}`: {reason}{}",
        crate::excerpt(.name),
        value_note(*.value)
    )]
    InvalidSymbol {
        /// The name.
        name: String,
        /// Its value (NaN for variables, which carry none).
        value: f64,
        /// What is wrong.
        reason: &'static str,
    },
    /// An iteration produced a non-finite value.
    #[error("{method} produced a non-finite value {value} at step {step}")]
    NumericalBlowUp {
        /// Method name.
        method: &'static str,
        /// Step (iteration) index at which it happened.
        step: usize,
        /// The offending value (loss or gradient norm).
        value: f64,
    },
    /// A critical point was located (the gradient vanishes there) but the
    /// value or the Hessian is not finite at it — the landscape overflows
    /// there (e.g. parameters so large that `L` or `∇²L` exceed `f64`), so
    /// the point cannot be classified.
    #[error(
        "the critical point at x = {x:?} cannot be classified: L = {value}, Hessian eigenvalues \
         {eigenvalues:?} are not all finite (the landscape overflows there; are its parameters too large?)"
    )]
    NonFiniteCurvature {
        /// Where.
        x: Vec<f64>,
        /// `L(x)`.
        value: f64,
        /// The Hessian eigenvalues computed there.
        eigenvalues: Vec<f64>,
    },
    /// An iterative method did not converge.
    #[error("{method} did not converge after {iterations} iterations (residual {residual:e})")]
    NoConvergence {
        /// Method name.
        method: &'static str,
        /// Iterations performed.
        iterations: usize,
        /// Final residual (e.g. gradient norm).
        residual: f64,
    },
}

/// ` (value v)` for a parameter's value, nothing for a variable (NaN).
fn value_note(value: f64) -> String {
    if value.is_nan() {
        String::new()
    } else {
        format!(" (value {value})")
    }
}

/// Shorthand for results of this crate.
pub type Result<T> = std::result::Result<T, LandscapeError>;

/// Checks that `value` is finite, returning a typed error otherwise.
pub(crate) fn check_finite(name: &'static str, value: f64) -> Result<f64> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(LandscapeError::InvalidParameter {
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
        Err(LandscapeError::InvalidParameter {
            name,
            value,
            constraint: "finite and > 0",
        })
    }
}

/// Checks that every coordinate of `x` is finite and that it has length `dim`.
pub fn check_point(what: &'static str, x: &[f64], dim: usize) -> Result<()> {
    if x.len() != dim {
        return Err(LandscapeError::DimensionMismatch {
            what,
            expected: dim,
            found: x.len(),
        });
    }
    match x.iter().position(|v| !v.is_finite()) {
        Some(index) => Err(LandscapeError::NonFinitePoint {
            what,
            index,
            value: x[index],
        }),
        None => Ok(()),
    }
}
