//! Histograms and Gaussian kernel densities on a given grid.

use serde::{Deserialize, Serialize};

use crate::error::{AnalysisError, Result, check_data, check_positive};

/// A histogram on fixed, strictly increasing bin edges, with under- and
/// overflow counts and per-bin standard errors.
///
/// # Formula
/// For `N` samples (including those outside), bin `k = [e_k, e_{k+1})` (the
/// last bin closed) with `c_k` counts: density `c_k/(N w_k)`, and since
/// `c_k ~ Bin(N, p_k)`, standard error `√(p̂_k(1 − p̂_k)/N)/w_k`.
///
/// # Examples
/// ```
/// use sgdpde_analysis::Histogram;
/// let mut h = Histogram::new(&[0.0, 1.0, 2.0])?;
/// for x in [0.5, 1.5, 1.7, 2.0, 3.0] { h.push(x)?; }
/// assert_eq!(h.counts(), &[1, 3]);
/// assert_eq!(h.overflow(), 1);
/// # Ok::<(), sgdpde_analysis::AnalysisError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Histogram {
    edges: Vec<f64>,
    counts: Vec<u64>,
    underflow: u64,
    overflow: u64,
}

impl Histogram {
    /// An empty histogram on `edges` (at least two, strictly increasing).
    ///
    /// # Errors
    /// [`AnalysisError::TooFewSamples`] for fewer than 2 edges,
    /// [`AnalysisError::NonFiniteData`] for a non-finite edge,
    /// [`AnalysisError::InvalidInterval`] if edges do not increase strictly.
    pub fn new(edges: &[f64]) -> Result<Self> {
        if edges.len() < 2 {
            return Err(AnalysisError::TooFewSamples {
                what: "histogram edges",
                needed: 2,
                found: edges.len(),
            });
        }
        check_data("edges", edges)?;
        if let Some(w) = edges.windows(2).find(|w| w[1] <= w[0]) {
            return Err(AnalysisError::InvalidInterval {
                what: "histogram bin",
                lo: w[0],
                hi: w[1],
            });
        }
        Ok(Self {
            edges: edges.to_vec(),
            counts: vec![0; edges.len() - 1],
            underflow: 0,
            overflow: 0,
        })
    }

    /// `bins` equal bins on `[lo, hi]`.
    ///
    /// # Errors
    /// As [`Histogram::new`]; [`AnalysisError::InvalidParameter`] if `bins == 0`.
    pub fn uniform(lo: f64, hi: f64, bins: usize) -> Result<Self> {
        if bins == 0 {
            return Err(AnalysisError::InvalidParameter {
                name: "bins",
                value: 0.0,
                constraint: "≥ 1",
            });
        }
        let edges: Vec<f64> = (0..=bins)
            .map(|k| lo + (hi - lo) * k as f64 / bins as f64)
            .collect();
        Self::new(&edges)
    }

    /// Adds a sample.
    ///
    /// # Errors
    /// [`AnalysisError::NonFiniteData`] for NaN/infinite `x` (not counted).
    pub fn push(&mut self, x: f64) -> Result<()> {
        if !x.is_finite() {
            return Err(AnalysisError::NonFiniteData {
                what: "histogram sample",
                index: self.total() as usize,
                value: x,
            });
        }
        let last = *self.edges.last().expect("≥ 2 edges");
        if x < self.edges[0] {
            self.underflow += 1;
        } else if x > last {
            self.overflow += 1;
        } else {
            let k = self
                .edges
                .partition_point(|e| *e <= x)
                .min(self.counts.len());
            self.counts[k - 1] += 1;
        }
        Ok(())
    }

    /// Adds the counts of another histogram with identical edges.
    ///
    /// # Errors
    /// [`AnalysisError::DimensionMismatch`] if the edges differ.
    pub fn merge(&mut self, other: &Self) -> Result<()> {
        if self.edges != other.edges {
            return Err(AnalysisError::DimensionMismatch {
                what: "histogram edges",
                expected: self.edges.len(),
                found: other.edges.len(),
            });
        }
        self.counts
            .iter_mut()
            .zip(&other.counts)
            .for_each(|(a, b)| *a += b);
        self.underflow += other.underflow;
        self.overflow += other.overflow;
        Ok(())
    }

