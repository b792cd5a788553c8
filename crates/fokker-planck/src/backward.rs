//! Backward (generator) problems with the discrete generator `Qᵀ`: mean exit
//! times, committors and survival probabilities.
//!
//! A cell is *exited* when the chain enters the target set or jumps out
//! through an absorbing face (killing). Because the generator is exactly the
//! transpose of the forward operator, these quantities are exactly dual to
//! the forward solver: e.g. `Σⱼ πⱼ⁰ Tⱼ = ∫₀^∞ (mass of the killed forward
//! solution) dt`. Derivations: `proofs-notes/fokker-planck-backward.md`.

use crate::backward_precision::{self, Quantity};
use crate::error::{FpError, Result, check_len};
use crate::graph::can_reach;
use crate::gth_tridiagonal;
use crate::operator::FokkerPlanck;
use crate::rate_matrix::RateMatrix;
use crate::sparse_lu::ShiftedSolver;
use crate::time_stepping::{Scheme, Stepper};

/// The mean exit time from one cell: a typed outcome, never a sentinel.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub enum ExitTime {
    /// `E τ` is finite (0 on the target).
    Finite(f64),
    /// The chain fails to exit with positive probability (it can reach a
    /// closed set disjoint from the target — e.g. noise vanishing at an
    /// interpolating minimum), so `E τ = ∞`.
    Never,
}

/// Mean exit times on the whole grid.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MeanExitTimes {
    times: Vec<ExitTime>,
}

impl MeanExitTimes {
    /// The outcome at cell `idx`.
    pub fn at(&self, idx: usize) -> ExitTime {
        self.times[idx]
    }

    /// The outcome for a start point `x` (the cell containing it), `None`
    /// outside the grid.
    pub fn at_point(&self, grid: &crate::Grid, x: &[f64]) -> Option<ExitTime> {
        grid.locate(x).map(|i| self.times[i])
    }

    /// All outcomes, by cell.
    pub fn outcomes(&self) -> &[ExitTime] {
        &self.times
    }

    /// The finite values, with `f64::INFINITY` where the exit is not almost
    /// sure.
    pub fn values(&self) -> Vec<f64> {
        self.times
            .iter()
            .map(|t| match t {
                ExitTime::Finite(v) => *v,
                ExitTime::Never => f64::INFINITY,
            })
            .collect()
    }

    /// Whether every cell exits almost surely.
    pub fn all_finite(&self) -> bool {
        self.times.iter().all(|t| matches!(t, ExitTime::Finite(_)))
    }
}

/// The rate at which each cell is killed through absorbing faces (and
/// cross-diffusion jumps leaving the grid).
fn kill_rates(fp: &FokkerPlanck) -> Vec<f64> {
    let mut k = vec![0.0; fp.grid().len()];
    for f in fp.faces() {
        if f.upper.is_none() && f.up > 0.0 {
            k[f.lower] += f.up;
        }
    }
    for j in fp.jumps() {
        if j.to.is_none() && j.rate > 0.0 {
            k[j.from] += j.rate;
        }
    }
    k
}

/// Solves `−Q_Fᵀ x = rhs` on the cells `keep`, returning values by old index.
///
/// The solution is checked against theory ([`backward_precision::check`]);
/// when it fails and the chain is 1-D, the cancellation-free elimination
/// ([`gth_tridiagonal::solve`]), accurate to `O(n·u)` per cell whatever the
/// condition number, replaces it. Solutions that pass are returned as
/// computed, so well-conditioned results are unchanged bit for bit.
fn solve_restricted(
    q: &RateMatrix,
    keep: &[bool],
    kill: &[f64],
    quantity: Quantity,
    rhs: impl Fn(usize) -> f64,
) -> Result<Vec<f64>> {
    let (qf, map) = q.restrict(keep);
    let mut solver = ShiftedSolver::factorise(&qf.transpose().shifted(0.0, 1.0))?;
    let cells: Vec<usize> = (0..q.n()).filter(|&i| keep[i]).collect();
    let b: Vec<f64> = cells.iter().map(|&i| rhs(i)).collect();
    let mut x = b.clone();
    if !x.is_empty() {
        solver.solve_in_place(&mut x);
    }
    if let Some(cell) = x.iter().position(|v| !v.is_finite()) {
        return Err(FpError::NonFinite { cell, step: 0 });
    }
    let inverse_norm = match quantity {
        Quantity::MeanExitTime => x.iter().fold(0.0f64, |m, v| m.max(v.abs())),
        Quantity::Probability => {
            let mut z = vec![1.0; x.len()];
            if !z.is_empty() {
                solver.solve_in_place(&mut z);
            }
            z.iter().fold(0.0f64, |m, v| m.max(v.abs()))
        }
    };
    if let Err(e) = backward_precision::check(quantity, &qf, &x, &b, inverse_norm, &cells) {
        return gth_tridiagonal::solve(q, keep, kill, rhs).ok_or(e);
    }
    Ok((0..q.n()).map(|i| map[i].map_or(0.0, |k| x[k])).collect())
}

