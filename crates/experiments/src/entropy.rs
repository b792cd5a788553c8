//! Experiment 6 of `shared/math.md` §5: entropy decay.
//!
//! * **Bakry–Émery** (convex, `∇²L ⪰ λ`): `KL(u_t‖u∞) ≤ e^{−2λt} KL(u₀‖u∞)`
//!   for the exact Gaussian laws of OU at two temperatures, and on the grid
//!   for the convex quartic `L = λx²/2 + a x⁴/4` through the entropy
//!   dissipation inequality `I ≥ 2λ KL` along an implicit-Euler run.
//! * **Hypocoercive** (rank-one noise): `dX = −HX dt + b dW`, `H = diag(1,
//!   h₂)`, `b = √τ(1, 1)ᵀ` — exact Gaussian moments from [`ExactLinear`]
//!   (Van Loan) and `K∞` from the Lyapunov equation; `c > 1` is needed, the
//!   bound `c ≤ κ(K∞)` holds and the late rate is `2λ_min(H)`; without the
//!   Kalman condition (`b ∥ e₁`) `W₂` decays at `λ_min(H)`.
//! * **Double well** (non-convex): the late-time rate of the relative
//!   entropy is twice the spectral gap of the Fokker–Planck operator
//!   ([`smallest_eigenvalues`]).
//!
//! Derivations and tolerances: `proofs-notes/experiment-entropy.md`.
//!
//! [`ExactLinear`]: sgdpde_sde::ExactLinear
//! [`smallest_eigenvalues`]: sgdpde_fokker_planck::smallest_eigenvalues

mod gaussian;
mod grid_decay;
mod hypocoercive;
mod render;

use nalgebra::{DMatrix, DVector};
use serde::Serialize;
use sgdpde_fokker_planck::{
    Boundary, BoundaryConditions, FokkerPlanck, Grid, Isotropic, VectorDrift, smallest_eigenvalues,
};
use sgdpde_landscape::DoubleWell;

use crate::error::{Result, ensure};
use crate::registry::{ExperimentConfig, Size};
use crate::report::{Report, round_sig};
use crate::verdict::{Criterion, Verdict};
use gaussian::{Distance, LinearGaussian, decay_constant, uniform_times};
use grid_decay::{GridDecay, RateFit, fit_rate, run_decay};
use hypocoercive::{Hypo, hypocoercive};

/// Command-line name.
pub const NAME: &str = "entropy";
/// One line on what it shows.
pub const TITLE: &str = "Entropy decay: Bakry–Émery, hypocoercive decay with rank-one noise, spectral gap of a double well";

/// Round-off allowance of the closed-form Gaussian KL (Cholesky solves and
/// logarithms of `O(1)` numbers: a few ulps, amplified by `e^{2λt} ≤ 10⁴`
/// in the normalised ratios).
const ROUND_OFF: f64 = 1e-9;

/// Every parameter of the experiment. Nothing is random: the seed is kept
/// for the uniform interface and stated in the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Config {
    /// Convexity `λ` of the convex landscapes (`∇²L ⪰ λ`).
    pub lambda: f64,
    /// Temperatures `ε` of the exact Gaussian Bakry–Émery check.
    pub be_epsilons: Vec<f64>,
    /// Initial mean of the Gaussian start (stationary mean 0).
    pub be_m0: f64,
    /// Initial variance as a multiple of the stationary `ε/(2λ)`.
    pub be_variance_ratio: f64,
    /// Horizon of the Bakry–Émery runs.
    pub be_t_end: f64,
    /// Quartic coefficient `a ≥ 0` of the grid case `L = λx²/2 + a x⁴/4`.
    pub quartic: f64,
    /// Temperature of the grid case.
    pub grid_epsilon: f64,
    /// Cells of the grid case on `[−grid_half_width, grid_half_width]`.
    pub grid_cells: usize,
    /// Half width of the grid case's domain.
    pub grid_half_width: f64,
    /// Implicit-Euler step of the grid runs.
    pub grid_dt: f64,
    /// Stiff eigenvalue `h₂` of `H = diag(λ, h₂)` (hypocoercive case).
    pub h2: f64,
    /// Noise scale `τ` of `b = √τ (1, 1)ᵀ`.
    pub tau: f64,
    /// Horizon and start of the rate-fit window of the hypocoercive case.
    pub hypo_t_end: f64,
    /// Start of its fit window.
    pub hypo_fit_from: f64,
    /// Sampled times of the Gaussian series (per unit time).
    pub times_per_unit: usize,
    /// Temperature of the double well `L = x⁴/4 − x²/2`.
    pub dw_epsilon: f64,
    /// Cells on `[−dw_half_width, dw_half_width]`.
    pub dw_cells: usize,
    /// Half width of the double-well domain.
    pub dw_half_width: f64,
    /// Implicit-Euler step of the double-well run.
    pub dw_dt: f64,
    /// Horizon of the double-well run.
    pub dw_t_end: f64,
    /// Start of its fit window.
    pub dw_fit_from: f64,
    /// Centre and variance of the Gaussian start in the left well.
    pub dw_x0: f64,
    /// Variance of the start.
    pub dw_v0: f64,
    /// Seed (unused: every computation is deterministic).
    pub seed: u64,
}

