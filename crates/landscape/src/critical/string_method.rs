//! Minimum-energy path and index-1 saddle between two minima by the
//! climbing-image string method, polished by Newton.

use super::classify::{CriticalKind, CriticalPoint, distance, norm, symmetric_eigen};
use super::newton::{NewtonOptions, newton_critical_point};
use crate::error::{LandscapeError, Result, check_point};
use crate::traits::LandscapeHessian;

/// Options of [`minimum_energy_path`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StringOptions {
    /// Number of images including the two endpoints (≥ 3). Default 33.
    pub images: usize,
    /// Iteration budget of each phase (plain string, then climbing). Default 20 000.
    pub max_iterations: usize,
    /// Convergence: stop a phase when the largest image displacement per unit
    /// pseudo-time, `max‖Δxᵢ‖/Δt`, falls below `tolerance · max(1, G₀)` with
    /// `G₀` the largest initial gradient norm along the path. Default `1e-6`.
    pub tolerance: f64,
    /// Newton options used to polish the endpoints and the saddle.
    pub newton: NewtonOptions,
}

impl Default for StringOptions {
    fn default() -> Self {
        Self {
            images: 33,
            max_iterations: 20_000,
            tolerance: 1e-6,
            newton: NewtonOptions::default(),
        }
    }
}

/// A minimum-energy path with its saddle and barrier heights.
#[derive(Debug, Clone, PartialEq)]
pub struct MinimumEnergyPath {
    /// The images, from the start minimum to the end minimum (the climbing
    /// image converged onto the saddle before polishing).
    pub images: Vec<Vec<f64>>,
    /// `L` at each image.
    pub energies: Vec<f64>,
    /// The start minimum, polished by Newton.
    pub start: CriticalPoint,
    /// The end minimum, polished by Newton.
    pub end: CriticalPoint,
    /// The highest saddle on the path (index 1), polished by Newton.
    pub saddle: CriticalPoint,
    /// `L(saddle) − L(start)`.
    pub barrier_from_start: f64,
    /// `L(saddle) − L(end)`.
    pub barrier_from_end: f64,
    /// Interior images that are local minima of the energy along the path:
    /// the path passes an intermediate minimum (then [`Self::saddle`] is the
    /// highest of several saddles).
    pub intermediate_minima: Vec<usize>,
    /// Iterations used (both phases).
    pub iterations: usize,
}

