//! `<landscape>` or `--problem file.toml`: what every command that takes a
//! landscape works on, and its resolution.
//!
//! A catalogue name resolves through `AnyLandscape::from_catalogue`; a
//! problem file through `sgdpde_problem::load_with` (with `--param`
//! overriding the file's parameters). A landscape problem becomes an
//! `AnyLandscape::Expression`, so every command that visits an
//! `AnyLandscape` runs on it unchanged; an SDE problem is accepted only where
//! it makes sense (`simulate`, `exit-time --method mc`) and refused elsewhere
//! with a one-line error saying so.

use std::path::PathBuf;

use serde_json::{Map, Value, json};
use sgdpde_landscape::{AnyLandscape, resolve_params};
use sgdpde_problem::{Problem, ProblemKind};

/// The landscape (or problem) a command works on: exactly one of a catalogue
/// name and `--problem FILE`.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Source {
    /// Catalogue name (see `sgdpde landscapes`).
    pub landscape: Option<String>,
    /// A problem file (TOML; see `examples/problems/`) instead of a catalogue
    /// name; `--param` then overrides the file's parameters.
    pub problem: Option<PathBuf>,
}

/// A resolved landscape with what reports repeat about it.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// The landscape (catalogue or expression).
    pub landscape: AnyLandscape,
    /// Its name for reports: the catalogue name or the problem file.
    pub name: String,
    /// Its parameters with their values.
    pub params: Map<String, Value>,
    /// The problem file, when it came from one (default `x0`, `t_end`, …).
    pub problem: Option<Problem>,
}

impl Resolved {
    /// The critical-point search box: the file's, the catalogue entry's, or
    /// the default for expression landscapes.
    pub fn search_box(&self) -> Vec<[f64; 2]> {
        self.landscape.search_box()
    }
}

/// What a [`Source`] resolves to.
#[derive(Debug, Clone)]
pub enum Target {
    /// A landscape (catalogue or `[landscape]` file; boxed, the larger
    /// variant).
    Landscape(Box<Resolved>),
    /// An `[sde]` problem file (boxed).
    Sde(Box<Problem>),
}

fn params_json(params: &[(String, f64)]) -> Map<String, Value> {
    params.iter().map(|(n, v)| (n.clone(), json!(v))).collect()
}

impl Source {
    /// The name reports use: the catalogue name or the problem file path.
    pub fn name(&self) -> String {
        match (&self.landscape, &self.problem) {
            (Some(n), _) => n.clone(),
            (None, Some(p)) => p.display().to_string(),
            (None, None) => String::new(),
        }
    }

    /// Resolves the catalogue name or loads the problem file.
    ///
    /// # Errors
    /// Unknown catalogue name or parameter, or any problem-file error (one
    /// line naming the file and field).
    pub fn resolve(&self, overrides: &[(String, f64)]) -> anyhow::Result<Target> {
        if let Some(path) = &self.problem {
            let p = sgdpde_problem::load_with(path, overrides)?;
            return Ok(match &p.kind {
                ProblemKind::Landscape(_) => Target::Landscape(Box::new(Resolved {
                    landscape: p.any_landscape().expect("a landscape problem"),
                    name: path.display().to_string(),
                    params: params_json(&p.parameters),
                    problem: Some(p),
                })),
                _ => Target::Sde(Box::new(p)),
            });
        }
        let Some(name) = &self.landscape else {
            anyhow::bail!("give a catalogue landscape or --problem FILE");
        };
        let landscape = AnyLandscape::from_catalogue(name, overrides)?;
        let entry = landscape.entry();
        let values = resolve_params(entry, overrides)?;
        let params = entry
            .params
            .iter()
            .zip(values)
            .map(|(p, v)| (p.name.to_owned(), json!(v)))
            .collect();
        Ok(Target::Landscape(Box::new(Resolved {
            landscape,
            name: name.clone(),
            params,
            problem: None,
        })))
    }

    /// Resolves to a landscape; an SDE problem file is refused with a
    /// one-line error naming `command`.
    ///
    /// # Errors
    /// As [`Source::resolve`], and for an `[sde]` problem.
    pub fn landscape(
        &self,
        overrides: &[(String, f64)],
        command: &str,
    ) -> anyhow::Result<Resolved> {
        match self.resolve(overrides)? {
            Target::Landscape(r) => Ok(*r),
            Target::Sde(p) => anyhow::bail!(
                "`{command}` needs a landscape, but {} defines an SDE ([sde]); SDE problems run with `simulate` and `exit-time --method mc`",
                p.file
            ),
        }
    }
}

/// The start point: `--x0` when given, else the problem file's `x0`.
///
/// # Errors
/// When neither is given, or the length is not the dimension.
pub fn start_point(
    given: &[f64],
    problem: Option<&Problem>,
    dim: usize,
    name: &str,
) -> anyhow::Result<Vec<f64>> {
    let x0 = if given.is_empty() {
        match problem.and_then(|p| p.x0.clone()) {
            Some(x0) => x0,
            None => anyhow::bail!("give the start point --x0 (`{name}` has no default x0)"),
        }
    } else {
        given.to_vec()
    };
    if x0.len() != dim {
        anyhow::bail!(
            "--x0 has {} coordinates but `{name}` has dimension {dim}",
            x0.len()
        );
    }
    Ok(x0)
}
