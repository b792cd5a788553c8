//! Rare events: transition probabilities at small noise, where plain Monte
//! Carlo cannot go (adaptive multilevel splitting).

pub mod ams;
mod bridge;
pub mod coordinate;
pub mod transition;

pub use ams::{End, Splitting, SplittingRun};
pub use coordinate::{DomainGauge, GuidedCoordinate, LineCoordinate, ReactionCoordinate};
pub use transition::{TransitionRun, TransitionTime};
