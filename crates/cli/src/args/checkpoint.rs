//! `--resume` and `--checkpoint-chunks` of the commands whose runs are
//! checkpointed chunk by chunk (`simulate`, `exit-time`, `sgd`), parsed into
//! the run layer's [`CheckpointOptions`].

use serde::Serialize;
use sgdpde_run::output::chunk_files::CheckpointOptions;

/// The `--resume` and `--checkpoint-chunks` arguments (not part of a run's
/// recorded configuration: they change how it is computed, not what).
#[derive(Debug, Clone, clap::Args, Serialize)]
pub struct CheckpointArgs {
    /// Continue an interrupted run in `--out`: stored chunk blocks of the same
    /// configuration are loaded, the others simulated; same bytes as an
    /// uninterrupted run.
    #[arg(long, requires = "out", conflicts_with = "force")]
    #[serde(skip)]
    pub resume: bool,
    /// Chunks of paths per checkpoint block (a chunk is 256 paths).
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u64).range(1..))]
    #[serde(skip)]
    pub checkpoint_chunks: u64,
}

impl From<&CheckpointArgs> for CheckpointOptions {
    fn from(a: &CheckpointArgs) -> Self {
        Self {
            resume: a.resume,
            chunks_per_block: a.checkpoint_chunks,
        }
    }
}
