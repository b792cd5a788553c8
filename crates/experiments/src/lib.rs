//! The paper's experiments as data: a validated config in, a serialisable
//! [`Report`] out — tables, figures as data, and [`Verdict`]s that hold each
//! measurement against the theory it checks. No printing, plotting or files
//! here: the `sgdpde` binary renders reports (`sgdpde run`, `sgdpde
//! reproduce`).
//!
//! Every experiment module has `NAME`, `TITLE`, a `Config` implementing
//! [`ExperimentConfig`] (quick and full sizes, fully determined by the seed)
//! and is listed in [`ExperimentId`].

pub mod drift;
pub mod entropy;
mod error;
pub mod escape;
mod field;
pub mod hypoelliptic;
pub mod interpolating;
pub mod mass_splitting;
pub mod noisy_sgd;
pub mod ou;
pub mod overparam;
mod registry;
mod report;
pub mod sgd_vs_sde;
mod verdict;

pub use error::{ExperimentError, Result, ensure};
pub use field::{Field, critical_points};
pub use registry::{ExperimentConfig, ExperimentId, Size};
pub use report::{Figure, Report, Series, SeriesStyle, Table, round_sig};
pub use verdict::{Criterion, Verdict};
