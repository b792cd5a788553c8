//! `sgdpde reproduce`: every experiment of the paper at the quick (or full)
//! size, written as a report a researcher can read — each number beside the
//! theory it is checked against — with figures, data and a manifest.
//!
//! # Resuming
//! Each completed experiment leaves `progress/<name>.json`: the fingerprint
//! ([`crate::output::hash`]) of `(experiment, size, seed, sgdpde version,
//! full config)`, its rendered report section, its verdict counts and the
//! list of files it wrote with a hash of each. `--resume` (same `--out`)
//! continues only the same reproduction (`run.json`: same size, seed,
//! experiment list and version — anything else is refused, nothing
//! overwritten); it skips every experiment whose record is present, whose
//! fingerprint matches and whose files all exist with the bytes they were
//! written with, and recomputes the others.
//! `report.md` and `manifest.json` are always assembled from the stored
//! records, so a resumed reproduction is bitwise identical to an
//! uninterrupted one. Wall-clock times live only in `timings.json`
//! (`proofs-notes/resumable-runs.md`).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sgdpde_experiments::{ExperimentId, Report, Size};

use crate::output::atomic::{OutDir, RunId};
use crate::output::hash::fingerprint;
use crate::output::{markdown, report_files};

/// Arguments of `sgdpde reproduce`.
///
/// Output files under `--out`: `report.md`; `manifest.json` (seed, size,
/// version, every config and its fingerprint, verdict counts — written
/// last); `timings.json` (wall-clock times, the only file that differs
/// between identical runs); `figures/<exp>-<fig>.{png,svg,csv,npy}` (the
/// `.npy` is `points × 4`: series index, x, y, err); `data/<exp>.json` (the
/// report); `data/<exp>-<table>.{csv,npy}` (`.npy`: rows × columns);
/// `progress/<exp>.json` (what `--resume` reads).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Files in --out: report.md, manifest.json (written last), timings.json (wall-clock times only), \
figures/<exp>-<fig>.{png,svg,csv,npy} (npy: points × 4 = series index, x, y, err), \
data/<exp>.json, data/<exp>-<table>.{csv,npy} (npy: rows × columns), progress/<exp>.json (read by --resume)."
)]
pub struct Args {
    /// Quick size: seconds per experiment (the default).
    #[arg(long, conflicts_with = "full")]
    quick: bool,
    /// Full size: minutes per experiment.
    #[arg(long)]
    full: bool,
    /// Output directory (report.md, figures/, data/, manifest.json).
    #[arg(long, default_value = "out")]
    out: PathBuf,
    /// Overwrite an existing reproduction in `--out`.
    #[arg(long, conflicts_with = "resume")]
    force: bool,
    /// Continue an interrupted reproduction in `--out`: experiments whose
    /// stored fingerprint matches are not recomputed; the others are.
    #[arg(long)]
    resume: bool,
    /// Master seed; each experiment derives everything from it.
    #[arg(long, default_value_t = 2025)]
    seed: u64,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long)]
    threads: Option<usize>,
    /// No progress bar.
    #[arg(long)]
    quiet: bool,
    /// Run only these experiments (comma-separated names; default: all).
    #[arg(long, value_delimiter = ',')]
    only: Vec<String>,
}

/// What a completed experiment leaves in `progress/<name>.json`; everything
/// the final report and manifest need, and nothing time-dependent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Record {
    /// Experiment name.
    name: String,
    /// [`fingerprint`] of `basis`.
    fingerprint: String,
    /// `{experiment, size, seed, sgdpde_version, config}`.
    basis: Value,
    /// Report title (the Markdown anchor).
    title: String,
    /// The question of the paper.
    question: String,
    /// Verdicts that passed.
    verdicts_passed: usize,
    /// All verdicts.
    verdicts_total: usize,
    /// Claims of the failed verdicts.
    failed: Vec<String>,
    /// The rendered Markdown section.
    section: String,
    /// Files written for this experiment, relative to `--out`.
    files: Vec<String>,
    /// FNV-1a of each file's bytes (16 hex digits), checked before a resumed
    /// run keeps the file (a record without them is recomputed).
    #[serde(default)]
    hashes: BTreeMap<String, String>,
}

/// FNV-1a of the file `root/name`, if it can be read.
fn file_hash(root: &std::path::Path, name: &str) -> Option<String> {
    let bytes = std::fs::read(root.join(name)).ok()?;
    Some(format!("{:016x}", crate::output::hash::fnv1a(&bytes)))
}

