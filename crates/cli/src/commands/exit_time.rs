//! `sgdpde exit-time`: the mean exit time of `dX = −∇L dt + √ε dW` from a
//! domain, with its standard error and the number of censored paths.
//!
//! Methods are a closed enum ([`ExitMethod`]) so that others (the backward
//! PDE) can be added beside Monte Carlo without changing the arguments.

use anyhow::Context;
use serde_json::{Value, json};
use sgdpde_landscape::{KnownCriticalPoints, LandscapeHessian, LandscapeVisitor};
use sgdpde_sde::{
    Ball, BoxDomain, ExitSummary, ExitTimes, FlatBoundary, HalfSpace, Integrator, IntegratorKind,
    IntegratorVisitor, Interval, SdeDerivative, SdeModel, Temperature,
};

use super::simulate::ModelArgs;

/// How the mean exit time is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExitMethod {
    /// Monte Carlo over an ensemble of paths (optionally bridge-corrected).
    Mc,
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

fn numbers(s: &str) -> Result<Vec<f64>, String> {
    s.split(',')
        .map(|v| {
            v.trim()
                .parse::<f64>()
                .map_err(|_| format!("`{}` is not a number", v.trim()))
        })
        .collect()
}

/// Parses a `--domain` value.
pub fn parse_domain(s: &str) -> Result<DomainSpec, String> {
    let parts: Vec<&str> = s.split(':').collect();
    let one = |v: &str| -> Result<f64, String> {
        v.trim()
            .parse::<f64>()
            .map_err(|_| format!("`{}` is not a number", v.trim()))
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
                "`{s}` is not a domain: use interval:LO:HI, halfspace:N1,..:C, box:LO1,..:HI1,.., \
                 ball:R[:C1,..] or basin"
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
    /// Print one JSON object on stdout instead of the human summary.
    #[arg(long)]
    json: bool,
}

/// Stage 1: concrete landscape → model and concrete domain.
struct WithLandscape<'a> {
    args: &'a Args,
    temperature: Temperature,
    kind: IntegratorKind,
    pool: &'a rayon::ThreadPool,
}

impl WithLandscape<'_> {
    fn on_domain<S: SdeDerivative, D: FlatBoundary>(
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
                x0: &m.x0,
                domain,
                bridge: self.args.bridge == Toggle::On,
                pool: self.pool,
            },
        )??)
    }
}

impl LandscapeVisitor for WithLandscape<'_> {
    type Output = anyhow::Result<ExitSummary>;
    fn visit<L: LandscapeHessian + KnownCriticalPoints + Clone + 'static>(
        self,
        l: &L,
    ) -> anyhow::Result<ExitSummary> {
        let sde = SdeModel::langevin(l.clone(), self.temperature)?;
        match self.args.domain.clone() {
            DomainSpec::Interval(lo, hi) => self.on_domain(&sde, &Interval::new(lo, hi)?),
            DomainSpec::HalfSpace(n, c) => self.on_domain(&sde, &HalfSpace::new(n, c)?),
            DomainSpec::Box(lo, hi) => self.on_domain(&sde, &BoxDomain::new(lo, hi)?),
            DomainSpec::Ball(r, c) => {
                let c = c.unwrap_or_else(|| vec![0.0; l.dim()]);
                self.on_domain(&sde, &Ball::new(c, r)?)
            }
            DomainSpec::Basin => {
                if l.dim() != 1 {
                    anyhow::bail!(
                        "--domain basin is implemented for 1-D landscapes (this one has dimension {}); \
                         give a ball, box or half-space",
                        l.dim()
                    );
                }
                let x = self.args.model.x0[0];
                let tops: Vec<f64> = l
                    .known_critical_points()
                    .into_iter()
                    .filter(|p| p.index == 1)
                    .map(|p| p.x[0])
                    .collect();
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
                self.on_domain(&sde, &Interval::new(lo, hi)?)
            }
        }
    }
}

/// Stage 2: concrete integrator → the exit-time run.
struct RunExit<'a, S, D> {
    sde: &'a S,
    exits: &'a ExitTimes,
    x0: &'a [f64],
    domain: &'a D,
    bridge: bool,
    pool: &'a rayon::ThreadPool,
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

/// Computes and prints the mean exit time.
pub fn run(args: &Args) -> anyhow::Result<()> {
    let m = &args.model;
    let temperature = m.temperature()?;
    let kind: IntegratorKind = m.integrator.parse()?;
    let (l, params) = m.landscape()?;
    let pool = m.pool()?;
    let summary = match args.method {
        ExitMethod::Mc => l
            .visit(WithLandscape {
                args,
                temperature,
                kind,
                pool: &pool,
            })
            .with_context(|| format!("exit times on `{}`", m.landscape))?,
    };
    let est = summary.mean_exit_time();
    let restricted = summary.restricted_mean();
    if args.json {
        let mut r = m.report_header("exit-time", temperature, params);
        r.insert("method".into(), json!("mc"));
        r.insert("domain".into(), json!(format!("{:?}", args.domain)));
        r.insert("bridge".into(), json!(args.bridge == Toggle::On));
        r.insert("t_max".into(), json!(summary.t_max()));
        r.insert("mean".into(), json!(est.mean));
        r.insert("std_error".into(), json!(est.std_error));
        r.insert("exited".into(), json!(summary.exited()));
        r.insert("censored".into(), json!(summary.censored()));
        r.insert("restricted_mean".into(), json!(restricted.mean));
        r.insert("restricted_std_error".into(), json!(restricted.std_error));
        println!("{}", Value::Object(r));
    } else {
        println!(
            "mean exit time from {:?} on `{}` ({}, {}, dt = {}, {} paths, seed {}, bridge {:?})",
            args.domain, m.landscape, temperature, kind, m.dt, m.paths, m.seed, args.bridge
        );
        println!(
            "E τ = {:.6} ± {:.6} (over the {} paths that exited)",
            est.mean,
            est.std_error,
            summary.exited()
        );
        if summary.censored() > 0 {
            println!(
                "{} paths censored at t_max = {}: E τ is then biased low; E min(τ, t_max) = {:.6} ± {:.6}",
                summary.censored(),
                summary.t_max(),
                restricted.mean,
                restricted.std_error
            );
        }
    }
    Ok(())
}
