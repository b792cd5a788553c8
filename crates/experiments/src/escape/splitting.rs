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
//! Sets of the double wells (both dimensions, coordinate `ξ = x₁`):
//! `A = {x₁ ≤ −0.9}`, `Σ = {x₁ ≥ −0.8}`, `B = {x₁ ≥ 1}` (the other minimum's
//! line), Euler–Maruyama with discrete monitoring. At these ε the chain's
//! mean time is the diffusion's up to a relative `O(dt)` that does not grow
//! as ε → 0 (the scheme's modified potential keeps the critical points and
//! their heights; only the Hessians move by `O(dt)`), and the boundary
//! overshoot at the minimum's line is negligible (`proofs-notes/ams.md` §8).
//!
//! Müller–Brown ([`MullerBrownPath`]): from the minimum B over the saddle
//! S₂ to the half-plane beyond C, sets on the line B → C, the splitting
//! guided by the backward committor; the warmest temperatures of both 2-D
//! studies are also checked against the backward PDE (`ams.md` §11).

use sgdpde_analysis::{EyringKramers, WeightedLine, linear_fit, weighted_line};
use sgdpde_landscape::{CoupledDoubleWell, DoubleWell, Landscape};
use sgdpde_sde::{EulerMaruyama, SdeModel, Splitting, Temperature, TransitionRun, TransitionTime};

use super::muller_brown::MullerBrownPath;
use super::{BARRIER, Config, X_EXIT, exact_1d, pde_2d};
use crate::error::Result;

/// The sets of a study along its coordinate `ξ`: `A = {ξ ≤ z_a}`,
/// `Σ = {ξ ≥ z_sigma}`, `B = {ξ ≥ z_b}`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Levels {
    pub z_a: f64,
    pub z_sigma: f64,
    pub z_b: f64,
}

/// The double wells' sets along `ξ = x₁`.
const DOUBLE_WELL_LEVELS: Levels = Levels {
    z_a: -0.9,
    z_sigma: -0.8,
    z_b: X_EXIT,
};

/// One temperature of the splitting study.
#[derive(Debug, Clone)]
pub(crate) struct SplitPoint {
    pub eps: f64,
    /// The Arrhenius exponent `2ΔL/ε`.
    pub exponent: f64,
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
    /// The backward PDE (2-D, warmest temperature only).
    pub pde: Option<PdeReference>,
    pub ek: f64,
}

/// The backward-PDE mean time on two grids.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PdeReference {
    /// On the fine grid.
    pub value: f64,
    /// `|fine − coarse|`: the coarse grid's error bounds the fine one's
    /// (second order, refinement 3: the fine error is ≈ 1/9 of it).
    pub grid_error: f64,
    /// Cells per axis, coarse and fine.
    pub cells: [usize; 2],
}

/// The backward PDE's round-off guard refuses the mean exit time beyond
/// about `2ΔL/ε ≈ 15` (condition numbers `~e^{2ΔL/ε}` over `10⁶`); the
/// 2-D studies are checked against it at their warmest temperature when its
/// exponent is at most this.
const PDE_MAX_EXPONENT: f64 = 12.0;

/// The PDE reference on `cells` and `3·cells` per axis.
fn pde_reference(cells: usize, solve: impl Fn(usize) -> Result<f64>) -> Result<PdeReference> {
    let (coarse, fine) = (solve(cells)?, solve(3 * cells)?);
    Ok(PdeReference {
        value: fine,
        grid_error: (fine - coarse).abs(),
        cells: [cells, 3 * cells],
    })
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
    /// Bound on the Euler–Maruyama step's relative bias of the rate,
    /// `dt·Σ|λᵢ|` over the Hessian eigenvalues at the minimum and the saddle
    /// (`proofs-notes/ams.md` §11).
    pub step_bias: f64,
}

/// `dt·Σ|λᵢ|` at the minimum and the saddle of `ek`.
fn step_bias(ek: &EyringKramers, dt: f64) -> f64 {
    dt * ek
        .minimum_eigenvalues
        .iter()
        .chain(&ek.saddle_eigenvalues)
        .map(|l| l.abs())
        .sum::<f64>()
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

/// The splitting runs of one temperature, run `r` on seed `seed + r`:
/// `run` drives one [`TransitionTime`] (coordinate, guide, start).
pub(super) fn runs<F>(
    cfg: &Config,
    n_runs: usize,
    levels: Levels,
    dt: f64,
    seed: u64,
    run: F,
) -> Result<Vec<TransitionRun>>
where
    F: Fn(&TransitionTime) -> sgdpde_sde::Result<TransitionRun>,
{
    let Levels { z_a, z_sigma, z_b } = levels;
    // Runs in turn; each is parallel inside (replicas, loops).
    (0..n_runs as u64)
        .map(|r| -> Result<TransitionRun> {
            let splitting = Splitting::new(cfg.replicas, dt, seed + r)?
                .with_levels(z_a, z_b)?
                .with_killed((cfg.replicas / 10).max(1))?;
            Ok(run(&TransitionTime::new(
                splitting,
                z_sigma,
                cfg.splitting_loops,
            )?)?)
        })
        .collect()
}

/// The pooled mean and its standard error: the larger of the runs' spread
/// and the estimator's own formula over `√R`. The formula is the
/// ideal-coordinate variance, a lower bound for any coordinate, and the
/// spread of a handful of runs of a skewed estimator (`p̂` is nearly
/// log-normal) can fall far below it by chance (`proofs-notes/ams.md` §8).
pub(super) fn pooled(runs: &[TransitionRun]) -> (f64, f64) {
    let (mean, se_spread) = pool(runs);
    let r = runs.len() as f64;
    let own = runs.iter().map(|x| x.relative_se).sum::<f64>() / r;
    (mean, se_spread.max(own / r.sqrt() * mean))
}

/// The pooled point ([`pooled`]).
fn point(
    eps: f64,
    barrier: f64,
    runs: &[TransitionRun],
    exact: Option<f64>,
    ek: f64,
) -> SplitPoint {
    let (mean, se) = pooled(runs);
    let r = runs.len() as f64;
    let avg = |f: &dyn Fn(&TransitionRun) -> f64| runs.iter().map(f).sum::<f64>() / r;
    let m = avg(&|x| x.mean_time);
    let sd = (runs.iter().map(|x| (x.mean_time - m).powi(2)).sum::<f64>() / (r - 1.0)).sqrt();
    let own = avg(&|x| x.relative_se);
    SplitPoint {
        eps,
        exponent: 2.0 * barrier / eps,
        mean,
        se,
        probability: avg(&|x| x.probability),
        steps: avg(&|x| (x.loop_steps + x.splitting.steps) as f64),
        spread: sd / m,
        own,
        exact,
        pde: None,
        ek,
    }
}

fn fits(points: Vec<SplitPoint>, step_bias: f64) -> Result<SplitStudy> {
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
        step_bias,
    })
}

