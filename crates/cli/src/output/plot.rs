//! PNG and SVG figures with plotters (pure Rust: the font is embedded, no
//! system libraries are needed).

use std::path::Path;
use std::sync::Once;

use anyhow::{Result, anyhow};

use crate::output::atomic::OutDir;
use plotters::coord::Shift;
use plotters::prelude::*;
use sgdpde_experiments::{Figure, SeriesStyle};

/// Ten distinguishable series colours (Tableau 10); the 11th series onward
/// repeats a colour and is told apart by its line style (see [`look`]).
const PALETTE: [RGBColor; 10] = [
    RGBColor(31, 119, 180),
    RGBColor(214, 39, 40),
    RGBColor(44, 160, 44),
    RGBColor(148, 103, 189),
    RGBColor(255, 127, 14),
    RGBColor(23, 190, 207),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
];

/// Colour and drawing style of the `k`-th series: colours cycle through the
/// palette, and in every other cycle a line series swaps solid ↔ dashed, so
/// series `k` and `k + 10` never look the same.
fn look(k: usize, style: SeriesStyle) -> (RGBColor, SeriesStyle) {
    let style = match (style, k / PALETTE.len() % 2) {
        (SeriesStyle::Line, 1) => SeriesStyle::Dashed,
        (SeriesStyle::Dashed, 1) => SeriesStyle::Line,
        (style, _) => style,
    };
    (PALETTE[k % PALETTE.len()], style)
}

fn register_font() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // The embedded DejaVu Sans is valid; registration cannot fail for it.
        let _ = plotters::style::register_font(
            "sans-serif",
            FontStyle::Normal,
            dejavu::sans::regular(),
        );
    });
}

/// Data range of a figure's axis, padded; positive-only for log axes.
fn range(values: impl Iterator<Item = f64>, log: bool) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values.filter(|v| v.is_finite() && (!log || *v > 0.0)) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if !lo.is_finite() {
        return if log { (0.1, 10.0) } else { (0.0, 1.0) };
    }
    if log {
        (lo / 1.5, hi * 1.5)
    } else {
        let pad = if hi > lo {
            0.05 * (hi - lo)
        } else {
            0.5 * lo.abs().max(1.0)
        };
        (lo - pad, hi + pad)
    }
}

fn draw<DB: DrawingBackend>(root: DrawingArea<DB, Shift>, fig: &Figure) -> Result<()>
where
    DB::ErrorType: 'static,
{
    root.fill(&WHITE).map_err(|e| anyhow!("{e}"))?;
    let xs = fig.series.iter().flat_map(|s| s.x.iter().copied());
    let ys = fig.series.iter().flat_map(|s| {
        s.y.iter()
            .zip(s.err.iter().chain(std::iter::repeat(&0.0)))
            .flat_map(|(y, e)| [y - e, y + e])
    });
    let (x0, x1) = range(xs, fig.log_x);
    let (y0, y1) = range(ys, fig.log_y);
    let mut b = ChartBuilder::on(&root);
    b.caption(&fig.title, ("sans-serif", 22))
        .margin(12)
        .x_label_area_size(45)
        .y_label_area_size(70);
    macro_rules! body {
        ($chart:expr) => {{
            let mut chart = $chart;
            chart
                .configure_mesh()
                .x_desc(fig.x_label.as_str())
                .y_desc(fig.y_label.as_str())
                .label_style(("sans-serif", 14))
                .draw()
                .map_err(|e| anyhow!("{e}"))?;
            for (k, s) in fig.series.iter().enumerate() {
                let (color, style) = look(k, s.style);
                let pts: Vec<(f64, f64)> =
                    s.x.iter()
                        .zip(&s.y)
                        .map(|(a, b)| (*a, *b))
                        .filter(|(a, b)| {
                            a.is_finite()
                                && b.is_finite()
                                && (!fig.log_x || *a > 0.0)
                                && (!fig.log_y || *b > 0.0)
                        })
                        .collect();
                let legend = move |(x, y): (i32, i32)| {
                    PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2))
                };
                match style {
                    SeriesStyle::Line => chart
                        .draw_series(LineSeries::new(pts, color.stroke_width(2)))
                        .map_err(|e| anyhow!("{e}"))?
                        .label(s.label.as_str())
                        .legend(legend),
                    SeriesStyle::Dashed => chart
                        .draw_series(DashedLineSeries::new(pts, 6, 4, color.stroke_width(2)))
                        .map_err(|e| anyhow!("{e}"))?
                        .label(s.label.as_str())
                        .legend(legend),
                    SeriesStyle::Points => {
                        for (i, (x, y)) in s.x.iter().zip(&s.y).enumerate() {
                            if let Some(e) = s.err.get(i).filter(|e| e.is_finite() && **e > 0.0) {
                                let (lo, hi) = (y - e, y + e);
                                if !fig.log_y || lo > 0.0 {
                                    chart
                                        .draw_series(std::iter::once(PathElement::new(
                                            vec![(*x, lo), (*x, hi)],
                                            color,
                                        )))
                                        .map_err(|e| anyhow!("{e}"))?;
                                }
                            }
                        }
                        chart
                            .draw_series(pts.into_iter().map(|p| Circle::new(p, 4, color.filled())))
                            .map_err(|e| anyhow!("{e}"))?
                            .label(s.label.as_str())
                            .legend(legend)
                    }
                };
            }
            chart
                .configure_series_labels()
                .background_style(WHITE.mix(0.85))
                .border_style(BLACK)
                .label_font(("sans-serif", 14))
                .draw()
                .map_err(|e| anyhow!("{e}"))?;
        }};
    }
    match (fig.log_x, fig.log_y) {
        (false, false) => body!(
            b.build_cartesian_2d(x0..x1, y0..y1)
                .map_err(|e| anyhow!("{e}"))?
        ),
        (true, false) => body!(
            b.build_cartesian_2d((x0..x1).log_scale(), y0..y1)
                .map_err(|e| anyhow!("{e}"))?
        ),
        (false, true) => body!(
            b.build_cartesian_2d(x0..x1, (y0..y1).log_scale())
                .map_err(|e| anyhow!("{e}"))?
        ),
        (true, true) => body!(
            b.build_cartesian_2d((x0..x1).log_scale(), (y0..y1).log_scale())
                .map_err(|e| anyhow!("{e}"))?
        ),
    }
    root.present().map_err(|e| anyhow!("{e}"))?;
    Ok(())
}

