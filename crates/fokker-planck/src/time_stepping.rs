//! Implicit time stepping of `du/dt = Q u` with one factorisation per `dt`.

use crate::error::{FpError, Result};
use crate::operator::FokkerPlanck;
use crate::rate_matrix::RateMatrix;
use crate::sparse_lu::ShiftedSolver;

/// `γ = 2 − √2` of TR-BDF2: both stages then share the matrix `I − (γ/2)dt Q`.
const GAMMA: f64 = 2.0 - std::f64::consts::SQRT_2;

/// The time-stepping schemes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub enum Scheme {
    /// Implicit Euler `(I − dt Q) uⁿ⁺¹ = uⁿ`.
    ///
    /// # Order
    /// 1 in time.
    /// # Stability
    /// L-stable; for a rate matrix `(I − dt Q)⁻¹` is entrywise non-negative
    /// with column sums 1 (an M-matrix inverse), so the scheme is positive,
    /// mass conserving and `L¹`-contractive for every `dt > 0`, and the
    /// relative entropy to any stationary state is non-increasing.
    ImplicitEuler,
    /// TR-BDF2 with `γ = 2 − √2`: a trapezoidal stage to `t + γ dt`, then
    /// BDF2 on `(t, t + γdt, t + dt)`:
    ///
    /// ```text
    /// (I − (γ/2)dt Q) u*    = (I + (γ/2)dt Q) uⁿ
    /// (I − (γ/2)dt Q) uⁿ⁺¹ = [u* − (1 − γ)² uⁿ] / (γ(2 − γ))
    /// ```
    ///
    /// # Order
    /// 2 in time.
    /// # Stability
    /// L-stable and exactly mass conserving, but **not unconditionally
    /// positive**: the trapezoidal stage is positive only for
    /// `(γ/2) dt max|Q_ii| ≤ 1` and the BDF2 stage subtracts `(1−γ)² uⁿ`.
    /// Small negative undershoots (relative size `O(dt²)`) can appear where
    /// the solution is steep; use implicit Euler when positivity must be
    /// exact.
    /// # References
    /// Bank, Coughran, Fichtner, Grosse, Rose & Smith, IEEE Trans. CAD 4
    /// (1985); Hosea & Shampine, Appl. Numer. Math. 20 (1996).
    TrBdf2,
}

impl Scheme {
    /// Order of accuracy in time.
    pub fn order(self) -> usize {
        match self {
            Self::ImplicitEuler => 1,
            Self::TrBdf2 => 2,
        }
    }

    /// Whether the scheme keeps densities non-negative for every `dt`.
    pub fn unconditionally_positive(self) -> bool {
        matches!(self, Self::ImplicitEuler)
    }

    /// Name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Self::ImplicitEuler => "implicit-euler",
            Self::TrBdf2 => "tr-bdf2",
        }
    }

    fn coefficient(self) -> f64 {
        match self {
            Self::ImplicitEuler => 1.0,
            Self::TrBdf2 => 0.5 * GAMMA,
        }
    }
}

/// Advances `du/dt = Q u` with a fixed `dt`; the shifted matrix is
/// factorised once at construction (Thomas in 1-D, sparse LU otherwise) and
/// each step allocates nothing.
///
/// # Errors
/// [`FpError::InvalidParameter`] for `dt ≤ 0` or non-finite;
/// [`FpError::Factorisation`] if the factorisation fails;
/// [`FpError::NonFinite`] (with the cell and step) if a step produces a
/// non-finite value.
///
/// # Examples
/// ```
/// use sgdpde_fokker_planck::prelude::*;
/// use sgdpde_landscape::DoubleWell;
/// let grid = Grid::uniform_1d(-3.0, 3.0, 300)?;
/// let bc = BoundaryConditions::uniform(1, Boundary::Reflecting);
/// let fp = FokkerPlanck::gradient(grid, bc, DoubleWell::symmetric(), &Isotropic::new(1, 0.25)?)?;
/// let mut u = fp.grid().map_centers(|x| (-(x[0] + 1.0).powi(2) / 0.02).exp());
/// let m0 = fp.grid().mass(&u);
/// let mut st = Stepper::new(&fp, Scheme::ImplicitEuler, 0.05)?;
/// for _ in 0..20 {
///     st.step(&mut u)?;
/// }
/// assert!((fp.grid().mass(&u) - m0).abs() < 1e-12 * m0);
/// assert!(u.iter().all(|&v| v >= 0.0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Stepper {
    scheme: Scheme,
    dt: f64,
    q: RateMatrix,
    solver: ShiftedSolver,
    work: Vec<f64>,
    prev: Vec<f64>,
    steps: usize,
}

