//! Domains, exit events and exit-time statistics.
//!
//! A [`Domain`] (interval / half-line, half-space, box, ball, sublevel set,
//! or any predicate — e.g. the basin of a minimum, classified by
//! `sgdpde_landscape::basin_of` inside a [`Predicate`]; in 1-D a basin is the
//! [`Interval`] between neighbouring saddles) and an [`ExitTimes`] run give one
//! typed [`Outcome`] per path — `Exited { t, point, boundary }` or
//! `Censored { t_max }` — summarised by an [`ExitSummary`] (counts of exits
//! and censored paths, mean exit time with standard error, survival curve).
//! The Brownian-bridge correction ([`ExitTimes::run_bridged`],
//! [`bridge_crossing_probability`]) removes the `O(√dt)` bias of discrete
//! monitoring. Derivations: `proofs-notes/exit-times.md`.

pub(crate) mod bridge;
mod chunks;
mod domain;
mod driver;
mod fast;
mod flat_domain;
mod generic;
mod outcome;
mod sublevel;

pub use bridge::bridge_crossing_probability;
pub use chunks::ExitChunk;
pub use domain::{Ball, BoxDomain, Domain, FlatBoundary, HalfSpace, Interval};
pub use driver::ExitTimes;
pub use flat_domain::FlatDomain;
pub use outcome::{ExitSummary, MeanWithError, Outcome};
pub use sublevel::{Predicate, Sublevel};