impl ExperimentConfig for Config {
    fn sized(size: Size, seed: u64) -> Self {
        let full = size == Size::Full;
        Self {
            lambda: 1.0,
            be_epsilons: vec![0.5, 2.0],
            be_m0: 1.5,
            be_variance_ratio: 0.3,
            be_t_end: 4.0,
            quartic: 1.0,
            grid_epsilon: 1.0,
            grid_cells: if full { 1600 } else { 400 },
            grid_half_width: 4.0,
            grid_dt: if full { 0.0025 } else { 0.01 },
            h2: 10.0,
            tau: 1.0,
            hypo_t_end: 6.0,
            hypo_fit_from: 2.0,
            times_per_unit: 50,
            dw_epsilon: 0.25,
            dw_cells: if full { 1000 } else { 400 },
            dw_half_width: 2.5,
            dw_dt: if full { 0.0125 } else { 0.05 },
            dw_t_end: 100.0,
            dw_fit_from: 40.0,
            dw_x0: -1.0,
            dw_v0: 0.05,
            seed,
        }
    }

    fn validate(&self) -> Result<()> {
        let pos = crate::error::positive;
        ensure(pos(self.lambda), "lambda", self.lambda, "finite and > 0")?;
        ensure(
            !self.be_epsilons.is_empty() && self.be_epsilons.iter().all(|&e| pos(e)),
            "be_epsilons",
            format!("{:?}", self.be_epsilons),
            "non-empty, each finite and > 0",
        )?;
        ensure(self.be_m0.is_finite(), "be_m0", self.be_m0, "finite")?;
        ensure(
            pos(self.be_variance_ratio),
            "be_variance_ratio",
            self.be_variance_ratio,
            "finite and > 0",
        )?;
        ensure(
            pos(self.be_t_end),
            "be_t_end",
            self.be_t_end,
            "finite and > 0",
        )?;
        ensure(
            self.quartic.is_finite() && self.quartic >= 0.0,
            "quartic",
            self.quartic,
            "finite and ≥ 0",
        )?;
        ensure(
            pos(self.grid_epsilon),
            "grid_epsilon",
            self.grid_epsilon,
            "finite and > 0",
        )?;
        ensure(self.grid_cells >= 10, "grid_cells", self.grid_cells, "≥ 10")?;
        ensure(
            pos(self.grid_half_width),
            "grid_half_width",
            self.grid_half_width,
            "finite and > 0",
        )?;
        ensure(
            pos(self.grid_dt) && self.grid_dt < self.be_t_end,
            "grid_dt",
            self.grid_dt,
            "in (0, be_t_end)",
        )?;
        ensure(
            pos(self.h2) && self.h2 > self.lambda,
            "h2",
            self.h2,
            "finite and > lambda",
        )?;
        ensure(pos(self.tau), "tau", self.tau, "finite and > 0")?;
        ensure(
            pos(self.hypo_t_end),
            "hypo_t_end",
            self.hypo_t_end,
            "finite and > 0",
        )?;
        ensure(
            pos(self.hypo_fit_from) && self.hypo_fit_from < self.hypo_t_end,
            "hypo_fit_from",
            self.hypo_fit_from,
            "in (0, hypo_t_end)",
        )?;
        ensure(
            self.times_per_unit >= 4,
            "times_per_unit",
            self.times_per_unit,
            "≥ 4",
        )?;
        ensure(
            pos(self.dw_epsilon),
            "dw_epsilon",
            self.dw_epsilon,
            "finite and > 0",
        )?;
        ensure(
            self.dw_cells >= 10 && self.dw_cells <= 1200,
            "dw_cells",
            self.dw_cells,
            "in 10..=1200 (dense spectrum)",
        )?;
        ensure(
            pos(self.dw_half_width) && self.dw_half_width > 1.0,
            "dw_half_width",
            self.dw_half_width,
            "> 1 (both minima inside)",
        )?;
        ensure(pos(self.dw_dt), "dw_dt", self.dw_dt, "finite and > 0")?;
        ensure(
            pos(self.dw_t_end),
            "dw_t_end",
            self.dw_t_end,
            "finite and > 0",
        )?;
        ensure(
            pos(self.dw_fit_from) && self.dw_fit_from < self.dw_t_end,
            "dw_fit_from",
            self.dw_fit_from,
            "in (0, dw_t_end)",
        )?;
        ensure(
            self.dw_x0.abs() < self.dw_half_width,
            "dw_x0",
            self.dw_x0,
            "inside the domain",
        )?;
        ensure(pos(self.dw_v0), "dw_v0", self.dw_v0, "finite and > 0")
    }

