//! Adaptive multilevel splitting (AMS): the probability that a diffusion
//! started at `x0` reaches `B = {ξ ≥ z_B}` before `A = {ξ ≤ z_A}`, for
//! probabilities far below what plain Monte Carlo can see.
//!
//! Algorithm (the generalised, unbiased AMS of Bréhier, Gazeau, Goudenège,
//! Lelièvre, Rousset, *Ann. Appl. Probab.* 26 (2016); Cérou & Guyader,
//! *Stoch. Anal. Appl.* 25 (2007)):
//! 1. run `n` replicas from `x0` until they enter `A` or `B`; each records
//!    its largest level `M_i = max_t ξ(X_t)`;
//! 2. iteration `q`: `Z_q` = the `k`-th smallest `M_i`. If `Z_q ≥ z_B`, stop.
//!    Otherwise kill *every* replica with `M_i ≤ Z_q` (`K_q ≥ k` of them:
//!    ties are all killed, which keeps the estimator unbiased); if all `n`
//!    are killed the run is extinct and estimates 0. Each killed replica is
//!    replaced by a copy of a survivor chosen uniformly (independently per
//!    killed replica), cut at the survivor's first step with `ξ > Z_q`, and
//!    continued from there with fresh noise until `A` or `B`;
//! 3. `p̂ = Π_q (1 − K_q/n) · #{i : replica i ended in B} / n`.
//!
//! `E p̂ = p` exactly, for any reaction coordinate, any `n ≥ 2`, `1 ≤ k < n`,
//! where `p` is the probability *of the simulated chain* — the time-discrete
//! scheme with `A` and `B` checked at the grid points — not of the
//! continuous diffusion (the discrete monitoring bias of `ExitTimes::run`
//! applies unchanged). With [`Splitting::with_bridge`] the chain also
//! enters `B` between grid points by the Brownian-bridge test, and `p` is
//! that of bridged Monte Carlo (`ExitTimes::run_bridged`), whose bias is
//! `O(dt)`. Derivation and tests: `proofs-notes/ams.md`.
//!
//! Reproducibility: replica `j` of iteration `q` (the initial replicas are
//! `q = 0`) draws its Brownian increments from stream `q·n + j + 1` of the
//! seed; the survivors are chosen from stream 0, sequentially. The branching
//! history therefore fixes every stream, and the result is bitwise the same
//! for any thread count.
//!
//! Branching restarts the integrator at the branch state
//! (`Integrator::start_path`): exact for every memoryless scheme (all but
//! Leimkuhler–Matthews, whose one-step memory restarts as at a path's start).

use rand::RngExt;
use rayon::prelude::*;
use serde::Serialize;

use crate::ensemble::SdeProcess;
use crate::ensemble::process::{PathProcess, PathRunner, check_point};
use crate::error::{Result, SdeError};
use crate::exit::{Domain, FlatDomain};
use crate::method::Integrator;
use crate::model::Sde;
use crate::rare::bridge::{BridgeTest, NormalDiffusion, normal_diffusion_of};
use crate::rare::coordinate::ReactionCoordinate;
use crate::stream::StreamFactory;

/// Where a replica's path ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum End {
    /// Entered `A = {ξ ≤ z_A}`.
    A,
    /// Entered `B = {ξ ≥ z_B}`.
    B,
}

/// An adaptive-multilevel-splitting estimator (module docs): `n` replicas,
/// at least `k` killed per iteration, time step `dt`, sets `A = {ξ ≤ z_A}`
/// and `B = {ξ ≥ z_B}`.
///
/// # Examples
/// ```
/// use sgdpde_sde::{EulerMaruyama, LinearDrift, DiagonalNoise, SdeModel, Splitting};
/// // Ornstein–Uhlenbeck dX = −X dt + 0.5 dW from 0.1: reach 1 before −0.5.
/// let sde = SdeModel::new(LinearDrift::new(vec![-1.0], vec![0.0])?, DiagonalNoise::new(vec![0.5])?)?;
/// let run = Splitting::new(100, 1e-3, 7)?
///     .with_levels(-0.5, 1.0)?
///     .run(&sde, &EulerMaruyama, &[0.1], &|x: &[f64]| x[0])?;
/// assert!(run.probability > 0.0 && run.probability < 0.1);
/// # Ok::<(), sgdpde_sde::SdeError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Splitting {
    pub(crate) replicas: usize,
    pub(crate) killed: usize,
    pub(crate) dt: f64,
    pub(crate) seed: u64,
    pub(crate) z_a: f64,
    pub(crate) z_b: f64,
    pub(crate) max_steps: u64,
    pub(crate) max_iterations: u64,
    /// The Brownian-bridge monitor's domain, whose outside is `B`.
    pub(crate) bridge: Option<FlatDomain>,
}

