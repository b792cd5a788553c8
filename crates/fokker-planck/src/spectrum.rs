//! The smallest eigenvalues of `−Q`.

use crate::error::{FpError, Result};
use crate::operator::FokkerPlanck;
use crate::rate_matrix::RateMatrix;
use crate::sparse_lu::ShiftedSolver;
use nalgebra::{DMatrix, SymmetricEigen};

/// Largest grid for the dense fallbacks.
const DENSE_MAX: usize = 1200;

/// Eigenvalues `λ` of `−Q` (the decay rates of `e^{tQ}`), ascending by real
/// part.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Spectrum {
    /// Real parts.
    pub re: Vec<f64>,
    /// Imaginary parts (all 0 for a reversible operator).
    pub im: Vec<f64>,
    /// `"symmetric-dense"`, `"symmetric-shift-invert-lanczos"` or
    /// `"general-dense"`.
    pub method: &'static str,
    /// The round-off resolution `n·u·max(‖Q‖₁, ‖Q‖∞)` of the eigensolver:
    /// the symmetrised `S` has `‖S‖₂ ≤ (‖Q‖₁ + ‖Q‖∞)/2`, and a backward
    /// stable eigensolver returns the exact eigenvalues of `S + E` with
    /// `‖E‖₂ ≲ n·u·‖S‖₂`, so (Weyl) eigenvalues below the resolution are zero
    /// within round-off — e.g. the spectral gap `≈ e^{−2ΔL/ε}` of a deep
    /// well (`proofs-notes/spectrum-resolution.md`). For non-reversible
    /// operators it is the same scale without the guarantee (non-normal
    /// eigenvalues can be more sensitive). See [`Spectrum::below_resolution`].
    pub resolution: f64,
}

impl Spectrum {
    /// Indices of the eigenvalues with `|λ| ≤ resolution`: indistinguishable
    /// from 0 in double precision at this grid (flagged, not an error — the
    /// value is legitimately "zero within resolution").
    pub fn below_resolution(&self) -> Vec<usize> {
        self.re
            .iter()
            .enumerate()
            .filter(|(_, v)| v.abs() <= self.resolution)
            .map(|(k, _)| k)
            .collect()
    }
}

/// `n·u·max(‖Q‖₁, ‖Q‖∞)` (largest absolute column and row sums).
fn resolution(q: &RateMatrix) -> f64 {
    let mut rows = vec![0.0; q.n()];
    let mut cols = 0.0f64;
    for j in 0..q.n() {
        let mut c = 0.0;
        for (i, v) in q.column(j) {
            rows[i] += v.abs();
            c += v.abs();
        }
        cols = cols.max(c);
    }
    let norm = rows.iter().copied().fold(cols, f64::max);
    q.n() as f64 * f64::EPSILON * norm
}

