//! The hypoelliptic experiment's verdicts, tables and figures.

use sgdpde_analysis::MeanEstimate;
use sgdpde_landscape::{CoupledDoubleWell, Landscape};

use super::{Config, ExitPoint, StationaryStudy};
use crate::error::Result;
use crate::report::{Figure, Report, Series, SeriesStyle, Table, round_sig};
use crate::verdict::{Criterion, Verdict};

/// Histogram bins of the Monte Carlo `x`-marginal.
const BINS: usize = 25;

/// A computed tolerance kept to 3 significant digits (stable snapshots).
fn tolerance(t: f64) -> f64 {
    round_sig(t, 3)
}

/// Moments `E x²`, `E y²` and the mass of `{x > 0}` of a grid density.
fn grid_moments(grid: &sgdpde_fokker_planck::Grid, u: &[f64]) -> [f64; 3] {
    let c = grid.centers();
    let v = grid.cell_volume();
    let mut m = [0.0; 3];
    for (k, p) in u.iter().enumerate() {
        let (x, y) = (c[2 * k], c[2 * k + 1]);
        m[0] += x * x * p * v;
        m[1] += y * y * p * v;
        if x > 0.0 {
            m[2] += p * v;
        }
    }
    m
}

/// The Gibbs density `e^{−2L/ε}` normalised on the grid (what the
/// stationary state would be with isotropic noise).
fn gibbs(cfg: &Config, grid: &sgdpde_fokker_planck::Grid) -> Result<Vec<f64>> {
    let land = CoupledDoubleWell::new(cfg.omega, cfg.stationary_kappa)?;
    let w = grid.map_centers(|x| (-2.0 * land.value(x) / cfg.epsilon).exp());
    let z: f64 = w.iter().sum::<f64>() * grid.cell_volume();
    Ok(w.iter().map(|v| v / z).collect())
}

fn x_marginal(grid: &sgdpde_fokker_planck::Grid, u: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let n = grid.cells()[0];
    let hy = grid.spacing(1);
    let mut m = vec![0.0; n];
    for (k, p) in u.iter().enumerate() {
        m[k % n] += p * hy;
    }
    ((0..n).map(|i| grid.coordinate(0, i)).collect(), m)
}

fn exit_verdicts(cfg: &Config, exits: &[ExitPoint], out: &mut Vec<Verdict>) {
    for e in exits {
        match (e.pde, &e.mc) {
            ([Some(coarse), Some(fine)], Some(mc)) => {
                let m = mc.mean_exit_time();
                // Upwinding makes the x-flux first order: with ratio 3 the
                // fine error is ≈ half the coarse–fine difference, which
                // therefore bounds it.
                let grid = (coarse - fine).abs();
                out.push(Verdict::judge(
                    format!(
                        "κ = {}: Monte Carlo mean exit time equals the backward PDE with the degenerate axis upwinded ({} of {} paths exited)",
                        e.kappa,
                        mc.exited(),
                        mc.paths()
                    ),
                    "Qᵀ T = −1, D = diag(0, ε/2), upwind in x (first order); tolerance k SE + |T_coarse − T_fine|",
                    fine,
                    m.mean,
                    Some(m.std_error),
                    Criterion::Absolute {
                        abs: tolerance(cfg.k_se * m.std_error + grid),
                    },
                ));
            }
            ([None, None], Some(mc)) => {
                out.push(Verdict::judge(
                    format!(
                        "κ = {}: the backward PDE reports E τ = ∞ at the start on both grids (1 = Never), the x equation being deterministic",
                        e.kappa
                    ),
                    "ẋ = −x(x² − 1) pins X at −1: exit impossible (reachability criterion, proofs-notes/fokker-planck-backward.md)",
                    1.0,
                    1.0,
                    None,
                    Criterion::Absolute { abs: 0.0 },
                ));
                out.push(Verdict::judge(
                    format!(
                        "κ = {}: no Monte Carlo path exits by t = {} (exits counted)",
                        e.kappa,
                        mc.t_max()
                    ),
                    "X_t = −1 for all t (no noise reaches x)",
                    0.0,
                    mc.exited() as f64,
                    None,
                    Criterion::Absolute { abs: 0.0 },
                ));
            }
            _ => {}
        }
    }
}

