//! Factorised shifted operators `α I − β Q`: Thomas in 1-D (tridiagonal),
//! faer's sparse LU otherwise.

use crate::error::{FpError, Result};
use crate::rate_matrix::RateMatrix;
use crate::thomas::Tridiagonal;
use faer::dyn_stack::{MemBuffer, MemStack};
use faer::sparse::linalg::lu::{LuRef, NumericLu, SymbolicLu, factorize_symbolic_lu};
use faer::sparse::{SparseColMatRef, SymbolicSparseColMatRef};
use faer::{Conj, MatMut, Par};

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
        }
    }
}