/// The outcome of one splitting run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SplittingRun {
    /// The estimate `p̂` of `P(reach B before A)`.
    pub probability: f64,
    /// `ln p̂` (finite even where `p̂` underflows; `−∞` if no replica
    /// reached `B`).
    pub ln_probability: f64,
    /// Iterations `Q` (levels passed).
    pub iterations: u64,
    /// `Σ_q K_q`: replicas killed and resampled.
    pub resampled: u64,
    /// Replicas that ended in `B` when the run stopped.
    pub reached_b: usize,
    /// Whether the run stopped by extinction (all replicas tied at a level).
    pub extinct: bool,
    /// Time steps simulated, over all replicas and branches (the cost).
    pub steps: u64,
    /// Replicas `n`.
    pub replicas: usize,
    /// Minimum killed per iteration `k`.
    pub killed: usize,
    /// The seed.
    pub seed: u64,
    /// The final levels `M_i`, in replica order.
    pub levels: Vec<f64>,
    /// Mean length in steps, from the replica's start, of the paths that
    /// ended in `B` (NaN if none): with equal weights, the final ensemble's
    /// estimate of the reactive duration `E[τ_B | B before A]`, consistent
    /// as `n → ∞` (Cérou, Guyader, Lelièvre, Pommier 2011).
    pub reactive_steps: f64,
    /// `√(ln(1/p̂)/n)`: the relative standard error of `p̂` for an ideal
    /// coordinate (the committor), the asymptotic variance
    /// `p²·ln(1/p)/n` of Bréhier et al. (2016); a lower bound for any
    /// other coordinate, so repetitions are the check (`proofs-notes/ams.md`).
    pub ideal_relative_se: f64,
}

impl Splitting {
    /// `replicas` replicas (`≥ 2`), one killed per iteration, step `dt`,
    /// master seed `seed`; levels `z_A = 0`, `z_B = 1` until
    /// [`Splitting::with_levels`]; at most `10⁸` steps per replica path and
    /// `10⁹` iterations.
    ///
    /// # Errors
    /// [`SdeError::InvalidParameter`] for `replicas < 2` or `dt` not finite
    /// and positive.
    pub fn new(replicas: usize, dt: f64, seed: u64) -> Result<Self> {
        if replicas < 2 {
            return Err(SdeError::InvalidParameter {
                name: "replicas",
                value: replicas as f64,
                constraint: "≥ 2",
            });
        }
        if !(dt.is_finite() && dt > 0.0) {
            return Err(SdeError::InvalidParameter {
                name: "dt",
                value: dt,
                constraint: "finite and > 0",
            });
        }
        Ok(Self {
            replicas,
            killed: 1,
            dt,
            seed,
            z_a: 0.0,
            z_b: 1.0,
            max_steps: 100_000_000,
            max_iterations: 1_000_000_000,
            bridge: None,
        })
    }

    /// The sets `A = {ξ ≤ z_a}`, `B = {ξ ≥ z_b}`.
    ///
    /// # Errors
    /// [`SdeError::InvalidParameter`] unless `z_a < z_b`, both finite.
    pub fn with_levels(mut self, z_a: f64, z_b: f64) -> Result<Self> {
        for (name, v) in [("z_A", z_a), ("z_B", z_b)] {
            if !v.is_finite() {
                return Err(SdeError::InvalidParameter {
                    name,
                    value: v,
                    constraint: "finite",
                });
            }
        }
        if z_a >= z_b {
            return Err(SdeError::InvalidParameter {
                name: "z_B",
                value: z_b,
                constraint: "> z_A",
            });
        }
        self.z_a = z_a;
        self.z_b = z_b;
        Ok(self)
    }

