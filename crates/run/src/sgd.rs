//! `sgdpde sgd`: minibatch SGD on a real (or synthetic) data set, optionally
//! beside its stochastic modified equation run on the same settings.
//!
//! [`sgd`] returns the report (the `--json` object and the human summary)
//! with the arrays `--out` writes: `sgd_terminal.npy` (the parameters of
//! every SGD path after the last step, `paths × d`) and `sde_terminal.npy`
//! (the same for the SDE, with `compare_sde`).

use std::fmt;

use anyhow::Context;
use nalgebra::{DMatrix, DVector};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sgdpde_analysis::{MeanEstimate, MomentAccumulator};
use sgdpde_landscape::Landscape;
use sgdpde_landscape::critical::{NewtonOptions, newton_critical_point};
use sgdpde_landscape::empirical::{
    Dataset, EmpiricalRisk, LeastSquares, LogisticRegression, TanhNetwork, datasets,
    teacher_student,
};
use sgdpde_sde::sgd::{BatchSampling, LearningRate, Sgd, StabilityThreshold, modified_equation};
use sgdpde_sde::{Ensemble, EulerMaruyama, SdeError, TerminalStates, path_rng};

use crate::output::atomic::OutDir;
use crate::output::checkpoint::{Block, BlockStore};
use crate::output::chunk_files::{CheckpointOptions, FileStore, open_run};
use crate::output::hash::fingerprint;
use crate::output::results::{self, Array, OutOptions};
use crate::progress::{Progress, Silent};

/// Data sets `sgd` can load.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DataChoice {
    /// Diabetes (442 × 10), standardised features, target centred and scaled to unit variance.
    Diabetes,
    /// Iris versicolor (−1) vs virginica (+1), 100 × 4, standardised.
    Iris,
    /// Synthetic teacher–student regression (`n`, `d`, `noise`), seeded by `data_seed`.
    TeacherStudent,
}

impl DataChoice {
    /// The command-line spelling.
    pub fn name(self) -> &'static str {
        match self {
            Self::Diabetes => "diabetes",
            Self::Iris => "iris",
            Self::TeacherStudent => "teacher-student",
        }
    }
}

/// Models `sgd` can fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ModelChoice {
    /// Linear least squares ½(a·x − y)².
    LeastSquares,
    /// Binary logistic regression (labels ±1; adds an intercept).
    Logistic,
    /// One-hidden-layer tanh network with squared loss (`hidden` units).
    Tanh,
}

impl ModelChoice {
    /// The command-line spelling.
    pub fn name(self) -> &'static str {
        match self {
            Self::LeastSquares => "least-squares",
            Self::Logistic => "logistic",
            Self::Tanh => "tanh",
        }
    }
}

/// How batches are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SamplingChoice {
    /// b independent uniform indices per step.
    WithReplacement,
    /// A uniform b-subset per step.
    WithoutReplacement,
    /// Shuffle once per epoch, consecutive batches.
    EpochShuffle,
}

impl SamplingChoice {
    /// The command-line spelling.
    pub fn name(self) -> &'static str {
        match self {
            Self::WithReplacement => "with-replacement",
            Self::WithoutReplacement => "without-replacement",
            Self::EpochShuffle => "epoch-shuffle",
        }
    }
}

impl From<SamplingChoice> for BatchSampling {
    fn from(s: SamplingChoice) -> Self {
        match s {
            SamplingChoice::WithReplacement => Self::WithReplacement,
            SamplingChoice::WithoutReplacement => Self::WithoutReplacement,
            SamplingChoice::EpochShuffle => Self::EpochShuffle,
        }
    }
}

/// Default SDE sub-steps per learning-rate step.
pub const DEFAULT_SDE_SUBSTEPS: u64 = 8;
/// Default hidden units of the tanh network.
pub const DEFAULT_HIDDEN: usize = 3;
/// Default teacher–student sample count.
pub const DEFAULT_N: usize = 20;
/// Default teacher–student dimension.
pub const DEFAULT_D: usize = 50;
/// Default teacher–student data seed.
pub const DEFAULT_DATA_SEED: u64 = 1;

