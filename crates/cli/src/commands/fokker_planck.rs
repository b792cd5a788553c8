//! `sgdpde fokker-planck`: evolve the law of `dX = −∇L dt + √ε dW` on a grid,
//! or compute its stationary state and spectrum.
//!
//! Convention (shared/math.md §1): `D = ε/2`, Gibbs density `∝ e^{−2L/ε}`.
//!
//! With `--out DIR`: `summary.json` (the `--json` object), `density.npy`
//! (the final or stationary density, shape = cells, `density[i0, i1, …]` =
//! cell `(i0, i1, …)`), `stationary.npy` (same shape, when it exists),
//! `axis<k>.npy` (cell centres of axis k), `eigenvalues.npy` (with
//! `--spectrum`), in 2-D `density.png` and `density.svg` (a heatmap of the
//! density with contours of the landscape), then `manifest.json`.

use anyhow::{Context, bail};
use serde_json::{Value, json};
use sgdpde_fokker_planck::{
    Boundary, BoundaryConditions, FokkerPlanck, Grid, Isotropic, Scheme, Stepper, diagnostics,
    smallest_eigenvalues, stationary, steps_to,
};
use sgdpde_landscape::Landscape;

use crate::output::results::{self, Array, OutArgs};

/// Boundary condition on every face.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Bc {
    /// Zero flux (mass conserved).
    Reflecting,
    /// Zero density outside (mass leaves).
    Absorbing,
    /// Opposite faces glued.
    Periodic,
}

/// Time-stepping scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SchemeArg {
    /// Implicit Euler: first order, positive for any dt.
    ImplicitEuler,
    /// TR-BDF2: second order, L-stable, not unconditionally positive.
    TrBdf2,
}

/// Arguments of `sgdpde fokker-planck`.
#[derive(Debug, clap::Args, serde::Serialize)]
#[command(
    after_help = "Files in --out: summary.json (the --json object), density.npy (final or stationary density, \
shape = cells, density[i0, i1, ...] = cell (i0, i1, ...)), stationary.npy (same shape, reflecting/periodic), \
axis<k>.npy (cell centres of axis k), eigenvalues.npy (with --spectrum), in 2-D density.png and density.svg \
(heatmap of the density, contours of the landscape), manifest.json (every parameter; written last)."
)]
pub struct Args {
    #[command(flatten)]
    #[serde(flatten)]
    source: crate::problem_arg::Source,
    /// Override a landscape parameter, `--param name=value` (repeatable).
    #[arg(long = "param", value_name = "NAME=VALUE", value_parser = crate::params::parse_param)]
    params: Vec<(String, f64)>,
    /// Temperature ε of `dX = −∇L dt + √ε dW` (D = ε/2).
    #[arg(long, default_value_t = 0.5)]
    epsilon: f64,
    /// Lower corner, comma-separated (default −3 on every axis).
    #[arg(long, value_delimiter = ',', allow_hyphen_values = true)]
    lower: Vec<f64>,
    /// Upper corner, comma-separated (default 3 on every axis).
    #[arg(long, value_delimiter = ',', allow_hyphen_values = true)]
    upper: Vec<f64>,
    /// Cells per axis, comma-separated (default 200 / 100 / 30 in 1-D / 2-D / 3-D).
    #[arg(long, value_delimiter = ',')]
    cells: Vec<usize>,
    /// Boundary condition on every face.
    #[arg(long, value_enum, default_value_t = Bc::Reflecting)]
    bc: Bc,
    /// Evolve to this time from a Gaussian at `--x0` with standard deviation `--sd`.
    #[arg(long, conflicts_with = "stationary")]
    t_end: Option<f64>,
    /// Time step.
    #[arg(long, default_value_t = 0.01)]
    dt: f64,
    /// Time-stepping scheme.
    #[arg(long, value_enum, default_value_t = SchemeArg::ImplicitEuler)]
    scheme: SchemeArg,
    /// Centre of the initial Gaussian, comma-separated (default the origin).
    #[arg(long, value_delimiter = ',', allow_hyphen_values = true)]
    x0: Vec<f64>,
    /// Standard deviation of the initial Gaussian.
    #[arg(long, default_value_t = 0.1)]
    sd: f64,
    /// Compute the stationary density instead of a transient.
    #[arg(long)]
    stationary: bool,
    /// Also report the k smallest non-zero eigenvalues of −Q.
    #[arg(long, value_name = "K")]
    spectrum: Option<usize>,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long)]
    #[serde(skip)]
    threads: Option<usize>,
    #[command(flatten)]
    #[serde(skip)]
    out: OutArgs,
}

/// The grid function `u` (axis 0 fastest) in C order (last axis fastest),
/// so that NumPy's `a[i0, i1, …]` is cell `(i0, i1, …)`.
fn c_order(g: &Grid, u: &[f64]) -> Vec<f64> {
    let cells = g.cells();
    let mut multi = vec![0usize; cells.len()];
    let mut out = Vec::with_capacity(u.len());
    for _ in 0..u.len() {
        out.push(u[g.index(&multi)]);
        for a in (0..cells.len()).rev() {
            multi[a] += 1;
            if multi[a] < cells[a] {
                break;
            }
            multi[a] = 0;
        }
    }
    out
}

