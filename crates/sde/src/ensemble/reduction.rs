//! The streaming-reduction seam: what an ensemble computes from the states it
//! visits, without storing paths.
//!
//! The driver gives every chunk of paths a fresh accumulator
//! ([`Reduction::init`]), feeds it the state of each path of the chunk at each
//! snapshot time ([`Reduction::observe`], paths in increasing index order),
//! then merges the chunk accumulators **in chunk index order**
//! ([`Reduction::merge`]). Chunk boundaries depend only on the chunk size,
//! never on the thread count, so the sequence of floating-point operations —
//! hence the result, to the bit — is the same for any number of threads
//! (`proofs-notes/ensembles.md`).

use crate::error::Result;

/// A mergeable streaming statistic of ensemble states.
///
/// Implement it to compute anything from snapshots; tuples of reductions are
/// reductions (their accumulators are tuples), so several statistics are
/// gathered in one pass.
pub trait Reduction: Sync {
    /// Per-chunk accumulator (and the final result).
    type Acc: Send;

    /// Checks the reduction against the state dimension and the number of
    /// snapshots before anything runs.
    ///
    /// # Errors
    /// [`crate::SdeError::DimensionMismatch`] (or another typed error) if the
    /// reduction cannot observe states of dimension `dim` at `snapshots`
    /// snapshot times.
    fn check(&self, dim: usize, snapshots: usize) -> Result<()>;

    /// An empty accumulator.
    fn init(&self) -> Self::Acc;

    /// Adds the state `x` of path `path` at snapshot number `snapshot`.
    fn observe(&self, acc: &mut Self::Acc, snapshot: usize, path: u64, x: &[f64]);

    /// Appends `later` (the accumulator of the following chunk) to `acc`.
    fn merge(&self, acc: &mut Self::Acc, later: Self::Acc);
}

macro_rules! tuple_reduction {
    ($($r:ident $i:tt),+) => {
        impl<$($r: Reduction),+> Reduction for ($($r,)+) {
            type Acc = ($($r::Acc,)+);
            fn check(&self, dim: usize, snapshots: usize) -> Result<()> {
                $(self.$i.check(dim, snapshots)?;)+
                Ok(())
            }
            fn init(&self) -> Self::Acc {
                ($(self.$i.init(),)+)
            }
            #[inline]
            fn observe(&self, acc: &mut Self::Acc, snapshot: usize, path: u64, x: &[f64]) {
                $(self.$i.observe(&mut acc.$i, snapshot, path, x);)+
            }
            fn merge(&self, acc: &mut Self::Acc, later: Self::Acc) {
                $(self.$i.merge(&mut acc.$i, later.$i);)+
            }
        }
    };
}

tuple_reduction!(A 0);
tuple_reduction!(A 0, B 1);
tuple_reduction!(A 0, B 1, C 2);
tuple_reduction!(A 0, B 1, C 2, D 3);
