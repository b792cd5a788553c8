//! Uniform cell-centred tensor grids in 1, 2 and 3 dimensions, and the
//! boundary conditions on their faces.

use crate::error::{FpError, Result};

/// What happens to probability at a face of the domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Boundary {
    /// Zero flux: mass is conserved (`J·n = 0`).
    Reflecting,
    /// Zero density outside the face (Dirichlet `u = 0` on the face): mass
    /// leaving is killed; the exit event of the backward problems.
    Absorbing,
    /// The opposite face is glued to this one. Must be set on both faces of
    /// an axis.
    Periodic,
}

/// Boundary conditions per axis: `(lower face, upper face)`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BoundaryConditions {
    faces: Vec<(Boundary, Boundary)>,
}

impl BoundaryConditions {
    /// The same condition on every face of a `dim`-dimensional box.
    pub fn uniform(dim: usize, b: Boundary) -> Self {
        Self {
            faces: vec![(b, b); dim],
        }
    }

    /// Per-axis conditions `(lower, upper)`.
    ///
    /// # Errors
    /// [`FpError::HalfPeriodic`] if an axis is periodic on one face only.
    pub fn per_axis(faces: Vec<(Boundary, Boundary)>) -> Result<Self> {
        for (axis, &(lo, hi)) in faces.iter().enumerate() {
            if (lo == Boundary::Periodic) != (hi == Boundary::Periodic) {
                return Err(FpError::HalfPeriodic { axis });
            }
        }
        Ok(Self { faces })
    }

    /// Number of axes.
    pub fn dim(&self) -> usize {
        self.faces.len()
    }

    /// `(lower, upper)` condition of `axis`.
    pub fn axis(&self, axis: usize) -> (Boundary, Boundary) {
        self.faces[axis]
    }

    /// Whether any face is absorbing (mass can leave).
    pub fn any_absorbing(&self) -> bool {
        self.faces
            .iter()
            .any(|&(a, b)| a == Boundary::Absorbing || b == Boundary::Absorbing)
    }
}

/// A uniform cell-centred tensor grid on the box `Π [lowerₖ, upperₖ]`.
///
/// Cell `(i₀, i₁, i₂)` has centre `lowerₖ + (iₖ + ½) hₖ`; the linear index is
/// `i₀ + n₀ (i₁ + n₁ i₂)` (axis 0 fastest). Densities are cell averages, so
/// the mass of a grid function `u` is `vol · Σ uᵢ`.
///
/// # Examples
/// ```
/// use sgdpde_fokker_planck::Grid;
/// let g = Grid::new(&[-1.0, 0.0], &[1.0, 2.0], &[4, 8])?;
/// assert_eq!(g.len(), 32);
/// assert_eq!(g.spacing(0), 0.5);
/// let mut x = [0.0; 2];
/// g.center_into(g.index(&[1, 3]), &mut x);
/// assert_eq!(x, [-0.25, 0.875]);
/// # Ok::<(), sgdpde_fokker_planck::FpError>(())
/// ```
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Grid {
    lower: Vec<f64>,
    upper: Vec<f64>,
    cells: Vec<usize>,
    h: Vec<f64>,
}

impl Grid {
    /// Builds the grid.
    ///
    /// # Errors
    /// [`FpError::UnsupportedDimension`] unless `1 ≤ d ≤ 3`;
    /// [`FpError::DimensionMismatch`] if the three slices differ in length;
    /// [`FpError::TooFewCells`] for an axis with fewer than 3 cells;
    /// [`FpError::InvalidBounds`] for non-finite or inverted bounds;
    /// [`FpError::Limit`] when the operator on the grid and the least
    /// memory a factorisation of it takes would not fit in the available
    /// memory ([`crate::check_grid_memory`] with
    /// [`crate::Factorisation::Cholesky`]; it also refuses cell counts
    /// whose product overflows).
    pub fn new(lower: &[f64], upper: &[f64], cells: &[usize]) -> Result<Self> {
        let d = lower.len();
        if !(1..=3).contains(&d) {
            return Err(FpError::UnsupportedDimension { dim: d });
        }
        crate::error::check_len("upper", d, upper.len())?;
        crate::error::check_len("cells", d, cells.len())?;
        let mut h = Vec::with_capacity(d);
        for axis in 0..d {
            let (lo, hi) = (lower[axis], upper[axis]);
            if !(lo.is_finite() && hi.is_finite() && lo < hi) {
                return Err(FpError::InvalidBounds {
                    axis,
                    lower: lo,
                    upper: hi,
                });
            }
            if cells[axis] < 3 {
                return Err(FpError::TooFewCells {
                    axis,
                    cells: cells[axis],
                });
            }
            h.push((hi - lo) / cells[axis] as f64);
        }
        crate::memory::check_grid_memory(cells, crate::Factorisation::Cholesky)?;
        Ok(Self {
            lower: lower.to_vec(),
            upper: upper.to_vec(),
            cells: cells.to_vec(),
            h,
        })
    }

