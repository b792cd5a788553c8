//! Shared glue of the convergence tests: one fine Brownian path per path
//! index (its own ChaCha8 stream), coarsened exactly to every studied step
//! size, and integrated there.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use sgdpde_sde::brownian::BrownianPath;
use sgdpde_sde::{Integrator, Sde};

/// Master seed of every convergence test (fixed: results are replayable).
pub const SEED: u64 = 20_250_114;

/// Path `i`'s generator: `seed_from_u64(SEED)` then `set_stream(i)`.
pub fn rng(i: u64) -> ChaCha8Rng {
    let mut r = ChaCha8Rng::seed_from_u64(SEED);
    r.set_stream(i);
    r
}

/// Step sizes `T/2^k` for `k` in `levels`.
pub fn dts(t_end: f64, levels: &[u32]) -> Vec<f64> {
    levels
        .iter()
        .map(|&k| t_end / f64::from(1u32 << k))
        .collect()
}

/// Path `i`'s fine Brownian path: `2^fine` steps on `[0, T]`.
pub fn fine_path(i: u64, t_end: f64, fine: u32, m: usize, with_dz: bool) -> BrownianPath {
    BrownianPath::sample(&mut rng(i), t_end, 1 << fine, m, with_dz).expect("valid path")
}

/// Integrates `x0` with `integrator` along `fine` coarsened to `2^k` steps
/// for each `k` in `levels`; `f(level index, X_T^{h_k})` receives each
/// terminal state.
pub fn run_levels<S, I, F>(
    sde: &S,
    integrator: &I,
    x0: &[f64],
    fine: &BrownianPath,
    levels: &[u32],
    mut f: F,
) where
    S: Sde,
    I: Integrator<S>,
    F: FnMut(usize, &[f64]),
{
    let mut ws = integrator.workspace(sde);
    let mut x = x0.to_vec();
    for (l, &k) in levels.iter().enumerate() {
        let coarse = fine
            .coarsen(fine.steps() >> k)
            .expect("2^k divides the fine steps");
        x.copy_from_slice(x0);
        coarse
            .integrate(sde, integrator, &mut ws, 0.0, &mut x)
            .expect("no blow-up at the studied step sizes");
        f(l, &x);
    }
}

/// Euclidean distance.
pub fn dist(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(a, b)| (a - b) * (a - b))
        .sum::<f64>()
        .sqrt()
}
