//! [`SdeModel`]: a drift and a diffusion factor composed into an [`Sde`].

use sgdpde_landscape::Landscape;

use crate::error::{Result, SdeError};
use crate::model::{Sde, SdeDerivative};
use crate::models::diffusion::{Diffusion, DiffusionDerivative};
use crate::models::drift::{Drift, GradientDrift};
use crate::models::isotropic::IsotropicNoise;
use crate::noise::NoiseClass;
use crate::temperature::Temperature;

/// The Itô SDE `dX = b(t, X) dt + G(t, X) dW` with drift `D` and diffusion
/// factor `G`; its noise class is the one `G` declares.
///
/// # Examples
/// Overdamped Langevin on the double well, `dX = −∇L dt + √ε dW`:
/// ```
/// use sgdpde_landscape::DoubleWell;
/// use sgdpde_sde::{Sde, SdeModel, Temperature};
/// let sde = SdeModel::langevin(DoubleWell::symmetric(), Temperature::epsilon(0.5)?)?;
/// assert_eq!((sde.dim(), sde.noise_dim()), (1, 1));
/// let mut b = [0.0];
/// sde.drift_into(0.0, &[2.0], &mut b);
/// assert_eq!(b[0], -6.0);
/// # Ok::<(), sgdpde_sde::SdeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SdeModel<D, G> {
    drift: D,
    diffusion: G,
}

/// Overdamped Langevin `dX = −∇L dt + √ε dW` on a landscape `L`.
pub type Langevin<L> = SdeModel<GradientDrift<L>, IsotropicNoise>;

impl<D: Drift, G: Diffusion> SdeModel<D, G> {
    /// Composes a drift and a diffusion.
    ///
    /// # Errors
    /// [`SdeError::DimensionMismatch`] if their state dimensions differ.
    pub fn new(drift: D, diffusion: G) -> Result<Self> {
        if drift.dim() != diffusion.dim() {
            return Err(SdeError::DimensionMismatch {
                what: "diffusion state dimension (must equal the drift's)",
                expected: drift.dim(),
                found: diffusion.dim(),
            });
        }
        Ok(Self { drift, diffusion })
    }

    /// The drift.
    pub fn drift(&self) -> &D {
        &self.drift
    }

    /// The diffusion factor.
    pub fn diffusion(&self) -> &G {
        &self.diffusion
    }
}

impl<L: Landscape> SdeModel<GradientDrift<L>, IsotropicNoise> {
    /// Overdamped Langevin `dX = −∇L dt + √ε dW` (noise class
    /// [`NoiseClass::Isotropic`]).
    ///
    /// # Errors
    /// [`SdeError::DimensionMismatch`] if the landscape has dimension 0.
    pub fn langevin(landscape: L, temperature: Temperature) -> Result<Self> {
        let d = landscape.dim();
        Self::new(
            GradientDrift::new(landscape),
            IsotropicNoise::new(d, temperature)?,
        )
    }

    /// The temperature.
    pub fn temperature(&self) -> Temperature {
        self.diffusion.temperature()
    }
}

impl<D: Drift, G: Diffusion> Sde for SdeModel<D, G> {
    const NOISE: NoiseClass = G::NOISE;
    const DIM: Option<usize> = D::DIM;

    #[inline]
    fn dim(&self) -> usize {
        self.drift.dim()
    }

    #[inline]
    fn noise_dim(&self) -> usize {
        self.diffusion.noise_dim()
    }

    #[inline]
    fn drift_into(&self, t: f64, x: &[f64], out: &mut [f64]) {
        self.drift.drift_into(t, x, out)
    }

    #[inline]
    fn diffusion_apply_into(&self, t: f64, x: &[f64], v: &[f64], out: &mut [f64]) {
        self.diffusion.apply_into(t, x, v, out)
    }
}

impl<D: Drift, G: DiffusionDerivative> SdeDerivative for SdeModel<D, G> {
    #[inline]
    fn diffusion_derivative_apply_into(
        &self,
        t: f64,
        x: &[f64],
        u: &[f64],
        v: &[f64],
        out: &mut [f64],
    ) {
        self.diffusion.derivative_apply_into(t, x, u, v, out)
    }

    #[inline]
    fn diffusion_derivative_trace_into(&self, t: f64, x: &[f64], out: &mut [f64]) {
        self.diffusion.derivative_trace_into(t, x, out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A Langevin model has its landscape's static dimension; models of
    /// run-time dimension state none (so every fast path stays compiled).
    #[test]
    fn static_dimension_comes_from_the_drift() {
        use sgdpde_landscape::{CoupledDoubleWell, DoubleWell, Quadratic};
        type Model<L> = SdeModel<crate::GradientDrift<L>, crate::IsotropicNoise>;
        assert_eq!(<Model<DoubleWell> as Sde>::DIM, Some(1));
        assert_eq!(<Model<CoupledDoubleWell> as Sde>::DIM, Some(2));
        assert_eq!(<Model<Quadratic> as Sde>::DIM, None);
        assert!(crate::model::admits_dim::<Model<DoubleWell>>(1));
        assert!(!crate::model::admits_dim::<Model<DoubleWell>>(2));
        assert!(crate::model::admits_dim::<Model<Quadratic>>(3));
    }
    use crate::models::drift::LinearDrift;
    use sgdpde_landscape::{DoubleWell, Quadratic};

    #[test]
    fn langevin_declares_isotropic_noise() {
        let sde =
            SdeModel::langevin(DoubleWell::symmetric(), Temperature::beta(4.0).unwrap()).unwrap();
        assert_eq!(<Langevin<DoubleWell> as Sde>::NOISE, NoiseClass::Isotropic);
        assert_eq!(sde.temperature().eps(), 0.5);
        let mut out = [0.0];
        sde.diffusion_apply_into(0.0, &[0.0], &[2.0], &mut out);
        assert!((out[0] - 2.0 * 0.5f64.sqrt()).abs() < 1e-15);
    }

    #[test]
    fn dimension_mismatch_is_an_error() {
        let q = Quadratic::new(vec![1.0, 0.0, 0.0, 1.0], vec![0.0, 0.0]).unwrap();
        let bad = SdeModel::new(
            GradientDrift::new(q),
            IsotropicNoise::new(3, Temperature::epsilon(1.0).unwrap()).unwrap(),
        );
        assert!(matches!(
            bad,
            Err(SdeError::DimensionMismatch {
                expected: 2,
                found: 3,
                ..
            })
        ));
        let lin = LinearDrift::new(vec![-1.0], vec![0.0]).unwrap();
        let ok = SdeModel::new(
            lin,
            IsotropicNoise::new(1, Temperature::epsilon(1.0).unwrap()).unwrap(),
        );
        assert!(ok.is_ok());
    }
}
