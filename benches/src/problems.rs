//! The problems of the per-step integrator suite: 1-D, 2-D and d = 100
//! states with additive (isotropic), diagonal state-dependent and
//! rank-deficient constant (`d × m`, `m < d`) noise, and the driver that
//! runs one [`IntegratorKind`] on one of them through the library's
//! [`Ensemble`] (so a path-step costs what it costs a user: drift,
//! diffusion, normals, the driver).

use sgdpde_landscape::{DoubleWell, Landscape, Quadratic};
use sgdpde_sde::{
    DiagonalFnNoise, Ensemble, ExactLinear, FactorNoise, GradientDrift, Integrator, IntegratorKind,
    IntegratorVisitor, Langevin, Moments, SdeDerivative, SdeModel, Temperature, path_rng,
};

use crate::error::Result;
use crate::workloads::double_well_2d;

/// Noise amplitude of every per-step problem.
pub const NOISE: f64 = 0.5;

/// The landscapes of the suite: the double well (d = 1), W4's 2-D double
/// well (d = 2), and a diagonal quadratic with curvatures spread over
/// `[1, 10]` (d = 100; linear drift, so the exact sampler applies).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dim {
    /// `x⁴/4 − x²/2`.
    One,
    /// `(x² − 1)²/4 + y²/2`.
    Two,
    /// `½ Σ hᵢ xᵢ²`, `hᵢ = 1 + 9i/99`.
    Hundred,
}

impl Dim {
    /// Every dimension of the suite.
    pub const ALL: [Dim; 3] = [Dim::One, Dim::Two, Dim::Hundred];

    /// The state dimension.
    pub fn d(self) -> usize {
        match self {
            Dim::One => 1,
            Dim::Two => 2,
            Dim::Hundred => 100,
        }
    }

    /// The start point: the left minimum of the double wells, `(1, …, 1)`
    /// for the quadratic.
    pub fn x0(self) -> Vec<f64> {
        match self {
            Dim::One => vec![-1.0],
            Dim::Two => vec![-1.0, 0.0],
            Dim::Hundred => vec![1.0; 100],
        }
    }

    /// The curvatures of the d = 100 quadratic.
    pub fn curvatures() -> Vec<f64> {
        (0..100).map(|i| 1.0 + 9.0 * i as f64 / 99.0).collect()
    }
}

/// Runs `kind` on `sde` through `ensemble` (monomorphised once by
/// [`IntegratorKind::visit`]); `Ok(None)` if the method does not support
/// the model's noise class (the suite skips that combination).
///
/// # Errors
/// Errors of the ensemble (non-finite states).
pub fn run_kind<S: SdeDerivative>(
    kind: IntegratorKind,
    sde: &S,
    ensemble: &Ensemble,
    x0: &[f64],
) -> Result<Option<f64>> {
    struct Go<'a, S> {
        sde: &'a S,
        ensemble: &'a Ensemble,
        x0: &'a [f64],
    }
    impl<S: SdeDerivative> IntegratorVisitor<S> for Go<'_, S> {
        type Output = sgdpde_sde::Result<f64>;
        fn visit<I: Integrator<S>>(self, integrator: I) -> Self::Output {
            let m = self.ensemble.run(
                self.sde,
                &integrator,
                self.x0,
                &Moments::new(self.sde.dim()),
            )?;
            Ok(m[0].mean()[0])
        }
    }
    if !kind.info().noise.is_met_by(S::NOISE) {
        return Ok(None);
    }
    Ok(Some(kind.visit(sde, Go { sde, ensemble, x0 })??))
}

/// The landscape of `dim`, as a Langevin model at `ε = NOISE²` (isotropic
/// additive noise `NOISE·dW`).
///
/// # Errors
/// Never for the suite's constants.
pub fn additive(dim: Dim) -> Result<AdditiveSde> {
    let t = Temperature::epsilon(NOISE * NOISE)?;
    Ok(match dim {
        Dim::One => AdditiveSde::One(SdeModel::langevin(DoubleWell::symmetric(), t)?),
        Dim::Two => AdditiveSde::Two(SdeModel::langevin(double_well_2d(), t)?),
        Dim::Hundred => AdditiveSde::Hundred(SdeModel::langevin(
            Quadratic::diagonal(&Dim::curvatures(), vec![0.0; 100])?,
            t,
        )?),
    })
}

/// The additive (isotropic) models of the suite, one type per dimension.
#[derive(Debug, Clone)]
pub enum AdditiveSde {
    /// 1-D double well.
    One(Langevin<DoubleWell>),
    /// 2-D double well.
    Two(Langevin<sgdpde_landscape::CoupledDoubleWell>),
    /// d = 100 quadratic.
    Hundred(Langevin<Quadratic>),
}

