//! The `ou` report: setup, tables and figures as data.

use super::{Config, FpResults, KindResult, step_sizes};
use crate::report::{Figure, Series, SeriesStyle, Table};

pub(super) fn setup(c: &Config) -> Vec<(String, String)> {
    let kv = |k: &str, v: String| (k.to_owned(), v);
    vec![
        kv(
            "model",
            format!(
                "dX = −θ(X − μ) dt + s dW, θ = {}, μ = {}, s = {} (temperature convention dX = −∇L dt + √ε dW with L = θ(x − μ)²/2, ε = s² = {})",
                c.theta,
                c.mu,
                c.s,
                c.s * c.s
            ),
        ),
        kv(
            "SDE start, horizon",
            format!("x₀ = {}, T = {}", c.x0, c.t_end),
        ),
        kv(
            "strong study",
            format!(
                "{} paths, h = T/2^k for k in {:?}, error E|X_T^h − X_T| against the ΔZ one-step map on 2^{} steps",
                c.strong_paths, c.strong_levels, c.fine_level
            ),
        ),
        kv(
            "weak study",
            format!(
                "{} paths, h = T/2^k for k in {:?}, φ(x) = x², coupled differences φ(X_T^h) − φ(X_T^ref)",
                c.weak_paths, c.weak_levels
            ),
        ),
        kv(
            "Fokker–Planck",
            format!(
                "D = ε/2 on [{}, {}] (reflecting), u₀ = N(x₀, {}); space: cells {:?}, TR-BDF2 with {} steps; time: {} cells, steps {:?} vs 16× finer TR-BDF2",
                c.fp_lower,
                c.fp_upper,
                c.fp_initial_variance,
                c.fp_cells,
                c.fp_steps,
                c.fp_time_cells,
                c.fp_time_steps
            ),
        ),
        kv(
            "stationary variance",
            format!(
                "Leimkuhler–Matthews and Euler–Maruyama on the Langevin form, {} paths, h = {}, t = {} (Ensemble driver)",
                c.stationary_paths, c.stationary_dt, c.stationary_t_end
            ),
        ),
        kv(
            "seed",
            format!(
                "{} (path i: ChaCha8 stream i; weak paths at stream offset 2³²)",
                c.seed
            ),
        ),
    ]
}

fn study_table(id: &str, caption: &str, dts: &[f64], rs: &[KindResult]) -> Table {
    let mut columns = vec!["h".to_owned()];
    for r in rs {
        columns.push(format!("{} error", r.kind.name()));
        columns.push(format!("{} SE", r.kind.name()));
    }
    let rows = dts
        .iter()
        .enumerate()
        .map(|(l, &h)| {
            let mut row = vec![h];
            for r in rs {
                row.push(r.errors[l]);
                row.push(r.ses[l]);
            }
            row
        })
        .collect();
    Table {
        id: id.into(),
        caption: caption.into(),
        columns,
        rows,
    }
}

pub(super) fn tables(
    c: &Config,
    strong: &[KindResult],
    weak: &[KindResult],
    fp: &FpResults,
) -> Vec<Table> {
    let mut out = vec![
        study_table(
            "strong_errors",
            "Strong errors E|X_T^h − X_T| with standard errors",
            &step_sizes(c.t_end, &c.strong_levels),
            strong,
        ),
        study_table(
            "weak_errors",
            "Weak errors |E X_T^h² − E X_T²| with standard errors",
            &step_sizes(c.t_end, &c.weak_levels),
            weak,
        ),
    ];
    out.push(Table {
        id: "fp_space".into(),
        caption: "Fokker–Planck L¹ error to the exact density at T".into(),
        columns: vec!["h".into(), "L1 error".into()],
        rows: fp
            .space_h
            .iter()
            .zip(&fp.space_err)
            .map(|(&h, &e)| vec![h, e])
            .collect(),
    });
    let mut orders = Vec::new();
    for r in strong.iter().chain(weak) {
        orders.push(vec![r.expected, r.fit.slope, r.fit.slope_se]);
    }
    orders.push(vec![2.0, fp.space_fit.slope, fp.space_fit.slope_se]);
    for (s, _, _, f) in &fp.time {
        orders.push(vec![s.order() as f64, f.slope, f.slope_se]);
    }
    out.push(Table {
        id: "orders".into(),
        caption: "Expected vs fitted orders, in the order of the verdicts (strong, weak, FP space, FP time)".into(),
        columns: vec!["expected".into(), "fitted".into(), "SE".into()],
        rows: orders,
    });
    out
}

fn study_figure(id: &str, title: &str, y: &str, dts: &[f64], rs: &[KindResult]) -> Figure {
    let mut series = Vec::new();
    for r in rs {
        series.push(Series::with_errors(
            r.kind.name(),
            dts.to_vec(),
            r.errors.clone(),
            r.ses.clone(),
        ));
        let fit = dts
            .iter()
            .map(|&h| r.fit.intercept.exp() * h.powf(r.fit.slope))
            .collect();
        series.push(Series::new(
            format!(
                "{} fit, slope {:.2} (expected {})",
                r.kind.name(),
                r.fit.slope,
                r.expected
            ),
            dts.to_vec(),
            fit,
            SeriesStyle::Dashed,
        ));
    }
    Figure {
        id: id.into(),
        title: title.into(),
        x_label: "step size h".into(),
        y_label: y.into(),
        log_x: true,
        log_y: true,
        series,
        field: None,
    }
}

pub(super) fn figures(
    c: &Config,
    strong: &[KindResult],
    weak: &[KindResult],
    fp: &FpResults,
) -> Vec<Figure> {
    let mut out = vec![
        study_figure(
            "strong_error",
            "Strong error vs step size (OU)",
            "E|X_T^h − X_T|",
            &step_sizes(c.t_end, &c.strong_levels),
            strong,
        ),
        study_figure(
            "weak_error",
            "Weak error vs step size (OU, φ = x²)",
            "|E φ(X_T^h) − E φ(X_T)|",
            &step_sizes(c.t_end, &c.weak_levels),
            weak,
        ),
    ];
    let mut fp_series = vec![Series::new(
        format!("space (SG), slope {:.2}", fp.space_fit.slope),
        fp.space_h.clone(),
        fp.space_err.clone(),
        SeriesStyle::Points,
    )];
    for (s, dts, errs, f) in &fp.time {
        fp_series.push(Series::new(
            format!("time ({}), slope {:.2}, x = dt", s.name(), f.slope),
            dts.clone(),
            errs.clone(),
            SeriesStyle::Points,
        ));
    }
    out.push(Figure {
        id: "fp_error".into(),
        title: "Fokker–Planck L¹ error vs cell size h and time step dt".into(),
        x_label: "h or dt".into(),
        y_label: "L¹ error".into(),
        log_x: true,
        log_y: true,
        series: fp_series,
        field: None,
    });
    let mut snaps = Vec::new();
    for (t, x, u, ex) in &fp.snapshots {
        snaps.push(Series::new(
            format!("FP t = {t:.2}"),
            x.clone(),
            u.clone(),
            SeriesStyle::Points,
        ));
        snaps.push(Series::new(
            format!("exact t = {t:.2}"),
            x.clone(),
            ex.clone(),
            SeriesStyle::Line,
        ));
    }
    out.push(Figure {
        id: "density".into(),
        title: "Density snapshots: Fokker–Planck vs exact Gaussian".into(),
        x_label: "x".into(),
        y_label: "u(t, x)".into(),
        log_x: false,
        log_y: false,
        series: snaps,
        field: None,
    });
    out
}