/// The 1-D study: `L = x⁴/4 − x²/2` from −1; seeds `seed + 2000 + 100 j`.
pub(crate) fn study_1d(cfg: &Config) -> Result<SplitStudy> {
    let well = DoubleWell::symmetric();
    let ek = EyringKramers::new(&well, &[-1.0], &[0.0])?;
    let xi = |x: &[f64]| x[0];
    let mut points = Vec::with_capacity(cfg.splitting_epsilons.len());
    for (j, &eps) in cfg.splitting_epsilons.iter().enumerate() {
        let exact = exact_1d(eps)?;
        let sde = SdeModel::langevin(well, Temperature::epsilon(eps)?)?;
        let seed = cfg.seed + 2000 + 100 * j as u64;
        let r = runs(
            cfg,
            cfg.splitting_runs,
            DOUBLE_WELL_LEVELS,
            cfg.splitting_dt,
            seed,
            |t| t.run(&sde, &EulerMaruyama, &[-1.0], &xi),
        )?;
        points.push(point(eps, BARRIER, &r, Some(exact), ek.mean_time(eps)?));
    }
    fits(points, step_bias(&ek, cfg.splitting_dt))
}

/// The 2-D study: `double-well-2d` from `(−1, −κ)` over the saddle
/// `(0, 0)`; seeds `seed + 3000 + 100 j`.
pub(crate) fn study_2d(cfg: &Config) -> Result<SplitStudy> {
    let land = CoupledDoubleWell::new(cfg.omega, cfg.kappa)?;
    debug_assert_eq!(land.dim(), 2);
    let x0 = [-1.0, -cfg.kappa];
    let ek = EyringKramers::new(&land, &x0, &[0.0, 0.0])?;
    let xi = |x: &[f64]| x[0];
    let mut points = Vec::with_capacity(cfg.splitting_epsilons.len());
    for (j, &eps) in cfg.splitting_epsilons.iter().enumerate() {
        let sde = SdeModel::langevin(land, Temperature::epsilon(eps)?)?;
        let seed = cfg.seed + 3000 + 100 * j as u64;
        let r = runs(
            cfg,
            cfg.splitting_runs,
            DOUBLE_WELL_LEVELS,
            cfg.splitting_dt,
            seed,
            |t| t.run(&sde, &EulerMaruyama, &x0, &xi),
        )?;
        let mut p = point(eps, BARRIER, &r, None, ek.mean_time(eps)?);
        if j == 0 && p.exponent <= PDE_MAX_EXPONENT {
            p.pde = Some(pde_reference(3 * cfg.cells_2d, |n| pde_2d(cfg, eps, n))?);
        }
        points.push(p);
    }
    fits(points, step_bias(&ek, cfg.splitting_dt))
}

/// The Müller–Brown study: from the minimum B over the saddle S₂ to the
/// line through C ([`MullerBrownPath`]), at the exponents
/// `2ΔL/ε` of [`Config::muller_brown_exponents`]; seeds
/// `seed + 4000 + 100 j`.
pub(crate) fn study_muller_brown(cfg: &Config) -> Result<SplitStudy> {
    let path = MullerBrownPath::refined()?;
    let ek = EyringKramers::new(&path.landscape, &path.b, &path.s2)?;
    let xi = path.coordinate()?;
    let mut points = Vec::with_capacity(cfg.muller_brown_exponents.len());
    for (j, &x) in cfg.muller_brown_exponents.iter().enumerate() {
        let eps = 2.0 * path.barrier / x;
        let sde = SdeModel::langevin(path.landscape, Temperature::epsilon(eps)?)?;
        let (grid, q) = path.committor(eps, cfg.muller_brown_cells)?;
        let guide = |x: &[f64]| grid.interpolate(&q, x);
        let seed = cfg.seed + 4000 + 100 * j as u64;
        let r = runs(
            cfg,
            cfg.muller_brown_runs,
            MullerBrownPath::LEVELS,
            cfg.muller_brown_dt,
            seed,
            |t| t.run_guided(&sde, &EulerMaruyama, &path.b, &xi, &guide),
        )?;
        let mut p = point(eps, path.barrier, &r, None, ek.mean_time(eps)?);
        if j == 0 && p.exponent <= PDE_MAX_EXPONENT {
            p.pde = Some(pde_reference(cfg.muller_brown_cells, |n| {
                path.mean_time_pde(eps, n)
            })?);
        }
        points.push(p);
    }
    fits(points, step_bias(&ek, cfg.muller_brown_dt))
}
