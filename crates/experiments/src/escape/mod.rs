//! Experiment 3 of `shared/math.md` §5 — escape from a well in the diffusion
//! regime: the mean exit time by four methods across temperatures, the
//! Arrhenius law and the exponential law of exit times, in 1-D and in 2-D
//! through an index-1 saddle; at small noise (`2ΔL/ε` to 30 and beyond) by
//! adaptive multilevel splitting, in both and on Müller–Brown
//! (`splitting.rs`).
//!
//! # Setup
//! `dX = −∇L dt + √ε dW` (Gibbs `∝ e^{−2L/ε}`, Arrhenius exponent `2ΔL/ε`).
//!
//! * 1-D: `L = x⁴/4 − x²/2` (minima `±1`, saddle `0`, `ΔL = ¼`), start at
//!   `−1`, exit when `X ≥ 1` (the other minimum): `τ = inf{t : X_t ≥ 1}`.
//! * 2-D: the catalogue's `double-well-2d`,
//!   `L = (x² − 1)²/4 + (ω/2)(y − κx)²` (minima `±(1, κ)`, index-1 saddle
//!   `(0, 0)`, `ΔL = ¼`), start at `(−1, −κ)`, exit through the line
//!   `x = 1` (through the other minimum): `τ = inf{t : X_t ≥ 1}`.
//!
//! Reaching the other minimum is the event of the Eyring–Kramers formula
//! (`proofs-notes/eyring-kramers.md`). The Arrhenius barrier is fitted both
//! by the plain line and with the first Kramers correction
//! ([`sgdpde_analysis::arrhenius_fit_corrected`]); each verdict allows k
//! standard errors plus the deterministic bias of the same fit at the same
//! temperatures, computed on the reference values.
//!
//! # Methods
//! * Monte Carlo: Euler–Maruyama with the Brownian-bridge crossing
//!   correction ([`ExitTimes::run_bridged`], bias `O(dt)`).
//! * Backward PDE: `Qᵀ T = −1` on a cell-centred grid with an absorbing face
//!   at `x = 1` ([`mean_exit_time`], second order in `h`); grids refined by
//!   3 so that the start point stays a cell centre.
//! * Exact 1-D quadrature ([`MeanExitTime1d`], relative error ~1e-12).
//! * Eyring–Kramers ([`EyringKramers`]).
//!
//! Derivations: `proofs-notes/experiment-escape.md`.

use serde::Serialize;
use sgdpde_analysis::{
    ConstantDiffusion, Diffusion1d, EyringKramers, LeftEnd, MeanExitTime1d, QuadratureOptions,
};
use sgdpde_fokker_planck::{
    Boundary, BoundaryConditions, ExitTime, FokkerPlanck, Grid, Isotropic, mean_exit_time,
};
use sgdpde_landscape::{CoupledDoubleWell, DoubleWell, Landscape};
use sgdpde_sde::{
    EulerMaruyama, ExitSummary, ExitTimes, HalfSpace, Interval, SdeModel, Temperature,
};

use crate::error::{ExperimentError, Result, ensure};
use crate::registry::{ExperimentConfig, Size};
use crate::report::Report;

/// Command-line name.
pub const NAME: &str = "escape";
/// One-line title.
pub const TITLE: &str = "Escape (diffusion regime): exit times by Monte Carlo, backward PDE, exact quadrature and Eyring–Kramers; Arrhenius and exponential laws";

/// The barrier `ΔL = L(saddle) − L(minimum)` of both landscapes.
const BARRIER: f64 = 0.25;
/// Left end of the PDE grids in `x` (reflecting): `L(−3) − L(−1) = 16`, so
/// the Gibbs weight there is `e^{−32/ε}` — negligible for every `ε ≤ 1`.
const X_LEFT: f64 = -3.0;
/// Exit line `x = 1` (through the other minimum).
const X_EXIT: f64 = 1.0;
/// Half-height of the 2-D grid in `y` around the start `y = −κ`; the valley
/// `y = κx` stays inside for `|κ| ≤ 0.5` and `x ∈ [−3, 1]`, transverse Gibbs
/// width `√(ε/(2ω))`.
const Y_HALF: f64 = 2.0;

