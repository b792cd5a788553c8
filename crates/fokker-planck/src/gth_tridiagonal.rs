//! Cancellation-free elimination for tridiagonal backward problems (the
//! Grassmann–Taksar–Heyman idea applied to `A x = b` with `A = −Q_Fᵀ`).
//!
//! Row `k` of `A` reads `−aₖ xₖ₋₁ + dₖ xₖ − cₖ xₖ₊₁ = bₖ` with rates
//! `aₖ, cₖ ≥ 0` to the neighbouring kept cells and `dₖ = aₖ + cₖ + sₖ`,
//! where `sₖ ≥ 0` is the rate of leaving the kept set (into the target or
//! through an absorbing face). Gaussian elimination computes the pivots
//! `d′ₖ = dₖ − aₖcₖ₋₁/d′ₖ₋₁` by a subtraction that cancels when the chain
//! rarely leaves (metastability: `E τ ≈ e^{2ΔL/ε}`); carrying the reduced
//! exit rates instead,
//!
//! ```text
//! s′ₖ = sₖ + aₖ s′ₖ₋₁/d′ₖ₋₁,   d′ₖ = cₖ + s′ₖ,   b′ₖ = bₖ + aₖ b′ₖ₋₁/d′ₖ₋₁
//! xₖ = (b′ₖ + cₖ xₖ₊₁)/d′ₖ
//! ```
//!
//! uses only additions, multiplications and divisions of non-negative
//! numbers, so every `xₖ` has relative error `O(n·u)` whatever the condition
//! number of `A` (`proofs-notes/backward-precision.md`).

use crate::rate_matrix::RateMatrix;

/// Solves `−Q_Fᵀ x = b` on the cells `keep` of a 1-D chain without
/// cancellation; `kill[j]` is the rate of cell `j` through absorbing faces
/// and `rhs(j) ≥ 0`. Returns values by old index (0 off `keep`), or `None`
/// when the restricted matrix is not tridiagonal in the order of the kept
/// cells (periodic wrap, 2-D/3-D) or a reduced pivot vanishes.
pub(crate) fn solve(
    q: &RateMatrix,
    keep: &[bool],
    kill: &[f64],
    rhs: impl Fn(usize) -> f64,
) -> Option<Vec<f64>> {
    let n = q.n();
    let mut map = vec![None; n];
    let mut cells = Vec::new();
    for (j, &k) in keep.iter().enumerate() {
        if k {
            map[j] = Some(cells.len());
            cells.push(j);
        }
    }
    let m = cells.len();
    let (mut a, mut c, mut s) = (vec![0.0; m], vec![0.0; m], vec![0.0; m]);
    for (k, &j) in cells.iter().enumerate() {
        s[k] = kill[j];
        for (i, v) in q.column(j) {
            if i == j {
                continue;
            }
            match map[i] {
                Some(p) if p + 1 == k => a[k] += v,
                Some(p) if p == k + 1 => c[k] += v,
                Some(_) => return None,
                None => s[k] += v,
            }
        }
    }
    let (mut dp, mut bp) = (vec![0.0; m], vec![0.0; m]);
    let mut s_prev = 0.0;
    for k in 0..m {
        let b = rhs(cells[k]);
        let (sk, bk) = if k == 0 {
            (s[0], b)
        } else {
            let f = a[k] / dp[k - 1];
            (s[k] + f * s_prev, b + f * bp[k - 1])
        };
        dp[k] = c[k] + sk;
        if dp[k].is_nan() || dp[k] <= 0.0 {
            return None;
        }
        bp[k] = bk;
        s_prev = sk;
    }
    let mut x = vec![0.0; m];
    for k in (0..m).rev() {
        let up = if k + 1 < m { c[k] * x[k + 1] } else { 0.0 };
        x[k] = (bp[k] + up) / dp[k];
    }
    Some((0..n).map(|i| map[i].map_or(0.0, |k| x[k])).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A birth–death chain on 5 cells, exit at both ends: the elimination
    /// agrees with the exact solution of the well-conditioned system.
    #[test]
    fn matches_the_exact_solution_of_a_small_chain() {
        // Rates 1 to each neighbour; cells 0 and 4 are the target.
        let mut t = Vec::new();
        for j in 0..5usize {
            let mut out = 0.0;
            for i in [j.wrapping_sub(1), j + 1] {
                if i < 5 {
                    t.push((i, j, 1.0));
                    out += 1.0;
                }
            }
            t.push((j, j, -out));
        }
        let q = RateMatrix::from_triplets(5, &t).unwrap();
        let keep = [false, true, true, true, false];
        let x = solve(&q, &keep, &[0.0; 5], |_| 1.0).unwrap();
        // Symmetric walk, rate 1 each way: T = (k)(4 − k)/2.
        for (k, v) in x.iter().enumerate() {
            let exact = (k * (4 - k)) as f64 / 2.0;
            assert!(
                (v - exact).abs() <= 8.0 * f64::EPSILON * exact.max(1.0),
                "{k}: {v}"
            );
        }
        // A periodic wrap is not tridiagonal in the kept order: no solve.
        let wrap = RateMatrix::from_triplets(3, &[(1, 0, 1.0), (2, 0, 1.0), (0, 0, -2.0)]).unwrap();
        assert!(solve(&wrap, &[true; 3], &[1.0; 3], |_| 1.0).is_none());
    }
}
