//! Experiment 9 of `shared/math.md` §5 — the 2-D hypoelliptic double well:
//! noise in one direction only, coupling κ. Exit times and the stationary
//! density, by the backward/forward Fokker–Planck equation with the
//! degenerate axis upwinded and by Monte Carlo.
//!
//! # Setup
//! `L = (x² − 1)²/4 + (ω/2)(y − κx)²` (the catalogue's `double-well-2d`),
//!
//! ```text
//! dX = −∂ₓL dt,    dY = −∂ᵧL dt + √ε dW      (G = (0, √ε)ᵀ, D = diag(0, ε/2))
//! ```
//!
//! `∂ₓL = x(x² − 1) − ωκ(y − κx)`: the noise reaches `x` only through the
//! coupling. For κ = 0 the `x` equation is the deterministic `ẋ = −x(x² −
//! 1)`: from `x = −1` nothing moves, the exit time is infinite (the PDE
//! reports [`ExitTime::Never`], every Monte Carlo path is censored). For
//! κ ≠ 0 the bracket `[G, b]` has `x`-component `ωκ√ε ≠ 0` (Hörmander), the
//! law has a smooth positive density, and the well can be left. The
//! stationary density is *not* Gibbs (`proofs-notes/experiment-hypoelliptic.md`).
//!
//! Derivations: `proofs-notes/experiment-hypoelliptic.md`.

mod density_map;
mod report;

use serde::Serialize;
use sgdpde_fokker_planck::{
    Boundary, BoundaryConditions, ConstantTensor, ExitTime, FokkerPlanck, FpError, Grid,
    mean_exit_time, stationary,
};
use sgdpde_landscape::CoupledDoubleWell;
use sgdpde_sde::{
    Ensemble, EulerMaruyama, ExitSummary, ExitTimes, FactorNoise, GradientDrift, HalfSpace,
    SdeModel, TerminalStates,
};

use crate::error::{Result, ensure};
use crate::registry::{ExperimentConfig, Size};
use crate::report::Report;

/// Command-line name.
pub const NAME: &str = "hypoelliptic";
/// One-line title.
pub const TITLE: &str = "Hypoelliptic double well (noise in y only, coupling κ): exit times and stationary density, upwinded Fokker–Planck vs Monte Carlo";

/// Left end of the exit grids in `x` (reflecting; `L(−3, ·) − L(−1, −κ) ≥ 16`).
const X_LEFT: f64 = -3.0;
/// The exit line `x = 1` (through the other minimum).
const X_EXIT: f64 = 1.0;
/// Half-height of the exit grids in `y` around the start `y = −κ`:
/// `|κ| + 2.5`, so that the window `[−κ − |κ| − 2.5, −κ + |κ| + 2.5]` holds
/// both minima `∓(1, κ)` with a margin of 2.5 in `y` (the valley confines
/// `y − κx` with stiffness ω).
fn y_half(kappa: f64) -> f64 {
    kappa.abs() + 2.5
}
/// Half-width of the stationary box `[−B, B]²`.
const STAT_BOX: f64 = 2.5;

/// Every parameter of the hypoelliptic experiment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Config {
    /// Master seed: exit run `j` uses `seed + j`, the stationary run `seed + 100`.
    pub seed: u64,
    /// Temperature ε of the `y` noise `√ε dW`.
    pub epsilon: f64,
    /// Stiffness ω.
    pub omega: f64,
    /// Couplings κ for the exit-time study (PDE for all).
    pub kappas: Vec<f64>,
    /// Monte Carlo exit times only where the PDE mean is at most this
    /// (cost control); κ = 0 always gets a short censored run.
    pub mc_max_mean: f64,
    /// Monte Carlo paths per exit study.
    pub exit_paths: u64,
    /// Euler–Maruyama step.
    pub dt: f64,
    /// Coarse PDE cells per axis (odd; refined ×3 once).
    pub cells: usize,
    /// Coupling of the stationary-density study.
    pub stationary_kappa: f64,
    /// Paths of the stationary study.
    pub stationary_paths: u64,
    /// Time at which the stationary ensemble is observed (started at the
    /// saddle `(0, 0)`).
    pub stationary_time: f64,
    /// Standard errors allowed in Monte Carlo verdicts.
    pub k_se: f64,
}

