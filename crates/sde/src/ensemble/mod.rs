//! Reproducible parallel ensembles with streaming reductions.
//!
//! An [`Ensemble`] runs `n` paths of an SDE with an [`Integrator`] on the grid
//! `t_k = k·dt`, `k = 0..=steps`:
//!
//! * path `i` draws its increments from its own stream
//!   ([`crate::path_rng`]`(seed, i)`), so its trajectory does not depend on
//!   how many other paths run;
//! * paths are simulated path-major (one path to the end, O(1) memory);
//! * paths are grouped in chunks of a fixed size (default
//!   [`DEFAULT_CHUNK`], independent of the thread count); rayon runs chunks in
//!   parallel, each feeding its own accumulator, and the accumulators are
//!   merged in chunk order — so results are bitwise identical for any number
//!   of threads;
//! * a non-finite state stops that path and the run returns
//!   [`SdeError::NonFinite`] with the smallest failing path index — never a
//!   silently averaged NaN.
//!
//! The reductions ([`Moments`], [`Histogram`], [`SetMass`],
//! [`TerminalStates`], [`SamplePaths`], tuples of them, or your own
//! [`Reduction`]) observe the state at requested snapshot times.
//! Derivations: `proofs-notes/ensembles.md`.

mod chunk_store;
mod histogram;
mod memory_store;
mod moments;
pub(crate) mod process;
mod reduction;
pub(crate) mod schedule;
mod sde_process;
mod set_mass;
mod stepper;
mod storage;

pub use chunk_store::{ChunkStore, NoStore, StoreError};
pub use histogram::{Coordinate, Histogram, HistogramCounts, Projection};
pub use memory_store::MemoryStore;
pub use moments::{MomentAcc, Moments};
pub use reduction::Reduction;
pub use set_mass::{SetCounts, SetMass};
pub use storage::{SamplePaths, TerminalStates};

use crate::error::{Result, SdeError};
use crate::method::Integrator;
use crate::model::Sde;
use crate::stream::StreamFactory;
use process::{PathProcess, PathRunner};
pub(crate) use sde_process::SdeProcess;

/// Default number of paths per chunk: large enough that per-chunk overhead
/// (buffers, accumulator, merge) is negligible, small enough to balance
/// 10⁴-path runs over 8 threads.
pub const DEFAULT_CHUNK: u64 = 256;

/// Relative tolerance for a time to lie on the grid `k·dt` (a few ulps of
/// `k` for any realistic step count).
const GRID_REL_TOL: f64 = 1e-9;

/// The step count `t/dt` of a loop on the grid `k·dt` to the horizon `t`
/// (named `what` in errors).
///
/// # Errors
/// [`SdeError::InvalidParameter`] for a non-finite or negative `t` or one
/// off the grid; [`SdeError::Limit`] for `t < dt` (no step) or more than
/// [`crate::MAX_STEPS`] steps ([`crate::limits::check_steps`]).
pub fn steps_on_grid(what: &'static str, t: f64, dt: f64) -> Result<u64> {
    if !(t.is_finite() && t >= 0.0) {
        return Err(SdeError::InvalidParameter {
            name: what,
            value: t,
            constraint: "finite and ≥ 0",
        });
    }
    // Shorter than one step (beyond the grid tolerance): no step.
    let k = if t < dt * (1.0 - GRID_REL_TOL) {
        0.0
    } else {
        (t / dt).round()
    };
    let k = crate::limits::check_steps(what, t, dt, k)?;
    if (k as f64 * dt - t).abs() > GRID_REL_TOL * t.max(dt) {
        return Err(SdeError::InvalidParameter {
            name: what,
            value: t,
            constraint: "a whole multiple of dt",
        });
    }
    Ok(k)
}

/// A snapshot time's grid index: [`steps_on_grid`] but `t = 0` (the start)
/// is index 0.
fn snapshot_index(t: f64, dt: f64) -> Result<u64> {
    if t == 0.0 {
        return Ok(0);
    }
    steps_on_grid("snapshot time", t, dt)
}

/// Checks the parameters shared by ensembles and exit-time runs: at
/// least one path and a finite `dt > 0`.
///
/// # Errors
/// [`SdeError::InvalidParameter`] naming `paths` or `dt`.
pub fn check_run(paths: u64, dt: f64) -> Result<()> {
    if paths == 0 {
        return Err(SdeError::InvalidParameter {
            name: "paths",
            value: 0.0,
            constraint: "≥ 1",
        });
    }
    if !(dt.is_finite() && dt > 0.0) {
        return Err(SdeError::InvalidParameter {
            name: "dt",
            value: dt,
            constraint: "finite and > 0",
        });
    }
    Ok(())
}

