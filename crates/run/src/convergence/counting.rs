//! Evaluation counts for the work–precision table: an SDE wrapper that
//! counts drift and diffusion evaluations (used on one path only, outside
//! the timed/parallel loop).

use std::sync::atomic::{AtomicU64, Ordering};

use sgdpde_sde::{Sde, SdeDerivative};

/// Drift and diffusion evaluations of one integration.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Evaluations {
    /// Calls of `b(t, x)`.
    pub drift: u64,
    /// Calls of `G(t, x)·v` and of the diffusion derivatives Milstein uses.
    pub diffusion: u64,
}

impl Evaluations {
    /// `drift + diffusion`.
    pub fn total(&self) -> u64 {
        self.drift + self.diffusion
    }
}

/// `S` with counters on every evaluation.
pub(crate) struct Counted<'a, S> {
    inner: &'a S,
    drift: AtomicU64,
    diffusion: AtomicU64,
}

impl<'a, S> Counted<'a, S> {
    pub(crate) fn new(inner: &'a S) -> Self {
        Self {
            inner,
            drift: AtomicU64::new(0),
            diffusion: AtomicU64::new(0),
        }
    }

    /// The counts so far, and resets them.
    pub(crate) fn take(&self) -> Evaluations {
        Evaluations {
            drift: self.drift.swap(0, Ordering::Relaxed),
            diffusion: self.diffusion.swap(0, Ordering::Relaxed),
        }
    }
}

impl<S: Sde> Sde for Counted<'_, S> {
    const NOISE: sgdpde_sde::NoiseClass = S::NOISE;

    fn dim(&self) -> usize {
        self.inner.dim()
    }

    fn noise_dim(&self) -> usize {
        self.inner.noise_dim()
    }

    fn drift_into(&self, t: f64, x: &[f64], out: &mut [f64]) {
        self.drift.fetch_add(1, Ordering::Relaxed);
        self.inner.drift_into(t, x, out);
    }

    fn diffusion_apply_into(&self, t: f64, x: &[f64], v: &[f64], out: &mut [f64]) {
        self.diffusion.fetch_add(1, Ordering::Relaxed);
        self.inner.diffusion_apply_into(t, x, v, out);
    }
}

impl<S: SdeDerivative> SdeDerivative for Counted<'_, S> {
    fn diffusion_derivative_apply_into(
        &self,
        t: f64,
        x: &[f64],
        u: &[f64],
        v: &[f64],
        out: &mut [f64],
    ) {
        self.diffusion.fetch_add(1, Ordering::Relaxed);
        self.inner.diffusion_derivative_apply_into(t, x, u, v, out);
    }

    fn diffusion_derivative_trace_into(&self, t: f64, x: &[f64], out: &mut [f64]) {
        self.diffusion.fetch_add(1, Ordering::Relaxed);
        self.inner.diffusion_derivative_trace_into(t, x, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sgdpde_sde::brownian::BrownianPath;
    use sgdpde_sde::problems::OrnsteinUhlenbeck;
    use sgdpde_sde::{EulerMaruyama, Integrator, path_rng};

    /// Euler–Maruyama evaluates the drift and the noise once per step.
    #[test]
    fn euler_maruyama_costs_one_drift_and_one_noise_per_step() {
        let sde = OrnsteinUhlenbeck::new(1.0, 0.0, 1.0).unwrap().model();
        let c = Counted::new(&sde);
        let em = EulerMaruyama::for_sde(&c).unwrap();
        let path = BrownianPath::sample(&mut path_rng(1, 0), 1.0, 16, 1, false).unwrap();
        let mut x = [1.0];
        path.integrate(&c, &em, &mut em.workspace(&c), 0.0, &mut x)
            .unwrap();
        let e = c.take();
        assert_eq!(
            e,
            Evaluations {
                drift: 16,
                diffusion: 16
            }
        );
        assert_eq!(e.total(), 32);
        assert_eq!(c.take(), Evaluations::default());
    }
}