    fn run(&self) -> Result<Report> {
        run(self)
    }
}

/// Exact Gaussian OU at one temperature: times and `KL(u_t‖u∞)`.
struct BeGaussian {
    epsilon: f64,
    times: Vec<f64>,
    kl: Vec<f64>,
    constant: f64,
}

fn bakry_emery_gaussian(c: &Config, epsilon: f64) -> Result<BeGaussian> {
    let lg = LinearGaussian::new(
        DMatrix::from_element(1, 1, -c.lambda),
        DMatrix::from_element(1, 1, epsilon.sqrt()),
    )?;
    let times = uniform_times(
        c.be_t_end,
        (c.be_t_end * c.times_per_unit as f64).ceil() as usize,
    );
    let v0 = c.be_variance_ratio * lg.k_inf[(0, 0)];
    let kl = lg.series(
        &times,
        &DVector::from_element(1, c.be_m0),
        &DMatrix::from_element(1, 1, v0),
        Distance::Kl,
    )?;
    let constant = decay_constant(&times, &kl, 2.0 * c.lambda);
    Ok(BeGaussian {
        epsilon,
        times,
        kl,
        constant,
    })
}

/// The convex quartic on the grid: the run and `min I/KL`.
fn bakry_emery_grid(c: &Config) -> Result<(GridDecay, f64, f64)> {
    let w = c.grid_half_width;
    let grid = Grid::uniform_1d(-w, w, c.grid_cells)?;
    let bc = BoundaryConditions::uniform(1, Boundary::Reflecting);
    let (lam, a) = (c.lambda, c.quartic);
    let drift = VectorDrift::new(1, move |x: &[f64], b: &mut [f64]| {
        b[0] = -(lam * x[0] + a * x[0].powi(3));
    });
    let fp = FokkerPlanck::new(
        grid,
        bc,
        &drift,
        &Isotropic::from_temperature(1, c.grid_epsilon)?,
    )?;
    let v0 = c.be_variance_ratio * c.grid_epsilon / (2.0 * c.lambda);
    let u0 = fp
        .grid()
        .map_centers(|x| (-(x[0] - c.be_m0).powi(2) / (2.0 * v0)).exp());
    let steps = (c.be_t_end / c.grid_dt).round() as usize;
    let d = run_decay(&fp, u0, c.grid_dt, steps, 1)?;
    let min_ratio =
        d.kl.iter()
            .zip(&d.dissipation)
            .skip(1)
            .map(|(k, i)| i / k)
            .fold(f64::INFINITY, f64::min);
    // The implicit-Euler form of the bound: KL_n ≤ (1 + 2λdt)^{−n} KL_0.
    let max_discrete =
        d.kl.iter()
            .enumerate()
            .map(|(n, k)| k * (1.0 + 2.0 * c.lambda * c.grid_dt).powi(n as i32) / d.kl[0])
            .fold(f64::NEG_INFINITY, f64::max);
    Ok((d, min_ratio, max_discrete))
}

/// `Σ|tᵢ − t̄| / Σ(tᵢ − t̄)²`: a perturbation `|gᵢ| ≤ G` of the data moves
/// a least-squares slope by at most `G` times this.
fn slope_sensitivity(t: &[f64]) -> f64 {
    let mean = t.iter().sum::<f64>() / t.len() as f64;
    let abs_dev: f64 = t.iter().map(|ti| (ti - mean).abs()).sum();
    let sq_dev: f64 = t.iter().map(|ti| (ti - mean).powi(2)).sum();
    abs_dev / sq_dev
}

/// `−slope` of `ln y` against `t` on `t ≥ t1`, with the window's times.
fn late_rate(times: &[f64], y: &[f64], t1: f64) -> Result<(f64, Vec<f64>)> {
    let start = times.iter().position(|&t| t >= t1).unwrap_or(0);
    let ly: Vec<f64> = y[start..].iter().map(|v| v.ln()).collect();
    let fit = sgdpde_analysis::linear_fit(&times[start..], &ly)?;
    Ok((-fit.slope, times[start..].to_vec()))
}

