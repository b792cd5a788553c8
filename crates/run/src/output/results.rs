//! `--out DIR` / `--force` for the one-shot commands (`fokker-planck`,
//! `sgd`): the summary (the `--json` object), arrays as `.npy`, and last a
//! `manifest.json` with the version, the seed and every parameter.

use std::path::PathBuf;

use anyhow::Result;
use serde::Serialize;
use serde_json::{Value, json};

use crate::output::atomic::OutDir;

/// Where the results go (`--out`) and whether existing ones are replaced
/// (`--force`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutOptions {
    /// Write summary.json, arrays (.npy) and manifest.json into this directory.
    pub out: Option<PathBuf>,
    /// Overwrite existing results in `out`; `exit-time` and `sgd` also
    /// run beyond the one-day work budget.
    pub force: bool,
}

/// One array to write: file name, shape (row-major), values.
#[derive(Debug, Clone, Copy)]
pub struct Array<'a> {
    /// File name (`density.npy`).
    pub name: &'a str,
    /// Shape; the product must be `data.len()`.
    pub shape: &'a [usize],
    /// Values, row-major.
    pub data: &'a [f64],
}

/// Writes `summary.json`, the `arrays` and `manifest.json` (with `config`,
/// every parameter of the command) if `--out` was given.
///
/// # Errors
/// An I/O error, a shape mismatch, or an existing file without `--force`.
pub fn write(
    args: &OutOptions,
    command: &str,
    config: &impl Serialize,
    summary: &Value,
    arrays: &[Array<'_>],
) -> Result<()> {
    write_with(args, command, config, summary, arrays, |_| Ok(Vec::new()))
}

/// [`write()`], and before the manifest the files `extra` writes into the
/// directory (it returns their names, which the manifest lists).
///
/// # Errors
/// As [`write()`], or an error of `extra`.
pub fn write_with(
    args: &OutOptions,
    command: &str,
    config: &impl Serialize,
    summary: &Value,
    arrays: &[Array<'_>],
    extra: impl FnOnce(&OutDir) -> Result<Vec<String>>,
) -> Result<()> {
    let Some(dir) = &args.out else {
        return Ok(());
    };
    write_in(
        &OutDir::create(dir, args.force)?,
        command,
        config,
        summary,
        arrays,
        extra,
    )
}

/// [`write_with`] into a directory the command opened itself (a run with
/// checkpoints, [`OutDir::start`] or [`OutDir::resume`]).
///
/// # Errors
/// As [`write_with`].
pub fn write_in(
    out: &OutDir,
    command: &str,
    config: &impl Serialize,
    summary: &Value,
    arrays: &[Array<'_>],
    extra: impl FnOnce(&OutDir) -> Result<Vec<String>>,
) -> Result<()> {
    out.write_json("summary.json", summary)?;
    let mut files = vec!["summary.json".to_owned()];
    for a in arrays {
        out.write_npy(a.name, a.shape, a.data)?;
        files.push(a.name.to_owned());
    }
    files.extend(extra(out)?);
    out.write_json(
        "manifest.json",
        &json!({
            "sgdpde_version": env!("CARGO_PKG_VERSION"),
            "command": command,
            "config": config,
            "files": files,
        }),
    )?;
    Ok(())
}
