//! Mass splitting in a tilted double well and its two-state reduction
//! (`shared/math.md` §5 item 8).
//!
//! Overdamped Langevin `dX = −L′(X) dt + √ε dW` on the tilted well
//! `L = x⁴/4 − x²/2 + c x` (`c > 0`: the left well is the deeper one), started
//! at the shallow (right) minimum. The mass of the deep basin `{x < s}` (`s`
//! the barrier top) is followed in time by the Fokker–Planck solver and by
//! Monte Carlo, and held against the two-state Markov model
//!
//! ```text
//! ṗ₋ = k₊ (1 − p₋) − k₋ p₋,   p₋(t) = p₋^∞ (1 − e^{−(k₊ + k₋) t}),   p₋^∞ = k₊/(k₊ + k₋)
//! ```
//!
//! with the exact rates `k_± = 1/E_{x_±} τ_{x_∓}` (mean transition times by
//! quadrature, [`MeanExitTime1d`]) and with the Eyring–Kramers rates. The
//! spectral gap `λ₁` of the Fokker–Planck operator is compared with
//! `k₊ + k₋` (derivation: `proofs-notes/experiment-mass-splitting.md`).

use serde::Serialize;
use sgdpde_analysis::{
    ConstantDiffusion, Diffusion1d, End, EyringKramers, LeftEnd, MeanExitTime1d, QuadratureOptions,
    StationaryDensity1d, linear_fit,
};
use sgdpde_fokker_planck::{
    Boundary, BoundaryConditions, FokkerPlanck, Grid, Isotropic, Scheme, Stepper,
    smallest_eigenvalues, stationary,
};
use sgdpde_landscape::{DoubleWell, Landscape};
use sgdpde_sde::{Ensemble, EulerMaruyama, SdeModel, SetMass, Temperature};

use crate::error::{Result, ensure};
use crate::registry::{ExperimentConfig, Size};
use crate::report::{Figure, Report, Series, SeriesStyle, Table, round_sig};
use crate::verdict::{Criterion, Verdict};

/// Command-line name.
pub const NAME: &str = "mass-splitting";
/// One line on what it shows.
pub const TITLE: &str =
    "Tilted double well: basin masses versus the two-state model, spectral gap versus k₊ + k₋";

/// Standard errors allowed for a Monte Carlo basin mass (two such verdicts:
/// a 4σ band has a two-sided false-alarm rate of 6e-5 each).
const K_SE: f64 = 4.0;

/// Every parameter of the experiment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Config {
    /// Tilt `c` of `L = x⁴/4 − x²/2 + c x` (`0 < c < 2/(3√3)`).
    pub tilt: f64,
    /// Temperature ε of `dX = −L′ dt + √ε dW`.
    pub epsilon: f64,
    /// Left end of the (reflecting) Fokker–Planck domain.
    pub x_min: f64,
    /// Right end of the (reflecting) Fokker–Planck domain.
    pub x_max: f64,
    /// Fokker–Planck cells.
    pub cells: usize,
    /// TR-BDF2 steps per snapshot interval.
    pub fp_steps_per_snapshot: usize,
    /// Time between snapshots (a whole multiple of `mc_dt`).
    pub snapshot_every: f64,
    /// Number of snapshots after `t = 0`.
    pub snapshots: usize,
    /// Start of the window where the Fokker–Planck basin mass is fitted by
    /// one exponential (all faster modes must have decayed).
    pub fit_from: f64,
    /// Monte Carlo paths.
    pub paths: u64,
    /// Euler–Maruyama step.
    pub mc_dt: f64,
    /// Master seed.
    pub seed: u64,
}

impl ExperimentConfig for Config {
    fn sized(size: Size, seed: u64) -> Self {
        let (cells, steps, paths, mc_dt) = match size {
            Size::Quick => (800, 20, 2_000, 0.01),
            Size::Full => (1_600, 80, 40_000, 0.0025),
        };
        Self {
            tilt: 0.1,
            epsilon: 0.15,
            x_min: -2.5,
            x_max: 2.5,
            cells,
            fp_steps_per_snapshot: steps,
            snapshot_every: 5.0,
            snapshots: 24,
            fit_from: 30.0,
            paths,
            mc_dt,
            seed,
        }
    }

