//! Drift regime (`shared/math.md` §5 item 2): on the double well
//! `L = x⁴/4 − x²/2` at small temperature, an ensemble started on one side
//! concentrates around the nearest minimum on the gradient-flow time scale,
//! with the local variance `ε/(2L″(x*))` — long before any barrier crossing.
//! Mass started on both sides splits by initial basin (the committor), and
//! with anisotropic noise in 2-D each direction concentrates with its own
//! variance.
//!
//! Runs (all with the weak-order-2 Kloeden–Platen 1.5 scheme for additive
//! noise, `dX = −∇L dt + √ε dW`):
//! 1. a point start `x₀ > 1`: mass in `B(1, r)` and `E|X − 1|²` at the
//!    snapshots, against the Fokker–Planck solution (the law, to grid error),
//!    the gradient-flow time and the metastable moments;
//! 2. a bimodal start (two point masses on either side of the barrier):
//!    basin masses versus time, against the committor;
//! 3. `L = (x² − 1)²/4 + ωy²/2` with `G = diag(√ε, √ε_y)`: the two directions
//!    concentrate separately, `E y²` exactly as the scheme's OU recursion.
//!
//! Derivations: `proofs-notes/experiment-drift.md`.

mod report;
mod theory;

use serde::Serialize;
use sgdpde_analysis::{
    ConstantDiffusion, Diffusion1d, LeftEnd, MeanEstimate, MeanExitTime1d, ProportionEstimate,
    QuadratureOptions, grid_mass_in_ball, grid_mean_squared_distance, mass_in_ball,
    mean_squared_distance,
};
use sgdpde_fokker_planck::{
    Boundary, BoundaryConditions, FokkerPlanck, Grid, Isotropic, Scheme, Stepper,
};
use sgdpde_landscape::{CoupledDoubleWell, DoubleWell};
use sgdpde_sde::{
    DiagonalNoise, Ensemble, GradientDrift, KloedenPlaten15, SamplePaths, SdeModel, Temperature,
};

use crate::error::{Result, ensure};
use crate::registry::{ExperimentConfig, Size};
use crate::report::Report;
use theory::{gradient_flow_time, ou_second_moment, well_moments};

/// Command-line name.
pub const NAME: &str = "drift";
/// One line on what it shows.
pub const TITLE: &str =
    "Drift regime: concentration around the nearest minimum on the gradient-flow time scale";

/// Standard errors allowed per Monte Carlo comparison. With `S` snapshots
/// compared at once the family-wise false-alarm probability is at most
/// `S · P(|Z| > 4) ≈ S · 6.3·10⁻⁵` (Bonferroni), below 1% for `S ≤ 100`.
const K_SE: f64 = 4.0;

/// Every parameter of the drift experiment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Config {
    /// Master seed (runs 1–3 use `seed`, `seed + 1`, `seed + 2`, `seed + 3`).
    pub seed: u64,
    /// Temperature ε of `dX = −∇L dt + √ε dW` (the x-direction in 2-D).
    pub epsilon: f64,
    /// Monte Carlo paths per run.
    pub paths: u64,
    /// Step of the Kloeden–Platen 1.5 scheme (weak order 2 for additive noise).
    pub dt: f64,
    /// Horizon (several relaxation times `1/L″(1) = 1/2`, far below the
    /// Kramers time).
    pub t_end: f64,
    /// Spacing of the snapshot times (a multiple of `dt`).
    pub snapshot_every: f64,
    /// Point start of run 1 (`> 1`: on the right, above the minimum).
    pub x0: f64,
    /// Radius `r` of the ball `B(1, r)` (`< 1`).
    pub ball_radius: f64,
    /// Fokker–Planck cell width (`r` must be a whole number of cells).
    pub fp_cell: f64,
    /// Standard deviation of the Gaussian standing in for the point start in
    /// the Fokker–Planck solution.
    pub fp_initial_width: f64,
    /// The two point masses of the bimodal start (left `< 0 <` right).
    pub bimodal_starts: [f64; 2],
    /// Weight of the left point mass.
    pub bimodal_weight_left: f64,
    /// Stiffness ω of the harmonic direction in 2-D.
    pub omega: f64,
    /// Temperature ε_y of the harmonic direction in 2-D.
    pub epsilon_y: f64,
    /// Start of the 2-D run.
    pub start_2d: [f64; 2],
}

