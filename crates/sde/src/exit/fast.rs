//! The small-dimension fast path of the exit-time driver.
//!
//! For an SDE with `d = m = N ≤ 3` the driver dispatches once per run to a
//! loop monomorphised on the const dimension `N`: the state, the previous
//! state, the increments and the bridge's scratch (normal, unit vector,
//! diffusion column) are stack arrays `[f64; N]`, so after inlining the
//! compiler keeps the loop-carried state in registers and the integrator's
//! step, the domain's tests and the bridge's normal diffusion become
//! straight-line code — instead of storing and reloading them through the
//! heap buffers of the generic [`PathStepper`](crate::ensemble) every step.
//!
//! The arithmetic is the generic loop's, operation for operation: the same
//! draws ([`draw_increments`]) from the same streams, the same
//! [`Integrator::step`] on a slice of the same length, the same finiteness
//! check and error, the same exit and bridge tests ([`bridge_fires_pq`],
//! [`normal_diffusion`] at `(t_k, x_k)`; for constant noise and flat pieces
//! the latter is a function of the piece alone and is computed once per
//! piece — the identical value). Floating-point results do not
//! depend on where the operands live, so the outcomes are bitwise those of
//! the generic loop (checked by the tests below for every mode and `N`).

use std::ops::Range;

use rand_chacha::ChaCha8Rng;

use crate::error::{Result, SdeError, all_finite};
use crate::exit::bridge::{bridge_fires_pq, normal_diffusion};
use crate::exit::domain::{Domain, FlatBoundary};
use crate::exit::outcome::Outcome;
use crate::increments::{ColdSite, draw_increments};
use crate::method::{Increment, Integrator};
use crate::model::Sde;
use crate::noise::NoiseClass;
use crate::stream::StreamFactory;

/// One chunk's outcomes: per path the discretely monitored outcome and, in
/// paired mode, the bridged one (`None` otherwise).
pub(super) type ChunkOutcomes = Vec<(Outcome, Option<Outcome>)>;

/// What the fast loop checks after each step that stays inside.
pub(super) trait FixedMonitor<const N: usize, S, D>: Sized {
    /// The monitor for a chunk; `on`: whether a switchable monitor
    /// ([`FixedBridge`]) tests at all (the others ignore it).
    fn new(streams: &StreamFactory, on: bool) -> Self;
    /// Positions the monitor on path `path` starting (inside) at `x0`.
    fn start(&mut self, domain: &D, streams: &StreamFactory, path: u64, x0: &[f64; N]);
    /// `Some(boundary)` if a crossing between `prev` (at time `t`) and the
    /// inside state `x` is detected.
    fn crossed(
        &mut self,
        sde: &S,
        domain: &D,
        t: f64,
        dt: f64,
        prev: &[f64; N],
        x: &[f64; N],
    ) -> Option<usize>;
}

/// Discrete monitoring: nothing between grid points.
pub(super) struct FixedDiscrete;

impl<const N: usize, S, D> FixedMonitor<N, S, D> for FixedDiscrete {
    #[inline(always)]
    fn new(_: &StreamFactory, _: bool) -> Self {
        FixedDiscrete
    }
    #[inline(always)]
    fn start(&mut self, _: &D, _: &StreamFactory, _: u64, _: &[f64; N]) {}
    #[inline(always)]
    fn crossed(
        &mut self,
        _: &S,
        _: &D,
        _: f64,
        _: f64,
        _: &[f64; N],
        _: &[f64; N],
    ) -> Option<usize> {
        None
    }
}

/// The Brownian-bridge crossing test (its scratch lives on the stack),
/// switched off at run time for discrete monitoring: off, it draws nothing
/// and never fires, so its outcomes are [`FixedDiscrete`]'s bit for bit, and
/// one compiled loop serves `--bridge on` and `off` (a branch per step that
/// is constant over the run).
pub(super) struct FixedBridge {
    on: bool,
    rng: ChaCha8Rng,
    /// Distance of the previous state to its nearest boundary piece.
    d0: f64,
    face: usize,
    /// The piece whose `q = a_n dt` is cached (`usize::MAX`: none yet).
    cached_face: usize,
    cached_q: f64,
}