/// What `sgdpde sgd` runs.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SgdConfig {
    /// Data set.
    pub data: DataChoice,
    /// Model.
    pub model: ModelChoice,
    /// Learning rate τ (constant).
    pub tau: f64,
    /// Batch size b.
    pub batch: usize,
    /// How batches are drawn.
    pub sampling: SamplingChoice,
    /// Number of SGD iterations k (time t = kτ).
    pub steps: u64,
    /// Number of independent SGD paths.
    pub paths: u64,
    /// Master seed: path i uses ChaCha8(seed) on stream i.
    pub seed: u64,
    /// Noisy-SGD temperature δ ≥ 0.
    pub delta: f64,
    /// Also run the stochastic modified equation.
    pub compare_sde: bool,
    /// Euler–Maruyama sub-steps per learning-rate step for the SDE.
    pub sde_substeps: u64,
    /// Hidden units of the tanh network.
    pub hidden: usize,
    /// Teacher–student: number of samples N.
    pub n: usize,
    /// Teacher–student: dimension d.
    pub d: usize,
    /// Teacher–student: label noise standard deviation.
    pub noise: f64,
    /// Teacher–student: seed of the data generator.
    pub data_seed: u64,
    /// Run beyond the one-day work budget.
    pub force: bool,
    /// `out` (summary.json, the terminal arrays, manifest.json) and
    /// whether earlier results there are replaced.
    #[serde(skip)]
    pub out: OutOptions,
    /// `resume` and the checkpoint block of both ensembles in `out`.
    #[serde(skip)]
    pub checkpoints: CheckpointOptions,
}

impl SgdConfig {
    /// Checks the learning rate and that no option is given that means
    /// nothing with this data set, model or mode.
    ///
    /// # Errors
    /// One line naming the option.
    pub fn validate(&self) -> anyhow::Result<()> {
        if !(self.tau.is_finite() && self.tau > 0.0) {
            anyhow::bail!("--tau must be finite and > 0 (got {})", self.tau);
        }
        self.checkpoints.validate(&self.out)?;
        check_applicable(self)
    }
}

/// Mean, spread and standard error of a quantity over the paths.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Stats {
    /// Mean.
    pub mean: f64,
    /// Standard deviation over the paths.
    pub std: f64,
    /// Standard error of the mean.
    pub std_error: f64,
}

/// The SDE block of the report.
#[derive(Debug, Clone, Serialize)]
pub struct SdeSummary {
    /// The equation, in words.
    pub equation: &'static str,
    /// Its time step.
    pub dt: f64,
    /// Its master seed.
    pub seed: u64,
    /// Its final loss.
    pub final_loss: Stats,
}

/// The weak error `E L(SGD) − E L(SDE)`.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct WeakError {
    /// The difference of the means.
    pub estimate: f64,
    /// Its standard error.
    pub std_error: f64,
}

/// The summary of an SGD run (the `--json` object; `Display` is the human
/// summary).
#[derive(Debug, Clone, Serialize)]
pub struct SgdReport {
    /// Data set.
    pub data: &'static str,
    /// Model.
    pub model: &'static str,
    /// Number of samples.
    pub samples: usize,
    /// Number of parameters.
    pub parameters: usize,
    /// Learning rate.
    pub tau: f64,
    /// Batch size.
    pub batch: usize,
    /// Batch sampling.
    pub sampling: &'static str,
    /// Iterations.
    pub steps: u64,
    /// Time `steps · τ`.
    pub time: f64,
    /// Paths.
    pub paths: u64,
    /// Master seed.
    pub seed: u64,
    /// Noisy-SGD temperature.
    pub delta: f64,
    /// Final loss over the paths.
    pub final_loss: Stats,
    /// Distance to the minimiser (set), when there is one.
    pub distance_to_minimiser: Option<Stats>,
    /// What that distance measures.
    pub distance_definition: &'static str,
    /// The SDE run, with `compare_sde`.
    pub sde: Option<SdeSummary>,
    /// The weak error, with `compare_sde`.
    pub weak_error: Option<WeakError>,
}

/// An SGD run: the report and the terminal states `--out` writes.
#[derive(Debug, Clone)]
pub struct SgdOutput {
    /// The summary.
    pub report: SgdReport,
    /// Terminal parameters of the SGD paths (`paths × parameters`).
    pub states: Vec<f64>,
    /// Terminal states of the SDE paths, with `compare_sde`.
    pub sde_states: Option<Vec<f64>>,
    /// With `resume`: checkpoint blocks loaded and in all (both ensembles).
    pub resumed: Option<(usize, usize)>,
}