    /// The bin edges.
    pub fn edges(&self) -> &[f64] {
        &self.edges
    }

    /// Counts per bin.
    pub fn counts(&self) -> &[u64] {
        &self.counts
    }

    /// Samples below the first edge.
    pub fn underflow(&self) -> u64 {
        self.underflow
    }

    /// Samples above the last edge.
    pub fn overflow(&self) -> u64 {
        self.overflow
    }

    /// All samples, inside and outside.
    pub fn total(&self) -> u64 {
        self.counts.iter().sum::<u64>() + self.underflow + self.overflow
    }

    /// Bin centres.
    pub fn centres(&self) -> Vec<f64> {
        self.edges.windows(2).map(|w| 0.5 * (w[0] + w[1])).collect()
    }

    /// Density `c_k/(N w_k)` per bin (normalised by all samples, so it
    /// integrates to the fraction inside the edges); zeros when empty.
    pub fn density(&self) -> Vec<f64> {
        let n = self.total().max(1) as f64;
        self.counts
            .iter()
            .zip(self.edges.windows(2))
            .map(|(&c, w)| c as f64 / (n * (w[1] - w[0])))
            .collect()
    }

    /// Binomial standard error of each density value.
    pub fn density_std_error(&self) -> Vec<f64> {
        let n = self.total().max(1) as f64;
        self.counts
            .iter()
            .zip(self.edges.windows(2))
            .map(|(&c, w)| {
                let p = c as f64 / n;
                (p * (1.0 - p) / n).sqrt() / (w[1] - w[0])
            })
            .collect()
    }
}

