//! Over-parameterised least squares (`shared/math.md` §5 item 5): with more
//! parameters than samples (`d > N`) the per-sample gradient covariance Σ has
//! rank ≤ N − 1, every SGD step and every increment of its SDE lies in the
//! row space `span{aᵢ}`, so the orthogonal component of the parameters is
//! conserved exactly, and the limit `w∞ = (I − P)w₀ + A⁺y` depends on the
//! start — a whole affine set of minimisers, at each of which Σ = 0.
//!
//! Data: teacher–student (`aᵢ ~ N(0, I_d/d)`, `yᵢ = aᵢ·w*`, noiseless, so the
//! data interpolate). Runs from two starts: minibatch SGD
//! (`Ensemble::run_sgd`) and its stochastic modified equation
//! (`sgd::modified_equation`, Euler–Maruyama).
//!
//! Derivations: `proofs-notes/experiment-overparam.md`.

mod geometry;
mod report;

use serde::Serialize;
use sgdpde_landscape::empirical::{LeastSquares, MinibatchCovariance, teacher_student};
use sgdpde_sde::sgd::{BatchSampling, LearningRate, Sgd, modified_equation};
use sgdpde_sde::{Ensemble, EulerMaruyama, MomentAcc, Moments, TerminalStates, path_rng};

use crate::error::{Result, ensure};
use crate::registry::{ExperimentConfig, Size};
use crate::report::Report;
use geometry::RowSpace;

/// Command-line name.
pub const NAME: &str = "overparam";
/// One line on what it shows.
pub const TITLE: &str = "Over-parameterised least squares: rank-deficient Σ, conserved \
                         directions, and limits that depend on the start";

/// Standard errors allowed per Monte Carlo comparison (family-wise ≤ S·6.3·10⁻⁵
/// over S compared values, Bonferroni).
const K_SE: f64 = 4.0;

/// Every parameter of the over-parameterised least-squares experiment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Config {
    /// Master seed (data: stream 0 of `seed`; SGD from start j: `seed + 1 + j`;
    /// SME from start j: `seed + 3 + j`).
    pub seed: u64,
    /// Samples N.
    pub n_samples: usize,
    /// Parameters d (> N).
    pub dim: usize,
    /// Learning rate τ.
    pub tau: f64,
    /// Batch size b (with replacement).
    pub batch: usize,
    /// SGD iterations K.
    pub steps: u64,
    /// Snapshots (evenly spaced over the K iterations).
    pub snapshots: u64,
    /// SGD paths per start.
    pub paths: u64,
    /// SME paths per start.
    pub sme_paths: u64,
    /// SME Euler–Maruyama substeps per learning-rate step.
    pub sme_substeps: u64,
    /// The second start is `start_scale · (1, 1, …, 1)`; the first is 0.
    pub start_scale: f64,
}

impl ExperimentConfig for Config {
    fn sized(size: Size, seed: u64) -> Self {
        let (paths, sme_paths) = match size {
            Size::Quick => (2_000, 200),
            Size::Full => (50_000, 5_000),
        };
        Self {
            seed,
            n_samples: 10,
            dim: 30,
            tau: 0.5,
            batch: 1,
            steps: 400,
            snapshots: 20,
            paths,
            sme_paths,
            sme_substeps: 2,
            start_scale: 1.0,
        }
    }

    fn validate(&self) -> Result<()> {
        ensure(self.n_samples >= 2, "n_samples", self.n_samples, "≥ 2")?;
        ensure(
            self.dim > self.n_samples,
            "dim",
            self.dim,
            "> n_samples (over-parameterised)",
        )?;
        // Batch-1 SGD is stable for τ|aᵢ|² < 2; rows have |aᵢ|² ≈ 1 ± O(1/√d).
        ensure(
            self.tau.is_finite() && self.tau > 0.0 && self.tau <= 1.0,
            "tau",
            self.tau,
            "in (0, 1] (stability: τ|aᵢ|² < 2)",
        )?;
        ensure(
            (1..=self.n_samples).contains(&self.batch),
            "batch",
            self.batch,
            "in 1..=n_samples",
        )?;
        ensure(self.snapshots >= 1, "snapshots", self.snapshots, "≥ 1")?;
        ensure(
            self.steps >= self.snapshots && self.steps.is_multiple_of(self.snapshots),
            "steps",
            self.steps,
            "a positive multiple of snapshots",
        )?;
        ensure(self.paths >= 2, "paths", self.paths, "≥ 2")?;
        ensure(self.sme_paths >= 2, "sme_paths", self.sme_paths, "≥ 2")?;
        ensure(
            self.sme_substeps >= 1,
            "sme_substeps",
            self.sme_substeps,
            "≥ 1",
        )?;
        ensure(
            self.start_scale.is_finite() && self.start_scale != 0.0,
            "start_scale",
            self.start_scale,
            "finite and ≠ 0",
        )
    }