/// Checkpoints and progress of the SGD ensemble and of its SDE.
struct Stores<'a> {
    sgd: &'a FileStore<'a, Vec<f64>>,
    sde: &'a FileStore<'a, Vec<f64>>,
}

/// A block of terminal-state chunks as checkpoint data (the states as the
/// block's floats, exact).
fn encode_states(chunks: &[Vec<f64>]) -> Block {
    Block {
        chunks: chunks
            .iter()
            .map(|c| json!({ "states": c.len() }))
            .collect(),
        floats: chunks.concat(),
    }
}

/// The inverse of [`encode_states`].
fn decode_states(block: &Block) -> anyhow::Result<Vec<Vec<f64>>> {
    let mut rest = block.floats.as_slice();
    let mut chunks = Vec::with_capacity(block.chunks.len());
    for c in &block.chunks {
        let n = usize::try_from(c["states"].as_u64().context("checkpoint: states")?)?;
        if n > rest.len() {
            anyhow::bail!("checkpoint: fewer stored states than recorded");
        }
        let (mine, tail) = rest.split_at(n);
        chunks.push(mine.to_vec());
        rest = tail;
    }
    if !rest.is_empty() {
        anyhow::bail!("checkpoint: more stored states than recorded");
    }
    Ok(chunks)
}

/// Options that mean something only with one data set, model or mode are
/// refused elsewhere rather than silently ignored. An option counts as given
/// when it differs from its default (`--noise 0` with iris passes: it asks
/// for what happens anyway).
fn check_applicable(cfg: &SgdConfig) -> anyhow::Result<()> {
    let with = |flag: &str, given: bool, needs: &str| {
        if given {
            anyhow::bail!("{flag} applies only with {needs}")
        }
        Ok(())
    };
    if cfg.data != DataChoice::TeacherStudent {
        let needs = "--data teacher-student";
        with("--n", cfg.n != DEFAULT_N, needs)?;
        with("--d", cfg.d != DEFAULT_D, needs)?;
        with("--noise", cfg.noise != 0.0, needs)?;
        with("--data-seed", cfg.data_seed != DEFAULT_DATA_SEED, needs)?;
    }
    if cfg.model != ModelChoice::Tanh {
        with("--hidden", cfg.hidden != DEFAULT_HIDDEN, "--model tanh")?;
    }
    if !cfg.compare_sde {
        let given = cfg.sde_substeps != DEFAULT_SDE_SUBSTEPS;
        with("--sde-substeps", given, "--compare-sde")?;
    }
    Ok(())
}

fn load(cfg: &SgdConfig) -> anyhow::Result<Dataset> {
    Ok(match cfg.data {
        DataChoice::Diabetes => {
            let (d, _) = datasets::diabetes().standardised();
            let (d, _) = d.target_centred();
            let sd = (d.targets().iter().map(|y| y * y).sum::<f64>() / d.n_samples() as f64).sqrt();
            d.filter_map_targets("diabetes (standardised)", |y| Some(y / sd))?
        }
        DataChoice::Iris => datasets::iris_versicolor_virginica().standardised().0,
        DataChoice::TeacherStudent => {
            let mut rng = path_rng(cfg.data_seed, 0);
            teacher_student(&mut rng, cfg.n, cfg.d, cfg.noise)?.0
        }
    })
}

