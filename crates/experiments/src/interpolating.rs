//! Interpolating minimum (`shared/math.md` §5 item 4): at a minimum where
//! every per-sample loss vanishes, SGD's noise vanishes too and is
//! multiplicative, `dY = −mY dt + √c Y dW`. The diffusion then cannot escape:
//! the exit time from a ball is infinite with positive probability, and the
//! law concentrates to a Dirac mass at the minimum for every `c` — while
//! `E Y_t² = Y₀²e^{(c − 2m)t}` may still grow. Where discrete SGD and the SDE
//! disagree: SGD's mean-square stability threshold in the learning rate is
//! strictly smaller than the SME's.
//!
//! Runs:
//! 1. GBM by Milstein from `Y₀`: `E Y_t`, `E Y_t²`, `P(Y_t > δ)` at snapshots
//!    against their closed forms;
//! 2. exit from `(−R, R)` (bridge-corrected): exit fraction against the
//!    first-passage law, and the censoring fraction;
//! 3. minibatch SGD (batch 1) on the interpolating least-squares problem
//!    `ℓᵢ = ½(aᵢx − aᵢx*)²` at several τ: `E(x_K − x*)²` against the exact
//!    recursion `E y_{k+1}² = ((1 − τm)² + τc) E y_k²`, `c = τ Var(a²)`.
//!
//! Derivations: `proofs-notes/experiment-interpolating.md`.

mod report;
mod theory;

use serde::Serialize;
use sgdpde_analysis::{MeanEstimate, ProportionEstimate};
use sgdpde_landscape::empirical::{Dataset, LeastSquares};
use sgdpde_sde::sgd::{BatchSampling, LearningRate, Sgd};
use sgdpde_sde::{
    Ensemble, ExitTimes, Interval, LinearDrift, Milstein, SamplePaths, ScalarFnNoise, SdeModel,
};

use crate::error::{Result, ensure};
use crate::registry::{ExperimentConfig, Size};
use crate::report::Report;

/// Command-line name.
pub const NAME: &str = "interpolating";
/// One line on what it shows.
pub const TITLE: &str = "Interpolating minimum: multiplicative degenerate noise, no escape, \
                         Dirac concentration, and SGD's stricter stability threshold";

/// Standard errors allowed per Monte Carlo comparison (family-wise ≤ S·6.3·10⁻⁵
/// over S compared values, Bonferroni).
const K_SE: f64 = 4.0;

/// Every parameter of the interpolating-minimum experiment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Config {
    /// Master seed (GBM: `seed`, exits: `seed + 1`, SGD at τ_j: `seed + 2 + j`).
    pub seed: u64,
    /// Curvature `m > 0` of the minimum (drift `−mY`).
    pub m: f64,
    /// Noise intensity `c > 0` (noise `√c Y dW`).
    pub c: f64,
    /// Start `Y₀ > 0`.
    pub y0: f64,
    /// Monte Carlo paths per run.
    pub paths: u64,
    /// Milstein step of the GBM run.
    pub dt: f64,
    /// Horizon of the GBM run.
    pub t_end: f64,
    /// Snapshot spacing (a multiple of `dt`).
    pub snapshot_every: f64,
    /// Radius δ of the ball `B(0, δ)` whose complement's mass → 0.
    pub delta: f64,
    /// Radius `R > Y₀` of the exit domain `(−R, R)`.
    pub exit_radius: f64,
    /// Step of the exit-time run.
    pub exit_dt: f64,
    /// Horizon (censoring time) of the exit-time run.
    pub exit_t_max: f64,
    /// Features `aᵢ` of the 1-D interpolating least-squares data (targets `aᵢx*`).
    pub features: Vec<f64>,
    /// The interpolating minimiser `x*`.
    pub x_star: f64,
    /// SGD start `x₀ ≠ x*`.
    pub sgd_x0: f64,
    /// Learning rates τ of the SGD runs.
    pub taus: Vec<f64>,
    /// SGD iterations `K` per run.
    pub sgd_steps: u64,
}

