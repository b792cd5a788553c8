//! Backward functionals of the Euler–Maruyama *chain* in 1-D, exactly up
//! to quadrature: its splitting probability (committor) and its mean exit
//! time — the numbers a time-discrete simulation (plain Monte Carlo or
//! splitting, monitored at the grid points) estimates without bias.
//!
//! The chain `X' = x + b(x)·Δt + σ√Δt·Z` stopped on entering `A = (−∞, a]`
//! or `B = [b, ∞)` has `q(x) = P_x(B before A)` solving, for `x ∈ (a, b)`,
//! the integral equation
//! `q(x) = Φ̄((b − m(x))/s) + ∫_a^b φ_s(y − m(x)) q(y) dy`,
//! `m(x) = x + b(x)Δt`, `s = σ√Δt` (`Φ̄` the Gaussian tail, `φ_s` the
//! `N(0, s²)` density); the mean exit time `T` solves the same equation
//! with `Δt` in place of the tail term (one step taken) and `T = 0` outside.
//! Product-integration Nyström on `M + 1` nodes: `q` is
//! replaced by its piecewise-linear interpolant and the kernel integrated
//! against each hat function *exactly* (through `Φ` and
//! `Ψ(u) = uΦ(u) + φ(u)`, the antiderivative of `Φ`), so the weights of a
//! row sum to `P(X' ∈ [a, b])` exactly — constants are reproduced, and the
//! problem's symmetries survive the discretisation — and the error is that
//! of linear interpolation, `O(h² q'')`. (The plain trapezoid rule is also
//! `O(h²)`, but through the kernel's kink at the ends, `h²/s²`: 100× larger
//! at `h = s/16`.) The kernel is cut at `9 s` (10⁻¹⁸ of its mass); the
//! banded system is solved by Gaussian elimination without pivoting — the
//! matrix `I − K W` is diagonally dominant. [`EulerChain1d::at`] evaluates
//! the integral equation itself at `x` (Nyström interpolation).
//! Derivation and checks: `proofs-notes/ams.md`.

use crate::error::{AnalysisError, Result};
use crate::special::normal_cdf;

/// Kernel support in units of `s`.
const CUT: f64 = 9.0;

/// A backward functional of the Euler–Maruyama chain killed outside
/// `(a, b)` — its committor or its mean exit time (module docs).
#[derive(Debug, Clone)]
pub struct EulerChain1d<F> {
    drift: F,
    dt: f64,
    s: f64,
    a: f64,
    b: f64,
    h: f64,
    /// The payoff (committor: 0 below, 1 above, nothing per step).
    payoff: Payoff,
    /// `u` at the nodes `a + i h`, `i = 0..=M` (at the end nodes the
    /// continuous extension from inside).
    q: Vec<f64>,
}

/// What the chain collects: `per_step` for every step taken inside
/// `(a, b)`, then `below` or `above` on leaving.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Payoff {
    per_step: f64,
    below: f64,
    above: f64,
}

impl<F: Fn(f64) -> f64> EulerChain1d<F> {
    /// The committor `q(x) = P_x(enter [b, ∞) before (−∞, a])` of the chain
    /// with drift `drift`, noise `sigma`, step `dt`, on `nodes + 1` nodes.
    ///
    /// # Errors
    /// As [`EulerChain1d::mean_exit_time`].
    pub fn committor(drift: F, sigma: f64, dt: f64, a: f64, b: f64, nodes: usize) -> Result<Self> {
        let payoff = Payoff {
            per_step: 0.0,
            below: 0.0,
            above: 1.0,
        };
        Self::solve(drift, sigma, dt, a, b, nodes, payoff)
    }

    /// The mean exit time `E_x[τ]` of `(a, b)`, `τ = dt ×` the number of
    /// steps until the chain leaves (the integral equation with `dt` per
    /// step, 0 outside). A far-away `a` in a confining well stands for a
    /// natural left end (the mass the chain puts there is the error).
    ///
    /// # Errors
    /// [`AnalysisError::InvalidParameter`] for non-finite or non-positive
    /// `sigma`, `dt`, `a ≥ b`, or a grid coarser than `s/2` (`h > s/2`: the
    /// interpolant would not resolve the kernel); a non-finite drift at a
    /// node.
    pub fn mean_exit_time(
        drift: F,
        sigma: f64,
        dt: f64,
        a: f64,
        b: f64,
        nodes: usize,
    ) -> Result<Self> {
        let payoff = Payoff {
            per_step: dt,
            below: 0.0,
            above: 0.0,
        };
        Self::solve(drift, sigma, dt, a, b, nodes, payoff)
    }

