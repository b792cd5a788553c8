//! Assembly of the finite-volume Fokker–Planck operator as a rate matrix.

use crate::diffusion::{DiffusionField, validate_tensor};
use crate::drift::{DriftField, GradientDrift};
use crate::error::{FpError, Result, check_len};
use crate::grid::{Boundary, BoundaryConditions, Grid};
use crate::rate_matrix::RateMatrix;
use crate::scharfetter_gummel::{log_mean, sg_rates};
use sgdpde_landscape::Landscape;

/// One face of the grid with its two Scharfetter–Gummel jump rates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Face {
    /// Axis normal to the face.
    pub axis: usize,
    /// The cell on the lower side (or the only cell, for a boundary face).
    pub lower: usize,
    /// The cell on the upper side; `None` for an absorbing boundary face
    /// (then `outward` says whether it is the upper (+1) or lower (−1) face).
    pub upper: Option<usize>,
    /// Direction of `lower → upper` along the axis: `+1.0`, or `−1.0` for an
    /// absorbing face at the lower end of the axis.
    pub outward: f64,
    /// Jump rate `lower → upper` (per unit time).
    pub up: f64,
    /// Jump rate `upper → lower`.
    pub down: f64,
}

/// A diagonal jump from the cross-diffusion stencil.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Jump {
    /// Source cell.
    pub from: usize,
    /// Target cell; `None` if the jump leaves through an absorbing face.
    pub to: Option<usize>,
    /// Rate.
    pub rate: f64,
}

/// The finite-volume Fokker–Planck operator `∂ₜu = −∇·(b u) + Σᵢⱼ ∂ᵢ∂ⱼ(Dᵢⱼ u)`
/// (Itô form, shared/math.md §1) on a [`Grid`], assembled as a rate matrix.
///
/// ```text
/// axis fluxes : J·h = g(A, D_f) u₁ − g(−A, D_f) u₂      (Scharfetter–Gummel)
///               A = −∫ b dx + (D̃₂ − D̃₁),  D_f = logmean(D̃₁, D̃₂)
/// cross terms : 2 s c ∂ₖ∂ₗ(·) = c δ_e²(·)/(hₖhₗ) − c(hₖ/hₗ)∂ₖₖ − c(hₗ/hₖ)∂ₗₗ,
///               e = (hₖ, s hₗ), c = |Dₖₗ|, s = sign Dₖₗ   (diagonal jumps)
///               D̃ₖₖ = Dₖₖ − Σₗ |Dₖₗ| hₖ/hₗ  (must be ≥ 0)
/// ```
///
/// Every term is a jump between cells with a non-negative rate, so `Q` is a
/// rate matrix: off-diagonals ≥ 0 and columns summing to 0 (to minus the
/// killing rate at absorbing faces).
///
/// # Order
/// Second order in `h` for smooth coefficients in the interior (SG with
/// log-mean faces); first order where `D = 0` (upwinding). Absorbing faces
/// impose `u = 0` on the face (half-cell SG flux), second order.
///
/// # Stability
/// Positivity and `L¹` contraction of the semigroup `e^{tQ}` hold for any
/// grid (rate matrix). Cross diffusion needs the diagonal dominance
/// `Dₖₖ ≥ Σₗ |Dₖₗ| hₖ/hₗ`; otherwise assembly returns
/// [`FpError::NotDiagonallyDominant`] (no non-positive operator is ever
/// returned). Cross jumps that would leave through a reflecting face are
/// dropped (first-order boundary layer in the mixed term).
///
/// # Errors
/// Dimension mismatch between grid, boundary conditions, drift and
/// diffusion; invalid diffusion (non-finite, negative diagonal, not
/// symmetric / PSD) or non-finite drift work, with the point.
///
/// # Examples
/// ```
/// use sgdpde_fokker_planck::{Boundary, BoundaryConditions, FokkerPlanck, Grid, Isotropic};
/// use sgdpde_landscape::DoubleWell;
/// let grid = Grid::uniform_1d(-2.0, 2.0, 40)?;
/// let bc = BoundaryConditions::uniform(1, Boundary::Reflecting);
/// let fp = FokkerPlanck::gradient(grid, bc, DoubleWell::symmetric(), &Isotropic::new(1, 0.25)?)?;
/// // columns sum to zero: mass is conserved
/// let q = fp.rate_matrix();
/// assert!((0..q.n()).all(|j| q.column_sum(j).abs() < 1e-10 * q.max_rate()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # References
/// Scharfetter & Gummel (1969); Chang & Cooper, J. Comput. Phys. 6 (1970);
/// Kushner & Dupuis, *Numerical Methods for Stochastic Control Problems in
/// Continuous Time* (2001), ch. 5 (positive stencils for cross terms).
#[derive(Debug, Clone)]
pub struct FokkerPlanck {
    grid: Grid,
    bc: BoundaryConditions,
    q: RateMatrix,
    faces: Vec<Face>,
    jumps: Vec<Jump>,
    potential: Option<Vec<f64>>,
    reversible: Option<Vec<f64>>,
}

