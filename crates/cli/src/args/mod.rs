//! Argument groups shared by several commands (parsing only; what they
//! resolve to is computed in the run layer).

pub mod checkpoint;
pub mod model;
pub mod out;
