//! Exit-time runs in pieces: the outcomes of chunk ranges
//! ([`ExitTimes::run_chunks`] and its bridged and paired forms), merged in
//! chunk order ([`ExitTimes::merge_chunks`]), and runs through a
//! [`ChunkStore`] ([`ExitTimes::run_stored`], …) for checkpoints, resume
//! and progress.
//!
//! Chunk `c` holds the paths `c·chunk .. min((c + 1)·chunk, paths)`; its
//! outcomes are exactly those the whole run computes for these paths (each
//! path draws from its own streams), so concatenating the chunks in chunk
//! order reproduces the whole run to the bit, however the chunks were
//! split between calls, processes or thread counts
//! (`proofs-notes/resumable-runs.md`).

use std::ops::Range;

use crate::ensemble::{ChunkStore, NoStore, SdeProcess};
use crate::error::Result;
use crate::exit::domain::{Domain, FlatBoundary};
use crate::exit::driver::ExitTimes;
use crate::exit::fast::{ChunkOutcomes, FixedBridge, FixedDiscrete};
use crate::exit::generic::{Bridge, Discrete};
use crate::exit::outcome::{ExitSummary, Outcome};
use crate::method::Integrator;
use crate::model::Sde;

/// The outcomes of one chunk of an exit-time run, path by path — the unit
/// of a checkpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct ExitChunk {
    /// Each path's outcome: discretely monitored ([`ExitTimes::run_chunks`],
    /// [`ExitTimes::run_discrete_and_bridged_chunks`]) or bridged
    /// ([`ExitTimes::run_bridged_chunks`]).
    pub outcomes: Vec<Outcome>,
    /// The paired run only ([`ExitTimes::run_discrete_and_bridged_chunks`]):
    /// each path's bridged outcome.
    pub bridged: Option<Vec<Outcome>>,
}

impl ExitChunk {
    /// A chunk from the fast path's per-path pairs: `paired`, the second
    /// outcome (or the first if the bridge never fired) is the bridged one.
    pub(super) fn from_pairs(pairs: ChunkOutcomes, paired: bool) -> Self {
        if !paired {
            return Self {
                outcomes: pairs.into_iter().map(|(o, _)| o).collect(),
                bridged: None,
            };
        }
        let (outcomes, bridged) = pairs
            .into_iter()
            .map(|(plain, bridged)| {
                let bridged = bridged.unwrap_or_else(|| plain.clone());
                (plain, bridged)
            })
            .unzip();
        Self {
            outcomes,
            bridged: Some(bridged),
        }
    }
}

