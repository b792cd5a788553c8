//! Named tolerances. Each constant states where its size comes from, so a
//! test that uses it inherits a justification instead of a magic number.

/// Machine epsilon of `f64`.
pub const EPS: f64 = f64::EPSILON;

/// Step of central finite differences: `h = ε^{1/3} ≈ 6e-6` balances the
/// `O(h²)` truncation error against the `O(ε/h)` round-off error.
pub const FD_STEP: f64 = 6.055_454_452_393_343e-6;

/// Relative error allowed between an analytic derivative and its central
/// finite difference with step [`FD_STEP`]: truncation `M₃h²/6` plus round-off
/// `ε·|L|/h`, each ≈ `ε^{2/3} ≈ 4e-11` times the local scale; a factor 2e3
/// covers third derivatives up to `O(10³)` relative to the scale (the
/// Müller–Brown exponentials) — i.e. the bound is `≈ 1e-7·scale`.
pub const FD_REL: f64 = 1e-7;

/// Critical points found by Newton's method must reproduce closed forms to
/// this absolute accuracy (Newton converges quadratically; we stop at a
/// gradient norm of 1e-13, giving `|x − x*| ≤ ‖H⁻¹‖·1e-13`).
pub const CRITICAL_POINT_ABS: f64 = 1e-10;

/// Relative round-off allowed for a sum of `n` terms of size ≤ 1: `n·ε`.
pub fn sum_round_off(n: usize) -> f64 {
    n as f64 * EPS
}
