//! The Fokker–Planck workloads: W3 (1-D transient), W4 (2-D transient) and
//! the stationary-state / mean-exit-time solves whose cost is measured
//! against the grid size. Everything is built through the public API of
//! `sgdpde-fokker-planck`; a solve here is the whole solve a user runs
//! (assembly, factorisation, steps).

use sgdpde_fokker_planck::{
    Boundary, BoundaryConditions, ExitTime, FokkerPlanck, Grid, Isotropic, Scheme, Stepper,
    VectorDrift, mean_exit_time, stationary,
};
use sgdpde_landscape::{DoubleWell, Landscape};

use crate::error::{BenchError, Result};
use crate::workloads::{double_well_2d, w3, w4};

/// The density of a Gaussian (mean `centre`, standard deviation `sd` per
/// axis) on the cell centres, normalised to mass 1 on the grid.
pub fn gaussian(grid: &Grid, centre: &[f64], sd: f64) -> Vec<f64> {
    let mut u = grid.map_centers(|x| {
        let r2: f64 = x.iter().zip(centre).map(|(a, b)| (a - b).powi(2)).sum();
        (-r2 / (2.0 * sd * sd)).exp()
    });
    let m = grid.mass(&u);
    u.iter_mut().for_each(|v| *v /= m);
    u
}

/// `‖a − b‖_{L¹} = h^d Σ|aᵢ − bᵢ|` on the grid.
pub fn l1(grid: &Grid, a: &[f64], b: &[f64]) -> f64 {
    grid.cell_volume() * a.iter().zip(b).map(|(x, y)| (x - y).abs()).sum::<f64>()
}

/// The reflecting gradient operator of `landscape` with isotropic `D`.
///
/// # Errors
/// Errors of the operator assembly.
pub fn gradient_operator<L: Landscape>(grid: Grid, landscape: L, d: f64) -> Result<FokkerPlanck> {
    let dim = grid.dim();
    let bc = BoundaryConditions::uniform(dim, Boundary::Reflecting);
    Ok(FokkerPlanck::gradient(
        grid,
        bc,
        landscape,
        &Isotropic::new(dim, d)?,
    )?)
}

/// The W3 grid with `cells` cells.
///
/// # Errors
/// [`BenchError::FokkerPlanck`] for `cells = 0`.
pub fn w3_grid(cells: usize) -> Result<Grid> {
    Ok(Grid::uniform_1d(w3::LO, w3::HI, cells)?)
}

/// TR-BDF2 steps of W3 to `t_end` times `factor` (the reference uses
/// `factor = REFERENCE_FACTOR`): `(early, late)` step counts for `[0, 5]`
/// and `[5, t_end]`.
pub fn w3_steps(t_end: f64, factor: usize) -> (usize, usize) {
    let t1 = t_end.min(5.0);
    let early = (t1 * (w3::STEPS_PER_UNIT_EARLY * factor) as f64).round() as usize;
    let late = ((t_end - t1) * (w3::STEPS_PER_UNIT_LATE * factor) as f64).round() as usize;
    (early.max(1), late)
}

/// W3 end to end: assemble the operator on `cells` cells, factorise,
/// TR-BDF2 from the Gaussian start to `t_end` (steps [`w3_steps`]`(t_end,
/// factor)`). Returns the grid and the final density.
///
/// # Errors
/// Errors of the assembly, factorisation or steps.
pub fn w3_solve(cells: usize, t_end: f64, factor: usize) -> Result<(Grid, Vec<f64>)> {
    let fp = gradient_operator(w3_grid(cells)?, DoubleWell::symmetric(), w3::D)?;
    let mut u = gaussian(fp.grid(), &[w3::M0], w3::SD0);
    let (early, late) = w3_steps(t_end, factor);
    let t1 = t_end.min(5.0);
    Stepper::new(&fp, Scheme::TrBdf2, t1 / early as f64)?.run(&mut u, early, |_, _| {})?;
    if late > 0 {
        Stepper::new(&fp, Scheme::TrBdf2, (t_end - t1) / late as f64)?.run(
            &mut u,
            late,
            |_, _| {},
        )?;
    }
    Ok((fp.grid().clone(), u))
}

/// The discrete Gibbs state of the W3 operator on `cells` cells (exact for
/// Scharfetter–Gummel: `πᵢ ∝ e^{−L(xᵢ)/D}`).
///
/// # Errors
/// Errors of the assembly.
pub fn w3_gibbs(cells: usize) -> Result<Vec<f64>> {
    let fp = gradient_operator(w3_grid(cells)?, DoubleWell::symmetric(), w3::D)?;
    Ok(stationary(&fp)?)
}

