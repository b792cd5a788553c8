//! The exit-time driver: run each path until it leaves a domain or reaches
//! the horizon, with discrete monitoring or the Brownian-bridge correction.
//!
//! This file holds the run and its dispatch: every estimator goes through
//! [`ExitTimes::exec`], which picks the per-chunk body once per run — the
//! small-dimension fast path (`exit/fast.rs`) or the generic loop
//! (`exit/generic.rs`) — and hands it to the drivers' non-generic chunk
//! scheduler (`ensemble/schedule.rs`). Chunk ranges and chunk stores:
//! `exit/chunks.rs`.

use std::ops::Range;

use crate::ensemble::SdeProcess;
use crate::ensemble::process::PathProcess;
use crate::ensemble::schedule::run_blocks;
use crate::ensemble::{ChunkStore, DEFAULT_CHUNK, NoStore, check_run, steps_on_grid};
use crate::error::{Result, SdeError};
use crate::exit::chunks::ExitChunk;
use crate::exit::domain::{Domain, FlatBoundary};
use crate::exit::fast::{FixedBridge, FixedDiscrete, FixedMonitor, FixedRun};
use crate::exit::generic::{Bridge, Discrete, GenericRun, Monitor};
use crate::exit::outcome::ExitSummary;
use crate::method::Integrator;
use crate::model::{Sde, admits_dim};
use crate::stream::StreamFactory;

/// A validated exit-time run: paths, step, horizon `t_max`, master seed.
///
/// Path `i` is simulated on the grid `t_k = k·dt` with its own stream
/// (exactly the increments an [`crate::Ensemble`] with the same seed would
/// give it) until the first grid time at which it is outside the domain
/// ([`crate::Outcome::Exited`]) or `t_max` ([`crate::Outcome::Censored`]). A start point
/// outside the domain exits at `t = 0`.
///
/// * [`ExitTimes::run`]: discrete monitoring. The exit time overestimates
///   the continuous one by `O(√dt)`: excursions between grid points are
///   missed.
/// * [`ExitTimes::run_bridged`]: additionally, after a step from `x_k` to an
///   inside `x_{k+1}`, the path exits with the probability
///   `exp(−2 d₀ d₁/(a_n dt))` that the Brownian bridge between them touched
///   the boundary (`d₀`, `d₁` the distances to the boundary piece nearest
///   `x_k`, `a_n = |G(x_k)ᵀ n|²` the diffusion normal to it), tested with a
///   uniform from the path's auxiliary substream ([`crate::aux_rng`]) so the
///   increments are the same as without the correction. The bias becomes
///   `O(dt)` (Gobet 2000). Derivation: `proofs-notes/exit-times.md`.
///   The uniform is drawn only when `2 d₀ d₁/(a_n dt) < 745.2` (otherwise
///   the probability is exactly 0 in `f64`); far from the boundary this is
///   decided by a multiplication instead of the division, which provably
///   gives the same decision (`exit/bridge.rs`).
///
/// # Performance: the small-dimension fast path
/// For SDEs with `d = m ∈ {1, 2, 3}` ([`ExitTimes::run`],
/// [`ExitTimes::run_bridged`], [`ExitTimes::run_discrete_and_bridged`])
/// the driver dispatches once per run to a loop monomorphised on the const
/// dimension: state, previous state, increments and the bridge's scratch
/// (normal, diffusion column) are `[f64; d]` stack arrays, so the
/// loop-carried state stays in registers and the integrator's step, the
/// domain's tests and the normal diffusion inline into straight-line code.
/// The results are bitwise those of the generic loop (other dimensions, and
/// [`ExitTimes::run_sgd`]): the same draws from the same streams in the same
/// order, the same floating-point operations in the same order on the same
/// values — only where the values live differs, and IEEE arithmetic does not
/// depend on that. The unit tests of `exit/fast.rs` compare both loops bit
/// for bit for d = 1, 2, 3, with and without `ΔZ`, in every mode, and for
/// the blow-up error. On the double-well workload W2 (issue 7) this brings
/// the driver from 0.26–0.42× to about the speed of a hand-written loop.
///
/// # Chunks, checkpoints and progress
/// Paths run in chunks of a fixed size ([`ExitTimes::with_chunk_size`]),
/// independent of the thread count, scheduled by the drivers' one
/// non-generic parallel loop and concatenated in chunk order. A run can be
/// split into chunk ranges ([`ExitTimes::run_chunks`] and its bridged and
/// paired forms, merged with [`ExitTimes::merge_chunks`]) or given a
/// [`crate::ChunkStore`] ([`ExitTimes::run_stored`], …) that keeps and
/// reloads blocks of chunks and sees every chunk finish: the outcomes are
/// bitwise those of one uninterrupted run.
///
/// # Examples
/// See `crates/sde/tests/it/exit_brownian.rs` (Brownian motion leaving an
/// interval) and `tests/tests/it/exit_time_double_well.rs`.
#[derive(Debug, Clone, PartialEq)]
pub struct ExitTimes {
    paths: u64,
    dt: f64,
    max_steps: u64,
    seed: u64,
    chunk: u64,
}

