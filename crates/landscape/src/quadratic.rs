//! The quadratic `L(x) = ½ (x − c)ᵀ H (x − c)` in `d` dimensions.

use nalgebra::DMatrix;

use crate::catalogue_entry::{CatalogueEntry, Catalogued, ParamSpec, whole};
use crate::error::{LandscapeError, Result, check_point};
use crate::traits::{KnownCriticalPoint, KnownCriticalPoints, Landscape, LandscapeHessian};

/// The quadratic bowl
///
/// ```text
/// L(x) = ½ (x − c)ᵀ H (x − c),   ∇L = H (x − c),   ∇²L = H,
/// ```
///
/// with `H` symmetric positive **semi**definite: zero eigenvalues are flat
/// directions, along which the set of minimisers `c + ker H` extends.
///
/// # Critical points
/// Every point of `c + ker H` is a global minimum with `L = 0`; for positive
/// definite `H` it is the single point `c`.
///
/// # Reference
/// The local model of every smooth minimum; the SDE on it is the
/// Ornstein–Uhlenbeck process (`shared/math.md` §3).
///
/// # Examples
/// ```
/// use sgdpde_landscape::{Landscape, Quadratic};
/// let q = Quadratic::new(vec![2.0, 0.0, 0.0, 0.0], vec![1.0, 0.0])?; // flat in x₂
/// assert_eq!(q.value(&[2.0, 5.0]), 1.0);
/// # Ok::<(), sgdpde_landscape::LandscapeError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Quadratic {
    d: usize,
    h: Vec<f64>,
    c: Vec<f64>,
    eigenvalues: Vec<f64>,
}

impl Quadratic {
    /// Builds the quadratic from a row-major `d × d` matrix `h` and centre `c`.
    ///
    /// # Errors
    /// * [`LandscapeError::DimensionMismatch`] if `h.len() != c.len()²` or `c` is empty;
    /// * [`LandscapeError::InvalidParameter`] / [`LandscapeError::NonFinitePoint`] for non-finite entries;
    /// * [`LandscapeError::NotSymmetric`] if `|Hᵢⱼ − Hⱼᵢ| > 1e-12·max(1, |Hᵢⱼ|)`;
    /// * [`LandscapeError::NotPositiveSemidefinite`] if the smallest eigenvalue is below
    ///   `−1e-12·max(1, ‖H‖_max)`.
    pub fn new(h: Vec<f64>, c: Vec<f64>) -> Result<Self> {
        let d = c.len();
        if d == 0 || h.len() != d * d {
            return Err(LandscapeError::DimensionMismatch {
                what: "H (d × d for centre of length d ≥ 1)",
                expected: d.max(1) * d.max(1),
                found: h.len(),
            });
        }
        check_point("c", &c, d)?;
        if let Some(k) = h.iter().position(|v| !v.is_finite()) {
            return Err(LandscapeError::InvalidParameter {
                name: "H",
                value: h[k],
                constraint: "finite in every entry",
            });
        }
        let scale = h.iter().fold(1.0f64, |m, v| m.max(v.abs()));
        for i in 0..d {
            for j in (i + 1)..d {
                let (a, b) = (h[i * d + j], h[j * d + i]);
                if (a - b).abs() > 1e-12 * scale {
                    return Err(LandscapeError::NotSymmetric {
                        what: "H",
                        i,
                        j,
                        a_ij: a,
                        a_ji: b,
                    });
                }
            }
        }
        let m = DMatrix::from_row_slice(d, d, &h);
        let mut eigenvalues: Vec<f64> = m.symmetric_eigen().eigenvalues.iter().copied().collect();
        eigenvalues.sort_by(f64::total_cmp);
        if eigenvalues[0] < -1e-12 * scale {
            return Err(LandscapeError::NotPositiveSemidefinite {
                what: "H",
                min_eigenvalue: eigenvalues[0],
            });
        }
        Ok(Self {
            d,
            h,
            c,
            eigenvalues,
        })
    }

    /// The diagonal quadratic `½ Σ hᵢ (xᵢ − cᵢ)²`.
    ///
    /// # Errors
    /// As [`Quadratic::new`]; a negative `hᵢ` is reported as not PSD.
    pub fn diagonal(h: &[f64], c: Vec<f64>) -> Result<Self> {
        let d = h.len();
        let mut m = vec![0.0; d * d];
        for (i, &v) in h.iter().enumerate() {
            m[i * d + i] = v;
        }
        Self::new(m, c)
    }

