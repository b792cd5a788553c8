//! `<landscape>` or `--problem file.toml`: the argument group every command
//! that takes a landscape shares. Its resolution lives in the run layer
//! ([`sgdpde_run::source`]).

use std::path::PathBuf;

pub use sgdpde_run::source::{Resolved, Target};

/// The landscape (or problem) a command works on: exactly one of a catalogue
/// name and `--problem FILE` (a clap argument group).
#[derive(Debug, Clone, clap::Args, serde::Serialize)]
#[group(id = "source", required = true, multiple = false)]
pub struct Source {
    /// Catalogue name (see `sgdpde landscapes`).
    pub landscape: Option<String>,
    /// A problem file (TOML; see `examples/problems/`) instead of a catalogue
    /// name; `--param` then overrides the file's parameters.
    #[arg(long, value_name = "FILE")]
    pub problem: Option<PathBuf>,
}

impl From<&Source> for sgdpde_run::source::Source {
    fn from(s: &Source) -> Self {
        Self {
            landscape: s.landscape.clone(),
            problem: s.problem.clone(),
        }
    }
}

impl Source {
    /// The run layer's source.
    pub fn config(&self) -> sgdpde_run::source::Source {
        self.into()
    }

    /// The name reports use ([`sgdpde_run::source::Source::name`]).
    pub fn name(&self) -> String {
        self.config().name()
    }

    /// Resolves to a landscape ([`sgdpde_run::source::Source::landscape`]).
    pub fn landscape(
        &self,
        overrides: &[(String, f64)],
        command: &str,
    ) -> anyhow::Result<Resolved> {
        self.config().landscape(overrides, command)
    }
}