impl ExperimentConfig for Config {
    fn sized(size: Size, seed: u64) -> Self {
        let (paths, dt, fp_cell) = match size {
            Size::Quick => (4_000, 0.002, 0.005),
            Size::Full => (100_000, 0.001, 0.0025),
        };
        Self {
            seed,
            epsilon: 0.05,
            paths,
            dt,
            t_end: 4.0,
            snapshot_every: 0.1,
            x0: 2.0,
            ball_radius: 0.2,
            fp_cell,
            fp_initial_width: 0.02,
            bimodal_starts: [-0.5, 0.15],
            bimodal_weight_left: 0.4,
            omega: 4.0,
            epsilon_y: 0.2,
            start_2d: [2.0, 1.0],
        }
    }

    fn validate(&self) -> Result<()> {
        let pos = crate::error::positive;
        ensure(
            pos(self.epsilon) && self.epsilon <= 0.1,
            "epsilon",
            self.epsilon,
            "in (0, 0.1]: the small-temperature (drift) regime",
        )?;
        ensure(self.paths >= 2, "paths", self.paths, "≥ 2")?;
        ensure(pos(self.dt), "dt", self.dt, "finite and > 0")?;
        crate::error::ensure_snapshot_grid(self.dt, self.snapshot_every, self.t_end)?;
        ensure(
            self.x0.is_finite() && self.x0 > 1.0,
            "x0",
            self.x0,
            "finite and > 1",
        )?;
        let r = self.ball_radius;
        ensure(pos(r) && r < 1.0, "ball_radius", r, "in (0, 1)")?;
        ensure(
            pos(self.fp_cell) && self.fp_cell < r && crate::error::on_grid(r, self.fp_cell),
            "fp_cell",
            self.fp_cell,
            "> 0, < ball_radius, and ball_radius a whole number of cells",
        )?;
        let w0 = self.fp_initial_width;
        ensure(pos(w0), "fp_initial_width", w0, "finite and > 0")?;
        let [a, b] = self.bimodal_starts;
        ensure(
            a.is_finite() && a < 0.0 && a > -1.0,
            "bimodal_starts[0]",
            a,
            "in (−1, 0): between the left minimum and the barrier",
        )?;
        ensure(
            b.is_finite() && b > 0.0 && b < 1.0,
            "bimodal_starts[1]",
            b,
            "in (0, 1): between the barrier and the right minimum",
        )?;
        let w = self.bimodal_weight_left;
        ensure(w > 0.0 && w < 1.0, "bimodal_weight_left", w, "in (0, 1)")?;
        ensure(pos(self.omega), "omega", self.omega, "finite and > 0")?;
        ensure(
            pos(self.epsilon_y),
            "epsilon_y",
            self.epsilon_y,
            "finite and > 0",
        )?;
        ensure(
            self.start_2d[0].is_finite() && self.start_2d[0] > 1.0 && self.start_2d[1].is_finite(),
            "start_2d",
            format!("{:?}", self.start_2d),
            "finite, with x > 1",
        )?;
        // The explicit scheme must be stable on the stiffest direction, with
        // margin: dt·max L″ ≤ 1 along the run (L″ ≤ 3x₀² − 1 for |x| ≤ x₀).
        let stiff = (3.0 * self.x0.max(self.start_2d[0]).powi(2) - 1.0).max(self.omega);
        ensure(stiff * self.dt <= 1.0, "dt", self.dt, "dt·max L″ ≤ 1")
    }

    fn run(&self) -> Result<Report> {
        let times = self.snapshot_times();
        let point = self.point_start(&times)?;
        let split = self.bimodal(&times)?;
        let aniso = self.anisotropic(&times)?;
        let well = well_moments(self.epsilon, self.ball_radius)?;
        Ok(self.report(&times, &point, &split, &aniso, well))
    }
}

/// Results of run 1.
struct PointStart {
    mc_mass: Vec<ProportionEstimate>,
    mc_msd: Vec<MeanEstimate>,
    fp_mass: Vec<f64>,
    fp_msd: Vec<f64>,
    t_gf: f64,
    t_half: f64,
    sd_at_t_gf: f64,
    speed_at_t_gf: f64,
}