/// Whether every file of `r` is there with the bytes it was written with.
fn files_intact(out: &OutDir, r: &Record) -> bool {
    !r.hashes.is_empty()
        && r.files.iter().all(|f| {
            r.hashes
                .get(f)
                .is_some_and(|h| file_hash(out.root(), f).as_ref() == Some(h))
        })
}

fn record_path(id: ExperimentId) -> String {
    format!("progress/{}.json", id.name())
}

/// The stored record of `id`, if there is a readable one.
fn load_record(out: &OutDir, id: ExperimentId) -> Option<Record> {
    let text = std::fs::read_to_string(out.root().join(record_path(id))).ok()?;
    serde_json::from_str(&text).ok()
}

fn header(size: Size, seed: u64, records: &[Record]) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# sgdpde — reproduction of *Is Stochastic Gradient Descent Effective? A PDE Perspective on Machine Learning processes*\n"
    );
    let _ = writeln!(
        s,
        "Barbieri, Bonforte, Ibarrondo, arXiv:2501.08425. Generated by `sgdpde reproduce {}--seed {seed}` (sgdpde {}).\n",
        if size == Size::Full {
            "--full "
        } else {
            "--quick "
        },
        env!("CARGO_PKG_VERSION")
    );
    let _ = writeln!(
        s,
        "Conventions: Itô SDEs `dX = b dt + G dW`; temperature ε as in `dX = −∇L dt + √ε dW` (D = ε/2, Gibbs density ∝ exp(−2L/ε), Arrhenius exponent 2ΔL/ε). Every Monte Carlo number is reproducible from the seed, for any thread count. Run times are in `timings.json`.\n"
    );
    let passed: usize = records.iter().map(|r| r.verdicts_passed).sum();
    let total: usize = records.iter().map(|r| r.verdicts_total).sum();
    let _ = writeln!(s, "## Summary: {passed} of {total} verdicts pass\n");
    let _ = writeln!(s, "| experiment | question | verdicts |");
    let _ = writeln!(s, "|---|---|---|");
    for r in records {
        let _ = writeln!(
            s,
            "| [{}](#{}) | {} | {}/{} |",
            r.name,
            anchor(&r.title),
            r.question.replace('|', "\\|"),
            r.verdicts_passed,
            r.verdicts_total
        );
    }
    s.push('\n');
    s
}

