//! `simulate` on an `[sde]` problem file, and what it shares with
//! `exit-time` on one: the report header, the start point and the refusal
//! of the landscape-only arguments. The expression SDE (its noise class
//! decided from the file) is visited once into monomorphised code, then the
//! chosen integrator once more, only for the integrators that admit the
//! class (`IntegratorKind::visit` compiles the others out).

use std::fmt;

use anyhow::Context;
use serde::Serialize;
use serde_json::{Map, Value, json};
use sgdpde_problem::{Problem, SdeProblem};
use sgdpde_sde::{
    Ensemble, ExprSdeVisitor, Integrator, IntegratorKind, IntegratorVisitor, MomentAcc, Moments,
    SdeDerivative,
};

use crate::model::ModelConfig;
use crate::simulate::SimulateConfig;

/// The parts of a report shared by `simulate` and `exit-time` on a problem
/// file.
pub(crate) fn header(
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
/// the start point and the integrator.
pub(crate) fn prepare(m: &ModelConfig, p: &Problem) -> anyhow::Result<(Vec<f64>, IntegratorKind)> {
    if m.epsilon.is_some() || m.beta.is_some() {
        anyhow::bail!(
            "--epsilon/--beta do not apply to {}: an SDE problem carries its noise in [sde] diffusion",
            p.file
        );
    }
    let x0 = crate::source::start_point(&m.x0, Some(p), p.dim(), &p.file)?;
    Ok((x0, m.integrator.parse()?))
}

/// The `[sde]` table of a problem that resolved as an SDE.
pub(crate) fn sde(p: &Problem) -> anyhow::Result<&SdeProblem> {
    p.sde()
        .with_context(|| format!("{} defines a landscape, not an SDE", p.file))
}

/// The terminal statistics of an SDE problem's ensemble.
#[derive(Debug, Clone, Serialize)]
pub struct ProblemTerminal {
    /// Terminal mean.
    pub mean: Vec<f64>,
    /// Standard error of each component of the mean.
    pub mean_std_error: Vec<f64>,
    /// Terminal covariance (rows).
    pub covariance: Vec<Vec<f64>>,
}

/// The report of `simulate` on an `[sde]` problem file.
#[derive(Debug, Clone, Serialize)]
pub struct ProblemSimulateReport {
    /// Command, problem file, parameters, noise class, integrator, run size, x0.
    #[serde(flatten)]
    pub header: Map<String, Value>,
    /// Final time.
    pub t_end: f64,
    /// Terminal statistics.
    pub terminal: ProblemTerminal,
    /// The file's `[exact]` moments at `t_end` (`mean`, `second_moment`).
    pub exact: Map<String, Value>,
    /// The problem file.
    #[serde(skip)]
    pub file: String,
    /// The noise class (`Debug` form).
    #[serde(skip)]
    pub noise: String,
    /// Integrator.
    #[serde(skip)]
    pub integrator: Option<IntegratorKind>,
    /// Paths, time step and seed.
    #[serde(skip)]
    pub run: (u64, f64, u64),
}

impl fmt::Display for ProblemSimulateReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (paths, dt, seed) = self.run;
        let kind = self.integrator.map(|k| k.to_string()).unwrap_or_default();
        write!(
            f,
            "{paths} paths of the SDE in {} ({} noise), {kind} with dt = {dt}, t = 0 → {}, seed {seed}",
            self.file, self.noise, self.t_end
        )?;
        write!(
            f,
            "\nterminal mean     {:?} ± {:?}",
            self.terminal.mean, self.terminal.mean_std_error
        )?;
        let flat: Vec<f64> = self.terminal.covariance.concat();
        write!(f, "\nterminal covariance {flat:?}")?;
        for (k, v) in &self.exact {
            write!(f, "\nexact {k}  {v}")?;
        }
        Ok(())
    }
}

/// Runs an ensemble of the SDE problem `p` to `cfg.t_end`: the terminal
/// mean and covariance, beside the exact moments when the file gives them.
///
/// # Errors
/// `out` (not supported for SDE problems), ε/β given, a bad start point or
/// integrator, an exact moment that is not a number, a run beyond its
/// limits, fewer than 2 paths, or a numerical failure.
pub fn simulate(cfg: &SimulateConfig, p: &Problem) -> anyhow::Result<ProblemSimulateReport> {
    let m = &cfg.model;
    let pool = m.pool()?;
    // A resumed run was accepted when it started: no budget check.
    let force = cfg.force || cfg.resume;
    m.check_run_size("t_end", cfg.t_end, p.dim(), 0, &pool, force)?;
    if cfg.out.is_some() {
        anyhow::bail!("--out is not supported for SDE problems (use --json)");
    }
    let (x0, kind) = prepare(m, p)?;
    let s = sde(p)?;
    // Before the run: an exact moment that is not a number is a typed error.
    let (mean, second_moment) = p.exact_moments(cfg.t_end, &x0)?;
    let ensemble = Ensemble::new(m.paths, m.dt, cfg.t_end, m.seed)?;
    let acc = pool.install(|| {
        s.sde.visit(Simulate {
            kind,
            ensemble: &ensemble,
            x0: &x0,
        })
    })?;
    let d = p.dim();
    let cov = acc
        .covariance()
        .context("a covariance needs at least two paths (--paths ≥ 2)")?;
    let n = m.paths as f64;
    let std_error: Vec<f64> = (0..d).map(|i| (cov[i * d + i] / n).sqrt()).collect();
    let noise = format!("{:?}", s.sde.class());
    let mut exact = Map::new();
    if let Some(v) = mean {
        exact.insert("mean".into(), json!(v));
    }
    if let Some(v) = second_moment {
        exact.insert("second_moment".into(), json!(v));
    }
    Ok(ProblemSimulateReport {
        header: header("simulate", m, p, &x0, &noise),
        t_end: cfg.t_end,
        terminal: ProblemTerminal {
            mean: acc.mean().to_vec(),
            mean_std_error: std_error,
            covariance: cov.chunks(d).map(<[f64]>::to_vec).collect(),
        },
        exact,
        file: p.file.clone(),
        noise,
        integrator: Some(kind),
        run: (m.paths, m.dt, m.seed),
    })
}

/// The concrete expression SDE → the integrator → the moments run.
struct Simulate<'a> {
    kind: IntegratorKind,
    ensemble: &'a Ensemble,
    x0: &'a [f64],
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
            },
        )??;
        Ok(acc.remove(0))
    }
}

struct RunMoments<'a, S> {
    sde: &'a S,
    ensemble: &'a Ensemble,
    x0: &'a [f64],
}

impl<S: SdeDerivative> IntegratorVisitor<S> for RunMoments<'_, S> {
    type Output = sgdpde_sde::Result<Vec<MomentAcc>>;
    fn visit<I: Integrator<S>>(self, integrator: I) -> Self::Output {
        let moments = Moments::new(self.sde.dim());
        self.ensemble.run(self.sde, &integrator, self.x0, &moments)
    }
}
