//! Basin classification built once per landscape: exact intervals in 1-D,
//! certified sublevel balls in 2-D, the gradient flow ([`basin_of`])
//! everywhere else.

use super::basin::{Basin, BasinOptions, basin_of};
use super::classify::distance;
use super::find_all::{CriticalSet, FindAllOptions, check_box, find_all};
use crate::error::{Result, check_point};
use crate::traits::LandscapeHessian;

/// `|L'|` at the edge of a separator's guard band, in units of
/// [`BasinOptions::gradient_tol`] (see [`BasinClassifier`]).
const GUARD_GRADIENT: f64 = 1e3;

/// Derivative samples per labelled interval in the 1-D sign check.
const SIGN_SAMPLES: usize = 256;

/// Points on the circle of a 2-D ball.
const CIRCLE_SAMPLES: usize = 2048;

/// The part of the gap between `L(m)` and the circle's bound a point may
/// use: the rest absorbs the step error of [`basin_of`]'s numerical flow.
const BALL_MARGIN: f64 = 0.9;

/// Halvings of a ball's radius tried before a minimum gets no ball.
const BALL_SHRINKS: usize = 30;

/// Which listed minimum a point flows to under `ẋ = −∇L(x)`: the answer of
/// [`basin_of`], at a fraction of its cost, built once from the landscape,
/// its minima and the critical points the search finds in the box.
///
/// * **d = 1: exact intervals, O(log k).** The critical points in the box
///   [`find_all`] finds cut the box into gaps; a minimum found there is
///   *listed* when [`basin_of`] would match it to a listed minimum (the
///   first within `match_radius`). On a gap between a listed minimum `m` and a non-minimum
///   critical point (or the box's end) `L'` has one sign, so the flow moves
///   monotonically to `m`: the gap is labelled `m`. Around each
///   non-minimum critical point `s` a guard band `|x − s| < δ_s` is left to
///   [`basin_of`] (there its own stall rule `|L'| ≤ gradient_tol` decides),
///   with `δ_s` the smallest `2ʲ·10⁻¹²·max(1, |s|)` at which
///   `|L'(s ± δ_s)| ≥ 10³·gradient_tol`. A gap with no listed minimum, two
///   minima, or a derivative sample of the wrong sign (a critical point the
///   search missed) is not labelled. Points outside the box, in a guard
///   band, on a critical point or in an unlabelled gap go to [`basin_of`];
///   a labelled gap answers by binary search.
/// * **d = 2: sublevel balls, O(k).** Around each minimum `m` the search
///   finds (its polished position; only those [`basin_of`] matches to a
///   listed minimum, within `match_radius`, answer) a disc
///   `B(m, r)` holding no other known critical point, and the level
///   `c = min_{∂B} L` bounded below from `2048` samples of the circle as
///   `c ≥ min L(samples) − G·h` (`h` the arc between samples, `G` the
///   largest sampled `‖∇L‖`). A point `x ∈ B` with
///   `L(x) < L(m) + 0.9·(c − L(m))` flows to `m`: `L` decreases along the
///   flow, so it never reaches `∂B`, and the only critical point in `B` is
///   `m`. Everything else goes to [`basin_of`].
/// * **d ≥ 3:** every point goes to [`basin_of`].
///
/// # Exactness
/// In 1-D, `classify(x) == basin_of(x)` (as `Some(k)` / `None`) for every
/// `x` when the critical points in the box are all known (the catalogue's
/// closed forms; the search's, which the sign check tests): in a labelled
/// gap, outside the guard bands, either `|L'| > gradient_tol` and
/// [`basin_of`]'s flow — monotone, stable (`h ≤ 1/|L''|`) and unable to
/// cross a zero of `L'` — ends at the gap's minimum, or (next to the
/// minimum) Newton polishes the start into it.
/// In 2-D the balls' answers are those of the exact flow given the known
/// critical points and the circle bound (the Lipschitz bound uses the
/// sampled gradient, not a proven maximum); every other answer is
/// [`basin_of`]'s. Derivation: `proofs-notes/basin-classification.md`.
///
/// # Cost
/// Building: one [`find_all`] in the box (d ≤ 2), then `O(k)` guard bands
/// and `256` derivative samples per gap (1-D) or `2048` circle samples per
/// minimum (2-D). Classifying: a binary search (1-D) or `k` distances and
/// one value (2-D); [`basin_of`]'s cost only for the points left to it.
///
/// # Examples
/// ```
/// use sgdpde_landscape::DoubleWell;
/// use sgdpde_landscape::critical::{BasinClassifier, BasinOptions};
/// let w = DoubleWell::symmetric();
/// let minima = [vec![-1.0], vec![1.0]];
/// let c = BasinClassifier::new(&w, &minima, &[[-2.0, 2.0]], BasinOptions::default())?;
/// assert_eq!(c.classify(&[0.3]), Some(1));
/// assert_eq!(c.classify(&[-1.7]), Some(0));
/// assert_eq!(c.classify(&[0.0]), None); // on the barrier top
/// # Ok::<(), sgdpde_landscape::LandscapeError>(())
/// ```
#[derive(Debug, Clone)]
pub struct BasinClassifier<'a, L: ?Sized> {
    l: &'a L,
    minima: Vec<Vec<f64>>,
    opts: BasinOptions,
    method: Method,
}

