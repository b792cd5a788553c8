//! Everything one experiment report writes into an output directory: its
//! figures (PNG, SVG and the data as CSV), its tables (CSV) and the report
//! itself (JSON) — each file atomically.

use anyhow::Result;
use sgdpde_experiments::Report;

use crate::output::atomic::OutDir;
use crate::output::plot;

/// Writes the files of `report` under `out` and returns, per figure, the
/// relative stem (`figures/<experiment>-<figure>`) the Markdown links to.
pub fn write(out: &OutDir, report: &Report) -> Result<Vec<String>> {
    std::fs::create_dir_all(out.root().join("figures"))?;
    let mut stems = Vec::with_capacity(report.figures.len());
    for fig in &report.figures {
        let stem = format!("figures/{}-{}", report.id, fig.id);
        plot::render(fig, &out.root().join(&stem))?;
        out.write(&format!("{stem}.csv"), plot::csv(fig).as_bytes())?;
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
        out.write(&format!("data/{}-{}.csv", report.id, t.id), csv.as_bytes())?;
    }
    out.write(
        &format!("data/{}.json", report.id),
        serde_json::to_string_pretty(report)?.as_bytes(),
    )?;
    Ok(stems)
}
