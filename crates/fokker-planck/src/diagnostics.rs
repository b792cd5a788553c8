//! Diagnostics of a density along a run.

use crate::error::{Result, check_len};
use crate::operator::FokkerPlanck;

/// Scalar diagnostics of a grid density `u` against a stationary state `π`
/// (both cell averages; integrals are `vol · Σ`).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Diagnostics {
    /// `∫ u`.
    pub mass: f64,
    /// `min u` (negative only for schemes without positivity).
    pub minimum: f64,
    /// Relative entropy `KL(u‖π) = ∫ u ln(u/π)` (with `0 ln 0 = 0`; `+∞` if
    /// `u > 0` where `π = 0`).
    pub relative_entropy: f64,
    /// Entropy dissipation `−d/dt KL(u‖π) = −∫ (Q u) ln(u/π)` of the
    /// semi-discrete flow: the discrete relative Fisher information (for
    /// gradient drift with constant `D` it approximates
    /// `D ∫ u |∇ ln(u/π)|²`).
    pub fisher_information: f64,
    /// `χ²(u‖π) = ∫ (u − π)²/π` over cells with `π > 0`.
    pub chi_squared: f64,
    /// `‖u − π‖_{L¹}`.
    pub l1_distance: f64,
    /// Free energy `∫ (L u + D u ln u)` for gradient drift with constant
    /// isotropic `D` (then `= D·KL(u‖π_Gibbs) − D ln Z`); `None` otherwise.
    pub free_energy: Option<f64>,
}

/// Computes [`Diagnostics`]. `d_iso` is the constant isotropic diffusion if
/// any (used only for the free energy).
///
/// # Errors
/// [`crate::FpError::DimensionMismatch`] for wrong lengths.
pub fn diagnostics(
    fp: &FokkerPlanck,
    u: &[f64],
    pi: &[f64],
    d_iso: Option<f64>,
) -> Result<Diagnostics> {
    let n = fp.grid().len();
    check_len("u", n, u.len())?;
    check_len("pi", n, pi.len())?;
    let vol = fp.grid().cell_volume();
    let mut qu = vec![0.0; n];
    fp.rate_matrix().mul_into(u, &mut qu);
    let (mut kl, mut fisher, mut chi2, mut l1) = (0.0, 0.0, 0.0, 0.0);
    for i in 0..n {
        l1 += (u[i] - pi[i]).abs();
        if pi[i] > 0.0 {
            chi2 += (u[i] - pi[i]).powi(2) / pi[i];
        }
        if u[i] > 0.0 {
            let lr = if pi[i] > 0.0 {
                (u[i] / pi[i]).ln()
            } else {
                f64::INFINITY
            };
            kl += u[i] * lr;
            fisher -= qu[i] * lr;
        }
    }
    let free_energy = match (fp.potential(), d_iso) {
        (Some(l), Some(d)) => Some(
            vol * (0..n)
                .map(|i| {
                    l[i] * u[i]
                        + if u[i] > 0.0 {
                            d * u[i] * u[i].ln()
                        } else {
                            0.0
                        }
                })
                .sum::<f64>(),
        ),
        _ => None,
    };
    Ok(Diagnostics {
        mass: fp.grid().mass(u),
        minimum: u.iter().copied().fold(f64::INFINITY, f64::min),
        relative_entropy: vol * kl,
        fisher_information: vol * fisher,
        chi_squared: vol * chi2,
        l1_distance: vol * l1,
        free_energy,
    })
}

/// The probability current through every face of
/// [`FokkerPlanck::faces`], `J = h·(r_up u_lower − r_down u_upper)` times the
/// face's orientation (positive along the axis). At stationarity of a
/// reversible operator it vanishes; for non-gradient drift it is the
/// stationary circulation.
///
/// # Errors
/// [`crate::FpError::DimensionMismatch`] for a wrong length.
pub fn probability_current(fp: &FokkerPlanck, u: &[f64]) -> Result<Vec<f64>> {
    check_len("u", fp.grid().len(), u.len())?;
    Ok(fp
        .faces()
        .iter()
        .map(|f| {
            let h = fp.grid().spacing(f.axis);
            let down = f.upper.map_or(0.0, |j| f.down * u[j]);
            f.outward * h * (f.up * u[f.lower] - down)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Boundary, BoundaryConditions, Grid, Isotropic, VectorDrift, stationary};
    use sgdpde_landscape::Quadratic;

    /// At the discrete Gibbs state: KL = χ² = L¹ = Fisher = 0 and the
    /// current vanishes on every face (detailed balance), to round-off.
    #[test]
    fn gibbs_state_has_zero_diagnostics_and_current() {
        let grid = Grid::new(&[-2.0, -2.0], &[2.0, 2.0], &[16, 12]).unwrap();
        let bc = BoundaryConditions::uniform(2, Boundary::Reflecting);
        let l = Quadratic::diagonal(&[1.0, 2.0], vec![0.0, 0.0]).unwrap();
        let fp = FokkerPlanck::gradient(grid, bc, l, &Isotropic::new(2, 0.4).unwrap()).unwrap();
        let pi = fp.reversible_stationary().unwrap().to_vec();
        let d = diagnostics(&fp, &pi, &pi, Some(0.4)).unwrap();
        assert!((d.mass - 1.0).abs() < 1e-14);
        assert_eq!(d.relative_entropy, 0.0);
        assert_eq!(d.chi_squared, 0.0);
        assert!(d.fisher_information.abs() < 1e-12);
        let scale = fp.rate_matrix().max_rate() * pi.iter().copied().fold(0.0, f64::max);
        assert!(
            probability_current(&fp, &pi)
                .unwrap()
                .iter()
                .all(|j| j.abs() < 1e-13 * scale)
        );
        // away from equilibrium: KL, χ², Fisher > 0 and free energy larger
        let u: Vec<f64> = pi
            .iter()
            .enumerate()
            .map(|(i, p)| p * (1.0 + 0.5 * ((i % 3) as f64 - 1.0)))
            .collect();
        let e = diagnostics(&fp, &u, &pi, Some(0.4)).unwrap();
        assert!(e.relative_entropy > 0.0 && e.chi_squared > 0.0 && e.fisher_information > 0.0);
        assert!(e.free_energy.unwrap() > d.free_energy.unwrap());
    }

    /// A rotating drift has a non-zero stationary current whose net flux
    /// out of every cell vanishes (Q π = 0).
    #[test]
    fn rotating_drift_has_divergence_free_current() {
        let grid = Grid::new(&[-3.0, -3.0], &[3.0, 3.0], &[20, 20]).unwrap();
        let bc = BoundaryConditions::uniform(2, Boundary::Reflecting);
        let b = VectorDrift::new(2, |x: &[f64], o: &mut [f64]| {
            o[0] = -x[0] - x[1];
            o[1] = -x[1] + x[0];
        });
        let fp = FokkerPlanck::new(grid, bc, &b, &Isotropic::new(2, 0.5).unwrap()).unwrap();
        let pi = stationary(&fp).unwrap();
        let j = probability_current(&fp, &pi).unwrap();
        let jmax = j.iter().map(|v| v.abs()).fold(0.0, f64::max);
        assert!(jmax > 1e-3, "circulation expected");
        let mut div = vec![0.0; fp.grid().len()];
        for (f, jf) in fp.faces().iter().zip(&j) {
            div[f.lower] += jf;
            if let Some(u) = f.upper {
                div[u] -= jf;
            }
        }
        assert!(
            div.iter().all(|d| d.abs() < 1e-10 * jmax),
            "{:?}",
            div.iter().map(|d| d.abs()).fold(0.0, f64::max)
        );
    }
}
