//! One-dimensional gradient diffusions `dX = −L′(X) dt + √(a(X)) dW` and the
//! potential `Ψ = ∫ 2L′/a` of their scale and speed densities.

use sgdpde_landscape::Landscape;

use crate::error::{AnalysisError, Result, check_positive};
use crate::gauss_legendre::GaussLegendre;
use crate::panel_quadrature::PanelGrid;

/// The diffusion coefficient `a(x) = G(x)²` of a 1-D diffusion (so that
/// `D = a/2` in the Fokker–Planck flux `J = b u − (D u)′`).
///
/// Implemented by [`ConstantDiffusion`] and by every `Fn(f64) -> f64`.
pub trait DiffusionCoefficient {
    /// `a(x)`; must be finite and `> 0` on the domain of interest (checked at
    /// every quadrature node, a violation is an
    /// [`AnalysisError::InvalidFunctionValue`]).
    fn a(&self, x: f64) -> f64;

    /// `Some(ε)` when `a ≡ ε`: then `Ψ = 2L/ε` is evaluated in closed form
    /// instead of by quadrature.
    fn constant(&self) -> Option<f64> {
        None
    }
}

impl<F: Fn(f64) -> f64> DiffusionCoefficient for F {
    fn a(&self, x: f64) -> f64 {
        self(x)
    }
}

/// Constant diffusion `a ≡ ε`: the isotropic temperature convention
/// `dX = −L′ dt + √ε dW` of `math.md` §1 (Gibbs density `∝ e^{−2L/ε}`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ConstantDiffusion {
    epsilon: f64,
}

impl ConstantDiffusion {
    /// `a ≡ epsilon`.
    ///
    /// # Errors
    /// [`AnalysisError::InvalidParameter`] unless `epsilon` is finite and `> 0`.
    pub fn new(epsilon: f64) -> Result<Self> {
        Ok(Self {
            epsilon: check_positive("epsilon", epsilon)?,
        })
    }

    /// The physics convention `dX = −∇U dt + √(2/β) dW`, i.e. `ε = 2/β`.
    ///
    /// # Errors
    /// [`AnalysisError::InvalidParameter`] unless `beta` is finite and `> 0`.
    pub fn from_inverse_temperature(beta: f64) -> Result<Self> {
        Self::new(2.0 / check_positive("beta", beta)?)
    }

    /// `ε`.
    pub fn epsilon(&self) -> f64 {
        self.epsilon
    }
}

impl DiffusionCoefficient for ConstantDiffusion {
    fn a(&self, _x: f64) -> f64 {
        self.epsilon
    }
    fn constant(&self) -> Option<f64> {
        Some(self.epsilon)
    }
}

/// The 1-D diffusion `dX = −L′(X) dt + √(a(X)) dW`, `L` a 1-D [`Landscape`].
///
/// Its scale density is `s = e^{Ψ}` and speed density `m = (2/a) e^{−Ψ}` with
/// `Ψ(y) = ∫^y 2L′/a`; every exact 1-D formula of this crate is an integral of
/// these (derivations in `proofs-notes/exit-time-quadrature.md`).
///
/// # Examples
/// ```
/// use sgdpde_analysis::{ConstantDiffusion, Diffusion1d};
/// use sgdpde_landscape::DoubleWell;
/// let d = Diffusion1d::new(DoubleWell::symmetric(), ConstantDiffusion::new(0.2)?)?;
/// assert_eq!(d.drift(2.0), -6.0); // −L′(2) = −(8 − 2)
/// # Ok::<(), sgdpde_analysis::AnalysisError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Diffusion1d<L, A> {
    landscape: L,
    diffusion: A,
}

impl<L: Landscape, A: DiffusionCoefficient> Diffusion1d<L, A> {
    /// Couples a 1-D landscape with a diffusion coefficient.
    ///
    /// # Errors
    /// [`AnalysisError::DimensionMismatch`] if `landscape.dim() != 1`.
    pub fn new(landscape: L, diffusion: A) -> Result<Self> {
        if landscape.dim() != 1 {
            return Err(AnalysisError::DimensionMismatch {
                what: "landscape dimension",
                expected: 1,
                found: landscape.dim(),
            });
        }
        Ok(Self {
            landscape,
            diffusion,
        })
    }

    /// The landscape.
    pub fn landscape(&self) -> &L {
        &self.landscape
    }

    /// The diffusion coefficient.
    pub fn diffusion(&self) -> &A {
        &self.diffusion
    }

    /// `L′(x)`.
    pub fn slope(&self, x: f64) -> f64 {
        let mut g = [0.0];
        self.landscape.gradient_into(&[x], &mut g);
        g[0]
    }

    /// The drift `−L′(x)`.
    pub fn drift(&self, x: f64) -> f64 {
        -self.slope(x)
    }

    /// `a(x)`, checked finite and positive.
    pub(crate) fn a_checked(&self, x: f64) -> Result<f64> {
        let a = self.diffusion.a(x);
        if a.is_finite() && a > 0.0 {
            Ok(a)
        } else {
            Err(AnalysisError::InvalidFunctionValue {
                what: "diffusion coefficient a(x)",
                x,
                value: a,
                constraint: "finite and > 0",
            })
        }
    }

