//! The exit-time driver: run each path until it leaves a domain or reaches
//! the horizon, with discrete monitoring or the Brownian-bridge correction.

use rand_chacha::ChaCha8Rng;

use crate::ensemble::SdeProcess;
use crate::ensemble::process::{PathProcess, PathRunner};
use crate::ensemble::{DEFAULT_CHUNK, check_run, for_chunks, steps_on_grid};
use crate::error::{Result, SdeError};
use crate::exit::bridge::{bridge_fires, normal_diffusion};
use crate::exit::domain::{Domain, FlatBoundary};
use crate::exit::fast::{ChunkOutcomes, FixedBridge, FixedDiscrete, FixedMonitor, FixedRun};
use crate::exit::outcome::{ExitSummary, Outcome};
use crate::method::Integrator;
use crate::model::{Sde, admits_dim};
use crate::stream::StreamFactory;

/// A validated exit-time run: paths, step, horizon `t_max`, master seed.
///
/// Path `i` is simulated on the grid `t_k = k·dt` with its own stream
/// (exactly the increments an [`crate::Ensemble`] with the same seed would
/// give it) until the first grid time at which it is outside the domain
/// ([`Outcome::Exited`]) or `t_max` ([`Outcome::Censored`]). A start point
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

/// What the generic loop checks after each step besides "is the new state outside".
trait Monitor<P, D: Domain>: Sized {
    fn new(process: &P, domain: &D, streams: &StreamFactory) -> Self;
    fn start(&mut self, domain: &D, streams: &StreamFactory, path: u64, x0: &[f64]);
    fn before_step(&mut self, x: &[f64]);
    /// `Some(boundary)` if a crossing between the previous and the new
    /// (inside) state is detected.
    fn crossed(&mut self, process: &P, domain: &D, t: f64, dt: f64, x: &[f64]) -> Option<usize>;
}

/// Discrete monitoring: nothing between grid points.
struct Discrete;

impl<P, D: Domain> Monitor<P, D> for Discrete {
    fn new(_: &P, _: &D, _: &StreamFactory) -> Self {
        Discrete
    }
    #[inline]
    fn start(&mut self, _: &D, _: &StreamFactory, _: u64, _: &[f64]) {}
    #[inline]
    fn before_step(&mut self, _: &[f64]) {}
    #[inline]
    fn crossed(&mut self, _: &P, _: &D, _: f64, _: f64, _: &[f64]) -> Option<usize> {
        None
    }
}

/// Brownian-bridge crossing test.
struct Bridge {
    prev: Vec<f64>,
    normal: Vec<f64>,
    unit: Vec<f64>,
    col: Vec<f64>,
    rng: ChaCha8Rng,
    /// Distance of the previous state to its nearest boundary piece.
    d0: f64,
    face: usize,
}

