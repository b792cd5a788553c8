//! Rare events: transition probabilities at small noise, where plain Monte
//! Carlo cannot go (adaptive multilevel splitting).

pub mod ams;
pub mod coordinate;

pub use ams::{End, Splitting, SplittingRun};
pub use coordinate::{LineCoordinate, ReactionCoordinate};
