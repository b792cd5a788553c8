//! Progress of a long run, as the drivers report it.
//!
//! The ensemble and exit-time drivers tell their chunk store about every
//! finished chunk ([`sgdpde_sde::ChunkStore::chunk_done`]); the run layer's
//! store ([`crate::output::chunk_files::FileStore`]) passes that on to a
//! [`Progress`], which the CLI draws as a bar. The numerics never wait for
//! it and its calls change no result.

/// Whom a run tells how far it is.
pub trait Progress: Sync {
    /// `done` of the run's `total` chunks are finished (loaded from a
    /// checkpoint or computed). Called once per chunk, from any worker
    /// thread, in no particular order; `done` counts up to `total`.
    fn chunks(&self, done: u64, total: u64);
}

/// No progress is shown.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {
    #[inline]
    fn chunks(&self, _: u64, _: u64) {}
}
