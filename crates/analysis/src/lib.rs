//! Estimators, exact formulas and theory checks for sgdpde.
//!
//! What this crate computes (it never runs a simulation itself):
//!
//! * **Estimators** with standard errors and confidence intervals:
//!   [`MomentAccumulator`] (streaming, mergeable mean/variance),
//!   [`MeanEstimate`], [`quantile`] (order-statistic intervals),
//!   [`ProportionEstimate`] (Wilson intervals), least-squares lines
//!   [`linear_fit`] / [`loglog_fit`] (observed orders of convergence).
//! * **Convergence studies** ([`convergence`]): strong and weak errors of an
//!   integrator at nested step sizes from a per-path sampler, with path
//!   counts driven by the measured variance, run in parallel and bitwise
//!   independent of the thread count; the fitted order with its SE.
//! * **Exit-time statistics**: [`KaplanMeier`] survival curves with
//!   censoring, [`exponential_law_test`] (exact mean interval, KS / Stephens).
//! * **Densities from samples**: [`Histogram`], [`gaussian_kde`].
//! * **Exact 1-D formulas** for `dX = −L′(X) dt + √(a(X)) dW` by spectral
//!   composite Gauss–Legendre quadrature: [`MeanExitTime1d`] (reflecting,
//!   absorbing or natural left end; exit probabilities) and
//!   [`StationaryDensity1d`] (state-dependent diffusion, basin masses).
//! * **Metastability**: [`EyringKramers`] in `d` dimensions and
//!   [`arrhenius_fit`] (`ln T` against `1/ε`: barrier and prefactor with
//!   intervals).
//! * **Functionals and matrix equations**: [`relative_entropy`],
//!   [`chi_squared_divergence`], [`relative_fisher_information`] on grids;
//!   [`kl_gaussian`], [`wasserstein2_gaussian`]; [`solve_continuous_lyapunov`]
//!   and the discrete-SGD [`solve_sgd_lyapunov`].
//! * **Concentration**: [`mass_in_ball`], [`mean_squared_distance`],
//!   [`basin_masses`] and their grid versions.
//! * Special functions for the intervals ([`special`]).
//!
//! Conventions are those of `shared/math.md` §1: noise `√ε dW` means
//! `a = ε`, `D = a/2`, Gibbs density `∝ e^{−2L/ε}`.
//!
//! # Quick start
//! ```
//! use sgdpde_analysis::{linear_fit, MeanEstimate};
//! let fit = linear_fit(&[1.0, 2.0, 3.0, 4.0], &[2.1, 3.9, 6.1, 7.9])?;
//! let ci = fit.slope_ci(0.95)?;
//! assert!(ci.contains(2.0));
//! let m = MeanEstimate::from_samples(&[1.0, 2.0, 3.0])?;
//! assert_eq!(m.mean, 2.0);
//! # Ok::<(), sgdpde_analysis::AnalysisError>(())
//! ```

mod arrhenius;
mod concentration;
pub mod convergence;
mod density_estimate;
mod diffusion_1d;
mod error;
mod euler_chain_1d;
mod exit_time_quadrature;
mod exponential_law;
mod eyring_kramers;
mod gauss_legendre;
mod gaussian;
mod grid_functionals;
mod interval;
mod kaplan_meier;
mod least_squares;
mod linear_fit;
mod lyapunov;
mod mean_estimate;
mod panel_quadrature;
mod quantile;
pub mod special;
mod stationary_density_1d;
mod weighted_line;

pub use arrhenius::{ArrheniusFit, arrhenius_fit, arrhenius_fit_corrected, arrhenius_fit_ln};
pub use concentration::{
    ProportionEstimate, basin_masses, grid_mass_in_ball, grid_mean_squared_distance, mass_in_ball,
    mean_squared_distance,
};
pub use density_estimate::{Histogram, gaussian_kde, silverman_bandwidth};
pub use diffusion_1d::{ConstantDiffusion, Diffusion1d, DiffusionCoefficient};
pub use error::{AnalysisError, Result};
pub use euler_chain_1d::EulerChain1d;
pub use exit_time_quadrature::{LeftEnd, MeanExitTime1d};
pub use exponential_law::{
    ExponentialLawTest, STEPHENS_EXPONENTIAL, exponential_law_test, kolmogorov_q,
};
pub use eyring_kramers::{CRITICAL_GRADIENT_TOL, EyringKramers};
pub use gauss_legendre::GaussLegendre;
pub use gaussian::{SYM_TOL, kl_gaussian, psd_sqrt, wasserstein2_gaussian};
pub use grid_functionals::{chi_squared_divergence, relative_entropy, relative_fisher_information};
pub use interval::ConfidenceInterval;
pub use kaplan_meier::{KaplanMeier, SurvivalStep};
pub use least_squares::{MultiFit, least_squares};
pub use linear_fit::{LinearFit, linear_fit, loglog_fit};
pub use lyapunov::{
    MAX_LYAPUNOV_DIM, lyapunov_residual, sgd_lyapunov_residual, solve_continuous_lyapunov,
    solve_sgd_lyapunov,
};
pub use mean_estimate::{MeanEstimate, MomentAccumulator};
pub use panel_quadrature::QuadratureOptions;
pub use quantile::{QuantileEstimate, quantile};
pub use stationary_density_1d::{End, StationaryDensity1d};
pub use weighted_line::{WeightedLine, weighted_line};
