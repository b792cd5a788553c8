//! Mean transition times from splitting (Cérou, Guyader, Lelièvre, Pommier,
//! *J. Chem. Phys.* 134 (2011) 054108): the mean time from `x_A ∈ A` to
//! `B = {ξ ≥ z_B}` when it is far too long to simulate.
//!
//! A level `Σ = {ξ ≥ z_Σ}` between `A = {ξ ≤ z_A}` and `B` cuts the way
//! into *loops*: from `A` up to `Σ`, then on to `A` (a failed loop) or to
//! `B` (the successful, reactive one). With `p` the probability that a
//! loop, started from the law of its entrance points on `Σ`, reaches `B`
//! before `A`, the number of failed loops is geometric with mean `1/p − 1`,
//! so
//! `T = (1/p − 1)·E[T_loop] + E[T_reac]`,
//! `E[T_loop]` the mean duration of a failed loop *from an entrance into
//! `A`*, `E[T_reac]` the first climb from `x_A` to `Σ` plus the reactive
//! part `Σ → B`. Plain Monte Carlo of `L` loops (cheap: `Σ` is near `A`)
//! gives `E[T_loop]`, the entrance points and — from each chain's warm-up
//! excursion out of `x_A`, not counted as a loop — the first climb;
//! splitting from the entrance points gives `p` and the reactive part.
//! (Counting the warm-ups as loops biases `T` by the warm-ups' share of the
//! loops times the extra climb from `x_A` inside `A`: +1.6 % at 400 loops
//! in the two-state study before this was fixed.) The loops are i.i.d.
//! exactly only if the entrance law does not depend on where the previous
//! loop ended in `A`;
//! in 1-D it is the overshoot law of the chain at `z_Σ`, nearly independent
//! of the start (`proofs-notes/ams.md` §6).
//!
//! Reproducibility: loop chain `c` draws from stream `2⁶³ + c` of the seed
//! (splitting uses the streams below 2⁶³); the number of chains is fixed
//! (`min(L, 16)`), not the number of threads.

use rayon::prelude::*;
use serde::Serialize;

use crate::ensemble::SdeProcess;
use crate::ensemble::process::{PathProcess, PathRunner, check_point};
use crate::error::{Result, SdeError};
use crate::method::Integrator;
use crate::model::Sde;
use crate::rare::ams::{LOOP_STREAMS, Splitting, SplittingRun};
use crate::rare::bridge::{BridgeTest, normal_diffusion_of};
use crate::rare::coordinate::{GuidedCoordinate, ReactionCoordinate};
use crate::stream::StreamFactory;

/// Loop chains run in parallel.
const CHAINS: usize = 16;

/// The estimator of the mean transition time `A → B` (module docs).
///
/// # Examples
/// ```
/// use sgdpde_sde::{EulerMaruyama, LinearDrift, DiagonalNoise, SdeModel, Splitting, TransitionTime};
/// // OU dX = −X dt + 0.5 dW: mean time from 0 to 1, loops through ξ = 0.2.
/// let sde = SdeModel::new(LinearDrift::new(vec![-1.0], vec![0.0])?, DiagonalNoise::new(vec![0.5])?)?;
/// let splitting = Splitting::new(100, 1e-3, 7)?.with_levels(0.0, 1.0)?.with_killed(10)?;
/// let run = TransitionTime::new(splitting, 0.2, 200)?.run(&sde, &EulerMaruyama, &[0.0], &|x: &[f64]| x[0])?;
/// assert!(run.mean_time > run.loop_time);
/// # Ok::<(), sgdpde_sde::SdeError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct TransitionTime {
    splitting: Splitting,
    z_sigma: f64,
    loops: usize,
}

