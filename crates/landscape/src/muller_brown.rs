//! The Müller–Brown potential.

use crate::catalogue_entry::{CatalogueEntry, Catalogued};
use crate::error::Result;
use crate::traits::{KnownCriticalPoint, KnownCriticalPoints, Landscape, LandscapeHessian};

/// The Müller–Brown potential, a sum of four anisotropic Gaussians:
///
/// ```text
/// V(x, y) = Σₖ Aₖ exp(Eₖ),   Eₖ = aₖ(x − x⁰ₖ)² + bₖ(x − x⁰ₖ)(y − y⁰ₖ) + cₖ(y − y⁰ₖ)²,
/// ∂ₓV  = Σₖ Aₖ e^{Eₖ} pₖ,      pₖ = 2aₖ(x − x⁰ₖ) + bₖ(y − y⁰ₖ),
/// ∂ᵧV  = Σₖ Aₖ e^{Eₖ} qₖ,      qₖ = bₖ(x − x⁰ₖ) + 2cₖ(y − y⁰ₖ),
/// ∂ₓₓV = Σₖ Aₖ e^{Eₖ} (pₖ² + 2aₖ),  ∂ₓᵧV = Σₖ Aₖ e^{Eₖ} (pₖqₖ + bₖ),
/// ∂ᵧᵧV = Σₖ Aₖ e^{Eₖ} (qₖ² + 2cₖ),
/// ```
///
/// with the standard parameters `A = (−200, −100, −170, 15)`,
/// `a = (−1, −1, −6.5, 0.7)`, `b = (0, 0, 11, 0.6)`, `c = (−10, −10, −6.5, 0.7)`,
/// `x⁰ = (1, 0, −0.5, −1)`, `y⁰ = (0, 0.5, 1.5, 1)`. It has no parameters.
///
/// # Critical points (published, Müller & Brown 1979)
/// | point | (x, y) | V |
/// |---|---|---|
/// | minimum A | (−0.558, 1.442) | −146.70 |
/// | minimum B | (0.623, 0.028) | −108.17 |
/// | minimum C | (−0.050, 0.467) | −80.77 |
/// | saddle S₁ (A–C) | (−0.822, 0.624) | −40.66 |
/// | saddle S₂ (C–B) | (0.212, 0.293) | −72.25 |
///
/// [`KnownCriticalPoints`] returns these published values with their
/// precision (half a unit in the last digit: `5e-4` in the coordinates); the
/// `value` field is `V` evaluated at the published coordinates. (Some web
/// sources print −46.62 for S₂; V(0.212, 0.293) = −72.249, in agreement with
/// the original table.) The Hessian eigenvalues are O(10²–10³).
///
/// # Reference
/// K. Müller, L. D. Brown, *Location of saddle points and minimum energy paths
/// by a constrained simplex optimization procedure*, Theor. Chim. Acta 53
/// (1979) 75–93.
///
/// # Examples
/// ```
/// use sgdpde_landscape::{Landscape, MullerBrown};
/// let v = MullerBrown.value(&[-0.558, 1.442]);
/// assert!((v + 146.70).abs() < 5e-3);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct MullerBrown;

impl MullerBrown {
    /// Amplitudes `Aₖ`.
    pub const A: [f64; 4] = [-200.0, -100.0, -170.0, 15.0];
    /// `aₖ`.
    pub const SA: [f64; 4] = [-1.0, -1.0, -6.5, 0.7];
    /// `bₖ`.
    pub const SB: [f64; 4] = [0.0, 0.0, 11.0, 0.6];
    /// `cₖ`.
    pub const SC: [f64; 4] = [-10.0, -10.0, -6.5, 0.7];
    /// Centres `x⁰ₖ`.
    pub const X0: [f64; 4] = [1.0, 0.0, -0.5, -1.0];
    /// Centres `y⁰ₖ`.
    pub const Y0: [f64; 4] = [0.0, 0.5, 1.5, 1.0];

    /// The published minima `[x, y]` (A, B, C).
    pub const PUBLISHED_MINIMA: [[f64; 2]; 3] = [[-0.558, 1.442], [0.623, 0.028], [-0.050, 0.467]];
    /// Published energies of the minima.
    pub const PUBLISHED_MINIMUM_VALUES: [f64; 3] = [-146.70, -108.17, -80.77];
    /// The published saddles `[x, y]` (S₁, S₂).
    pub const PUBLISHED_SADDLES: [[f64; 2]; 2] = [[-0.822, 0.624], [0.212, 0.293]];
    /// Published energies of the saddles.
    pub const PUBLISHED_SADDLE_VALUES: [f64; 2] = [-40.66, -72.25];
    /// Precision of the published coordinates (half a unit of the third decimal).
    pub const COORDINATE_PRECISION: f64 = 5e-4;
    /// Precision of the published energies (half a unit of the second decimal).
    pub const VALUE_PRECISION: f64 = 5e-3;