/// Refuses, for a data set of `n` samples × `features`, a run of no step or more than 2⁵³
/// steps, one whose buffers would not fit in memory, or (unless
/// `--force`) one beyond the one-day work budget.
///
/// Memory (8-byte floats): the data and the copies the models and the
/// minimiser make (4 n·p), the least-squares projection `A⁺A` (p²), and
/// the terminal parameters of every path (paths·p, twice with
/// `--compare-sde`). Work per SGD step and path: b per-sample gradients of
/// p parameters, plus `--sde-substeps` steps of the SDE whose exact
/// minibatch factor costs n·p each.
fn check_run_size(
    cfg: &SgdConfig,
    n: usize,
    features: usize,
    pool: &rayon::ThreadPool,
) -> anyhow::Result<()> {
    if cfg.steps == 0 {
        anyhow::bail!("--steps must be ≥ 1 (a run of no step returns the start point)");
    }
    if cfg.steps > sgdpde_sde::MAX_STEPS {
        anyhow::bail!(
            "--steps {} is more than 2^53 = {} (the step limit of every time loop)",
            cfg.steps,
            sgdpde_sde::MAX_STEPS
        );
    }
    // Parameters: p (+1 intercept), or the tanh network's (p + 2)·hidden + 1.
    let p = match cfg.model {
        ModelChoice::LeastSquares => features as f64,
        ModelChoice::Logistic => features as f64 + 1.0,
        ModelChoice::Tanh => (features as f64 + 2.0) * cfg.hidden as f64 + 1.0,
    };
    let (n, paths) = (n as f64, cfg.paths as f64);
    let runs = if cfg.compare_sde { 2.0 } else { 1.0 };
    let projection = if cfg.model == ModelChoice::LeastSquares {
        p * p
    } else {
        0.0
    };
    let floats = 4.0 * n * features as f64 + projection + runs * paths * p;
    let bytes = 8.0 * floats;
    let bytes = if bytes >= u64::MAX as f64 {
        u64::MAX
    } else {
        bytes as u64
    };
    sgdpde_sde::limits::check_memory(
        || format!("sgd on {n} samples × {p} parameters with {paths} paths"),
        bytes,
    )?;
    let mut cost = cfg.batch.max(1) as f64 * p;
    if cfg.compare_sde {
        cost += cfg.sde_substeps as f64 * n * p;
    }
    if cfg.force {
        return Ok(());
    }
    sgdpde_sde::limits::check_work(cfg.paths, cfg.steps, cost, pool.current_num_threads())
        .map_err(|e| anyhow::anyhow!("{e}; pass --force to run it anyway"))
}

fn stats(m: &MeanEstimate, sd: f64) -> Stats {
    Stats {
        mean: m.mean,
        std: sd,
        std_error: m.std_error,
    }
}

/// Mean and spread of `f` over the stored terminal states.
fn summarise(
    states: &[f64],
    d: usize,
    f: impl Fn(&[f64]) -> f64,
) -> anyhow::Result<(MeanEstimate, f64)> {
    let mut acc = MomentAccumulator::new();
    for x in states.chunks_exact(d) {
        acc.push(f(x))?;
    }
    let sd = acc.variance().unwrap_or(0.0).sqrt();
    Ok((acc.mean_estimate()?, sd))
}

struct Outcome {
    /// Terminal parameters of the SGD paths (`paths × d`).
    states: Vec<f64>,
    /// Terminal states of the SDE paths, with `--compare-sde`.
    sde_states: Option<Vec<f64>>,
    loss: (MeanEstimate, f64),
    distance: Option<(MeanEstimate, f64)>,
    sde_loss: Option<(MeanEstimate, f64)>,
}

/// Distance of a parameter vector to the minimiser (set).
type Distance<'a> = &'a dyn Fn(&[f64]) -> f64;

/// The divergence error: where it showed, and `τ·λ_max(H)` against 2 when
/// the model has an exact Hessian.
fn diverged(what: String, stability: Option<&StabilityThreshold>) -> anyhow::Error {
    let why = stability.map_or_else(
        || {
            "no exact Hessian for this model to compare τ with 2/λ_max(H); try a smaller --tau"
                .to_owned()
        },
        StabilityThreshold::describe,
    );
    anyhow::anyhow!("SGD diverged: {what}; {why}")
}

/// A typed divergence error when a printed estimate of the SGD terminal
/// states is not finite (the iterates are finite but so large that the
/// loss or its variance overflows), naming the path with the largest loss.
fn check_finite_estimates(
    cfg: &SgdConfig,
    states: &[f64],
    d: usize,
    loss: &(MeanEstimate, f64),
    value: impl Fn(&[f64]) -> f64,
    stability: Option<&StabilityThreshold>,
) -> anyhow::Result<()> {
    let (m, sd) = loss;
    if m.mean.is_finite() && m.std_error.is_finite() && sd.is_finite() {
        return Ok(());
    }
    let (path, worst) = states
        .chunks_exact(d)
        .map(value)
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap_or((0, f64::NAN));
    Err(diverged(
        format!(
            "the final loss overflows (mean {:.3e}, standard error {:.3e}); path {path} has loss \
             {worst:.3e} after step {}",
            m.mean, m.std_error, cfg.steps
        ),
        stability,
    ))
}

