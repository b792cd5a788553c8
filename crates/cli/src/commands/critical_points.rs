//! `sgdpde critical-points <landscape | --problem FILE>`: minima, index-1
//! saddles, barriers.

use anyhow::Context;
use serde_json::{Value, json};
use sgdpde_landscape::critical::{
    Barrier, BasinOptions, CriticalPoint, CriticalSet, FindAllOptions, connect_saddles, find_all,
};
use sgdpde_landscape::{KnownCriticalPoints, LandscapeHessian, LandscapeVisitor, Result};

/// Arguments of `sgdpde critical-points`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    source: crate::problem_arg::Source,
    /// Override a parameter, `--param name=value` (repeatable).
    #[arg(long = "param", value_name = "NAME=VALUE", value_parser = crate::params::parse_param)]
    params: Vec<(String, f64)>,
    /// Print one JSON object on stdout instead of the human summary.
    #[arg(long)]
    json: bool,
    /// Number of Newton starts (Halton points of the search box: the
    /// catalogue's, or the problem file's `search_box`).
    #[arg(long, default_value_t = 400, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    starts: u32,
}

/// What the search produced.
struct Report {
    set: CriticalSet,
    barriers: Vec<Barrier>,
}

/// Runs the search on the concrete landscape (monomorphised via the visitor).
struct Search {
    bounds: Vec<[f64; 2]>,
    starts: usize,
}

impl LandscapeVisitor for Search {
    type Output = Result<Report>;
    fn visit<L: LandscapeHessian + KnownCriticalPoints + Clone + 'static>(
        self,
        l: &L,
    ) -> Result<Report> {
        let opts = FindAllOptions {
            starts: self.starts,
            ..FindAllOptions::default()
        };
        let set = find_all(l, &self.bounds, &opts)?;
        let barriers = connect_saddles(l, &set, &BasinOptions::default())?;
        Ok(Report { set, barriers })
    }
}

fn point_json(k: usize, p: &CriticalPoint) -> Value {
    json!({
        "index": k,
        "x": p.x,
        "value": p.value,
        "hessian_eigenvalues": p.hessian_eigenvalues,
        "gradient_norm": p.gradient_norm,
    })
}

/// Finds and prints the critical points.
pub fn run(args: &Args) -> anyhow::Result<()> {
    let r = args.source.landscape(&args.params, "critical-points")?;
    let bounds = r.search_box();
    let Report { set, barriers } = r
        .landscape
        .visit(Search {
            bounds: bounds.clone(),
            starts: args.starts as usize,
        })
        .with_context(|| {
            let pars: Vec<String> = r.params.iter().map(|(n, v)| format!("{n}={v}")).collect();
            format!(
                "critical-point search on `{}` [{}]",
                r.name,
                pars.join(", ")
            )
        })?;

    if args.json {
        let params = Value::Object(r.params.clone());
        let barriers: Vec<Value> = barriers
            .iter()
            .map(|b| {
                json!({
                    "saddle": b.saddle,
                    "saddle_x": set.saddles[b.saddle].x,
                    "minima": b.minima,
                    "minima_x": [set.minima[b.minima[0]].x, set.minima[b.minima[1]].x],
                    "heights": b.heights,
                })
            })
            .collect();
        let out = json!({
            "landscape": r.name,
            "params": params,
            "search_box": bounds,
            "starts": set.starts,
            "converged_starts": set.converged_starts,
            "minima": set.minima.iter().enumerate().map(|(k, p)| point_json(k, p)).collect::<Vec<_>>(),
            "saddles": set.saddles.iter().enumerate().map(|(k, p)| point_json(k, p)).collect::<Vec<_>>(),
            "barriers": barriers,
            "higher_index_saddles": set.higher_saddles.len(),
            "degenerate_points": set.degenerate.len(),
        });
        outln!("{}", serde_json::to_string_pretty(&out)?)?;
        return Ok(());
    }

    let fmt_x = |x: &[f64]| {
        let s: Vec<String> = x.iter().map(|v| format!("{v:.6}")).collect();
        format!("({})", s.join(", "))
    };
    let fmt_eig = |e: &[f64]| {
        let s: Vec<String> = e.iter().map(|v| format!("{v:.4e}")).collect();
        s.join(", ")
    };
    let pars: Vec<String> = r.params.iter().map(|(n, v)| format!("{n}={v}")).collect();
    outln!(
        "{} [{}]  search box {:?}, {} Newton starts ({} converged in the box)",
        r.name,
        pars.join(", "),
        bounds,
        set.starts,
        set.converged_starts
    )?;
    outln!("minima ({}):", set.minima.len())?;
    for (k, p) in set.minima.iter().enumerate() {
        outln!(
            "  m{k}  x = {}  L = {:.8}  Hessian eigenvalues [{}]",
            fmt_x(&p.x),
            p.value,
            fmt_eig(&p.hessian_eigenvalues)
        )?;
    }
    outln!("index-1 saddles ({}):", set.saddles.len())?;
    for (k, p) in set.saddles.iter().enumerate() {
        outln!(
            "  s{k}  x = {}  L = {:.8}  Hessian eigenvalues [{}]",
            fmt_x(&p.x),
            p.value,
            fmt_eig(&p.hessian_eigenvalues)
        )?;
    }
    outln!("barriers L(s) − L(m) ({}):", barriers.len())?;
    for b in &barriers {
        outln!(
            "  s{} joins m{} and m{}: {:.8} from m{}, {:.8} from m{}",
            b.saddle,
            b.minima[0],
            b.minima[1],
            b.heights[0],
            b.minima[0],
            b.heights[1],
            b.minima[1]
        )?;
    }
    if !set.degenerate.is_empty() || !set.higher_saddles.is_empty() {
        outln!(
            "also: {} degenerate critical point(s) (flat directions), {} saddle(s) of index ≥ 2",
            set.degenerate.len(),
            set.higher_saddles.len()
        )?;
    }
    Ok(())
}
