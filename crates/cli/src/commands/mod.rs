//! One module per subcommand.

pub mod landscapes;
