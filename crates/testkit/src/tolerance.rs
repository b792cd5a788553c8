//! Named tolerances. Each constant states where its size comes from, so a
//! test that uses it inherits a justification instead of a magic number.

/// Machine epsilon of `f64`.
pub const EPS: f64 = f64::EPSILON;

/// Step of central finite differences: `h = ε^{1/3} ≈ 6e-6` balances the
/// `O(h²)` truncation error against the `O(ε/h)` round-off error.
pub const FD_STEP: f64 = 6.055_454_452_393_343e-6;

/// Relative error allowed between an analytic derivative and its central
/// finite difference with step [`FD_STEP`], *truncation part*: `M₃h²/6` with
/// `h² ≈ 3.7e-11`, i.e. `≈ 6e-12·M₃`; `1e-7` of the derivative scale covers
/// third derivatives up to `≈ 10⁴` times that scale (the Müller–Brown
/// exponentials have `M₃/M₁ ≲ 10³` in their box). The round-off part is
/// [`FD_ROUND_OFF`] and scales with the *value* (or gradient) magnitude, not
/// the derivative — see [`fd_tolerance`].
pub const FD_REL: f64 = 1e-7;

/// Round-off factor of a central difference: `(f(x+h) − f(x−h))/(2h)` with
/// each `f` carrying relative error `≤ k ε` (`k` ≈ the number of rounded
/// operations, ≤ 50 for the catalogue formulas) is off by `≤ k ε |f|/h`.
pub const FD_ROUND_OFF: f64 = 50.0 * EPS;

/// Absolute tolerance for comparing an analytic derivative with its central
/// difference of step `h`: `FD_REL·max(1, derivative_scale) +
/// FD_ROUND_OFF·function_scale/h`, where `derivative_scale` bounds the
/// compared derivative and `function_scale` the differenced function near `x`
/// (Müller–Brown values are O(100), so the round-off term matters there).
pub fn fd_tolerance(derivative_scale: f64, function_scale: f64, h: f64) -> f64 {
    FD_REL * derivative_scale.max(1.0) + FD_ROUND_OFF * function_scale / h
}

/// Barrier heights `L(s) − L(m)` from critical points located to
/// [`CRITICAL_POINT_ABS`]: the value error at a critical point is second
/// order, `½‖H‖δ² ≲ 1e-16` for `‖H‖ ≲ 10⁴`, so round-off of the two values
/// dominates: `≲ 8ε·max(1, |L|)`. We allow `1e-12·max(1, |L|)`.
pub const BARRIER_REL: f64 = 1e-12;

/// Critical points found by Newton's method must reproduce closed forms to
/// this absolute accuracy (Newton converges quadratically; we stop at a
/// gradient norm of 1e-13, giving `|x − x*| ≤ ‖H⁻¹‖·1e-13`).
pub const CRITICAL_POINT_ABS: f64 = 1e-10;

/// Relative round-off allowed for a sum of `n` terms of size ≤ 1: `n·ε`.
pub fn sum_round_off(n: usize) -> f64 {
    n as f64 * EPS
}
