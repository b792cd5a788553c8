//! The tilted 1-D double well `L(x) = x⁴/4 − x²/2 + c·x`.

use crate::catalogue_entry::{CatalogueEntry, Catalogued, ParamSpec};
use crate::error::{Result, check_finite};
use crate::traits::{KnownCriticalPoint, KnownCriticalPoints, Landscape, LandscapeHessian};

/// The tilted quartic double well
///
/// ```text
/// L(x) = x⁴/4 − x²/2 + c·x,   L′(x) = x³ − x + c,   L″(x) = 3x² − 1.
/// ```
///
/// # Parameters
/// * `c` — tilt (finite). For `|c| < 2/(3√3) ≈ 0.385` there are two minima and a
///   local maximum (the 1-D index-1 saddle); beyond it a single minimum.
///
/// # Critical points
/// The roots of the depressed cubic `x³ − x + c = 0`, by Viète's trigonometric
/// formula `x_k = (2/√3) cos(⅓ arccos(−(3√3/2) c) − 2πk/3)`, `k = 0, 1, 2`
/// (derivation in `proofs-notes/landscapes.md`). For `c = 0`: minima `±1`
/// with `L = −1/4`, `L″ = 2`, and the barrier top `0` with `L = 0`,
/// `L″ = −1`; the barrier height is `1/4` from either side.
///
/// # Reference
/// The standard model of metastability; e.g. Berglund, *Kramers' law:
/// validity, derivations and generalisations*, Markov Process. Relat. Fields
/// 19 (2013).
///
/// # Examples
/// ```
/// use sgdpde_landscape::{DoubleWell, Landscape};
/// let w = DoubleWell::new(0.0)?;
/// let mut g = [0.0];
/// w.gradient_into(&[1.0], &mut g);
/// assert_eq!(g[0], 0.0);
/// assert_eq!(w.value(&[-1.0]), -0.25);
/// # Ok::<(), sgdpde_landscape::LandscapeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DoubleWell {
    c: f64,
}

impl DoubleWell {
    /// Largest tilt for which two minima exist: `2/(3√3)`.
    pub const CRITICAL_TILT: f64 = 0.384_900_179_459_750_5;

    /// Builds the well with tilt `c`.
    ///
    /// # Errors
    /// [`crate::LandscapeError::InvalidParameter`] if `c` is not finite.
    pub fn new(c: f64) -> Result<Self> {
        Ok(Self {
            c: check_finite("c", c)?,
        })
    }

    /// The symmetric well (`c = 0`).
    pub fn symmetric() -> Self {
        Self { c: 0.0 }
    }

    /// The tilt `c`.
    pub fn tilt(&self) -> f64 {
        self.c
    }

    /// The real roots of `x³ − x + c = 0` in increasing order (one or three).
    pub fn critical_abscissae(&self) -> Vec<f64> {
        let c = self.c;
        if c.abs() < Self::CRITICAL_TILT {
            let phi = (-(1.5 * 3f64.sqrt()) * c).acos() / 3.0;
            let r = 2.0 / 3f64.sqrt();
            let mut roots: Vec<f64> = (0..3)
                .map(|k| r * (phi - 2.0 * std::f64::consts::PI * k as f64 / 3.0).cos())
                .collect();
            roots.sort_by(f64::total_cmp);
            roots.iter_mut().for_each(|x| *x = newton_polish(*x, c));
            roots
        } else {
            // One real root: Cardano with real cube roots.
            let disc = (c * c / 4.0 - 1.0 / 27.0).sqrt();
            let x = (-c / 2.0 + disc).cbrt() + (-c / 2.0 - disc).cbrt();
            vec![newton_polish(x, c)]
        }
    }
}

/// Two Newton steps on `x³ − x + c` to remove the cos/acos round-off.
fn newton_polish(mut x: f64, c: f64) -> f64 {
    for _ in 0..2 {
        let d = 3.0 * x * x - 1.0;
        if d.abs() > 1e-8 {
            x -= (x * x * x - x + c) / d;
        }
    }
    x
}

impl Catalogued for DoubleWell {
    const ENTRY: CatalogueEntry = CatalogueEntry {
        name: "double-well",
        dim: "1",
        formula: "L(x) = x⁴/4 − x²/2 + c·x",
        summary: "tilted quartic double well: the standard metastable landscape",
        params: &[ParamSpec {
            name: "c",
            default: 0.0,
            description: "tilt (asymmetry), finite",
        }],
        search_box: &[[-2.0, 2.0]],
    };

    fn from_params(p: &[f64]) -> Result<Self> {
        Self::new(p[0])
    }
}

impl Landscape for DoubleWell {
    const DIM: Option<usize> = Some(1);

    #[inline]
    fn dim(&self) -> usize {
        1
    }
    #[inline]
    fn value(&self, x: &[f64]) -> f64 {
        let x = x[0];
        let x2 = x * x;
        0.25 * x2 * x2 - 0.5 * x2 + self.c * x
    }
    #[inline]
    fn gradient_into(&self, x: &[f64], grad: &mut [f64]) {
        let x = x[0];
        // `x³ − (x − c)`: the tilt joins `x` off the critical path, so a
        // time-stepping loop's dependency chain through `x` is two
        // multiplications and one subtraction (with `c = 0`, `x − c = x`
        // exactly and the result is `fl(fl(x³) − x)`).
        grad[0] = x * x * x - (x - self.c);
    }
}

impl LandscapeHessian for DoubleWell {
    #[inline]
    fn hessian_into(&self, x: &[f64], hess: &mut [f64]) {
        hess[0] = 3.0 * x[0] * x[0] - 1.0;
    }
}

impl KnownCriticalPoints for DoubleWell {
    fn known_critical_points(&self) -> Vec<KnownCriticalPoint> {
        self.critical_abscissae()
            .into_iter()
            .map(|x| KnownCriticalPoint {
                x: vec![x],
                index: usize::from(3.0 * x * x - 1.0 < 0.0),
                value: self.value(&[x]),
                precision: 0.0,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symmetric_critical_points_are_exact() {
        let w = DoubleWell::symmetric();
        let r = w.critical_abscissae();
        assert_eq!(r.len(), 3);
        assert!((r[0] + 1.0).abs() < 1e-15 && r[1].abs() < 1e-15 && (r[2] - 1.0).abs() < 1e-15);
    }

    #[test]
    fn tilted_roots_solve_the_cubic() {
        for &c in &[-0.38, -0.2, 0.05, 0.3, 0.5, -1.0] {
            let w = DoubleWell::new(c).unwrap();
            for x in w.critical_abscissae() {
                assert!((x * x * x - x + c).abs() < 1e-14, "c={c} x={x}");
            }
        }
    }

    #[test]
    fn rejects_non_finite_tilt() {
        assert!(matches!(
            DoubleWell::new(f64::NAN),
            Err(crate::LandscapeError::InvalidParameter { name: "c", .. })
        ));
    }
}
