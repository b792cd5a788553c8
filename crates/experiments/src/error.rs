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
    #[error("unknown experiment `{}` (known: {known})", sgdpde_landscape::excerpt(.name))]
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

/// Whether `v` is finite and strictly positive.
pub(crate) fn positive(v: f64) -> bool {
    v.is_finite() && v > 0.0
}

/// Whether `t` is a whole multiple of `h` (to 1e-9 relative).
pub(crate) fn on_grid(t: f64, h: f64) -> bool {
    ((t / h).round() * h - t).abs() <= 1e-9 * t.max(h)
}

/// Checks a snapshot grid: `snapshot_every` a positive whole multiple of
/// `dt`, and `t_end` a positive whole multiple of `snapshot_every` (to
/// 1e-9 relative), so every snapshot lies on the time grid `k·dt`.
///
/// # Errors
/// [`ExperimentError::InvalidConfig`] naming `snapshot_every` or `t_end`.
pub(crate) fn ensure_snapshot_grid(dt: f64, snapshot_every: f64, t_end: f64) -> Result<()> {
    ensure(
        positive(snapshot_every) && on_grid(snapshot_every, dt),
        "snapshot_every",
        snapshot_every,
        "> 0 and a whole multiple of dt",
    )?;
    ensure(
        positive(t_end) && on_grid(t_end, snapshot_every),
        "t_end",
        t_end,
        "> 0 and a whole multiple of snapshot_every",
    )
}
