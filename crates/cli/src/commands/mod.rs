//! One module per subcommand.

pub mod critical_points;
pub mod landscapes;
