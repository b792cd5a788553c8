//! The SDE seam: `dX = b(t, X) dt + G(t, X) dW`, Itô (shared/math.md §1).

use crate::noise::NoiseClass;

/// Whether a fast path for state dimension `n` is to be compiled for `S`:
/// always when the type does not fix its dimension, else only for that one.
/// Evaluated in `if const { … }` gates, so the other arms are never
/// instantiated; a value whose run-time dimension is not admitted takes the
/// generic loop, which gives the same bits.
pub const fn admits_dim<S: Sde + ?Sized>(n: usize) -> bool {
    match S::DIM {
        None => true,
        Some(d) => d == n,
    }
}

/// An Itô SDE `dX = b(t, X) dt + G(t, X) dW` with `X ∈ Rᵈ`, `W ∈ Rᵐ`.
///
/// The in-place methods must not allocate; they are called inside the
/// per-step loop of a monomorphised driver.
pub trait Sde: Send + Sync {
    /// The noise class this type declares.
    const NOISE: NoiseClass;

    /// The state dimension every value of this type has, when the type
    /// fixes it (a Langevin model of a 1-D catalogue landscape: `Some(1)`),
    /// else `None`. The drivers' fixed-dimension fast paths (`d = m ≤ 3`)
    /// are compiled only for the dimension it admits ([`admits_dim`]);
    /// [`Sde::dim`] still decides at run time and must equal it.
    const DIM: Option<usize> = None;

    /// State dimension `d`.
    fn dim(&self) -> usize;

    /// Noise dimension `m` (columns of `G`).
    fn noise_dim(&self) -> usize;

    /// Writes the drift `b(t, x)` into `out` (length `d`).
    fn drift_into(&self, t: f64, x: &[f64], out: &mut [f64]);

    /// Writes `G(t, x) · v` into `out` (length `d`) for `v` of length `m`.
    /// This is how noise is sampled: through the factor, never through a
    /// square root of `G Gᵀ`.
    fn diffusion_apply_into(&self, t: f64, x: &[f64], v: &[f64], out: &mut [f64]);
}

/// An [`Sde`] that also provides the diffusion derivatives Milstein's scheme
/// needs (see [`crate::DiffusionDerivative`] for the definitions of `D` and
/// `T`).
pub trait SdeDerivative: Sde {
    /// Writes `D(u, v) = Σⱼₖ uⱼ vₖ (LʲGᵏ)(t, x)` into `out` (length `d`),
    /// where `Lʲ = Σₗ Gₗⱼ ∂ₗ`.
    fn diffusion_derivative_apply_into(
        &self,
        t: f64,
        x: &[f64],
        u: &[f64],
        v: &[f64],
        out: &mut [f64],
    );

    /// Writes `T = Σⱼ (LʲGʲ)(t, x)` into `out` (length `d`).
    fn diffusion_derivative_trace_into(&self, t: f64, x: &[f64], out: &mut [f64]);
}
