//! A [`ChunkStore`] in memory: blocks kept in a map, progress counted —
//! for tests, and for callers that checkpoint by other means.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::ensemble::chunk_store::{ChunkStore, StoreError};

/// Blocks of per-chunk accumulators kept in memory, keyed by chunk range.
///
/// # Examples
/// A run saves every block; a second run with the same store loads them
/// all and gives the same bits.
/// ```
/// use sgdpde_landscape::Quadratic;
/// use sgdpde_sde::{Ensemble, EulerMaruyama, MemoryStore, Moments, SdeModel, Temperature};
/// let ou = SdeModel::langevin(Quadratic::diagonal(&[0.0], vec![1.0])?, Temperature::epsilon(1.0)?)?;
/// let e = Ensemble::new(1000, 0.01, 1.0, 3)?.with_chunk_size(100)?;
/// let store = MemoryStore::new(3); // blocks of 3 chunks: 0..3, 3..6, 6..9, 9..10
/// let first = e.run_stored(&ou, &EulerMaruyama, &[1.0], &Moments::new(1), &store)?;
/// assert_eq!(store.blocks(), vec![0..3, 3..6, 6..9, 9..10]);
/// let again = e.run_stored(&ou, &EulerMaruyama, &[1.0], &Moments::new(1), &store)?;
/// assert_eq!((first, store.loaded()), (again, 4));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct MemoryStore<A> {
    chunks_per_block: u64,
    blocks: Mutex<BTreeMap<(u64, u64), Vec<A>>>,
    loaded: AtomicU64,
    done: Mutex<Vec<u64>>,
}

impl<A> MemoryStore<A> {
    /// An empty store with blocks of `chunks_per_block` chunks (0 is taken
    /// as 1).
    pub fn new(chunks_per_block: u64) -> Self {
        Self {
            chunks_per_block: chunks_per_block.max(1),
            blocks: Mutex::new(BTreeMap::new()),
            loaded: AtomicU64::new(0),
            done: Mutex::new(Vec::new()),
        }
    }

    /// The stored blocks, in chunk order.
    pub fn blocks(&self) -> Vec<Range<u64>> {
        lock(&self.blocks).keys().map(|&(a, b)| a..b).collect()
    }

    /// Forgets block `block` (it will be recomputed); whether it was stored.
    pub fn remove(&self, block: Range<u64>) -> bool {
        lock(&self.blocks)
            .remove(&(block.start, block.end))
            .is_some()
    }

    /// Stores `accs` as block `block` (as a run would have saved them).
    pub fn insert(&self, block: Range<u64>, accs: Vec<A>) {
        lock(&self.blocks).insert((block.start, block.end), accs);
    }

    /// How many blocks runs have loaded from this store.
    pub fn loaded(&self) -> u64 {
        self.loaded.load(Ordering::Relaxed)
    }

    /// Every chunk reported finished ([`ChunkStore::chunk_done`]), in the
    /// order reported; [`MemoryStore::take_done`] clears the list.
    pub fn take_done(&self) -> Vec<u64> {
        std::mem::take(&mut *lock(&self.done))
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl<A: Clone + Send> ChunkStore<A> for MemoryStore<A> {
    fn chunks_per_block(&self) -> u64 {
        self.chunks_per_block
    }

    fn load(&self, block: Range<u64>) -> Option<Vec<A>> {
        let found = lock(&self.blocks).get(&(block.start, block.end)).cloned();
        if found.is_some() {
            self.loaded.fetch_add(1, Ordering::Relaxed);
        }
        found
    }

    fn save(&self, block: Range<u64>, accs: &[A]) -> Result<(), StoreError> {
        self.insert(block, accs.to_vec());
        Ok(())
    }

    fn chunk_done(&self, chunk: u64, _done: u64, _total: u64) {
        lock(&self.done).push(chunk);
    }
}
