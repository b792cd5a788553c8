//! x–y charts: lines, dashed lines, markers with error bars, on linear or
//! log axes, with the legend where it covers no data.

use anyhow::Result;
use plotters::coord::Shift;
use plotters::prelude::*;
use sgdpde_experiments::{Figure, Series, SeriesStyle};

use super::axis::Axis;
use super::legend::{Entry, Legend, Rect, emptiest_corner};
use super::{DESC_FONT, FONT, SIZE, fail, look};

/// Height of the area under the plot (tick labels and description).
const X_AREA: i32 = 50;
/// Right margin when the legend is inside: room for half the last x label.
const RIGHT: i32 = 32;
/// Width legend labels wrap to when the legend goes outside.
const OUTSIDE_WRAP: i32 = 210;
/// Half-width of an error bar's caps (the markers' radius is 4).
const CAP: i32 = 6;
/// Marker radius.
const MARKER: i32 = 4;

/// The axes and the plot rectangle of a chart.
pub(super) struct Layout {
    pub x: Axis,
    pub y: Axis,
    /// Width of the area left of the plot (tick labels and description).
    pub y_area: i32,
    /// The plot rectangle in pixels.
    pub rect: Rect,
}

impl Layout {
    /// The layout under a title `title_h` high, leaving `right` pixels on
    /// the right; the axes are made for their pixel lengths by `x`, `y`.
    pub fn new(title_h: i32, right: i32, x: impl Fn(i32) -> Axis, y: impl Fn(i32) -> Axis) -> Self {
        let top = title_h + 6;
        let bottom = SIZE.1 as i32 - 8 - X_AREA;
        let y = y(bottom - top);
        // Description (rotated), gap, labels, tick marks and their gap.
        let y_area = DESC_FONT as i32 + 8 + y.label_width() + 12;
        let left = 8 + y_area;
        let right = SIZE.0 as i32 - right;
        let x = x(right - left);
        Self {
            x,
            y,
            y_area,
            rect: (left, top, right, bottom),
        }
    }

    /// Pixel position of a data point.
    pub fn pixel(&self, (x, y): (f64, f64)) -> (i32, i32) {
        let (l, t, r, b) = self.rect;
        (
            l + (self.x.fraction(x) * f64::from(r - l)).round() as i32,
            b - (self.y.fraction(y) * f64::from(b - t)).round() as i32,
        )
    }

    /// The plotters chart of this layout on `root`, its mesh drawn.
    pub fn chart<'a, DB: DrawingBackend>(
        &self,
        root: &'a DrawingArea<DB, Shift>,
        x_desc: &str,
        y_desc: &str,
    ) -> Result<Chart<'a, DB>>
    where
        DB::ErrorType: 'static,
    {
        let (_, top, right, _) = self.rect;
        let mut chart = ChartBuilder::on(root)
            .margin_top(top)
            .margin_left(8)
            .margin_right(SIZE.0 as i32 - right)
            .margin_bottom(8)
            .x_label_area_size(X_AREA)
            .y_label_area_size(self.y_area)
            .build_cartesian_2d(self.x.spec(), self.y.spec())
            .map_err(fail)?;
        let (fx, fy) = (|v: &f64| self.x.label(*v), |v: &f64| self.y.label(*v));
        chart
            .configure_mesh()
            .x_label_formatter(&fx)
            .y_label_formatter(&fy)
            .x_desc(x_desc)
            .y_desc(y_desc)
            .label_style(("sans-serif", f64::from(FONT)))
            .axis_desc_style(("sans-serif", f64::from(DESC_FONT)))
            .bold_line_style(BLACK.mix(0.18))
            .light_line_style(BLACK.mix(0.06))
            .draw()
            .map_err(fail)?;
        Ok(chart)
    }
}

/// The plotters chart type of every figure: linear in plotting coordinates.
pub(super) type Chart<'a, DB> =
    ChartContext<'a, DB, Cartesian2d<super::axis::Ticked, super::axis::Ticked>>;

/// The drawable points of `s` in plotting coordinates, split into runs at
/// points that cannot be drawn (NaN separates the paths of one series).
pub(super) fn runs(s: &Series, x: &Axis, y: &Axis) -> Vec<Vec<(f64, f64)>> {
    let mut out = vec![Vec::new()];
    for (a, b) in s.x.iter().zip(&s.y) {
        if x.drawable(*a) && y.drawable(*b) {
            if let Some(r) = out.last_mut() {
                r.push((x.t(*a), y.t(*b)));
            }
        } else if !out.last().is_some_and(Vec::is_empty) {
            out.push(Vec::new());
        }
    }
    out.retain(|r| !r.is_empty());
    out
}

