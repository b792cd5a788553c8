//! `sgdpde` — the command line of the sgdpde workspace.
//!
//! Every command validates its input at the boundary and exits non-zero with
//! a one-line message naming the problem.

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

#[macro_use]
mod stdio;

mod args;
mod commands;
mod output;
mod params;
mod problem_arg;

use sgdpde_run::threads;

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
    /// Minima, index-1 saddles, Hessian eigenvalues and barrier heights of a catalogue landscape.
    CriticalPoints(commands::critical_points::Args),
    /// Ensemble of Langevin paths: terminal mean, variance and basin masses.
    Simulate(commands::simulate::Args),
    /// One experiment of the paper, with its verdicts against theory.
    Run(commands::run::Args),
    /// Every experiment of the paper: report.md, figures, data and a manifest.
    Reproduce(commands::reproduce::Args),
    /// Minibatch SGD on a real data set, optionally beside its SDE (weak error).
    Sgd(commands::sgd::Args),
    /// Mean exit time from a domain (Monte Carlo, optional bridge correction).
    ExitTime(commands::exit_time::Args),
    /// Observed strong and weak orders of integrators on a problem with an exact solution.
    Convergence(commands::convergence::Args),
    /// Evolve the law on a grid (Fokker–Planck), or its stationary state and spectrum.
    FokkerPlanck(commands::fokker_planck::Args),
}

/// The command line, with one rule for every option that takes a value: a
/// negative number is that value (`--dt -0.01` reaches the command's own
/// check, which names it, rather than being read as an unknown flag `-0`).
fn command_line() -> clap::Command {
    fn negatives_are_values(c: clap::Command) -> clap::Command {
        c.mut_args(|a| {
            if a.get_action().takes_values() {
                a.allow_negative_numbers(true)
            } else {
                a
            }
        })
        .mut_subcommands(negatives_are_values)
    }
    negatives_are_values(Cli::command())
}

fn main() {
    let parsed = command_line()
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => e.exit(), // --help, --version
        Err(e) => {
            // One line naming the problem (clap's first paragraph), not the usage block.
            let msg = e.to_string();
            let first: Vec<&str> = msg
                .lines()
                .map(str::trim)
                .take_while(|l| !l.is_empty())
                .collect();
            warn!("{}", first.join(" "));
            std::process::exit(2);
        }
    };
    let result = match cli.command {
        Command::Landscapes(a) => commands::landscapes::run(&a),
        Command::CriticalPoints(a) => commands::critical_points::run(&a),
        Command::Simulate(a) => commands::simulate::run(&a),
        Command::ExitTime(a) => commands::exit_time::run(&a),
        Command::Sgd(a) => commands::sgd::run(&a),
        Command::Run(a) => commands::run::run(&a),
        Command::Reproduce(a) => commands::reproduce::run(&a),
        Command::FokkerPlanck(a) => commands::fokker_planck::run(&a),
        Command::Convergence(a) => commands::convergence::run(&a),
    };
    // What is still buffered must reach the reader, or its failure be told.
    let result = result.and_then(|()| Ok(stdio::flush_stdout()?));
    if let Err(e) = result {
        let closed_pipe = e
            .chain()
            .find_map(|c| c.downcast_ref::<stdio::StdoutError>())
            .is_some_and(stdio::StdoutError::is_closed_pipe);
        if closed_pipe {
            // The reader has all it wanted (`sgdpde landscapes | head -1`).
            std::process::exit(0);
        }
        warn!("error: {e:#}");
        std::process::exit(2);
    }
}
