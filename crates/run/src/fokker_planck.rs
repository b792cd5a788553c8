//! `sgdpde fokker-planck`: evolve the law of `dX = −∇L dt + √ε dW` on a grid,
//! or compute its stationary state and spectrum.
//!
//! Convention (shared/math.md §1): `D = ε/2`, Gibbs density `∝ e^{−2L/ε}`.
//!
//! [`fokker_planck`] returns the report (the `--json` object and the human
//! summary) with the arrays the `--out` directory holds: `density.npy`
//! (the final or stationary density, shape = cells, `density[i0, i1, …]` =
//! cell `(i0, i1, …)`), `stationary.npy` (same shape, when it exists),
//! `axis<k>.npy` (cell centres of axis k), `eigenvalues.npy` (with
//! `spectrum`), and in 2-D the density figure (a heatmap of the density with
//! contours of the landscape).

use std::fmt;

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};
use sgdpde_experiments::{Field, Figure};
use sgdpde_fokker_planck::{
    Boundary, BoundaryConditions, FokkerPlanck, Grid, Isotropic, Scheme, Stepper, diagnostics,
    smallest_eigenvalues, stationary, steps_to,
};
use sgdpde_landscape::{AnyLandscape, KnownCriticalPoints, Landscape};

/// Boundary condition on every face.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TimeScheme {
    /// Implicit Euler: first order, positive for any dt.
    ImplicitEuler,
    /// TR-BDF2: second order, L-stable, not unconditionally positive.
    TrBdf2,
}

/// What `sgdpde fokker-planck` solves. Empty `lower`, `upper`, `cells`, `x0`
/// take the defaults (−3, 3, 200 / 100 / 30 cells in 1-D / 2-D / 3-D, the
/// origin).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FokkerPlanckConfig {
    /// The landscape's name in reports (catalogue name or problem file).
    pub landscape: String,
    /// Temperature ε (D = ε/2).
    pub epsilon: f64,
    /// Lower corner.
    pub lower: Vec<f64>,
    /// Upper corner.
    pub upper: Vec<f64>,
    /// Cells per axis.
    pub cells: Vec<usize>,
    /// Boundary condition on every face.
    pub bc: Bc,
    /// End time of the transient (default 1).
    pub t_end: Option<f64>,
    /// Time step.
    pub dt: f64,
    /// Time-stepping scheme.
    pub scheme: TimeScheme,
    /// Centre of the initial Gaussian.
    pub x0: Vec<f64>,
    /// Standard deviation of the initial Gaussian.
    pub sd: f64,
    /// The stationary density instead of a transient.
    pub stationary: bool,
    /// The k smallest non-zero eigenvalues of −Q.
    pub spectrum: Option<usize>,
}

impl FokkerPlanckConfig {
    /// Checks what does not need the landscape: a transient's end time and
    /// initial spread.
    ///
    /// # Errors
    /// A non-finite or non-positive `t_end` or `sd` (transients only).
    pub fn validate(&self) -> anyhow::Result<()> {
        if self.stationary {
            return Ok(());
        }
        let t_end = self.t_end.unwrap_or(1.0);
        if !(t_end.is_finite() && t_end > 0.0) {
            bail!("--t-end = {t_end} must be finite and > 0");
        }
        if !(self.sd.is_finite() && self.sd > 0.0) {
            bail!("--sd = {} must be finite and > 0", self.sd);
        }
        Ok(())
    }
}

/// The temperature block of the report.
#[derive(Debug, Clone, Serialize)]
pub struct Temperature {
    /// ε.
    pub epsilon: f64,
    /// D = ε/2.
    #[serde(rename = "D")]
    pub d: f64,
    /// The convention, in words.
    pub convention: &'static str,
}

/// The grid block of the report.
#[derive(Debug, Clone, Serialize)]
pub struct GridSummary {
    /// Lower corner.
    pub lower: Vec<f64>,
    /// Upper corner.
    pub upper: Vec<f64>,
    /// Cells per axis.
    pub cells: Vec<usize>,
}

