//! Composite Gauss–Legendre panels on an interval, and indefinite integrals
//! of functions sampled at their nodes.

use serde::{Deserialize, Serialize};

use crate::error::{AnalysisError, Result};
use crate::gauss_legendre::GaussLegendre;

/// `P` equal panels on `[lo, hi]`, each carrying the nodes of an `n`-point
/// Gauss–Legendre rule: `P·n` nodes in ascending order.
#[derive(Debug, Clone)]
pub(crate) struct PanelGrid {
    pub lo: f64,
    pub hi: f64,
    pub panels: usize,
    pub rule: GaussLegendre,
}

impl PanelGrid {
    pub fn new(lo: f64, hi: f64, panels: usize, rule: GaussLegendre) -> Self {
        Self {
            lo,
            hi,
            panels,
            rule,
        }
    }

    pub fn width(&self) -> f64 {
        (self.hi - self.lo) / self.panels as f64
    }

    pub fn n(&self) -> usize {
        self.rule.len()
    }

    /// Node `i` of panel `p`.
    pub fn node(&self, p: usize, i: usize) -> f64 {
        let h = self.width();
        self.lo + h * (p as f64 + 0.5 * (1.0 + self.rule.nodes()[i]))
    }

    /// All nodes, panel-major.
    pub fn nodes(&self) -> Vec<f64> {
        let mut out = Vec::with_capacity(self.panels * self.n());
        for p in 0..self.panels {
            for i in 0..self.n() {
                out.push(self.node(p, i));
            }
        }
        out
    }

    /// The panel containing `x` and the local coordinate `t ∈ [−1, 1]`.
    pub fn locate(&self, x: f64) -> (usize, f64) {
        let h = self.width();
        let s = ((x - self.lo) / h).max(0.0);
        let p = (s.floor() as usize).min(self.panels - 1);
        let t = 2.0 * (x - (self.lo + h * p as f64)) / h - 1.0;
        (p, t.clamp(-1.0, 1.0))
    }
}

/// Indefinite integrals of `f` (sampled at the nodes of a [`PanelGrid`]) from
/// the left end and to the right end, at the nodes and at any point.
///
/// `∫_lo^x f` and `∫_x^hi f` are both assembled from whole-panel sums plus one
/// partial panel, so neither is obtained as a difference of large numbers.
#[derive(Debug, Clone)]
pub(crate) struct Cumulative {
    values: Vec<f64>,
    within: Vec<f64>,
    totals: Vec<f64>,
    before: Vec<f64>,
    after: Vec<f64>,
}

impl Cumulative {
    pub fn new(grid: &PanelGrid, values: Vec<f64>) -> Self {
        let n = grid.n();
        let half = 0.5 * grid.width();
        let mut within = vec![0.0; values.len()];
        let mut totals = vec![0.0; grid.panels];
        for p in 0..grid.panels {
            let f = &values[p * n..(p + 1) * n];
            for i in 0..n {
                within[p * n + i] = half
                    * grid
                        .rule
                        .integration_row(i)
                        .iter()
                        .zip(f)
                        .map(|(s, v)| s * v)
                        .sum::<f64>();
            }
            totals[p] = half
                * grid
                    .rule
                    .weights()
                    .iter()
                    .zip(f)
                    .map(|(w, v)| w * v)
                    .sum::<f64>();
        }
        let mut before = vec![0.0; grid.panels];
        let mut after = vec![0.0; grid.panels];
        for p in 1..grid.panels {
            before[p] = before[p - 1] + totals[p - 1];
        }
        for p in (0..grid.panels.saturating_sub(1)).rev() {
            after[p] = after[p + 1] + totals[p + 1];
        }
        Self {
            values,
            within,
            totals,
            before,
            after,
        }
    }

    /// The sampled integrand.
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    pub fn total(&self) -> f64 {
        self.before.last().copied().unwrap_or(0.0) + self.totals.last().copied().unwrap_or(0.0)
    }

    /// `∫_lo^{x_k} f` at node `k` (panel-major index).
    pub fn left_at_node(&self, n: usize, k: usize) -> f64 {
        self.before[k / n] + self.within[k]
    }

    /// `∫_{x_k}^hi f` at node `k`.
    pub fn right_at_node(&self, n: usize, k: usize) -> f64 {
        let p = k / n;
        self.after[p] + (self.totals[p] - self.within[k])
    }

    /// `(∫_lo^x f, ∫_x^hi f)` at any `x ∈ [lo, hi]`.
    pub fn at(&self, grid: &PanelGrid, x: f64) -> (f64, f64) {
        let n = grid.n();
        let (p, t) = grid.locate(x);
        let f = &self.values[p * n..(p + 1) * n];
        let part = 0.5 * grid.width() * grid.rule.partial_integral(f, t);
        let rest = 0.5 * grid.width() * grid.rule.partial_integral_right(f, t);
        (self.before[p] + part, self.after[p] + rest)
    }
}

