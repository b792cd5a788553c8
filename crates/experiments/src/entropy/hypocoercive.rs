//! The hypocoercive case: `dX = −HX dt + b dW` with rank-one `b`, exact
//! Gaussian laws from [`ExactLinear`](sgdpde_sde::ExactLinear) and `K∞` from
//! the Lyapunov equation; and the non-Kalman variant measured in `W₂`
//! (`proofs-notes/experiment-entropy.md` §3).

use nalgebra::{DMatrix, DVector};

use super::gaussian::{Distance, LinearGaussian, decay_constant, uniform_times};
use super::{Config, late_rate, slope_sensitivity};
use crate::error::Result;

/// The hypocoercive case and its non-Kalman variant.
pub(super) struct Hypo {
    pub times: Vec<f64>,
    pub kl: Vec<f64>,
    pub kappa: f64,
    pub constant: f64,
    /// `−d ln KL/dt` at 0 by a forward difference, and its Taylor bound.
    pub initial_rate: f64,
    pub initial_rate_bound: f64,
    pub rate: f64,
    pub rate_bound: f64,
    /// `‖C_T − K∞‖/‖K∞‖` and `‖K∞ − K∞^{closed form}‖/‖K∞‖`.
    pub lyapunov_gap: f64,
    pub closed_form_gap: f64,
    pub w2: Vec<f64>,
    pub w2_rate: f64,
    pub w2_rate_bound: f64,
    pub singular_min_eig: f64,
}

pub(super) fn hypocoercive(c: &Config) -> Result<Hypo> {
    let (lam, h2, s) = (c.lambda, c.h2, c.tau.sqrt());
    let h = DMatrix::from_row_slice(2, 2, &[lam, 0.0, 0.0, h2]);
    let lg = LinearGaussian::new(-&h, DMatrix::from_row_slice(2, 1, &[s, s]))?;
    let k = lg.k_inf.clone();
    // Closed form for diagonal H: K_ij = τ/(h_i + h_j).
    let hd = [lam, h2];
    let closed = DMatrix::from_fn(2, 2, |i, j| c.tau / (hd[i] + hd[j]));
    let closed_form_gap = (&k - &closed).norm() / closed.norm();
    let eig = k.clone().symmetric_eigen().eigenvalues;
    let kappa = eig.max() / eig.min();
    let k_inv = k
        .clone()
        .try_inverse()
        .expect("K∞ ≻ 0 under the Kalman condition");
    // m₀ ⊥ K∞⁻¹b: zero initial entropy dissipation ½(bᵀK∞⁻¹m₀)².
    let v = &k_inv * DVector::from_vec(vec![s, s]);
    let m0 = DVector::from_vec(vec![v[1], -v[0]]) / v.norm();
    let times = uniform_times(
        c.hypo_t_end,
        (c.hypo_t_end * c.times_per_unit as f64).ceil() as usize,
    );
    let kl = lg.series(&times, &m0, &k, Distance::Kl)?;
    let constant = decay_constant(&times, &kl, 2.0 * lam);
    // Forward difference of −ln KL at 0. With p(t) = bᵀK∞⁻¹m_t,
    // KL' = −½p², so p(0) = 0 makes KL'(0) = KL''(0) = 0 and
    // KL(Δ) = KL₀ − p'(0)²Δ³/6 − p'(0)p''(0)Δ⁴/8 + O(Δ⁵)
    // (p' = −bᵀK⁻¹Hm, p'' = bᵀK⁻¹H²m): the bound is twice these two terms
    // over KL₀ (note §3).
    let dt = times[1];
    let initial_rate = -(kl[1] / kl[0]).ln() / dt;
    let bk = k_inv.transpose() * DVector::from_vec(vec![s, s]);
    let p1 = -bk.dot(&(&h * &m0));
    let p2 = bk.dot(&(&h * &h * &m0));
    let initial_rate_bound =
        2.0 * (p1 * p1 * dt.powi(2) / 6.0 + (p1 * p2).abs() * dt.powi(3) / 8.0) / kl[0];
    // Late rate: KL_t = ½Σ K⁻¹_ij m_i m_j e^{−(h_i+h_j)t}; relative to the
    // slow term the others are at most r(t₁) on t ≥ t₁.
    let gap = h2 - lam;
    let t1 = c.hypo_fit_from;
    let r = (2.0 * (k_inv[(0, 1)] * m0[0] * m0[1]).abs() * (-gap * t1).exp()
        + k_inv[(1, 1)] * m0[1].powi(2) * (-2.0 * gap * t1).exp())
        / (k_inv[(0, 0)] * m0[0].powi(2));
    let (rate, window) = late_rate(&times, &kl, t1)?;
    let rate_bound = -(-r).ln_1p() * slope_sensitivity(&window);
    let (_, c_t) = lg.propagator(c.hypo_t_end)?;
    let lyapunov_gap = (&c_t - &k).norm() / k.norm();

    // Without the Kalman condition: b ∥ e₁, K∞ = diag(τ/(2λ), 0).
    let ld = LinearGaussian::new(-&h, DMatrix::from_row_slice(2, 1, &[s, 0.0]))?;
    let singular_min_eig = ld.k_inf.clone().symmetric_eigen().eigenvalues.min();
    let k11 = ld.k_inf[(0, 0)];
    let v1 = c.be_variance_ratio * k11;
    let v2 = 0.05;
    let m0d = DVector::from_vec(vec![1.0, 1.0]);
    let k0d = DMatrix::from_row_slice(2, 2, &[v1, 0.0, 0.0, v2]);
    let w2 = ld.series(&times, &m0d, &k0d, Distance::W2)?;
    // W₂² = m₁²e^{−2λt} + (m₂² + v₂)e^{−2h₂t} + (√(K₁₁ + δe^{−2λt}) − √K₁₁)²,
    // δ = v₁ − K₁₁; the last term ≤ δ²e^{−4λt}/K₁₁. Relative to the slow
    // term the rest is at most r_w(t₁), and ln W₂ moves by ≤ ½ ln(1 + r_w).
    let delta = v1 - k11;
    let rw = ((1.0 + v2) * (-2.0 * h2 * t1).exp() + delta * delta * (-4.0 * lam * t1).exp() / k11)
        / (-2.0 * lam * t1).exp();
    let (w2_rate, w_window) = late_rate(&times, &w2, t1)?;
    let w2_rate_bound = 0.5 * rw.ln_1p() * slope_sensitivity(&w_window);
    Ok(Hypo {
        times,
        kl,
        kappa,
        constant,
        initial_rate,
        initial_rate_bound,
        rate,
        rate_bound,
        lyapunov_gap,
        closed_form_gap,
        w2,
        w2_rate,
        w2_rate_bound,
        singular_min_eig,
    })
}
