//! `sgdpde critical-points <landscape | --problem FILE>`: minima, index-1
//! saddles, barriers ([`sgdpde_run::critical_points`]).

use sgdpde_run::critical_points::{CriticalPointsConfig, critical_points};

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

impl From<&Args> for CriticalPointsConfig {
    fn from(a: &Args) -> Self {
        Self {
            source: a.source.config(),
            params: a.params.clone(),
            starts: a.starts,
        }
    }
}

/// Finds and prints the critical points.
pub fn run(args: &Args) -> anyhow::Result<()> {
    let report = critical_points(&CriticalPointsConfig::from(args))?;
    if args.json {
        let value = serde_json::to_value(&report)?;
        outln!("{}", serde_json::to_string_pretty(&value)?)?;
    } else {
        outln!("{report}")?;
    }
    Ok(())
}
