//! `sgdpde convergence`: observed strong and weak orders of chosen
//! integrators on a problem with an exact solution (the built-in catalogue
//! or an `[sde]` problem file with `[exact]`), against each method's
//! metadata, with a work–precision table, JSON and log–log figures.
//!
//! The numerics live in `sgdpde_run::convergence`; this file parses
//! and validates the arguments (one-line errors), calls the run and
//! renders the report. Results do not
//! depend on `--threads` (bitwise); only the `wall_time_s` field does.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, bail};
use serde_json::{Value, json};
use sgdpde_analysis::convergence::PathRule;
use sgdpde_run::convergence::{
    self, ConvergenceConfig, ConvergenceReport, MAX_LEVEL, MethodSelection, PROBLEMS, run_builtin,
};
use sgdpde_sde::IntegratorKind;

use crate::output::atomic::OutDir;

/// Largest `--paths N` (a fixed count; `auto` is capped by the harness's
/// rules at 2·10⁴ strong and 4·10⁵ weak paths).
const MAX_PATHS: u64 = 10_000_000;

/// Default levels of a problem file: `h = T/8 … T/256`.
const FILE_LEVELS: (u32, u32) = (3, 8);

/// Arguments of `sgdpde convergence`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Problems: gbm, ou, linear-rank-one (`--list` shows parameters and \
defaults), or --problem FILE with an [exact] solution and/or second moments. Methods: \
euler-maruyama (em), milstein, kp15-additive (kp15), leimkuhler-matthews (lm), tamed-euler \
(tamed), or all (every method the noise class allows). Files in --out: convergence.json, \
convergence.csv (one row per method and step), convergence_error_vs_h.{png,svg,csv}, \
convergence_work_precision.{png,svg,csv}, manifest.json."
)]
pub struct Args {
    /// Built-in problem: gbm, ou, linear-rank-one.
    #[arg(required_unless_present_any = ["problem", "list"], conflicts_with = "problem")]
    name: Option<String>,
    /// An SDE problem file (TOML with `[sde]` and `[exact]` tables) instead of a built-in problem.
    #[arg(long, value_name = "FILE")]
    problem: Option<PathBuf>,
    /// Override a parameter, `--param name=value` (repeatable).
    #[arg(long = "param", value_name = "NAME=VALUE", value_parser = crate::params::parse_param)]
    params: Vec<(String, f64)>,
    /// Start point of a problem file (default: the file's x0), comma-separated.
    #[arg(long, value_delimiter = ',')]
    x0: Vec<f64>,
    /// Horizon of a problem file (default: the file's t_end, else 1).
    #[arg(long)]
    t_end: Option<f64>,
    /// Comma-separated integrators, or `all` (those the noise class allows).
    #[arg(long, default_value = "all")]
    methods: String,
    /// Step sizes h = T/2^k for k in LO..HI (inclusive; default per problem).
    #[arg(long, value_name = "LO..HI", allow_hyphen_values = true)]
    levels: Option<String>,
    /// Paths per study: `auto` (from the measured variance) or a fixed count
    /// (verdicts are `inconclusive` where its SE misses the harness target).
    #[arg(long, default_value = "auto", allow_hyphen_values = true)]
    paths: String,
    /// Master seed: strong path i uses ChaCha8(seed) stream i, weak path i stream 2³² + i.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Print one JSON object on stdout instead of the tables.
    #[arg(long)]
    json: bool,
    /// Write JSON, CSV and PNG/SVG log–log plots into this directory.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Overwrite the results in --out.
    #[arg(long, requires = "out")]
    force: bool,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long)]
    threads: Option<usize>,
    /// List the built-in problems with their parameters and exit.
    #[arg(long)]
    list: bool,
}

/// Short names accepted beside the full ones.
const ALIASES: &[(&str, IntegratorKind)] = &[
    ("em", IntegratorKind::EulerMaruyama),
    ("kp15", IntegratorKind::KloedenPlaten15),
    ("lm", IntegratorKind::LeimkuhlerMatthews),
    ("tamed", IntegratorKind::TamedEuler),
];

