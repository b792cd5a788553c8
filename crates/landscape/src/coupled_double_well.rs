//! The 2-D double well coupled to a harmonic direction,
//! `L(x, y) = (x² − 1)²/4 + (ω/2)(y − κx)²`.

use crate::catalogue_entry::{CatalogueEntry, Catalogued, ParamSpec};
use crate::error::{Result, check_finite, check_positive};
use crate::traits::{KnownCriticalPoint, KnownCriticalPoints, Landscape, LandscapeHessian};

/// The quartic double well in `x` coupled to a harmonic valley in `y`:
///
/// ```text
/// L(x, y) = (x² − 1)²/4 + (ω/2)(y − κx)²,
/// ∇L      = ( x(x² − 1) − ωκ(y − κx),  ω(y − κx) ),
/// ∇²L     = [ 3x² − 1 + ωκ²   −ωκ ]
///           [ −ωκ               ω  ].
/// ```
///
/// # Parameters
/// * `omega` (ω) — stiffness of the harmonic direction, finite and `> 0`;
/// * `kappa` (κ) — coupling: the valley floor is the line `y = κx`, finite.
///
/// # Critical points
/// `∂_y L = 0` forces `y = κx`, then `∂_x L = x(x² − 1) = 0`: minima
/// `(±1, ±κ)` with `L = 0`, `det ∇²L = 2ω`, and the index-1 saddle `(0, 0)`
/// with `L = 1/4`, `det ∇²L = −ω`. The barrier is `1/4` from either side,
/// independent of ω and κ. For κ = 0 the line `x = 0` is the separatrix.
///
/// # Reference
/// The hypoelliptic double well of `shared/math.md` §5 experiment 9; the
/// derivation is in `proofs-notes/landscapes.md`.
///
/// # Examples
/// ```
/// use sgdpde_landscape::{CoupledDoubleWell, Landscape};
/// let l = CoupledDoubleWell::new(2.0, 0.5)?;
/// assert_eq!(l.value(&[1.0, 0.5]), 0.0);
/// assert_eq!(l.value(&[0.0, 0.0]), 0.25);
/// # Ok::<(), sgdpde_landscape::LandscapeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CoupledDoubleWell {
    omega: f64,
    kappa: f64,
}

impl CoupledDoubleWell {
    /// Builds the landscape.
    ///
    /// # Errors
    /// [`crate::LandscapeError::InvalidParameter`] if `omega` is not finite and
    /// `> 0` (name `"omega"`), or `kappa` is not finite (name `"kappa"`).
    pub fn new(omega: f64, kappa: f64) -> Result<Self> {
        Ok(Self {
            omega: check_positive("omega", omega)?,
            kappa: check_finite("kappa", kappa)?,
        })
    }

    /// The stiffness ω.
    pub fn omega(&self) -> f64 {
        self.omega
    }

    /// The coupling κ.
    pub fn kappa(&self) -> f64 {
        self.kappa
    }
}

impl Catalogued for CoupledDoubleWell {
    const ENTRY: CatalogueEntry = CatalogueEntry {
        name: "double-well-2d",
        dim: "2",
        formula: "L(x,y) = (x²−1)²/4 + (ω/2)(y − κx)²",
        summary: "double well coupled to a harmonic valley: minima (±1, ±κ), saddle (0,0), barrier 1/4",
        params: &[
            ParamSpec {
                name: "omega",
                default: 2.0,
                description: "stiffness of the harmonic direction, > 0",
            },
            ParamSpec {
                name: "kappa",
                default: 0.5,
                description: "coupling: the valley floor is y = κx",
            },
        ],
        search_box: &[[-2.0, 2.0]],
    };

    fn from_params(p: &[f64]) -> Result<Self> {
        Self::new(p[0], p[1])
    }
}

impl Landscape for CoupledDoubleWell {
    const DIM: Option<usize> = Some(2);

    #[inline]
    fn dim(&self) -> usize {
        2
    }
    #[inline]
    fn value(&self, x: &[f64]) -> f64 {
        let (u, v) = (x[0], x[1]);
        let q = u * u - 1.0;
        let r = v - self.kappa * u;
        0.25 * q * q + 0.5 * self.omega * r * r
    }
    #[inline]
    fn gradient_into(&self, x: &[f64], grad: &mut [f64]) {
        let (u, v) = (x[0], x[1]);
        let wr = self.omega * (v - self.kappa * u);
        grad[0] = u * (u * u - 1.0) - self.kappa * wr;
        grad[1] = wr;
    }
}

impl LandscapeHessian for CoupledDoubleWell {
    #[inline]
    fn hessian_into(&self, x: &[f64], hess: &mut [f64]) {
        let u = x[0];
        let (w, k) = (self.omega, self.kappa);
        hess[0] = 3.0 * u * u - 1.0 + w * k * k;
        hess[1] = -w * k;
        hess[2] = -w * k;
        hess[3] = w;
    }
}

impl KnownCriticalPoints for CoupledDoubleWell {
    fn known_critical_points(&self) -> Vec<KnownCriticalPoint> {
        let k = self.kappa;
        vec![
            KnownCriticalPoint {
                x: vec![-1.0, -k],
                index: 0,
                value: 0.0,
                precision: 0.0,
            },
            KnownCriticalPoint {
                x: vec![0.0, 0.0],
                index: 1,
                value: 0.25,
                precision: 0.0,
            },
            KnownCriticalPoint {
                x: vec![1.0, k],
                index: 0,
                value: 0.0,
                precision: 0.0,
            },
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{LandscapeError, LandscapeExt};

    #[test]
    fn critical_points_are_exact_with_stated_determinants() {
        let l = CoupledDoubleWell::new(3.0, -0.7).unwrap();
        for p in l.known_critical_points() {
            assert_eq!(l.gradient(&p.x), vec![0.0, 0.0]);
            assert_eq!(l.value(&p.x), p.value);
            let det = l.hessian_matrix(&p.x).determinant();
            let want = if p.index == 0 { 2.0 * 3.0 } else { -3.0 };
            // 2×2 determinant of O(5) entries: a few ulps of 25.
            assert!((det - want).abs() < 1e-13, "{det} vs {want}");
        }
    }

    #[test]
    fn rejects_non_positive_omega_and_non_finite_kappa() {
        for w in [0.0, -1.0, f64::NAN] {
            assert!(matches!(
                CoupledDoubleWell::new(w, 0.0),
                Err(LandscapeError::InvalidParameter { name: "omega", value, .. })
                    if value.to_bits() == w.to_bits()
            ));
        }
        assert!(matches!(
            CoupledDoubleWell::new(1.0, f64::INFINITY),
            Err(LandscapeError::InvalidParameter { name: "kappa", .. })
        ));
    }
}