/// Mean exit time `T` from the complement of `target` (cells) and through
/// absorbing faces:
///
/// ```text
/// Σᵢ Q_ij Tᵢ = −1  for j off the target,    T_j = 0 on the target
/// ```
///
/// (`Qᵀ T = −1`; mass killed at absorbing faces has `T = 0` outside).
/// Cells from which exit is not almost sure (they can reach a cell that
/// cannot reach the target) get [`ExitTime::Never`]; the linear system is
/// solved only on the rest, where it is non-singular.
///
/// This is the PDE method of `sgdpde exit-time --method pde`.
///
/// # Order
/// Inherits the operator's: second order in `h` for smooth coefficients
/// with exits through absorbing faces (checked against exact quadrature in
/// `tests/it/fokker_planck_exit_time.rs`).
///
/// # Errors
/// [`FpError::DimensionMismatch`] if `target.len()` differs from the grid;
/// [`FpError::EmptyTarget`] if the target is empty and no face is
/// absorbing; [`FpError::Factorisation`] / [`FpError::NonFinite`] if the
/// solve fails; [`FpError::PrecisionLoss`] if the solution violates
/// `T ≥ 0` or its round-off bound `κ∞·max(η, u)` (`κ∞ = ‖A‖∞‖T‖∞`, exact
/// for this M-matrix) exceeds [`crate::MAX_RELATIVE_ERROR`] — except on
/// 1-D grids, where the cancellation-free elimination then gives `T` to
/// `O(n·u)` relative accuracy per cell (`proofs-notes/backward-precision.md`).
///
/// # Examples
/// ```
/// use sgdpde_fokker_planck::prelude::*;
/// use sgdpde_fokker_planck::{ExitTime, mean_exit_time};
/// use sgdpde_landscape::Quadratic;
/// // Brownian motion (L = 0, D = 1/2) on (−1, 1): E τ = (1 − x²)/(2D) = 1 − x².
/// let grid = Grid::uniform_1d(-1.0, 1.0, 201)?;
/// let bc = BoundaryConditions::uniform(1, Boundary::Absorbing);
/// let flat = Quadratic::diagonal(&[0.0], vec![0.0])?;
/// let fp = FokkerPlanck::gradient(grid, bc, flat, &Isotropic::new(1, 0.5)?)?;
/// let t = mean_exit_time(&fp, &vec![false; 201])?;
/// let ExitTime::Finite(t0) = t.at(100) else { panic!("exit is certain") };
/// assert!((t0 - 1.0).abs() < 1e-4);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn mean_exit_time(fp: &FokkerPlanck, target: &[bool]) -> Result<MeanExitTimes> {
    let n = fp.grid().len();
    check_len("target", n, target.len())?;
    let kill = kill_rates(fp);
    if !target.iter().any(|&t| t) && !kill.iter().any(|&k| k > 0.0) {
        return Err(FpError::EmptyTarget { what: "target" });
    }
    let q = fp.rate_matrix();
    let exits: Vec<bool> = (0..n).map(|i| target[i] || kill[i] > 0.0).collect();
    let reach = can_reach(q, &exits);
    let never: Vec<bool> = reach.iter().map(|&r| !r).collect();
    let infinite = can_reach(q, &never);
    let keep: Vec<bool> = (0..n).map(|i| !target[i] && !infinite[i]).collect();
    let t = solve_restricted(q, &keep, &kill, Quantity::MeanExitTime, |_| 1.0)?;
    let times = (0..n)
        .map(|i| {
            if infinite[i] && !target[i] {
                ExitTime::Never
            } else {
                ExitTime::Finite(t[i])
            }
        })
        .collect();
    Ok(MeanExitTimes { times })
}