    /// Term `k`: `(Aₖ e^{Eₖ}, pₖ, qₖ)`.
    #[inline]
    fn term(k: usize, x: f64, y: f64) -> (f64, f64, f64) {
        let dx = x - Self::X0[k];
        let dy = y - Self::Y0[k];
        let (a, b, c) = (Self::SA[k], Self::SB[k], Self::SC[k]);
        let e = Self::A[k] * (a * dx * dx + b * dx * dy + c * dy * dy).exp();
        (e, 2.0 * a * dx + b * dy, b * dx + 2.0 * c * dy)
    }
}

impl Catalogued for MullerBrown {
    const ENTRY: CatalogueEntry = CatalogueEntry {
        name: "muller-brown",
        dim: "2",
        formula: "V(x,y) = Σₖ Aₖ exp(aₖ(x−x⁰ₖ)² + bₖ(x−x⁰ₖ)(y−y⁰ₖ) + cₖ(y−y⁰ₖ)²)",
        summary: "Müller–Brown (1979): three minima, two saddles, a curved reaction path",
        params: &[],
        search_box: &[[-1.5, 1.2], [-0.5, 2.0]],
    };

    fn from_params(_p: &[f64]) -> Result<Self> {
        Ok(Self)
    }
}

impl Landscape for MullerBrown {
    const DIM: Option<usize> = Some(2);

    #[inline]
    fn dim(&self) -> usize {
        2
    }
    #[inline]
    fn value(&self, x: &[f64]) -> f64 {
        (0..4).map(|k| Self::term(k, x[0], x[1]).0).sum()
    }
    #[inline]
    fn gradient_into(&self, x: &[f64], grad: &mut [f64]) {
        self.value_and_gradient_into(x, grad);
    }
    #[inline]
    fn value_and_gradient_into(&self, x: &[f64], grad: &mut [f64]) -> f64 {
        let (mut v, mut gx, mut gy) = (0.0, 0.0, 0.0);
        for k in 0..4 {
            let (e, p, q) = Self::term(k, x[0], x[1]);
            v += e;
            gx += e * p;
            gy += e * q;
        }
        grad[0] = gx;
        grad[1] = gy;
        v
    }
}

impl LandscapeHessian for MullerBrown {
    #[inline]
    fn hessian_into(&self, x: &[f64], hess: &mut [f64]) {
        let (mut hxx, mut hxy, mut hyy) = (0.0, 0.0, 0.0);
        for k in 0..4 {
            let (e, p, q) = Self::term(k, x[0], x[1]);
            hxx += e * (p * p + 2.0 * Self::SA[k]);
            hxy += e * (p * q + Self::SB[k]);
            hyy += e * (q * q + 2.0 * Self::SC[k]);
        }
        hess[0] = hxx;
        hess[1] = hxy;
        hess[2] = hxy;
        hess[3] = hyy;
    }
}

impl KnownCriticalPoints for MullerBrown {
    fn known_critical_points(&self) -> Vec<KnownCriticalPoint> {
        let minima = Self::PUBLISHED_MINIMA.iter().map(|p| (p, 0));
        let saddles = Self::PUBLISHED_SADDLES.iter().map(|p| (p, 1));
        minima
            .chain(saddles)
            .map(|(p, index)| KnownCriticalPoint {
                x: p.to_vec(),
                index,
                value: self.value(p),
                precision: Self::COORDINATE_PRECISION,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_energies_agree_with_the_formula_at_published_coordinates() {
        // V at a coordinate within 5e-4 of the true critical point differs from
        // the critical value by ≤ ½λ_max(5e-4)²·2 ≈ 1e-3 (λ_max ≈ 4.1e3); the
        // published energy itself is rounded to 5e-3.
        let pts = MullerBrown::PUBLISHED_MINIMA
            .iter()
            .zip(MullerBrown::PUBLISHED_MINIMUM_VALUES)
            .chain(
                MullerBrown::PUBLISHED_SADDLES
                    .iter()
                    .zip(MullerBrown::PUBLISHED_SADDLE_VALUES),
            );
        for (p, v) in pts {
            let got = MullerBrown.value(p);
            assert!(
                (got - v).abs() < MullerBrown::VALUE_PRECISION + 2e-3,
                "{p:?}: {got}"
            );
        }
    }
}
