//! Discrete SGD on real and synthetic data: the minibatch covariance seen by
//! the sampler, and the directions SGD and its SDE conserve
//! (proofs-notes/minibatch-covariance.md).

use nalgebra::{DMatrix, DVector};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use sgdpde_landscape::empirical::{
    EmpiricalRisk, LeastSquares, LogisticRegression, MinibatchCovariance, datasets, teacher_student,
};
use sgdpde_landscape::{Landscape, LandscapeExt};
use sgdpde_sde::sgd::{BatchSampler, BatchSampling, LearningRate, MinibatchNoise, Sgd};
use sgdpde_sde::{Ensemble, EulerMaruyama, GradientDrift, SdeModel, TerminalStates, path_rng};

fn iris_logistic() -> LogisticRegression {
    let (d, _) = datasets::iris_versicolor_virginica().standardised();
    LogisticRegression::new(d.with_intercept()).unwrap()
}

/// `E|g_B − ∇L|² = tr Σ_b`: the sampler's minibatch gradients have the
/// covariance trace the landscape crate computes, in every sampling mode
/// (epoch shuffling has the one-step law of sampling without replacement).
/// Monte Carlo over M batches, |estimate − exact| ≤ 4 SE.
#[test]
fn minibatch_gradient_variance_matches_the_covariance_trace() {
    let lr = iris_logistic();
    let x = [0.3, -0.2, 0.5, 0.1, -0.4];
    let grad = lr.gradient(&x);
    let (b, m) = (7, 40_000);
    for mode in [
        BatchSampling::WithReplacement,
        BatchSampling::WithoutReplacement,
        BatchSampling::EpochShuffle,
    ] {
        let exact = MinibatchCovariance::new(&lr, b, mode.one_step_law())
            .unwrap()
            .trace(&lr, &x);
        let mut sampler = BatchSampler::new(mode, lr.n_samples(), b).unwrap();
        let mut rng = path_rng(5, 0);
        let mut g = vec![0.0; 5];
        let (mut s, mut s2) = (0.0, 0.0);
        for _ in 0..m {
            lr.batch_gradient_into(sampler.next(&mut rng), &x, &mut g);
            let q: f64 = g.iter().zip(&grad).map(|(a, c)| (a - c) * (a - c)).sum();
            s += q;
            s2 += q * q;
        }
        let mean = s / m as f64;
        let se = ((s2 / m as f64 - mean * mean) / (m as f64 - 1.0)).sqrt();
        assert!(
            (mean - exact).abs() < 4.0 * se,
            "{mode:?}: {mean} vs {exact} (SE {se})"
        );
    }
}

/// Projector onto `ker A` for the data matrix `A` (N × d).
fn kernel_projector(ls: &LeastSquares) -> DMatrix<f64> {
    let data = ls.data();
    let a = DMatrix::from_row_slice(data.n_samples(), data.n_features(), data.features());
    let pinv = a.clone().pseudo_inverse(1e-12).unwrap();
    DMatrix::identity(data.n_features(), data.n_features()) - pinv * a
}

/// Over-parameterised least squares (d = 30 > N = 10): every SGD step and
/// every SDE increment lies in span{aᵢ}, so `P x` (P the projector on
/// ker A) is conserved to round-off along every path, for SGD and for the
/// SDE with the exact minibatch factor.
#[test]
fn kernel_component_is_conserved_by_sgd_and_by_the_sde() {
    let mut rng = ChaCha8Rng::seed_from_u64(21);
    let (data, _) = teacher_student(&mut rng, 10, 30, 0.2).unwrap();
    let ls = LeastSquares::new(data);
    let p = kernel_projector(&ls);
    let x0: Vec<f64> = (0..30).map(|i| (0.7 * i as f64).sin()).collect();
    let p_x0 = &p * DVector::from_column_slice(&x0);
    let tau = 0.2;
    let sgd = Sgd::new(
        &ls,
        3,
        BatchSampling::WithReplacement,
        LearningRate::constant(tau).unwrap(),
    )
    .unwrap();
    let ens = Ensemble::new(8, tau, 200.0 * tau, 3).unwrap();
    let sgd_end = ens.run_sgd(&sgd, &x0, &TerminalStates::new(1)).unwrap();
    let sde = SdeModel::new(
        GradientDrift::new(&ls),
        MinibatchNoise::new(&ls, tau, 3, BatchSampling::WithReplacement.one_step_law()).unwrap(),
    )
    .unwrap();
    let sde_end = Ensemble::new(8, tau / 4.0, 200.0 * tau, 3)
        .unwrap()
        .run(&sde, &EulerMaruyama, &x0, &TerminalStates::new(1))
        .unwrap();
    for (name, states) in [("SGD", &sgd_end), ("SDE", &sde_end)] {
        for x in states.chunks_exact(30) {
            let moved = &p * DVector::from_column_slice(x) - &p_x0;
            // Each of the ≤ 800 steps adds a span{aᵢ} vector of norm O(1) whose
            // kernel component is round-off, ≈ ε; 1e-12 bounds the sum.
            assert!(
                moved.norm() < 1e-12,
                "{name}: |P(x − x0)| = {:e}",
                moved.norm()
            );
            // …while the path itself moved by O(1) within span{aᵢ}.
            let travelled: f64 = x
                .iter()
                .zip(&x0)
                .map(|(a, b)| (a - b).powi(2))
                .sum::<f64>()
                .sqrt();
            assert!(
                travelled > 0.1,
                "{name}: the path did not move ({travelled})"
            );
        }
    }
}