/// Renders `fig` as `root/<stem>.png` and `root/<stem>.svg` (800 × 560),
/// each drawn to a temporary sibling, synced and renamed into place
/// (atomic, and refused over an existing file without `--force`).
///
/// # Errors
/// A drawing failure or an I/O error, or see [`OutDir::claim`].
pub fn render(fig: &Figure, out: &OutDir, stem: &str) -> Result<()> {
    register_font();
    let png = out.claim(&format!("{stem}.png"))?;
    let svg = out.claim(&format!("{stem}.svg"))?;
    // The bitmap backend picks the format from the extension: keep it last.
    let tmp = |p: &Path, ext: &str| {
        let stem = p
            .file_stem()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        p.with_file_name(format!(".{stem}.tmp-{}.{ext}", std::process::id()))
    };
    let (png_tmp, svg_tmp) = (tmp(&png, "png"), tmp(&svg, "svg"));
    if let Some(dir) = png.parent() {
        std::fs::create_dir_all(dir)?;
    }
    draw(
        BitMapBackend::new(&png_tmp, (800, 560)).into_drawing_area(),
        fig,
    )?;
    draw(
        SVGBackend::new(&svg_tmp, (800, 560)).into_drawing_area(),
        fig,
    )?;
    for (t, p) in [(&png_tmp, &png), (&svg_tmp, &svg)] {
        std::fs::File::open(t)?.sync_all()?;
        std::fs::rename(t, p)?;
    }
    Ok(())
}

/// The data behind a figure as an `n × 4` array, one row per point:
/// `series index, x, y, err` (`err` NaN where the series has no error bars);
/// the series labels are in the CSV and JSON beside it.
pub fn array(fig: &Figure) -> (Vec<usize>, Vec<f64>) {
    let mut data = Vec::new();
    for (k, se) in fig.series.iter().enumerate() {
        for (i, (x, y)) in se.x.iter().zip(&se.y).enumerate() {
            data.extend([k as f64, *x, *y, se.err.get(i).copied().unwrap_or(f64::NAN)]);
        }
    }
    (vec![data.len() / 4, 4], data)
}

/// The data behind a figure as CSV: `series,x,y,err`.
pub fn csv(fig: &Figure) -> String {
    let mut s = String::from("series,x,y,err\n");
    for se in &fig.series {
        for (i, (x, y)) in se.x.iter().zip(&se.y).enumerate() {
            let e = se.err.get(i).map_or(String::new(), |e| format!("{e:e}"));
            s.push_str(&format!(
                "\"{}\",{x:e},{y:e},{e}\n",
                se.label.replace('"', "'")
            ));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twenty_line_series_look_different() {
        let looks: Vec<_> = (0..20).map(|k| look(k, SeriesStyle::Line)).collect();
        for a in 0..20 {
            for b in 0..a {
                assert!(looks[a] != looks[b], "series {a} and {b} look the same");
            }
        }
        assert_eq!(look(3, SeriesStyle::Points).1, SeriesStyle::Points);
        assert_eq!(look(13, SeriesStyle::Points).1, SeriesStyle::Points);
        assert_eq!(look(12, SeriesStyle::Dashed).1, SeriesStyle::Line);
    }
}
