//! The stationary density of a 1-D diffusion with state-dependent noise.

use serde::{Deserialize, Serialize};
use sgdpde_landscape::Landscape;

use crate::diffusion_1d::{Diffusion1d, DiffusionCoefficient};
use crate::error::{AnalysisError, Result, check_finite};
use crate::exit_time_quadrature::NATURAL_RISE;
use crate::panel_quadrature::{Cumulative, PanelGrid, QuadratureOptions, Refinable, refine};

/// An end of the state space for the stationary problem.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum End {
    /// Reflecting (zero-flux) wall at this point.
    Reflecting(f64),
    /// The natural boundary at infinity (the potential must confine);
    /// truncated where `Ψ` has risen by 45 above its minimum.
    Natural,
}

/// The normalised zero-flux stationary density of
/// `dX = −L′(X) dt + √(a(X)) dW` on an interval with reflecting or natural
/// ends.
///
/// # Formula
/// Zero flux `J = −L′u − (D u)′ = 0` with `D = a/2` gives
/// `(D u)′ = −(L′/D)(D u)`, hence
///
/// ```text
/// u∞(x) = (C/D(x)) exp(−∫^x L′/D) = (2C/a(x)) e^{−Ψ(x)},   Ψ = ∫ 2L′/a,
/// ```
///
/// i.e. the speed density, normalised. This is `math.md`'s
/// `u∞ = (C/D) exp(−∫ L′/D)` with its convention `D = a/2` (with `D = a` the
/// exponent would be off by a factor 2). For `a ≡ ε` it is Gibbs,
/// `∝ e^{−2L/ε}`; when `a` varies it is not, and the well with the smaller
/// noise collects more mass.
///
/// # Order
/// Composite Gauss–Legendre panels as [`crate::MeanExitTime1d`]: error
/// `O(h^{n+1})`, doubled until the cdf at 33 probes changes by `≤ rel_tol`.
///
/// # Errors
/// See [`StationaryDensity1d::new`].
///
/// # Examples
/// OU `dX = −X dt + dW`: N(0, ½), so `P(|X| ≤ 1/√2) = erf(1/√2)·…` — here
/// the mass within one standard deviation:
/// ```
/// use sgdpde_analysis::{ConstantDiffusion, Diffusion1d, End, QuadratureOptions, StationaryDensity1d};
/// use sgdpde_landscape::Quadratic;
/// let ou = Diffusion1d::new(Quadratic::isotropic(1, 1.0)?, ConstantDiffusion::new(1.0)?)?;
/// let u = StationaryDensity1d::new(&ou, End::Natural, End::Natural, QuadratureOptions::default())?;
/// let s = 0.5_f64.sqrt();
/// assert!((u.mass(-s, s)? - 0.682_689_492_137_085_9).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # References
/// Gardiner, *Stochastic Methods*, 4th ed., §5.2.2 (zero-flux stationary
/// solution); Risken, *The Fokker–Planck Equation*, §5.1.
#[derive(Debug, Clone)]
pub struct StationaryDensity1d {
    grid: PanelGrid,
    speed: Cumulative,
    /// `ln` of the factor turning speed values into normalised density.
    ln_norm: f64,
    error_estimate: f64,
}

const PROBES: usize = 33;

impl StationaryDensity1d {
    /// Computes the density between `left` and `right`.
    ///
    /// # Errors
    /// * [`AnalysisError::InvalidParameter`] for non-finite ends or bad options;
    /// * [`AnalysisError::InvalidInterval`] unless left < right;
    /// * [`AnalysisError::InvalidFunctionValue`] if `a ≤ 0` or `L′` is not
    ///   finite at a node;
    /// * [`AnalysisError::NotConfining`] if a natural end does not confine;
    /// * [`AnalysisError::NoConvergence`] if the panel limit is reached.
    pub fn new<L: Landscape, A: DiffusionCoefficient>(
        model: &Diffusion1d<L, A>,
        left: End,
        right: End,
        options: QuadratureOptions,
    ) -> Result<Self> {
        let finite = |e: End, name| match e {
            End::Reflecting(x) => check_finite(name, x).map(Some),
            End::Natural => Ok(None),
        };
        let (l, r) = (finite(left, "left")?, finite(right, "right")?);
        let lo = match l {
            Some(x) => x,
            None => model.natural_end(r.unwrap_or(0.0), -1.0, NATURAL_RISE)?,
        };
        let hi = match r {
            Some(x) => x,
            None => model.natural_end(l.unwrap_or(0.0), 1.0, NATURAL_RISE)?,
        };
        if lo >= hi {
            return Err(AnalysisError::InvalidInterval {
                what: "stationary domain",
                lo,
                hi,
            });
        }
        refine(options, |panels, rule| {
            let grid = PanelGrid::new(lo, hi, panels, rule);
            let (psi, psi_hi) = model.psi_on_grid(&grid)?;
            let psi_min = psi.iter().fold(0.0_f64.min(psi_hi), |m, &p| m.min(p));
            let m = grid
                .nodes()
                .iter()
                .zip(&psi)
                .map(|(&x, p)| Ok(2.0 / model.a_checked(x)? * (-(p - psi_min)).exp()))
                .collect::<Result<Vec<f64>>>()?;
            let speed = Cumulative::new(&grid, m);
            let ln_norm = -speed.total().ln();
            Ok(Self {
                grid,
                speed,
                ln_norm,
                error_estimate: f64::INFINITY,
            })
        })
    }

