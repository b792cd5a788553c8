//! The serialisable report every experiment returns: setup, tables, figures
//! (as data), verdicts. The CLI renders it (Markdown, PNG/SVG, CSV/JSON); the
//! snapshot tests compare its rounded form.

use serde::Serialize;

use crate::verdict::Verdict;

/// A table of numbers with named columns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// Short identifier (file stem for CSV output).
    pub id: String,
    /// Caption.
    pub caption: String,
    /// Column names.
    pub columns: Vec<String>,
    /// Rows, each as long as `columns`.
    pub rows: Vec<Vec<f64>>,
}

/// How a series is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SeriesStyle {
    /// A solid line (theory, PDE solutions).
    Line,
    /// A dashed line (bounds, fits).
    Dashed,
    /// Markers (Monte Carlo estimates).
    Points,
}

/// One curve of a figure; `err` (if present) holds ± error bars.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    /// Legend label.
    pub label: String,
    /// Abscissae.
    pub x: Vec<f64>,
    /// Ordinates.
    pub y: Vec<f64>,
    /// Error bars (same length as `y`), or empty.
    pub err: Vec<f64>,
    /// Drawing style.
    pub style: SeriesStyle,
}

impl Series {
    /// A series without error bars.
    pub fn new(label: impl Into<String>, x: Vec<f64>, y: Vec<f64>, style: SeriesStyle) -> Self {
        Self {
            label: label.into(),
            x,
            y,
            err: Vec::new(),
            style,
        }
    }

    /// A series of points with error bars.
    pub fn with_errors(label: impl Into<String>, x: Vec<f64>, y: Vec<f64>, err: Vec<f64>) -> Self {
        Self {
            label: label.into(),
            x,
            y,
            err,
            style: SeriesStyle::Points,
        }
    }
}

/// A figure as data: the CLI draws it, and writes the data beside it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// Short identifier (file stem).
    pub id: String,
    /// Title.
    pub title: String,
    /// Horizontal axis label.
    pub x_label: String,
    /// Vertical axis label.
    pub y_label: String,
    /// Logarithmic horizontal axis.
    pub log_x: bool,
    /// Logarithmic vertical axis.
    pub log_y: bool,
    /// The curves.
    pub series: Vec<Series>,
}

/// What an experiment returns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Experiment identifier (`escape`, `drift`, …).
    pub id: String,
    /// Title.
    pub title: String,
    /// The question of the paper it answers.
    pub question: String,
    /// The setup in words, with every parameter and the seed.
    pub setup: Vec<(String, String)>,
    /// Tables.
    pub tables: Vec<Table>,
    /// Figures.
    pub figures: Vec<Figure>,
    /// Verdicts against theory.
    pub verdicts: Vec<Verdict>,
}

impl Report {
    /// Whether every verdict passed.
    pub fn all_pass(&self) -> bool {
        self.verdicts.iter().all(|v| v.pass)
    }

    /// A copy with every number rounded to `digits` significant digits — the
    /// form kept in snapshot tests, so that a change in the numerics shows as
    /// a reviewed diff while round-off noise does not.
    pub fn rounded(&self, digits: i32) -> Self {
        let r = |v: f64| round_sig(v, digits);
        let mut out = self.clone();
        for t in &mut out.tables {
            t.rows.iter_mut().flatten().for_each(|v| *v = r(*v));
        }
        for f in &mut out.figures {
            for s in &mut f.series {
                s.x.iter_mut()
                    .chain(s.y.iter_mut())
                    .chain(s.err.iter_mut())
                    .for_each(|v| *v = r(*v));
            }
        }
        for v in &mut out.verdicts {
            v.predicted = r(v.predicted);
            v.measured = r(v.measured);
            v.std_error = v.std_error.map(r);
        }
        out
    }
}

/// Rounds `v` to `digits` significant digits (non-finite values unchanged).
pub fn round_sig(v: f64, digits: i32) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let e = v.abs().log10().floor() as i32;
    let scale = 10f64.powi(digits - 1 - e);
    (v * scale).round() / scale
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_to_significant_digits() {
        assert_eq!(round_sig(123.456, 3), 123.0);
        assert_eq!(round_sig(-0.00123456, 2), -0.0012);
        assert_eq!(round_sig(0.0, 3), 0.0);
        assert!(round_sig(f64::NAN, 3).is_nan());
        assert_eq!(round_sig(9.996, 3), 10.0);
    }
}