    fn validate(&self) -> Result<()> {
        ensure(
            self.tilt > 0.0 && self.tilt < 0.9 * DoubleWell::CRITICAL_TILT,
            "tilt",
            self.tilt,
            "in (0, 0.9·2/(3√3)): two minima, the left one deeper",
        )?;
        ensure(
            self.epsilon.is_finite() && self.epsilon > 0.0,
            "epsilon",
            self.epsilon,
            "finite and > 0",
        )?;
        ensure(
            self.x_min <= -1.8,
            "x_min",
            self.x_min,
            "≤ −1.8 (beyond the left well)",
        )?;
        ensure(
            self.x_max >= 1.8,
            "x_max",
            self.x_max,
            "≥ 1.8 (beyond the right well)",
        )?;
        ensure(self.cells >= 100, "cells", self.cells, "≥ 100")?;
        ensure(
            self.fp_steps_per_snapshot >= 1,
            "fp_steps_per_snapshot",
            self.fp_steps_per_snapshot,
            "≥ 1",
        )?;
        ensure(self.snapshots >= 4, "snapshots", self.snapshots, "≥ 4")?;
        ensure(self.paths >= 2, "paths", self.paths, "≥ 2")?;
        ensure(
            self.mc_dt.is_finite() && self.mc_dt > 0.0 && self.mc_dt <= 0.05,
            "mc_dt",
            self.mc_dt,
            "in (0, 0.05]",
        )?;
        let ratio = self.snapshot_every / self.mc_dt;
        ensure(
            self.snapshot_every.is_finite() && ratio >= 1.0 && (ratio - ratio.round()).abs() < 1e-9,
            "snapshot_every",
            self.snapshot_every,
            "a positive whole multiple of mc_dt",
        )?;
        let t_end = self.snapshot_every * self.snapshots as f64;
        ensure(
            self.fit_from > 0.0 && self.fit_from <= t_end - 3.0 * self.snapshot_every,
            "fit_from",
            self.fit_from,
            "> 0 and leaving at least 4 snapshots to fit",
        )
    }

    fn run(&self) -> Result<Report> {
        run(self)
    }
}

/// The two-state model `p₋(t) = p∞ (1 − e^{−K t})` from mass 0 at `t = 0`.
fn two_state(k_plus: f64, k_minus: f64, t: f64) -> f64 {
    let k = k_plus + k_minus;
    k_plus / k * (1.0 - (-k * t).exp())
}