/// The minimum-energy path between the minima near `a` and `b`, its highest
/// index-1 saddle and the barrier heights seen from either side.
///
/// ```text
/// images φ₀ = a, …, φ_{N−1} = b (fixed minima), initially on the segment;
/// repeat:  φᵢ ← φᵢ − Δt ∇L(φᵢ)                          (interior images, i ≠ c)
///          φ_c ← φ_c − Δt (∇L − 2(∇L·τ)τ)(φ_c)           (climbing image, phase 2)
///          redistribute by arc length (piecewise linear), equal spacing on
///          [0, c] and on [c, N − 1]                       (c fixed in phase 2)
/// Δt = 1/(2ρ),  ρ = max over images of the spectral radius of ∇²L
/// ```
///
/// `τ = (φ_{c+1} − φ_{c−1})/‖·‖` is the path tangent. Phase 1 is the plain
/// string method (the images relax onto the minimum-energy path, where
/// `∇L ∥ τ`); phase 2 lets the highest image climb up the path — reversing the
/// tangential force makes the saddle a stable fixed point of its dynamics —
/// while the others keep relaxing on either side. Finally Newton polishes the
/// climbing image into the saddle and the endpoints into the minima.
///
/// # Order
/// Relaxation is linear in pseudo-time at rate `≈ Δt·min|λ|` of the
/// transverse and tangential Hessians; Newton's polish is quadratic, so the
/// saddle is accurate to `NewtonOptions::gradient_tol / |λ|`.
///
/// # Stability
/// `Δt ρ = 1/2 < 2`: explicit gradient steps are stable for every image.
///
/// # Errors
/// * [`LandscapeError::DimensionMismatch`] / [`LandscapeError::NonFinitePoint`] for bad
///   endpoints, [`LandscapeError::InvalidParameter`] for fewer than 3 images;
/// * [`LandscapeError::UnexpectedIndex`] if an endpoint is not a minimum or the
///   polished top is not an index-1 saddle (`what` names which);
/// * [`LandscapeError::NoConvergence`] / [`LandscapeError::NumericalBlowUp`] from
///   the iterations or from Newton.
///
/// # Examples
/// ```
/// use sgdpde_landscape::CoupledDoubleWell;
/// use sgdpde_landscape::critical::{StringOptions, minimum_energy_path};
/// let l = CoupledDoubleWell::new(2.0, 0.5)?;
/// let p = minimum_energy_path(&l, &[-1.0, -0.5], &[1.0, 0.5], &StringOptions::default())?;
/// assert!((p.barrier_from_start - 0.25).abs() < 1e-12);
/// # Ok::<(), sgdpde_landscape::LandscapeError>(())
/// ```
///
/// # References
/// W. E, W. Ren, E. Vanden-Eijnden, *Simplified and improved string method for
/// computing the minimum energy paths in barrier-crossing events*, J. Chem.
/// Phys. 126 (2007) 164103; W. Ren, E. Vanden-Eijnden, *A climbing string method
/// for saddle point search*, J. Chem. Phys. 138 (2013) 134105; G. Henkelman,
/// B. P. Uberuaga, H. Jónsson, J. Chem. Phys. 113 (2000) 9901 (climbing image).
pub fn minimum_energy_path<L: LandscapeHessian + ?Sized>(
    l: &L,
    a: &[f64],
    b: &[f64],
    opts: &StringOptions,
) -> Result<MinimumEnergyPath> {
    let d = l.dim();
    check_point("path start", a, d)?;
    check_point("path end", b, d)?;
    if opts.images < 3 {
        return Err(LandscapeError::InvalidParameter {
            name: "images",
            value: opts.images as f64,
            constraint: "at least 3",
        });
    }
    let start = polished(l, a, "path start", 0, &opts.newton)?;
    let end = polished(l, b, "path end", 0, &opts.newton)?;
    let n = opts.images;
    let mut phi: Vec<Vec<f64>> = (0..n)
        .map(|i| {
            let t = i as f64 / (n - 1) as f64;
            (0..d)
                .map(|k| (1.0 - t) * start.x[k] + t * end.x[k])
                .collect()
        })
        .collect();
    let mut g = vec![vec![0.0; d]; n];
    let mut energies = vec![0.0; n];
    let mut h = vec![0.0; d * d];
    let g0 = (0..n)
        .map(|i| {
            l.gradient_into(&phi[i], &mut g[i]);
            norm(&g[i])
        })
        .fold(1.0f64, f64::max);
    let threshold = opts.tolerance * g0;
    let mut iterations = 0;
    let mut climbing: Option<usize> = None;
    for phase in 0..2 {
        if phase == 1 {
            for i in 0..n {
                energies[i] = l.value(&phi[i]);
            }
            let c = (1..n - 1)
                .max_by(|&p, &q| energies[p].total_cmp(&energies[q]))
                .expect("n ≥ 3");
            climbing = Some(c);
        }
        let mut converged = false;
        for _ in 0..opts.max_iterations {
            iterations += 1;
            let mut rho = 0.0f64;
            for x in &phi {
                l.hessian_into(x, &mut h);
                let (vals, _) = symmetric_eigen(&h, d);
                rho = rho.max(vals[0].abs()).max(vals[d - 1].abs());
            }
            if !rho.is_finite() || rho == 0.0 {
                return Err(LandscapeError::NumericalBlowUp {
                    method: "string method",
                    step: iterations,
                    value: rho,
                });
            }
            let dt = 0.5 / rho;
            let old = phi.clone();
            for i in 1..n - 1 {
                l.gradient_into(&phi[i], &mut g[i]);
                if Some(i) == climbing {
                    let tau: Vec<f64> = (0..d).map(|k| phi[i + 1][k] - phi[i - 1][k]).collect();
                    let tn = norm(&tau).max(f64::MIN_POSITIVE);
                    let gt: f64 = (0..d).map(|k| g[i][k] * tau[k]).sum::<f64>() / (tn * tn);
                    for k in 0..d {
                        phi[i][k] -= dt * (g[i][k] - 2.0 * gt * tau[k]);
                    }
                } else {
                    for k in 0..d {
                        phi[i][k] -= dt * g[i][k];
                    }
                }
            }
            match climbing {
                None => reparametrise(&mut phi, 0, n - 1),
                Some(c) => {
                    reparametrise(&mut phi, 0, c);
                    reparametrise(&mut phi, c, n - 1);
                }
            }
            let mut speed = 0.0f64;
            for i in 1..n - 1 {
                speed = speed.max(distance(&phi[i], &old[i]) / dt);
            }
            if !speed.is_finite() {
                return Err(LandscapeError::NumericalBlowUp {
                    method: "string method",
                    step: iterations,
                    value: speed,
                });
            }
            if speed <= threshold {
                converged = true;
                break;
            }
        }
        if !converged {
            return Err(LandscapeError::NoConvergence {
                method: "string method",
                iterations,
                residual: 0.0,
            });
        }
    }
    for i in 0..n {
        energies[i] = l.value(&phi[i]);
    }
    let c = climbing.expect("phase 2 ran");
    let saddle = polished(l, &phi[c], "path saddle", 1, &opts.newton)?;
    let intermediate_minima = (1..n - 1)
        .filter(|&i| energies[i] < energies[i - 1] && energies[i] < energies[i + 1])
        .collect();
    Ok(MinimumEnergyPath {
        barrier_from_start: saddle.value - start.value,
        barrier_from_end: saddle.value - end.value,
        images: phi,
        energies,
        start,
        end,
        saddle,
        intermediate_minima,
        iterations,
    })
}