/// Silverman's rule-of-thumb bandwidth `0.9 min(s, IQR/1.34) n^{−1/5}`.
///
/// # Errors
/// [`AnalysisError::TooFewSamples`] for fewer than 2 samples,
/// [`AnalysisError::NonFiniteData`], [`AnalysisError::DegenerateData`] if the
/// spread is zero.
pub fn silverman_bandwidth(samples: &[f64]) -> Result<f64> {
    check_data("samples", samples)?;
    let n = samples.len();
    if n < 2 {
        return Err(AnalysisError::TooFewSamples {
            what: "silverman_bandwidth",
            needed: 2,
            found: n,
        });
    }
    let mean = samples.iter().sum::<f64>() / n as f64;
    let s = (samples.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt();
    let mut x = samples.to_vec();
    x.sort_by(f64::total_cmp);
    let q = |p: f64| {
        let h = (n - 1) as f64 * p;
        let lo = h.floor() as usize;
        let hi = (lo + 1).min(n - 1);
        x[lo] + (h - lo as f64) * (x[hi] - x[lo])
    };
    let iqr = q(0.75) - q(0.25);
    let spread = if iqr > 0.0 { s.min(iqr / 1.34) } else { s };
    if spread <= 0.0 {
        return Err(AnalysisError::DegenerateData {
            what: "silverman_bandwidth",
            reason: "all samples are equal",
        });
    }
    Ok(0.9 * spread * (n as f64).powf(-0.2))
}

/// Gaussian kernel density estimate `f̂(x) = (1/(n h)) Σ φ((x − Xᵢ)/h)` at
/// each grid point.
///
/// # Errors
/// [`AnalysisError::InvalidParameter`] unless `bandwidth > 0`;
/// [`AnalysisError::TooFewSamples`] if `samples` is empty;
/// [`AnalysisError::NonFiniteData`] for a non-finite sample or grid point.
///
/// # Examples
/// ```
/// use sgdpde_analysis::gaussian_kde;
/// let f = gaussian_kde(&[0.0], &[0.0, 1.0], 1.0)?;
/// assert!((f[0] - 1.0 / (2.0 * std::f64::consts::PI).sqrt()).abs() < 1e-15);
/// # Ok::<(), sgdpde_analysis::AnalysisError>(())
/// ```
///
/// # References
/// Silverman, *Density Estimation for Statistics and Data Analysis* (1986), §3.4.
pub fn gaussian_kde(samples: &[f64], grid: &[f64], bandwidth: f64) -> Result<Vec<f64>> {
    let h = check_positive("bandwidth", bandwidth)?;
    check_data("samples", samples)?;
    check_data("grid", grid)?;
    if samples.is_empty() {
        return Err(AnalysisError::TooFewSamples {
            what: "gaussian_kde",
            needed: 1,
            found: 0,
        });
    }
    let norm = 1.0 / (samples.len() as f64 * h * (2.0 * std::f64::consts::PI).sqrt());
    Ok(grid
        .iter()
        .map(|&x| {
            norm * samples
                .iter()
                .map(|&xi| {
                    let z = (x - xi) / h;
                    (-0.5 * z * z).exp()
                })
                .sum::<f64>()
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_counts_and_density_by_hand() {
        let mut h = Histogram::new(&[0.0, 0.5, 2.0]).unwrap();
        for x in [-1.0, 0.0, 0.25, 0.5, 1.0, 2.0, 2.5] {
            h.push(x).unwrap();
        }
        // [0, .5): 0, 0.25; [.5, 2]: 0.5, 1, 2 (last bin closed).
        assert_eq!(h.counts(), &[2, 3]);
        assert_eq!((h.underflow(), h.overflow(), h.total()), (1, 1, 7));
        let d = h.density();
        assert!((d[0] - 2.0 / (7.0 * 0.5)).abs() < 1e-15);
        assert!((d[1] - 3.0 / (7.0 * 1.5)).abs() < 1e-15);
        let se = h.density_std_error();
        assert!((se[0] - (2.0 / 7.0 * 5.0 / 7.0 / 7.0_f64).sqrt() / 0.5).abs() < 1e-15);
        let mut g = h.clone();
        g.merge(&h).unwrap();
        assert_eq!(g.counts(), &[4, 6]);
    }

    #[test]
    fn kde_integrates_to_one_and_has_the_right_variance() {
        // Exact moments of the KDE: mass 1, mean x̄, variance (1/n)Σ(xᵢ − x̄)² + h².
        let xs = [-0.3, 0.1, 0.4, 1.2];
        let h = 0.25;
        let grid: Vec<f64> = (0..=4000).map(|i| -4.0 + 0.002 * i as f64).collect();
        let f = gaussian_kde(&xs, &grid, h).unwrap();
        // Trapezoid on a smooth, rapidly decaying integrand: error ≪ 1e-10.
        let trap = |g: &dyn Fn(f64) -> f64| {
            grid.windows(2)
                .zip(f.windows(2))
                .map(|(x, y)| 0.5 * (x[1] - x[0]) * (y[0] * g(x[0]) + y[1] * g(x[1])))
                .sum::<f64>()
        };
        assert!((trap(&|_| 1.0) - 1.0).abs() < 1e-10);
        let mean = xs.iter().sum::<f64>() / 4.0;
        assert!((trap(&|x| x) - mean).abs() < 1e-10);
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / 4.0 + h * h;
        assert!((trap(&|x| (x - mean).powi(2)) - var).abs() < 1e-10);
    }

    #[test]
    fn silverman_by_hand() {
        // 1..=5: s = √2.5, IQR (type 7) = 4 − 2 = 2, 2/1.34 < √2.5.
        let b = silverman_bandwidth(&[1.0, 2.0, 3.0, 4.0, 5.0]).unwrap();
        assert!((b - 0.9 * (2.0 / 1.34) * 5.0_f64.powf(-0.2)).abs() < 1e-15);
    }

    #[test]
    fn bad_inputs_are_typed_errors() {
        assert!(matches!(
            Histogram::new(&[0.0, 1.0, 1.0]),
            Err(AnalysisError::InvalidInterval { .. })
        ));
        assert!(Histogram::new(&[0.0]).is_err());
        assert!(Histogram::uniform(0.0, 1.0, 0).is_err());
        let mut h = Histogram::uniform(0.0, 1.0, 4).unwrap();
        assert!(h.push(f64::NAN).is_err());
        assert_eq!(h.total(), 0);
        assert!(gaussian_kde(&[0.0], &[0.0], 0.0).is_err());
        assert!(gaussian_kde(&[], &[0.0], 1.0).is_err());
        assert!(silverman_bandwidth(&[1.0, 1.0, 1.0]).is_err());
    }
}
