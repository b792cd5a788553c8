//! The escape experiment at small noise, where plain Monte Carlo cannot go:
//! mean transition times to the other minimum by adaptive multilevel
//! splitting ([`TransitionTime`]) down to `2ΔL/ε = 30` (and beyond at the
//! full size), in 1-D against the exact quadrature and in 2-D through the
//! index-1 saddle, and the Eyring–Kramers prefactor's convergence: the
//! ratio `T/T_EK` fitted as `a + cε` (weighted by the splitting's
//! standard errors), `a → 1`.
//!
//! Each temperature pools `R` independent splitting runs as
//! `T̂ = (1/p̄ − 1)·L̄ + R̄` (`p̄` the mean probability, unbiased; `L̄`, `R̄`
//! the mean loop and reactive times), with the delta-method standard error
//! from the runs' spread — the independent-repetition check of the
//! estimator's own formula, whose mean is reported beside it — but never
//! below the own formula over `√R` (`proofs-notes/ams.md` §8).
//!
//! Sets (both dimensions, coordinate `ξ = x₁`): `A = {x₁ ≤ −0.9}`,
//! `Σ = {x₁ ≥ −0.8}`, `B = {x₁ ≥ 1}` (the other minimum's line), Euler–
//! Maruyama with discrete monitoring. At these ε the chain's mean time is
//! the diffusion's up to a relative `O(dt)` that does not grow as ε → 0
//! (the scheme's modified potential keeps the critical points and their
//! heights; only the Hessians move by `O(dt)`), and the boundary overshoot
//! at the minimum's line is negligible (`proofs-notes/ams.md` §8).

use sgdpde_analysis::{EyringKramers, WeightedLine, linear_fit, weighted_line};
use sgdpde_landscape::{CoupledDoubleWell, DoubleWell, Landscape};
use sgdpde_sde::{EulerMaruyama, SdeModel, Splitting, Temperature, TransitionRun, TransitionTime};

use super::{BARRIER, Config, X_EXIT, exact_1d};
use crate::error::Result;

/// `A = {x₁ ≤ Z_A}`.
const Z_A: f64 = -0.9;
/// `Σ = {x₁ ≥ Z_SIGMA}`.
const Z_SIGMA: f64 = -0.8;

/// One temperature of the splitting study.
#[derive(Debug, Clone)]
pub(crate) struct SplitPoint {
    pub eps: f64,
    /// Pooled `T̂`.
    pub mean: f64,
    /// Its standard error: the runs' spread, at least the own formula's.
    pub se: f64,
    /// Mean `p̂` over the runs.
    pub probability: f64,
    /// Mean steps per run (loops and splitting).
    pub steps: f64,
    /// Relative standard deviation of one run's `T̂` over the runs.
    pub spread: f64,
    /// Mean of one run's own relative standard error (ideal formula).
    pub own: f64,
    /// Exact quadrature (1-D only).
    pub exact: Option<f64>,
    pub ek: f64,
}

impl SplitPoint {
    /// `T/T_EK` and its standard error.
    pub fn ratio(&self) -> (f64, f64) {
        (self.mean / self.ek, self.se / self.ek)
    }

    /// Steps plain Monte Carlo would need for the same relative standard
    /// error: `(T/dt)·(T/SE)²` (exit times are nearly exponential, CV 1).
    pub fn mc_steps(&self, dt: f64) -> f64 {
        self.mean / dt * (self.mean / self.se).powi(2)
    }
}

/// One dimension's splitting study.
#[derive(Debug, Clone)]
pub(crate) struct SplitStudy {
    pub points: Vec<SplitPoint>,
    /// `T/T_EK ≈ a + cε`, weighted by the splitting's standard errors.
    pub fit: WeightedLine,
    /// The same line through the exact ratios (1-D; unweighted, the data
    /// have no noise): its intercept's distance from 1 is the `O(ε²)`
    /// remainder of a straight line at these ε.
    pub exact_fit: Option<(f64, f64)>,
}

/// Pools runs as `(1/p̄ − 1)·L̄ + R̄` with the delta-method standard error.
fn pool(runs: &[TransitionRun]) -> (f64, f64) {
    let r = runs.len() as f64;
    let stats = |f: &dyn Fn(&TransitionRun) -> f64| {
        let m = runs.iter().map(f).sum::<f64>() / r;
        let var = runs.iter().map(|x| (f(x) - m).powi(2)).sum::<f64>() / (r - 1.0);
        (m, (var / r).sqrt())
    };
    let (p, se_p) = stats(&|x| x.probability);
    let (l, se_l) = stats(&|x| x.loop_time);
    let (reac, _) = stats(&|x| x.reactive_time);
    let t = (1.0 / p - 1.0) * l + reac;
    (t, t * ((se_p / p).powi(2) + (se_l / l).powi(2)).sqrt())
}

