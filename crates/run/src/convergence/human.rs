//! The human-readable tables of `sgdpde convergence` and the CSV of
//! `convergence.csv`.

use std::fmt;

use crate::convergence::report::ConvergenceReport;

/// A report with its wall time, displayed as the human-readable tables.
#[derive(Debug, Clone, Copy)]
pub struct Human<'a> {
    /// The report.
    pub report: &'a ConvergenceReport,
    /// Wall time of the run in seconds.
    pub wall_time_s: f64,
}

fn opt(v: Option<f64>) -> String {
    v.map_or_else(|| "—".into(), |v| format!("{v:.3e}"))
}

impl fmt::Display for Human<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (r, wall) = (self.report, self.wall_time_s);
        writeln!(
            f,
            "convergence on `{}` (d = {}, m = {}, noise {:?}), x0 = {:?}, T = {}, seed {}",
            r.problem, r.dim, r.noise_dim, r.noise_class, r.x0, r.t_end, r.seed
        )?;
        writeln!(
            f,
            "strong: E|X_T^h − X_T| on one Brownian path per sample; weak: |E φ(X_T^h) − E φ(X_T)|, φ = {} ({})",
            r.weak_functional,
            match r.weak_estimator {
                Some(e) => format!("{e:?} estimator").to_lowercase(),
                None => "no weak study: no exact moments".into(),
            }
        )?;
        for m in &r.methods {
            writeln!(f, "\n{} — {}", m.method, m.info.reference)?;
            writeln!(
                f,
                "{:>3} {:>10} {:>22} {:>22} {:>12} {:>14}",
                "k", "h", "strong error ± SE", "weak error ± SE", "evals/path", "path-steps"
            )?;
            for row in &m.table {
                writeln!(
                    f,
                    "{:>3} {:>10.3e} {:>22} {:>22} {:>12} {:>14}",
                    row.level,
                    row.h,
                    format!("{} ± {}", opt(row.strong_error), opt(row.strong_se)),
                    format!("{} ± {}", opt(row.weak_error), opt(row.weak_se)),
                    row.evaluations_per_path.total(),
                    row.path_steps
                )?;
            }
            for (kind, o, se, theory, tol, v, paths) in [
                (
                    "strong",
                    m.strong_order,
                    m.strong_order_se,
                    m.strong_order_theory,
                    m.strong_tolerance,
                    m.strong_verdict,
                    m.strong_paths,
                ),
                (
                    "weak",
                    m.weak_order,
                    m.weak_order_se,
                    m.weak_order_theory,
                    m.weak_tolerance,
                    m.weak_verdict,
                    m.weak_paths,
                ),
            ] {
                if let (Some(o), Some(se), Some(tol), Some(v)) = (o, se, tol, v) {
                    writeln!(
                        f,
                        "  {kind} order {o:.3} ± {se:.3}  (theory {theory}, tolerance {tol:.3}, {} paths): {}",
                        paths.unwrap_or(0),
                        v.as_str()
                    )?;
                }
            }
            if let Some(z) = m.weak_reference_z {
                writeln!(f, "  weak reference vs exact moment: z = {z:.2}")?;
            }
        }
        for s in &r.skipped {
            writeln!(f, "\nskipped {}: {}", s.method, s.reason)?;
        }
        writeln!(f, "\nwall time {wall:.2} s")
    }
}

/// One CSV row per method and level (`convergence.csv`).
pub fn csv(r: &ConvergenceReport) -> String {
    let mut s = String::from(
        "method,level,h,steps,strong_error,strong_se,weak_error,weak_se,drift_evals_per_path,diffusion_evals_per_path,path_steps\n",
    );
    let f = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v:e}"));
    for m in &r.methods {
        for row in &m.table {
            s.push_str(&format!(
                "{},{},{:e},{},{},{},{},{},{},{},{}\n",
                m.method,
                row.level,
                row.h,
                row.steps,
                f(row.strong_error),
                f(row.strong_se),
                f(row.weak_error),
                f(row.weak_se),
                row.evaluations_per_path.drift,
                row.evaluations_per_path.diffusion,
                row.path_steps
            ));
        }
    }
    s
}
