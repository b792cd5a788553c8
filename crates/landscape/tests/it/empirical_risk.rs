//! Empirical-risk landscapes on real data: analytic gradients and Hessians
//! against finite differences, the exact minibatch covariance (both sampling
//! modes, by exhaustive enumeration of batches), its rank bound, its vanishing
//! at an interpolating minimum, and the O(N d) factor at d = 1000, N = 100.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};
use sgdpde_landscape::empirical::{
    Dataset, EmpiricalRisk, LeastSquares, LogisticRegression, MinibatchCovariance, Sampling,
    ShiftedQuadratic, TanhNetwork, datasets, teacher_student,
};
use sgdpde_landscape::{Landscape, LandscapeError, LandscapeExt, Quadratic};
use sgdpde_testkit::finite_diff::{self, assert_derivatives};
use sgdpde_testkit::tolerance::{FD_REL, FD_STEP};

fn diabetes_ls() -> LeastSquares {
    let (d, _) = datasets::diabetes().standardised();
    let (d, _) = d.target_centred();
    LeastSquares::new(d)
}

fn iris_logistic() -> LogisticRegression {
    let (d, _) = datasets::iris_versicolor_virginica().standardised();
    LogisticRegression::new(d.with_intercept()).unwrap()
}

#[test]
fn analytic_derivatives_match_finite_differences_on_real_data() {
    let ls = diabetes_ls();
    let lr = iris_logistic();
    for k in 0..5 {
        let x: Vec<f64> = (0..10).map(|i| 0.3 * ((i + k) as f64).sin()).collect();
        assert_derivatives(&ls, &x);
        let x: Vec<f64> = (0..5).map(|i| 0.7 * ((i * 3 + k) as f64).cos()).collect();
        assert_derivatives(&lr, &x);
    }
    let q = Quadratic::new(vec![2.0, 0.5, 0.5, 1.0], vec![1.0, -1.0]).unwrap();
    let sq = ShiftedQuadratic::new(q, vec![1.0, 0.0, -1.0, 2.0, 3.0, 1.0]).unwrap();
    assert_derivatives(&sq, &[0.3, 0.9]);
}

#[test]
fn tanh_network_gradient_matches_finite_differences_and_symmetries() {
    let (d, _) = datasets::diabetes().standardised();
    let (d, _) = d.target_centred();
    // Target in units of its standard deviation keeps the loss O(1).
    let sd = (d.targets().iter().map(|y| y * y).sum::<f64>() / d.n_samples() as f64).sqrt();
    let d = d
        .filter_map_targets("diabetes (scaled target)", |y| Some(y / sd))
        .unwrap();
    let net = TanhNetwork::new(d, 3).unwrap();
    assert_eq!(net.dim(), 3 * 12);
    let theta: Vec<f64> = (0..net.dim())
        .map(|i| 0.4 * ((i as f64) * 1.7).sin())
        .collect();
    let g = net.gradient(&theta);
    let fd = finite_diff::gradient(&net, &theta, FD_STEP);
    assert!(
        finite_diff::first_mismatch(&g, &fd, FD_REL).is_none(),
        "tanh gradient vs FD"
    );
    // Permutation and sign-flip images have the same loss (to round-off in the
    // sum of N = 442 terms) and correspondingly permuted gradients.
    let img = net.symmetric_image(&theta, &[2, 0, 1], &[-1.0, 1.0, -1.0]);
    let (l0, l1) = (net.value(&theta), net.value(&img));
    assert!((l0 - l1).abs() <= 1e-13 * l0.abs().max(1.0), "{l0} vs {l1}");
    let g_img = net.gradient(&img);
    let mapped = net.symmetric_image(&g, &[2, 0, 1], &[-1.0, 1.0, -1.0]);
    assert!(finite_diff::first_mismatch(&g_img, &mapped, 1e-12).is_none());
}