impl ExitTimes {
    /// The chunks `chunks` of [`ExitTimes::run`], unmerged, in chunk order.
    ///
    /// # Errors
    /// As [`ExitTimes::run`] (the smallest failing path of the chunks run),
    /// and [`crate::SdeError::InvalidParameter`] if `chunks` reaches beyond
    /// [`ExitTimes::chunk_count`].
    ///
    /// # Examples
    /// ```
    /// use sgdpde_landscape::Quadratic;
    /// use sgdpde_sde::{EulerMaruyama, ExitTimes, Interval, SdeModel, Temperature};
    /// let bm = SdeModel::langevin(Quadratic::diagonal(&[0.0], vec![0.0])?, Temperature::epsilon(1.0)?)?;
    /// let run = ExitTimes::new(1000, 1e-3, 2.0, 5)?.with_chunk_size(64)?;
    /// let iv = Interval::new(-1.0, 1.0)?;
    /// let mut chunks = run.run_chunks(&bm, &EulerMaruyama, &[0.0], &iv, 0..5)?;
    /// chunks.extend(run.run_chunks(&bm, &EulerMaruyama, &[0.0], &iv, 5..run.chunk_count())?);
    /// assert_eq!(run.merge_chunks(chunks), run.run(&bm, &EulerMaruyama, &[0.0], &iv)?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn run_chunks<S, I, D>(
        &self,
        sde: &S,
        integrator: &I,
        x0: &[f64],
        domain: &D,
        chunks: Range<u64>,
    ) -> Result<Vec<ExitChunk>>
    where
        S: Sde,
        I: Integrator<S>,
        D: Domain,
    {
        self.exec::<S, I, D, FixedDiscrete, Discrete, false>(
            false,
            SdeProcess { sde, integrator },
            x0,
            domain,
            chunks,
            &NoStore,
        )
    }

    /// The chunks `chunks` of [`ExitTimes::run_bridged`], unmerged, in
    /// chunk order.
    ///
    /// # Errors
    /// As [`ExitTimes::run_chunks`].
    pub fn run_bridged_chunks<S, I, D>(
        &self,
        sde: &S,
        integrator: &I,
        x0: &[f64],
        domain: &D,
        chunks: Range<u64>,
    ) -> Result<Vec<ExitChunk>>
    where
        S: Sde,
        I: Integrator<S>,
        D: FlatBoundary,
    {
        self.exec::<S, I, D, FixedBridge, Bridge, false>(
            true,
            SdeProcess { sde, integrator },
            x0,
            domain,
            chunks,
            &NoStore,
        )
    }

    /// The chunks `chunks` of [`ExitTimes::run_discrete_and_bridged`]
    /// (both outcomes per path), unmerged, in chunk order.
    ///
    /// # Errors
    /// As [`ExitTimes::run_chunks`].
    pub fn run_discrete_and_bridged_chunks<S, I, D>(
        &self,
        sde: &S,
        integrator: &I,
        x0: &[f64],
        domain: &D,
        chunks: Range<u64>,
    ) -> Result<Vec<ExitChunk>>
    where
        S: Sde,
        I: Integrator<S>,
        D: FlatBoundary,
    {
        self.exec::<S, I, D, FixedBridge, Bridge, true>(
            true,
            SdeProcess { sde, integrator },
            x0,
            domain,
            chunks,
            &NoStore,
        )
    }

    /// [`ExitTimes::run`] with checkpoints and progress: the chunks run
    /// block by block on `store`'s grid, each block loaded from `store` if
    /// it has it, otherwise computed and saved; `store` sees every chunk
    /// finish once. Bitwise [`ExitTimes::run`]'s result however many blocks
    /// were loaded.
    ///
    /// # Errors
    /// As [`ExitTimes::run`] (the first failing block stops the run), and
    /// [`crate::SdeError::ChunkStore`] if the store cannot save a block.
    pub fn run_stored<S, I, D>(
        &self,
        sde: &S,
        integrator: &I,
        x0: &[f64],
        domain: &D,
        store: &dyn ChunkStore<ExitChunk>,
    ) -> Result<ExitSummary>
    where
        S: Sde,
        I: Integrator<S>,
        D: Domain,
    {
        let all = 0..self.chunk_count();
        let chunks = self.exec::<S, I, D, FixedDiscrete, Discrete, false>(
            false,
            SdeProcess { sde, integrator },
            x0,
            domain,
            all,
            store,
        )?;
        Ok(self.merge_chunks(chunks))
    }

    /// [`ExitTimes::run_bridged`] through `store`, as
    /// [`ExitTimes::run_stored`].
    ///
    /// # Errors
    /// As [`ExitTimes::run_stored`].
    pub fn run_bridged_stored<S, I, D>(
        &self,
        sde: &S,
        integrator: &I,
        x0: &[f64],
        domain: &D,
        store: &dyn ChunkStore<ExitChunk>,
    ) -> Result<ExitSummary>
    where
        S: Sde,
        I: Integrator<S>,
        D: FlatBoundary,
    {
        self.run_monitored_stored(sde, integrator, x0, domain, true, store)
    }

    /// [`ExitTimes::run_bridged_stored`] if `bridge`, else
    /// [`ExitTimes::run_stored`] — bitwise either one — from a single
    /// compiled loop: the bridge test is switched at run time (a branch per
    /// step, constant over the run), so a program that offers both (the
    /// `exit-time` command's `--bridge`) compiles the loop once per model
    /// and integrator instead of twice.
    ///
    /// # Errors
    /// As [`ExitTimes::run_stored`].
    pub fn run_monitored_stored<S, I, D>(
        &self,
        sde: &S,
        integrator: &I,
        x0: &[f64],
        domain: &D,
        bridge: bool,
        store: &dyn ChunkStore<ExitChunk>,
    ) -> Result<ExitSummary>
    where
        S: Sde,
        I: Integrator<S>,
        D: FlatBoundary,
    {
        let all = 0..self.chunk_count();
        let chunks = self.exec::<S, I, D, FixedBridge, Bridge, false>(
            bridge,
            SdeProcess { sde, integrator },
            x0,
            domain,
            all,
            store,
        )?;
        Ok(self.merge_chunks(chunks))
    }

    /// [`ExitTimes::run_discrete_and_bridged`] through `store`, as
    /// [`ExitTimes::run_stored`].
    ///
    /// # Errors
    /// As [`ExitTimes::run_stored`].
    pub fn run_discrete_and_bridged_stored<S, I, D>(
        &self,
        sde: &S,
        integrator: &I,
        x0: &[f64],
        domain: &D,
        store: &dyn ChunkStore<ExitChunk>,
    ) -> Result<(ExitSummary, ExitSummary)>
    where
        S: Sde,
        I: Integrator<S>,
        D: FlatBoundary,
    {
        let all = 0..self.chunk_count();
        let chunks = self.exec::<S, I, D, FixedBridge, Bridge, true>(
            true,
            SdeProcess { sde, integrator },
            x0,
            domain,
            all,
            store,
        )?;
        Ok(self.merge_paired_chunks(chunks))
    }

    /// The summary of chunks in the order given (each chunk's
    /// [`ExitChunk::outcomes`], concatenated).
    pub fn merge_chunks(&self, chunks: impl IntoIterator<Item = ExitChunk>) -> ExitSummary {
        let mut outcomes = Vec::with_capacity(usize::try_from(self.paths()).unwrap_or(0));
        for c in chunks {
            outcomes.extend(c.outcomes);
        }
        ExitSummary::new(outcomes, self.t_max())
    }

    /// The `(discrete, bridged)` summaries of paired chunks in the order
    /// given (a chunk without bridged outcomes counts its outcomes for
    /// both).
    pub fn merge_paired_chunks(
        &self,
        chunks: impl IntoIterator<Item = ExitChunk>,
    ) -> (ExitSummary, ExitSummary) {
        let (mut plain, mut bridged) = (Vec::new(), Vec::new());
        for c in chunks {
            match c.bridged {
                Some(b) => bridged.extend(b),
                None => bridged.extend(c.outcomes.iter().cloned()),
            }
            plain.extend(c.outcomes);
        }
        (
            ExitSummary::new(plain, self.t_max()),
            ExitSummary::new(bridged, self.t_max()),
        )
    }
}