    /// `Ψ′ = 2L′/a`, checked finite.
    pub(crate) fn psi_prime(&self, x: f64) -> Result<f64> {
        let v = 2.0 * self.slope(x) / self.a_checked(x)?;
        if v.is_finite() {
            Ok(v)
        } else {
            Err(AnalysisError::InvalidFunctionValue {
                what: "L′(x)",
                x,
                value: self.slope(x),
                constraint: "finite",
            })
        }
    }

    /// `Ψ(y) − Ψ(x)` by one Gauss–Legendre panel (or in closed form for a
    /// constant diffusion).
    pub(crate) fn psi_increment(&self, x: f64, y: f64, rule: &GaussLegendre) -> Result<f64> {
        if let Some(eps) = self.diffusion.constant() {
            return Ok(2.0 * (self.landscape.value(&[y]) - self.landscape.value(&[x])) / eps);
        }
        let half = 0.5 * (y - x);
        let mut s = 0.0;
        for (&t, &w) in rule.nodes().iter().zip(rule.weights()) {
            s += w * self.psi_prime(x + half * (1.0 + t))?;
        }
        Ok(half * s)
    }

    /// `Ψ − Ψ(grid.lo)` at every node of `grid` (panel-major), plus `Ψ(hi)`.
    pub(crate) fn psi_on_grid(&self, grid: &PanelGrid) -> Result<(Vec<f64>, f64)> {
        let nodes = grid.nodes();
        if let Some(eps) = self.diffusion.constant() {
            let l0 = self.landscape.value(&[grid.lo]);
            let psi = nodes
                .iter()
                .map(|&x| 2.0 * (self.landscape.value(&[x]) - l0) / eps)
                .collect();
            return Ok((psi, 2.0 * (self.landscape.value(&[grid.hi]) - l0) / eps));
        }
        let g = nodes
            .iter()
            .map(|&x| self.psi_prime(x))
            .collect::<Result<Vec<_>>>()?;
        let c = crate::panel_quadrature::Cumulative::new(grid, g);
        let n = grid.n();
        let psi = (0..nodes.len()).map(|k| c.left_at_node(n, k)).collect();
        Ok((psi, c.total()))
    }

    /// A finite stand-in for an infinite end: walks from `start` towards
    /// `direction` (−1 or +1) with growing steps until `Ψ` has risen by at
    /// least `rise` above its minimum over the walk with the drift pointing
    /// back inwards, bisects back to the first such point `y`, then looks
    /// ahead (400 points spaced `w/100` out to `4w`, then doubling out to
    /// `4096 w`, `w = max(1, |y − start|)`): if `Ψ` comes
    /// back down below `min Ψ + rise` there, `y` was an interior barrier and
    /// the walk resumes from the look-ahead point. Beyond the accepted point
    /// the speed density `e^{−Ψ}` carries a fraction `≲ e^{−rise}` of the mass.
    pub(crate) fn natural_end(&self, start: f64, direction: f64, rise: f64) -> Result<f64> {
        let rule = GaussLegendre::new(16)?;
        let (mut x, mut psi, mut psi_min) = (start, 0.0_f64, 0.0_f64);
        let mut step = 0.25 * start.abs().max(1.0);
        let inward = |y: f64| self.slope(y) * direction > 0.0;
        'walk: for _ in 0..200 {
            let y = x + direction * step;
            let psi_y = psi + self.psi_increment(x, y, &rule)?;
            if psi_y - psi_min >= rise && inward(y) {
                let (mut lo, mut hi) = (x, y);
                for _ in 0..60 {
                    let mid = 0.5 * (lo + hi);
                    let psi_mid = psi + self.psi_increment(x, mid, &rule)?;
                    if psi_mid - psi_min >= rise && inward(mid) {
                        hi = mid;
                    } else {
                        lo = mid;
                    }
                }
                let candidate = hi;
                let psi_c = psi + self.psi_increment(x, candidate, &rule)?;
                let width = (candidate - start).abs().max(1.0);
                let (mut z, mut psi_z) = (candidate, psi_c);
                let ahead = (1..=400)
                    .map(|j| 0.01 * j as f64)
                    .chain((1..=10).map(|j| 4.0 * 2f64.powi(j)));
                for dist in ahead {
                    let next = candidate + direction * width * dist;
                    psi_z += self.psi_increment(z, next, &rule)?;
                    z = next;
                    if psi_z - psi_min < rise {
                        // An interior barrier: continue the walk from here.
                        x = z;
                        psi = psi_z;
                        psi_min = psi_min.min(psi_z);
                        step = 0.25 * width;
                        continue 'walk;
                    }
                }
                return Ok(candidate);
            }
            psi_min = psi_min.min(psi_y);
            x = y;
            psi = psi_y;
            step *= 1.5;
        }
        Err(AnalysisError::NotConfining {
            direction: if direction < 0.0 { "-∞" } else { "+∞" },
            x,
            rise: psi - psi_min,
        })
    }
}
