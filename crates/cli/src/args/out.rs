//! `--out DIR` and `--force` of the one-shot commands (`exit-time`,
//! `fokker-planck`, `sgd`), parsed into the run layer's
//! [`OutOptions`].

use std::path::PathBuf;

use serde::Serialize;
use sgdpde_run::output::results::OutOptions;

/// The `--out` and `--force` arguments (not part of a run's recorded
/// configuration: they say where it goes, not what it computes).
#[derive(Debug, Clone, clap::Args, Serialize)]
pub struct OutArgs {
    /// Write summary.json, arrays (.npy) and manifest.json into this directory.
    #[arg(long)]
    #[serde(skip)]
    pub out: Option<PathBuf>,
    /// Overwrite existing results in `--out`; `exit-time` and `sgd` also
    /// run beyond the one-day work budget.
    #[arg(long)]
    #[serde(skip)]
    pub force: bool,
}

impl From<&OutArgs> for OutOptions {
    fn from(a: &OutArgs) -> Self {
        Self {
            out: a.out.clone(),
            force: a.force,
        }
    }
}