/// Pixels the series of `fig` cover in `layout` (markers, error bars, and
/// lines sampled every few pixels), for placing the legend.
fn covered(fig: &Figure, layout: &Layout) -> Vec<(i32, i32)> {
    let px = |(a, b): (f64, f64)| {
        let (l, t, r, bt) = layout.rect;
        let fx = (a - layout.x.range().start) / (layout.x.range().end - layout.x.range().start);
        let fy = (b - layout.y.range().start) / (layout.y.range().end - layout.y.range().start);
        (
            l as f64 + fx * f64::from(r - l),
            f64::from(bt) - fy * f64::from(bt - t),
        )
    };
    let mut out = Vec::new();
    for s in &fig.series {
        for run in runs(s, &layout.x, &layout.y) {
            let pts: Vec<(f64, f64)> = run.into_iter().map(px).collect();
            out.extend(pts.iter().map(|p| (p.0 as i32, p.1 as i32)));
            if s.style != SeriesStyle::Points {
                for w in pts.windows(2) {
                    let n = ((w[1].0 - w[0].0).hypot(w[1].1 - w[0].1) / 3.0).ceil() as i32;
                    for k in 1..n {
                        let f = f64::from(k) / f64::from(n);
                        out.push((
                            (w[0].0 + f * (w[1].0 - w[0].0)) as i32,
                            (w[0].1 + f * (w[1].1 - w[0].1)) as i32,
                        ));
                    }
                }
            }
        }
        for (i, (a, b)) in s.x.iter().zip(&s.y).enumerate() {
            if let Some(e) = s.err.get(i).filter(|e| e.is_finite() && **e > 0.0) {
                for v in [b - e, b + e] {
                    if layout.x.drawable(*a) && layout.y.drawable(v) {
                        out.push(layout.pixel((*a, v)));
                    }
                }
            }
        }
    }
    out
}

/// Legend entries of the series, in the colours they are drawn in.
fn entries(fig: &Figure) -> Vec<Entry> {
    fig.series
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let (color, style) = look(k, s.style);
            Entry {
                label: s.label.clone(),
                color,
                style,
                outlined: false,
                bars: !s.err.is_empty(),
            }
        })
        .collect()
}

/// Draws `fig` (no field) on `root` below a title `title_h` high.
pub(super) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    fig: &Figure,
    title_h: i32,
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    let xs = || fig.series.iter().flat_map(|s| s.x.iter().copied());
    let ys = || {
        fig.series.iter().flat_map(|s| {
            s.y.iter()
                .zip(s.err.iter().chain(std::iter::repeat(&0.0)))
                .flat_map(|(y, e)| [y - e, *y, y + e])
        })
    };
    let layout = |right: i32| {
        Layout::new(
            title_h,
            right,
            |px| Axis::fit(xs(), fig.log_x, px, true),
            |px| Axis::fit(ys(), fig.log_y, px, false),
        )
    };
    let inside = Legend::new(entries(fig), None);
    let first = layout(RIGHT);
    let (layout, legend, at) = if inside.is_empty() {
        (first, inside, None)
    } else {
        match emptiest_corner(first.rect, inside.size, &covered(fig, &first)) {
            Some((at, 0)) => (first, inside, Some(at)),
            _ => {
                let outside = Legend::new(entries(fig), Some(OUTSIDE_WRAP));
                let l = layout(outside.size.0 + 24);
                let at = (l.rect.2 + 16, l.rect.1);
                (l, outside, Some(at))
            }
        }
    };
    let mut chart = layout.chart(root, &fig.x_label, &fig.y_label)?;
    series(&mut chart, fig, &layout)?;
    if let Some(at) = at {
        legend.draw(root, at)?;
    }
    Ok(())
}

/// Draws every series of `fig`: lines in runs, error bars with caps wider
/// than the markers, then the markers.
fn series<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    fig: &Figure,
    layout: &Layout,
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    let (l, _, r, _) = layout.rect;
    let x_range = layout.x.range();
    let cap = f64::from(CAP) * (x_range.end - x_range.start) / f64::from(r - l);
    for (k, s) in fig.series.iter().enumerate() {
        let (color, style) = look(k, s.style);
        for run in runs(s, &layout.x, &layout.y) {
            match style {
                SeriesStyle::Line => {
                    chart
                        .draw_series(LineSeries::new(run, color.stroke_width(2)))
                        .map_err(fail)?;
                }
                SeriesStyle::Dashed => {
                    chart
                        .draw_series(DashedLineSeries::new(run, 6, 4, color.stroke_width(2)))
                        .map_err(fail)?;
                }
                SeriesStyle::Points => {
                    chart
                        .draw_series(
                            run.into_iter()
                                .map(|p| Circle::new(p, MARKER, color.filled())),
                        )
                        .map_err(fail)?;
                }
            }
        }
        if style != SeriesStyle::Points {
            continue;
        }
        for (i, (a, b)) in s.x.iter().zip(&s.y).enumerate() {
            let Some(e) = s.err.get(i).filter(|e| e.is_finite() && **e > 0.0) else {
                continue;
            };
            if !(layout.x.drawable(*a) && b.is_finite()) {
                continue;
            }
            let ends = [b - e, b + e].map(|v| {
                if layout.y.drawable(v) {
                    Some(layout.y.t(v))
                } else {
                    None
                }
            });
            let Some(hi) = ends[1] else { continue };
            // A lower end a log axis cannot show is drawn to the axis, uncapped.
            let lo = ends[0].unwrap_or(layout.y.low());
            let xa = layout.x.t(*a);
            let mut bars = vec![
                vec![(xa, lo), (xa, hi)],
                vec![(xa - cap, hi), (xa + cap, hi)],
            ];
            if ends[0].is_some() {
                bars.push(vec![(xa - cap, lo), (xa + cap, lo)]);
            }
            chart
                .draw_series(
                    bars.into_iter()
                        .map(|p| PathElement::new(p, color.stroke_width(1))),
                )
                .map_err(fail)?;
        }
    }
    Ok(())
}
