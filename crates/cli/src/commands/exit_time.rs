//! `sgdpde exit-time`: the mean exit time of `dX = −∇L dt + √ε dW` (or of
//! an `[sde]` problem file) from a domain, with its standard error and the
//! number of censored paths ([`sgdpde_run::exit_time`]).

use sgdpde_run::exit_time::{
    AmsConfig, CoordinateKind, DomainSpec, ExitMethod, ExitTimeConfig, ExitTimeRun, exit_time_with,
};
use sgdpde_run::model::ModelConfig;

use crate::args::checkpoint::CheckpointArgs;
use crate::args::model::ModelArgs;
use crate::args::out::OutArgs;
use crate::output::progress::Bar;

/// How the mean exit time is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MethodArg {
    /// Monte Carlo over an ensemble of paths (optionally bridge-corrected).
    Mc,
    /// The backward equation `Qᵀ T = −1` on a grid (reflecting faces).
    Pde,
    /// Adaptive multilevel splitting, for exits too rare for Monte Carlo
    /// (bridge-monitored as Monte Carlo, see --bridge; --replicas, --ams-loops, --ams-levels).
    Ams,
    /// Monte Carlo, PDE, splitting, exact quadrature and Eyring–Kramers side by side.
    All,
}

impl From<MethodArg> for ExitMethod {
    fn from(m: MethodArg) -> Self {
        match m {
            MethodArg::Mc => Self::Mc,
            MethodArg::Pde => Self::Pde,
            MethodArg::Ams => Self::Ams,
            MethodArg::All => Self::All,
        }
    }
}

/// Whether the Brownian-bridge crossing correction is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Toggle {
    /// Applied: O(dt) bias.
    On,
    /// Discrete monitoring only: O(√dt) bias.
    Off,
}

/// Parses a `--domain` value ([`DomainSpec`]'s `FromStr`).
pub fn parse_domain(s: &str) -> Result<DomainSpec, String> {
    s.parse()
}

/// Arguments of `sgdpde exit-time`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Files in --out: summary.json (the --json object), checkpoints/chunks-<a>-<b>.{json,npy} (each Monte \
Carlo path's outcome, exact; read by --resume), run.json (the run's identity), manifest.json (every parameter; \
written last)."
)]
pub struct Args {
    #[command(flatten)]
    model: ModelArgs,
    /// Method.
    #[arg(long, value_enum, default_value = "mc")]
    method: MethodArg,
    /// Domain the paths run in until they exit (see `parse_domain` forms:
    /// interval:LO:HI, halfspace:N:C, box:LO:HI, ball:R or ball:R:C, basin).
    #[arg(long, value_parser = parse_domain, allow_hyphen_values = true)]
    domain: DomainSpec,
    /// Horizon: paths still inside at t-max are reported as censored.
    #[arg(long, default_value_t = 1000.0)]
    t_max: f64,
    /// Brownian-bridge crossing correction between steps.
    #[arg(long, value_enum, default_value = "on")]
    bridge: Toggle,
    /// PDE grid: cells per axis of the coarser solve (default 800 in 1-D, 100 in 2-D, 24 in 3-D; a second solve doubles them).
    #[arg(long)]
    cells: Option<usize>,
    /// PDE grid: lower corner, comma-separated (default: the landscape's search box).
    #[arg(long, value_delimiter = ',')]
    grid_lower: Vec<f64>,
    /// PDE grid: upper corner, comma-separated (default: the landscape's search box).
    #[arg(long, value_delimiter = ',')]
    grid_upper: Vec<f64>,
    /// Splitting (ams, all): replicas of the splitting run.
    #[arg(long, default_value_t = AmsConfig::default().replicas)]
    replicas: usize,
    /// Splitting (ams, all): replicas killed per iteration, at least.
    #[arg(long, default_value_t = AmsConfig::default().killed)]
    killed: usize,
    /// Splitting (ams, all): loops A → Σ → A of plain Monte Carlo.
    #[arg(long, default_value_t = AmsConfig::default().loops)]
    ams_loops: usize,
    /// Splitting (ams, all): the levels z_A,z_Σ of A = {ξ ≤ z_A} and
    /// Σ = {ξ ≥ z_Σ} in the domain's gauge ξ (0 at x0, 1 on the boundary).
    #[arg(long, value_delimiter = ',', default_values_t = [AmsConfig::default().z_a, AmsConfig::default().z_sigma])]
    ams_levels: Vec<f64>,
    /// Splitting (ams, all): what orders the levels between A and the
    /// outside — gauge (the domain gauge), line (towards the lowest saddle
    /// on or outside the boundary), landscape (the level sets of L up to
    /// that saddle) or committor (the backward equation's, on the PDE
    /// grid: the optimal one). The sets, hence the estimate, are the same;
    /// the variance is not.
    #[arg(long, default_value = "gauge")]
    reaction_coordinate: CoordinateKind,
    /// Print one JSON object on stdout instead of the human summary.
    #[arg(long)]
    json: bool,
    /// `--out DIR` (summary.json = the --json object, chunk checkpoints,
    /// manifest.json) and `--force`.
    #[command(flatten)]
    out: OutArgs,
    /// `--resume` and `--checkpoint-chunks` (the Monte Carlo run).
    #[command(flatten)]
    checkpoints: CheckpointArgs,
}

impl TryFrom<&Args> for ExitTimeConfig {
    type Error = anyhow::Error;
    fn try_from(a: &Args) -> anyhow::Result<Self> {
        let [z_a, z_sigma] = a.ams_levels[..] else {
            anyhow::bail!(
                "--ams-levels {:?}: give two levels z_A,z_Σ (e.g. --ams-levels 0.1,0.2)",
                a.ams_levels
            );
        };
        let cfg = Self {
            model: ModelConfig::from(&a.model),
            method: a.method.into(),
            domain: a.domain.clone(),
            t_max: a.t_max,
            bridge: a.bridge == Toggle::On,
            cells: a.cells,
            grid_lower: a.grid_lower.clone(),
            grid_upper: a.grid_upper.clone(),
            ams: AmsConfig {
                replicas: a.replicas,
                killed: a.killed,
                loops: a.ams_loops,
                z_a,
                z_sigma,
                coordinate: a.reaction_coordinate,
            },
            out: (&a.out).into(),
            checkpoints: (&a.checkpoints).into(),
        };
        cfg.validate()?;
        Ok(cfg)
    }
}

/// Computes and prints the mean exit time.
pub fn run(args: &Args) -> anyhow::Result<()> {
    let cfg = ExitTimeConfig::try_from(args)?;
    let ExitTimeRun {
        output: report,
        resumed,
    } = exit_time_with(&cfg, &Bar::new("paths"))?;
    if let Some((loaded, blocks)) = resumed {
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
