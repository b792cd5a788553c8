//! The convergence runner: every requested integrator on one
//! [`ConvergenceProblem`], strong and weak studies on shared Brownian paths,
//! fitted orders against [`MethodInfo`](sgdpde_sde::MethodInfo).

use serde::Serialize;
use sgdpde_analysis::convergence::{PathRule, error_study, order_tolerance, weak_study};
use sgdpde_sde::brownian::BrownianPath;
use sgdpde_sde::{
    Integrator, IntegratorKind, IntegratorVisitor, Sde, SdeDerivative, SdeError, path_rng,
};

use crate::convergence::counting::{Counted, Evaluations};
use crate::convergence::problem::ConvergenceProblem;
use crate::convergence::report::{
    ConvergenceReport, LevelRow, MethodReport, OrderVerdict, SkippedMethod, WeakEstimator,
};
use sgdpde_experiments::{ExperimentError, Result, ensure};

/// Largest level `k` (`h = T/2^k`); the fine path has at most
/// `2^(MAX_LEVEL + refinement)` steps.
pub const MAX_LEVEL: u32 = 14;

/// Stream offset of the weak study (the strong study uses streams
/// `0..paths`), so the two studies are independent.
pub const WEAK_STREAM_OFFSET: u64 = 1 << 32;

/// Which integrators to run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum MethodSelection {
    /// Every [`IntegratorKind`] whose noise requirement the problem meets;
    /// the others are listed in [`ConvergenceReport::skipped`] with the
    /// reason.
    AllApplicable,
    /// Exactly these; one that does not apply is an error.
    Explicit(Vec<IntegratorKind>),
}

/// The run's parameters (everything but the problem).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConvergenceConfig {
    /// Integrators.
    pub methods: MethodSelection,
    /// Levels `k` (step `T/2^k`), strictly increasing, at least 3, each in
    /// `1..=MAX_LEVEL`.
    pub levels: Vec<u32>,
    /// Path rule of the strong studies ([`PathRule::STRONG`] by default).
    pub strong_rule: PathRule,
    /// Path rule of the weak studies ([`PathRule::WEAK`] by default).
    pub weak_rule: PathRule,
    /// Master seed: strong path `i` uses stream `i`, weak path `i` stream
    /// `2³² + i`.
    pub seed: u64,
}

impl ConvergenceConfig {
    /// All applicable methods on `levels` with the harness's path rules.
    pub fn new(levels: Vec<u32>, seed: u64) -> Self {
        Self {
            methods: MethodSelection::AllApplicable,
            levels,
            strong_rule: PathRule::STRONG,
            weak_rule: PathRule::WEAK,
            seed,
        }
    }

    /// Checks the levels and the path rules.
    ///
    /// # Errors
    /// [`ExperimentError::InvalidConfig`] naming `levels`, or the
    /// analysis crate's error for a path rule.
    pub fn validate(&self) -> Result<()> {
        let lv = &self.levels;
        ensure(
            lv.len() >= 3
                && lv.windows(2).all(|w| w[0] < w[1])
                && lv[0] >= 1
                && lv[lv.len() - 1] <= MAX_LEVEL,
            "levels",
            format!("{lv:?}"),
            "at least 3 strictly increasing levels k in 1..=14 (h = T/2^k)",
        )?;
        if let MethodSelection::Explicit(m) = &self.methods {
            ensure(!m.is_empty(), "methods", "[]", "at least one method")?;
        }
        self.strong_rule.validate()?;
        self.weak_rule.validate()?;
        Ok(())
    }
}

/// Euclidean distance.
fn dist(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(a, b)| (a - b) * (a - b))
        .sum::<f64>()
        .sqrt()
}

/// The weak test function `φ(x) = |x|²`.
fn phi(x: &[f64]) -> f64 {
    x.iter().map(|v| v * v).sum()
}

/// Integrates `x0` along `fine` coarsened to every level, handing each
/// terminal state to `f`; a blow-up is reported with the path index.
#[allow(clippy::too_many_arguments)]
fn along_levels<S: SdeDerivative, I: Integrator<S>>(
    sde: &S,
    integ: &I,
    x0: &[f64],
    fine: &BrownianPath,
    fine_level: u32,
    levels: &[u32],
    path: u64,
    mut f: impl FnMut(usize, &[f64]),
) -> Result<()> {
    let mut ws = integ.workspace(sde);
    let mut x = x0.to_vec();
    for (l, &k) in levels.iter().enumerate() {
        let coarse = fine.coarsen(1 << (fine_level - k))?;
        x.copy_from_slice(x0);
        coarse
            .integrate(sde, integ, &mut ws, 0.0, &mut x)
            .map_err(|e| match e {
                SdeError::NonFinite { step, t, .. } => SdeError::NonFinite { path, step, t },
                e => e,
            })?;
        f(l, &x);
    }
    Ok(())
}

/// Runs one integrator's studies.
struct MethodRun<'p, 'a, S> {
    problem: &'p ConvergenceProblem<'a, S>,
    cfg: &'p ConvergenceConfig,
    evaluations: Vec<Evaluations>,
}

