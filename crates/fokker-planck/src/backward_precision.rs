//! What theory guarantees about a backward solve `A x = b`, `A = −Q_Fᵀ`, and
//! the check of a computed solution against it.
//!
//! `A` is a non-singular M-matrix (off-diagonals `≤ 0`, row sums `≥ 0`,
//! every kept cell reaches an exit), so `A⁻¹ ≥ 0` entrywise
//! (`proofs-notes/backward-precision.md`). Hence
//!
//! * mean exit times (`b = 1`) are `≥ 0`, and `‖A⁻¹‖∞ = ‖A⁻¹1‖∞ = ‖T‖∞`:
//!   the condition number `κ∞ = ‖A‖∞‖T‖∞` comes free with the solution;
//! * committors / exit probabilities lie in `[0, 1]`.
//!
//! A computed `x̂` with normwise backward error
//! `η = ‖A x̂ − b‖∞ / (‖A‖∞‖x̂‖∞ + ‖b‖∞)` has relative forward error
//! `≲ κ∞ · max(η, u)`; the check refuses `x̂` when that bound exceeds
//! [`MAX_RELATIVE_ERROR`] or when `x̂` leaves the range theory allows by more
//! than the bound.

use crate::error::FpError;
use crate::rate_matrix::RateMatrix;

/// The largest relative forward-error bound `κ∞·max(η, u)` a backward solve
/// may carry: results are printed to 6 significant digits, so a bound above
/// `10⁻⁶` would let round-off show in them.
pub const MAX_RELATIVE_ERROR: f64 = 1e-6;

/// Which backward quantity a solve computes (its range under theory).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Quantity {
    /// Mean exit time: `x ≥ 0`, `b = 1`.
    MeanExitTime,
    /// A probability (committor): `0 ≤ x ≤ 1`.
    Probability,
}

impl Quantity {
    fn name(self) -> &'static str {
        match self {
            Self::MeanExitTime => "mean exit time",
            Self::Probability => "committor",
        }
    }
}

/// Checks the restricted solution `x` of `−qfᵀ x = b` against theory;
/// `inverse_norm` is `‖A⁻¹‖∞` (`‖x‖∞` for a mean exit time, `‖A⁻¹1‖∞`
/// otherwise). `cells[k]` is the grid index of restricted cell `k`.
pub(crate) fn check(
    quantity: Quantity,
    qf: &RateMatrix,
    x: &[f64],
    b: &[f64],
    inverse_norm: f64,
    cells: &[usize],
) -> Result<(), FpError> {
    let m = qf.n();
    if m == 0 {
        return Ok(());
    }
    let mut ax = vec![0.0; m];
    qf.mul_transpose_into(x, &mut ax);
    // ‖A‖∞ = max row sum of |A|, rows of A = columns of −qf.
    let a_norm = (0..m)
        .map(|j| qf.column(j).map(|(_, v)| v.abs()).sum::<f64>())
        .fold(0.0, f64::max);
    let inf = |v: &[f64]| v.iter().fold(0.0f64, |m, x| m.max(x.abs()));
    let r = ax
        .iter()
        .zip(b)
        .map(|(ax, b)| (-ax - b).abs())
        .fold(0.0, f64::max);
    let (x_norm, b_norm) = (inf(x), inf(b));
    let residual = r / (a_norm * x_norm + b_norm).max(f64::MIN_POSITIVE);
    let condition = a_norm * inverse_norm;
    let bound = condition * residual.max(f64::EPSILON);
    let (k_min, &min) = x
        .iter()
        .enumerate()
        .min_by(|a, b| a.1.total_cmp(b.1))
        .expect("m > 0");
    let (k_max, &max) = x
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .expect("m > 0");
    let slack = bound.min(1.0) * x_norm;
    let (reason, cell, value) = if min < -slack {
        ("negative, but theory gives ≥ 0", k_min, min)
    } else if quantity == Quantity::Probability && max > 1.0 + slack {
        ("above 1, but theory gives ≤ 1", k_max, max)
    } else if bound.is_nan() || bound > MAX_RELATIVE_ERROR {
        ("round-off bound too large", k_min, min)
    } else {
        return Ok(());
    };
    Err(FpError::PrecisionLoss {
        quantity: quantity.name(),
        reason,
        cell: cells[cell],
        value,
        condition,
        residual,
        bound,
    })
}
