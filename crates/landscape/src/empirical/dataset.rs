//! A data set of `N` samples with `p` features and a scalar target, and its
//! explicit standardisation.

use crate::error::{LandscapeError, Result};

/// `N` samples `(aᵢ, yᵢ)` with `aᵢ ∈ Rᵖ` stored row-major, `yᵢ ∈ R`.
///
/// Validated at construction: non-empty, consistent sizes, every value finite.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    name: String,
    n: usize,
    p: usize,
    features: Vec<f64>,
    targets: Vec<f64>,
}

/// The affine map applied by [`Dataset::standardised`]: feature `k` became
/// `(a_k − mean[k]) / scale[k]`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Standardisation {
    /// Column means before standardisation.
    pub mean: Vec<f64>,
    /// Column population standard deviations (1 for a constant column, which
    /// is only centred).
    pub scale: Vec<f64>,
}

impl Dataset {
    /// Builds a data set from row-major `features` (`N × p`) and `targets` (`N`).
    ///
    /// # Errors
    /// * [`LandscapeError::EmptyDataset`] if there are no samples or no features;
    /// * [`LandscapeError::DimensionMismatch`] if `features.len() != N·p`;
    /// * [`LandscapeError::NonFiniteData`] naming the first non-finite entry
    ///   (`column == p` denotes the target).
    pub fn new(
        name: &str,
        features: Vec<f64>,
        n_features: usize,
        targets: Vec<f64>,
    ) -> Result<Self> {
        let n = targets.len();
        if n == 0 || n_features == 0 {
            return Err(LandscapeError::EmptyDataset {
                name: name.to_owned(),
            });
        }
        if features.len() != n * n_features {
            return Err(LandscapeError::DimensionMismatch {
                what: "features (N × p, row-major)",
                expected: n * n_features,
                found: features.len(),
            });
        }
        if let Some(k) = features.iter().position(|v| !v.is_finite()) {
            return Err(LandscapeError::NonFiniteData {
                row: k / n_features,
                column: k % n_features,
                value: features[k],
            });
        }
        if let Some(i) = targets.iter().position(|v| !v.is_finite()) {
            return Err(LandscapeError::NonFiniteData {
                row: i,
                column: n_features,
                value: targets[i],
            });
        }
        Ok(Self {
            name: name.to_owned(),
            n,
            p: n_features,
            features,
            targets,
        })
    }

    /// Name (for reports).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Number of samples `N`.
    pub fn n_samples(&self) -> usize {
        self.n
    }

    /// Number of features `p`.
    pub fn n_features(&self) -> usize {
        self.p
    }

    /// Features of sample `i`.
    #[inline]
    pub fn row(&self, i: usize) -> &[f64] {
        &self.features[i * self.p..(i + 1) * self.p]
    }

    /// Target of sample `i`.
    #[inline]
    pub fn target(&self, i: usize) -> f64 {
        self.targets[i]
    }

    /// `acc += c · aᵢ` (the per-sample gradient of a linear model is a
    /// multiple of its feature row).
    #[inline]
    pub fn add_scaled_row(&self, i: usize, c: f64, acc: &mut [f64]) {
        for (g, a) in acc.iter_mut().zip(self.row(i)) {
            *g += c * a;
        }
    }

    /// Writes the weighted Gram matrix `Σᵢ wᵢ aᵢ aᵢᵀ` (row-major `p × p`)
    /// into `out` — the Hessian of every linear model up to its weights.
    pub fn weighted_gram_into(&self, weight: impl Fn(usize) -> f64, out: &mut [f64]) {
        let p = self.p;
        out.fill(0.0);
        for i in 0..self.n {
            let (w, a) = (weight(i), self.row(i));
            for r in 0..p {
                for c in 0..p {
                    out[r * p + c] += w * a[r] * a[c];
                }
            }
        }
    }

    /// All features, row-major.
    pub fn features(&self) -> &[f64] {
        &self.features
    }

    /// All targets.
    pub fn targets(&self) -> &[f64] {
        &self.targets
    }