impl FokkerPlanck {
    /// Gradient drift `b = −∇L` of a landscape with diffusion `D(x)`.
    ///
    /// # Errors
    /// As [`FokkerPlanck::new`].
    pub fn gradient<L: Landscape, F: DiffusionField>(
        grid: Grid,
        bc: BoundaryConditions,
        landscape: L,
        diffusion: &F,
    ) -> Result<Self> {
        Self::new(grid, bc, &GradientDrift(landscape), diffusion)
    }

    /// Assembles the operator for any drift and diffusion.
    ///
    /// # Errors
    /// See the type-level `# Errors`.
    pub fn new<B: DriftField, F: DiffusionField>(
        grid: Grid,
        bc: BoundaryConditions,
        drift: &B,
        diffusion: &F,
    ) -> Result<Self> {
        let d = grid.dim();
        check_len("boundary conditions", d, bc.dim())?;
        check_len("drift", d, drift.dim())?;
        check_len("diffusion", d, diffusion.dim())?;
        let n = grid.len();
        let h: Vec<f64> = (0..d).map(|k| grid.spacing(k)).collect();

        // Reduced axis diffusion D̃ₖₖ at every centre, and the cross tensors.
        let mut dt = vec![0.0; d * d];
        let mut x = vec![0.0; d];
        let mut dred = vec![0.0; n * d];
        let mut cross: Vec<(usize, usize, usize, f64)> = Vec::new(); // (cell, k, l, D_kl)
        for idx in 0..n {
            grid.center_into(idx, &mut x);
            reduced_diagonal(
                diffusion,
                &h,
                &x,
                &mut dt,
                &mut dred[idx * d..(idx + 1) * d],
            )
            .map_err(|e| match e {
                FpError::NotDiagonallyDominant { axis, reduced, .. } => {
                    FpError::NotDiagonallyDominant {
                        cell: idx,
                        axis,
                        reduced,
                    }
                }
                e => e,
            })?;
            if !diffusion.is_diagonal() {
                for k in 0..d {
                    for l in k + 1..d {
                        let v = dt[k * d + l];
                        if v != 0.0 {
                            cross.push((idx, k, l, v));
                        }
                    }
                }
            }
        }

        let potential = drift
            .is_gradient()
            .then(|| grid.map_centers(|x| drift.potential(x).unwrap_or(f64::NAN)));
        let mut faces = Vec::with_capacity(n * d);
        let mut multi = [0usize; 3];
        let (mut x2, mut mid, mut scratch) = (vec![0.0; d], vec![0.0; d], vec![0.0; d]);
        let mut rdiag = vec![0.0; d];
        for idx in 0..n {
            grid.multi_index_into(idx, &mut multi[..d]);
            grid.center_into(idx, &mut x);
            for k in 0..d {
                let (lo_bc, hi_bc) = bc.axis(k);
                let nk = grid.cells()[k];
                let d1 = dred[idx * d + k];
                // upper face of this cell
                if multi[k] + 1 < nk || hi_bc == Boundary::Periodic {
                    let j = if multi[k] + 1 < nk {
                        idx + grid.stride(k)
                    } else {
                        idx - (nk - 1) * grid.stride(k)
                    };
                    x2.copy_from_slice(&x);
                    x2[k] += h[k];
                    let d2 = dred[j * d + k];
                    // gradient drift, interior face: the work L(x₂) − L(x₁)
                    // from the centre values (no wrap: a periodic face's
                    // work is L(x + h) − L(x), not a difference of centres)
                    let work = match &potential {
                        Some(p) if multi[k] + 1 < nk => Some(p[j] - p[idx]),
                        _ => None,
                    };
                    let (up, down) = face_rates(
                        drift,
                        &x,
                        &x2,
                        &mut mid,
                        k,
                        &mut scratch,
                        d1,
                        d2,
                        h[k],
                        h[k],
                        work,
                    )?;
                    faces.push(Face {
                        axis: k,
                        lower: idx,
                        upper: Some(j),
                        outward: 1.0,
                        up,
                        down,
                    });
                }
                for (is_upper, b) in [(true, hi_bc), (false, lo_bc)] {
                    let at_end = if is_upper {
                        multi[k] + 1 == nk
                    } else {
                        multi[k] == 0
                    };
                    if !(at_end && b == Boundary::Absorbing) {
                        continue;
                    }
                    let sign = if is_upper { 1.0 } else { -1.0 };
                    x2.copy_from_slice(&x);
                    x2[k] += sign * 0.5 * h[k];
                    reduced_diagonal(diffusion, &h, &x2, &mut dt, &mut rdiag)
                        .map_err(|e| relocate(e, idx))?;
                    let (up, _) = face_rates(
                        drift,
                        &x,
                        &x2,
                        &mut mid,
                        k,
                        &mut scratch,
                        d1,
                        rdiag[k],
                        0.5 * h[k],
                        h[k],
                        None,
                    )?;
                    faces.push(Face {
                        axis: k,
                        lower: idx,
                        upper: None,
                        outward: sign,
                        up,
                        down: 0.0,
                    });
                }
            }
        }

        let jumps = cross_jumps(&grid, &bc, &h, &cross);

        let mut t: Vec<(usize, usize, f64)> = Vec::with_capacity(4 * faces.len() + 2 * jumps.len());
        for f in &faces {
            t.push((f.lower, f.lower, -f.up));
            if let Some(j) = f.upper {
                t.push((j, f.lower, f.up));
                t.push((f.lower, j, f.down));
                t.push((j, j, -f.down));
            }
        }
        for jm in &jumps {
            t.push((jm.from, jm.from, -jm.rate));
            if let Some(to) = jm.to {
                t.push((to, jm.from, jm.rate));
            }
        }
        let q = RateMatrix::from_triplets(n, &t)?;

        let mut fp = Self {
            grid,
            bc,
            q,
            faces,
            jumps,
            potential,
            reversible: None,
        };
        fp.reversible = fp.closed_form_stationary(diffusion);
        Ok(fp)
    }