/// How a classifier answers before falling back to [`basin_of`].
#[derive(Debug, Clone, PartialEq)]
enum Method {
    /// 1-D: `cuts` strictly increasing (the box's ends first and last);
    /// `labels[i]` is the answer on the open cell `(cuts[i], cuts[i+1])`.
    Intervals {
        cuts: Vec<f64>,
        labels: Vec<Option<usize>>,
    },
    /// 2-D: one sublevel ball per listed minimum that has one.
    Balls(Vec<Ball>),
    /// Always [`basin_of`].
    Flow,
}

/// A disc `‖x − centre‖ < radius` in which `L(x) < level` certifies the
/// basin of `minimum`.
#[derive(Debug, Clone, PartialEq)]
struct Ball {
    centre: Vec<f64>,
    radius: f64,
    level: f64,
    minimum: usize,
}

/// A critical point on the line: a listed minimum, or anything else.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Point {
    Listed(usize),
    Other,
}

impl<'a, L: LandscapeHessian + ?Sized> BasinClassifier<'a, L> {
    /// A classifier for `minima` of `l`, learning the other critical points
    /// from [`find_all`] in `search_box` (d ≤ 2; d ≥ 3 always flows).
    ///
    /// A search that fails leaves every point to [`basin_of`].
    ///
    /// # Errors
    /// [`LandscapeError::DimensionMismatch`](crate::LandscapeError::DimensionMismatch) / [`LandscapeError::NonFinitePoint`](crate::LandscapeError::NonFinitePoint)
    /// for a mis-sized or non-finite minimum, or a box of the wrong dimension;
    /// [`LandscapeError::InvalidParameter`](crate::LandscapeError::InvalidParameter) (name `"box"`) for a non-finite
    /// or empty box interval.
    pub fn new(
        l: &'a L,
        minima: &[Vec<f64>],
        search_box: &[[f64; 2]],
        opts: BasinOptions,
    ) -> Result<Self> {
        check_box(l.dim(), search_box)?;
        let set = if l.dim() <= 2 && minima.len() >= 2 {
            find_all(l, search_box, &FindAllOptions::default()).ok()
        } else {
            None
        };
        Self::with_critical_set(l, minima, set.as_ref(), search_box, opts)
    }