impl Stepper {
    /// A stepper for an assembled operator.
    ///
    /// # Errors
    /// See the type.
    /// Reversible operators ([`FokkerPlanck::reversible_stationary`]) are
    /// factorised by sparse Cholesky of the symmetrised matrix
    /// ordered by nested dissection of the grid
    /// ([`ShiftedSolver::new_reversible_on_grid`]).
    pub fn new(fp: &FokkerPlanck, scheme: Scheme, dt: f64) -> Result<Self> {
        let dt = crate::error::check_positive("dt", dt)?;
        let q = fp.rate_matrix().clone();
        let c = scheme.coefficient() * dt;
        let solver = match fp.reversible_stationary() {
            Some(pi) => ShiftedSolver::new_reversible_on_grid(&q, pi, 1.0, c, fp.grid().cells())?,
            None => ShiftedSolver::new(&q, 1.0, c)?,
        };
        Ok(Self::with_solver(q, scheme, dt, solver))
    }

    fn with_solver(q: RateMatrix, scheme: Scheme, dt: f64, solver: ShiftedSolver) -> Self {
        let n = q.n();
        Self {
            scheme,
            dt,
            q,
            solver,
            work: vec![0.0; n],
            prev: vec![0.0; n],
            steps: 0,
        }
    }

    /// A stepper for any (sub-)rate matrix.
    ///
    /// # Errors
    /// See the type.
    pub fn from_rate_matrix(q: RateMatrix, scheme: Scheme, dt: f64) -> Result<Self> {
        let dt = crate::error::check_positive("dt", dt)?;
        let solver = ShiftedSolver::new(&q, 1.0, scheme.coefficient() * dt)?;
        Ok(Self::with_solver(q, scheme, dt, solver))
    }

    /// The step size.
    pub fn dt(&self) -> f64 {
        self.dt
    }

    /// The scheme.
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// Steps taken so far.
    pub fn steps(&self) -> usize {
        self.steps
    }

    /// Advances `u` by one step in place.
    ///
    /// # Errors
    /// [`FpError::DimensionMismatch`] for a wrong length;
    /// [`FpError::NonFinite`] if the result is not finite.
    pub fn step(&mut self, u: &mut [f64]) -> Result<()> {
        crate::error::check_len("u", self.q.n(), u.len())?;
        match self.scheme {
            Scheme::ImplicitEuler => self.solver.solve_in_place(u),
            Scheme::TrBdf2 => {
                let c = 0.5 * GAMMA * self.dt;
                self.prev.copy_from_slice(u);
                self.q.mul_into(u, &mut self.work);
                for (ui, wi) in u.iter_mut().zip(&self.work) {
                    *ui += c * wi;
                }
                self.solver.solve_in_place(u);
                let s = 1.0 / (GAMMA * (2.0 - GAMMA));
                let r = (1.0 - GAMMA) * (1.0 - GAMMA) * s;
                for (ui, pi) in u.iter_mut().zip(&self.prev) {
                    *ui = s * *ui - r * pi;
                }
                self.solver.solve_in_place(u);
            }
        }
        self.steps += 1;
        if let Some(cell) = u.iter().position(|v| !v.is_finite()) {
            return Err(FpError::NonFinite {
                cell,
                step: self.steps,
            });
        }
        Ok(())
    }

    /// Takes `n` steps, calling `observe(step, u)` after each.
    ///
    /// # Errors
    /// As [`Stepper::step`].
    pub fn run(
        &mut self,
        u: &mut [f64],
        n: usize,
        mut observe: impl FnMut(usize, &[f64]),
    ) -> Result<()> {
        for k in 1..=n {
            self.step(u)?;
            observe(k, u);
        }
        Ok(())
    }
}