impl<S: SdeDerivative> IntegratorVisitor<S> for MethodRun<'_, '_, S> {
    type Output = Result<MethodReport>;

    fn visit<I: Integrator<S>>(self, integ: I) -> Result<MethodReport> {
        let (p, c) = (self.problem, self.cfg);
        let (sde, x0, t) = (&p.sde, &p.x0[..], p.t_end);
        let levels = &c.levels[..];
        let dts: Vec<f64> = levels.iter().map(|&k| t / f64::from(1u32 << k)).collect();
        let refinement = p.exact_solution.as_ref().map_or(0, |e| e.refinement);
        let fine_level = levels[levels.len() - 1] + refinement;
        let fine_path = |stream: u64| {
            BrownianPath::sample(
                &mut path_rng(c.seed, stream),
                t,
                1 << fine_level,
                sde.noise_dim(),
                true,
            )
        };
        let reference = |i: u64, path: &BrownianPath| -> Result<Option<Vec<f64>>> {
            let Some(ex) = &p.exact_solution else {
                return Ok(None);
            };
            let mut r = vec![0.0; x0.len()];
            (ex.solve)(x0, path, &mut r)?;
            if let Some(&v) = r.iter().find(|v| !v.is_finite()) {
                return Err(SdeError::NonFinite {
                    path: i,
                    step: path.steps() as u64,
                    t: v,
                }
                .into());
            }
            Ok(Some(r))
        };
        let strong = match &p.exact_solution {
            Some(_) => Some(error_study(&dts, c.strong_rule, |i, out: &mut [f64]| {
                let path = fine_path(i)?;
                let r = reference(i, &path)?.expect("exact solution present");
                along_levels(sde, &integ, x0, &path, fine_level, levels, i, |l, x| {
                    out[l] = dist(x, &r);
                })
            })?),
            None => None,
        };
        let exact_phi = p.exact_moments.as_ref().map(|m| m.second_moment_sum());
        let (weak, reference_z) = match (&p.exact_solution, exact_phi) {
            (Some(_), _) => {
                let w = weak_study(
                    &dts,
                    c.weak_rule,
                    exact_phi.unwrap_or(f64::NAN),
                    |i, out: &mut [f64]| {
                        let s = WEAK_STREAM_OFFSET + i;
                        let path = fine_path(s)?;
                        let r = phi(&reference(s, &path)?.expect("exact solution present"));
                        along_levels(sde, &integ, x0, &path, fine_level, levels, s, |l, x| {
                            out[l] = phi(x) - r;
                        })?;
                        Ok::<f64, ExperimentError>(r)
                    },
                )?;
                (
                    Some(w.study),
                    // Undefined (0/0 or x/0) when the reference has no spread.
                    exact_phi.map(|_| w.reference_z).filter(|z| z.is_finite()),
                )
            }
            (None, Some(e)) => {
                let w = error_study(&dts, c.weak_rule, |i, out: &mut [f64]| {
                    let s = WEAK_STREAM_OFFSET + i;
                    let path = fine_path(s)?;
                    along_levels(sde, &integ, x0, &path, fine_level, levels, s, |l, x| {
                        out[l] = phi(x) - e;
                    })
                })?;
                (Some(w), None)
            }
            (None, None) => (None, None),
        };
        let info = integ.info();
        let strong_theory = info.strong_order_for(S::NOISE);
        let table = levels
            .iter()
            .enumerate()
            .map(|(l, &k)| {
                let steps = 1u64 << k;
                let paths =
                    strong.as_ref().map_or(0, |s| s.paths) + weak.as_ref().map_or(0, |w| w.paths);
                LevelRow {
                    level: k,
                    h: dts[l],
                    steps,
                    strong_error: strong.as_ref().map(|s| s.errors[l]),
                    strong_se: strong.as_ref().map(|s| s.std_errors[l]),
                    weak_error: weak.as_ref().map(|w| w.errors[l]),
                    weak_se: weak.as_ref().map(|w| w.std_errors[l]),
                    evaluations_per_path: self.evaluations[l],
                    path_steps: paths * steps,
                }
            })
            .collect();
        let judged = |s: &Option<sgdpde_analysis::convergence::ConvergenceStudy>, theory| {
            s.as_ref()
                .map(|s| OrderVerdict::judge(s.fit.order, s.fit.se, theory, s.mc_limited))
        };
        Ok(MethodReport {
            method: info.name,
            info,
            strong_order_theory: strong_theory,
            weak_order_theory: info.weak_order,
            strong_order: strong.as_ref().map(|s| s.fit.order),
            strong_order_se: strong.as_ref().map(|s| s.fit.se),
            strong_tolerance: strong.as_ref().map(|s| order_tolerance(s.fit.se)),
            strong_verdict: judged(&strong, strong_theory),
            strong_paths: strong.as_ref().map(|s| s.paths),
            weak_order: weak.as_ref().map(|w| w.fit.order),
            weak_order_se: weak.as_ref().map(|w| w.fit.se),
            weak_tolerance: weak.as_ref().map(|w| order_tolerance(w.fit.se)),
            weak_verdict: judged(&weak, info.weak_order),
            weak_paths: weak.as_ref().map(|w| w.paths),
            weak_reference_z: reference_z,
            table,
        })
    }
}

