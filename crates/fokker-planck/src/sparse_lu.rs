//! Factorised shifted operators `α I − β Q`: Thomas in 1-D (tridiagonal),
//! faer's sparse LU otherwise.

use crate::error::{FpError, Result};
use crate::nested_dissection::nested_dissection;
use crate::rate_matrix::RateMatrix;
use crate::thomas::Tridiagonal;
use faer::dyn_stack::{MemBuffer, MemStack};
use faer::perm::PermRef;
use faer::sparse::linalg::cholesky::{
    LltRef, SymbolicCholesky, SymmetricOrdering, factorize_symbolic_cholesky,
};
use faer::sparse::linalg::lu::{LuRef, NumericLu, SymbolicLu, factorize_symbolic_lu};
use faer::sparse::{SparseColMatRef, SymbolicSparseColMatRef};
use faer::{Conj, MatMut, Par, Side};

/// A factorisation of `M = α I − β Q` (or of any matrix given directly),
/// computed once and reused for every solve.
///
/// The implicit time steppers use `α = 1`, `β = c·dt`; the backward problems
/// use `α = 0`, `β = −1` on a restricted matrix. Tridiagonal matrices (1-D,
/// non-periodic) use the Thomas algorithm; others faer's supernodal /
/// simplicial sparse LU with partial pivoting and a COLAMD fill-reducing
/// ordering, run sequentially. Solves reuse a scratch buffer sized at
/// factorisation, so they do not allocate.
///
/// # Errors
/// [`FpError::Factorisation`] if faer reports a structurally singular matrix
/// or runs out of memory.
#[derive(Debug)]
pub struct ShiftedSolver {
    kind: Kind,
}

#[derive(Debug)]
enum Kind {
    Thomas(Tridiagonal),
    Lu(Box<SparseLu>),
    Cholesky(Box<SparseCholesky>),
}

/// `LLᵀ` of the symmetrised matrix `Π^{-1/2} M Π^{1/2}`.
struct SparseCholesky {
    symbolic: SymbolicCholesky<usize>,
    values: Vec<f64>,
    sq: Vec<f64>,
    scratch: MemBuffer,
}

impl std::fmt::Debug for SparseCholesky {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SparseCholesky").finish_non_exhaustive()
    }
}

struct SparseLu {
    symbolic: SymbolicLu<usize>,
    numeric: NumericLu<usize, f64>,
    scratch: MemBuffer,
}

impl std::fmt::Debug for SparseLu {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SparseLu").finish_non_exhaustive()
    }
}

impl ShiftedSolver {
    /// Factorises `α I − β Q`.
    ///
    /// # Errors
    /// See the type.
    pub fn new(q: &RateMatrix, alpha: f64, beta: f64) -> Result<Self> {
        Self::factorise(&q.shifted(alpha, beta))
    }

    /// Factorises a given matrix.
    ///
    /// # Errors
    /// See the type.
    pub fn factorise(m: &RateMatrix) -> Result<Self> {
        if Tridiagonal::is_tridiagonal(m) {
            return Ok(Self {
                kind: Kind::Thomas(Tridiagonal::factorise(m)?),
            });
        }
        let n = m.n();
        let fail = |e: &dyn std::fmt::Debug| FpError::Factorisation {
            reason: format!("{e:?}"),
        };
        let sym = SymbolicSparseColMatRef::new_checked(n, n, m.col_ptr(), None, m.row_idx());
        let mat = SparseColMatRef::new(sym, m.values());
        let symbolic = factorize_symbolic_lu(sym, Default::default()).map_err(|e| fail(&e))?;
        let par = Par::Seq;
        let mut numeric = NumericLu::new();
        let req = symbolic
            .factorize_numeric_lu_scratch::<f64>(par, Default::default())
            .or(symbolic.solve_in_place_scratch::<f64>(1, par));
        let mut scratch = MemBuffer::try_new(req).map_err(|e| fail(&e))?;
        symbolic
            .factorize_numeric_lu(
                &mut numeric,
                mat,
                par,
                MemStack::new(&mut scratch),
                Default::default(),
            )
            .map_err(|e| fail(&e))?;
        Ok(Self {
            kind: Kind::Lu(Box::new(SparseLu {
                symbolic,
                numeric,
                scratch,
            })),
        })
    }

    /// Factorises `α I − β Q` for a *reversible* `Q` with stationary state
    /// `π > 0` (detailed balance `Q_ij π_j = Q_ji π_i`): the similar matrix
    /// `S = Π^{-1/2}(αI − βQ)Π^{1/2}` is symmetric positive definite for
    /// `α > 0, β ≥ 0`, so a sparse Cholesky factorisation (AMD ordering,
    /// about half the work and memory of LU) replaces LU; solves map
    /// `x = Π^{1/2} S⁻¹ Π^{-1/2} b`. Tridiagonal matrices still use Thomas,
    /// and it falls back to LU if `π` has entries below `10⁻²⁸⁰` (the
    /// scaling would overflow).
    ///
    /// # Errors
    /// See the type; [`FpError::DimensionMismatch`] if `pi.len() != n`.
    pub fn new_reversible(q: &RateMatrix, pi: &[f64], alpha: f64, beta: f64) -> Result<Self> {
        Self::reversible(q, pi, alpha, beta, None)
    }

