//! Concentration around minima: mass in a ball, mean squared distance, basin
//! masses — from samples (with standard errors) or from grid densities.

use serde::{Deserialize, Serialize};

use crate::error::{AnalysisError, Result, check_data, check_level};
use crate::interval::ConfidenceInterval;
use crate::mean_estimate::{MeanEstimate, MomentAccumulator};
use crate::special::normal_critical;

/// A proportion `p̂ = k/n` with its binomial standard error `√(p̂(1 − p̂)/n)`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ProportionEstimate {
    /// Successes `k`.
    pub successes: u64,
    /// Trials `n`.
    pub n: u64,
    /// `k/n`.
    pub p: f64,
    /// `√(p̂(1 − p̂)/n)`.
    pub std_error: f64,
}

impl ProportionEstimate {
    /// `k` successes out of `n`.
    ///
    /// # Errors
    /// [`AnalysisError::TooFewSamples`] if `n == 0`;
    /// [`AnalysisError::InvalidParameter`] if `k > n`.
    pub fn new(successes: u64, n: u64) -> Result<Self> {
        if n == 0 {
            return Err(AnalysisError::TooFewSamples {
                what: "proportion",
                needed: 1,
                found: 0,
            });
        }
        if successes > n {
            return Err(AnalysisError::InvalidParameter {
                name: "successes",
                value: successes as f64,
                constraint: "≤ n",
            });
        }
        let p = successes as f64 / n as f64;
        Ok(Self {
            successes,
            n,
            p,
            std_error: (p * (1.0 - p) / n as f64).sqrt(),
        })
    }

    /// Wilson score interval (good coverage even near 0 and 1):
    /// `(p̂ + z²/2n ± z√(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n)`.
    ///
    /// # Errors
    /// [`AnalysisError::InvalidParameter`] unless `0 < level < 1`.
    ///
    /// # References
    /// Wilson, JASA 22 (1927); Brown, Cai, DasGupta, Stat. Sci. 16 (2001).
    pub fn wilson_ci(&self, level: f64) -> Result<ConfidenceInterval> {
        let level = check_level(level)?;
        let z = normal_critical(level)?;
        let n = self.n as f64;
        let z2 = z * z;
        let centre = (self.p + z2 / (2.0 * n)) / (1.0 + z2 / n);
        let half = z * (self.p * (1.0 - self.p) / n + z2 / (4.0 * n * n)).sqrt() / (1.0 + z2 / n);
        Ok(ConfidenceInterval {
            lo: (centre - half).max(0.0),
            hi: (centre + half).min(1.0),
            level,
        })
    }
}

fn check_points(points: &[f64], dim: usize, centre: &[f64]) -> Result<usize> {
    if dim == 0 || !points.len().is_multiple_of(dim) {
        return Err(AnalysisError::DimensionMismatch {
            what: "points (n × dim, row-major)",
            expected: dim,
            found: points.len(),
        });
    }
    if centre.len() != dim {
        return Err(AnalysisError::DimensionMismatch {
            what: "centre",
            expected: dim,
            found: centre.len(),
        });
    }
    check_data("points", points)?;
    check_data("centre", centre)?;
    Ok(points.len() / dim)
}

fn sq_dist(x: &[f64], c: &[f64]) -> f64 {
    x.iter().zip(c).map(|(a, b)| (a - b) * (a - b)).sum()
}

/// Fraction of sample points with `|X − x*| ≤ radius`.
///
/// # Errors
/// [`AnalysisError::DimensionMismatch`] if `points.len()` is not a multiple
/// of `dim` or `centre.len() ≠ dim`; [`AnalysisError::NonFiniteData`];
/// [`AnalysisError::InvalidParameter`] for a negative/non-finite radius;
/// [`AnalysisError::TooFewSamples`] for no points.
///
/// # Examples
/// ```
/// use sgdpde_analysis::mass_in_ball;
/// // Points (0,0), (1,0), (3,0) in 2-D; ball of radius 1 around the origin.
/// let m = mass_in_ball(&[0.0, 0.0, 1.0, 0.0, 3.0, 0.0], 2, &[0.0, 0.0], 1.0)?;
/// assert_eq!((m.successes, m.n), (2, 3));
/// # Ok::<(), sgdpde_analysis::AnalysisError>(())
/// ```
pub fn mass_in_ball(
    points: &[f64],
    dim: usize,
    centre: &[f64],
    radius: f64,
) -> Result<ProportionEstimate> {
    let n = check_points(points, dim, centre)?;
    if !(radius.is_finite() && radius >= 0.0) {
        return Err(AnalysisError::InvalidParameter {
            name: "radius",
            value: radius,
            constraint: "finite and ≥ 0",
        });
    }
    let r2 = radius * radius;
    let k = points
        .chunks_exact(dim)
        .filter(|x| sq_dist(x, centre) <= r2)
        .count();
    ProportionEstimate::new(k as u64, n as u64)
}

