//! The serialisable report every experiment returns: setup, tables, figures
//! (as data), verdicts. The CLI renders it (Markdown, PNG/SVG, CSV/JSON); the
//! snapshot tests compare its rounded form.

use serde::Serialize;

use crate::field::Field;
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
    /// The curves; drawn over the field, if there is one.
    pub series: Vec<Series>,
    /// A 2-D field drawn as a heatmap with contour lines under the series
    /// (not serialised when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<Field>,
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

    /// A copy in the form kept in snapshot tests, so that a change in the
    /// numerics shows as a reviewed diff while round-off noise does not.
    ///
    /// Every number of the tables, the figures and the verdicts (`predicted`,
    /// `measured`, `std_error`) is stored as follows:
    ///
    /// 1. `|v| < ROUND_OFF_FLOOR = 1e-10` is stored as `+0.0` (this includes a
    ///    negative round-off value and `-0.0`: the sign of a round-off
    ///    residual is as arbitrary as its digits);
    /// 2. anything else is rounded to `digits` significant digits
    ///    ([`round_sig`]); non-finite values are kept.
    ///
    /// So two runs compare equal when they agree to a relative `10^-digits` or
    /// to an absolute `1e-10`, the mixed tolerance that
    /// floating-point results need: a quantity that is exactly 0 in exact
    /// arithmetic (a conserved mass's drift, a residual on the interpolating
    /// set) is computed as a few ulps of the scale of its inputs, and those
    /// digits change with any reordering of the operations. The floor lies
    /// above every round-off bound the snapshotted (quick-size) reports use,
    /// so any measurement a verdict accepts as round-off is stored as 0; the
    /// derivation is in `proofs-notes/snapshot-round-off.md`.
    ///
    /// Criterion tolerances are constants of the report and are kept exactly.
    /// The unrounded report (`self`, and the CLI's JSON) keeps every value at
    /// full precision.
    ///
    /// # Examples
    ///
    /// ```
    /// use sgdpde_experiments::{Criterion, Report, Verdict};
    ///
    /// let drift = Verdict::judge(
    ///     "mass is conserved",
    ///     "round-off bound steps·cells·ε",
    ///     0.0,
    ///     9.33e-15,
    ///     None,
    ///     Criterion::AtMost { slack: 4.4e-13 },
    /// );
    /// let report = Report {
    ///     id: "demo".into(),
    ///     title: String::new(),
    ///     question: String::new(),
    ///     setup: Vec::new(),
    ///     tables: Vec::new(),
    ///     figures: Vec::new(),
    ///     verdicts: vec![drift],
    /// };
    /// assert_eq!(report.rounded(3).verdicts[0].measured, 0.0);
    /// assert_eq!(report.verdicts[0].measured, 9.33e-15); // full precision kept
    /// ```
    pub fn rounded(&self, digits: i32) -> Self {
        let r = |v: f64| snapshot_value(v, digits);
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
            if let Some(field) = &mut f.field {
                field
                    .values
                    .iter_mut()
                    .chain(field.contour_values.iter_mut())
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

/// Absolute floor of the snapshot form ([`Report::rounded`]): a value with
/// `|v|` below it is stored as 0.
///
/// It is the decade above the largest round-off bound a snapshotted report
/// uses, the quick `overparam` experiment's SME conservation bound
/// `K·s·d·ε·max|w| = 400·2·30·ε·5.48 ≈ 2.9·10⁻¹¹` (the others: the `ou`
/// mass drift `steps·cells·ε ≈ 4.4·10⁻¹³`, the `entropy` KL monotonicity
/// `cells·ε ≈ 8.9·10⁻¹⁴`); the smallest value in those reports that is not
/// round-off is ~10⁻⁷ (a standard error), three decades above it.
/// `proofs-notes/snapshot-round-off.md` has the derivation.
pub(crate) const ROUND_OFF_FLOOR: f64 = 1e-10;

/// One number as the snapshot form stores it: `+0.0` if
/// `|v| <` [`ROUND_OFF_FLOOR`], else `v` rounded to `digits` significant
/// digits ([`round_sig`]; non-finite values unchanged).
pub(crate) fn snapshot_value(v: f64, digits: i32) -> f64 {
    if v.abs() < ROUND_OFF_FLOOR {
        0.0
    } else {
        round_sig(v, digits)
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

    #[test]
    fn snapshot_values_drop_round_off_below_the_floor() {
        // A conserved quantity's drift at a few ulps: stored as 0.
        assert_eq!(snapshot_value(9e-15, 3).to_bits(), 0.0f64.to_bits());
        // A negative round-off residual and a negative zero: +0.0, so the
        // sign of the residual is not snapshotted either.
        assert_eq!(snapshot_value(-7.3e-15, 3).to_bits(), 0.0f64.to_bits());
        assert_eq!(snapshot_value(-0.0, 3).to_bits(), 0.0f64.to_bits());
        // 9·10⁻¹¹ lies between the largest round-off bound of a
        // snapshotted report (2.9·10⁻¹¹) and the floor: still round-off, 0.
        assert_eq!(snapshot_value(9e-11, 3), 0.0);
        // At and above the floor the digits are kept, with their sign.
        assert_eq!(snapshot_value(1e-10, 3), 1e-10);
        assert_eq!(snapshot_value(-1.2249e-7, 3), -1.22e-7);
        assert_eq!(snapshot_value(123.456, 3), 123.0);
        assert!(snapshot_value(f64::NAN, 3).is_nan());
        assert_eq!(snapshot_value(f64::NEG_INFINITY, 3), f64::NEG_INFINITY);
    }

    #[test]
    fn rounded_applies_the_floor_to_every_number_but_keeps_the_report() {
        let v = Verdict::judge(
            "drift",
            "round-off",
            0.0,
            -9e-15,
            Some(3e-16),
            crate::verdict::Criterion::AtMost { slack: 4.4e-13 },
        );
        let report = Report {
            id: "t".into(),
            title: String::new(),
            question: String::new(),
            setup: Vec::new(),
            tables: vec![Table {
                id: "t".into(),
                caption: String::new(),
                columns: vec!["a".into(), "b".into()],
                rows: vec![vec![9e-15, 9e-11], vec![2.3456e-10, -1.0]],
            }],
            figures: vec![Figure {
                id: "f".into(),
                title: String::new(),
                x_label: String::new(),
                y_label: String::new(),
                log_x: false,
                log_y: true,
                series: vec![Series::with_errors(
                    "s",
                    vec![1.0, 2.0],
                    vec![1e-13, 0.5],
                    vec![1e-16, 0.01],
                )],
                field: None,
            }],
            verdicts: vec![v],
        };
        let r = report.rounded(3);
        assert_eq!(r.tables[0].rows, vec![vec![0.0, 0.0], vec![2.35e-10, -1.0]]);
        assert_eq!(r.figures[0].series[0].y, vec![0.0, 0.5]);
        assert_eq!(r.figures[0].series[0].err, vec![0.0, 0.01]);
        assert_eq!(r.verdicts[0].measured.to_bits(), 0.0f64.to_bits());
        assert_eq!(r.verdicts[0].std_error, Some(0.0));
        // The criterion tolerance is a constant of the report: kept exactly.
        assert_eq!(r.verdicts[0].criterion, report.verdicts[0].criterion);
        // The report itself keeps full precision.
        assert_eq!(report.verdicts[0].measured, -9e-15);
        assert_eq!(report.tables[0].rows[0], vec![9e-15, 9e-11]);
    }
}