/// Newton from `x`, then checks the Morse index.
fn polished<L: LandscapeHessian + ?Sized>(
    l: &L,
    x: &[f64],
    what: &'static str,
    index: usize,
    opts: &NewtonOptions,
) -> Result<CriticalPoint> {
    let p = newton_critical_point(l, x, opts)?;
    let ok = match p.kind {
        CriticalKind::Minimum => index == 0,
        CriticalKind::Saddle { index: k } => k == index,
        _ => false,
    };
    if ok {
        Ok(p)
    } else {
        Err(LandscapeError::UnexpectedIndex {
            what,
            expected: index,
            found: p.negative_eigenvalues(),
            smallest_abs_eigenvalue: p.smallest_abs_eigenvalue(),
            x: p.x,
        })
    }
}

/// Redistributes images `lo..=hi` at equal arc length along the piecewise
/// linear curve through them (endpoints fixed).
fn reparametrise(phi: &mut [Vec<f64>], lo: usize, hi: usize) {
    if hi <= lo + 1 {
        return;
    }
    let seg = &phi[lo..=hi];
    let mut s = vec![0.0; seg.len()];
    for i in 1..seg.len() {
        s[i] = s[i - 1] + distance(&seg[i], &seg[i - 1]);
    }
    let total = s[seg.len() - 1];
    if total <= 0.0 {
        return;
    }
    let m = seg.len() - 1;
    let old: Vec<Vec<f64>> = seg.to_vec();
    let mut j = 0;
    for i in 1..m {
        let target = total * i as f64 / m as f64;
        while j + 1 < m && s[j + 1] < target {
            j += 1;
        }
        let w = if s[j + 1] > s[j] {
            (target - s[j]) / (s[j + 1] - s[j])
        } else {
            0.0
        };
        for k in 0..old[j].len() {
            phi[lo + i][k] = (1.0 - w) * old[j][k] + w * old[j + 1][k];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DoubleWell, MullerBrown};

    #[test]
    fn reparametrisation_equalises_spacing_on_a_line() {
        let mut p: Vec<Vec<f64>> = [0.0, 0.1, 0.15, 0.9, 1.0]
            .iter()
            .map(|&x| vec![x, 2.0 * x])
            .collect();
        reparametrise(&mut p, 0, 4);
        for (i, x) in p.iter().enumerate() {
            // Linear interpolation on a straight line is exact to round-off.
            assert!(
                (x[0] - 0.25 * i as f64).abs() < 1e-15 && (x[1] - 0.5 * i as f64).abs() < 1e-15
            );
        }
    }

    #[test]
    fn endpoints_must_be_minima() {
        let w = DoubleWell::symmetric();
        assert!(matches!(
            minimum_energy_path(&w, &[0.01], &[1.0], &StringOptions::default()),
            Err(LandscapeError::UnexpectedIndex {
                what: "path start",
                found: 1,
                ..
            })
        ));
    }

    #[test]
    fn muller_brown_a_to_c_crosses_the_first_saddle() {
        let p = minimum_energy_path(
            &MullerBrown,
            &MullerBrown::PUBLISHED_MINIMA[0],
            &MullerBrown::PUBLISHED_MINIMA[2],
            &StringOptions::default(),
        )
        .unwrap();
        let s = MullerBrown::PUBLISHED_SADDLES[0];
        assert!(
            distance(&p.saddle.x, &s) < MullerBrown::COORDINATE_PRECISION,
            "{:?}",
            p.saddle.x
        );
        assert!(p.intermediate_minima.is_empty());
        assert!(p.saddle.gradient_norm < 1e-9);
    }
}
