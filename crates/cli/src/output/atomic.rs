//! Files written atomically: a temporary file in the same directory, flushed
//! and synced, then renamed over the target — a reader (or a killed run)
//! never sees a half-written result.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// Where a run writes, and whether it may replace existing results.
#[derive(Debug, Clone)]
pub struct OutDir {
    root: PathBuf,
}

impl OutDir {
    /// Creates (if needed) the directory `root`. Without `force`, a directory
    /// that already holds a `manifest.json` is refused so that results are not
    /// overwritten by accident.
    pub fn create(root: &Path, force: bool) -> Result<Self> {
        if root.join("manifest.json").exists() && !force {
            bail!(
                "{} already holds results (manifest.json); pass --force to overwrite",
                root.display()
            );
        }
        fs::create_dir_all(root).with_context(|| format!("cannot create {}", root.display()))?;
        Ok(Self {
            root: root.to_owned(),
        })
    }

    /// The directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Writes `bytes` to `root/name` atomically.
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<PathBuf> {
        let path = self.root.join(name);
        write_atomic(&path, bytes)?;
        Ok(path)
    }
}

/// Writes `bytes` to `path` through a temporary sibling and a rename.
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
}
