//! The minibatch gradient covariance Σ_b(x) and a factor that samples it
//! exactly at cost O(N d).

use nalgebra::DMatrix;

use super::EmpiricalRisk;
use crate::error::{LandscapeError, Result};

/// How a minibatch of size `b` is drawn from `N` samples.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Sampling {
    /// `b` independent uniform indices (repeats possible).
    WithReplacement,
    /// A uniform `b`-subset (no repeats).
    WithoutReplacement,
}

impl Sampling {
    /// The factor `c` in `Cov(g_B) = c · Σ` for the minibatch-mean gradient
    /// `g_B`: `1/b` with replacement, `(N − b)/(b (N − 1))` without
    /// (derivation in proofs-notes/minibatch-covariance.md). Without
    /// replacement and `N = 1` the covariance is 0.
    pub fn covariance_scale(self, n: usize, b: usize) -> f64 {
        let (nf, bf) = (n as f64, b as f64);
        match self {
            Self::WithReplacement => 1.0 / bf,
            Self::WithoutReplacement if n == 1 => 0.0,
            Self::WithoutReplacement => (nf - bf) / (bf * (nf - 1.0)),
        }
    }
}

/// The minibatch gradient covariance of an [`EmpiricalRisk`]:
///
/// ```text
/// Σ(x)   = (1/N) Σᵢ (∇ℓᵢ − ∇L)(∇ℓᵢ − ∇L)ᵀ,      Σ_b = c(N, b) · Σ,
/// G_b(x) = √c · [∇ℓ₁ − ∇L, …, ∇ℓ_N − ∇L] / √N   (d × N),  G_b G_bᵀ = Σ_b.
/// ```
///
/// `G_b ζ` with `ζ ~ N(0, I_N)` has covariance exactly Σ_b; forming and
/// applying `G_b` costs O(N d) — no `d × d` matrix and no matrix square root
/// (design principle 4). Since `Σᵢ (∇ℓᵢ − ∇L) = 0`, `rank Σ ≤ min(d, N − 1)`.
///
/// The factor is stored **sample-major**: column `i` of `G_b` is the
/// contiguous slice `g[i·d .. (i+1)·d]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MinibatchCovariance {
    n: usize,
    d: usize,
    batch: usize,
    sampling: Sampling,
    scale: f64,
}

impl MinibatchCovariance {
    /// The covariance of minibatches of size `batch` from `risk`.
    ///
    /// # Errors
    /// [`LandscapeError::InvalidBatch`] if `batch == 0`, or `batch > N`
    /// without replacement.
    pub fn new<E: EmpiricalRisk + ?Sized>(
        risk: &E,
        batch: usize,
        sampling: Sampling,
    ) -> Result<Self> {
        let n = risk.n_samples();
        if batch == 0 || (sampling == Sampling::WithoutReplacement && batch > n) {
            return Err(LandscapeError::InvalidBatch {
                batch,
                n_samples: n,
            });
        }
        Ok(Self {
            n,
            d: risk.dim(),
            batch,
            sampling,
            scale: sampling.covariance_scale(n, batch),
        })
    }

    /// Batch size `b`.
    pub fn batch(&self) -> usize {
        self.batch
    }

    /// Sampling mode.
    pub fn sampling(&self) -> Sampling {
        self.sampling
    }

    /// The factor `c(N, b)` with `Σ_b = c Σ`.
    pub fn scale(&self) -> f64 {
        self.scale
    }

    /// Length of the factor buffer: `N · d`.
    pub fn factor_len(&self) -> usize {
        self.n * self.d
    }

    /// Writes `G_b(x)` (sample-major, length `N d`) into `g`, using `mean` (length `d`)
    /// as scratch for `∇L(x)`. Cost: N per-sample gradients.
    ///
    /// # Panics
    /// If the buffers have the wrong length (contract violation).
    pub fn factor_into<E: EmpiricalRisk + ?Sized>(
        &self,
        risk: &E,
        x: &[f64],
        g: &mut [f64],
        mean: &mut [f64],
    ) {
        let (n, d) = (self.n, self.d);
        assert!(
            g.len() == n * d && mean.len() == d,
            "factor buffers must be N·d and d long"
        );
        mean.fill(0.0);
        for i in 0..n {
            let col = &mut g[i * d..(i + 1) * d];
            risk.sample_gradient_into(i, x, col);
            for (m, v) in mean.iter_mut().zip(col.iter()) {
                *m += v / n as f64;
            }
        }
        let s = (self.scale / n as f64).sqrt();
        for col in g.chunks_exact_mut(d) {
            for (v, m) in col.iter_mut().zip(mean.iter()) {
                *v = s * (*v - m);
            }
        }
    }

    /// `out = G_b ζ` for a factor from [`Self::factor_into`] and `ζ ∈ Rᴺ`. Cost O(N d).
    #[inline]
    pub fn apply_factor(&self, g: &[f64], zeta: &[f64], out: &mut [f64]) {
        out.fill(0.0);
        for (col, z) in g.chunks_exact(self.d).zip(zeta) {
            for (o, v) in out.iter_mut().zip(col) {
                *o += z * v;
            }
        }
    }

    /// The dense `d × d` matrix Σ_b(x) — for small `d` and for tests.
    pub fn matrix<E: EmpiricalRisk + ?Sized>(&self, risk: &E, x: &[f64]) -> DMatrix<f64> {
        let g = self.factor_matrix(risk, x);
        &g * g.transpose()
    }

    /// The factor `G_b(x)` as a `d × N` matrix.
    pub fn factor_matrix<E: EmpiricalRisk + ?Sized>(&self, risk: &E, x: &[f64]) -> DMatrix<f64> {
        let mut g = vec![0.0; self.factor_len()];
        let mut mean = vec![0.0; self.d];
        self.factor_into(risk, x, &mut g, &mut mean);
        DMatrix::from_column_slice(self.d, self.n, &g)
    }

    /// `tr Σ_b(x) = (c/N) Σᵢ |∇ℓᵢ − ∇L|²`, in O(N d).
    pub fn trace<E: EmpiricalRisk + ?Sized>(&self, risk: &E, x: &[f64]) -> f64 {
        let mut g = vec![0.0; self.factor_len()];
        let mut mean = vec![0.0; self.d];
        self.factor_into(risk, x, &mut g, &mut mean);
        g.iter().map(|v| v * v).sum()
    }

    /// Numerical rank of Σ_b(x): singular values of `G_b` above
    /// `tol_rel · σ_max` (and above the absolute floor `1e-300`).
    pub fn rank<E: EmpiricalRisk + ?Sized>(&self, risk: &E, x: &[f64], tol_rel: f64) -> usize {
        let sv = self.factor_matrix(risk, x).singular_values();
        let max = sv.iter().fold(0.0f64, |m, v| m.max(*v));
        sv.iter()
            .filter(|&&s| s > tol_rel * max && s > 1e-300)
            .count()
    }
}
