//! Experiment 1 of `shared/math.md` §5: the Ornstein–Uhlenbeck sanity check.
//!
//! `dX = −θ(X − μ) dt + s dW` has the exact Gaussian law
//! `N(μ + (x₀ − μ)e^{−θt}, s²(1 − e^{−2θt})/(2θ))`. Every integrator of
//! [`IntegratorKind`] is run on the same coarsened Brownian paths and its
//! fitted strong and weak orders are held against its [`MethodInfo`]; the
//! Fokker–Planck solver (Scharfetter–Gummel in space, implicit Euler and
//! TR-BDF2 in time) is held against the exact Gaussian density, with fitted
//! spatial and temporal orders and exact mass conservation.
//!
//! Estimators and tolerances: `proofs-notes/convergence-harness.md` (coupled
//! weak differences, order tolerance `min(0.25, 0.1 + 3 SE)`),
//! `proofs-notes/experiment-ou.md` (the FP part and the path counts).
//!
//! [`MethodInfo`]: sgdpde_sde::MethodInfo

use serde::Serialize;
use sgdpde_analysis::convergence::order_tolerance;
use sgdpde_analysis::{LinearFit, MomentAccumulator, loglog_fit};
use sgdpde_fokker_planck::Scheme;
use sgdpde_sde::brownian::BrownianPath;
use sgdpde_sde::problems::{LinearProblem, OrnsteinUhlenbeck};
use sgdpde_sde::{
    Integrator, IntegratorKind, IntegratorVisitor, KloedenPlaten15, Sde, SdeDerivative, path_rng,
};

use crate::error::{Result, ensure};
use crate::registry::{ExperimentConfig, Size};
use crate::report::{Report, round_sig};
use crate::verdict::{Criterion, Verdict};

mod fp_study;
mod render;
mod stationary;

/// Command-line name.
pub const NAME: &str = "ou";
/// One line on what it shows.
pub const TITLE: &str =
    "Ornstein–Uhlenbeck sanity: integrators and Fokker–Planck against the exact Gaussian";

/// Stream offset of the weak study's paths (the strong study uses streams
/// `0..strong_paths`), so the two studies are independent.
const WEAK_STREAM_OFFSET: u64 = 1 << 32;

/// Every parameter of the experiment, and its seed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Config {
    /// Mean-reversion rate `θ > 0`.
    pub theta: f64,
    /// Mean `μ`.
    pub mu: f64,
    /// Noise amplitude `s > 0` (`ε = s²` in `dX = −∇L dt + √ε dW`).
    pub s: f64,
    /// Initial point of the SDE paths.
    pub x0: f64,
    /// Horizon `T`.
    pub t_end: f64,
    /// Paths of the strong study.
    pub strong_paths: u64,
    /// Strong study step sizes `T/2^k`, `k` in this list (increasing).
    pub strong_levels: Vec<u32>,
    /// Paths of the weak study.
    pub weak_paths: u64,
    /// Weak study step sizes `T/2^k` (increasing `k`).
    pub weak_levels: Vec<u32>,
    /// The reference grid has `2^fine_level` steps (> every level).
    pub fine_level: u32,
    /// Variance of the Gaussian initial density of the FP runs (mean `x₀`).
    pub fp_initial_variance: f64,
    /// FP domain `[lower, upper]` (reflecting ends).
    pub fp_lower: f64,
    /// Upper end of the FP domain.
    pub fp_upper: f64,
    /// Cell counts of the spatial study (increasing).
    pub fp_cells: Vec<usize>,
    /// TR-BDF2 steps to `T` in the spatial study.
    pub fp_steps: usize,
    /// Cells of the temporal study.
    pub fp_time_cells: usize,
    /// Step counts of the temporal study (increasing).
    pub fp_time_steps: Vec<usize>,
    /// Paths of the stationary-variance comparison (LM vs EM).
    pub stationary_paths: u64,
    /// Its step `h` (`θh < 2` for stability).
    pub stationary_dt: f64,
    /// Its horizon (whole multiple of the step; transients `(1 − θh)^{2n}`).
    pub stationary_t_end: f64,
    /// Master seed.
    pub seed: u64,
}