    /// At least `k` replicas killed per iteration (`1 ≤ k < n`); larger `k`
    /// means fewer, more parallel iterations at a slightly larger variance.
    ///
    /// # Errors
    /// [`SdeError::InvalidParameter`] unless `1 ≤ k < n`.
    pub fn with_killed(mut self, k: usize) -> Result<Self> {
        if k == 0 || k >= self.replicas {
            return Err(SdeError::InvalidParameter {
                name: "killed per iteration",
                value: k as f64,
                constraint: "≥ 1 and < replicas",
            });
        }
        self.killed = k;
        Ok(self)
    }

    /// At most `steps` time steps on one replica's path (from `x0`); a path
    /// in neither set by then is an error, not a hang.
    ///
    /// # Errors
    /// [`SdeError::InvalidParameter`] for `steps = 0`.
    pub fn with_max_steps(mut self, steps: u64) -> Result<Self> {
        if steps == 0 {
            return Err(SdeError::InvalidParameter {
                name: "max steps per replica",
                value: 0.0,
                constraint: "≥ 1",
            });
        }
        self.max_steps = steps;
        Ok(self)
    }

    /// At most `n` iterations (levels); beyond is an error, not a hang.
    ///
    /// # Errors
    /// [`SdeError::InvalidParameter`] for `n = 0`.
    pub fn with_max_iterations(mut self, n: u64) -> Result<Self> {
        if n == 0 {
            return Err(SdeError::InvalidParameter {
                name: "max iterations",
                value: 0.0,
                constraint: "≥ 1",
            });
        }
        self.max_iterations = n;
        Ok(self)
    }

    /// The Brownian-bridge monitor (`proofs-notes/ams.md` §10): a step
    /// between two grid points inside `domain` also ends the path in `B`
    /// with the probability `exp(−2 d₀ d₁/(a_n dt))` that the bridge between
    /// them left the domain — the exit driver's test
    /// ([`crate::ExitTimes::run_bridged`]), drawn from the auxiliary stream
    /// of the path's stream. `B = {ξ ≥ z_B}` must be the outside of
    /// `domain` (e.g. `ξ` a [`crate::DomainGauge`] of `domain`, `z_B = 1`):
    /// the bridge then removes the `O(√dt)` bias of checking `B` at the grid
    /// points only, as it does for plain Monte Carlo. The loops of
    /// [`crate::TransitionTime`] test it on their way down from `Σ`, not on
    /// the climb to `Σ` (where, `Σ` inside the domain, the crossing
    /// probability underflows to 0 unless `Σ` lies within a few `√(a_n dt)`
    /// of the boundary).
    #[must_use]
    pub fn with_bridge(mut self, domain: FlatDomain) -> Self {
        self.bridge = Some(domain);
        self
    }

    /// One splitting run of `sde` with `integrator` from `x0` (module docs).
    ///
    /// # Errors
    /// The driver's input errors (dimension, non-finite `x0`, noise class);
    /// [`SdeError::InvalidParameter`] if `ξ(x0)` is not strictly between
    /// `z_A` and `z_B`; [`SdeError::NonFinite`] (path = the stream) at a
    /// numerical blow-up; [`SdeError::NotFiniteCoordinate`] if `ξ` returns
    /// NaN; [`SdeError::SplittingHorizon`] past the step or iteration caps.
    pub fn run<S, I, C>(&self, sde: &S, integrator: &I, x0: &[f64], xi: &C) -> Result<SplittingRun>
    where
        S: Sde,
        I: Integrator<S>,
        C: ReactionCoordinate,
    {
        check_point(x0, sde.dim())?;
        let z0 = xi.value(x0);
        if !(z0 > self.z_a && z0 < self.z_b) {
            return Err(SdeError::InvalidParameter {
                name: "ξ(x0)",
                value: z0,
                constraint: "strictly between z_A and z_B",
            });
        }
        let a_n = normal_diffusion_of(sde);
        let bridge = self.bridge_test(sde, &a_n)?;
        self.run_process(&SdeProcess { sde, integrator }, x0, xi, bridge.as_ref())
    }

