//! `sgdpde run <experiment>`: one experiment of the paper, printed as a
//! Markdown section (or JSON), optionally written with its figures.

use std::path::PathBuf;
use std::time::Instant;

use sgdpde_experiments::{ExperimentId, Size};

use crate::output::atomic::OutDir;
use crate::output::{markdown, report_files};

/// Arguments of `sgdpde run`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Files in --out: report.md, manifest.json (seed, size, config, run time; written last), \
figures/<exp>-<fig>.{png,svg,csv,npy} (npy: points × 4 = series index, x, y, err), \
data/<exp>.json, data/<exp>-<table>.{csv,npy} (npy: rows × columns)."
)]
pub struct Args {
    /// Experiment name (see `sgdpde run --list`).
    #[arg(required_unless_present = "list")]
    experiment: Option<String>,
    /// List the experiments and exit.
    #[arg(long)]
    list: bool,
    /// Run the full size (minutes) instead of the quick one (seconds).
    #[arg(long)]
    full: bool,
    /// Master seed.
    #[arg(long, default_value_t = 2025)]
    seed: u64,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long)]
    threads: Option<usize>,
    /// Print the report as JSON instead of Markdown.
    #[arg(long)]
    json: bool,
    /// Also write the report, figures and data into this directory.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Overwrite existing results in `--out`.
    #[arg(long)]
    force: bool,
}

/// Runs `sgdpde run`.
pub fn run(args: &Args) -> anyhow::Result<()> {
    if args.list {
        for id in ExperimentId::ALL {
            outln!("{:<16} {}", id.name(), id.title())?;
        }
        return Ok(());
    }
    let name = args.experiment.as_deref().unwrap_or_default();
    let id: ExperimentId = name.parse()?;
    let size = if args.full { Size::Full } else { Size::Quick };
    let pool = crate::threads::pool(args.threads)?;
    // The output directory is checked before the (long) computation.
    let out = args
        .out
        .as_ref()
        .map(|dir| OutDir::create(dir, args.force))
        .transpose()?;
    let start = Instant::now();
    let (config, report) = pool.install(|| id.run(size, args.seed))?;
    let elapsed = start.elapsed().as_secs_f64();
    let figures = match &out {
        Some(out) => {
            let stems = report_files::write(out, &report)?.stems;
            let manifest = serde_json::json!({
                "sgdpde_version": env!("CARGO_PKG_VERSION"),
                "experiment": id.name(),
                "size": size,
                "seed": args.seed,
                "config": config,
                "run_time_s": elapsed,
                "verdicts_passed": report.verdicts.iter().filter(|v| v.pass).count(),
                "verdicts_total": report.verdicts.len(),
            });
            out.write("report.md", markdown::section(&report, &stems).as_bytes())?;
            out.write(
                "manifest.json",
                serde_json::to_string_pretty(&manifest)?.as_bytes(),
            )?;
            stems
        }
        None => Vec::new(),
    };
    if args.json {
        outln!(
            "{}",
            serde_json::to_string_pretty(
                &serde_json::json!({ "config": config, "report": report })
            )?
        )?;
    } else {
        out!("{}", markdown::section(&report, &figures))?;
    }
    if !report.all_pass() {
        anyhow::bail!(
            "{}: {} verdict(s) failed",
            id.name(),
            report.verdicts.iter().filter(|v| !v.pass).count()
        );
    }
    Ok(())
}
