//! Milstein's scheme for commutative (scalar, diagonal, additive) noise.

use crate::error::Result;
use crate::integrators::Scratch;
use crate::method::{Increment, Integrator, MethodInfo};
use crate::model::SdeDerivative;
use crate::noise::NoiseRequirement;

/// Milstein's scheme, written with the derivative data of
/// [`crate::DiffusionDerivative`] (`Lʲ = Σₗ Gₗⱼ ∂ₗ`):
///
/// ```text
/// X_{n+1} = X_n + b h + G ΔW + ½ Σⱼₖ LʲGᵏ (ΔWⱼ ΔWₖ − δⱼₖ h)
///         = X_n + b h + G ΔW + ½ [D(ΔW, ΔW) − h T],
/// ```
///
/// all coefficients at `(t_n, X_n)`. The form uses `I_{(j,k)} + I_{(k,j)} =
/// ΔWⱼΔWₖ − δⱼₖ h`, valid because commutative noise (`LʲGᵏ = LᵏGʲ`)
/// only sees the symmetric part of the iterated Itô integrals, so no Lévy
/// areas are needed. Scalar: `X + bh + gΔW + ½ g g′ (ΔW² − h)`.
///
/// # Order
/// Strong 1 and weak 1 for commutative noise (scalar, diagonal with
/// `gᵢ = gᵢ(xᵢ)`, additive), smooth coefficients. For additive noise it is
/// Euler–Maruyama.
///
/// # Stability
/// Like Euler–Maruyama for the drift (explicit); mean-square stable on
/// `dX = λX dt + μX dW` iff `|1 + λh|² + μ²h + μ⁴h²/2 < 1`.
///
/// # Requirements
/// The model implements [`SdeDerivative`] and declares commutative noise.
///
/// # Errors
/// [`Milstein::for_sde`] returns [`crate::SdeError::IncompatibleNoise`] for a
/// model declaring [`crate::NoiseClass::General`].
///
/// # Examples
/// Geometric Brownian motion `dX = αX dt + βX dW`, one step by hand:
/// ```
/// use sgdpde_sde::{DiagonalFnNoise, Increment, Integrator, LinearDrift, Milstein, SdeModel};
/// let (alpha, beta) = (0.1, 0.5);
/// let sde = SdeModel::new(
///     LinearDrift::new(vec![alpha], vec![0.0])?,
///     DiagonalFnNoise::new(1, move |_, _, x: f64| beta * x, move |_, _, _| beta)?,
/// )?;
/// let mil = Milstein::for_sde(&sde)?;
/// let mut ws = mil.workspace(&sde);
/// let (h, dw) = (0.01, 0.2);
/// let mut x = [1.0];
/// mil.step(&sde, &mut ws, 0.0, h, &mut x, Increment { dw: &[dw], dz: &[] });
/// let expect = 1.0 + alpha * h + beta * dw + 0.5 * beta * beta * (dw * dw - h);
/// assert!((x[0] - expect).abs() < 1e-15);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # References
/// G. N. Milstein, *Approximate integration of stochastic differential
/// equations*, Theory Probab. Appl. 19 (1974); Kloeden & Platen 1992,
/// §10.3 (commutative noise).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Milstein;

impl Milstein {
    /// The method's metadata.
    pub const INFO: MethodInfo = MethodInfo {
        name: "milstein",
        aliases: &[],
        strong_order: 1.0,
        strong_order_additive: 1.0,
        weak_order: 1.0,
        stationary_weak_order: 1.0,
        noise: NoiseRequirement::Commutative,
        reference: "Milstein 1974; Kloeden & Platen 1992, §10.3",
    };

    /// The method, checked against the model's declared noise class.
    ///
    /// # Errors
    /// [`crate::SdeError::IncompatibleNoise`] unless the noise is commutative.
    pub fn for_sde<S: SdeDerivative>(_sde: &S) -> Result<Self> {
        Self::INFO.check_sde::<S>()?;
        Ok(Self)
    }
}

impl<S: SdeDerivative> Integrator<S> for Milstein {
    type Workspace = Scratch<3>;

    fn info(&self) -> MethodInfo {
        Self::INFO
    }

    fn workspace(&self, sde: &S) -> Scratch<3> {
        Scratch::new(sde.dim())
    }

    #[inline]
    fn step(
        &self,
        sde: &S,
        ws: &mut Scratch<3>,
        t: f64,
        dt: f64,
        x: &mut [f64],
        inc: Increment<'_>,
    ) {
        let [b, g, c] = &mut ws.0;
        sde.drift_into(t, x, b);
        sde.diffusion_apply_into(t, x, inc.dw, g);
        for (b, g) in b.iter_mut().zip(g.iter()) {
            *b = *b * dt + g;
        }
        // b ← b h + G ΔW; g ← D(ΔW, ΔW); c ← T.
        sde.diffusion_derivative_apply_into(t, x, inc.dw, inc.dw, g);
        sde.diffusion_derivative_trace_into(t, x, c);
        for (((x, b), g), c) in x.iter_mut().zip(b.iter()).zip(g.iter()).zip(c.iter()) {
            *x += b + 0.5 * (g - dt * c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{FactorFnNoise, LinearDrift, Sde, SdeError, SdeModel};

    fn class_of<S: Sde>(_: &S) -> crate::NoiseClass {
        S::NOISE
    }

    /// A general state-dependent factor (no derivative data, non-commuting
    /// columns) fails the metadata check with a typed error.
    #[test]
    fn general_noise_is_rejected() {
        let sde = SdeModel::new(
            LinearDrift::new(vec![-1.0], vec![0.0]).unwrap(),
            FactorFnNoise::new(1, 2, |_: f64, x: &[f64], v: &[f64], o: &mut [f64]| {
                o[0] = x[0] * v[0] + v[1]
            })
            .unwrap(),
        )
        .unwrap();
        let r = Milstein::INFO.check_noise(class_of(&sde));
        assert!(matches!(
            r,
            Err(SdeError::IncompatibleNoise {
                method: "milstein",
                ..
            })
        ));
    }
}
