//! What the ensemble and exit-time drivers simulate: any process advanced
//! path by path from its own stream — an SDE with an integrator, or discrete
//! minibatch SGD — so both are measured by identical code (snapshots,
//! reductions, exit events, error reporting).

use rand_chacha::ChaCha8Rng;
use sgdpde_landscape::empirical::EmpiricalRisk;

use crate::ensemble::stepper::PathStepper;
use crate::error::{Result, SdeError};
use crate::method::Integrator;
use crate::model::{Sde, admits_dim};
use crate::sgd::{Sgd, SgdWorkspace};
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

/// Checks a start point: length and finiteness.
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

/// Relative tolerance for `dt == τ₀` (the SGD grid is `t_k = k τ₀`).
const DT_REL_TOL: f64 = 1e-12;

impl<E: EmpiricalRisk> PathProcess for Sgd<E> {
    type Runner<'b>
        = SgdRunner<'b, E>
    where
        Self: 'b;

    fn dim(&self) -> usize {
        Sgd::dim(self)
    }

    fn check(&self, x0: &[f64], dt: f64) -> Result<()> {
        check_point(x0, Sgd::dim(self))?;
        let tau0 = self.schedule().initial();
        if (dt - tau0).abs() > DT_REL_TOL * tau0 {
            return Err(SdeError::InvalidParameter {
                name: "dt (must equal the initial learning rate for SGD, t = k·τ₀)",
                value: dt,
                constraint: "equal to τ₀",
            });
        }
        Ok(())
    }

    fn runner<'b>(&'b self, dt: f64, streams: &StreamFactory) -> Self::Runner<'b> {
        SgdRunner {
            sgd: self,
            ws: self.workspace(),
            x: vec![0.0; Sgd::dim(self)],
            rng: streams.path(0),
            dt,
            path: 0,
        }
    }
}

/// The per-path state of discrete SGD in a driver.
pub(crate) struct SgdRunner<'a, E> {
    sgd: &'a Sgd<E>,
    ws: SgdWorkspace,
    x: Vec<f64>,
    rng: ChaCha8Rng,
    dt: f64,
    path: u64,
}

impl<E: EmpiricalRisk> PathRunner for SgdRunner<'_, E> {
    #[inline]
    fn start(&mut self, streams: &StreamFactory, path: u64, x0: &[f64]) {
        self.rng = streams.path(path);
        self.path = path;
        self.x.copy_from_slice(x0);
        self.sgd.start_path(&mut self.ws);
    }

    #[inline]
    fn step(&mut self, k: u64) -> Result<()> {
        self.sgd.step(&mut self.ws, &mut self.rng, k, &mut self.x);
        if self.x.iter().all(|v| v.is_finite()) {
            Ok(())
        } else {
            Err(SdeError::NonFinite {
                path: self.path,
                step: k + 1,
                t: self.time(k + 1),
            })
        }
    }

    #[inline]
    fn x(&self) -> &[f64] {
        &self.x
    }

    #[inline]
    fn time(&self, k: u64) -> f64 {
        k as f64 * self.dt
    }
}
