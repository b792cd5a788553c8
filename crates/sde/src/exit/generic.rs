//! The generic per-chunk loop of the exit-time driver (any process of the
//! drivers' seam, any dimension): run each path of a chunk until it leaves
//! the domain or reaches the horizon, with discrete monitoring or the
//! Brownian-bridge test after each step that stays inside.

use std::ops::Range;

use rand_chacha::ChaCha8Rng;

use crate::ensemble::SdeProcess;
use crate::ensemble::process::{PathProcess, PathRunner};
use crate::error::Result;
use crate::exit::bridge::{bridge_fires, normal_diffusion};
use crate::exit::chunks::ExitChunk;
use crate::exit::domain::{Domain, FlatBoundary};
use crate::exit::outcome::Outcome;
use crate::method::Integrator;
use crate::model::Sde;
use crate::stream::StreamFactory;

/// What the generic loop checks after each step besides "is the new state outside".
pub(super) trait Monitor<P, D: Domain>: Sized {
    /// The monitor for a chunk; `on`: whether a switchable monitor
    /// ([`Bridge`]) tests at all (the others ignore it).
    fn new(process: &P, domain: &D, streams: &StreamFactory, on: bool) -> Self;
    fn start(&mut self, domain: &D, streams: &StreamFactory, path: u64, x0: &[f64]);
    fn before_step(&mut self, x: &[f64]);
    /// `Some(boundary)` if a crossing between the previous and the new
    /// (inside) state is detected.
    fn crossed(&mut self, process: &P, domain: &D, t: f64, dt: f64, x: &[f64]) -> Option<usize>;
}

/// Discrete monitoring: nothing between grid points.
pub(super) struct Discrete;

impl<P, D: Domain> Monitor<P, D> for Discrete {
    fn new(_: &P, _: &D, _: &StreamFactory, _: bool) -> Self {
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

/// Brownian-bridge crossing test; switched off (`on = false`) it draws
/// nothing and never fires: discrete monitoring, bit for bit.
pub(super) struct Bridge {
    on: bool,
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
    fn new(process: &SdeProcess<'_, S, I>, _: &D, streams: &StreamFactory, on: bool) -> Self {
        let sde = process.sde;
        Self {
            on,
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
        if self.on {
            self.rng = streams.aux(path);
            (self.d0, self.face) = domain.boundary_distance(x0);
        }
    }
    #[inline]
    fn before_step(&mut self, x: &[f64]) {
        if self.on {
            self.prev.copy_from_slice(x);
        }
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
        if !self.on {
            return None;
        }
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

/// A validated run of any process, borrowed by every chunk.
pub(super) struct GenericRun<'a, P, D> {
    pub(super) process: &'a P,
    pub(super) domain: &'a D,
    pub(super) streams: &'a StreamFactory,
    pub(super) x0: &'a [f64],
    pub(super) dt: f64,
    pub(super) max_steps: u64,
    pub(super) t_max: f64,
    /// Whether a switchable monitor tests ([`Monitor::new`]'s `on`).
    pub(super) bridge: bool,
}

impl<P: PathProcess, D: Domain> GenericRun<'_, P, D> {
    /// The outcomes of the paths `range`, one path at a time. `PAIRED`: keep
    /// running after the monitor fires (recording its outcome) until the
    /// discrete exit, as `ExitTimes::run_discrete_and_bridged`.
    ///
    /// # Errors
    /// The first path of the range that blows up.
    pub(super) fn chunk<M: Monitor<P, D>, const PAIRED: bool>(
        &self,
        range: Range<u64>,
    ) -> Result<ExitChunk> {
        let mut stepper = self.process.runner(self.dt, self.streams);
        let mut monitor = M::new(self.process, self.domain, self.streams, self.bridge);
        let n = (range.end - range.start) as usize;
        let mut outcomes = Vec::with_capacity(n);
        let mut bridged_all = Vec::with_capacity(if PAIRED { n } else { 0 });
        for path in range {
            stepper.start(self.streams, path, self.x0);
            let mut bridged = None;
            let plain = self.one_path(
                &mut stepper,
                &mut monitor,
                path,
                PAIRED.then_some(&mut bridged),
            )?;
            if PAIRED {
                bridged_all.push(bridged.unwrap_or_else(|| plain.clone()));
            }
            outcomes.push(plain);
        }
        Ok(ExitChunk {
            outcomes,
            bridged: PAIRED.then_some(bridged_all),
        })
    }

    #[inline]
    fn one_path<M: Monitor<P, D>>(
        &self,
        stepper: &mut P::Runner<'_>,
        monitor: &mut M,
        path: u64,
        mut bridged: Option<&mut Option<Outcome>>,
    ) -> Result<Outcome> {
        let (domain, x0) = (self.domain, self.x0);
        let exited = |t: f64, x: &[f64], boundary| Outcome::Exited {
            t,
            point: x.to_vec(),
            boundary,
        };
        if let Some(b) = domain.exit_boundary(x0) {
            return Ok(exited(0.0, x0, b));
        }
        monitor.start(domain, self.streams, path, x0);
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
                    monitor.crossed(self.process, domain, stepper.time(k), self.dt, stepper.x())
            {
                let o = exited(t1, stepper.x(), b);
                match bridged.as_deref_mut() {
                    None => return Ok(o),
                    Some(slot) => *slot = Some(o),
                }
            }
        }
        Ok(Outcome::Censored { t_max: self.t_max })
    }
}
