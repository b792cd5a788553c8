//! The named experiments, their sizes, and one dispatch from a name to the
//! typed config and run function of each.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::error::{ExperimentError, Result};
use crate::report::Report;

/// How big a run is: `Quick` takes seconds (the default of `sgdpde
/// reproduce`), `Full` minutes (the sizes behind the documented results).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Size {
    /// Seconds per experiment.
    Quick,
    /// Minutes per experiment.
    Full,
}

/// What every experiment module provides: a validated, serialisable config
/// with a quick and a full size, and a run function from config to report.
pub trait ExperimentConfig: Serialize + Sized {
    /// The config of the given size, fully determined by `seed`.
    fn sized(size: Size, seed: u64) -> Self;
    /// Checks every field.
    ///
    /// # Errors
    /// [`ExperimentError::InvalidConfig`] naming the field.
    fn validate(&self) -> Result<()>;
    /// Runs the experiment.
    ///
    /// # Errors
    /// Any numerical failure of the crates it calls, with its location.
    fn run(&self) -> Result<Report>;
}

/// Generates [`ExperimentId`] and its dispatch from `Variant => module`.
macro_rules! registry {
    ($($variant:ident => $module:ident),* $(,)?) => {
        /// The experiments of `shared/math.md` §5 that are implemented.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
        pub enum ExperimentId {
            $(
                #[doc = concat!("See [`crate::", stringify!($module), "`].")]
                $variant,
            )*
        }

        impl ExperimentId {
            /// Every implemented experiment, in report order.
            pub const ALL: &'static [ExperimentId] = &[$(ExperimentId::$variant),*];

            /// The command-line name (`sgdpde run <name>`).
            pub fn name(self) -> &'static str {
                match self { $(ExperimentId::$variant => crate::$module::NAME),* }
            }

            /// One line on what it shows.
            pub fn title(self) -> &'static str {
                match self { $(ExperimentId::$variant => crate::$module::TITLE),* }
            }

            /// The validated config of the given size and seed, as JSON —
            /// what [`Self::run`] would run (used to fingerprint results
            /// before recomputing them).
            ///
            /// # Errors
            /// An invalid config.
            pub fn config(self, size: Size, seed: u64) -> Result<serde_json::Value> {
                match self {
                    $(ExperimentId::$variant => {
                        let cfg = <crate::$module::Config as ExperimentConfig>::sized(size, seed);
                        cfg.validate()?;
                        Ok(serde_json::to_value(&cfg).expect("configs serialise"))
                    })*
                }
            }

            /// Validates and runs the experiment of the given size and seed,
            /// returning the config it ran (as JSON, for the manifest) and
            /// its report.
            ///
            /// # Errors
            /// An invalid config or a numerical failure.
            pub fn run(self, size: Size, seed: u64) -> Result<(serde_json::Value, Report)> {
                match self {
                    $(ExperimentId::$variant => {
                        let cfg = <crate::$module::Config as ExperimentConfig>::sized(size, seed);
                        cfg.validate()?;
                        let report = cfg.run()?;
                        Ok((serde_json::to_value(&cfg).expect("configs serialise"), report))
                    })*
                }
            }
        }
    };
}

registry! {
    Ou => ou,
    Drift => drift,
    Escape => escape,
    Interpolating => interpolating,
    Overparam => overparam,
    Entropy => entropy,
    MassSplitting => mass_splitting,
    NoisySgd => noisy_sgd,
    Hypoelliptic => hypoelliptic,
    SgdVsSde => sgd_vs_sde,
}

impl fmt::Display for ExperimentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ExperimentId {
    type Err = ExperimentError;
    fn from_str(s: &str) -> Result<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|e| e.name() == s)
            .ok_or_else(|| ExperimentError::UnknownExperiment {
                name: s.to_owned(),
                known: Self::ALL
                    .iter()
                    .map(|e| e.name())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }
}
