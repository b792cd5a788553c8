//! Damped Newton's method with a backtracking line search on `∇L = 0`.

use nalgebra::DVector;

use super::classify::{CLASSIFICATION_TOL, CriticalPoint, norm, symmetric_eigen};
use crate::error::{LandscapeError, Result, check_point};
use crate::traits::LandscapeHessian;

/// Options of [`newton_critical_point`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NewtonOptions {
    /// Stop when `‖∇L(x)‖₂ ≤ gradient_tol` (then one final full Newton step
    /// polishes the point). Default `1e-10`.
    pub gradient_tol: f64,
    /// Iteration budget. Default 200.
    pub max_iterations: usize,
    /// Largest step length `‖Δx‖₂` (a trust bound keeping far-away starts from
    /// jumping across the landscape). Default `0.5`.
    pub max_step: f64,
    /// Relative zero-eigenvalue tolerance of the classification. Default
    /// [`CLASSIFICATION_TOL`].
    pub classification_tol: f64,
}

impl Default for NewtonOptions {
    fn default() -> Self {
        Self {
            gradient_tol: 1e-10,
            max_iterations: 200,
            max_step: 0.5,
            classification_tol: CLASSIFICATION_TOL,
        }
    }
}

/// Finds a critical point of `l` near `x0` by damped Newton on `∇L = 0`.
///
/// ```text
/// H(xₖ) pₖ = −∇L(xₖ)         (pseudo-inverse on |λ| ≤ 1e-12·max|λ|: flat directions get no step)
/// xₖ₊₁ = xₖ + αₖ pₖ,   αₖ = 2⁻ʲ, the first j with φ(xₖ + αpₖ) ≤ (1 − 2·10⁻⁴α) φ(xₖ)
/// φ(x) = ½‖∇L(x)‖²                                     (the merit function)
/// ```
///
/// Since `∇φ = H∇L`, `∇φ·p = −‖P∇L‖²` (P the projector on the range of H), so
/// the Newton direction descends φ whatever the signs of H's eigenvalues —
/// the iteration converges to saddles as readily as to minima. When the
/// Newton direction gives no decrease (∇L in the kernel of H), the step falls
/// back to `−H∇L`, the steepest descent of φ. Steps longer than
/// [`NewtonOptions::max_step`] are shortened.
///
/// # Order
/// Quadratic convergence near a non-degenerate critical point (α = 1 is
/// eventually accepted); linear for degenerate ones.
///
/// # Stability
/// Globalised by the line search on φ; converges to *some* critical point (or
/// a local minimum of φ, reported as non-convergence) — which one depends on
/// the start.
///
/// # Errors
/// * [`LandscapeError::DimensionMismatch`] / [`LandscapeError::NonFinitePoint`]
///   for a bad start;
/// * [`LandscapeError::NoConvergence`] when the budget is exhausted or the line
///   search cannot decrease φ (residual = `‖∇L‖`);
/// * [`LandscapeError::NumericalBlowUp`] if `∇L` is non-finite at an iterate;
/// * [`LandscapeError::NonFiniteCurvature`] if it converged to a point where
///   `L` or the Hessian is not finite (it cannot be classified).
///
/// # Examples
/// ```
/// use sgdpde_landscape::critical::{CriticalKind, NewtonOptions, newton_critical_point};
/// use sgdpde_landscape::DoubleWell;
/// let p = newton_critical_point(&DoubleWell::symmetric(), &[0.2], &NewtonOptions::default())?;
/// assert!(p.x[0].abs() < 1e-12);
/// assert_eq!(p.kind, CriticalKind::Saddle { index: 1 });
/// # Ok::<(), sgdpde_landscape::LandscapeError>(())
/// ```
///
/// # References
/// J. Nocedal, S. J. Wright, *Numerical Optimization*, 2nd ed., Springer
/// (2006), §11.2 (merit functions and line search for nonlinear equations).
pub fn newton_critical_point<L: LandscapeHessian + ?Sized>(
    l: &L,
    x0: &[f64],
    opts: &NewtonOptions,
) -> Result<CriticalPoint> {
    let d = l.dim();
    check_point("Newton start point", x0, d)?;
    let mut x = x0.to_vec();
    let mut g = vec![0.0; d];
    let mut h = vec![0.0; d * d];
    let mut trial = vec![0.0; d];
    let mut g_trial = vec![0.0; d];
    l.gradient_into(&x, &mut g);
    let mut gn = norm(&g);
    for it in 0..=opts.max_iterations {
        if !gn.is_finite() {
            return Err(LandscapeError::NumericalBlowUp {
                method: "Newton",
                step: it,
                value: gn,
            });
        }
        l.hessian_into(&x, &mut h);
        let p = newton_direction(&h, &g, d);
        let step_len = norm(&p);
        let converged =
            gn <= opts.gradient_tol || step_len <= 4.0 * f64::EPSILON * norm(&x).max(1.0);
        if converged {
            // Polish: one full Newton step, kept if it does not increase ‖∇L‖.
            for i in 0..d {
                trial[i] = x[i] + p[i];
            }
            l.gradient_into(&trial, &mut g_trial);
            if norm(&g_trial) <= gn {
                x.copy_from_slice(&trial);
            }
            let p = CriticalPoint::at(l, x, opts.classification_tol);
            if !(p.value.is_finite() && p.hessian_eigenvalues.iter().all(|v| v.is_finite())) {
                return Err(LandscapeError::NonFiniteCurvature {
                    x: p.x,
                    value: p.value,
                    eigenvalues: p.hessian_eigenvalues,
                });
            }
            return Ok(p);
        }
        if it == opts.max_iterations {
            break;
        }
        let phi = 0.5 * gn * gn;
        let mut dir = p;
        // Directional derivative of φ along dir: gᵀ H dir.
        let slope = |dir: &[f64]| -> f64 {
            (0..d)
                .map(|i| g[i] * (0..d).map(|j| h[i * d + j] * dir[j]).sum::<f64>())
                .sum()
        };
        if slope(&dir) >= 0.0 {
            dir = (0..d)
                .map(|i| -(0..d).map(|j| h[i * d + j] * g[j]).sum::<f64>())
                .collect();
        }
        let len = norm(&dir);
        if len > opts.max_step {
            dir.iter_mut().for_each(|v| *v *= opts.max_step / len);
        }
        let s = slope(&dir);
        let mut alpha = 1.0;
        let mut accepted = false;
        for _ in 0..60 {
            for i in 0..d {
                trial[i] = x[i] + alpha * dir[i];
            }
            l.gradient_into(&trial, &mut g_trial);
            let gt = norm(&g_trial);
            if gt.is_finite() && 0.5 * gt * gt <= phi + 1e-4 * alpha * s.min(-0.0) {
                accepted = true;
                break;
            }
            alpha *= 0.5;
        }
        if !accepted {
            break;
        }
        x.copy_from_slice(&trial);
        g.copy_from_slice(&g_trial);
        gn = norm(&g);
    }
    Err(LandscapeError::NoConvergence {
        method: "Newton",
        iterations: opts.max_iterations,
        residual: gn,
    })
}

