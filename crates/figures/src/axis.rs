//! One axis of a figure: its range, its ticks (the rule of [`super::ticks`])
//! and the map to plotting coordinates (`log10` of the data on a log axis,
//! so that every chart is linear for plotters and the ticks are ours).

use std::ops::Range;

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::coord::types::RangedCoordf64;

use super::ticks::{Tick, log_minor, ticks};
use super::{FONT, text_size};

/// Least distance between tick centres along a horizontal (vertical) axis.
const MIN_SPACING: (f64, f64) = (50.0, 30.0);
/// Least gap between the boxes of neighbouring labels.
const GAP: f64 = 10.0;
/// Least length of a decade for minor log ticks.
const MIN_DECADE: f64 = 60.0;

/// An axis of a given pixel length.
#[derive(Debug, Clone)]
pub struct Axis {
    log: bool,
    lo: f64,
    hi: f64,
    ticks: Vec<Tick>,
    minor: Vec<f64>,
}

impl Axis {
    /// The padded range of `values` (5 % on a linear axis, a factor 1.5 on a
    /// log axis, whose non-positive values are left out), ticked for
    /// `pixels` along a `horizontal` or vertical axis.
    pub fn fit(
        values: impl Iterator<Item = f64>,
        log: bool,
        pixels: i32,
        horizontal: bool,
    ) -> Self {
        let (lo, hi) = padded(values, log);
        Self::exact(lo, hi, log, pixels, horizontal)
    }

    /// Exactly `[lo, hi]` (`lo < hi`, positive on a log axis), ticked for
    /// `pixels`.
    pub fn exact(lo: f64, hi: f64, log: bool, pixels: i32, horizontal: bool) -> Self {
        let mut axis = Self {
            log,
            lo,
            hi,
            ticks: Vec::new(),
            minor: Vec::new(),
        };
        let px = f64::from(pixels.max(1));
        let fits = |t: &[Tick]| {
            let ext = |t: &Tick| {
                let (w, h) = text_size(&t.label, FONT);
                f64::from(if horizontal { w } else { h })
            };
            t.windows(2).all(|p| {
                let d = (axis.fraction(p[1].value) - axis.fraction(p[0].value)) * px;
                let need = (ext(&p[0]) + ext(&p[1])) / 2.0 + GAP;
                d >= need.max(if horizontal {
                    MIN_SPACING.0
                } else {
                    MIN_SPACING.1
                })
            })
        };
        let t = ticks(lo, hi, log, fits);
        let decade_px = if log { px / (hi / lo).log10() } else { 0.0 };
        axis.ticks = t;
        if log {
            axis.minor = log_minor(lo, hi, decade_px, MIN_DECADE);
        }
        axis
    }

    /// Plotting coordinate of a data value.
    pub fn t(&self, v: f64) -> f64 {
        if self.log { v.log10() } else { v }
    }

    /// Whether a data value can be drawn (finite, and positive on a log axis).
    pub fn drawable(&self, v: f64) -> bool {
        v.is_finite() && (!self.log || v > 0.0)
    }

    /// Position of a data value along the axis, 0 at the low end, 1 at the
    /// high end.
    pub fn fraction(&self, v: f64) -> f64 {
        (self.t(v) - self.t(self.lo)) / (self.t(self.hi) - self.t(self.lo))
    }

    /// The range in plotting coordinates.
    pub fn range(&self) -> Range<f64> {
        self.t(self.lo)..self.t(self.hi)
    }

    /// The low end in plotting coordinates (where a clipped error bar ends).
    pub fn low(&self) -> f64 {
        self.t(self.lo)
    }

    /// The plotters coordinate with our ticks (bold mesh lines and labels)
    /// and minor ticks (light mesh lines).
    pub fn spec(&self) -> Ticked {
        Ticked {
            inner: self.range().into(),
            bold: self.ticks.iter().map(|t| self.t(t.value)).collect(),
            light: self.minor.iter().map(|v| self.t(*v)).collect(),
        }
    }

    /// The label of the tick at plotting coordinate `pos`.
    pub fn label(&self, pos: f64) -> String {
        self.ticks
            .iter()
            .find(|t| self.t(t.value) == pos)
            .map_or_else(String::new, |t| t.label.clone())
    }

    /// The ticks.
    pub fn ticks(&self) -> &[Tick] {
        &self.ticks
    }

    /// Width in pixels of the widest tick label.
    pub fn label_width(&self) -> i32 {
        self.ticks
            .iter()
            .map(|t| text_size(&t.label, FONT).0)
            .max()
            .unwrap_or(0)
    }
}

/// A linear plotters coordinate whose key points are given: ticks (bold
/// mesh lines, labelled) and minor ticks (light mesh lines).
pub struct Ticked {
    inner: RangedCoordf64,
    bold: Vec<f64>,
    light: Vec<f64>,
}

impl Ranged for Ticked {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.inner.map(value, limit)
    }

    fn key_points<H: KeyPointHint>(&self, hint: H) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            self.light.clone()
        } else {
            self.bold.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.inner.range()
    }
}

/// The data range of `values`, padded; positive-only for log axes; never
/// empty, and at least `10⁻⁴` of its magnitude wide on a linear axis (so
/// six significant digits tell its ticks apart).
fn padded(values: impl Iterator<Item = f64>, log: bool) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values.filter(|v| v.is_finite() && (!log || *v > 0.0)) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if !lo.is_finite() {
        return if log { (0.1, 10.0) } else { (0.0, 1.0) };
    }
    if log {
        return (lo / 1.5, hi * 1.5);
    }
    if hi - lo < 1e-4 * lo.abs().max(hi.abs()) || hi == lo {
        let mid = 0.5 * (lo + hi);
        let half = if mid == 0.0 { 0.5 } else { 0.05 * mid.abs() };
        return (mid - half, mid + half);
    }
    let pad = 0.05 * (hi - lo);
    (lo - pad, hi + pad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_padded_and_never_empty() {
        assert_eq!(padded([1.0, 3.0].into_iter(), false), (0.9, 3.1));
        let (lo, hi) = padded([2.0, 8.0, -1.0].into_iter(), true);
        assert!((lo - 2.0 / 1.5).abs() < 1e-15 && (hi - 12.0).abs() < 1e-12);
        assert_eq!(padded([0.0, 0.0].into_iter(), false), (-0.5, 0.5));
        // A range narrower than 10⁻⁴ of its size: ±5 % about its midpoint.
        let mid = 100.0 + 0.5e-9;
        let (lo, hi) = padded([100.0, 100.0 + 1e-9].into_iter(), false);
        assert!((lo - 0.95 * mid).abs() <= 1e-13 * mid, "{lo}");
        assert!((hi - 1.05 * mid).abs() <= 1e-13 * mid, "{hi}");
        assert_eq!(padded([f64::NAN].into_iter(), true), (0.1, 10.0));
    }

    #[test]
    fn a_short_axis_thins_its_ticks_until_the_labels_fit() {
        let long = Axis::exact(0.01, 100.0, true, 700, true);
        let short = Axis::exact(0.01, 100.0, true, 200, true);
        assert_eq!(long.ticks().len(), 13);
        assert!(short.ticks().len() < 13 && short.ticks().len() >= 2);
        let t: Vec<f64> = short
            .ticks()
            .iter()
            .map(|t| short.fraction(t.value))
            .collect();
        assert!(t.windows(2).all(|w| (w[1] - w[0]) * 200.0 >= 50.0));
        // A plotting coordinate maps back to its label.
        assert_eq!(long.label(long.t(long.ticks()[4].value)), "0.2");
    }
}
