//! `exit-time`: the mean exit time of `dX = −∇L dt + √ε dW` (or of an
//! `[sde]` problem file) from a domain, with its standard error and the
//! number of censored paths.
//!
//! Methods are a closed enum ([`ExitMethod`]): Monte Carlo (optionally
//! bridge-corrected), the backward PDE on a grid, adaptive multilevel
//! splitting (rare exits, [`splitting`]), and `all`, which adds the exact
//! quadrature and the Eyring–Kramers law where they apply (1-D) and
//! reports the estimates side by side (design principle 6). Only the Monte
//! Carlo and splitting loops are monomorphised per landscape and integrator
//! ([`estimates`](self)); the PDE, quadrature and Eyring–Kramers take the
//! `AnyLandscape`.

mod checkpoint;
mod domain;
mod estimates;
pub mod guide;
pub mod monte_carlo;
pub mod pde;
mod problem;
mod report;
pub mod splitting;
pub mod theory;

use std::fmt;

use anyhow::Context;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sgdpde_landscape::Landscape;
use sgdpde_sde::{ChunkStore, ExitChunk, ExitTimes, IntegratorKind};

pub use domain::DomainSpec;
pub use guide::CoordinateKind;
pub use report::{
    ExitTimeOutput, ExitTimeReport, Human, McCounts, MethodRow, PdeFields, ProblemExitReport,
};
pub use splitting::{AmsConfig, AmsFields};

use crate::model::ModelConfig;
use crate::output::checkpoint::BlockStore;
use crate::output::chunk_files::{CheckpointOptions, FileStore, open_run};
use crate::output::hash::fingerprint;
use crate::output::results::{self, OutOptions};
use crate::progress::{Progress, Silent};
use crate::source::Target;
use estimates::OnLandscape;

/// How the mean exit time is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExitMethod {
    /// Monte Carlo over an ensemble of paths (optionally bridge-corrected).
    Mc,
    /// The backward equation `Qᵀ T = −1` on a grid (reflecting faces).
    Pde,
    /// Adaptive multilevel splitting: loops through a level of the
    /// domain's gauge, `T = (1/p − 1)·E[loop] + E[reactive]`.
    Ams,
    /// Monte Carlo, PDE, splitting, exact quadrature and Eyring–Kramers
    /// side by side.
    All,
}

impl ExitMethod {
    /// Whether this method runs `part` (`all` runs every part).
    pub fn runs(self, part: ExitMethod) -> bool {
        self == part || self == ExitMethod::All
    }
}

impl fmt::Display for ExitMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Mc => "mc",
            Self::Pde => "pde",
            Self::Ams => "ams",
            Self::All => "all",
        })
    }
}

/// The configuration of `exit-time`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExitTimeConfig {
    /// Model, temperature, integrator and run size.
    pub model: ModelConfig,
    /// Method.
    pub method: ExitMethod,
    /// The domain the paths run in until they exit.
    pub domain: DomainSpec,
    /// Horizon: paths still inside at `t_max` are reported as censored.
    pub t_max: f64,
    /// Brownian-bridge crossing correction between steps.
    pub bridge: bool,
    /// PDE grid: cells per axis of the coarser solve (default
    /// [`pde::default_cells`]; a second solve doubles them).
    pub cells: Option<usize>,
    /// PDE grid: lower corner (empty: the landscape's search box).
    pub grid_lower: Vec<f64>,
    /// PDE grid: upper corner (empty: the landscape's search box).
    pub grid_upper: Vec<f64>,
    /// Splitting settings (methods `ams` and `all`).
    #[serde(default)]
    pub ams: AmsConfig,
    /// `out` (summary.json, manifest.json) and `force`.
    #[serde(skip)]
    pub out: OutOptions,
    /// `resume` and the checkpoint block of the Monte Carlo run in `out`.
    #[serde(skip)]
    pub checkpoints: CheckpointOptions,
}

impl ExitTimeConfig {
    /// Checks what the numerics do not: a PDE grid of at least 3 cells per
    /// axis (the solver's minimum; refused here before any Monte Carlo
    /// runs with `--method all`) and the checkpoint options
    /// ([`CheckpointOptions::validate`]).
    ///
    /// # Errors
    /// One line naming the offending setting.
    pub fn validate(&self) -> anyhow::Result<()> {
        self.checkpoints.validate(&self.out)?;
        if self.method.runs(ExitMethod::Ams) {
            self.ams.validate()?;
        }
        if let Some(c) = self.cells
            && c < 3
        {
            anyhow::bail!("--cells {c}: the PDE grid needs at least 3 cells per axis");
        }
        Ok(())
    }
}