impl<const N: usize, S: Sde, D: FlatBoundary> FixedMonitor<N, S, D> for FixedBridge {
    #[inline(always)]
    fn new(streams: &StreamFactory, on: bool) -> Self {
        Self {
            on,
            rng: streams.aux(0),
            d0: 0.0,
            face: 0,
            cached_face: usize::MAX,
            cached_q: 0.0,
        }
    }
    #[inline(always)]
    fn start(&mut self, domain: &D, streams: &StreamFactory, path: u64, x0: &[f64; N]) {
        if self.on {
            self.rng = streams.aux(path);
            (self.d0, self.face) = domain.boundary_distance(x0);
        }
    }
    #[inline(always)]
    fn crossed(
        &mut self,
        sde: &S,
        domain: &D,
        t: f64,
        dt: f64,
        prev: &[f64; N],
        x: &[f64; N],
    ) -> Option<usize> {
        if !self.on {
            return None;
        }
        let (d1, face1) = domain.boundary_distance(x);
        let (d0, face0) = (self.d0, self.face);
        (self.d0, self.face) = (d1, face1);
        let q_at = |face: usize| {
            let (mut normal, mut unit, mut col) = ([0.0; N], [0.0; N], [0.0; N]);
            domain.outward_normal_into(prev, face, &mut normal);
            normal_diffusion(sde, t, prev, &normal, &mut unit, &mut col) * dt
        };
        // Constant noise and flat pieces: `a_n` is a function of the piece
        // alone — the very value (same operations on the same operands)
        // the generic loop recomputes every step — so compute it once.
        let constant_noise = matches!(S::NOISE, NoiseClass::Isotropic | NoiseClass::Additive);
        let q = if constant_noise && domain.constant_normals() {
            if face0 != self.cached_face {
                (self.cached_face, self.cached_q) = (face0, q_at(face0));
            }
            self.cached_q
        } else {
            q_at(face0)
        };
        bridge_fires_pq(&mut self.rng, 2.0 * d0 * d1, q).then_some(face0)
    }
}

/// A validated run of an SDE with `d = m`, borrowed by every chunk.
pub(super) struct FixedRun<'a, S, I, D> {
    pub(super) sde: &'a S,
    pub(super) integrator: &'a I,
    pub(super) domain: &'a D,
    pub(super) streams: &'a StreamFactory,
    pub(super) x0: &'a [f64],
    pub(super) dt: f64,
    pub(super) max_steps: u64,
    pub(super) t_max: f64,
    /// Whether a switchable monitor tests ([`FixedMonitor::new`]'s `on`).
    pub(super) bridge: bool,
}

/// The `LANE` tag of the rare one-lane loops (the lone lane finishing a
/// chunk, the one-path fallback): their draws share the cold sampler
/// ([`ColdSite`]); lanes 0 and 1 of the lockstep loop each inline their own.
const COLD_LANE: usize = 2;

/// A finished path's outcomes (discrete, and bridged in paired mode).
type Finished = (Outcome, Option<Outcome>);

/// One lane of the lockstep loop: its workspace and monitor, and the path
/// in flight (`None`: no path left to start).
struct Lane<const N: usize, W, M> {
    ws: W,
    monitor: M,
    path: Option<InFlight<N>>,
}

/// The path a lane is running: its stream, state, step index and, in
/// paired mode, the bridged outcome once the monitor has fired.
struct InFlight<const N: usize> {
    path: u64,
    rng: ChaCha8Rng,
    x: [f64; N],
    k: u64,
    bridged: Option<Outcome>,
}

