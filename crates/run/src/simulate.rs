//! `simulate`: an ensemble of Langevin paths `dX = −∇L dt + √ε dW` on a
//! landscape (catalogue or problem file); terminal mean, variance and basin
//! masses.
//!
//! The runtime choices (landscape, integrator) are dispatched once — via
//! `AnyLandscape::visit` and `IntegratorKind::visit` — into monomorphised
//! ensemble code. Results do not depend on the thread count (bitwise), so it
//! is not part of the report.
//!
//! With `out` the run writes `summary.json` (the report as JSON),
//! `terminal.npy` (the terminal states, `paths × d`), chunk checkpoints
//! (`checkpoints/`, [`crate::output::checkpoint`]) and, last,
//! `manifest.json`; `resume` continues a killed run from its checkpoints and
//! gives the same bytes as an uninterrupted one.

use std::fmt;
use std::path::PathBuf;

use anyhow::Context;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use sgdpde_landscape::critical::{BasinClassifier, BasinOptions, FindAllOptions, find_all};
use sgdpde_landscape::{KnownCriticalPoints, Landscape, LandscapeHessian, LandscapeVisitor};
use sgdpde_sde::{
    Ensemble, Integrator, IntegratorKind, IntegratorVisitor, MomentAcc, Moments, SamplePaths,
    SdeDerivative, SdeModel, SetCounts, SetMass, Temperature,
};

use crate::model::ModelConfig;
use crate::output::atomic::{OutDir, RunId};
use crate::output::checkpoint::{Block, BlockStore, bits, from_bits};
use crate::output::chunk_files::FileStore;
use crate::output::hash::fingerprint;
use crate::progress::{Progress, Silent};

/// The configuration of `simulate`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SimulateConfig {
    /// Model, temperature, integrator and run size.
    pub model: ModelConfig,
    /// Final time (a whole multiple of `dt`).
    pub t_end: f64,
    /// Write the results (and chunk checkpoints) into this directory.
    pub out: Option<PathBuf>,
    /// Overwrite existing results in `out`, and run beyond the one-day work
    /// budget.
    pub force: bool,
    /// Continue an interrupted run in `out` from its checkpoints.
    pub resume: bool,
    /// Chunks of paths per checkpoint block (a chunk is 256 paths).
    pub checkpoint_chunks: u64,
}

impl SimulateConfig {
    /// Checks what the numerics cannot: at least two paths, a positive
    /// checkpoint block, `resume` only with `out` and not with `force`.
    ///
    /// # Errors
    /// One line naming the offending setting.
    pub fn validate(&self) -> anyhow::Result<()> {
        if self.model.paths < 2 {
            anyhow::bail!(
                "--paths {} is fewer than 2: variances and standard errors need two",
                self.model.paths
            );
        }
        if self.checkpoint_chunks == 0 {
            anyhow::bail!("--checkpoint-chunks must be ≥ 1");
        }
        if self.resume && self.out.is_none() {
            anyhow::bail!("--resume needs --out");
        }
        if self.resume && self.force {
            anyhow::bail!("--resume and --force exclude each other");
        }
        Ok(())
    }
}

/// One basin row of [`SimulateReport`].
#[derive(Debug, Clone, Serialize)]
pub struct BasinMass {
    /// The minimum (none: the whole space, for a landscape without one).
    pub minimum: Option<Vec<f64>>,
    /// The fraction of paths that end in its basin.
    pub mass: f64,
    /// Its binomial standard error.
    pub std_error: f64,
}

/// Terminal moments of [`SimulateReport`].
#[derive(Debug, Clone, Serialize)]
pub struct TerminalMoments {
    /// Mean of the terminal states.
    pub mean: Vec<f64>,
    /// Standard error of each mean coordinate.
    pub mean_std_error: Vec<f64>,
    /// Variance of each coordinate.
    pub variance: Vec<f64>,
    /// Covariance matrix, row by row.
    pub covariance: Vec<Vec<f64>>,
}

