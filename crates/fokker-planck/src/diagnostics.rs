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
