//! Adaptive time stepping with error control by step doubling on a dyadic
//! ladder of step sizes, each factorised once and cached.

use crate::error::{FpError, Result, check_len, check_positive};
use crate::operator::FokkerPlanck;
use crate::time_stepping::{Scheme, Stepper};
use std::collections::BTreeMap;

/// Statistics of an adaptive run.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct AdaptiveReport {
    /// Accepted steps (each made of two half steps).
    pub accepted: usize,
    /// Rejected attempts.
    pub rejected: usize,
    /// Distinct step sizes factorised.
    pub factorisations: usize,
    /// Smallest accepted step.
    pub min_dt: f64,
    /// Largest accepted step.
    pub max_dt: f64,
}

/// Evolves `u` to `t_end` with local error control.
///
/// Steps live on the ladder `dtⱼ = t_end/2ʲ`. An attempt at level `j`
/// compares one step of `dtⱼ` with two steps of `dtⱼ/2` (same scheme); by
/// Richardson the error of the two half steps is
/// `est = ‖u_half − u_full‖_{L¹}/(2^p − 1)`. The attempt is accepted (keeping
/// `u_half`) if `est ≤ tol·‖u‖_{L¹}`; otherwise the level is refined. After
/// an acceptance with `est < tol/2^{p+1}` the level is coarsened when the
/// time is a multiple of the coarser step. Each level's matrix is factorised
/// once and cached, so a run costs a handful of factorisations.
///
/// # Order
/// The scheme's; error per unit time ≈ `tol`, so the global `L¹` error is
/// `O(tol · t_end)`.
///
/// # Stability
/// That of the scheme (implicit Euler: positive for every accepted step).
///
/// # Errors
/// [`FpError::InvalidParameter`] for non-positive `t_end`/`tol`;
/// [`FpError::NotConverged`] if more than 40 refinements are needed;
/// errors of [`Stepper`].
///
/// # Examples
/// ```
/// use sgdpde_fokker_planck::prelude::*;
/// use sgdpde_fokker_planck::evolve_adaptive;
/// use sgdpde_landscape::DoubleWell;
/// let grid = Grid::uniform_1d(-3.0, 3.0, 200)?;
/// let bc = BoundaryConditions::uniform(1, Boundary::Reflecting);
/// let fp = FokkerPlanck::gradient(grid, bc, DoubleWell::symmetric(), &Isotropic::new(1, 0.25)?)?;
/// let mut u = fp.grid().map_centers(|x| (-(x[0] + 1.0).powi(2) / 0.02).exp());
/// let rep = evolve_adaptive(&fp, Scheme::TrBdf2, &mut u, 5.0, 1e-6)?;
/// assert!(rep.max_dt > rep.min_dt); // small steps early, large ones later
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # References
/// Hairer, Nørsett & Wanner, *Solving ODEs I* (1993), §II.4 (step doubling).
pub fn evolve_adaptive(
    fp: &FokkerPlanck,
    scheme: Scheme,
    u: &mut [f64],
    t_end: f64,
    tol: f64,
) -> Result<AdaptiveReport> {
    let t_end = check_positive("t_end", t_end)?;
    let tol = check_positive("tol", tol)?;
    check_len("u", fp.grid().len(), u.len())?;
    let mut cache: BTreeMap<u32, Stepper> = BTreeMap::new();
    let stepper = |cache: &mut BTreeMap<u32, Stepper>, j: u32| -> Result<()> {
        if let std::collections::btree_map::Entry::Vacant(e) = cache.entry(j) {
            e.insert(Stepper::new(fp, scheme, t_end / f64::from(1u32 << j))?);
        }
        Ok(())
    };
    let p = scheme.order() as i32;
    let richardson = f64::from(2i32.pow(p as u32) - 1);
    let n = u.len();
    let (mut full, mut half) = (vec![0.0; n], vec![0.0; n]);
    let mut rep = AdaptiveReport {
        accepted: 0,
        rejected: 0,
        factorisations: 0,
        min_dt: f64::INFINITY,
        max_dt: 0.0,
    };
    // time in units of the finest possible step: k / 2^j at level j
    let mut level: u32 = 4;
    let mut ticks: u64 = 0; // current time = ticks · t_end / 2^MAX
    const MAX: u32 = 40;
    while ticks < 1u64 << MAX {
        if level + 1 > MAX {
            return Err(FpError::NotConverged {
                what: "adaptive time stepping",
                residual: f64::NAN,
                iterations: rep.accepted + rep.rejected,
            });
        }
        // never step past t_end
        while ticks + (1u64 << (MAX - level)) > 1u64 << MAX {
            level += 1;
        }
        stepper(&mut cache, level)?;
        stepper(&mut cache, level + 1)?;
        full.copy_from_slice(u);
        half.copy_from_slice(u);
        cache.get_mut(&level).expect("inserted").step(&mut full)?;
        let hs = cache.get_mut(&(level + 1)).expect("inserted");
        hs.step(&mut half)?;
        hs.step(&mut half)?;
        let norm: f64 = half.iter().map(|v| v.abs()).sum();
        let est: f64 = half
            .iter()
            .zip(&full)
            .map(|(a, b)| (a - b).abs())
            .sum::<f64>()
            / richardson;
        if est <= tol * norm {
            u.copy_from_slice(&half);
            let dt = t_end / f64::from(1u32 << level);
            rep.accepted += 1;
            rep.min_dt = rep.min_dt.min(dt);
            rep.max_dt = rep.max_dt.max(dt);
            ticks += 1u64 << (MAX - level);
            let coarse = 1u64 << (MAX - level + 1);
            if est < tol * norm / f64::from(2 << p) && level > 0 && ticks.is_multiple_of(coarse) {
                level -= 1;
            }
        } else {
            rep.rejected += 1;
            level += 1;
        }
    }
    rep.factorisations = cache.len();
    Ok(rep)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Boundary, BoundaryConditions, Grid, Isotropic};
    use sgdpde_landscape::Quadratic;

    /// The adaptive solution is within a small multiple of `tol·t_end` of a
    /// fine fixed-step reference (global error ≈ accumulated local errors).
    #[test]
    fn error_is_controlled_by_tol() {
        let grid = Grid::uniform_1d(-4.0, 4.0, 100).unwrap();
        let bc = BoundaryConditions::uniform(1, Boundary::Reflecting);
        let l = Quadratic::diagonal(&[1.0], vec![0.0]).unwrap();
        let fp = FokkerPlanck::gradient(grid, bc, l, &Isotropic::new(1, 0.5).unwrap()).unwrap();
        let u0 = fp
            .grid()
            .map_centers(|x| (-(x[0] - 1.5).powi(2) / 0.02).exp() / 0.02f64.sqrt());
        let mut reference = u0.clone();
        crate::evolve(&fp, Scheme::TrBdf2, &mut reference, 2.0, 20_000).unwrap();
        let m = fp.grid().mass(&u0);
        for tol in [1e-4, 1e-6] {
            let mut u = u0.clone();
            let rep = evolve_adaptive(&fp, Scheme::TrBdf2, &mut u, 2.0, tol).unwrap();
            let err = u
                .iter()
                .zip(&reference)
                .map(|(a, b)| (a - b).abs())
                .sum::<f64>()
                * fp.grid().cell_volume()
                / m;
            assert!(err < 10.0 * tol * 2.0, "tol {tol}: err {err}, {rep:?}");
            assert!((fp.grid().mass(&u) - m).abs() < 1e-12 * m);
        }
        assert!(evolve_adaptive(&fp, Scheme::TrBdf2, &mut u0.clone(), 1.0, 0.0).is_err());
    }
}
