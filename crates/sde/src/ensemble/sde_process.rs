//! The SDE side of the drivers' seam: an SDE with its integrator is a
//! [`PathProcess`] whose runner is the [`PathStepper`].

use crate::ensemble::process::{PathProcess, PathRunner, check_point, one_by_one};
use crate::ensemble::stepper::PathStepper;
use crate::error::Result;
use crate::method::Integrator;
use crate::model::{Sde, admits_dim};
use crate::stream::StreamFactory;

/// An SDE together with the integrator that advances it.
#[derive(Debug)]
pub(crate) struct SdeProcess<'a, S, I> {
    pub(crate) sde: &'a S,
    pub(crate) integrator: &'a I,
}

impl<S: Sde, I: Integrator<S>> PathProcess for SdeProcess<'_, S, I> {
    type Runner<'b>
        = PathStepper<'b, S, I>
    where
        Self: 'b;

    fn dim(&self) -> usize {
        self.sde.dim()
    }

    fn check(&self, x0: &[f64], _dt: f64) -> Result<()> {
        check_point(x0, self.sde.dim())?;
        self.integrator.info().check_noise(S::NOISE)
    }

    fn runner<'b>(&'b self, dt: f64, streams: &StreamFactory) -> Self::Runner<'b> {
        PathStepper::new(self.sde, self.integrator, dt, streams)
    }
}

impl<S: Sde, I: Integrator<S>> PathRunner for PathStepper<'_, S, I> {
    #[inline]
    fn start(&mut self, streams: &StreamFactory, path: u64, x0: &[f64]) {
        PathStepper::start(self, streams, path, x0)
    }
    #[inline]
    fn step(&mut self, k: u64) -> Result<()> {
        PathStepper::step(self, k)
    }
    #[inline]
    fn advance(&mut self, from: u64, to: u64) -> Result<()> {
        PathStepper::advance(self, from, to)
    }
    #[inline]
    fn advance_while<F: FnMut(u64, &[f64]) -> Result<bool>>(
        &mut self,
        from: u64,
        go_on: F,
    ) -> Result<u64> {
        PathStepper::advance_while(self, from, go_on)
    }
    #[inline]
    fn x(&self) -> &[f64] {
        PathStepper::x(self)
    }
    #[inline]
    fn run_paths(
        &mut self,
        streams: &StreamFactory,
        range: std::ops::Range<u64>,
        x0: &[f64],
        snapshots: &[u64],
        observe: &mut dyn FnMut(usize, u64, &[f64]),
    ) -> Result<()> {
        // Lanes for small states (`PathStepper::run_lanes`), otherwise one
        // path at a time.
        // Only the dimension the model type admits is compiled
        // (`admits_dim`); any other run-time shape takes the one-path loop.
        macro_rules! lanes {
            ($n:literal) => {
                if const { admits_dim::<S>($n) } {
                    self.run_lanes::<$n>(streams, range, x0, snapshots, observe)
                } else {
                    one_by_one(self, streams, range, x0, snapshots, observe)
                }
            };
        }
        match (self.x().len(), self.noise_dim()) {
            (1, 1) => lanes!(1),
            (2, 2) => lanes!(2),
            (3, 3) => lanes!(3),
            _ => one_by_one(self, streams, range, x0, snapshots, observe),
        }
    }
    #[inline]
    fn time(&self, k: u64) -> f64 {
        PathStepper::time(self, k)
    }
}