impl ExperimentConfig for Config {
    fn sized(size: Size, seed: u64) -> Self {
        let full = size == Size::Full;
        Self {
            theta: 1.0,
            mu: 0.5,
            s: 0.8,
            x0: 2.0,
            t_end: 1.0,
            strong_paths: if full { 10_000 } else { 1000 },
            strong_levels: vec![3, 4, 5, 6, 7, 8],
            weak_paths: if full { 50_000 } else { 5000 },
            weak_levels: vec![2, 3, 4, 5, 6],
            fine_level: 10,
            fp_initial_variance: 0.05,
            fp_lower: -3.5,
            fp_upper: 4.5,
            fp_cells: if full {
                vec![50, 100, 200, 400, 800, 1600]
            } else {
                vec![50, 100, 200, 400]
            },
            fp_steps: if full { 2000 } else { 800 },
            fp_time_cells: 200,
            fp_time_steps: vec![10, 20, 40, 80, 160],
            stationary_paths: if full { 400_000 } else { 40_000 },
            stationary_dt: 0.5,
            stationary_t_end: 20.0,
            seed,
        }
    }

    fn validate(&self) -> Result<()> {
        let pos = crate::error::positive;
        ensure(pos(self.theta), "theta", self.theta, "finite and > 0")?;
        ensure(self.mu.is_finite(), "mu", self.mu, "finite")?;
        ensure(pos(self.s), "s", self.s, "finite and > 0")?;
        ensure(self.x0.is_finite(), "x0", self.x0, "finite")?;
        ensure(pos(self.t_end), "t_end", self.t_end, "finite and > 0")?;
        ensure(
            self.strong_paths >= 2,
            "strong_paths",
            self.strong_paths,
            "≥ 2",
        )?;
        ensure(self.weak_paths >= 2, "weak_paths", self.weak_paths, "≥ 2")?;
        for (field, lv) in [
            ("strong_levels", &self.strong_levels),
            ("weak_levels", &self.weak_levels),
        ] {
            let ok = lv.len() >= 3
                && lv.windows(2).all(|w| w[0] < w[1])
                && lv.last().is_some_and(|&k| k < self.fine_level);
            ensure(
                ok,
                field,
                format!("{lv:?}"),
                "≥ 3 increasing levels below fine_level",
            )?;
        }
        ensure(self.fine_level <= 16, "fine_level", self.fine_level, "≤ 16")?;
        ensure(
            pos(self.fp_initial_variance),
            "fp_initial_variance",
            self.fp_initial_variance,
            "finite and > 0",
        )?;
        ensure(
            self.fp_lower.is_finite() && self.fp_lower < self.x0.min(self.mu),
            "fp_lower",
            self.fp_lower,
            "finite and below x0 and mu",
        )?;
        ensure(
            self.fp_upper.is_finite() && self.fp_upper > self.x0.max(self.mu),
            "fp_upper",
            self.fp_upper,
            "finite and above x0 and mu",
        )?;
        let incr = |v: &[usize]| v.len() >= 3 && v[0] >= 3 && v.windows(2).all(|w| w[0] < w[1]);
        ensure(
            incr(&self.fp_cells),
            "fp_cells",
            format!("{:?}", self.fp_cells),
            "≥ 3 increasing counts ≥ 3",
        )?;
        ensure(self.fp_steps >= 1, "fp_steps", self.fp_steps, "≥ 1")?;
        ensure(
            self.fp_time_cells >= 3,
            "fp_time_cells",
            self.fp_time_cells,
            "≥ 3",
        )?;
        ensure(
            self.stationary_paths >= 2,
            "stationary_paths",
            self.stationary_paths,
            "≥ 2",
        )?;
        ensure(
            pos(self.stationary_dt) && self.theta * self.stationary_dt < 1.0,
            "stationary_dt",
            self.stationary_dt,
            "> 0 with θh < 1 (monotone EM transient)",
        )?;
        ensure(
            pos(self.stationary_t_end) && self.stationary_t_end >= 10.0 * self.stationary_dt,
            "stationary_t_end",
            self.stationary_t_end,
            "≥ 10 steps",
        )?;
        ensure(
            incr(&self.fp_time_steps),
            "fp_time_steps",
            format!("{:?}", self.fp_time_steps),
            "≥ 3 increasing counts ≥ 3",
        )
    }

    fn run(&self) -> Result<Report> {
        run(self)
    }
}

fn order_verdict(claim: String, theory: &str, predicted: f64, fit: &LinearFit) -> Verdict {
    Verdict::judge(
        claim,
        theory,
        predicted,
        fit.slope,
        Some(fit.slope_se),
        // Rounded to 3 significant digits so the snapshot does not carry
        // round-off noise (a relative change ≤ 5·10⁻⁴ of the tolerance).
        Criterion::Absolute {
            abs: round_sig(order_tolerance(fit.slope_se), 3),
        },
    )
}

