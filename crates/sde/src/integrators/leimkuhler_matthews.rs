//! The Leimkuhler–Matthews scheme for overdamped Langevin dynamics.

use crate::error::Result;
use crate::method::{Increment, Integrator, MethodInfo};
use crate::model::Sde;
use crate::noise::NoiseRequirement;

/// Leimkuhler–Matthews ("BAOAB limit") for `dX = −∇L dt + √ε dW`:
///
/// ```text
/// X_{n+1} = X_n + b(t_n, X_n) h + G (ΔW_{n−1} + ΔW_n)/2,     ΔW_{−1} := 0,
/// ```
///
/// i.e. the noise of a step is the average of the current and the previous
/// increment (the method keeps `ΔW_{n−1}` in its workspace and resets it at
/// [`Integrator::start_path`]). In the usual notation
/// `X_{n+1} = X_n − h∇L(X_n) + √(εh) (R_n + R_{n+1})/2`.
///
/// # Order
/// Weak order 1 on a finite horizon; **weak order 2 for stationary
/// (ergodic) averages** `lim E φ(X_n) − ∫ φ dπ = O(h²)`, the reason to use it
/// (Leimkuhler, Matthews & Stoltz 2016). On a quadratic `L` the stationary
/// variance is exact for every stable `h` (proofs-notes/integrators.md).
/// Strong order ½ (the shifted noise differs pathwise from `W` by
/// `O(√h)`), also for additive noise.
///
/// # Stability
/// As explicit Euler for the drift: on `L = θx²/2`, stable iff `0 < θh < 2`.
///
/// # Requirements
/// Overdamped Langevin: additive isotropic noise
/// ([`NoiseRequirement::OverdampedLangevin`]); the stationary order 2 holds
/// for gradient drifts.
///
/// # Errors
/// [`LeimkuhlerMatthews::for_sde`] returns
/// [`crate::SdeError::IncompatibleNoise`] unless the model declares
/// [`crate::NoiseClass::Isotropic`].
///
/// # Examples
/// ```
/// use sgdpde_landscape::Quadratic;
/// use sgdpde_sde::{Increment, Integrator, LeimkuhlerMatthews, SdeModel, Temperature};
/// let sde = SdeModel::langevin(Quadratic::new(vec![1.0], vec![0.0])?, Temperature::epsilon(1.0)?)?;
/// let lm = LeimkuhlerMatthews::for_sde(&sde)?;
/// let mut ws = lm.workspace(&sde);
/// let mut x = [0.0];
/// lm.start_path(&sde, &mut ws, &x);
/// lm.step(&sde, &mut ws, 0.0, 0.1, &mut x, Increment { dw: &[0.2], dz: &[] });
/// assert!((x[0] - 0.1).abs() < 1e-15); // (0 + 0.2)/2
/// lm.step(&sde, &mut ws, 0.1, 0.1, &mut x, Increment { dw: &[0.4], dz: &[] });
/// assert!((x[0] - (0.1 - 0.01 + 0.3)).abs() < 1e-15); // (0.2 + 0.4)/2
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # References
/// B. Leimkuhler & C. Matthews, *Rational construction of stochastic
/// numerical methods for molecular sampling*, AMRX 2013; B. Leimkuhler,
/// C. Matthews & G. Stoltz, *The computation of averages from equilibrium
/// and nonequilibrium Langevin molecular dynamics*, IMA J. Numer. Anal. 36
/// (2016).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LeimkuhlerMatthews;

/// Workspace of [`LeimkuhlerMatthews`]: drift and noise buffers and the
/// previous increment.
#[derive(Debug, Clone)]
pub struct LmWorkspace {
    b: Vec<f64>,
    g: Vec<f64>,
    avg: Vec<f64>,
    prev: Vec<f64>,
}

impl LeimkuhlerMatthews {
    /// The method's metadata.
    pub const INFO: MethodInfo = MethodInfo {
        name: "leimkuhler-matthews",
        aliases: &["lm"],
        strong_order: 0.5,
        strong_order_additive: 0.5,
        weak_order: 1.0,
        stationary_weak_order: 2.0,
        noise: NoiseRequirement::OverdampedLangevin,
        reference: "Leimkuhler & Matthews 2013; Leimkuhler, Matthews & Stoltz 2016",
    };

    /// The method, checked against the model's declared noise class.
    ///
    /// # Errors
    /// [`crate::SdeError::IncompatibleNoise`] unless the noise is isotropic.
    pub fn for_sde<S: Sde>(_sde: &S) -> Result<Self> {
        Self::INFO.check_sde::<S>()?;
        Ok(Self)
    }
}

impl<S: Sde> Integrator<S> for LeimkuhlerMatthews {
    type Workspace = LmWorkspace;

    fn info(&self) -> MethodInfo {
        Self::INFO
    }

    fn workspace(&self, sde: &S) -> LmWorkspace {
        let (d, m) = (sde.dim(), sde.noise_dim());
        LmWorkspace {
            b: vec![0.0; d],
            g: vec![0.0; d],
            avg: vec![0.0; m],
            prev: vec![0.0; m],
        }
    }

    fn start_path(&self, _sde: &S, ws: &mut LmWorkspace, _x0: &[f64]) {
        ws.prev.fill(0.0);
    }

    #[inline]
    fn step(
        &self,
        sde: &S,
        ws: &mut LmWorkspace,
        t: f64,
        dt: f64,
        x: &mut [f64],
        inc: Increment<'_>,
    ) {
        for ((a, p), w) in ws.avg.iter_mut().zip(ws.prev.iter_mut()).zip(inc.dw) {
            *a = 0.5 * (*p + w);
            *p = *w;
        }
        sde.drift_into(t, x, &mut ws.b);
        sde.diffusion_apply_into(t, x, &ws.avg, &mut ws.g);
        for ((x, b), g) in x.iter_mut().zip(&ws.b).zip(&ws.g) {
            *x += b * dt + g;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DiagonalNoise, LinearDrift, SdeError, SdeModel};

    #[test]
    fn needs_isotropic_noise() {
        let sde = SdeModel::new(
            LinearDrift::new(vec![-1.0], vec![0.0]).unwrap(),
            DiagonalNoise::new(vec![1.0]).unwrap(),
        )
        .unwrap();
        assert!(matches!(
            LeimkuhlerMatthews::for_sde(&sde),
            Err(SdeError::IncompatibleNoise {
                method: "leimkuhler-matthews",
                ..
            })
        ));
    }
}
