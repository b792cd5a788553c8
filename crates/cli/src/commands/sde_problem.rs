//! `simulate` and `exit-time --method mc` on an `[sde]` problem file: the
//! expression SDE (its noise class decided from the file) is visited once
//! into monomorphised code, then the chosen integrator once more, like the
//! landscape commands, but only for the integrators that admit the class
//! ([`IntegratorKind::visit`] compiles the others out).

use std::fmt;

use anyhow::Context;
use serde_json::{Map, Value, json};
use sgdpde_problem::Problem;
use sgdpde_sde::{
    Ensemble, ExitSummary, ExitTimes, ExprSdeVisitor, FlatBoundary, Integrator, IntegratorKind,
    IntegratorVisitor, MomentAcc, Moments, SdeDerivative,
};

use super::exit_time::{DomainSpec, RunExit};
use sgdpde_run::model::ModelConfig;

/// The parts of a report shared by both commands.
fn header(
    command: &str,
    m: &ModelConfig,
    p: &Problem,
    x0: &[f64],
    noise: &str,
) -> Map<String, Value> {
    let mut r = Map::new();
    r.insert("command".into(), json!(command));
    r.insert("problem".into(), json!(p.file));
    r.insert(
        "params".into(),
        Value::Object(
            p.parameters
                .iter()
                .map(|(n, v)| (n.clone(), json!(v)))
                .collect(),
        ),
    );
    r.insert("noise_class".into(), json!(noise));
    r.insert("integrator".into(), json!(m.integrator));
    r.insert("dt".into(), json!(m.dt));
    r.insert("paths".into(), json!(m.paths));
    r.insert("seed".into(), json!(m.seed));
    r.insert("x0".into(), json!(x0));
    r
}

/// Checks the arguments that do not apply to an SDE problem and resolves
/// the start point.
fn prepare(m: &ModelConfig, p: &Problem) -> anyhow::Result<(Vec<f64>, IntegratorKind)> {
    if m.epsilon.is_some() || m.beta.is_some() {
        anyhow::bail!(
            "--epsilon/--beta do not apply to {}: an SDE problem carries its noise in [sde] diffusion",
            p.file
        );
    }
    let x0 = sgdpde_run::source::start_point(&m.x0, Some(p), p.dim(), &p.file)?;
    Ok((x0, m.integrator.parse()?))
}

/// Runs an ensemble of the SDE problem to `t_end` and prints the terminal
/// mean and covariance, beside the exact moments when the file gives them.
pub fn simulate(
    m: &ModelConfig,
    p: &Problem,
    t_end: f64,
    json_out: bool,
    out: bool,
) -> anyhow::Result<()> {
    if out {
        anyhow::bail!("--out is not supported for SDE problems (use --json)");
    }
    let (x0, kind) = prepare(m, p)?;
    let s = p.sde().expect("an SDE problem");
    // Before the run: an exact moment that is not a number is a typed error.
    let (mean, second_moment) = p.exact_moments(t_end, &x0)?;
    let pool = m.pool()?;
    let ensemble = Ensemble::new(m.paths, m.dt, t_end, m.seed)?;
    let acc = s.sde.visit(Simulate {
        kind,
        ensemble: &ensemble,
        x0: &x0,
        pool: &pool,
    })?;
    let d = p.dim();
    let cov = acc
        .covariance()
        .context("a covariance needs at least two paths (--paths ≥ 2)")?;
    let n = m.paths as f64;
    let std_error: Vec<f64> = (0..d).map(|i| (cov[i * d + i] / n).sqrt()).collect();
    let mut r = header("simulate", m, p, &x0, &format!("{:?}", s.sde.class()));
    r.insert("t_end".into(), json!(t_end));
    r.insert(
        "terminal".into(),
        json!({
            "mean": acc.mean(),
            "mean_std_error": std_error,
            "covariance": cov.chunks(d).collect::<Vec<_>>(),
        }),
    );
    let mut exact = Map::new();
    if let Some(v) = mean {
        exact.insert("mean".into(), json!(v));
    }
    if let Some(v) = second_moment {
        exact.insert("second_moment".into(), json!(v));
    }
    r.insert("exact".into(), Value::Object(exact.clone()));
    if json_out {
        outln!("{}", Value::Object(r))?;
        return Ok(());
    }
    outln!(
        "{} paths of the SDE in {} ({:?} noise), {kind} with dt = {}, t = 0 → {t_end}, seed {}",
        m.paths,
        p.file,
        s.sde.class(),
        m.dt,
        m.seed
    )?;
    outln!("terminal mean     {:?} ± {:?}", acc.mean(), std_error)?;
    outln!("terminal covariance {cov:?}")?;
    for (k, v) in &exact {
        outln!("exact {k}  {v}")?;
    }
    Ok(())
}

