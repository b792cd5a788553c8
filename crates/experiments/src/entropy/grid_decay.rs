//! Relative entropy along an implicit-Euler Fokker–Planck run, and the
//! fitted late-time decay rate with a computable bound on its deviation
//! from the spectral prediction (`proofs-notes/experiment-entropy.md` §4).

use sgdpde_analysis::linear_fit;
use sgdpde_fokker_planck::{FokkerPlanck, Scheme, Stepper, diagnostics, stationary};

use crate::error::Result;

/// The recorded run: times, `KL(u‖π)`, the discrete entropy dissipation
/// `−⟨Qu, ln(u/π)⟩`, `χ²(u‖π)` and `‖u/π − 1‖∞`.
#[derive(Debug, Clone)]
pub(super) struct GridDecay {
    pub dt: f64,
    pub times: Vec<f64>,
    pub kl: Vec<f64>,
    pub dissipation: Vec<f64>,
    pub chi2: Vec<f64>,
    pub sup_f: Vec<f64>,
}

/// Runs implicit Euler from `u0` (normalised to mass 1) for `steps` steps of
/// `dt`, recording every `every` steps, against the discrete stationary
/// state of `fp`.
pub(super) fn run_decay(
    fp: &FokkerPlanck,
    mut u: Vec<f64>,
    dt: f64,
    steps: usize,
    every: usize,
) -> Result<GridDecay> {
    let pi = stationary(fp)?;
    let m = fp.grid().mass(&u);
    u.iter_mut().for_each(|v| *v /= m);
    let mut out = GridDecay {
        dt,
        times: Vec::new(),
        kl: Vec::new(),
        dissipation: Vec::new(),
        chi2: Vec::new(),
        sup_f: Vec::new(),
    };
    let mut record = |k: usize, u: &[f64]| -> Result<()> {
        let d = diagnostics(fp, u, &pi, None)?;
        out.times.push(k as f64 * dt);
        out.kl.push(d.relative_entropy);
        out.dissipation.push(d.fisher_information);
        out.chi2.push(d.chi_squared);
        out.sup_f.push(
            u.iter()
                .zip(&pi)
                .filter(|(_, p)| **p > 0.0)
                .map(|(a, p)| (a / p - 1.0).abs())
                .fold(0.0, f64::max),
        );
        Ok(())
    };
    record(0, &u)?;
    let mut st = Stepper::new(fp, Scheme::ImplicitEuler, dt)?;
    for k in 1..=steps {
        st.step(&mut u)?;
        if k % every == 0 || k == steps {
            record(k, &u)?;
        }
    }
    Ok(out)
}

/// A fitted late-time rate against its prediction.
#[derive(Debug, Clone, Copy)]
pub(super) struct RateFit {
    /// `−slope` of `ln KL` against `t` on the window.
    pub fitted: f64,
    /// `2 ln(1 + λ₁dt)/dt`: the exact decay rate of `χ²`'s slowest mode under
    /// implicit Euler (`→ 2λ₁` as `dt → 0`).
    pub predicted: f64,
    /// Bound on `|fitted − predicted|` (§4 of the note).
    pub bound: f64,
    /// `δ = ‖f‖∞/(3(1 − ‖f‖∞))` and `ρ` at the window start.
    pub delta: f64,
    /// Fast-mode fraction bound at the window start.
    pub rho: f64,
    /// Window start.
    pub t1: f64,
}

/// Fits `ln KL` on `t ≥ t1` and bounds the deviation from `2 ln(1+λ₁dt)/dt`:
/// `ln KL_n = c − n·2 ln(1 + λ₁dt) + g_n` with
/// `|g_n| ≤ G = −ln(1 − δ) + ρ` (KL vs ½χ², fast modes of rate ≥ λ₂), and
/// a perturbation bounded by `G` moves a least-squares slope by at most
/// `G Σ|tᵢ − t̄| / Σ(tᵢ − t̄)²`. Returns `None` if the bound's premises
/// (`‖f‖∞ < 1`, `χ²_n > χ²₀ μ₂^{2n}`) fail at `t1`.
pub(super) fn fit_rate(
    d: &GridDecay,
    lambda1: f64,
    lambda2: f64,
    t1: f64,
) -> Result<Option<RateFit>> {
    let start = d
        .times
        .iter()
        .position(|&t| t >= t1)
        .unwrap_or(d.times.len());
    let (t, kl) = (&d.times[start..], &d.kl[start..]);
    if t.len() < 3 {
        return Ok(None);
    }
    let y: Vec<f64> = kl.iter().map(|v| v.ln()).collect();
    let fit = linear_fit(t, &y)?;
    let f1 = d.sup_f[start];
    let mu2_pow = (1.0 + lambda2 * d.dt).powf(-2.0 * t[0] / d.dt);
    let fast = d.chi2[0] * mu2_pow;
    if f1 >= 1.0 || d.chi2[start] <= fast {
        return Ok(None);
    }
    let delta = f1 / (3.0 * (1.0 - f1));
    let rho = fast / (d.chi2[start] - fast);
    let g = -(1.0 - delta).ln() + rho;
    Ok(Some(RateFit {
        fitted: -fit.slope,
        predicted: 2.0 * (1.0 + lambda1 * d.dt).ln() / d.dt,
        bound: g * super::slope_sensitivity(t),
        delta,
        rho,
        t1: t[0],
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use sgdpde_fokker_planck::{Boundary, BoundaryConditions, Grid, Isotropic};
    use sgdpde_landscape::Quadratic;

    /// OU on a grid: the KL decays, the dissipation is non-negative and the
    /// fitted rate lies within its bound of the discrete prediction.
    #[test]
    fn ou_rate_within_bound() {
        let grid = Grid::uniform_1d(-5.0, 5.0, 200).unwrap();
        let bc = BoundaryConditions::uniform(1, Boundary::Reflecting);
        let l = Quadratic::new(vec![1.0], vec![0.0]).unwrap();
        let fp = FokkerPlanck::gradient(grid, bc, l, &Isotropic::new(1, 0.5).unwrap()).unwrap();
        let u0 = fp.grid().map_centers(|x| (-(x[0] - 0.5).powi(2)).exp());
        let d = run_decay(&fp, u0, 0.01, 600, 10).unwrap();
        assert!(d.kl.windows(2).all(|w| w[1] <= w[0] + 1e-15));
        assert!(d.dissipation.iter().all(|&v| v >= -1e-15));
        let s = sgdpde_fokker_planck::smallest_eigenvalues(&fp, 2).unwrap();
        let r = fit_rate(&d, s.re[0], s.re[1], 3.0).unwrap().unwrap();
        assert!((r.fitted - r.predicted).abs() <= r.bound, "{r:?}");
    }
}
