//! The `entropy` report: setup, tables and figures as data.

use super::grid_decay::GridDecay;
use super::{BeGaussian, Config, DoubleWellDecay, Hypo};
use crate::report::{Figure, Series, SeriesStyle, Table};

pub(super) fn setup(c: &Config) -> Vec<(String, String)> {
    let kv = |k: &str, v: String| (k.to_owned(), v);
    vec![
        kv(
            "convention",
            "dX = −∇L dt + √ε dW (D = ε/2, u∞ ∝ e^(−2L/ε)); linear cases dX = −HX dt + b dW".into(),
        ),
        kv(
            "Bakry–Émery (exact Gaussians)",
            format!(
                "L = λx²/2, λ = {}, ε ∈ {:?}, u₀ = N({}, {}·ε/(2λ)), t ≤ {}, {} times per unit",
                c.lambda, c.be_epsilons, c.be_m0, c.be_variance_ratio, c.be_t_end, c.times_per_unit
            ),
        ),
        kv(
            "Bakry–Émery (grid)",
            format!(
                "L = λx²/2 + {}x⁴/4, ε = {}, {} cells on [−{w}, {w}] (reflecting), implicit Euler dt = {}, same u₀ shape",
                c.quartic,
                c.grid_epsilon,
                c.grid_cells,
                c.grid_dt,
                w = c.grid_half_width
            ),
        ),
        kv(
            "hypocoercive",
            format!(
                "H = diag({}, {}), b = √τ(1, 1)ᵀ, τ = {}; u₀ = N(m₀, K∞) with m₀ ⊥ K∞⁻¹b, |m₀| = 1; fit on [{}, {}]; non-Kalman: b = √τ(1, 0)ᵀ, u₀ = N((1, 1), diag({}·K∞₁₁, 0.05))",
                c.lambda, c.h2, c.tau, c.hypo_fit_from, c.hypo_t_end, c.be_variance_ratio
            ),
        ),
        kv(
            "double well",
            format!(
                "L = x⁴/4 − x²/2, ε = {}, {} cells on [−{w}, {w}], implicit Euler dt = {}, u₀ = N({}, {}), fit of ln KL on [{}, {}]",
                c.dw_epsilon,
                c.dw_cells,
                c.dw_dt,
                c.dw_x0,
                c.dw_v0,
                c.dw_fit_from,
                c.dw_t_end,
                w = c.dw_half_width
            ),
        ),
        kv(
            "seed",
            format!(
                "{} (unused: no Monte Carlo, every number is deterministic)",
                c.seed
            ),
        ),
    ]
}

pub(super) fn tables(
    c: &Config,
    be: &[BeGaussian],
    grid: &GridDecay,
    hy: &Hypo,
    dw: &DoubleWellDecay,
) -> Vec<Table> {
    let mut rows: Vec<Vec<f64>> = be
        .iter()
        .map(|b| vec![b.epsilon, 2.0 * c.lambda, b.constant])
        .collect();
    rows.push(vec![
        c.grid_epsilon,
        2.0 * c.lambda,
        grid.kl.last().copied().unwrap_or(f64::NAN) / grid.kl[0],
    ]);
    let mut out = vec![Table {
        id: "bakry_emery".into(),
        caption: "Convex cases: temperature, Bakry–Émery rate 2λ, decay constant sup KL_t e^(2λt)/KL_0 (grid row: KL_T/KL_0)".into(),
        columns: vec!["epsilon".into(), "rate 2λ".into(), "constant".into()],
        rows,
    }];
    out.push(Table {
        id: "hypocoercive".into(),
        caption: "Rank-one noise: κ(K∞), measured constant c, initial rate, late KL rate (theory 2λ), W₂ rate without Kalman (theory λ)".into(),
        columns: vec![
            "kappa".into(),
            "c".into(),
            "initial rate".into(),
            "KL rate".into(),
            "W2 rate".into(),
        ],
        rows: vec![vec![hy.kappa, hy.constant, hy.initial_rate, hy.rate, hy.w2_rate]],
    });
    let (fitted, predicted, bound, delta, rho) = dw.fit.map_or([f64::NAN; 5].into(), |f| {
        (f.fitted, f.predicted, f.bound, f.delta, f.rho)
    });
    out.push(Table {
        id: "double_well".into(),
        caption: "Double well: λ₁ (gap), λ₂, continuum 2λ₁, implicit-Euler prediction, fitted KL rate, its bound with δ (KL vs ½χ²) and ρ (fast modes) at the window start, local-convexity rate 2L''(±1) = 4".into(),
        columns: vec![
            "lambda1".into(),
            "lambda2".into(),
            "2 lambda1".into(),
            "predicted".into(),
            "fitted".into(),
            "bound".into(),
            "delta".into(),
            "rho".into(),
            "2 L''(min)".into(),
        ],
        rows: vec![vec![dw.lambda1, dw.lambda2, 2.0 * dw.lambda1, predicted, fitted, bound, delta, rho, 4.0]],
    });
    out
}

