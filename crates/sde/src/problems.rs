//! Test problems with closed-form answers: Ornstein–Uhlenbeck, geometric
//! Brownian motion, and linear SDEs with constant (possibly rank-one) noise
//! (shared/math.md §3). Each gives its model, exact moments and, for
//! strong-order studies, the solution along a given Brownian path.

use sgdpde_landscape::Quadratic;

use crate::brownian::BrownianPath;
use crate::error::{Result, SdeError};
use crate::integrators::exact_linear::ExactLinear;
use crate::model::SdeDerivative;
use crate::models::constant::{DiagonalNoise, FactorNoise};
use crate::models::drift::LinearDrift;
use crate::models::sde_model::{Langevin, SdeModel};
use crate::models::state_dependent::DiagonalFnNoise;
use crate::temperature::Temperature;

fn positive(name: &'static str, v: f64) -> Result<f64> {
    if v.is_finite() && v > 0.0 {
        Ok(v)
    } else {
        Err(SdeError::InvalidParameter {
            name,
            value: v,
            constraint: "finite and > 0",
        })
    }
}

fn finite(name: &'static str, v: f64) -> Result<f64> {
    if v.is_finite() {
        Ok(v)
    } else {
        Err(SdeError::InvalidParameter {
            name,
            value: v,
            constraint: "finite",
        })
    }
}

/// Ornstein–Uhlenbeck `dX = −θ(X − μ) dt + s dW` in one dimension:
///
/// ```text
/// E X_t = μ + (x₀ − μ) e^{−θt},   Var X_t = s² (1 − e^{−2θt}) / (2θ).
/// ```
///
/// # Examples
/// ```
/// use sgdpde_sde::problems::OrnsteinUhlenbeck;
/// let ou = OrnsteinUhlenbeck::new(1.0, 0.5, 2.0)?;
/// assert_eq!(ou.stationary_variance(), 2.0);
/// # Ok::<(), sgdpde_sde::SdeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OrnsteinUhlenbeck {
    /// Rate `θ > 0`.
    pub theta: f64,
    /// Mean `μ`.
    pub mu: f64,
    /// Noise `s ≥ 0`.
    pub s: f64,
}

impl OrnsteinUhlenbeck {
    /// Validated parameters.
    ///
    /// # Errors
    /// [`SdeError::InvalidParameter`] unless `θ > 0`, `μ` finite, `s ≥ 0`.
    pub fn new(theta: f64, mu: f64, s: f64) -> Result<Self> {
        if !(s.is_finite() && s >= 0.0) {
            return Err(SdeError::InvalidParameter {
                name: "s",
                value: s,
                constraint: "finite and ≥ 0",
            });
        }
        Ok(Self {
            theta: positive("theta", theta)?,
            mu: finite("mu", mu)?,
            s,
        })
    }

    /// The model with a linear drift and constant (additive) noise.
    pub fn model(&self) -> SdeModel<LinearDrift, DiagonalNoise> {
        SdeModel::new(
            LinearDrift::new(vec![-self.theta], vec![self.theta * self.mu])
                .expect("validated parameters"),
            DiagonalNoise::new(vec![self.s]).expect("validated parameters"),
        )
        .expect("dimensions agree")
    }

    /// The same process as overdamped Langevin on `L = θ(x − μ)²/2` with
    /// `ε = s²` (isotropic noise, for Leimkuhler–Matthews).
    pub fn langevin_model(&self) -> Langevin<Quadratic> {
        let l = Quadratic::new(vec![self.theta], vec![self.mu]).expect("validated parameters");
        let t = Temperature::epsilon(self.s * self.s).expect("validated parameters");
        SdeModel::langevin(l, t).expect("dimensions agree")
    }

    /// `E X_t` from `x₀`.
    pub fn mean(&self, t: f64, x0: f64) -> f64 {
        self.mu + (x0 - self.mu) * (-self.theta * t).exp()
    }

