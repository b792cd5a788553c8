//! Figures in `--out` directories: drawn by `sgdpde_figures`, written here
//! through the one atomic path.

pub use sgdpde_figures::{array, csv};

use anyhow::Result;
use sgdpde_experiments::Figure;

use crate::output::atomic::OutDir;

/// Renders `fig` as `root/<stem>.png` and `root/<stem>.svg` (800 × 560),
/// each written to a temporary sibling, synced and renamed into place
/// (atomic, and refused over an existing file without `--force`).
///
/// # Errors
/// A drawing failure or an I/O error, or see [`OutDir::claim`].
pub fn render(fig: &Figure, out: &OutDir, stem: &str) -> Result<()> {
    let (png, svg) = (format!("{stem}.png"), format!("{stem}.svg"));
    out.claim(&png)?;
    out.claim(&svg)?;
    // Drawn in memory, then written through the one atomic path: a full disk
    // is one error naming the file, and no temporary file survives it.
    let r = sgdpde_figures::render(fig, stem)?;
    out.write(&png, &r.png)?;
    out.write(&svg, r.svg.as_bytes())?;
    Ok(())
}
