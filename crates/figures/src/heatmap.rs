//! Heatmaps: a 2-D field in colour (viridis) with a colour bar, contour
//! lines, and the figure's series drawn over it (sample paths, marked
//! points); the legend goes outside, right of the colour bar.

use anyhow::Result;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use sgdpde_experiments::{Field, Figure, SeriesStyle};

use super::axis::Axis;
use super::chart::{Layout, runs};
use super::contour::contour_lines;
use super::legend::{Entry, Legend};
use super::{DESC_FONT, FONT, fail};

/// Viridis at nine evenly spaced stops.
const VIRIDIS: [(u8, u8, u8); 9] = [
    (68, 1, 84),
    (71, 44, 122),
    (59, 81, 139),
    (44, 113, 142),
    (33, 144, 141),
    (39, 173, 129),
    (92, 200, 99),
    (170, 220, 50),
    (253, 231, 37),
];
/// Colour levels of the map: neighbouring cells of one level merge into one
/// rectangle, which keeps the SVG small.
const LEVELS: usize = 64;
/// Overlay colours (they stand out on every viridis colour): series `k`
/// takes colour `k mod 5`.
const OVERLAY: [RGBColor; 5] = [
    RGBColor(255, 80, 40),
    RGBColor(255, 255, 255),
    RGBColor(255, 0, 220),
    RGBColor(0, 0, 0),
    RGBColor(255, 170, 0),
];
/// Colour bar width, and its gap to the plot.
const BAR: (i32, i32) = (18, 14);
/// Width legend labels wrap to.
const WRAP: i32 = 150;
/// Colour of contour lines.
const CONTOUR: RGBColor = RGBColor(255, 255, 255);

/// Viridis at `f ∈ [0, 1]` (clamped), quantised to [`LEVELS`] colours.
fn viridis(f: f64) -> RGBColor {
    let q = (f.clamp(0.0, 1.0) * (LEVELS - 1) as f64).round() / (LEVELS - 1) as f64;
    let s = q * (VIRIDIS.len() - 1) as f64;
    let k = (s.floor() as usize).min(VIRIDIS.len() - 2);
    let w = s - k as f64;
    let mix = |a: u8, b: u8| (f64::from(a) + w * (f64::from(b) - f64::from(a))).round() as u8;
    let (a, b) = (VIRIDIS[k], VIRIDIS[k + 1]);
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Cell edges of increasing centres `c` (midpoints; the ends mirrored).
fn edges(c: &[f64]) -> Vec<f64> {
    let n = c.len();
    if n == 1 {
        return vec![c[0] - 0.5, c[0] + 0.5];
    }
    let mut e = Vec::with_capacity(n + 1);
    e.push(c[0] - 0.5 * (c[1] - c[0]));
    e.extend(c.windows(2).map(|w| 0.5 * (w[0] + w[1])));
    e.push(c[n - 1] + 0.5 * (c[n - 1] - c[n - 2]));
    e
}

/// Whether `field` can be drawn: a grid of at least one cell with values
/// to match, increasing finite centres, a finite colour scale.
fn valid(f: &Field) -> bool {
    let inc = |c: &[f64]| {
        !c.is_empty() && c.iter().all(|v| v.is_finite()) && c.windows(2).all(|w| w[0] < w[1])
    };
    inc(&f.x)
        && inc(&f.y)
        && f.values.len() == f.x.len() * f.y.len()
        && (f.contour_values.is_empty() || f.contour_values.len() == f.values.len())
        && f.scale.iter().all(|v| v.is_finite())
}

/// Draws `fig` with its field on `root` below a title `title_h` high.
pub(super) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    fig: &Figure,
    field: &Field,
    title_h: i32,
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    if !valid(field) {
        anyhow::bail!(
            "figure {}: the field's grid, values or colour scale are inconsistent",
            fig.id
        );
    }
    let (ex, ey) = (edges(&field.x), edges(&field.y));
    let (lo, hi) = match field.scale {
        [a, b] if a < b => (a, b),
        [a, _] => (a - 0.5 * a.abs().max(1.0), a + 0.5 * a.abs().max(1.0)),
    };
    let mut entries: Vec<Entry> = fig
        .series
        .iter()
        .enumerate()
        .map(|(k, s)| Entry {
            label: s.label.clone(),
            color: OVERLAY[k % OVERLAY.len()],
            style: s.style,
            outlined: true,
            bars: false,
        })
        .collect();
    entries.push(Entry {
        label: field.contour_label.clone(),
        color: RGBColor(150, 150, 150),
        style: SeriesStyle::Line,
        outlined: false,
        bars: false,
    });
    let legend = Legend::new(entries, Some(WRAP));
    // The colour bar's ticks depend on the plot height only.
    let probe = Layout::new(
        title_h,
        0,
        |px| Axis::exact(0.0, 1.0, false, px, true),
        |px| Axis::exact(ey[0], ey[ey.len() - 1], false, px, false),
    );
    let height = probe.rect.3 - probe.rect.1;
    let bar = Axis::exact(lo, hi, false, height, false);
    let bar_w = BAR.1 + BAR.0 + 8 + bar.label_width() + 8 + DESC_FONT as i32 + 8;
    let legend_w = if legend.is_empty() {
        0
    } else {
        legend.size.0 + 12
    };
    let layout = Layout::new(
        title_h,
        bar_w + legend_w + 8,
        |px| Axis::exact(ex[0], ex[ex.len() - 1], false, px, true),
        |px| Axis::exact(ey[0], ey[ey.len() - 1], false, px, false),
    );
    let mut chart = layout.chart(root, &fig.x_label, &fig.y_label)?;
    // Cells, merged along rows where the colour repeats.
    let nx = field.x.len();
    let mut cells = Vec::new();
    for (j, row) in field.values.chunks(nx).enumerate() {
        let colour = |v: f64| {
            if v.is_finite() {
                viridis((v - lo) / (hi - lo))
            } else {
                RGBColor(200, 200, 200)
            }
        };
        let mut i = 0;
        while i < nx {
            let c = colour(row[i]);
            let mut k = i + 1;
            while k < nx && colour(row[k]) == c {
                k += 1;
            }
            cells.push(Rectangle::new(
                [(ex[i], ey[j]), (ex[k], ey[j + 1])],
                c.filled(),
            ));
            i = k;
        }
    }
    chart.draw_series(cells).map_err(fail)?;
    let lines_of = if field.contour_values.is_empty() {
        &field.values
    } else {
        &field.contour_values
    };
    for level in &field.levels {
        let lines = contour_lines(&field.x, &field.y, lines_of, *level);
        chart
            .draw_series(
                lines
                    .into_iter()
                    .map(|l| PathElement::new(l, CONTOUR.mix(0.7).stroke_width(1))),
            )
            .map_err(fail)?;
    }
    for (k, s) in fig.series.iter().enumerate() {
        let color = OVERLAY[k % OVERLAY.len()];
        for run in runs(s, &layout.x, &layout.y) {
            match s.style {
                // One pixel wide: plotters' wide polylines spike at the
                // sharp corners of a sample path.
                SeriesStyle::Line => chart
                    .draw_series(LineSeries::new(run, color.stroke_width(1)))
                    .map(|_| ()),
                SeriesStyle::Dashed => chart
                    .draw_series(DashedLineSeries::new(run, 6, 4, color.stroke_width(1)))
                    .map(|_| ()),
                SeriesStyle::Points => chart
                    .draw_series(run.iter().flat_map(|p| {
                        [
                            Circle::new(*p, 5, color.filled()),
                            Circle::new(*p, 6, BLACK.stroke_width(1)),
                        ]
                    }))
                    .map(|_| ()),
            }
            .map_err(fail)?;
        }
    }
    let (_, top, right, bottom) = layout.rect;
    colour_bar(root, &bar, &field.label, (right + BAR.1, top, bottom))?;
    if !legend.is_empty() {
        legend.draw(root, (right + bar_w, top))?;
    }
    Ok(())
}

