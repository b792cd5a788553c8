//! The interpolating minimum: `dY = −mY dt + √c Y dW` (multiplicative noise
//! vanishing at the minimum 0). `Y_t = Y₀ exp(−(m + c/2)t + √c W_t)`, so
//! `E Y_t = Y₀ e^{−mt}` and, since `ln Y` is a Brownian motion with drift
//! `−μ = −(m + c/2)` and variance rate `c`, the probability of *ever*
//! reaching `|Y| = R > Y₀ > 0` is `(Y₀/R)^{2μ/c}` (exponential martingale;
//! proofs-notes/exit-times.md): with positive probability the path never
//! leaves the ball — the exit time is infinite.

use sgdpde_sde::{
    Ball, Ensemble, EulerMaruyama, ExitTimes, LinearDrift, Moments, ScalarFnNoise, SdeModel,
};

/// Standard errors allowed (fixed seeds).
const K_SE: f64 = 4.0;

/// Drift rate `m` and noise intensity `c` of the model.
const M: f64 = 1.0;
const C: f64 = 0.5;

/// A scalar noise column `c(t, y)` (and its self-derivative) as a plain fn.
type Column = fn(f64, &[f64], &mut [f64]);
type Interpolating = SdeModel<LinearDrift, ScalarFnNoise<Column, Column>>;

fn column(_t: f64, y: &[f64], out: &mut [f64]) {
    out[0] = C.sqrt() * y[0];
}

fn column_derivative(_t: f64, y: &[f64], out: &mut [f64]) {
    // (∂_y √c y) · √c y = c y.
    out[0] = C * y[0];
}

fn model() -> Interpolating {
    SdeModel::new(
        LinearDrift::new(vec![-M], vec![0.0]).unwrap(),
        ScalarFnNoise::new(1, column as Column, column_derivative as Column).unwrap(),
    )
    .unwrap()
}

#[test]
fn mean_decays_like_exp_minus_mt() {
    let (m, c, y0, dt, paths) = (M, C, 0.5, 1e-3, 20_000u64);
    let sde = model();
    let times = [0.5, 1.0, 2.0];
    let acc = Ensemble::new(paths, dt, 2.0, 8)
        .unwrap()
        .with_snapshots(&times)
        .unwrap()
        .run(&sde, &EulerMaruyama, &[y0], &Moments::new(1))
        .unwrap();
    for (s, t) in times.iter().enumerate() {
        let exact = y0 * (-m * t).exp();
        // EM's mean is exactly y0 (1 − m dt)^n: its O(dt) bias is added.
        let em = y0 * (1.0 - m * dt).powi((t / dt).round() as i32);
        // Var Y_t = y0² (e^{(c−2m)t} − e^{−2mt}).
        let var = y0 * y0 * (((c - 2.0 * m) * t).exp() - (-2.0 * m * t).exp());
        let se = (var / paths as f64).sqrt();
        let got = acc[s].mean()[0];
        assert!(
            (got - exact).abs() < K_SE * se + (em - exact).abs(),
            "t = {t}: {got} vs {exact}"
        );
    }
}

#[test]
fn the_ball_is_left_only_with_probability_y0_over_r_to_the_2mu_over_c() {
    let (m, c, y0, r) = (M, C, 0.5f64, 1.0f64);
    let sde = model();
    let mu = m + c / 2.0;
    let p_exit = (y0 / r).powf(2.0 * mu / c); // 2^{-5} = 1/32
    let paths = 20_000u64;
    // By t = 5, ln Y has drifted 6.25 below ln Y₀ (6.9 below ln R) with
    // spread √(c·5) ≈ 1.6: P(ln Y₅ > ln R − 1) < 1e-4, and from there the
    // chance of a later first passage is e^{−2μ/c} ≈ 7e-3 — a total below
    // 1e-6, against p_exit ≈ 0.03 with SE ≈ 1e-3.
    let run = ExitTimes::new(paths, 1e-3, 5.0, 4).unwrap();
    let res = run
        .run_bridged(
            &sde,
            &EulerMaruyama,
            &[y0],
            &Ball::new(vec![0.0], r).unwrap(),
        )
        .unwrap();
    let frac = res.exited() as f64 / paths as f64;
    let se = (p_exit * (1.0 - p_exit) / paths as f64).sqrt();
    assert!(
        (frac - p_exit).abs() < K_SE * se,
        "exit fraction {frac} vs {p_exit}"
    );
    // Most paths never exit: they are censored, not counted as exits.
    assert_eq!(res.censored(), paths - res.exited());
    assert!(res.censored() > paths / 2);
}