/// Computes the mean exit time of `cfg` and, with `out`, writes
/// `summary.json` (the report) and `manifest.json`. The command's pool is
/// installed once, around the whole computation.
///
/// # Errors
/// Invalid temperature, integrator, landscape, domain or start point, a run
/// beyond its limits, a numerical failure, or an I/O error.
pub fn exit_time(cfg: &ExitTimeConfig) -> anyhow::Result<ExitTimeOutput> {
    Ok(exit_time_with(cfg, &Silent)?.output)
}

/// What [`exit_time_with`] returns: the output and, with `resume`, how
/// much of the Monte Carlo run came from checkpoints.
#[derive(Debug, Clone)]
pub struct ExitTimeRun {
    /// The report.
    pub output: ExitTimeOutput,
    /// With `resume`: checkpoint blocks loaded and in all.
    pub resumed: Option<(usize, usize)>,
}

/// [`exit_time`], reporting the Monte Carlo run's finished chunks to
/// `progress`. With `out`, the run's chunks are checkpointed in
/// `out/checkpoints/` (blocks of `checkpoints.chunks_per_block` chunks,
/// exact outcomes, [`crate::output::chunk_files`]) and `run.json` records
/// its identity; with `resume` the stored blocks of the same configuration
/// are loaded instead of simulated — the same bytes as an uninterrupted
/// run, for any thread count (`proofs-notes/resumable-runs.md`).
///
/// # Errors
/// As [`exit_time`]; with `resume`, a directory holding another run.
pub fn exit_time_with(
    cfg: &ExitTimeConfig,
    progress: &dyn Progress,
) -> anyhow::Result<ExitTimeRun> {
    cfg.validate()?;
    let m = &cfg.model;
    let fp = fingerprint(&identity(cfg)?);
    let out = open_run(&cfg.out, &cfg.checkpoints, "exit-time", &fp)?;
    let blocks = out
        .as_ref()
        .map(|o| {
            BlockStore::new(
                o,
                fp.clone(),
                cfg.checkpoints.chunks_per_block,
                cfg.checkpoints.resume,
            )
        })
        .transpose()?;
    let store = FileStore::new(
        blocks.as_ref(),
        &checkpoint::encode,
        &checkpoint::decode,
        progress,
    );
    let pool = m.pool()?;
    let output = pool.install(|| -> anyhow::Result<ExitTimeOutput> {
        Ok(match m.source.resolve(&m.params)? {
            Target::Sde(p) => {
                ExitTimeOutput::Problem(Box::new(problem::exit_time(cfg, &p, &pool, &store)?))
            }
            _ => ExitTimeOutput::Landscape(Box::new(on_landscape(cfg, &pool, &store)?)),
        })
    })?;
    let summary = serde_json::to_value(&output)?;
    if let Some(out) = &out {
        results::write_in(
            out,
            "exit-time",
            &summary,
            &summary,
            &[],
            |_| Ok(Vec::new()),
        )?;
    }
    // Only the Monte Carlo run is checkpointed.
    let chunks = match cfg.method {
        ExitMethod::Pde | ExitMethod::Ams => 0,
        _ => ExitTimes::new(m.paths, m.dt, cfg.t_max, m.seed).map_or(0, |e| e.chunk_count()),
    };
    Ok(ExitTimeRun {
        output,
        resumed: cfg
            .checkpoints
            .resume
            .then(|| (store.loaded(), store.block_count(chunks))),
    })
}

/// What identifies a run for `--resume`: every setting that changes a
/// result (not the thread count), the problem file's bytes, the chunk size
/// and the version.
fn identity(cfg: &ExitTimeConfig) -> anyhow::Result<Value> {
    let mut config = serde_json::to_value(cfg)?;
    if let Some(model) = config.get_mut("model").and_then(Value::as_object_mut) {
        model.remove("threads");
    }
    Ok(json!({
        "command": "exit-time",
        "config": config,
        "problem_file_fnv1a": cfg.model.problem_file_hash()?,
        "chunk_size": sgdpde_sde::DEFAULT_CHUNK,
        "sgdpde_version": env!("CARGO_PKG_VERSION"),
    }))
}