impl ExitTimes {
    /// `paths` paths with step `dt` up to the horizon `t_max`, master seed
    /// `seed`.
    ///
    /// # Errors
    /// [`SdeError::InvalidParameter`] if `paths = 0`, `dt` is not finite and
    /// positive, or `t_max` is not a (non-negative) whole multiple of `dt`.
    pub fn new(paths: u64, dt: f64, t_max: f64, seed: u64) -> Result<Self> {
        check_run(paths, dt)?;
        let max_steps = steps_on_grid("t_max", t_max, dt)?;
        Ok(Self {
            paths,
            dt,
            max_steps,
            seed,
            chunk: DEFAULT_CHUNK,
        })
    }

    /// Uses chunks of `chunk` paths (the outcomes do not depend on it).
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

    /// The horizon `t_max`.
    pub fn t_max(&self) -> f64 {
        self.max_steps as f64 * self.dt
    }

    /// Number of paths.
    pub fn paths(&self) -> u64 {
        self.paths
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

    /// Exit times with discrete monitoring (`O(√dt)` bias).
    ///
    /// # Errors
    /// As [`crate::Ensemble::run`]; [`SdeError::DimensionMismatch`] if the
    /// domain's dimension differs from the model's.
    pub fn run<S, I, D>(
        &self,
        sde: &S,
        integrator: &I,
        x0: &[f64],
        domain: &D,
    ) -> Result<ExitSummary>
    where
        S: Sde,
        I: Integrator<S>,
        D: Domain,
    {
        let all = self.exec::<S, I, D, FixedDiscrete, Discrete, false>(
            false,
            SdeProcess { sde, integrator },
            x0,
            domain,
            0..self.chunk_count(),
            &NoStore,
        )?;
        Ok(self.merge_chunks(all))
    }

    /// Exit times with the Brownian-bridge crossing correction (`O(dt)`
    /// bias for locally flat boundaries).
    ///
    /// # Errors
    /// As [`ExitTimes::run`].
    pub fn run_bridged<S, I, D>(
        &self,
        sde: &S,
        integrator: &I,
        x0: &[f64],
        domain: &D,
    ) -> Result<ExitSummary>
    where
        S: Sde,
        I: Integrator<S>,
        D: FlatBoundary,
    {
        let all = self.exec::<S, I, D, FixedBridge, Bridge, false>(
            true,
            SdeProcess { sde, integrator },
            x0,
            domain,
            0..self.chunk_count(),
            &NoStore,
        )?;
        Ok(self.merge_chunks(all))
    }

    /// Both estimators on the same paths in one pass: returns
    /// `(discrete, bridged)`, identical to [`ExitTimes::run`] and
    /// [`ExitTimes::run_bridged`] with the same seed (the bridge test draws
    /// from the auxiliary substream, so it does not perturb the increments)
    /// at the cost of one run. The per-path difference `τ_discrete − τ_bridged
    /// ≥ 0` measures the bias of discrete monitoring with a far smaller
    /// variance than either estimate (`proofs-notes/exit-times.md`).
    ///
    /// # Errors
    /// As [`ExitTimes::run`].
    pub fn run_discrete_and_bridged<S, I, D>(
        &self,
        sde: &S,
        integrator: &I,
        x0: &[f64],
        domain: &D,
    ) -> Result<(ExitSummary, ExitSummary)>
    where
        S: Sde,
        I: Integrator<S>,
        D: FlatBoundary,
    {
        let all = self.exec::<S, I, D, FixedBridge, Bridge, true>(
            true,
            SdeProcess { sde, integrator },
            x0,
            domain,
            0..self.chunk_count(),
            &NoStore,
        )?;
        Ok(self.merge_paired_chunks(all))
    }

    fn check<P: PathProcess, D: Domain>(&self, process: &P, x0: &[f64], domain: &D) -> Result<()> {
        process.check(x0, self.dt)?;
        if domain.dim() != process.dim() {
            return Err(SdeError::DimensionMismatch {
                what: "domain",
                expected: process.dim(),
                found: domain.dim(),
            });
        }
        Ok(())
    }

    /// The paths of chunk `c`.
    fn paths_of(&self, c: u64) -> Range<u64> {
        c * self.chunk..((c + 1) * self.chunk).min(self.paths)
    }

    /// Rejects chunk ranges beyond [`ExitTimes::chunk_count`].
    fn check_chunks(&self, chunks: &Range<u64>) -> Result<()> {
        if chunks.end > self.chunk_count() {
            return Err(SdeError::InvalidParameter {
                name: "chunk index",
                value: chunks.end as f64,
                constraint: "≤ the chunk count ⌈paths/chunk⌉",
            });
        }
        Ok(())
    }

    /// Every estimator of an SDE: the chunks `chunks` of the run, block by
    /// block on `store`'s grid, each chunk by the fast path
    /// ([`crate::exit::fast`]) if `d = m ≤ 3` and the model type admits the
    /// dimension, otherwise by the generic loop — the choice made once per
    /// run, the chunks scheduled by the non-generic
    /// [`run_blocks`](crate::ensemble::schedule::run_blocks).
    ///
    /// `bridge` switches a switchable monitor (`FixedBridge`, `Bridge`) on
    /// or off; the discrete monitors ignore it.
    pub(super) fn exec<'s, S, I, D, FM, GM, const PAIRED: bool>(
        &self,
        bridge: bool,
        process: SdeProcess<'s, S, I>,
        x0: &[f64],
        domain: &D,
        chunks: Range<u64>,
        store: &dyn ChunkStore<ExitChunk>,
    ) -> Result<Vec<ExitChunk>>
    where
        S: Sde,
        I: Integrator<S>,
        D: Domain,
        FM: FixedMonitor<1, S, D> + FixedMonitor<2, S, D> + FixedMonitor<3, S, D>,
        GM: Monitor<SdeProcess<'s, S, I>, D>,
    {
        let SdeProcess { sde, integrator } = process;
        self.check(&process, x0, domain)?;
        self.check_chunks(&chunks)?;
        let streams = StreamFactory::new(self.seed);
        let run = FixedRun {
            sde,
            integrator,
            domain,
            streams: &streams,
            x0,
            dt: self.dt,
            max_steps: self.max_steps,
            t_max: self.t_max(),
            bridge,
        };
        // Only the dimension the model type admits is compiled
        // (`admits_dim`); any other shape takes the generic loop.
        macro_rules! fixed {
            ($n:literal) => {
                if const { admits_dim::<S>($n) } {
                    let body = |c| {
                        let out = run.chunk::<$n, FM, PAIRED>(self.paths_of(c))?;
                        Ok(ExitChunk::from_pairs(out, PAIRED))
                    };
                    return run_blocks(chunks, store, &body);
                }
            };
        }
        match (sde.dim(), sde.noise_dim()) {
            (1, 1) => fixed!(1),
            (2, 2) => fixed!(2),
            (3, 3) => fixed!(3),
            _ => {}
        }
        self.exec_generic::<_, D, GM, PAIRED>(bridge, &process, x0, domain, chunks, store)
    }

