//! The two-state reduction at small noise: on the tilted double well
//! `L = x⁴/4 − x²/2 + c x` (`c > 0`: the left well is the deeper), the mean
//! transition times both ways by splitting, and their ratio against the
//! ratio of the basins' Gibbs masses,
//!
//! ```text
//! T(deep → shallow) / T(shallow → deep) = Z_deep / Z_shallow,   Z = ∫_basin e^{−2L/ε}
//! ```
//!
//! — detailed balance of the reduced two-state chain, `k₋ Z_deep = k₊ Z_shallow`
//! with `k = 1/T`. For a reversible diffusion the identity holds exactly for
//! the starts distributed by the equilibrium measures, with the equilibrium
//! potential in place of the basin indicators; from the minima, and with the
//! indicators, it holds up to a relative error exponentially small in `1/ε`
//! (`proofs-notes/ams.md` §12). That remainder is computed, not assumed: it
//! is the distance of the exact quadrature times' ratio from the mass ratio
//! at the same ε, added to the tolerance.
//!
//! Both directions are splitting runs as in the 1-D study: coordinate `x`,
//! `A = {x ≤ m + 0.1}`, `Σ = {x ≥ m + 0.2}` about the start minimum `m`,
//! `B = {x ≥ m'}` the other minimum, the shallow → deep direction on the
//! mirrored well `L(−x)` (tilt `−c`).

use sgdpde_analysis::{
    ConstantDiffusion, Diffusion1d, End, LeftEnd, MeanExitTime1d, QuadratureOptions,
    StationaryDensity1d,
};
use sgdpde_landscape::{DoubleWell, Landscape};
use sgdpde_sde::{EulerMaruyama, SdeModel, Temperature};

use super::Config;
use super::splitting::{Levels, pooled, runs};
use crate::error::Result;
use crate::report::{Table, round_sig};
use crate::verdict::{Criterion, Verdict};

/// One temperature: both directions and the mass ratio.
#[derive(Debug, Clone)]
pub(crate) struct TwoStatePoint {
    pub eps: f64,
    /// `2ΔL/ε` of the deep and of the shallow well.
    pub exponents: [f64; 2],
    /// Splitting `T(deep → shallow)` and its SE.
    pub deep: (f64, f64),
    /// Splitting `T(shallow → deep)` and its SE.
    pub shallow: (f64, f64),
    /// Exact quadrature of both.
    pub exact: [f64; 2],
    /// `Z_deep / Z_shallow` by quadrature of the Gibbs density.
    pub mass_ratio: f64,
}

impl TwoStatePoint {
    /// `T(deep → shallow)/T(shallow → deep)` and its delta-method SE.
    pub fn ratio(&self) -> (f64, f64) {
        let r = self.deep.0 / self.shallow.0;
        let rel = ((self.deep.1 / self.deep.0).powi(2) + (self.shallow.1 / self.shallow.0).powi(2))
            .sqrt();
        (r, r * rel)
    }

    /// The two-state remainder at this ε: `|T_exact ratio / mass ratio − 1|`.
    pub fn remainder(&self) -> f64 {
        (self.exact[0] / self.exact[1] / self.mass_ratio - 1.0).abs()
    }
}

/// The study: every deep-well exponent of [`Config::two_state_exponents`];
/// seeds `seed + 5000 + 100 j` (deep → shallow) and `seed + 5050 + 100 j`.
pub(crate) fn study(cfg: &Config) -> Result<Vec<TwoStatePoint>> {
    let well = DoubleWell::new(cfg.two_state_tilt)?;
    let mirror = DoubleWell::new(-cfg.two_state_tilt)?;
    let r = well.critical_abscissae();
    let (x_deep, x_s, x_shallow) = (r[0], r[1], r[2]);
    let barrier_deep = well.value(&[x_s]) - well.value(&[x_deep]);
    let barrier_shallow = well.value(&[x_s]) - well.value(&[x_shallow]);
    let levels = |m: f64, other: f64| Levels {
        z_a: m + 0.1,
        z_sigma: m + 0.2,
        z_b: other,
    };
    let xi = |x: &[f64]| x[0];
    let q = QuadratureOptions::default();
    let mut points = Vec::with_capacity(cfg.two_state_exponents.len());
    for (j, &x) in cfg.two_state_exponents.iter().enumerate() {
        let eps = 2.0 * barrier_deep / x;
        let seed = cfg.seed + 5000 + 100 * j as u64;
        let direction =
            |land: DoubleWell, start: f64, target: f64, seed: u64| -> Result<((f64, f64), f64)> {
                let sde = SdeModel::langevin(land, Temperature::epsilon(eps)?)?;
                let r = runs(
                    cfg,
                    cfg.splitting_runs,
                    levels(start, target),
                    cfg.splitting_dt,
                    seed,
                    |t| t.run(&sde, &EulerMaruyama, &[start], &xi),
                )?;
                let d = Diffusion1d::new(land, ConstantDiffusion::new(eps)?)?;
                let exact = MeanExitTime1d::new(&d, LeftEnd::Natural, target, q)?.value(start)?;
                Ok((pooled(&r), exact))
            };
        let (deep, exact_deep) = direction(well, x_deep, x_shallow, seed)?;
        let (shallow, exact_shallow) = direction(mirror, -x_shallow, -x_deep, seed + 50)?;
        // Z_deep/Z = P(X ≤ s); Z_shallow/Z the same on the mirror (a direct
        // quadrature of the small mass, not 1 − P(X ≤ s)).
        let gibbs = |land: DoubleWell, s: f64| -> Result<f64> {
            let d = Diffusion1d::new(land, ConstantDiffusion::new(eps)?)?;
            Ok(StationaryDensity1d::new(&d, End::Natural, End::Natural, q)?.cdf(s)?)
        };
        let mass_ratio = gibbs(well, x_s)? / gibbs(mirror, -x_s)?;
        points.push(TwoStatePoint {
            eps,
            exponents: [x, 2.0 * barrier_shallow / eps],
            deep,
            shallow,
            exact: [exact_deep, exact_shallow],
            mass_ratio,
        });
    }
    Ok(points)
}

