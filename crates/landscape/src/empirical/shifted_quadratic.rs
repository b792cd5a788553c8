//! A quadratic empirical risk whose minibatch noise is additive: per-sample
//! losses `ℓᵢ(x) = ½ (x − m)ᵀ H (x − m) − cᵢ·(x − m)` with `Σᵢ cᵢ = 0`.

use nalgebra::DMatrix;

use super::EmpiricalRisk;
use crate::error::{LandscapeError, Result};
use crate::quadratic::Quadratic;
use crate::traits::{Landscape, LandscapeHessian};

/// The quadratic with per-sample linear shifts
///
/// ```text
/// ℓᵢ(x) = ½ (x − m)ᵀ H (x − m) − cᵢ·(x − m),   Σᵢ cᵢ = 0,
/// L(x)  = ½ (x − m)ᵀ H (x − m),   ∇ℓᵢ − ∇L = −cᵢ   (state-independent),
/// Σ     = (1/N) Σᵢ cᵢ cᵢᵀ         (constant).
/// ```
///
/// SGD on it is `x_{k+1} = x_k − τ (H (x_k − m) + ξ_k)` with additive noise
/// `ξ_k = −(1/b) Σ_{i∈B_k} cᵢ` of covariance `Σ_b`: the model problem on
/// which the discrete Lyapunov equation `HΣ + ΣH − τHΣH = τΣ_b` (SGD) and
/// the continuous one `HΣ + ΣH = τΣ_b` (its SDE) are exact
/// (proofs-notes/sgd-quadratic.md). The shifts are centred at construction.
#[derive(Debug, Clone, PartialEq)]
pub struct ShiftedQuadratic {
    quadratic: Quadratic,
    n: usize,
    shifts: Vec<f64>,
}

impl ShiftedQuadratic {
    /// Builds the risk from the bowl `½ (x − m)ᵀ H (x − m)` and `N` shifts
    /// (row-major `N × d`), which are centred to mean zero.
    ///
    /// # Errors
    /// [`LandscapeError::EmptyDataset`] without shifts,
    /// [`LandscapeError::DimensionMismatch`] if their length is not a
    /// multiple of `d`, [`LandscapeError::NonFiniteData`] for a non-finite entry.
    pub fn new(quadratic: Quadratic, shifts: Vec<f64>) -> Result<Self> {
        let d = quadratic.dim();
        if shifts.is_empty() {
            return Err(LandscapeError::EmptyDataset {
                name: "shifts".to_owned(),
            });
        }
        if !shifts.len().is_multiple_of(d) {
            return Err(LandscapeError::DimensionMismatch {
                what: "shifts (N × d)",
                expected: d * shifts.len().div_ceil(d),
                found: shifts.len(),
            });
        }
        if let Some(k) = shifts.iter().position(|v| !v.is_finite()) {
            return Err(LandscapeError::NonFiniteData {
                row: k / d,
                column: k % d,
                value: shifts[k],
            });
        }
        let n = shifts.len() / d;
        let mut mean = vec![0.0; d];
        for c in shifts.chunks_exact(d) {
            mean.iter_mut().zip(c).for_each(|(m, v)| *m += v / n as f64);
        }
        let shifts = shifts
            .chunks_exact(d)
            .flat_map(|c| c.iter().zip(&mean).map(|(v, m)| v - m))
            .collect();
        Ok(Self {
            quadratic,
            n,
            shifts,
        })
    }

    /// The underlying bowl.
    pub fn quadratic(&self) -> &Quadratic {
        &self.quadratic
    }

    /// The centred shift `cᵢ`.
    pub fn shift(&self, i: usize) -> &[f64] {
        let d = self.quadratic.dim();
        &self.shifts[i * d..(i + 1) * d]
    }

    /// The per-sample gradient covariance `Σ = (1/N) Σᵢ cᵢ cᵢᵀ` (constant).
    pub fn gradient_covariance(&self) -> DMatrix<f64> {
        let d = self.quadratic.dim();
        let mut s = DMatrix::zeros(d, d);
        for i in 0..self.n {
            let c = self.shift(i);
            for r in 0..d {
                for q in 0..d {
                    s[(r, q)] += c[r] * c[q] / self.n as f64;
                }
            }
        }
        s
    }
}

impl EmpiricalRisk for ShiftedQuadratic {
    fn n_samples(&self) -> usize {
        self.n
    }
    fn sample_loss(&self, i: usize, x: &[f64]) -> f64 {
        let m = self.quadratic.centre();
        let y: f64 = self
            .shift(i)
            .iter()
            .zip(x.iter().zip(m))
            .map(|(c, (a, b))| c * (a - b))
            .sum();
        self.quadratic.value(x) - y
    }
    #[inline]
    fn accumulate_sample_gradient(&self, i: usize, x: &[f64], weight: f64, acc: &mut [f64]) {
        let d = self.quadratic.dim();
        let (h, m) = (self.quadratic.matrix(), self.quadratic.centre());
        let c = self.shift(i);
        for r in 0..d {
            let mut g = -c[r];
            for q in 0..d {
                g += h[r * d + q] * (x[q] - m[q]);
            }
            acc[r] += weight * g;
        }
    }
}

super::empirical_landscape!(ShiftedQuadratic, |s: &ShiftedQuadratic| s.quadratic.dim());

impl LandscapeHessian for ShiftedQuadratic {
    fn hessian_into(&self, x: &[f64], hess: &mut [f64]) {
        self.quadratic.hessian_into(x, hess)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::empirical::{MinibatchCovariance, Sampling};

    #[test]
    fn noise_is_additive_and_covariance_constant() {
        let q = Quadratic::new(vec![2.0, 0.5, 0.5, 1.0], vec![1.0, -1.0]).unwrap();
        let s = ShiftedQuadratic::new(q, vec![1.0, 0.0, -1.0, 2.0, 3.0, 1.0]).unwrap();
        let cov = MinibatchCovariance::new(&s, 2, Sampling::WithReplacement).unwrap();
        let a = cov.matrix(&s, &[0.0, 0.0]);
        let b = cov.matrix(&s, &[5.0, -3.0]);
        let exact = s.gradient_covariance() * 0.5;
        assert!((a - &exact).amax() < 1e-14 && (b - &exact).amax() < 1e-14);
        // L is the bowl: the shifts average out.
        assert!((s.value(&[2.0, 0.0]) - s.quadratic().value(&[2.0, 0.0])).abs() < 1e-14);
    }

    #[test]
    fn bad_shifts_are_rejected() {
        let q = Quadratic::isotropic(2, 1.0).unwrap();
        assert!(ShiftedQuadratic::new(q.clone(), vec![]).is_err());
        assert!(ShiftedQuadratic::new(q.clone(), vec![1.0; 3]).is_err());
        assert!(matches!(
            ShiftedQuadratic::new(q, vec![1.0, f64::NAN]),
            Err(LandscapeError::NonFiniteData {
                row: 0,
                column: 1,
                ..
            })
        ));
    }
}
