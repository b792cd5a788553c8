//! `sgdpde fokker-planck`: evolve the law of `dX = −∇L dt + √ε dW` on a grid,
//! or compute its stationary state and spectrum.
//!
//! Convention (shared/math.md §1): `D = ε/2`, Gibbs density `∝ e^{−2L/ε}`.
//!
//! With `--out DIR`: `summary.json` (the `--json` object), `density.npy`
//! (the final or stationary density, shape = cells, `density[i0, i1, …]` =
//! cell `(i0, i1, …)`), `stationary.npy` (same shape, when it exists),
//! `axis<k>.npy` (cell centres of axis k), `eigenvalues.npy` (with
//! `--spectrum`), in 2-D `density.png` and `density.svg` (a heatmap of the
//! density with contours of the landscape), then `manifest.json`.

use sgdpde_run::fokker_planck::{self as fp, FokkerPlanckConfig, FokkerPlanckOutput};

use crate::args::out::OutArgs;
use crate::output::results::{self, Array};

/// Boundary condition on every face.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Bc {
    /// Zero flux (mass conserved).
    Reflecting,
    /// Zero density outside (mass leaves).
    Absorbing,
    /// Opposite faces glued.
    Periodic,
}

/// Time-stepping scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SchemeArg {
    /// Implicit Euler: first order, positive for any dt.
    ImplicitEuler,
    /// TR-BDF2: second order, L-stable, not unconditionally positive.
    TrBdf2,
}

/// Arguments of `sgdpde fokker-planck`.
#[derive(Debug, clap::Args, serde::Serialize)]
#[command(
    after_help = "Files in --out: summary.json (the --json object), density.npy (final or stationary density, \
shape = cells, density[i0, i1, ...] = cell (i0, i1, ...)), stationary.npy (same shape, reflecting/periodic), \
axis<k>.npy (cell centres of axis k), eigenvalues.npy (with --spectrum), in 2-D density.png and density.svg \
(heatmap of the density, contours of the landscape), manifest.json (every parameter; written last)."
)]
pub struct Args {
    #[command(flatten)]
    #[serde(flatten)]
    source: crate::problem_arg::Source,
    /// Override a landscape parameter, `--param name=value` (repeatable).
    #[arg(long = "param", value_name = "NAME=VALUE", value_parser = crate::params::parse_param)]
    params: Vec<(String, f64)>,
    /// Temperature ε of `dX = −∇L dt + √ε dW` (D = ε/2).
    #[arg(long, default_value_t = 0.5)]
    epsilon: f64,
    /// Lower corner, comma-separated (default −3 on every axis).
    #[arg(long, value_delimiter = ',', allow_hyphen_values = true)]
    lower: Vec<f64>,
    /// Upper corner, comma-separated (default 3 on every axis).
    #[arg(long, value_delimiter = ',', allow_hyphen_values = true)]
    upper: Vec<f64>,
    /// Cells per axis, comma-separated (default 200 / 100 / 30 in 1-D / 2-D / 3-D).
    #[arg(long, value_delimiter = ',')]
    cells: Vec<usize>,
    /// Boundary condition on every face.
    #[arg(long, value_enum, default_value_t = Bc::Reflecting)]
    bc: Bc,
    /// Evolve to this time from a Gaussian at `--x0` with standard deviation `--sd`.
    #[arg(long, conflicts_with = "stationary")]
    t_end: Option<f64>,
    /// Time step.
    #[arg(long, default_value_t = 0.01)]
    dt: f64,
    /// Time-stepping scheme.
    #[arg(long, value_enum, default_value_t = SchemeArg::ImplicitEuler)]
    scheme: SchemeArg,
    /// Centre of the initial Gaussian, comma-separated (default the origin).
    #[arg(long, value_delimiter = ',', allow_hyphen_values = true)]
    x0: Vec<f64>,
    /// Standard deviation of the initial Gaussian.
    #[arg(long, default_value_t = 0.1)]
    sd: f64,
    /// Compute the stationary density instead of a transient.
    #[arg(long)]
    stationary: bool,
    /// Also report the k smallest non-zero eigenvalues of −Q.
    #[arg(long, value_name = "K")]
    spectrum: Option<usize>,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long)]
    #[serde(skip)]
    threads: Option<usize>,
    #[command(flatten)]
    #[serde(skip)]
    out: OutArgs,
}

