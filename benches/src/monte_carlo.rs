//! The library side of the Monte Carlo workloads W1 and W2, through the
//! public drivers ([`Ensemble`], [`ExitTimes`]) exactly as a user calls them.

use sgdpde_analysis::{ConstantDiffusion, Diffusion1d, LeftEnd, MeanExitTime1d, QuadratureOptions};
use sgdpde_landscape::{DoubleWell, ExprLandscape, Landscape};
use sgdpde_sde::{
    Ensemble, EulerMaruyama, ExitSummary, ExitTimes, Interval, Moments, SdeModel, SetMass,
};

use crate::error::Result;
use crate::hand::{ExitStats, W1Stats};
use crate::workloads::{double_well_sde, temperature, w1, w2};

/// W1 through [`Ensemble::run`] with Euler–Maruyama and the reductions
/// (moments, mass of `X > 0`) of the hand loop; `paths` paths, W1's seed.
///
/// # Errors
/// Errors of the ensemble driver (none for valid workload constants).
pub fn w1_library(paths: u64) -> Result<W1Stats> {
    w1_with_landscape(DoubleWell::symmetric(), paths)
}

/// The W1 expression of the double well, for [`ExprLandscape`].
pub const W1_EXPRESSION: &str = "x^4/4 - x^2/2";

/// The double well of W1 as an [`ExprLandscape`] ([`W1_EXPRESSION`]): the
/// same function as [`DoubleWell::symmetric`], gradient derived
/// symbolically and evaluated by the expression stack machine.
///
/// # Errors
/// Never for the constant expression.
pub fn w1_expression_landscape() -> Result<ExprLandscape> {
    Ok(ExprLandscape::new(
        W1_EXPRESSION,
        &["x"],
        &[] as &[(&str, f64)],
    )?)
}

/// W1 (as [`w1_library`]) on any 1-D landscape with W1's temperature — for
/// comparing an expression landscape with the built-in one on identical
/// paths.
///
/// # Errors
/// Errors of the ensemble driver; [`crate::BenchError::Sde`] for a landscape
/// of dimension other than 1.
pub fn w1_with_landscape<L: Landscape>(landscape: L, paths: u64) -> Result<W1Stats> {
    let sde = SdeModel::langevin(landscape, temperature(w1::EPS)?)?;
    let run = Ensemble::new(paths, w1::DT, w1::STEPS as f64 * w1::DT, w1::SEED)?;
    let positive = SetMass::new(1, |x: &[f64]| (x[0] > 0.0).then_some(0));
    let (m, p) = run.run(
        &sde,
        &EulerMaruyama,
        &[w1::X0],
        &(Moments::new(1), positive),
    )?;
    let var = m[0].covariance().map_or(f64::NAN, |c| c[0]);
    Ok(W1Stats {
        mean: m[0].mean()[0],
        var,
        frac_pos: p[0].fractions()[0],
    })
}

/// W2 at temperature `eps` (`√(2ε)` convention) through [`ExitTimes`]:
/// bridge-corrected (`bridge = true`) or discretely monitored; `paths`
/// paths, W2's step, horizon and seed.
///
/// # Errors
/// Errors of the exit-time driver.
pub fn w2_library(eps: f64, paths: u64, bridge: bool) -> Result<ExitStats> {
    let sde = double_well_sde(eps)?;
    let run = ExitTimes::new(paths, w2::DT, w2::T_MAX, w2::SEED)?;
    let dom = Interval::new(f64::NEG_INFINITY, w2::BARRIER)?;
    let s = if bridge {
        run.run_bridged(&sde, &EulerMaruyama, &[w2::X0], &dom)?
    } else {
        run.run(&sde, &EulerMaruyama, &[w2::X0], &dom)?
    };
    Ok(exit_stats(&s))
}

/// Mean ± SE and censored count of an exit-time summary.
pub fn exit_stats(s: &ExitSummary) -> ExitStats {
    let m = s.mean_exit_time();
    ExitStats {
        mean: m.mean,
        std_error: m.std_error,
        censored: s.censored(),
    }
}

/// The exact mean exit time of W2 at `eps` (`√(2ε)` convention) by the
/// 1-D quadrature of `sgdpde-analysis` (natural left end, absorbing at the
/// barrier).
///
/// # Errors
/// Errors of the quadrature.
pub fn w2_exact(eps: f64) -> Result<f64> {
    let model = Diffusion1d::new(
        DoubleWell::symmetric(),
        ConstantDiffusion::new(temperature(eps)?.eps())?,
    )?;
    Ok(MeanExitTime1d::new(
        &model,
        LeftEnd::Natural,
        w2::BARRIER,
        QuadratureOptions::default(),
    )?
    .value(w2::X0)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hand::{w1_loop, w2_loop};

    /// The hand loop and the library simulate the same law (the same
    /// streams; the increments differ only by rounding), so on 2000 paths
    /// their means agree within 4 SE of the difference of two (nearly
    /// identical) estimates — here far closer: identical normals make the
    /// paths coincide to rounding.
    #[test]
    fn w1_library_and_hand_loop_agree() {
        let n = 2_000;
        let lib = w1_library(n).unwrap();
        let noise = temperature(w1::EPS).unwrap().noise_scale();
        let hand = w1_loop(n, w1::STEPS, w1::DT, noise, w1::X0, w1::SEED);
        // Same normals, same recursion up to rounding (1e-12 per path).
        assert!((lib.mean - hand.mean).abs() < 1e-9, "{lib:?} vs {hand:?}");
        assert!((lib.var - hand.var).abs() < 1e-9);
        assert_eq!(lib.frac_pos, hand.frac_pos);
    }

    /// The expression landscape runs the same paths as the built-in double
    /// well: x⁴/4 − x²/2 has the same gradient up to rounding.
    #[test]
    fn expression_double_well_matches_the_builtin() {
        let a = w1_library(300).unwrap();
        let b = w1_with_landscape(w1_expression_landscape().unwrap(), 300).unwrap();
        assert!(
            (a.mean - b.mean).abs() < 1e-9 && a.frac_pos == b.frac_pos,
            "{a:?} vs {b:?}"
        );
    }

    /// The bridge-corrected estimate of the library and of the hand loop at
    /// ε = 0.25 (E τ ≈ 5.7): the same exits up to rounding of the states.
    #[test]
    fn w2_library_and_hand_loop_agree() {
        let n = 400;
        let lib = w2_library(0.25, n, true).unwrap();
        let noise = temperature(0.25).unwrap().noise_scale();
        let hand = w2_loop(n, w2::DT, noise, w2::X0, w2::BARRIER, w2::T_MAX, w2::SEED);
        assert_eq!((lib.censored, hand.censored), (0, 0));
        // At most a handful of paths may differ by a rounding-level crossing;
        // allow one SE.
        assert!(
            (lib.mean - hand.mean).abs() < lib.std_error,
            "{lib:?} vs {hand:?}"
        );
        let exact = w2_exact(0.25).unwrap();
        assert!((lib.mean - exact).abs() < 4.0 * lib.std_error);
    }
}