    fn check_x(&self, x: f64) -> Result<f64> {
        if x >= self.grid.lo && x <= self.grid.hi {
            Ok(x)
        } else {
            Err(AnalysisError::OutOfDomain {
                what: "stationary density",
                x,
                lo: self.grid.lo,
                hi: self.grid.hi,
            })
        }
    }

    /// `P(X ≤ x)` under the stationary law.
    ///
    /// # Errors
    /// [`AnalysisError::OutOfDomain`] outside the (truncated) domain.
    pub fn cdf(&self, x: f64) -> Result<f64> {
        let x = self.check_x(x)?;
        let (l, r) = self.speed.at(&self.grid, x);
        Ok(l / (l + r))
    }

    /// `P(lo ≤ X ≤ hi)`, e.g. the mass of a basin.
    ///
    /// # Errors
    /// [`AnalysisError::OutOfDomain`] outside the domain,
    /// [`AnalysisError::InvalidInterval`] unless `lo ≤ hi`.
    pub fn mass(&self, lo: f64, hi: f64) -> Result<f64> {
        if lo.is_nan() || hi.is_nan() || lo > hi {
            return Err(AnalysisError::InvalidInterval {
                what: "mass interval",
                lo,
                hi,
            });
        }
        let (lo, hi) = (lo.max(self.grid.lo), hi.min(self.grid.hi));
        if lo >= hi {
            return Ok(0.0);
        }
        let (_, r_lo) = self.speed.at(&self.grid, lo);
        let (_, r_hi) = self.speed.at(&self.grid, hi);
        Ok(((r_lo - r_hi) * self.ln_norm.exp()).max(0.0))
    }

    /// The density `u∞(x)` (interpolated between quadrature nodes).
    ///
    /// # Errors
    /// [`AnalysisError::OutOfDomain`] outside the domain.
    pub fn density(&self, x: f64) -> Result<f64> {
        let x = self.check_x(x)?;
        let (p, t) = self.grid.locate(x);
        let n = self.grid.n();
        let v = self
            .grid
            .rule
            .interpolate(&self.speed_values()[p * n..(p + 1) * n], t);
        Ok(v * self.ln_norm.exp())
    }

    fn speed_values(&self) -> &[f64] {
        self.speed.values()
    }

    /// The (truncated) domain.
    pub fn domain(&self) -> (f64, f64) {
        (self.grid.lo, self.grid.hi)
    }

    /// A-posteriori error estimate of the cdf (sup-norm).
    pub fn error_estimate(&self) -> f64 {
        self.error_estimate
    }
}