    /// The grid.
    pub fn grid(&self) -> &Grid {
        &self.grid
    }

    /// The boundary conditions.
    pub fn boundary_conditions(&self) -> &BoundaryConditions {
        &self.bc
    }

    /// The rate matrix `Q`.
    pub fn rate_matrix(&self) -> &RateMatrix {
        &self.q
    }

    /// The faces with their rates (for currents and diagnostics).
    pub fn faces(&self) -> &[Face] {
        &self.faces
    }

    /// The diagonal jumps of the cross-diffusion stencil.
    pub fn jumps(&self) -> &[Jump] {
        &self.jumps
    }

    /// `L` at the cell centres if the drift is a gradient.
    pub fn potential(&self) -> Option<&[f64]> {
        self.potential.as_deref()
    }

    /// The discrete stationary density in closed form, when the operator
    /// satisfies detailed balance with a known state (normalised to mass 1):
    ///
    /// * 1-D, no absorbing face, all face diffusions positive (a birth–death
    ///   chain, always reversible): `u_{i+1}/u_i = e^{−A/D_f}`, i.e. for a
    ///   gradient drift `uᵢ ∝ D̃ᵢ⁻¹ exp(−Σ_{f<i} ΔL_f/D_f)`;
    /// * gradient drift, constant isotropic `D`, no absorbing or periodic
    ///   face: the discrete Gibbs state `uᵢ ∝ exp(−Lᵢ/D)`.
    ///
    /// `None` otherwise (use [`crate::stationary`]).
    pub fn reversible_stationary(&self) -> Option<&[f64]> {
        self.reversible.as_deref()
    }