/// The splitting runs of one temperature, run `r` on seed `seed + r`.
fn runs<L: sgdpde_landscape::LandscapeHessian + Clone + Send + Sync + 'static>(
    cfg: &Config,
    landscape: &L,
    eps: f64,
    x_a: &[f64],
    seed: u64,
) -> Result<Vec<TransitionRun>> {
    let sde = SdeModel::langevin(landscape.clone(), Temperature::epsilon(eps)?)?;
    let xi = |x: &[f64]| x[0];
    // Runs in turn; each is parallel inside (replicas, loops).
    (0..cfg.splitting_runs as u64)
        .map(|r| -> Result<TransitionRun> {
            let splitting = Splitting::new(cfg.replicas, cfg.splitting_dt, seed + r)?
                .with_levels(Z_A, X_EXIT)?
                .with_killed((cfg.replicas / 10).max(1))?;
            Ok(
                TransitionTime::new(splitting, Z_SIGMA, cfg.splitting_loops)?.run(
                    &sde,
                    &EulerMaruyama,
                    x_a,
                    &xi,
                )?,
            )
        })
        .collect()
}

/// The pooled point. Its standard error is the larger of the runs' spread
/// and the estimator's own formula over `√R`: the formula is the
/// ideal-coordinate variance, a lower bound for any coordinate, and the
/// spread of a handful of runs of a skewed estimator (`p̂` is nearly
/// log-normal) can fall far below it by chance (`proofs-notes/ams.md` §8).
fn point(eps: f64, runs: &[TransitionRun], exact: Option<f64>, ek: f64) -> SplitPoint {
    let (mean, se_spread) = pool(runs);
    let r = runs.len() as f64;
    let avg = |f: &dyn Fn(&TransitionRun) -> f64| runs.iter().map(f).sum::<f64>() / r;
    let m = avg(&|x| x.mean_time);
    let sd = (runs.iter().map(|x| (x.mean_time - m).powi(2)).sum::<f64>() / (r - 1.0)).sqrt();
    let own = avg(&|x| x.relative_se);
    SplitPoint {
        eps,
        mean,
        se: se_spread.max(own / r.sqrt() * mean),
        probability: avg(&|x| x.probability),
        steps: avg(&|x| (x.loop_steps + x.splitting.steps) as f64),
        spread: sd / m,
        own,
        exact,
        ek,
    }
}

fn fits(points: Vec<SplitPoint>) -> Result<SplitStudy> {
    let eps: Vec<f64> = points.iter().map(|p| p.eps).collect();
    let (ratio, se): (Vec<f64>, Vec<f64>) = points.iter().map(SplitPoint::ratio).unzip();
    let fit = weighted_line(&eps, &ratio, &se)?;
    let exact_fit = match points.iter().map(|p| p.exact).collect::<Option<Vec<f64>>>() {
        Some(exact) => {
            let r: Vec<f64> = exact.iter().zip(&points).map(|(t, p)| t / p.ek).collect();
            let f = linear_fit(&eps, &r)?;
            Some((f.intercept, f.slope))
        }
        None => None,
    };
    Ok(SplitStudy {
        points,
        fit,
        exact_fit,
    })
}

/// The 1-D study: `L = x⁴/4 − x²/2` from −1; seeds `seed + 2000 + 100 j`.
pub(crate) fn study_1d(cfg: &Config) -> Result<SplitStudy> {
    let well = DoubleWell::symmetric();
    let ek = EyringKramers::new(&well, &[-1.0], &[0.0])?;
    let mut points = Vec::with_capacity(cfg.splitting_epsilons.len());
    for (j, &eps) in cfg.splitting_epsilons.iter().enumerate() {
        let exact = exact_1d(eps)?;
        let r = runs(cfg, &well, eps, &[-1.0], cfg.seed + 2000 + 100 * j as u64)?;
        points.push(point(eps, &r, Some(exact), ek.mean_time(eps)?));
    }
    fits(points)
}

/// The 2-D study: `double-well-2d` from `(−1, −κ)` over the saddle
/// `(0, 0)`; seeds `seed + 3000 + 100 j`.
pub(crate) fn study_2d(cfg: &Config) -> Result<SplitStudy> {
    let land = CoupledDoubleWell::new(cfg.omega, cfg.kappa)?;
    debug_assert_eq!(land.dim(), 2);
    let x0 = [-1.0, -cfg.kappa];
    let ek = EyringKramers::new(&land, &x0, &[0.0, 0.0])?;
    let mut points = Vec::with_capacity(cfg.splitting_epsilons.len());
    for (j, &eps) in cfg.splitting_epsilons.iter().enumerate() {
        let r = runs(cfg, &land, eps, &x0, cfg.seed + 3000 + 100 * j as u64)?;
        points.push(point(eps, &r, None, ek.mean_time(eps)?));
    }
    fits(points)
}

/// `2ΔL/ε`, the Arrhenius exponent.
pub(crate) fn exponent(eps: f64) -> f64 {
    2.0 * BARRIER / eps
}