/// Per-level Monte Carlo accumulators of one integrator.
struct Levels {
    acc: Vec<MomentAccumulator>,
    /// `φ(X_T^{ref})` (weak study only).
    reference: MomentAccumulator,
}

/// Runs one integrator on the coarsened paths of a study.
struct Study<'a, S> {
    sde: &'a S,
    cfg: &'a Config,
    exact: &'a LinearProblem,
    weak: bool,
}

impl<S: SdeDerivative> IntegratorVisitor<S> for Study<'_, S> {
    type Output = Result<Levels>;

    fn visit<I: Integrator<S>>(self, integ: I) -> Result<Levels> {
        let c = self.cfg;
        let (levels, paths, offset) = if self.weak {
            (&c.weak_levels, c.weak_paths, WEAK_STREAM_OFFSET)
        } else {
            (&c.strong_levels, c.strong_paths, 0)
        };
        let mut out = Levels {
            acc: vec![MomentAccumulator::new(); levels.len()],
            reference: MomentAccumulator::new(),
        };
        let mut ws = integ.workspace(self.sde);
        let mut x = [0.0];
        for i in 0..paths {
            let fine = BrownianPath::sample(
                &mut path_rng(c.seed, offset + i),
                c.t_end,
                1 << c.fine_level,
                1,
                true,
            )?;
            let x_ref = self.exact.along_path(&[c.x0], &fine)?[0];
            for (l, &k) in levels.iter().enumerate() {
                let coarse = fine.coarsen(1 << (c.fine_level - k))?;
                x[0] = c.x0;
                coarse.integrate(self.sde, &integ, &mut ws, 0.0, &mut x)?;
                let sample = if self.weak {
                    x[0] * x[0] - x_ref * x_ref
                } else {
                    (x[0] - x_ref).abs()
                };
                out.acc[l].push(sample)?;
            }
            if self.weak {
                out.reference.push(x_ref * x_ref)?;
            }
        }
        Ok(out)
    }
}

/// The strong order observed on this linear problem: the metadata's order
/// for the model's noise class, except the order 1.5 scheme, whose omitted
/// Itô–Taylor terms of orders 1.5 and 2 vanish for a linear drift (order 2,
/// `proofs-notes/integrators.md`).
fn expected_strong<S: Sde>(kind: IntegratorKind) -> f64 {
    if kind.name() == KloedenPlaten15::INFO.name {
        2.0
    } else {
        kind.info().strong_order_for(S::NOISE)
    }
}

/// Results of one integrator.
struct KindResult {
    kind: IntegratorKind,
    errors: Vec<f64>,
    ses: Vec<f64>,
    fit: LinearFit,
    expected: f64,
    /// Largest `SE/|error|` over the levels.
    max_rel_se: f64,
    /// `(mean φ(X^{ref}) − E φ(X_T)) / SE` (weak only).
    reference_z: Option<f64>,
}

fn study_kind<S: SdeDerivative>(
    kind: IntegratorKind,
    sde: &S,
    cfg: &Config,
    exact: &LinearProblem,
    weak: bool,
    exact_moment: f64,
) -> Result<KindResult> {
    let lv = kind.visit(
        sde,
        Study {
            sde,
            cfg,
            exact,
            weak,
        },
    )??;
    let (levels, expected) = if weak {
        (&cfg.weak_levels, kind.info().weak_order)
    } else {
        (&cfg.strong_levels, expected_strong::<S>(kind))
    };
    let mut errors = Vec::new();
    let mut ses = Vec::new();
    for a in &lv.acc {
        let e = a.mean_estimate()?;
        errors.push(e.mean.abs());
        ses.push(e.std_error);
    }
    let dts = step_sizes(cfg.t_end, levels);
    let fit = loglog_fit(&dts, &errors)?;
    let max_rel_se = errors
        .iter()
        .zip(&ses)
        .map(|(e, s)| s / e)
        .fold(0.0, f64::max);
    let reference_z = if weak {
        let r = lv.reference.mean_estimate()?;
        Some((r.mean - exact_moment) / r.std_error)
    } else {
        None
    };
    Ok(KindResult {
        kind,
        errors,
        ses,
        fit,
        expected,
        max_rel_se,
        reference_z,
    })
}

