//! The shipped example problems (`examples/problems/*.toml`) load, are
//! classified correctly, and agree with the built-in models and closed forms
//! they restate.

use std::path::PathBuf;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};
use sgdpde_landscape::{CoupledDoubleWell, DoubleWell, Landscape, LandscapeExt};
use sgdpde_problem::{Problem, ProblemKind, load};
use sgdpde_sde::problems::{GeometricBrownianMotion, LinearProblem};
use sgdpde_sde::{
    AnyExprSde, Ensemble, EulerMaruyama, Integrator, Milstein, NoiseClass, Sde, TerminalStates,
};

fn example(name: &str) -> Problem {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/problems")
        .join(name);
    load(&path).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Every example file loads and declares what it should: a landscape, or an
/// SDE of the expected noise class (additive: no state or time in G;
/// diagonal: m = d with gᵢ depending on xᵢ only).
#[test]
fn every_example_loads_with_the_expected_kind() {
    let expected: &[(&str, Option<NoiseClass>, usize)] = &[
        ("double_well.toml", None, 1),
        ("tilted_double_well.toml", None, 1),
        ("coupled_double_well_2d.toml", None, 2),
        ("gbm.toml", Some(NoiseClass::Diagonal), 1),
        ("rank_one_ou.toml", Some(NoiseClass::Additive), 2),
        (
            "diagonal_multiplicative.toml",
            Some(NoiseClass::Diagonal),
            2,
        ),
        ("double_well_sde.toml", Some(NoiseClass::Additive), 1),
    ];
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/problems");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = expected.iter().map(|(n, _, _)| (*n).to_owned()).collect();
    listed.sort();
    assert_eq!(on_disk, listed, "every shipped example is checked here");
    for &(name, class, d) in expected {
        let p = example(name);
        assert_eq!(p.dim(), d, "{name}");
        match (&p.kind, class) {
            (ProblemKind::Landscape(_), None) => {}
            (ProblemKind::Sde(s), Some(c)) => {
                assert_eq!(s.sde.class(), c, "{name}");
                assert_eq!(s.sde.dim(), d, "{name}");
            }
            _ => panic!("{name}: unexpected kind"),
        }
        assert!(p.description.is_some(), "{name}");
    }
    // rank-one noise: d = 2, m = 1.
    assert_eq!(
        example("rank_one_ou.toml").sde().unwrap().sde.noise_dim(),
        1
    );
}

/// The double-well file against `DoubleWell`: same polynomial, a few
/// roundings each — 8 ε of the largest term.
#[test]
fn double_well_file_matches_the_catalogue() {
    let p = example("tilted_double_well.toml");
    let l = p.landscape().unwrap();
    let h = DoubleWell::new(-0.1).unwrap();
    for i in 0..=40 {
        let x = -2.0 + 0.1 * f64::from(i);
        let s = 8.0 * f64::EPSILON * (x.powi(4) + x * x + 1.0);
        assert!((l.value(&[x]) - h.value(&[x])).abs() <= s);
        assert!((l.gradient(&[x])[0] - h.gradient(&[x])[0]).abs() <= s);
        assert!((l.hessian_matrix(&[x])[(0, 0)] - h.hessian_matrix(&[x])[(0, 0)]).abs() <= s);
    }
    let l2 = example("coupled_double_well_2d.toml");
    let (e, c) = (
        l2.landscape().unwrap(),
        CoupledDoubleWell::new(2.0, 0.5).unwrap(),
    );
    let x = [0.3, -0.7];
    let (ge, gc) = (e.gradient(&x), c.gradient(&x));
    for i in 0..2 {
        assert!((ge[i] - gc[i]).abs() <= 1e-15, "{ge:?} vs {gc:?}");
    }
}

struct Terminal<'a, S: Sde, I: Integrator<S>>(&'a S, &'a I);

fn terminal<S: Sde, I: Integrator<S>>(t: Terminal<'_, S, I>, x0: &[f64]) -> Vec<f64> {
    Ensemble::new(500, 0.01, 1.0, 2026)
        .unwrap()
        .run(t.0, t.1, x0, &TerminalStates::new(1))
        .unwrap()
}

/// Euler–Maruyama and Milstein ensembles of the expression GBM reproduce the
/// built-in GBM bit for bit with the same seed: drift, diffusion and Milstein
/// data are the same operations in the same order (unit test in
/// `sgdpde-sde`), and the driver draws the same increments.
#[test]
fn gbm_ensembles_equal_the_built_in_model_bitwise() {
    let p = example("gbm.toml");
    let AnyExprSde::Diagonal(sde) = &p.sde().unwrap().sde else {
        panic!("GBM is diagonal")
    };
    let built_in = GeometricBrownianMotion::new(0.5, 0.8).unwrap().model();
    let x0 = p.x0.clone().unwrap();
    let a = terminal(Terminal(sde, &Milstein::for_sde(sde).unwrap()), &x0);
    let b = terminal(
        Terminal(&built_in, &Milstein::for_sde(&built_in).unwrap()),
        &x0,
    );
    assert_eq!(a.len(), 500);
    assert!(a.iter().zip(&b).all(|(u, v)| u.to_bits() == v.to_bits()));
    let a = terminal(Terminal(sde, &EulerMaruyama), &x0);
    let b = terminal(Terminal(&built_in, &EulerMaruyama), &x0);
    assert!(a.iter().zip(&b).all(|(u, v)| u.to_bits() == v.to_bits()));
}

/// The GBM file's exact solution and moments equal the built-in closed
/// forms (same formulas, associated differently: 8 ε relative).
#[test]
fn gbm_exact_answers_match_the_closed_forms() {
    let p = example("gbm.toml");
    let s = p.sde().unwrap();
    let gbm = GeometricBrownianMotion::new(0.5, 0.8).unwrap();
    let mut out = [0.0];
    for &(t, x0, w) in &[(0.25, 1.0, 0.4), (1.0, 2.0, -1.0), (3.0, 0.5, 2.0)] {
        s.exact
            .as_ref()
            .unwrap()
            .exact_solution_into(t, &[x0], &[w], &mut out);
        let e = gbm.exact(x0, t, w);
        assert!((out[0] - e).abs() <= 8.0 * f64::EPSILON * e);
        let mo = s.moments.as_ref().unwrap();
        assert!(mo.mean_into(t, &[x0], &mut out));
        assert!((out[0] - gbm.mean(t, x0)).abs() <= 8.0 * f64::EPSILON * out[0]);
        assert!(mo.second_moment_into(t, &[x0], &mut out));
        assert!((out[0] - gbm.second_moment(t, x0)).abs() <= 8.0 * f64::EPSILON * out[0]);
    }
}

/// The rank-one OU file's moments against the built-in linear problem
/// (`LinearProblem::rank_one_example(τ = s²)`, Van Loan's block exponential):
/// E X² = (E X)² + Var X. Tolerance 1e-12 relative: the Padé exponential of
/// a 4 × 4 block is accurate to a modest multiple of ε times its norm.
#[test]
fn rank_one_moments_match_van_loan() {
    let p = example("rank_one_ou.toml");
    let mo = p.sde().unwrap().moments.as_ref().unwrap();
    let lin = LinearProblem::rank_one_example(0.49).unwrap();
    let x0 = p.x0.clone().unwrap();
    for &t in &[0.1, 0.5, 1.0, 3.0] {
        let (mean, cov) = lin.moments(t, &x0).unwrap();
        let (mut m, mut m2) = ([0.0; 2], [0.0; 2]);
        assert!(mo.mean_into(t, &x0, &mut m));
        assert!(mo.second_moment_into(t, &x0, &mut m2));
        for i in 0..2 {
            let exact2 = mean[i] * mean[i] + cov[i * 2 + i];
            assert!(
                (m[i] - mean[i]).abs() <= 1e-12 * (1.0 + mean[i].abs()),
                "t={t} i={i}"
            );
            assert!((m2[i] - exact2).abs() <= 1e-12 * exact2, "t={t} i={i}");
        }
    }
}

/// Exact solution and moments of each file that has both are consistent:
/// the Monte Carlo mean of X(t, W_t, x₀) over W_t ~ N(0, t I) (fixed seed,
/// 40 000 draws) is within 4 standard errors of the stated mean and second
/// moment.
#[test]
fn exact_solutions_are_consistent_with_exact_moments() {
    for name in ["gbm.toml", "diagonal_multiplicative.toml"] {
        let p = example(name);
        let s = p.sde().unwrap();
        let (ex, mo) = (s.exact.as_ref().unwrap(), s.moments.as_ref().unwrap());
        let (d, m) = (ex.dim(), ex.noise_dim());
        let x0 = p.x0.clone().unwrap();
        let t: f64 = 1.0;
        let n = 40_000;
        let mut rng = ChaCha8Rng::seed_from_u64(8);
        let (mut s1, mut s2, mut s4) = (vec![0.0; d], vec![0.0; d], vec![0.0; d]);
        let (mut w, mut x) = (vec![0.0; m], vec![0.0; d]);
        for _ in 0..n {
            for wk in &mut w {
                let z: f64 = StandardNormal.sample(&mut rng);
                *wk = t.sqrt() * z;
            }
            ex.exact_solution_into(t, &x0, &w, &mut x);
            for i in 0..d {
                s1[i] += x[i];
                s2[i] += x[i] * x[i];
                s4[i] += x[i].powi(4);
            }
        }
        let nf = f64::from(n);
        let (mut mean, mut m2) = (vec![0.0; d], vec![0.0; d]);
        assert!(mo.mean_into(t, &x0, &mut mean));
        assert!(mo.second_moment_into(t, &x0, &mut m2));
        for i in 0..d {
            let (e1, e2, e4) = (s1[i] / nf, s2[i] / nf, s4[i] / nf);
            let se1 = ((e2 - e1 * e1) / nf).sqrt();
            let se2 = ((e4 - e2 * e2) / nf).sqrt();
            assert!(
                (e1 - mean[i]).abs() <= 4.0 * se1,
                "{name} mean {i}: {e1} vs {}",
                mean[i]
            );
            assert!(
                (e2 - m2[i]).abs() <= 4.0 * se2,
                "{name} m2 {i}: {e2} vs {}",
                m2[i]
            );
        }
    }
}
