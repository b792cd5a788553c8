//! The per-path step loop shared by the ensemble and exit-time drivers.
//!
//! A [`PathStepper`] owns every buffer a path needs (state, `ΔW`, `ΔZ`, the
//! integrator's workspace) — allocated once per chunk and reused for every
//! path of the chunk — and advances one step: draw the increments from the
//! path's stream, call [`Integrator::step`], check finiteness. It is generic
//! over the model and the integrator, so the step compiles to straight-line
//! code: no allocation, no dynamic dispatch, no branch on options.

use rand_chacha::ChaCha8Rng;

use crate::ensemble::process::one_by_one;
use crate::error::{SdeError, all_finite};
use crate::increments::{ColdSite, draw_increments};
use crate::method::{Increment, Integrator};
use crate::model::{Sde, admits_dim};
use crate::stream::StreamFactory;

/// Tag of the stepper's any-dimension draw site (see `draw_increments`).
struct Generic;

/// Buffers and generator of the path currently being simulated.
pub(crate) struct PathStepper<'a, S: Sde, I: Integrator<S>> {
    sde: &'a S,
    integrator: &'a I,
    ws: I::Workspace,
    x: Vec<f64>,
    dw: Vec<f64>,
    dz: Vec<f64>,
    rng: ChaCha8Rng,
    dt: f64,
    sqrt_dt: f64,
    /// `½ dt^{3/2}`, the scale of `ΔZ`.
    dz_scale: f64,
    path: u64,
}

impl<'a, S: Sde, I: Integrator<S>> PathStepper<'a, S, I> {
    /// Buffers for `sde`, positioned on path 0 (call [`Self::start`]).
    pub(crate) fn new(sde: &'a S, integrator: &'a I, dt: f64, streams: &StreamFactory) -> Self {
        let m = sde.noise_dim();
        Self {
            sde,
            integrator,
            ws: integrator.workspace(sde),
            x: vec![0.0; sde.dim()],
            dw: vec![0.0; m],
            dz: vec![0.0; if I::NEEDS_DZ { m } else { 0 }],
            rng: streams.path(0),
            dt,
            sqrt_dt: dt.sqrt(),
            dz_scale: 0.5 * dt * dt.sqrt(),
            path: 0,
        }
    }

    /// Starts path `path` at `x0` with its own stream.
    #[inline]
    pub(crate) fn start(&mut self, streams: &StreamFactory, path: u64, x0: &[f64]) {
        self.rng = streams.path(path);
        self.path = path;
        self.x.copy_from_slice(x0);
        self.integrator.start_path(self.sde, &mut self.ws, x0);
    }

    /// The current state.
    #[inline]
    pub(crate) fn x(&self) -> &[f64] {
        &self.x
    }

    /// The noise dimension `m`.
    #[inline]
    pub(crate) fn noise_dim(&self) -> usize {
        self.dw.len()
    }

    /// Time of the grid point `k` (computed as `k·dt`, never accumulated).
    #[inline]
    pub(crate) fn time(&self, k: u64) -> f64 {
        k as f64 * self.dt
    }

    #[cold]
    fn non_finite(&self, k: u64) -> SdeError {
        SdeError::NonFinite {
            path: self.path,
            step: k + 1,
            t: self.time(k + 1),
        }
    }

    /// Advances from grid point `k` to `k + 1`.
    ///
    /// # Errors
    /// [`SdeError::NonFinite`] with this path, step `k + 1` and its time if
    /// the new state is not finite.
    #[inline]
    pub(crate) fn step(&mut self, k: u64) -> Result<(), SdeError> {
        // A model type with a static dimension runs its fixed-dimension
        // loops: this one is cold for it and shares the cold sampler.
        if const { S::DIM.is_some() } {
            draw_increments::<S, I, ColdSite>(
                &mut self.rng,
                self.sqrt_dt,
                self.dz_scale,
                &mut self.dw,
                &mut self.dz,
            );
        } else {
            draw_increments::<S, I, (S, I, Generic)>(
                &mut self.rng,
                self.sqrt_dt,
                self.dz_scale,
                &mut self.dw,
                &mut self.dz,
            );
        }
        let t = self.time(k);
        self.integrator.step(
            self.sde,
            &mut self.ws,
            t,
            self.dt,
            &mut self.x,
            Increment {
                dw: &self.dw,
                dz: &self.dz,
            },
        );
        if all_finite(&self.x) {
            Ok(())
        } else {
            Err(self.non_finite(k))
        }
    }