/// A validated ensemble run: number of paths, step, horizon, master seed,
/// chunk size and snapshot times.
///
/// # Examples
/// Brownian motion `dX = dW` (Langevin dynamics on a flat landscape at
/// `ε = 1`): the terminal variance is `t = 1`.
/// ```
/// use sgdpde_landscape::Quadratic;
/// use sgdpde_sde::{Ensemble, EulerMaruyama, Moments, SdeModel, Temperature};
/// let flat = Quadratic::diagonal(&[0.0], vec![0.0])?;
/// let bm = SdeModel::langevin(flat, Temperature::epsilon(1.0)?)?;
/// let run = Ensemble::new(10_000, 0.01, 1.0, 7)?;
/// let m = run.run(&bm, &EulerMaruyama, &[0.0], &Moments::new(1))?;
/// let var = m[0].covariance().unwrap()[0];
/// // SE of the sample variance of N(0, 1): √(2/n) ≈ 0.014; 5 SE.
/// assert!((var - 1.0).abs() < 5.0 * (2.0f64 / 1e4).sqrt());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Ensemble {
    paths: u64,
    dt: f64,
    steps: u64,
    seed: u64,
    chunk: u64,
    /// Snapshot grid indices, strictly increasing, the last equal to `steps`.
    snapshots: Vec<u64>,
}

impl Ensemble {
    /// `paths` paths from `t = 0` to `t_end` with step `dt` and master seed
    /// `seed`; one snapshot, at `t_end`.
    ///
    /// # Errors
    /// [`SdeError::InvalidParameter`] if `paths = 0`, `dt` is not finite and
    /// positive, or `t_end` is not a (non-negative) whole multiple of `dt`.
    pub fn new(paths: u64, dt: f64, t_end: f64, seed: u64) -> Result<Self> {
        check_run(paths, dt)?;
        let steps = steps_on_grid("t_end", t_end, dt)?;
        Ok(Self {
            paths,
            dt,
            steps,
            seed,
            chunk: DEFAULT_CHUNK,
            snapshots: vec![steps],
        })
    }

    /// Observes the ensemble at `times` (increasing, on the grid, within
    /// `[0, t_end]`) instead of only at `t_end`.
    ///
    /// # Errors
    /// [`SdeError::InvalidParameter`] for an empty list, a time off the grid,
    /// beyond `t_end`, or not strictly after the previous one.
    pub fn with_snapshots(mut self, times: &[f64]) -> Result<Self> {
        if times.is_empty() {
            return Err(SdeError::InvalidParameter {
                name: "snapshot count",
                value: 0.0,
                constraint: "≥ 1",
            });
        }
        let mut snaps = Vec::with_capacity(times.len());
        for &t in times {
            let k = snapshot_index(t, self.dt)?;
            if k > self.steps || snaps.last().is_some_and(|&p| k <= p) {
                return Err(SdeError::InvalidParameter {
                    name: "snapshot time",
                    value: t,
                    constraint: "strictly increasing and ≤ t_end",
                });
            }
            snaps.push(k);
        }
        self.snapshots = snaps;
        Ok(self)
    }

    /// Uses chunks of `chunk` paths (results depend on the chunk size only
    /// through the floating-point order of merges, never on threads).
    ///
    /// # Errors
    /// [`SdeError::InvalidParameter`] if `chunk = 0`.
    pub fn with_chunk_size(mut self, chunk: u64) -> Result<Self> {
        if chunk == 0 {
            return Err(SdeError::InvalidParameter {
                name: "chunk",
                value: 0.0,
                constraint: "≥ 1",
            });
        }
        self.chunk = chunk;
        Ok(self)
    }

    /// Number of paths.
    pub fn paths(&self) -> u64 {
        self.paths
    }

    /// Step size.
    pub fn dt(&self) -> f64 {
        self.dt
    }

    /// Number of steps to `t_end`.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// Master seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The snapshot times `k·dt`.
    pub fn snapshot_times(&self) -> Vec<f64> {
        self.snapshots.iter().map(|&k| k as f64 * self.dt).collect()
    }

    /// Runs the ensemble from `x0` and returns the merged accumulator of
    /// `reduction` (snapshot `s` at [`Self::snapshot_times`]`[s]`).
    ///
    /// Parallel in the current rayon pool (use `ThreadPool::install` to
    /// choose the thread count; the result does not depend on it).
    ///
    /// # Errors
    /// * [`SdeError::DimensionMismatch`] if `x0` or the reduction does not
    ///   fit the model; [`SdeError::InvalidParameter`] for a non-finite `x0`;
    ///   [`SdeError::IncompatibleNoise`] if the integrator's orders need a
    ///   noise class the model does not declare.
    /// * [`SdeError::NonFinite`] if a path blows up: the smallest failing path
    ///   index, with the step and time where it happened.
    pub fn run<S, I, R>(&self, sde: &S, integrator: &I, x0: &[f64], reduction: &R) -> Result<R::Acc>
    where
        S: Sde,
        I: Integrator<S>,
        R: Reduction,
    {
        self.run_process(&SdeProcess { sde, integrator }, x0, reduction, &NoStore)
    }

