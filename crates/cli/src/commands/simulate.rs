//! `sgdpde simulate`: an ensemble of Langevin paths `dX = −∇L dt + √ε dW` on
//! a catalogue landscape; terminal mean, variance and basin masses.
//!
//! The runtime choices (landscape, integrator) are dispatched once — via
//! `AnyLandscape::visit` and `IntegratorKind::visit` — into monomorphised
//! ensemble code. Results do not depend on `--threads` (bitwise), so the
//! thread count is not part of the report.
//!
//! With `--out DIR` the run writes `summary.json` (the `--json` object),
//! `terminal.npy` (the terminal states, `paths × d`), chunk checkpoints
//! (`checkpoints/`, [`crate::output::checkpoint`]) and, last,
//! `manifest.json`; `--resume` continues a killed run from its checkpoints
//! and gives the same bytes as an uninterrupted one.

use std::ops::Range;
use std::path::PathBuf;

use anyhow::Context;
use serde_json::{Map, Value, json};
use sgdpde_landscape::critical::{BasinClassifier, BasinOptions, FindAllOptions, find_all};
use sgdpde_landscape::{
    AnyLandscape, KnownCriticalPoints, Landscape, LandscapeHessian, LandscapeVisitor,
};
use sgdpde_sde::{
    Ensemble, Integrator, IntegratorKind, IntegratorVisitor, MomentAcc, Moments, SamplePaths,
    SdeDerivative, SdeModel, SetCounts, SetMass, Temperature, TemperatureConvention,
};

use crate::output::atomic::{OutDir, RunId};
use crate::output::checkpoint::{Block, BlockStore, bits, from_bits};
use crate::output::hash::fingerprint;

/// The model, temperature, integrator and run-size arguments shared by
/// `simulate` and `exit-time`.
#[derive(Debug, Clone, clap::Args)]
pub struct ModelArgs {
    #[command(flatten)]
    pub source: crate::problem_arg::Source,
    /// Override a landscape parameter, `--param name=value` (repeatable).
    #[arg(long = "param", value_name = "NAME=VALUE", value_parser = crate::params::parse_param)]
    pub params: Vec<(String, f64)>,
    /// Noise level in the convention dX = −∇L dt + √ε dW.
    #[arg(long, group = "temperature", required_unless_present_any = ["beta", "problem"])]
    pub epsilon: Option<f64>,
    /// Inverse temperature in the convention dX = −∇U dt + √(2/β) dW (ε = 2/β).
    #[arg(long, group = "temperature")]
    pub beta: Option<f64>,
    /// Integrator (euler-maruyama, milstein, …).
    #[arg(long, default_value = "euler-maruyama")]
    pub integrator: String,
    /// Time step.
    #[arg(long, default_value_t = 1e-3)]
    pub dt: f64,
    /// Number of paths (≥ 2: variances and standard errors need two).
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(2..))]
    pub paths: u64,
    /// Master seed: path i uses ChaCha8(seed) on stream i.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Start point, comma-separated coordinates (e.g. `--x0=-1` or `--x0 0.5,1`);
    /// required unless the problem file gives `x0`.
    #[arg(long, value_delimiter = ',')]
    pub x0: Vec<f64>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
}

impl ModelArgs {
    /// The temperature in the convention the user chose.
    pub fn temperature(&self) -> anyhow::Result<Temperature> {
        Ok(match (self.epsilon, self.beta) {
            (Some(e), None) => Temperature::epsilon(e)?,
            (None, Some(b)) => Temperature::beta(b)?,
            _ => anyhow::bail!("give exactly one of --epsilon and --beta"),
        })
    }

    /// The rayon pool of `--threads` threads.
    pub fn pool(&self) -> anyhow::Result<rayon::ThreadPool> {
        crate::threads::pool(self.threads)
    }

    /// Refuses, before anything runs, a run to the horizon `t` (named
    /// `horizon`) of a `dim`-dimensional model that takes no step or more
    /// than 2⁵³ steps, that keeps `bytes_per_path` bytes for each of its
    /// paths beyond the available memory, or (unless `force`) that does more
    /// path-steps than the one-day work budget of `pool`.
    pub fn check_run_size(
        &self,
        horizon: &'static str,
        t: f64,
        dim: usize,
        bytes_per_path: u64,
        pool: &rayon::ThreadPool,
        force: bool,
    ) -> anyhow::Result<()> {
        use sgdpde_sde::limits;
        limits::check_run(self.paths, self.dt)?;
        let steps = limits::steps_on_grid(horizon, t, self.dt)?;
        limits::check_memory(
            || format!("keeping the results of {} paths", self.paths),
            self.paths.saturating_mul(bytes_per_path),
        )?;
        crate::budget::check(self.paths, steps, dim.max(1) as f64, pool, force)
    }