    /// Advances from grid point `from` to `to` (same arithmetic, same draws
    /// as `to − from` calls of [`Self::step`]).
    ///
    /// For `d = m ≤ 3` the state and the increments live in stack arrays of
    /// the exact size for the whole segment: after inlining, the compiler
    /// keeps them in registers instead of storing and reloading the state
    /// through heap memory every step (the loop-carried dependency of a
    /// time-stepper), which is what makes small-dimensional ensembles run
    /// at the speed of a hand-written loop.
    ///
    /// # Errors
    /// As [`Self::step`], at the first non-finite state.
    #[inline]
    pub(crate) fn advance(&mut self, from: u64, to: u64) -> Result<(), SdeError> {
        // Only the dimension the model type admits is compiled
        // (`admits_dim`); any other run-time shape takes the generic steps.
        macro_rules! fixed {
            ($n:literal) => {
                if const { admits_dim::<S>($n) } {
                    self.advance_fixed::<$n>(from, to)
                } else {
                    self.advance_generic(from, to)
                }
            };
        }
        match (self.x.len(), self.dw.len()) {
            (1, 1) => fixed!(1),
            (2, 2) => fixed!(2),
            (3, 3) => fixed!(3),
            _ => self.advance_generic(from, to),
        }
    }

    /// Steps until `go_on(k, x)` returns `Ok(false)` (`PathRunner::advance_while`):
    /// for `d = m ≤ 3` with the state in stack arrays, as [`Self::advance`].
    #[inline]
    pub(crate) fn advance_while<F: FnMut(u64, &[f64]) -> Result<bool, SdeError>>(
        &mut self,
        from: u64,
        mut go_on: F,
    ) -> Result<u64, SdeError> {
        macro_rules! fixed {
            ($n:literal) => {
                if const { admits_dim::<S>($n) } {
                    return self.advance_while_fixed::<$n, F>(from, go_on);
                }
            };
        }
        match (self.x.len(), self.dw.len()) {
            (1, 1) => fixed!(1),
            (2, 2) => fixed!(2),
            (3, 3) => fixed!(3),
            _ => {}
        }
        let mut k = from;
        loop {
            self.step(k)?;
            k += 1;
            if !go_on(k, &self.x)? {
                return Ok(k);
            }
        }
    }

    #[inline(always)]
    fn advance_while_fixed<const N: usize, F: FnMut(u64, &[f64]) -> Result<bool, SdeError>>(
        &mut self,
        from: u64,
        mut go_on: F,
    ) -> Result<u64, SdeError> {
        let mut x = [0.0f64; N];
        let mut dw = [0.0f64; N];
        let mut dz = [0.0f64; N];
        let dz_len = if I::NEEDS_DZ { N } else { 0 };
        x.copy_from_slice(&self.x);
        let mut k = from;
        let result = loop {
            draw_increments::<S, I, ColdSite>(
                &mut self.rng,
                self.sqrt_dt,
                self.dz_scale,
                &mut dw,
                &mut dz[..dz_len],
            );
            let t = self.time(k);
            self.integrator.step(
                self.sde,
                &mut self.ws,
                t,
                self.dt,
                &mut x,
                Increment {
                    dw: &dw,
                    dz: &dz[..dz_len],
                },
            );
            if !all_finite(&x) {
                self.x.copy_from_slice(&x);
                break Err(self.non_finite(k));
            }
            k += 1;
            match go_on(k, &x) {
                Ok(true) => {}
                Ok(false) => break Ok(k),
                Err(e) => break Err(e),
            }
        };
        self.x.copy_from_slice(&x);
        result
    }

    /// [`Self::advance`] one generic step at a time.
    #[inline]
    fn advance_generic(&mut self, from: u64, to: u64) -> Result<(), SdeError> {
        for k in from..to {
            self.step(k)?;
        }
        Ok(())
    }

    /// Only the one-path fallback and the lanes' remainder come here
    /// (`run_lanes`): a cold loop, the steps of [`Self::advance_while`].
    #[inline(always)]
    fn advance_fixed<const N: usize>(&mut self, from: u64, to: u64) -> Result<(), SdeError> {
        if from >= to {
            return Ok(());
        }
        self.advance_while_fixed::<N, _>(from, |k, _| Ok(k < to))
            .map(|_| ())
    }
}

/// Paths the interleaved loop advances together (see
/// [`PathStepper::run_paths`]).
const LANES: usize = 2;