/// Every parameter of the escape experiment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Config {
    /// Master seed; temperature `j` of the 1-D (2-D) study uses `seed + j`
    /// (`seed + 1000 + j`).
    pub seed: u64,
    /// Temperatures `ε` (at least 5 for the corrected Arrhenius fit).
    pub epsilons: Vec<f64>,
    /// Monte Carlo paths per temperature.
    pub paths: u64,
    /// Euler–Maruyama step.
    pub dt: f64,
    /// Horizon in units of the reference mean exit time (`P(τ > cT) ≈ e^{−c}`).
    pub horizon_factor: f64,
    /// Stiffness ω of the 2-D landscape.
    pub omega: f64,
    /// Coupling κ of the 2-D landscape.
    pub kappa: f64,
    /// Coarse 1-D PDE cells (odd; refined ×3 twice).
    pub cells_1d: usize,
    /// Coarse 2-D PDE cells per axis (odd; refined ×3 once).
    pub cells_2d: usize,
    /// Standard errors allowed in Monte Carlo and splitting verdicts.
    pub k_se: f64,
    /// Temperatures of the small-noise splitting study (at least 3).
    pub splitting_epsilons: Vec<f64>,
    /// Replicas per splitting run (a tenth killed per iteration).
    pub replicas: usize,
    /// Independent splitting runs pooled per temperature (≤ 100).
    pub splitting_runs: usize,
    /// Loops `A → Σ → A` per splitting run.
    pub splitting_loops: usize,
    /// Euler–Maruyama step of the double wells' splitting runs.
    pub splitting_dt: f64,
    /// Tilt `c` of the two-state study's well `x⁴/4 − x²/2 + c x`
    /// (`0 < c < 2/(3√3)`).
    pub two_state_tilt: f64,
    /// Deep-well exponents `2ΔL₋/ε` of the two-state study (at least 1).
    pub two_state_exponents: Vec<f64>,
    /// Arrhenius exponents `2ΔL/ε` of the Müller–Brown splitting study
    /// (`ΔL ≈ 35.92`, at least 3).
    pub muller_brown_exponents: Vec<f64>,
    /// Independent Müller–Brown splitting runs pooled per temperature.
    pub muller_brown_runs: usize,
    /// Cells per axis of the grid of the Müller–Brown committor (the
    /// splitting's guide) and of the coarse PDE check (the fine one has 3×).
    pub muller_brown_cells: usize,
    /// Euler–Maruyama step of the Müller–Brown splitting runs (Hessian
    /// eigenvalues up to ~3·10³: the step's relative bias of the rate is
    /// bounded by `dt·Σ|λᵢ|` at B and S₂, `proofs-notes/ams.md` §11).
    pub muller_brown_dt: f64,
}

impl ExperimentConfig for Config {
    fn sized(size: Size, seed: u64) -> Self {
        match size {
            Size::Quick => Self {
                seed,
                epsilons: vec![0.5, 1.0 / 3.0, 0.25, 0.2, 1.0 / 6.0, 1.0 / 7.0, 0.125],
                paths: 400,
                dt: 5e-3,
                horizon_factor: 30.0,
                omega: 2.0,
                kappa: 0.5,
                cells_1d: 45,
                cells_2d: 41,
                k_se: 3.0,
                // 2ΔL/ε = 10, 15, 20, 25, 30.
                splitting_epsilons: vec![0.05, 1.0 / 30.0, 0.025, 0.02, 1.0 / 60.0],
                replicas: 500,
                splitting_runs: 8,
                splitting_loops: 400,
                splitting_dt: 2e-3,
                two_state_tilt: 0.1,
                two_state_exponents: vec![15.0, 30.0],
                muller_brown_exponents: vec![10.0, 20.0, 30.0],
                muller_brown_runs: 4,
                muller_brown_cells: 135,
                muller_brown_dt: 1e-5,
            },
            Size::Full => Self {
                seed,
                epsilons: vec![0.25, 0.2, 1.0 / 6.0, 1.0 / 7.0, 0.125, 1.0 / 9.0, 0.1],
                paths: 4000,
                dt: 2e-3,
                horizon_factor: 30.0,
                omega: 2.0,
                kappa: 0.5,
                cells_1d: 81,
                cells_2d: 61,
                k_se: 3.0,
                // 2ΔL/ε = 10, 15, …, 40.
                splitting_epsilons: vec![
                    0.05,
                    1.0 / 30.0,
                    0.025,
                    0.02,
                    1.0 / 60.0,
                    1.0 / 70.0,
                    0.0125,
                ],
                replicas: 1000,
                splitting_runs: 16,
                splitting_loops: 1000,
                splitting_dt: 1e-3,
                two_state_tilt: 0.1,
                two_state_exponents: vec![10.0, 20.0, 30.0, 40.0],
                muller_brown_exponents: vec![10.0, 15.0, 20.0, 25.0, 30.0],
                muller_brown_runs: 12,
                muller_brown_cells: 135,
                muller_brown_dt: 4e-6,
            },
        }
    }

