//! Streaming, mergeable mean and variance estimators with standard errors.

use serde::{Deserialize, Serialize};

use crate::error::{AnalysisError, Result, check_data};
use crate::interval::ConfidenceInterval;
use crate::special::{normal_critical, student_t_critical};

/// Streaming accumulator of the first four central moments (Welford /
/// Terriberry one-pass updates), mergeable across chunks (Chan–Pébay), so a
/// parallel reduction over fixed chunks in index order is deterministic.
///
/// # Formula
/// With `Mₖ = Σ (xᵢ − x̄)ᵏ`, adding `x` to `n − 1` points (`δ = x − x̄`,
/// `δₙ = δ/n`, `t = δ·δₙ·(n − 1)`):
///
/// ```text
/// x̄ += δₙ
/// M₄ += t δₙ² (n² − 3n + 3) + 6 δₙ² M₂ − 4 δₙ M₃
/// M₃ += t δₙ (n − 2) − 3 δₙ M₂
/// M₂ += t
/// ```
///
/// and merging `A` and `B` (`δ = x̄_B − x̄_A`, `n = n_A + n_B`):
///
/// ```text
/// M₂ = M₂ᴬ + M₂ᴮ + δ² n_A n_B / n
/// M₃ = M₃ᴬ + M₃ᴮ + δ³ n_A n_B (n_A − n_B)/n² + 3δ (n_A M₂ᴮ − n_B M₂ᴬ)/n
/// M₄ = M₄ᴬ + M₄ᴮ + δ⁴ n_A n_B (n_A² − n_A n_B + n_B²)/n³
///      + 6δ² (n_A² M₂ᴮ + n_B² M₂ᴬ)/n² + 4δ (n_A M₃ᴮ − n_B M₃ᴬ)/n
/// ```
///
/// # References
/// Welford, Technometrics 4 (1962); Chan, Golub, LeVeque, Am. Stat. 37 (1983);
/// Pébay, Sandia report SAND2008-6212 (2008).
///
/// # Examples
/// ```
/// use sgdpde_analysis::MomentAccumulator;
/// let mut a = MomentAccumulator::new();
/// for x in [1.0, 2.0, 3.0, 4.0] { a.push(x)?; }
/// let est = a.mean_estimate()?;
/// assert_eq!(est.mean, 2.5);
/// assert!((est.std_error - (5.0_f64 / 3.0 / 4.0).sqrt()).abs() < 1e-15);
/// # Ok::<(), sgdpde_analysis::AnalysisError>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct MomentAccumulator {
    n: u64,
    mean: f64,
    m2: f64,
    m3: f64,
    m4: f64,
}

impl MomentAccumulator {
    /// An empty accumulator.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one observation.
    ///
    /// # Errors
    /// [`AnalysisError::NonFiniteData`] (index = number of points already
    /// added) if `x` is NaN or infinite; the accumulator is left unchanged.
    #[inline]
    pub fn push(&mut self, x: f64) -> Result<()> {
        if !x.is_finite() {
            return Err(AnalysisError::NonFiniteData {
                what: "sample",
                index: self.n as usize,
                value: x,
            });
        }
        let n1 = self.n as f64;
        self.n += 1;
        let n = self.n as f64;
        let delta = x - self.mean;
        let dn = delta / n;
        let dn2 = dn * dn;
        let t = delta * dn * n1;
        self.mean += dn;
        self.m4 += t * dn2 * (n * n - 3.0 * n + 3.0) + 6.0 * dn2 * self.m2 - 4.0 * dn * self.m3;
        self.m3 += t * dn * (n - 2.0) - 3.0 * dn * self.m2;
        self.m2 += t;
        Ok(())
    }

    /// Merges another accumulator into this one (as if its points had been
    /// pushed here).
    pub fn merge(&mut self, other: &Self) {
        if other.n == 0 {
            return;
        }
        if self.n == 0 {
            *self = *other;
            return;
        }
        let (na, nb) = (self.n as f64, other.n as f64);
        let n = na + nb;
        let d = other.mean - self.mean;
        let d2 = d * d;
        let m2 = self.m2 + other.m2 + d2 * na * nb / n;
        let m3 = self.m3
            + other.m3
            + d2 * d * na * nb * (na - nb) / (n * n)
            + 3.0 * d * (na * other.m2 - nb * self.m2) / n;
        let m4 = self.m4
            + other.m4
            + d2 * d2 * na * nb * (na * na - na * nb + nb * nb) / (n * n * n)
            + 6.0 * d2 * (na * na * other.m2 + nb * nb * self.m2) / (n * n)
            + 4.0 * d * (na * other.m3 - nb * self.m3) / n;
        self.n += other.n;
        self.mean += d * nb / n;
        self.m2 = m2;
        self.m3 = m3;
        self.m4 = m4;
    }