/// `p = −H⁺g` with the pseudo-inverse cut at `|λ| ≤ 1e-12·max|λ|`.
fn newton_direction(h: &[f64], g: &[f64], d: usize) -> Vec<f64> {
    let (vals, vecs) = symmetric_eigen(h, d);
    let scale = vals.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let gv = DVector::from_column_slice(g);
    let mut p = DVector::zeros(d);
    for (k, &lam) in vals.iter().enumerate() {
        if lam.abs() > 1e-12 * scale {
            let c = vecs.column(k).dot(&gv) / lam;
            p -= vecs.column(k) * c;
        }
    }
    p.iter().copied().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::critical::CriticalKind;
    use crate::{CoupledDoubleWell, DoubleWell, Quadratic};

    #[test]
    fn converges_to_minimum_and_saddle_of_the_coupled_well() {
        let l = CoupledDoubleWell::new(2.0, 0.5).unwrap();
        let o = NewtonOptions::default();
        let m = newton_critical_point(&l, &[0.8, 0.2], &o).unwrap();
        assert_eq!(m.kind, CriticalKind::Minimum);
        assert!((m.x[0] - 1.0).abs() < 1e-12 && (m.x[1] - 0.5).abs() < 1e-12);
        let s = newton_critical_point(&l, &[0.1, -0.05], &o).unwrap();
        assert_eq!(s.kind, CriticalKind::Saddle { index: 1 });
        assert!(s.x[0].abs() < 1e-12 && s.x[1].abs() < 1e-12);
    }

    #[test]
    fn flat_directions_are_left_alone_and_flagged_degenerate() {
        let q = Quadratic::diagonal(&[2.0, 0.0], vec![1.0, 0.0]).unwrap();
        let p = newton_critical_point(&q, &[3.0, 7.0], &NewtonOptions::default()).unwrap();
        assert_eq!(p.kind, CriticalKind::Degenerate);
        // The pseudo-inverse step moves only along the range of H.
        assert!((p.x[0] - 1.0).abs() < 1e-12 && p.x[1] == 7.0);
    }

    #[test]
    fn bad_starts_are_typed_errors() {
        let w = DoubleWell::symmetric();
        let o = NewtonOptions::default();
        assert!(matches!(
            newton_critical_point(&w, &[f64::NAN], &o),
            Err(LandscapeError::NonFinitePoint { index: 0, .. })
        ));
        assert!(matches!(
            newton_critical_point(&w, &[0.0, 1.0], &o),
            Err(LandscapeError::DimensionMismatch {
                expected: 1,
                found: 2,
                ..
            })
        ));
        let tight = NewtonOptions {
            max_iterations: 1,
            ..o
        };
        assert!(matches!(
            newton_critical_point(&w, &[40.0], &tight),
            Err(LandscapeError::NoConvergence {
                method: "Newton",
                ..
            })
        ));
    }
}
