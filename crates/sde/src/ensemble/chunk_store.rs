//! The chunk-store seam: checkpoint/resume and progress for the ensemble
//! and exit-time drivers, without a loop of the caller's own.
//!
//! A run's chunks (fixed size, independent of the thread count) are grouped
//! in blocks on a fixed grid: block `b` holds the chunks
//! `b·K .. min((b + 1)·K, chunk_count)` for `K =`
//! [`ChunkStore::chunks_per_block`]. The driver runs the blocks in order;
//! before a block it asks [`ChunkStore::load`] for the block's per-chunk
//! accumulators (a resumed run), otherwise it computes the block's chunks
//! in parallel and hands them to [`ChunkStore::save`]. It then merges all
//! chunk accumulators in chunk order — the same left fold as a run without
//! a store, hence the same bits, however many blocks were loaded
//! (`proofs-notes/resumable-runs.md`). [`ChunkStore::chunk_done`] sees
//! every chunk of the run exactly once, loaded or computed.

use std::ops::Range;

/// The error a store's `save` reports (the driver wraps it in
/// [`crate::SdeError::ChunkStore`] with the block).
pub type StoreError = Box<dyn std::error::Error + Send + Sync>;

/// Where a driver keeps and finds the per-chunk accumulators `A` of a run,
/// block by block, and whom it tells about finished chunks.
///
/// Every method takes `&self`: [`ChunkStore::chunk_done`] is called from
/// the worker threads as chunks finish (use atomics or a lock inside).
pub trait ChunkStore<A>: Sync {
    /// Chunks per block (≥ 1; `u64::MAX`: the whole run is one block).
    fn chunks_per_block(&self) -> u64;

    /// The stored accumulators of the chunks `block`, in chunk order, if
    /// this store has them (a resumed run); `None` to compute the block. A
    /// vector of another length than the block is ignored (recomputed).
    fn load(&self, block: Range<u64>) -> Option<Vec<A>>;

    /// Keeps the accumulators of the chunks `block`, in chunk order, just
    /// computed.
    ///
    /// # Errors
    /// Whatever keeping them failed with; the run stops with
    /// [`crate::SdeError::ChunkStore`].
    fn save(&self, block: Range<u64>, accs: &[A]) -> Result<(), StoreError>;

    /// Chunk `chunk` is finished (computed, or loaded with its block):
    /// `done` of the run's `total` chunks are. Called once per chunk, from
    /// any thread, in no particular order; `done` counts up to `total`.
    #[inline]
    fn chunk_done(&self, chunk: u64, done: u64, total: u64) {
        let _ = (chunk, done, total);
    }
}

/// No checkpoints, no progress: the whole run is one block, computed.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoStore;

impl<A> ChunkStore<A> for NoStore {
    fn chunks_per_block(&self) -> u64 {
        u64::MAX
    }
    fn load(&self, _: Range<u64>) -> Option<Vec<A>> {
        None
    }
    fn save(&self, _: Range<u64>, _: &[A]) -> Result<(), StoreError> {
        Ok(())
    }
}

/// The blocks of `store`'s grid over all chunks `0..chunk_count`, cut to
/// `chunks` (a block of the grid that `chunks` cuts is cut too).
pub(crate) fn blocks(chunks: Range<u64>, chunks_per_block: u64) -> Vec<Range<u64>> {
    let k = chunks_per_block.max(1);
    let mut out = Vec::new();
    let mut start = chunks.start;
    while start < chunks.end {
        let end = (start / k)
            .saturating_add(1)
            .saturating_mul(k)
            .min(chunks.end);
        out.push(start..end);
        start = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::blocks;

    #[test]
    fn blocks_follow_the_fixed_grid() {
        assert_eq!(blocks(0..10, 4), vec![0..4, 4..8, 8..10]);
        assert_eq!(blocks(3..10, 4), vec![3..4, 4..8, 8..10]);
        assert_eq!(blocks(0..10, u64::MAX), vec![0..10]);
        assert_eq!(blocks(5..5, 4), Vec::<std::ops::Range<u64>>::new());
        assert_eq!(blocks(0..3, 1), vec![0..1, 1..2, 2..3]);
    }
}
