//! PNG and SVG figures of sgdpde reports, drawn in memory with plotters
//! (pure Rust: the font is embedded, no system libraries are needed): x–y
//! charts (`chart`) and heatmaps with contour lines (`heatmap`), with the
//! tick rule of `ticks` and the legend rule of `legend`
//! (`proofs-notes/figures.md`). [`render`] returns the bytes; the caller
//! writes them (atomically).

mod axis;
mod chart;
mod contour;
mod heatmap;
mod legend;
mod ticks;

use std::sync::Once;

use anyhow::{Result, anyhow};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
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

/// Canvas size in pixels.
const SIZE: (u32, u32) = (800, 560);
/// Font size of tick labels, legend entries and the colour bar.
const FONT: u32 = 14;
/// Font size of the axis descriptions.
const DESC_FONT: u32 = 15;
/// Font size of the title.
const TITLE_FONT: u32 = 20;

/// A drawing error as an [`anyhow::Error`].
fn fail(e: impl std::fmt::Display) -> anyhow::Error {
    anyhow!("{e}")
}

/// Width and height of `text` in pixels at `size` in the embedded font.
fn text_size(text: &str, size: u32) -> (i32, i32) {
    // Unregistered, the font measures every text as 0 × 0.
    register_font();
    ("sans-serif", f64::from(size))
        .into_font()
        .box_size(text)
        .map_or((0, 0), |(w, h)| (w as i32, h as i32))
}

/// `text` broken at spaces into lines at most `width` pixels wide (a single
/// longer word stays whole).
fn wrap(text: &str, size: u32, width: i32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if line.is_empty() || text_size(&candidate, size).0 <= width {
            line = candidate;
        } else {
            lines.push(std::mem::replace(&mut line, word.to_owned()));
        }
    }
    lines.push(line);
    lines
}

/// Draws the title, wrapped to the canvas width and centred; returns the
/// height it takes.
fn draw_title<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, title: &str) -> Result<i32>
where
    DB::ErrorType: 'static,
{
    let line_h = TITLE_FONT as i32 + 6;
    let style = ("sans-serif", f64::from(TITLE_FONT))
        .into_font()
        .color(&BLACK)
        .pos(Pos::new(HPos::Center, VPos::Top));
    let lines = wrap(title, TITLE_FONT, SIZE.0 as i32 - 40);
    for (k, line) in lines.iter().enumerate() {
        root.draw_text(line, &style, (SIZE.0 as i32 / 2, 8 + k as i32 * line_h))
            .map_err(fail)?;
    }
    Ok(8 + lines.len() as i32 * line_h)
}

fn draw<DB: DrawingBackend>(root: DrawingArea<DB, Shift>, fig: &Figure) -> Result<()>
where
    DB::ErrorType: 'static,
{
    root.fill(&WHITE).map_err(fail)?;
    let title_h = draw_title(&root, &fig.title)?;
    match &fig.field {
        Some(field) => heatmap::draw(&root, fig, field, title_h)?,
        None => chart::draw(&root, fig, title_h)?,
    }
    root.present().map_err(fail)?;
    Ok(())
}

/// A figure drawn both ways (800 × 560).
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The PNG file's bytes.
    pub png: Vec<u8>,
    /// The SVG document.
    pub svg: String,
}

/// Draws `fig` in memory as PNG and SVG; `stem` names the figure in an
/// encoding error (`encoding <stem>.png: …`).
///
/// # Errors
/// A drawing or PNG-encoding failure.
pub fn render(fig: &Figure, stem: &str) -> Result<Rendered> {
    register_font();
    let (w, h) = SIZE;
    let mut rgb = vec![0u8; 3 * w as usize * h as usize];
    draw(
        BitMapBackend::with_buffer(&mut rgb, SIZE).into_drawing_area(),
        fig,
    )?;
    let mut png = Vec::new();
    image::ImageEncoder::write_image(
        image::codecs::png::PngEncoder::new(&mut png),
        &rgb,
        w,
        h,
        image::ColorType::Rgb8,
    )
    .map_err(|e| anyhow!("encoding {stem}.png: {e}"))?;
    let mut svg = String::new();
    draw(
        SVGBackend::with_string(&mut svg, SIZE).into_drawing_area(),
        fig,
    )?;
    Ok(Rendered { png, svg })
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