/// The W4 grid.
///
/// # Errors
/// Never for the workload constants.
pub fn w4_grid(cells: usize) -> Result<Grid> {
    Ok(Grid::new(
        &[w4::LO, w4::LO],
        &[w4::HI, w4::HI],
        &[cells, cells],
    )?)
}

/// W4 end to end on `cells × cells`: assemble, factorise (sparse Cholesky
/// of the symmetrised reversible operator), `steps` TR-BDF2 steps to
/// `t = 5` from the Gaussian at `(−1, 0)`.
///
/// # Errors
/// Errors of the assembly, factorisation or steps.
pub fn w4_solve(cells: usize, steps: usize) -> Result<(Grid, Vec<f64>)> {
    let fp = gradient_operator(w4_grid(cells)?, double_well_2d(), w4::D)?;
    let mut u = gaussian(fp.grid(), &w4::M0, w4::SD0);
    Stepper::new(&fp, Scheme::TrBdf2, w4::T_END / steps as f64)?.run(&mut u, steps, |_, _| {})?;
    Ok((fp.grid().clone(), u))
}

/// Moments of a W4 density, printed next to SciPy's for the same reference
/// so the two tools' references can be compared without exchanging arrays:
/// `(mass right of x = 0, E x, E y, E x², E y²)`.
pub fn w4_moments(grid: &Grid, u: &[f64]) -> [f64; 5] {
    let h2 = grid.cell_volume();
    let mut m = [0.0; 5];
    let mut k = 0;
    grid.map_centers(|x| {
        let w = u[k] * h2;
        k += 1;
        if x[0] > 0.0 {
            m[0] += w;
        }
        m[1] += w * x[0];
        m[2] += w * x[1];
        m[3] += w * x[0] * x[0];
        m[4] += w * x[1] * x[1];
        0.0
    });
    m
}

/// Mean exit time of the double well at `D = 0.25` (W2's ε = 0.25) from
/// `x = −1` through `x ≥ 0` by the backward PDE on `cells` cells of
/// `[−3, 0]`, reflecting at −3 and absorbing at 0 (exact value: the W2
/// quadrature).
///
/// # Errors
/// Errors of the assembly and solve; [`BenchError::NonFinite`] if the start
/// cell reports no exit.
pub fn exit_time_1d(cells: usize) -> Result<f64> {
    let grid = Grid::uniform_1d(w3::LO, 0.0, cells)?;
    let bc = BoundaryConditions::per_axis(vec![(Boundary::Reflecting, Boundary::Absorbing)])?;
    let fp = FokkerPlanck::gradient(
        grid,
        bc,
        DoubleWell::symmetric(),
        &Isotropic::new(1, w3::D)?,
    )?;
    let t = mean_exit_time(&fp, &vec![false; cells])?;
    if !t.all_finite() {
        return Err(BenchError::NonFinite {
            what: "1-D PDE mean exit time",
            value: f64::INFINITY,
        });
    }
    // Linear interpolation between the two centres around x = −1 (an
    // O(h²) error, like the scheme's).
    let (xs, ts) = (fp.grid().centers(), t.values());
    let j = xs.partition_point(|&x| x <= -1.0).clamp(1, xs.len() - 1);
    let w = (-1.0 - xs[j - 1]) / (xs[j] - xs[j - 1]);
    Ok((1.0 - w) * ts[j - 1] + w * ts[j])
}

/// Mean exit time of W4's 2-D double well from `(−1, 0)` into `{x ≥ 0}` on
/// `cells × cells` of `[−3, 3]²` (reflecting box; the target is the cells
/// with centre `x ≥ 0`).
///
/// # Errors
/// As [`exit_time_1d`].
pub fn exit_time_2d(cells: usize) -> Result<f64> {
    let fp = gradient_operator(w4_grid(cells)?, double_well_2d(), w4::D)?;
    let target = fp.grid().mask(|x| x[0] >= 0.0);
    let t = mean_exit_time(&fp, &target)?;
    match t.at_point(fp.grid(), &w4::M0) {
        Some(ExitTime::Finite(v)) => Ok(v),
        _ => Err(BenchError::NonFinite {
            what: "2-D PDE mean exit time at (−1, 0)",
            value: f64::INFINITY,
        }),
    }
}