fn step_sizes(t_end: f64, levels: &[u32]) -> Vec<f64> {
    levels
        .iter()
        .map(|&k| t_end / f64::from(1u32 << k))
        .collect()
}

/// Runs the kinds of one study (the Langevin-only method on the Langevin
/// form of the same process, the others on the linear model).
fn study_all(
    cfg: &Config,
    ou: &OrnsteinUhlenbeck,
    weak: bool,
    moment: f64,
) -> Result<Vec<KindResult>> {
    let exact = LinearProblem::new(vec![-ou.theta], vec![ou.theta * ou.mu], vec![ou.s], 1)?;
    let model = ou.model();
    let lang = ou.langevin_model();
    let mut out = Vec::new();
    for &kind in IntegratorKind::ALL {
        let r = if kind == IntegratorKind::LeimkuhlerMatthews {
            // Its weak order 1 on a finite horizon needs ~1/h more coupled
            // paths (pathwise O(√h) offset, convergence_ou.rs); it is
            // studied strongly only.
            if weak {
                continue;
            }
            study_kind(kind, &lang, cfg, &exact, weak, moment)?
        } else {
            study_kind(kind, &model, cfg, &exact, weak, moment)?
        };
        out.push(r);
    }
    Ok(out)
}

/// `(t, centres, FP density, exact density)`.
type Snapshot = (f64, Vec<f64>, Vec<f64>, Vec<f64>);

/// What the Fokker–Planck part measures.
struct FpResults {
    /// `h` and the L¹ error to the exact density at `T` per grid.
    space_h: Vec<f64>,
    space_err: Vec<f64>,
    space_fit: LinearFit,
    /// Per scheme: step sizes, L¹ error to a time-converged run, fit.
    time: Vec<(Scheme, Vec<f64>, Vec<f64>, LinearFit)>,
    /// Largest `|mass(T) − mass(0)|/mass(0)` and its round-off bound
    /// `steps · cells · ε_mach` over every run.
    mass_drift: f64,
    mass_bound: f64,
    /// Smallest cell value of the implicit-Euler runs.
    ie_min: f64,
    /// Snapshots `(t, centres, u, exact)` on the finest grid.
    snapshots: Vec<Snapshot>,
}

