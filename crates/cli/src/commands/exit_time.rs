//! `sgdpde exit-time`: the mean exit time of `dX = −∇L dt + √ε dW` from a
//! domain, with its standard error and the number of censored paths.
//!
//! Methods are a closed enum ([`ExitMethod`]): Monte Carlo (optionally
//! bridge-corrected), the backward PDE on a grid, and `all`, which adds the
//! exact quadrature and the Eyring–Kramers law where they apply (1-D) and
//! prints the estimates side by side (design principle 6).

use anyhow::Context;
use serde_json::{Value, json};
use sgdpde_landscape::{
    KnownCriticalPoints, Landscape, LandscapeHessian, LandscapeVisitor, excerpt,
};
use sgdpde_sde::{
    Ball, BoxDomain, ExitSummary, ExitTimes, FlatBoundary, FlatDomain, HalfSpace, Integrator,
    IntegratorKind, IntegratorVisitor, Interval, SdeDerivative, SdeModel, Temperature,
};

use super::{exit_pde, exit_theory};
use crate::args::model::ModelArgs;
use sgdpde_run::model::ModelConfig;

/// How the mean exit time is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExitMethod {
    /// Monte Carlo over an ensemble of paths (optionally bridge-corrected).
    Mc,
    /// The backward equation `Qᵀ T = −1` on a grid (reflecting faces).
    Pde,
    /// Monte Carlo, PDE, exact quadrature and Eyring–Kramers side by side.
    All,
}

/// Whether the Brownian-bridge crossing correction is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Toggle {
    /// Applied: O(dt) bias.
    On,
    /// Discrete monitoring only: O(√dt) bias.
    Off,
}

/// A target domain as given on the command line.
#[derive(Debug, Clone, PartialEq)]
pub enum DomainSpec {
    /// `interval:LO:HI` (1-D; ends may be `-inf`/`inf`).
    Interval(f64, f64),
    /// `halfspace:N1,N2,…:C` = `{x : n·x < c}`.
    HalfSpace(Vec<f64>, f64),
    /// `box:LO1,…:HI1,…`.
    Box(Vec<f64>, Vec<f64>),
    /// `ball:R` (around the origin) or `ball:R:C1,C2,…`.
    Ball(f64, Option<Vec<f64>>),
    /// `basin` (1-D): the interval between the index-1 critical points
    /// (barrier tops) neighbouring the start point.
    Basin,
}

impl DomainSpec {
    /// The domain of a shape given by its numbers, as the one [`FlatDomain`]
    /// type (the exit loops are then compiled once per SDE and integrator,
    /// not once per shape); `None` for `basin`, which needs a landscape.
    ///
    /// # Errors
    /// The shape's own validation (`sgdpde_sde::SdeError`).
    pub fn flat(&self, dim: usize) -> sgdpde_sde::Result<Option<FlatDomain>> {
        Ok(Some(match self.clone() {
            Self::Interval(lo, hi) => Interval::new(lo, hi)?.into(),
            Self::HalfSpace(n, c) => HalfSpace::new(n, c)?.into(),
            Self::Box(lo, hi) => BoxDomain::new(lo, hi)?.into(),
            Self::Ball(r, c) => Ball::new(c.unwrap_or_else(|| vec![0.0; dim]), r)?.into(),
            Self::Basin => return Ok(None),
        }))
    }
}

fn numbers(s: &str) -> Result<Vec<f64>, String> {
    s.split(',')
        .map(|v| {
            v.trim()
                .parse::<f64>()
                .map_err(|_| format!("`{}` is not a number", excerpt(v.trim())))
        })
        .collect()
}