    /// `Var X_t` (deterministic start).
    pub fn variance(&self, t: f64) -> f64 {
        self.s * self.s * (1.0 - (-2.0 * self.theta * t).exp()) / (2.0 * self.theta)
    }

    /// `s²/(2θ)`.
    pub fn stationary_variance(&self) -> f64 {
        self.s * self.s / (2.0 * self.theta)
    }

    /// The exact one-step sampler over `dt`.
    ///
    /// # Errors
    /// As [`ExactLinear::new`] (e.g. `dt ≤ 0`).
    pub fn exact_sampler(&self, dt: f64) -> Result<ExactLinear> {
        ExactLinear::for_model(&self.model(), dt)
    }
}

/// Geometric Brownian motion `dX = αX dt + βX dW`:
///
/// ```text
/// X_t = x₀ exp((α − β²/2) t + β W_t),   E X_t = x₀ e^{αt},   E X_t² = x₀² e^{(2α + β²) t}.
/// ```
///
/// # Examples
/// ```
/// use sgdpde_sde::problems::GeometricBrownianMotion;
/// let g = GeometricBrownianMotion::new(0.5, 1.0)?;
/// assert_eq!(g.exact(2.0, 1.0, 0.0), 2.0); // α − β²/2 = 0
/// # Ok::<(), sgdpde_sde::SdeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GeometricBrownianMotion {
    /// Drift rate `α`.
    pub alpha: f64,
    /// Volatility `β`.
    pub beta: f64,
}

impl GeometricBrownianMotion {
    /// Validated parameters.
    ///
    /// # Errors
    /// [`SdeError::InvalidParameter`] for non-finite `α` or `β`.
    pub fn new(alpha: f64, beta: f64) -> Result<Self> {
        Ok(Self {
            alpha: finite("alpha", alpha)?,
            beta: finite("beta", beta)?,
        })
    }

    /// The model: linear drift, diagonal multiplicative noise `g(x) = βx`
    /// with `g′ = β` (Milstein data).
    pub fn model(&self) -> impl SdeDerivative + Clone + use<> {
        let beta = self.beta;
        SdeModel::new(
            LinearDrift::new(vec![self.alpha], vec![0.0]).expect("validated parameters"),
            DiagonalFnNoise::new(1, move |_, _, x: f64| beta * x, move |_, _, _| beta)
                .expect("d = 1"),
        )
        .expect("dimensions agree")
    }

    /// The pathwise solution `x₀ exp((α − β²/2) t + β w)` for `W_t = w`.
    pub fn exact(&self, x0: f64, t: f64, w: f64) -> f64 {
        x0 * ((self.alpha - 0.5 * self.beta * self.beta) * t + self.beta * w).exp()
    }

    /// `E X_t`.
    pub fn mean(&self, t: f64, x0: f64) -> f64 {
        x0 * (self.alpha * t).exp()
    }

    /// `E X_t²`.
    pub fn second_moment(&self, t: f64, x0: f64) -> f64 {
        x0 * x0 * ((2.0 * self.alpha + self.beta * self.beta) * t).exp()
    }
}

/// The linear SDE `dX = (A X + c) dt + G dW` with constant `G` (d × m,
/// possibly rank-deficient). Exact mean and covariance come from the exact
/// transition over `t` (Van Loan; the covariance solves the Lyapunov ODE
/// `Σ̇ = AΣ + ΣAᵀ + GGᵀ`).
///
/// # Examples
/// The rank-one example of shared/math.md §3, `A = −diag(1, 10)`,
/// `G = √τ (1, 1)ᵀ`: the stationary covariance `τ/(aᵢ + aⱼ)` is full rank.
/// ```
/// use sgdpde_sde::problems::LinearProblem;
/// let p = LinearProblem::rank_one_example(0.5)?;
/// let (_, cov) = p.moments(50.0, &[0.0, 0.0])?;
/// assert!((cov[1] - 0.5 / 11.0).abs() < 1e-12);
/// # Ok::<(), sgdpde_sde::SdeError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct LinearProblem {
    d: usize,
    m: usize,
    a: Vec<f64>,
    c: Vec<f64>,
    g: Vec<f64>,
}