    /// As [`Self::new`] with the critical points already found (`None`: no
    /// search; every point flows).
    ///
    /// # Errors
    /// As [`Self::new`].
    pub fn with_critical_set(
        l: &'a L,
        minima: &[Vec<f64>],
        set: Option<&CriticalSet>,
        search_box: &[[f64; 2]],
        opts: BasinOptions,
    ) -> Result<Self> {
        let d = l.dim();
        check_box(d, search_box)?;
        for m in minima {
            check_point("listed minimum", m, d)?;
        }
        // The critical points found, each minimum with the listed one
        // `basin_of` matches its polished end point to (the first within
        // `match_radius`), or with none.
        let (mut found, mut others) = (Vec::new(), Vec::new());
        if let Some(s) = set {
            for p in s.minima.iter() {
                let k = minima
                    .iter()
                    .position(|m| distance(m, &p.x) <= opts.match_radius);
                found.push((p.x.clone(), k));
            }
            for p in s
                .saddles
                .iter()
                .chain(&s.higher_saddles)
                .chain(&s.degenerate)
            {
                others.push(p.x.clone());
            }
        }
        let method = match (d, set) {
            (_, None) => Method::Flow,
            (1, Some(_)) => intervals(l, &found, &others, search_box[0], &opts),
            (2, Some(_)) => balls(l, &found, &others, search_box),
            _ => Method::Flow,
        };
        Ok(Self {
            l,
            minima: minima.to_vec(),
            opts,
            method,
        })
    }

    /// The index of the listed minimum `x` flows to; `None` when undecided
    /// (on or near a separatrix, an unlisted minimum, out of steps, or a
    /// bad point) — [`basin_of`]'s answer, see the type's docs.
    pub fn classify(&self, x: &[f64]) -> Option<usize> {
        self.shortcut(x).or_else(|| self.flow(x))
    }

    /// The answer of the interval or ball rule, `None` where it does not
    /// decide (the point is then left to [`basin_of`]).
    fn shortcut(&self, x: &[f64]) -> Option<usize> {
        match &self.method {
            Method::Intervals { cuts, labels } if x.len() == 1 => {
                let v = x[0];
                // NaN fails both comparisons and flows (an error: None).
                if v > cuts[0] && v < cuts[cuts.len() - 1] {
                    let i = cuts.partition_point(|&c| c < v);
                    // cuts[i - 1] < v ≤ cuts[i]: on a cut, flow.
                    if v < cuts[i]
                        && let Some(k) = labels[i - 1]
                    {
                        return Some(k);
                    }
                }
            }
            Method::Balls(balls) if x.len() == self.l.dim() => {
                let mut value = None;
                for b in balls {
                    if distance(x, &b.centre) < b.radius {
                        let v = *value.get_or_insert_with(|| self.l.value(x));
                        if v < b.level {
                            return Some(b.minimum);
                        }
                    }
                }
            }
            _ => {}
        }
        None
    }

    /// [`basin_of`] as an answer.
    fn flow(&self, x: &[f64]) -> Option<usize> {
        match basin_of(self.l, x, &self.minima, &self.opts) {
            Ok(Basin::Minimum(k)) => Some(k),
            _ => None,
        }
    }

    /// Whether the classifier answers anything without [`basin_of`] (false:
    /// d ≥ 3, a failed search, or no certified region).
    pub fn has_shortcut(&self) -> bool {
        match &self.method {
            Method::Intervals { labels, .. } => labels.iter().any(Option::is_some),
            Method::Balls(b) => !b.is_empty(),
            Method::Flow => false,
        }
    }
}

/// `L'(x)` of a 1-D landscape.
fn slope<L: LandscapeHessian + ?Sized>(l: &L, x: f64) -> f64 {
    let mut g = [0.0];
    l.gradient_into(&[x], &mut g);
    g[0]
}

