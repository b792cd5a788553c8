//! A 2-D landscape with one sharp and one flat minimum of equal depth.

use crate::catalogue_entry::{CatalogueEntry, Catalogued, ParamSpec};
use crate::error::{Result, check_positive};
use crate::traits::{KnownCriticalPoint, KnownCriticalPoints, Landscape, LandscapeHessian};

/// Two minima of **equal depth** whose transverse curvatures differ — the
/// "flat minima" question (does SGD noise prefer the flat one?):
///
/// ```text
/// L(x, y) = (x² − 1)²/4 + ½ k(x) y²,     k(x) = exp(μ + βx),
/// μ = ½ ln(k_sharp·k_flat),  β = ½ ln(k_sharp/k_flat)   ⇒ k(1) = k_sharp, k(−1) = k_flat,
/// ∇L  = ( x(x² − 1) + ½ β k(x) y²,  k(x) y ),
/// ∇²L = [ 3x² − 1 + ½ β² k(x) y²   β k(x) y ]
///       [ β k(x) y                 k(x)     ].
/// ```
///
/// # Parameters
/// * `k_sharp` — curvature across the valley at the minimum `(1, 0)`, finite and `> 0`;
/// * `k_flat` — the same at `(−1, 0)`, finite and `> 0`.
///
/// # Critical points
/// `k > 0`, so `∂_y L = 0` forces `y = 0`, where `∂_x L = x(x² − 1)`:
/// the sharp minimum `(1, 0)` with `∇²L = diag(2, k_sharp)`, the flat minimum
/// `(−1, 0)` with `∇²L = diag(2, k_flat)`, both at `L = 0`, and the index-1
/// saddle `(0, 0)` with `∇²L = diag(−1, √(k_sharp k_flat))` at `L = 1/4`.
/// Equal depths isolate the effect of curvature: the Gibbs mass ratio
/// flat/sharp tends to `√(det ∇²L_sharp / det ∇²L_flat) = √(k_sharp/k_flat)`
/// as the temperature goes to zero. The line `y = 0` is invariant under the
/// gradient flow and is the minimum-energy path; the barrier is `1/4` from
/// both sides.
///
/// # Reference
/// Flat vs sharp minima: Hochreiter & Schmidhuber, *Flat minima*, Neural
/// Comput. 9 (1997); Keskar et al., ICLR 2017. Derivation in
/// `proofs-notes/landscapes.md`.
///
/// # Examples
/// ```
/// use sgdpde_landscape::{LandscapeExt, SharpFlat};
/// let l = SharpFlat::new(8.0, 0.5)?;
/// let h = l.hessian_matrix(&[1.0, 0.0]);
/// assert!((h[(1, 1)] - 8.0).abs() < 1e-14);
/// # Ok::<(), sgdpde_landscape::LandscapeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SharpFlat {
    k_sharp: f64,
    k_flat: f64,
    mu: f64,
    beta: f64,
}

impl SharpFlat {
    /// Builds the landscape.
    ///
    /// # Errors
    /// [`crate::LandscapeError::InvalidParameter`] if `k_sharp` or `k_flat` is
    /// not finite and `> 0` (named `"k_sharp"` / `"k_flat"`).
    pub fn new(k_sharp: f64, k_flat: f64) -> Result<Self> {
        let ks = check_positive("k_sharp", k_sharp)?;
        let kf = check_positive("k_flat", k_flat)?;
        Ok(Self {
            k_sharp: ks,
            k_flat: kf,
            mu: 0.5 * (ks.ln() + kf.ln()),
            beta: 0.5 * (ks.ln() - kf.ln()),
        })
    }

    /// Transverse curvature at the sharp minimum `(1, 0)`.
    pub fn k_sharp(&self) -> f64 {
        self.k_sharp
    }

    /// Transverse curvature at the flat minimum `(−1, 0)`.
    pub fn k_flat(&self) -> f64 {
        self.k_flat
    }

    /// The transverse curvature `k(x) = exp(μ + βx)`.
    #[inline]
    pub fn transverse_curvature(&self, x: f64) -> f64 {
        (self.mu + self.beta * x).exp()
    }
}