/// The number of equal steps of size at most `dt_max` that reach `t_end`:
/// `⌈t_end / dt_max⌉`, at least 1 — the step-count rule of every time loop,
/// [`sgdpde_sde::limits::steps_to`], so at most [`crate::MAX_STEPS`] = 2⁵³.
///
/// # Errors
/// [`FpError::InvalidParameter`] for `t_end` or `dt_max` not finite and
/// `> 0`; [`FpError::Limit`] for more than 2⁵³ steps (`t_end / dt_max =
/// 10²¹` is a typo, not a run; before this check it ran forever).
pub fn steps_to(t_end: f64, dt_max: f64) -> Result<usize> {
    let t_end = crate::error::check_positive("t_end", t_end)?;
    let dt_max = crate::error::check_positive("dt", dt_max)?;
    let steps = sgdpde_sde::limits::steps_to("t_end", t_end, dt_max)?;
    usize::try_from(steps).map_err(|_| {
        FpError::Limit(sgdpde_sde::LimitError::TooManySteps {
            horizon: "t_end",
            t: t_end,
            dt: dt_max,
            steps: steps as f64,
        })
    })
}

/// Evolves `u` to `t_end` with `steps` equal steps.
///
/// # Errors
/// As [`Stepper`]; [`FpError::InvalidParameter`] for `t_end ≤ 0` or
/// `steps = 0`.
pub fn evolve(
    fp: &FokkerPlanck,
    scheme: Scheme,
    u: &mut [f64],
    t_end: f64,
    steps: usize,
) -> Result<()> {
    let t_end = crate::error::check_positive("t_end", t_end)?;
    if steps == 0 {
        return Err(FpError::InvalidParameter {
            name: "steps",
            value: 0.0,
            constraint: "≥ 1",
        });
    }
    Stepper::new(fp, scheme, t_end / steps as f64)?.run(u, steps, |_, _| {})
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Boundary, BoundaryConditions, Grid, Isotropic};
    use sgdpde_landscape::Quadratic;

    fn ou(n: usize) -> FokkerPlanck {
        let grid = Grid::uniform_1d(-4.0, 4.0, n).unwrap();
        let bc = BoundaryConditions::uniform(1, Boundary::Reflecting);
        let l = Quadratic::diagonal(&[1.0], vec![0.0]).unwrap();
        FokkerPlanck::gradient(grid, bc, l, &Isotropic::new(1, 0.5).unwrap()).unwrap()
    }

    /// Temporal order: on a fixed grid, compare against a fine-dt TR-BDF2
    /// reference and fit the slope of log error vs log dt.
    #[test]
    fn steps_to_covers_t_end_with_steps_no_longer_than_dt() {
        assert_eq!(steps_to(1.0, 0.25).unwrap(), 4);
        assert_eq!(steps_to(1.0, 0.3).unwrap(), 4); // 3 steps of 0.3 fall short
        assert_eq!(steps_to(1e-9, 0.01).unwrap(), 1);
        assert_eq!(
            steps_to(2f64.powi(53), 1.0).unwrap() as u64,
            crate::MAX_STEPS
        );
        let too_many = steps_to(1.8e19, 0.01).unwrap_err();
        assert!(
            matches!(too_many, FpError::Limit(sgdpde_sde::LimitError::TooManySteps { horizon: "t_end", steps, .. }) if steps == 1.8e21),
            "{too_many}"
        );
        assert!(steps_to(2f64.powi(54), 1.0).is_err());
        for (t, dt, name) in [
            (-1.0, 0.1, "t_end"),
            (f64::NAN, 0.1, "t_end"),
            (1.0, -0.01, "dt"),
            (1.0, 0.0, "dt"),
            (1.0, f64::INFINITY, "dt"),
        ] {
            let e = steps_to(t, dt).unwrap_err();
            assert!(
                matches!(e, FpError::InvalidParameter { name: n, .. } if n == name),
                "{e}"
            );
        }
        // 10^-320 is subnormal: the quotient overflows to +inf, still refused.
        assert!(steps_to(0.1, 1e-320).is_err());
    }

    #[test]
    fn observed_time_orders_match_metadata() {
        let fp = ou(80);
        let u0 = fp
            .grid()
            .map_centers(|x| (-(x[0] - 1.0).powi(2) / 0.5).exp());
        let t_end = 1.0;
        let mut reference = u0.clone();
        evolve(&fp, Scheme::TrBdf2, &mut reference, t_end, 4096).unwrap();
        for scheme in [Scheme::ImplicitEuler, Scheme::TrBdf2] {
            let mut pts = Vec::new();
            for k in 3..7 {
                let steps = 1usize << k;
                let mut u = u0.clone();
                evolve(&fp, scheme, &mut u, t_end, steps).unwrap();
                let err: f64 = u
                    .iter()
                    .zip(&reference)
                    .map(|(a, b)| (a - b).abs())
                    .sum::<f64>()
                    * fp.grid().cell_volume();
                pts.push(((t_end / steps as f64).ln(), err.ln()));
            }
            let slope = fit_slope(&pts);
            // asymptotic regime: slope within 0.15 of the order (dt from 1/8
            // to 1/64, pre-asymptotic terms O(dt) relative)
            assert!(
                (slope - scheme.order() as f64).abs() < 0.15,
                "{scheme:?}: slope {slope}"
            );
        }
    }

    pub(crate) fn fit_slope(pts: &[(f64, f64)]) -> f64 {
        let n = pts.len() as f64;
        let mx = pts.iter().map(|p| p.0).sum::<f64>() / n;
        let my = pts.iter().map(|p| p.1).sum::<f64>() / n;
        let sxy: f64 = pts.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
        let sxx: f64 = pts.iter().map(|p| (p.0 - mx).powi(2)).sum();
        sxy / sxx
    }

    /// The Cholesky path (reversible 2-D operator) and the LU path agree to
    /// round-off amplified by the condition number of `I − dt Q` (≲ 1 + dt·max rate).
    #[test]
    fn cholesky_and_lu_paths_agree() {
        let grid = Grid::new(&[-2.0, -2.0], &[2.0, 2.0], &[24, 20]).unwrap();
        let bc = BoundaryConditions::uniform(2, Boundary::Reflecting);
        let l = Quadratic::diagonal(&[1.0, 3.0], vec![0.2, 0.0]).unwrap();
        let fp = FokkerPlanck::gradient(grid, bc, l, &Isotropic::new(2, 0.3).unwrap()).unwrap();
        let u0 = fp
            .grid()
            .map_centers(|x| (-(x[0] - 1.0).powi(2) - x[1] * x[1]).exp());
        let (mut a, mut b) = (u0.clone(), u0);
        let mut ch = Stepper::new(&fp, Scheme::TrBdf2, 0.2).unwrap();
        let mut lu =
            Stepper::from_rate_matrix(fp.rate_matrix().clone(), Scheme::TrBdf2, 0.2).unwrap();
        ch.run(&mut a, 5, |_, _| {}).unwrap();
        lu.run(&mut b, 5, |_, _| {}).unwrap();
        let scale = b.iter().copied().fold(0.0, f64::max);
        let cond = 1.0 + 0.2 * fp.rate_matrix().max_rate();
        for (x, y) in a.iter().zip(&b) {
            assert!(
                (x - y).abs() < 1e3 * f64::EPSILON * cond * scale,
                "{x} vs {y}"
            );
        }
    }

    #[test]
    fn bad_dt_is_a_typed_error() {
        let fp = ou(10);
        assert!(matches!(
            Stepper::new(&fp, Scheme::ImplicitEuler, 0.0),
            Err(FpError::InvalidParameter { name: "dt", .. })
        ));
        assert!(matches!(
            Stepper::new(&fp, Scheme::ImplicitEuler, f64::NAN),
            Err(FpError::InvalidParameter { name: "dt", .. })
        ));
        let mut st = Stepper::new(&fp, Scheme::ImplicitEuler, 0.1).unwrap();
        assert!(matches!(
            st.step(&mut [0.0; 3]),
            Err(FpError::DimensionMismatch { .. })
        ));
    }
}