    /// [`Ensemble::run`] with checkpoints and progress: the chunks run block
    /// by block on `store`'s grid, each block loaded from `store` if it has
    /// it, otherwise computed and saved ([`ChunkStore`]); `store` sees every
    /// chunk finish once. The result is bitwise [`Ensemble::run`]'s however
    /// many blocks were loaded (the same per-chunk accumulators, merged in
    /// the same order).
    ///
    /// # Errors
    /// As [`Ensemble::run`] (the smallest failing path of the first failing
    /// block; later blocks are not run), and [`SdeError::ChunkStore`] if
    /// the store cannot save a block.
    pub fn run_stored<S, I, R>(
        &self,
        sde: &S,
        integrator: &I,
        x0: &[f64],
        reduction: &R,
        store: &dyn ChunkStore<R::Acc>,
    ) -> Result<R::Acc>
    where
        S: Sde,
        I: Integrator<S>,
        R: Reduction,
    {
        self.run_process(&SdeProcess { sde, integrator }, x0, reduction, store)
    }

    /// Chunk size (paths per chunk; the last chunk may be shorter).
    pub fn chunk_size(&self) -> u64 {
        self.chunk
    }

    /// Number of chunks, `⌈paths / chunk⌉`: chunk `c` holds the paths
    /// `c·chunk .. min((c + 1)·chunk, paths)`.
    pub fn chunk_count(&self) -> u64 {
        self.paths.div_ceil(self.chunk)
    }

