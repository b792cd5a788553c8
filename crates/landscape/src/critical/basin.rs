//! Basin assignment by integrating the gradient flow `ẋ = −∇L(x)`.

use super::classify::{CriticalKind, CriticalPoint, distance, norm};
use super::newton::{NewtonOptions, newton_critical_point};
use crate::error::{LandscapeError, Result, check_point};
use crate::traits::LandscapeHessian;

/// Options of [`basin_of`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BasinOptions {
    /// The flow has arrived when `‖∇L‖₂ ≤ gradient_tol`. This also sets the
    /// width of the undecided band around a separatrix: a start within
    /// `≈ gradient_tol/|λ_s|` of the stable manifold of a saddle with unstable
    /// eigenvalue `λ_s` stalls at the saddle. Default `1e-8`.
    pub gradient_tol: f64,
    /// Local error tolerance per step of the embedded Heun–Euler pair,
    /// relative to `max(1, ‖x‖)`. Default `1e-8`.
    pub local_tol: f64,
    /// Step budget. Default 200 000.
    pub max_steps: usize,
    /// A polished minimum matches a listed one within this distance. Default `1e-6`.
    pub match_radius: f64,
    /// Newton options for polishing the end point.
    pub newton: NewtonOptions,
}

impl Default for BasinOptions {
    fn default() -> Self {
        Self {
            gradient_tol: 1e-8,
            local_tol: 1e-8,
            max_steps: 200_000,
            match_radius: 1e-6,
            newton: NewtonOptions::default(),
        }
    }
}

/// Why a start could not be assigned to a listed minimum.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Undecided {
    /// The flow stalled at a critical point that is not a minimum (a saddle,
    /// or a degenerate point): the start is on or within the undecided band
    /// of a separatrix.
    Stalled(CriticalPoint),
    /// The flow reached a minimum that is not in the list given.
    UnlistedMinimum(CriticalPoint),
    /// The step budget ran out (e.g. a very flat region); the last point.
    OutOfSteps(Vec<f64>),
}

/// Where the gradient flow from a point ends.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Basin {
    /// The flow converges to `minima[k]`.
    Minimum(usize),
    /// Not decidable; see [`Undecided`].
    Undecided(Undecided),
}