    fn solve(
        drift: F,
        sigma: f64,
        dt: f64,
        a: f64,
        b: f64,
        nodes: usize,
        payoff: Payoff,
    ) -> Result<Self> {
        for (name, v) in [("sigma", sigma), ("dt", dt)] {
            if !(v.is_finite() && v > 0.0) {
                return Err(AnalysisError::InvalidParameter {
                    name,
                    value: v,
                    constraint: "finite and > 0",
                });
            }
        }
        if !(a.is_finite() && b.is_finite() && a < b) {
            return Err(AnalysisError::InvalidParameter {
                name: "b",
                value: b,
                constraint: "finite and > a",
            });
        }
        let s = sigma * dt.sqrt();
        let h = (b - a) / nodes.max(1) as f64;
        if nodes < 2 || h > 0.5 * s {
            return Err(AnalysisError::InvalidParameter {
                name: "nodes",
                value: nodes as f64,
                constraint: "≥ 2 and ≥ 2(b − a)/(σ√dt) (node spacing ≤ s/2)",
            });
        }
        let n = nodes + 1;
        let mean: Vec<f64> = (0..n)
            .map(|i| {
                let x = a + i as f64 * h;
                x + drift(x) * dt
            })
            .collect();
        if let Some(v) = mean.iter().find(|v| !v.is_finite()) {
            return Err(AnalysisError::InvalidParameter {
                name: "drift at a node",
                value: *v,
                constraint: "finite",
            });
        }
        // Columns of row i: the nodes within CUT·s of m(x_i).
        let cols = |i: usize| -> (usize, usize) {
            let lo = ((mean[i] - CUT * s - a) / h).floor().max(0.0) as usize;
            let hi = (((mean[i] + CUT * s - a) / h).ceil().max(0.0) as usize).min(n - 1);
            (lo.min(n - 1), hi)
        };
        let (mut lw, mut uw) = (0usize, 0usize);
        for i in 0..n {
            let (lo, hi) = cols(i);
            lw = lw.max(i.saturating_sub(lo));
            uw = uw.max(hi.saturating_sub(i));
        }
        let width = lw + uw + 1;
        // Band storage: row i, column j at band[i·width + (j + lw − i)].
        let mut band = vec![0.0; n * width];
        let mut rhs = vec![0.0; n];
        let mut w = Vec::new();
        for i in 0..n {
            band[i * width + lw] = 1.0;
            let (lo, hi) = cols(i);
            hat_weights(mean[i], s, a, h, lo, hi, &mut w);
            for (j, wj) in (lo..=hi).zip(&w) {
                band[i * width + (j + lw - i)] -= wj;
            }
            rhs[i] = payoff.per_step
                + payoff.below * normal_cdf((a - mean[i]) / s)
                + payoff.above * normal_cdf((mean[i] - b) / s);
        }
        let q = solve_banded(band, rhs, lw, uw);
        Ok(Self {
            drift,
            dt,
            s,
            a,
            b,
            h,
            payoff,
            q,
        })
    }

    /// The functional at `x` in `(a, b)` from the integral equation
    /// (Nyström interpolation); outside, the value on leaving (committor:
    /// 0 below `a`, 1 above `b`; exit time: 0).
    pub fn at(&self, x: f64) -> f64 {
        if x <= self.a {
            return self.payoff.below;
        }
        if x >= self.b {
            return self.payoff.above;
        }
        let m = x + (self.drift)(x) * self.dt;
        let n = self.q.len();
        let lo = (((m - CUT * self.s - self.a) / self.h).floor().max(0.0) as usize).min(n - 1);
        let hi = (((m + CUT * self.s - self.a) / self.h).ceil().max(0.0) as usize).min(n - 1);
        let mut w = Vec::new();
        hat_weights(m, self.s, self.a, self.h, lo, hi, &mut w);
        let p = self.payoff;
        let mut v = p.per_step
            + p.below * normal_cdf((self.a - m) / self.s)
            + p.above * normal_cdf((m - self.b) / self.s);
        for (j, wj) in (lo..=hi).zip(&w) {
            v += wj * self.q[j];
        }
        v
    }
}

/// `w[j − lo] = ∫ φ_s(y − m) hat_j(y) dy` over `[a + lo·h, a + hi·h]`,
/// `hat_j` the piecewise-linear hat of node `j` (cut at the ends `lo`, `hi`).
/// On an interval `[c, c + h]`, with `u = (y − m)/s`, the rising half gives
/// `Φ(u_d) − (s/h)(Ψ(u_d) − Ψ(u_c))` (by parts) and the falling half the
/// rest of `Φ(u_d) − Φ(u_c)`.
fn hat_weights(m: f64, s: f64, a: f64, h: f64, lo: usize, hi: usize, w: &mut Vec<f64>) {
    w.clear();
    w.resize(hi - lo + 1, 0.0);
    let u = |j: usize| (a + j as f64 * h - m) / s;
    let psi =
        |u: f64| u * normal_cdf(u) + (-0.5 * u * u).exp() / (2.0 * std::f64::consts::PI).sqrt();
    let (mut pc, mut sc) = (normal_cdf(u(lo)), psi(u(lo)));
    for j in lo..hi {
        let ud = u(j + 1);
        let (pd, sd) = (normal_cdf(ud), psi(ud));
        let rising = pd - (s / h) * (sd - sc);
        w[j - lo] += (pd - pc) - rising;
        w[j + 1 - lo] += rising;
        (pc, sc) = (pd, sd);
    }
}

