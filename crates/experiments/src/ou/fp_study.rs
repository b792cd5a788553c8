//! The Fokker–Planck half of the `ou` experiment: spatial and temporal
//! orders against the exact Gaussian density, mass and positivity
//! (`proofs-notes/experiment-ou.md` §3).

use sgdpde_analysis::loglog_fit;
use sgdpde_fokker_planck::{
    Boundary, BoundaryConditions, FokkerPlanck, Grid, Isotropic, Scheme, Stepper,
};
use sgdpde_landscape::Quadratic;
use sgdpde_sde::problems::OrnsteinUhlenbeck;

use super::{Config, FpResults};
use crate::error::Result;

fn gaussian(x: f64, m: f64, v: f64) -> f64 {
    (-(x - m).powi(2) / (2.0 * v)).exp() / (2.0 * std::f64::consts::PI * v).sqrt()
}

/// The FP operator on `cells` cells and the exact density at time `t`.
fn fp_operator(cfg: &Config, ou: &OrnsteinUhlenbeck, cells: usize) -> Result<FokkerPlanck> {
    let grid = Grid::uniform_1d(cfg.fp_lower, cfg.fp_upper, cells)?;
    let bc = BoundaryConditions::uniform(1, Boundary::Reflecting);
    let l = Quadratic::new(vec![ou.theta], vec![ou.mu])?;
    Ok(FokkerPlanck::gradient(
        grid,
        bc,
        l,
        &Isotropic::from_temperature(1, ou.s * ou.s)?,
    )?)
}

/// Mean and variance of the exact law at `t` from `N(x₀, v₀)`.
fn exact_moments(cfg: &Config, ou: &OrnsteinUhlenbeck, t: f64) -> (f64, f64) {
    let decay = (-2.0 * ou.theta * t).exp();
    (
        ou.mean(t, cfg.x0),
        cfg.fp_initial_variance * decay + ou.variance(t),
    )
}

fn l1_to_exact(fp: &FokkerPlanck, u: &[f64], m: f64, v: f64) -> f64 {
    let g = fp.grid();
    let vol = g.cell_volume();
    g.centers()
        .iter()
        .zip(u)
        .map(|(&x, &ui)| (ui - gaussian(x, m, v)).abs())
        .sum::<f64>()
        * vol
}

pub(super) fn fp_study(cfg: &Config, ou: &OrnsteinUhlenbeck) -> Result<FpResults> {
    let (m_t, v_t) = exact_moments(cfg, ou, cfg.t_end);
    let mut mass_drift: f64 = 0.0;
    let mut mass_bound: f64 = 0.0;
    let mut track_mass = |fp: &FokkerPlanck, m0: f64, u: &[f64], steps: usize| {
        let drift = (fp.grid().mass(u) - m0).abs() / m0;
        let bound = (steps * fp.grid().len()) as f64 * f64::EPSILON;
        if drift / bound > mass_drift / mass_bound.max(f64::MIN_POSITIVE) {
            mass_drift = drift;
            mass_bound = bound;
        }
    };
    let initial = |fp: &FokkerPlanck| {
        fp.grid()
            .map_centers(|x| gaussian(x[0], cfg.x0, cfg.fp_initial_variance))
    };

    let (mut space_h, mut space_err, mut snapshots) = (Vec::new(), Vec::new(), Vec::new());
    let finest = *cfg.fp_cells.last().expect("validated: ≥ 3 grids");
    for &cells in &cfg.fp_cells {
        let fp = fp_operator(cfg, ou, cells)?;
        let mut u = initial(&fp);
        let m0 = fp.grid().mass(&u);
        let dt = cfg.t_end / cfg.fp_steps as f64;
        let mut st = Stepper::new(&fp, Scheme::TrBdf2, dt)?;
        let centres = fp.grid().centers();
        let snap_every = (cfg.fp_steps / 4).max(1);
        let mut snap = |k: usize, u: &[f64]| {
            if cells == finest && (k.is_multiple_of(snap_every) || k == cfg.fp_steps) {
                let t = k as f64 * dt;
                let (m, v) = exact_moments(cfg, ou, t);
                let ex = centres.iter().map(|&x| gaussian(x, m, v)).collect();
                snapshots.push((t, centres.clone(), u.to_vec(), ex));
            }
        };
        snap(0, &u);
        st.run(&mut u, cfg.fp_steps, &mut snap)?;
        track_mass(&fp, m0, &u, cfg.fp_steps);
        space_h.push(fp.grid().spacing(0));
        space_err.push(l1_to_exact(&fp, &u, m_t, v_t));
    }
    snapshots.dedup_by(|a, b| a.0 == b.0);
    let space_fit = loglog_fit(&space_h, &space_err)?;

    // Temporal study on one grid against a time-converged TR-BDF2 run
    // (its error (T/n_ref)² is ~10⁻⁴ of the smallest measured error).
    let fp = fp_operator(cfg, ou, cfg.fp_time_cells)?;
    let n_ref = 16 * cfg.fp_time_steps.last().expect("validated");
    let mut reference = initial(&fp);
    Stepper::new(&fp, Scheme::TrBdf2, cfg.t_end / n_ref as f64)?.run(
        &mut reference,
        n_ref,
        |_, _| {},
    )?;
    let mut time = Vec::new();
    let mut ie_min = f64::INFINITY;
    for scheme in [Scheme::ImplicitEuler, Scheme::TrBdf2] {
        let (mut dts, mut errs) = (Vec::new(), Vec::new());
        for &n in &cfg.fp_time_steps {
            let mut u = initial(&fp);
            let m0 = fp.grid().mass(&u);
            let dt = cfg.t_end / n as f64;
            let mut st = Stepper::new(&fp, scheme, dt)?;
            st.run(&mut u, n, |_, u| {
                if scheme == Scheme::ImplicitEuler {
                    ie_min = u.iter().copied().fold(ie_min, f64::min);
                }
            })?;
            track_mass(&fp, m0, &u, n);
            let vol = fp.grid().cell_volume();
            dts.push(dt);
            errs.push(
                u.iter()
                    .zip(&reference)
                    .map(|(a, b)| (a - b).abs())
                    .sum::<f64>()
                    * vol,
            );
        }
        let fit = loglog_fit(&dts, &errs)?;
        time.push((scheme, dts, errs, fit));
    }
    Ok(FpResults {
        space_h,
        space_err,
        space_fit,
        time,
        mass_drift,
        mass_bound,
        ie_min,
        snapshots,
    })
}