/// Assembles the report.
pub(crate) fn build_report(
    cfg: &Config,
    exits: &[ExitPoint],
    stat: &StationaryStudy,
) -> Result<Report> {
    let mut verdicts = Vec::new();
    exit_verdicts(cfg, exits, &mut verdicts);

    // Stationary moments: PDE (coarse, fine), Gibbs (fine grid), Monte Carlo.
    let (g_coarse, u_coarse) = &stat.grids[0];
    let (g_fine, u_fine) = &stat.grids[1];
    let pc = grid_moments(g_coarse, u_coarse);
    let pf = grid_moments(g_fine, u_fine);
    let gibbs_fine = gibbs(cfg, g_fine)?;
    let gm = grid_moments(g_fine, &gibbs_fine);
    let n = stat.states.len() / 2;
    let xs: Vec<f64> = (0..n).map(|k| stat.states[2 * k]).collect();
    let ys: Vec<f64> = (0..n).map(|k| stat.states[2 * k + 1]).collect();
    let mx2 = MeanEstimate::from_samples(&xs.iter().map(|x| x * x).collect::<Vec<_>>())?;
    let my2 = MeanEstimate::from_samples(&ys.iter().map(|y| y * y).collect::<Vec<_>>())?;
    let right = MeanEstimate::from_samples(
        &xs.iter()
            .map(|x| if *x > 0.0 { 1.0 } else { 0.0 })
            .collect::<Vec<_>>(),
    )?;
    for (name, j, est) in [("E X²", 0, &mx2), ("E Y²", 1, &my2)] {
        // k SE + the grid error bound |coarse − fine| (first order in x);
        // the start at the saddle is symmetric, so the slow antisymmetric
        // mode is absent and the transient at t is ≤ e^{−0.76 t}
        // (linearised symmetric rate, proofs-notes) — negligible.
        out_push_moment(cfg, &mut verdicts, name, pf[j], pc[j], est);
    }
    verdicts.push(Verdict::judge(
        "stationary mass of {x > 0} is 1/2 (symmetry (x, y) → (−x, −y) of L and of the noise); Monte Carlo from the saddle",
        "exact symmetry; binomial SE",
        0.5,
        right.mean,
        Some(right.std_error),
        Criterion::WithinStdErrors { k: cfg.k_se },
    ));
    // Not Gibbs: the PDE stationary E y² differs from the Gibbs one by more
    // than the PDE's own grid error bound.
    verdicts.push(Verdict::judge(
        "the stationary density is not Gibbs: |E_π Y² − E_Gibbs Y²| exceeds the PDE grid error bound",
        "degenerate D = diag(0, ε/2): ∇·(e^{−2L/ε}∇L) + (ε/2)∂ᵧ²e^{−2L/ε} = ∂ₓ(e^{−2L/ε}∂ₓL) ≠ 0",
        tolerance((pc[1] - pf[1]).abs()),
        (pf[1] - gm[1]).abs(),
        None,
        Criterion::AtLeast { slack: 0.0 },
    ));

    let exit_rows: Vec<Vec<f64>> = exits
        .iter()
        .map(|e| {
            let m = e.mc.as_ref().map(|s| s.mean_exit_time());
            vec![
                e.kappa,
                e.pde[0].unwrap_or(f64::INFINITY),
                e.pde[1].unwrap_or(f64::INFINITY),
                // First-order Richardson extrapolation with ratio 3.
                match e.pde {
                    [Some(c), Some(f)] => f + (f - c) / 2.0,
                    _ => f64::INFINITY,
                },
                m.map_or(f64::NAN, |m| m.mean),
                m.map_or(f64::NAN, |m| m.std_error),
                e.mc.as_ref().map_or(f64::NAN, |s| s.censored() as f64),
            ]
        })
        .collect();
    let tables = vec![
        Table {
            id: "exit-times".into(),
            caption: format!(
                "Mean exit time from (−1, −κ) through x = 1 versus the coupling κ (PDE on {0}² and {1}² cells, first order in x because of upwinding, and its Richardson extrapolation f + (f − c)/2; ∞ = exit not almost sure; Monte Carlo where the PDE mean ≤ {2}, else NaN — at small κ the upwind numerical diffusion in x dominates the escape and the PDE is far from converged)",
                cfg.cells,
                3 * cfg.cells,
                cfg.mc_max_mean
            ),
            columns: [
                "kappa",
                "T_pde_coarse",
                "T_pde_fine",
                "T_pde_richardson",
                "T_mc",
                "se_mc",
                "censored",
            ]
            .map(String::from)
            .to_vec(),
            rows: exit_rows,
        },
        Table {
            id: "stationary-moments".into(),
            caption: format!(
                "Stationary moments at κ = {}: rows PDE coarse, PDE fine, Gibbs e^(−2L/ε) on the fine grid, Monte Carlo at t = {} from the saddle (with SE)",
                cfg.stationary_kappa, cfg.stationary_time
            ),
            columns: [
                "source",
                "E_x2",
                "E_y2",
                "mass_x_pos",
                "se_x2",
                "se_y2",
                "se_mass",
            ]
            .map(String::from)
            .to_vec(),
            rows: vec![
                vec![0.0, pc[0], pc[1], pc[2], 0.0, 0.0, 0.0],
                vec![1.0, pf[0], pf[1], pf[2], 0.0, 0.0, 0.0],
                vec![2.0, gm[0], gm[1], gm[2], 0.0, 0.0, 0.0],
                vec![
                    3.0,
                    mx2.mean,
                    my2.mean,
                    right.mean,
                    mx2.std_error,
                    my2.std_error,
                    right.std_error,
                ],
            ],
        },
    ];

    // Figures.
    let finite: Vec<&ExitPoint> = exits.iter().filter(|e| e.pde[1].is_some()).collect();
    let with_mc: Vec<(f64, f64, f64)> = finite
        .iter()
        .filter_map(|e| {
            e.mc.as_ref().map(|s| {
                let m = s.mean_exit_time();
                (e.kappa, m.mean, m.std_error)
            })
        })
        .collect();
    let exit_fig = Figure {
        id: "exit-time-vs-kappa".into(),
        title: "Hypoelliptic exit time versus coupling κ (κ = 0: never)".into(),
        x_label: "κ".into(),
        y_label: "E τ".into(),
        log_x: false,
        log_y: true,
        series: vec![
            Series::new(
                "backward PDE (fine grid, x upwinded)",
                finite.iter().map(|e| e.kappa).collect(),
                finite
                    .iter()
                    .map(|e| e.pde[1].unwrap_or(f64::NAN))
                    .collect(),
                SeriesStyle::Line,
            ),
            Series::with_errors(
                "Monte Carlo ± SE",
                with_mc.iter().map(|p| p.0).collect(),
                with_mc.iter().map(|p| p.1).collect(),
                with_mc.iter().map(|p| p.2).collect(),
            ),
        ],
        field: None,
    };
    let (xc, pde_marg) = x_marginal(g_fine, u_fine);
    let (_, gibbs_marg) = x_marginal(g_fine, &gibbs_fine);
    let lo = g_fine.lower()[0];
    let width = (g_fine.upper()[0] - lo) / BINS as f64;
    let mut counts = [0.0; BINS];
    for x in &xs {
        let b = ((x - lo) / width).floor();
        if b >= 0.0 && (b as usize) < BINS {
            counts[b as usize] += 1.0;
        }
    }
    let nf = n as f64;
    let hist_x: Vec<f64> = (0..BINS).map(|b| lo + (b as f64 + 0.5) * width).collect();
    let hist_err: Vec<f64> = counts
        .iter()
        .map(|c| (c / nf * (1.0 - c / nf) / nf).sqrt() / width)
        .collect();
    let hist: Vec<f64> = counts.iter().map(|c| c / (nf * width)).collect();
    let density_fig = Figure {
        id: "stationary-x-marginal".into(),
        title: format!(
            "Stationary x-marginal at κ = {}: upwinded PDE vs Monte Carlo (and the Gibbs density it is not)",
            cfg.stationary_kappa
        ),
        x_label: "x".into(),
        y_label: "density".into(),
        log_x: false,
        log_y: false,
        series: vec![
            Series::new(
                "PDE stationary (fine grid)",
                xc.clone(),
                pde_marg,
                SeriesStyle::Line,
            ),
            Series::new("Gibbs e^(−2L/ε)", xc, gibbs_marg, SeriesStyle::Dashed),
            Series::with_errors("Monte Carlo histogram ± SE", hist_x, hist, hist_err),
        ],
        field: None,
    };

    let setup = vec![
        (
            "temperature convention".into(),
            "noise √ε dW in y only: dX = −∂ₓL dt, dY = −∂ᵧL dt + √ε dW (D = diag(0, ε/2))".into(),
        ),
        (
            "landscape".into(),
            format!(
                "double-well-2d L = (x²−1)²/4 + (ω/2)(y − κx)², ω = {}",
                cfg.omega
            ),
        ),
        ("ε".into(), cfg.epsilon.to_string()),
        (
            "exit study".into(),
            format!(
                "κ ∈ {:?}; start (−1, −κ); τ = inf{{t : X ≥ 1}}; Monte Carlo: Euler–Maruyama, dt = {}, {} paths, horizon 30 × PDE mean (20 for κ = 0), only where the PDE mean ≤ {}; seeds {} + j",
                cfg.kappas, cfg.dt, cfg.exit_paths, cfg.mc_max_mean, cfg.seed
            ),
        ),
        (
            "PDE".into(),
            format!(
                "rate matrix with Scharfetter–Gummel in y and upwinding in x (zero diffusion); exit grids x ∈ [−3, 1] (absorbing at 1), y ∈ [−κ − 3, −κ + 3]; stationary grid [−2.5, 2.5]² reflecting; {}² and {}² cells",
                cfg.cells,
                3 * cfg.cells
            ),
        ),
        (
            "stationary study".into(),
            format!(
                "κ = {}; Monte Carlo {} paths from the saddle (0, 0) observed at t = {}, seed {} + 100",
                cfg.stationary_kappa, cfg.stationary_paths, cfg.stationary_time, cfg.seed
            ),
        ),
        ("seed".into(), cfg.seed.to_string()),
        ("k (standard errors)".into(), cfg.k_se.to_string()),
    ];
    Ok(Report {
        id: super::NAME.into(),
        title: super::TITLE.into(),
        question: "With noise acting in one direction only (degenerate, rank-one diffusion as in SGD), can the process still leave a well, how does the exit time depend on the coupling κ that carries the noise to the other coordinate, and what is the stationary density — does the upwinded degenerate Fokker–Planck equation agree with Monte Carlo?".into(),
        setup,
        tables,
        figures: vec![
            exit_fig,
            density_fig,
            super::density_map::density_figure(cfg, g_fine, u_fine)?,
        ],
        verdicts,
    })
}

