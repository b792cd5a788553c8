//! Critical points, minimum-energy paths, barriers and basins.
//!
//! One algorithm per file:
//! * [`classify`](crate::critical::classify()) — Morse index from the Hessian eigenvalues;
//! * [`newton_critical_point`] — damped Newton with a line search on `∇L = 0`;
//! * [`minimum_energy_path`] — climbing-image string method between two minima,
//!   polished by Newton into the index-1 saddle and the barrier heights;
//! * [`basin_of`] — which minimum a point flows to under `ẋ = −∇L(x)`;
//! * [`BasinClassifier`] — [`basin_of`]'s answer built once per landscape:
//!   exact intervals in 1-D, certified sublevel balls in 2-D;
//! * [`find_all`] — multi-start Newton over a box: distinct minima and index-1 saddles;
//! * [`connect_saddles`] — which two minima each saddle joins, and its barriers.
//!
//! Derivations and tolerances: `proofs-notes/saddle-search.md`.

mod barriers;
mod basin;
mod basin_classifier;
mod classify;
mod find_all;
mod newton;
mod string_method;

pub use barriers::{Barrier, connect_saddles};
pub use basin::{Basin, BasinOptions, Undecided, basin_of};
pub use basin_classifier::BasinClassifier;
pub use classify::{CLASSIFICATION_TOL, CriticalKind, CriticalPoint, classify, symmetric_eigen};
pub use find_all::{CriticalSet, FindAllOptions, find_all, halton};
pub use newton::{NewtonOptions, newton_critical_point};
pub use string_method::{MinimumEnergyPath, StringOptions, minimum_energy_path};
