//! The drivers' chunk-store seam ([`sgdpde_sde::ChunkStore`]) on a results
//! directory: the blocks of a run are the checkpoint files of a
//! [`BlockStore`] (`checkpoints/`, [`crate::output::checkpoint`]), and every
//! finished chunk is reported to a [`Progress`].
//!
//! This is how `simulate`, `exit-time` and `sgd` get `--resume` and a
//! progress bar without a loop of their own: the driver runs the blocks,
//! asks [`FileStore`] for each before computing it, and hands it each block
//! it computed. A command only says how its per-chunk accumulators become a
//! [`Block`] and back (`encode`, `decode`); a stored block that cannot be
//! decoded is recomputed, never trusted.

use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};

use sgdpde_sde::{ChunkStore, StoreError};

use crate::output::atomic::{OutDir, RunId};
use crate::output::checkpoint::{Block, BlockStore};
use crate::output::results::OutOptions;
use crate::progress::Progress;

/// Turns a block's per-chunk accumulators into checkpoint data.
pub type Encode<'a, A> = &'a (dyn Fn(&[A]) -> Block + Sync);
/// The inverse of [`Encode`].
pub type Decode<'a, A> = &'a (dyn Fn(&Block) -> anyhow::Result<Vec<A>> + Sync);

/// A [`ChunkStore`] over checkpoint files (or none: progress only).
pub struct FileStore<'a, A> {
    blocks: Option<&'a BlockStore<'a>>,
    encode: Encode<'a, A>,
    decode: Decode<'a, A>,
    progress: &'a dyn Progress,
    loaded: AtomicU64,
}

impl<'a, A> FileStore<'a, A> {
    /// Blocks kept in `blocks` (none: the run is one block, nothing is
    /// kept), chunks reported to `progress`.
    pub fn new(
        blocks: Option<&'a BlockStore<'a>>,
        encode: Encode<'a, A>,
        decode: Decode<'a, A>,
        progress: &'a dyn Progress,
    ) -> Self {
        Self {
            blocks,
            encode,
            decode,
            progress,
            loaded: AtomicU64::new(0),
        }
    }

    /// How many blocks were loaded from checkpoints instead of computed.
    pub fn loaded(&self) -> usize {
        self.loaded.load(Ordering::Relaxed) as usize
    }

    /// How many blocks a run of `chunk_count` chunks has (0 without
    /// checkpoint files).
    pub fn block_count(&self, chunk_count: u64) -> usize {
        self.blocks.map_or(0, |b| b.blocks(chunk_count).len())
    }
}

impl<A: Send> ChunkStore<A> for FileStore<'_, A> {
    fn chunks_per_block(&self) -> u64 {
        self.blocks.map_or(u64::MAX, BlockStore::chunks_per_block)
    }

    fn load(&self, block: Range<u64>) -> Option<Vec<A>> {
        let accs = (self.decode)(&self.blocks?.load(&block)?).ok()?;
        self.loaded.fetch_add(1, Ordering::Relaxed);
        Some(accs)
    }

    fn save(&self, block: Range<u64>, accs: &[A]) -> Result<(), StoreError> {
        match self.blocks {
            Some(b) => Ok(b.save(&block, &(self.encode)(accs))?),
            None => Ok(()),
        }
    }

    fn chunk_done(&self, _: u64, done: u64, total: u64) {
        self.progress.chunks(done, total);
    }
}

/// `--resume` and `--checkpoint-chunks` of a command whose driver runs
/// through a chunk store (`exit-time`, `sgd`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckpointOptions {
    /// Continue an interrupted run in `out` from its checkpoints.
    pub resume: bool,
    /// Chunks of paths per checkpoint block (a chunk is
    /// [`sgdpde_sde::DEFAULT_CHUNK`] paths).
    pub chunks_per_block: u64,
}

impl Default for CheckpointOptions {
    fn default() -> Self {
        Self {
            resume: false,
            chunks_per_block: 16,
        }
    }
}

impl CheckpointOptions {
    /// A positive block, `resume` only with `out` and not with `force`.
    ///
    /// # Errors
    /// One line naming the offending setting.
    pub fn validate(&self, out: &OutOptions) -> anyhow::Result<()> {
        if self.chunks_per_block == 0 {
            anyhow::bail!("--checkpoint-chunks must be ≥ 1");
        }
        if self.resume && out.out.is_none() {
            anyhow::bail!("--resume needs --out");
        }
        if self.resume && out.force {
            anyhow::bail!("--resume and --force exclude each other");
        }
        Ok(())
    }
}

/// The results directory of a checkpointed run of `command` whose
/// identity is `fingerprint` (none without `--out`): started afresh
/// ([`OutDir::start`], refusing earlier results without `--force`) or, with
/// `--resume`, continued ([`OutDir::resume`], refusing another run's).
///
/// # Errors
/// As [`OutDir::start`] and [`OutDir::resume`].
pub fn open_run(
    out: &OutOptions,
    checkpoints: &CheckpointOptions,
    command: &str,
    fingerprint: &str,
) -> anyhow::Result<Option<OutDir>> {
    let id = RunId {
        command: command.into(),
        fingerprint: fingerprint.into(),
    };
    Ok(match &out.out {
        Some(dir) if checkpoints.resume => Some(OutDir::resume(dir, &id)?),
        Some(dir) => Some(OutDir::start(dir, out.force, &id)?),
        None => None,
    })
}