impl ExperimentConfig for Config {
    fn sized(size: Size, seed: u64) -> Self {
        let (paths, dt) = match size {
            Size::Quick => (4_000, 0.001),
            Size::Full => (100_000, 0.0005),
        };
        Self {
            seed,
            m: 1.0,
            c: 0.5,
            y0: 1.0,
            paths,
            dt,
            t_end: 2.0,
            snapshot_every: 0.25,
            delta: 0.1,
            exit_radius: 1.25,
            exit_dt: 2.0 * dt,
            exit_t_max: 8.0,
            features: vec![0.5, 1.0, 1.5, 2.0],
            x_star: 1.0,
            sgd_x0: 2.0,
            taus: vec![0.2, 0.4, 0.6, 0.8, 1.0],
            sgd_steps: 3,
        }
    }

    fn validate(&self) -> Result<()> {
        let pos = crate::error::positive;
        ensure(pos(self.m), "m", self.m, "finite and > 0")?;
        // E Y⁴ = Y₀⁴e^{(6c − 4m)t}: the Monte Carlo standard error of E Y² is
        // meaningful only while it stays moderate; c ≤ m keeps it ≤ e^{2mt}.
        ensure(pos(self.c) && self.c <= self.m, "c", self.c, "in (0, m]")?;
        ensure(pos(self.y0), "y0", self.y0, "finite and > 0")?;
        ensure(self.paths >= 2, "paths", self.paths, "≥ 2")?;
        ensure(pos(self.dt), "dt", self.dt, "finite and > 0")?;
        crate::error::ensure_snapshot_grid(self.dt, self.snapshot_every, self.t_end)?;
        ensure(pos(self.delta), "delta", self.delta, "finite and > 0")?;
        ensure(
            self.exit_radius.is_finite() && self.exit_radius > self.y0,
            "exit_radius",
            self.exit_radius,
            "finite and > y0",
        )?;
        ensure(pos(self.exit_dt), "exit_dt", self.exit_dt, "finite and > 0")?;
        ensure(
            pos(self.exit_t_max) && crate::error::on_grid(self.exit_t_max, self.exit_dt),
            "exit_t_max",
            self.exit_t_max,
            "> 0 and a whole multiple of exit_dt",
        )?;
        ensure(
            !self.features.is_empty() && self.features.iter().all(|a| a.is_finite() && *a != 0.0),
            "features",
            format!("{:?}", self.features),
            "non-empty, finite and non-zero",
        )?;
        ensure(self.x_star.is_finite(), "x_star", self.x_star, "finite")?;
        ensure(
            self.sgd_x0.is_finite() && self.sgd_x0 != self.x_star,
            "sgd_x0",
            self.sgd_x0,
            "finite and ≠ x_star",
        )?;
        ensure(
            !self.taus.is_empty() && self.taus.iter().all(|t| pos(*t)),
            "taus",
            format!("{:?}", self.taus),
            "non-empty, finite and > 0",
        )?;
        ensure(
            (1..=8).contains(&self.sgd_steps),
            "sgd_steps",
            self.sgd_steps,
            "in 1..=8 (heavier tails make E y² unmeasurable)",
        )
    }

    fn run(&self) -> Result<Report> {
        let gbm = self.gbm()?;
        let exits = self.exits()?;
        let sgd = self.sgd_runs()?;
        Ok(self.report(&gbm, &exits, &sgd))
    }
}

/// Run 1: moments and tail mass at the snapshots.
struct Gbm {
    times: Vec<f64>,
    mean: Vec<MeanEstimate>,
    second: Vec<MeanEstimate>,
    above: Vec<ProportionEstimate>,
}

/// Run 2: exits from `(−R, R)`.
struct Exits {
    exited: ProportionEstimate,
    survival_times: Vec<f64>,
    survival: Vec<f64>,
}

/// Run 3: SGD's `E(x_K − x*)²` per τ.
struct SgdRuns {
    second: Vec<MeanEstimate>,
}