/// Exact covariance of the minibatch-mean gradient by enumerating every
/// batch (ordered tuples with replacement, subsets without).
fn enumerated_covariance<E: EmpiricalRisk>(e: &E, x: &[f64], b: usize, replace: bool) -> Vec<f64> {
    let (n, d) = (e.n_samples(), e.dim());
    let mut batches: Vec<Vec<usize>> = vec![vec![]];
    for _ in 0..b {
        let mut next = Vec::new();
        for bt in &batches {
            let start = if replace {
                0
            } else {
                bt.last().map_or(0, |l| l + 1)
            };
            for i in start..n {
                let mut c = bt.clone();
                c.push(i);
                next.push(c);
            }
        }
        batches = next;
    }
    let m = batches.len() as f64;
    let mut g = vec![0.0; d];
    let mut mean = vec![0.0; d];
    let mut second = vec![0.0; d * d];
    for bt in &batches {
        e.batch_gradient_into(bt, x, &mut g);
        for r in 0..d {
            mean[r] += g[r] / m;
            for c in 0..d {
                second[r * d + c] += g[r] * g[c] / m;
            }
        }
    }
    (0..d * d)
        .map(|k| second[k] - mean[k / d] * mean[k % d])
        .collect()
}

#[test]
fn minibatch_covariance_scales_are_exact_by_enumeration() {
    // Seven iris samples, logistic loss at a generic point: small enough to
    // enumerate all 7³ = 343 ordered batches and all C(7,3) = 35 subsets.
    let full = iris_logistic();
    let rows: Vec<usize> = vec![0, 13, 27, 49, 50, 71, 99];
    let feats: Vec<f64> = rows
        .iter()
        .flat_map(|&i| full.data().row(i).to_vec())
        .collect();
    let targets: Vec<f64> = rows.iter().map(|&i| full.data().target(i)).collect();
    let small = LogisticRegression::new(Dataset::new("iris7", feats, 5, targets).unwrap()).unwrap();
    let x = [0.3, -0.2, 0.5, 0.1, -0.4];
    for (sampling, replace) in [
        (Sampling::WithReplacement, true),
        (Sampling::WithoutReplacement, false),
    ] {
        let cov = MinibatchCovariance::new(&small, 3, sampling).unwrap();
        let m = cov.matrix(&small, &x);
        let exact = enumerated_covariance(&small, &x, 3, replace);
        let scale = exact.iter().fold(0.0f64, |a, v| a.max(v.abs()));
        for k in 0..25 {
            // Both sides are sums of ≤ 343 products of O(1) terms: 1e-13 relative.
            assert!(
                (m[(k / 5, k % 5)] - exact[k]).abs() <= 1e-13 * scale,
                "{sampling:?} entry {k}"
            );
        }
    }
}

#[test]
fn covariance_is_psd_with_rank_at_most_n_minus_one() {
    let lr = iris_logistic();
    let x = [0.2, -0.1, 0.3, 0.4, 0.0];
    let cov = MinibatchCovariance::new(&lr, 10, Sampling::WithReplacement).unwrap();
    let eig = cov.matrix(&lr, &x).symmetric_eigen().eigenvalues;
    let max = eig.iter().fold(0.0f64, |a, v| a.max(*v));
    assert!(
        eig.iter().all(|&v| v >= -1e-14 * max),
        "PSD up to round-off: {eig}"
    );
    assert_eq!(cov.rank(&lr, &x, 1e-10), 5);
    // Over-parameterised: d = 40 features, N = 12 samples ⇒ rank ≤ N − 1 = 11.
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let (data, _) = teacher_student(&mut rng, 12, 40, 0.3).unwrap();
    let ls = LeastSquares::new(data);
    let x: Vec<f64> = (0..40).map(|i| (i as f64).cos()).collect();
    let cov = MinibatchCovariance::new(&ls, 4, Sampling::WithoutReplacement).unwrap();
    assert_eq!(cov.rank(&ls, &x, 1e-10), 11);
}