/// Gaussian elimination without pivoting on a band matrix (`lw` below,
/// `uw` above the diagonal), then back substitution. Fill-in stays inside
/// the band when no rows are exchanged.
fn solve_banded(mut band: Vec<f64>, mut rhs: Vec<f64>, lw: usize, uw: usize) -> Vec<f64> {
    let n = rhs.len();
    let width = lw + uw + 1;
    let at = |i: usize, j: usize| i * width + (j + lw - i);
    for k in 0..n {
        let pivot = band[at(k, k)];
        for i in k + 1..(k + lw + 1).min(n) {
            let f = band[at(i, k)] / pivot;
            if f == 0.0 {
                continue;
            }
            for j in k..(k + uw + 1).min(n) {
                band[at(i, j)] -= f * band[at(k, j)];
            }
            rhs[i] -= f * rhs[k];
        }
    }
    for k in (0..n).rev() {
        let mut v = rhs[k];
        for j in k + 1..(k + uw + 1).min(n) {
            v -= band[at(k, j)] * rhs[j];
        }
        rhs[k] = v / band[at(k, k)];
    }
    rhs
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Brownian motion without drift: the continuous committor is linear;
    /// the chain overshoots each end by `β s` on average, `β = −ζ(½)/√(2π)
    /// ≈ 0.5826` (Siegmund's corrected boundaries), so to first order
    /// `q(x) = (x − a + β s)/(b − a + 2 β s)`, with an `o(s)` remainder.
    #[test]
    fn brownian_chain_matches_the_corrected_boundaries() {
        let beta = 0.582_597_157_939_010_6;
        let (a, b) = (0.0, 1.0);
        for dt in [1e-3_f64, 2.5e-4] {
            let s = dt.sqrt();
            let q = EulerChain1d::committor(|_| 0.0, 1.0, dt, a, b, (16.0 / s) as usize).unwrap();
            for x in [0.1, 0.5, 0.9] {
                let want = (x - a + beta * s) / (b - a + 2.0 * beta * s);
                let plain = x;
                let got = q.at(x);
                println!("dt {dt} x {x}: chain {got}, corrected {want}, continuous {plain}");
                // The correction is of order s ≈ 0.03; what is left is o(s):
                // assert it is a tenth of the correction itself.
                assert!(
                    (got - want).abs() < 0.1 * (want - plain).abs().max(beta * s * 0.1),
                    "dt {dt}, x {x}: {got} vs {want}"
                );
            }
            // Symmetry q(x) = 1 − q(1 − x): exact in the discretisation.
            let sym = q.at(0.3) + q.at(0.7) - 1.0;
            assert!(sym.abs() < 1e-10, "symmetry {sym}");
        }
    }

    /// Brownian motion's mean exit time `x(1 − x)/σ²`, with each end moved
    /// out by `β s` (the same overshoot): `(x + βs)(1 − x + βs)/σ²` to
    /// first order in `s`.
    #[test]
    fn brownian_chain_exit_time_matches_the_corrected_boundaries() {
        let beta = 0.582_597_157_939_010_6;
        let sigma = 2.0;
        for dt in [1e-3_f64, 2.5e-4] {
            let s = sigma * dt.sqrt();
            let t = EulerChain1d::mean_exit_time(|_| 0.0, sigma, dt, 0.0, 1.0, (8.0 / s) as usize)
                .unwrap();
            for x in [0.1, 0.5] {
                let want = (x + beta * s) * (1.0 - x + beta * s) / (sigma * sigma);
                let plain = x * (1.0 - x) / (sigma * sigma);
                let got = t.at(x);
                println!("dt {dt} x {x}: chain {got}, corrected {want}, continuous {plain}");
                assert!(
                    (got - want).abs() < 0.1 * (want - plain).abs(),
                    "dt {dt}, x {x}: {got} vs {want}"
                );
            }
        }
    }

    /// Halving the node spacing changes `q` by `O(h²)`: the observed
    /// order from three grids is ≈ 2.
    #[test]
    fn the_quadrature_converges_at_second_order() {
        let drift = |x: f64| -x;
        let (sigma, dt) = (0.3, 1e-3);
        let q = |nodes| {
            EulerChain1d::committor(drift, sigma, dt, 0.0, 1.0, nodes)
                .unwrap()
                .at(0.1)
        };
        let (q1, q2, q3) = (q(250), q(500), q(1000));
        let order = ((q1 - q2) / (q2 - q3)).abs().log2();
        println!("q(0.1) on 250/500/1000 nodes: {q1} {q2} {q3}, order {order}");
        assert!(
            (order - 2.0).abs() < 0.3,
            "observed order {order} ({q1}, {q2}, {q3})"
        );
    }

    #[test]
    fn bad_inputs_are_typed_errors() {
        assert!(EulerChain1d::committor(|_| 0.0, 1.0, 1e-2, 1.0, 0.0, 100).is_err());
        assert!(EulerChain1d::committor(|_| 0.0, -1.0, 1e-2, 0.0, 1.0, 100).is_err());
        assert!(EulerChain1d::committor(|_| 0.0, 1.0, 1e-2, 0.0, 1.0, 10).is_err());
        assert!(EulerChain1d::committor(|_| f64::NAN, 1.0, 1e-2, 0.0, 1.0, 100).is_err());
    }
}
