//! [`BenchError`]: the errors of the benchmark workloads.

use thiserror::Error;

/// Errors of the benchmark set-up and workloads: the library's own errors,
/// passed through, and invalid benchmark settings.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum BenchError {
    /// An error of `sgdpde-sde`.
    #[error(transparent)]
    Sde(#[from] sgdpde_sde::SdeError),
    /// An error of `sgdpde-fokker-planck`.
    #[error(transparent)]
    FokkerPlanck(#[from] sgdpde_fokker_planck::FpError),
    /// An error of `sgdpde-analysis`.
    #[error(transparent)]
    Analysis(#[from] sgdpde_analysis::AnalysisError),
    /// An error of `sgdpde-landscape`.
    #[error(transparent)]
    Landscape(#[from] sgdpde_landscape::LandscapeError),
    /// The size scale `SGDPDE_BENCH_SCALE` is not a number in `(0, 1]`.
    #[error("SGDPDE_BENCH_SCALE = {value:?}: must be a number in (0, 1]")]
    InvalidScale {
        /// The offending value.
        value: String,
    },
    /// A workload produced a result that is not finite (where, and the value).
    #[error("{what}: non-finite result {value}")]
    NonFinite {
        /// The quantity.
        what: &'static str,
        /// The value.
        value: f64,
    },
}

/// Result alias of the benchmark crate.
pub type Result<T> = std::result::Result<T, BenchError>;
