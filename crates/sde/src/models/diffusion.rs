//! The diffusion seam: a factor `G(t, x)` (d × m) applied to vectors, never
//! formed as a square root of `G Gᵀ`.

use crate::noise::NoiseClass;

/// A diffusion factor `G(t, x) ∈ R^{d×m}`, sampled as `G · v`.
///
/// Implementations declare their [`NoiseClass`]; integrators check it at
/// construction (never probed numerically).
///
/// # Contract
/// `x.len() == out.len() == self.dim()`, `v.len() == self.noise_dim()`; the
/// call must not allocate.
pub trait Diffusion: Send + Sync {
    /// The declared noise class.
    const NOISE: NoiseClass;

    /// State dimension `d`.
    fn dim(&self) -> usize;

    /// Noise dimension `m` (columns of `G`).
    fn noise_dim(&self) -> usize;

    /// Writes `G(t, x) · v` into `out`.
    fn apply_into(&self, t: f64, x: &[f64], v: &[f64], out: &mut [f64]);
}

/// The first-order derivative data Milstein's scheme needs.
///
/// With the operators `Lʲ = Σₗ Gₗⱼ ∂ₗ` (derivative along column `j`), the
/// bilinear map `D(u, v) = Σⱼₖ uⱼ vₖ LʲGᵏ = (∂_{G u} G) v` and its trace
/// `T = Σⱼ LʲGʲ`. For commutative noise (`LʲGᵏ = LᵏGʲ`) the Milstein
/// correction is `½ [D(ΔW, ΔW) − h T]` (proofs-notes/integrators.md).
pub trait DiffusionDerivative: Diffusion {
    /// Writes `D(u, v) = Σⱼₖ uⱼ vₖ (LʲGᵏ)(t, x)` into `out`.
    fn derivative_apply_into(&self, t: f64, x: &[f64], u: &[f64], v: &[f64], out: &mut [f64]);

    /// Writes `T = Σⱼ (LʲGʲ)(t, x)` into `out`.
    fn derivative_trace_into(&self, t: f64, x: &[f64], out: &mut [f64]);
}

/// A state- and time-independent factor `G` (additive noise), as a matrix.
///
/// Exact samplers of linear SDEs (`ExactLinear`) need `G` itself.
pub trait ConstantDiffusion: Diffusion {
    /// `G`, row-major `d × m`.
    fn factor_row_major(&self) -> Vec<f64>;
}