/// The colour bar at `x` from `top` to `bottom`: the colours of the range
/// of `bar`, its ticks, and `label` turned along it.
fn colour_bar<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    bar: &Axis,
    label: &str,
    (x, top, bottom): (i32, i32, i32),
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    let h = bottom - top;
    for p in 0..h {
        let f = (f64::from(p) + 0.5) / f64::from(h);
        root.draw(&Rectangle::new(
            [(x, bottom - p - 1), (x + BAR.0, bottom - p)],
            viridis(f).filled(),
        ))
        .map_err(fail)?;
    }
    root.draw(&Rectangle::new(
        [(x, top), (x + BAR.0, bottom)],
        BLACK.mix(0.6),
    ))
    .map_err(fail)?;
    let style = ("sans-serif", f64::from(FONT))
        .into_font()
        .color(&BLACK)
        .pos(Pos::new(HPos::Left, VPos::Center));
    for t in bar.ticks() {
        let y = bottom - (bar.fraction(t.value) * f64::from(h)).round() as i32;
        root.draw(&PathElement::new(
            vec![(x + BAR.0, y), (x + BAR.0 + 5, y)],
            BLACK,
        ))
        .map_err(fail)?;
        root.draw_text(&t.label, &style, (x + BAR.0 + 8, y))
            .map_err(fail)?;
    }
    let desc = ("sans-serif", f64::from(DESC_FONT))
        .into_font()
        .color(&BLACK)
        .transform(FontTransform::Rotate90)
        .pos(Pos::new(HPos::Center, VPos::Top));
    let lx = x + BAR.0 + 8 + bar.label_width() + 8 + DESC_FONT as i32;
    root.draw_text(label, &desc, (lx, (top + bottom) / 2))
        .map_err(fail)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viridis_runs_from_purple_to_yellow_in_64_levels() {
        assert_eq!(viridis(0.0), RGBColor(68, 1, 84));
        assert_eq!(viridis(1.0), RGBColor(253, 231, 37));
        assert_eq!(viridis(-3.0), viridis(0.0));
        let distinct: std::collections::BTreeSet<(u8, u8, u8)> = (0..1000)
            .map(|k| viridis(k as f64 / 999.0))
            .map(|c| (c.0, c.1, c.2))
            .collect();
        assert_eq!(distinct.len(), LEVELS);
    }

    #[test]
    fn edges_are_midpoints_with_mirrored_ends() {
        assert_eq!(edges(&[0.5, 1.5, 2.5]), vec![0.0, 1.0, 2.0, 3.0]);
        assert_eq!(edges(&[2.0]), vec![1.5, 2.5]);
    }
}
