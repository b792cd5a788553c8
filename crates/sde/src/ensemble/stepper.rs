//! The per-path step loop shared by the ensemble and exit-time drivers.
//!
//! A [`PathStepper`] owns every buffer a path needs (state, `ΔW`, `ΔZ`, the
//! integrator's workspace) — allocated once per chunk and reused for every
//! path of the chunk — and advances one step: draw the increments from the
//! path's stream, call [`Integrator::step`], check finiteness. It is generic
//! over the model and the integrator, so the step compiles to straight-line
//! code: no allocation, no dynamic dispatch, no branch on options.

use rand::RngExt;
use rand_chacha::ChaCha8Rng;
use rand_distr::StandardNormal;

use crate::error::SdeError;
use crate::method::{Increment, Integrator};
use crate::model::Sde;
use crate::stream::StreamFactory;

/// `1/√3`, the weight of the second normal in `ΔZ`.
const INV_SQRT3: f64 = 0.577_350_269_189_625_8;

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

    /// Time of the grid point `k` (computed as `k·dt`, never accumulated).
    #[inline]
    pub(crate) fn time(&self, k: u64) -> f64 {
        k as f64 * self.dt
    }

    /// Draws the increments of one step into `dw` (and `dz`).
    ///
    /// Increments: `ΔWⱼ = √dt ξⱼ` for `j < m` (m standard normals in order);
    /// when the integrator needs `ΔZ`, m further normals `ηⱼ` give
    /// `ΔZⱼ = ½ dt^{3/2} (ξⱼ + ηⱼ/√3)`, which has the exact joint law
    /// `Var ΔZ = dt³/3`, `Cov(ΔW, ΔZ) = dt²/2` (Kloeden–Platen §10.4).
    #[inline(always)]
    fn draw(rng: &mut ChaCha8Rng, sqrt_dt: f64, dz_scale: f64, dw: &mut [f64], dz: &mut [f64]) {
        if I::NEEDS_DZ {
            for w in dw.iter_mut() {
                *w = rng.sample(StandardNormal);
            }
            for (z, w) in dz.iter_mut().zip(dw.iter_mut()) {
                let eta: f64 = rng.sample(StandardNormal);
                *z = dz_scale * (*w + INV_SQRT3 * eta);
                *w *= sqrt_dt;
            }
        } else {
            for w in dw.iter_mut() {
                let xi: f64 = rng.sample(StandardNormal);
                *w = sqrt_dt * xi;
            }
        }
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
        Self::draw(
            &mut self.rng,
            self.sqrt_dt,
            self.dz_scale,
            &mut self.dw,
            &mut self.dz,
        );
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
        if self.x.iter().all(|v| v.is_finite()) {
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
        match (self.x.len(), self.dw.len()) {
            (1, 1) => self.advance_fixed::<1>(from, to),
            (2, 2) => self.advance_fixed::<2>(from, to),
            (3, 3) => self.advance_fixed::<3>(from, to),
            _ => {
                for k in from..to {
                    self.step(k)?;
                }
                Ok(())
            }
        }
    }

    #[inline(always)]
    fn advance_fixed<const N: usize>(&mut self, from: u64, to: u64) -> Result<(), SdeError> {
        let mut x = [0.0f64; N];
        let mut dw = [0.0f64; N];
        let mut dz = [0.0f64; N];
        let dz_len = if I::NEEDS_DZ { N } else { 0 };
        x.copy_from_slice(&self.x);
        let mut result = Ok(());
        for k in from..to {
            Self::draw(
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
            if !x.iter().all(|v| v.is_finite()) {
                result = Err(self.non_finite(k));
                break;
            }
        }
        self.x.copy_from_slice(&x);
        result
    }
}
