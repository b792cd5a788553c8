//! The stationary density of the hypoelliptic experiment as a heatmap with
//! contours, the minima and the saddle, and a few sample paths of the
//! degenerate SDE from the saddle (a figure only: no verdict uses it).

use sgdpde_fokker_planck::Grid;
use sgdpde_landscape::{CoupledDoubleWell, KnownCriticalPoints};
use sgdpde_sde::{FactorNoise, GradientDrift, SdeModel};

use super::{Config, factor};
use crate::error::Result;
use crate::field::{Field, critical_points, sample_paths};
use crate::report::Figure;

/// Sample paths drawn, their horizon, and the offset of their seed.
const PATHS: u64 = 3;
const HORIZON: f64 = 10.0;
const SEED_OFFSET: u64 = 200;

/// The heatmap of the fine-grid stationary density `u` on `g`.
pub(super) fn density_figure(cfg: &Config, g: &Grid, u: &[f64]) -> Result<Figure> {
    let land = CoupledDoubleWell::new(cfg.omega, cfg.stationary_kappa)?;
    let sde = SdeModel::new(
        GradientDrift::new(land),
        FactorNoise::new(2, 1, factor(cfg.epsilon).to_vec())?,
    )?;
    let seed = cfg.seed + SEED_OFFSET;
    let every = ((0.1 / cfg.dt).round() as u64).max(1);
    let mut series = vec![sample_paths(
        format!("{PATHS} paths from the saddle, noise in y only, t ≤ {HORIZON}"),
        &sde,
        [0.0, 0.0],
        cfg.dt,
        HORIZON,
        every,
        PATHS,
        seed,
    )?];
    series.extend(critical_points(&land.known_critical_points()));
    let axis = |a: usize| (0..g.cells()[a]).map(|i| g.coordinate(a, i)).collect();
    let mut field = Field::density("stationary density", axis(0), axis(1), u.to_vec());
    field.contour_label = "contours at 10, 30, 50, 70, 90 % of the maximum".into();
    Ok(Figure {
        id: "stationary-density".into(),
        title: format!(
            "Hypoelliptic stationary density at κ = {} (upwinded PDE, fine grid) with sample paths (seed {seed})",
            cfg.stationary_kappa
        ),
        x_label: "x".into(),
        y_label: "y".into(),
        log_x: false,
        log_y: false,
        series,
        field: Some(field),
    })
}
