//! `sgdpde convergence --problem FILE`: the convergence study of an
//! expression SDE from a problem file (`[sde]` with `[exact]`), dispatched
//! once to its concrete type.

use std::path::Path;

use anyhow::{Context, bail};
use serde_json::{Map, Value, json};
use sgdpde_problem::{Problem, ProblemKind};
use sgdpde_sde::{ExprExactSolution, ExprSdeVisitor, SdeDerivative};

use crate::convergence::problem::{ConvergenceProblem, ExactMoments, ExactSolution};
use crate::convergence::report::ConvergenceReport;
use crate::convergence::runner::{ConvergenceConfig, run_convergence};

/// Runs an expression SDE (dispatched once to its concrete type).
struct FileRun<'a> {
    name: String,
    x0: Vec<f64>,
    t_end: f64,
    exact: Option<&'a ExprExactSolution>,
    moments: Option<ExactMoments>,
    cfg: &'a ConvergenceConfig,
}

impl ExprSdeVisitor for FileRun<'_> {
    type Output = sgdpde_experiments::Result<ConvergenceReport>;

    fn visit<S: SdeDerivative + Clone + std::fmt::Debug + 'static>(self, sde: &S) -> Self::Output {
        let problem = ConvergenceProblem {
            name: self.name,
            sde: sde.clone(),
            x0: self.x0,
            t_end: self.t_end,
            exact_solution: self.exact.map(|e| {
                ExactSolution::from_endpoint(self.t_end, move |t, w, x0, out| {
                    e.exact_solution_into(t, x0, w, out);
                    Ok(())
                })
            }),
            exact_moments: self.moments,
        };
        run_convergence(&problem, self.cfg)
    }
}

/// The file's exact moments at `t` from `x0` (`None` without a second
/// moment); an expression that evaluates to NaN or ±∞ is a typed error.
fn file_moments(p: &Problem, t: f64, x0: &[f64]) -> anyhow::Result<Option<ExactMoments>> {
    let (mean, second) = p.exact_moments(t, x0)?;
    Ok(second.map(|second| ExactMoments { mean, second }))
}

/// Runs the problem file at `path` with parameter overrides `params`, start
/// point `x0` (empty: the file's) and end time `t_end` (`None`: the file's,
/// else 1); returns the report and the parameters it used.
///
/// # Errors
/// A problem-file error, a landscape problem, a missing or invalid start
/// point or end time, a file with neither exact solution nor second
/// moment, or an error of the study.
pub fn run_problem_file(
    path: &Path,
    params: &[(String, f64)],
    x0: &[f64],
    t_end: Option<f64>,
    cfg: &ConvergenceConfig,
) -> anyhow::Result<(ConvergenceReport, Map<String, Value>)> {
    let p = sgdpde_problem::load_with(path, params)?;
    let ProblemKind::Sde(sp) = &p.kind else {
        bail!(
            "{}: `convergence` needs an SDE problem ([sde] with [exact]), not a landscape",
            p.file
        );
    };
    let x0 = if x0.is_empty() {
        p.x0.clone()
            .with_context(|| format!("{}: give --x0 (the file has no x0)", p.file))?
    } else {
        x0.to_vec()
    };
    if x0.len() != p.dim() || x0.iter().any(|v| !v.is_finite()) {
        bail!(
            "--x0 must have {} finite coordinates (the dimension of {}), got {:?}",
            p.dim(),
            p.file,
            x0
        );
    }
    let t_end = t_end.or(p.t_end).unwrap_or(1.0);
    if !(t_end.is_finite() && t_end > 0.0) {
        bail!("--t-end must be finite and > 0, got {t_end}");
    }
    let moments = file_moments(&p, t_end, &x0)?;
    if sp.exact.is_none() && moments.is_none() {
        bail!(
            "{}: `convergence` needs [exact] solution or second_moment",
            p.file
        );
    }
    let report = sp.sde.visit(FileRun {
        name: p.file.clone(),
        x0,
        t_end,
        exact: sp.exact.as_ref(),
        moments,
        cfg,
    })?;
    let params = p
        .parameters
        .iter()
        .map(|(n, v)| (n.clone(), json!(v)))
        .collect();
    Ok((report, params))
}