    /// A start `x` with `ξ(x) = z` that is outside the bridge's domain
    /// (on a face) while `ξ` does not put it in `B` contradicts "`B` is the
    /// domain's outside": `InvalidParameter` naming the face. A start in `B`
    /// by `ξ` is a replica that ended there after 0 steps.
    pub(crate) fn check_inside_bridge(&self, x: &[f64], z: f64) -> Result<()> {
        match self.bridge.as_ref().and_then(|b| b.exit_boundary(x)) {
            Some(face) if z < self.z_b => Err(SdeError::InvalidParameter {
                name: "start outside the bridge's domain (face)",
                value: face as f64,
                constraint: "inside the domain whose outside is B = {ξ ≥ z_B}",
            }),
            _ => Ok(()),
        }
    }

    /// The bridge test of [`Splitting::with_bridge`] for `sde`, if any.
    pub(crate) fn bridge_test<'a, S: Sde>(
        &'a self,
        sde: &S,
        a_n: NormalDiffusion<'a>,
    ) -> Result<Option<BridgeTest<'a>>> {
        let Some(domain) = &self.bridge else {
            return Ok(None);
        };
        if domain.dim() != sde.dim() {
            return Err(SdeError::DimensionMismatch {
                what: "the bridge's domain",
                expected: sde.dim(),
                found: domain.dim(),
            });
        }
        Ok(Some(BridgeTest::new(sde, domain, a_n, self.dt)))
    }

    /// As [`Splitting::run`], replica `j` starting at point `j mod c` of
    /// `starts` (`c` points, `dim` values each, concatenated): splitting from
    /// an empirical initial law, e.g. the entrance points of a level set
    /// ([`crate::rare::TransitionTime`]). A start already in `B` is a
    /// replica that ended there after 0 steps.
    ///
    /// # Errors
    /// As [`Splitting::run`]; a start in `A` (`ξ ≤ z_A`) or a length that
    /// is not a positive multiple of the dimension is `InvalidParameter`.
    pub fn run_from<S, I, C>(
        &self,
        sde: &S,
        integrator: &I,
        starts: &[f64],
        xi: &C,
    ) -> Result<SplittingRun>
    where
        S: Sde,
        I: Integrator<S>,
        C: ReactionCoordinate,
    {
        let a_n = normal_diffusion_of(sde);
        let bridge = self.bridge_test(sde, &a_n)?;
        self.run_process(&SdeProcess { sde, integrator }, starts, xi, bridge.as_ref())
    }

    fn run_process<P: PathProcess, C: ReactionCoordinate>(
        &self,
        process: &P,
        starts: &[f64],
        xi: &C,
        bridge: Option<&BridgeTest<'_>>,
    ) -> Result<SplittingRun> {
        let d = process.dim();
        if starts.is_empty() || !starts.len().is_multiple_of(d) {
            return Err(SdeError::DimensionMismatch {
                what: "splitting starts (a positive multiple of the dimension)",
                expected: d,
                found: starts.len(),
            });
        }
        for x0 in starts.chunks(d) {
            check_point(x0, d)?;
            process.check(x0, self.dt)?;
            let z0 = xi.value(x0);
            if z0.is_nan() || z0 <= self.z_a {
                return Err(SdeError::InvalidParameter {
                    name: "ξ(start)",
                    value: z0,
                    constraint: "> z_A (a start outside A)",
                });
            }
            self.check_inside_bridge(x0, z0)?;
        }
        let count = starts.len() / d;
        let streams = StreamFactory::new(self.seed);
        let n = self.replicas;
        let sim = Simulation {
            process,
            xi,
            streams: &streams,
            dt: self.dt,
            z_a: self.z_a,
            z_b: self.z_b,
            max_steps: self.max_steps,
            dim: process.dim(),
            bridge,
        };
        let initial = |j: usize| {
            let x0 = &starts[(j % count) * d..(j % count + 1) * d];
            sim.replica(stream_of(0, j, n)?, Start::Fresh(x0))
        };
        let mut reps = par_map(n, &initial)?;
        let mut steps: u64 = reps.iter().map(|r| r.steps).sum();
        let mut selector = streams.path(0);
        let (mut ln_weight, mut iterations, mut resampled, mut extinct) =
            (0.0f64, 0u64, 0u64, false);
        let mut sorted = Vec::with_capacity(n);
        loop {
            sorted.clear();
            sorted.extend(reps.iter().map(Replica::max));
            sorted.sort_by(f64::total_cmp);
            let z = sorted[self.killed - 1];
            if z >= self.z_b {
                break;
            }
            let (killed, survivors): (Vec<usize>, Vec<usize>) =
                (0..n).partition(|&i| reps[i].max() <= z);
            if survivors.is_empty() {
                extinct = true;
                break;
            }
            iterations += 1;
            if iterations > self.max_iterations {
                return Err(SdeError::SplittingHorizon {
                    what: "iterations",
                    limit: self.max_iterations,
                });
            }
            ln_weight += (-(killed.len() as f64) / n as f64).ln_1p();
            resampled += killed.len() as u64;
            let parents: Vec<usize> = killed
                .iter()
                .map(|_| survivors[selector.random_range(0..survivors.len())])
                .collect();
            let reps_ref = &reps;
            let branch = |i: usize| {
                let parent = &reps_ref[parents[i]];
                let cut = parent.first_above(z);
                sim.replica(
                    stream_of(iterations, killed[i], n)?,
                    Start::Branch(parent, cut),
                )
            };
            let children = par_map(killed.len(), &branch)?;
            for (slot, child) in killed.into_iter().zip(children) {
                steps += child.steps;
                reps[slot] = child;
            }
        }
        let reached_b = if extinct {
            0
        } else {
            reps.iter().filter(|r| r.end == End::B).count()
        };
        let ln_probability = ln_weight + (reached_b as f64 / n as f64).ln();
        let in_b: Vec<f64> = reps
            .iter()
            .filter(|r| r.end == End::B && !extinct)
            .map(|r| r.len as f64)
            .collect();
        let reactive_steps = in_b.iter().sum::<f64>() / in_b.len() as f64;
        Ok(SplittingRun {
            probability: ln_probability.exp(),
            ln_probability,
            iterations,
            resampled,
            reached_b,
            extinct,
            steps,
            replicas: n,
            killed: self.killed,
            seed: self.seed,
            levels: reps.iter().map(Replica::max).collect(),
            reactive_steps,
            ideal_relative_se: (-ln_probability / n as f64).sqrt(),
        })
    }
}