/// One estimate of the mean transition time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TransitionRun {
    /// `T̂ = (1/p̂ − 1)·T̂_loop + T̂_reac`.
    pub mean_time: f64,
    /// Relative standard error of `T̂` from the estimator's own variances:
    /// `√(se_p² + se_loop²)`, `se_p` = [`SplittingRun::ideal_relative_se`]
    /// (a lower bound for a non-ideal coordinate) and `se_loop` the
    /// relative standard error of the mean loop duration.
    pub relative_se: f64,
    /// `p̂`: a loop from `Σ` reaches `B` before `A`.
    pub probability: f64,
    /// Mean duration of a failed stationary loop `A → Σ → A` (from an
    /// entrance into `A`; the warm-ups from `x_A` are not loops).
    pub loop_time: f64,
    /// Mean first climb `x_A → Σ`, over the warm-ups (the chains' starts and
    /// restarts at `x_A`).
    pub climb_time: f64,
    /// The first climb plus splitting's
    /// reactive part `Σ → B`.
    pub reactive_time: f64,
    /// Loops simulated: stationary loops and the warm-ups after restarts
    /// (each chain's first warm-up is extra).
    pub loops: usize,
    /// Stationary loops that reached `B` by themselves.
    pub loop_successes: usize,
    /// Time steps the loops simulated (the splitting's are in
    /// [`SplittingRun::steps`]).
    pub loop_steps: u64,
    /// The splitting run from the entrance points.
    pub splitting: SplittingRun,
}

impl TransitionTime {
    /// `loops` loops through `Σ = {ξ ≥ z_sigma}` and the splitting
    /// `splitting` (whose levels are `z_A`, `z_B`).
    ///
    /// # Errors
    /// [`SdeError::InvalidParameter`] unless `z_A < z_sigma < z_B` and
    /// `loops ≥ 2`.
    pub fn new(splitting: Splitting, z_sigma: f64, loops: usize) -> Result<Self> {
        if !(z_sigma > splitting.z_a && z_sigma < splitting.z_b) {
            return Err(SdeError::InvalidParameter {
                name: "z_Σ",
                value: z_sigma,
                constraint: "strictly between z_A and z_B",
            });
        }
        if loops < 2 {
            return Err(SdeError::InvalidParameter {
                name: "loops",
                value: loops as f64,
                constraint: "≥ 2",
            });
        }
        Ok(Self {
            splitting,
            z_sigma,
            loops,
        })
    }

    /// The mean time from `x_a` (with `ξ(x_a) < z_Σ`) to `B`.
    ///
    /// # Errors
    /// The splitting's errors; `InvalidParameter` for `ξ(x_a) ≥ z_Σ`;
    /// [`SdeError::SplittingHorizon`] for a loop longer than the
    /// splitting's step cap; `InvalidParameter` if fewer than 2 loops
    /// failed (then `Σ` is too close to `B` for the decomposition to help);
    /// [`SdeError::NoReactivePath`] if no replica reached `B` (`p̂ = 0`).
    pub fn run<S, I, C>(
        &self,
        sde: &S,
        integrator: &I,
        x_a: &[f64],
        xi: &C,
    ) -> Result<TransitionRun>
    where
        S: Sde,
        I: Integrator<S>,
        C: ReactionCoordinate,
    {
        self.run_split(sde, integrator, x_a, xi, &self.splitting, xi)
    }

    /// As [`TransitionTime::run`], the loops on `xi` (levels `z_A`, `z_Σ`,
    /// `z_B`) and the splitting from `Σ` on the [`GuidedCoordinate`] of
    /// `xi` and `guide` (levels 0 and 1): the same sets `A` and `B`, the
    /// way between them ordered by `guide` — e.g. a committor estimate,
    /// whose level sets make the splitting's variance near-optimal.
    ///
    /// # Errors
    /// As [`TransitionTime::run`].
    pub fn run_guided<S, I, C, G>(
        &self,
        sde: &S,
        integrator: &I,
        x_a: &[f64],
        xi: &C,
        guide: &G,
    ) -> Result<TransitionRun>
    where
        S: Sde,
        I: Integrator<S>,
        C: ReactionCoordinate,
        G: ReactionCoordinate,
    {
        let sp = &self.splitting;
        let guided = GuidedCoordinate::new(xi, sp.z_a, sp.z_b, guide)?;
        let split = sp.clone().with_levels(0.0, 1.0)?;
        self.run_split(sde, integrator, x_a, xi, &split, &guided)
    }

