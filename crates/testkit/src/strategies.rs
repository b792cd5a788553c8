//! proptest strategies shared by the crates' property tests.

use proptest::prelude::*;

/// A point in the box `[lo, hi]ᵈ`.
pub fn point_in_box(d: usize, lo: f64, hi: f64) -> impl Strategy<Value = Vec<f64>> {
    proptest::collection::vec(lo..hi, d)
}

/// A finite, moderately sized parameter value.
pub fn moderate_param() -> impl Strategy<Value = f64> {
    -2.0..2.0f64
}

/// A strictly positive parameter in `[lo, hi]`.
pub fn positive_param(lo: f64, hi: f64) -> impl Strategy<Value = f64> {
    lo..hi
}
