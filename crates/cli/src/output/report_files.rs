//! Everything one experiment report writes into an output directory: its
//! figures (PNG, SVG, the data as CSV and as `.npy`), its tables (CSV and
//! `.npy`) and the report itself (JSON) — each file atomically.
//!
//! | file | content |
//! |---|---|
//! | `figures/<exp>-<fig>.png`, `.svg` | the figure |
//! | `figures/<exp>-<fig>.csv` | `series,x,y,err` |
//! | `figures/<exp>-<fig>.npy` | `n × 4`: series index, x, y, err (NaN if none) |
//! | `data/<exp>-<table>.csv` | the table with its column names |
//! | `data/<exp>-<table>.npy` | `rows × columns` |
//! | `data/<exp>.json` | the whole report |

use anyhow::Result;
use sgdpde_experiments::Report;

use crate::output::atomic::OutDir;
use crate::output::plot;

/// What [`write()`] produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// Per figure, the relative stem (`figures/<experiment>-<figure>`) the
    /// Markdown links to.
    pub stems: Vec<String>,
    /// Every file written, relative to the output directory.
    pub files: Vec<String>,
}

/// Writes the files of `report` under `out`.
///
/// # Errors
/// An I/O or drawing failure, or an existing file without `--force`.
pub fn write(out: &OutDir, report: &Report) -> Result<Written> {
    let mut stems = Vec::with_capacity(report.figures.len());
    let mut files = Vec::new();
    for fig in &report.figures {
        let stem = format!("figures/{}-{}", report.id, fig.id);
        plot::render(fig, out, &stem)?;
        out.write(&format!("{stem}.csv"), plot::csv(fig).as_bytes())?;
        let (shape, data) = plot::array(fig);
        out.write_npy(&format!("{stem}.npy"), &shape, &data)?;
        files.extend(["png", "svg", "csv", "npy"].map(|e| format!("{stem}.{e}")));
        stems.push(stem);
    }
    for t in &report.tables {
        let mut csv = t.columns.join(",");
        csv.push('\n');
        for r in &t.rows {
            csv.push_str(
                &r.iter()
                    .map(|v| format!("{v:e}"))
                    .collect::<Vec<_>>()
                    .join(","),
            );
            csv.push('\n');
        }
        if let Some((k, r)) = t
            .rows
            .iter()
            .enumerate()
            .find(|(_, r)| r.len() != t.columns.len())
        {
            anyhow::bail!(
                "table {}/{}: row {k} has {} values for {} columns",
                report.id,
                t.id,
                r.len(),
                t.columns.len()
            );
        }
        let stem = format!("data/{}-{}", report.id, t.id);
        out.write(&format!("{stem}.csv"), csv.as_bytes())?;
        let data: Vec<f64> = t.rows.iter().flatten().copied().collect();
        out.write_npy(
            &format!("{stem}.npy"),
            &[t.rows.len(), t.columns.len()],
            &data,
        )?;
        files.extend(["csv", "npy"].map(|e| format!("{stem}.{e}")));
    }
    let json = format!("data/{}.json", report.id);
    out.write(&json, serde_json::to_string_pretty(report)?.as_bytes())?;
    files.push(json);
    Ok(Written { stems, files })
}