fn normalised(y: &[f64]) -> Vec<f64> {
    y.iter().map(|v| v / y[0]).collect()
}

fn exp_curve(times: &[f64], scale: f64, rate: f64) -> Vec<f64> {
    times.iter().map(|t| scale * (-rate * t).exp()).collect()
}

pub(super) fn figures(
    c: &Config,
    be: &[BeGaussian],
    grid: &GridDecay,
    hy: &Hypo,
    dw: &DoubleWellDecay,
) -> Vec<Figure> {
    let lam = c.lambda;
    let mut s = Vec::new();
    for b in be {
        s.push(Series::new(
            format!("exact Gaussian, ε = {}", b.epsilon),
            b.times.clone(),
            normalised(&b.kl),
            SeriesStyle::Line,
        ));
    }
    let stride = (grid.times.len() / 60).max(1);
    let pick = |v: &[f64]| v.iter().step_by(stride).copied().collect::<Vec<_>>();
    s.push(Series::new(
        format!("grid, L = λx²/2 + {}x⁴/4", c.quartic),
        pick(&grid.times),
        pick(&normalised(&grid.kl)),
        SeriesStyle::Points,
    ));
    s.push(Series::new(
        "bound e^(−2λt)",
        be[0].times.clone(),
        exp_curve(&be[0].times, 1.0, 2.0 * lam),
        SeriesStyle::Dashed,
    ));
    let mut out = vec![Figure {
        id: "bakry_emery".into(),
        title: "Bakry–Émery: KL(u_t‖u∞)/KL(u₀‖u∞) under the bound e^(−2λt)".into(),
        x_label: "t".into(),
        y_label: "KL_t / KL_0".into(),
        log_x: false,
        log_y: true,
        series: s,
        field: None,
    }];
    out.push(Figure {
        id: "hypocoercive".into(),
        title: "Rank-one noise: KL decays at 2λ_min only up to a constant c ≤ κ(K∞); W₂ without Kalman at λ_min".into(),
        x_label: "t".into(),
        y_label: "normalised distance".into(),
        log_x: false,
        log_y: true,
        series: vec![
            Series::new("KL_t/KL_0, m₀ ⊥ K∞⁻¹b", hy.times.clone(), normalised(&hy.kl), SeriesStyle::Line),
            Series::new("e^(−2λt)", hy.times.clone(), exp_curve(&hy.times, 1.0, 2.0 * lam), SeriesStyle::Dashed),
            Series::new("κ(K∞) e^(−2λt)", hy.times.clone(), exp_curve(&hy.times, hy.kappa, 2.0 * lam), SeriesStyle::Dashed),
            Series::new("W₂_t/W₂_0, b ∥ e₁ (no Kalman)", hy.times.clone(), normalised(&hy.w2), SeriesStyle::Line),
            Series::new("e^(−λt)", hy.times.clone(), exp_curve(&hy.times, 1.0, lam), SeriesStyle::Dashed),
        ],
        field: None,
    });
    let d = &dw.decay;
    let mut series = vec![Series::new(
        "KL(u_t‖π), Fokker–Planck",
        d.times.clone(),
        d.kl.clone(),
        SeriesStyle::Points,
    )];
    if let Some(f) = dw.fit {
        let k1 = d.times.iter().position(|&t| t >= f.t1).unwrap_or(0);
        let anchor = d.kl[k1] * (f.predicted * f.t1).exp();
        series.push(Series::new(
            format!("2·gap slope (2 ln(1 + λ₁dt)/dt = {:.4})", f.predicted),
            d.times.clone(),
            exp_curve(&d.times, anchor, f.predicted),
            SeriesStyle::Dashed,
        ));
    }
    series.push(Series::new(
        "local-convexity rate e^(−2L''(±1)t)·KL_0 (not a bound here)",
        d.times.clone(),
        exp_curve(&d.times, d.kl[0], 4.0)
            .into_iter()
            .map(|v| v.max(1e-300))
            .collect(),
        SeriesStyle::Dashed,
    ));
    out.push(Figure {
        id: "double_well".into(),
        title: "Double well: relative entropy decays at twice the spectral gap".into(),
        x_label: "t".into(),
        y_label: "KL(u_t‖π)".into(),
        log_x: false,
        log_y: true,
        series,
        field: None,
    });
    out
}