/// The report of `simulate` (its JSON is the `--json` object and
/// `summary.json`; its `Display` the human summary).
#[derive(Debug, Clone, Serialize)]
pub struct SimulateReport {
    /// The parameters every report repeats (command, landscape, params,
    /// temperature, integrator, dt, paths, seed, x0) and `t_end`.
    #[serde(flatten)]
    pub header: Map<String, Value>,
    /// Terminal moments.
    pub terminal: TerminalMoments,
    /// Basin masses, one per minimum.
    pub basins: Vec<BasinMass>,
    /// Fraction of paths whose basin is undecided.
    pub unassigned_mass: f64,
    /// Paths whose basin is undecided.
    #[serde(skip)]
    pub unassigned: u64,
    /// The landscape's name.
    #[serde(skip)]
    pub name: String,
    /// The temperature.
    #[serde(skip)]
    pub temperature: Temperature,
    /// The integrator.
    #[serde(skip)]
    pub integrator: IntegratorKind,
    /// Model settings repeated in the summary line.
    #[serde(skip)]
    pub paths: u64,
    /// Time step.
    #[serde(skip)]
    pub dt: f64,
    /// Final time.
    #[serde(skip)]
    pub t_end: f64,
    /// Master seed.
    #[serde(skip)]
    pub seed: u64,
    /// With `resume`: checkpoint blocks loaded and in all.
    #[serde(skip)]
    pub resumed: Option<(usize, usize)>,
}

impl fmt::Display for SimulateReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} paths of dX = −∇L dt + √ε dW on `{}`, {}, {} with dt = {}, t = 0 → {}, seed {}",
            self.paths,
            self.name,
            self.temperature,
            self.integrator,
            self.dt,
            self.t_end,
            self.seed
        )?;
        write!(f, "\nterminal mean     {:?}", self.terminal.mean)?;
        write!(f, "\nterminal variance {:?}", self.terminal.variance)?;
        for b in &self.basins {
            let which = b
                .minimum
                .as_ref()
                .map_or_else(|| "(whole space)".to_owned(), |x| format!("{x:?}"));
            write!(
                f,
                "\nbasin of minimum {which}: mass {:.6} ± {:.6}",
                b.mass, b.std_error
            )?;
        }
        if self.unassigned > 0 {
            write!(
                f,
                "\nunassigned (basin undecided): {:.6}",
                self.unassigned_mass
            )?;
        }
        Ok(())
    }
}

/// Terminal statistics of one run.
struct Terminal {
    moments: MomentAcc,
    basins: SetCounts,
    /// Terminal states (`paths × d`) when written to `--out`, else empty.
    states: Vec<f64>,
    minima: Vec<Vec<f64>>,
    /// Checkpoint blocks loaded instead of simulated.
    loaded: usize,
    blocks: usize,
}

/// Stage 1: the concrete landscape → the Langevin model.
struct WithLandscape<'a> {
    cfg: &'a SimulateConfig,
    x0: &'a [f64],
    search_box: Vec<[f64; 2]>,
    temperature: Temperature,
    kind: IntegratorKind,
    pool: &'a rayon::ThreadPool,
    store: Option<&'a BlockStore<'a>>,
    progress: &'a dyn Progress,
}

impl LandscapeVisitor for WithLandscape<'_> {
    type Output = anyhow::Result<Terminal>;
    fn visit<L: LandscapeHessian + KnownCriticalPoints + Clone + 'static>(
        self,
        l: &L,
    ) -> anyhow::Result<Terminal> {
        let mut minima: Vec<Vec<f64>> = l
            .known_critical_points()
            .into_iter()
            .filter(|p| p.index == 0)
            .map(|p| p.x)
            .collect();
        if minima.is_empty() {
            // Expression landscapes (problem files) state no closed forms:
            // their minima come from the search in the landscape's box.
            let set = find_all(l, &self.search_box, &FindAllOptions::default())?;
            minima = set.minima.into_iter().map(|p| p.x).collect();
        }
        let opts = BasinOptions::default();
        let single = minima.len() <= 1;
        // Basin of the gradient flow (landscape crate); a single known
        // minimum (convex bowls, possibly with flat directions) attracts
        // everything.
        let basins = BasinClassifier::new(l, &minima, &self.search_box, opts)?;
        let classify = |x: &[f64]| -> Option<usize> {
            if single {
                return Some(0);
            }
            basins.classify(x)
        };
        let sde = SdeModel::langevin(l.clone(), self.temperature)?;
        let ensemble = Ensemble::new(
            self.cfg.model.paths,
            self.cfg.model.dt,
            self.cfg.t_end,
            self.cfg.model.seed,
        )?;
        // With one snapshot (t_end), SamplePaths(n) stores the terminal
        // states of paths 0..n: all of them for --out, none otherwise.
        let stored = if self.store.is_some() {
            self.cfg.model.paths
        } else {
            0
        };
        let (moments, basins, states, loaded, blocks) = self.kind.visit(
            &sde,
            RunEnsemble {
                sde: &sde,
                ensemble: &ensemble,
                x0: self.x0,
                reduction: (
                    Moments::new(l.dim()),
                    SetMass::new(minima.len().max(1), classify),
                    SamplePaths::new(stored),
                ),
                pool: self.pool,
                store: self.store,
                progress: self.progress,
            },
        )??;
        Ok(Terminal {
            moments,
            basins,
            states,
            minima,
            loaded,
            blocks,
        })
    }
}