/// The double well: the run, the two smallest non-zero eigenvalues of `−Q`
/// and the rate fit.
struct DoubleWellDecay {
    decay: GridDecay,
    lambda1: f64,
    lambda2: f64,
    fit: Option<RateFit>,
}

fn double_well(c: &Config) -> Result<DoubleWellDecay> {
    let w = c.dw_half_width;
    let grid = Grid::uniform_1d(-w, w, c.dw_cells)?;
    let bc = BoundaryConditions::uniform(1, Boundary::Reflecting);
    let fp = FokkerPlanck::gradient(
        grid,
        bc,
        DoubleWell::symmetric(),
        &Isotropic::from_temperature(1, c.dw_epsilon)?,
    )?;
    let spec = smallest_eigenvalues(&fp, 2)?;
    let u0 = fp
        .grid()
        .map_centers(|x| (-(x[0] - c.dw_x0).powi(2) / (2.0 * c.dw_v0)).exp());
    let steps = (c.dw_t_end / c.dw_dt).round() as usize;
    let every = ((0.5 / c.dw_dt).round() as usize).max(1);
    let decay = run_decay(&fp, u0, c.dw_dt, steps, every)?;
    let fit = fit_rate(&decay, spec.re[0], spec.re[1], c.dw_fit_from)?;
    Ok(DoubleWellDecay {
        decay,
        lambda1: spec.re[0],
        lambda2: spec.re[1],
        fit,
    })
}

/// A computed tolerance rounded to 3 significant digits, so snapshots do
/// not carry round-off noise (a relative change ≤ 5·10⁻⁴ of the bound).
fn tol(x: f64) -> f64 {
    round_sig(x, 3)
}

/// Largest increase of a sequence between consecutive entries.
fn max_increase(v: &[f64]) -> f64 {
    v.windows(2)
        .map(|w| w[1] - w[0])
        .fold(f64::NEG_INFINITY, f64::max)
}

