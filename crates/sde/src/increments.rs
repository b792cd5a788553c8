//! Drawing one step's Brownian increments `ΔW` (and `ΔZ`) from a path's
//! stream — the single definition of the increment layout, shared by the
//! drivers' step loops (the exit-time fast path uses it; it draws exactly
//! what `ensemble::stepper::PathStepper` draws, which the exit-time tests
//! check bitwise against the generic loop).

use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};

use crate::method::Integrator;
use crate::model::Sde;
use crate::stream::SiteRng;

/// `1/√3`, the weight of the second normal in `ΔZ`.
const INV_SQRT3: f64 = 0.577_350_269_189_625_8;

/// Draws the increments of one step into `dw` (and `dz` when `needs_dz`).
///
/// Increments: `ΔWⱼ = √dt ξⱼ` for `j < m` (m standard normals in order);
/// when the integrator needs `ΔZ`, m further normals `ηⱼ` give
/// `ΔZⱼ = ½ dt^{3/2} (ξⱼ + ηⱼ/√3)`, which has the exact joint law
/// `Var ΔZ = dt³/3`, `Cov(ΔW, ΔZ) = dt²/2` (Kloeden–Platen §10.4).
/// `dz_scale = ½ dt^{3/2}`. Whether `ΔZ` is drawn is the integrator's
/// [`Integrator::NEEDS_DZ`], tested in a `const` block: the branch the
/// integrator does not take is not compiled at all (nor its sampler
/// instance — half of this function's code, for every scheme but one).
#[inline(always)]
pub(crate) fn draw_increments<S: Sde, I: Integrator<S>, Site>(
    rng: &mut ChaCha8Rng,
    sqrt_dt: f64,
    dz_scale: f64,
    dw: &mut [f64],
    dz: &mut [f64],
) {
    if const { I::NEEDS_DZ } {
        let mut first = SiteRng::<(Site, First)>::new(rng);
        for w in dw.iter_mut() {
            *w = StandardNormal.sample(&mut first);
        }
        let mut second = SiteRng::<(Site, Second)>::new(rng);
        for (z, w) in dz.iter_mut().zip(dw.iter_mut()) {
            let eta: f64 = StandardNormal.sample(&mut second);
            *z = dz_scale * (*w + INV_SQRT3 * eta);
            *w *= sqrt_dt;
        }
    } else {
        let mut first = SiteRng::<(Site, First)>::new(rng);
        for w in dw.iter_mut() {
            let xi: f64 = StandardNormal.sample(&mut first);
            *w = sqrt_dt * xi;
        }
    }
}

/// The sampling site of the drivers' cold loops — the one-path fallbacks and
/// remainders beside the lockstep lanes, and the any-dimension loop of a
/// model type with a static dimension (which never runs it) — shared by all
/// of them. A hot loop tags its draws with its own type so that its sampler
/// is a separate instance, inlined into it (`SiteRng`); a cold loop does
/// not need that, and one shared instance (kept out of line) saves a copy
/// of the sampler per model × integrator × loop. The draws are the same.
pub(crate) struct ColdSite;

/// Tags of `draw_increments`' two sampling loops.
struct First;
struct Second;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DiagonalNoise, EulerMaruyama, KloedenPlaten15, LinearDrift, SdeModel};
    use rand::{RngExt, SeedableRng};

    /// An SDE type whose noise both schemes accept (only its type is used).
    type Ou = SdeModel<LinearDrift, DiagonalNoise>;

    /// `ΔW` without `ΔZ` is `√dt` times the stream's normals in order; with
    /// `ΔZ` the first m normals are the `ξⱼ` and the next m the `ηⱼ`.
    #[test]
    fn layout_of_the_draws() {
        let dt: f64 = 0.04;
        let (s, h) = (dt.sqrt(), 0.5 * dt * dt.sqrt());
        let mut normals = ChaCha8Rng::seed_from_u64(3);
        let xi: Vec<f64> = (0..4).map(|_| normals.sample(StandardNormal)).collect();

        let (mut dw, mut dz) = ([0.0; 2], [0.0; 2]);
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        draw_increments::<Ou, EulerMaruyama, ()>(&mut rng, s, h, &mut dw, &mut dz);
        assert_eq!(dw, [s * xi[0], s * xi[1]]);
        assert_eq!(dz, [0.0; 2]);

        let mut rng = ChaCha8Rng::seed_from_u64(3);
        draw_increments::<Ou, KloedenPlaten15, ()>(&mut rng, s, h, &mut dw, &mut dz);
        assert_eq!(dw, [xi[0] * s, xi[1] * s]);
        assert_eq!(
            dz,
            [
                h * (xi[0] + INV_SQRT3 * xi[2]),
                h * (xi[1] + INV_SQRT3 * xi[3])
            ]
        );
    }
}
