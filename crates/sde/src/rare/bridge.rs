//! The Brownian-bridge monitor of a splitting path: between two grid
//! points inside a flat domain, the path left it with probability
//! `exp(−2 d₀ d₁/(a_n dt))` (`exit/bridge.rs`, `proofs-notes/exit-times.md`);
//! a step whose bridge fires ends the path in `B`, the outside of the
//! domain (`proofs-notes/ams.md` §10).
//!
//! The test is the exit driver's own (`bridge_fires_pq` on the auxiliary
//! stream of the path's stream), so a splitting replica consumes uniforms
//! exactly as a bridged Monte Carlo path does.

use rand_chacha::ChaCha8Rng;

use crate::exit::bridge::{bridge_fires_pq, normal_diffusion};
use crate::exit::{FlatBoundary, FlatDomain};
use crate::model::Sde;
use crate::noise::NoiseClass;
use crate::stream::StreamFactory;

/// `a_n(t, x, n)`: the diffusion normal to a face, through scratch
/// `unit` (`m` zeros) and `col` (`d`).
pub(crate) type NormalDiffusion<'a> =
    &'a (dyn Fn(f64, &[f64], &[f64], &mut [f64], &mut [f64]) -> f64 + Sync);

/// The bridge test of one run: the domain whose outside is `B`, the
/// model's normal diffusion, and whether it is constant per face.
pub(crate) struct BridgeTest<'a> {
    domain: &'a FlatDomain,
    normal_diffusion: NormalDiffusion<'a>,
    /// Constant noise and flat faces: `a_n` depends on the face alone.
    per_face: bool,
    noise_dim: usize,
    dt: f64,
}

impl<'a> BridgeTest<'a> {
    /// The test for `sde` (through `normal_diffusion`, a closure over it)
    /// against `domain`, steps `dt`.
    pub(crate) fn new<S: Sde>(
        sde: &S,
        domain: &'a FlatDomain,
        normal_diffusion: NormalDiffusion<'a>,
        dt: f64,
    ) -> Self {
        Self {
            domain,
            normal_diffusion,
            per_face: matches!(S::NOISE, NoiseClass::Isotropic | NoiseClass::Additive)
                && domain.constant_normals(),
            noise_dim: sde.noise_dim(),
            dt,
        }
    }

    /// `a_n dt` at `(t, x)` on face `face`, for the step that leaves `x`.
    #[inline]
    fn q(&self, track: &mut BridgeTrack, t: f64, x: &[f64], face: usize) -> f64 {
        if self.per_face && track.cached_face == face {
            return track.cached_q;
        }
        self.domain.outward_normal_into(x, face, &mut track.normal);
        let a_n = (self.normal_diffusion)(t, x, &track.normal, &mut track.unit, &mut track.col);
        let q = a_n * self.dt;
        (track.cached_face, track.cached_q) = (face, q);
        q
    }

    /// A path on stream `stream`, now at grid point `k` in `x`.
    pub(crate) fn start(
        &self,
        streams: &StreamFactory,
        stream: u64,
        k: u64,
        x: &[f64],
    ) -> BridgeTrack {
        let d = x.len();
        let mut track = BridgeTrack {
            rng: streams.aux(stream),
            d0: 0.0,
            q0: 0.0,
            normal: vec![0.0; d],
            unit: vec![0.0; self.noise_dim],
            col: vec![0.0; d],
            cached_face: usize::MAX,
            cached_q: 0.0,
        };
        self.arrive(&mut track, k, x);
        track
    }

    /// The path has reached grid point `k` at `x`: the distance and `a_n dt`
    /// of the step that leaves it (also to resume testing after steps that
    /// were not tested).
    #[inline]
    pub(crate) fn arrive(&self, track: &mut BridgeTrack, k: u64, x: &[f64]) {
        let (d, face) = self.domain.boundary_distance(x);
        track.d0 = d;
        track.q0 = self.q(track, k as f64 * self.dt, x, face);
    }

    /// After the step to grid point `k` at `x` (inside the domain): whether
    /// the bridge from the previous grid point left it.
    #[inline(always)]
    pub(crate) fn fires(&self, track: &mut BridgeTrack, k: u64, x: &[f64]) -> bool {
        let (d0, q0) = (track.d0, track.q0);
        self.arrive(track, k, x);
        bridge_fires_pq(&mut track.rng, 2.0 * d0 * track.d0, q0)
    }
}

/// One path's bridge state: the previous grid point's distance to the
/// boundary and `a_n dt` there, the auxiliary generator, scratch.
pub(crate) struct BridgeTrack {
    rng: ChaCha8Rng,
    d0: f64,
    q0: f64,
    normal: Vec<f64>,
    unit: Vec<f64>,
    col: Vec<f64>,
    cached_face: usize,
    cached_q: f64,
}

/// The closure of [`BridgeTest::new`] for `sde`.
pub(crate) fn normal_diffusion_of<S: Sde>(
    sde: &S,
) -> impl Fn(f64, &[f64], &[f64], &mut [f64], &mut [f64]) -> f64 + Sync + '_ {
    move |t, x, n, unit, col| normal_diffusion(sde, t, x, n, unit, col)
}
