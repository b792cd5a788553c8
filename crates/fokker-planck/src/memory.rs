//! How much memory a grid's operator and its factorisation take, estimated
//! from the cell counts before anything is allocated.
//!
//! ```text
//! bytes ≈ n · (300 d + 48 + 16 f(n))          n cells, d axes
//! f(n)     1-D        2-D           3-D
//! Cholesky 0 (Thomas) 2 log₂ n      6 n^{1/3}     (time stepping, symmetrised)
//! LU       0 (Thomas) 8 log₂ n      0.42 n^{2/3}  (backward problems, COLAMD)
//! ```
//!
//! `300 d + 48` bytes per cell are the assembly buffers (D̃, potential,
//! faces, triplets, the CSC matrix, the solution vectors); `f(n)` is the
//! number of factor entries per cell (16 bytes each: value and index). The
//! 2-D `n log n` and 3-D `n^{4/3}` growths are those of nested dissection
//! (George 1973); COLAMD's LU fill in 3-D grows faster over the sizes that
//! matter here, fitted as `n^{5/3}`. The constants are fitted to peak
//! memory measured on the CLI and rounded up (within −2 % … +15 % of every
//! measurement; `proofs-notes/run-size-limits.md`).

use sgdpde_sde::limits::check_memory;

use crate::error::{FpError, Result};

/// Which factorisation the estimate of [`operator_bytes`] provides for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Factorisation {
    /// The symmetrised Cholesky factor of the time steppers (reversible
    /// operators; the least memory any solve needs).
    Cholesky,
    /// The sparse LU of the backward problems (mean exit times).
    Lu,
}

/// The number of cells of a grid with `cells` per axis, `None` when the
/// product overflows `usize`.
pub fn cell_count(cells: &[usize]) -> Option<usize> {
    cells.iter().try_fold(1usize, |n, &c| n.checked_mul(c))
}

/// Estimated peak bytes of the operator on a grid with `cells` per axis
/// and one factorisation of it (saturating at `u64::MAX`).
pub fn operator_bytes(cells: &[usize], factorisation: Factorisation) -> u64 {
    let Some(n) = cell_count(cells) else {
        return u64::MAX;
    };
    let (n, d) = (n as f64, cells.len() as f64);
    let per_cell_fill = match (cells.len(), factorisation) {
        (0 | 1, _) => 0.0,
        (2, Factorisation::Cholesky) => 2.0 * n.log2(),
        (2, Factorisation::Lu) => 8.0 * n.log2(),
        (_, Factorisation::Cholesky) => 6.0 * n.cbrt(),
        (_, Factorisation::Lu) => 0.42 * n.cbrt() * n.cbrt(),
    };
    let bytes = n * (300.0 * d + 48.0 + 16.0 * per_cell_fill);
    if bytes >= u64::MAX as f64 {
        u64::MAX
    } else {
        bytes as u64
    }
}

/// Checks that a grid with `cells` per axis has a countable number of cells
/// and that its operator and one factorisation fit in the available memory
/// (`sgdpde_sde::limits::memory_limit`).
///
/// # Errors
/// [`FpError::Limit`] with the estimate and the limit.
pub fn check_grid_memory(cells: &[usize], factorisation: Factorisation) -> Result<()> {
    let what = || {
        let axes: Vec<String> = cells.iter().map(usize::to_string).collect();
        match cell_count(cells) {
            Some(n) if cells.len() > 1 => {
                format!("a grid of {} = {n} cells", axes.join(" × "))
            }
            Some(n) => format!("a grid of {n} cells"),
            None => format!("a grid of {} cells", axes.join(" × ")),
        }
    };
    check_memory(what, operator_bytes(cells, factorisation)).map_err(FpError::Limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_counts_overflow_to_none_and_the_estimate_saturates() {
        use Factorisation::{Cholesky, Lu};
        assert_eq!(cell_count(&[3, 4, 5]), Some(60));
        assert_eq!(cell_count(&[usize::MAX, 2]), None);
        assert_eq!(operator_bytes(&[usize::MAX, 2], Lu), u64::MAX);
        assert_eq!(operator_bytes(&[1000], Lu), 348_000);
        // The estimate grows with cells and dimension; LU needs more than
        // Cholesky beyond 1-D.
        for f in [Cholesky, Lu] {
            assert!(operator_bytes(&[100, 100], f) > operator_bytes(&[10_000], f));
            assert!(operator_bytes(&[100, 100, 100], f) > operator_bytes(&[1000, 1000], f));
        }
        assert!(operator_bytes(&[100, 100], Lu) > operator_bytes(&[100, 100], Cholesky));
        assert!(operator_bytes(&[30, 30, 30], Lu) > operator_bytes(&[30, 30, 30], Cholesky));
    }

    #[test]
    fn grids_beyond_the_memory_limit_are_refused_with_the_estimate() {
        for f in [Factorisation::Cholesky, Factorisation::Lu] {
            check_grid_memory(&[200], f).unwrap();
            check_grid_memory(&[100, 100], f).unwrap();
            check_grid_memory(&[30, 30, 30], f).unwrap();
        }
        for cells in [
            vec![2000, 2000, 2000],
            vec![4_000_000_000],
            vec![usize::MAX, 2],
        ] {
            let e = check_grid_memory(&cells, Factorisation::Cholesky).unwrap_err();
            let FpError::Limit(sgdpde_sde::LimitError::OverMemory { bytes, limit, .. }) = &e else {
                panic!("{e}")
            };
            assert!(bytes > limit, "{e}");
            assert!(e.to_string().contains("more than the"), "{e}");
        }
        let e = check_grid_memory(&[2000, 2000, 2000], Factorisation::Cholesky).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("a grid of 2000 × 2000 × 2000 = 8000000000 cells needs about"),
            "{e}"
        );
    }
}