/// Parses a `--domain` value.
pub fn parse_domain(s: &str) -> Result<DomainSpec, String> {
    let parts: Vec<&str> = s.split(':').collect();
    let one = |v: &str| -> Result<f64, String> {
        v.trim()
            .parse::<f64>()
            .map_err(|_| format!("`{}` is not a number", excerpt(v.trim())))
    };
    let spec = match parts.as_slice() {
        ["interval", lo, hi] => DomainSpec::Interval(one(lo)?, one(hi)?),
        ["halfspace", n, c] => DomainSpec::HalfSpace(numbers(n)?, one(c)?),
        ["box", lo, hi] => DomainSpec::Box(numbers(lo)?, numbers(hi)?),
        ["ball", r] => DomainSpec::Ball(one(r)?, None),
        ["ball", r, c] => DomainSpec::Ball(one(r)?, Some(numbers(c)?)),
        ["basin"] => DomainSpec::Basin,
        _ => {
            return Err(format!(
                "`{}` is not a domain: use interval:LO:HI, halfspace:N1,..:C, box:LO1,..:HI1,.., \
                 ball:R[:C1,..] or basin",
                excerpt(s)
            ));
        }
    };
    Ok(spec)
}

/// Arguments of `sgdpde exit-time`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    model: ModelArgs,
    /// Method.
    #[arg(long, value_enum, default_value = "mc")]
    method: ExitMethod,
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
    /// Print one JSON object on stdout instead of the human summary.
    #[arg(long)]
    json: bool,
    /// `--out DIR` (summary.json = the --json object, manifest.json) and `--force`.
    #[command(flatten)]
    out: crate::output::results::OutArgs,
}

/// The estimates a run produced (those not requested, or not applicable, are `None`).
#[derive(Debug, Default)]
struct Estimates {
    mc: Option<ExitSummary>,
    /// `Some(Ok(None))`: the PDE says the exit never happens (E τ = ∞);
    /// `Some(Err(reason))`: the solve lost precision (`--method all` only,
    /// where the other methods still report).
    pde: Option<Result<Option<exit_pde::PdeEstimate>, String>>,
    quadrature: Option<f64>,
    eyring_kramers: Option<f64>,
}

/// Stage 1: concrete landscape → model and concrete domain.
struct WithLandscape<'a> {
    args: &'a Args,
    x0: &'a [f64],
    search_box: Vec<[f64; 2]>,
    temperature: Temperature,
    kind: IntegratorKind,
    pool: &'a rayon::ThreadPool,
}