fn run(cfg: &Config) -> Result<Report> {
    cfg.validate()?;
    let ou = OrnsteinUhlenbeck::new(cfg.theta, cfg.mu, cfg.s)?;
    // φ(x) = x²: E φ(X_T) = m_T² + v_T from the deterministic start x₀.
    let moment = ou.mean(cfg.t_end, cfg.x0).powi(2) + ou.variance(cfg.t_end);
    let strong = study_all(cfg, &ou, false, moment)?;
    let weak = study_all(cfg, &ou, true, moment)?;
    let fp = fp_study::fp_study(cfg, &ou)?;
    let (var_lm, var_em) = stationary::stationary_variances(cfg, &ou)?;

    let mut verdicts = Vec::new();
    let harness = "proofs-notes/convergence-harness.md: tolerance min(0.25, 0.1 + 3 SE)";
    for (what, rs, rule) in [("strong", &strong, 0.03), ("weak", &weak, 0.05)] {
        for r in rs.iter() {
            let meta = if what == "strong" {
                format!(
                    "MethodInfo strong order {} (additive noise {}){}",
                    r.kind.info().strong_order,
                    r.kind.info().strong_order_additive,
                    if r.expected == 2.0 {
                        "; 2 on a linear drift (integrators.md)"
                    } else {
                        ""
                    }
                )
            } else {
                format!("MethodInfo weak order {}", r.kind.info().weak_order)
            };
            verdicts.push(order_verdict(
                format!(
                    "{} {what} order on OU equals its metadata ({meta})",
                    r.kind.name()
                ),
                harness,
                r.expected,
                &r.fit,
            ));
            // The harness tolerance assumes every level's SE is at most
            // `rule` of the error (slope noise ≤ 0.5·rule ≪ 0.1).
            verdicts.push(Verdict::judge(
                format!(
                    "{} {what} study: Monte Carlo SE ≤ {rule} of every error",
                    r.kind.name()
                ),
                "convergence-harness.md §2 path-count rule",
                0.0,
                r.max_rel_se,
                None,
                Criterion::AtMost { slack: rule },
            ));
        }
    }
    // The coupled weak estimator is unbiased only if the reference has the
    // exact law: its mean of X_T² within 4 SE of m_T² + v_T.
    if let Some(z) = weak.first().and_then(|r| r.reference_z) {
        verdicts.push(Verdict::judge(
            "path reference X_T has the exact law: E X_T² = m_T² + v_T (z-score)",
            "math.md §3 OU moments; |z| ≤ 4 at the fixed seed",
            0.0,
            z,
            Some(1.0),
            Criterion::WithinStdErrors { k: 4.0 },
        ));
    }
    // Stationary variances after n = T/h steps: the transients are
    // (1 − θh)^{2n} (≤ 10⁻²⁴ here), and both chains are linear-Gaussian, so
    // the sample variance has SE v·√(2/(n_paths − 1)); 4 SE at the seed.
    let h = cfg.stationary_dt;
    let n_paths = cfg.stationary_paths as f64;
    let v_exact = ou.stationary_variance();
    let v_em = ou.s * ou.s / (2.0 * ou.theta - ou.theta * ou.theta * h);
    verdicts.push(Verdict::judge(
        format!("Leimkuhler–Matthews stationary variance is exact at θh = {} (stationary weak order {})", ou.theta * h, IntegratorKind::LeimkuhlerMatthews.info().stationary_weak_order),
        "integrators.md: LM exact on quadratics; s²/(2θ)",
        v_exact,
        var_lm,
        Some(v_exact * (2.0 / (n_paths - 1.0)).sqrt()),
        Criterion::WithinStdErrors { k: 4.0 },
    ));
    verdicts.push(Verdict::judge(
        format!(
            "Euler–Maruyama stationary variance is s²/(2θ − θ²h) at θh = {}",
            ou.theta * h
        ),
        "v = (1 − θh)²v + s²h (ensembles.md, exact EM moments of OU)",
        v_em,
        var_em,
        Some(v_em * (2.0 / (n_paths - 1.0)).sqrt()),
        Criterion::WithinStdErrors { k: 4.0 },
    ));
    verdicts.push(order_verdict(
        "Fokker–Planck spatial order (Scharfetter–Gummel) = 2".into(),
        "fokker-planck-scharfetter-gummel.md (second order in h); harness tolerance",
        2.0,
        &fp.space_fit,
    ));
    for (scheme, _, _, fit) in &fp.time {
        verdicts.push(order_verdict(
            format!(
                "Fokker–Planck time order of {} = Scheme::order()",
                scheme.name()
            ),
            "fokker-planck-rate-matrix.md; harness tolerance",
            scheme.order() as f64,
            fit,
        ));
    }
    // Columns of Q sum to zero, so every step conserves mass up to
    // round-off: one rounding per cell per step, |Δm|/m ≤ steps·cells·ε.
    verdicts.push(Verdict::judge(
        "Fokker–Planck conserves mass (relative drift, worst run)",
        "rate matrix columns sum to 0 (fokker-planck-rate-matrix.md); round-off steps·cells·ε",
        0.0,
        fp.mass_drift,
        None,
        Criterion::AtMost {
            slack: fp.mass_bound,
        },
    ));
    verdicts.push(Verdict::judge(
        "implicit Euler keeps the density non-negative (min u)",
        "(I − dt Q)⁻¹ ≥ 0 entrywise (fokker-planck-rate-matrix.md)",
        0.0,
        fp.ie_min,
        None,
        Criterion::AtLeast { slack: 0.0 },
    ));

    Ok(Report {
        id: NAME.into(),
        title: TITLE.into(),
        question: "Do the integrators and the Fokker–Planck solver reproduce the exact \
                   Gaussian law of the Ornstein–Uhlenbeck process with the orders their \
                   metadata claim, and does the solver conserve mass?"
            .into(),
        setup: render::setup(cfg),
        tables: render::tables(cfg, &strong, &weak, &fp),
        figures: render::figures(cfg, &strong, &weak, &fp),
        verdicts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_tolerance_matches_the_harness() {
        assert_eq!(order_tolerance(0.0), 0.1);
        assert_eq!(order_tolerance(1.0), 0.25);
    }

    #[test]
    fn expected_strong_order_of_kp15_on_linear_drift_is_two() {
        type M = sgdpde_sde::SdeModel<sgdpde_sde::LinearDrift, sgdpde_sde::DiagonalNoise>;
        assert_eq!(expected_strong::<M>(IntegratorKind::KloedenPlaten15), 2.0);
        assert_eq!(expected_strong::<M>(IntegratorKind::EulerMaruyama), 1.0);
    }
}
