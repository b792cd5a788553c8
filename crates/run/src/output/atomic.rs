//! Files written atomically: a temporary file in the same directory, flushed
//! and synced, then renamed over the target — a reader (or a killed run)
//! never sees a half-written result.

use std::collections::HashSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context, Result, bail};

use crate::output::npy;

/// Whether a run may replace files that were there before it started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Refuse: an existing file is an error naming it (the default).
    Keep,
    /// Replace (`--force`, or `--resume`, which rewrites what it rebuilds).
    Replace,
}

/// Where a run writes, and whether it may replace existing results.
///
/// Every file goes through [`write_atomic`]; a file that existed before the
/// run is replaced only under [`Existing::Replace`] — files this run wrote
/// itself may be rewritten (progress files, `timings.json`).
#[derive(Debug)]
pub struct OutDir {
    root: PathBuf,
    existing: Existing,
    written: Mutex<HashSet<PathBuf>>,
}

impl OutDir {
    /// Creates (if needed) the directory `root`. Without `force`, a directory
    /// that already holds a `manifest.json` is refused up front, and any
    /// other existing file when it would be written.
    ///
    /// # Errors
    /// A complete earlier run in `root` without `force`, or a directory that
    /// cannot be created.
    pub fn create(root: &Path, force: bool) -> Result<Self> {
        if root.join("manifest.json").exists() && !force {
            bail!(
                "{} already holds results (manifest.json); pass --force to overwrite",
                root.display()
            );
        }
        let existing = if force {
            Existing::Replace
        } else {
            Existing::Keep
        };
        Self::open(root, existing)
    }

    /// [`Self::create`] for a run that `--resume` can continue: records the
    /// run's identity in `run.json` first, so a later `--resume` can tell
    /// whether the directory holds this run ([`Self::resume`]).
    ///
    /// # Errors
    /// See [`Self::create`] and [`Self::write`].
    pub fn start(root: &Path, force: bool, id: &RunId) -> Result<Self> {
        let out = Self::create(root, force)?;
        out.write_json(RUN_FILE, id)?;
        Ok(out)
    }

    /// Opens `root` to continue an interrupted run (`--resume`) of the run
    /// `id`: existing files may be replaced, and temporary files a killed
    /// run left behind (`.NAME.tmp-PID…`) are removed.
    ///
    /// Only the same run is continued: a directory whose `run.json` (or,
    /// for results of other commands, `manifest.json`) names another
    /// command or another configuration fingerprint, or that holds files of
    /// no recognisable run, is refused before anything is written.
    ///
    /// # Errors
    /// Another run in `root` (the message names both), or a directory that
    /// cannot be created or listed.
    pub fn resume(root: &Path, id: &RunId) -> Result<Self> {
        check_same_run(root, id)?;
        let out = Self::open(root, Existing::Replace)?;
        remove_temporaries(root)?;
        out.write_json(RUN_FILE, id)?;
        Ok(out)
    }

    fn open(root: &Path, existing: Existing) -> Result<Self> {
        fs::create_dir_all(root).with_context(|| format!("cannot create {}", root.display()))?;
        Ok(Self {
            root: root.to_owned(),
            existing,
            written: Mutex::new(HashSet::new()),
        })
    }

    /// The directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The path of `root/name`, after checking that this run may write it.
    ///
    /// # Errors
    /// The file existed before this run and replacing is not allowed: a
    /// one-line message naming it.
    pub fn claim(&self, name: &str) -> Result<PathBuf> {
        let path = self.root.join(name);
        let mut written = self
            .written
            .lock()
            .map_err(|_| anyhow::anyhow!("output bookkeeping poisoned"))?;
        if self.existing == Existing::Keep && !written.contains(&path) && path.exists() {
            bail!(
                "{} already exists; pass --force to overwrite it",
                path.display()
            );
        }
        written.insert(path.clone());
        Ok(path)
    }

    /// Writes `bytes` to `root/name` atomically.
    ///
    /// # Errors
    /// See [`Self::claim`] and [`write_atomic`].
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<PathBuf> {
        let path = self.claim(name)?;
        write_atomic(&path, bytes)?;
        Ok(path)
    }

    /// Writes `data` of the given `shape` (row-major) as `root/name` in NumPy
    /// `.npy` format ([`crate::output::npy`]).
    ///
    /// # Errors
    /// A shape that does not match `data`, or see [`Self::write`].
    pub fn write_npy(&self, name: &str, shape: &[usize], data: &[f64]) -> Result<PathBuf> {
        self.write(name, &npy::encode(shape, data)?)
    }