    /// A 1-D grid of `n` cells on `[a, b]`.
    ///
    /// # Errors
    /// As [`Grid::new`].
    pub fn uniform_1d(a: f64, b: f64, n: usize) -> Result<Self> {
        Self::new(&[a], &[b], &[n])
    }

    /// Dimension `d`.
    pub fn dim(&self) -> usize {
        self.cells.len()
    }

    /// Total number of cells.
    pub fn len(&self) -> usize {
        self.cells.iter().product()
    }

    /// Always `false` (a grid has at least 3 cells); present for clippy's
    /// `len_without_is_empty`.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Cells per axis.
    pub fn cells(&self) -> &[usize] {
        &self.cells
    }

    /// Lower corner.
    pub fn lower(&self) -> &[f64] {
        &self.lower
    }

    /// Upper corner.
    pub fn upper(&self) -> &[f64] {
        &self.upper
    }

    /// Spacing `hₖ` of axis `k`.
    pub fn spacing(&self, axis: usize) -> f64 {
        self.h[axis]
    }

    /// Cell volume `Π hₖ`.
    pub fn cell_volume(&self) -> f64 {
        self.h.iter().product()
    }

    /// Linear index of a multi-index (axis 0 fastest).
    pub fn index(&self, multi: &[usize]) -> usize {
        let mut idx = 0;
        for axis in (0..self.dim()).rev() {
            idx = idx * self.cells[axis] + multi[axis];
        }
        idx
    }

    /// Multilinear interpolation at `x` of cell-centred `values` (one per
    /// cell, in [`Grid::index`] order), clamped to the outermost centres
    /// outside them: exact for functions multilinear in the coordinates,
    /// second order for smooth ones. No allocation (`d ≤ 3`), so it may sit
    /// in a per-step loop (a committor as splitting coordinate).
    ///
    /// # Panics
    /// If `x` or `values` is shorter than the grid's dimension or size.
    #[inline]
    pub fn interpolate(&self, values: &[f64], x: &[f64]) -> f64 {
        let d = self.dim();
        let (mut base, mut frac) = ([0usize; 3], [0.0f64; 3]);
        for k in 0..d {
            let s = (x[k] - self.lower[k]) / self.h[k] - 0.5;
            let i0 = s.floor().clamp(0.0, (self.cells[k] - 2) as f64);
            base[k] = i0 as usize;
            frac[k] = (s - i0).clamp(0.0, 1.0);
        }
        let mut total = 0.0;
        for corner in 0..(1usize << d) {
            let (mut idx, mut stride, mut w) = (0, 1, 1.0);
            for k in 0..d {
                let up = (corner >> k) & 1;
                idx += (base[k] + up) * stride;
                stride *= self.cells[k];
                w *= if up == 1 { frac[k] } else { 1.0 - frac[k] };
            }
            if w > 0.0 {
                total += w * values[idx];
            }
        }
        total
    }

    /// Multi-index of a linear index, written into `out` (length `d`).
    pub fn multi_index_into(&self, mut idx: usize, out: &mut [usize]) {
        for axis in 0..self.dim() {
            out[axis] = idx % self.cells[axis];
            idx /= self.cells[axis];
        }
    }

    /// Stride of axis `k` in the linear index.
    pub fn stride(&self, axis: usize) -> usize {
        self.cells[..axis].iter().product()
    }

    /// Coordinate of the centre of cell `i` along `axis`.
    pub fn coordinate(&self, axis: usize, i: usize) -> f64 {
        self.lower[axis] + (i as f64 + 0.5) * self.h[axis]
    }

    /// Centre of cell `idx`, written into `x` (length `d`).
    pub fn center_into(&self, idx: usize, x: &mut [f64]) {
        let mut rest = idx;
        for axis in 0..self.dim() {
            let i = rest % self.cells[axis];
            rest /= self.cells[axis];
            x[axis] = self.coordinate(axis, i);
        }
    }

    /// The centres of all cells, row-major `len × d`.
    pub fn centers(&self) -> Vec<f64> {
        let d = self.dim();
        let mut out = vec![0.0; self.len() * d];
        for (idx, x) in out.chunks_exact_mut(d).enumerate() {
            self.center_into(idx, x);
        }
        out
    }

    /// The cell containing `x` (faces belong to the upper cell, the upper
    /// boundary to the last cell), or `None` outside the box.
    pub fn locate(&self, x: &[f64]) -> Option<usize> {
        if x.len() != self.dim() {
            return None;
        }
        let mut multi = [0usize; 3];
        for axis in 0..self.dim() {
            let s = (x[axis] - self.lower[axis]) / self.h[axis];
            if !(s >= 0.0 && x[axis] <= self.upper[axis]) {
                return None;
            }
            multi[axis] = (s as usize).min(self.cells[axis] - 1);
        }
        Some(self.index(&multi[..self.dim()]))
    }