/// `E|X − x*|²` with its standard error, from sample points.
///
/// # Errors
/// As [`mass_in_ball`]; [`AnalysisError::TooFewSamples`] for fewer than 2 points.
///
/// # Examples
/// ```
/// use sgdpde_analysis::mean_squared_distance;
/// let m = mean_squared_distance(&[1.0, 0.0, 0.0, 2.0], 2, &[0.0, 0.0])?;
/// assert_eq!(m.mean, 2.5);
/// # Ok::<(), sgdpde_analysis::AnalysisError>(())
/// ```
pub fn mean_squared_distance(points: &[f64], dim: usize, centre: &[f64]) -> Result<MeanEstimate> {
    check_points(points, dim, centre)?;
    let mut acc = MomentAccumulator::new();
    for x in points.chunks_exact(dim) {
        acc.push(sq_dist(x, centre))?;
    }
    acc.mean_estimate()
}

/// Basin masses from labels `0..basins` (e.g. the index of the minimum each
/// sample's gradient flow reaches), each with its binomial standard error.
///
/// # Errors
/// [`AnalysisError::TooFewSamples`] for no labels;
/// [`AnalysisError::InvalidParameter`] for a label `≥ basins`.
///
/// # Examples
/// ```
/// use sgdpde_analysis::basin_masses;
/// let m = basin_masses(&[0, 1, 1, 0, 1], 2)?;
/// assert_eq!(m[1].p, 0.6);
/// # Ok::<(), sgdpde_analysis::AnalysisError>(())
/// ```
pub fn basin_masses(labels: &[usize], basins: usize) -> Result<Vec<ProportionEstimate>> {
    let mut counts = vec![0u64; basins];
    for &l in labels {
        if l >= basins {
            return Err(AnalysisError::InvalidParameter {
                name: "label",
                value: l as f64,
                constraint: "< basins",
            });
        }
        counts[l] += 1;
    }
    counts
        .iter()
        .map(|&k| ProportionEstimate::new(k, labels.len() as u64))
        .collect()
}

/// Mass of a grid density within `radius` of `centre`: `Σ_{|xᵢ − x*| ≤ r} uᵢ ΔVᵢ`
/// over cell centres `xᵢ` (n × dim, row-major). First order in the cell size
/// (cells cut by the sphere are counted whole or not at all).
///
/// # Errors
/// As [`mass_in_ball`], plus [`AnalysisError::DimensionMismatch`] if
/// `density`/`volumes` do not have one entry per cell.
pub fn grid_mass_in_ball(
    centres: &[f64],
    dim: usize,
    density: &[f64],
    volumes: &[f64],
    centre: &[f64],
    radius: f64,
) -> Result<f64> {
    let n = check_points(centres, dim, centre)?;
    for (what, v) in [("density", density), ("volumes", volumes)] {
        if v.len() != n {
            return Err(AnalysisError::DimensionMismatch {
                what,
                expected: n,
                found: v.len(),
            });
        }
        check_data(what, v)?;
    }
    let r2 = radius * radius;
    Ok(centres
        .chunks_exact(dim)
        .zip(density.iter().zip(volumes))
        .filter(|(x, _)| sq_dist(x, centre) <= r2)
        .map(|(_, (u, w))| u * w)
        .sum())
}