    fn validate(&self) -> Result<()> {
        ensure(
            self.epsilons.len() >= 5,
            "epsilons",
            self.epsilons.len(),
            "at least 5 temperatures",
        )?;
        for &e in &self.epsilons {
            ensure(
                e.is_finite() && e > 0.0 && e <= 1.0,
                "epsilons",
                e,
                "each in (0, 1]",
            )?;
        }
        let mut sorted = self.epsilons.clone();
        sorted.sort_by(f64::total_cmp);
        sorted.dedup();
        ensure(
            sorted.len() == self.epsilons.len(),
            "epsilons",
            format!("{:?}", self.epsilons),
            "distinct",
        )?;
        ensure(self.paths >= 10, "paths", self.paths, "≥ 10")?;
        ensure(
            self.dt.is_finite() && self.dt > 0.0 && self.dt <= 0.05,
            "dt",
            self.dt,
            "in (0, 0.05]",
        )?;
        ensure(
            self.horizon_factor.is_finite() && self.horizon_factor >= 10.0,
            "horizon_factor",
            self.horizon_factor,
            "≥ 10 (censoring probability ≤ e^{−10})",
        )?;
        ensure(
            self.omega.is_finite() && self.omega > 0.0,
            "omega",
            self.omega,
            "finite and > 0",
        )?;
        ensure(
            self.kappa.is_finite() && self.kappa.abs() <= 0.5,
            "kappa",
            self.kappa,
            "|κ| ≤ 0.5 (the valley stays inside the grid)",
        )?;
        ensure(
            self.cells_1d >= 9 && self.cells_1d % 2 == 1,
            "cells_1d",
            self.cells_1d,
            "odd and ≥ 9 (the start is a cell centre)",
        )?;
        ensure(
            self.cells_2d >= 9 && self.cells_2d % 2 == 1,
            "cells_2d",
            self.cells_2d,
            "odd and ≥ 9 (the start is a cell centre)",
        )?;
        ensure(
            self.k_se.is_finite() && self.k_se > 0.0,
            "k_se",
            self.k_se,
            "finite and > 0",
        )?;
        let mut split = self.splitting_epsilons.clone();
        ensure(
            split.len() >= 3,
            "splitting_epsilons",
            split.len(),
            "at least 3 temperatures (a line and one degree of freedom)",
        )?;
        for &e in &split {
            ensure(
                e.is_finite() && e > 0.0 && e <= 1.0,
                "splitting_epsilons",
                e,
                "each in (0, 1]",
            )?;
        }
        split.sort_by(f64::total_cmp);
        split.dedup();
        ensure(
            split.len() == self.splitting_epsilons.len(),
            "splitting_epsilons",
            format!("{:?}", self.splitting_epsilons),
            "distinct",
        )?;
        ensure(self.replicas >= 10, "replicas", self.replicas, "≥ 10")?;
        ensure(
            (3..=100).contains(&self.splitting_runs),
            "splitting_runs",
            self.splitting_runs,
            "in 3..=100 (a spread, and seeds that do not overlap)",
        )?;
        ensure(
            self.splitting_loops >= 10,
            "splitting_loops",
            self.splitting_loops,
            "≥ 10",
        )?;
        ensure(
            self.splitting_dt.is_finite() && self.splitting_dt > 0.0 && self.splitting_dt <= 0.05,
            "splitting_dt",
            self.splitting_dt,
            "in (0, 0.05]",
        )?;
        ensure(
            self.two_state_tilt.is_finite()
                && self.two_state_tilt > 0.0
                && self.two_state_tilt < 0.9 * DoubleWell::CRITICAL_TILT,
            "two_state_tilt",
            self.two_state_tilt,
            "in (0, 0.9·2/(3√3)) (two wells with a barrier)",
        )?;
        ensure(
            !self.two_state_exponents.is_empty(),
            "two_state_exponents",
            self.two_state_exponents.len(),
            "at least 1",
        )?;
        for &x in &self.two_state_exponents {
            ensure(
                x.is_finite() && (1.0..=100.0).contains(&x),
                "two_state_exponents",
                x,
                "each in [1, 100]",
            )?;
        }
        let mut mb = self.muller_brown_exponents.clone();
        ensure(
            mb.len() >= 3,
            "muller_brown_exponents",
            mb.len(),
            "at least 3 temperatures (a line and one degree of freedom)",
        )?;
        for &x in &mb {
            ensure(
                x.is_finite() && (1.0..=100.0).contains(&x),
                "muller_brown_exponents",
                x,
                "each in [1, 100]",
            )?;
        }
        mb.sort_by(f64::total_cmp);
        mb.dedup();
        ensure(
            mb.len() == self.muller_brown_exponents.len(),
            "muller_brown_exponents",
            format!("{:?}", self.muller_brown_exponents),
            "distinct",
        )?;
        ensure(
            (3..=100).contains(&self.muller_brown_runs),
            "muller_brown_runs",
            self.muller_brown_runs,
            "in 3..=100 (a spread, and seeds that do not overlap)",
        )?;
        ensure(
            (9..=1001).contains(&self.muller_brown_cells),
            "muller_brown_cells",
            self.muller_brown_cells,
            "in 9..=1001",
        )?;
        ensure(
            self.muller_brown_dt.is_finite()
                && self.muller_brown_dt > 0.0
                && self.muller_brown_dt <= 1e-4,
            "muller_brown_dt",
            self.muller_brown_dt,
            "in (0, 1e-4] (Hessian eigenvalues up to ~3·10³)",
        )
    }