impl LinearProblem {
    /// `A` (d × d) and `G` (d × m) row-major, `c` of length `d`.
    ///
    /// # Errors
    /// [`SdeError::DimensionMismatch`] / [`SdeError::InvalidParameter`] as
    /// [`LinearDrift::new`] and [`FactorNoise::new`].
    pub fn new(a: Vec<f64>, c: Vec<f64>, g: Vec<f64>, m: usize) -> Result<Self> {
        let d = c.len();
        LinearDrift::new(a.clone(), c.clone())?;
        FactorNoise::new(d, m, g.clone())?;
        Ok(Self { d, m, a, c, g })
    }

    /// `A = −diag(1, 10)`, `c = 0`, `G = √τ (1, 1)ᵀ` (shared/math.md §3).
    ///
    /// # Errors
    /// [`SdeError::InvalidParameter`] unless `τ > 0`.
    pub fn rank_one_example(tau: f64) -> Result<Self> {
        let s = positive("tau", tau)?.sqrt();
        Self::new(vec![-1.0, 0.0, 0.0, -10.0], vec![0.0, 0.0], vec![s, s], 1)
    }

    /// The model (additive noise).
    pub fn model(&self) -> SdeModel<LinearDrift, FactorNoise> {
        SdeModel::new(
            LinearDrift::new(self.a.clone(), self.c.clone()).expect("validated"),
            FactorNoise::new(self.d, self.m, self.g.clone()).expect("validated"),
        )
        .expect("dimensions agree")
    }

    /// Exact mean `e^{At}x₀ + ∫₀ᵗ e^{As} ds c` and covariance (row-major)
    /// at time `t` from the deterministic start `x₀`.
    ///
    /// # Errors
    /// As [`ExactLinear::new`] (`t > 0`), and a dimension mismatch of `x₀`.
    pub fn moments(&self, t: f64, x0: &[f64]) -> Result<(Vec<f64>, Vec<f64>)> {
        if x0.len() != self.d {
            return Err(SdeError::DimensionMismatch {
                what: "x0",
                expected: self.d,
                found: x0.len(),
            });
        }
        let ex = ExactLinear::new(&self.a, &self.c, &self.g, self.m, t)?;
        let d = self.d;
        let mean = (0..d)
            .map(|i| ex.psi()[i] + (0..d).map(|j| ex.phi()[i * d + j] * x0[j]).sum::<f64>())
            .collect();
        Ok((mean, ex.covariance().to_vec()))
    }

