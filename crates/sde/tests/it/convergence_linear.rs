//! The 2-D linear SDE with rank-one noise of shared/math.md §3,
//! `dX = A X dt + G dW`, `A = −diag(1, 10)`, `G = √τ (1, 1)ᵀ`: observed
//! strong and weak orders against the exact solution on the path and the
//! exact moments (mean `e^{At}x₀`, covariance from the Lyapunov equation);
//! the Van Loan sampler's moments, including a singular covariance.

use crate::convergence_common;

use convergence_common::{dist, dts, fine_path, rng, run_levels};
use sgdpde_sde::problems::LinearProblem;
use sgdpde_sde::{
    EulerMaruyama, ExactLinear, Integrator, IntegratorKind, IntegratorVisitor, KloedenPlaten15,
    Milstein, Sde, SdeDerivative, SdeError, TamedEuler,
};
use sgdpde_testkit::convergence::{PathRule, assert_order, strong_study, weak_study};

const T: f64 = 1.0;
const TAU: f64 = 0.5;
const X0: [f64; 2] = [1.0, -1.0];

fn problem() -> LinearProblem {
    LinearProblem::rank_one_example(TAU).unwrap()
}

/// See `convergence_ou.rs`: on a linear drift the order 1.5 scheme's
/// omitted terms of order 1.5 vanish and it converges with order 2.
fn expected_strong_on_linear<S: Sde, I: Integrator<S>>(integ: &I) -> f64 {
    let info = integ.info();
    if info.name == KloedenPlaten15::INFO.name {
        2.0
    } else {
        info.strong_order_for(S::NOISE)
    }
}

/// Levels from h = 1/32 (|a₂|h = 0.31, inside every method's stability
/// region and near-asymptotic) to h = 1/512; the reference runs on 2¹²
/// steps (its O(h_f²) error ≈ 6e-8·|A|² is far below the errors measured).
fn strong<S: Sde, I: Integrator<S>>(sde: &S, integ: &I, what: &str) {
    let p = problem();
    let levels = [5, 6, 7, 8, 9];
    let study = strong_study(&dts(T, &levels), PathRule::STRONG, |i, out| {
        let path = fine_path(i, T, 12, 1, true);
        let x_ref = p.along_path(&X0, &path).unwrap();
        run_levels(sde, integ, &X0, &path, &levels, |l, x| {
            out[l] = dist(x, &x_ref)
        });
    });
    assert_order(&study, expected_strong_on_linear::<S, I>(integ), what);
}

/// φ(x) = |x|², `E φ(X_T) = |m_T|² + tr Σ_T`.
fn weak<S: Sde, I: Integrator<S>>(sde: &S, integ: &I, what: &str) {
    let p = problem();
    let (m, c) = p.moments(T, &X0).unwrap();
    let exact = m[0] * m[0] + m[1] * m[1] + c[0] + c[3];
    let levels = [4, 5, 6, 7, 8];
    let phi = |x: &[f64]| x[0] * x[0] + x[1] * x[1];
    let w = weak_study(&dts(T, &levels), PathRule::WEAK, exact, |i, out| {
        let path = fine_path(i, T, 10, 1, true);
        let r = phi(&p.along_path(&X0, &path).unwrap());
        run_levels(sde, integ, &X0, &path, &levels, |l, x| out[l] = phi(x) - r);
        r
    });
    assert!(w.reference_z.abs() < 4.0, "{what}: reference off: {w:#?}");
    assert_order(&w.study, integ.info().weak_order, what);
}

#[test]
fn strong_orders_on_rank_one_linear() {
    let sde = problem().model();
    strong(&sde, &EulerMaruyama::for_sde(&sde).unwrap(), "EM strong");
    strong(&sde, &Milstein::for_sde(&sde).unwrap(), "Milstein strong");
    strong(
        &sde,
        &KloedenPlaten15::for_sde(&sde).unwrap(),
        "KP1.5 strong",
    );
    strong(&sde, &TamedEuler::for_sde(&sde).unwrap(), "tamed strong");
}

