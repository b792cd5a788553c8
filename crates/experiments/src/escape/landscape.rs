//! The 2-D landscape of the escape experiment as a heatmap: its contours,
//! the minima and the index-1 saddle, and a few Langevin paths from the
//! start at the warmest temperature (a figure only: no verdict uses it).

use sgdpde_landscape::{CoupledDoubleWell, KnownCriticalPoints};
use sgdpde_sde::{SdeModel, Temperature};

use super::{BARRIER, Config};
use crate::error::Result;
use crate::field::{Field, critical_points, sample_paths};
use crate::report::Figure;

/// Sample paths drawn, their horizon, and the offset of their seed.
const PATHS: u64 = 3;
const HORIZON: f64 = 10.0;
const SEED_OFFSET: u64 = 2000;

/// The heatmap of `L` on `[−2, 2]²` with the paths and critical points.
pub(super) fn landscape_figure(cfg: &Config) -> Result<Figure> {
    let land = CoupledDoubleWell::new(cfg.omega, cfg.kappa)?;
    let eps = cfg.epsilons.iter().copied().fold(0.0, f64::max);
    let seed = cfg.seed + SEED_OFFSET;
    let sde = SdeModel::langevin(land, Temperature::epsilon(eps)?)?;
    let every = ((0.1 / cfg.dt).round() as u64).max(1);
    let mut series = vec![sample_paths(
        format!("{PATHS} Langevin paths from (−1, −κ), ε = {eps}, t ≤ {HORIZON}"),
        &sde,
        [-1.0, -cfg.kappa],
        cfg.dt,
        HORIZON,
        every,
        PATHS,
        seed,
    )?];
    series.extend(critical_points(&land.known_critical_points()));
    let mut field = Field::landscape(&land, [-2.0, 2.0], [-2.0, 2.0], 81, 6.0 * BARRIER, BARRIER);
    field.contour_label = format!("contours of L (one through the saddle, L = {BARRIER})");
    Ok(Figure {
        id: "landscape-2d".into(),
        title: format!(
            "2-D double well L = (x²−1)²/4 + (ω/2)(y − κx)², ω = {}, κ = {}: minima, saddle and Langevin paths (seed {seed})",
            cfg.omega, cfg.kappa
        ),
        x_label: "x".into(),
        y_label: "y".into(),
        log_x: false,
        log_y: false,
        series,
        field: Some(field),
    })
}