    fn run(&self) -> Result<Report> {
        self.validate()?;
        let one = study_1d(self)?;
        let two = study_2d(self)?;
        let small = [
            splitting::study_1d(self)?,
            splitting::study_2d(self)?,
            splitting::study_muller_brown(self)?,
        ];
        let two_state = two_state::study(self)?;
        build_report(self, &one, &two, &small, &two_state)
    }
}

/// Monte Carlo result at one temperature.
#[derive(Debug, Clone)]
pub(crate) struct McPoint {
    pub mean: f64,
    pub se: f64,
    pub censored: u64,
    pub summary: ExitSummary,
}

/// One temperature of one study.
#[derive(Debug, Clone)]
pub(crate) struct Point {
    pub eps: f64,
    pub mc: McPoint,
    /// PDE values on the grids, coarse to fine.
    pub pde: Vec<f64>,
    /// Exact quadrature (1-D only).
    pub exact: Option<f64>,
    pub ek: f64,
}

impl Point {
    fn pde_fine(&self) -> f64 {
        *self.pde.last().expect("at least one grid")
    }
    /// The reference mean: exact quadrature if known, else the finest PDE.
    fn reference(&self) -> f64 {
        self.exact.unwrap_or_else(|| self.pde_fine())
    }
}

/// A whole study (1-D or 2-D).
#[derive(Debug, Clone)]
pub(crate) struct Study {
    pub points: Vec<Point>,
    pub ek: EyringKramers,
    /// Cells per axis of each PDE grid, coarse to fine.
    pub cells: Vec<usize>,
}

fn mc_point(summary: ExitSummary) -> McPoint {
    let m = summary.mean_exit_time();
    McPoint {
        mean: m.mean,
        se: m.std_error,
        censored: summary.censored(),
        summary,
    }
}

/// The horizon `⌈c·T/dt⌉·dt`, a whole number of steps.
fn horizon(cfg: &Config, t_ref: f64) -> f64 {
    (cfg.horizon_factor * t_ref / cfg.dt).ceil() * cfg.dt
}

/// The backward-PDE mean exit time of the 2-D double well from `(−1, −κ)`
/// through the face `x = 1` on `n²` cells.
pub(crate) fn pde_2d(cfg: &Config, eps: f64, n: usize) -> Result<f64> {
    let land = CoupledDoubleWell::new(cfg.omega, cfg.kappa)?;
    let x0 = [-1.0, -cfg.kappa];
    let grid = Grid::new(
        &[X_LEFT, x0[1] - Y_HALF],
        &[X_EXIT, x0[1] + Y_HALF],
        &[n, n],
    )?;
    let bc = BoundaryConditions::per_axis(vec![
        (Boundary::Reflecting, Boundary::Absorbing),
        (Boundary::Reflecting, Boundary::Reflecting),
    ])?;
    let fp = FokkerPlanck::gradient(grid, bc, land, &Isotropic::from_temperature(2, eps)?)?;
    pde_value(&fp, &vec![false; fp.grid().len()], &x0)
}

/// The mean exit time at `x0` with the absorbing cells `absorbing` (and
/// faces).
pub(crate) fn pde_value(fp: &FokkerPlanck, absorbing: &[bool], x0: &[f64]) -> Result<f64> {
    let t = mean_exit_time(fp, absorbing)?;
    match t.at_point(fp.grid(), x0) {
        Some(ExitTime::Finite(v)) => Ok(v),
        other => Err(ExperimentError::InvalidConfig {
            field: "cells",
            value: format!("{other:?}"),
            reason: "the start point must lie in the grid with a finite exit time",
        }),
    }
}

