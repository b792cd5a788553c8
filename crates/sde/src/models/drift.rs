//! Drifts `b(t, x)`: from a landscape (`b = −∇L`), from a closure, or linear.

use sgdpde_landscape::Landscape;

use crate::error::{Result, SdeError};

/// A drift field `b: [0, ∞) × Rᵈ → Rᵈ`.
///
/// # Contract
/// `x.len() == out.len() == self.dim()`; the call must not allocate.
pub trait Drift: Send + Sync {
    /// The state dimension fixed by the type, if any (see
    /// [`Sde::DIM`](crate::Sde::DIM)).
    const DIM: Option<usize> = None;

    /// State dimension `d`.
    fn dim(&self) -> usize;

    /// Writes `b(t, x)` into `out`.
    fn drift_into(&self, t: f64, x: &[f64], out: &mut [f64]);
}

/// The gradient drift `b(x) = −∇L(x)` of a landscape.
///
/// # Examples
/// ```
/// use sgdpde_landscape::DoubleWell;
/// use sgdpde_sde::{Drift, GradientDrift};
/// let b = GradientDrift::new(DoubleWell::symmetric());
/// let mut out = [0.0];
/// b.drift_into(0.0, &[2.0], &mut out);
/// assert_eq!(out[0], -(8.0 - 2.0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GradientDrift<L> {
    landscape: L,
}

impl<L: Landscape> GradientDrift<L> {
    /// `b = −∇L`.
    pub fn new(landscape: L) -> Self {
        Self { landscape }
    }

    /// The landscape.
    pub fn landscape(&self) -> &L {
        &self.landscape
    }
}

impl<L: Landscape> Drift for GradientDrift<L> {
    const DIM: Option<usize> = L::DIM;

    #[inline]
    fn dim(&self) -> usize {
        self.landscape.dim()
    }

    #[inline]
    fn drift_into(&self, _t: f64, x: &[f64], out: &mut [f64]) {
        self.landscape.gradient_into(x, out);
        for i in 0..out.len() {
            out[i] = -out[i];
        }
    }
}

/// A user drift given by a closure `f(t, x, out)` writing `b(t, x)`.
///
/// # Examples
/// ```
/// use sgdpde_sde::{Drift, FnDrift};
/// let b = FnDrift::new(1, |_t: f64, x: &[f64], out: &mut [f64]| out[0] = -x[0].powi(3))?;
/// let mut out = [0.0];
/// b.drift_into(0.0, &[2.0], &mut out);
/// assert_eq!(out[0], -8.0);
/// # Ok::<(), sgdpde_sde::SdeError>(())
/// ```
#[derive(Clone, Copy)]
pub struct FnDrift<F> {
    dim: usize,
    f: F,
}

impl<F> std::fmt::Debug for FnDrift<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FnDrift").field("dim", &self.dim).finish()
    }
}

impl<F> FnDrift<F>
where
    F: Fn(f64, &[f64], &mut [f64]) + Send + Sync,
{
    /// Wraps `f` as a drift on `Rᵈ`.
    ///
    /// # Errors
    /// [`SdeError::DimensionMismatch`] if `dim == 0`.
    pub fn new(dim: usize, f: F) -> Result<Self> {
        if dim == 0 {
            return Err(SdeError::DimensionMismatch {
                what: "drift dimension (≥ 1)",
                expected: 1,
                found: 0,
            });
        }
        Ok(Self { dim, f })
    }
}

impl<F> Drift for FnDrift<F>
where
    F: Fn(f64, &[f64], &mut [f64]) + Send + Sync,
{
    #[inline]
    fn dim(&self) -> usize {
        self.dim
    }

    #[inline]
    fn drift_into(&self, t: f64, x: &[f64], out: &mut [f64]) {
        (self.f)(t, x, out)
    }
}

