//! The sparse rate matrix `Q` (`du/dt = Q u`) in compressed-column form.

use crate::error::{FpError, Result};

/// A sparse square matrix in compressed sparse column (CSC) form with sorted,
/// unique row indices in each column and an explicit diagonal entry.
///
/// For a Fokker–Planck operator it is a *rate matrix*: off-diagonal entries
/// `Q_ij ≥ 0` are jump rates `j → i`, and each column sums to `0` (or to
/// `−(killing rate)` where mass leaves through an absorbing face).
#[derive(Debug, Clone, PartialEq)]
pub struct RateMatrix {
    n: usize,
    col_ptr: Vec<usize>,
    row_idx: Vec<usize>,
    val: Vec<f64>,
    diag_pos: Vec<usize>,
}

impl RateMatrix {
    /// Builds the matrix from `(row, col, value)` triplets; duplicates are
    /// summed (in input order) and every diagonal entry is stored (possibly
    /// as `0`).
    ///
    /// A counting sort by column followed by an insertion sort of each
    /// (short) column: `O(nnz)` for the few entries per column of a
    /// finite-volume stencil, with no global sort.
    ///
    /// # Errors
    /// [`FpError::DimensionMismatch`] for an index `≥ n`.
    pub fn from_triplets(n: usize, triplets: &[(usize, usize, f64)]) -> Result<Self> {
        // column counts (+1 for the diagonal of each column)
        let mut col_ptr = vec![1usize; n + 1];
        col_ptr[0] = 0;
        for &(r, c, _) in triplets {
            if r >= n || c >= n {
                return Err(FpError::DimensionMismatch {
                    what: "triplet index",
                    expected: n,
                    found: r.max(c),
                });
            }
            col_ptr[c + 1] += 1;
        }
        for c in 0..n {
            col_ptr[c + 1] += col_ptr[c];
        }
        let total = col_ptr[n];
        let mut row_idx = vec![0usize; total];
        let mut val = vec![0.0f64; total];
        let mut next: Vec<usize> = col_ptr[..n].to_vec();
        for c in 0..n {
            row_idx[next[c]] = c;
            next[c] += 1;
        }
        for &(r, c, v) in triplets {
            row_idx[next[c]] = r;
            val[next[c]] = v;
            next[c] += 1;
        }
        // per column: stable insertion sort by row, then merge duplicates
        let mut diag_pos = vec![0usize; n];
        let mut out = 0usize;
        let mut start = 0usize;
        for c in 0..n {
            let end = col_ptr[c + 1];
            for p in start + 1..end {
                let (r, v) = (row_idx[p], val[p]);
                let mut q = p;
                while q > start && row_idx[q - 1] > r {
                    row_idx[q] = row_idx[q - 1];
                    val[q] = val[q - 1];
                    q -= 1;
                }
                row_idx[q] = r;
                val[q] = v;
            }
            let first = out;
            for p in start..end {
                if out > first && row_idx[out - 1] == row_idx[p] {
                    val[out - 1] += val[p];
                } else {
                    row_idx[out] = row_idx[p];
                    val[out] = val[p];
                    if row_idx[p] == c {
                        diag_pos[c] = out;
                    }
                    out += 1;
                }
            }
            start = end;
            col_ptr[c + 1] = out;
        }
        row_idx.truncate(out);
        val.truncate(out);
        Ok(Self {
            n,
            col_ptr,
            row_idx,
            val,
            diag_pos,
        })
    }

    /// Order `n`.
    pub fn n(&self) -> usize {
        self.n
    }

    /// Number of stored entries.
    pub fn nnz(&self) -> usize {
        self.val.len()
    }

    /// Column pointers (length `n + 1`).
    pub fn col_ptr(&self) -> &[usize] {
        &self.col_ptr
    }

    /// Row indices (sorted within each column).
    pub fn row_idx(&self) -> &[usize] {
        &self.row_idx
    }

    /// Values.
    pub fn values(&self) -> &[f64] {
        &self.val
    }

    /// The diagonal entry `Q_jj`.
    pub fn diagonal(&self, j: usize) -> f64 {
        self.val[self.diag_pos[j]]
    }

    /// Entry `Q_ij` (0 if not stored).
    pub fn get(&self, i: usize, j: usize) -> f64 {
        let rows = &self.row_idx[self.col_ptr[j]..self.col_ptr[j + 1]];
        match rows.binary_search(&i) {
            Ok(p) => self.val[self.col_ptr[j] + p],
            Err(_) => 0.0,
        }
    }

