//! `sgdpde sgd`: minibatch SGD on a real (or synthetic) data set, optionally
//! beside its stochastic modified equation run on the same settings.
//!
//! With `--out DIR`: `summary.json` (the `--json` object),
//! `sgd_terminal.npy` (the parameters of every SGD path after the last
//! step, `paths × d`), `sde_terminal.npy` (the same for the SDE, with
//! `--compare-sde`), then `manifest.json`.

use anyhow::Context;
use nalgebra::{DMatrix, DVector};
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

use crate::output::results::{self, Array, OutArgs};

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

const DEFAULT_SDE_SUBSTEPS: u64 = 8;
const DEFAULT_HIDDEN: usize = 3;
const DEFAULT_N: usize = 20;
const DEFAULT_D: usize = 50;
const DEFAULT_DATA_SEED: u64 = 1;

/// Arguments of `sgdpde sgd`.
#[derive(Debug, clap::Args, serde::Serialize)]
#[command(
    after_help = "Files in --out: summary.json (the --json object), sgd_terminal.npy (parameters of every SGD path \
after the last step, paths × d, path order), sde_terminal.npy (the same for the SDE, with --compare-sde), \
manifest.json (every parameter; written last)."
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

impl From<SamplingChoice> for BatchSampling {
    fn from(s: SamplingChoice) -> Self {
        match s {
            SamplingChoice::WithReplacement => Self::WithReplacement,
            SamplingChoice::WithoutReplacement => Self::WithoutReplacement,
            SamplingChoice::EpochShuffle => Self::EpochShuffle,
        }
    }
}

/// Options that mean something only with one data set, model or mode are
/// refused elsewhere rather than silently ignored. An option counts as given
/// when it differs from its default (`--noise 0` with iris passes: it asks
/// for what happens anyway).
fn check_applicable(args: &Args) -> anyhow::Result<()> {
    let with = |flag: &str, given: bool, needs: &str| {
        if given {
            anyhow::bail!("{flag} applies only with {needs}")
        }
        Ok(())
    };
    if args.data != DataChoice::TeacherStudent {
        let needs = "--data teacher-student";
        with("--n", args.n != DEFAULT_N, needs)?;
        with("--d", args.d != DEFAULT_D, needs)?;
        with("--noise", args.noise != 0.0, needs)?;
        with("--data-seed", args.data_seed != DEFAULT_DATA_SEED, needs)?;
    }
    if args.model != ModelChoice::Tanh {
        with("--hidden", args.hidden != DEFAULT_HIDDEN, "--model tanh")?;
    }
    if !args.compare_sde {
        let given = args.sde_substeps != DEFAULT_SDE_SUBSTEPS;
        with("--sde-substeps", given, "--compare-sde")?;
    }
    Ok(())
}