/// The `k` smallest eigenvalues of `−Q`, skipping the zero eigenvalue of the
/// stationary state when mass is conserved (no absorbing face).
///
/// *Reversible* operators ([`FokkerPlanck::reversible_stationary`] is
/// `Some(π)`: gradient drift with constant isotropic `D`, any 1-D chain)
/// satisfy detailed balance `Q_ij π_j = Q_ji π_i`, so
/// `S = Π^{-1/2}(−Q)Π^{1/2}` is symmetric positive semidefinite with the same
/// eigenvalues; it is diagonalised densely for `n ≤ 1200` and otherwise by
/// shift-invert Lanczos (`(S + σI)⁻¹` with one sparse LU, full
/// reorthogonalisation, deflation of `√π`, residual-checked Ritz values).
/// Other operators use a dense non-symmetric eigensolver (Schur, nalgebra)
/// for `n ≤ 1200`.
///
/// # Errors
/// [`FpError::Spectrum`] if `k = 0`, `k` exceeds the available eigenvalues,
/// a non-reversible grid is larger than 1200 cells, or Lanczos does not
/// converge.
///
/// # Examples
/// ```
/// use sgdpde_fokker_planck::prelude::*;
/// use sgdpde_fokker_planck::smallest_eigenvalues;
/// use sgdpde_landscape::Quadratic;
/// // OU with θ = 1: eigenvalues n θ.
/// let grid = Grid::uniform_1d(-6.0, 6.0, 400)?;
/// let bc = BoundaryConditions::uniform(1, Boundary::Reflecting);
/// let l = Quadratic::diagonal(&[1.0], vec![0.0])?;
/// let fp = FokkerPlanck::gradient(grid, bc, l, &Isotropic::new(1, 0.5)?)?;
/// let s = smallest_eigenvalues(&fp, 3)?;
/// for (n, lam) in s.re.iter().enumerate() {
///     assert!((lam - (n + 1) as f64).abs() < 5e-3); // O(h²) discretisation error
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn smallest_eigenvalues(fp: &FokkerPlanck, k: usize) -> Result<Spectrum> {
    let q = fp.rate_matrix();
    let n = q.n();
    let conservative = !fp.boundary_conditions().any_absorbing();
    let skip = usize::from(conservative);
    if k == 0 || k + skip > n {
        return Err(FpError::Spectrum {
            reason: format!("k = {k} must be in 1..={}", n - skip),
        });
    }
    if let Some(pi) = fp.reversible_stationary() {
        let sq: Vec<f64> = pi.iter().map(|p| p.sqrt()).collect();
        if sq.iter().all(|&s| s > 0.0) {
            let s = symmetrised(q, &sq);
            let re = if n <= DENSE_MAX {
                let m = dense(&s);
                let mut e: Vec<f64> = SymmetricEigen::new(m).eigenvalues.iter().copied().collect();
                e.sort_by(f64::total_cmp);
                e[skip..skip + k].to_vec()
            } else {
                lanczos(&s, &sq, k)?
            };
            let method = if n <= DENSE_MAX {
                "symmetric-dense"
            } else {
                "symmetric-shift-invert-lanczos"
            };
            return Ok(Spectrum {
                im: vec![0.0; re.len()],
                re,
                method,
                resolution: resolution(q),
            });
        }
    }
    if n > DENSE_MAX {
        return Err(FpError::Spectrum {
            reason: format!("non-reversible operator with {n} > {DENSE_MAX} cells"),
        });
    }
    let mut m = dense(q);
    m.neg_mut();
    let ev = m.complex_eigenvalues();
    let mut e: Vec<(f64, f64)> = ev.iter().map(|c| (c.re, c.im)).collect();
    e.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let e = &e[skip..skip + k];
    Ok(Spectrum {
        re: e.iter().map(|c| c.0).collect(),
        im: e.iter().map(|c| c.1).collect(),
        method: "general-dense",
        resolution: resolution(q),
    })
}

/// `S_ij = −Q_ij √π_j / √π_i`, symmetrised by averaging with its transpose
/// (they agree up to round-off under detailed balance).
fn symmetrised(q: &RateMatrix, sq: &[f64]) -> RateMatrix {
    let mut t = Vec::with_capacity(2 * q.nnz());
    for j in 0..q.n() {
        for (i, v) in q.column(j) {
            let s = -0.5 * v * sq[j] / sq[i];
            t.push((i, j, s));
            t.push((j, i, s));
        }
    }
    RateMatrix::from_triplets(q.n(), &t).expect("indices in range")
}

fn dense(q: &RateMatrix) -> DMatrix<f64> {
    let mut m = DMatrix::zeros(q.n(), q.n());
    for j in 0..q.n() {
        for (i, v) in q.column(j) {
            m[(i, j)] = v;
        }
    }
    m
}