/// Runs SGD (and the SDE) on `risk` with distance function `dist` to the
/// minimiser set; `stability` (models with an exact Hessian) goes into the
/// message if SGD diverges.
fn run_with<E: EmpiricalRisk + Clone>(
    cfg: &SgdConfig,
    risk: E,
    x0: &[f64],
    dist: Option<Distance<'_>>,
    stability: Option<StabilityThreshold>,
    stores: &Stores<'_>,
) -> anyhow::Result<Outcome> {
    let d = risk.dim();
    let sampling = BatchSampling::from(cfg.sampling);
    let sgd = Sgd::new(
        risk.clone(),
        cfg.batch,
        sampling,
        LearningRate::constant(cfg.tau)?,
    )?
    .with_noise(cfg.delta)?;
    let t_end = cfg.steps as f64 * cfg.tau;
    let states = Ensemble::new(cfg.paths, cfg.tau, t_end, cfg.seed)?
        .run_sgd_stored(&sgd, x0, &TerminalStates::new(1), stores.sgd)
        .map_err(|e| match e {
            SdeError::NonFinite { path, step, .. } => diverged(
                format!("a non-finite iterate on path {path} at step {step}"),
                stability.as_ref(),
            ),
            e => e.into(),
        })?;
    let loss = summarise(&states, d, |x| risk.value(x))?;
    check_finite_estimates(
        cfg,
        &states,
        d,
        &loss,
        |x| risk.value(x),
        stability.as_ref(),
    )?;
    let distance = dist.map(|f| summarise(&states, d, f)).transpose()?;
    let sde_loss = if cfg.compare_sde {
        if cfg.delta != 0.0 {
            anyhow::bail!("--compare-sde models plain SGD; use --delta 0");
        }
        if cfg.sde_substeps == 0 {
            anyhow::bail!("--sde-substeps must be ≥ 1");
        }
        let sme = modified_equation(risk.clone(), cfg.tau, cfg.batch, sampling.one_step_law())?;
        let dt = cfg.tau / cfg.sde_substeps as f64;
        let e = Ensemble::new(cfg.paths, dt, t_end, cfg.seed.wrapping_add(1))?;
        let s = e.run_stored(
            &sme,
            &EulerMaruyama,
            x0,
            &TerminalStates::new(1),
            stores.sde,
        )?;
        Some((summarise(&s, d, |x| risk.value(x))?, s))
    } else {
        None
    };
    let (sde_loss, sde_states) = sde_loss.unzip();
    Ok(Outcome {
        states,
        sde_states,
        loss,
        distance,
        sde_loss,
    })
}

/// Distance to the affine set of least-squares minimisers `A⁺y + ker A`:
/// `|A⁺A x − A⁺y|`.
fn least_squares_distance(data: &Dataset) -> impl Fn(&[f64]) -> f64 {
    let a = DMatrix::from_row_slice(data.n_samples(), data.n_features(), data.features());
    let pinv = a
        .clone()
        .pseudo_inverse(1e-12)
        .expect("SVD of a finite matrix");
    let proj = &pinv * &a;
    let target = &pinv * DVector::from_column_slice(data.targets());
    move |x: &[f64]| (&proj * DVector::from_column_slice(x) - &target).norm()
}

/// Runs SGD (and the SDE) as `cfg` says, in `pool`, and with `out` writes
/// its files, recording `cfg` in the manifest ([`sgd_with`]).
///
/// # Errors
/// An invalid configuration, a run too large for memory or (without
/// `force`) the work budget, a data set the model cannot fit, or
/// divergence (naming the path and the stability threshold).
pub fn sgd(cfg: &SgdConfig, pool: &rayon::ThreadPool) -> anyhow::Result<SgdOutput> {
    sgd_with(cfg, pool, &Silent, cfg)
}