impl Catalogued for SharpFlat {
    const ENTRY: CatalogueEntry = CatalogueEntry {
        name: "sharp-flat",
        dim: "2",
        formula: "L(x,y) = (x²−1)²/4 + ½ k(x) y²,  k(x) = k_sharp^{(1+x)/2} k_flat^{(1−x)/2}",
        summary: "equal-depth minima, sharp at (1,0) and flat at (−1,0): the flat-minima question",
        params: &[
            ParamSpec {
                name: "k_sharp",
                default: 8.0,
                description: "transverse curvature at the sharp minimum (1,0), > 0",
            },
            ParamSpec {
                name: "k_flat",
                default: 0.5,
                description: "transverse curvature at the flat minimum (−1,0), > 0",
            },
        ],
        search_box: &[[-2.0, 2.0]],
    };

    fn from_params(p: &[f64]) -> Result<Self> {
        Self::new(p[0], p[1])
    }
}

impl Landscape for SharpFlat {
    const DIM: Option<usize> = Some(2);

    #[inline]
    fn dim(&self) -> usize {
        2
    }
    #[inline]
    fn value(&self, x: &[f64]) -> f64 {
        let q = x[0] * x[0] - 1.0;
        0.25 * q * q + 0.5 * self.transverse_curvature(x[0]) * x[1] * x[1]
    }
    #[inline]
    fn gradient_into(&self, x: &[f64], grad: &mut [f64]) {
        let (u, v) = (x[0], x[1]);
        let k = self.transverse_curvature(u);
        grad[0] = u * (u * u - 1.0) + 0.5 * self.beta * k * v * v;
        grad[1] = k * v;
    }
}

impl LandscapeHessian for SharpFlat {
    #[inline]
    fn hessian_into(&self, x: &[f64], hess: &mut [f64]) {
        let (u, v) = (x[0], x[1]);
        let k = self.transverse_curvature(u);
        let b = self.beta;
        hess[0] = 3.0 * u * u - 1.0 + 0.5 * b * b * k * v * v;
        hess[1] = b * k * v;
        hess[2] = b * k * v;
        hess[3] = k;
    }
}

impl KnownCriticalPoints for SharpFlat {
    fn known_critical_points(&self) -> Vec<KnownCriticalPoint> {
        [(-1.0, 0), (0.0, 1), (1.0, 0)]
            .into_iter()
            .map(|(x, index)| KnownCriticalPoint {
                x: vec![x, 0.0],
                index,
                value: if index == 0 { 0.0 } else { 0.25 },
                precision: 0.0,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{LandscapeError, LandscapeExt};

    #[test]
    fn minima_have_equal_depth_and_the_stated_curvatures() {
        let l = SharpFlat::new(8.0, 0.5).unwrap();
        // exp(μ ± β) reproduces k_sharp, k_flat to a few ulps.
        let tol = 8.0 * 4.0 * f64::EPSILON;
        let hs = l.hessian_matrix(&[1.0, 0.0]);
        let hf = l.hessian_matrix(&[-1.0, 0.0]);
        assert!((hs[(1, 1)] - 8.0).abs() < tol && (hf[(1, 1)] - 0.5).abs() < tol);
        assert_eq!((hs[(0, 0)], hf[(0, 0)], hs[(0, 1)]), (2.0, 2.0, 0.0));
        assert_eq!(l.value(&[1.0, 0.0]), l.value(&[-1.0, 0.0]));
        assert_eq!(l.gradient(&[0.0, 0.0]), vec![0.0, 0.0]);
    }

    #[test]
    fn rejects_non_positive_curvatures() {
        assert!(matches!(
            SharpFlat::new(-2.0, 1.0),
            Err(LandscapeError::InvalidParameter { name: "k_sharp", value, .. }) if value == -2.0
        ));
        assert!(matches!(
            SharpFlat::new(1.0, f64::NAN),
            Err(LandscapeError::InvalidParameter { name: "k_flat", .. })
        ));
    }
}