fn out_push_moment(
    cfg: &Config,
    out: &mut Vec<Verdict>,
    name: &str,
    fine: f64,
    coarse: f64,
    est: &MeanEstimate,
) {
    out.push(Verdict::judge(
        format!(
            "stationary {name}: Monte Carlo equals the upwinded Fokker–Planck stationary state"
        ),
        "stationary(Q), D = diag(0, ε/2); tolerance k SE + |coarse − fine| (first order in x)",
        fine,
        est.mean,
        Some(est.std_error),
        Criterion::Absolute {
            abs: tolerance(cfg.k_se * est.std_error + (coarse - fine).abs()),
        },
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use sgdpde_fokker_planck::Grid;

    #[test]
    fn grid_moments_of_a_uniform_density() {
        // Uniform on [−1, 1]²: E x² = E y² = 1/3 up to the midpoint rule's
        // −h²/12 (h = 0.2: 1/3 − 0.04/12), mass of x > 0 is ½.
        let g = Grid::new(&[-1.0, -1.0], &[1.0, 1.0], &[10, 10]).unwrap();
        let u = vec![0.25; 100];
        let m = grid_moments(&g, &u);
        assert!((m[0] - (1.0 / 3.0 - 0.04 / 12.0)).abs() < 1e-12);
        assert!((m[1] - m[0]).abs() < 1e-12);
        assert!((m[2] - 0.5).abs() < 1e-12);
        let (_, marg) = x_marginal(&g, &u);
        assert!(marg.iter().all(|v| (v - 0.5).abs() < 1e-12));
    }
}
