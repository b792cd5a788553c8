//! Long-time averages of the `ou` experiment: the stationary variance of
//! Leimkuhler–Matthews (exact on a quadratic for every stable step, its
//! `stationary_weak_order` 2) against Euler–Maruyama's biased
//! `s²/(2θ − θ²h)`, through the production [`Ensemble`] driver
//! (`proofs-notes/experiment-ou.md` §4).

use sgdpde_sde::problems::OrnsteinUhlenbeck;
use sgdpde_sde::{Ensemble, EulerMaruyama, LeimkuhlerMatthews, Moments};

use super::Config;
use crate::error::Result;

/// Stream seed offset, so these paths are independent of the order studies.
const SEED_OFFSET: u64 = 0x5EED_0003;

/// Sample stationary variances `(LM, EM)` at the configured step.
pub(super) fn stationary_variances(cfg: &Config, ou: &OrnsteinUhlenbeck) -> Result<(f64, f64)> {
    let lang = ou.langevin_model();
    let run = Ensemble::new(
        cfg.stationary_paths,
        cfg.stationary_dt,
        cfg.stationary_t_end,
        cfg.seed.wrapping_add(SEED_OFFSET),
    )?;
    let var = |acc: Vec<sgdpde_sde::MomentAcc>| acc[0].covariance().map_or(f64::NAN, |c| c[0]);
    let lm = run.run(
        &lang,
        &LeimkuhlerMatthews::for_sde(&lang)?,
        &[cfg.x0],
        &Moments::new(1),
    )?;
    let em = run.run(
        &lang,
        &EulerMaruyama::for_sde(&lang)?,
        &[cfg.x0],
        &Moments::new(1),
    )?;
    Ok((var(lm), var(em)))
}
