//! Multi-start search for all minima and index-1 saddles in a box.

use super::classify::{CriticalKind, CriticalPoint, distance};
use super::newton::{NewtonOptions, newton_critical_point};
use crate::error::{LandscapeError, Result};
use crate::traits::LandscapeHessian;

/// Options of [`find_all`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FindAllOptions {
    /// Number of Newton starts (Halton points of the box). Default 400.
    pub starts: usize,
    /// Two points closer than `dedup_radius · max(1, ‖x‖)` are the same. Default `1e-6`.
    pub dedup_radius: f64,
    /// Newton options of every start.
    pub newton: NewtonOptions,
}

impl Default for FindAllOptions {
    fn default() -> Self {
        Self {
            starts: 400,
            dedup_radius: 1e-6,
            newton: NewtonOptions::default(),
        }
    }
}

/// The distinct critical points found in a box.
#[derive(Debug, Clone, PartialEq)]
pub struct CriticalSet {
    /// Minima, by increasing value (ties by coordinates).
    pub minima: Vec<CriticalPoint>,
    /// Index-1 saddles, by increasing value (ties by coordinates).
    pub saddles: Vec<CriticalPoint>,
    /// Saddles of index ≥ 2 (maxima in 2-D), same order.
    pub higher_saddles: Vec<CriticalPoint>,
    /// Degenerate critical points (a zero Hessian eigenvalue), same order. On
    /// a continuum of minimisers (flat directions) every start finds its own.
    pub degenerate: Vec<CriticalPoint>,
    /// Starts whose Newton iteration converged to a point inside the box.
    pub converged_starts: usize,
    /// Starts tried.
    pub starts: usize,
}

/// Point `i` (from 0) of the Halton sequence in `[0, 1)ᵈ`, coordinate `k`
/// in base the `k`-th prime (radical inverse of `i + 1`).
///
/// # Examples
/// ```
/// use sgdpde_landscape::critical::halton;
/// assert_eq!(halton(0, 2), vec![0.5, 1.0 / 3.0]);
/// assert_eq!(halton(1, 1), vec![0.25]);
/// ```
pub fn halton(i: usize, d: usize) -> Vec<f64> {
    let mut primes = Vec::with_capacity(d);
    let mut c = 2usize;
    while primes.len() < d {
        if primes
            .iter()
            .take_while(|&&p| p * p <= c)
            .all(|&p| !c.is_multiple_of(p))
        {
            primes.push(c);
        }
        c += 1;
    }
    primes
        .iter()
        .map(|&b| {
            let (mut n, mut f, mut r) = (i + 1, 1.0, 0.0);
            while n > 0 {
                f /= b as f64;
                r += f * (n % b) as f64;
                n /= b;
            }
            r
        })
        .collect()
}

/// All critical points Newton reaches from `starts` quasi-random points of
/// the box `bounds = [[lo₀, hi₀], …]`, deduplicated and classified.
///
/// ```text
/// x⁽ʲ⁾ = lo + (hi − lo) ∘ halton(j),  j = 0 … starts − 1
/// p⁽ʲ⁾ = Newton(x⁽ʲ⁾)  — kept if it converged and lies in the box
/// ```
///
/// Points within `dedup_radius·max(1, ‖x‖)` of an earlier one are merged
/// (the one with the smaller gradient residual is kept). The Halton sequence
/// makes the search deterministic and evenly spread; it finds every critical
/// point whose Newton basin of attraction (under the damped iteration)
/// contains a start — not a proof that none is missed, so tests check it
/// against landscapes with known critical points.
///
/// # Order
/// Each start inherits Newton's quadratic local convergence
/// ([`newton_critical_point`]); cost is `starts` Newton solves.
///
/// # Stability
/// Starts that diverge, stall or leave the box are skipped, never fatal.
///
/// # Errors
/// [`LandscapeError::DimensionMismatch`] if `bounds.len() != l.dim()`;
/// [`LandscapeError::InvalidParameter`] (name `"box"`) for a non-finite or
/// empty interval (value: the offending bound) or zero starts;
/// [`LandscapeError::NonFiniteCurvature`] when a start converges to a
/// critical point whose value or Hessian is not finite (the landscape
/// overflows: it would otherwise be dropped silently). Other failing
/// starts are not errors: they are skipped and counted.
///
/// # Examples
/// ```
/// use sgdpde_landscape::MullerBrown;
/// use sgdpde_landscape::critical::{FindAllOptions, find_all};
/// let s = find_all(&MullerBrown, &[[-1.5, 1.2], [-0.5, 2.0]], &FindAllOptions::default())?;
/// assert_eq!((s.minima.len(), s.saddles.len()), (3, 2));
/// # Ok::<(), sgdpde_landscape::LandscapeError>(())
/// ```
///
/// # References
/// J. H. Halton, Numer. Math. 2 (1960) 84–90 (the low-discrepancy sequence);
/// D. J. Wales, *Energy Landscapes*, Cambridge (2003), ch. 6 (locating
/// stationary points).
pub fn find_all<L: LandscapeHessian + ?Sized>(
    l: &L,
    bounds: &[[f64; 2]],
    opts: &FindAllOptions,
) -> Result<CriticalSet> {
    let d = l.dim();
    check_box(d, bounds)?;
    if opts.starts == 0 {
        return Err(LandscapeError::InvalidParameter {
            name: "starts",
            value: 0.0,
            constraint: "at least 1",
        });
    }
    let inside = |x: &[f64]| {
        x.iter().zip(bounds).all(|(v, &[lo, hi])| {
            let m = 1e-9 * (hi - lo);
            *v >= lo - m && *v <= hi + m
        })
    };
    let mut found: Vec<CriticalPoint> = Vec::new();
    let mut converged_starts = 0;
    for j in 0..opts.starts {
        let u = halton(j, d);
        let x0: Vec<f64> = u
            .iter()
            .zip(bounds)
            .map(|(t, &[lo, hi])| lo + (hi - lo) * t)
            .collect();
        let p = match newton_critical_point(l, &x0, &opts.newton) {
            Ok(p) => p,
            // A critical point that cannot be classified would be dropped
            // silently otherwise: the set would look complete but is not.
            Err(e @ LandscapeError::NonFiniteCurvature { .. }) => return Err(e),
            Err(_) => continue,
        };
        if !inside(&p.x) {
            continue;
        }
        converged_starts += 1;
        let r = opts.dedup_radius;
        match found
            .iter_mut()
            .find(|q| distance(&q.x, &p.x) <= r * q.x.iter().fold(1.0f64, |m, v| m.max(v.abs())))
        {
            Some(q) if p.gradient_norm < q.gradient_norm => *q = p,
            Some(_) => {}
            None => found.push(p),
        }
    }
    found.sort_by(|a, b| {
        a.value.total_cmp(&b.value).then_with(|| {
            a.x.iter()
                .zip(&b.x)
                .map(|(p, q)| p.total_cmp(q))
                .find(|o| o.is_ne())
                .unwrap_or(std::cmp::Ordering::Equal)
        })
    });
    let mut set = CriticalSet {
        minima: Vec::new(),
        saddles: Vec::new(),
        higher_saddles: Vec::new(),
        degenerate: Vec::new(),
        converged_starts,
        starts: opts.starts,
    };
    for p in found {
        match p.kind {
            CriticalKind::Minimum => set.minima.push(p),
            CriticalKind::Saddle { index: 1 } => set.saddles.push(p),
            CriticalKind::Saddle { .. } => set.higher_saddles.push(p),
            _ => set.degenerate.push(p),
        }
    }
    Ok(set)
}

