//! The stationary density: the normalised null vector of `Q`.

use crate::error::{FpError, Result};
use crate::graph::closed_classes;
use crate::operator::FokkerPlanck;
use crate::sparse_lu::ShiftedSolver;

/// The stationary density `π` (`Q π = 0`, `π ≥ 0`, mass 1).
///
/// When the operator has a closed-form discrete stationary state
/// ([`FokkerPlanck::reversible_stationary`]: 1-D chains, and the discrete
/// Gibbs state for gradient drift with constant isotropic `D`) it is
/// returned exactly. Otherwise `π` is computed by shifted inverse iteration
/// `v ← (sI − Q)⁻¹ v` with `s = 10⁻⁸ max|Q_ii|`: `(sI − Q)⁻¹` is entrywise
/// non-negative, so every iterate is a density, and the iteration converges
/// at rate `s/(s + λ₁)` (`λ₁` the spectral gap) to the null vector. It stops
/// one iteration after `‖Q v‖∞ ≤ 10⁻¹² max|Q_ii| ‖v‖∞`.
///
/// The stationary state is unique iff the jump graph of `Q` has exactly one
/// closed class; it may then be supported on a lower-dimensional set (e.g.
/// a line, for noise along an eigenvector of a linear drift) — `π` is then a
/// density on the grid concentrated on those cells, never smoothed.
///
/// # Errors
/// [`FpError::LeakyOperator`] if a face is absorbing (the only stationary
/// state is 0); [`FpError::StationaryNotUnique`] with the number of closed
/// classes if there are several (e.g. degenerate noise with a conserved
/// direction, or noise vanishing at several minima);
/// [`FpError::NotConverged`] if the residual is not reached in 50
/// iterations.
///
/// # Examples
/// ```
/// use sgdpde_fokker_planck::prelude::*;
/// use sgdpde_fokker_planck::VectorDrift;
/// // a non-gradient 2-D drift (rotation + confinement)
/// let grid = Grid::new(&[-3.0, -3.0], &[3.0, 3.0], &[30, 30])?;
/// let bc = BoundaryConditions::uniform(2, Boundary::Reflecting);
/// let b = VectorDrift::new(2, |x: &[f64], o: &mut [f64]| {
///     o[0] = -x[0] - x[1];
///     o[1] = -x[1] + x[0];
/// });
/// let fp = FokkerPlanck::new(grid, bc, &b, &Isotropic::new(2, 0.5)?)?;
/// let pi = stationary(&fp)?;
/// assert!((fp.grid().mass(&pi) - 1.0).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn stationary(fp: &FokkerPlanck) -> Result<Vec<f64>> {
    if fp.boundary_conditions().any_absorbing() {
        return Err(FpError::LeakyOperator);
    }
    if let Some(pi) = fp.reversible_stationary() {
        return Ok(pi.to_vec());
    }
    let q = fp.rate_matrix();
    let classes = closed_classes(q);
    if classes != 1 {
        return Err(FpError::StationaryNotUnique {
            closed_classes: classes,
        });
    }
    let n = q.n();
    let rate = q.max_rate();
    let s = 1e-8 * rate;
    let mut solver = ShiftedSolver::new(q, s, 1.0)?;
    let vol = fp.grid().cell_volume();
    let mut v = vec![1.0 / (n as f64 * vol); n];
    let mut r = vec![0.0; n];
    let mut residual = f64::INFINITY;
    let mut polish = 0;
    for it in 1..=50 {
        solver.solve_in_place(&mut v);
        let mass = fp.grid().mass(&v);
        if !(mass.is_finite() && mass > 0.0) {
            return Err(FpError::NonFinite { cell: 0, step: it });
        }
        for x in &mut v {
            *x = (*x / mass).max(0.0);
        }
        q.mul_into(&v, &mut r);
        let vmax = v.iter().copied().fold(0.0, f64::max);
        residual = r.iter().map(|x| x.abs()).fold(0.0, f64::max) / (rate * vmax);
        // round-off floor of Q v: a few ε times the rate scale
        if residual <= 1e-12 {
            // one more iteration damps what is left outside the null
            // space by another factor s/(s + λ₁) (transient cells of a
            // reducible chain then hold only round-off)
            if polish == 1 {
                return Ok(v);
            }
            polish += 1;
        }
    }
    Err(FpError::NotConverged {
        what: "stationary inverse iteration",
        residual,
        iterations: 50,
    })
}