    /// The generic loop over the chunks `chunks` (any process, any
    /// dimension), block by block on `store`'s grid.
    pub(super) fn exec_generic<P, D, M, const PAIRED: bool>(
        &self,
        bridge: bool,
        process: &P,
        x0: &[f64],
        domain: &D,
        chunks: Range<u64>,
        store: &dyn ChunkStore<ExitChunk>,
    ) -> Result<Vec<ExitChunk>>
    where
        P: PathProcess,
        D: Domain,
        M: Monitor<P, D>,
    {
        self.check(process, x0, domain)?;
        self.check_chunks(&chunks)?;
        let streams = StreamFactory::new(self.seed);
        let run = GenericRun {
            process,
            domain,
            streams: &streams,
            x0,
            dt: self.dt,
            max_steps: self.max_steps,
            t_max: self.t_max(),
            bridge,
        };
        let body = |c| run.chunk::<M, PAIRED>(self.paths_of(c));
        run_blocks(chunks, store, &body)
    }

    /// Discrete monitoring of any process of the drivers' seam (the
    /// generic loop; discrete SGD runs through it from `sgd/process.rs`).
    pub(crate) fn run_process<P, D>(
        &self,
        process: &P,
        x0: &[f64],
        domain: &D,
        store: &dyn ChunkStore<ExitChunk>,
    ) -> Result<ExitSummary>
    where
        P: PathProcess,
        D: Domain,
    {
        let all = self.exec_generic::<_, D, Discrete, false>(
            false,
            process,
            x0,
            domain,
            0..self.chunk_count(),
            store,
        )?;
        Ok(self.merge_chunks(all))
    }

    /// The generic loop's discrete, bridged and paired results, bypassing
    /// the fast path (the fast path's tests compare against them).
    #[cfg(test)]
    #[allow(clippy::type_complexity)]
    pub(super) fn generic<S, I, D>(
        &self,
        sde: &S,
        integrator: &I,
        x0: &[f64],
        domain: &D,
    ) -> (
        Result<ExitSummary>,
        Result<ExitSummary>,
        Result<(ExitSummary, ExitSummary)>,
    )
    where
        S: Sde,
        I: Integrator<S>,
        D: FlatBoundary,
    {
        let process = SdeProcess { sde, integrator };
        let all = 0..self.chunk_count();
        let run = |bridge: bool, paired: bool| match (bridge, paired) {
            (false, _) => self.exec_generic::<_, D, Discrete, false>(
                false,
                &process,
                x0,
                domain,
                all.clone(),
                &NoStore,
            ),
            (true, false) => self.exec_generic::<_, D, Bridge, false>(
                true,
                &process,
                x0,
                domain,
                all.clone(),
                &NoStore,
            ),
            (true, true) => self.exec_generic::<_, D, Bridge, true>(
                true,
                &process,
                x0,
                domain,
                all.clone(),
                &NoStore,
            ),
        };
        (
            run(false, false).map(|c| self.merge_chunks(c)),
            run(true, false).map(|c| self.merge_chunks(c)),
            run(true, true).map(|c| self.merge_paired_chunks(c)),
        )
    }
}