/// Stationary state of the 1-D W3 operator on `cells` cells (closed form:
/// every 1-D chain is reversible).
///
/// # Errors
/// Errors of the assembly.
pub fn stationary_1d(cells: usize) -> Result<Vec<f64>> {
    w3_gibbs(cells)
}

/// Stationary state of a *non-reversible* 2-D operator on `cells × cells`:
/// the W4 gradient drift plus the rotation `(−y, x)/2`, so no closed form
/// exists and the solve is the shifted inverse iteration with a sparse LU.
///
/// # Errors
/// Errors of the assembly and solve.
pub fn stationary_2d(cells: usize) -> Result<Vec<f64>> {
    let l = double_well_2d();
    let drift = VectorDrift::new(2, move |x: &[f64], b: &mut [f64]| {
        l.gradient_into(x, b);
        b[0] = -b[0] - 0.5 * x[1];
        b[1] = -b[1] + 0.5 * x[0];
    });
    let grid = w4_grid(cells)?;
    let bc = BoundaryConditions::uniform(2, Boundary::Reflecting);
    let fp = FokkerPlanck::new(grid, bc, &drift, &Isotropic::new(2, w4::D)?)?;
    Ok(stationary(&fp)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Mass is conserved to round-off by every solve (rate matrix: columns
    /// sum to 0), and from t = 5 to t = 50 the distance to the discrete
    /// Gibbs state decays at least like the slow mode e^{−λ₁·45}: the
    /// Kramers estimate λ₁ ≈ 2·(√2/2π)e^{−ΔL/D} ≈ 0.17 (ΔL/D = 1), so
    /// with the conservative λ₁ ≥ 0.1 the ratio is below e^{−4.5} ≈ 0.011.
    #[test]
    fn w3_conserves_mass_and_relaxes_to_gibbs() {
        let pi = w3_gibbs(200).unwrap();
        let (g, u5) = w3_solve(200, 5.0, 1).unwrap();
        let (_, u50) = w3_solve(200, 50.0, 1).unwrap();
        assert!((g.mass(&u5) - 1.0).abs() < 1e-12 && (g.mass(&u50) - 1.0).abs() < 1e-12);
        let (d5, d50) = (l1(&g, &u5, &pi), l1(&g, &u50, &pi));
        assert!(d50 < (-0.1f64 * 45.0).exp() * d5, "{d5} → {d50}");
    }

    /// The 1-D backward PDE is second order in h (proofs-notes: the
    /// backward problem inherits the SG operator's order): on 400 cells the
    /// mean exit time is within 1e-3 relative of the exact quadrature
    /// (E τ ≈ 5.7; error ≈ C h², h = 7.5e-3).
    #[test]
    fn exit_time_1d_matches_quadrature() {
        let exact = crate::monte_carlo::w2_exact(0.25).unwrap();
        let pde = exit_time_1d(400).unwrap();
        assert!((pde / exact - 1.0).abs() < 1e-3, "{pde} vs {exact}");
    }

    /// Moments of the W4 start (Gaussian, mean (−1, 0), sd 0.1) on the
    /// 200 × 200 grid: by Poisson summation the midpoint sums of Gaussian
    /// moments are exact up to `O(e^{−2π²(sd/h)²}) = O(e^{−219})` (h = 0.03),
    /// so only round-off remains: `n·ε ≈ 10⁻¹¹` for n = 4·10⁴ terms.
    #[test]
    fn w4_moments_of_the_gaussian_start() {
        let g = w4_grid(w4::CELLS).unwrap();
        let u = gaussian(&g, &w4::M0, w4::SD0);
        let m = w4_moments(&g, &u);
        let var = w4::SD0 * w4::SD0;
        let exact = [0.0, w4::M0[0], w4::M0[1], w4::M0[0] * w4::M0[0] + var, var];
        for (k, (a, b)) in m.iter().zip(exact).enumerate() {
            assert!((a - b).abs() < 1e-11, "moment {k}: {a} vs {b}");
        }
    }

    /// The non-reversible stationary state is a density.
    #[test]
    fn stationary_2d_is_a_density() {
        let pi = stationary_2d(20).unwrap();
        let g = w4_grid(20).unwrap();
        assert!((g.mass(&pi) - 1.0).abs() < 1e-12);
        assert!(pi.iter().all(|&p| p >= 0.0));
    }
}