impl From<Bc> for fp::Bc {
    fn from(b: Bc) -> Self {
        match b {
            Bc::Reflecting => Self::Reflecting,
            Bc::Absorbing => Self::Absorbing,
            Bc::Periodic => Self::Periodic,
        }
    }
}

impl From<SchemeArg> for fp::TimeScheme {
    fn from(s: SchemeArg) -> Self {
        match s {
            SchemeArg::ImplicitEuler => Self::ImplicitEuler,
            SchemeArg::TrBdf2 => Self::TrBdf2,
        }
    }
}

impl From<&Args> for FokkerPlanckConfig {
    fn from(a: &Args) -> Self {
        Self {
            landscape: a.source.name(),
            epsilon: a.epsilon,
            lower: a.lower.clone(),
            upper: a.upper.clone(),
            cells: a.cells.clone(),
            bc: a.bc.into(),
            t_end: a.t_end,
            dt: a.dt,
            scheme: a.scheme.into(),
            x0: a.x0.clone(),
            sd: a.sd,
            stationary: a.stationary,
            spectrum: a.spectrum,
        }
    }
}

/// Runs the command.
pub fn run(args: &Args) -> anyhow::Result<()> {
    crate::threads::pool(args.threads)?.install(|| run_in_pool(args))
}

fn run_in_pool(args: &Args) -> anyhow::Result<()> {
    let l = args
        .source
        .landscape(&args.params, "fokker-planck")?
        .landscape;
    let cfg = FokkerPlanckConfig::from(args);
    let FokkerPlanckOutput {
        report,
        density,
        stationary,
        axes,
        figure,
    } = fp::fokker_planck(&cfg, &l)?;
    if let (Some(below), Some(resolution)) = (
        &report.eigenvalues_below_resolution,
        report.eigenvalue_resolution,
    ) && !below.is_empty()
    {
        // Flag (not an error): eigenvalues below the solver's resolution are
        // zero within round-off, e.g. the gap of a deep well at small ε.
        warn!(
            "warning: eigenvalue(s) {below:?} of −Q lie below the solver's resolution n·u·‖Q‖ = {resolution:.2e}: \
             zero within round-off, not a measured rate (the gap of a well this deep is beyond \
             double precision on this grid)"
        );
    }
    let cells = &report.grid.cells;
    let axis_names: Vec<String> = (0..axes.len()).map(|a| format!("axis{a}.npy")).collect();
    let mut arrays = vec![Array {
        name: "density.npy",
        shape: cells,
        data: &density,
    }];
    if let Some(p) = &stationary {
        arrays.push(Array {
            name: "stationary.npy",
            shape: cells,
            data: p,
        });
    }
    let axis_shapes: Vec<[usize; 1]> = axes.iter().map(|a| [a.len()]).collect();
    for ((name, a), shape) in axis_names.iter().zip(&axes).zip(&axis_shapes) {
        arrays.push(Array {
            name,
            shape,
            data: a,
        });
    }
    let eig_shape = [report.eigenvalues.as_ref().map_or(0, Vec::len)];
    if let Some(e) = &report.eigenvalues {
        arrays.push(Array {
            name: "eigenvalues.npy",
            shape: &eig_shape,
            data: e,
        });
    }
    let summary = serde_json::to_value(&report)?;
    results::write_with(
        &(&args.out).into(),
        "fokker-planck",
        args,
        &summary,
        &arrays,
        |dir| {
            let Some(fig) = &figure else {
                return Ok(Vec::new());
            };
            crate::output::plot::render(fig, dir, "density")?;
            Ok(vec!["density.png".into(), "density.svg".into()])
        },
    )?;
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&summary)?)?;
    } else {
        out!("{report}")?;
    }
    Ok(())
}