impl Refinable for StationaryDensity1d {
    fn probe_values(&self) -> (Vec<f64>, f64) {
        let (lo, hi) = (self.grid.lo, self.grid.hi);
        let v = (0..PROBES)
            .map(|j| {
                let x = lo + (hi - lo) * j as f64 / (PROBES - 1) as f64;
                let (l, r) = self.speed.at(&self.grid, x);
                l / (l + r)
            })
            .collect();
        (v, 0.0)
    }
    fn set_error_estimate(&mut self, e: f64) {
        self.error_estimate = e;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diffusion_1d::ConstantDiffusion;
    use crate::special::{erfc, ln_gamma};
    use sgdpde_landscape::{DoubleWell, Quadratic};

    /// Tolerance: the doubling test stops at a cdf change of 1e-12; masses are
    /// differences of two cdf values, so 1e-11 leaves a factor 5 of margin.
    const MASS_ABS: f64 = 1e-11;

    #[test]
    fn ornstein_uhlenbeck_is_gaussian() {
        // L = θx²/2, a = ε: N(0, ε/(2θ)).
        let (theta, eps) = (2.0, 0.3);
        let model = Diffusion1d::new(
            Quadratic::isotropic(1, theta).unwrap(),
            ConstantDiffusion::new(eps).unwrap(),
        )
        .unwrap();
        let u = StationaryDensity1d::new(
            &model,
            End::Natural,
            End::Natural,
            QuadratureOptions::default(),
        )
        .unwrap();
        let var: f64 = eps / (2.0 * theta);
        for &x in &[-0.5, 0.0, 0.1, 0.4] {
            let exact = (-x * x / (2.0 * var)).exp() / (2.0 * std::f64::consts::PI * var).sqrt();
            assert!((u.density(x).unwrap() - exact).abs() < 1e-11 * exact.max(1.0));
            let cdf = 0.5 * erfc(-x / (2.0 * var).sqrt());
            assert!((u.cdf(x).unwrap() - cdf).abs() < MASS_ABS);
        }
    }

    #[test]
    fn state_dependent_noise_gives_a_student_like_law() {
        // a = 1 + x², L′ = kx ⇒ Ψ = k ln(1 + x²), u ∝ (1 + x²)^{−(k+1)},
        // normaliser ∫(1 + x²)^{−(k+1)} = √π Γ(k + ½)/Γ(k + 1).
        let k = 20.0;
        let model =
            Diffusion1d::new(Quadratic::isotropic(1, k).unwrap(), |x: f64| 1.0 + x * x).unwrap();
        let u = StationaryDensity1d::new(
            &model,
            End::Natural,
            End::Natural,
            QuadratureOptions::default(),
        )
        .unwrap();
        let ln_z = 0.5 * std::f64::consts::PI.ln() + ln_gamma(k + 0.5) - ln_gamma(k + 1.0);
        for &x in &[0.0_f64, 0.2, 0.5] {
            let exact = (-(k + 1.0) * (1.0 + x * x).ln() - ln_z).exp();
            assert!((u.density(x).unwrap() - exact).abs() < 1e-10 * exact);
        }
        // Symmetric law: mass of (−∞, 0] is ½.
        assert!((u.cdf(0.0).unwrap() - 0.5).abs() < MASS_ABS);
    }

    #[test]
    fn reflecting_box_with_constant_drift() {
        // L = cx on [0, 1], a = ε: u ∝ e^{−kx}, k = 2c/ε; P(X ≤ ½) = (1 − e^{−k/2})/(1 − e^{−k}).
        struct Linear(f64);
        impl Landscape for Linear {
            fn dim(&self) -> usize {
                1
            }
            fn value(&self, x: &[f64]) -> f64 {
                self.0 * x[0]
            }
            fn gradient_into(&self, _x: &[f64], g: &mut [f64]) {
                g[0] = self.0;
            }
        }
        let model = Diffusion1d::new(Linear(1.5), ConstantDiffusion::new(0.5).unwrap()).unwrap();
        let u = StationaryDensity1d::new(
            &model,
            End::Reflecting(0.0),
            End::Reflecting(1.0),
            QuadratureOptions::default(),
        )
        .unwrap();
        let k: f64 = 6.0;
        let exact = (-(-k / 2.0).exp_m1()) / (-(-k).exp_m1());
        assert!((u.mass(0.0, 0.5).unwrap() - exact).abs() < MASS_ABS);
        assert!((u.mass(-1.0, 2.0).unwrap() - 1.0).abs() < MASS_ABS);
    }

    #[test]
    fn quieter_well_collects_more_mass() {
        // Symmetric double well, a smaller on the right: ratio of basin masses
        // ≈ (a_L/a_R)·e^{2ΔL(1/a_L − 1/a_R)}… > 1 (Laplace); here just check the
        // direction and that constant a gives exactly ½ by symmetry.
        let w = DoubleWell::symmetric();
        let gibbs = Diffusion1d::new(w, ConstantDiffusion::new(0.2).unwrap()).unwrap();
        let u = StationaryDensity1d::new(
            &gibbs,
            End::Natural,
            End::Natural,
            QuadratureOptions::default(),
        )
        .unwrap();
        assert!((u.cdf(0.0).unwrap() - 0.5).abs() < MASS_ABS);
        let tilted = Diffusion1d::new(w, |x: f64| 0.2 * (1.0 - 0.3 * x.tanh())).unwrap();
        let v = StationaryDensity1d::new(
            &tilted,
            End::Natural,
            End::Natural,
            QuadratureOptions::default(),
        )
        .unwrap();
        assert!(v.cdf(0.0).unwrap() < 0.4);
    }

    #[test]
    fn bad_inputs_are_typed_errors() {
        let model = Diffusion1d::new(
            Quadratic::isotropic(1, 1.0).unwrap(),
            ConstantDiffusion::new(1.0).unwrap(),
        )
        .unwrap();
        assert!(matches!(
            StationaryDensity1d::new(
                &model,
                End::Reflecting(1.0),
                End::Reflecting(0.0),
                QuadratureOptions::default()
            ),
            Err(AnalysisError::InvalidInterval { .. })
        ));
        assert!(
            StationaryDensity1d::new(
                &model,
                End::Reflecting(f64::NAN),
                End::Natural,
                QuadratureOptions::default()
            )
            .is_err()
        );
        let u = StationaryDensity1d::new(
            &model,
            End::Reflecting(-1.0),
            End::Reflecting(1.0),
            QuadratureOptions::default(),
        )
        .unwrap();
        assert!(matches!(
            u.density(2.0),
            Err(AnalysisError::OutOfDomain { .. })
        ));
        assert!(u.mass(0.5, 0.0).is_err());
    }
}
