//! Optional storage of terminal states and of sample paths.

use crate::ensemble::reduction::Reduction;
use crate::error::Result;

/// Stores the state of every path at the last snapshot, in path order
/// (`n·d` numbers — opt in only when the states themselves are needed).
///
/// The accumulator is the flat row-major `n × d` array.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TerminalStates {
    last: usize,
}

impl TerminalStates {
    /// Stores the states at snapshot `snapshots − 1`.
    pub fn new(snapshots: usize) -> Self {
        Self {
            last: snapshots.saturating_sub(1),
        }
    }
}

impl Reduction for TerminalStates {
    type Acc = Vec<f64>;

    fn check(&self, _dim: usize, snapshots: usize) -> Result<()> {
        check_snapshot(self.last, snapshots)
    }

    fn init(&self) -> Self::Acc {
        Vec::new()
    }

    #[inline]
    fn observe(&self, acc: &mut Self::Acc, snapshot: usize, _path: u64, x: &[f64]) {
        if snapshot == self.last {
            acc.extend_from_slice(x);
        }
    }

    fn merge(&self, acc: &mut Self::Acc, later: Self::Acc) {
        acc.extend(later);
    }
}

/// Stores the states of the first `paths` paths at every snapshot: sample
/// paths for plots. The accumulator holds, path after path, the states at
/// each snapshot (`paths × snapshots × d`, row-major).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SamplePaths {
    paths: u64,
}

impl SamplePaths {
    /// Records paths `0 .. paths`.
    pub fn new(paths: u64) -> Self {
        Self { paths }
    }
}

impl Reduction for SamplePaths {
    type Acc = Vec<f64>;

    fn check(&self, _dim: usize, _snapshots: usize) -> Result<()> {
        Ok(())
    }

    fn init(&self) -> Self::Acc {
        Vec::new()
    }

    #[inline]
    fn observe(&self, acc: &mut Self::Acc, _snapshot: usize, path: u64, x: &[f64]) {
        if path < self.paths {
            acc.extend_from_slice(x);
        }
    }

    fn merge(&self, acc: &mut Self::Acc, later: Self::Acc) {
        acc.extend(later);
    }
}

fn check_snapshot(last: usize, snapshots: usize) -> Result<()> {
    if last < snapshots {
        Ok(())
    } else {
        Err(crate::SdeError::DimensionMismatch {
            what: "snapshot count of TerminalStates",
            expected: snapshots,
            found: last + 1,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_in_path_order() {
        let t = TerminalStates::new(2);
        assert!(t.check(1, 2).is_ok());
        assert!(t.check(1, 1).is_err());
        let mut a = t.init();
        let mut b = t.init();
        t.observe(&mut a, 0, 0, &[9.0]);
        t.observe(&mut a, 1, 0, &[1.0]);
        t.observe(&mut b, 1, 1, &[2.0]);
        t.merge(&mut a, b);
        assert_eq!(a, vec![1.0, 2.0]);

        let s = SamplePaths::new(1);
        let mut c = s.init();
        s.observe(&mut c, 0, 0, &[1.0, 2.0]);
        s.observe(&mut c, 1, 0, &[3.0, 4.0]);
        s.observe(&mut c, 0, 1, &[5.0, 6.0]);
        assert_eq!(c, vec![1.0, 2.0, 3.0, 4.0]);
    }
}