fn load(args: &Args) -> anyhow::Result<Dataset> {
    Ok(match args.data {
        DataChoice::Diabetes => {
            let (d, _) = datasets::diabetes().standardised();
            let (d, _) = d.target_centred();
            let sd = (d.targets().iter().map(|y| y * y).sum::<f64>() / d.n_samples() as f64).sqrt();
            d.filter_map_targets("diabetes (standardised)", |y| Some(y / sd))?
        }
        DataChoice::Iris => datasets::iris_versicolor_virginica().standardised().0,
        DataChoice::TeacherStudent => {
            let mut rng = path_rng(args.data_seed, 0);
            teacher_student(&mut rng, args.n, args.d, args.noise)?.0
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
    args: &Args,
    n: usize,
    features: usize,
    pool: &rayon::ThreadPool,
) -> anyhow::Result<()> {
    if args.steps == 0 {
        anyhow::bail!("--steps must be ≥ 1 (a run of no step returns the start point)");
    }
    if args.steps > sgdpde_sde::MAX_STEPS {
        anyhow::bail!(
            "--steps {} is more than 2^53 = {} (the step limit of every time loop)",
            args.steps,
            sgdpde_sde::MAX_STEPS
        );
    }
    // Parameters: p (+1 intercept), or the tanh network's (p + 2)·hidden + 1.
    let p = match args.model {
        ModelChoice::LeastSquares => features as f64,
        ModelChoice::Logistic => features as f64 + 1.0,
        ModelChoice::Tanh => (features as f64 + 2.0) * args.hidden as f64 + 1.0,
    };
    let (n, paths) = (n as f64, args.paths as f64);
    let runs = if args.compare_sde { 2.0 } else { 1.0 };
    let projection = if args.model == ModelChoice::LeastSquares {
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
    let mut cost = args.batch.max(1) as f64 * p;
    if args.compare_sde {
        cost += args.sde_substeps as f64 * n * p;
    }
    crate::budget::check(args.paths, args.steps, cost, pool, args.out.force)
}

/// The command-line spelling of a value-enum choice.
fn name<T: clap::ValueEnum>(v: T) -> String {
    v.to_possible_value()
        .map_or_else(String::new, |p| p.get_name().to_owned())
}

fn stats(m: &MeanEstimate, sd: f64) -> Value {
    json!({ "mean": m.mean, "std": sd, "std_error": m.std_error })
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
    args: &Args,
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
            m.mean, m.std_error, args.steps
        ),
        stability,
    ))
}

/// Runs SGD (and the SDE) on `risk` with distance function `dist` to the
/// minimiser set; `stability` (models with an exact Hessian) goes into the
/// message if SGD diverges.
fn run_with<E: EmpiricalRisk + Clone>(
    args: &Args,
    risk: E,
    x0: &[f64],
    dist: Option<Distance<'_>>,
    stability: Option<StabilityThreshold>,
) -> anyhow::Result<Outcome> {
    let d = risk.dim();
    let sampling = BatchSampling::from(args.sampling);
    let sgd = Sgd::new(
        risk.clone(),
        args.batch,
        sampling,
        LearningRate::constant(args.tau)?,
    )?
    .with_noise(args.delta)?;
    let t_end = args.steps as f64 * args.tau;
    let states = Ensemble::new(args.paths, args.tau, t_end, args.seed)?
        .run_sgd(&sgd, x0, &TerminalStates::new(1))
        .map_err(|e| match e {
            SdeError::NonFinite { path, step, .. } => diverged(
                format!("a non-finite iterate on path {path} at step {step}"),
                stability.as_ref(),
            ),
            e => e.into(),
        })?;
    let loss = summarise(&states, d, |x| risk.value(x))?;
    check_finite_estimates(
        args,
        &states,
        d,
        &loss,
        |x| risk.value(x),
        stability.as_ref(),
    )?;
    let distance = dist.map(|f| summarise(&states, d, f)).transpose()?;
    let sde_loss = if args.compare_sde {
        if args.delta != 0.0 {
            anyhow::bail!("--compare-sde models plain SGD; use --delta 0");
        }
        if args.sde_substeps == 0 {
            anyhow::bail!("--sde-substeps must be ≥ 1");
        }
        let sme = modified_equation(risk.clone(), args.tau, args.batch, sampling.one_step_law())?;
        let dt = args.tau / args.sde_substeps as f64;
        let e = Ensemble::new(args.paths, dt, t_end, args.seed.wrapping_add(1))?;
        let s = e.run(&sme, &EulerMaruyama, x0, &TerminalStates::new(1))?;
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

/// Runs `sgdpde sgd`.
pub fn run(args: &Args) -> anyhow::Result<()> {
    if !(args.tau.is_finite() && args.tau > 0.0) {
        anyhow::bail!("--tau must be finite and > 0 (got {})", args.tau);
    }
    check_applicable(args)?;
    let pool = crate::threads::pool(args.threads)?;
    if args.data == DataChoice::TeacherStudent {
        // The synthetic set is made at the size asked for: check before making it.
        check_run_size(args, args.n, args.d, &pool)?;
    }
    let data = load(args).context("loading the data set")?;
    check_run_size(args, data.n_samples(), data.n_features(), &pool)?;
    let (n, p) = (data.n_samples(), data.n_features());
    let (out, d, minimiser_note) = pool.install(|| -> anyhow::Result<_> {
        Ok(match args.model {
            ModelChoice::LeastSquares => {
                let risk = LeastSquares::new(data.clone());
                let dist = least_squares_distance(&data);
                let x0 = vec![0.0; p];
                let stability = StabilityThreshold::at(&risk, &x0, args.tau);
                (
                    run_with(args, risk, &x0, Some(&dist), Some(stability))?,
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
                let stability = StabilityThreshold::at(&risk, &x0, args.tau);
                (
                    run_with(args, risk, &x0, Some(&dist), Some(stability))?,
                    p + 1,
                    "distance to the Newton minimiser",
                )
            }
            ModelChoice::Tanh => {
                let risk = TanhNetwork::new(data.clone(), args.hidden)?;
                // A fixed generic start off the symmetric saddle θ = 0.
                let x0: Vec<f64> = (0..risk.dim())
                    .map(|i| 0.5 * ((i + 1) as f64).sin())
                    .collect();
                let d = risk.dim();
                (
                    run_with(args, risk, &x0, None, None)?,
                    d,
                    "no unique minimiser (permutation and sign symmetries)",
                )
            }
        })
    })?;
    let weak = out.sde_loss.as_ref().map(|(s, _)| {
        let (a, b) = (&out.loss.0, s);
        json!({ "estimate": a.mean - b.mean, "std_error": (a.std_error.powi(2) + b.std_error.powi(2)).sqrt() })
    });
    let report = json!({
        "data": name(args.data),
        "model": name(args.model),
        "samples": n,
        "parameters": d,
        "tau": args.tau,
        "batch": args.batch,
        "sampling": name(args.sampling),
        "steps": args.steps,
        "time": args.steps as f64 * args.tau,
        "paths": args.paths,
        "seed": args.seed,
        "delta": args.delta,
        "final_loss": stats(&out.loss.0, out.loss.1),
        "distance_to_minimiser": out.distance.as_ref().map(|(m, sd)| stats(m, *sd)),
        "distance_definition": minimiser_note,
        "sde": out.sde_loss.as_ref().map(|(m, sd)| json!({
            "equation": "dX = −∇L dt + √τ Σ_b(X)^{1/2} dW (exact minibatch factor), Euler–Maruyama",
            "dt": args.tau / args.sde_substeps as f64,
            "seed": args.seed.wrapping_add(1),
            "final_loss": stats(m, *sd),
        })),
        "weak_error": weak,
    });
    let shape = [out.states.len() / d.max(1), d];
    let mut arrays = vec![Array {
        name: "sgd_terminal.npy",
        shape: &shape,
        data: &out.states,
    }];
    if let Some(st) = &out.sde_states {
        arrays.push(Array {
            name: "sde_terminal.npy",
            shape: &shape,
            data: st,
        });
    }
    results::write(&args.out, "sgd", args, &report, &arrays)?;
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&report)?)?;
        return Ok(());
    }
    outln!(
        "SGD on {} ({} samples, {} parameters), τ = {}, b = {}, {} steps (t = {}), {} paths, seed {}",
        name(args.data),
        n,
        d,
        args.tau,
        args.batch,
        args.steps,
        args.steps as f64 * args.tau,
        args.paths,
        args.seed
    )?;
    outln!(
        "final loss: {:.6} ± {:.2e} (sd {:.3e})",
        out.loss.0.mean,
        out.loss.0.std_error,
        out.loss.1
    )?;
    if let Some((m, sd)) = &out.distance {
        outln!(
            "{minimiser_note}: {:.6} ± {:.2e} (sd {:.3e})",
            m.mean,
            m.std_error,
            sd
        )?;
    }
    if let (Some((m, _)), Some(w)) = (&out.sde_loss, &weak) {
        outln!(
            "SDE final loss: {:.6} ± {:.2e}; weak error E L(SGD) − E L(SDE) = {:.3e} ± {:.1e}",
            m.mean,
            m.std_error,
            w["estimate"].as_f64().unwrap_or(f64::NAN),
            w["std_error"].as_f64().unwrap_or(f64::NAN)
        )?;
    }
    Ok(())
}
