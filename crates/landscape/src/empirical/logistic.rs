//! Binary logistic regression `ℓᵢ(x) = ln(1 + exp(−yᵢ aᵢ·x))`, `yᵢ = ±1`.

use super::{Dataset, EmpiricalRisk, dot};
use crate::error::{LandscapeError, Result};
use crate::traits::LandscapeHessian;

/// Binary logistic regression with labels `yᵢ ∈ {−1, +1}`:
///
/// ```text
/// ℓᵢ(x) = softplus(−mᵢ),  mᵢ = yᵢ aᵢ·x,   softplus(t) = ln(1 + eᵗ),
/// ∇ℓᵢ = −yᵢ σ(−mᵢ) aᵢ,   ∇²L = (1/N) Σ σ(mᵢ) σ(−mᵢ) aᵢ aᵢᵀ  (exact),
/// ```
///
/// with σ the logistic function; `softplus` is evaluated stably
/// (`max(t, 0) + ln(1 + e^{−|t|})`). `L` is convex; its minimiser is finite
/// iff the classes are not linearly separable.
#[derive(Debug, Clone, PartialEq)]
pub struct LogisticRegression {
    data: Dataset,
}

#[inline]
fn sigmoid(t: f64) -> f64 {
    if t >= 0.0 {
        1.0 / (1.0 + (-t).exp())
    } else {
        let e = t.exp();
        e / (1.0 + e)
    }
}

#[inline]
fn softplus(t: f64) -> f64 {
    t.max(0.0) + (-t.abs()).exp().ln_1p()
}

impl LogisticRegression {
    /// Logistic regression on `data` whose targets are ±1.
    ///
    /// # Errors
    /// [`LandscapeError::InvalidParameter`] naming a target that is not ±1.
    pub fn new(data: Dataset) -> Result<Self> {
        if let Some(&y) = data.targets().iter().find(|&&y| y != 1.0 && y != -1.0) {
            return Err(LandscapeError::InvalidParameter {
                name: "label",
                value: y,
                constraint: "−1 or +1",
            });
        }
        Ok(Self { data })
    }

    /// The data.
    pub fn data(&self) -> &Dataset {
        &self.data
    }

    #[inline]
    fn margin(&self, i: usize, x: &[f64]) -> f64 {
        self.data.target(i) * dot(self.data.row(i), x)
    }
}

impl EmpiricalRisk for LogisticRegression {
    fn n_samples(&self) -> usize {
        self.data.n_samples()
    }
    #[inline]
    fn sample_loss(&self, i: usize, x: &[f64]) -> f64 {
        softplus(-self.margin(i, x))
    }
    #[inline]
    fn accumulate_sample_gradient(&self, i: usize, x: &[f64], weight: f64, acc: &mut [f64]) {
        let c = -weight * self.data.target(i) * sigmoid(-self.margin(i, x));
        self.data.add_scaled_row(i, c, acc);
    }
}

super::empirical_landscape!(LogisticRegression, |s: &LogisticRegression| s
    .data
    .n_features());

impl LandscapeHessian for LogisticRegression {
    fn hessian_into(&self, x: &[f64], hess: &mut [f64]) {
        let n = self.data.n_samples() as f64;
        self.data.weighted_gram_into(
            |i| {
                let m = self.margin(i, x);
                sigmoid(m) * sigmoid(-m) / n
            },
            hess,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_functions() {
        assert_eq!(softplus(-800.0), 0.0);
        assert_eq!(softplus(800.0), 800.0);
        assert!((softplus(0.0) - 2f64.ln()).abs() < 1e-16);
        // Each evaluation is correct to about one ulp, the sum to two roundings.
        assert!((sigmoid(3.0) + sigmoid(-3.0) - 1.0).abs() <= 2.0 * f64::EPSILON);
        assert!(sigmoid(-800.0) >= 0.0 && sigmoid(800.0) == 1.0);
    }

    #[test]
    fn rejects_non_binary_labels() {
        let d = Dataset::new("x", vec![1.0, 2.0], 1, vec![1.0, 0.0]).unwrap();
        assert!(matches!(
            LogisticRegression::new(d),
            Err(LandscapeError::InvalidParameter { name: "label", value, .. }) if value == 0.0
        ));
    }
}