    /// The loops on `xi` with this estimator's levels, the splitting from
    /// their entrance points by `split` on `split_xi`, whose sets must be
    /// the same as `xi`'s.
    fn run_split<S, I, C, D>(
        &self,
        sde: &S,
        integrator: &I,
        x_a: &[f64],
        xi: &C,
        split: &Splitting,
        split_xi: &D,
    ) -> Result<TransitionRun>
    where
        S: Sde,
        I: Integrator<S>,
        C: ReactionCoordinate,
        D: ReactionCoordinate,
    {
        let process = SdeProcess { sde, integrator };
        check_point(x_a, process.dim())?;
        process.check(x_a, self.splitting.dt)?;
        let z = xi.value(x_a);
        if z.is_nan() || z >= self.z_sigma {
            return Err(SdeError::InvalidParameter {
                name: "ξ(x_A)",
                value: z,
                constraint: "< z_Σ",
            });
        }
        let streams = StreamFactory::new(self.splitting.seed);
        let chains = self.loops.min(CHAINS);
        let a_n = normal_diffusion_of(sde);
        let bridge = self.splitting.bridge_test(sde, &a_n)?;
        // ξ(x_A) < z_Σ < z_B: x_A on a face is always an error.
        self.splitting.check_inside_bridge(x_a, z)?;
        let chain = |c: usize| {
            let quota = self.loops / chains + usize::from(c < self.loops % chains);
            self.chain_loops(&process, &streams, c, x_a, xi, quota, bridge.as_ref())
        };
        let stats: Vec<Loops> = (0..chains)
            .into_par_iter()
            .map(chain)
            .collect::<Result<_>>()?;
        let d = process.dim();
        // Entrance points interleaved over the chains, so that the first n
        // the splitting uses come from every chain.
        let most = stats.iter().map(|s| s.entries.len() / d).max().unwrap_or(0);
        let mut entries = Vec::with_capacity(self.loops * d);
        for i in 0..most {
            for s in &stats {
                if let Some(x) = s.entries.get(i * d..(i + 1) * d) {
                    entries.extend_from_slice(x);
                }
            }
        }
        let fails: Vec<f64> = stats
            .iter()
            .flat_map(|s| s.fail_steps.iter().copied())
            .collect();
        let successes = stats.iter().map(|s| s.successes).sum();
        if fails.len() < 2 {
            return Err(SdeError::InvalidParameter {
                name: "failed loops",
                value: fails.len() as f64,
                constraint: "≥ 2 (Σ is too close to B: move z_Σ towards A)",
            });
        }
        let dt = self.splitting.dt;
        let nf = fails.len() as f64;
        let loop_mean = fails.iter().sum::<f64>() / nf;
        let loop_var = fails.iter().map(|v| (v - loop_mean).powi(2)).sum::<f64>() / (nf - 1.0);
        // The first climb, from x_a: the mean over the warm-ups.
        let climb = stats.iter().map(|s| s.first_climb_steps).sum::<u64>() as f64
            / stats.iter().map(|s| s.first_climbs).sum::<u64>() as f64;
        let splitting = split.run_from(sde, integrator, &entries, split_xi)?;
        if splitting.reached_b == 0 {
            return Err(SdeError::NoReactivePath {
                replicas: splitting.replicas,
                iterations: splitting.iterations,
                extinct: if splitting.extinct {
                    ", by extinction"
                } else {
                    ""
                },
            });
        }
        let p = splitting.probability;
        let reactive = climb + splitting.reactive_steps;
        let mean_steps = (1.0 / p - 1.0) * loop_mean + reactive;
        let se_loop = (loop_var / nf).sqrt() / loop_mean;
        Ok(TransitionRun {
            mean_time: mean_steps * dt,
            relative_se: (splitting.ideal_relative_se.powi(2) + se_loop.powi(2)).sqrt(),
            probability: p,
            loop_time: loop_mean * dt,
            climb_time: climb * dt,
            reactive_time: reactive * dt,
            loops: self.loops,
            loop_successes: successes,
            loop_steps: stats.iter().map(|s| s.steps).sum(),
            splitting,
        })
    }

