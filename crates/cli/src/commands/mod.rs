//! One module per subcommand.

pub mod critical_points;
pub mod fokker_planck;
pub mod landscapes;