fn run(c: &Config) -> Result<Report> {
    c.validate()?;
    let be: Vec<BeGaussian> = c
        .be_epsilons
        .iter()
        .map(|&e| bakry_emery_gaussian(c, e))
        .collect::<Result<_>>()?;
    let (grid, min_ratio, max_discrete) = bakry_emery_grid(c)?;
    let hy = hypocoercive(c)?;
    let dw = double_well(c)?;
    let lam = c.lambda;

    let mut v = Vec::new();
    let note = "proofs-notes/experiment-entropy.md";
    for b in &be {
        // A theorem for the exact laws: the only slack is round-off.
        v.push(Verdict::judge(
            format!(
                "Bakry–Émery, OU at ε = {}: sup_t KL_t e^(2λt)/KL_0 ≤ 1",
                b.epsilon
            ),
            "math.md §3 Bakry–Émery (∇²L = λ, rate independent of θ = ε/2); exact Gaussian KL",
            1.0,
            b.constant,
            None,
            Criterion::AtMost { slack: ROUND_OFF },
        ));
    }
    // Discrete LSI along the implicit-Euler run: KL_{n+1} − KL_n ≤ −dt I_h(u_{n+1})
    // (convexity of the entropy) turns I_h ≥ 2λ KL into KL_n ≤ (1+2λdt)^{−n} KL_0.
    v.push(Verdict::judge(
        format!(
            "Bakry–Émery on the grid, L = λx²/2 + {}x⁴/4: entropy dissipation / KL ≥ 2λ along the run",
            c.quartic
        ),
        "log-Sobolev inequality of e^(−2L/ε) with constant λ (Bakry–Émery); §2 of the note",
        2.0 * lam,
        min_ratio,
        None,
        Criterion::AtLeast { slack: 0.0 },
    ));
    v.push(Verdict::judge(
        "Bakry–Émery on the grid: sup_n KL_n (1 + 2λdt)^n / KL_0 ≤ 1 (implicit-Euler form)",
        note,
        1.0,
        max_discrete,
        None,
        Criterion::AtMost { slack: ROUND_OFF },
    ));
    v.push(Verdict::judge(
        "Lyapunov solver: K∞ = τ/(h_i + h_j) for diagonal H (relative Frobenius gap)",
        "HK + KH = bbᵀ entrywise",
        0.0,
        hy.closed_form_gap,
        None,
        Criterion::AtMost { slack: 1e-12 },
    ));
    v.push(Verdict::judge(
        "ExactLinear covariance C_T → K∞: ‖C_T − K∞‖/‖K∞‖ ≤ e^(−2λT)",
        "C_T − K∞ = −e^(−HT)K∞e^(−HT)",
        0.0,
        hy.lyapunov_gap,
        None,
        Criterion::AtMost {
            slack: tol((-2.0 * lam * c.hypo_t_end).exp() + 1e-13),
        },
    ));
    v.push(Verdict::judge(
        "rank-one noise, m₀ ⊥ K∞⁻¹b: KL flat to third order at t = 0 (dissipation 0), so no bound with c = 1",
        "dissipation ½(bᵀK∞⁻¹m)² (note §3); Taylor bound of the forward difference",
        0.0,
        hy.initial_rate,
        None,
        Criterion::Absolute { abs: tol(hy.initial_rate_bound), },
    ));
    v.push(Verdict::judge(
        format!(
            "hypocoercive constant: sup_t KL_t e^(2λt)/KL_0 ≤ κ(K∞) = {:.3}",
            hy.kappa
        ),
        "note §3: ½mᵀK⁻¹m with m_t = e^(−Ht)m₀",
        hy.kappa,
        hy.constant,
        None,
        Criterion::AtMost { slack: ROUND_OFF },
    ));
    v.push(Verdict::judge(
        "hypocoercive late-time KL rate = 2λ_min(H)",
        "math.md §3 degenerate OU; bound from the faster modes (note §3)",
        2.0 * lam,
        hy.rate,
        None,
        Criterion::Absolute {
            abs: tol(hy.rate_bound.max(1e-12)),
        },
    ));
    v.push(Verdict::judge(
        "without the Kalman condition (b ∥ e₁) K∞ is singular: λ_min(K∞) = 0",
        "x₂ is deterministic",
        0.0,
        hy.singular_min_eig,
        None,
        Criterion::Absolute { abs: 1e-14 },
    ));
    v.push(Verdict::judge(
        "non-Kalman case: late-time W₂ rate = λ_min(H)",
        "W₂ between Gaussians with diagonal covariances (note §3)",
        lam,
        hy.w2_rate,
        None,
        Criterion::Absolute {
            abs: tol(hy.w2_rate_bound.max(1e-12)),
        },
    ));
    let (fitted, predicted, bound) = dw.fit.map_or((f64::NAN, 2.0 * dw.lambda1, 0.0), |f| {
        (f.fitted, f.predicted, f.bound)
    });
    v.push(Verdict::judge(
        format!(
            "double well (ε = {}): late-time KL rate = 2·(spectral gap) (implicit-Euler form 2 ln(1 + λ₁dt)/dt, λ₁ = {:.5})",
            c.dw_epsilon, dw.lambda1
        ),
        "note §4: KL ≈ ½χ², slowest mode of −Q; bound from ‖u/π − 1‖∞ and λ₂",
        predicted,
        fitted,
        None,
        Criterion::Absolute { abs: tol(bound) },
    ));
    // Implicit Euler never increases the relative entropy (rate-matrix note);
    // round-off of the KL sum: one ulp per cell.
    let cells = c.dw_cells.max(c.grid_cells) as f64;
    let increase = max_increase(&dw.decay.kl).max(max_increase(&grid.kl));
    v.push(Verdict::judge(
        "implicit Euler: relative entropy non-increasing (both grid runs)",
        "fokker-planck-rate-matrix.md (KL non-increasing for any stationary π)",
        0.0,
        increase,
        None,
        Criterion::AtMost {
            slack: cells * f64::EPSILON,
        },
    ));

    Ok(Report {
        id: NAME.into(),
        title: TITLE.into(),
        question: "How fast does the law of the diffusion forget its start? In a convex landscape \
                   at the Bakry–Émery rate 2λ for every temperature; with rank-one (degenerate) \
                   noise still at 2λ_min but only up to a constant c > 1 (hypocoercivity); in a \
                   non-convex double well at twice the spectral gap, far below the local convexity."
            .into(),
        setup: render::setup(c),
        tables: render::tables(c, &be, &grid, &hy, &dw),
        figures: render::figures(c, &be, &grid, &hy, &dw),
        verdicts: v,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slope_sensitivity_of_a_uniform_grid_is_three_over_length() {
        let t: Vec<f64> = (0..=1000).map(|k| k as f64 / 100.0).collect();
        assert!((slope_sensitivity(&t) - 0.3).abs() < 1e-3);
        assert_eq!(max_increase(&[3.0, 2.0, 2.5, 1.0]), 0.5);
    }
}