fn parse_methods(s: &str) -> anyhow::Result<MethodSelection> {
    if s.trim() == "all" {
        return Ok(MethodSelection::AllApplicable);
    }
    let mut kinds = Vec::new();
    for name in s.split(',').map(str::trim) {
        let kind = match ALIASES.iter().find(|(a, _)| *a == name) {
            Some(&(_, k)) => k,
            None => name.parse::<IntegratorKind>().map_err(|_| {
                anyhow::anyhow!(
                    "--methods: unknown method `{name}` (known: all, {}, and em, kp15, lm, tamed)",
                    IntegratorKind::ALL
                        .iter()
                        .map(|k| k.name())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })?,
        };
        if kinds.contains(&kind) {
            bail!("--methods: `{}` is listed twice", kind.name());
        }
        kinds.push(kind);
    }
    Ok(MethodSelection::Explicit(kinds))
}

fn parse_levels(s: &str) -> anyhow::Result<Vec<u32>> {
    let bad = || {
        anyhow::anyhow!(
            "--levels `{}`: expected LO..HI with integers 1 ≤ LO, LO + 2 ≤ HI ≤ {MAX_LEVEL} (h = T/2^k)",
            sgdpde_landscape::excerpt(s)
        )
    };
    let (lo, hi) = s.split_once("..").ok_or_else(bad)?;
    let hi = hi.strip_prefix('=').unwrap_or(hi);
    let (lo, hi): (u32, u32) = (
        lo.trim().parse().map_err(|_| bad())?,
        hi.trim().parse().map_err(|_| bad())?,
    );
    if lo < 1 || hi > MAX_LEVEL || hi < lo + 2 {
        return Err(bad());
    }
    Ok((lo..=hi).collect())
}

/// The path rules of `--paths` and the JSON value describing it.
fn parse_paths(s: &str) -> anyhow::Result<(PathRule, PathRule, Value)> {
    if s.trim() == "auto" {
        return Ok((PathRule::STRONG, PathRule::WEAK, json!("auto")));
    }
    let n: u64 = s
        .trim()
        .parse()
        .ok()
        .filter(|n| (2..=MAX_PATHS).contains(n))
        .ok_or_else(|| {
            anyhow::anyhow!(
                "--paths `{}`: expected `auto` or an integer in 2..={MAX_PATHS}",
                sgdpde_landscape::excerpt(s)
            )
        })?;
    Ok((
        PathRule::fixed(n, PathRule::STRONG.rel_se),
        PathRule::fixed(n, PathRule::WEAK.rel_se),
        json!(n),
    ))
}

/// The built-in catalogue as JSON / text.
fn list(json_out: bool) -> anyhow::Result<()> {
    if json_out {
        outln!("{}", serde_json::to_string_pretty(PROBLEMS)?)?;
        return Ok(());
    }
    for e in PROBLEMS {
        outln!(
            "{}  (default levels {}..{})",
            e.name,
            e.default_levels.0,
            e.default_levels.1
        )?;
        outln!("    {}", e.summary)?;
        for p in e.params {
            outln!("    --param {}={}  {}", p.name, p.default, p.doc)?;
        }
    }
    Ok(())
}

fn write_out(
    dir: &std::path::Path,
    force: bool,
    r: &ConvergenceReport,
    doc: &Value,
) -> anyhow::Result<()> {
    let out = OutDir::create(dir, force)?;
    let text = serde_json::to_string_pretty(doc)?;
    out.write("convergence.json", text.as_bytes())?;
    out.write("convergence.csv", convergence::csv(r).as_bytes())?;
    for fig in r.figures() {
        if fig.series.is_empty() {
            continue;
        }
        crate::output::plot::render(&fig, &out, &fig.id)?;
        out.write(
            &format!("{}.csv", fig.id),
            crate::output::plot::csv(&fig).as_bytes(),
        )?;
    }
    out.write("manifest.json", text.as_bytes())?;
    Ok(())
}

/// Runs `sgdpde convergence`.
///
/// # Errors
/// Invalid arguments (one line each), a problem-file error, a method not
/// applicable to the problem's noise class, a blow-up, a write failure.
pub fn run(args: &Args) -> anyhow::Result<()> {
    if args.list {
        return list(args.json);
    }
    let methods = parse_methods(&args.methods)?;
    let (strong_rule, weak_rule, paths_json) = parse_paths(&args.paths)?;
    let entry = match &args.name {
        Some(n) => Some(PROBLEMS.iter().find(|p| p.name == n).with_context(|| {
            format!(
                "unknown convergence problem `{n}` (known: {}; or --problem FILE)",
                PROBLEMS
                    .iter()
                    .map(|p| p.name)
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })?),
        None => None,
    };
    if entry.is_some() && (!args.x0.is_empty() || args.t_end.is_some()) {
        bail!(
            "--x0 and --t-end apply to --problem files; built-in problems take --param x0=… and --param t_end=…"
        );
    }
    let levels = match &args.levels {
        Some(s) => parse_levels(s)?,
        None => {
            let (lo, hi) = entry.map_or(FILE_LEVELS, |e| e.default_levels);
            (lo..=hi).collect()
        }
    };
    let cfg = ConvergenceConfig {
        methods,
        levels,
        strong_rule,
        weak_rule,
        seed: args.seed,
    };
    let pool = crate::threads::pool(args.threads)?;
    let start = Instant::now();
    let (report, params) = pool.install(|| -> anyhow::Result<_> {
        match (entry, &args.problem) {
            (Some(e), _) => {
                let r = run_builtin(e.name, &args.params, &cfg)?;
                let params = e
                    .params
                    .iter()
                    .map(|p| {
                        let v = args
                            .params
                            .iter()
                            .rev()
                            .find(|(n, _)| n == p.name)
                            .map_or(p.default, |(_, v)| *v);
                        (p.name.to_owned(), json!(v))
                    })
                    .collect();
                Ok((r, params))
            }
            (None, Some(path)) => {
                convergence::run_problem_file(path, &args.params, &args.x0, args.t_end, &cfg)
            }
            (None, None) => bail!("give a built-in problem or --problem FILE"),
        }
    })?;
    let wall = start.elapsed().as_secs_f64();
    let mut doc = serde_json::to_value(&report)?;
    if let Value::Object(m) = &mut doc {
        m.insert("command".into(), json!("convergence"));
        m.insert("params".into(), Value::Object(params));
        m.insert("paths".into(), paths_json);
        m.insert("wall_time_s".into(), json!(wall));
    }
    if let Some(dir) = &args.out {
        write_out(dir, args.force, &report, &doc)?;
    }
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&doc)?)?;
    } else {
        out!(
            "{}",
            convergence::Human {
                report: &report,
                wall_time_s: wall,
            }
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_methods_levels_and_paths() {
        assert_eq!(
            parse_methods("all").unwrap(),
            MethodSelection::AllApplicable
        );
        assert_eq!(
            parse_methods("em,milstein,kp15-additive").unwrap(),
            MethodSelection::Explicit(vec![
                IntegratorKind::EulerMaruyama,
                IntegratorKind::Milstein,
                IntegratorKind::KloedenPlaten15
            ])
        );
        for bad in ["rk4", "em,em", "", "em,,milstein"] {
            assert!(parse_methods(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_levels("3..8").unwrap(), (3..=8).collect::<Vec<_>>());
        assert_eq!(parse_levels("2..=4").unwrap(), vec![2, 3, 4]);
        for bad in [
            "3", "0..4", "3..4", "8..3", "3..15", "a..b", "-1..3", "3..8..9",
        ] {
            assert!(parse_levels(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_paths("auto").unwrap().0, PathRule::STRONG);
        assert_eq!(parse_paths("500").unwrap().1.max, 500);
        for bad in ["1", "0", "-5", "1e3", "nan", "99999999999"] {
            assert!(parse_paths(bad).is_err(), "{bad}");
        }
    }
}