/// The committor `q = P(hit B before A)`:
///
/// ```text
/// Σᵢ Q_ij qᵢ = 0 off A ∪ B,   q = 1 on B,   q = 0 on A
/// ```
///
/// Killing through an absorbing face counts as reaching `A`; cells that
/// cannot reach `B` have `q = 0` exactly (no solve there).
///
/// # Errors
/// [`FpError::DimensionMismatch`] for wrong lengths; [`FpError::EmptyTarget`]
/// if `B` is empty, or `A` is empty with no absorbing face;
/// [`FpError::OverlappingSets`] if a cell is in both;
/// [`FpError::PrecisionLoss`] as for [`mean_exit_time`] (`q ∈ [0, 1]`).
pub fn committor(fp: &FokkerPlanck, a: &[bool], b: &[bool]) -> Result<Vec<f64>> {
    let n = fp.grid().len();
    check_len("A", n, a.len())?;
    check_len("B", n, b.len())?;
    if let Some(cell) = (0..n).find(|&i| a[i] && b[i]) {
        return Err(FpError::OverlappingSets { cell });
    }
    if !b.iter().any(|&x| x) {
        return Err(FpError::EmptyTarget { what: "B" });
    }
    let kill = kill_rates(fp);
    if !a.iter().any(|&x| x) && !kill.iter().any(|&k| k > 0.0) {
        return Err(FpError::EmptyTarget { what: "A" });
    }
    let q = fp.rate_matrix();
    let reach_b = can_reach(q, b);
    let keep: Vec<bool> = (0..n).map(|i| reach_b[i] && !a[i] && !b[i]).collect();
    // r_j = Σ_{i∈B} Q_ij
    let r: Vec<f64> = (0..n)
        .map(|j| q.column(j).filter(|&(i, _)| b[i]).map(|(_, v)| v).sum())
        .collect();
    let mut c = solve_restricted(q, &keep, &kill, Quantity::Probability, |j| r[j])?;
    for i in 0..n {
        if b[i] {
            c[i] = 1.0;
        }
    }
    Ok(c)
}

/// Survival probabilities `S(tₖ) = P(τ > tₖ)`, `tₖ = k·dt`, `k = 1..=steps`,
/// for the initial density `u0`: the forward equation with the target cells
/// removed (mass entering them is killed), `S` = remaining mass.
///
/// Implicit Euler keeps `S` non-increasing and in `[0, 1]`.
///
/// # Errors
/// As [`mean_exit_time`] and [`Stepper`].
pub fn survival_probability(
    fp: &FokkerPlanck,
    target: &[bool],
    u0: &[f64],
    scheme: Scheme,
    dt: f64,
    steps: usize,
) -> Result<Vec<f64>> {
    let n = fp.grid().len();
    check_len("target", n, target.len())?;
    check_len("u0", n, u0.len())?;
    if !target.iter().any(|&t| t) && !fp.boundary_conditions().any_absorbing() {
        return Err(FpError::EmptyTarget { what: "target" });
    }
    let keep: Vec<bool> = target.iter().map(|&t| !t).collect();
    let (qr, map) = fp.rate_matrix().restrict(&keep);
    let mut u = vec![0.0; qr.n()];
    for i in 0..n {
        if let Some(k) = map[i] {
            u[k] = u0[i];
        }
    }
    let vol = fp.grid().cell_volume();
    let m0 = fp.grid().mass(u0);
    let mut out = Vec::with_capacity(steps);
    let mut st = Stepper::from_rate_matrix(qr, scheme, dt)?;
    st.run(&mut u, steps, |_, u| {
        out.push(vol * u.iter().sum::<f64>() / m0)
    })?;
    Ok(out)
}
