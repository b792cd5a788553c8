//! Adapters from `sgdpde-sde`: its diffusion factors and temperatures, so
//! the forward solver and the Monte Carlo engine describe the same process.

use crate::diffusion::{DiffusionField, Isotropic};
use crate::error::Result;
use sgdpde_sde::{Diffusion, NoiseClass, Temperature};

/// `D(x) = G(0, x) G(0, x)ᵀ / 2` of any [`Diffusion`] factor from the SDE
/// crate (time-homogeneous models), formed column by column as `G eⱼ`.
///
/// The cost is `m` factor applications per cell at assembly (never in a time
/// step). The tensor is declared diagonal for the noise classes
/// [`NoiseClass::Isotropic`] and [`NoiseClass::Diagonal`].
///
/// # Examples
/// ```
/// use sgdpde_fokker_planck::{DiffusionField, SdeDiffusion};
/// use sgdpde_sde::FactorNoise;
/// // rank-one noise G = (1, 1)ᵀ
/// let g = FactorNoise::new(2, 1, vec![1.0, 1.0])?;
/// let d = SdeDiffusion(&g);
/// let mut t = [0.0; 4];
/// d.tensor_into(&[0.3, -0.2], &mut t);
/// assert_eq!(t, [0.5, 0.5, 0.5, 0.5]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct SdeDiffusion<'a, G>(pub &'a G);

impl<G: Diffusion> DiffusionField for SdeDiffusion<'_, G> {
    fn dim(&self) -> usize {
        self.0.dim()
    }
    fn is_diagonal(&self) -> bool {
        matches!(G::NOISE, NoiseClass::Isotropic | NoiseClass::Diagonal)
    }
    fn tensor_into(&self, x: &[f64], out: &mut [f64]) {
        let (d, m) = (self.0.dim(), self.0.noise_dim());
        let mut e = vec![0.0; m];
        let mut col = vec![0.0; d];
        out.fill(0.0);
        for j in 0..m {
            e.fill(0.0);
            e[j] = 1.0;
            self.0.apply_into(0.0, x, &e, &mut col);
            for a in 0..d {
                for b in 0..d {
                    out[a * d + b] += 0.5 * col[a] * col[b];
                }
            }
        }
    }
}

impl Isotropic {
    /// `D = ε/2` from the SDE crate's [`Temperature`] (either convention).
    ///
    /// # Errors
    /// Never for a valid temperature; the signature matches the other
    /// constructors.
    pub fn from_sde_temperature(dim: usize, t: &Temperature) -> Result<Self> {
        Self::from_temperature(dim, t.eps())
    }
}