/// Shift-invert Lanczos on `(S + σI)⁻¹` in the complement of `null`.
fn lanczos(s: &RateMatrix, null: &[f64], k: usize) -> Result<Vec<f64>> {
    let n = s.n();
    let sigma = 1e-6 * s.max_rate();
    // S + σI = α I − β Q' with Q' = −S: shifted(α, β) computes αI − βS'
    let mut solver = ShiftedSolver::new(s, sigma, -1.0)?;
    let nn: f64 = null.iter().map(|x| x * x).sum::<f64>().sqrt();
    let z: Vec<f64> = null.iter().map(|x| x / nn).collect();
    let deflate = |v: &mut [f64], basis: &[Vec<f64>]| {
        for _ in 0..2 {
            let c: f64 = v.iter().zip(&z).map(|(a, b)| a * b).sum();
            v.iter_mut().zip(&z).for_each(|(a, b)| *a -= c * b);
            for b in basis {
                let c: f64 = v.iter().zip(b).map(|(a, b)| a * b).sum();
                v.iter_mut().zip(b).for_each(|(a, bb)| *a -= c * bb);
            }
        }
    };
    // deterministic start vector
    let mut v: Vec<f64> = (0..n)
        .map(|i| 1.0 + ((i * 7919) % 104_729) as f64 / 104_729.0)
        .collect();
    deflate(&mut v, &[]);
    let norm = v.iter().map(|x| x * x).sum::<f64>().sqrt();
    v.iter_mut().for_each(|x| *x /= norm);
    let max_m = (n - 1).min(300);
    let mut basis: Vec<Vec<f64>> = vec![v];
    let (mut alpha, mut beta) = (Vec::new(), Vec::new());
    let mut last = Vec::new();
    for m in 1..=max_m {
        let mut w = basis[m - 1].clone();
        solver.solve_in_place(&mut w);
        let a: f64 = w.iter().zip(&basis[m - 1]).map(|(x, y)| x * y).sum();
        alpha.push(a);
        deflate(&mut w, &basis);
        let b = w.iter().map(|x| x * x).sum::<f64>().sqrt();
        if m >= 2 * k + 10 || m == max_m || b == 0.0 {
            let t = DMatrix::from_fn(m, m, |i, j| {
                if i == j {
                    alpha[i]
                } else if i + 1 == j {
                    beta[i]
                } else if j + 1 == i {
                    beta[j]
                } else {
                    0.0
                }
            });
            let eig = SymmetricEigen::new(t);
            let mut pairs: Vec<(f64, f64)> = (0..m)
                .map(|i| (eig.eigenvalues[i], (b * eig.eigenvectors[(m - 1, i)]).abs()))
                .collect();
            pairs.sort_by(|x, y| y.0.total_cmp(&x.0));
            if pairs.len() >= k {
                let top = &pairs[..k];
                let converged = top.iter().all(|&(theta, res)| res <= 1e-10 * theta.abs());
                last = top.iter().map(|&(theta, _)| 1.0 / theta - sigma).collect();
                if converged {
                    last.sort_by(f64::total_cmp);
                    return Ok(last);
                }
            }
        }
        if b == 0.0 || m == max_m {
            break;
        }
        beta.push(b);
        w.iter_mut().for_each(|x| *x /= b);
        basis.push(w);
    }
    Err(FpError::Spectrum {
        reason: format!("Lanczos did not converge; last estimates {last:?}"),
    })
}

#[cfg(test)]
mod tests {

    #[test]
    fn resolution_flags_only_unresolved_eigenvalues() {
        let s = Spectrum {
            re: vec![1e-15, 0.5],
            im: vec![0.0; 2],
            method: "symmetric-dense",
            resolution: 1e-12,
        };
        assert_eq!(s.below_resolution(), vec![0]);
        // Two-state chain, rates 1 and 3: ‖Q‖₁ = 6, ‖Q‖∞ = 4 → 2·u·6.
        let q =
            RateMatrix::from_triplets(2, &[(1, 0, 1.0), (0, 0, -1.0), (0, 1, 3.0), (1, 1, -3.0)])
                .unwrap();
        assert_eq!(resolution(&q), 2.0 * f64::EPSILON * 6.0);
    }
    use super::*;
    use crate::{Boundary, BoundaryConditions, Grid, Isotropic, VectorDrift};

    /// Non-reversible OU `dX = A X dt + dW`, `A = −I + ωJ` (rotation): the
    /// Fokker–Planck eigenvalues are `n₁μ₁ + n₂μ₂` with `μ = 1 ± iω`, so the
    /// two smallest non-zero ones are `1 ± iω`. Dense general path; O(h²)
    /// error with h = 0.2 (|error| ≈ 0.01 measured scale; bound 0.05).
    #[test]
    fn rotating_ou_has_complex_pair() {
        let omega = 0.5;
        let grid = Grid::new(&[-3.0, -3.0], &[3.0, 3.0], &[30, 30]).unwrap();
        let bc = BoundaryConditions::uniform(2, Boundary::Reflecting);
        let b = VectorDrift::new(2, move |x: &[f64], o: &mut [f64]| {
            o[0] = -x[0] - omega * x[1];
            o[1] = -x[1] + omega * x[0];
        });
        let fp = FokkerPlanck::new(grid, bc, &b, &Isotropic::new(2, 0.5).unwrap()).unwrap();
        assert!(fp.reversible_stationary().is_none());
        let s = smallest_eigenvalues(&fp, 2).unwrap();
        assert_eq!(s.method, "general-dense");
        for k in 0..2 {
            assert!((s.re[k] - 1.0).abs() < 0.05, "{s:?}");
            assert!((s.im[k].abs() - omega).abs() < 0.05, "{s:?}");
        }
        assert!(smallest_eigenvalues(&fp, 0).is_err());
    }
}