fn or_default(v: &[f64], d: usize, default: f64) -> Vec<f64> {
    if v.is_empty() {
        vec![default; d]
    } else {
        v.to_vec()
    }
}

/// Runs the command.
pub fn run(args: &Args) -> anyhow::Result<()> {
    crate::threads::pool(args.threads)?.install(|| run_in_pool(args))
}

fn run_in_pool(args: &Args) -> anyhow::Result<()> {
    let l = args
        .source
        .landscape(&args.params, "fokker-planck")?
        .landscape;
    let d = l.dim();
    if !(1..=3).contains(&d) {
        bail!("fokker-planck needs a landscape of dimension 1, 2 or 3 (this one has {d})");
    }
    let lower = or_default(&args.lower, d, -3.0);
    let upper = or_default(&args.upper, d, 3.0);
    let cells = if args.cells.is_empty() {
        vec![[200, 100, 30][d - 1]; d]
    } else {
        args.cells.clone()
    };
    let grid = Grid::new(&lower, &upper, &cells)?;
    let b = match args.bc {
        Bc::Reflecting => Boundary::Reflecting,
        Bc::Absorbing => Boundary::Absorbing,
        Bc::Periodic => Boundary::Periodic,
    };
    let diffusion = Isotropic::from_temperature(d, args.epsilon)?;
    let fp = FokkerPlanck::gradient(grid, BoundaryConditions::uniform(d, b), &l, &diffusion)?;
    let g = fp.grid().clone();
    let pi = if b == Boundary::Absorbing {
        None
    } else {
        Some(stationary(&fp).context("stationary state")?)
    };

    let (mode, u, t_end) = if args.stationary {
        let Some(p) = pi.clone() else {
            bail!(
                "--stationary needs reflecting or periodic boundaries (absorbing faces leak mass)"
            )
        };
        ("stationary", p, None)
    } else {
        let t_end = args.t_end.unwrap_or(1.0);
        if !(t_end.is_finite() && t_end > 0.0) {
            bail!("--t-end = {t_end} must be finite and > 0");
        }
        if !(args.sd.is_finite() && args.sd > 0.0) {
            bail!("--sd = {} must be finite and > 0", args.sd);
        }
        let x0 = or_default(&args.x0, d, 0.0);
        if x0.len() != d {
            bail!(
                "--x0 has {} coordinates, the landscape has dimension {d}",
                x0.len()
            );
        }
        let mut u = g.map_centers(|x| {
            (-x.iter().zip(&x0).map(|(a, b)| (a - b).powi(2)).sum::<f64>()
                / (2.0 * args.sd * args.sd))
                .exp()
        });
        let m = g.mass(&u);
        if m.is_nan() || m <= 0.0 {
            bail!("the initial Gaussian has no mass on the grid");
        }
        u.iter_mut().for_each(|v| *v /= m);
        let steps = steps_to(t_end, args.dt)?;
        let scheme = match args.scheme {
            SchemeArg::ImplicitEuler => Scheme::ImplicitEuler,
            SchemeArg::TrBdf2 => Scheme::TrBdf2,
        };
        let mut st = Stepper::new(&fp, scheme, t_end / steps as f64)?;
        st.run(&mut u, steps, |_, _| {})?;
        ("transient", u, Some(t_end))
    };

    let diag = pi
        .as_ref()
        .map(|p| diagnostics(&fp, &u, p, Some(diffusion.value())))
        .transpose()?;
    let eigenvalues = args
        .spectrum
        .map(|k| smallest_eigenvalues(&fp, k))
        .transpose()?;
    let mut out = json!({
        "landscape": args.source.name(),
        "temperature": { "epsilon": args.epsilon, "D": diffusion.value(),
                         "convention": "dX = -grad L dt + sqrt(eps) dW, D = eps/2" },
        "grid": { "lower": lower, "upper": upper, "cells": cells },
        "bc": format!("{:?}", args.bc).to_lowercase(),
        "mode": mode,
        "t_end": t_end,
        "mass": g.mass(&u),
        "minimum": u.iter().copied().fold(f64::INFINITY, f64::min),
        "relative_entropy": diag.map(|x| x.relative_entropy),
        "l1_to_stationary": diag.map(|x| x.l1_distance),
        "eigenvalues": eigenvalues.as_ref().map(|s| s.re.clone()),
        "eigenvalue_method": eigenvalues.as_ref().map(|s| s.method),
    });
    if let Some(s) = &eigenvalues {
        // Flag (not an error): eigenvalues below the solver's resolution are
        // zero within round-off, e.g. the gap of a deep well at small ε.
        let below = s.below_resolution();
        out["eigenvalue_resolution"] = json!(s.resolution);
        out["eigenvalues_below_resolution"] = json!(below);
        if !below.is_empty() {
            warn!(
                "warning: eigenvalue(s) {below:?} of −Q lie below the solver's resolution n·u·‖Q‖ = {:.2e}: \
                 zero within round-off, not a measured rate (the gap of a well this deep is beyond \
                 double precision on this grid)",
                s.resolution
            );
        }
    }
    let density = c_order(&g, &u);
    let stationary_c = pi.as_ref().map(|p| c_order(&g, p));
    let axes: Vec<Vec<f64>> = (0..d)
        .map(|a| (0..cells[a]).map(|i| g.coordinate(a, i)).collect())
        .collect();
    let axis_names: Vec<String> = (0..d).map(|a| format!("axis{a}.npy")).collect();
    let mut arrays = vec![Array {
        name: "density.npy",
        shape: &cells,
        data: &density,
    }];
    if let Some(p) = &stationary_c {
        arrays.push(Array {
            name: "stationary.npy",
            shape: &cells,
            data: p,
        });
    }
    let axis_shapes: Vec<[usize; 1]> = axes.iter().map(|a| [a.len()]).collect();
    for ((name, a), shape) in axis_names.iter().zip(&axes).zip(&axis_shapes) {
        arrays.push(Array {
            name,
            shape,
            data: a,
        });
    }
    let eig_shape = [eigenvalues.as_ref().map_or(0, |s| s.re.len())];
    if let Some(s) = &eigenvalues {
        arrays.push(Array {
            name: "eigenvalues.npy",
            shape: &eig_shape,
            data: &s.re,
        });
    }
    results::write_with(&args.out, "fokker-planck", args, &out, &arrays, |dir| {
        if d != 2 {
            return Ok(Vec::new());
        }
        let fig = density_figure(args, &l, &g, &u, mode, &axes);
        crate::output::plot::render(&fig, dir, "density")?;
        Ok(vec!["density.png".into(), "density.svg".into()])
    })?;
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&out)?)?;
    } else {
        print_human(&out)?;
    }
    Ok(())
}