impl ExperimentConfig for Config {
    fn sized(size: Size, seed: u64) -> Self {
        let quick = Self {
            seed,
            epsilon: 0.5,
            omega: 2.0,
            kappas: vec![0.0, 0.5, 1.0, 2.0],
            mc_max_mean: 300.0,
            exit_paths: 400,
            dt: 5e-3,
            cells: 41,
            stationary_kappa: 1.0,
            stationary_paths: 4000,
            stationary_time: 20.0,
            k_se: 3.0,
        };
        match size {
            Size::Quick => quick,
            Size::Full => Self {
                kappas: vec![0.0, 0.5, 0.75, 1.0, 1.5, 2.0],
                mc_max_mean: 500.0,
                exit_paths: 2000,
                dt: 2e-3,
                cells: 61,
                stationary_paths: 40_000,
                ..quick
            },
        }
    }

    fn validate(&self) -> Result<()> {
        ensure(
            self.epsilon.is_finite() && self.epsilon > 0.0 && self.epsilon <= 2.0,
            "epsilon",
            self.epsilon,
            "in (0, 2]",
        )?;
        ensure(
            self.omega.is_finite() && self.omega > 0.0,
            "omega",
            self.omega,
            "finite and > 0",
        )?;
        ensure(
            !self.kappas.is_empty(),
            "kappas",
            0,
            "at least one coupling",
        )?;
        for &k in self.kappas.iter().chain([&self.stationary_kappa]) {
            ensure(
                k.is_finite() && (0.0..=2.0).contains(&k),
                "kappas",
                k,
                "each in [0, 2] (the valley stays inside the grids)",
            )?;
        }
        ensure(
            self.mc_max_mean.is_finite() && self.mc_max_mean > 0.0,
            "mc_max_mean",
            self.mc_max_mean,
            "finite and > 0",
        )?;
        ensure(self.exit_paths >= 10, "exit_paths", self.exit_paths, "≥ 10")?;
        ensure(
            self.stationary_paths >= 10,
            "stationary_paths",
            self.stationary_paths,
            "≥ 10",
        )?;
        ensure(
            self.dt.is_finite() && self.dt > 0.0 && self.dt <= 0.02,
            "dt",
            self.dt,
            "in (0, 0.02]",
        )?;
        ensure(
            self.cells >= 9 && self.cells % 2 == 1,
            "cells",
            self.cells,
            "odd and ≥ 9 (the start is a cell centre)",
        )?;
        ensure(
            self.stationary_time.is_finite() && self.stationary_time >= 10.0,
            "stationary_time",
            self.stationary_time,
            "≥ 10 (linearised symmetric relaxation e^{−0.76 t})",
        )?;
        ensure(
            self.k_se.is_finite() && self.k_se > 0.0,
            "k_se",
            self.k_se,
            "finite and > 0",
        )
    }

    fn run(&self) -> Result<Report> {
        self.validate()?;
        let exits = self
            .kappas
            .iter()
            .enumerate()
            .map(|(j, &k)| exit_study(self, j, k))
            .collect::<Result<Vec<_>>>()?;
        let stat = stationary_study(self)?;
        report::build_report(self, &exits, &stat)
    }
}

/// The degenerate diffusion factor `G = (0, √ε)ᵀ` of the SDE and the FP.
fn factor(eps: f64) -> [f64; 2] {
    [0.0, eps.sqrt()]
}

/// Exit-time results for one coupling.
#[derive(Debug, Clone)]
pub(crate) struct ExitPoint {
    pub kappa: f64,
    /// PDE mean on the coarse and the fine grid (`None` = `E τ = ∞`).
    pub pde: [Option<f64>; 2],
    pub mc: Option<ExitSummary>,
}