/// The summary of a Fokker–Planck solve (the `--json` object; `Display` is
/// the human summary).
#[derive(Debug, Clone, Serialize)]
pub struct FokkerPlanckReport {
    /// The landscape's name.
    pub landscape: String,
    /// ε, D and the convention.
    pub temperature: Temperature,
    /// The grid.
    pub grid: GridSummary,
    /// `reflecting`, `absorbing` or `periodic`.
    pub bc: String,
    /// `stationary` or `transient`.
    pub mode: &'static str,
    /// End time of a transient.
    pub t_end: Option<f64>,
    /// Mass of the density.
    pub mass: f64,
    /// Smallest cell value of the density.
    pub minimum: f64,
    /// KL divergence to the stationary state (when it exists).
    pub relative_entropy: Option<f64>,
    /// L¹ distance to the stationary state (when it exists).
    pub l1_to_stationary: Option<f64>,
    /// The smallest non-zero eigenvalues of −Q.
    pub eigenvalues: Option<Vec<f64>>,
    /// How they were computed.
    pub eigenvalue_method: Option<&'static str>,
    /// The solver's resolution `n·u·‖Q‖` (with eigenvalues).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eigenvalue_resolution: Option<f64>,
    /// Indices of eigenvalues below the resolution (with eigenvalues).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eigenvalues_below_resolution: Option<Vec<usize>>,
}

