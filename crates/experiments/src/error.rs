//! The error type of the experiments crate.

use thiserror::Error;

/// What can go wrong configuring or running an experiment.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum ExperimentError {
    /// A configuration field is out of range.
    #[error("invalid config field `{field}` = {value}: {reason}")]
    InvalidConfig {
        /// Field name.
        field: &'static str,
        /// Offending value, as written.
        value: String,
        /// What it must satisfy.
        reason: &'static str,
    },
    /// No experiment has this name.
    #[error("unknown experiment `{name}` (known: {known})")]
    UnknownExperiment {
        /// The name asked for.
        name: String,
        /// Known names, comma-separated.
        known: String,
    },
    /// From the landscape crate.
    #[error(transparent)]
    Landscape(#[from] sgdpde_landscape::LandscapeError),
    /// From the SDE crate.
    #[error(transparent)]
    Sde(#[from] sgdpde_sde::SdeError),
    /// From the Fokker–Planck crate.
    #[error(transparent)]
    FokkerPlanck(#[from] sgdpde_fokker_planck::FpError),
    /// From the analysis crate.
    #[error(transparent)]
    Analysis(#[from] sgdpde_analysis::AnalysisError),
}

/// Shorthand for results of this crate.
pub type Result<T> = std::result::Result<T, ExperimentError>;

/// Checks a config field, returning [`ExperimentError::InvalidConfig`] otherwise.
pub fn ensure(
    ok: bool,
    field: &'static str,
    value: impl std::fmt::Display,
    reason: &'static str,
) -> Result<()> {
    if ok {
        Ok(())
    } else {
        Err(ExperimentError::InvalidConfig {
            field,
            value: value.to_string(),
            reason,
        })
    }
}