/// Results of run 2.
struct Split {
    /// Left-basin fraction at each snapshot, per start (left start, right start).
    left_from: [Vec<ProportionEstimate>; 2],
    /// `P(reach −1 before +1)` from each start.
    committor_left: [f64; 2],
    n: [u64; 2],
}

/// Results of run 3.
struct Aniso {
    msd_x: Vec<MeanEstimate>,
    second_y: Vec<MeanEstimate>,
    exact_y: Vec<f64>,
}

impl Config {
    fn snapshot_times(&self) -> Vec<f64> {
        let n = (self.t_end / self.snapshot_every).round() as usize;
        (1..=n).map(|k| k as f64 * self.snapshot_every).collect()
    }

    fn ensemble(&self, paths: u64, seed: u64, times: &[f64]) -> Result<Ensemble> {
        Ok(Ensemble::new(paths, self.dt, self.t_end, seed)?.with_snapshots(times)?)
    }

    fn point_start(&self, times: &[f64]) -> Result<PointStart> {
        let eps = self.epsilon;
        let r = self.ball_radius;
        let sde = SdeModel::langevin(DoubleWell::symmetric(), Temperature::epsilon(eps)?)?;
        let snaps = times.len();
        let paths = self.ensemble(self.paths, self.seed, times)?.run(
            &sde,
            &KloedenPlaten15,
            &[self.x0],
            &SamplePaths::new(self.paths),
        )?;
        let column = |s: usize| -> Vec<f64> {
            (0..self.paths as usize)
                .map(|p| paths[p * snaps + s])
                .collect()
        };
        let mut mc_mass = Vec::with_capacity(snaps);
        let mut mc_msd = Vec::with_capacity(snaps);
        for s in 0..snaps {
            let x = column(s);
            mc_mass.push(mass_in_ball(&x, 1, &[1.0], r)?);
            mc_msd.push(mean_squared_distance(&x, 1, &[1.0])?);
        }

        // Fokker–Planck: cell faces on 1 ± r, reflecting ends at −1 (beyond
        // the barrier, where the density is e^{−O(1/ε)}) and x₀ + 1.
        let h = self.fp_cell;
        let left_cells = ((1.0 - r + 1.0) / h).ceil();
        let lo = 1.0 - r - left_cells * h;
        let cells = ((self.x0 + 1.0 - lo) / h).ceil() as usize;
        let grid = Grid::uniform_1d(lo, lo + cells as f64 * h, cells)?;
        let bc = BoundaryConditions::uniform(1, Boundary::Reflecting);
        let fp = FokkerPlanck::gradient(
            grid,
            bc,
            DoubleWell::symmetric(),
            &Isotropic::from_temperature(1, eps)?,
        )?;
        let centres = fp.grid().centers();
        let vols = vec![h; centres.len()];
        let w0 = self.fp_initial_width;
        let mut u: Vec<f64> = centres
            .iter()
            .map(|c| (-(c - self.x0).powi(2) / (2.0 * w0 * w0)).exp())
            .collect();
        let norm: f64 = u.iter().sum::<f64>() * h;
        u.iter_mut().for_each(|v| *v /= norm);
        let steps = (self.t_end / self.dt).round() as usize;
        let every = (self.snapshot_every / self.dt).round() as usize;
        let mut stepper = Stepper::new(&fp, Scheme::TrBdf2, self.dt)?;
        let (mut fp_mass, mut fp_msd) = (Vec::new(), Vec::new());
        let mut prev_mass = grid_mass_in_ball(&centres, 1, &u, &vols, &[1.0], r)?;
        let mut t_half = f64::NAN;
        let t_gf = gradient_flow_time(self.x0, 1.0 + r);
        let mut sd_at_t_gf = f64::NAN;
        for k in 1..=steps {
            stepper.step(&mut u)?;
            let t = k as f64 * self.dt;
            let m = grid_mass_in_ball(&centres, 1, &u, &vols, &[1.0], r)?;
            if t_half.is_nan() && m >= 0.5 {
                // Linear interpolation between the two steps (error O(dt²)).
                t_half = t - self.dt * (m - 0.5) / (m - prev_mass);
            }
            prev_mass = m;
            if sd_at_t_gf.is_nan() && t >= t_gf {
                let mean: f64 = centres.iter().zip(&u).map(|(c, v)| c * v * h).sum();
                let msd = grid_mean_squared_distance(&centres, 1, &u, &vols, &[mean])?;
                sd_at_t_gf = msd.sqrt();
            }
            if k % every == 0 {
                fp_mass.push(m);
                fp_msd.push(grid_mean_squared_distance(&centres, 1, &u, &vols, &[1.0])?);
            }
        }
        let x_gf = 1.0 + r;
        Ok(PointStart {
            mc_mass,
            mc_msd,
            fp_mass,
            fp_msd,
            t_gf,
            t_half,
            sd_at_t_gf,
            speed_at_t_gf: (x_gf - x_gf.powi(3)).abs(),
        })
    }

