//! Relative entropy, χ² divergence and relative Fisher information of
//! densities sampled on grids.

use crate::error::{AnalysisError, Result};

fn check_densities(u: &[f64], v: &[f64], volumes: &[f64]) -> Result<()> {
    for (what, w) in [("v", v), ("volumes", volumes)] {
        if w.len() != u.len() {
            return Err(AnalysisError::DimensionMismatch {
                what,
                expected: u.len(),
                found: w.len(),
            });
        }
    }
    for (what, w) in [("u", u), ("v", v), ("volumes", volumes)] {
        if let Some(index) = w.iter().position(|x| !(x.is_finite() && *x >= 0.0)) {
            return Err(AnalysisError::NonFiniteData {
                what,
                index,
                value: w[index],
            });
        }
    }
    Ok(())
}

fn mass(u: &[f64], volumes: &[f64], what: &'static str) -> Result<f64> {
    let m: f64 = u.iter().zip(volumes).map(|(a, b)| a * b).sum();
    if m > 0.0 {
        Ok(m)
    } else {
        Err(AnalysisError::DegenerateData {
            what,
            reason: "zero total mass",
        })
    }
}

/// Relative entropy `KL(u‖v) = Σᵢ uᵢ ln(uᵢ/vᵢ) ΔVᵢ` of two cell densities.
///
/// Both densities are first normalised to unit mass (`Σ u ΔV = 1`), so the
/// result is the entropy of the discrete laws `pᵢ = uᵢΔVᵢ`, which converges
/// to the continuous `∫ u ln(u/v)` at the order of the quadrature (midpoint
/// rule on cell averages: `O(h²)`). Cells with `uᵢ = 0` contribute 0; a cell
/// with `uᵢ > 0 = vᵢ` makes it `+∞`.
///
/// # Errors
/// [`AnalysisError::DimensionMismatch`] for unequal lengths;
/// [`AnalysisError::NonFiniteData`] for negative or non-finite entries;
/// [`AnalysisError::DegenerateData`] if a density has zero mass.
///
/// # Examples
/// ```
/// use sgdpde_analysis::relative_entropy;
/// let kl = relative_entropy(&[0.5, 1.5], &[1.0, 1.0], &[0.5, 0.5])?;
/// assert!((kl - (0.25 * 0.5_f64.ln() + 0.75 * 1.5_f64.ln())).abs() < 1e-15);
/// # Ok::<(), sgdpde_analysis::AnalysisError>(())
/// ```
///
/// # References
/// Cover & Thomas, *Elements of Information Theory*, 2nd ed., §2.3, §8.5.
pub fn relative_entropy(u: &[f64], v: &[f64], volumes: &[f64]) -> Result<f64> {
    check_densities(u, v, volumes)?;
    let (mu, mv) = (mass(u, volumes, "u")?, mass(v, volumes, "v")?);
    let mut kl = 0.0;
    for ((&a, &b), &w) in u.iter().zip(v).zip(volumes) {
        let (p, q) = (a / mu, b / mv);
        if p > 0.0 && w > 0.0 {
            if q == 0.0 {
                return Ok(f64::INFINITY);
            }
            kl += p * (p / q).ln() * w;
        }
    }
    Ok(kl.max(0.0))
}

/// The χ² divergence `Σᵢ (uᵢ − vᵢ)²/vᵢ ΔVᵢ` after normalising both to unit
/// mass (`+∞` if `vᵢ = 0 < uᵢ`).
///
/// # Errors
/// As [`relative_entropy`].
pub fn chi_squared_divergence(u: &[f64], v: &[f64], volumes: &[f64]) -> Result<f64> {
    check_densities(u, v, volumes)?;
    let (mu, mv) = (mass(u, volumes, "u")?, mass(v, volumes, "v")?);
    let mut chi = 0.0;
    for ((&a, &b), &w) in u.iter().zip(v).zip(volumes) {
        let (p, q) = (a / mu, b / mv);
        if q == 0.0 {
            if p > 0.0 && w > 0.0 {
                return Ok(f64::INFINITY);
            }
            continue;
        }
        chi += (p - q) * (p - q) / q * w;
    }
    Ok(chi)
}