    /// Number of observations.
    pub fn count(&self) -> u64 {
        self.n
    }

    /// Sample mean (0 when empty).
    pub fn mean(&self) -> f64 {
        self.mean
    }

    /// Unbiased sample variance `M₂/(n − 1)`, `None` when `n < 2`.
    pub fn variance(&self) -> Option<f64> {
        (self.n >= 2).then(|| self.m2 / (self.n as f64 - 1.0))
    }

    /// The mean with its standard error `s/√n`.
    ///
    /// # Errors
    /// [`AnalysisError::TooFewSamples`] if `n < 2`.
    pub fn mean_estimate(&self) -> Result<MeanEstimate> {
        let var = self.variance().ok_or(AnalysisError::TooFewSamples {
            what: "mean_estimate",
            needed: 2,
            found: self.n as usize,
        })?;
        Ok(MeanEstimate {
            mean: self.mean,
            std_error: (var / self.n as f64).sqrt(),
            std_dev: var.sqrt(),
            n: self.n,
        })
    }

    /// The unbiased variance with its (large-sample) standard error
    ///
    /// ```text
    /// Var(s²) ≈ μ₄/n − σ⁴ (n − 3)/(n (n − 1)),   μ₄ ≈ M₄/n, σ² ≈ s².
    /// ```
    ///
    /// # Errors
    /// [`AnalysisError::TooFewSamples`] if `n < 4`.
    pub fn variance_estimate(&self) -> Result<MeanEstimate> {
        if self.n < 4 {
            return Err(AnalysisError::TooFewSamples {
                what: "variance_estimate",
                needed: 4,
                found: self.n as usize,
            });
        }
        let n = self.n as f64;
        let s2 = self.m2 / (n - 1.0);
        let mu4 = self.m4 / n;
        let var_s2 = (mu4 / n - s2 * s2 * (n - 3.0) / (n * (n - 1.0))).max(0.0);
        Ok(MeanEstimate {
            mean: s2,
            std_error: var_s2.sqrt(),
            std_dev: (var_s2 * n).sqrt(),
            n: self.n,
        })
    }
}

/// An estimate with its standard error.
///
/// For a sample mean, `mean = x̄`, `std_dev = s` (unbiased) and
/// `std_error = s/√n`; other estimators fill the same fields (for
/// [`MomentAccumulator::variance_estimate`], `mean` is `s²`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MeanEstimate {
    /// The point estimate.
    pub mean: f64,
    /// Its standard error.
    pub std_error: f64,
    /// Standard deviation of one observation (`std_error·√n`).
    pub std_dev: f64,
    /// Number of observations.
    pub n: u64,
}

impl MeanEstimate {
    /// Mean and standard error of a slice.
    ///
    /// # Errors
    /// [`AnalysisError::NonFiniteData`] for a NaN/infinite entry,
    /// [`AnalysisError::TooFewSamples`] if fewer than 2 entries.
    ///
    /// # Examples
    /// ```
    /// use sgdpde_analysis::MeanEstimate;
    /// let est = MeanEstimate::from_samples(&[2.0, 4.0, 6.0])?;
    /// assert_eq!(est.mean, 4.0);
    /// assert!((est.std_error - (4.0_f64 / 3.0).sqrt()).abs() < 1e-15);
    /// # Ok::<(), sgdpde_analysis::AnalysisError>(())
    /// ```
    pub fn from_samples(samples: &[f64]) -> Result<Self> {
        check_data("samples", samples)?;
        let mut acc = MomentAccumulator::new();
        for &x in samples {
            acc.push(x)?;
        }
        acc.mean_estimate()
    }

    /// Normal (large-sample) confidence interval `mean ± z·std_error`.
    ///
    /// # Errors
    /// [`AnalysisError::InvalidParameter`] unless `0 < level < 1`.
    pub fn ci(&self, level: f64) -> Result<ConfidenceInterval> {
        let z = normal_critical(level)?;
        Ok(ConfidenceInterval::symmetric(
            self.mean,
            z * self.std_error,
            level,
        ))
    }