impl<S: Sde, I: Integrator<S>, D: Domain> FixedRun<'_, S, I, D> {
    /// The outcomes of the paths `range` with the state in `[f64; N]`
    /// (`N` must equal `d` and `m`). `PAIRED`: keep running after the
    /// monitor fires (recording its outcome) until the discrete exit, as
    /// `ExitTimes::run_discrete_and_bridged`.
    ///
    /// Two lanes step two paths in lockstep, each lane taking the next path
    /// of the range when its path ends: one path's step is bounded by the
    /// latency of the dependency chain through its state, and two
    /// independent chains overlap (`proofs-notes/exit-fast-path.md`). Each
    /// path keeps its own streams, workspace, monitor and arithmetic, so its
    /// outcomes are bitwise the one-path loop's; if a path fails, the range
    /// is re-run one path at a time, which reports the first failing path.
    ///
    /// # Errors
    /// [`SdeError::NonFinite`] for the first path of the range that blows up.
    pub(super) fn chunk<const N: usize, M: FixedMonitor<N, S, D>, const PAIRED: bool>(
        &self,
        range: Range<u64>,
    ) -> Result<ChunkOutcomes> {
        let x0: [f64; N] = self
            .x0
            .try_into()
            .map_err(|_| SdeError::DimensionMismatch {
                what: "x0",
                expected: N,
                found: self.x0.len(),
            })?;
        if let Some(b) = self.domain.exit_boundary(&x0) {
            let at_start = Outcome::Exited {
                t: 0.0,
                point: x0.to_vec(),
                boundary: b,
            };
            return Ok(range.map(|_| (at_start.clone(), None)).collect());
        }
        match self.lanes::<N, M, PAIRED>(range.clone(), &x0) {
            Some(out) => Ok(out),
            None => self.one_by_one::<N, M, PAIRED>(range, &x0),
        }
    }

    /// The paths `range` one at a time; the first failure ends the range.
    fn one_by_one<const N: usize, M: FixedMonitor<N, S, D>, const PAIRED: bool>(
        &self,
        range: Range<u64>,
        x0: &[f64; N],
    ) -> Result<ChunkOutcomes> {
        let mut lane = self.lane::<N, M>();
        let mut out = Vec::with_capacity((range.end - range.start) as usize);
        for path in range {
            let mut next = path;
            self.launch(&mut lane, &mut next, path + 1, x0);
            let Lane {
                ws,
                monitor,
                path: Some(p),
            } = &mut lane
            else {
                unreachable!("a path was launched")
            };
            loop {
                if let Some(done) = self.advance::<N, M, PAIRED, COLD_LANE>(ws, monitor, p)? {
                    out.push(done);
                    break;
                }
            }
        }
        Ok(out)
    }

    /// The paths `range` in two lanes; `None` if a path fails.
    fn lanes<const N: usize, M: FixedMonitor<N, S, D>, const PAIRED: bool>(
        &self,
        range: Range<u64>,
        x0: &[f64; N],
    ) -> Option<ChunkOutcomes> {
        let (first, end) = (range.start, range.end);
        let mut out: Vec<Option<Finished>> = vec![None; (end - first) as usize];
        let mut next = first;
        let (mut a, mut b) = (self.lane::<N, M>(), self.lane::<N, M>());
        self.launch(&mut a, &mut next, end, x0);
        self.launch(&mut b, &mut next, end, x0);
        // Both lanes busy: step them in lockstep until one path ends.
        while let (
            Lane {
                ws: wa,
                monitor: ma,
                path: Some(pa),
            },
            Lane {
                ws: wb,
                monitor: mb,
                path: Some(pb),
            },
        ) = (&mut a, &mut b)
        {
            let (fa, fb) = loop {
                let fa = self.advance::<N, M, PAIRED, 0>(wa, ma, pa).ok()?;
                let fb = self.advance::<N, M, PAIRED, 1>(wb, mb, pb).ok()?;
                if fa.is_some() || fb.is_some() {
                    break (fa, fb);
                }
            };
            for (lane, done) in [(&mut a, fa), (&mut b, fb)] {
                if let Some(done) = done {
                    let p = lane.path.as_ref().expect("the lane was busy");
                    out[(p.path - first) as usize] = Some(done);
                    self.launch(lane, &mut next, end, x0);
                }
            }
        }
        // No path left to start: finish the lane still busy, if any.
        for lane in [&mut a, &mut b] {
            if let Lane {
                ws,
                monitor,
                path: Some(p),
            } = lane
            {
                loop {
                    if let Some(done) = self
                        .advance::<N, M, PAIRED, COLD_LANE>(ws, monitor, p)
                        .ok()?
                    {
                        out[(p.path - first) as usize] = Some(done);
                        break;
                    }
                }
            }
        }
        Some(
            out.into_iter()
                .map(|o| o.expect("every path of the range ran"))
                .collect(),
        )
    }

    /// An idle lane.
    fn lane<const N: usize, M: FixedMonitor<N, S, D>>(&self) -> Lane<N, I::Workspace, M> {
        Lane {
            ws: self.integrator.workspace(self.sde),
            monitor: M::new(self.streams, self.bridge),
            path: None,
        }
    }

    /// Starts path `*next` (inside) at `x0` in `lane` and moves `next` on;
    /// leaves the lane idle if `*next == end`.
    fn launch<const N: usize, M: FixedMonitor<N, S, D>>(
        &self,
        lane: &mut Lane<N, I::Workspace, M>,
        next: &mut u64,
        end: u64,
        x0: &[f64; N],
    ) {
        lane.path = (*next < end).then(|| {
            let path = *next;
            *next += 1;
            self.integrator.start_path(self.sde, &mut lane.ws, x0);
            lane.monitor.start(self.domain, self.streams, path, x0);
            InFlight {
                path,
                rng: self.streams.path(path),
                x: *x0,
                k: 0,
                bridged: None,
            }
        });
    }

    /// One step of the path in flight `p`: `Some` outcomes once it has left
    /// the domain or reached the horizon. `LANE` only tags the sampling
    /// site: lanes 0 and 1 inline their own sampler (`SiteRng`), the cold
    /// loops ([`COLD_LANE`]) share one.
    #[inline(always)]
    fn advance<const N: usize, M: FixedMonitor<N, S, D>, const PAIRED: bool, const LANE: usize>(
        &self,
        ws: &mut I::Workspace,
        monitor: &mut M,
        p: &mut InFlight<N>,
    ) -> Result<Option<Finished>> {
        let k = p.k;
        if k == self.max_steps {
            let censored = Outcome::Censored { t_max: self.t_max };
            return Ok(Some((censored, p.bridged.take())));
        }
        let (dt, sqrt_dt, dz_scale) = (self.dt, self.dt.sqrt(), 0.5 * self.dt * self.dt.sqrt());
        let dz_len = if I::NEEDS_DZ { N } else { 0 };
        let (mut dw, mut dz) = ([0.0f64; N], [0.0f64; N]);
        let prev = p.x;
        if const { LANE == COLD_LANE } {
            draw_increments::<S, I, ColdSite>(
                &mut p.rng,
                sqrt_dt,
                dz_scale,
                &mut dw,
                &mut dz[..dz_len],
            );
        } else {
            draw_increments::<S, I, (S, I, D, M, [(); N], [(); LANE])>(
                &mut p.rng,
                sqrt_dt,
                dz_scale,
                &mut dw,
                &mut dz[..dz_len],
            );
        }
        let t = k as f64 * dt;
        let inc = Increment {
            dw: &dw,
            dz: &dz[..dz_len],
        };
        self.integrator.step(self.sde, ws, t, dt, &mut p.x, inc);
        p.k = k + 1;
        let t1 = (k + 1) as f64 * dt;
        if !all_finite(&p.x) {
            return Err(non_finite(p.path, k, t1));
        }
        if let Some(b) = self.domain.exit_boundary(&p.x) {
            return Ok(Some((exited(t1, p.x, b), p.bridged.take())));
        }
        // Paired mode: once the bridge has fired, stop testing and run on
        // to the discrete exit.
        if !(PAIRED && p.bridged.is_some())
            && let Some(b) = monitor.crossed(self.sde, self.domain, t, dt, &prev, &p.x)
        {
            let o = exited(t1, p.x, b);
            if !PAIRED {
                return Ok(Some((o, None)));
            }
            p.bridged = Some(o);
        }
        Ok(None)
    }
}