/// The box has `d` finite, non-empty intervals.
///
/// # Errors
/// [`LandscapeError::DimensionMismatch`] for a box of the wrong dimension,
/// [`LandscapeError::InvalidParameter`] (name `"box"`) for a non-finite or
/// empty interval.
pub(crate) fn check_box(d: usize, search_box: &[[f64; 2]]) -> Result<()> {
    if search_box.len() != d {
        return Err(LandscapeError::DimensionMismatch {
            what: "search box",
            expected: d,
            found: search_box.len(),
        });
    }
    for &[lo, hi] in search_box {
        for v in [lo, hi] {
            if !v.is_finite() {
                return Err(LandscapeError::InvalidParameter {
                    name: "box",
                    value: v,
                    constraint: "finite bounds",
                });
            }
        }
        if lo >= hi {
            return Err(LandscapeError::InvalidParameter {
                name: "box",
                value: hi,
                constraint: "an upper bound greater than the lower bound",
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{MultiWell, Quadratic};

    #[test]
    fn halton_is_the_radical_inverse() {
        // Base 2: 1 → 0.5, 2 → 0.25, 3 → 0.75; base 3: 1 → 1/3, 2 → 2/3, 3 → 1/9.
        assert_eq!(halton(2, 2), vec![0.75, 1.0 / 9.0]);
        assert_eq!(halton(1, 2), vec![0.25, 2.0 / 3.0]);
    }

    #[test]
    fn multi_well_finds_all_five_sorted_by_value() {
        let w = MultiWell::default_wells();
        let s = find_all(&w, &[[-2.5, 2.5]], &FindAllOptions::default()).unwrap();
        assert_eq!((s.minima.len(), s.saddles.len()), (3, 2));
        assert!(s.minima.windows(2).all(|p| p[0].value <= p[1].value));
        // Deepest minimum is r₅ (L ≈ −0.625).
        assert!((s.minima[0].x[0] - w.roots()[4]).abs() < 1e-10);
    }

    #[test]
    fn flat_directions_give_degenerate_points_only() {
        let q = Quadratic::diagonal(&[1.0, 0.0], vec![0.0, 0.0]).unwrap();
        let o = FindAllOptions {
            starts: 10,
            ..FindAllOptions::default()
        };
        let s = find_all(&q, &[[-1.0, 1.0], [-1.0, 1.0]], &o).unwrap();
        assert!(s.minima.is_empty() && s.saddles.is_empty());
        assert_eq!(s.degenerate.len(), 10);
    }

    #[test]
    fn bad_boxes_are_typed_errors() {
        let w = MultiWell::default_wells();
        let o = FindAllOptions::default();
        assert!(matches!(
            find_all(&w, &[[0.0, 1.0], [0.0, 1.0]], &o),
            Err(LandscapeError::DimensionMismatch {
                expected: 1,
                found: 2,
                ..
            })
        ));
        assert!(matches!(
            find_all(&w, &[[1.0, -1.0]], &o),
            Err(LandscapeError::InvalidParameter { name: "box", value, .. }) if value == -1.0
        ));
        assert!(matches!(
            find_all(&w, &[[f64::NEG_INFINITY, 1.0]], &o),
            Err(LandscapeError::InvalidParameter { name: "box", .. })
        ));
    }
}