/// Streams from 2⁶³ on belong to the loops of [`crate::rare::TransitionTime`].
pub(crate) const LOOP_STREAMS: u64 = 1 << 63;

/// The stream of replica `j` of iteration `q`: `q·n + j + 1` (0 is the
/// survivor selection's), below [`LOOP_STREAMS`].
fn stream_of(q: u64, j: usize, n: usize) -> Result<u64> {
    q.checked_mul(n as u64)
        .and_then(|v| v.checked_add(j as u64 + 1))
        .filter(|&v| v < LOOP_STREAMS)
        .ok_or(SdeError::SplittingHorizon {
            what: "streams (iterations × replicas)",
            limit: LOOP_STREAMS,
        })
}

/// Runs `body(0..m)` in parallel, results in index order (non-generic:
/// rayon's machinery is compiled once, as `ensemble::schedule`).
fn par_map(m: usize, body: &(dyn Fn(usize) -> Result<Replica> + Sync)) -> Result<Vec<Replica>> {
    (0..m).into_par_iter().map(body).collect()
}

/// One replica's path, kept only at its *records*: the grid points where
/// `ξ` exceeds every earlier value. A branch at level `z` starts at the
/// parent's first grid point with `ξ > z`, which is always a record, so the
/// records are all a branch needs; storing them instead of the whole path
/// keeps memory at `O(records)` (typically tens) per replica and takes the
/// per-step stores out of the loop.
#[derive(Debug, Clone)]
struct Replica {
    /// `dim` values per record.
    states: Vec<f64>,
    /// `ξ` at the records, strictly increasing; the last is the maximum.
    levels: Vec<f64>,
    /// The grid index (steps from the replica's start) of each record.
    at: Vec<u64>,
    end: End,
    /// The path's length in steps, from its start (copied part included).
    len: u64,
    /// Steps this replica simulated itself (not those copied from a parent).
    steps: u64,
}

