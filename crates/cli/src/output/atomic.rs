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

    /// Opens `root` to continue an interrupted run (`--resume`): existing
    /// files may be replaced, and temporary files a killed run left behind
    /// (`.NAME.tmp-PID…`) are removed.
    ///
    /// # Errors
    /// A directory that cannot be created or listed.
    pub fn resume(root: &Path) -> Result<Self> {
        let out = Self::open(root, Existing::Replace)?;
        remove_temporaries(root)?;
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

/// Whether `name` is a temporary file of [`write_atomic`] or the figure
/// renderer (`.NAME.tmp-PID`, possibly with an extension).
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
        f.write_all(bytes)?;
        f.sync_all()?;
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
        OutDir::resume(&dir).unwrap();
        assert!(!dir.join("sub/.x.npy.tmp-1").exists());
        assert!(is_temporary(".fig.tmp-12.png") && !is_temporary("fig.png"));
        let n = OutDir::create(&dir, true).unwrap();
        n.write_npy("a.npy", &[2], &[1.0, 2.0]).unwrap();
        assert_eq!(fs::read(dir.join("a.npy")).unwrap().len(), 128 + 16);
        fs::remove_dir_all(&dir).unwrap();
    }
}
