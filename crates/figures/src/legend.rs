//! Legends: their entries and size, and where they go
//! (`proofs-notes/figures.md`): in the corner of the plot that covers the
//! fewest drawn data points, if one covers none; else outside, to the right.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use sgdpde_experiments::SeriesStyle;

use super::{FONT, fail, text_size, wrap};

/// Height of one legend line.
const LINE_H: i32 = FONT as i32 + 5;
/// Width of the line or marker sample before a label.
const SAMPLE_W: i32 = 30;
/// Padding inside the legend box.
const PAD: i32 = 8;
/// Distance of an inside legend from the plot's edges.
pub const INSET: i32 = 8;

/// One legend entry.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Label, empty for none (the entry is not shown).
    pub label: String,
    /// Colour of the sample.
    pub color: RGBColor,
    /// Line, dashes or a marker.
    pub style: SeriesStyle,
    /// Markers drawn with a black outline (over a heatmap).
    pub outlined: bool,
    /// Markers with error bars (the sample shows a whisker).
    pub bars: bool,
}

/// A laid-out legend: the entries' lines and the box size.
#[derive(Debug, Clone)]
pub struct Legend {
    entries: Vec<(Vec<String>, Entry)>,
    /// Width and height of the box in pixels.
    pub size: (i32, i32),
}

impl Legend {
    /// The legend of the entries with a label, each label wrapped to
    /// `wrap_at` pixels if given.
    pub fn new(entries: Vec<Entry>, wrap_at: Option<i32>) -> Self {
        let entries: Vec<(Vec<String>, Entry)> = entries
            .into_iter()
            .filter(|e| !e.label.is_empty())
            .map(|e| {
                let lines = match wrap_at {
                    Some(w) => wrap(&e.label, FONT, w),
                    None => vec![e.label.clone()],
                };
                (lines, e)
            })
            .collect();
        let text_w = entries
            .iter()
            .flat_map(|(lines, _)| lines.iter().map(|l| text_size(l, FONT).0))
            .max()
            .unwrap_or(0);
        let lines: usize = entries.iter().map(|(l, _)| l.len()).sum();
        let size = (
            2 * PAD + SAMPLE_W + text_w,
            2 * PAD + lines as i32 * LINE_H + (entries.len() as i32 - 1).max(0) * 3,
        );
        Self { entries, size }
    }

    /// Whether there is nothing to show.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Draws the legend with its top-left corner at `at` (pixels of `root`).
    pub fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        at: (i32, i32),
    ) -> anyhow::Result<()>
    where
        DB::ErrorType: 'static,
    {
        let (x0, y0) = at;
        let (w, h) = self.size;
        root.draw(&Rectangle::new(
            [(x0, y0), (x0 + w, y0 + h)],
            WHITE.mix(0.9).filled(),
        ))
        .map_err(fail)?;
        root.draw(&Rectangle::new(
            [(x0, y0), (x0 + w, y0 + h)],
            BLACK.mix(0.6),
        ))
        .map_err(fail)?;
        let style = ("sans-serif", f64::from(FONT))
            .into_font()
            .color(&BLACK)
            .pos(Pos::new(HPos::Left, VPos::Center));
        let mut y = y0 + PAD;
        for (lines, e) in &self.entries {
            let yc = y + LINE_H / 2;
            let (sx, ex) = (x0 + PAD, x0 + PAD + SAMPLE_W - 8);
            match e.style {
                SeriesStyle::Line => root
                    .draw(&PathElement::new(
                        vec![(sx, yc), (ex, yc)],
                        e.color.stroke_width(2),
                    ))
                    .map_err(fail)?,
                SeriesStyle::Dashed => {
                    for k in 0..3 {
                        let a = sx + k * 8;
                        root.draw(&PathElement::new(
                            vec![(a, yc), (a + 5, yc)],
                            e.color.stroke_width(2),
                        ))
                        .map_err(fail)?;
                    }
                }
                SeriesStyle::Points => {
                    let c = ((sx + ex) / 2, yc);
                    if e.bars {
                        root.draw(&PathElement::new(
                            vec![(c.0, yc - 6), (c.0, yc + 6)],
                            e.color,
                        ))
                        .map_err(fail)?;
                    }
                    root.draw(&Circle::new(c, 4, e.color.filled()))
                        .map_err(fail)?;
                    if e.outlined {
                        root.draw(&Circle::new(c, 5, BLACK.stroke_width(1)))
                            .map_err(fail)?;
                    }
                }
            }
            for line in lines {
                root.draw_text(line, &style, (x0 + PAD + SAMPLE_W, y + LINE_H / 2))
                    .map_err(fail)?;
                y += LINE_H;
            }
            y += 3;
        }
        Ok(())
    }
}