/// [`sgd`], reporting the finished chunks of each ensemble to `progress`;
/// with `out`, it writes `summary.json`, `sgd_terminal.npy`,
/// `sde_terminal.npy` (with `compare_sde`) and last `manifest.json`
/// (recording `manifest_config`). Both ensembles are checkpointed in
/// `out/checkpoints/` (`sgd-*`, `sde-*`, blocks of
/// `checkpoints.chunks_per_block` chunks); with `resume` the stored blocks
/// of the same configuration are loaded instead of run — the same bytes as
/// an uninterrupted run, for any thread count.
///
/// # Errors
/// As [`sgd`]; with `resume`, a directory holding another run.
pub fn sgd_with(
    cfg: &SgdConfig,
    pool: &rayon::ThreadPool,
    progress: &dyn Progress,
    manifest_config: &impl Serialize,
) -> anyhow::Result<SgdOutput> {
    cfg.validate()?;
    if cfg.data == DataChoice::TeacherStudent {
        // The synthetic set is made at the size asked for: check before making it.
        check_run_size(cfg, cfg.n, cfg.d, pool)?;
    }
    let data = load(cfg).context("loading the data set")?;
    check_run_size(cfg, data.n_samples(), data.n_features(), pool)?;
    let fp = fingerprint(&identity(cfg)?);
    let dir = open_run(&cfg.out, &cfg.checkpoints, "sgd", &fp)?;
    let k = cfg.checkpoints.chunks_per_block;
    let block_store = |stem| {
        dir.as_ref()
            .map(|o| {
                BlockStore::new(o, fp.clone(), k, cfg.checkpoints.resume).map(|b| b.named(stem))
            })
            .transpose()
    };
    let (sgd_blocks, sde_blocks) = (block_store("sgd-chunks")?, block_store("sde-chunks")?);
    let sgd_store = FileStore::new(
        sgd_blocks.as_ref(),
        &encode_states,
        &decode_states,
        progress,
    );
    let sde_store = FileStore::new(
        sde_blocks.as_ref(),
        &encode_states,
        &decode_states,
        progress,
    );
    let stores = Stores {
        sgd: &sgd_store,
        sde: &sde_store,
    };
    let (n, p) = (data.n_samples(), data.n_features());
    let (out, d, minimiser_note) = pool.install(|| -> anyhow::Result<_> {
        Ok(match cfg.model {
            ModelChoice::LeastSquares => {
                let risk = LeastSquares::new(data.clone());
                let dist = least_squares_distance(&data);
                let x0 = vec![0.0; p];
                let stability = StabilityThreshold::at(&risk, &x0, cfg.tau);
                (
                    run_with(cfg, risk, &x0, Some(&dist), Some(stability), &stores)?,
                    p,
                    "distance to the affine set A⁺y + ker A",
                )
            }
            ModelChoice::Logistic => {
                let labels = data.targets().iter().all(|y| *y == 1.0 || *y == -1.0);
                if !labels {
                    anyhow::bail!("--model logistic needs ±1 labels (use --data iris)");
                }
                let risk = LogisticRegression::new(data.with_intercept())?;
                let star =
                    newton_critical_point(&risk, &vec![0.0; p + 1], &NewtonOptions::default())
                        .context("Newton's method for the logistic minimiser")?
                        .x;
                let dist = move |x: &[f64]| {
                    x.iter()
                        .zip(&star)
                        .map(|(a, b)| (a - b).powi(2))
                        .sum::<f64>()
                        .sqrt()
                };
                let x0 = vec![0.0; p + 1];
                let stability = StabilityThreshold::at(&risk, &x0, cfg.tau);
                (
                    run_with(cfg, risk, &x0, Some(&dist), Some(stability), &stores)?,
                    p + 1,
                    "distance to the Newton minimiser",
                )
            }
            ModelChoice::Tanh => {
                let risk = TanhNetwork::new(data.clone(), cfg.hidden)?;
                // A fixed generic start off the symmetric saddle θ = 0.
                let x0: Vec<f64> = (0..risk.dim())
                    .map(|i| 0.5 * ((i + 1) as f64).sin())
                    .collect();
                let d = risk.dim();
                (
                    run_with(cfg, risk, &x0, None, None, &stores)?,
                    d,
                    "no unique minimiser (permutation and sign symmetries)",
                )
            }
        })
    })?;
    let weak = out.sde_loss.as_ref().map(|(s, _)| {
        let (a, b) = (&out.loss.0, s);
        WeakError {
            estimate: a.mean - b.mean,
            std_error: (a.std_error.powi(2) + b.std_error.powi(2)).sqrt(),
        }
    });
    let report = SgdReport {
        data: cfg.data.name(),
        model: cfg.model.name(),
        samples: n,
        parameters: d,
        tau: cfg.tau,
        batch: cfg.batch,
        sampling: cfg.sampling.name(),
        steps: cfg.steps,
        time: cfg.steps as f64 * cfg.tau,
        paths: cfg.paths,
        seed: cfg.seed,
        delta: cfg.delta,
        final_loss: stats(&out.loss.0, out.loss.1),
        distance_to_minimiser: out.distance.as_ref().map(|(m, sd)| stats(m, *sd)),
        distance_definition: minimiser_note,
        sde: out.sde_loss.as_ref().map(|(m, sd)| SdeSummary {
            equation: "dX = −∇L dt + √τ Σ_b(X)^{1/2} dW (exact minibatch factor), Euler–Maruyama",
            dt: cfg.tau / cfg.sde_substeps as f64,
            seed: cfg.seed.wrapping_add(1),
            final_loss: stats(m, *sd),
        }),
        weak_error: weak,
    };
    let chunks = cfg.paths.div_ceil(sgdpde_sde::DEFAULT_CHUNK);
    let blocks = sgd_store.block_count(chunks)
        + if cfg.compare_sde {
            sde_store.block_count(chunks)
        } else {
            0
        };
    let output = SgdOutput {
        report,
        states: out.states,
        sde_states: out.sde_states,
        resumed: cfg
            .checkpoints
            .resume
            .then(|| (sgd_store.loaded() + sde_store.loaded(), blocks)),
    };
    if let Some(dir) = &dir {
        write_files(dir, &output, manifest_config)?;
    }
    Ok(output)
}

