//! Histograms of a scalar projection of the state on a given grid.

use crate::ensemble::reduction::Reduction;
use crate::error::{Result, SdeError};

/// Counts of `f(X_t)` in the cells `[e₀, e₁), [e₁, e₂), …, [e_{k−1}, e_k)` of
/// strictly increasing edges, with separate under- and overflow counts, at
/// every snapshot. Counts are integers, so merging is exact.
///
/// # Examples
/// ```
/// use sgdpde_sde::{Histogram, Reduction};
/// let h = Histogram::coordinate(0, vec![-1.0, 0.0, 1.0])?;
/// let mut acc = h.init();
/// for (p, x) in [-0.5, 0.5, 0.7, 3.0].iter().enumerate() {
///     h.observe(&mut acc, 0, p as u64, &[*x]);
/// }
/// assert_eq!(acc[0].counts, vec![1, 2]);
/// assert_eq!(acc[0].overflow, 1);
/// # Ok::<(), sgdpde_sde::SdeError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Histogram<F> {
    edges: Vec<f64>,
    projection: F,
}

/// The counts of one snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistogramCounts {
    /// `counts[k]` = number of values in `[e_k, e_{k+1})`.
    pub counts: Vec<u64>,
    /// Values below `e₀`.
    pub underflow: u64,
    /// Values at or above the last edge (and NaN projections).
    pub overflow: u64,
}

impl HistogramCounts {
    /// The total number of values observed.
    pub fn total(&self) -> u64 {
        self.counts.iter().sum::<u64>() + self.underflow + self.overflow
    }
}

/// The projection onto one coordinate (see [`Histogram::coordinate`]).
#[derive(Debug, Clone, Copy)]
pub struct Coordinate(pub usize);

impl Histogram<Coordinate> {
    /// A histogram of coordinate `i` of the state.
    ///
    /// # Errors
    /// As [`Histogram::new`].
    pub fn coordinate(i: usize, edges: Vec<f64>) -> Result<Self> {
        Histogram::new(edges, Coordinate(i))
    }
}

/// A scalar function of the state that a histogram bins.
pub trait Projection: Sync {
    /// The value binned for state `x`.
    fn project(&self, x: &[f64]) -> f64;
    /// The coordinate read, if the projection reads one (checked against the
    /// state dimension).
    fn coordinate(&self) -> Option<usize> {
        None
    }
}

impl Projection for Coordinate {
    #[inline]
    fn project(&self, x: &[f64]) -> f64 {
        x[self.0]
    }
    fn coordinate(&self) -> Option<usize> {
        Some(self.0)
    }
}

impl<F: Fn(&[f64]) -> f64 + Sync> Projection for F {
    #[inline]
    fn project(&self, x: &[f64]) -> f64 {
        self(x)
    }
}

impl<F: Projection> Histogram<F> {
    /// A histogram of `projection(x)` on `edges`.
    ///
    /// # Errors
    /// [`SdeError::InvalidParameter`] if there are fewer than two edges, an
    /// edge is not finite, or the edges are not strictly increasing (the
    /// offending edge is reported).
    pub fn new(edges: Vec<f64>, projection: F) -> Result<Self> {
        if edges.len() < 2 {
            return Err(SdeError::InvalidParameter {
                name: "histogram edges (count)",
                value: edges.len() as f64,
                constraint: "at least 2",
            });
        }
        for (k, e) in edges.iter().enumerate() {
            if !e.is_finite() || (k > 0 && *e <= edges[k - 1]) {
                return Err(SdeError::InvalidParameter {
                    name: "histogram edge",
                    value: *e,
                    constraint: "finite and strictly increasing",
                });
            }
        }
        Ok(Self { edges, projection })
    }

    /// The edges.
    pub fn edges(&self) -> &[f64] {
        &self.edges
    }

    fn empty(&self) -> HistogramCounts {
        HistogramCounts {
            counts: vec![0; self.edges.len() - 1],
            underflow: 0,
            overflow: 0,
        }
    }
}

impl<F: Projection> Reduction for Histogram<F> {
    /// One set of counts per snapshot.
    type Acc = Vec<HistogramCounts>;

    fn check(&self, dim: usize, _snapshots: usize) -> Result<()> {
        match self.projection.coordinate() {
            Some(i) if i >= dim => Err(SdeError::DimensionMismatch {
                what: "histogram coordinate (index + 1)",
                expected: dim,
                found: i + 1,
            }),
            _ => Ok(()),
        }
    }

    fn init(&self) -> Self::Acc {
        Vec::new()
    }

    #[inline]
    fn observe(&self, acc: &mut Self::Acc, snapshot: usize, _path: u64, x: &[f64]) {
        while acc.len() <= snapshot {
            acc.push(self.empty());
        }
        let v = self.projection.project(x);
        let h = &mut acc[snapshot];
        if v < self.edges[0] {
            h.underflow += 1;
        } else {
            // First edge > v, minus one: the cell [e_k, e_{k+1}) holding v.
            let k = self.edges.partition_point(|e| *e <= v);
            if k >= self.edges.len() || v.is_nan() {
                h.overflow += 1;
            } else {
                h.counts[k - 1] += 1;
            }
        }
    }

    fn merge(&self, acc: &mut Self::Acc, later: Self::Acc) {
        for (s, b) in later.into_iter().enumerate() {
            if s >= acc.len() {
                acc.push(b);
                continue;
            }
            let a = &mut acc[s];
            a.counts
                .iter_mut()
                .zip(&b.counts)
                .for_each(|(x, y)| *x += y);
            a.underflow += b.underflow;
            a.overflow += b.overflow;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_edges_and_merges_exactly() {
        let h = Histogram::new(vec![0.0, 1.0, 2.0], |x: &[f64]| x[0] + x[1]).unwrap();
        assert!(h.check(2, 1).is_ok());
        let mut a = h.init();
        let mut b = h.init();
        // Left edges belong to their cell; the last edge is overflow.
        for (p, v) in [0.0, 0.999, 1.0, 2.0, -1e-300].iter().enumerate() {
            h.observe(&mut a, 0, p as u64, &[*v, 0.0]);
        }
        h.observe(&mut b, 0, 9, &[f64::NAN, 0.0]);
        h.observe(&mut b, 1, 9, &[1.5, 0.0]);
        h.merge(&mut a, b);
        assert_eq!(a[0].counts, vec![2, 1]);
        assert_eq!(a[0].underflow, 1);
        assert_eq!(a[0].overflow, 2);
        assert_eq!(a[0].total(), 6);
        assert_eq!(a[1].counts, vec![0, 1]);
    }

    #[test]
    fn rejects_bad_grids_and_coordinates() {
        assert!(Histogram::coordinate(0, vec![1.0]).is_err());
        assert!(Histogram::coordinate(0, vec![1.0, 1.0]).is_err());
        assert!(Histogram::coordinate(0, vec![0.0, f64::NAN]).is_err());
        let h = Histogram::coordinate(2, vec![0.0, 1.0]).unwrap();
        assert!(matches!(
            h.check(2, 1),
            Err(SdeError::DimensionMismatch {
                expected: 2,
                found: 3,
                ..
            })
        ));
    }
}