/// The affine drift `b(x) = A x + c` (`A` row-major `d × d`).
///
/// With constant noise this is the linear SDE of shared/math.md §3, whose
/// exact one-step law `ExactLinear` samples.
///
/// # Examples
/// ```
/// use sgdpde_sde::{Drift, LinearDrift};
/// // Ornstein–Uhlenbeck drift −θ(x − μ) with θ = 2, μ = 1.
/// let b = LinearDrift::new(vec![-2.0], vec![2.0])?;
/// let mut out = [0.0];
/// b.drift_into(0.0, &[3.0], &mut out);
/// assert_eq!(out[0], -4.0);
/// # Ok::<(), sgdpde_sde::SdeError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct LinearDrift {
    d: usize,
    a: Vec<f64>,
    c: Vec<f64>,
}

impl LinearDrift {
    /// `b(x) = A x + c` with `A` row-major `d × d`, `d = c.len()`.
    ///
    /// # Errors
    /// [`SdeError::DimensionMismatch`] if `a.len() != c.len()²` or `c` is
    /// empty; [`SdeError::InvalidParameter`] for a non-finite entry.
    pub fn new(a: Vec<f64>, c: Vec<f64>) -> Result<Self> {
        let d = c.len();
        if d == 0 || a.len() != d * d {
            return Err(SdeError::DimensionMismatch {
                what: "A (d × d for c of length d ≥ 1)",
                expected: d.max(1) * d.max(1),
                found: a.len(),
            });
        }
        check_finite_slice("A", &a)?;
        check_finite_slice("c", &c)?;
        Ok(Self { d, a, c })
    }

    /// `A`, row-major.
    pub fn a(&self) -> &[f64] {
        &self.a
    }

    /// `c`.
    pub fn c(&self) -> &[f64] {
        &self.c
    }
}

impl Drift for LinearDrift {
    #[inline]
    fn dim(&self) -> usize {
        self.d
    }

    #[inline]
    fn drift_into(&self, _t: f64, x: &[f64], out: &mut [f64]) {
        let d = self.d;
        for i in 0..d {
            let row = &self.a[i * d..(i + 1) * d];
            out[i] = self.c[i] + row.iter().zip(x).map(|(a, x)| a * x).sum::<f64>();
        }
    }
}

/// Returns the first non-finite entry of `v` as an error.
pub(crate) fn check_finite_slice(name: &'static str, v: &[f64]) -> Result<()> {
    match v.iter().find(|x| !x.is_finite()) {
        Some(&value) => Err(SdeError::InvalidParameter {
            name,
            value,
            constraint: "finite in every entry",
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sgdpde_landscape::Quadratic;

    #[test]
    fn gradient_drift_is_minus_gradient() {
        let q = Quadratic::new(vec![2.0, 1.0, 1.0, 3.0], vec![1.0, -1.0]).unwrap();
        let b = GradientDrift::new(q);
        let mut out = [0.0; 2];
        b.drift_into(0.0, &[2.0, 0.0], &mut out);
        // ∇L = H (x − c) = H (1, 1) = (3, 4).
        assert_eq!(out, [-3.0, -4.0]);
        assert_eq!(b.dim(), 2);
    }

    #[test]
    fn linear_drift_and_validation() {
        let b = LinearDrift::new(vec![1.0, 2.0, 3.0, 4.0], vec![0.5, -0.5]).unwrap();
        let mut out = [0.0; 2];
        b.drift_into(0.0, &[1.0, 1.0], &mut out);
        assert_eq!(out, [3.5, 6.5]);
        assert!(matches!(
            LinearDrift::new(vec![1.0, 2.0], vec![0.0, 0.0]),
            Err(SdeError::DimensionMismatch { found: 2, .. })
        ));
        assert!(matches!(
            LinearDrift::new(vec![f64::NAN], vec![0.0]),
            Err(SdeError::InvalidParameter { name: "A", .. })
        ));
        assert!(FnDrift::new(0, |_: f64, _: &[f64], _: &mut [f64]| {}).is_err());
    }
}