/// The GBM model `dY = −mY dt + √c Y dW` as an [`SdeModel`] with a scalar
/// noise column `√c y` and its self-derivative `(∇g)g = c y` (for Milstein).
macro_rules! gbm_model {
    ($cfg:expr) => {{
        let (sc, c) = ($cfg.c.sqrt(), $cfg.c);
        let noise = ScalarFnNoise::new(
            1,
            move |_t: f64, x: &[f64], out: &mut [f64]| out[0] = sc * x[0],
            move |_t: f64, x: &[f64], out: &mut [f64]| out[0] = c * x[0],
        )?;
        SdeModel::new(LinearDrift::new(vec![-$cfg.m], vec![0.0])?, noise)?
    }};
}

impl Config {
    fn gbm(&self) -> Result<Gbm> {
        let n = (self.t_end / self.snapshot_every).round() as usize;
        let times: Vec<f64> = (1..=n).map(|k| k as f64 * self.snapshot_every).collect();
        let xs = Ensemble::new(self.paths, self.dt, self.t_end, self.seed)?
            .with_snapshots(&times)?
            .run(
                &gbm_model!(self),
                &Milstein,
                &[self.y0],
                &SamplePaths::new(self.paths),
            )?;
        let (mut mean, mut second, mut above) = (Vec::new(), Vec::new(), Vec::new());
        for s in 0..n {
            let y: Vec<f64> = (0..self.paths as usize).map(|p| xs[p * n + s]).collect();
            mean.push(MeanEstimate::from_samples(&y)?);
            let y2: Vec<f64> = y.iter().map(|v| v * v).collect();
            second.push(MeanEstimate::from_samples(&y2)?);
            let k = y.iter().filter(|v| v.abs() > self.delta).count() as u64;
            above.push(ProportionEstimate::new(k, self.paths)?);
        }
        Ok(Gbm {
            times,
            mean,
            second,
            above,
        })
    }

    fn exits(&self) -> Result<Exits> {
        let domain = Interval::new(-self.exit_radius, self.exit_radius)?;
        let summary = ExitTimes::new(
            self.paths,
            self.exit_dt,
            self.exit_t_max,
            self.seed.wrapping_add(1),
        )?
        .run_bridged(&gbm_model!(self), &Milstein, &[self.y0], &domain)?;
        let survival_times: Vec<f64> = (1..=32)
            .map(|k| k as f64 * self.exit_t_max / 32.0)
            .collect();
        let survival = summary.survival(&survival_times);
        Ok(Exits {
            exited: ProportionEstimate::new(summary.exited(), summary.paths())?,
            survival_times,
            survival,
        })
    }

    fn sgd_runs(&self) -> Result<SgdRuns> {
        let targets: Vec<f64> = self.features.iter().map(|a| a * self.x_star).collect();
        let data = Dataset::new("interpolating-line", self.features.clone(), 1, targets)?;
        let risk = LeastSquares::new(data);
        let mut second = Vec::with_capacity(self.taus.len());
        for (j, &tau) in self.taus.iter().enumerate() {
            let sgd = Sgd::new(
                &risk,
                1,
                BatchSampling::WithReplacement,
                LearningRate::constant(tau)?,
            )?;
            let xs = Ensemble::new(
                self.paths,
                tau,
                self.sgd_steps as f64 * tau,
                self.seed.wrapping_add(2 + j as u64),
            )?
            .run_sgd(&sgd, &[self.sgd_x0], &SamplePaths::new(self.paths))?;
            let y2: Vec<f64> = xs.iter().map(|x| (x - self.x_star).powi(2)).collect();
            second.push(MeanEstimate::from_samples(&y2)?);
        }
        Ok(SgdRuns { second })
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
        c.exit_radius = 0.5;
        assert!(matches!(
            c.validate(),
            Err(crate::ExperimentError::InvalidConfig {
                field: "exit_radius",
                ..
            })
        ));
    }
}