/// The outcome of a path that left through `boundary` at `(t, x)`. The
/// exit point is passed by value: a reference would let the state's
/// address escape into `to_vec`.
#[inline]
fn exited<const N: usize>(t: f64, x: [f64; N], boundary: usize) -> Outcome {
    Outcome::Exited {
        t,
        point: x.to_vec(),
        boundary,
    }
}

#[cold]
fn non_finite(path: u64, k: u64, t: f64) -> SdeError {
    SdeError::NonFinite {
        path,
        step: k + 1,
        t,
    }
}

#[cfg(test)]
mod tests {
    use crate::ensemble::NoStore;
    use crate::exit::domain::{Ball, BoxDomain, FlatBoundary, HalfSpace, Interval};
    use crate::exit::driver::ExitTimes;
    use crate::exit::outcome::Outcome;
    use crate::exit::outcome::tests::bits;
    use crate::{
        DiagonalNoise, EulerMaruyama, FnDrift, Integrator, KloedenPlaten15, Sde, SdeError, SdeModel,
    };

    /// The fast path's three estimators equal the generic loop's bit for bit.
    fn assert_same<S: Sde, I: Integrator<S>, D: FlatBoundary>(
        run: &ExitTimes,
        sde: &S,
        integrator: &I,
        x0: &[f64],
        domain: &D,
    ) {
        let (plain, bridged, paired) = run.generic(sde, integrator, x0, domain);
        let (plain, bridged, (pp, pb)) = (plain.unwrap(), bridged.unwrap(), paired.unwrap());
        let fast_plain = run.run(sde, integrator, x0, domain).unwrap();
        let fast_bridged = run.run_bridged(sde, integrator, x0, domain).unwrap();
        let (fp, fb) = run
            .run_discrete_and_bridged(sde, integrator, x0, domain)
            .unwrap();
        assert_eq!(bits(&fast_plain), bits(&plain));
        assert_eq!(bits(&fast_bridged), bits(&bridged));
        // The bridge switched at run time gives either run, bit for bit.
        for (on, want) in [(false, &plain), (true, &bridged)] {
            let switched = run
                .run_monitored_stored(sde, integrator, x0, domain, on, &NoStore)
                .unwrap();
            assert_eq!(bits(&switched), bits(want), "bridge {on}");
        }
        assert_eq!(bits(&fp), bits(&pp));
        assert_eq!(bits(&fb), bits(&pb));
        // The run exercises both outcomes and the bridge.
        assert!(plain.exited() > 0 && plain.censored() > 0);
        assert!(bridged.exited() > plain.exited() || bits(&bridged) != bits(&plain));
    }