impl GaussLegendre {
    /// `∫_t^1 p` for the interpolant `p` of `values` (the mirror of
    /// [`GaussLegendre::partial_integral`]).
    pub(crate) fn partial_integral_right(&self, values: &[f64], t: f64) -> f64 {
        let half = 0.5 * (1.0 - t);
        let mut s = 0.0;
        for (&tk, &wk) in self.nodes().iter().zip(self.weights()) {
            s += wk * self.interpolate(values, t + half * (1.0 + tk));
        }
        half * s
    }
}

/// Accuracy controls of the composite quadrature.
///
/// The interval is cut into `P` equal panels with an `n`-point Gauss–Legendre
/// rule each; `P` doubles from `initial_panels` until two successive profiles
/// agree at 33 equispaced probe points to `rel_tol` relative to the largest
/// value (sup-norm). The rule is spectral on each panel (error `O(h^{n+1})` for
/// the indefinite integrals), so the reported difference overestimates the
/// error of the finer profile.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct QuadratureOptions {
    /// Gauss–Legendre nodes per panel (2..=64; default 16).
    pub nodes_per_panel: usize,
    /// Relative sup-norm tolerance of the doubling test (default 1e-12).
    pub rel_tol: f64,
    /// Panels of the first pass (default 4).
    pub initial_panels: usize,
    /// Give up beyond this many panels (default 2¹⁵).
    pub max_panels: usize,
}

impl Default for QuadratureOptions {
    fn default() -> Self {
        Self {
            nodes_per_panel: 16,
            rel_tol: 1e-12,
            initial_panels: 4,
            max_panels: 1 << 15,
        }
    }
}

/// Something computed on a panel grid that can be compared across grids.
pub(crate) trait Refinable: Sized {
    /// Values at probe points, and a common log-scale.
    fn probe_values(&self) -> (Vec<f64>, f64);
    /// Stores the accepted error estimate.
    fn set_error_estimate(&mut self, e: f64);
}

/// Doubles the number of panels until two successive results agree.
pub(crate) fn refine<R: Refinable>(
    options: QuadratureOptions,
    build: impl Fn(usize, GaussLegendre) -> Result<R>,
) -> Result<R> {
    if !(options.rel_tol.is_finite() && options.rel_tol > 0.0) {
        return Err(AnalysisError::InvalidParameter {
            name: "rel_tol",
            value: options.rel_tol,
            constraint: "finite and > 0",
        });
    }
    if options.initial_panels == 0 || options.max_panels < options.initial_panels {
        return Err(AnalysisError::InvalidParameter {
            name: "initial_panels",
            value: options.initial_panels as f64,
            constraint: "≥ 1 and ≤ max_panels",
        });
    }
    let rule = GaussLegendre::new(options.nodes_per_panel)?;
    let mut panels = options.initial_panels;
    let mut coarse = build(panels, rule.clone())?;
    let mut iterations = 0;
    let mut estimate = f64::INFINITY;
    while panels * 2 <= options.max_panels {
        panels *= 2;
        iterations += 1;
        let mut fine = build(panels, rule.clone())?;
        let (vc, lc) = coarse.probe_values();
        let (vf, lf) = fine.probe_values();
        let shift = (lc - lf).exp();
        let (mut diff, mut size) = (0.0_f64, 0.0_f64);
        for (c, f) in vc.iter().zip(&vf) {
            diff = diff.max((c * shift - f).abs());
            size = size.max(f.abs());
        }
        estimate = if size > 0.0 { diff / size } else { diff };
        if !estimate.is_finite() {
            estimate = f64::INFINITY;
        }
        if estimate <= options.rel_tol {
            fine.set_error_estimate(estimate);
            return Ok(fine);
        }
        coarse = fine;
    }
    Err(AnalysisError::NoConvergence {
        method: "composite Gauss–Legendre panel refinement",
        iterations,
        estimate,
        tolerance: options.rel_tol,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cumulative_of_exponential_is_spectrally_accurate() {
        // ∫_0^x e^y dy = e^x − 1; 10-point panels of width 0.5: error ≪ 1e-13.
        let grid = PanelGrid::new(0.0, 2.0, 4, GaussLegendre::new(10).unwrap());
        let f: Vec<f64> = grid.nodes().iter().map(|x| x.exp()).collect();
        let c = Cumulative::new(&grid, f);
        let total = 2.0_f64.exp() - 1.0;
        assert!((c.total() - total).abs() < 1e-13);
        for (k, x) in grid.nodes().iter().enumerate() {
            assert!((c.left_at_node(10, k) - (x.exp() - 1.0)).abs() < 1e-13);
            assert!((c.right_at_node(10, k) - (2.0_f64.exp() - x.exp())).abs() < 1e-13);
        }
        for &x in &[0.0, 0.1, 0.5, 1.234, 2.0] {
            let (l, r) = c.at(&grid, x);
            assert!((l - (x.exp() - 1.0)).abs() < 1e-13);
            assert!((r - (2.0_f64.exp() - x.exp())).abs() < 1e-13);
        }
    }
}
