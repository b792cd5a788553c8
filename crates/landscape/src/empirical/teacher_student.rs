//! Synthetic teacher–student regression data for the over-parameterised
//! regime (`d > N`).

use rand::Rng;
use rand_distr::{Distribution, StandardNormal};

use super::dataset::Dataset;
use crate::error::{LandscapeError, Result};

/// `N` samples `aᵢ ~ N(0, I_d/d)` (rows of norm ≈ 1) with targets
/// `yᵢ = aᵢ·w* + σ ξᵢ` from a teacher `w* ~ N(0, I_d)`, `ξᵢ ~ N(0, 1)`.
/// Returns the data and the teacher.
///
/// With `d > N` and `σ = 0`, least squares on this data interpolates: the
/// minimisers form the affine set `w* + ker A`, every per-sample loss vanishes
/// there and so does the gradient covariance Σ (shared/math.md §2).
///
/// # Errors
/// [`LandscapeError::InvalidParameter`] if `n` or `d` is 0 or `noise_sd` is
/// negative or non-finite.
pub fn teacher_student<R: Rng + ?Sized>(
    rng: &mut R,
    n: usize,
    d: usize,
    noise_sd: f64,
) -> Result<(Dataset, Vec<f64>)> {
    if n == 0 || d == 0 {
        return Err(LandscapeError::InvalidParameter {
            name: if n == 0 { "n" } else { "d" },
            value: 0.0,
            constraint: "≥ 1",
        });
    }
    if !(noise_sd.is_finite() && noise_sd >= 0.0) {
        return Err(LandscapeError::InvalidParameter {
            name: "noise_sd",
            value: noise_sd,
            constraint: "finite and ≥ 0",
        });
    }
    let teacher: Vec<f64> = (0..d).map(|_| StandardNormal.sample(rng)).collect();
    let s = 1.0 / (d as f64).sqrt();
    let features: Vec<f64> = (0..n * d)
        .map(|_| {
            let z: f64 = StandardNormal.sample(rng);
            s * z
        })
        .collect();
    let targets = features
        .chunks_exact(d)
        .map(|a| {
            let xi: f64 = StandardNormal.sample(rng);
            a.iter().zip(&teacher).map(|(u, v)| u * v).sum::<f64>() + noise_sd * xi
        })
        .collect();
    Ok((
        Dataset::new("teacher-student", features, d, targets)?,
        teacher,
    ))
}