    /// An Ornstein–Uhlenbeck drift `−x` in `Rᴺ` with diagonal noise 0.8.
    fn ou(n: usize) -> SdeModel<impl crate::Drift, DiagonalNoise> {
        let drift = FnDrift::new(n, |_t: f64, x: &[f64], out: &mut [f64]| {
            for (o, x) in out.iter_mut().zip(x) {
                *o = -x;
            }
        })
        .unwrap();
        SdeModel::new(drift, DiagonalNoise::new(vec![0.8; n]).unwrap()).unwrap()
    }

    #[test]
    fn fast_path_equals_the_generic_loop_bitwise() {
        // Horizon 1 with dt = 1e-2: some paths exit, some are censored.
        let run = ExitTimes::new(60, 1e-2, 1.0, 17)
            .unwrap()
            .with_chunk_size(7)
            .unwrap();
        let sde1 = ou(1);
        let kp = KloedenPlaten15::for_sde(&sde1).unwrap();
        let iv = Interval::new(-0.6, 0.5).unwrap();
        assert_same(&run, &sde1, &EulerMaruyama, &[0.1], &iv);
        // ΔZ drawn too (the order-1.5 scheme).
        assert_same(&run, &sde1, &kp, &[0.1], &iv);
        let sde2 = ou(2);
        let hs = HalfSpace::new(vec![1.0, 0.5], 0.4).unwrap();
        assert_same(&run, &sde2, &EulerMaruyama, &[0.0, 0.1], &hs);
        let sde3 = ou(3);
        let bx = BoxDomain::new(vec![-0.7; 3], vec![0.6; 3]).unwrap();
        assert_same(&run, &sde3, &EulerMaruyama, &[0.0; 3], &bx);
        let ball = Ball::new(vec![0.1; 3], 0.7).unwrap();
        assert_same(&run, &sde3, &kp, &[0.0; 3], &ball);
    }

