//! The Thomas algorithm: LU of a tridiagonal matrix without pivoting,
//! factorised once and reused for every right-hand side.

use crate::error::{FpError, Result};
use crate::rate_matrix::RateMatrix;

/// A factorised tridiagonal matrix `M` (sub-diagonal `a`, diagonal `b`,
/// super-diagonal `c`):
///
/// ```text
/// mᵢ = aᵢ / b′ᵢ₋₁,   b′ᵢ = bᵢ − mᵢ cᵢ₋₁              (factorise, once)
/// yᵢ = rᵢ − mᵢ yᵢ₋₁,  xᵢ = (yᵢ − cᵢ xᵢ₊₁) / b′ᵢ     (solve, O(n))
/// ```
///
/// # Stability
/// No pivoting is needed for `M = αI − βQ` with `α > 0`, `β ≥ 0` and `Q` a
/// tridiagonal rate matrix: `M` is a column diagonally dominant M-matrix,
/// so every `b′ᵢ ≥ α > 0` and the elimination is backward stable.
///
/// # Examples
/// ```
/// use sgdpde_fokker_planck::{RateMatrix, Tridiagonal};
/// let q = RateMatrix::from_triplets(3, &[(1, 0, 1.0), (0, 0, -1.0), (0, 1, 1.0), (1, 1, -1.0)])?;
/// let m = Tridiagonal::factorise(&q.shifted(1.0, 1.0))?; // I − Q
/// let mut r = [1.0, 0.0, 2.0];
/// m.solve_in_place(&mut r);
/// assert!((r[0] + r[1] - 1.0).abs() < 1e-15 && (r[2] - 2.0).abs() < 1e-15);
/// # Ok::<(), sgdpde_fokker_planck::FpError>(())
/// ```
///
/// # References
/// Thomas (1949); Higham, *Accuracy and Stability of Numerical Algorithms*
/// (2002), §9.6.
#[derive(Debug, Clone, PartialEq)]
pub struct Tridiagonal {
    m: Vec<f64>,
    bp: Vec<f64>,
    c: Vec<f64>,
}

impl Tridiagonal {
    /// Whether a matrix is tridiagonal (all entries within one of the
    /// diagonal).
    pub fn is_tridiagonal(q: &RateMatrix) -> bool {
        (0..q.n()).all(|j| q.column(j).all(|(i, _)| i + 1 >= j && i <= j + 1))
    }

    /// Factorises a tridiagonal matrix.
    ///
    /// # Errors
    /// [`FpError::Factorisation`] if the matrix is not tridiagonal or a pivot
    /// vanishes.
    pub fn factorise(mat: &RateMatrix) -> Result<Self> {
        if !Self::is_tridiagonal(mat) {
            return Err(FpError::Factorisation {
                reason: "matrix is not tridiagonal".into(),
            });
        }
        let n = mat.n();
        let mut m = vec![0.0; n];
        let mut bp = vec![0.0; n];
        let mut c = vec![0.0; n];
        for i in 0..n {
            let b = mat.diagonal(i);
            if i == 0 {
                bp[0] = b;
            } else {
                let a = mat.get(i, i - 1);
                c[i - 1] = mat.get(i - 1, i);
                m[i] = a / bp[i - 1];
                bp[i] = b - m[i] * c[i - 1];
            }
            if bp[i] == 0.0 || !bp[i].is_finite() {
                return Err(FpError::Factorisation {
                    reason: format!("zero or non-finite pivot {} at row {i}", bp[i]),
                });
            }
        }
        // store reciprocal pivots: the solve is a dependency chain, and a
        // multiply has a fraction of the latency of a divide
        for b in &mut bp {
            *b = 1.0 / *b;
        }
        Ok(Self { m, bp, c })
    }

    /// Solves `M x = r` in place (no allocation).
    pub fn solve_in_place(&self, r: &mut [f64]) {
        let n = r.len();
        for i in 1..n {
            r[i] -= self.m[i] * r[i - 1];
        }
        r[n - 1] *= self.bp[n - 1];
        for i in (0..n - 1).rev() {
            r[i] = (r[i] - self.c[i] * r[i + 1]) * self.bp[i];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solves_a_random_diagonally_dominant_system() {
        let n = 7;
        let mut t = Vec::new();
        for i in 0..n {
            t.push((i, i, 4.0 + i as f64));
            if i > 0 {
                t.push((i, i - 1, -1.0 - 0.1 * i as f64));
                t.push((i - 1, i, -0.5));
            }
        }
        let mat = RateMatrix::from_triplets(n, &t).unwrap();
        let f = Tridiagonal::factorise(&mat).unwrap();
        let x: Vec<f64> = (0..n).map(|i| (i as f64).sin()).collect();
        let mut r = vec![0.0; n];
        mat.mul_into(&x, &mut r);
        f.solve_in_place(&mut r);
        for i in 0..n {
            // backward stable: error ≲ n·ε·cond, cond ≈ 2 here
            assert!((r[i] - x[i]).abs() < 1e-14, "{i}");
        }
        let full = RateMatrix::from_triplets(3, &[(2, 0, 1.0)]).unwrap();
        assert!(Tridiagonal::factorise(&full).is_err());
    }
}