    fn closed_form_stationary<F: DiffusionField>(&self, diffusion: &F) -> Option<Vec<f64>> {
        if self.bc.any_absorbing() {
            return None;
        }
        let d = self.grid.dim();
        let n = self.grid.len();
        let mut logu = vec![0.0; n];
        if d == 1 && self.bc.axis(0).0 != Boundary::Periodic {
            // u_{i+1}/u_i = up/down along the chain
            for f in &self.faces {
                let j = f.upper?;
                if f.up <= 0.0 || f.down <= 0.0 {
                    return None;
                }
                logu[j] = logu[f.lower] + (f.up / f.down).ln();
            }
        } else {
            let pot = self.potential.as_ref()?;
            if !diffusion.is_diagonal() || (0..d).any(|k| self.bc.axis(k).0 == Boundary::Periodic) {
                return None;
            }
            let mut t = vec![0.0; d * d];
            let mut x = vec![0.0; d];
            let mut dval = None;
            for idx in 0..n {
                self.grid.center_into(idx, &mut x);
                diffusion.tensor_into(&x, &mut t);
                for k in 0..d {
                    let v = t[k * d + k];
                    match dval {
                        None => dval = Some(v),
                        Some(w) if w != v => return None,
                        _ => {}
                    }
                }
            }
            let dv = dval?;
            if dv <= 0.0 {
                return None;
            }
            for i in 0..n {
                logu[i] = -pot[i] / dv;
            }
        }
        let m = logu.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let mut u: Vec<f64> = logu.iter().map(|&l| (l - m).exp()).collect();
        let mass = self.grid.mass(&u);
        for v in &mut u {
            *v /= mass;
        }
        Some(u)
    }
}

fn relocate(e: FpError, cell: usize) -> FpError {
    match e {
        FpError::NotDiagonallyDominant { axis, reduced, .. } => FpError::NotDiagonallyDominant {
            cell,
            axis,
            reduced,
        },
        e => e,
    }
}

/// Evaluates and validates `D(x)`, writes `D̃ₖₖ = Dₖₖ − Σ_{l≠k} |Dₖₗ| hₖ/hₗ`.
fn reduced_diagonal<F: DiffusionField>(
    diffusion: &F,
    h: &[f64],
    x: &[f64],
    t: &mut [f64],
    out: &mut [f64],
) -> Result<()> {
    let d = h.len();
    t.fill(0.0);
    diffusion.tensor_into(x, t);
    validate_tensor(d, t, x)?;
    for k in 0..d {
        let mut r = t[k * d + k];
        if !diffusion.is_diagonal() {
            for l in 0..d {
                if l != k {
                    r -= t[k * d + l].abs() * h[k] / h[l];
                }
            }
            // round-off of the subtraction, relative to D_kk
            if r < -1e-12 * t[k * d + k] {
                return Err(FpError::NotDiagonallyDominant {
                    cell: 0,
                    axis: k,
                    reduced: r,
                });
            }
        }
        out[k] = r.max(0.0);
    }
    Ok(())
}