#[test]
fn weak_orders_on_rank_one_linear() {
    let sde = problem().model();
    weak(&sde, &EulerMaruyama::for_sde(&sde).unwrap(), "EM weak");
    weak(&sde, &KloedenPlaten15::for_sde(&sde).unwrap(), "KP1.5 weak");
    weak(&sde, &TamedEuler::for_sde(&sde).unwrap(), "tamed weak");
}

struct Build;
impl<S: SdeDerivative> IntegratorVisitor<S> for Build {
    type Output = ();
    fn visit<I: Integrator<S>>(self, _: I) {}
}

/// Rank-one noise is additive but not isotropic: Leimkuhler–Matthews refuses.
#[test]
fn lm_refuses_rank_one_noise() {
    let sde = problem().model();
    assert!(matches!(
        IntegratorKind::LeimkuhlerMatthews.visit(&sde, Build),
        Err(SdeError::IncompatibleNoise { .. })
    ));
}

/// Exact sampler, 2-D: after 10 steps of h = 0.1 the sample mean and
/// covariance match `e^{AT}x₀` and `Σᵢⱼ(T) = τ(1 − e^{−(aᵢ+aⱼ)T})/(aᵢ+aⱼ)`
/// (the Lyapunov ODE's closed form for diagonal A) at 4 standard errors:
/// mean SE √(Σᵢᵢ/n); covariance SE √((ΣᵢᵢΣⱼⱼ + Σᵢⱼ²)/n) (Gaussian).
/// With G along an eigenvector of A (G = √τ (1, 0)ᵀ) the covariance is
/// singular and the second coordinate is deterministic — exactly.
#[test]
fn exact_sampler_moments_rank_one_and_singular() {
    let a = [1.0, 10.0];
    let n = 60_000u64;
    let sq = TAU.sqrt();
    let ex = ExactLinear::new(&[-a[0], 0.0, 0.0, -a[1]], &[0.0, 0.0], &[sq, sq], 1, 0.1).unwrap();
    let mut ws = ex.workspace();
    let (mut s, mut s2) = ([0.0; 2], [0.0; 4]);
    for i in 0..n {
        let mut r = rng(i);
        let mut x = X0;
        for _ in 0..10 {
            ex.step(&mut ws, &mut x, &mut r);
        }
        for k in 0..2 {
            s[k] += x[k];
            for l in 0..2 {
                s2[k * 2 + l] += x[k] * x[l];
            }
        }
    }
    let nf = n as f64;
    let sig = |i: usize, j: usize| {
        let s = a[i] + a[j];
        TAU * (1.0 - (-s * T).exp()) / s
    };
    for k in 0..2 {
        let mean = s[k] / nf;
        let exact = X0[k] * (-a[k] * T).exp();
        assert!(
            (mean - exact).abs() < 4.0 * (sig(k, k) / nf).sqrt(),
            "mean {k}"
        );
    }
    for k in 0..2 {
        for l in 0..2 {
            let cov = s2[k * 2 + l] / nf - (s[k] / nf) * (s[l] / nf);
            let se = ((sig(k, k) * sig(l, l) + sig(k, l).powi(2)) / nf).sqrt();
            assert!((cov - sig(k, l)).abs() < 4.0 * se, "cov {k}{l}: {cov}");
        }
    }
    let singular =
        ExactLinear::new(&[-a[0], 0.0, 0.0, -a[1]], &[0.0, 0.0], &[sq, 0.0], 1, 0.1).unwrap();
    assert_eq!(singular.rank(), 1);
    let mut ws = singular.workspace();
    let mut x = X0;
    let mut r = rng(0);
    for _ in 0..10 {
        singular.step(&mut ws, &mut x, &mut r);
    }
    assert!((x[1] - X0[1] * (-a[1] * T).exp()).abs() < 1e-14);
}