    /// Runs only the chunks with indices in `chunks` and returns their
    /// accumulators, unmerged, in chunk order — the unit of a checkpoint.
    ///
    /// Each chunk's accumulator is exactly the one [`Ensemble::run`] builds
    /// for that chunk (same paths, same streams, same order of
    /// observations), so merging the accumulators of all chunks in chunk
    /// order with [`Ensemble::merge_chunks`] reproduces [`Ensemble::run`]
    /// to the bit, however the chunks were split between calls, processes
    /// or thread counts (`proofs-notes/resumable-runs.md`).
    ///
    /// # Errors
    /// As [`Ensemble::run`] (the smallest failing path index of the chunks
    /// run), and [`SdeError::InvalidParameter`] if `chunks` reaches beyond
    /// [`Ensemble::chunk_count`].
    ///
    /// # Examples
    /// ```
    /// use sgdpde_landscape::Quadratic;
    /// use sgdpde_sde::{Ensemble, EulerMaruyama, Moments, SdeModel, Temperature};
    /// let ou = SdeModel::langevin(Quadratic::diagonal(&[0.0], vec![1.0])?, Temperature::epsilon(1.0)?)?;
    /// let e = Ensemble::new(1000, 0.01, 1.0, 3)?.with_chunk_size(100)?;
    /// let r = Moments::new(1);
    /// let mut accs = e.run_chunks(&ou, &EulerMaruyama, &[1.0], &r, 0..4)?; // paths 0..400
    /// accs.extend(e.run_chunks(&ou, &EulerMaruyama, &[1.0], &r, 4..e.chunk_count())?);
    /// let whole = e.run(&ou, &EulerMaruyama, &[1.0], &r)?;
    /// assert_eq!(Ensemble::merge_chunks(&r, accs), Some(whole));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn run_chunks<S, I, R>(
        &self,
        sde: &S,
        integrator: &I,
        x0: &[f64],
        reduction: &R,
        chunks: std::ops::Range<u64>,
    ) -> Result<Vec<R::Acc>>
    where
        S: Sde,
        I: Integrator<S>,
        R: Reduction,
    {
        if chunks.end > self.chunk_count() {
            return Err(SdeError::InvalidParameter {
                name: "chunk index",
                value: chunks.end as f64,
                constraint: "≤ the chunk count ⌈paths/chunk⌉",
            });
        }
        self.process_chunks(
            &SdeProcess { sde, integrator },
            x0,
            reduction,
            chunks,
            &NoStore,
        )
    }

    /// Merges per-chunk accumulators in the order given (a left fold, as
    /// [`Ensemble::run`] does); `None` for no accumulators.
    pub fn merge_chunks<R: Reduction>(
        reduction: &R,
        accs: impl IntoIterator<Item = R::Acc>,
    ) -> Option<R::Acc> {
        let mut it = accs.into_iter();
        let mut total = it.next()?;
        for a in it {
            reduction.merge(&mut total, a);
        }
        Some(total)
    }

    /// [`Ensemble::run_stored`] for any process of the drivers' seam
    /// (discrete SGD runs through it from `sgd/process.rs`).
    pub(crate) fn run_process<P: PathProcess, R: Reduction>(
        &self,
        process: &P,
        x0: &[f64],
        reduction: &R,
        store: &dyn ChunkStore<R::Acc>,
    ) -> Result<R::Acc> {
        let accs = self.process_chunks(process, x0, reduction, 0..self.chunk_count(), store)?;
        Ok(Self::merge_chunks(reduction, accs).expect("paths ≥ 1 gives at least one chunk"))
    }

    /// The accumulators of the chunks `chunks`, in chunk order, block by
    /// block on `store`'s grid ([`schedule::run_blocks`]); the first error
    /// in chunk order (the smallest failing path) if any path fails.
    fn process_chunks<P: PathProcess, R: Reduction>(
        &self,
        process: &P,
        x0: &[f64],
        reduction: &R,
        chunks: std::ops::Range<u64>,
        store: &dyn ChunkStore<R::Acc>,
    ) -> Result<Vec<R::Acc>> {
        process.check(x0, self.dt)?;
        reduction.check(process.dim(), self.snapshots.len())?;
        let streams = StreamFactory::new(self.seed);
        let body = |c: u64| {
            let range = c * self.chunk..((c + 1) * self.chunk).min(self.paths);
            let mut runner = process.runner(self.dt, &streams);
            let mut acc = reduction.init();
            runner.run_paths(&streams, range, x0, &self.snapshots, &mut |s, path, x| {
                reduction.observe(&mut acc, s, path, x)
            })?;
            Ok(acc)
        };
        schedule::run_blocks(chunks, store, &body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{EulerMaruyama, SdeModel, Temperature};
    use sgdpde_landscape::DoubleWell;

    fn pool(n: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .unwrap()
    }

    #[test]
    fn chunks_run_in_pieces_merge_to_the_whole_run_bit_for_bit() {
        let sde = SdeModel::langevin(DoubleWell::symmetric(), Temperature::epsilon(0.5).unwrap())
            .unwrap();
        // 1000 paths in chunks of 64: 16 chunks, the last one short (40 paths).
        let e = Ensemble::new(1000, 0.01, 0.5, 11)
            .unwrap()
            .with_chunk_size(64)
            .unwrap();
        assert_eq!(e.chunk_count(), 16);
        assert_eq!(e.chunk_size(), 64);
        let r = (Moments::new(1), TerminalStates::new(1));
        let whole = pool(3).install(|| e.run(&sde, &EulerMaruyama, &[-1.0], &r).unwrap());
        // Split points chosen to cut runs unevenly, each piece on another
        // thread count; then merged in chunk order.
        let mut accs = Vec::new();
        for (piece, threads) in [(0..1, 1), (1..7, 2), (7..7, 1), (7..16, 4)] {
            let part = pool(threads)
                .install(|| e.run_chunks(&sde, &EulerMaruyama, &[-1.0], &r, piece.clone()))
                .unwrap();
            assert_eq!(part.len() as u64, piece.end - piece.start);
            accs.extend(part);
        }
        let merged = Ensemble::merge_chunks(&r, accs).unwrap();
        assert_eq!(merged.1, whole.1, "terminal states, path order");
        let (a, b) = (&merged.0[0], &whole.0[0]);
        assert_eq!(a.count(), 1000);
        assert_eq!(a.mean()[0].to_bits(), b.mean()[0].to_bits());
        assert_eq!(
            a.covariance().unwrap()[0].to_bits(),
            b.covariance().unwrap()[0].to_bits()
        );
        assert_eq!(Ensemble::merge_chunks(&r, Vec::new()), None);
    }

    #[test]
    fn chunk_ranges_beyond_the_count_are_rejected() {
        let sde = SdeModel::langevin(DoubleWell::symmetric(), Temperature::epsilon(0.5).unwrap())
            .unwrap();
        let e = Ensemble::new(10, 0.1, 0.1, 0).unwrap();
        assert_eq!(e.chunk_count(), 1);
        let err = e
            .run_chunks(&sde, &EulerMaruyama, &[0.0], &Moments::new(1), 0..2)
            .unwrap_err();
        assert!(matches!(
            err,
            SdeError::InvalidParameter { name: "chunk index", value, .. } if value == 2.0
        ));
    }
}
