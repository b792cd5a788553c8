//! SDE models, integrators with verified orders, reproducible parallel
//! ensembles and exit times for sgdpde.
//!
//! Every SDE is Itô, `dX = b(t, X) dt + G(t, X) dW` (shared/math.md §1).
//! An [`Integrator`] advances one step given the Brownian [`Increment`]; a
//! driver owns the loop, exit detection, observers and reductions.

pub mod brownian;
mod ensemble;
mod error;
mod exit;
mod increments;
mod integrators;
pub mod limits;
mod method;
mod model;
mod models;
mod noise;
pub mod problems;
pub mod rare;
pub mod sgd;
mod stream;
mod temperature;

pub use brownian::BrownianPath;
pub use ensemble::{
    ChunkStore, Coordinate, DEFAULT_CHUNK, Ensemble, Histogram, HistogramCounts, MemoryStore,
    MomentAcc, Moments, NoStore, Projection, Reduction, SamplePaths, SetCounts, SetMass,
    StoreError, TerminalStates,
};
pub use error::{Result, SdeError};
pub use exit::{
    Ball, BoxDomain, Domain, ExitChunk, ExitSummary, ExitTimes, FlatBoundary, FlatDomain,
    HalfSpace, Interval, MeanWithError, Outcome, Predicate, Sublevel, bridge_crossing_probability,
};
pub use integrators::Scratch;
pub use integrators::euler_maruyama::EulerMaruyama;
pub use integrators::exact_linear::{ExactLinear, ExactLinearWorkspace};
pub use integrators::kind::{IntegratorKind, IntegratorVisitor};
pub use integrators::kloeden_platen_15::{KloedenPlaten15, Kp15Workspace};
pub use integrators::leimkuhler_matthews::{LeimkuhlerMatthews, LmWorkspace};
pub use integrators::milstein::Milstein;
pub use integrators::tamed_euler::TamedEuler;
pub use limits::{LimitError, MAX_STEPS};
pub use method::{Increment, Integrator, MethodInfo};
pub use model::{Sde, SdeDerivative, admits_dim};
pub use models::constant::{DiagonalNoise, FactorNoise};
pub use models::diffusion::{ConstantDiffusion, Diffusion, DiffusionDerivative};
pub use models::drift::{Drift, FnDrift, GradientDrift, LinearDrift};
pub use models::expression::{
    AnyExprSde, ExprAdditive, ExprDiagonal, ExprGeneral, ExprNoise, ExprScalar, ExprSde,
    ExprSdeVisitor, TIME_VARIABLE,
};
pub use models::expression_exact::{ExprExactMoments, ExprExactSolution, initial_value_name};
pub use models::isotropic::IsotropicNoise;
pub use models::noisy_sgd::NoisySgdNoise;
pub use models::sde_model::{Langevin, SdeModel};
pub use models::state_dependent::{
    CommutativeFnNoise, DiagonalFnNoise, FactorFnNoise, ScalarFnNoise,
};
pub use noise::{NoiseClass, NoiseRequirement};
pub use rare::{
    DomainGauge, End, GuidedCoordinate, LineCoordinate, ReactionCoordinate, Splitting,
    SplittingRun, TransitionRun, TransitionTime,
};
pub use stream::{AUX_WORD_OFFSET, SiteRng, aux_rng, path_rng};
pub use temperature::{Temperature, TemperatureConvention};