    fn bimodal(&self, times: &[f64]) -> Result<Split> {
        let sde = SdeModel::langevin(DoubleWell::symmetric(), Temperature::epsilon(self.epsilon)?)?;
        let model = Diffusion1d::new(
            DoubleWell::symmetric(),
            ConstantDiffusion::new(self.epsilon)?,
        )?;
        let hit = MeanExitTime1d::new(
            &model,
            LeftEnd::Absorbing(-1.0),
            1.0,
            QuadratureOptions::default(),
        )?;
        let n_left = ((self.bimodal_weight_left * self.paths as f64).round() as u64)
            .clamp(1, self.paths - 1);
        let n = [n_left, self.paths - n_left];
        let snaps = times.len();
        let mut left_from: [Vec<ProportionEstimate>; 2] = [Vec::new(), Vec::new()];
        let mut committor_left = [0.0; 2];
        for (j, &x0) in self.bimodal_starts.iter().enumerate() {
            let seed = self.seed.wrapping_add(1 + j as u64);
            let xs = self.ensemble(n[j], seed, times)?.run(
                &sde,
                &KloedenPlaten15,
                &[x0],
                &SamplePaths::new(n[j]),
            )?;
            for s in 0..snaps {
                let k = (0..n[j] as usize)
                    .filter(|&p| xs[p * snaps + s] < 0.0)
                    .count();
                left_from[j].push(ProportionEstimate::new(k as u64, n[j])?);
            }
            committor_left[j] = 1.0 - hit.exit_probability_right(x0)?;
        }
        Ok(Split {
            left_from,
            committor_left,
            n,
        })
    }

    fn anisotropic(&self, times: &[f64]) -> Result<Aniso> {
        let sde = SdeModel::new(
            GradientDrift::new(CoupledDoubleWell::new(self.omega, 0.0)?),
            DiagonalNoise::new(vec![self.epsilon.sqrt(), self.epsilon_y.sqrt()])?,
        )?;
        let snaps = times.len();
        let xs = self
            .ensemble(self.paths, self.seed.wrapping_add(3), times)?
            .run(
                &sde,
                &KloedenPlaten15,
                &self.start_2d,
                &SamplePaths::new(self.paths),
            )?;
        let (mut msd_x, mut second_y, mut exact_y) = (Vec::new(), Vec::new(), Vec::new());
        for (s, t) in times.iter().enumerate() {
            let coord = |c: usize| -> Vec<f64> {
                (0..self.paths as usize)
                    .map(|p| xs[(p * snaps + s) * 2 + c])
                    .collect()
            };
            msd_x.push(mean_squared_distance(&coord(0), 1, &[1.0])?);
            second_y.push(mean_squared_distance(&coord(1), 1, &[0.0])?);
            exact_y.push(ou_second_moment(
                self.omega,
                self.epsilon_y,
                self.start_2d[1],
                *t,
            ));
        }
        Ok(Aniso {
            msd_x,
            second_y,
            exact_y,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_validate_and_bad_fields_are_named() {
        for size in [Size::Quick, Size::Full] {
            Config::sized(size, 1).validate().unwrap();
        }
        let mut c = Config::sized(Size::Quick, 1);
        c.ball_radius = 0.2013;
        assert!(matches!(
            c.validate(),
            Err(crate::ExperimentError::InvalidConfig {
                field: "fp_cell",
                ..
            })
        ));
    }
}
