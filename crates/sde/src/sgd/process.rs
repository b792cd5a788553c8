//! Discrete minibatch SGD as a process of the ensemble and exit-time
//! drivers: [`Sgd`] implements the drivers' seam (`PathProcess`), and
//! [`Ensemble::run_sgd`] / [`ExitTimes::run_sgd`] are defined here, so the
//! drivers themselves know nothing of SGD.

use rand_chacha::ChaCha8Rng;
use sgdpde_landscape::empirical::EmpiricalRisk;

use crate::ensemble::process::{PathProcess, PathRunner, check_point};
use crate::ensemble::{ChunkStore, NoStore, Reduction};
use crate::error::{Result, SdeError, all_finite};
use crate::exit::{Domain, ExitChunk, ExitSummary};
use crate::sgd::{Sgd, SgdWorkspace};
use crate::stream::StreamFactory;
use crate::{Ensemble, ExitTimes};

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
        if all_finite(&self.x) {
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

impl Ensemble {
    /// Runs discrete minibatch SGD through the same engine: path `i` draws
    /// its batches (and Noisy-SGD normals) from its own stream, iteration `k`
    /// sits at time `t_k = k τ₀`, and the same reductions observe it at the
    /// same snapshot times — so SGD and its SDE are measured by identical
    /// code.
    ///
    /// # Errors
    /// As [`Ensemble::run`]; in addition `dt` must equal the schedule's
    /// initial learning rate τ₀ ([`SdeError::InvalidParameter`]).
    ///
    /// # Examples
    /// ```
    /// use sgdpde_landscape::empirical::{Dataset, LeastSquares};
    /// use sgdpde_sde::sgd::{BatchSampling, LearningRate, Sgd};
    /// use sgdpde_sde::{Ensemble, Moments};
    /// let data = Dataset::new("line", vec![1.0, 2.0, 3.0], 1, vec![1.0, 2.0, 3.0])?;
    /// let ls = LeastSquares::new(data);
    /// let sgd = Sgd::new(&ls, 1, BatchSampling::WithReplacement, LearningRate::constant(0.1)?)?;
    /// let acc = Ensemble::new(100, 0.1, 10.0, 7)?.run_sgd(&sgd, &[0.0], &Moments::new(1))?;
    /// assert!((acc[0].mean()[0] - 1.0).abs() < 1e-3); // the interpolating minimiser x = 1
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn run_sgd<E, R>(&self, sgd: &Sgd<E>, x0: &[f64], reduction: &R) -> Result<R::Acc>
    where
        E: EmpiricalRisk,
        R: Reduction,
    {
        self.run_process(sgd, x0, reduction, &NoStore)
    }

    /// [`Ensemble::run_sgd`] with checkpoints and progress through `store`,
    /// as [`Ensemble::run_stored`] (bitwise the same result).
    ///
    /// # Errors
    /// As [`Ensemble::run_sgd`] and [`Ensemble::run_stored`].
    pub fn run_sgd_stored<E, R>(
        &self,
        sgd: &Sgd<E>,
        x0: &[f64],
        reduction: &R,
        store: &dyn ChunkStore<R::Acc>,
    ) -> Result<R::Acc>
    where
        E: EmpiricalRisk,
        R: Reduction,
    {
        self.run_process(sgd, x0, reduction, store)
    }
}

impl ExitTimes {
    /// Exit times of discrete minibatch SGD, iteration `k` at time `k τ₀`
    /// (`dt` must equal τ₀). SGD is a discrete chain, so monitoring every
    /// iterate is exact: there is no crossing between iterates to correct.
    ///
    /// # Errors
    /// As [`ExitTimes::run`]; [`SdeError::InvalidParameter`] if `dt ≠ τ₀`.
    pub fn run_sgd<E, D>(&self, sgd: &Sgd<E>, x0: &[f64], domain: &D) -> Result<ExitSummary>
    where
        E: EmpiricalRisk,
        D: Domain,
    {
        self.run_process(sgd, x0, domain, &NoStore)
    }

    /// [`ExitTimes::run_sgd`] with checkpoints and progress through `store`,
    /// as [`ExitTimes::run_stored`] (bitwise the same result).
    ///
    /// # Errors
    /// As [`ExitTimes::run_sgd`] and [`ExitTimes::run_stored`].
    pub fn run_sgd_stored<E, D>(
        &self,
        sgd: &Sgd<E>,
        x0: &[f64],
        domain: &D,
        store: &dyn ChunkStore<ExitChunk>,
    ) -> Result<ExitSummary>
    where
        E: EmpiricalRisk,
        D: Domain,
    {
        self.run_process(sgd, x0, domain, store)
    }
}
