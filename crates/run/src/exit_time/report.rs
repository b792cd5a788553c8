//! The report of `exit-time`: serialised for `--json` and `summary.json`,
//! displayed as the human summary.

use std::fmt;

use serde::Serialize;
use serde_json::{Map, Value};
use sgdpde_sde::{IntegratorKind, Temperature};

use super::pde::PdeEstimate;
use super::{AmsFields, ExitMethod};

/// The Monte Carlo run's counts and its restricted mean `E min(τ, t_max)`.
#[derive(Debug, Clone, Serialize)]
pub struct McCounts {
    /// Brownian-bridge crossing correction applied.
    pub bridge: bool,
    /// Horizon: paths still inside are censored.
    pub t_max: f64,
    /// Paths run.
    pub paths: u64,
    /// Paths that left the domain before `t_max`.
    pub exited: u64,
    /// Paths still inside at `t_max`.
    pub censored: u64,
    /// `E min(τ, t_max)`.
    pub restricted_mean: f64,
    /// Its standard error.
    pub restricted_std_error: f64,
}

/// What the backward PDE said.
#[derive(Debug, Clone, Serialize)]
pub struct PdeFields {
    /// `|T_{h/2} − T_h|` (`None` when the exit never happens).
    pub pde_error_estimate: Option<f64>,
    /// The chain cannot exit: `E τ = ∞`.
    pub never_exits: bool,
}

/// One row of the side-by-side table of `--method all`.
#[derive(Debug, Clone, Serialize)]
pub struct MethodRow {
    /// `mc`, `pde`, `quadrature` or `eyring-kramers`.
    pub method: &'static str,
    /// The estimate (`None`: not applicable, or failed).
    pub mean: Option<f64>,
    /// Its standard error (Monte Carlo only).
    pub std_error: Option<f64>,
    /// Why the method produced no number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failed: Option<String>,
}

impl MethodRow {
    pub(super) fn new(method: &'static str, mean: Option<f64>, std_error: Option<f64>) -> Self {
        Self {
            method,
            mean,
            std_error,
            failed: None,
        }
    }

    pub(super) fn failed(method: &'static str, reason: &str) -> Self {
        Self {
            failed: Some(reason.to_owned()),
            ..Self::new(method, None, None)
        }
    }
}

/// The report of `exit-time` on a landscape.
#[derive(Debug, Clone, Serialize)]
pub struct ExitTimeReport {
    /// Command, landscape, parameters, temperature, integrator, run size, x0.
    #[serde(flatten)]
    pub header: Map<String, Value>,
    /// The domain (its `Debug` form).
    pub domain: String,
    /// Monte Carlo counts (methods `mc` and `all`).
    #[serde(flatten)]
    pub mc: Option<McCounts>,
    /// The method.
    pub method: ExitMethod,
    /// The estimate of `mc` or `pde` (absent for `all`; `null` = ∞).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mean: Option<f64>,
    /// Its standard error (`null` for `pde`; absent for `all`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub std_error: Option<Option<f64>>,
    /// The backward PDE's outcome (methods `pde` and `all`).
    #[serde(flatten)]
    pub pde: Option<PdeFields>,
    /// The splitting run (methods `ams` and `all`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ams: Option<AmsFields>,
    /// The side-by-side table (method `all`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub methods: Option<Vec<MethodRow>>,
    /// What only the human summary shows.
    #[serde(skip)]
    pub human: Human,
}

/// The parts of the human summary the JSON states differently.
#[derive(Debug, Clone, Default)]
pub struct Human {
    /// The landscape's name.
    pub name: String,
    /// The temperature in the user's convention.
    pub temperature: Option<Temperature>,
    /// Start point.
    pub x0: Vec<f64>,
    /// Integrator.
    pub integrator: Option<IntegratorKind>,
    /// Time step.
    pub dt: f64,
    /// Master seed.
    pub seed: u64,
    /// `E τ ± SE` of the Monte Carlo run; `None` when not estimable.
    pub mc: Option<(f64, f64)>,
    /// The PDE's outcome, or why it failed.
    pub pde: Option<Result<Option<PdeEstimate>, String>>,
    /// `E τ ± SE` by splitting, or why it failed.
    pub ams: Option<Result<(f64, f64), String>>,
    /// Exact quadrature (`all`, 1-D intervals).
    pub quadrature: Option<f64>,
    /// Eyring–Kramers (`all`, 1-D basins).
    pub eyring_kramers: Option<f64>,
}

