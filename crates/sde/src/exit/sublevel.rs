//! Sublevel sets of a function and user predicates as domains.

use sgdpde_landscape::Landscape;

use crate::error::{Result, SdeError};
use crate::exit::domain::{Domain, FlatBoundary};

/// The sublevel set `{x : f(x) < c}` of a differentiable function given as a
/// [`Landscape`] (its value and gradient). Boundary id `0`.
///
/// For the bridge correction the boundary is linearised at `x`: distance
/// `(c − f(x))/|∇f(x)|`, outward normal `∇f/|∇f|` — first order in the
/// distance, exact for affine `f`, and accurate when the level set's
/// curvature radius is large against the step scale `√(a_n dt)`.
#[derive(Debug, Clone)]
pub struct Sublevel<L> {
    f: L,
    level: f64,
}

impl<L: Landscape> Sublevel<L> {
    /// `{x : f(x) < level}`.
    ///
    /// # Errors
    /// [`SdeError::InvalidParameter`] if `level` is not finite.
    pub fn new(f: L, level: f64) -> Result<Self> {
        if !level.is_finite() {
            return Err(SdeError::InvalidParameter {
                name: "sublevel level",
                value: level,
                constraint: "finite",
            });
        }
        Ok(Self { f, level })
    }
}

impl<L: Landscape> Domain for Sublevel<L> {
    fn dim(&self) -> usize {
        self.f.dim()
    }
    #[inline]
    fn exit_boundary(&self, x: &[f64]) -> Option<usize> {
        (self.f.value(x) >= self.level).then_some(0)
    }
}

impl<L: Landscape> FlatBoundary for Sublevel<L> {
    /// Uses a stack buffer for the gradient in dimension ≤ 16 and the
    /// value-only bound `c − f(x)` with infinite slope (no crossing
    /// correction) beyond.
    #[inline]
    fn boundary_distance(&self, x: &[f64]) -> (f64, usize) {
        let mut g = [0.0; 16];
        let d = self.f.dim();
        if d > 16 {
            return (f64::INFINITY, 0);
        }
        let v = self.f.value_and_gradient_into(x, &mut g[..d]);
        let norm = g[..d].iter().map(|g| g * g).sum::<f64>().sqrt();
        ((self.level - v) / norm, 0)
    }
    #[inline]
    fn outward_normal_into(&self, x: &[f64], _boundary: usize, n: &mut [f64]) {
        self.f.gradient_into(x, n);
        let norm = n.iter().map(|g| g * g).sum::<f64>().sqrt();
        if norm > 0.0 {
            n.iter_mut().for_each(|g| *g /= norm);
        }
    }
}

/// A domain given by a predicate `inside(x)`; boundary id `0`. No distance
/// is known, so only discrete monitoring applies.
///
/// # Examples
/// ```
/// use sgdpde_sde::{Domain, Predicate};
/// let d = Predicate::new(2, |x: &[f64]| x[0] * x[1] < 1.0);
/// assert_eq!(d.exit_boundary(&[2.0, 2.0]), Some(0));
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Predicate<F> {
    dim: usize,
    inside: F,
}

impl<F: Fn(&[f64]) -> bool + Sync> Predicate<F> {
    /// The set `{x ∈ R^dim : inside(x)}`.
    pub fn new(dim: usize, inside: F) -> Self {
        Self { dim, inside }
    }
}

impl<F: Fn(&[f64]) -> bool + Sync> Domain for Predicate<F> {
    fn dim(&self) -> usize {
        self.dim
    }
    #[inline]
    fn exit_boundary(&self, x: &[f64]) -> Option<usize> {
        (!(self.inside)(x)).then_some(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sgdpde_landscape::Quadratic;

    #[test]
    fn sublevel_of_a_quadratic_is_a_ball() {
        // L = ½|x|², {L < 2} = ball of radius 2.
        let q = Quadratic::diagonal(&[1.0, 1.0], vec![0.0, 0.0]).unwrap();
        let s = Sublevel::new(q, 2.0).unwrap();
        assert_eq!(s.exit_boundary(&[1.0, 1.0]), None);
        assert_eq!(s.exit_boundary(&[2.0, 0.0]), Some(0));
        // Linearised distance at (1, 0): (2 − ½)/1 = 1.5 (true distance 1).
        let (d, _) = s.boundary_distance(&[1.0, 0.0]);
        assert!((d - 1.5).abs() < 1e-15);
        let mut n = [0.0; 2];
        s.outward_normal_into(&[0.0, 3.0], 0, &mut n);
        assert_eq!(n, [0.0, 1.0]);
        assert!(Sublevel::new(q_clone(), f64::NAN).is_err());
    }

    fn q_clone() -> Quadratic {
        Quadratic::diagonal(&[1.0], vec![0.0]).unwrap()
    }
}