/// `∫ |x − x*|² u(x) dx ≈ Σ |xᵢ − x*|² uᵢ ΔVᵢ` for a grid density (midpoint
/// rule, second order).
///
/// # Errors
/// As [`grid_mass_in_ball`].
pub fn grid_mean_squared_distance(
    centres: &[f64],
    dim: usize,
    density: &[f64],
    volumes: &[f64],
    centre: &[f64],
) -> Result<f64> {
    let n = check_points(centres, dim, centre)?;
    for (what, v) in [("density", density), ("volumes", volumes)] {
        if v.len() != n {
            return Err(AnalysisError::DimensionMismatch {
                what,
                expected: n,
                found: v.len(),
            });
        }
        check_data(what, v)?;
    }
    Ok(centres
        .chunks_exact(dim)
        .zip(density.iter().zip(volumes))
        .map(|(x, (u, w))| sq_dist(x, centre) * u * w)
        .sum())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_measures_by_hand() {
        // 1-D points −1, 0, 0.5, 2 around 0: |x|² = 1, 0, ¼, 4.
        let pts = [-1.0, 0.0, 0.5, 2.0];
        let m = mass_in_ball(&pts, 1, &[0.0], 1.0).unwrap();
        assert_eq!(m.successes, 3);
        assert!((m.std_error - (0.75 * 0.25 / 4.0_f64).sqrt()).abs() < 1e-15);
        let d = mean_squared_distance(&pts, 1, &[0.0]).unwrap();
        assert!((d.mean - 5.25 / 4.0).abs() < 1e-15);
        let mean = 5.25 / 4.0;
        let var = [1.0, 0.0, 0.25, 4.0]
            .iter()
            .map(|x: &f64| (x - mean).powi(2))
            .sum::<f64>()
            / 3.0;
        assert!((d.std_error - (var / 4.0).sqrt()).abs() < 1e-15);
    }

    #[test]
    fn wilson_interval_by_hand() {
        // k = 0, n = 10, z = 1.96: [0, z²/(n + z²)].
        let p = ProportionEstimate::new(0, 10).unwrap();
        let ci = p.wilson_ci(0.95).unwrap();
        let z2 = 1.959_963_984_540_054_f64.powi(2);
        assert_eq!(ci.lo, 0.0);
        assert!((ci.hi - z2 / (10.0 + z2)).abs() < 1e-12);
        let m = basin_masses(&[2, 0, 2, 2], 3).unwrap();
        assert_eq!((m[0].p, m[1].p, m[2].p), (0.25, 0.0, 0.75));
    }

    #[test]
    fn grid_measures_of_a_gaussian() {
        // N(0, s²) in 1-D on cells of width h: mass within one s is
        // erf(1/√2) up to O(h) cut cells; second moment s² (midpoint, spectral).
        let (s, h) = (0.5_f64, 1e-3);
        let centres: Vec<f64> = (0..8000).map(|i| -4.0 + (i as f64 + 0.5) * h).collect();
        let u: Vec<f64> = centres
            .iter()
            .map(|x| (-x * x / (2.0 * s * s)).exp() / (s * (2.0 * std::f64::consts::PI).sqrt()))
            .collect();
        let vol = vec![h; centres.len()];
        let m = grid_mass_in_ball(&centres, 1, &u, &vol, &[0.0], s).unwrap();
        // Error ≤ density at the edge × one cell on each side.
        let edge = 2.0 * h * (-0.5_f64).exp() / (s * (2.0 * std::f64::consts::PI).sqrt());
        assert!((m - 0.682_689_492_137_085_9).abs() <= edge);
        let v = grid_mean_squared_distance(&centres, 1, &u, &vol, &[0.0]).unwrap();
        assert!((v - s * s).abs() < 1e-10);
    }

    #[test]
    fn bad_inputs_are_typed_errors() {
        assert!(matches!(
            mass_in_ball(&[0.0, 1.0, 2.0], 2, &[0.0, 0.0], 1.0),
            Err(AnalysisError::DimensionMismatch { .. })
        ));
        assert!(mass_in_ball(&[0.0, 1.0], 1, &[0.0], -1.0).is_err());
        assert!(mass_in_ball(&[], 1, &[0.0], 1.0).is_err());
        assert!(mean_squared_distance(&[0.0, f64::NAN], 1, &[0.0]).is_err());
        assert!(basin_masses(&[0, 3], 2).is_err());
        assert!(ProportionEstimate::new(3, 2).is_err());
        assert!(grid_mass_in_ball(&[0.0, 1.0], 1, &[1.0], &[1.0, 1.0], &[0.0], 1.0).is_err());
    }
}
