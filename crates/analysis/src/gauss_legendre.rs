//! Gauss–Legendre rules with their spectral integration matrix: the building
//! block of the composite (panel) quadratures of the exact 1-D formulas.

use crate::error::{AnalysisError, Result};

/// The `n`-point Gauss–Legendre rule on `[−1, 1]`, with barycentric weights
/// for interpolation through its nodes and the integration matrix
///
/// ```text
/// S_ij = ∫_{−1}^{t_i} ℓ_j(t) dt      (ℓ_j the Lagrange basis on the nodes t_j),
/// ```
///
/// so that `Σ_j S_ij f(t_j) = ∫_{−1}^{t_i} p(t) dt` for the interpolant `p` of
/// degree `n − 1`: an indefinite integral with interpolation error
/// `O(h^{n})` on a panel of width `h`.
///
/// # Accuracy
/// Nodes by Newton's method on the three-term recurrence of `P_n`, stopped at
/// `|Δt| ≤ 4ε`: nodes and weights to a few ulps for `n ≤ 64`. `S` is computed
/// exactly (up to round-off) by applying the same rule on `[−1, t_i]` to the
/// degree-`(n − 1)` polynomial `ℓ_j`.
///
/// # References
/// Davis & Rabinowitz, *Methods of Numerical Integration*, 2nd ed., §2.7;
/// Berrut & Trefethen, *Barycentric Lagrange interpolation*, SIAM Rev. 46 (2004).
///
/// # Examples
/// ```
/// use sgdpde_analysis::GaussLegendre;
/// let gl = GaussLegendre::new(5)?;
/// // Exact for polynomials of degree ≤ 9: ∫_{−1}^{1} t⁸ dt = 2/9.
/// let s: f64 = gl.nodes().iter().zip(gl.weights()).map(|(t, w)| w * t.powi(8)).sum();
/// assert!((s - 2.0 / 9.0).abs() < 1e-15);
/// # Ok::<(), sgdpde_analysis::AnalysisError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct GaussLegendre {
    nodes: Vec<f64>,
    weights: Vec<f64>,
    bary: Vec<f64>,
    integration: Vec<f64>,
}

impl GaussLegendre {
    /// Largest supported number of nodes.
    pub const MAX_NODES: usize = 64;