    /// Iterates over `(row, value)` of column `j`.
    pub fn column(&self, j: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let r = self.col_ptr[j]..self.col_ptr[j + 1];
        self.row_idx[r.clone()]
            .iter()
            .copied()
            .zip(self.val[r].iter().copied())
    }

    /// `y = Q x` (no allocation).
    pub fn mul_into(&self, x: &[f64], y: &mut [f64]) {
        y.fill(0.0);
        for j in 0..self.n {
            let xj = x[j];
            for p in self.col_ptr[j]..self.col_ptr[j + 1] {
                y[self.row_idx[p]] += self.val[p] * xj;
            }
        }
    }

    /// `y = Qᵀ x` — the discrete generator applied to a test function.
    pub fn mul_transpose_into(&self, x: &[f64], y: &mut [f64]) {
        for j in 0..self.n {
            let mut s = 0.0;
            for p in self.col_ptr[j]..self.col_ptr[j + 1] {
                s += self.val[p] * x[self.row_idx[p]];
            }
            y[j] = s;
        }
    }

    /// The sum of column `j` (`0` for conservative columns, the negative
    /// killing rate otherwise).
    pub fn column_sum(&self, j: usize) -> f64 {
        self.val[self.col_ptr[j]..self.col_ptr[j + 1]].iter().sum()
    }

    /// `max_j |Q_jj|`, the fastest rate (sets the explicit stability limit
    /// and the scale of round-off).
    pub fn max_rate(&self) -> f64 {
        (0..self.n)
            .map(|j| self.diagonal(j).abs())
            .fold(0.0, f64::max)
    }

    /// The matrix `α I − β Q` with the same pattern.
    pub fn shifted(&self, alpha: f64, beta: f64) -> Self {
        let mut m = self.clone();
        for v in &mut m.val {
            *v *= -beta;
        }
        for j in 0..self.n {
            m.val[self.diag_pos[j]] += alpha;
        }
        m
    }

    /// The transpose `Qᵀ` (the discrete generator).
    pub fn transpose(&self) -> Self {
        let mut t = Vec::with_capacity(self.nnz());
        for j in 0..self.n {
            for (i, v) in self.column(j) {
                t.push((j, i, v));
            }
        }
        Self::from_triplets(self.n, &t).expect("indices are in range by construction")
    }

    /// The jump graph: `succ[j]` lists the cells `i ≠ j` with `Q_ij > 0`.
    pub fn successors(&self) -> Vec<Vec<usize>> {
        (0..self.n)
            .map(|j| {
                self.column(j)
                    .filter(|&(i, v)| i != j && v > 0.0)
                    .map(|(i, _)| i)
                    .collect()
            })
            .collect()
    }

    /// The principal submatrix on the cells where `keep` is true, with the
    /// map old → new index (`None` for dropped cells).
    pub fn restrict(&self, keep: &[bool]) -> (Self, Vec<Option<usize>>) {
        let mut map = vec![None; self.n];
        let mut k = 0;
        for i in 0..self.n {
            if keep[i] {
                map[i] = Some(k);
                k += 1;
            }
        }
        let mut t = Vec::new();
        for j in 0..self.n {
            let Some(jj) = map[j] else { continue };
            for (i, v) in self.column(j) {
                if let Some(ii) = map[i] {
                    t.push((ii, jj, v));
                }
            }
        }
        let m = Self::from_triplets(k, &t).expect("indices are in range by construction");
        (m, map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn triplets_are_summed_and_products_agree() {
        let q = RateMatrix::from_triplets(
            3,
            &[
                (1, 0, 2.0),
                (0, 0, -2.0),
                (1, 0, 1.0),
                (0, 0, -1.0),
                (2, 2, -0.5),
            ],
        )
        .unwrap();
        assert_eq!(q.get(1, 0), 3.0);
        assert_eq!(q.diagonal(0), -3.0);
        assert_eq!(q.diagonal(1), 0.0);
        assert_eq!(q.column_sum(0), 0.0);
        let x = [1.0, 2.0, 3.0];
        let mut y = [0.0; 3];
        q.mul_into(&x, &mut y);
        assert_eq!(y, [-3.0, 3.0, -1.5]);
        q.mul_transpose_into(&x, &mut y);
        assert_eq!(y, [3.0, 0.0, -1.5]);
        let (r, map) = q.restrict(&[true, false, true]);
        assert_eq!(map, vec![Some(0), None, Some(1)]);
        assert_eq!(r.diagonal(0), -3.0);
        assert!(matches!(
            RateMatrix::from_triplets(2, &[(2, 0, 1.0)]),
            Err(FpError::DimensionMismatch { .. })
        ));
    }
}
