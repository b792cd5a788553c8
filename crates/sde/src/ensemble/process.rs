//! What the ensemble and exit-time drivers simulate: any process advanced
//! path by path from its own stream — an SDE with an integrator, or discrete
//! minibatch SGD — so both are measured by identical code (snapshots,
//! reductions, exit events, error reporting).

//!
//! This module is the seam only (the traits and the one-path loop every
//! runner may fall back on); the SDE implements it in
//! `ensemble/sde_process.rs`, discrete SGD in `sgd/process.rs`. It imports
//! neither.

use crate::error::{Result, SdeError};
use crate::stream::StreamFactory;

/// A process the drivers can run (crate-internal seam).
pub(crate) trait PathProcess: Sync {
    /// Buffers and generator of the path being simulated.
    type Runner<'a>: PathRunner
    where
        Self: 'a;

    /// State dimension.
    fn dim(&self) -> usize;

    /// Validates the start point and the run's step `dt`.
    fn check(&self, x0: &[f64], dt: f64) -> Result<()>;

    /// A runner for steps of size `dt`, positioned on path 0.
    fn runner<'a>(&'a self, dt: f64, streams: &StreamFactory) -> Self::Runner<'a>;
}

/// One path's simulator.
pub(crate) trait PathRunner {
    /// Starts path `path` at `x0` on its own stream.
    fn start(&mut self, streams: &StreamFactory, path: u64, x0: &[f64]);
    /// Advances from grid point `k` to `k + 1`; a non-finite state is an error
    /// naming the path, the step and the time.
    fn step(&mut self, k: u64) -> Result<()>;
    /// Advances from grid point `from` to `to`: the same draws and arithmetic
    /// as `step(from)`, …, `step(to − 1)` (runners may keep the state in
    /// registers over the segment).
    #[inline]
    fn advance(&mut self, from: u64, to: u64) -> Result<()> {
        for k in from..to {
            self.step(k)?;
        }
        Ok(())
    }
    /// Steps from grid point `from` on, calling `go_on(k, x)` after each
    /// step with the new grid index `k` and state `x`, until it returns
    /// `Ok(false)`; returns that `k`. The same draws and arithmetic as
    /// `step(from)`, `step(from + 1)`, …; runners may keep the state in
    /// registers meanwhile, and [`PathRunner::x`] holds it afterwards.
    ///
    /// # Errors
    /// A non-finite state (as [`PathRunner::step`]) or `go_on`'s error.
    #[inline]
    fn advance_while<F: FnMut(u64, &[f64]) -> Result<bool>>(
        &mut self,
        from: u64,
        mut go_on: F,
    ) -> Result<u64> {
        let mut k = from;
        loop {
            self.step(k)?;
            k += 1;
            if !go_on(k, self.x())? {
                return Ok(k);
            }
        }
    }
    /// The current state.
    fn x(&self) -> &[f64];
    /// Runs the paths `range` from `x0`, calling `observe(s, path, x)` at
    /// every snapshot grid index `snapshots[s]` — path by path, snapshots in
    /// order, exactly as stepping each path alone would (a runner may
    /// advance several paths together as long as the calls, their order and
    /// their states are those of the one-path-at-a-time loop).
    ///
    /// # Errors
    /// The first failing path of the range (smallest index), as the
    /// one-path-at-a-time loop reports it.
    #[inline]
    fn run_paths(
        &mut self,
        streams: &StreamFactory,
        range: std::ops::Range<u64>,
        x0: &[f64],
        snapshots: &[u64],
        observe: &mut dyn FnMut(usize, u64, &[f64]),
    ) -> Result<()> {
        one_by_one(self, streams, range, x0, snapshots, observe)
    }
    /// The time of grid point `k`.
    fn time(&self, k: u64) -> f64;
}

/// The one-path-at-a-time loop of [`PathRunner::run_paths`]: each path
/// from its start through every snapshot, in index order; the first failure
/// ends the range.
pub(crate) fn one_by_one<R: PathRunner + ?Sized>(
    runner: &mut R,
    streams: &StreamFactory,
    range: std::ops::Range<u64>,
    x0: &[f64],
    snapshots: &[u64],
    observe: &mut dyn FnMut(usize, u64, &[f64]),
) -> Result<()> {
    for path in range {
        runner.start(streams, path, x0);
        let mut k = 0;
        for (s, &target) in snapshots.iter().enumerate() {
            runner.advance(k, target)?;
            k = target;
            observe(s, path, runner.x());
        }
    }
    Ok(())
}

/// Checks a start point: length and finiteness.
pub(crate) fn check_point(x0: &[f64], dim: usize) -> Result<()> {
    if x0.len() != dim {
        return Err(SdeError::DimensionMismatch {
            what: "x0",
            expected: dim,
            found: x0.len(),
        });
    }
    match x0.iter().find(|v| !v.is_finite()) {
        Some(v) => Err(SdeError::InvalidParameter {
            name: "x0",
            value: *v,
            constraint: "finite",
        }),
        None => Ok(()),
    }
}