    /// A warm-up from `x_a`, then `quota` consecutive excursions of chain
    /// `chain` (those after a restart are warm-ups again), on stream
    /// `2⁶³ + chain`; after a loop that reaches `B` by itself the chain
    /// restarts at `x_a` on its next stream, `2⁶³ + chain + 16·r` for the
    /// `r`-th restart (so no increment is drawn twice). With a `bridge`,
    /// the way down from `Σ` ends in `B` also when it fires (its uniforms
    /// from the auxiliary stream of the chain's stream).
    #[allow(clippy::too_many_arguments)]
    fn chain_loops<P: PathProcess, C: ReactionCoordinate>(
        &self,
        process: &P,
        streams: &StreamFactory,
        chain: usize,
        x_a: &[f64],
        xi: &C,
        quota: usize,
        bridge: Option<&BridgeTest<'_>>,
    ) -> Result<Loops> {
        let stream_of = |restart: u64| {
            (restart.checked_mul(CHAINS as u64))
                .and_then(|v| v.checked_add(LOOP_STREAMS + chain as u64))
                .ok_or(SdeError::SplittingHorizon {
                    what: "loop restarts (streams)",
                    limit: u64::MAX,
                })
        };
        let mut restarts = 0;
        let mut stream = stream_of(0)?;
        let sp = &self.splitting;
        let mut runner = process.runner(sp.dt, streams);
        runner.start(streams, stream, x_a);
        let mut track = bridge.map(|b| b.start(streams, stream, 0, x_a));
        let mut out = Loops {
            entries: Vec::new(),
            fail_steps: Vec::new(),
            successes: 0,
            first_climb_steps: 0,
            first_climbs: 0,
            steps: 0,
        };
        let horizon = SdeError::SplittingHorizon {
            what: "steps in one loop (neither A nor B reached)",
            limit: sp.max_steps,
        };
        // After each step: the coordinate (NaN is an error), and whether
        // to go on — an error once the loop has used its steps (the cap is
        // checked before every step, as at a loop's first).
        let level = |x: &[f64], k: u64, stream: u64| {
            let z = xi.value(x);
            if z.is_nan() {
                Err(SdeError::NotFiniteCoordinate { stream, step: k })
            } else {
                Ok(z)
            }
        };
        let cap = |on: bool, k: u64, start: u64| {
            if on && k - start >= sp.max_steps {
                Err(horizon.clone())
            } else {
                Ok(on)
            }
        };
        let mut k: u64 = 0;
        // The chain's first excursion, and the first after each restart,
        // starts at x_a rather than at an entrance into A: a warm-up. Its
        // climb is the decomposition's first climb; its duration and its
        // entrance point into Σ are not a stationary loop's (ams.md §6).
        let mut warm = true;
        let mut counted = 0;
        while counted < quota {
            let start = k;
            k = runner
                .advance_while(k, |k, x| cap(level(x, k, stream)? < self.z_sigma, k, start))?;
            if k - start >= sp.max_steps {
                return Err(horizon);
            }
            if warm {
                out.first_climb_steps += k - start;
                out.first_climbs += 1;
            } else {
                out.entries.extend_from_slice(runner.x());
            }
            let mut bridged = false;
            if let (Some(b), Some(t)) = (bridge, track.as_mut()) {
                b.arrive(t, k, runner.x());
            }
            k = runner.advance_while(k, |k, x| {
                let z = level(x, k, stream)?;
                if z < sp.z_b
                    && let (Some(b), Some(t)) = (bridge, track.as_mut())
                    && b.fires(t, k, x)
                {
                    bridged = true;
                    return Ok(false);
                }
                cap(z > sp.z_a && z < sp.z_b, k, start)
            })?;
            // The level the loop ended at (A or B): evaluated once more.
            let success = bridged || xi.value(runner.x()) >= sp.z_b;
            // Every excursion but the chain's very first (a warm-up with
            // no restart before it) counts towards the quota, so a chain
            // ends whatever p is.
            if !(warm && out.first_climbs == 1) {
                counted += 1;
            }
            if !warm {
                if success {
                    out.successes += 1;
                } else {
                    out.fail_steps.push((k - start) as f64);
                }
            }
            warm = success;
            if success {
                // Start afresh from x_a on a new stream (the step index
                // runs on, as a continued clock).
                restarts += 1;
                stream = stream_of(restarts)?;
                runner.start(streams, stream, x_a);
                track = bridge.map(|b| b.start(streams, stream, k, x_a));
            }
        }
        out.steps = k;
        Ok(out)
    }
}

/// One chain's loops.
struct Loops {
    /// Entrance points into `Σ`, `dim` values each.
    entries: Vec<f64>,
    /// Durations of the failed stationary loops, in steps.
    fail_steps: Vec<f64>,
    /// Stationary loops that reached `B` by themselves.
    successes: usize,
    /// Steps of the climbs from `x_a` to `Σ` (the warm-ups).
    first_climb_steps: u64,
    /// Warm-ups: the chain's start and its restarts.
    first_climbs: u64,
    /// All steps of the chain (its clock runs on over restarts).
    steps: u64,
}