/// Relative Fisher information `I(u|v) = ∫ |∇ ln(u/v)|² u` on a uniform
/// tensor grid (row-major, last axis fastest; `shape[k]` cells of width
/// `spacing[k]`).
///
/// # Formula
/// `∂ₖ ln(u/v)` by centred differences (one-sided at the grid edges), then the
/// midpoint rule: `Σᵢ |∇φ|²ᵢ uᵢ Πₖ hₖ`, φ = ln(u/v), with `u, v` normalised to
/// unit mass. Second order in `h` in the interior; exact for quadratic φ
/// (Gaussians of any means/variances) away from the edges.
///
/// # Errors
/// [`AnalysisError::DimensionMismatch`] if `Π shape ≠ u.len()`, `v` differs,
/// or `spacing.len() ≠ shape.len()`; [`AnalysisError::InvalidParameter`] for a
/// non-positive spacing or an axis with fewer than 2 cells;
/// [`AnalysisError::NonFiniteData`] unless all `u, v > 0` are finite (the
/// logarithm must exist).
///
/// # References
/// Bakry, Gentil, Ledoux, *Analysis and Geometry of Markov Diffusion
/// Operators*, §5.7 (de Bruijn: `d/dt KL = −D·I` for the heat-type flows).
pub fn relative_fisher_information(
    u: &[f64],
    v: &[f64],
    shape: &[usize],
    spacing: &[f64],
) -> Result<f64> {
    let n: usize = shape.iter().product();
    if u.len() != n || v.len() != n || spacing.len() != shape.len() {
        return Err(AnalysisError::DimensionMismatch {
            what: "u, v (product of shape) or spacing (axes)",
            expected: n,
            found: if u.len() != n { u.len() } else { v.len() },
        });
    }
    if let Some(&h) = spacing.iter().find(|h| !(h.is_finite() && **h > 0.0)) {
        return Err(AnalysisError::InvalidParameter {
            name: "spacing",
            value: h,
            constraint: "finite and > 0",
        });
    }
    if let Some(&s) = shape.iter().find(|s| **s < 2) {
        return Err(AnalysisError::InvalidParameter {
            name: "shape",
            value: s as f64,
            constraint: "≥ 2 cells per axis",
        });
    }
    for (what, w) in [("u (> 0)", u), ("v (> 0)", v)] {
        if let Some(index) = w.iter().position(|x| !(x.is_finite() && *x > 0.0)) {
            return Err(AnalysisError::NonFiniteData {
                what,
                index,
                value: w[index],
            });
        }
    }
    let cell: f64 = spacing.iter().product();
    let vol = vec![cell; n];
    let (mu, mv) = (mass(u, &vol, "u")?, mass(v, &vol, "v")?);
    let phi: Vec<f64> = u
        .iter()
        .zip(v)
        .map(|(a, b)| (a / mu / (b / mv)).ln())
        .collect();
    let d = shape.len();
    let mut strides = vec![1usize; d];
    for k in (0..d.saturating_sub(1)).rev() {
        strides[k] = strides[k + 1] * shape[k + 1];
    }
    let mut info = 0.0;
    for i in 0..n {
        let mut g2 = 0.0;
        for k in 0..d {
            let ik = (i / strides[k]) % shape[k];
            let h = spacing[k];
            let g = if ik == 0 {
                (phi[i + strides[k]] - phi[i]) / h
            } else if ik == shape[k] - 1 {
                (phi[i] - phi[i - strides[k]]) / h
            } else {
                (phi[i + strides[k]] - phi[i - strides[k]]) / (2.0 * h)
            };
            g2 += g * g;
        }
        info += g2 * u[i] / mu * cell;
    }
    Ok(info)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gauss(x: f64, m: f64, s2: f64) -> f64 {
        (-(x - m).powi(2) / (2.0 * s2)).exp() / (2.0 * std::f64::consts::PI * s2).sqrt()
    }

    #[test]
    fn gaussian_relative_entropy_converges_at_second_order_or_better() {
        // KL(N(m₁,s₁)‖N(m₂,s₂)) = ½[s₁/s₂ − 1 − ln(s₁/s₂) + (m₁ − m₂)²/s₂] (variances s).
        let (m1, s1, m2, s2) = (0.3, 0.5_f64, -0.1, 0.8);
        let exact = 0.5 * (s1 / s2 - 1.0 - (s1 / s2).ln() + (m1 - m2) * (m1 - m2) / s2);
        let mut prev = f64::INFINITY;
        for cells in [100, 200, 400] {
            let h = 16.0 / cells as f64;
            let x: Vec<f64> = (0..cells).map(|i| -8.0 + (i as f64 + 0.5) * h).collect();
            let u: Vec<f64> = x.iter().map(|&x| gauss(x, m1, s1)).collect();
            let v: Vec<f64> = x.iter().map(|&x| gauss(x, m2, s2)).collect();
            let kl = relative_entropy(&u, &v, &vec![h; cells]).unwrap();
            let err = (kl - exact).abs();
            // Smooth, rapidly decaying integrands: the midpoint rule is
            // spectrally accurate, so the error falls at least 4× per halving.
            assert!(err < prev / 4.0 || err < 1e-13, "cells {cells}: {err}");
            prev = err;
        }
        assert!(prev < 1e-12);
    }

    #[test]
    fn chi_squared_by_hand_and_zero_for_equal_laws() {
        // p = (¼, ¾), q = (½, ½) as densities on cells of width ½:
        // Σ (u − v)²/v ΔV = ((½ − 1)² + (3/2 − 1)²)/1 · ½ = ¼.
        let chi = chi_squared_divergence(&[0.5, 1.5], &[1.0, 1.0], &[0.5, 0.5]).unwrap();
        assert!((chi - 0.25).abs() < 1e-15);
        assert_eq!(
            chi_squared_divergence(&[1.0, 2.0], &[2.0, 4.0], &[1.0, 1.0]).unwrap(),
            0.0
        );
        assert_eq!(
            relative_entropy(&[1.0, 1.0], &[1.0, 0.0], &[1.0, 1.0]).unwrap(),
            f64::INFINITY
        );
    }

    #[test]
    fn fisher_information_of_gaussians_is_exact_in_2d() {
        // u = N(0, s₁ I), v = N(0, s₂ I) in 2-D: ∇φ = x(1/s₂ − 1/s₁),
        // I = (1/s₂ − 1/s₁)² E|X|² = 2 s₁ (1/s₂ − 1/s₁)².
        let (s1, s2) = (0.4, 1.0);
        let cells = 120;
        let h = 10.0 / cells as f64;
        let c = |i: usize| -5.0 + (i as f64 + 0.5) * h;
        let mut u = Vec::new();
        let mut v = Vec::new();
        for i in 0..cells {
            for j in 0..cells {
                u.push(gauss(c(i), 0.0, s1) * gauss(c(j), 0.0, s1));
                v.push(gauss(c(i), 0.0, s2) * gauss(c(j), 0.0, s2));
            }
        }
        let info = relative_fisher_information(&u, &v, &[cells, cells], &[h, h]).unwrap();
        let exact = 2.0 * s1 * (1.0 / s2 - 1.0 / s1).powi(2);
        // Centred differences are exact for quadratic φ; the edge cells carry
        // mass ~e^{−25/0.8}; the midpoint rule is spectrally accurate.
        assert!((info - exact).abs() < 1e-10 * exact, "{info} vs {exact}");
    }

    #[test]
    fn fisher_information_converges_at_second_order() {
        // u = N(0, 1), v ∝ e^{−x⁴/4}: φ′ = x³ − x, I = E[x⁶ − 2x⁴ + x²] = 15 − 6 + 1 = 10.
        // Centred differences of the quartic φ err by φ‴h²/6 = x h²: order 2.
        let mut hs = Vec::new();
        let mut errs = Vec::new();
        for cells in [100, 200, 400, 800] {
            // On [−7, 7]: v ≥ e^{−600} stays representable; the tail of
            // E[(x³ − x)²] beyond 7 is ≈ 3e-7, far below the O(h²) error.
            let h = 14.0 / cells as f64;
            let x: Vec<f64> = (0..cells).map(|i| -7.0 + (i as f64 + 0.5) * h).collect();
            let u: Vec<f64> = x.iter().map(|&x| gauss(x, 0.0, 1.0)).collect();
            let v: Vec<f64> = x.iter().map(|&x| (-x.powi(4) / 4.0).exp()).collect();
            let info = relative_fisher_information(&u, &v, &[cells], &[h]).unwrap();
            hs.push(h);
            errs.push((info - 10.0).abs());
        }
        let fit = crate::linear_fit::loglog_fit(&hs, &errs).unwrap();
        // Order 2 within 0.1 (the O(h⁴) next term at h ≤ 0.14).
        assert!((fit.slope - 2.0).abs() < 0.1, "order {}", fit.slope);
    }

    #[test]
    fn bad_inputs_are_typed_errors() {
        assert!(matches!(
            relative_entropy(&[1.0], &[1.0, 2.0], &[1.0]),
            Err(AnalysisError::DimensionMismatch { .. })
        ));
        assert!(matches!(
            relative_entropy(&[1.0, -1.0], &[1.0, 2.0], &[1.0, 1.0]),
            Err(AnalysisError::NonFiniteData {
                what: "u",
                index: 1,
                ..
            })
        ));
        assert!(relative_entropy(&[0.0, 0.0], &[1.0, 2.0], &[1.0, 1.0]).is_err());
        assert!(relative_fisher_information(&[1.0, 0.0], &[1.0, 1.0], &[2], &[1.0]).is_err());
        assert!(relative_fisher_information(&[1.0, 1.0], &[1.0, 1.0], &[2], &[0.0]).is_err());
        assert!(relative_fisher_information(&[1.0, 1.0], &[1.0, 1.0], &[3], &[1.0]).is_err());
    }
}
