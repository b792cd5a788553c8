//! `exit-time --method mc` on an `[sde]` problem file: the expression SDE
//! (its noise class decided from the file) is visited once into
//! monomorphised code, then the chosen integrator once more, only for the
//! integrators that admit the class (`IntegratorKind::visit` compiles the
//! others out).

use std::fmt;

use sgdpde_problem::Problem;
use sgdpde_sde::{
    ChunkStore, ExitChunk, ExitSummary, ExitTimes, ExprSdeVisitor, IntegratorKind, SdeDerivative,
};

use super::guide::{CoordinateKind, gauge_guide};
use super::report::{McCounts, ProblemExitReport};
use super::splitting::AmsRun;
use super::{AmsFields, DomainSpec, ExitMethod, ExitTimeConfig, monte_carlo};

/// The Monte Carlo mean exit time of the SDE problem `p` from `cfg.domain`.
pub(super) fn exit_time(
    cfg: &ExitTimeConfig,
    p: &Problem,
    pool: &rayon::ThreadPool,
    store: &dyn ChunkStore<ExitChunk>,
) -> anyhow::Result<ProblemExitReport> {
    match cfg.method {
        ExitMethod::Mc => {}
        ExitMethod::Ams => return splitting(cfg, p),
        _ => anyhow::bail!(
            "exit-time --method {} needs a landscape, but {} defines an SDE ([sde]); use --method mc or ams",
            cfg.method,
            p.file
        ),
    }
    let m = &cfg.model;
    let d = p.dim();
    m.check_run_size(
        "t_max",
        cfg.t_max,
        d,
        monte_carlo::outcome_bytes(d),
        pool,
        cfg.out.force || cfg.checkpoints.resume,
    )?;
    let (x0, kind) = crate::sde_problem::prepare(m, p)?;
    let s = crate::sde_problem::sde(p)?;
    let exits = ExitTimes::new(m.paths, m.dt, cfg.t_max, m.seed)?;
    let summary = s.sde.visit(Exit {
        kind,
        exits: &exits,
        x0: &x0,
        bridge: cfg.bridge,
        domain: &cfg.domain,
        store,
    })?;
    let e = summary.estimated_mean_exit_time()?;
    let restricted = summary.restricted_mean();
    let noise = format!("{:?}", s.sde.class());
    Ok(ProblemExitReport {
        header: crate::sde_problem::header("exit-time", m, p, &x0, &noise),
        domain: format!("{:?}", cfg.domain),
        ams: None,
        mc: Some(McCounts {
            bridge: cfg.bridge,
            t_max: cfg.t_max,
            paths: m.paths,
            exited: summary.exited(),
            censored: summary.censored(),
            restricted_mean: restricted.mean,
            restricted_std_error: restricted.std_error,
        }),
        method: ExitMethod::Mc,
        mean: e.mean,
        std_error: e.std_error,
        file: p.file.clone(),
        x0,
        integrator: Some(kind),
        dt: m.dt,
        seed: m.seed,
    })
}

/// The mean exit time of the SDE problem `p` by splitting, the levels
/// those of the domain gauge (the other coordinates need a landscape).
fn splitting(cfg: &ExitTimeConfig, p: &Problem) -> anyhow::Result<ProblemExitReport> {
    let m = &cfg.model;
    if cfg.ams.coordinate != CoordinateKind::Gauge {
        anyhow::bail!(
            "--reaction-coordinate {} needs a landscape, but {} defines an SDE ([sde]); use the \
             gauge (the default)",
            cfg.ams.coordinate,
            p.file
        );
    }
    let (x0, kind) = crate::sde_problem::prepare(m, p)?;
    let s = crate::sde_problem::sde(p)?;
    let domain = flat_domain(&cfg.domain, p.dim())?;
    let guide = gauge_guide(&domain, &x0)?;
    let run = s.sde.visit(AmsRun {
        cfg: cfg.ams,
        domain,
        guide,
        x0: &x0,
        dt: m.dt,
        seed: m.seed,
        max_steps: sgdpde_sde::limits::steps_to("t_max", cfg.t_max, m.dt)?,
        kind,
        bridge: cfg.bridge,
    })?;
    let noise = format!("{:?}", s.sde.class());
    Ok(ProblemExitReport {
        header: crate::sde_problem::header("exit-time", m, p, &x0, &noise),
        domain: format!("{:?}", cfg.domain),
        mc: None,
        method: ExitMethod::Ams,
        ams: Some(AmsFields::new(cfg.ams, cfg.bridge, &run)),
        mean: run.mean_time,
        std_error: run.relative_se * run.mean_time,
        file: p.file.clone(),
        x0,
        integrator: Some(kind),
        dt: m.dt,
        seed: m.seed,
    })
}

/// The domain of an SDE problem: any shape but `basin`, which needs a
/// landscape.
fn flat_domain(spec: &DomainSpec, dim: usize) -> anyhow::Result<sgdpde_sde::FlatDomain> {
    spec.flat(dim)?.ok_or_else(|| {
        anyhow::anyhow!(
            "--domain basin needs a landscape (its barrier tops); give an interval, ball, box or half-space for an SDE problem"
        )
    })
}

/// The concrete expression SDE → its flat domain → the Monte Carlo loop.
struct Exit<'a> {
    kind: IntegratorKind,
    exits: &'a ExitTimes,
    x0: &'a [f64],
    bridge: bool,
    domain: &'a DomainSpec,
    store: &'a dyn ChunkStore<ExitChunk>,
}

impl ExprSdeVisitor for Exit<'_> {
    type Output = anyhow::Result<ExitSummary>;
    fn visit<S: SdeDerivative + Clone + fmt::Debug + 'static>(self, sde: &S) -> Self::Output {
        monte_carlo::exit_summary(
            self.kind,
            sde,
            self.exits,
            self.x0,
            &flat_domain(self.domain, sde.dim())?,
            self.bridge,
            self.store,
        )
    }
}
