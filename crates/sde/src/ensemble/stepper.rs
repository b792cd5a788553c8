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

    /// Advances from grid point `k` to `k + 1`.
    ///
    /// Increments: `ΔWⱼ = √dt ξⱼ` for `j < m` (m standard normals in order);
    /// when the integrator needs `ΔZ`, m further normals `ηⱼ` give
    /// `ΔZⱼ = ½ dt^{3/2} (ξⱼ + ηⱼ/√3)`, which has the exact joint law
    /// `Var ΔZ = dt³/3`, `Cov(ΔW, ΔZ) = dt²/2` (Kloeden–Platen §10.4).
    ///
    /// # Errors
    /// [`SdeError::NonFinite`] with this path, step `k + 1` and its time if
    /// the new state is not finite.
    #[inline]
    pub(crate) fn step(&mut self, k: u64) -> Result<(), SdeError> {
        if I::NEEDS_DZ {
            for w in self.dw.iter_mut() {
                *w = self.rng.sample(StandardNormal);
            }
            for (z, w) in self.dz.iter_mut().zip(self.dw.iter_mut()) {
                let eta: f64 = self.rng.sample(StandardNormal);
                *z = self.dz_scale * (*w + INV_SQRT3 * eta);
                *w *= self.sqrt_dt;
            }
        } else {
            for w in self.dw.iter_mut() {
                let xi: f64 = self.rng.sample(StandardNormal);
                *w = self.sqrt_dt * xi;
            }
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
        if self.x.iter().all(|v| v.is_finite()) {
            Ok(())
        } else {
            Err(SdeError::NonFinite {
                path: self.path,
                step: k + 1,
                t: self.time(k + 1),
            })
        }
    }
}