    /// As [`ShiftedSolver::new_reversible`] for an operator on a tensor grid
    /// with `cells[k]` cells per axis (axis 0 fastest, as in
    /// [`crate::Grid`]), ordered by geometric
    /// [`nested dissection`](crate::nested_dissection::nested_dissection)
    /// instead of AMD: less fill and fewer flops on 2-D/3-D grids, and an
    /// ordering that costs `O(n)` to build. The factorisation is the same
    /// up to round-off.
    ///
    /// # Errors
    /// As [`ShiftedSolver::new_reversible`];
    /// [`FpError::DimensionMismatch`] if `Π cells[k] != n`.
    pub fn new_reversible_on_grid(
        q: &RateMatrix,
        pi: &[f64],
        alpha: f64,
        beta: f64,
        cells: &[usize],
    ) -> Result<Self> {
        crate::error::check_len("grid cells", q.n(), cells.iter().product())?;
        Self::reversible(q, pi, alpha, beta, Some(cells))
    }

    fn reversible(
        q: &RateMatrix,
        pi: &[f64],
        alpha: f64,
        beta: f64,
        grid_cells: Option<&[usize]>,
    ) -> Result<Self> {
        crate::error::check_len("pi", q.n(), pi.len())?;
        let m = q.shifted(alpha, beta);
        if Tridiagonal::is_tridiagonal(&m) || pi.iter().any(|&p| p.is_nan() || p <= 1e-280) {
            return Self::factorise(&m);
        }
        let n = q.n();
        let sq: Vec<f64> = pi.iter().map(|p| p.sqrt()).collect();
        // The lower triangle of S, column by column in CSC (rows sorted, as
        // in M): S_ij = M_ij √π_j/√π_i, averaged with its mirror image
        // (equal up to round-off by detailed balance).
        let (cp, ri, mv) = (m.col_ptr(), m.row_idx(), m.values());
        let mut col_ptr = Vec::with_capacity(n + 1);
        let mut row_idx = Vec::with_capacity(m.nnz() / 2 + n);
        let mut values = Vec::with_capacity(m.nnz() / 2 + n);
        col_ptr.push(0);
        for j in 0..n {
            for p in cp[j]..cp[j + 1] {
                let i = ri[p];
                if i >= j {
                    let a = mv[p] * sq[j] / sq[i];
                    let b = m.get(j, i) * sq[i] / sq[j];
                    row_idx.push(i);
                    values.push(0.5 * (a + b));
                }
            }
            col_ptr.push(row_idx.len());
        }
        let fail = |e: &dyn std::fmt::Debug| FpError::Factorisation {
            reason: format!("{e:?}"),
        };
        let sym = SymbolicSparseColMatRef::new_checked(n, n, &col_ptr, None, &row_idx);
        let mat = SparseColMatRef::new(sym, &values);
        let perm = grid_cells.map(|cells| {
            let fwd = nested_dissection(cells);
            let mut inv = vec![0usize; n];
            for (new, &old) in fwd.iter().enumerate() {
                inv[old] = new;
            }
            (fwd, inv)
        });
        let ordering = match &perm {
            Some((fwd, inv)) => SymmetricOrdering::Custom(PermRef::new_checked(fwd, inv, n)),
            None => SymmetricOrdering::Amd,
        };
        let symbolic = factorize_symbolic_cholesky(sym, Side::Lower, ordering, Default::default())
            .map_err(|e| fail(&e))?;
        let par = Par::Seq;
        let req = symbolic
            .factorize_numeric_llt_scratch::<f64>(par, Default::default())
            .or(symbolic.solve_in_place_scratch::<f64>(1, par));
        let mut scratch = MemBuffer::try_new(req).map_err(|e| fail(&e))?;
        let mut factor = vec![0.0; symbolic.len_val()];
        symbolic
            .factorize_numeric_llt(
                &mut factor,
                mat,
                Side::Lower,
                Default::default(),
                par,
                MemStack::new(&mut scratch),
                Default::default(),
            )
            .map_err(|e| fail(&e))?;
        Ok(Self {
            kind: Kind::Cholesky(Box::new(SparseCholesky {
                symbolic,
                values: factor,
                sq,
                scratch,
            })),
        })
    }

    /// Stored entries of the Cholesky factor `L` (the fill a fill-reducing
    /// ordering minimises); `None` for the Thomas and LU paths.
    pub fn cholesky_nnz(&self) -> Option<usize> {
        match &self.kind {
            Kind::Cholesky(ch) => Some(ch.values.len()),
            _ => None,
        }
    }

    /// Whether the tridiagonal fast path is used.
    pub fn is_tridiagonal(&self) -> bool {
        matches!(self.kind, Kind::Thomas(_))
    }

    /// Solves `M x = r` in place.
    pub fn solve_in_place(&mut self, r: &mut [f64]) {
        match &mut self.kind {
            Kind::Thomas(t) => t.solve_in_place(r),
            Kind::Lu(lu) => {
                let n = r.len();
                let rhs = MatMut::from_column_major_slice_mut(r, n, 1);
                LuRef::new_unchecked(&lu.symbolic, &lu.numeric).solve_in_place_with_conj(
                    Conj::No,
                    rhs,
                    Par::Seq,
                    MemStack::new(&mut lu.scratch),
                );
            }
            Kind::Cholesky(ch) => {
                let n = r.len();
                for (x, s) in r.iter_mut().zip(&ch.sq) {
                    *x /= s;
                }
                let rhs = MatMut::from_column_major_slice_mut(r, n, 1);
                LltRef::new(&ch.symbolic, &ch.values).solve_in_place_with_conj(
                    Conj::No,
                    rhs,
                    Par::Seq,
                    MemStack::new(&mut ch.scratch),
                );
                for (x, s) in r.iter_mut().zip(&ch.sq) {
                    *x *= s;
                }
            }
        }
    }
}