impl<S: Sde, I: Integrator<S>> PathStepper<'_, S, I> {
    /// The paths `range` (see `PathRunner::run_paths`) in groups of
    /// [`LANES`] paths stepped in lockstep, for `d = m = N`.
    ///
    /// A time-stepper's cost per step is bounded below by the latency of
    /// its dependency chain through the state (drift, scaling, update: a
    /// few dependent floating-point operations), while the draws of the
    /// next step do not depend on the state at all. Stepping independent
    /// paths in lockstep lets the processor overlap their chains, so the
    /// loop runs at the throughput of the generator and the sampler instead
    /// of the latency of one chain. Each path keeps its own stream, its own
    /// workspace and its own arithmetic, operation for operation, so the
    /// states, the observations and their order are bitwise those of the
    /// one-path loop; a group in which any path turns non-finite is re-run
    /// path by path, which reports the first failing path exactly as before.
    pub(crate) fn run_lanes<const N: usize>(
        &mut self,
        streams: &StreamFactory,
        range: std::ops::Range<u64>,
        x0: &[f64],
        snapshots: &[u64],
        observe: &mut dyn FnMut(usize, u64, &[f64]),
    ) -> Result<(), SdeError> {
        let start: [f64; N] = x0.try_into().expect("x0 has the dimension N");
        let (sde, integrator) = (self.sde, self.integrator);
        let mut ws: [I::Workspace; LANES] = std::array::from_fn(|_| integrator.workspace(sde));
        // The states of the group at every snapshot, replayed path by path.
        let mut seen = vec![[0.0f64; N]; LANES * snapshots.len()];
        let (dt, sqrt_dt, dz_scale) = (self.dt, self.sqrt_dt, self.dz_scale);
        let dz_len = if I::NEEDS_DZ { N } else { 0 };
        let mut path = range.start;
        while range.end - path >= LANES as u64 {
            let mut rng: [ChaCha8Rng; LANES] =
                std::array::from_fn(|j| streams.path(path + j as u64));
            let mut x = [start; LANES];
            for w in &mut ws {
                integrator.start_path(sde, w, x0);
            }
            let mut k = 0;
            let mut finite = true;
            'snapshots: for (s, &target) in snapshots.iter().enumerate() {
                while k < target {
                    let t = k as f64 * dt;
                    let mut ok = true;
                    for j in 0..LANES {
                        let (mut dw, mut dz) = ([0.0f64; N], [0.0f64; N]);
                        draw_increments::<S, I, (S, I, [(); N], Lanes)>(
                            &mut rng[j],
                            sqrt_dt,
                            dz_scale,
                            &mut dw,
                            &mut dz[..dz_len],
                        );
                        let inc = Increment {
                            dw: &dw,
                            dz: &dz[..dz_len],
                        };
                        integrator.step(sde, &mut ws[j], t, dt, &mut x[j], inc);
                        ok &= all_finite(&x[j]);
                    }
                    k += 1;
                    if !ok {
                        finite = false;
                        break 'snapshots;
                    }
                }
                for j in 0..LANES {
                    seen[j * snapshots.len() + s] = x[j];
                }
            }
            if finite {
                for j in 0..LANES {
                    for s in 0..snapshots.len() {
                        observe(s, path + j as u64, &seen[j * snapshots.len() + s]);
                    }
                }
            } else {
                one_by_one(
                    self,
                    streams,
                    path..path + LANES as u64,
                    x0,
                    snapshots,
                    observe,
                )?;
            }
            path += LANES as u64;
        }
        one_by_one(self, streams, path..range.end, x0, snapshots, observe)
    }
}

