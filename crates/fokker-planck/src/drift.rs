//! Drift fields as the operator sees them: through the *work* `A` done
//! against the drift along a grid segment, `A ≈ −∫ b·dx`.
//!
//! For a gradient drift `b = −∇L` the work is the exact potential difference
//! `L(x₂) − L(x₁)`; this is what makes the discrete Gibbs state exact
//! (proofs-notes/fokker-planck-scharfetter-gummel.md). A general drift is
//! sampled at the segment midpoint, `A = −b(x_mid)·(x₂ − x₁)`.

use sgdpde_landscape::Landscape;
use sgdpde_sde::Sde;

/// A drift field seen through segment work.
pub trait DriftField {
    /// Dimension `d`.
    fn dim(&self) -> usize;

    /// Whether the drift is a gradient `−∇L` (then [`DriftField::potential`]
    /// returns `Some`).
    fn is_gradient(&self) -> bool;

    /// Work `A ≈ −∫_{x₁}^{x₂} b·dx` along the axis-parallel segment from
    /// `x1` to `x2` (which differ in coordinate `axis` only); `mid` is the
    /// midpoint and `scratch` a buffer of length `d`.
    fn work(&self, x1: &[f64], x2: &[f64], mid: &[f64], axis: usize, scratch: &mut [f64]) -> f64;

    /// The potential `L(x)` if the drift is `−∇L`.
    fn potential(&self, x: &[f64]) -> Option<f64>;
}

/// The gradient drift `b = −∇L` of a landscape.
#[derive(Debug, Clone, Copy)]
pub struct GradientDrift<L>(pub L);

impl<L: Landscape> DriftField for GradientDrift<L> {
    fn dim(&self) -> usize {
        self.0.dim()
    }
    fn is_gradient(&self) -> bool {
        true
    }
    #[inline]
    fn work(&self, x1: &[f64], x2: &[f64], _mid: &[f64], _axis: usize, _s: &mut [f64]) -> f64 {
        self.0.value(x2) - self.0.value(x1)
    }
    fn potential(&self, x: &[f64]) -> Option<f64> {
        Some(self.0.value(x))
    }
}

/// A general drift `b(x)` given by a closure writing it into a buffer.
///
/// # Examples
/// ```
/// use sgdpde_fokker_planck::{DriftField, VectorDrift};
/// // Linear drift b(x) = A x with A = −diag(1, 10).
/// let b = VectorDrift::new(2, |x: &[f64], out: &mut [f64]| {
///     out[0] = -x[0];
///     out[1] = -10.0 * x[1];
/// });
/// let mut s = [0.0; 2];
/// let w = b.work(&[1.0, 0.0], &[1.5, 0.0], &[1.25, 0.0], 0, &mut s);
/// assert_eq!(w, 1.25 * 0.5);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct VectorDrift<F> {
    dim: usize,
    f: F,
}

impl<F: Fn(&[f64], &mut [f64])> VectorDrift<F> {
    /// Wraps `f(x, b)`.
    pub fn new(dim: usize, f: F) -> Self {
        Self { dim, f }
    }
}

impl<F: Fn(&[f64], &mut [f64])> DriftField for VectorDrift<F> {
    fn dim(&self) -> usize {
        self.dim
    }
    fn is_gradient(&self) -> bool {
        false
    }
    #[inline]
    fn work(&self, x1: &[f64], x2: &[f64], mid: &[f64], axis: usize, s: &mut [f64]) -> f64 {
        (self.f)(mid, s);
        -s[axis] * (x2[axis] - x1[axis])
    }
    fn potential(&self, _x: &[f64]) -> Option<f64> {
        None
    }
}

/// The drift `b(0, x)` of any [`Sde`] from `sgdpde-sde` (time-homogeneous
/// models: the Fokker–Planck operator is assembled once).
#[derive(Debug, Clone, Copy)]
pub struct SdeDrift<'a, S>(pub &'a S);

impl<S: Sde> DriftField for SdeDrift<'_, S> {
    fn dim(&self) -> usize {
        self.0.dim()
    }
    fn is_gradient(&self) -> bool {
        false
    }
    #[inline]
    fn work(&self, x1: &[f64], x2: &[f64], mid: &[f64], axis: usize, s: &mut [f64]) -> f64 {
        self.0.drift_into(0.0, mid, s);
        -s[axis] * (x2[axis] - x1[axis])
    }
    fn potential(&self, _x: &[f64]) -> Option<f64> {
        None
    }
}
