//! The capability traits every landscape implements.

use nalgebra::{DMatrix, DVector};

/// A differentiable loss `L: Rᵈ → R`.
///
/// The in-place methods are the core: they never allocate, so a drift
/// `b = −∇L` evaluated inside a per-step loop costs exactly what the formula
/// costs. Implementations for fixed small dimensions should mark these
/// `#[inline]` so that, monomorphised into an integrator, they compile to the
/// same code as a hand-written loop.
///
/// # Contract
/// `x.len() == self.dim()` and `grad.len() == self.dim()`; implementations may
/// panic (index out of bounds) otherwise. Validate user input at the boundary
/// with [`crate::check_point`].
pub trait Landscape: Send + Sync {
    /// The dimension every value of this type has, when it is fixed by the
    /// type (`Some(1)` for the 1-D catalogue landscapes), else `None`.
    ///
    /// Drivers compile their fixed-dimension fast paths only for this
    /// dimension (all of 1, 2, 3 for `None`): a static fact that prunes the
    /// monomorphised code, never a runtime switch — [`Landscape::dim`]
    /// still decides, and must equal it when it is `Some`.
    const DIM: Option<usize> = None;

    /// The dimension `d` of the parameter space.
    fn dim(&self) -> usize;

    /// The loss value `L(x)`.
    fn value(&self, x: &[f64]) -> f64;

    /// Writes `∇L(x)` into `grad`.
    fn gradient_into(&self, x: &[f64], grad: &mut [f64]);

    /// Writes `∇L(x)` into `grad` and returns `L(x)`; override when the two
    /// share work.
    #[inline]
    fn value_and_gradient_into(&self, x: &[f64], grad: &mut [f64]) -> f64 {
        self.gradient_into(x, grad);
        self.value(x)
    }
}

/// A landscape with an exact Hessian.
pub trait LandscapeHessian: Landscape {
    /// Writes the Hessian `∇²L(x)` into `hess`, row-major, `d × d`, symmetric.
    fn hessian_into(&self, x: &[f64], hess: &mut [f64]);
}

/// Allocating conveniences on top of the in-place core (blanket-implemented).
pub trait LandscapeExt: Landscape {
    /// `∇L(x)` as a new vector.
    fn gradient(&self, x: &[f64]) -> Vec<f64> {
        let mut g = vec![0.0; self.dim()];
        self.gradient_into(x, &mut g);
        g
    }

    /// `∇L(x)` as an `nalgebra` vector.
    fn gradient_vector(&self, x: &[f64]) -> DVector<f64> {
        DVector::from_vec(self.gradient(x))
    }

    /// `∇²L(x)` as an `nalgebra` matrix.
    fn hessian_matrix(&self, x: &[f64]) -> DMatrix<f64>
    where
        Self: LandscapeHessian,
    {
        let d = self.dim();
        let mut h = vec![0.0; d * d];
        self.hessian_into(x, &mut h);
        DMatrix::from_row_slice(d, d, &h)
    }
}

impl<L: Landscape + ?Sized> LandscapeExt for L {}

impl<L: Landscape + ?Sized> Landscape for &L {
    #[inline]
    fn dim(&self) -> usize {
        (**self).dim()
    }
    #[inline]
    fn value(&self, x: &[f64]) -> f64 {
        (**self).value(x)
    }
    #[inline]
    fn gradient_into(&self, x: &[f64], grad: &mut [f64]) {
        (**self).gradient_into(x, grad)
    }
    #[inline]
    fn value_and_gradient_into(&self, x: &[f64], grad: &mut [f64]) -> f64 {
        (**self).value_and_gradient_into(x, grad)
    }
}

impl<L: LandscapeHessian + ?Sized> LandscapeHessian for &L {
    #[inline]
    fn hessian_into(&self, x: &[f64], hess: &mut [f64]) {
        (**self).hessian_into(x, hess)
    }
}

/// A point whose nature is known in closed form (or from a published table),
/// used by tests and the CLI.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct KnownCriticalPoint {
    /// Coordinates.
    pub x: Vec<f64>,
    /// Morse index: 0 for a minimum, 1 for an index-1 saddle, …
    pub index: usize,
    /// Loss value at the point.
    pub value: f64,
    /// Absolute precision of the stated coordinates: `0.0` for closed forms
    /// (exact up to round-off), half a unit in the last published digit for
    /// values taken from a table (Müller–Brown).
    pub precision: f64,
}

/// Catalogue landscapes state their critical points in closed form (or from a
/// published table), so tests can check the numerical search against them.
pub trait KnownCriticalPoints {
    /// The critical points, with the precision of their source.
    fn known_critical_points(&self) -> Vec<KnownCriticalPoint>;
}