    /// The solution along a Brownian path carrying `ΔZ`, by the one-step map
    ///
    /// ```text
    /// X_{n+1} = Φ X_n + ψ + Φ [G ΔW − A G (h ΔW − ΔZ)]
    /// ```
    ///
    /// which expands `∫ₜ^{t+h} e^{A(t+h−s)} G dW(s)` to first order in
    /// `s − t` (`∫ (s − t) dW = h ΔW − ΔZ`); the local error is
    /// `O(h^{5/2})`, the global one `O(h²)`: on a fine grid it is the
    /// reference of strong-order studies (proofs-notes/integrators.md).
    ///
    /// # Errors
    /// [`SdeError::DimensionMismatch`] if the path lacks `ΔZ` or has the wrong
    /// dimension; errors of [`ExactLinear::new`].
    pub fn along_path(&self, x0: &[f64], path: &BrownianPath) -> Result<Vec<f64>> {
        let (d, m) = (self.d, self.m);
        if !path.has_dz() || path.noise_dim() != m || x0.len() != d {
            return Err(SdeError::DimensionMismatch {
                what: "Brownian path with ΔZ of dimension m, and x0 of dimension d",
                expected: m,
                found: if path.has_dz() { path.noise_dim() } else { 0 },
            });
        }
        let h = path.dt();
        let ex = ExactLinear::new(&self.a, &self.c, &self.g, m, h)?;
        let (phi, psi) = (ex.phi(), ex.psi());
        let mut ag = vec![0.0; d * m];
        for i in 0..d {
            for k in 0..m {
                ag[i * m + k] = (0..d).map(|j| self.a[i * d + j] * self.g[j * m + k]).sum();
            }
        }
        let mut x = x0.to_vec();
        let mut u = vec![0.0; d];
        let mut y = vec![0.0; d];
        for n in 0..path.steps() {
            let inc = path.increment(n);
            for i in 0..d {
                u[i] = x[i]
                    + (0..m)
                        .map(|k| {
                            self.g[i * m + k] * inc.dw[k]
                                - ag[i * m + k] * (h * inc.dw[k] - inc.dz[k])
                        })
                        .sum::<f64>();
            }
            for i in 0..d {
                y[i] = psi[i] + (0..d).map(|j| phi[i * d + j] * u[j]).sum::<f64>();
            }
            x.copy_from_slice(&y);
        }
        Ok(x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Sde;

    #[test]
    fn ou_moments_and_models_agree() {
        let ou = OrnsteinUhlenbeck::new(2.0, 1.0, 0.5).unwrap();
        assert!((ou.mean(1.0, 3.0) - (1.0 + 2.0 * (-2.0f64).exp())).abs() < 1e-15);
        assert!((ou.variance(100.0) - ou.stationary_variance()).abs() < 1e-15);
        let (a, b) = (ou.model(), ou.langevin_model());
        let (mut da, mut db) = ([0.0], [0.0]);
        a.drift_into(0.0, &[0.3], &mut da);
        b.drift_into(0.0, &[0.3], &mut db);
        assert!((da[0] - db[0]).abs() < 1e-15);
        a.diffusion_apply_into(0.0, &[0.3], &[1.0], &mut da);
        b.diffusion_apply_into(0.0, &[0.3], &[1.0], &mut db);
        assert!((da[0] - db[0]).abs() < 1e-15);
        // The linear-problem view gives the same moments.
        let lp = LinearProblem::new(vec![-2.0], vec![2.0], vec![0.5], 1).unwrap();
        let (m, c) = lp.moments(1.0, &[3.0]).unwrap();
        assert!((m[0] - ou.mean(1.0, 3.0)).abs() < 1e-14);
        assert!((c[0] - ou.variance(1.0)).abs() < 1e-14);
        assert!(OrnsteinUhlenbeck::new(0.0, 0.0, 1.0).is_err());
        assert!(OrnsteinUhlenbeck::new(1.0, 0.0, -1.0).is_err());
        assert!(GeometricBrownianMotion::new(f64::NAN, 1.0).is_err());
    }

    /// Without noise the path solution is the exact flow e^{At}x₀.
    #[test]
    fn along_path_is_exact_without_noise() {
        let lp = LinearProblem::new(
            vec![-1.0, 0.5, 0.0, -3.0],
            vec![0.2, 0.0],
            vec![0.0, 0.0],
            1,
        )
        .unwrap();
        let mut rng = <rand_chacha::ChaCha8Rng as rand::SeedableRng>::seed_from_u64(1);
        let path = BrownianPath::sample(&mut rng, 1.0, 16, 1, true).unwrap();
        let x = lp.along_path(&[1.0, 1.0], &path).unwrap();
        let (m, _) = lp.moments(1.0, &[1.0, 1.0]).unwrap();
        for i in 0..2 {
            assert!((x[i] - m[i]).abs() < 1e-13);
        }
        let no_dz = BrownianPath::sample(&mut rng, 1.0, 16, 1, false).unwrap();
        assert!(lp.along_path(&[1.0, 1.0], &no_dz).is_err());
    }
}