    /// The isotropic bowl `(k/2)|x|²` in `d` dimensions.
    ///
    /// # Errors
    /// As [`Quadratic::new`].
    pub fn isotropic(d: usize, k: f64) -> Result<Self> {
        Self::diagonal(&vec![k; d], vec![0.0; d])
    }

    /// The row-major Hessian `H`.
    pub fn matrix(&self) -> &[f64] {
        &self.h
    }

    /// The centre `c`.
    pub fn centre(&self) -> &[f64] {
        &self.c
    }

    /// Eigenvalues of `H` in increasing order.
    pub fn eigenvalues(&self) -> &[f64] {
        &self.eigenvalues
    }
}

impl Catalogued for Quadratic {
    const ENTRY: CatalogueEntry = CatalogueEntry {
        name: "quadratic",
        dim: "dim",
        formula: "L(x) = (k/2) Σ_{i<dim-flat} x_i²  (flat directions have zero curvature)",
        summary: "isotropic bowl with optional flat directions (PSD Hessian); the OU process",
        params: &[
            ParamSpec {
                name: "dim",
                default: 2.0,
                description: "dimension d ≥ 1 (integer)",
            },
            ParamSpec {
                name: "k",
                default: 1.0,
                description: "curvature of the curved directions, > 0",
            },
            ParamSpec {
                name: "flat",
                default: 0.0,
                description: "number of flat directions, 0 ≤ flat < dim",
            },
        ],
        search_box: &[[-2.0, 2.0]],
    };

    fn from_params(p: &[f64]) -> Result<Self> {
        let dim = whole("dim", p[0], 1, 1024)?;
        let flat = whole("flat", p[2], 0, dim - 1)?;
        let k = crate::error::check_positive("k", p[1])?;
        let diag: Vec<f64> = (0..dim)
            .map(|i| if i < dim - flat { k } else { 0.0 })
            .collect();
        Self::diagonal(&diag, vec![0.0; dim])
    }
}

impl Landscape for Quadratic {
    #[inline]
    fn dim(&self) -> usize {
        self.d
    }
    fn value(&self, x: &[f64]) -> f64 {
        let d = self.d;
        let mut s = 0.0;
        for i in 0..d {
            let yi = x[i] - self.c[i];
            let mut row = 0.0;
            for j in 0..d {
                row += self.h[i * d + j] * (x[j] - self.c[j]);
            }
            s += yi * row;
        }
        0.5 * s
    }
    fn gradient_into(&self, x: &[f64], grad: &mut [f64]) {
        let d = self.d;
        for (i, g) in grad.iter_mut().enumerate().take(d) {
            let mut row = 0.0;
            for j in 0..d {
                row += self.h[i * d + j] * (x[j] - self.c[j]);
            }
            *g = row;
        }
    }
}

impl LandscapeHessian for Quadratic {
    fn hessian_into(&self, _x: &[f64], hess: &mut [f64]) {
        hess.copy_from_slice(&self.h);
    }
}

impl KnownCriticalPoints for Quadratic {
    fn known_critical_points(&self) -> Vec<KnownCriticalPoint> {
        vec![KnownCriticalPoint {
            x: self.c.clone(),
            index: 0,
            value: 0.0,
            precision: 0.0,
        }]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::LandscapeExt;

    #[test]
    fn gradient_vanishes_along_flat_directions() {
        let q = Quadratic::diagonal(&[3.0, 0.0], vec![1.0, -2.0]).unwrap();
        assert_eq!(q.gradient(&[1.0, 7.0]), vec![0.0, 0.0]);
        assert_eq!(q.value(&[1.0, 7.0]), 0.0);
        assert_eq!(q.eigenvalues(), &[0.0, 3.0]);
    }

    #[test]
    fn rejects_bad_matrices() {
        assert!(matches!(
            Quadratic::new(vec![1.0, 2.0, 0.0, 1.0], vec![0.0, 0.0]),
            Err(LandscapeError::NotSymmetric { i: 0, j: 1, .. })
        ));
        assert!(matches!(
            Quadratic::diagonal(&[1.0, -0.5], vec![0.0, 0.0]),
            Err(LandscapeError::NotPositiveSemidefinite { min_eigenvalue, .. }) if min_eigenvalue == -0.5
        ));
        assert!(matches!(
            Quadratic::new(vec![1.0; 3], vec![0.0, 0.0]),
            Err(LandscapeError::DimensionMismatch { found: 3, .. })
        ));
        assert!(matches!(
            Quadratic::diagonal(&[1.0], vec![f64::NAN]),
            Err(LandscapeError::NonFinitePoint { index: 0, .. })
        ));
    }
}