/// Per temperature: the ratio against the mass ratio (k SE plus the
/// computed two-state remainder); at the coldest, each direction against
/// its exact quadrature.
pub(crate) fn verdicts(cfg: &Config, points: &[TwoStatePoint], out: &mut Vec<Verdict>) {
    for p in points {
        let (r, se) = p.ratio();
        out.push(Verdict::judge(
            format!(
                "tilted well c = {}, 2ΔL/ε = {:.0} and {:.1}: the splitting times' ratio T(deep → shallow)/T(shallow → deep) equals the Gibbs mass ratio Z_deep/Z_shallow (two-state detailed balance)",
                cfg.two_state_tilt, p.exponents[0], p.exponents[1]
            ),
            "two-state reduction k₋ Z_deep = k₊ Z_shallow (proofs-notes/ams.md §12); tolerance k SE + the remainder |T_exact ratio/Z ratio − 1| at this ε",
            p.mass_ratio,
            r,
            Some(se),
            Criterion::Absolute {
                abs: round_sig(cfg.k_se * se + p.remainder() * p.mass_ratio, 3),
            },
        ));
    }
    if let Some(p) = points.last() {
        for (what, (t, se), exact) in [
            ("deep → shallow", p.deep, p.exact[0]),
            ("shallow → deep", p.shallow, p.exact[1]),
        ] {
            out.push(Verdict::judge(
                format!(
                    "tilted well, 2ΔL/ε = {:.0} (deep): splitting mean transition time {what} equals the exact quadrature",
                    p.exponents[0]
                ),
                "T(x) = (2/ε)∫ e^{2L/ε}∫ e^{−2L/ε} (math.md §3)",
                exact,
                t,
                Some(se),
                Criterion::WithinStdErrors { k: cfg.k_se },
            ));
        }
    }
}

/// The table of the study.
pub(crate) fn table(cfg: &Config, points: &[TwoStatePoint]) -> Table {
    Table {
        id: "two-state".into(),
        caption: format!(
            "Two-state reduction at small noise, tilted well x⁴/4 − x²/2 + {}x: splitting times both ways ({} runs of {} replicas each), their ratio against the Gibbs mass ratio Z_deep/Z_shallow, and the exact quadrature's ratio",
            cfg.two_state_tilt, cfg.splitting_runs, cfg.replicas
        ),
        columns: [
            "eps",
            "2dL_deep_over_eps",
            "2dL_shallow_over_eps",
            "T_deep",
            "se_deep",
            "exact_deep",
            "T_shallow",
            "se_shallow",
            "exact_shallow",
            "ratio",
            "se_ratio",
            "mass_ratio",
            "exact_ratio",
        ]
        .map(String::from)
        .to_vec(),
        rows: points
            .iter()
            .map(|p| {
                let (r, se) = p.ratio();
                vec![
                    p.eps,
                    p.exponents[0],
                    p.exponents[1],
                    p.deep.0,
                    p.deep.1,
                    p.exact[0],
                    p.shallow.0,
                    p.shallow.1,
                    p.exact[1],
                    r,
                    se,
                    p.mass_ratio,
                    p.exact[0] / p.exact[1],
                ]
            })
            .collect(),
    }
}

/// The setup line.
pub(crate) fn setup(cfg: &Config) -> (String, String) {
    (
        "two-state reduction".into(),
        format!(
            "tilted well x⁴/4 − x²/2 + {}x, deep exponents 2ΔL₋/ε = {:?}; splitting both ways as the 1-D study (A = {{x ≤ m + 0.1}}, Σ = {{x ≥ m + 0.2}} about the start minimum m, B = the other minimum; shallow → deep on the mirrored well), {} runs; seeds {} + 5000 + 100j + r and {} + 5050 + 100j + r; Gibbs masses of the basins by quadrature",
            cfg.two_state_tilt, cfg.two_state_exponents, cfg.splitting_runs, cfg.seed, cfg.seed
        ),
    )
}
