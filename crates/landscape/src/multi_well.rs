//! The 1-D multi-well polynomial with prescribed critical points.

use crate::catalogue_entry::{CatalogueEntry, Catalogued, ParamSpec};
use crate::error::{LandscapeError, Result, check_finite};
use crate::traits::{KnownCriticalPoint, KnownCriticalPoints, Landscape, LandscapeHessian};

/// A 1-D landscape with three minima of different depths and curvatures,
/// built so that its critical points are *exact* parameters:
///
/// ```text
/// L′(x) = (x − r₁)(x − r₂)(x − r₃)(x − r₄)(x − r₅),   r₁ < r₂ < r₃ < r₄ < r₅,
/// L(x)  = ∫₀ˣ L′(t) dt = Σₖ pₖ x^{k+1}/(k+1),          L″(rᵢ) = ∏_{j≠i} (rᵢ − rⱼ),
/// ```
///
/// where `pₖ` are the coefficients of the monic quintic `L′` (expanded once at
/// construction). Since the leading coefficient is positive, `L′ < 0` left of
/// `r₁` and the sign alternates at each simple root: `r₁, r₃, r₅` are minima,
/// `r₂, r₄` maxima (the 1-D index-1 saddles).
///
/// # Why this formula
/// Prescribing the roots of the gradient makes every critical point exact (no
/// root solve), curvatures are products of root gaps, and depths and barriers
/// are exact polynomial values — so tests of the saddle search have an exact
/// answer. A tilted cosine would need a transcendental root solve.
///
/// # Parameters
/// `r1 … r5`, strictly increasing and finite. Defaults `(−1.5, −0.9, 0, 0.7, 1.6)`
/// give minima with depths `L ≈ 0.0565, 0, −0.6252` and curvatures
/// `L″ ≈ 6.14, 1.51, 11.16`; barriers (left/right of each maximum) ≈
/// `0.234 | 0.290` at `r₂` and `0.163 | 0.788` at `r₄`.
///
/// # Reference
/// A standard polynomial construction; see `proofs-notes/landscapes.md`.
///
/// # Examples
/// ```
/// use sgdpde_landscape::{Landscape, LandscapeExt, MultiWell};
/// let w = MultiWell::default_wells();
/// assert_eq!(w.gradient(&[0.7])[0], 0.0);
/// assert_eq!(w.value(&[0.0]), 0.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MultiWell {
    roots: [f64; 5],
    /// Coefficients `pₖ` of `L′(x) = Σ pₖ xᵏ`, `k = 0..=5`.
    p: [f64; 6],
}

impl MultiWell {
    /// The default critical points `(r₁, …, r₅)`.
    pub const DEFAULT_ROOTS: [f64; 5] = [-1.5, -0.9, 0.0, 0.7, 1.6];

    /// Builds the landscape whose gradient vanishes exactly at `roots`.
    ///
    /// # Errors
    /// [`LandscapeError::InvalidParameter`] if a root is not finite, or is not
    /// strictly greater than its predecessor (the value reported is the
    /// offending root, the name `r1 … r5`).
    pub fn new(roots: [f64; 5]) -> Result<Self> {
        const NAMES: [&str; 5] = ["r1", "r2", "r3", "r4", "r5"];
        for (i, &r) in roots.iter().enumerate() {
            check_finite(NAMES[i], r)?;
            if i > 0 && r <= roots[i - 1] {
                return Err(LandscapeError::InvalidParameter {
                    name: NAMES[i],
                    value: r,
                    constraint: "strictly greater than the previous root",
                });
            }
        }
        let mut p = [0.0; 6];
        p[0] = 1.0;
        for (deg, &r) in roots.iter().enumerate() {
            // Multiply the degree-`deg` polynomial by (x − r).
            for k in (0..=deg + 1).rev() {
                let lower = if k > 0 { p[k - 1] } else { 0.0 };
                p[k] = lower - r * p[k];
            }
        }
        Ok(Self { roots, p })
    }

    /// The landscape with [`MultiWell::DEFAULT_ROOTS`].
    pub fn default_wells() -> Self {
        Self::new(Self::DEFAULT_ROOTS).expect("default roots are increasing")
    }

    /// The critical points `r₁ < … < r₅`.
    pub fn roots(&self) -> [f64; 5] {
        self.roots
    }