/// The 1-D cells: see [`BasinClassifier`].
fn intervals<L: LandscapeHessian + ?Sized>(
    l: &L,
    found: &[(Vec<f64>, Option<usize>)],
    others: &[Vec<f64>],
    [lo, hi]: [f64; 2],
    opts: &BasinOptions,
) -> Method {
    // A found minimum nobody listed bounds gaps as any critical point does.
    let mut points: Vec<(f64, Point)> = found
        .iter()
        .map(|(m, k)| (m[0], k.map_or(Point::Other, Point::Listed)))
        .chain(others.iter().map(|p| (p[0], Point::Other)))
        .filter(|&(x, _)| x > lo && x < hi)
        .collect();
    points.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Two points at one abscissa (a listed minimum also found as something
    // else, or repeated): nothing next to them is decided here.
    let clash: Vec<bool> = (0..points.len())
        .map(|i| {
            (i > 0 && points[i - 1].0 == points[i].0)
                || (i + 1 < points.len() && points[i + 1].0 == points[i].0)
        })
        .collect();
    let n = points.len();
    let mut cuts = vec![lo];
    let mut labels: Vec<Option<usize>> = Vec::new();
    // A cell `(last cut, x)` with answer `label`; nothing if empty.
    let mut push = |x: f64, label: Option<usize>| {
        if x > cuts[cuts.len() - 1] {
            cuts.push(x);
            labels.push(label);
        }
    };
    // Gap `i` lies between point `i − 1` (or the box's lower end) and
    // point `i` (or the upper end).
    for i in 0..=n {
        let left = i.checked_sub(1).map(|j| (points[j].1, clash[j]));
        let right = (i < n).then(|| (points[i].1, clash[i]));
        let a = if i == 0 { lo } else { points[i - 1].0 };
        let b = if i == n { hi } else { points[i].0 };
        // The guard band of a non-minimum end (an unlisted minimum's, too,
        // is only ever next to unlabelled gaps); none at a listed minimum
        // or the box.
        let guard = |end: Option<(Point, bool)>, s: f64| match end {
            Some((Point::Other, _)) => guard_band(l, s, (b - a) / 2.0, opts),
            _ => Some(0.0),
        };
        let (Some(ga), Some(gb)) = (guard(left, a), guard(right, b)) else {
            push(b, None);
            continue;
        };
        let label = match (left, right) {
            (Some((_, true)), _) | (_, Some((_, true))) => None,
            (Some((Point::Listed(k), _)), Some((Point::Other, _)) | None)
            | (Some((Point::Other, _)) | None, Some((Point::Listed(k), _))) => Some(k),
            _ => None,
        };
        let (ia, ib) = (a + ga, b - gb);
        let m = if matches!(left, Some((Point::Listed(_), _))) {
            a
        } else {
            b
        };
        let label = label.filter(|_| ia < ib && signs_agree(l, ia, ib, m));
        // The left guard and the right guard flow; the gap between answers.
        push(ia, None);
        push(ib, label);
        push(b, None);
    }
    Method::Intervals { cuts, labels }
}

/// The half-width `δ` of the guard band around the non-minimum critical
/// point `s`: the first `2ʲ·10⁻¹²·max(1, |s|)` with
/// `|L'(s ± δ)| ≥ 10³·gradient_tol` on both sides; `None` if it exceeds
/// `limit` (half the gap) or the derivative is not finite.
fn guard_band<L: LandscapeHessian + ?Sized>(
    l: &L,
    s: f64,
    limit: f64,
    opts: &BasinOptions,
) -> Option<f64> {
    let need = GUARD_GRADIENT * opts.gradient_tol;
    let mut delta = 1e-12 * s.abs().max(1.0);
    while delta <= limit {
        let (a, b) = (slope(l, s - delta), slope(l, s + delta));
        if !(a.is_finite() && b.is_finite()) {
            return None;
        }
        if a.abs() >= need && b.abs() >= need {
            return Some(delta);
        }
        delta *= 2.0;
    }
    None
}

/// `L'` has the sign of `y − m` at `256` evenly spaced interior points of
/// `(a, b)`: no sign change but at the minimum `m`.
fn signs_agree<L: LandscapeHessian + ?Sized>(l: &L, a: f64, b: f64, m: f64) -> bool {
    (1..=SIGN_SAMPLES).all(|j| {
        let y = a + (b - a) * j as f64 / (SIGN_SAMPLES + 1) as f64;
        let g = slope(l, y);
        g.is_finite() && (y == m || (g > 0.0) == (y > m) && g != 0.0)
    })
}

/// The 2-D sublevel balls: see [`BasinClassifier`].
fn balls<L: LandscapeHessian + ?Sized>(
    l: &L,
    found: &[(Vec<f64>, Option<usize>)],
    others: &[Vec<f64>],
    search_box: &[[f64; 2]],
) -> Method {
    let width = search_box
        .iter()
        .map(|&[lo, hi]| hi - lo)
        .fold(0.0f64, f64::max);
    let mut out = Vec::new();
    for (i, (m, k)) in found.iter().enumerate() {
        let Some(k) = *k else { continue };
        let nearest = found
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != i)
            .map(|(_, q)| &q.0)
            .chain(others)
            .map(|q| distance(m, q))
            .fold(f64::INFINITY, f64::min);
        let mut radius = (0.5 * nearest).min(width);
        let lm = l.value(m);
        if !(radius > 0.0 && lm.is_finite()) {
            continue;
        }
        for _ in 0..BALL_SHRINKS {
            match circle_bound(l, m, radius) {
                Some(c) if c > lm => {
                    out.push(Ball {
                        centre: m.clone(),
                        radius,
                        level: lm + BALL_MARGIN * (c - lm),
                        minimum: k,
                    });
                    break;
                }
                _ => radius *= 0.5,
            }
        }
    }
    Method::Balls(out)
}

