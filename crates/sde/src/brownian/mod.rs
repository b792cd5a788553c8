//! Brownian paths: increments (with the iterated integral `ΔZ`), exact
//! coarsening on nested grids, and Brownian-bridge sampling.
//!
//! Every draw takes the generator explicitly (`&mut R: rand::Rng`).

mod bridge;
mod increment;
mod path;

pub use bridge::bridge_sample;
pub use increment::sample_increment;
pub use path::BrownianPath;