/// Assigns `x0` to the basin of one of `minima` by integrating `ẋ = −∇L(x)`.
///
/// ```text
/// k₁ = −∇L(x),  x_E = x + h k₁,  k₂ = −∇L(x_E),  x_H = x + (h/2)(k₁ + k₂)
/// err = ‖x_H − x_E‖ = (h/2)‖k₂ − k₁‖;  accept x ← x_H if err ≤ local_tol·max(1, ‖x‖)
/// h ← min(h · clamp(0.9 √(local_tol·max(1, ‖x‖)/err), 0.2, 4), 1/ρ_G(x))
/// ```
///
/// `ρ_G(x) = maxᵢ Σⱼ |∂ᵢ∂ⱼL(x)|` is the Gershgorin bound of the Hessian's
/// spectral radius.
///
/// until `‖∇L‖ ≤ gradient_tol`; then Newton polishes the end point. A
/// polished minimum within `match_radius` of `minima[k]` gives
/// [`Basin::Minimum`]`(k)`; anything else is [`Basin::Undecided`].
///
/// # Order
/// Heun's method (order 2) with the Euler step as error estimator (order 1);
/// the step adapts so the local error stays below the tolerance, so the
/// trajectory cannot jump across a separatrix by more than `≈ local_tol`.
///
/// # Stability
/// Explicit Heun is stable for `hλ ∈ (0, 2)`; the cap `h ≤ 1/ρ_G` keeps
/// `hλ ≤ 1` for every Hessian eigenvalue, where Heun's amplification factor
/// `1 − hλ + (hλ)²/2` lies in `[½, 1)`: every mode contracts monotonically
/// near a minimum. (Error control alone does not: near a minimum
/// the local error vanishes with `∇L`, so `h` would drift to the stability
/// edge and the flow would stall.)
///
/// # Errors
/// * [`LandscapeError::DimensionMismatch`] / [`LandscapeError::NonFinitePoint`]
///   for a bad start or a mis-sized minimum;
/// * [`LandscapeError::NumericalBlowUp`] (with the step index) if the flow
///   produces a non-finite gradient;
/// * errors of the Newton polish.
///
/// # Examples
/// ```
/// use sgdpde_landscape::DoubleWell;
/// use sgdpde_landscape::critical::{Basin, BasinOptions, basin_of};
/// let w = DoubleWell::symmetric();
/// let minima = [vec![-1.0], vec![1.0]];
/// assert_eq!(basin_of(&w, &[0.3], &minima, &BasinOptions::default())?, Basin::Minimum(1));
/// assert!(matches!(basin_of(&w, &[0.0], &minima, &BasinOptions::default())?, Basin::Undecided(_)));
/// # Ok::<(), sgdpde_landscape::LandscapeError>(())
/// ```
///
/// # References
/// E. Hairer, S. P. Nørsett, G. Wanner, *Solving Ordinary Differential
/// Equations I*, 2nd ed., Springer (1993), §II.4 (embedded pairs, step control).
pub fn basin_of<L: LandscapeHessian + ?Sized>(
    l: &L,
    x0: &[f64],
    minima: &[Vec<f64>],
    opts: &BasinOptions,
) -> Result<Basin> {
    let d = l.dim();
    check_point("basin start point", x0, d)?;
    for m in minima {
        check_point("listed minimum", m, d)?;
    }
    let mut x = x0.to_vec();
    let mut k1 = vec![0.0; d];
    let mut k2 = vec![0.0; d];
    let mut xe = vec![0.0; d];
    let mut hess = vec![0.0; d * d];
    l.gradient_into(&x, &mut k1);
    let mut gn = norm(&k1);
    let mut h = 1e-2 / gn.max(1.0);
    let mut steps = 0;
    while gn > opts.gradient_tol {
        if !gn.is_finite() {
            return Err(LandscapeError::NumericalBlowUp {
                method: "gradient flow",
                step: steps,
                value: gn,
            });
        }
        if steps == opts.max_steps {
            return Ok(Basin::Undecided(Undecided::OutOfSteps(x)));
        }
        steps += 1;
        for i in 0..d {
            xe[i] = x[i] - h * k1[i];
        }
        l.gradient_into(&xe, &mut k2);
        let err = 0.5 * h * distance(&k1, &k2);
        let tol = opts.local_tol * norm(&x).max(1.0);
        if err <= tol && err.is_finite() {
            for i in 0..d {
                x[i] -= 0.5 * h * (k1[i] + k2[i]);
            }
            l.gradient_into(&x, &mut k1);
            gn = norm(&k1);
        }
        let factor = if err > 0.0 && err.is_finite() {
            (0.9 * (tol / err).sqrt()).clamp(0.2, 4.0)
        } else if err.is_finite() {
            4.0
        } else {
            0.2
        };
        l.hessian_into(&x, &mut hess);
        let rho = (0..d)
            .map(|i| {
                hess[i * d..(i + 1) * d]
                    .iter()
                    .map(|v| v.abs())
                    .sum::<f64>()
            })
            .fold(0.0f64, f64::max);
        h *= factor;
        if rho > 0.0 && rho.is_finite() {
            h = h.min(1.0 / rho);
        }
    }
    let p = newton_critical_point(l, &x, &opts.newton)?;
    if p.kind != CriticalKind::Minimum {
        return Ok(Basin::Undecided(Undecided::Stalled(p)));
    }
    Ok(
        match minima
            .iter()
            .position(|m| distance(m, &p.x) <= opts.match_radius)
        {
            Some(k) => Basin::Minimum(k),
            None => Basin::Undecided(Undecided::UnlistedMinimum(p)),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CoupledDoubleWell, MultiWell};

    #[test]
    fn both_sides_of_a_straight_separatrix_and_on_it() {
        // κ = 0: the line x = 0 is invariant, hence the separatrix.
        let l = CoupledDoubleWell::new(2.0, 0.0).unwrap();
        let minima = [vec![-1.0, 0.0], vec![1.0, 0.0]];
        let o = BasinOptions::default();
        assert_eq!(
            basin_of(&l, &[1e-3, 0.7], &minima, &o).unwrap(),
            Basin::Minimum(1)
        );
        assert_eq!(
            basin_of(&l, &[-1e-3, 0.7], &minima, &o).unwrap(),
            Basin::Minimum(0)
        );
        match basin_of(&l, &[0.0, 0.7], &minima, &o).unwrap() {
            Basin::Undecided(Undecided::Stalled(p)) => {
                assert_eq!(p.kind, CriticalKind::Saddle { index: 1 });
                assert!(norm(&p.x) < 1e-12);
            }
            other => panic!("expected a stall at the saddle, got {other:?}"),
        }
    }

    #[test]
    fn multi_well_barrier_tops_separate_three_basins() {
        let w = MultiWell::default_wells();
        let r = w.roots();
        let minima = [vec![r[0]], vec![r[2]], vec![r[4]]];
        let o = BasinOptions::default();
        let expect = [
            (r[1] - 1e-4, 0),
            (r[1] + 1e-4, 1),
            (r[3] - 1e-4, 1),
            (r[3] + 1e-4, 2),
        ];
        for (x, k) in expect {
            assert_eq!(
                basin_of(&w, &[x], &minima, &o).unwrap(),
                Basin::Minimum(k),
                "x = {x}"
            );
        }
        assert!(matches!(
            basin_of(&w, &[r[3]], &minima, &o).unwrap(),
            Basin::Undecided(Undecided::Stalled(_))
        ));
        assert!(matches!(
            basin_of(&w, &[0.1], &minima[..1], &o).unwrap(),
            Basin::Undecided(Undecided::UnlistedMinimum(_))
        ));
    }
}