/// The exact mean time from −1 to `X_EXIT` of the 1-D double well at `ε`
/// (natural left end), by quadrature.
pub(crate) fn exact_1d(eps: f64) -> Result<f64> {
    let model = Diffusion1d::new(DoubleWell::symmetric(), ConstantDiffusion::new(eps)?)?;
    Ok(MeanExitTime1d::new(
        &model,
        LeftEnd::Natural,
        X_EXIT,
        QuadratureOptions::default(),
    )?
    .value(-1.0)?)
}

fn study_1d(cfg: &Config) -> Result<Study> {
    let well = DoubleWell::symmetric();
    let ek = EyringKramers::new(&well, &[-1.0], &[0.0])?;
    let cells: Vec<usize> = (0..3).map(|k| cfg.cells_1d * 3usize.pow(k)).collect();
    let domain = Interval::new(f64::NEG_INFINITY, X_EXIT)?;
    let mut points = Vec::with_capacity(cfg.epsilons.len());
    for (j, &eps) in cfg.epsilons.iter().enumerate() {
        let exact = exact_1d(eps)?;
        let mut pde = Vec::with_capacity(cells.len());
        for &n in &cells {
            let grid = Grid::uniform_1d(X_LEFT, X_EXIT, n)?;
            let bc =
                BoundaryConditions::per_axis(vec![(Boundary::Reflecting, Boundary::Absorbing)])?;
            let fp = FokkerPlanck::gradient(grid, bc, well, &Isotropic::from_temperature(1, eps)?)?;
            pde.push(pde_value(&fp, &vec![false; n], &[-1.0])?);
        }
        let sde = SdeModel::langevin(well, Temperature::epsilon(eps)?)?;
        let run = ExitTimes::new(cfg.paths, cfg.dt, horizon(cfg, exact), cfg.seed + j as u64)?;
        let mc = mc_point(run.run_bridged(&sde, &EulerMaruyama, &[-1.0], &domain)?);
        points.push(Point {
            eps,
            mc,
            pde,
            exact: Some(exact),
            ek: ek.mean_time(eps)?,
        });
    }
    Ok(Study { points, ek, cells })
}

fn study_2d(cfg: &Config) -> Result<Study> {
    let land = CoupledDoubleWell::new(cfg.omega, cfg.kappa)?;
    debug_assert_eq!(land.dim(), 2);
    let x0 = [-1.0, -cfg.kappa];
    let ek = EyringKramers::new(&land, &x0, &[0.0, 0.0])?;
    let cells: Vec<usize> = (0..2).map(|k| cfg.cells_2d * 3usize.pow(k)).collect();
    let domain = HalfSpace::new(vec![1.0, 0.0], X_EXIT)?;
    let mut points = Vec::with_capacity(cfg.epsilons.len());
    for (j, &eps) in cfg.epsilons.iter().enumerate() {
        let pde = cells
            .iter()
            .map(|&n| pde_2d(cfg, eps, n))
            .collect::<Result<Vec<f64>>>()?;
        let t_ref = *pde.last().expect("two grids");
        let sde = SdeModel::langevin(land, Temperature::epsilon(eps)?)?;
        let run = ExitTimes::new(
            cfg.paths,
            cfg.dt,
            horizon(cfg, t_ref),
            cfg.seed + 1000 + j as u64,
        )?;
        let mc = mc_point(run.run_bridged(&sde, &EulerMaruyama, &x0, &domain)?);
        points.push(Point {
            eps,
            mc,
            pde,
            exact: None,
            ek: ek.mean_time(eps)?,
        });
    }
    Ok(Study { points, ek, cells })
}

mod landscape;
mod muller_brown;
mod report;
mod splitting;
mod splitting_report;
mod two_state;
use report::build_report;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_sizes_validate_and_horizons_are_whole_steps() {
        for size in [Size::Quick, Size::Full] {
            let cfg = Config::sized(size, 3);
            cfg.validate().unwrap();
            let h = horizon(&cfg, 123.456);
            assert!(h >= cfg.horizon_factor * 123.456);
            let steps = h / cfg.dt;
            assert!((steps - steps.round()).abs() < 1e-6);
        }
    }

    #[test]
    fn the_start_point_is_a_cell_centre_on_every_grid() {
        let cfg = Config::sized(Size::Quick, 0);
        for k in 0..3 {
            let n = cfg.cells_1d * 3usize.pow(k);
            let g = Grid::uniform_1d(X_LEFT, X_EXIT, n).unwrap();
            let i = g.locate(&[-1.0]).unwrap();
            assert!((g.coordinate(0, i) + 1.0).abs() < 1e-12, "n = {n}");
        }
    }
}