/// What identifies a run for `--resume`: every setting that changes a
/// result (not `force`), the chunk size and the version.
fn identity(cfg: &SgdConfig) -> anyhow::Result<Value> {
    let mut config = serde_json::to_value(cfg)?;
    if let Some(c) = config.as_object_mut() {
        c.remove("force");
    }
    Ok(json!({
        "command": "sgd",
        "config": config,
        "chunk_size": sgdpde_sde::DEFAULT_CHUNK,
        "sgdpde_version": env!("CARGO_PKG_VERSION"),
    }))
}

/// `summary.json`, the terminal arrays and, last, `manifest.json`.
fn write_files(
    dir: &OutDir,
    output: &SgdOutput,
    manifest_config: &impl Serialize,
) -> anyhow::Result<()> {
    let d = output.report.parameters;
    let summary = serde_json::to_value(&output.report)?;
    let shape = [output.states.len() / d.max(1), d];
    let mut arrays = vec![Array {
        name: "sgd_terminal.npy",
        shape: &shape,
        data: &output.states,
    }];
    if let Some(st) = &output.sde_states {
        arrays.push(Array {
            name: "sde_terminal.npy",
            shape: &shape,
            data: st,
        });
    }
    results::write_in(dir, "sgd", manifest_config, &summary, &arrays, |_| {
        Ok(Vec::new())
    })
}

/// A value as the JSON object holds it: non-finite values are `null`
/// there, printed as NaN.
fn as_json(x: f64) -> f64 {
    if x.is_finite() { x } else { f64::NAN }
}

impl fmt::Display for SgdReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "SGD on {} ({} samples, {} parameters), τ = {}, b = {}, {} steps (t = {}), {} paths, seed {}",
            self.data,
            self.samples,
            self.parameters,
            self.tau,
            self.batch,
            self.steps,
            self.time,
            self.paths,
            self.seed
        )?;
        writeln!(
            f,
            "final loss: {:.6} ± {:.2e} (sd {:.3e})",
            self.final_loss.mean, self.final_loss.std_error, self.final_loss.std
        )?;
        if let Some(m) = &self.distance_to_minimiser {
            writeln!(
                f,
                "{}: {:.6} ± {:.2e} (sd {:.3e})",
                self.distance_definition, m.mean, m.std_error, m.std
            )?;
        }
        if let (Some(s), Some(w)) = (&self.sde, &self.weak_error) {
            writeln!(
                f,
                "SDE final loss: {:.6} ± {:.2e}; weak error E L(SGD) − E L(SDE) = {:.3e} ± {:.1e}",
                s.final_loss.mean,
                s.final_loss.std_error,
                as_json(w.estimate),
                as_json(w.std_error)
            )?;
        }
        Ok(())
    }
}