/// A plot rectangle in pixels: left, top, right, bottom.
pub type Rect = (i32, i32, i32, i32);

/// The top-left corner of a `size` box in each corner of `plot` (inset by
/// [`INSET`]), upper right first, with the number of `points` it covers;
/// the first corner covering the fewest is returned. `None` when the box
/// does not fit in the plot.
pub fn emptiest_corner(
    plot: Rect,
    size: (i32, i32),
    points: &[(i32, i32)],
) -> Option<((i32, i32), usize)> {
    let (l, t, r, b) = plot;
    let (w, h) = size;
    if w + 2 * INSET > r - l || h + 2 * INSET > b - t {
        return None;
    }
    let corners = [
        (r - INSET - w, t + INSET),
        (l + INSET, t + INSET),
        (r - INSET - w, b - INSET - h),
        (l + INSET, b - INSET - h),
    ];
    corners
        .into_iter()
        .map(|(x, y)| {
            // A point's marker or line reaches 4 px around it.
            let covered = points
                .iter()
                .filter(|(px, py)| {
                    *px >= x - 4 && *px <= x + w + 4 && *py >= y - 4 && *py <= y + h + 4
                })
                .count();
            ((x, y), covered)
        })
        .min_by_key(|(_, n)| *n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_emptiest_corner_wins_upper_right_first() {
        let plot = (0, 0, 400, 300);
        // Data along the rising diagonal (pixel y grows downwards): the
        // upper-left and lower-right corners are empty.
        let diag: Vec<(i32, i32)> = (0..400).map(|x| (x, 300 - x * 3 / 4)).collect();
        let (at, n) = emptiest_corner(plot, (100, 50), &diag).unwrap();
        assert_eq!((at, n), ((INSET, INSET), 0));
        // Nothing drawn: upper right.
        assert_eq!(
            emptiest_corner(plot, (100, 50), &[]).unwrap().0,
            (400 - INSET - 100, INSET)
        );
        // Points everywhere: no corner is empty.
        let all: Vec<(i32, i32)> = (0..40)
            .flat_map(|i| (0..30).map(move |j| (i * 10, j * 10)))
            .collect();
        assert!(emptiest_corner(plot, (100, 50), &all).unwrap().1 > 0);
        // Too big for the plot.
        assert!(emptiest_corner(plot, (390, 50), &[]).is_none());
    }

    #[test]
    fn entries_without_label_are_left_out_and_long_labels_wrap() {
        let e = |label: &str| Entry {
            label: label.into(),
            color: BLACK,
            style: SeriesStyle::Line,
            outlined: false,
            bars: false,
        };
        let long = "a label long enough to be wrapped onto more than one line";
        let one = Legend::new(vec![e(long), e("")], None);
        let wrapped = Legend::new(vec![e(long), e("")], Some(120));
        assert_eq!(one.entries.len(), 1);
        assert!(wrapped.entries[0].0.len() > 1);
        assert!(wrapped.size.0 < one.size.0 && wrapped.size.1 > one.size.1);
        assert!(Legend::new(vec![e("")], None).is_empty());
    }
}