/// Diagonal state-dependent noise `gᵢ(xᵢ) = NOISE·(1 + xᵢ²/4)` (Milstein
/// data `gᵢ′ = NOISE·xᵢ/2`) on the gradient drift of `landscape`
/// ([`sgdpde_sde::NoiseClass::Diagonal`]: Euler–Maruyama, Milstein and
/// tamed Euler apply; KP1.5 needs additive noise and Leimkuhler–Matthews
/// overdamped Langevin).
///
/// # Errors
/// [`crate::BenchError::Sde`] if the landscape has dimension 0.
pub fn diagonal<L: Landscape + Clone>(landscape: L) -> Result<impl SdeDerivative + Clone> {
    let d = landscape.dim();
    Ok(SdeModel::new(
        GradientDrift::new(landscape),
        DiagonalFnNoise::new(
            d,
            |_, _, x: f64| NOISE * (1.0 + 0.25 * x * x),
            |_, _, x: f64| NOISE * 0.5 * x,
        )?,
    )?)
}

/// Rank-deficient constant noise: `G` is `d × m` with `m = ⌈d/10⌉ < d`
/// (d = 2: `m = 1`), column `j` spreading `NOISE/√(d/m)` over the
/// coordinates `i ≡ j (mod m)` — `G Gᵀ` is singular, the law degenerate.
/// Class additive: every method but Leimkuhler–Matthews (isotropic only)
/// applies.
///
/// # Errors
/// [`crate::BenchError::Sde`] if `d < 2` (no `m < d` exists).
pub fn rank_deficient<L: Landscape + Clone>(
    landscape: L,
) -> Result<SdeModel<GradientDrift<L>, FactorNoise>> {
    let d = landscape.dim();
    let m = d.div_ceil(10).min(d.saturating_sub(1)).max(1);
    let per = NOISE / ((d / m) as f64).sqrt();
    let mut g = vec![0.0; d * m];
    for i in 0..d {
        g[i * m + i % m] = per;
    }
    Ok(SdeModel::new(
        GradientDrift::new(landscape),
        FactorNoise::new(d, m, g)?,
    )?)
}

/// The exact sampler of the d = 100 quadratic's Langevin dynamics
/// (`A = −diag(h)`, `G = NOISE·I`) over `dt`.
///
/// # Errors
/// Errors of [`ExactLinear::new`].
pub fn exact_linear_100(dt: f64) -> Result<ExactLinear> {
    let h = Dim::curvatures();
    let d = h.len();
    let mut a = vec![0.0; d * d];
    let mut g = vec![0.0; d * d];
    for i in 0..d {
        a[i * d + i] = -h[i];
        g[i * d + i] = NOISE;
    }
    Ok(ExactLinear::new(&a, &vec![0.0; d], &g, d, dt)?)
}

/// `paths` paths of `steps` exact steps from `x0` (path `i` on stream `i` of
/// `seed`); returns the mean of the first coordinate at the end.
pub fn run_exact_linear(ex: &ExactLinear, x0: &[f64], paths: u64, steps: u64, seed: u64) -> f64 {
    let mut ws = ex.workspace();
    let mut x = x0.to_vec();
    let mut sum = 0.0;
    for i in 0..paths {
        let mut rng = path_rng(seed, i);
        x.copy_from_slice(x0);
        for _ in 0..steps {
            ex.step(&mut ws, &mut x, &mut rng);
        }
        sum += x[0];
    }
    sum / paths as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use sgdpde_sde::Sde;

    /// The noise-class filter: on diagonal noise only EM, Milstein and
    /// tamed Euler run; on rank-deficient constant noise all but LM.
    #[test]
    fn unsupported_combinations_are_skipped() {
        let e = Ensemble::new(4, 0.01, 0.02, 1).unwrap();
        let diag = diagonal(DoubleWell::symmetric()).unwrap();
        let rank = rank_deficient(double_well_2d()).unwrap();
        for &k in IntegratorKind::ALL {
            let ran = run_kind(k, &diag, &e, &[-1.0]).unwrap().is_some();
            let want = matches!(
                k,
                IntegratorKind::EulerMaruyama
                    | IntegratorKind::Milstein
                    | IntegratorKind::TamedEuler
            );
            assert_eq!(ran, want, "{k} on diagonal noise");
            let ran = run_kind(k, &rank, &e, &[-1.0, 0.0]).unwrap().is_some();
            assert_eq!(
                ran,
                k != IntegratorKind::LeimkuhlerMatthews,
                "{k} on rank-deficient"
            );
        }
        assert_eq!(rank.noise_dim(), 1);
        let r100 = rank_deficient(Quadratic::isotropic(100, 1.0).unwrap()).unwrap();
        assert_eq!(r100.noise_dim(), 10);
    }

    /// The exact sampler's mean after one step from x0 = 1 is e^{−h₀ dt}
    /// in the first coordinate; over 4000 paths × 1 step the sample mean is
    /// within 4 SE (SE = √(Var/n), Var = NOISE²(1 − e^{−2 dt})/2).
    #[test]
    fn exact_linear_100_has_the_exact_mean() {
        let dt = 0.1;
        let ex = exact_linear_100(dt).unwrap();
        let n = 4000;
        let m = run_exact_linear(&ex, &vec![1.0; 100], n, 1, 3);
        let var = NOISE * NOISE * (1.0 - (-2.0 * dt).exp()) / 2.0;
        assert!((m - (-dt).exp()).abs() < 4.0 * (var / n as f64).sqrt());
    }
}