/// Stage 2: the concrete integrator → the ensemble run.
struct RunEnsemble<'a, S, R> {
    sde: &'a S,
    ensemble: &'a Ensemble,
    x0: &'a [f64],
    reduction: R,
    pool: &'a rayon::ThreadPool,
    store: Option<&'a BlockStore<'a>>,
    progress: &'a dyn Progress,
}

/// The accumulator of one chunk: moments, set counts, stored states.
type ChunkAcc = (Vec<MomentAcc>, Vec<SetCounts>, Vec<f64>);

/// A block's chunk accumulators as checkpoint data (floats as bit patterns;
/// the states as the block's `.npy`).
fn encode(accs: &[ChunkAcc]) -> Block {
    let chunks = accs
        .iter()
        .map(|(m, b, st)| {
            json!({
                "moments": m.iter().map(|a| {
                    let (n, mean, m2) = a.parts();
                    json!({ "n": n, "mean": bits(mean), "m2": bits(m2) })
                }).collect::<Vec<_>>(),
                "sets": b.iter().map(|c| json!({ "counts": c.counts, "outside": c.outside }))
                    .collect::<Vec<_>>(),
                "states": st.len(),
            })
        })
        .collect();
    Block {
        chunks,
        floats: accs.iter().flat_map(|a| a.2.iter().copied()).collect(),
    }
}