impl WithLandscape<'_> {
    fn monte_carlo<S: SdeDerivative, D: FlatBoundary>(
        &self,
        sde: &S,
        domain: &D,
    ) -> anyhow::Result<ExitSummary> {
        let m = &self.args.model;
        let exits = ExitTimes::new(m.paths, m.dt, self.args.t_max, m.seed)?;
        Ok(self.kind.visit(
            sde,
            RunExit {
                sde,
                exits: &exits,
                x0: self.x0,
                domain,
                bridge: self.args.bridge == Toggle::On,
                pool: self.pool,
            },
        )??)
    }

    /// Every requested estimate on the concrete landscape and domain;
    /// `interval` is the 1-D domain `(lo, hi)` when there is one.
    fn on_domain<L, S, D>(
        &self,
        l: &L,
        sde: &S,
        domain: &D,
        interval: Option<(f64, f64)>,
    ) -> anyhow::Result<Estimates>
    where
        L: LandscapeHessian + KnownCriticalPoints + Clone + 'static,
        S: SdeDerivative,
        D: FlatBoundary,
    {
        let method = self.args.method;
        let eps = self.temperature.eps();
        let x0 = self.x0;
        let mut e = Estimates::default();
        if method != ExitMethod::Pde {
            e.mc = Some(self.monte_carlo(sde, domain)?);
        }
        if method != ExitMethod::Mc {
            let grid = self.pde_grid(l.dim())?;
            let pde = self
                .pool
                .install(|| exit_pde::mean_exit_time_pde(l, eps, domain, x0, &grid));
            e.pde = Some(match pde {
                Ok(v) => Ok(v),
                Err(err) => match exit_pde::precision_loss(&err, eps) {
                    Some(reason) if method == ExitMethod::All => Err(reason),
                    Some(reason) => anyhow::bail!(reason),
                    None => return Err(err),
                },
            });
        }
        if let (ExitMethod::All, Some((lo, hi))) = (method, interval) {
            e.quadrature = exit_theory::quadrature(l, eps, lo, hi, x0[0])?;
            let tops = exit_theory::barrier_tops(l, &self.search_box)?;
            e.eyring_kramers = exit_theory::eyring_kramers(l, eps, lo, hi, x0[0], &tops)?;
        }
        Ok(e)
    }

    /// The PDE grid from the arguments or the landscape's search box.
    fn pde_grid(&self, d: usize) -> anyhow::Result<exit_pde::PdeGrid> {
        let bx = &self.search_box;
        let pick = |given: &[f64], k: usize| -> anyhow::Result<Vec<f64>> {
            match given.len() {
                0 => Ok(bx.iter().map(|b| b[k]).collect()),
                n if n == d => Ok(given.to_vec()),
                n => anyhow::bail!(
                    "the PDE grid corner has {n} coordinates; the landscape has dimension {d}"
                ),
            }
        };
        let cells = self
            .args
            .cells
            .unwrap_or_else(|| exit_pde::default_cells(d));
        // The second solve doubles the cells: refuse, before the first, a
        // finer grid that cannot be counted or would not fit in memory.
        let fine = vec![cells.saturating_mul(2); d];
        sgdpde_fokker_planck::check_grid_memory(&fine, sgdpde_fokker_planck::Factorisation::Lu)
            .with_context(|| {
                format!(
                    "--cells {cells} (the second PDE solve has {} per axis)",
                    fine[0]
                )
            })?;
        Ok(exit_pde::PdeGrid {
            lower: pick(&self.args.grid_lower, 0)?,
            upper: pick(&self.args.grid_upper, 1)?,
            cells: vec![cells; d],
        })
    }
}

impl LandscapeVisitor for WithLandscape<'_> {
    type Output = anyhow::Result<Estimates>;
    fn visit<L: LandscapeHessian + KnownCriticalPoints + Clone + 'static>(
        self,
        l: &L,
    ) -> anyhow::Result<Estimates> {
        let sde = SdeModel::langevin(l.clone(), self.temperature)?;
        // Two domain types: intervals (the paper's 1-D escapes, and basins)
        // run on `Interval` itself; half-spaces, boxes and balls share one
        // `FlatDomain` loop (same bits, one `match` per step), so the exit
        // loops are compiled twice per landscape × integrator, not four
        // times.
        let domain = match self.args.domain.flat(l.dim())? {
            Some(FlatDomain::Interval(i)) => {
                let (lo, hi) = i.ends();
                return self.on_domain(l, &sde, &i, (l.dim() == 1).then_some((lo, hi)));
            }
            Some(domain) => domain,
            None => {
                if l.dim() != 1 {
                    anyhow::bail!(
                        "--domain basin is implemented for 1-D landscapes (this one has dimension {}); \
                         give a ball, box or half-space",
                        l.dim()
                    );
                }
                let x = self.x0[0];
                let tops = exit_theory::barrier_tops(l, &self.search_box)?;
                exit_theory::check_basin_start(x, &tops)?;
                let lo = tops
                    .iter()
                    .copied()
                    .filter(|t| *t < x)
                    .fold(f64::NEG_INFINITY, f64::max);
                let hi = tops
                    .iter()
                    .copied()
                    .filter(|t| *t > x)
                    .fold(f64::INFINITY, f64::min);
                let basin = Interval::new(lo, hi)?;
                return self.on_domain(l, &sde, &basin, Some((lo, hi)));
            }
        };
        self.on_domain(l, &sde, &domain, None)
    }
}

