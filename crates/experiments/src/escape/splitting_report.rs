//! The small-noise splitting study's part of the escape report: verdicts,
//! tables and the Eyring–Kramers prefactor figure.

use super::Config;
use super::splitting::SplitStudy;
use crate::report::{Figure, Series, SeriesStyle, Table, round_sig};
use crate::verdict::{Criterion, Verdict};

/// The verdicts: in 1-D every temperature against the exact quadrature and
/// the fitted line `T/T_EK ≈ a + cε` against the same line through the
/// exact ratios; in 2-D (double well and Müller–Brown) the intercept
/// against 1.
pub(crate) fn verdicts(cfg: &Config, small: &[SplitStudy; 3], out: &mut Vec<Verdict>) {
    let [one, two, mb] = small;
    for p in &one.points {
        out.push(Verdict::judge(
            format!(
                "1-D, ε = {:.4} (2ΔL/ε = {:.0}): splitting mean transition time equals the exact quadrature",
                p.eps, p.exponent
            ),
            "T(x) = (2/ε)∫ₓ¹ e^{2L(y)/ε}∫_{−∞}^y e^{−2L(z)/ε} dz dy (math.md §3); splitting unbiased for p, consistent for T (proofs-notes/ams.md)",
            p.exact.unwrap_or(f64::NAN),
            p.mean,
            Some(p.se),
            Criterion::WithinStdErrors { k: cfg.k_se },
        ));
    }
    let (a_exact, c_exact) = one.exact_fit.unwrap_or((f64::NAN, f64::NAN));
    out.push(Verdict::judge(
        "1-D: the Eyring–Kramers ratio T/T_EK ≈ a + cε fitted to the splitting times has the intercept of the exact ratios",
        "weighted least squares with the splitting SEs; the same line through the exact ratios at the same ε",
        a_exact,
        one.fit.intercept,
        Some(one.fit.intercept_se),
        Criterion::WithinStdErrors { k: cfg.k_se },
    ));
    out.push(Verdict::judge(
        "1-D: … and the slope c (the O(ε) correction) of the exact ratios",
        "as above",
        c_exact,
        one.fit.slope,
        Some(one.fit.slope_se),
        Criterion::WithinStdErrors { k: cfg.k_se },
    ));
    // 2-D: no exact value; the intercept is compared with the
    // Eyring–Kramers limit 1, allowing k SE plus the straight line's O(ε²)
    // remainder as the 1-D exact ratios show it at the same ε, plus the
    // Euler–Maruyama step's relative bias of the rate, bounded by dt·Σ|λᵢ|
    // over the Hessian eigenvalues at the minimum and the saddle (ams.md §11).
    let remainder = (a_exact - 1.0).abs();
    out.push(Verdict::judge(
        "2-D: the Eyring–Kramers ratio T/T_EK ≈ a + cε fitted to the splitting times tends to 1 (a = 1)",
        "Eyring–Kramers: T/T_EK = 1 + O(ε) (Bovier–Gayrard–Klein 2004; proofs-notes/eyring-kramers.md)",
        1.0,
        two.fit.intercept,
        Some(two.fit.intercept_se),
        Criterion::Absolute {
            abs: round_sig(cfg.k_se * two.fit.intercept_se + remainder + two.step_bias, 3),
        },
    ));
    // 2-D at the warmest temperature: the backward PDE, allowing k SE, the
    // step's bias and the grid error (fine − coarse, which bounds the fine
    // grid's at second order).
    for (name, st) in [("2-D", two), ("Müller–Brown", mb)] {
        for p in &st.points {
            let Some(pde) = p.pde else { continue };
            out.push(Verdict::judge(
                format!(
                    "{name}, 2ΔL/ε = {:.0}: splitting mean transition time equals the backward PDE",
                    p.exponent
                ),
                format!(
                    "Qᵀ T = −1 on {}² and {}² cells (proofs-notes/fokker-planck-backward.md); tolerance k SE + step bias dt·Σ|λᵢ|·T + |fine − coarse| (ams.md §11)",
                    pde.cells[0], pde.cells[1]
                ),
                pde.value,
                p.mean,
                Some(p.se),
                Criterion::Absolute {
                    abs: round_sig(
                        cfg.k_se * p.se + st.step_bias * pde.value + pde.grid_error,
                        3,
                    ),
                },
            ));
        }
    }
    // Müller–Brown: the same remainder and step bias.
    out.push(Verdict::judge(
        "Müller–Brown, B → C over S₂: the Eyring–Kramers ratio T/T_EK ≈ a + cε fitted to the splitting times tends to 1 (a = 1)",
        "Eyring–Kramers through the index-1 saddle of a curved path; sets on the line B → C, splitting guided by the backward committor (proofs-notes/ams.md §11)",
        1.0,
        mb.fit.intercept,
        Some(mb.fit.intercept_se),
        Criterion::Absolute {
            abs: round_sig(cfg.k_se * mb.fit.intercept_se + remainder + mb.step_bias, 3),
        },
    ));
}