/// The inverse of [`encode`].
fn decode(block: &Block) -> anyhow::Result<Vec<ChunkAcc>> {
    let mut floats = block.floats.as_slice();
    let mut accs = Vec::with_capacity(block.chunks.len());
    for c in &block.chunks {
        let moments = c["moments"]
            .as_array()
            .context("checkpoint: moments")?
            .iter()
            .map(|m| {
                Ok(MomentAcc::from_parts(
                    m["n"].as_u64().context("checkpoint: n")?,
                    from_bits(&m["mean"])?,
                    from_bits(&m["m2"])?,
                )?)
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let sets = c["sets"]
            .as_array()
            .context("checkpoint: sets")?
            .iter()
            .map(|s| {
                Ok(SetCounts {
                    counts: serde_json::from_value(s["counts"].clone())?,
                    outside: s["outside"].as_u64().context("checkpoint: outside")?,
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let n = usize::try_from(c["states"].as_u64().context("checkpoint: states")?)?;
        if n > floats.len() {
            anyhow::bail!("checkpoint: fewer stored states than recorded");
        }
        let (mine, rest) = floats.split_at(n);
        floats = rest;
        accs.push((moments, sets, mine.to_vec()));
    }
    if !floats.is_empty() {
        anyhow::bail!("checkpoint: more stored states than recorded");
    }
    Ok(accs)
}

impl<S, F> IntegratorVisitor<S> for RunEnsemble<'_, S, (Moments, SetMass<F>, SamplePaths)>
where
    S: SdeDerivative,
    F: Fn(&[f64]) -> Option<usize> + Sync,
{
    type Output = anyhow::Result<(MomentAcc, SetCounts, Vec<f64>, usize, usize)>;
    fn visit<I: Integrator<S>>(self, integrator: I) -> Self::Output {
        // One driver loop with or without checkpoints: the store decides
        // which blocks are loaded (`--resume`) and sees every chunk finish.
        let files = FileStore::new(self.store, &encode, &decode, self.progress);
        let merged = self.pool.install(|| {
            self.ensemble
                .run_stored(self.sde, &integrator, self.x0, &self.reduction, &files)
        })?;
        let (loaded, blocks) = (
            files.loaded(),
            files.block_count(self.ensemble.chunk_count()),
        );
        let (mut m, mut b, states) = merged;
        Ok((m.remove(0), b.remove(0), states, loaded, blocks))
    }
}

/// Runs the ensemble of `cfg` on its landscape (an `[sde]` problem file is
/// refused: it runs through the SDE-problem path) and, with `out`, writes
/// its files.
///
/// # Errors
/// Invalid temperature, integrator, landscape or start point, a run beyond
/// its limits, a numerical failure of the ensemble, or an I/O error.
pub fn simulate(cfg: &SimulateConfig) -> anyhow::Result<SimulateReport> {
    simulate_with(cfg, &Silent)
}

/// [`simulate`], reporting the finished chunks to `progress`.
///
/// # Errors
/// As [`simulate`].
pub fn simulate_with(
    cfg: &SimulateConfig,
    progress: &dyn Progress,
) -> anyhow::Result<SimulateReport> {
    let m = &cfg.model;
    // A resumed run was accepted when it started (`--force` conflicts with
    // `--resume`): the work budget is not asked again.
    let force = cfg.force || cfg.resume;
    let temperature = m.temperature()?;
    let kind: IntegratorKind = m.integrator.parse()?;
    let (l, params, x0) = m.landscape("simulate")?;
    let pool = m.pool()?;
    // With --out every terminal state is kept (d floats per path).
    let kept = if cfg.out.is_some() {
        8 * l.dim() as u64
    } else {
        0
    };
    m.check_run_size("t_end", cfg.t_end, l.dim(), kept, &pool, force)?;
    let mut r = m.report_header("simulate", temperature, params, &x0);
    r.insert("t_end".into(), json!(cfg.t_end));
    let problem_file = m.problem_file_hash()?;
    let basis = json!({
        "command": "simulate",
        "config": r,
        "problem_file_fnv1a": problem_file,
        "chunk_size": sgdpde_sde::DEFAULT_CHUNK,
        "sgdpde_version": env!("CARGO_PKG_VERSION"),
    });
    let run = RunId {
        command: "simulate".into(),
        fingerprint: fingerprint(&basis),
    };
    let out = match &cfg.out {
        Some(dir) if cfg.resume => Some(OutDir::resume(dir, &run)?),
        Some(dir) => Some(OutDir::start(dir, cfg.force, &run)?),
        None => None,
    };
    let store = out
        .as_ref()
        .map(|o| BlockStore::new(o, fingerprint(&basis), cfg.checkpoint_chunks, cfg.resume))
        .transpose()?;
    let Terminal {
        moments,
        basins,
        states,
        minima,
        loaded,
        blocks,
    } = l
        .visit(WithLandscape {
            cfg,
            x0: &x0,
            search_box: l.search_box(),
            temperature,
            kind,
            pool: &pool,
            store: store.as_ref(),
            progress,
        })
        .with_context(|| format!("simulating `{}`", m.source.name()))?;

    let d = l.dim();
    let cov = moments
        .covariance()
        .context("a covariance needs at least two paths (--paths ≥ 2)")?;
    let variance: Vec<f64> = (0..d).map(|i| cov[i * d + i]).collect();
    let n = m.paths as f64;
    let fractions = basins.fractions();
    let basin_rows: Vec<BasinMass> = fractions
        .iter()
        .enumerate()
        .map(|(k, &p)| BasinMass {
            minimum: minima.get(k).cloned(),
            mass: p,
            std_error: (p * (1.0 - p) / n).sqrt(),
        })
        .collect();
    let unassigned = basins.outside as f64 / n;

    let report = SimulateReport {
        header: r,
        terminal: TerminalMoments {
            mean: moments.mean().to_vec(),
            mean_std_error: (0..d).map(|i| (cov[i * d + i] / n).sqrt()).collect(),
            variance,
            covariance: cov.chunks(d).map(<[f64]>::to_vec).collect(),
        },
        basins: basin_rows,
        unassigned_mass: unassigned,
        unassigned: basins.outside,
        name: m.source.name(),
        temperature,
        integrator: kind,
        paths: m.paths,
        dt: m.dt,
        t_end: cfg.t_end,
        seed: m.seed,
        resumed: cfg.resume.then_some((loaded, blocks)),
    };
    if let Some(out) = &out {
        out.write_json("summary.json", &serde_json::to_value(&report)?)?;
        out.write_npy("terminal.npy", &[states.len() / d, d], &states)?;
        // Written last: its presence marks a complete run.
        out.write_json(
            "manifest.json",
            &json!({
                "sgdpde_version": env!("CARGO_PKG_VERSION"),
                "command": "simulate",
                "seed": m.seed,
                "config": basis["config"],
                "fingerprint": fingerprint(&basis),
                "checkpoint_blocks": blocks,
                "files": ["summary.json", "terminal.npy"],
            }),
        )?;
    }
    Ok(report)
}