    fn run(&self) -> Result<Report> {
        let (data, _teacher) =
            teacher_student(&mut path_rng(self.seed, 0), self.n_samples, self.dim, 0.0)?;
        let geometry = RowSpace::new(data.features(), self.n_samples, self.dim, data.targets());
        let risk = LeastSquares::new(data);
        let starts = [vec![0.0; self.dim], vec![self.start_scale; self.dim]];
        let sampling = BatchSampling::WithReplacement;
        let cov = MinibatchCovariance::new(&risk, self.batch, sampling.one_step_law())?;
        let sigma = SigmaFacts {
            rank_at_start: cov.rank(&risk, &starts[1], 1e-10),
            trace_at_start: cov.trace(&risk, &starts[1]),
            trace_at_limit: cov.trace(&risk, geometry.limit(&starts[1]).as_slice()),
        };
        let t_end = self.steps as f64 * self.tau;
        let every = t_end / self.snapshots as f64;
        let times: Vec<f64> = (1..=self.snapshots).map(|k| k as f64 * every).collect();
        let sgd = Sgd::new(
            &risk,
            self.batch,
            sampling,
            LearningRate::constant(self.tau)?,
        )?;
        let sme = modified_equation(&risk, self.tau, self.batch, sampling.one_step_law())?;
        let h = self.tau / self.sme_substeps as f64;
        let mut runs = Vec::with_capacity(2);
        for (j, w0) in starts.iter().enumerate() {
            let reduction = (Moments::new(self.dim), TerminalStates::new(times.len()));
            let (moments, finals) =
                Ensemble::new(self.paths, self.tau, t_end, self.seed + 1 + j as u64)?
                    .with_snapshots(&times)?
                    .run_sgd(&sgd, w0, &reduction)?;
            let (sme_moments, sme_finals) =
                Ensemble::new(self.sme_paths, h, t_end, self.seed + 3 + j as u64)?
                    .with_snapshots(&times)?
                    .run(&sme, &EulerMaruyama, w0, &reduction)?;
            runs.push(StartRun {
                w0: w0.clone(),
                moments,
                drift_sgd: max_conserved_drift(&geometry, w0, &finals, self.dim),
                drift_sme: max_conserved_drift(&geometry, w0, &sme_finals, self.dim),
                sme_moments,
            });
        }
        Ok(self.report(&geometry, &sigma, &times, &runs))
    }
}

/// Σ at the start and at the limit.
struct SigmaFacts {
    rank_at_start: usize,
    trace_at_start: f64,
    trace_at_limit: f64,
}

/// Results from one start.
struct StartRun {
    w0: Vec<f64>,
    /// SGD moments at each snapshot.
    moments: Vec<MomentAcc>,
    /// SME moments at each snapshot.
    sme_moments: Vec<MomentAcc>,
    /// `max_paths |(I − P)(w_K − w₀)|` for SGD and for the SME.
    drift_sgd: f64,
    drift_sme: f64,
}

/// `max` over the stored final states of `|(I − P)(w − w₀)|`.
fn max_conserved_drift(g: &RowSpace, w0: &[f64], finals: &[f64], d: usize) -> f64 {
    let c0 = g.conserved(w0);
    finals
        .chunks_exact(d)
        .map(|w| (g.conserved(w) - &c0).norm())
        .fold(0.0, f64::max)
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
        c.dim = 5;
        assert!(matches!(
            c.validate(),
            Err(crate::ExperimentError::InvalidConfig { field: "dim", .. })
        ));
    }
}