    /// Writes `value` as pretty JSON (with a final newline).
    ///
    /// # Errors
    /// See [`Self::write`].
    pub fn write_json(&self, name: &str, value: &impl serde::Serialize) -> Result<PathBuf> {
        let mut s = serde_json::to_string_pretty(value)?;
        s.push('\n');
        self.write(name, s.as_bytes())
    }
}

/// The file that names the run in an output directory ([`RunId`]).
pub const RUN_FILE: &str = "run.json";

/// What a run in an output directory is: the command and the fingerprint of
/// its configuration (`crate::output::hash::fingerprint`). `--resume`
/// continues a run only if both match.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RunId {
    /// The command (`simulate`, `reproduce`).
    pub command: String,
    /// Fingerprint of everything its results depend on.
    pub fingerprint: String,
}

/// The run recorded in `root`: its `run.json`, else the command (and
/// fingerprint, if any) of its `manifest.json`; `Ok(None)` for a directory
/// that does not exist or holds nothing but temporaries.
fn recorded_run(root: &Path) -> Result<Option<(String, Option<String>)>> {
    let read = |name: &str| -> Option<serde_json::Value> {
        let text = fs::read_to_string(root.join(name)).ok()?;
        Some(serde_json::from_str(&text).unwrap_or(serde_json::Value::Null))
    };
    let named = |v: &serde_json::Value| {
        let command = v["command"].as_str().map(str::to_owned).or_else(|| {
            // Manifests that name no command: a reproduction lists its
            // experiments, `run` names its one experiment.
            if v.get("experiments").is_some() {
                Some("reproduce".to_owned())
            } else {
                v.get("experiment").map(|_| "run".to_owned())
            }
        });
        let fingerprint = v["fingerprint"].as_str().map(str::to_owned);
        (
            command.unwrap_or_else(|| "(unknown)".to_owned()),
            fingerprint,
        )
    };
    if let Some(v) = read(RUN_FILE) {
        return Ok(Some(named(&v)));
    }
    if let Some(v) = read("manifest.json") {
        return Ok(Some(named(&v)));
    }
    let Ok(entries) = fs::read_dir(root) else {
        return Ok(None);
    };
    for entry in entries {
        let name = entry?.file_name();
        if !is_temporary(&name.to_string_lossy()) {
            return Ok(Some(("(unknown)".to_owned(), None)));
        }
    }
    Ok(None)
}

/// Refuses to `--resume` into `root` unless it is empty or holds the run `id`.
fn check_same_run(root: &Path, id: &RunId) -> Result<()> {
    let Some((command, fingerprint)) = recorded_run(root)? else {
        return Ok(());
    };
    let dir = root.display();
    if command == "(unknown)" {
        bail!(
            "{dir} holds files of no sgdpde run (no run.json or manifest.json); --resume continues only an interrupted `{}` run and overwrites nothing else: choose another --out, or pass --force without --resume to overwrite",
            id.command
        );
    }
    if command != id.command {
        bail!(
            "{dir} holds the results of `{command}`, not of `{}`; --resume continues only the same command with the same configuration: choose another --out, or pass --force without --resume to overwrite",
            id.command
        );
    }
    if fingerprint.as_deref() != Some(id.fingerprint.as_str()) {
        bail!(
            "{dir} holds a `{command}` run with another configuration (fingerprint {}, this run {}); --resume continues only the same configuration (seed, sizes, parameters, experiments): choose another --out, or pass --force without --resume to overwrite",
            fingerprint.as_deref().unwrap_or("none"),
            id.fingerprint
        );
    }
    Ok(())
}

/// Whether `name` is a temporary file of [`write_atomic`] (`.NAME.tmp-PID`),
/// or of the figure renderer of earlier versions, which drew to
/// `.NAME.tmp-PID.png` (still removed on `--resume`).
pub fn is_temporary(name: &str) -> bool {
    name.starts_with('.') && name.contains(".tmp-")
}

/// Removes the temporary files under `dir` (recursively) that a killed run
/// left behind.
fn remove_temporaries(dir: &Path) -> Result<()> {
    for entry in fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            remove_temporaries(&path)?;
        } else if is_temporary(&entry.file_name().to_string_lossy()) {
            fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
        }
    }
    Ok(())
}