/// The 2-D density `u` as a heatmap with contours of the landscape where
/// the Gibbs density `e^{−2L/ε}` has dropped by `e^{−k}` from its maximum
/// on the grid (`L = L_min + kε/2`, k = 1, 2, 4, 8, 16), and the
/// landscape's known minima and saddles inside the grid.
fn density_figure(
    args: &Args,
    l: &sgdpde_landscape::AnyLandscape,
    g: &Grid,
    u: &[f64],
    mode: &str,
    axes: &[Vec<f64>],
) -> sgdpde_experiments::Figure {
    use sgdpde_landscape::KnownCriticalPoints;
    // The grid order (axis 0 fastest) is the field's row-major order.
    let mut field =
        sgdpde_experiments::Field::density("density", axes[0].clone(), axes[1].clone(), u.to_vec());
    field.contour_values = g.map_centers(|x| l.value(x));
    let l_min = field
        .contour_values
        .iter()
        .copied()
        .filter(|v| v.is_finite())
        .fold(f64::INFINITY, f64::min);
    field.levels = [1.0, 2.0, 4.0, 8.0, 16.0]
        .map(|k| l_min + k * args.epsilon / 2.0)
        .to_vec();
    field.contour_label = "contours of L at L_min + kε/2, k = 1, 2, 4, 8, 16".into();
    let (lo, hi) = (g.lower(), g.upper());
    let inside: Vec<_> = l
        .known_critical_points()
        .into_iter()
        .filter(|p| p.x.len() == 2 && (0..2).all(|a| lo[a] <= p.x[a] && p.x[a] <= hi[a]))
        .collect();
    sgdpde_experiments::Figure {
        id: "density".into(),
        title: format!(
            "Fokker–Planck {mode} density, {}, ε = {}",
            args.source.name(),
            args.epsilon
        ),
        x_label: "x₁".into(),
        y_label: "x₂".into(),
        log_x: false,
        log_y: false,
        series: sgdpde_experiments::critical_points(&inside),
        field: Some(field),
    }
}

fn print_human(v: &Value) -> Result<(), crate::stdio::StdoutError> {
    outln!(
        "Fokker–Planck  {}  ({})",
        v["landscape"],
        v["temperature"]["convention"]
    )?;
    outln!(
        "  ε = {}, D = {}",
        v["temperature"]["epsilon"],
        v["temperature"]["D"]
    )?;
    outln!(
        "  grid {} … {} cells {}  bc {}",
        v["grid"]["lower"],
        v["grid"]["upper"],
        v["grid"]["cells"],
        v["bc"]
    )?;
    outln!("  mode {}  t_end {}", v["mode"], v["t_end"])?;
    outln!("  mass {}  minimum {}", v["mass"], v["minimum"])?;
    outln!(
        "  KL to stationary {}  L1 to stationary {}",
        v["relative_entropy"],
        v["l1_to_stationary"]
    )?;
    if !v["eigenvalues"].is_null() {
        outln!(
            "  smallest non-zero eigenvalues of −Q ({}): {}",
            v["eigenvalue_method"],
            v["eigenvalues"]
        )?;
    }
    Ok(())
}