/// `exit-time` on a landscape (catalogue or `[landscape]` problem file).
fn on_landscape(
    cfg: &ExitTimeConfig,
    pool: &rayon::ThreadPool,
    store: &dyn ChunkStore<ExitChunk>,
) -> anyhow::Result<ExitTimeReport> {
    let m = &cfg.model;
    let temperature = m.temperature()?;
    let kind: IntegratorKind = m.integrator.parse()?;
    let (l, params, x0) = m.landscape("exit-time")?;
    if cfg.method.runs(ExitMethod::Mc) {
        m.check_run_size(
            "t_max",
            cfg.t_max,
            l.dim(),
            monte_carlo::outcome_bytes(l.dim()),
            pool,
            // A resumed run was accepted when it started.
            cfg.out.force || cfg.checkpoints.resume,
        )?;
    }
    let est = OnLandscape {
        cfg,
        landscape: &l,
        x0: &x0,
        search_box: l.search_box(),
        temperature,
        kind,
        store,
    }
    .estimates()
    .with_context(|| format!("exit times on `{}`", m.source.name()))?;
    // Fewer than 2 exits: no mean (typed error with `--method mc`, a failed
    // row beside the other methods with `--method all`).
    let mc_mean = match est.mc.as_ref().map(|s| s.estimated_mean_exit_time()) {
        Some(Err(e)) if cfg.method == ExitMethod::Mc => return Err(e.into()),
        m => m.map(|m| m.map_err(|e| e.to_string())),
    };
    let mc = est.mc.as_ref().map(|s| {
        let restricted = s.restricted_mean();
        McCounts {
            bridge: cfg.bridge,
            t_max: s.t_max(),
            paths: s.paths(),
            exited: s.exited(),
            censored: s.censored(),
            restricted_mean: restricted.mean,
            restricted_std_error: restricted.std_error,
        }
    });
    let mc_estimate = est.mc.as_ref().map(|s| s.mean_exit_time());
    let pde_est = est.pde.clone().and_then(Result::ok).flatten();
    let pde_value = pde_est.map(|p| p.value);
    let (mean, std_error) = match cfg.method {
        ExitMethod::Mc => (
            mc_estimate.map(|e| e.mean),
            mc_estimate.map(|e| Some(e.std_error)),
        ),
        ExitMethod::Pde => (Some(pde_value.unwrap_or(f64::INFINITY)), Some(None)),
        ExitMethod::Ams => match &est.ams {
            Some(Ok(r)) => (Some(r.mean_time), Some(Some(r.relative_se * r.mean_time))),
            _ => (None, None),
        },
        ExitMethod::All => (None, None),
    };
    let methods = (cfg.method == ExitMethod::All).then(|| {
        let ok = mc_mean.as_ref().and_then(|m| m.as_ref().ok());
        vec![
            match &mc_mean {
                Some(Err(reason)) => MethodRow::failed("mc", reason),
                _ => MethodRow::new("mc", ok.map(|e| e.mean), ok.map(|e| e.std_error)),
            },
            match &est.pde {
                Some(Err(reason)) => MethodRow::failed("pde", reason),
                _ => MethodRow::new("pde", pde_value, None),
            },
            match &est.ams {
                Some(Ok(r)) => {
                    MethodRow::new("ams", Some(r.mean_time), Some(r.relative_se * r.mean_time))
                }
                Some(Err(reason)) => MethodRow::failed("ams", reason),
                None => MethodRow::new("ams", None, None),
            },
            MethodRow::new("quadrature", est.quadrature, None),
            MethodRow::new("eyring-kramers", est.eyring_kramers, None),
        ]
    });
    let pde = est.pde.as_ref().map(|p| PdeFields {
        pde_error_estimate: pde_est.map(|p| p.error_estimate),
        never_exits: matches!(p, Ok(None)),
    });
    Ok(ExitTimeReport {
        header: m.report_header("exit-time", temperature, params, &x0),
        domain: format!("{:?}", cfg.domain),
        mc,
        method: cfg.method,
        mean,
        std_error,
        pde,
        ams: match &est.ams {
            Some(Ok(r)) => Some(AmsFields::new(cfg.ams, cfg.bridge, r)),
            _ => None,
        },
        methods,
        human: Human {
            name: m.source.name(),
            temperature: Some(temperature),
            x0,
            integrator: Some(kind),
            dt: m.dt,
            seed: m.seed,
            mc: match &mc_mean {
                Some(Err(_)) => None,
                _ => mc_estimate.map(|e| (e.mean, e.std_error)),
            },
            pde: est.pde,
            ams: est.ams.as_ref().map(|a| {
                a.as_ref()
                    .map(|r| (r.mean_time, r.relative_se * r.mean_time))
                    .map_err(Clone::clone)
            }),
            quadrature: est.quadrature,
            eyring_kramers: est.eyring_kramers,
        },
    })
}

/// The summary as one JSON value (what `--json` prints).
///
/// # Errors
/// A report that cannot be serialised (it always can).
pub fn to_json(output: &ExitTimeOutput) -> anyhow::Result<Value> {
    Ok(serde_json::to_value(output)?)
}