impl<S: Sde, I: Integrator<S>, D: FlatBoundary> Monitor<SdeProcess<'_, S, I>, D> for Bridge {
    fn new(process: &SdeProcess<'_, S, I>, _: &D, streams: &StreamFactory) -> Self {
        let sde = process.sde;
        Self {
            prev: vec![0.0; sde.dim()],
            normal: vec![0.0; sde.dim()],
            unit: vec![0.0; sde.noise_dim()],
            col: vec![0.0; sde.dim()],
            rng: streams.aux(0),
            d0: 0.0,
            face: 0,
        }
    }
    #[inline]
    fn start(&mut self, domain: &D, streams: &StreamFactory, path: u64, x0: &[f64]) {
        self.rng = streams.aux(path);
        (self.d0, self.face) = domain.boundary_distance(x0);
    }
    #[inline]
    fn before_step(&mut self, x: &[f64]) {
        self.prev.copy_from_slice(x);
    }
    #[inline]
    fn crossed(
        &mut self,
        process: &SdeProcess<'_, S, I>,
        domain: &D,
        t: f64,
        dt: f64,
        x: &[f64],
    ) -> Option<usize> {
        let sde = process.sde;
        let (d1, face1) = domain.boundary_distance(x);
        let (d0, face0) = (self.d0, self.face);
        (self.d0, self.face) = (d1, face1);
        domain.outward_normal_into(&self.prev, face0, &mut self.normal);
        let a_n = normal_diffusion(
            sde,
            t,
            &self.prev,
            &self.normal,
            &mut self.unit,
            &mut self.col,
        );
        bridge_fires(&mut self.rng, d0, d1, a_n, dt).then_some(face0)
    }
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

    /// Discrete monitoring of any process of the drivers' seam (the
    /// generic loop; discrete SGD runs through it from `sgd/process.rs`).
    pub(crate) fn run_process<P, D>(
        &self,
        process: &P,
        x0: &[f64],
        domain: &D,
    ) -> Result<ExitSummary>
    where
        P: PathProcess,
        D: Domain,
    {
        self.drive::<_, D, Discrete>(process, x0, domain)
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
        let process = SdeProcess { sde, integrator };
        self.check(&process, x0, domain)?;
        match self.fast::<S, I, D, FixedDiscrete, false>(sde, integrator, x0, domain) {
            Some(r) => Ok(self.summary(r?, |(plain, _)| plain)),
            None => self.drive::<_, D, Discrete>(&process, x0, domain),
        }
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
        let process = SdeProcess { sde, integrator };
        self.check(&process, x0, domain)?;
        match self.fast::<S, I, D, FixedBridge, false>(sde, integrator, x0, domain) {
            Some(r) => Ok(self.summary(r?, |(bridged, _)| bridged)),
            None => self.drive::<_, D, Bridge>(&process, x0, domain),
        }
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
        let process = SdeProcess { sde, integrator };
        self.check(&process, x0, domain)?;
        if let Some(r) = self.fast::<S, I, D, FixedBridge, true>(sde, integrator, x0, domain) {
            let r = r?;
            let bridged = r
                .iter()
                .map(|(plain, bridged)| bridged.clone().unwrap_or_else(|| plain.clone()))
                .collect();
            return Ok((
                self.summary(r, |(plain, _)| plain),
                ExitSummary::new(bridged, self.t_max()),
            ));
        }
        self.drive_paired(&process, x0, domain)
    }

    /// The generic loop of [`ExitTimes::run_discrete_and_bridged`] (any
    /// dimension; the caller has checked the arguments).
    fn drive_paired<S, I, D>(
        &self,
        process: &SdeProcess<'_, S, I>,
        x0: &[f64],
        domain: &D,
    ) -> Result<(ExitSummary, ExitSummary)>
    where
        S: Sde,
        I: Integrator<S>,
        D: FlatBoundary,
    {
        let streams = StreamFactory::new(self.seed);
        let t_max = self.t_max();
        let results = for_chunks(self.paths, self.chunk, |range| {
            let mut stepper = process.runner(self.dt, &streams);
            let mut monitor = <Bridge as Monitor<_, D>>::new(process, domain, &streams);
            let mut out = Vec::with_capacity((range.end - range.start) as usize);
            for path in range {
                stepper.start(&streams, path, x0);
                let mut bridged = None;
                let plain = self.one_path(
                    process,
                    &mut stepper,
                    &mut monitor,
                    domain,
                    &streams,
                    path,
                    x0,
                    t_max,
                    Some(&mut bridged),
                )?;
                let bridged = bridged.unwrap_or_else(|| plain.clone());
                out.push((plain, bridged));
            }
            Ok::<_, SdeError>(out)
        });
        let (mut plain, mut bridged) = (Vec::new(), Vec::new());
        for r in results {
            for (p, b) in r? {
                plain.push(p);
                bridged.push(b);
            }
        }
        Ok((
            ExitSummary::new(plain, t_max),
            ExitSummary::new(bridged, t_max),
        ))
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

    /// The fast path ([`crate::exit::fast`]) if `d = m ≤ 3`: every path's
    /// outcome (and, `PAIRED`, its bridged outcome) in path order, or the
    /// first error in path order; `None` for other dimensions. The caller
    /// has checked the arguments.
    fn fast<S, I, D, M, const PAIRED: bool>(
        &self,
        sde: &S,
        integrator: &I,
        x0: &[f64],
        domain: &D,
    ) -> Option<Result<ChunkOutcomes>>
    where
        S: Sde,
        I: Integrator<S>,
        D: Domain,
        M: FixedMonitor<1, S, D> + FixedMonitor<2, S, D> + FixedMonitor<3, S, D>,
    {
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
        };
        let (paths, chunk) = (self.paths, self.chunk);
        // Only the dimension the model type admits is compiled
        // (`admits_dim`); any other shape takes the generic loop.
        macro_rules! fixed {
            ($n:literal) => {
                if const { admits_dim::<S>($n) } {
                    for_chunks(paths, chunk, |r| run.chunk::<$n, M, PAIRED>(r))
                } else {
                    return None;
                }
            };
        }
        let chunks = match (sde.dim(), sde.noise_dim()) {
            (1, 1) => fixed!(1),
            (2, 2) => fixed!(2),
            (3, 3) => fixed!(3),
            _ => return None,
        };
        let mut all = Vec::with_capacity(paths as usize);
        for c in chunks {
            match c {
                Ok(v) => all.extend(v),
                Err(e) => return Some(Err(e)),
            }
        }
        Some(Ok(all))
    }

    /// The summary of the outcomes `pick` selects.
    fn summary(
        &self,
        outcomes: ChunkOutcomes,
        pick: impl Fn((Outcome, Option<Outcome>)) -> Outcome,
    ) -> ExitSummary {
        ExitSummary::new(outcomes.into_iter().map(pick).collect(), self.t_max())
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
        (
            self.drive::<_, D, Discrete>(&process, x0, domain),
            self.drive::<_, D, Bridge>(&process, x0, domain),
            self.drive_paired(&process, x0, domain),
        )
    }

    /// The generic loop (any process, any dimension).
    fn drive<P, D, M>(&self, process: &P, x0: &[f64], domain: &D) -> Result<ExitSummary>
    where
        P: PathProcess,
        D: Domain,
        M: Monitor<P, D>,
    {
        self.check(process, x0, domain)?;
        let streams = StreamFactory::new(self.seed);
        let t_max = self.t_max();
        let results = for_chunks(self.paths, self.chunk, |range| {
            let mut stepper = process.runner(self.dt, &streams);
            let mut monitor = M::new(process, domain, &streams);
            let mut out = Vec::with_capacity((range.end - range.start) as usize);
            for path in range {
                stepper.start(&streams, path, x0);
                out.push(self.one_path(
                    process,
                    &mut stepper,
                    &mut monitor,
                    domain,
                    &streams,
                    path,
                    x0,
                    t_max,
                    None,
                )?);
            }
            Ok::<_, SdeError>(out)
        });
        let mut outcomes = Vec::with_capacity(self.paths as usize);
        for r in results {
            outcomes.extend(r?);
        }
        Ok(ExitSummary::new(outcomes, t_max))
    }

    #[allow(clippy::too_many_arguments)]
    #[inline]
    fn one_path<P, D, M>(
        &self,
        process: &P,
        stepper: &mut P::Runner<'_>,
        monitor: &mut M,
        domain: &D,
        streams: &StreamFactory,
        path: u64,
        x0: &[f64],
        t_max: f64,
        mut bridged: Option<&mut Option<Outcome>>,
    ) -> Result<Outcome>
    where
        P: PathProcess,
        D: Domain,
        M: Monitor<P, D>,
    {
        let exited = |t: f64, x: &[f64], boundary| Outcome::Exited {
            t,
            point: x.to_vec(),
            boundary,
        };
        if let Some(b) = domain.exit_boundary(x0) {
            return Ok(exited(0.0, x0, b));
        }
        monitor.start(domain, streams, path, x0);
        for k in 0..self.max_steps {
            monitor.before_step(stepper.x());
            stepper.step(k)?;
            let t1 = stepper.time(k + 1);
            if let Some(b) = domain.exit_boundary(stepper.x()) {
                return Ok(exited(t1, stepper.x(), b));
            }
            // Paired mode (`bridged` is a slot): once the bridge has fired,
            // stop testing and run on to the discrete exit.
            if !matches!(bridged.as_deref(), Some(Some(_)))
                && let Some(b) =
                    monitor.crossed(process, domain, stepper.time(k), self.dt, stepper.x())
            {
                let o = exited(t1, stepper.x(), b);
                match bridged.as_deref_mut() {
                    None => return Ok(o),
                    Some(slot) => *slot = Some(o),
                }
            }
        }
        Ok(Outcome::Censored { t_max })
    }
}