/// With noiseless data the minimisers are `A⁺y + ker A`; the noise vanishes
/// there, so SGD converges, and to the minimiser closest to its start:
/// `x∞ = x0 + A⁺(y − A x0)` — the limit depends on the initial point exactly
/// through its kernel component.
#[test]
fn sgd_limit_is_the_interpolating_minimiser_closest_to_the_start() {
    let mut rng = ChaCha8Rng::seed_from_u64(8);
    let (data, _) = teacher_student(&mut rng, 8, 20, 0.0).unwrap();
    let ls = LeastSquares::new(data.clone());
    let a = DMatrix::from_row_slice(8, 20, data.features());
    let y = DVector::from_column_slice(data.targets());
    let pinv = a.clone().pseudo_inverse(1e-12).unwrap();
    let tau = 0.5;
    let sgd = Sgd::new(
        &ls,
        2,
        BatchSampling::EpochShuffle,
        LearningRate::constant(tau).unwrap(),
    )
    .unwrap();
    for (seed, start) in [(1u64, 0.0), (2, 1.5)] {
        let x0: Vec<f64> = (0..20).map(|i| start * (i as f64 * 0.3).cos()).collect();
        let xv = DVector::from_column_slice(&x0);
        let limit = &xv + &pinv * (&y - &a * &xv);
        let end = Ensemble::new(4, tau, 4000.0 * tau, seed)
            .unwrap()
            .run_sgd(&sgd, &x0, &TerminalStates::new(1))
            .unwrap();
        for x in end.chunks_exact(20) {
            let err = (DVector::from_column_slice(x) - &limit).norm();
            // Linear convergence at rate ≥ (1 − τλ_min⁺/N)ᵏ: after 4000 steps the
            // error is at round-off level; 1e-9 leaves room for the conditioning.
            assert!(err < 1e-9, "start {start}: |x − x∞| = {err:e}");
            assert!(ls.value(x) < 1e-20);
        }
    }
}

/// SGD gets the exit events of the SDE drivers. Full-batch sampling without
/// replacement is gradient descent: on `L = ½x²` with τ = 0.1 from x₀ = 2,
/// `x_k = 2·0.9ᵏ` first drops to ≤ 1 at k = 7 (0.9⁷·2 = 0.957), so every
/// path exits `{x > 1}` at exactly t = 0.7, at the point 2·0.9⁷; with a
/// horizon before that, every path is censored.
#[test]
fn sgd_exit_times_come_from_the_same_driver() {
    use sgdpde_landscape::Quadratic;
    use sgdpde_landscape::empirical::ShiftedQuadratic;
    use sgdpde_sde::{ExitTimes, HalfSpace, Outcome};
    let risk = ShiftedQuadratic::new(
        Quadratic::new(vec![1.0], vec![0.0]).unwrap(),
        vec![1.0, -1.0],
    )
    .unwrap();
    let sgd = Sgd::new(
        &risk,
        2,
        BatchSampling::WithoutReplacement,
        LearningRate::constant(0.1).unwrap(),
    )
    .unwrap();
    let above_one = HalfSpace::new(vec![-1.0], -1.0).unwrap(); // {x : −x < −1} = {x > 1}
    let summary = ExitTimes::new(16, 0.1, 2.0, 1)
        .unwrap()
        .run_sgd(&sgd, &[2.0], &above_one)
        .unwrap();
    assert_eq!(summary.censored(), 0);
    for o in summary.outcomes() {
        match o {
            Outcome::Exited { t, point, boundary } => {
                assert!((t - 0.7).abs() < 1e-12 && *boundary == 0);
                assert!((point[0] - 2.0 * 0.9f64.powi(7)).abs() < 1e-14);
            }
            Outcome::Censored { .. } => unreachable!("asserted no censoring"),
        }
    }
    let early = ExitTimes::new(4, 0.1, 0.6, 1)
        .unwrap()
        .run_sgd(&sgd, &[2.0], &above_one)
        .unwrap();
    assert_eq!(early.censored(), 4);
    // dt must be the learning rate: the SGD grid is t_k = kτ.
    assert!(
        ExitTimes::new(4, 0.05, 0.6, 1)
            .unwrap()
            .run_sgd(&sgd, &[2.0], &above_one)
            .is_err()
    );
}
