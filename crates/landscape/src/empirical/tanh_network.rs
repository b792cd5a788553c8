//! A one-hidden-layer tanh network with squared loss — the non-convex
//! empirical risk of the catalogue.

use super::{Dataset, EmpiricalRisk, dot};
use crate::error::{LandscapeError, Result};

/// The network `f(a; θ) = Σⱼ vⱼ tanh(wⱼ·a + bⱼ)` with `h` hidden units and
/// squared loss `ℓᵢ(θ) = ½ (f(aᵢ; θ) − yᵢ)²`.
///
/// Parameter layout (`d = h (p + 2)`): `θ = [w₁ … w_h, b₁ … b_h, v₁ … v_h]`
/// with each `wⱼ ∈ Rᵖ` contiguous. Per-sample gradient, with
/// `zⱼ = wⱼ·a + bⱼ`, `r = f − y`, `sⱼ = 1 − tanh² zⱼ`:
///
/// ```text
/// ∂ℓ/∂vⱼ = r tanh zⱼ,   ∂ℓ/∂bⱼ = r vⱼ sⱼ,   ∂ℓ/∂wⱼ = r vⱼ sⱼ a.
/// ```
///
/// # Symmetries and minima
/// `L` is invariant under permutations of the hidden units and under the
/// sign flip `(wⱼ, bⱼ, vⱼ) → (−wⱼ, −bⱼ, −vⱼ)` of any unit (tanh is odd), so
/// every minimum comes with `h! 2ʰ` images ([`TanhNetwork::symmetric_image`]);
/// besides those, the loss has genuinely different minima and saddles (e.g.
/// units that duplicate each other). The Hessian is not provided analytically
/// (it is not cheap and no caller needs it); use the per-sample gradients.
#[derive(Debug, Clone, PartialEq)]
pub struct TanhNetwork {
    data: Dataset,
    hidden: usize,
}

impl TanhNetwork {
    /// A network with `hidden ≥ 1` units on `data`.
    ///
    /// # Errors
    /// [`LandscapeError::InvalidParameter`] if `hidden == 0`.
    pub fn new(data: Dataset, hidden: usize) -> Result<Self> {
        if hidden == 0 {
            return Err(LandscapeError::InvalidParameter {
                name: "hidden",
                value: 0.0,
                constraint: "≥ 1",
            });
        }
        Ok(Self { data, hidden })
    }

    /// Number of hidden units `h`.
    pub fn hidden(&self) -> usize {
        self.hidden
    }

    /// The data.
    pub fn data(&self) -> &Dataset {
        &self.data
    }

    /// Network output `f(a; θ)`.
    pub fn predict(&self, a: &[f64], theta: &[f64]) -> f64 {
        let (p, h) = (self.data.n_features(), self.hidden);
        let (w, rest) = theta.split_at(h * p);
        let (b, v) = rest.split_at(h);
        (0..h)
            .map(|j| v[j] * (dot(&w[j * p..(j + 1) * p], a) + b[j]).tanh())
            .sum()
    }

    /// The image of `θ` under the symmetry that sends unit `j` to position
    /// `perm[j]` after multiplying its parameters by `signs[j] = ±1`. `L` takes
    /// the same value at both points.
    ///
    /// # Panics
    /// If `perm` is not a permutation of `0..h` or `signs` has the wrong length
    /// (a contract violation by the caller).
    pub fn symmetric_image(&self, theta: &[f64], perm: &[usize], signs: &[f64]) -> Vec<f64> {
        let (p, h) = (self.data.n_features(), self.hidden);
        assert!(
            perm.len() == h && signs.len() == h,
            "perm and signs need h = {h} entries"
        );
        let mut out = vec![0.0; theta.len()];
        for j in 0..h {
            let k = perm[j];
            for c in 0..p {
                out[k * p + c] = signs[j] * theta[j * p + c];
            }
            out[h * p + k] = signs[j] * theta[h * p + j];
            out[h * p + h + k] = signs[j] * theta[h * p + h + j];
        }
        out
    }
}

impl EmpiricalRisk for TanhNetwork {
    fn n_samples(&self) -> usize {
        self.data.n_samples()
    }
    fn sample_loss(&self, i: usize, x: &[f64]) -> f64 {
        let r = self.predict(self.data.row(i), x) - self.data.target(i);
        0.5 * r * r
    }
    fn accumulate_sample_gradient(&self, i: usize, x: &[f64], weight: f64, acc: &mut [f64]) {
        let (p, h) = (self.data.n_features(), self.hidden);
        let a = self.data.row(i);
        let wr = weight * (self.predict(a, x) - self.data.target(i));
        let (w, rest) = x.split_at(h * p);
        let (b, v) = rest.split_at(h);
        for j in 0..h {
            let t = (dot(&w[j * p..(j + 1) * p], a) + b[j]).tanh();
            let c = wr * v[j] * (1.0 - t * t);
            for (g, ak) in acc[j * p..(j + 1) * p].iter_mut().zip(a) {
                *g += c * ak;
            }
            acc[h * p + j] += c;
            acc[h * p + h + j] += wr * t;
        }
    }
}

super::empirical_landscape!(TanhNetwork, |s: &TanhNetwork| s.hidden
    * (s.data.n_features() + 2));
