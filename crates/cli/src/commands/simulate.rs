//! `sgdpde simulate`: an ensemble of Langevin paths `dX = −∇L dt + √ε dW` on
//! a catalogue landscape; terminal mean, variance and basin masses
//! ([`sgdpde_run::simulate`]), or on an `[sde]` problem file
//! ([`sgdpde_run::sde_problem`]).
//!
//! With `--out DIR` the run writes `summary.json` (the `--json` object),
//! `terminal.npy`, chunk checkpoints and, last, `manifest.json`; `--resume`
//! continues a killed run from its checkpoints.

use std::path::PathBuf;

use sgdpde_run::model::ModelConfig;
use sgdpde_run::simulate::{SimulateConfig, simulate_with};

use crate::args::checkpoint::CheckpointArgs;
use crate::output::progress::Bar;

pub use crate::args::model::ModelArgs;

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
    /// `--resume` and `--checkpoint-chunks`.
    #[command(flatten)]
    checkpoints: CheckpointArgs,
}

impl TryFrom<&Args> for SimulateConfig {
    type Error = anyhow::Error;
    fn try_from(a: &Args) -> anyhow::Result<Self> {
        let cfg = Self {
            model: ModelConfig::from(&a.model),
            t_end: a.t_end,
            out: a.out.clone(),
            force: a.force,
            resume: a.checkpoints.resume,
            checkpoint_chunks: a.checkpoints.checkpoint_chunks,
        };
        cfg.validate()?;
        Ok(cfg)
    }
}

/// Runs the ensemble and prints the report.
pub fn run(args: &Args) -> anyhow::Result<()> {
    let cfg = SimulateConfig::try_from(args)?;
    let m = &cfg.model;
    if let crate::problem_arg::Target::Sde(p) = m.source.resolve(&m.params)? {
        let report = sgdpde_run::sde_problem::simulate(&cfg, &p)?;
        if args.json {
            outln!("{}", serde_json::to_value(&report)?)?;
        } else {
            outln!("{report}")?;
        }
        return Ok(());
    }
    let report = simulate_with(&cfg, &Bar::new("paths"))?;
    if let Some((loaded, blocks)) = report.resumed {
        warn!(
            "resumed: loaded {loaded} of {blocks} checkpoint blocks, simulated {}",
            blocks - loaded
        );
    }
    if args.json {
        outln!("{}", serde_json::to_value(&report)?)?;
    } else {
        outln!("{report}")?;
    }
    Ok(())
}