/// A solve: the report and the arrays and figure `--out` writes.
#[derive(Debug, Clone)]
pub struct FokkerPlanckOutput {
    /// The summary.
    pub report: FokkerPlanckReport,
    /// The final or stationary density, C order (last axis fastest).
    pub density: Vec<f64>,
    /// The stationary density, C order (reflecting or periodic faces).
    pub stationary: Option<Vec<f64>>,
    /// Cell centres of every axis.
    pub axes: Vec<Vec<f64>>,
    /// In 2-D, the density heatmap with contours of the landscape.
    pub figure: Option<Figure>,
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

/// Solves `cfg` on the landscape `l` (run it inside the command's rayon
/// pool).
///
/// # Errors
/// An invalid configuration, a landscape of dimension other than 1, 2, 3,
/// `stationary` with absorbing faces, an initial Gaussian with no mass on
/// the grid, or an error of the grid, operator or solvers.
pub fn fokker_planck(
    cfg: &FokkerPlanckConfig,
    l: &AnyLandscape,
) -> anyhow::Result<FokkerPlanckOutput> {
    let d = l.dim();
    if !(1..=3).contains(&d) {
        bail!("fokker-planck needs a landscape of dimension 1, 2 or 3 (this one has {d})");
    }
    let lower = or_default(&cfg.lower, d, -3.0);
    let upper = or_default(&cfg.upper, d, 3.0);
    let cells = if cfg.cells.is_empty() {
        vec![[200, 100, 30][d - 1]; d]
    } else {
        cfg.cells.clone()
    };
    let grid = Grid::new(&lower, &upper, &cells)?;
    let b = match cfg.bc {
        Bc::Reflecting => Boundary::Reflecting,
        Bc::Absorbing => Boundary::Absorbing,
        Bc::Periodic => Boundary::Periodic,
    };
    let diffusion = Isotropic::from_temperature(d, cfg.epsilon)?;
    let fp = FokkerPlanck::gradient(grid, BoundaryConditions::uniform(d, b), l, &diffusion)?;
    let g = fp.grid().clone();
    let pi = if b == Boundary::Absorbing {
        None
    } else {
        Some(stationary(&fp).context("stationary state")?)
    };

    let (mode, u, t_end) = if cfg.stationary {
        let Some(p) = pi.clone() else {
            bail!(
                "--stationary needs reflecting or periodic boundaries (absorbing faces leak mass)"
            )
        };
        ("stationary", p, None)
    } else {
        cfg.validate()?;
        let t_end = cfg.t_end.unwrap_or(1.0);
        let x0 = or_default(&cfg.x0, d, 0.0);
        if x0.len() != d {
            bail!(
                "--x0 has {} coordinates, the landscape has dimension {d}",
                x0.len()
            );
        }
        let mut u = g.map_centers(|x| {
            (-x.iter().zip(&x0).map(|(a, b)| (a - b).powi(2)).sum::<f64>()
                / (2.0 * cfg.sd * cfg.sd))
                .exp()
        });
        let m = g.mass(&u);
        if m.is_nan() || m <= 0.0 {
            bail!("the initial Gaussian has no mass on the grid");
        }
        u.iter_mut().for_each(|v| *v /= m);
        let steps = steps_to(t_end, cfg.dt)?;
        let scheme = match cfg.scheme {
            TimeScheme::ImplicitEuler => Scheme::ImplicitEuler,
            TimeScheme::TrBdf2 => Scheme::TrBdf2,
        };
        let mut st = Stepper::new(&fp, scheme, t_end / steps as f64)?;
        st.run(&mut u, steps, |_, _| {})?;
        ("transient", u, Some(t_end))
    };

    let diag = pi
        .as_ref()
        .map(|p| diagnostics(&fp, &u, p, Some(diffusion.value())))
        .transpose()?;
    let eigenvalues = cfg
        .spectrum
        .map(|k| smallest_eigenvalues(&fp, k))
        .transpose()?;
    let report = FokkerPlanckReport {
        landscape: cfg.landscape.clone(),
        temperature: Temperature {
            epsilon: cfg.epsilon,
            d: diffusion.value(),
            convention: "dX = -grad L dt + sqrt(eps) dW, D = eps/2",
        },
        grid: GridSummary {
            lower,
            upper,
            cells: cells.clone(),
        },
        bc: format!("{:?}", cfg.bc).to_lowercase(),
        mode,
        t_end,
        mass: g.mass(&u),
        minimum: u.iter().copied().fold(f64::INFINITY, f64::min),
        relative_entropy: diag.map(|x| x.relative_entropy),
        l1_to_stationary: diag.map(|x| x.l1_distance),
        eigenvalues: eigenvalues.as_ref().map(|s| s.re.clone()),
        eigenvalue_method: eigenvalues.as_ref().map(|s| s.method),
        eigenvalue_resolution: eigenvalues.as_ref().map(|s| s.resolution),
        eigenvalues_below_resolution: eigenvalues.as_ref().map(|s| s.below_resolution()),
    };
    let axes: Vec<Vec<f64>> = (0..d)
        .map(|a| (0..cells[a]).map(|i| g.coordinate(a, i)).collect())
        .collect();
    let figure = (d == 2).then(|| density_figure(cfg, l, &g, &u, mode, &axes));
    Ok(FokkerPlanckOutput {
        report,
        density: c_order(&g, &u),
        stationary: pi.as_ref().map(|p| c_order(&g, p)),
        axes,
        figure,
    })
}

/// The 2-D density `u` as a heatmap with contours of the landscape where
/// the Gibbs density `e^{−2L/ε}` has dropped by `e^{−k}` from its maximum
/// on the grid (`L = L_min + kε/2`, k = 1, 2, 4, 8, 16), and the
/// landscape's known minima and saddles inside the grid.
fn density_figure(
    cfg: &FokkerPlanckConfig,
    l: &AnyLandscape,
    g: &Grid,
    u: &[f64],
    mode: &str,
    axes: &[Vec<f64>],
) -> Figure {
    // The grid order (axis 0 fastest) is the field's row-major order.
    let mut field = Field::density("density", axes[0].clone(), axes[1].clone(), u.to_vec());
    field.contour_values = g.map_centers(|x| l.value(x));
    let l_min = field
        .contour_values
        .iter()
        .copied()
        .filter(|v| v.is_finite())
        .fold(f64::INFINITY, f64::min);
    field.levels = [1.0, 2.0, 4.0, 8.0, 16.0]
        .map(|k| l_min + k * cfg.epsilon / 2.0)
        .to_vec();
    field.contour_label = "contours of L at L_min + kε/2, k = 1, 2, 4, 8, 16".into();
    let (lo, hi) = (g.lower(), g.upper());
    let inside: Vec<_> = l
        .known_critical_points()
        .into_iter()
        .filter(|p| p.x.len() == 2 && (0..2).all(|a| lo[a] <= p.x[a] && p.x[a] <= hi[a]))
        .collect();
    Figure {
        id: "density".into(),
        title: format!(
            "Fokker–Planck {mode} density, {}, ε = {}",
            cfg.landscape, cfg.epsilon
        ),
        x_label: "x₁".into(),
        y_label: "x₂".into(),
        log_x: false,
        log_y: false,
        series: sgdpde_experiments::critical_points(&inside),
        field: Some(field),
    }
}

/// The human summary: every value printed as in the JSON object.
impl fmt::Display for FokkerPlanckReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = serde_json::to_value(self).map_err(|_| fmt::Error)?;
        writeln!(
            f,
            "Fokker–Planck  {}  ({})",
            v["landscape"], v["temperature"]["convention"]
        )?;
        writeln!(
            f,
            "  ε = {}, D = {}",
            v["temperature"]["epsilon"], v["temperature"]["D"]
        )?;
        writeln!(
            f,
            "  grid {} … {} cells {}  bc {}",
            v["grid"]["lower"], v["grid"]["upper"], v["grid"]["cells"], v["bc"]
        )?;
        writeln!(f, "  mode {}  t_end {}", v["mode"], v["t_end"])?;
        writeln!(f, "  mass {}  minimum {}", v["mass"], v["minimum"])?;
        writeln!(
            f,
            "  KL to stationary {}  L1 to stationary {}",
            v["relative_entropy"], v["l1_to_stationary"]
        )?;
        if !v["eigenvalues"].is_null() {
            writeln!(
                f,
                "  smallest non-zero eigenvalues of −Q ({}): {}",
                v["eigenvalue_method"], v["eigenvalues"]
            )?;
        }
        Ok(())
    }
}
