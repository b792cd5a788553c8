//! The error type of the problem crate: every variant names the file, the
//! field and the offending text or value, and displays on one line.

use thiserror::Error;

/// Everything that can be wrong with a problem file.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum ProblemError {
    /// The file cannot be read (missing, not UTF-8, …).
    #[error("{file}: cannot read the problem file: {message}")]
    Io {
        /// The file.
        file: String,
        /// The system's message.
        message: String,
    },
    /// The file is larger than [`crate::MAX_FILE_BYTES`].
    #[error("{file}: the problem file has more than {limit} bytes (found {found}{}); a problem file is a few lines of TOML", if *.at_least { " or more" } else { "" })]
    TooLarge {
        /// The file.
        file: String,
        /// Bytes read (the reader stops one past the limit).
        found: usize,
        /// Whether the file may be larger than `found`.
        at_least: bool,
        /// The limit in bytes.
        limit: usize,
    },
    /// The text is not valid TOML.
    #[error("{file}:{line}:{column}: TOML syntax error: {message}")]
    Syntax {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column (characters).
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// Valid TOML that does not fit the schema: a missing field, an unknown
    /// field, a value of the wrong type.
    #[error("{file}:{line}:{column}: field `{field}`: {message}")]
    Schema {
        /// The file.
        file: String,
        /// 1-based line of the offending key or value.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The field (`sde.drift`, `x0`, …).
        field: String,
        /// What is wrong.
        message: String,
    },
    /// An expression does not parse, names an unknown variable or is too
    /// complex.
    #[error("{file}: field `{field}`: {message}")]
    Expression {
        /// The file.
        file: String,
        /// The field (`landscape.L`, `sde.diffusion[1][0]`, …).
        field: String,
        /// The message (on one line).
        message: String,
        /// The underlying error (boxed: it is large and rare; not a
        /// `source()`, since `message` already says everything it says).
        error: Box<sgdpde_landscape::LandscapeError>,
    },
    /// A list has the wrong length (drift vs state, diffusion not d × m, …).
    #[error("{file}: field `{field}`: expected {expected} {what}, found {found}")]
    Dimension {
        /// The file.
        file: String,
        /// The field.
        field: String,
        /// What is counted.
        what: &'static str,
        /// The length required.
        expected: usize,
        /// The length found.
        found: usize,
    },
    /// A number (parameter, start, time) is NaN or infinite.
    #[error("{file}: field `{field}`: {value} is not finite")]
    NonFinite {
        /// The file.
        file: String,
        /// The field (`parameters.c`, `x0[1]`, …).
        field: String,
        /// The value.
        value: f64,
    },
    /// An `[exact]` expression evaluates to NaN or ±∞ where it is used.
    #[error(
        "{file}: field `{field}` evaluates to {value} at t = {t}, x0 = {x0:?}: an exact answer \
         must be a finite number (is the expression defined there, e.g. no sqrt or log of a \
         negative number?)"
    )]
    NonFiniteExact {
        /// The file.
        file: String,
        /// The field (`exact.mean[0]`, …).
        field: String,
        /// The value.
        value: f64,
        /// The time it was evaluated at.
        t: f64,
        /// The start it was evaluated from.
        x0: Vec<f64>,
    },
    /// Any other invalid value (a bad name, both `[landscape]` and `[sde]`,
    /// a non-positive `t_end`, …).
    #[error("{file}: field `{field}`: {message}")]
    Invalid {
        /// The file.
        file: String,
        /// The field.
        field: String,
        /// What is wrong (on one line).
        message: String,
    },
}

impl ProblemError {
    /// The field the error is about, when it is about one.
    pub fn field(&self) -> Option<&str> {
        match self {
            Self::Io { .. } | Self::TooLarge { .. } | Self::Syntax { .. } => None,
            Self::Schema { field, .. }
            | Self::Expression { field, .. }
            | Self::Dimension { field, .. }
            | Self::NonFinite { field, .. }
            | Self::NonFiniteExact { field, .. }
            | Self::Invalid { field, .. } => Some(field),
        }
    }
}

/// Shorthand for results of this crate.
pub type Result<T> = std::result::Result<T, ProblemError>;

/// `s` with every control character (newlines of multi-line TOML strings)
/// replaced by a space, so messages stay on one line.
pub(crate) fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}