    /// The landscape (catalogue or `--problem` file), its resolved
    /// parameters as JSON and the start point (`--x0`, else the file's).
    pub fn landscape(
        &self,
        command: &str,
    ) -> anyhow::Result<(AnyLandscape, Map<String, Value>, Vec<f64>)> {
        let r = self.source.landscape(&self.params, command)?;
        let x0 = crate::problem_arg::start_point(
            &self.x0,
            r.problem.as_ref(),
            r.landscape.dim(),
            &r.name,
        )?;
        Ok((r.landscape, r.params, x0))
    }

    /// The parameters every report repeats (everything but the thread count).
    pub fn report_header(
        &self,
        command: &str,
        temperature: Temperature,
        params: Map<String, Value>,
        x0: &[f64],
    ) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("command".into(), json!(command));
        m.insert("landscape".into(), json!(self.source.name()));
        m.insert("params".into(), Value::Object(params));
        m.insert("temperature".into(), temperature_json(temperature));
        m.insert("integrator".into(), json!(self.integrator));
        m.insert("dt".into(), json!(self.dt));
        m.insert("paths".into(), json!(self.paths));
        m.insert("seed".into(), json!(self.seed));
        m.insert("x0".into(), json!(x0));
        m
    }
}

/// The temperature in both conventions, naming the one given.
pub fn temperature_json(t: Temperature) -> Value {
    json!({
        "convention": match t.convention() {
            TemperatureConvention::Epsilon => "epsilon",
            TemperatureConvention::Beta => "beta",
        },
        "epsilon": t.eps(),
        "beta": t.beta_value(),
        "sde": "dX = −∇L dt + √ε dW",
        "summary": t.to_string(),
    })
}

/// Arguments of `sgdpde simulate`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Files in --out: summary.json (the --json object), terminal.npy (terminal states, paths × d, \
path order), checkpoints/chunks-<a>-<b>.{json,npy} (per-chunk accumulators; read by --resume), \
manifest.json (version, seed, every parameter, fingerprint; written last)."
)]
pub struct Args {
    #[command(flatten)]
    model: ModelArgs,
    /// Final time (a whole multiple of --dt).
    #[arg(long, default_value_t = 1.0)]
    t_end: f64,
    /// Print one JSON object on stdout instead of the human summary.
    #[arg(long)]
    json: bool,
    /// Write the results (and chunk checkpoints) into this directory.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Overwrite existing results in `--out`, and run beyond the one-day
    /// work budget (more path-steps than this machine does in a day).
    #[arg(long, conflicts_with = "resume")]
    force: bool,
    /// Continue an interrupted run in `--out`: stored chunk blocks of the same
    /// configuration are loaded, the others simulated; same bytes as an
    /// uninterrupted run.
    #[arg(long, requires = "out")]
    resume: bool,
    /// Chunks of paths per checkpoint block (a chunk is 256 paths).
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u64).range(1..))]
    checkpoint_chunks: u64,
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
    args: &'a Args,
    x0: &'a [f64],
    search_box: Vec<[f64; 2]>,
    temperature: Temperature,
    kind: IntegratorKind,
    pool: &'a rayon::ThreadPool,
    store: Option<&'a BlockStore<'a>>,
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
        // Basin of the gradient flow (landscape crate's classifier); a single known
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
            self.args.model.paths,
            self.args.model.dt,
            self.args.t_end,
            self.args.model.seed,
        )?;
        // With one snapshot (t_end), SamplePaths(n) stores the terminal
        // states of paths 0..n: all of them for --out, none otherwise.
        let stored = if self.store.is_some() {
            self.args.model.paths
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
        let run = |chunks: Range<u64>| {
            self.pool.install(|| {
                self.ensemble
                    .run_chunks(self.sde, &integrator, self.x0, &self.reduction, chunks)
            })
        };
        let (merged, loaded, blocks) = match self.store {
            None => (
                self.pool.install(|| {
                    self.ensemble
                        .run(self.sde, &integrator, self.x0, &self.reduction)
                })?,
                0,
                0,
            ),
            Some(store) => {
                let grid = store.blocks(self.ensemble.chunk_count());
                let mut accs = Vec::new();
                let mut loaded = 0;
                for range in &grid {
                    if let Some(a) = store.load(range).and_then(|b| decode(&b).ok()) {
                        loaded += 1;
                        accs.extend(a);
                        continue;
                    }
                    let a = run(range.clone())?;
                    store.save(range, &encode(&a))?;
                    accs.extend(a);
                }
                // The same left fold over the same chunk accumulators as
                // Ensemble::run: the same bits.
                let merged = Ensemble::merge_chunks(&self.reduction, accs)
                    .context("an ensemble has at least one chunk")?;
                (merged, loaded, grid.len())
            }
        };
        let (mut m, mut b, states) = merged;
        Ok((m.remove(0), b.remove(0), states, loaded, blocks))
    }
}

