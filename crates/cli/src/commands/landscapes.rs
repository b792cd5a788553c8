//! `sgdpde landscapes`: the catalogue; with `--problem FILE`, the summary of
//! a problem file instead (what it defines, its variables, parameters,
//! expressions, the noise class of an SDE and which exact answers it has) —
//! a quick way to check a file before running anything on it.

use std::path::PathBuf;

use serde_json::{Value, json};
use sgdpde_landscape::CATALOGUE;
use sgdpde_problem::{Problem, ProblemKind};

/// Arguments of `sgdpde landscapes`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print the catalogue (or the problem summary) as JSON.
    #[arg(long)]
    json: bool,
    /// Check and summarise a problem file instead of listing the catalogue.
    #[arg(long, value_name = "FILE")]
    problem: Option<PathBuf>,
}

/// The summary of a problem file as JSON.
fn problem_json(p: &Problem) -> Value {
    let params: serde_json::Map<String, Value> = p
        .parameters
        .iter()
        .map(|(n, v)| (n.clone(), json!(v)))
        .collect();
    let mut out = json!({
        "file": p.file,
        "description": p.description,
        "variables": p.variables,
        "parameters": params,
        "x0": p.x0,
        "t_end": p.t_end,
    });
    let o = out.as_object_mut().expect("an object");
    match &p.kind {
        ProblemKind::Landscape(l) => {
            o.insert("kind".into(), json!("landscape"));
            o.insert("L".into(), json!(l.expression().text()));
            o.insert("search_box".into(), json!(l.search_box()));
        }
        ProblemKind::Sde(s) => {
            o.insert("kind".into(), json!("sde"));
            o.insert("noise_class".into(), json!(s.sde.class()));
            o.insert("noise_dim".into(), json!(s.sde.noise_dim()));
            o.insert("exact_solution".into(), json!(s.exact.is_some()));
            let mo = s.moments.as_ref();
            o.insert("exact_mean".into(), json!(mo.is_some_and(|m| m.has_mean())));
            o.insert(
                "exact_second_moment".into(),
                json!(mo.is_some_and(|m| m.has_second_moment())),
            );
        }
        _ => {}
    }
    out
}

/// Prints the catalogue, or the summary of `--problem`.
pub fn run(args: &Args) -> anyhow::Result<()> {
    if let Some(path) = &args.problem {
        let p = sgdpde_problem::load(path)?;
        let summary = problem_json(&p);
        if args.json {
            outln!("{}", serde_json::to_string_pretty(&summary)?)?;
            return Ok(());
        }
        outln!("{}: ok", p.file)?;
        for (key, value) in summary.as_object().expect("an object") {
            if key != "file" && !value.is_null() {
                outln!("    {key}: {value}")?;
            }
        }
        return Ok(());
    }
    if args.json {
        outln!("{}", serde_json::to_string_pretty(CATALOGUE)?)?;
        return Ok(());
    }
    for e in CATALOGUE {
        outln!("{}  (dimension {})", e.name, e.dim)?;
        outln!("    {}", e.formula)?;
        outln!("    {}", e.summary)?;
        for p in e.params {
            outln!("    --param {}={}    {}", p.name, p.default, p.description)?;
        }
        outln!(
            "    critical-point search box: {:?} (last interval repeats per coordinate)",
            e.search_box
        )?;
        outln!()?;
    }
    outln!(
        "Your own landscape or SDE: a TOML problem file (see examples/problems/), \
         checked with `sgdpde landscapes --problem FILE` and run with `--problem FILE` \
         in place of a catalogue name."
    )?;
    Ok(())
}