    /// Student-t confidence interval with `n − 1` degrees of freedom (exact
    /// for normal data).
    ///
    /// # Errors
    /// [`AnalysisError::InvalidParameter`] unless `0 < level < 1`.
    pub fn ci_student(&self, level: f64) -> Result<ConfidenceInterval> {
        let t = student_t_critical(level, (self.n.max(2) - 1) as f64)?;
        Ok(ConfidenceInterval::symmetric(
            self.mean,
            t * self.std_error,
            level,
        ))
    }

    /// `|mean − value| / std_error`: how many standard errors separate the
    /// estimate from a reference value (∞ if the standard error is 0 and they
    /// differ).
    pub fn z_score(&self, value: f64) -> f64 {
        let d = (self.mean - value).abs();
        if d == 0.0 { 0.0 } else { d / self.std_error }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two_pass(data: &[f64]) -> (f64, f64, f64, f64) {
        let n = data.len() as f64;
        let m = data.iter().sum::<f64>() / n;
        let c = |k: i32| data.iter().map(|x| (x - m).powi(k)).sum::<f64>();
        (m, c(2), c(3), c(4))
    }

    fn data() -> Vec<f64> {
        // A deterministic, skewed sequence (no generator needed).
        (0..200)
            .map(|i| ((i as f64 * 0.7).sin() + 1.3).powi(3) + 1e3)
            .collect()
    }

    #[test]
    fn streaming_moments_match_two_pass() {
        let d = data();
        let mut a = MomentAccumulator::new();
        d.iter().for_each(|&x| a.push(x).unwrap());
        let (m, m2, m3, m4) = two_pass(&d);
        // Welford is backward stable: relative errors ~ n·ε.
        assert!((a.mean - m).abs() < 1e-13 * m);
        assert!((a.m2 - m2).abs() < 1e-11 * m2);
        assert!((a.m3 - m3).abs() < 1e-9 * m2.powf(1.5));
        assert!((a.m4 - m4).abs() < 1e-10 * m4);
    }

    #[test]
    fn merge_equals_sequential() {
        let d = data();
        let mut whole = MomentAccumulator::new();
        d.iter().for_each(|&x| whole.push(x).unwrap());
        let mut merged = MomentAccumulator::new();
        for chunk in d.chunks(37) {
            let mut part = MomentAccumulator::new();
            chunk.iter().for_each(|&x| part.push(x).unwrap());
            merged.merge(&part);
        }
        assert_eq!(merged.n, whole.n);
        assert!((merged.mean - whole.mean).abs() < 1e-13 * whole.mean);
        assert!((merged.m2 - whole.m2).abs() < 1e-11 * whole.m2);
        assert!((merged.m4 - whole.m4).abs() < 1e-10 * whole.m4);
    }

    #[test]
    fn variance_standard_error_by_hand() {
        // Data 1, 2, 3, 4: s² = 5/3, μ₄ = (2·1.5⁴ + 2·0.5⁴)/4 = 2.5625,
        // Var(s²) = 2.5625/4 − (25/9)·1/(4·3).
        let mut a = MomentAccumulator::new();
        for x in [1.0, 2.0, 3.0, 4.0] {
            a.push(x).unwrap();
        }
        let v = a.variance_estimate().unwrap();
        assert!((v.mean - 5.0 / 3.0).abs() < 1e-15);
        let exact = (2.5625 / 4.0 - 25.0 / 9.0 / 12.0_f64).sqrt();
        assert!((v.std_error - exact).abs() < 1e-15);
    }

    #[test]
    fn confidence_intervals_use_the_right_quantiles() {
        let est = MeanEstimate {
            mean: 1.0,
            std_error: 0.5,
            std_dev: 1.0,
            n: 4,
        };
        let ci = est.ci(0.95).unwrap();
        assert!((ci.half_width() - 0.5 * 1.959_963_984_540_054).abs() < 1e-12);
        // 3 dof: t_{0.975} = 3.182446305284263.
        let ct = est.ci_student(0.95).unwrap();
        assert!((ct.half_width() - 0.5 * 3.182_446_305_283_71).abs() < 1e-9);
        assert_eq!(est.z_score(2.0), 2.0);
    }

    #[test]
    fn bad_inputs_are_typed_errors() {
        let mut a = MomentAccumulator::new();
        a.push(1.0).unwrap();
        assert!(matches!(
            a.push(f64::NAN),
            Err(AnalysisError::NonFiniteData { index: 1, .. })
        ));
        assert_eq!(a.count(), 1);
        assert!(matches!(
            a.mean_estimate(),
            Err(AnalysisError::TooFewSamples { found: 1, .. })
        ));
        assert!(MeanEstimate::from_samples(&[1.0, f64::INFINITY]).is_err());
    }
}
