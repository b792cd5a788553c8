//! The hand-written Rust loops the library is measured against (W1, W2):
//! the same generator (`ChaCha8Rng`, stream `i` for path `i`), the same
//! normal sampler (`rand_distr::StandardNormal`), the same fixed chunks of
//! paths in parallel, the same reductions — and no generic driver. The
//! acceptance target is library throughput ≥ 0.9× these loops.
//!
//! Each loop samples through its own [`SiteRng`] tag, so the compiler
//! inlines the normal sampler into it whatever else the binary contains:
//! without it, whether the baseline's sampler was inlined changed with
//! unrelated code (3 % swings of the baseline between builds). The baseline
//! is thus the fastest this plain loop compiles to.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::StandardNormal;
use rayon::prelude::*;
use serde::Serialize;
use sgdpde_sde::{DEFAULT_CHUNK, SiteRng, aux_rng};

/// Terminal statistics of W1: mean, sample variance, fraction `X_T > 0`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct W1Stats {
    /// Sample mean of `X_T`.
    pub mean: f64,
    /// Unbiased sample variance of `X_T`.
    pub var: f64,
    /// Fraction of paths with `X_T > 0`.
    pub frac_pos: f64,
}

/// Sums of one chunk: `Σx`, `Σx²`, count of `x > 0`, paths.
#[derive(Debug, Clone, Copy, Default)]
struct Sums(f64, f64, u64, u64);

impl Sums {
    fn stats(self) -> W1Stats {
        let n = self.3 as f64;
        let mean = self.0 / n;
        W1Stats {
            mean,
            var: (self.1 - n * mean * mean) / (n - 1.0),
            frac_pos: self.2 as f64 / n,
        }
    }
}

/// Euler–Maruyama for `dX = −(X³ − X) dt + noise_scale dW` from `x0`, `steps`
/// steps of `dt`, over `paths` paths with master seed `seed`; parallel over
/// chunks of [`DEFAULT_CHUNK`] paths in the current rayon pool.
pub fn w1_loop(paths: u64, steps: u64, dt: f64, noise_scale: f64, x0: f64, seed: u64) -> W1Stats {
    let base = ChaCha8Rng::seed_from_u64(seed);
    let noise = noise_scale * dt.sqrt();
    let chunks: Vec<Sums> = (0..paths.div_ceil(DEFAULT_CHUNK))
        .into_par_iter()
        .map(|c| {
            let mut s = Sums::default();
            for i in c * DEFAULT_CHUNK..((c + 1) * DEFAULT_CHUNK).min(paths) {
                let mut rng = base.clone();
                rng.set_stream(i);
                let mut x = x0;
                for _ in 0..steps {
                    let z: f64 = SiteRng::<W1Site>::new(&mut rng).sample(StandardNormal);
                    x += -(x * x * x - x) * dt + noise * z;
                }
                s.0 += x;
                s.1 += x * x;
                s.2 += u64::from(x > 0.0);
                s.3 += 1;
            }
            s
        })
        .collect();
    chunks
        .into_iter()
        .fold(Sums::default(), |a, b| {
            Sums(a.0 + b.0, a.1 + b.1, a.2 + b.2, a.3 + b.3)
        })
        .stats()
}

/// Mean exit time ± SE and the number of censored paths.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ExitStats {
    /// Mean of the exit times of the paths that exited.
    pub mean: f64,
    /// Its standard error.
    pub std_error: f64,
    /// Paths still inside at the horizon.
    pub censored: u64,
}

/// W2 by hand: Euler–Maruyama for `dX = −(X³ − X) dt + noise_scale dW` from
/// `x0 < barrier` until `X ≥ barrier` or `t_max`, with the Brownian-bridge
/// crossing test after every step that stays inside (exit with probability
/// `exp(−2 d₀ d₁ / (σ² dt))`, `d = barrier − x`, a uniform from the path's
/// auxiliary stream — the library's rule, `sgdpde_sde::ExitTimes`).
pub fn w2_loop(
    paths: u64,
    dt: f64,
    noise_scale: f64,
    x0: f64,
    barrier: f64,
    t_max: f64,
    seed: u64,
) -> ExitStats {
    let base = ChaCha8Rng::seed_from_u64(seed);
    let noise = noise_scale * dt.sqrt();
    let bridge = 2.0 / (noise_scale * noise_scale * dt);
    let max_steps = (t_max / dt).round() as u64;
    let chunks: Vec<(f64, f64, u64, u64)> = (0..paths.div_ceil(DEFAULT_CHUNK))
        .into_par_iter()
        .map(|c| {
            let (mut s, mut s2, mut n, mut censored) = (0.0, 0.0, 0u64, 0u64);
            for i in c * DEFAULT_CHUNK..((c + 1) * DEFAULT_CHUNK).min(paths) {
                let mut rng = base.clone();
                rng.set_stream(i);
                let mut aux = aux_rng(seed, i);
                let mut x = x0;
                let mut exit = None;
                for k in 1..=max_steps {
                    let z: f64 = SiteRng::<W2Site>::new(&mut rng).sample(StandardNormal);
                    let prev = x;
                    x += -(x * x * x - x) * dt + noise * z;
                    if x >= barrier {
                        exit = Some(k);
                        break;
                    }
                    let e = bridge * (barrier - prev) * (barrier - x);
                    if e < 745.2 && aux.random::<f64>() < (-e).exp() {
                        exit = Some(k);
                        break;
                    }
                }
                match exit {
                    Some(k) => {
                        let t = k as f64 * dt;
                        s += t;
                        s2 += t * t;
                        n += 1;
                    }
                    None => censored += 1,
                }
            }
            (s, s2, n, censored)
        })
        .collect();
    let (s, s2, n, censored) = chunks.into_iter().fold((0.0, 0.0, 0, 0), |a, b| {
        (a.0 + b.0, a.1 + b.1, a.2 + b.2, a.3 + b.3)
    });
    let nf = n as f64;
    let mean = s / nf;
    let var = (s2 - nf * mean * mean) / (nf - 1.0);
    ExitStats {
        mean,
        std_error: (var / nf).sqrt(),
        censored,
    }
}

/// The sampling sites of the two loops (see the module docs).
struct W1Site;
struct W2Site;

#[cfg(test)]
mod tests {
    use super::*;

    /// Zero noise: the loop is explicit Euler for x' = −(x³ − x); from x0 = 2
    /// one step of dt = 0.1 gives 2 − 0.6 = 1.4 on every path.
    #[test]
    fn w1_loop_without_noise_is_explicit_euler() {
        let s = w1_loop(10, 1, 0.1, 0.0, 2.0, 1);
        assert!((s.mean - 1.4).abs() < 1e-15);
        assert!(s.var.abs() < 1e-15);
        assert_eq!(s.frac_pos, 1.0);
    }

    /// Zero noise: from x0 = −2 the drift is −(x³ − x) = +6, so one step of
    /// dt = 0.5 lands on x = 1 ≥ 0 (exit at t = 0.5), one of dt = 0.1 on
    /// x = −1.4 (censored at t_max = 0.1); the bridge test never fires
    /// (its exponent is +∞).
    #[test]
    fn w2_loop_exits_deterministically_without_noise() {
        let s = w2_loop(4, 0.5, 0.0, -2.0, 0.0, 1.0, 1);
        assert_eq!((s.mean, s.censored), (0.5, 0));
        let s = w2_loop(4, 0.1, 0.0, -2.0, 0.0, 0.1, 1);
        assert_eq!(s.censored, 4);
    }
}