/// Runs the ensemble and prints the report.
pub fn run(args: &Args) -> anyhow::Result<()> {
    let m = &args.model;
    // A resumed run was accepted when it started (`--force` conflicts with
    // `--resume`): the work budget is not asked again.
    let force = args.force || args.resume;
    if let crate::problem_arg::Target::Sde(p) = m.source.resolve(&m.params)? {
        m.check_run_size("t_end", args.t_end, p.dim(), 0, &m.pool()?, force)?;
        return super::sde_problem::simulate(m, &p, args.t_end, args.json, args.out.is_some());
    }
    let temperature = m.temperature()?;
    let kind: IntegratorKind = m.integrator.parse()?;
    let (l, params, x0) = m.landscape("simulate")?;
    let pool = m.pool()?;
    // With --out every terminal state is kept (d floats per path).
    let kept = if args.out.is_some() {
        8 * l.dim() as u64
    } else {
        0
    };
    m.check_run_size("t_end", args.t_end, l.dim(), kept, &pool, force)?;
    let mut r = m.report_header("simulate", temperature, params, &x0);
    r.insert("t_end".into(), json!(args.t_end));
    // A problem file enters by its bytes: editing the expression while
    // keeping the name and parameters must not reuse old checkpoints.
    let problem_file = m
        .source
        .problem
        .as_ref()
        .map(|p| std::fs::read(p).with_context(|| format!("reading {}", p.display())))
        .transpose()?
        .map(|bytes| format!("{:016x}", crate::output::hash::fnv1a(&bytes)));
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
    let out = match &args.out {
        Some(dir) if args.resume => Some(OutDir::resume(dir, &run)?),
        Some(dir) => Some(OutDir::start(dir, args.force, &run)?),
        None => None,
    };
    let store = out
        .as_ref()
        .map(|o| BlockStore::new(o, fingerprint(&basis), args.checkpoint_chunks, args.resume))
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
            args,
            x0: &x0,
            search_box: l.search_box(),
            temperature,
            kind,
            pool: &pool,
            store: store.as_ref(),
        })
        .with_context(|| format!("simulating `{}`", m.source.name()))?;

    let d = l.dim();
    let cov = moments
        .covariance()
        .context("a covariance needs at least two paths (--paths ≥ 2)")?;
    let variance: Vec<f64> = (0..d).map(|i| cov[i * d + i]).collect();
    let n = m.paths as f64;
    let fractions = basins.fractions();
    let basin_rows: Vec<Value> = fractions
        .iter()
        .enumerate()
        .map(|(k, p)| {
            json!({
                "minimum": minima.get(k),
                "mass": p,
                "std_error": (p * (1.0 - p) / n).sqrt(),
            })
        })
        .collect();
    let unassigned = basins.outside as f64 / n;

    r.insert(
        "terminal".into(),
        json!({
            "mean": moments.mean(),
            "mean_std_error": (0..d).map(|i| (cov[i * d + i] / n).sqrt()).collect::<Vec<_>>(),
            "variance": variance,
            "covariance": cov.chunks(d).collect::<Vec<_>>(),
        }),
    );
    r.insert("basins".into(), Value::Array(basin_rows));
    r.insert("unassigned_mass".into(), json!(unassigned));
    let summary = Value::Object(r);
    if let Some(out) = &out {
        out.write_json("summary.json", &summary)?;
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
        if args.resume {
            warn!(
                "resumed: loaded {loaded} of {blocks} checkpoint blocks, simulated {}",
                blocks - loaded
            );
        }
    }
    if args.json {
        outln!("{summary}")?;
    } else {
        outln!(
            "{} paths of dX = −∇L dt + √ε dW on `{}`, {}, {} with dt = {}, t = 0 → {}, seed {}",
            m.paths,
            m.source.name(),
            temperature,
            kind,
            m.dt,
            args.t_end,
            m.seed
        )?;
        outln!("terminal mean     {:?}", moments.mean())?;
        outln!("terminal variance {variance:?}")?;
        for (k, p) in fractions.iter().enumerate() {
            let which = minima
                .get(k)
                .map_or_else(|| "(whole space)".to_owned(), |x| format!("{x:?}"));
            outln!(
                "basin of minimum {which}: mass {p:.6} ± {:.6}",
                (p * (1.0 - p) / n).sqrt()
            )?;
        }
        if basins.outside > 0 {
            outln!("unassigned (basin undecided): {unassigned:.6}")?;
        }
    }
    Ok(())
}