/// Tag of the interleaved loop's draw site.
struct Lanes;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ensemble::process::PathRunner;
    use crate::error::SdeError;
    use crate::problems::{GeometricBrownianMotion, OrnsteinUhlenbeck};
    use crate::{
        DiagonalNoise, EulerMaruyama, FnDrift, KloedenPlaten15, Milstein, SdeModel, Temperature,
    };
    use sgdpde_landscape::{CoupledDoubleWell, DoubleWell};

    /// Every `observe` call in order, states as bits; or the error.
    type Calls = std::result::Result<Vec<(usize, u64, Vec<u64>)>, SdeError>;

    fn record<S: Sde, I: Integrator<S>>(
        sde: &S,
        integrator: &I,
        x0: &[f64],
        paths: std::ops::Range<u64>,
        snapshots: &[u64],
        lanes: bool,
    ) -> Calls {
        let streams = StreamFactory::new(29);
        let mut stepper = PathStepper::new(sde, integrator, 0.01, &streams);
        let mut calls = Vec::new();
        let mut observe = |s: usize, path: u64, x: &[f64]| {
            calls.push((s, path, x.iter().map(|v| v.to_bits()).collect()));
        };
        let r = if lanes {
            stepper.run_paths(&streams, paths, x0, snapshots, &mut observe)
        } else {
            one_by_one(&mut stepper, &streams, paths, x0, snapshots, &mut observe)
        };
        r.map(|()| calls)
    }

    /// Lanes and the one-path loop make the same calls with the same bits.
    fn assert_same<S: Sde, I: Integrator<S>>(sde: &S, integrator: &I, x0: &[f64]) {
        // Odd ranges (a short last group) and repeated / zero snapshots.
        for paths in [3..14, 0..1, 5..5, 0..8] {
            for snapshots in [&[0, 1, 7, 7, 40][..], &[40][..], &[][..]] {
                let lanes = record(sde, integrator, x0, paths.clone(), snapshots, true);
                let one = record(sde, integrator, x0, paths.clone(), snapshots, false);
                let n = (paths.end - paths.start) as usize * snapshots.len();
                assert_eq!(lanes.as_ref().map(Vec::len), Ok(n));
                assert_eq!(lanes, one, "paths {paths:?}, snapshots {snapshots:?}");
            }
        }
    }

    #[test]
    fn lanes_equal_the_one_path_loop_bitwise() {
        let dw = SdeModel::langevin(
            DoubleWell::new(0.1).unwrap(),
            Temperature::epsilon(0.3).unwrap(),
        )
        .unwrap();
        assert_same(&dw, &EulerMaruyama, &[-1.0]);
        // ΔZ drawn too, and a method with state-dependent noise.
        let ou = OrnsteinUhlenbeck::new(1.5, 0.2, 0.7).unwrap().model();
        assert_same(&ou, &KloedenPlaten15::for_sde(&ou).unwrap(), &[1.0]);
        let gbm = GeometricBrownianMotion::new(0.3, 0.6).unwrap().model();
        assert_same(&gbm, &Milstein::for_sde(&gbm).unwrap(), &[1.0]);
        // Dimensions 2 and 3 (lanes or not, the same calls).
        let cdw = SdeModel::langevin(
            CoupledDoubleWell::new(1.0, 0.5).unwrap(),
            Temperature::epsilon(0.3).unwrap(),
        )
        .unwrap();
        assert_same(&cdw, &EulerMaruyama, &[-1.0, 0.0]);
        let ou3 = SdeModel::new(
            FnDrift::new(3, |_t: f64, x: &[f64], out: &mut [f64]| {
                for (o, x) in out.iter_mut().zip(x) {
                    *o = -x;
                }
            })
            .unwrap(),
            DiagonalNoise::new(vec![0.5, 0.6, 0.7]).unwrap(),
        )
        .unwrap();
        assert_same(&ou3, &EulerMaruyama, &[0.1, 0.2, 0.3]);
    }

    /// `x' = 0` below 0.6 and `10³⁰⁰ x` above: a path overflows to `+∞` on
    /// the step after it first passes 0.6, at a different step on each
    /// path. The lanes report the first failing path of the range, as the
    /// one-path loop does (several paths of the range fail, not the first).
    #[test]
    fn lanes_report_the_first_failing_path_as_the_one_path_loop() {
        let drift = FnDrift::new(1, |_t: f64, x: &[f64], out: &mut [f64]| {
            out[0] = if x[0] > 0.6 { 1e300 * x[0] } else { 0.0 };
        })
        .unwrap();
        let sde = SdeModel::new(drift, DiagonalNoise::new(vec![1.0]).unwrap()).unwrap();
        let failing: Vec<u64> = (0..40)
            .filter(|&p| record(&sde, &EulerMaruyama, &[0.0], p..p + 1, &[30], false).is_err())
            .collect();
        assert!(failing.len() >= 3 && failing[0] > 0, "{failing:?}");
        let lanes = record(&sde, &EulerMaruyama, &[0.0], 0..40, &[10, 30], true);
        let one = record(&sde, &EulerMaruyama, &[0.0], 0..40, &[10, 30], false);
        assert_eq!(lanes, one);
        assert!(matches!(lanes, Err(SdeError::NonFinite { path, .. }) if path == failing[0]));
    }
}