/// Counts the evaluations of one path (stream 0) at every level.
struct CountRun<'r, 'c, S> {
    sde: &'r Counted<'c, S>,
    x0: &'r [f64],
    t_end: f64,
    levels: &'r [u32],
    seed: u64,
}

impl<'c, S: SdeDerivative> IntegratorVisitor<Counted<'c, S>> for CountRun<'_, 'c, S> {
    type Output = Result<Vec<Evaluations>>;

    fn visit<I: Integrator<Counted<'c, S>>>(self, integ: I) -> Self::Output {
        let fine_level = self.levels[self.levels.len() - 1];
        let path = BrownianPath::sample(
            &mut path_rng(self.seed, 0),
            self.t_end,
            1 << fine_level,
            self.sde.noise_dim(),
            true,
        )?;
        let mut ws = integ.workspace(self.sde);
        let mut x = self.x0.to_vec();
        self.levels
            .iter()
            .map(|&k| {
                let coarse = path.coarsen(1 << (fine_level - k))?;
                x.copy_from_slice(self.x0);
                self.sde.take();
                coarse.integrate(self.sde, &integ, &mut ws, 0.0, &mut x)?;
                Ok(self.sde.take())
            })
            .collect()
    }
}

/// Drift and diffusion evaluations per path of `kind` at every level.
fn count_evaluations<S: SdeDerivative>(
    kind: IntegratorKind,
    problem: &ConvergenceProblem<'_, S>,
    cfg: &ConvergenceConfig,
) -> Result<Vec<Evaluations>> {
    let counted = Counted::new(&problem.sde);
    let run = CountRun {
        sde: &counted,
        x0: &problem.x0,
        t_end: problem.t_end,
        levels: &cfg.levels,
        seed: cfg.seed,
    };
    kind.visit(&counted, run)?
}

/// Runs every selected integrator of `cfg` on `problem`.
///
/// Strong studies (if the problem has an exact solution): `E|X_T^h − X_T|`
/// on one fine Brownian path per Monte Carlo path, coarsened exactly to each
/// level. Weak studies, `φ(x) = |x|²`: coupled with the exact solution on
/// the same path if there is one (variance `O(h^{2p_strong})`), otherwise
/// `φ(X_T^h) − E φ(X_T)` from the exact moments. Path counts follow the
/// rules of `cfg` (variance-driven by default); results are bitwise
/// independent of the rayon pool's thread count.
///
/// # Errors
/// Invalid config or problem ([`ExperimentError::InvalidConfig`]); an
/// explicitly requested method whose noise requirement the problem does not
/// meet ([`SdeError::IncompatibleNoise`]); a blow-up
/// ([`SdeError::NonFinite`] with path and step); an unfittable study.
pub fn run_convergence<S: SdeDerivative>(
    problem: &ConvergenceProblem<'_, S>,
    cfg: &ConvergenceConfig,
) -> Result<ConvergenceReport> {
    problem.validate()?;
    cfg.validate()?;
    let (kinds, explicit) = match &cfg.methods {
        MethodSelection::AllApplicable => (IntegratorKind::ALL.to_vec(), false),
        MethodSelection::Explicit(k) => (k.clone(), true),
    };
    let mut methods = Vec::new();
    let mut skipped = Vec::new();
    for kind in kinds {
        if let Err(e) = kind.info().check_noise(S::NOISE) {
            if explicit {
                return Err(ExperimentError::Sde(e));
            }
            skipped.push(SkippedMethod {
                method: kind.name(),
                reason: e.to_string(),
            });
            continue;
        }
        let evaluations = count_evaluations(kind, problem, cfg)?;
        let run = MethodRun {
            problem,
            cfg,
            evaluations,
        };
        methods.push(kind.visit(&problem.sde, run)??);
    }
    let refinement = problem.exact_solution.as_ref().map_or(0, |e| e.refinement);
    let weak_exact = problem
        .exact_moments
        .as_ref()
        .map(|m| m.second_moment_sum());
    Ok(ConvergenceReport {
        problem: problem.name.clone(),
        dim: problem.sde.dim(),
        noise_dim: problem.sde.noise_dim(),
        noise_class: S::NOISE,
        x0: problem.x0.clone(),
        t_end: problem.t_end,
        levels: cfg.levels.clone(),
        seed: cfg.seed,
        strong_rule: cfg.strong_rule,
        weak_rule: cfg.weak_rule,
        weak_functional: "|x|^2",
        weak_exact,
        exact_moments: problem.exact_moments.clone(),
        weak_estimator: match (&problem.exact_solution, weak_exact) {
            (Some(_), _) => Some(WeakEstimator::Coupled),
            (None, Some(_)) => Some(WeakEstimator::Plain),
            (None, None) => None,
        },
        reference_refinement: refinement,
        methods,
        skipped,
    })
}