/// Study labels of the tables: 1 = 1-D double well, 2 = 2-D double well,
/// 3 = Müller–Brown.
const STUDY_LABELS: &str = "study 1 = 1-D double well, 2 = 2-D double well, 3 = Müller–Brown B → C";

/// The tables: every temperature of both studies, and the fitted lines.
pub(crate) fn tables(cfg: &Config, small: &[SplitStudy; 3]) -> Vec<Table> {
    let mut rows = Vec::new();
    let dts = [cfg.splitting_dt, cfg.splitting_dt, cfg.muller_brown_dt];
    let n_runs = [
        cfg.splitting_runs,
        cfg.splitting_runs,
        cfg.muller_brown_runs,
    ];
    for (i, ((s, dt), n)) in small.iter().zip(dts).zip(n_runs).enumerate() {
        for p in &s.points {
            let cost = p.steps;
            let mc = p.mc_steps(dt);
            rows.push(vec![
                i as f64 + 1.0,
                p.eps,
                p.exponent,
                p.mean,
                p.se,
                p.exact.unwrap_or(f64::NAN),
                p.pde.map_or(f64::NAN, |r| r.value),
                p.ek,
                p.mean / p.ek,
                p.probability,
                p.spread,
                p.own,
                cost,
                mc,
                mc / (cost * n as f64),
            ]);
        }
    }
    let fit_rows = small
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let (a, c) = s.exact_fit.unwrap_or((f64::NAN, f64::NAN));
            vec![
                i as f64 + 1.0,
                s.fit.intercept,
                s.fit.intercept_se,
                s.fit.slope,
                s.fit.slope_se,
                s.fit.chi2,
                (s.fit.n - 2) as f64,
                a,
                c,
            ]
        })
        .collect();
    vec![
        Table {
            id: "splitting".into(),
            caption: format!(
                "Small noise by adaptive multilevel splitting ({STUDY_LABELS}): {} runs (Müller–Brown {}) of {} replicas per ε pooled (SE from their spread); one run's relative spread beside the mean of its own ideal-coordinate formula; steps per run (loops and splitting) against the steps plain Monte Carlo needs for the same SE, (T/dt)(T/SE)², and their ratio over all runs",
                cfg.splitting_runs, cfg.muller_brown_runs, cfg.replicas
            ),
            columns: [
                "study",
                "eps",
                "2dL_over_eps",
                "T",
                "se",
                "exact",
                "pde",
                "T_EK",
                "T_over_T_EK",
                "p",
                "run_spread",
                "run_own_se",
                "steps_per_run",
                "mc_steps_same_se",
                "speedup",
            ]
            .map(String::from)
            .to_vec(),
            rows,
        },
        Table {
            id: "eyring-kramers-ratio".into(),
            caption: format!(
                "T/T_EK ≈ a + cε ({STUDY_LABELS}): weighted least squares through the splitting ratios (SEs from the known variances, χ² with n − 2 dof), and the same line through the exact 1-D ratios"
            ),
            columns: [
                "study", "a", "a_se", "c", "c_se", "chi2", "dof", "a_exact", "c_exact",
            ]
            .map(String::from)
            .to_vec(),
            rows: fit_rows,
        },
    ]
}