    /// Every feature column shifted to mean 0 and scaled to population
    /// standard deviation 1 (constant columns are only centred). Targets are
    /// unchanged. Returns the map that was applied.
    pub fn standardised(&self) -> (Self, Standardisation) {
        let (n, p) = (self.n as f64, self.p);
        let mut mean = vec![0.0; p];
        for i in 0..self.n {
            for (m, a) in mean.iter_mut().zip(self.row(i)) {
                *m += a / n;
            }
        }
        let mut scale = vec![0.0; p];
        for i in 0..self.n {
            for k in 0..p {
                let c = self.row(i)[k] - mean[k];
                scale[k] += c * c / n;
            }
        }
        for s in &mut scale {
            *s = if *s > 0.0 { s.sqrt() } else { 1.0 };
        }
        let features = self
            .features
            .chunks_exact(p)
            .flat_map(|r| {
                r.iter()
                    .zip(&mean)
                    .zip(&scale)
                    .map(|((a, m), s)| (a - m) / s)
            })
            .collect();
        let out = Self {
            features,
            ..self.clone()
        };
        (out, Standardisation { mean, scale })
    }

    /// The same data with the target centred to mean 0 (for least squares
    /// without intercept). Returns the data and the removed mean.
    pub fn target_centred(&self) -> (Self, f64) {
        let m = self.targets.iter().sum::<f64>() / self.n as f64;
        let targets = self.targets.iter().map(|y| y - m).collect();
        (
            Self {
                targets,
                ..self.clone()
            },
            m,
        )
    }

    /// The same data with a constant feature `1` appended (an intercept).
    pub fn with_intercept(&self) -> Self {
        let p = self.p + 1;
        let features = self
            .features
            .chunks_exact(self.p)
            .flat_map(|r| r.iter().copied().chain([1.0]))
            .collect();
        Self {
            p,
            features,
            ..self.clone()
        }
    }

    /// The samples whose target satisfies `keep`, with targets mapped by `relabel`.
    ///
    /// # Errors
    /// [`LandscapeError::EmptyDataset`] if no sample is kept.
    pub fn filter_map_targets(
        &self,
        name: &str,
        keep: impl Fn(f64) -> Option<f64>,
    ) -> Result<Self> {
        let mut features = Vec::new();
        let mut targets = Vec::new();
        for i in 0..self.n {
            if let Some(y) = keep(self.targets[i]) {
                features.extend_from_slice(self.row(i));
                targets.push(y);
            }
        }
        Self::new(name, features, self.p, targets)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standardisation_gives_zero_mean_unit_variance() {
        let d = Dataset::new(
            "t",
            vec![1.0, 5.0, 2.0, 5.0, 6.0, 5.0],
            2,
            vec![0.0, 1.0, 2.0],
        )
        .unwrap();
        let (s, map) = d.standardised();
        assert_eq!(map.mean, vec![3.0, 5.0]);
        assert_eq!(map.scale[1], 1.0, "constant column only centred");
        let col0: Vec<f64> = (0..3).map(|i| s.row(i)[0]).collect();
        let m: f64 = col0.iter().sum::<f64>() / 3.0;
        let v: f64 = col0.iter().map(|c| (c - m) * (c - m)).sum::<f64>() / 3.0;
        assert!(m.abs() < 1e-15 && (v - 1.0).abs() < 1e-14);
        assert_eq!(
            (0..3).map(|i| s.row(i)[1]).collect::<Vec<_>>(),
            vec![0.0; 3]
        );
    }

    #[test]
    fn invalid_data_is_rejected_with_location() {
        assert!(matches!(
            Dataset::new("e", vec![], 2, vec![]),
            Err(LandscapeError::EmptyDataset { .. })
        ));
        assert!(matches!(
            Dataset::new("m", vec![1.0; 5], 2, vec![0.0; 3]),
            Err(LandscapeError::DimensionMismatch {
                expected: 6,
                found: 5,
                ..
            })
        ));
        assert!(matches!(
            Dataset::new("n", vec![1.0, 2.0, f64::NAN, 4.0], 2, vec![0.0; 2]),
            Err(LandscapeError::NonFiniteData {
                row: 1,
                column: 0,
                ..
            })
        ));
        assert!(matches!(
            Dataset::new("t", vec![1.0; 4], 2, vec![0.0, f64::INFINITY]),
            Err(LandscapeError::NonFiniteData {
                row: 1,
                column: 2,
                ..
            })
        ));
    }

    #[test]
    fn intercept_appends_a_ones_column() {
        let d = Dataset::new("t", vec![1.0, 2.0, 3.0, 4.0], 2, vec![0.0, 1.0])
            .unwrap()
            .with_intercept();
        assert_eq!(d.n_features(), 3);
        assert_eq!(d.row(1), &[3.0, 4.0, 1.0]);
    }
}