impl Replica {
    /// `max_t ξ(X_t)` (the last record).
    fn max(&self) -> f64 {
        *self
            .levels
            .last()
            .expect("a replica has its start as a record")
    }

    /// The first record whose level exceeds `z` — the first grid point
    /// with `ξ > z` (exists for a survivor: its maximum does).
    fn first_above(&self, z: f64) -> usize {
        let i = self.levels.partition_point(|&l| l <= z);
        assert!(
            i < self.levels.len(),
            "a survivor's maximum exceeds the level"
        );
        i
    }
}

enum Start<'a> {
    Fresh(&'a [f64]),
    /// Continue from grid point `cut` of a parent.
    Branch(&'a Replica, usize),
}

struct Simulation<'a, P, C> {
    process: &'a P,
    xi: &'a C,
    streams: &'a StreamFactory,
    dt: f64,
    z_a: f64,
    z_b: f64,
    max_steps: u64,
    dim: usize,
    bridge: Option<&'a BridgeTest<'a>>,
}

impl<P: PathProcess, C: ReactionCoordinate> Simulation<'_, P, C> {
    /// Runs from `start` with stream `stream` until `A` or `B`.
    fn replica(&self, stream: u64, start: Start<'_>) -> Result<Replica> {
        let d = self.dim;
        let (mut states, mut levels, mut at) = match start {
            Start::Fresh(x0) => (x0.to_vec(), vec![self.xi.value(x0)], vec![0]),
            Start::Branch(parent, cut) => (
                parent.states[..(cut + 1) * d].to_vec(),
                parent.levels[..=cut].to_vec(),
                parent.at[..=cut].to_vec(),
            ),
        };
        let k0 = *at.last().expect("a start record");
        let mut max = *levels.last().expect("a start record");
        if max >= self.z_b {
            // Already in B: a fresh start there, or a branch cut at the
            // parent's entrance into B (it jumped over Z straight into B).
            // The copy has then entered B with its parent and ends there;
            // stepping on would let it leave B again (a bias: the first
            // version did that).
            return Ok(Replica {
                states,
                levels,
                at,
                end: End::B,
                len: k0,
                steps: 0,
            });
        }
        let mut runner = self.process.runner(self.dt, self.streams);
        runner.start(self.streams, stream, &states[states.len() - d..]);
        let horizon = SdeError::SplittingHorizon {
            what: "steps on one replica's path (neither A nor B reached)",
            limit: self.max_steps,
        };
        if k0 >= self.max_steps {
            return Err(horizon);
        }
        let mut end = End::A;
        let mut track = self
            .bridge
            .map(|b| b.start(self.streams, stream, k0, &states[states.len() - d..]));
        let k = runner.advance_while(k0, |k, x| {
            let z = self.xi.value(x);
            if z > max {
                max = z;
                states.extend_from_slice(x);
                levels.push(z);
                at.push(k);
            } else if z.is_nan() {
                return Err(SdeError::NotFiniteCoordinate { stream, step: k });
            }
            if z >= self.z_b {
                end = End::B;
                Ok(false)
            } else if let (Some(b), Some(t)) = (self.bridge, track.as_mut())
                && b.fires(t, k, x)
            {
                // Left the domain between the grid points: in B at step
                // k, recorded at level z_B (a branch cut there is in B).
                if max < self.z_b {
                    max = self.z_b;
                    if *at.last().expect("a start record") == k {
                        *levels.last_mut().expect("a start record") = self.z_b;
                    } else {
                        states.extend_from_slice(x);
                        levels.push(self.z_b);
                        at.push(k);
                    }
                }
                end = End::B;
                Ok(false)
            } else if z <= self.z_a {
                end = End::A;
                Ok(false)
            } else if k >= self.max_steps {
                Err(horizon.clone())
            } else {
                Ok(true)
            }
        })?;
        Ok(Replica {
            states,
            levels,
            at,
            end,
            len: k,
            steps: k - k0,
        })
    }
}
