//! `sgdpde` — the command line of the sgdpde workspace.
//!
//! Every command validates its input at the boundary and exits non-zero with
//! a one-line message naming the problem.

use clap::{Parser, Subcommand};

mod commands;

/// Verified numerics of stochastic gradient descent seen as a diffusion.
#[derive(Debug, Parser)]
#[command(name = "sgdpde", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// List the landscape catalogue with parameters and defaults.
    Landscapes(commands::landscapes::Args),
}

fn main() {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Landscapes(a) => commands::landscapes::run(&a),
    };
    if let Err(e) = result {
        eprintln!("error: {e:#}");
        std::process::exit(2);
    }
}