/// The GitHub-style anchor of a Markdown heading.
fn anchor(title: &str) -> String {
    title
        .to_lowercase()
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '-' {
                Some(c)
            } else if c == ' ' {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

/// Runs one experiment and stores its files and its [`Record`].
fn compute(
    out: &OutDir,
    id: ExperimentId,
    size: Size,
    seed: u64,
    basis: Value,
    pool: &rayon::ThreadPool,
) -> anyhow::Result<()> {
    let (_, report): (Value, Report) = pool.install(|| id.run(size, seed))?;
    let written = report_files::write(out, &report)?;
    let record = Record {
        name: id.name().to_owned(),
        fingerprint: fingerprint(&basis),
        basis,
        title: report.title.clone(),
        question: report.question.clone(),
        verdicts_passed: report.verdicts.iter().filter(|v| v.pass).count(),
        verdicts_total: report.verdicts.len(),
        failed: report
            .verdicts
            .iter()
            .filter(|v| !v.pass)
            .map(|v| v.claim.clone())
            .collect(),
        section: markdown::section(&report, &written.stems),
        hashes: written
            .files
            .iter()
            .map(|f| {
                file_hash(out.root(), f)
                    .map(|h| (f.clone(), h))
                    .with_context(|| format!("reading back {f}"))
            })
            .collect::<anyhow::Result<_>>()?,
        files: written.files,
    };
    // The record is written last: its presence marks the experiment complete.
    out.write_json(&record_path(id), &record)?;
    Ok(())
}

/// Wall-clock seconds per experiment kept from an earlier (interrupted) run.
fn stored_timings(out: &OutDir) -> BTreeMap<String, f64> {
    std::fs::read_to_string(out.root().join("timings.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<Value>(&t).ok())
        .and_then(|v| serde_json::from_value(v["experiments_s"].clone()).ok())
        .unwrap_or_default()
}

/// Runs `sgdpde reproduce`.
pub fn run(args: &Args) -> anyhow::Result<()> {
    let size = if args.full { Size::Full } else { Size::Quick };
    let ids: Vec<ExperimentId> = if args.only.is_empty() {
        ExperimentId::ALL.to_vec()
    } else {
        let mut ids: Vec<ExperimentId> = Vec::new();
        for n in &args.only {
            let id: ExperimentId = n.parse()?;
            // `--only ou,ou` names ou once: each experiment runs (and counts) once.
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        ids
    };
    let run = RunId {
        command: "reproduce".into(),
        fingerprint: fingerprint(&json!({
            "command": "reproduce",
            "size": size,
            "seed": args.seed,
            "experiments": ids.iter().map(|id| id.name()).collect::<Vec<_>>(),
            "sgdpde_version": env!("CARGO_PKG_VERSION"),
        })),
    };
    let out = if args.resume {
        OutDir::resume(&args.out, &run)?
    } else {
        let progress = args.out.join("progress");
        if !args.force && progress.read_dir().is_ok_and(|mut d| d.next().is_some()) {
            anyhow::bail!(
                "{} holds an interrupted reproduction ({}); pass --resume to continue it or --force to start over",
                args.out.display(),
                progress.display()
            );
        }
        OutDir::start(&args.out, args.force, &run)?
    };
    let pool = crate::threads::pool(args.threads)?;
    let bar = if args.quiet || !std::io::stderr().is_terminal() {
        indicatif::ProgressBar::hidden()
    } else {
        indicatif::ProgressBar::new(ids.len() as u64)
    };
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{bar:30} {pos}/{len} experiments, {elapsed} — {msg}",
        )
        .expect("valid template"),
    );
    let started = Instant::now();
    let mut timings = if args.resume {
        stored_timings(&out)
    } else {
        BTreeMap::new()
    };
    let (mut skipped, mut stale) = (Vec::new(), Vec::new());
    for &id in &ids {
        bar.set_message(id.name());
        let basis = json!({
            "experiment": id.name(),
            "size": size,
            "seed": args.seed,
            "sgdpde_version": env!("CARGO_PKG_VERSION"),
            "config": id.config(size, args.seed)?,
        });
        if args.resume {
            match load_record(&out, id) {
                Some(r) if r.fingerprint == fingerprint(&basis) && files_intact(&out, &r) => {
                    skipped.push(id.name());
                    bar.inc(1);
                    continue;
                }
                Some(_) => stale.push(id.name()),
                None => {}
            }
        }
        let t0 = Instant::now();
        compute(&out, id, size, args.seed, basis, &pool)
            .with_context(|| format!("experiment {}", id.name()))?;
        timings.insert(id.name().to_owned(), t0.elapsed().as_secs_f64());
        out.write_json("timings.json", &json!({ "experiments_s": timings }))?;
        bar.inc(1);
    }
    bar.finish_and_clear();
    // Assembled from the stored records whether or not this run computed
    // them: the same bytes in, the same report out.
    let records: Vec<Record> = ids
        .iter()
        .map(|&id| {
            load_record(&out, id)
                .with_context(|| format!("reading {}", out.root().join(record_path(id)).display()))
        })
        .collect::<anyhow::Result<_>>()?;
    let mut md = header(size, args.seed, &records);
    for r in &records {
        md.push_str(&r.section);
    }
    out.write("report.md", md.as_bytes())?;
    out.write_json(
        "timings.json",
        &json!({
            "experiments_s": timings,
            "this_run_wall_time_s": started.elapsed().as_secs_f64(),
            "resumed": args.resume,
            "skipped": skipped,
        }),
    )?;
    let manifest = json!({
        "sgdpde_version": env!("CARGO_PKG_VERSION"),
        "size": size,
        "seed": args.seed,
        "experiments": records.iter().map(|r| json!({
            "name": r.name,
            "config": r.basis["config"],
            "fingerprint": r.fingerprint,
            "verdicts_passed": r.verdicts_passed,
            "verdicts_total": r.verdicts_total,
        })).collect::<Vec<_>>(),
    });
    // The manifest is written last: its presence marks a complete reproduction.
    out.write_json("manifest.json", &manifest)?;
    let failed: Vec<String> = records
        .iter()
        .flat_map(|r| r.failed.iter().map(move |c| format!("{}: {c}", r.name)))
        .collect();
    let total: usize = records.iter().map(|r| r.verdicts_total).sum();
    if args.resume {
        warn!(
            "resumed: skipped {} ({}), recomputed {}{}",
            skipped.len(),
            skipped.join(", "),
            ids.len() - skipped.len(),
            if stale.is_empty() {
                String::new()
            } else {
                format!(
                    " (stored result of {} had another fingerprint)",
                    stale.join(", ")
                )
            }
        );
    }
    warn!(
        "{} experiments, {} of {total} verdicts pass, {:.1} s; report: {}",
        records.len(),
        total - failed.len(),
        started.elapsed().as_secs_f64(),
        out.root().join("report.md").display()
    );
    if !failed.is_empty() {
        anyhow::bail!("failed verdicts: {}", failed.join("; "));
    }
    Ok(())
}