/// Writes `bytes` to `path` through a temporary sibling, `fsync` and a
/// rename: a reader (or a run killed at any instant) sees the old file or the
/// new one, never a part.
///
/// # Errors
/// The directory cannot be created or the file cannot be written or moved.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let name = path
        .file_name()
        .context("output path has no file name")?
        .to_string_lossy();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| -> Result<()> {
        let mut f =
            fs::File::create(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
        f.write_all(bytes)
            .and_then(|()| f.sync_all())
            .with_context(|| format!("cannot write {}", path.display()))?;
        fs::rename(&tmp, path)
            .with_context(|| format!("cannot move result into {}", path.display()))
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_replace_and_refuse_without_force() {
        let dir = std::env::temp_dir().join(format!("sgdpde-atomic-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let out = OutDir::create(&dir, false).unwrap();
        out.write("a.txt", b"one").unwrap();
        out.write("a.txt", b"two").unwrap();
        assert_eq!(fs::read(dir.join("a.txt")).unwrap(), b"two");
        out.write("manifest.json", b"{}").unwrap();
        assert!(OutDir::create(&dir, false).is_err());
        assert!(OutDir::create(&dir, true).is_ok());
        let leftovers = fs::read_dir(&dir).unwrap().filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains(".tmp-")
        });
        assert_eq!(leftovers.count(), 0);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_existing_file_is_named_and_kept_and_resume_cleans_temporaries() {
        let dir = std::env::temp_dir().join(format!("sgdpde-keep-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("sub")).unwrap();
        fs::write(dir.join("old.csv"), b"old").unwrap();
        fs::write(dir.join("sub/.x.npy.tmp-1"), b"half").unwrap();
        let out = OutDir::create(&dir, false).unwrap();
        let e = out.write("old.csv", b"new").unwrap_err().to_string();
        assert!(e.contains("old.csv") && e.contains("--force"), "{e}");
        assert!(!e.contains('\n'));
        assert_eq!(fs::read(dir.join("old.csv")).unwrap(), b"old");
        let forced = OutDir::create(&dir, true).unwrap();
        forced.write("old.csv", b"new").unwrap();
        assert_eq!(fs::read(dir.join("old.csv")).unwrap(), b"new");
        assert!(dir.join("sub/.x.npy.tmp-1").exists());
        let id = RunId {
            command: "simulate".into(),
            fingerprint: "f".into(),
        };
        let e = OutDir::resume(&dir, &id).unwrap_err().to_string();
        assert!(e.contains("no sgdpde run") && e.contains("--force"), "{e}");
        assert!(
            dir.join("sub/.x.npy.tmp-1").exists(),
            "a refusal removes nothing"
        );
        fs::write(dir.join(RUN_FILE), serde_json::to_string(&id).unwrap()).unwrap();
        OutDir::resume(&dir, &id).unwrap();
        assert!(!dir.join("sub/.x.npy.tmp-1").exists());
        assert!(is_temporary(".fig.tmp-12.png") && !is_temporary("fig.png"));
        let n = OutDir::create(&dir, true).unwrap();
        n.write_npy("a.npy", &[2], &[1.0, 2.0]).unwrap();
        assert_eq!(fs::read(dir.join("a.npy")).unwrap().len(), 128 + 16);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn resume_continues_only_the_same_command_and_fingerprint() {
        let dir = std::env::temp_dir().join(format!("sgdpde-runid-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let id = |c: &str, f: &str| RunId {
            command: c.into(),
            fingerprint: f.into(),
        };
        // Nothing there yet: a resume starts the run.
        OutDir::resume(&dir, &id("simulate", "a")).unwrap();
        assert!(dir.join(RUN_FILE).exists());
        fs::write(dir.join("summary.json"), b"kept").unwrap();
        let other_seed = OutDir::resume(&dir, &id("simulate", "b")).unwrap_err();
        assert!(other_seed.to_string().contains("another configuration"));
        let other_command = OutDir::resume(&dir, &id("reproduce", "a")).unwrap_err();
        assert!(
            other_command
                .to_string()
                .contains("`simulate`, not of `reproduce`")
        );
        assert_eq!(fs::read(dir.join("summary.json")).unwrap(), b"kept");
        OutDir::resume(&dir, &id("simulate", "a")).unwrap();
        // A one-shot command's manifest names its command.
        fs::remove_file(dir.join(RUN_FILE)).unwrap();
        fs::write(
            dir.join("manifest.json"),
            br#"{"command": "fokker-planck"}"#,
        )
        .unwrap();
        let e = OutDir::resume(&dir, &id("simulate", "a"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("`fokker-planck`") && !e.contains('\n'), "{e}");
        fs::write(dir.join("manifest.json"), br#"{"experiments": []}"#).unwrap();
        let e = OutDir::resume(&dir, &id("simulate", "a"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("`reproduce`"), "{e}");
        fs::remove_dir_all(&dir).unwrap();
    }
}