#[test]
fn covariance_vanishes_at_an_interpolating_minimum() {
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    let (data, teacher) = teacher_student(&mut rng, 20, 50, 0.0).unwrap();
    let ls = LeastSquares::new(data);
    // The teacher interpolates noiseless data: every residual is zero.
    assert!(ls.value(&teacher) < 1e-28);
    let cov = MinibatchCovariance::new(&ls, 5, Sampling::WithReplacement).unwrap();
    assert!(cov.trace(&ls, &teacher) < 1e-28);
    // Away from it the covariance is not zero.
    let x: Vec<f64> = teacher.iter().map(|v| v + 0.1).collect();
    assert!(cov.trace(&ls, &x) > 1e-4);
}

#[test]
fn factor_samples_the_covariance_at_d_1000_n_100() {
    // G_b ζ is formed in O(N d) without any d × d matrix; its variance along
    // fixed directions u must equal uᵀ Σ_b u = |G_bᵀ u|² (computed from the
    // factor, O(N d)). Monte Carlo with M = 4000 draws: the sample variance
    // has relative standard error √(2/M) ≈ 2.2%; we allow 4 SE.
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let (data, _) = teacher_student(&mut rng, 100, 1000, 0.5).unwrap();
    let ls = LeastSquares::new(data);
    let cov = MinibatchCovariance::new(&ls, 8, Sampling::WithoutReplacement).unwrap();
    let x = vec![0.05; 1000];
    let mut g = vec![0.0; cov.factor_len()];
    let mut mean = vec![0.0; 1000];
    cov.factor_into(&ls, &x, &mut g, &mut mean);
    let us: Vec<Vec<f64>> = (0..3)
        .map(|k| {
            (0..1000)
                .map(|i| ((i * (k + 1)) as f64 * 0.37).sin())
                .collect()
        })
        .collect();
    let exact: Vec<f64> = us
        .iter()
        .map(|u| {
            g.chunks_exact(1000)
                .map(|col| col.iter().zip(u).map(|(a, b)| a * b).sum::<f64>().powi(2))
                .sum()
        })
        .collect();
    let m = 4000;
    let mut acc = [0.0; 3];
    let (mut zeta, mut out) = (vec![0.0; 100], vec![0.0; 1000]);
    for _ in 0..m {
        zeta.iter_mut()
            .for_each(|z| *z = StandardNormal.sample(&mut rng));
        cov.apply_factor(&g, &zeta, &mut out);
        for (a, u) in acc.iter_mut().zip(&us) {
            let proj: f64 = out.iter().zip(u).map(|(p, q)| p * q).sum();
            *a += proj * proj;
        }
    }
    let se = (2.0 / m as f64).sqrt();
    for k in 0..3 {
        let est = acc[k] / m as f64;
        assert!(
            (est / exact[k] - 1.0).abs() < 4.0 * se,
            "direction {k}: {est} vs {}",
            exact[k]
        );
    }
}

#[test]
fn invalid_batches_and_data_are_typed_errors() {
    let ls = diabetes_ls();
    assert!(matches!(
        MinibatchCovariance::new(&ls, 0, Sampling::WithReplacement),
        Err(LandscapeError::InvalidBatch {
            batch: 0,
            n_samples: 442
        })
    ));
    assert!(matches!(
        MinibatchCovariance::new(&ls, 443, Sampling::WithoutReplacement),
        Err(LandscapeError::InvalidBatch { batch: 443, .. })
    ));
    assert!(MinibatchCovariance::new(&ls, 443, Sampling::WithReplacement).is_ok());
    assert!(matches!(
        teacher_student(&mut ChaCha8Rng::seed_from_u64(0), 5, 3, -1.0),
        Err(LandscapeError::InvalidParameter {
            name: "noise_sd",
            ..
        })
    ));
}