impl fmt::Display for ExitTimeReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let h = &self.human;
        write!(f, "mean exit time from {} on `{}` (", self.domain, h.name)?;
        if let Some(t) = h.temperature {
            write!(f, "{t}")?;
        }
        write!(f, ", x0 = {:?})", h.x0)?;
        if let Some(s) = &self.mc {
            let value = h.mc.map_or_else(
                || "not estimable".to_owned(),
                |(m, se)| format!("{m:.6} ± {se:.6}"),
            );
            let kind = h.integrator.map(|k| k.to_string()).unwrap_or_default();
            let bridge = if s.bridge { "On" } else { "Off" };
            write!(
                f,
                "\n  Monte Carlo:     {value}  ({kind}, dt = {}, {} paths, seed {}, bridge {bridge}; {} exited)",
                h.dt, s.paths, h.seed, s.exited
            )?;
            if s.censored > 0 {
                write!(
                    f,
                    "\n  {} paths censored at t_max = {}: E τ is then biased low; E min(τ, t_max) = {:.6} ± {:.6}",
                    s.censored, s.t_max, s.restricted_mean, s.restricted_std_error
                )?;
            }
        }
        match &h.pde {
            Some(Ok(Some(v))) => write!(
                f,
                "\n  backward PDE:    {:.6} (Richardson over two grids; error estimate {:.1e})",
                v.value, v.error_estimate
            )?,
            Some(Ok(None)) => write!(f, "\n  backward PDE:    ∞ (the process cannot exit)")?,
            Some(Err(reason)) => write!(f, "\n  backward PDE:    failed: {reason}")?,
            None => {}
        }
        match (&h.ams, &self.ams) {
            (Some(Ok((m, se))), Some(a)) => write!(
                f,
                "\n  splitting (AMS): {m:.6} ± {se:.6}  ({} replicas, {} loops; p = {:.3e}, {})",
                a.config.replicas,
                a.config.loops,
                a.probability,
                monitoring(a.bridge)
            )?,
            (Some(Err(reason)), _) => write!(f, "\n  splitting (AMS): failed: {reason}")?,
            _ => {}
        }
        if self.method == ExitMethod::All {
            let show = |v: Option<f64>| {
                v.map_or_else(
                    || "n/a (1-D intervals only)".to_owned(),
                    |v| format!("{v:.6}"),
                )
            };
            write!(f, "\n  exact quadrature: {}", show(h.quadrature))?;
            write!(f, "\n  Eyring–Kramers:   {}", show(h.eyring_kramers))?;
        }
        Ok(())
    }
}

/// The report of `exit-time --method mc` on an `[sde]` problem file.
#[derive(Debug, Clone, Serialize)]
pub struct ProblemExitReport {
    /// Command, problem file, parameters, noise class, integrator, run size, x0.
    #[serde(flatten)]
    pub header: Map<String, Value>,
    /// The domain (its `Debug` form).
    pub domain: String,
    /// Monte Carlo counts (method `mc`).
    #[serde(flatten)]
    pub mc: Option<McCounts>,
    /// `mc` or `ams`.
    pub method: ExitMethod,
    /// The splitting run (method `ams`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ams: Option<AmsFields>,
    /// `E τ`.
    pub mean: f64,
    /// Its standard error.
    pub std_error: f64,
    /// The problem file.
    #[serde(skip)]
    pub file: String,
    /// Start point.
    #[serde(skip)]
    pub x0: Vec<f64>,
    /// Integrator.
    #[serde(skip)]
    pub integrator: Option<IntegratorKind>,
    /// Time step.
    #[serde(skip)]
    pub dt: f64,
    /// Master seed.
    #[serde(skip)]
    pub seed: u64,
}

impl fmt::Display for ProblemExitReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = self.integrator.map(|k| k.to_string()).unwrap_or_default();
        write!(
            f,
            "mean exit time from {} of the SDE in {} (x0 = {:?})",
            self.domain, self.file, self.x0
        )?;
        if let Some(s) = &self.mc {
            write!(
                f,
                "\n  Monte Carlo:     {:.6} ± {:.6}  ({kind}, dt = {}, {} paths, seed {}, bridge {}; {} exited, {} censored at t_max = {})",
                self.mean,
                self.std_error,
                self.dt,
                s.paths,
                self.seed,
                s.bridge,
                s.exited,
                s.censored,
                s.t_max
            )?;
        }
        if let Some(a) = &self.ams {
            write!(
                f,
                "\n  splitting (AMS): {:.6} ± {:.6}  ({kind}, dt = {}, seed {}, {} replicas, {} loops; p = {:.3e}, {})",
                self.mean,
                self.std_error,
                self.dt,
                self.seed,
                a.config.replicas,
                a.config.loops,
                a.probability,
                monitoring(a.bridge)
            )?;
        }
        Ok(())
    }
}

/// The report of `exit-time`: on a landscape or on an SDE problem file.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum ExitTimeOutput {
    /// A catalogue landscape or a `[landscape]` problem file.
    Landscape(Box<ExitTimeReport>),
    /// An `[sde]` problem file.
    Problem(Box<ProblemExitReport>),
}

impl fmt::Display for ExitTimeOutput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Landscape(r) => r.fmt(f),
            Self::Problem(r) => r.fmt(f),
        }
    }
}

/// How a splitting run monitored the exit.
fn monitoring(bridge: bool) -> &'static str {
    if bridge {
        "bridge-monitored"
    } else {
        "discrete monitoring"
    }
}