/// Stage 2: concrete integrator → the exit-time run (also used for SDE
/// problem files, `sde_problem`).
pub(super) struct RunExit<'a, S, D> {
    pub(super) sde: &'a S,
    pub(super) exits: &'a ExitTimes,
    pub(super) x0: &'a [f64],
    pub(super) domain: &'a D,
    pub(super) bridge: bool,
    pub(super) pool: &'a rayon::ThreadPool,
}

impl<S: SdeDerivative, D: FlatBoundary> IntegratorVisitor<S> for RunExit<'_, S, D> {
    type Output = sgdpde_sde::Result<ExitSummary>;
    fn visit<I: Integrator<S>>(self, integrator: I) -> Self::Output {
        self.pool.install(|| {
            if self.bridge {
                self.exits
                    .run_bridged(self.sde, &integrator, self.x0, self.domain)
            } else {
                self.exits.run(self.sde, &integrator, self.x0, self.domain)
            }
        })
    }
}

/// Bytes kept per path of a `d`-dimensional exit-time run: its outcome
/// (time, exit point, face).
fn outcome_bytes(d: usize) -> u64 {
    (std::mem::size_of::<sgdpde_sde::Outcome>() + 8 * d) as u64
}

/// `{method, mean, std_error}` for the side-by-side table.
fn row(method: &str, mean: Option<f64>, std_error: Option<f64>) -> Value {
    json!({ "method": method, "mean": mean, "std_error": std_error })
}

/// A method of the side-by-side table that produced no number, and why.
fn failed_row(method: &str, reason: &str) -> Value {
    json!({ "method": method, "mean": null, "std_error": null, "failed": reason })
}