    /// Builds the `n`-point rule.
    ///
    /// # Errors
    /// [`AnalysisError::InvalidParameter`] unless `2 ≤ n ≤ 64`.
    pub fn new(n: usize) -> Result<Self> {
        if !(2..=Self::MAX_NODES).contains(&n) {
            return Err(AnalysisError::InvalidParameter {
                name: "nodes_per_panel",
                value: n as f64,
                constraint: "an integer in [2, 64]",
            });
        }
        let mut nodes = vec![0.0; n];
        let mut weights = vec![0.0; n];
        let nf = n as f64;
        for i in 0..n {
            let mut t = (std::f64::consts::PI * (i as f64 + 0.75) / (nf + 0.5)).cos();
            let mut dp = 1.0;
            for _ in 0..100 {
                let (p, d) = legendre_and_derivative(n, t);
                dp = d;
                let dt = p / d;
                t -= dt;
                if dt.abs() <= 4.0 * f64::EPSILON {
                    break;
                }
            }
            let (_, d) = legendre_and_derivative(n, t);
            if d.is_finite() {
                dp = d;
            }
            nodes[n - 1 - i] = t;
            weights[n - 1 - i] = 2.0 / ((1.0 - t * t) * dp * dp);
        }
        let mut bary = vec![1.0; n];
        for j in 0..n {
            for k in 0..n {
                if k != j {
                    bary[j] /= nodes[j] - nodes[k];
                }
            }
        }
        let scale = bary.iter().fold(0.0_f64, |m, w| m.max(w.abs()));
        bary.iter_mut().for_each(|w| *w /= scale);
        let mut rule = Self {
            nodes,
            weights,
            bary,
            integration: vec![0.0; n * n],
        };
        let mut unit = vec![0.0; n];
        for j in 0..n {
            unit.iter_mut().for_each(|u| *u = 0.0);
            unit[j] = 1.0;
            for i in 0..n {
                let s = rule.partial_integral(&unit, rule.nodes[i]);
                rule.integration[i * n + j] = s;
            }
        }
        Ok(rule)
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Always false (a rule has at least two nodes).
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// Nodes on `[−1, 1]`, ascending.
    pub fn nodes(&self) -> &[f64] {
        &self.nodes
    }

    /// Weights (sum to 2).
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// Row `i` of the integration matrix: `∫_{−1}^{t_i} ℓ_j`, `j = 0..n`.
    pub fn integration_row(&self, i: usize) -> &[f64] {
        let n = self.len();
        &self.integration[i * n..(i + 1) * n]
    }

    /// Value at `t` of the polynomial interpolating `values` at the nodes
    /// (barycentric formula of the second kind).
    pub fn interpolate(&self, values: &[f64], t: f64) -> f64 {
        let (mut num, mut den) = (0.0, 0.0);
        for ((&tj, &wj), &fj) in self.nodes.iter().zip(&self.bary).zip(values) {
            let d = t - tj;
            if d == 0.0 {
                return fj;
            }
            let c = wj / d;
            num += c * fj;
            den += c;
        }
        num / den
    }

    /// `∫_{−1}^{t} p`, `p` the interpolant of `values` at the nodes (exact:
    /// the rule mapped to `[−1, t]` integrates degree `n − 1` exactly).
    pub fn partial_integral(&self, values: &[f64], t: f64) -> f64 {
        let half = 0.5 * (t + 1.0);
        let mut s = 0.0;
        for (&tk, &wk) in self.nodes.iter().zip(&self.weights) {
            s += wk * self.interpolate(values, -1.0 + half * (1.0 + tk));
        }
        half * s
    }
}

/// `(P_n(t), P_n′(t))` by the three-term recurrence.
fn legendre_and_derivative(n: usize, t: f64) -> (f64, f64) {
    let (mut p0, mut p1) = (1.0, t);
    for k in 2..=n {
        let kf = k as f64;
        let p2 = ((2.0 * kf - 1.0) * t * p1 - (kf - 1.0) * p0) / kf;
        p0 = p1;
        p1 = p2;
    }
    let d = n as f64 * (t * p1 - p0) / (t * t - 1.0);
    (p1, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_integrate_polynomials_exactly() {
        for n in [2, 3, 8, 16, 33, 64] {
            let gl = GaussLegendre::new(n).unwrap();
            let wsum: f64 = gl.weights().iter().sum();
            assert!((wsum - 2.0).abs() < 1e-14);
            // ∫ t^{2k} = 2/(2k+1) exactly for 2k ≤ 2n − 1.
            for k in 0..n {
                let s: f64 = gl
                    .nodes()
                    .iter()
                    .zip(gl.weights())
                    .map(|(t, w)| w * t.powi(2 * k as i32))
                    .sum();
                assert!((s - 2.0 / (2 * k + 1) as f64).abs() < 1e-14, "n={n} k={k}");
            }
        }
    }

    #[test]
    fn integration_matrix_gives_indefinite_integrals() {
        // f(t) = t^{n−1}: ∫_{−1}^{t_i} = (t_iⁿ − (−1)ⁿ)/n exactly.
        let n = 12;
        let gl = GaussLegendre::new(n).unwrap();
        let f: Vec<f64> = gl.nodes().iter().map(|t| t.powi(n as i32 - 1)).collect();
        for i in 0..n {
            let s: f64 = gl
                .integration_row(i)
                .iter()
                .zip(&f)
                .map(|(a, b)| a * b)
                .sum();
            let t = gl.nodes()[i];
            let exact = (t.powi(n as i32) - (-1.0_f64).powi(n as i32)) / n as f64;
            assert!((s - exact).abs() < 1e-14);
        }
    }

    #[test]
    fn interpolation_is_exact_for_low_degree() {
        let gl = GaussLegendre::new(6).unwrap();
        let f: Vec<f64> = gl
            .nodes()
            .iter()
            .map(|t| 3.0 * t * t * t - t + 0.5)
            .collect();
        for &t in &[-1.0, -0.3, 0.0, 0.77, 1.0] {
            assert!((gl.interpolate(&f, t) - (3.0 * t * t * t - t + 0.5)).abs() < 1e-14);
        }
    }

    #[test]
    fn bad_sizes_are_errors() {
        assert!(matches!(
            GaussLegendre::new(1),
            Err(AnalysisError::InvalidParameter { value, .. }) if value == 1.0
        ));
        assert!(GaussLegendre::new(65).is_err());
    }
}
