//! Axis ticks and their labels (`proofs-notes/figures.md`).
//!
//! A tick is a short decimal `n·10^e` chosen first and turned into a value
//! second, so its label is exact: `3·10⁻¹` is labelled `0.3`, never
//! `0.30000000000000004`. Candidates run from dense to sparse — on a log
//! axis 1-2-5 per decade, then every decade, every 2nd, 5th, 10th …; on a
//! linear axis (and first on a log axis where 1-2-5 gives fewer than three
//! ticks) the multiples of `{1, 2, 5}·10^k` — and the first whose labels do
//! not collide (`fits`) is taken.

/// Most significant digits a tick label may have.
pub const MAX_DIGITS: usize = 6;

/// One labelled tick.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    /// Its value: the closest double to the label.
    pub value: f64,
    /// Its label.
    pub label: String,
}

/// The decimal `n·10^e`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Decimal {
    n: i64,
    e: i32,
}

impl Decimal {
    fn new(mut n: i64, mut e: i32) -> Self {
        if n == 0 {
            return Self { n: 0, e: 0 };
        }
        while n % 10 == 0 {
            n /= 10;
            e += 1;
        }
        Self { n, e }
    }

    fn digits(self) -> usize {
        self.n.unsigned_abs().to_string().len()
    }

    /// The power of ten of the leading digit.
    fn lead(self) -> i32 {
        self.e + self.digits() as i32 - 1
    }

    fn value(self) -> f64 {
        // The shortest decimal parses to the closest double.
        format!("{}e{}", self.n, self.e).parse().unwrap_or(f64::NAN)
    }

    /// Exact positional form: `0.003`, `25000`, `−1.5`.
    fn plain(self) -> String {
        let s = self.n.unsigned_abs().to_string();
        let body = if self.e >= 0 {
            format!("{s}{}", "0".repeat(self.e as usize))
        } else {
            let k = (-self.e) as usize;
            if s.len() > k {
                format!("{}.{}", &s[..s.len() - k], &s[s.len() - k..])
            } else {
                format!("0.{}{s}", "0".repeat(k - s.len()))
            }
        };
        sign(self.n) + &body
    }

    /// `a×10ⁿ` (`10ⁿ` when `a = 1`).
    fn scientific(self) -> String {
        let s = self.n.unsigned_abs().to_string();
        let mantissa = if s.len() > 1 {
            format!("{}.{}", &s[..1], &s[1..])
        } else {
            s
        };
        let power = format!("10{}", superscript(self.lead()));
        if mantissa == "1" {
            sign(self.n) + &power
        } else {
            format!("{}{mantissa}×{power}", sign(self.n))
        }
    }
}

fn sign(n: i64) -> String {
    if n < 0 { "−".into() } else { String::new() }
}

fn superscript(p: i32) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    let mut s: String = p
        .unsigned_abs()
        .to_string()
        .bytes()
        .map(|b| DIGITS[(b - b'0') as usize])
        .collect();
    if p < 0 {
        s.insert(0, '⁻');
    }
    s
}

/// The labels of one axis: every label positional when every nonzero
/// tick's leading digit lies between `10⁻³` and `10⁴`, else every label in
/// `a×10ⁿ` form (0 stays `0`), so one axis never mixes the two.
fn labelled(ds: &[Decimal]) -> Vec<Tick> {
    let plain = ds.iter().all(|d| d.n == 0 || (-3..=4).contains(&d.lead()));
    ds.iter()
        .map(|&d| Tick {
            value: d.value(),
            label: if plain || d.n == 0 {
                d.plain()
            } else {
                d.scientific()
            },
        })
        .collect()
}

/// Multiples of `m·10^k` in `[lo, hi]` (`None` when there are too many).
fn multiples(lo: f64, hi: f64, m: i64, k: i32) -> Option<Vec<Decimal>> {
    let step = m as f64 * 10f64.powi(k);
    // A tick within round-off of an end counts as inside.
    let slack = 1e-9 * (lo.abs().max(hi.abs()) / step).max(1.0);
    let (a, b) = ((lo / step - slack).ceil(), (hi / step + slack).floor());
    if !(a.is_finite() && b.is_finite()) || b - a > 60.0 {
        return None;
    }
    Some(
        (a as i64..=b as i64)
            .map(|i| Decimal::new(i * m, k))
            .collect(),
    )
}

/// Linear candidates over `[lo, hi]`, densest first.
fn linear_candidates(lo: f64, hi: f64) -> Vec<Vec<Decimal>> {
    let k0 = ((hi - lo) / 60.0).log10().floor() as i32;
    let mut out = Vec::new();
    for k in k0..=k0 + 4 {
        for m in [1, 2, 5] {
            if let Some(ds) = multiples(lo, hi, m, k) {
                out.push(ds);
            }
        }
    }
    out
}

/// Log candidates over `[lo, hi]` (`lo > 0`), densest first.
fn log_candidates(lo: f64, hi: f64) -> Vec<Vec<Decimal>> {
    let (e0, e1) = (lo.log10().floor() as i32, hi.log10().ceil() as i32);
    let inside = |d: &Decimal| {
        let v = d.value();
        lo <= v && v <= hi
    };
    let per_decade = |ms: &[i64]| -> Vec<Decimal> {
        (e0..=e1)
            .flat_map(|e| ms.iter().map(move |&m| Decimal::new(m, e)))
            .filter(inside)
            .collect()
    };
    let one_two_five = per_decade(&[1, 2, 5]);
    let mut out = Vec::new();
    if one_two_five.len() < 3 {
        // Less than about a decade: round linear steps do better.
        out.extend(
            linear_candidates(lo, hi)
                .into_iter()
                .map(|ds| ds.into_iter().filter(|d| d.n > 0).collect()),
        );
    }
    out.push(one_two_five);
    let mut step = 1;
    while step <= 1000 {
        for s in [step, 2 * step, 5 * step] {
            out.push(
                (e0..=e1)
                    .filter(|e| e.rem_euclid(s) == 0)
                    .map(|e| Decimal::new(1, e))
                    .filter(inside)
                    .collect(),
            );
        }
        step *= 10;
    }
    out
}

