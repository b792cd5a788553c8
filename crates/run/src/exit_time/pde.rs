//! The backward-PDE estimate of a mean exit time (`exit-time --method pde`):
//! solve `Qᵀ T = −1` off the target (cells outside the domain) on a grid with
//! reflecting faces, and read `T` at the start cell.

use sgdpde_fokker_planck::{
    Boundary, BoundaryConditions, ExitTime, FokkerPlanck, FpError, Grid, Isotropic, mean_exit_time,
};
use sgdpde_landscape::{AnyLandscape, Landscape};
use sgdpde_sde::Domain;

/// The grid of the PDE solve.
#[derive(Debug, Clone, PartialEq)]
pub struct PdeGrid {
    /// Lower corner.
    pub lower: Vec<f64>,
    /// Upper corner.
    pub upper: Vec<f64>,
    /// Cells per axis.
    pub cells: Vec<usize>,
}

/// Default cells per axis of the coarser of the two solves: 800 in 1-D, 100
/// in 2-D, 24 in 3-D (the finer solve doubles them).
pub fn default_cells(dim: usize) -> usize {
    match dim {
        1 => 800,
        2 => 100,
        _ => 24,
    }
}

/// The PDE estimate: Richardson-extrapolated from two grids.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PdeEstimate {
    /// `2 T_{h/2} − T_h`.
    pub value: f64,
    /// `|T_{h/2} − T_h|`: the size of the first-order term removed, a
    /// conservative error bound on the finer solve.
    pub error_estimate: f64,
}

/// `T` at `x0` on one grid; `None` when the exit is not almost sure.
fn solve_on(
    landscape: &AnyLandscape,
    epsilon: f64,
    domain: &dyn Domain,
    x0: &[f64],
    grid: &PdeGrid,
    refine: usize,
) -> anyhow::Result<Option<f64>> {
    let d = landscape.dim();
    let cells: Vec<usize> = grid.cells.iter().map(|c| c * refine).collect();
    let g = Grid::new(&grid.lower, &grid.upper, &cells)?;
    let target = g.mask(|x| domain.exit_boundary(x).is_some());
    let bc = BoundaryConditions::uniform(d, Boundary::Reflecting);
    let fp = FokkerPlanck::gradient(
        g.clone(),
        bc,
        landscape.clone(),
        &Isotropic::from_temperature(d, epsilon)?,
    )?;
    let t = mean_exit_time(&fp, &target)?;
    match t.at_point(&g, x0) {
        Some(ExitTime::Finite(_)) => Ok(Some(g.interpolate(&t.values(), x0))),
        Some(ExitTime::Never) => Ok(None),
        None => anyhow::bail!("x0 = {x0:?} is not on the PDE grid"),
    }
}

/// `E τ` from `x0` by the backward equation on `grid` and on the grid with
/// half the spacing, the target being the cells whose centre lies outside
/// `domain` (reflecting grid faces). Placing the absorbing boundary at cell
/// centres is first order in h, the scheme itself second order; Richardson
/// extrapolation `2 T_{h/2} − T_h` removes the first-order term, and `T` is
/// interpolated multilinearly at `x0`. `Ok(None)` when the chain cannot exit
/// (`E τ = ∞`).
pub fn mean_exit_time_pde(
    landscape: &AnyLandscape,
    epsilon: f64,
    domain: &dyn Domain,
    x0: &[f64],
    grid: &PdeGrid,
) -> anyhow::Result<Option<PdeEstimate>> {
    let d = landscape.dim();
    if grid.lower.len() != d || grid.upper.len() != d || grid.cells.len() != d {
        anyhow::bail!("the PDE grid needs {d} lower bounds, upper bounds and cell counts");
    }
    if x0
        .iter()
        .zip(grid.lower.iter().zip(&grid.upper))
        .any(|(x, (lo, hi))| x < lo || x > hi)
    {
        anyhow::bail!(
            "x0 = {x0:?} lies outside the PDE grid [{:?}, {:?}]",
            grid.lower,
            grid.upper
        );
    }
    let coarse = solve_on(landscape, epsilon, domain, x0, grid, 1)?;
    let fine = solve_on(landscape, epsilon, domain, x0, grid, 2)?;
    Ok(match (coarse, fine) {
        (Some(c), Some(f)) => Some(PdeEstimate {
            value: 2.0 * f - c,
            error_estimate: (f - c).abs(),
        }),
        _ => None,
    })
}

/// When `e` is the backward solve's loss of precision
/// ([`FpError::PrecisionLoss`]), the one-line reason a user reads — at which
/// ε, and what to use instead; `None` for every other error.
pub fn precision_loss(e: &anyhow::Error, epsilon: f64) -> Option<String> {
    let loss = e
        .chain()
        .find_map(|c| c.downcast_ref::<FpError>())
        .filter(|f| matches!(f, FpError::PrecisionLoss { .. }))?;
    Some(format!(
        "the backward PDE cannot resolve this mean exit time at ε = {epsilon} in double precision \
         ({loss}); use --method mc, --method all (exact quadrature and Eyring–Kramers on 1-D \
         intervals) or a larger ε"
    ))
}