/// SG rates `(1→2, 2→1)` across a segment of length `dist` between two
/// points, for a control volume of width `width`.
#[allow(clippy::too_many_arguments)]
fn face_rates<B: DriftField>(
    drift: &B,
    x1: &[f64],
    x2: &[f64],
    mid: &mut [f64],
    axis: usize,
    scratch: &mut [f64],
    d1: f64,
    d2: f64,
    dist: f64,
    width: f64,
    work: Option<f64>,
) -> Result<(f64, f64)> {
    for k in 0..x1.len() {
        mid[k] = 0.5 * (x1[k] + x2[k]);
    }
    let w = work.unwrap_or_else(|| drift.work(x1, x2, mid, axis, scratch));
    if !w.is_finite() {
        return Err(FpError::NonFiniteDrift {
            value: w,
            x: mid.to_vec(),
        });
    }
    let a = w + (d2 - d1);
    let df = log_mean(d1, d2);
    let s = 1.0 / (dist * width);
    let (f, b) = sg_rates(a, df);
    Ok((f * s, b * s))
}

/// Diagonal jumps `j → j ± e`, `e = (hₖ, s hₗ)`, at rate `|Dₖₗ(xⱼ)|/(hₖhₗ)`.
fn cross_jumps(
    grid: &Grid,
    bc: &BoundaryConditions,
    h: &[f64],
    cross: &[(usize, usize, usize, f64)],
) -> Vec<Jump> {
    let d = grid.dim();
    let mut jumps = Vec::with_capacity(2 * cross.len());
    let mut m = [0usize; 3];
    for &(idx, k, l, v) in cross {
        let rate = v.abs() / (h[k] * h[l]);
        let s: isize = if v > 0.0 { 1 } else { -1 };
        for dir in [1isize, -1] {
            grid.multi_index_into(idx, &mut m[..d]);
            let mut target = [0usize; 3];
            target[..d].copy_from_slice(&m[..d]);
            let mut leaves = false;
            let mut blocked = false;
            for (axis, step) in [(k, dir), (l, dir * s)] {
                let nk = grid.cells()[axis] as isize;
                let p = m[axis] as isize + step;
                if (0..nk).contains(&p) {
                    target[axis] = p as usize;
                } else {
                    let (lo, hi) = bc.axis(axis);
                    match if p < 0 { lo } else { hi } {
                        Boundary::Periodic => target[axis] = p.rem_euclid(nk) as usize,
                        Boundary::Absorbing => leaves = true,
                        Boundary::Reflecting => blocked = true,
                    }
                }
            }
            if leaves {
                jumps.push(Jump {
                    from: idx,
                    to: None,
                    rate,
                });
            } else if !blocked {
                jumps.push(Jump {
                    from: idx,
                    to: Some(grid.index(&target[..d])),
                    rate,
                });
            }
        }
    }
    jumps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ConstantTensor, DiagonalField, Isotropic, VectorDrift};
    use sgdpde_landscape::Quadratic;

    fn grid2(nx: usize, ny: usize) -> Grid {
        Grid::new(&[-1.0, -1.0], &[1.0, 1.0], &[nx, ny]).unwrap()
    }

    #[test]
    fn cross_diffusion_needs_scaled_diagonal_dominance() {
        let d = ConstantTensor::full(2, &[1.0, 0.9, 0.9, 1.0]).unwrap();
        let l = Quadratic::diagonal(&[1.0, 1.0], vec![0.0, 0.0]).unwrap();
        let bc = BoundaryConditions::uniform(2, Boundary::Reflecting);
        // h_x = h_y: D̃ = 1 − 0.9 ≥ 0, a rate matrix with diagonal jumps
        let fp = FokkerPlanck::gradient(grid2(10, 10), bc.clone(), l.clone(), &d).unwrap();
        assert!(!fp.jumps().is_empty());
        // h_x = 2 h_y: D̃_xx = 1 − 0.9·2 < 0 → typed error naming the axis
        match FokkerPlanck::gradient(grid2(5, 10), bc, l, &d) {
            Err(FpError::NotDiagonallyDominant {
                axis: 0, reduced, ..
            }) => {
                assert!((reduced + 0.8).abs() < 1e-12)
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn mismatched_and_non_finite_inputs_are_typed_errors() {
        let bc = BoundaryConditions::uniform(2, Boundary::Reflecting);
        let l1 = Quadratic::diagonal(&[1.0], vec![0.0]).unwrap();
        assert!(matches!(
            FokkerPlanck::gradient(
                grid2(4, 4),
                bc.clone(),
                l1,
                &Isotropic::new(2, 1.0).unwrap()
            ),
            Err(FpError::DimensionMismatch { what: "drift", .. })
        ));
        let l2 = Quadratic::diagonal(&[1.0, 1.0], vec![0.0, 0.0]).unwrap();
        assert!(matches!(
            FokkerPlanck::gradient(
                grid2(4, 4),
                bc.clone(),
                l2.clone(),
                &Isotropic::new(1, 1.0).unwrap()
            ),
            Err(FpError::DimensionMismatch {
                what: "diffusion",
                ..
            })
        ));
        assert!(matches!(
            FokkerPlanck::gradient(
                grid2(4, 4),
                BoundaryConditions::uniform(1, Boundary::Reflecting),
                l2.clone(),
                &Isotropic::new(2, 1.0).unwrap()
            ),
            Err(FpError::DimensionMismatch { .. })
        ));
        // a state-dependent diffusion that goes negative / NaN somewhere
        let neg = DiagonalField::new(2, |x: &[f64], o: &mut [f64]| {
            o[0] = x[0];
            o[1] = 1.0;
        });
        assert!(matches!(
            FokkerPlanck::gradient(grid2(4, 4), bc.clone(), l2.clone(), &neg),
            Err(FpError::InvalidDiffusion {
                i: 0,
                j: 0,
                reason: "negative diagonal",
                ..
            })
        ));
        let nan = DiagonalField::new(2, |_: &[f64], o: &mut [f64]| o.fill(f64::NAN));
        assert!(matches!(
            FokkerPlanck::gradient(grid2(4, 4), bc.clone(), l2, &nan),
            Err(FpError::InvalidDiffusion {
                reason: "not finite",
                ..
            })
        ));
        let bad_drift = VectorDrift::new(2, |_: &[f64], o: &mut [f64]| o.fill(f64::INFINITY));
        assert!(matches!(
            FokkerPlanck::new(
                grid2(4, 4),
                bc,
                &bad_drift,
                &Isotropic::new(2, 1.0).unwrap()
            ),
            Err(FpError::NonFiniteDrift { .. })
        ));
    }

    /// Noise only in x (D_yy = 0): the y-direction is upwinded transport,
    /// still a rate matrix, and mass drains into the row nearest y = 0.
    #[test]
    fn degenerate_axis_is_upwinded() {
        let d = ConstantTensor::diagonal(&[0.5, 0.0]).unwrap();
        let l = Quadratic::diagonal(&[1.0, 1.0], vec![0.0, 0.0]).unwrap();
        let bc = BoundaryConditions::uniform(2, Boundary::Reflecting);
        let fp = FokkerPlanck::gradient(grid2(8, 9), bc, l, &d).unwrap();
        for f in fp.faces().iter().filter(|f| f.axis == 1) {
            // exactly one direction per y-face: downhill
            assert!(f.up == 0.0 || f.down == 0.0, "{f:?}");
        }
        let q = fp.rate_matrix();
        for j in 0..q.n() {
            assert!(q.column_sum(j).abs() < 1e-13 * q.max_rate());
        }
    }
}