fn run(cfg: &Config) -> Result<Report> {
    let (c, eps) = (cfg.tilt, cfg.epsilon);
    let well = DoubleWell::new(c)?;
    let mirror = DoubleWell::new(-c)?; // L(−x): the right well seen from the left
    let r = well.critical_abscissae();
    let (x_deep, x_s, x_shallow) = (r[0], r[1], r[2]);
    let barrier_deep = well.value(&[x_s]) - well.value(&[x_deep]);
    let barrier_shallow = well.value(&[x_s]) - well.value(&[x_shallow]);

    // Exact rates: k = 1/E τ from one minimum to the other (natural far end).
    let q = QuadratureOptions::default();
    let d = Diffusion1d::new(well, ConstantDiffusion::new(eps)?)?;
    let dm = Diffusion1d::new(mirror, ConstantDiffusion::new(eps)?)?;
    let t_deep = MeanExitTime1d::new(&d, LeftEnd::Natural, x_shallow, q)?.value(x_deep)?;
    let t_shallow = MeanExitTime1d::new(&dm, LeftEnd::Natural, -x_deep, q)?.value(-x_shallow)?;
    let (k_minus, k_plus) = (1.0 / t_deep, 1.0 / t_shallow);
    let ek_deep = EyringKramers::new(&well, &[x_deep], &[x_s])?.mean_time(eps)?;
    let ek_shallow = EyringKramers::new(&well, &[x_shallow], &[x_s])?.mean_time(eps)?;
    let (kk_minus, kk_plus) = (1.0 / ek_deep, 1.0 / ek_shallow);
    let exact = StationaryDensity1d::new(&d, End::Natural, End::Natural, q)?;
    let p_exact = exact.cdf(x_s)?;

    // Fokker–Planck: spectrum, stationary state, transient from a point mass.
    let grid = Grid::uniform_1d(cfg.x_min, cfg.x_max, cfg.cells)?;
    let h = grid.spacing(0);
    let bc = BoundaryConditions::uniform(1, Boundary::Reflecting);
    let fp = FokkerPlanck::gradient(grid, bc, well, &Isotropic::from_temperature(1, eps)?)?;
    let spec = smallest_eigenvalues(&fp, 2)?;
    let (lambda1, lambda2) = (spec.re[0], spec.re[1]);
    let deep_mask = fp.grid().mask(|x| x[0] < x_s);
    let basin = |u: &[f64]| -> f64 {
        h * u
            .iter()
            .zip(&deep_mask)
            .filter(|(_, m)| **m)
            .map(|(v, _)| v)
            .sum::<f64>()
    };
    let pi = stationary(&fp)?;
    let p_fp_inf = basin(&pi);
    let start = fp
        .grid()
        .locate(&[x_shallow])
        .expect("x₊ lies inside [x_min, x_max]");
    let mut u = vec![0.0; fp.grid().len()];
    u[start] = 1.0 / h;
    let fp_dt = cfg.snapshot_every / cfg.fp_steps_per_snapshot as f64;
    let mut stepper = Stepper::new(&fp, Scheme::TrBdf2, fp_dt)?;
    let times: Vec<f64> = (1..=cfg.snapshots)
        .map(|k| k as f64 * cfg.snapshot_every)
        .collect();
    let mut p_fp = Vec::with_capacity(times.len());
    for _ in &times {
        stepper.run(&mut u, cfg.fp_steps_per_snapshot, |_, _| {})?;
        p_fp.push(basin(&u));
    }

    // Monte Carlo: Euler–Maruyama from x₊, deep-basin counts at the snapshots.
    let t_end = *times.last().expect("snapshots ≥ 4");
    let sde = SdeModel::langevin(well, Temperature::epsilon(eps)?)?;
    let counts = Ensemble::new(cfg.paths, cfg.mc_dt, t_end, cfg.seed)?
        .with_snapshots(&times)?
        .run(
            &sde,
            &EulerMaruyama,
            &[x_shallow],
            &SetMass::new(1, |x: &[f64]| (x[0] < x_s).then_some(0)),
        )?;
    let n = cfg.paths as f64;
    let p_mc: Vec<f64> = counts.iter().map(|s| s.counts[0] as f64 / n).collect();
    let se_mc: Vec<f64> = p_mc
        .iter()
        .map(|p| (p * (1.0 - p) / n).sqrt().max(1.0 / n))
        .collect();

    let p2: Vec<f64> = times
        .iter()
        .map(|&t| two_state(k_plus, k_minus, t))
        .collect();
    let p2k: Vec<f64> = times
        .iter()
        .map(|&t| two_state(kk_plus, kk_minus, t))
        .collect();
    let p2_inf = k_plus / (k_plus + k_minus);

    // Decay rate of the FP basin mass after the fast modes have gone.
    let (ft, fy): (Vec<f64>, Vec<f64>) = times
        .iter()
        .zip(&p_fp)
        .filter(|(t, _)| **t >= cfg.fit_from)
        .map(|(t, p)| (*t, (p_fp_inf - p).ln()))
        .unzip();
    let fit = linear_fit(&ft, &fy)?;
    let fitted_rate = -fit.slope;

    let mut verdicts = Vec::new();
    // (1) Spectral gap = sum of the exact rates. The two-state reduction is the
    // leading term of the small-ε expansion whose parameter is ε/(2ΔL) of the
    // faster (shallow) well (proofs-note §3): relative tolerance ε/(2ΔL₊).
    let rel_two_state = eps / (2.0 * barrier_shallow);
    verdicts.push(Verdict::judge(
        "spectral gap λ₁ of the FP operator equals k₊ + k₋ (exact rates)",
        "two-state reduction; proofs-notes/experiment-mass-splitting.md §3",
        lambda1,
        k_plus + k_minus,
        None,
        Criterion::Relative {
            rel: round_sig(rel_two_state, 3),
        },
    ));
    // (2) Two-state equilibrium k₊/(k₊+k₋) = exact deep-basin mass: with a
    // relative error r in the rate ratio, |Δp| ≤ p(1 − p) r ≤ (1 − p) r.
    verdicts.push(Verdict::judge(
        "two-state equilibrium k₊/(k₊ + k₋) equals the exact deep-basin mass",
        "StationaryDensity1d (Gibbs ∝ e^{−2L/ε}); proofs-note §3",
        p_exact,
        p2_inf,
        None,
        Criterion::Absolute {
            abs: round_sig((1.0 - p_exact) * rel_two_state, 3),
        },
    ));
    // (3) FP stationary basin mass = exact quadrature. SG makes the discrete
    // Gibbs state exact at the nodes; the basin sum is a midpoint rule
    // (error ≤ h²/24 ∫|u″|) with the basin edge misplaced by ≤ h/2
    // (error ≤ (h/2) max u near s). Both bounds are computed from the grid.
    let u_s = pi[fp.grid().locate(&[x_s]).expect("s inside")];
    let curv: f64 = pi
        .windows(3)
        .map(|w| (w[0] - 2.0 * w[1] + w[2]).abs())
        .sum::<f64>()
        / h;
    let tol_grid = 0.5 * h * 2.0 * u_s + h * h / 24.0 * curv;
    verdicts.push(Verdict::judge(
        "FP stationary deep-basin mass equals the exact 1-D stationary density",
        "u∞ = (C/D) e^{−∫L′/D}, StationaryDensity1d; proofs-note §2",
        p_exact,
        p_fp_inf,
        None,
        Criterion::Absolute {
            abs: round_sig(tol_grid, 3),
        },
    ));
    // (4) The FP basin mass relaxes at rate λ₁ once the modes λ_{≥2} are gone:
    // their relative weight in the slope is ≤ (λ₂/λ₁) e^{−(λ₂−λ₁) t_fit};
    // TR-BDF2 changes a decay rate by O((λ₁ dt)²) relative (order 2).
    let rel_fit =
        lambda2 / lambda1 * (-(lambda2 - lambda1) * cfg.fit_from).exp() + (lambda1 * fp_dt).powi(2);
    verdicts.push(Verdict::judge(
        "FP deep-basin mass relaxes at the spectral gap λ₁",
        "spectral decomposition; proofs-note §1",
        lambda1,
        fitted_rate,
        None,
        Criterion::Relative {
            rel: round_sig(rel_fit.max(1e-6), 3),
        },
    ));
    // (5) Monte Carlo = FP basin mass at t ≈ 1/λ₁ and at t_end, within K_SE
    // binomial SEs; EM's O(dt) weak bias on the rate is ≪ 1 SE here.
    let i_mid = times
        .iter()
        .enumerate()
        .min_by(|a, b| {
            (a.1 - 1.0 / lambda1)
                .abs()
                .total_cmp(&(b.1 - 1.0 / lambda1).abs())
        })
        .map(|(i, _)| i)
        .expect("snapshots");
    for (i, what) in [(i_mid, "t ≈ 1/λ₁"), (times.len() - 1, "t_end")] {
        verdicts.push(Verdict::judge(
            format!(
                "Monte Carlo deep-basin mass equals the FP one at {what} (t = {})",
                times[i]
            ),
            "same law (Euler–Maruyama, weak order 1)",
            p_fp[i],
            p_mc[i],
            Some(se_mc[i]),
            Criterion::WithinStdErrors { k: K_SE },
        ));
    }
    // (6) The whole curve: sup_t |p_FP − p_2state| ≤ p∞ r/e + |Δp∞|-bound,
    // since sup_t |e^{−at} − e^{−bt}| ≤ |a − b|/(e·min(a, b)).
    let sup_dev = p_fp
        .iter()
        .zip(&p2)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f64::max);
    verdicts.push(Verdict::judge(
        "FP deep-basin mass follows the two-state model for all t",
        "two-state reduction with verdicts (1)–(2) tolerances; proofs-note §3",
        p2_inf * rel_two_state / (1.0 - rel_two_state) / std::f64::consts::E
            + (1.0 - p_exact) * rel_two_state
            + tol_grid,
        sup_dev,
        None,
        Criterion::AtMost { slack: 0.0 },
    ));

    let mut t_fig = vec![0.0];
    t_fig.extend(&times);
    let with0 = |v: &[f64]| {
        let mut o = vec![0.0];
        o.extend(v);
        o
    };
    let fine: Vec<f64> = (0..=200).map(|k| t_end * k as f64 / 200.0).collect();
    let figure = Figure {
        id: "basin-masses".into(),
        title: format!("Deep-basin mass from the shallow minimum (c = {c}, ε = {eps})"),
        x_label: "t".into(),
        y_label: "P(X_t < s)".into(),
        log_x: false,
        log_y: false,
        series: vec![
            Series::new(
                "Fokker–Planck",
                t_fig.clone(),
                with0(&p_fp),
                SeriesStyle::Line,
            ),
            Series::with_errors(
                "Monte Carlo (±1 SE)",
                t_fig.clone(),
                with0(&p_mc),
                with0(&se_mc),
            ),
            Series::new(
                "two-state, exact rates",
                fine.clone(),
                fine.iter()
                    .map(|&t| two_state(k_plus, k_minus, t))
                    .collect(),
                SeriesStyle::Dashed,
            ),
            Series::new(
                "two-state, Kramers rates",
                fine.clone(),
                fine.iter()
                    .map(|&t| two_state(kk_plus, kk_minus, t))
                    .collect(),
                SeriesStyle::Dashed,
            ),
        ],
        field: None,
    };

    let tables = vec![
        Table {
            id: "rates".into(),
            caption: "Per well: minimum, barrier, exact mean transition time to the other minimum and rate, Eyring–Kramers time and rate".into(),
            columns: ["minimum x", "barrier ΔL", "exact E τ", "exact rate", "Kramers E τ", "Kramers rate"]
                .map(String::from)
                .to_vec(),
            rows: vec![
                vec![x_deep, barrier_deep, t_deep, k_minus, ek_deep, kk_minus],
                vec![x_shallow, barrier_shallow, t_shallow, k_plus, ek_shallow, kk_plus],
            ],
        },
        Table {
            id: "spectral-gap".into(),
            caption: "Spectral gap against the sum of the rates; (λ₁/(k₊+k₋) − 1)/λ₁ is the transit-time offset of the mean transition times".into(),
            columns: ["λ₁", "λ₂", "fitted decay rate", "k₊+k₋ exact", "k₊+k₋ Kramers", "λ₁/(k₊+k₋) − 1", "offset time"]
                .map(String::from)
                .to_vec(),
            rows: vec![vec![
                lambda1,
                lambda2,
                fitted_rate,
                k_plus + k_minus,
                kk_plus + kk_minus,
                lambda1 / (k_plus + k_minus) - 1.0,
                (lambda1 / (k_plus + k_minus) - 1.0) / lambda1,
            ]],
        },
        Table {
            id: "basin-masses".into(),
            caption: "Deep-basin mass over time".into(),
            columns: ["t", "FP", "MC", "MC SE", "two-state exact", "two-state Kramers"]
                .map(String::from)
                .to_vec(),
            rows: (0..times.len())
                .map(|i| vec![times[i], p_fp[i], p_mc[i], se_mc[i], p2[i], p2k[i]])
                .collect(),
        },
    ];

    Ok(Report {
        id: NAME.into(),
        title: TITLE.into(),
        question: "When the noise is small, does the law of SGD's diffusion model split its mass between the basins like a two-state Markov chain whose rates are the inverse mean transition times (Kramers), and is the slowest relaxation rate of the Fokker–Planck equation the sum of the two rates?".into(),
        setup: vec![
            ("convention".into(), "dX = −∇L dt + √ε dW (D = ε/2, Gibbs ∝ e^{−2L/ε})".into()),
            ("landscape".into(), format!("L = x⁴/4 − x²/2 + {c}·x: deep minimum {x_deep:.6}, barrier top {x_s:.6}, shallow minimum {x_shallow:.6}")),
            ("temperature".into(), format!("ε = {eps}")),
            ("start".into(), "point mass at the shallow minimum x₊".into()),
            ("Fokker–Planck".into(), format!("Scharfetter–Gummel on [{}, {}], {} cells, reflecting; TR-BDF2 dt = {fp_dt}", cfg.x_min, cfg.x_max, cfg.cells)),
            ("Monte Carlo".into(), format!("{} paths, Euler–Maruyama dt = {}, seed {}", cfg.paths, cfg.mc_dt, cfg.seed)),
            ("snapshots".into(), format!("every {} up to t = {t_end}; decay fitted for t ≥ {}", cfg.snapshot_every, cfg.fit_from)),
            ("rates".into(), "exact: k = 1/E τ (minimum to the other minimum) by quadrature; Kramers: Eyring–Kramers".into()),
        ],
        tables,
        figures: vec![figure],
        verdicts,
    })
}