    /// `x' = 0` below 0.6 and `10³⁰⁰ x` above, noise 1, a domain wide enough
    /// not to be left first (±10³⁰⁸): a path
    /// overflows on the step after it first passes 0.6 — some paths do, at
    /// different steps, others are censored at the horizon. The lanes
    /// report the first failing path (not path 0) with its step and time,
    /// as the generic loop does, in all three modes.
    #[test]
    fn lanes_report_the_first_failing_path_as_the_generic_loop() {
        let drift = FnDrift::new(1, |_t: f64, x: &[f64], out: &mut [f64]| {
            out[0] = if x[0] > 0.6 { 1e300 * x[0] } else { 0.0 };
        })
        .unwrap();
        let sde = SdeModel::new(drift, DiagonalNoise::new(vec![1.0]).unwrap()).unwrap();
        let wide = Interval::new(-1e308, 1e308).unwrap();
        let run = ExitTimes::new(24, 0.01, 0.3, 6)
            .unwrap()
            .with_chunk_size(7)
            .unwrap();
        let (plain, bridged, paired) = run.generic(&sde, &EulerMaruyama, &[0.0], &wide);
        let expected = plain.unwrap_err();
        assert!(
            matches!(expected, SdeError::NonFinite { path, .. } if path > 0),
            "{expected:?}: path 0 fails, pick another seed"
        );
        assert_eq!(bridged.unwrap_err(), expected);
        assert_eq!(paired.unwrap_err(), expected);
        let fast = run.run(&sde, &EulerMaruyama, &[0.0], &wide);
        assert_eq!(fast.unwrap_err(), expected);
        let fast = run.run_bridged(&sde, &EulerMaruyama, &[0.0], &wide);
        assert_eq!(fast.unwrap_err(), expected);
        let fast = run.run_discrete_and_bridged(&sde, &EulerMaruyama, &[0.0], &wide);
        assert_eq!(fast.unwrap_err(), expected);
    }

    #[test]
    fn fast_path_reports_the_same_blow_up_and_start_outside() {
        // x' = 10¹⁰ x: ×(1 + 10¹⁰) per unit step, +∞ at step 31 on path 0
        // (the domain is wide enough not to be left first).
        let drift = FnDrift::new(1, |_t: f64, x: &[f64], out: &mut [f64]| {
            out[0] = 1e10 * x[0];
        })
        .unwrap();
        let sde = SdeModel::new(drift, DiagonalNoise::new(vec![0.1]).unwrap()).unwrap();
        let run = ExitTimes::new(5, 1.0, 100.0, 1).unwrap();
        let wide = Interval::new(-1e308, 1e308).unwrap();
        let (plain, bridged, paired) = run.generic(&sde, &EulerMaruyama, &[1.0], &wide);
        let expected = SdeError::NonFinite {
            path: 0,
            step: 31,
            t: 31.0,
        };
        assert_eq!(plain.unwrap_err(), expected);
        assert_eq!(bridged.unwrap_err(), expected);
        assert_eq!(paired.unwrap_err(), expected);
        let fast = run.run_bridged(&sde, &EulerMaruyama, &[1.0], &wide);
        assert_eq!(fast.unwrap_err(), expected);
        let fast = run.run_discrete_and_bridged(&sde, &EulerMaruyama, &[1.0], &wide);
        assert_eq!(fast.unwrap_err(), expected);
        // A start outside exits at t = 0 in both estimators.
        let (p, b) = run
            .run_discrete_and_bridged(
                &sde,
                &EulerMaruyama,
                &[2.0],
                &Interval::new(0.0, 1.0).unwrap(),
            )
            .unwrap();
        let at_start = Outcome::Exited {
            t: 0.0,
            point: vec![2.0],
            boundary: 1,
        };
        assert!(
            p.outcomes()
                .iter()
                .chain(b.outcomes())
                .all(|o| *o == at_start)
        );
    }
}