fn exit_study(cfg: &Config, j: usize, kappa: f64) -> Result<ExitPoint> {
    let land = CoupledDoubleWell::new(cfg.omega, kappa)?;
    let x0 = [-1.0, -kappa];
    let d = ConstantTensor::from_factor(2, 1, &factor(cfg.epsilon))?;
    let mut pde = [None, None];
    for (k, n) in [cfg.cells, 3 * cfg.cells].into_iter().enumerate() {
        let grid = Grid::new(
            &[X_LEFT, x0[1] - y_half(kappa)],
            &[X_EXIT, x0[1] + y_half(kappa)],
            &[n, n],
        )?;
        let bc = BoundaryConditions::per_axis(vec![
            (Boundary::Reflecting, Boundary::Absorbing),
            (Boundary::Reflecting, Boundary::Reflecting),
        ])?;
        let fp = FokkerPlanck::gradient(grid, bc, land, &d)?;
        pde[k] = match mean_exit_time(&fp, &vec![false; fp.grid().len()]) {
            Ok(t) => match t.at_point(fp.grid(), &x0) {
                Some(ExitTime::Finite(v)) => Some(v),
                _ => None,
            },
            // No cell has a positive killing rate through the absorbing
            // face (κ = 0: the x-drift vanishes on x = 1 and there is no
            // x-diffusion), so no cell can ever exit: E τ = ∞ everywhere.
            Err(FpError::EmptyTarget { .. }) => None,
            Err(e) => return Err(e.into()),
        };
    }
    let sde = SdeModel::new(
        GradientDrift::new(land),
        FactorNoise::new(2, 1, factor(cfg.epsilon).to_vec())?,
    )?;
    let domain = HalfSpace::new(vec![1.0, 0.0], X_EXIT)?;
    let horizon = match pde[1] {
        Some(t) if t <= cfg.mc_max_mean => Some((30.0 * t / cfg.dt).ceil() * cfg.dt),
        Some(_) => None,
        // No exit: a short run shows every path censored.
        None => Some((20.0 / cfg.dt).ceil() * cfg.dt),
    };
    let mc = match horizon {
        Some(h) => Some(
            ExitTimes::new(cfg.exit_paths, cfg.dt, h, cfg.seed + j as u64)?.run(
                &sde,
                &EulerMaruyama,
                &x0,
                &domain,
            )?,
        ),
        None => None,
    };
    Ok(ExitPoint { kappa, pde, mc })
}

/// Stationary-density results.
#[derive(Debug, Clone)]
pub(crate) struct StationaryStudy {
    /// Grids (coarse, fine) and their stationary densities.
    pub grids: Vec<(Grid, Vec<f64>)>,
    /// Monte Carlo states at `stationary_time`, row-major `n × 2`.
    pub states: Vec<f64>,
}

fn stationary_study(cfg: &Config) -> Result<StationaryStudy> {
    let land = CoupledDoubleWell::new(cfg.omega, cfg.stationary_kappa)?;
    let d = ConstantTensor::from_factor(2, 1, &factor(cfg.epsilon))?;
    let mut grids = Vec::new();
    for n in [cfg.cells, 3 * cfg.cells] {
        let grid = Grid::new(&[-STAT_BOX, -STAT_BOX], &[STAT_BOX, STAT_BOX], &[n, n])?;
        let fp = FokkerPlanck::gradient(
            grid.clone(),
            BoundaryConditions::uniform(2, Boundary::Reflecting),
            land,
            &d,
        )?;
        grids.push((grid, stationary(&fp)?));
    }
    let sde = SdeModel::new(
        GradientDrift::new(land),
        FactorNoise::new(2, 1, factor(cfg.epsilon).to_vec())?,
    )?;
    let t_end = (cfg.stationary_time / cfg.dt).round() * cfg.dt;
    let states = Ensemble::new(cfg.stationary_paths, cfg.dt, t_end, cfg.seed + 100)?.run(
        &sde,
        &EulerMaruyama,
        &[0.0, 0.0],
        &TerminalStates::new(1),
    )?;
    Ok(StationaryStudy { grids, states })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_sizes_validate() {
        for size in [Size::Quick, Size::Full] {
            Config::sized(size, 1).validate().unwrap();
        }
    }

    #[test]
    fn start_points_are_cell_centres() {
        let cfg = Config::sized(Size::Quick, 0);
        for &kappa in &cfg.kappas {
            for n in [cfg.cells, 3 * cfg.cells] {
                let g = Grid::new(
                    &[X_LEFT, -kappa - y_half(kappa)],
                    &[X_EXIT, -kappa + y_half(kappa)],
                    &[n, n],
                )
                .unwrap();
                let i = g.locate(&[-1.0, -kappa]).unwrap();
                assert!((g.coordinate(0, i % n) + 1.0).abs() < 1e-12);
                assert!((g.coordinate(1, i / n) + kappa).abs() < 1e-12);
            }
        }
    }
}
