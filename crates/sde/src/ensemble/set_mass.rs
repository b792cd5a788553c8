//! Mass of the ensemble in user-given sets (e.g. the basins of a landscape).

use crate::ensemble::reduction::Reduction;
use crate::error::Result;

/// Number of paths in each of `k` disjoint sets at every snapshot.
///
/// The sets are given by a classifier `x ↦ Some(set index)` or `None` (in no
/// set) — a basin map, a predicate (`|x| pred(x).then_some(0)`), a
/// partition. Counts are integers, so the merge is exact; the mass of set
/// `j` is `counts[j] / paths`, with binomial standard error
/// `√(p(1 − p)/n)`.
///
/// # Examples
/// ```
/// use sgdpde_sde::{Reduction, SetMass};
/// let basins = SetMass::new(2, |x: &[f64]| Some(usize::from(x[0] > 0.0)));
/// let mut acc = basins.init();
/// for (p, x) in [-1.0, 0.5, 2.0].iter().enumerate() {
///     basins.observe(&mut acc, 0, p as u64, &[*x]);
/// }
/// assert_eq!(acc[0].counts, vec![1, 2]);
/// assert_eq!(acc[0].fractions(), vec![1.0 / 3.0, 2.0 / 3.0]);
/// ```
#[derive(Debug, Clone)]
pub struct SetMass<F> {
    sets: usize,
    classify: F,
}

/// The counts of one snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetCounts {
    /// Paths in each set.
    pub counts: Vec<u64>,
    /// Paths in no set.
    pub outside: u64,
}

impl SetCounts {
    /// Fractions of all observed paths in each set.
    pub fn fractions(&self) -> Vec<f64> {
        let n = (self.counts.iter().sum::<u64>() + self.outside) as f64;
        self.counts.iter().map(|c| *c as f64 / n).collect()
    }
}

impl<F: Fn(&[f64]) -> Option<usize> + Sync> SetMass<F> {
    /// Counts in `sets` sets given by `classify`; an index `≥ sets` counts as
    /// outside.
    pub fn new(sets: usize, classify: F) -> Self {
        Self { sets, classify }
    }
}

impl<F: Fn(&[f64]) -> Option<usize> + Sync> Reduction for SetMass<F> {
    /// One set of counts per snapshot.
    type Acc = Vec<SetCounts>;

    fn check(&self, _dim: usize, _snapshots: usize) -> Result<()> {
        Ok(())
    }

    fn init(&self) -> Self::Acc {
        Vec::new()
    }

    #[inline]
    fn observe(&self, acc: &mut Self::Acc, snapshot: usize, _path: u64, x: &[f64]) {
        while acc.len() <= snapshot {
            acc.push(SetCounts {
                counts: vec![0; self.sets],
                outside: 0,
            });
        }
        let c = &mut acc[snapshot];
        match (self.classify)(x) {
            Some(j) if j < self.sets => c.counts[j] += 1,
            _ => c.outside += 1,
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
            a.outside += b.outside;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_outside_and_out_of_range_indices() {
        let r = SetMass::new(2, |x: &[f64]| {
            if x[0].abs() > 5.0 {
                None
            } else {
                Some(x[0] as usize)
            }
        });
        let mut a = r.init();
        let mut b = r.init();
        for (p, v) in [0.0, 1.0, 1.5, 3.0, 9.0].iter().enumerate() {
            r.observe(&mut a, 0, p as u64, &[*v]);
        }
        r.observe(&mut b, 0, 5, &[0.2]);
        r.merge(&mut a, b);
        assert_eq!(a[0].counts, vec![2, 2]);
        assert_eq!(a[0].outside, 2);
    }
}
