//! [`ConvergenceProblem`]: an SDE with an exact solution and/or exact
//! moments, the input of the convergence runner.

use sgdpde_sde::brownian::BrownianPath;
use sgdpde_sde::{NoiseClass, SdeDerivative};

use sgdpde_experiments::{Result, ensure};

/// The exact solution along a Brownian path: `solve(x0, path, out)` writes
/// `X_T` for the path's `W` on `[0, T]` (called once per Monte Carlo path).
pub type SolveFn<'a> = dyn Fn(&[f64], &BrownianPath, &mut [f64]) -> Result<()> + Send + Sync + 'a;

/// The pathwise reference of strong studies and coupled weak studies.
pub struct ExactSolution<'a> {
    /// `solve(x0, path, out)`: `X_T` on the given path (the path carries
    /// `ΔW` and `ΔZ` on a grid of `2^(finest level + refinement)` steps).
    pub solve: Box<SolveFn<'a>>,
    /// Extra halvings of the fine path beyond the finest studied step:
    /// 0 when `solve` is exact in `W_T` (`X(T, W_T, x₀)`); `r > 0` for a
    /// discretised reference of global error `O(h_f^q)`, so that it stays
    /// `2^{−rq}` below the finest error measured.
    pub refinement: u32,
}

impl std::fmt::Debug for ExactSolution<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExactSolution")
            .field("refinement", &self.refinement)
            .finish_non_exhaustive()
    }
}

impl<'a> ExactSolution<'a> {
    /// A solution exact in the Brownian endpoint, `X_T = f(T, W_T, x₀)`:
    /// `f(t, w, x0, out)`.
    pub fn from_endpoint<F>(t_end: f64, f: F) -> Self
    where
        F: Fn(f64, &[f64], &[f64], &mut [f64]) -> Result<()> + Send + Sync + 'a,
    {
        Self {
            solve: Box::new(move |x0, path, out| f(t_end, &path.endpoint(), x0, out)),
            refinement: 0,
        }
    }
}

/// Exact moments at `T` from `x₀`, per component. The weak study uses the
/// second moments (`φ(x) = |x|²`); the mean is reported when known.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ExactMoments {
    /// `E X_T,i`, if known.
    pub mean: Option<Vec<f64>>,
    /// `E X_T,i²`.
    pub second: Vec<f64>,
}

impl ExactMoments {
    /// `E φ(X_T)` for the weak test function `φ(x) = |x|² = Σ xᵢ²`.
    pub fn second_moment_sum(&self) -> f64 {
        self.second.iter().sum()
    }
}

/// An SDE with the answers a convergence study needs.
///
/// `sde` is generic (monomorphised integration); the exact solution is a
/// boxed closure called once per path, so its dynamic dispatch is not in
/// the per-step loop.
#[derive(Debug)]
pub struct ConvergenceProblem<'a, S> {
    /// Name used in reports (`gbm`, a problem file's name, …).
    pub name: String,
    /// The SDE (its type declares the noise class the methods are checked
    /// against).
    pub sde: S,
    /// Initial state (length `d`).
    pub x0: Vec<f64>,
    /// Horizon `T`.
    pub t_end: f64,
    /// Pathwise solution, if known (strong studies and coupled weak ones).
    pub exact_solution: Option<ExactSolution<'a>>,
    /// Exact moments at `T`, if known (weak studies and the check of the
    /// reference).
    pub exact_moments: Option<ExactMoments>,
}

impl<S: SdeDerivative> ConvergenceProblem<'_, S> {
    /// The noise class `S` declares.
    pub fn noise_class(&self) -> NoiseClass {
        S::NOISE
    }

    /// Checks dimensions and finiteness.
    ///
    /// # Errors
    /// [`sgdpde_experiments::ExperimentError::InvalidConfig`] naming `x0`, `t_end`,
    /// `exact_moments` or `problem` (neither an exact solution nor moments).
    pub fn validate(&self) -> Result<()> {
        let d = self.sde.dim();
        ensure(
            self.x0.len() == d && self.x0.iter().all(|v| v.is_finite()),
            "x0",
            format!("{:?}", self.x0),
            "finite, one coordinate per state dimension",
        )?;
        ensure(
            self.t_end.is_finite() && self.t_end > 0.0,
            "t_end",
            self.t_end,
            "finite and > 0",
        )?;
        if let Some(m) = &self.exact_moments {
            ensure(
                m.mean.as_ref().is_none_or(|v| v.len() == d)
                    && m.second.len() == d
                    && m.mean
                        .iter()
                        .flatten()
                        .chain(&m.second)
                        .all(|v| v.is_finite()),
                "exact_moments",
                format!("{m:?}"),
                "finite, one second moment (and mean, if given) per state dimension",
            )?;
        }
        ensure(
            self.exact_solution.is_some() || self.exact_moments.is_some(),
            "problem",
            &self.name,
            "needs an exact solution or exact moments",
        )
    }
}