    /// The exact curvature `L″(rᵢ) = ∏_{j≠i} (rᵢ − rⱼ)`.
    pub fn curvature_at_root(&self, i: usize) -> f64 {
        (0..5)
            .filter(|&j| j != i)
            .map(|j| self.roots[i] - self.roots[j])
            .product()
    }
}

impl Catalogued for MultiWell {
    const ENTRY: CatalogueEntry = CatalogueEntry {
        name: "multi-well",
        dim: "1",
        formula: "L′(x) = (x−r1)(x−r2)(x−r3)(x−r4)(x−r5),  L(0) = 0",
        summary: "three minima of different depths and curvatures at exactly prescribed points",
        params: &[
            ParamSpec {
                name: "r1",
                default: -1.5,
                description: "left minimum; r1 < r2 < r3 < r4 < r5",
            },
            ParamSpec {
                name: "r2",
                default: -0.9,
                description: "left barrier top",
            },
            ParamSpec {
                name: "r3",
                default: 0.0,
                description: "middle minimum",
            },
            ParamSpec {
                name: "r4",
                default: 0.7,
                description: "right barrier top",
            },
            ParamSpec {
                name: "r5",
                default: 1.6,
                description: "right minimum",
            },
        ],
        search_box: &[[-2.5, 2.5]],
    };

    fn from_params(p: &[f64]) -> Result<Self> {
        Self::new([p[0], p[1], p[2], p[3], p[4]])
    }
}

impl Landscape for MultiWell {
    const DIM: Option<usize> = Some(1);

    #[inline]
    fn dim(&self) -> usize {
        1
    }
    #[inline]
    fn value(&self, x: &[f64]) -> f64 {
        let x = x[0];
        let p = &self.p;
        // Horner on Σ pₖ x^{k+1}/(k+1).
        let mut s = p[5] / 6.0;
        for k in (0..5).rev() {
            s = s * x + p[k] / (k as f64 + 1.0);
        }
        s * x
    }
    #[inline]
    fn gradient_into(&self, x: &[f64], grad: &mut [f64]) {
        let x = x[0];
        grad[0] = self.roots.iter().map(|r| x - r).product();
    }
}

impl LandscapeHessian for MultiWell {
    #[inline]
    fn hessian_into(&self, x: &[f64], hess: &mut [f64]) {
        let x = x[0];
        let p = &self.p;
        let mut s = 5.0 * p[5];
        for k in (1..5).rev() {
            s = s * x + k as f64 * p[k];
        }
        hess[0] = s;
    }
}

impl KnownCriticalPoints for MultiWell {
    fn known_critical_points(&self) -> Vec<KnownCriticalPoint> {
        self.roots
            .iter()
            .enumerate()
            .map(|(i, &r)| KnownCriticalPoint {
                x: vec![r],
                index: i % 2,
                value: self.value(&[r]),
                precision: 0.0,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::LandscapeExt;

    #[test]
    fn gradient_vanishes_exactly_at_the_roots_and_curvatures_match() {
        let w = MultiWell::default_wells();
        for (i, &r) in w.roots().iter().enumerate() {
            assert_eq!(w.gradient(&[r])[0], 0.0);
            let h = w.hessian_matrix(&[r])[(0, 0)];
            // Expanded coefficients vs product of gaps: a degree-4 polynomial
            // with O(1) coefficients, round-off ≲ 16ε·max|term|.
            assert!(
                (h - w.curvature_at_root(i)).abs() < 1e-13 * 20.0,
                "{i}: {h}"
            );
            assert_eq!(h > 0.0, i % 2 == 0);
        }
    }

    #[test]
    fn three_minima_have_distinct_depths_and_curvatures() {
        let w = MultiWell::default_wells();
        let m: Vec<_> = [0, 2, 4]
            .iter()
            .map(|&i| (w.value(&[w.roots()[i]]), w.curvature_at_root(i)))
            .collect();
        for a in 0..3 {
            for b in 0..a {
                assert!((m[a].0 - m[b].0).abs() > 0.05 && (m[a].1 - m[b].1).abs() > 1.0);
            }
        }
    }

    #[test]
    fn rejects_unordered_or_non_finite_roots() {
        assert!(matches!(
            MultiWell::new([-1.0, -2.0, 0.0, 1.0, 2.0]),
            Err(LandscapeError::InvalidParameter { name: "r2", value, .. }) if value == -2.0
        ));
        assert!(matches!(
            MultiWell::new([-1.0, 0.0, 0.5, f64::INFINITY, 2.0]),
            Err(LandscapeError::InvalidParameter { name: "r4", .. })
        ));
    }
}
