//! `sgdpde sgd`: minibatch SGD on a real (or synthetic) data set, optionally
//! beside its stochastic modified equation run on the same settings.
//!
//! With `--out DIR`: `summary.json` (the `--json` object),
//! `sgd_terminal.npy` (the parameters of every SGD path after the last
//! step, `paths × d`), `sde_terminal.npy` (the same for the SDE, with
//! `--compare-sde`), chunk checkpoints (`checkpoints/`, read by `--resume`),
//! then `manifest.json`.

use sgdpde_run::sgd::{
    self as run_sgd, DEFAULT_D, DEFAULT_DATA_SEED, DEFAULT_HIDDEN, DEFAULT_N, DEFAULT_SDE_SUBSTEPS,
    SgdConfig, SgdOutput,
};

use crate::args::checkpoint::CheckpointArgs;
use crate::args::out::OutArgs;
use crate::output::progress::Bar;

/// Data sets `sgdpde sgd` can load.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DataChoice {
    /// Diabetes (442 × 10), standardised features, target centred and scaled to unit variance.
    Diabetes,
    /// Iris versicolor (−1) vs virginica (+1), 100 × 4, standardised.
    Iris,
    /// Synthetic teacher–student regression (`--n`, `--d`, `--noise`), seeded by `--data-seed`.
    TeacherStudent,
}

/// Models `sgdpde sgd` can fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ModelChoice {
    /// Linear least squares ½(a·x − y)².
    LeastSquares,
    /// Binary logistic regression (labels ±1; adds an intercept).
    Logistic,
    /// One-hidden-layer tanh network with squared loss (`--hidden` units).
    Tanh,
}

/// Arguments of `sgdpde sgd`.
#[derive(Debug, clap::Args, serde::Serialize)]
#[command(
    after_help = "Files in --out: summary.json (the --json object), sgd_terminal.npy (parameters of every SGD path \
after the last step, paths × d, path order), sde_terminal.npy (the same for the SDE, with --compare-sde), \
checkpoints/{sgd,sde}-chunks-<a>-<b>.{json,npy} (per-chunk terminal states; read by --resume), run.json (the run's \
identity), manifest.json (every parameter; written last)."
)]
pub struct Args {
    /// Data set.
    #[arg(long, value_enum, default_value = "iris")]
    data: DataChoice,
    /// Model.
    #[arg(long, value_enum, default_value = "logistic")]
    model: ModelChoice,
    /// Learning rate τ (constant).
    #[arg(long, default_value_t = 0.1)]
    tau: f64,
    /// Batch size b.
    #[arg(long, default_value_t = 10)]
    batch: usize,
    /// How batches are drawn.
    #[arg(long, value_enum, default_value = "with-replacement")]
    sampling: SamplingChoice,
    /// Number of SGD iterations k (time t = kτ).
    #[arg(long, default_value_t = 100)]
    steps: u64,
    /// Number of independent SGD paths.
    #[arg(long, default_value_t = 2000)]
    paths: u64,
    /// Master seed: path i uses ChaCha8(seed) on stream i.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Noisy-SGD temperature δ ≥ 0 (adds √(2τδ) ξ per step).
    #[arg(long, default_value_t = 0.0)]
    delta: f64,
    /// Also run the SDE dX = −∇L dt + √τ Σ_b(X)^{1/2} dW (exact minibatch factor) and report the weak error.
    #[arg(long)]
    compare_sde: bool,
    /// Euler–Maruyama sub-steps per learning-rate step for the SDE (dt = τ / substeps).
    #[arg(long, default_value_t = DEFAULT_SDE_SUBSTEPS)]
    sde_substeps: u64,
    /// Hidden units of the tanh network.
    #[arg(long, default_value_t = DEFAULT_HIDDEN)]
    hidden: usize,
    /// Teacher–student: number of samples N.
    #[arg(long, default_value_t = DEFAULT_N)]
    n: usize,
    /// Teacher–student: dimension d.
    #[arg(long, default_value_t = DEFAULT_D)]
    d: usize,
    /// Teacher–student: label noise standard deviation.
    #[arg(long, default_value_t = 0.0)]
    noise: f64,
    /// Teacher–student: seed of the data generator.
    #[arg(long, default_value_t = DEFAULT_DATA_SEED)]
    data_seed: u64,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long)]
    #[serde(skip)]
    threads: Option<usize>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    #[serde(skip)]
    out: OutArgs,
    /// `--resume` and `--checkpoint-chunks` (both ensembles).
    #[command(flatten)]
    #[serde(skip)]
    checkpoints: CheckpointArgs,
}

/// Batch sampling modes on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SamplingChoice {
    /// b independent uniform indices per step.
    WithReplacement,
    /// A uniform b-subset per step.
    WithoutReplacement,
    /// Shuffle once per epoch, consecutive batches.
    EpochShuffle,
}

impl From<DataChoice> for run_sgd::DataChoice {
    fn from(c: DataChoice) -> Self {
        match c {
            DataChoice::Diabetes => Self::Diabetes,
            DataChoice::Iris => Self::Iris,
            DataChoice::TeacherStudent => Self::TeacherStudent,
        }
    }
}

impl From<ModelChoice> for run_sgd::ModelChoice {
    fn from(c: ModelChoice) -> Self {
        match c {
            ModelChoice::LeastSquares => Self::LeastSquares,
            ModelChoice::Logistic => Self::Logistic,
            ModelChoice::Tanh => Self::Tanh,
        }
    }
}

impl From<SamplingChoice> for run_sgd::SamplingChoice {
    fn from(c: SamplingChoice) -> Self {
        match c {
            SamplingChoice::WithReplacement => Self::WithReplacement,
            SamplingChoice::WithoutReplacement => Self::WithoutReplacement,
            SamplingChoice::EpochShuffle => Self::EpochShuffle,
        }
    }
}

impl TryFrom<&Args> for SgdConfig {
    type Error = anyhow::Error;

    fn try_from(a: &Args) -> anyhow::Result<Self> {
        let cfg = Self {
            data: a.data.into(),
            model: a.model.into(),
            tau: a.tau,
            batch: a.batch,
            sampling: a.sampling.into(),
            steps: a.steps,
            paths: a.paths,
            seed: a.seed,
            delta: a.delta,
            compare_sde: a.compare_sde,
            sde_substeps: a.sde_substeps,
            hidden: a.hidden,
            n: a.n,
            d: a.d,
            noise: a.noise,
            data_seed: a.data_seed,
            force: a.out.force,
            out: (&a.out).into(),
            checkpoints: (&a.checkpoints).into(),
        };
        cfg.validate()?;
        Ok(cfg)
    }
}

/// Runs `sgdpde sgd`.
pub fn run(args: &Args) -> anyhow::Result<()> {
    let cfg = SgdConfig::try_from(args)?;
    let pool = crate::threads::pool(args.threads)?;
    let SgdOutput {
        report, resumed, ..
    } = run_sgd::sgd_with(&cfg, &pool, &Bar::new("paths"), args)?;
    if let Some((loaded, blocks)) = resumed {
        warn!(
            "resumed: loaded {loaded} of {blocks} checkpoint blocks, computed {}",
            blocks - loaded
        );
    }
    if args.json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&serde_json::to_value(&report)?)?
        )?;
    } else {
        out!("{report}")?;
    }
    Ok(())
}