    /// Evaluates `f` at every cell centre.
    pub fn map_centers(&self, mut f: impl FnMut(&[f64]) -> f64) -> Vec<f64> {
        let mut x = vec![0.0; self.dim()];
        (0..self.len())
            .map(|idx| {
                self.center_into(idx, &mut x);
                f(&x)
            })
            .collect()
    }

    /// The cells whose centres satisfy `pred`, as a mask.
    pub fn mask(&self, mut pred: impl FnMut(&[f64]) -> bool) -> Vec<bool> {
        let mut x = vec![0.0; self.dim()];
        (0..self.len())
            .map(|idx| {
                self.center_into(idx, &mut x);
                pred(&x)
            })
            .collect()
    }

    /// Mass `vol · Σ uᵢ` of a grid density.
    pub fn mass(&self, u: &[f64]) -> f64 {
        self.cell_volume() * u.iter().sum::<f64>()
    }
}

#[cfg(test)]
mod tests {

    /// Exact on a multilinear function (`1 + 2x − y + 3xy` on a 2-D grid,
    /// `1 + x − 2y + z + xyz` in 3-D), at points between centres and on
    /// them; outside the centres it holds the edge values.
    #[test]
    fn interpolation_is_exact_for_multilinear_functions() {
        let g = Grid::new(&[-1.0, 0.0], &[1.0, 2.0], &[5, 4]).unwrap();
        let f = |x: &[f64]| 1.0 + 2.0 * x[0] - x[1] + 3.0 * x[0] * x[1];
        let mut c = [0.0; 2];
        let values: Vec<f64> = (0..g.len())
            .map(|i| {
                g.center_into(i, &mut c);
                f(&c)
            })
            .collect();
        for x in [[0.13, 0.77], [-0.6, 1.5], [0.4, 0.25]] {
            assert!((g.interpolate(&values, &x) - f(&x)).abs() < 1e-13, "{x:?}");
        }
        // Beyond the last centre (x = 0.8): the value at the edge centre.
        assert!((g.interpolate(&values, &[0.95, 1.0]) - f(&[0.8, 1.0])).abs() < 1e-13);
        let g3 = Grid::new(&[0.0; 3], &[1.0; 3], &[3, 4, 5]).unwrap();
        let f3 = |x: &[f64]| 1.0 + x[0] - 2.0 * x[1] + x[2] + x[0] * x[1] * x[2];
        let mut c3 = [0.0; 3];
        let v3: Vec<f64> = (0..g3.len())
            .map(|i| {
                g3.center_into(i, &mut c3);
                f3(&c3)
            })
            .collect();
        let x = [0.41, 0.52, 0.33];
        assert!((g3.interpolate(&v3, &x) - f3(&x)).abs() < 1e-13);
    }

    use super::*;

    #[test]
    fn bad_grids_are_typed_errors() {
        assert_eq!(
            Grid::new(&[0.0], &[1.0], &[2]),
            Err(FpError::TooFewCells { axis: 0, cells: 2 })
        );
        assert!(matches!(
            Grid::new(&[0.0, 1.0], &[1.0, 0.5], &[4, 4]),
            Err(FpError::InvalidBounds { axis: 1, .. })
        ));
        assert!(matches!(
            Grid::new(&[f64::NAN], &[1.0], &[4]),
            Err(FpError::InvalidBounds { axis: 0, .. })
        ));
        assert!(matches!(
            Grid::new(&[0.0, 0.0], &[1.0], &[4, 4]),
            Err(FpError::DimensionMismatch { what: "upper", .. })
        ));
        assert!(matches!(
            Grid::new(&[0.0; 4], &[1.0; 4], &[4; 4]),
            Err(FpError::UnsupportedDimension { dim: 4 })
        ));
        assert_eq!(
            BoundaryConditions::per_axis(vec![(Boundary::Periodic, Boundary::Reflecting)]),
            Err(FpError::HalfPeriodic { axis: 0 })
        );
    }

    #[test]
    fn indexing_round_trips_and_locates() {
        let g = Grid::new(&[0.0, -1.0, 2.0], &[1.0, 1.0, 3.0], &[3, 4, 5]).unwrap();
        let mut m = [0; 3];
        let mut x = [0.0; 3];
        for idx in 0..g.len() {
            g.multi_index_into(idx, &mut m);
            assert_eq!(g.index(&m), idx);
            g.center_into(idx, &mut x);
            assert_eq!(g.locate(&x), Some(idx));
        }
        assert_eq!(g.stride(2), 12);
        assert_eq!(g.locate(&[1.5, 0.0, 2.5]), None);
    }
}