/// A lower bound of `L` on the circle `‖x − m‖ = r`: the sampled minimum
/// less `G·h` (`h` the arc between samples, `G` the largest sampled
/// gradient norm); `None` for a non-finite sample.
fn circle_bound<L: LandscapeHessian + ?Sized>(l: &L, m: &[f64], r: f64) -> Option<f64> {
    let mut g = [0.0; 2];
    let (mut vmin, mut gmax) = (f64::INFINITY, 0.0f64);
    for j in 0..CIRCLE_SAMPLES {
        let t = std::f64::consts::TAU * j as f64 / CIRCLE_SAMPLES as f64;
        let p = [m[0] + r * t.cos(), m[1] + r * t.sin()];
        let v = l.value(&p);
        l.gradient_into(&p, &mut g);
        let gn = g[0].hypot(g[1]);
        if !(v.is_finite() && gn.is_finite()) {
            return None;
        }
        vmin = vmin.min(v);
        gmax = gmax.max(gn);
    }
    let h = std::f64::consts::TAU * r / CIRCLE_SAMPLES as f64;
    Some(vmin - gmax * h)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::LandscapeError;
    use crate::{
        CoupledDoubleWell, DoubleWell, ExprLandscape, KnownCriticalPoints, MullerBrown, MultiWell,
    };

    /// SplitMix64 in `[0, 1)`: reproducible test points without a generator crate.
    fn uniforms(seed: u64, n: usize) -> Vec<f64> {
        let mut z = seed;
        (0..n)
            .map(|_| {
                z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
                let mut v = z;
                v = (v ^ (v >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
                v = (v ^ (v >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
                v ^= v >> 31;
                (v >> 11) as f64 / (1u64 << 53) as f64
            })
            .collect()
    }

    fn flow<L: LandscapeHessian + ?Sized>(l: &L, x: &[f64], minima: &[Vec<f64>]) -> Option<usize> {
        match basin_of(l, x, minima, &BasinOptions::default()) {
            Ok(Basin::Minimum(k)) => Some(k),
            _ => None,
        }
    }

    /// The minima the CLI lists: the closed forms, else the search's.
    fn listed<L: LandscapeHessian + KnownCriticalPoints>(l: &L, b: &[[f64; 2]]) -> Vec<Vec<f64>> {
        let m: Vec<Vec<f64>> = l
            .known_critical_points()
            .into_iter()
            .filter(|p| p.index == 0)
            .map(|p| p.x)
            .collect();
        if !m.is_empty() {
            return m;
        }
        let set = find_all(l, b, &FindAllOptions::default()).unwrap();
        set.minima.into_iter().map(|p| p.x).collect()
    }

    /// 1-D: random points over the box and beyond, every critical point,
    /// and points at distances 10⁻¹ … 10⁻¹³ and at the guard bands' edges
    /// on both sides of each: the classifier answers as `basin_of`, and
    /// the interval rule decides most random points itself.
    fn agrees_exactly_1d<L: LandscapeHessian + KnownCriticalPoints>(l: &L, b: [f64; 2]) {
        let minima = listed(l, &[b]);
        assert!(minima.len() >= 2, "{minima:?}");
        let o = BasinOptions::default();
        let c = BasinClassifier::new(l, &minima, &[b], o).unwrap();
        assert!(c.has_shortcut());
        let set = find_all(l, &[b], &FindAllOptions::default()).unwrap();
        let w = b[1] - b[0];
        let mut xs: Vec<f64> = uniforms(7, 1500)
            .into_iter()
            .map(|u| b[0] - 0.2 * w + 1.4 * w * u)
            .collect();
        let crit: Vec<f64> = minima
            .iter()
            .map(|m| m[0])
            .chain(set.saddles.iter().map(|p| p.x[0]))
            .chain(set.degenerate.iter().map(|p| p.x[0]))
            .chain([b[0], b[1]])
            .collect();
        for &s in &crit {
            xs.push(s);
            for j in 1..=13 {
                let h = 10f64.powi(-j);
                xs.extend([s - h, s + h, s - 3.0 * h, s + 3.0 * h]);
            }
            if let Some(d) = guard_band(l, s, 1.0, &o) {
                for f in [1.0 - 1e-9, 1.0, 1.0 + 1e-9, 2.0] {
                    xs.extend([s - f * d, s + f * d]);
                }
            }
        }
        xs.push(f64::NAN);
        let mut quick = 0;
        for &x in &xs {
            let got = c.classify(&[x]);
            assert_eq!(got, flow(l, &[x], &minima), "x = {x:e}");
            quick += usize::from(c.shortcut(&[x]).is_some());
        }
        assert!(
            quick >= 1000,
            "the intervals decided only {quick} of {}",
            xs.len()
        );
    }

    #[test]
    fn one_dimensional_intervals_agree_with_the_flow_exactly() {
        agrees_exactly_1d(&DoubleWell::symmetric(), [-2.0, 2.0]);
        agrees_exactly_1d(&DoubleWell::new(0.2).unwrap(), [-2.0, 2.0]);
        agrees_exactly_1d(&MultiWell::default_wells(), [-2.5, 2.5]);
        let e = ExprLandscape::new("x^4/4 - x^2/2 + 0.1*x", &["x"], &[] as &[(&str, f64)]).unwrap();
        agrees_exactly_1d(&e, [-2.0, 2.0]);
        // Five wells inside the box, a maximum at every crest.
        let e = ExprLandscape::new("x^2/8 - cos(4*x)", &["x"], &[] as &[(&str, f64)]).unwrap();
        agrees_exactly_1d(&e, [-2.0, 2.0]);
    }

    /// A degenerate critical point: `L = x⁴/4 − x³` has `L' = x²(x − 3)`,
    /// an inflection with `L' = L'' = 0` at 0 and the minimum 3. Starts
    /// left of 0 stall at the inflection (undecided), right of it flow to 3.
    #[test]
    fn an_inflection_point_bounds_a_basin() {
        let e = ExprLandscape::new("x^4/4 - x^3", &["x"], &[] as &[(&str, f64)]).unwrap();
        let minima = [vec![3.0], vec![-10.0]];
        let b = [[-2.0, 4.0]];
        let set = find_all(&e, &b, &FindAllOptions::default()).unwrap();
        let c = BasinClassifier::with_critical_set(
            &e,
            &minima,
            Some(&set),
            &b,
            BasinOptions::default(),
        )
        .unwrap();
        for x in [-1.5, -1e-3, 0.0, 1e-5, 1e-3, 0.5, 2.0, 3.5] {
            assert_eq!(c.classify(&[x]), flow(&e, &[x], &minima), "x = {x}");
        }
        assert_eq!(c.shortcut(&[0.5]), Some(0));
        assert_eq!(c.shortcut(&[-1.0]), None);
    }

    /// A missed critical point leaves its gaps to the flow: told only of
    /// the minima ±1 of the double well (no search), nothing is decided by
    /// the intervals, and the answers are still the flow's.
    #[test]
    fn without_the_search_every_point_flows() {
        let w = DoubleWell::symmetric();
        let minima = [vec![-1.0], vec![1.0]];
        let c = BasinClassifier::with_critical_set(
            &w,
            &minima,
            None,
            &[[-2.0, 2.0]],
            BasinOptions::default(),
        )
        .unwrap();
        assert!(!c.has_shortcut());
        assert_eq!(c.classify(&[0.4]), Some(1));
        // An empty search (no maximum found): two listed minima next to
        // each other decide nothing between them.
        let mut set = find_all(&w, &[[-2.0, 2.0]], &FindAllOptions::default()).unwrap();
        set.saddles.clear();
        let c = BasinClassifier::with_critical_set(
            &w,
            &minima,
            Some(&set),
            &[[-2.0, 2.0]],
            BasinOptions::default(),
        )
        .unwrap();
        assert_eq!(c.shortcut(&[0.4]), None);
        assert_eq!(c.shortcut(&[1.5]), Some(1));
        assert_eq!(c.classify(&[-0.4]), Some(0));
    }

    /// 2-D: random points in and around the box; every answer is the
    /// flow's, and the balls decide a good share of them.
    fn agrees_2d<L: LandscapeHessian + KnownCriticalPoints>(
        l: &L,
        b: [[f64; 2]; 2],
        min_quick: usize,
    ) {
        let minima = listed(l, &b);
        let c = BasinClassifier::new(l, &minima, &b, BasinOptions::default()).unwrap();
        let u = uniforms(11, 1200);
        let mut quick = 0;
        for p in u.chunks(2) {
            let x: Vec<f64> = p
                .iter()
                .zip(&b)
                .map(|(t, &[lo, hi])| lo - 0.1 * (hi - lo) + 1.2 * (hi - lo) * t)
                .collect();
            assert_eq!(c.classify(&x), flow(l, &x, &minima), "x = {x:?}");
            quick += usize::from(c.shortcut(&x).is_some());
        }
        // Points next to each minimum are decided by its ball.
        for (k, m) in minima.iter().enumerate() {
            let x = [m[0] + 1e-3, m[1] - 1e-3];
            let f = flow(l, &x, &minima);
            assert_eq!(c.classify(&x), f);
            if f == Some(k) {
                assert_eq!(c.shortcut(&x), Some(k), "next to {m:?}");
            }
        }
        assert!(quick >= min_quick, "the balls decided {quick} of 600");
    }

    #[test]
    fn two_dimensional_balls_agree_with_the_flow() {
        agrees_2d(
            &CoupledDoubleWell::new(2.0, 0.5).unwrap(),
            [[-2.0, 2.0]; 2],
            10,
        );
        // The tabulated minima (4 digits) lie ~10⁻⁴ from the polished ones,
        // beyond `match_radius`: `basin_of` matches none of them, so no
        // ball answers (and every answer is undecided, as the flow's).
        agrees_2d(&MullerBrown, [[-1.5, 1.2], [-0.5, 2.0]], 0);
        let e = ExprLandscape::new(
            "(x^2-1)^2/4 + y^2/2 + 0.3*x*y",
            &["x", "y"],
            &[] as &[(&str, f64)],
        )
        .unwrap();
        agrees_2d(&e, [[-2.0, 2.0]; 2], 10);
    }

    #[test]
    fn bad_boxes_and_minima_are_errors() {
        let w = DoubleWell::symmetric();
        let o = BasinOptions::default();
        assert!(matches!(
            BasinClassifier::new(&w, &[vec![1.0]], &[[2.0, -2.0]], o),
            Err(LandscapeError::InvalidParameter { name: "box", .. })
        ));
        assert!(matches!(
            BasinClassifier::new(&w, &[vec![1.0, 0.0]], &[[-2.0, 2.0]], o),
            Err(LandscapeError::DimensionMismatch { .. })
        ));
        assert!(matches!(
            BasinClassifier::new(&w, &[vec![1.0]], &[[-2.0, 2.0]; 2], o),
            Err(LandscapeError::DimensionMismatch { .. })
        ));
    }
}