struct Simulate<'a> {
    kind: IntegratorKind,
    ensemble: &'a Ensemble,
    x0: &'a [f64],
    pool: &'a rayon::ThreadPool,
}

impl ExprSdeVisitor for Simulate<'_> {
    type Output = anyhow::Result<MomentAcc>;
    fn visit<S: SdeDerivative + Clone + fmt::Debug + 'static>(self, sde: &S) -> Self::Output {
        let mut acc = self.kind.visit(
            sde,
            RunMoments {
                sde,
                ensemble: self.ensemble,
                x0: self.x0,
                pool: self.pool,
            },
        )??;
        Ok(acc.remove(0))
    }
}

struct RunMoments<'a, S> {
    sde: &'a S,
    ensemble: &'a Ensemble,
    x0: &'a [f64],
    pool: &'a rayon::ThreadPool,
}

impl<S: SdeDerivative> IntegratorVisitor<S> for RunMoments<'_, S> {
    type Output = sgdpde_sde::Result<Vec<MomentAcc>>;
    fn visit<I: Integrator<S>>(self, integrator: I) -> Self::Output {
        let moments = Moments::new(self.sde.dim());
        self.pool
            .install(|| self.ensemble.run(self.sde, &integrator, self.x0, &moments))
    }
}

/// The Monte Carlo mean exit time of the SDE problem from `domain`.
pub fn exit_time(
    m: &ModelConfig,
    p: &Problem,
    domain: &DomainSpec,
    t_max: f64,
    bridge: bool,
    json_out: bool,
    out: &crate::output::results::OutArgs,
) -> anyhow::Result<()> {
    let (x0, kind) = prepare(m, p)?;
    let s = p.sde().expect("an SDE problem");
    let pool = m.pool()?;
    let exits = ExitTimes::new(m.paths, m.dt, t_max, m.seed)?;
    let run = Exit {
        kind,
        exits: &exits,
        x0: &x0,
        bridge,
        pool: &pool,
        domain,
    };
    let summary = s.sde.visit(run)?;
    let e = summary.estimated_mean_exit_time()?;
    let restricted = summary.restricted_mean();
    let mut r = header("exit-time", m, p, &x0, &format!("{:?}", s.sde.class()));
    r.insert("domain".into(), json!(format!("{domain:?}")));
    r.insert("bridge".into(), json!(bridge));
    r.insert("t_max".into(), json!(t_max));
    r.insert("exited".into(), json!(summary.exited()));
    r.insert("censored".into(), json!(summary.censored()));
    r.insert("restricted_mean".into(), json!(restricted.mean));
    r.insert("restricted_std_error".into(), json!(restricted.std_error));
    r.insert("method".into(), json!("mc"));
    r.insert("mean".into(), json!(e.mean));
    r.insert("std_error".into(), json!(e.std_error));
    let report = Value::Object(r);
    crate::output::results::write(out, "exit-time", &report, &report, &[])?;
    if json_out {
        outln!("{report}")?;
        return Ok(());
    }
    outln!(
        "mean exit time from {domain:?} of the SDE in {} (x0 = {x0:?})",
        p.file
    )?;
    outln!(
        "  Monte Carlo:     {:.6} ± {:.6}  ({kind}, dt = {}, {} paths, seed {}, bridge {bridge}; {} exited, {} censored at t_max = {t_max})",
        e.mean,
        e.std_error,
        m.dt,
        summary.paths(),
        m.seed,
        summary.exited(),
        summary.censored()
    )?;
    Ok(())
}

struct Exit<'a> {
    kind: IntegratorKind,
    exits: &'a ExitTimes,
    x0: &'a [f64],
    bridge: bool,
    pool: &'a rayon::ThreadPool,
    domain: &'a DomainSpec,
}

impl Exit<'_> {
    fn on<S: SdeDerivative, D: FlatBoundary>(
        &self,
        sde: &S,
        domain: &D,
    ) -> anyhow::Result<ExitSummary> {
        Ok(self.kind.visit(
            sde,
            RunExit {
                sde,
                exits: self.exits,
                x0: self.x0,
                domain,
                bridge: self.bridge,
                pool: self.pool,
            },
        )??)
    }
}

impl ExprSdeVisitor for Exit<'_> {
    type Output = anyhow::Result<ExitSummary>;
    fn visit<S: SdeDerivative + Clone + fmt::Debug + 'static>(self, sde: &S) -> Self::Output {
        match self.domain.flat(sde.dim())? {
            Some(domain) => self.on(sde, &domain),
            None => anyhow::bail!(
                "--domain basin needs a landscape (its barrier tops); give an interval, ball, box or half-space for an SDE problem"
            ),
        }
    }
}