/// The ticks of an axis over `[lo, hi]` (a log axis needs `0 < lo`): the
/// densest candidate with at least two ticks, at most [`MAX_DIGITS`]
/// significant digits per label, and labels that `fits` accepts; failing
/// that the candidate with most ticks that `fits` accepts; failing that
/// none.
pub fn ticks(lo: f64, hi: f64, log: bool, fits: impl Fn(&[Tick]) -> bool) -> Vec<Tick> {
    if !(lo.is_finite() && hi.is_finite() && lo < hi && (!log || lo > 0.0)) {
        return Vec::new();
    }
    let candidates = if log {
        log_candidates(lo, hi)
    } else {
        linear_candidates(lo, hi)
    };
    let mut fallback: Vec<Tick> = Vec::new();
    for ds in candidates {
        if ds.iter().any(|d| d.digits() > MAX_DIGITS) {
            continue;
        }
        let t = labelled(&ds);
        if !fits(&t) {
            continue;
        }
        if t.len() >= 2 {
            return t;
        }
        if t.len() > fallback.len() {
            fallback = t;
        }
    }
    fallback
}

/// Unlabelled minor ticks of a log axis: `m·10^e`, `m = 2 … 9`, in
/// `[lo, hi]`, when a decade is at least `min_decade` pixels long
/// (`decade_px`); none otherwise.
pub fn log_minor(lo: f64, hi: f64, decade_px: f64, min_decade: f64) -> Vec<f64> {
    if !(lo > 0.0 && lo < hi && decade_px >= min_decade) {
        return Vec::new();
    }
    let (e0, e1) = (lo.log10().floor() as i32, hi.log10().ceil() as i32);
    (e0..=e1)
        .flat_map(|e| (2..10).map(move |m| Decimal::new(m, e).value()))
        .filter(|v| lo <= *v && *v <= hi)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(t: &[Tick]) -> Vec<&str> {
        t.iter().map(|t| t.label.as_str()).collect()
    }

    #[test]
    fn log_ticks_are_1_2_5_per_decade_over_0_01_to_100() {
        let t = ticks(0.01, 100.0, true, |_| true);
        assert_eq!(
            labels(&t),
            [
                "0.01", "0.02", "0.05", "0.1", "0.2", "0.5", "1", "2", "5", "10", "20", "50", "100"
            ]
        );
        assert_eq!(t[3].value, 0.1);
        assert_eq!(t[12].value, 100.0);
    }

    #[test]
    fn log_ticks_thin_to_decades_when_labels_collide() {
        // At most 5 labels fit: every decade, then every 2nd.
        let t = ticks(0.01, 100.0, true, |t| t.len() <= 5);
        assert_eq!(labels(&t), ["0.01", "0.1", "1", "10", "100"]);
        let t = ticks(1e-8, 1e2, true, |t| t.len() <= 6);
        // One axis never mixes the forms: all powers of ten here.
        assert_eq!(labels(&t), ["10⁻⁸", "10⁻⁶", "10⁻⁴", "10⁻²", "10⁰", "10²"]);
    }

    #[test]
    fn labels_are_the_shortest_decimal_never_round_off_digits() {
        // 3·0.1 = 0.30000000000000004 in floating point; the tick is the
        // decimal 3·10⁻¹, labelled 0.3, valued at the double closest to it.
        let t = ticks(0.0, 1.0, false, |t| t.len() <= 11);
        assert_eq!(
            labels(&t),
            [
                "0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1"
            ]
        );
        assert_eq!(t[3].value, 0.3);
        let t = ticks(0.25, 0.45, true, |t| t.len() <= 5);
        assert_eq!(labels(&t), ["0.25", "0.3", "0.35", "0.4", "0.45"]);
        // Over more than a decade 1-2-5 wins on a log axis.
        let t = ticks(0.033, 0.6, true, |t| t.len() <= 6);
        assert_eq!(labels(&t), ["0.05", "0.1", "0.2", "0.5"]);
    }

    #[test]
    fn linear_ticks_are_round_and_use_powers_for_tiny_values() {
        let t = ticks(-2.6, 2.6, false, |t| t.len() <= 6);
        assert_eq!(labels(&t), ["−2", "−1", "0", "1", "2"]);
        let t = ticks(0.0, 3e-5, false, |t| t.len() <= 4);
        assert_eq!(labels(&t), ["0", "10⁻⁵", "2×10⁻⁵", "3×10⁻⁵"]);
        let t = ticks(1000.02, 1000.07, false, |t| t.len() <= 6);
        assert_eq!(
            labels(&t),
            [
                "1000.02", "1000.03", "1000.04", "1000.05", "1000.06", "1000.07"
            ]
        );
        // Beyond six significant digits no candidate qualifies.
        assert!(ticks(1e6 + 0.1, 1e6 + 0.2, false, |_| true).is_empty());
        assert!(ticks(1.0, 1.0, false, |_| true).is_empty());
        assert!(ticks(-1.0, 1.0, true, |_| true).is_empty());
    }

    #[test]
    fn minor_log_ticks_only_on_long_decades() {
        assert_eq!(log_minor(1.0, 10.0, 100.0, 60.0).len(), 8);
        assert!(log_minor(1.0, 10.0, 40.0, 60.0).is_empty());
    }
}
