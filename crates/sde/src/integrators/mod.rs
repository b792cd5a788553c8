//! One-step integrators and exact samplers, and the closed
//! [`IntegratorKind`](crate::IntegratorKind) users choose from.

pub(crate) mod euler_maruyama;
pub(crate) mod exact_linear;
pub(crate) mod kind;
pub(crate) mod kloeden_platen_15;
pub(crate) mod leimkuhler_matthews;
pub(crate) mod milstein;
pub(crate) mod tamed_euler;

/// Per-path scratch: `K` buffers of length `d`, allocated once by
/// [`crate::Integrator::workspace`] and reused at every step.
#[derive(Debug, Clone)]
pub struct Scratch<const K: usize>(pub(crate) [Vec<f64>; K]);

impl<const K: usize> Scratch<K> {
    /// `K` zero buffers of length `d`.
    pub fn new(d: usize) -> Self {
        Self(std::array::from_fn(|_| vec![0.0; d]))
    }
}