/// `T/T_EK` against ε: the splitting ratios with error bars, the exact
/// 1-D ratios, and the fitted lines, against `ε/(2ΔL)` (the three
/// studies share it).
pub(crate) fn figure(small: &[SplitStudy; 3]) -> Figure {
    let mut series = Vec::new();
    for (name, s) in ["1-D", "2-D", "Müller–Brown"].into_iter().zip(small) {
        let x: Vec<f64> = s.points.iter().map(|p| 1.0 / p.exponent).collect();
        let (ratio, se): (Vec<f64>, Vec<f64>) = s.points.iter().map(|p| p.ratio()).unzip();
        series.push(Series::with_errors(
            format!("{name} splitting ± SE"),
            x.clone(),
            ratio,
            se,
        ));
        series.push(Series::new(
            format!(
                "{name} fit a + cε (a = {:.3} ± {:.3})",
                s.fit.intercept, s.fit.intercept_se
            ),
            x.clone(),
            s.points
                .iter()
                .map(|p| s.fit.intercept + s.fit.slope * p.eps)
                .collect(),
            SeriesStyle::Dashed,
        ));
        if s.points.iter().all(|p| p.exact.is_some()) {
            series.push(Series::new(
                format!("{name} exact quadrature"),
                x,
                s.points
                    .iter()
                    .map(|p| p.exact.unwrap_or(f64::NAN) / p.ek)
                    .collect(),
                SeriesStyle::Line,
            ));
        }
    }
    Figure {
        id: "eyring-kramers-ratio".into(),
        title: "Small noise: the Eyring–Kramers ratio T/T_EK → 1 (splitting)".into(),
        x_label: "ε/(2ΔL)".into(),
        y_label: "T / T_EK".into(),
        log_x: false,
        log_y: false,
        series,
        field: None,
    }
}

/// The setup lines.
pub(crate) fn setup(cfg: &Config) -> Vec<(String, String)> {
    let eps = cfg
        .splitting_epsilons
        .iter()
        .map(|e| format!("{e:.4}"))
        .collect::<Vec<_>>()
        .join(", ");
    vec![
        ("small-noise temperatures ε (splitting)".into(), eps),
        (
            "splitting".into(),
            format!(
                "adaptive multilevel splitting (generalised, unbiased; Bréhier et al. 2016) for the mean transition time T = (1/p − 1)·E[loop] + E[reactive] (Cérou et al. 2011): coordinate x₁, A = {{x₁ ≤ −0.9}}, Σ = {{x₁ ≥ −0.8}}, B = {{x₁ ≥ 1}}; {} replicas, {} killed per iteration, {} loops, Euler–Maruyama dt = {} (discrete monitoring); {} runs per ε pooled; seeds {} + 2000 + 100j + r (1-D), {} + 3000 + 100j + r (2-D)",
                cfg.replicas,
                (cfg.replicas / 10).max(1),
                cfg.splitting_loops,
                cfg.splitting_dt,
                cfg.splitting_runs,
                cfg.seed,
                cfg.seed
            ),
        ),
        (
            "splitting, Müller–Brown".into(),
            format!(
                "B → C over S₂ (critical points refined by Newton), ΔL = L(S₂) − L(B) ≈ 35.92, 2ΔL/ε = {:?}; line coordinate ξ = (x − B)·(C − B)/|C − B|², A = {{ξ ≤ 0.1}}, Σ = {{ξ ≥ 0.2}}, B = {{ξ ≥ 1}}; splitting guided by the backward committor on {}² cells; Euler–Maruyama dt = {}; {} runs per ε pooled; seeds {} + 4000 + 100j + r; the warmest temperature also by the backward PDE on {}² and {}² cells",
                cfg.muller_brown_exponents,
                cfg.muller_brown_cells,
                cfg.muller_brown_dt,
                cfg.muller_brown_runs,
                cfg.seed,
                cfg.muller_brown_cells,
                3 * cfg.muller_brown_cells
            ),
        ),
    ]
}