/// Computes and prints the mean exit time.
pub fn run(args: &Args) -> anyhow::Result<()> {
    let m = &ModelConfig::from(&args.model);
    if let crate::problem_arg::Target::Sde(p) = m.source.resolve(&m.params)? {
        if args.method != ExitMethod::Mc {
            anyhow::bail!(
                "exit-time --method {} needs a landscape, but {} defines an SDE ([sde]); use --method mc",
                format!("{:?}", args.method).to_lowercase(),
                p.file
            );
        }
        let d = p.dim();
        m.check_run_size(
            "t_max",
            args.t_max,
            d,
            outcome_bytes(d),
            &m.pool()?,
            args.out.force,
        )?;
        let bridge = args.bridge == Toggle::On;
        let domain = &args.domain;
        return super::sde_problem::exit_time(
            m, &p, domain, args.t_max, bridge, args.json, &args.out,
        );
    }
    let temperature = m.temperature()?;
    let kind: IntegratorKind = m.integrator.parse()?;
    let (l, params, x0) = m.landscape("exit-time")?;
    let pool = m.pool()?;
    if args.method != ExitMethod::Pde {
        m.check_run_size(
            "t_max",
            args.t_max,
            l.dim(),
            outcome_bytes(l.dim()),
            &pool,
            args.out.force,
        )?;
    }
    let est = l
        .visit(WithLandscape {
            args,
            x0: &x0,
            search_box: l.search_box(),
            temperature,
            kind,
            pool: &pool,
        })
        .with_context(|| format!("exit times on `{}`", m.source.name()))?;
    let mut r = m.report_header("exit-time", temperature, params, &x0);
    r.insert("domain".into(), json!(format!("{:?}", args.domain)));
    // Fewer than 2 exits: no mean (typed error with `--method mc`, a failed
    // row beside the other methods with `--method all`).
    let mc_mean = match est.mc.as_ref().map(|s| s.estimated_mean_exit_time()) {
        Some(Err(e)) if args.method == ExitMethod::Mc => return Err(e.into()),
        m => m.map(|m| m.map_err(|e| e.to_string())),
    };
    let mc = est
        .mc
        .as_ref()
        .map(|s| (s, s.mean_exit_time(), s.restricted_mean()));
    if let Some((s, e, restricted)) = &mc {
        r.insert("bridge".into(), json!(args.bridge == Toggle::On));
        r.insert("t_max".into(), json!(s.t_max()));
        r.insert("paths".into(), json!(s.paths()));
        r.insert("exited".into(), json!(s.exited()));
        r.insert("censored".into(), json!(s.censored()));
        r.insert("restricted_mean".into(), json!(restricted.mean));
        r.insert("restricted_std_error".into(), json!(restricted.std_error));
        if args.method == ExitMethod::Mc {
            r.insert("method".into(), json!("mc"));
            r.insert("mean".into(), json!(e.mean));
            r.insert("std_error".into(), json!(e.std_error));
        }
    }
    let pde_est = est.pde.clone().and_then(Result::ok).flatten();
    let pde = pde_est.map(|p| p.value);
    if let Some(p) = &est.pde {
        r.insert(
            "pde_error_estimate".into(),
            json!(pde_est.map(|p| p.error_estimate)),
        );
        r.insert("never_exits".into(), json!(matches!(p, Ok(None))));
    }
    if args.method == ExitMethod::Pde {
        r.insert("method".into(), json!("pde"));
        r.insert("mean".into(), json!(pde.unwrap_or(f64::INFINITY)));
        r.insert("std_error".into(), Value::Null);
    }
    if args.method == ExitMethod::All {
        r.insert("method".into(), json!("all"));
        r.insert(
            "methods".into(),
            json!([
                match &mc_mean {
                    Some(Err(reason)) => failed_row("mc", reason),
                    m => row(
                        "mc",
                        m.as_ref().and_then(|m| m.as_ref().ok()).map(|e| e.mean),
                        m.as_ref()
                            .and_then(|m| m.as_ref().ok())
                            .map(|e| e.std_error)
                    ),
                },
                match &est.pde {
                    Some(Err(reason)) => failed_row("pde", reason),
                    _ => row("pde", pde, None),
                },
                row("quadrature", est.quadrature, None),
                row("eyring-kramers", est.eyring_kramers, None),
            ]),
        );
    }
    let summary = Value::Object(r);
    crate::output::results::write(&args.out, "exit-time", &summary, &summary, &[])?;
    if args.json {
        outln!("{summary}")?;
        return Ok(());
    }
    outln!(
        "mean exit time from {:?} on `{}` ({}, x0 = {:?})",
        args.domain,
        m.source.name(),
        temperature,
        x0
    )?;
    if let Some((s, e, restricted)) = &mc {
        let value = match &mc_mean {
            Some(Err(_)) => "not estimable".to_owned(),
            _ => format!("{:.6} ± {:.6}", e.mean, e.std_error),
        };
        outln!(
            "  Monte Carlo:     {value}  ({kind}, dt = {}, {} paths, seed {}, bridge {:?}; {} exited)",
            m.dt,
            s.paths(),
            m.seed,
            args.bridge,
            s.exited()
        )?;
        if s.censored() > 0 {
            outln!(
                "  {} paths censored at t_max = {}: E τ is then biased low; E min(τ, t_max) = {:.6} ± {:.6}",
                s.censored(),
                s.t_max(),
                restricted.mean,
                restricted.std_error
            )?;
        }
    }
    if let Some(p) = &est.pde {
        match p {
            Ok(Some(v)) => outln!(
                "  backward PDE:    {:.6} (Richardson over two grids; error estimate {:.1e})",
                v.value,
                v.error_estimate
            )?,
            Ok(None) => outln!("  backward PDE:    ∞ (the process cannot exit)")?,
            Err(reason) => outln!("  backward PDE:    failed: {reason}")?,
        }
    }
    if args.method == ExitMethod::All {
        let show = |v: Option<f64>| {
            v.map_or_else(
                || "n/a (1-D intervals only)".to_owned(),
                |v| format!("{v:.6}"),
            )
        };
        outln!("  exact quadrature: {}", show(est.quadrature))?;
        outln!("  Eyring–Kramers:   {}", show(est.eyring_kramers))?;
    }
    Ok(())
}
