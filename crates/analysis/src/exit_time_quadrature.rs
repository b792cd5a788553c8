//! Exact 1-D mean exit times and exit probabilities by composite
//! Gauss–Legendre quadrature of the scale/speed double integrals.

use serde::{Deserialize, Serialize};
use sgdpde_landscape::Landscape;

use crate::diffusion_1d::{Diffusion1d, DiffusionCoefficient};
use crate::error::{AnalysisError, Result, check_finite};
use crate::panel_quadrature::{Cumulative, PanelGrid, QuadratureOptions, Refinable, refine};

/// What happens at the left end of the interval (the right end `β` is always
/// absorbing).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum LeftEnd {
    /// Reflecting at `α` (zero flux).
    Reflecting(f64),
    /// Absorbing at `α`: the exit time is the first hitting time of `{α, β}`.
    Absorbing(f64),
    /// The natural boundary `−∞` (the potential must confine: `L′ < 0` far
    /// left and `Ψ → +∞`). Replaced by a finite reflecting point `α*` beyond
    /// which the speed density carries a fraction `< e^{−45} ≈ 3e-20` of the
    /// mass: an `O(e^{−45})` relative change of `T` (proofs-notes).
    Natural,
}

/// Rise of `Ψ` used to truncate a natural boundary.
pub(crate) const NATURAL_RISE: f64 = 45.0;

// One value per profile, never in a hot loop: the size difference is harmless.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
enum Kind {
    /// `T(x) = ∫_x^β s̃ M̃`.
    Reflecting { outer: Cumulative },
    /// `T(x) = [S̃_R(x) Ã(x) + S̃_L(x) B̃(x)] / S̃(β)`.
    Absorbing {
        scale: Cumulative,
        left: Cumulative,
        right: Cumulative,
    },
}

/// The mean exit time `T(x) = E_x τ` of `dX = −L′ dt + √a dW` from an
/// interval whose right end `β` is absorbing, as a function of the start.
///
/// # Formula
/// With `Ψ(y) = ∫^y 2L′/a`, scale density `s = e^{Ψ}`, speed density
/// `m = (2/a) e^{−Ψ}` (`T` solves `½ a T″ − L′ T′ = −1`):
///
/// ```text
/// reflecting at α:  T(x) = ∫_x^β s(y) ∫_α^y m(z) dz dy
/// absorbing at α:   T(x) = [ (S(β) − S(x)) ∫_α^x (S(y) − S(α)) m(y) dy
///                           + (S(x) − S(α)) ∫_x^β (S(β) − S(y)) m(y) dy ] / (S(β) − S(α))
/// ```
///
/// (`S = ∫ s`, the Green's-function form: every term is positive, nothing is
/// obtained by cancellation). For `a ≡ ε` and `α = −∞` this is `math.md`'s
/// `T(x) = (2/ε) ∫_x^β e^{2L(y)/ε} ∫_{−∞}^y e^{−2L(z)/ε} dz dy`.
///
/// # Stability
/// Exponentials are evaluated as `e^{Ψ − max Ψ}` and `e^{−(Ψ − min Ψ)}`, so
/// nothing overflows; `T = e^{max Ψ − min Ψ} × (bracket)`, and
/// [`MeanExitTime1d::ln_value`] is finite even when `T` exceeds `f64`.
///
/// # Order
/// Composite `n`-point Gauss–Legendre with the spectral integration matrix:
/// error `O(h^{n+1})` in the panel width `h` for smooth `L, a` — partial
/// panels are integrated exactly for degree `n − 1` and whole panels by Gauss
/// (`O(h^{2n})`), so local errors do not accumulate (see
/// [`QuadratureOptions`] for the a-posteriori error estimate).
///
/// # Errors
/// See [`MeanExitTime1d::new`].
///
/// # Examples
/// Brownian motion `dX = dW` (`L = 0`, `a = 1`) on `(0, 2)`: `T(x) = x(2 − x)`.
/// ```
/// use sgdpde_analysis::{ConstantDiffusion, Diffusion1d, LeftEnd, MeanExitTime1d, QuadratureOptions};
/// use sgdpde_landscape::Quadratic;
/// let flat = Quadratic::isotropic(1, 0.0)?;
/// let bm = Diffusion1d::new(flat, ConstantDiffusion::new(1.0)?)?;
/// let t = MeanExitTime1d::new(&bm, LeftEnd::Absorbing(0.0), 2.0, QuadratureOptions::default())?;
/// assert!((t.value(0.5)? - 0.75).abs() < 1e-13);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # References
/// Gardiner, *Stochastic Methods*, 4th ed., §5.5 (mean exit times); Karlin &
/// Taylor, *A Second Course in Stochastic Processes*, §15.3 (scale and speed).
#[derive(Debug, Clone)]
pub struct MeanExitTime1d {
    grid: PanelGrid,
    kind: Kind,
    ln_scale: f64,
    error_estimate: f64,
}

const PROBES: usize = 33;

impl MeanExitTime1d {
    /// Computes the profile on `[α, β]` (`α = α*` for [`LeftEnd::Natural`]).
    ///
    /// # Errors
    /// * [`AnalysisError::InvalidParameter`] for a non-finite `β` or `α`, or
    ///   bad options (`rel_tol ≤ 0`, `nodes_per_panel ∉ [2, 64]`, zero panels);
    /// * [`AnalysisError::InvalidInterval`] unless `α < β`;
    /// * [`AnalysisError::InvalidFunctionValue`] if `a(x) ≤ 0` or non-finite,
    ///   or `L′` non-finite, at a node;
    /// * [`AnalysisError::NotConfining`] if no truncation point for `−∞` is found;
    /// * [`AnalysisError::NoConvergence`] if `max_panels` is reached.
    pub fn new<L: Landscape, A: DiffusionCoefficient>(
        model: &Diffusion1d<L, A>,
        left: LeftEnd,
        beta: f64,
        options: QuadratureOptions,
    ) -> Result<Self> {
        let beta = check_finite("beta", beta)?;
        let (alpha, absorbing) = match left {
            LeftEnd::Reflecting(a) => (check_finite("alpha", a)?, false),
            LeftEnd::Absorbing(a) => (check_finite("alpha", a)?, true),
            LeftEnd::Natural => (model.natural_end(beta, -1.0, NATURAL_RISE)?, false),
        };
        if alpha >= beta {
            return Err(AnalysisError::InvalidInterval {
                what: "[alpha, beta]",
                lo: alpha,
                hi: beta,
            });
        }
        refine(options, |panels, rule| {
            Self::on_grid(model, PanelGrid::new(alpha, beta, panels, rule), absorbing)
        })
    }

    fn on_grid<L: Landscape, A: DiffusionCoefficient>(
        model: &Diffusion1d<L, A>,
        grid: PanelGrid,
        absorbing: bool,
    ) -> Result<Self> {
        let nodes = grid.nodes();
        let n = grid.n();
        let (psi, psi_hi) = model.psi_on_grid(&grid)?;
        let (mut lo, mut hi) = (0.0_f64.min(psi_hi), 0.0_f64.max(psi_hi));
        for &p in &psi {
            lo = lo.min(p);
            hi = hi.max(p);
        }
        let s: Vec<f64> = psi.iter().map(|p| (p - hi).exp()).collect();
        let m = nodes
            .iter()
            .zip(&psi)
            .map(|(&x, p)| Ok(2.0 / model.a_checked(x)? * (-(p - lo)).exp()))
            .collect::<Result<Vec<f64>>>()?;
        let kind = if absorbing {
            let scale = Cumulative::new(&grid, s);
            let fl = (0..nodes.len())
                .map(|k| scale.left_at_node(n, k) * m[k])
                .collect();
            let fr = (0..nodes.len())
                .map(|k| scale.right_at_node(n, k) * m[k])
                .collect();
            Kind::Absorbing {
                left: Cumulative::new(&grid, fl),
                right: Cumulative::new(&grid, fr),
                scale,
            }
        } else {
            let speed = Cumulative::new(&grid, m);
            let outer = (0..nodes.len())
                .map(|k| s[k] * speed.left_at_node(n, k))
                .collect();
            Kind::Reflecting {
                outer: Cumulative::new(&grid, outer),
            }
        };
        Ok(Self {
            grid,
            kind,
            ln_scale: hi - lo,
            error_estimate: f64::INFINITY,
        })
    }

    /// The bracket `T(x)·e^{−ln_scale}`, `x` already checked.
    fn bracket(&self, x: f64) -> f64 {
        match &self.kind {
            Kind::Reflecting { outer } => outer.at(&self.grid, x).1,
            Kind::Absorbing { scale, left, right } => {
                let (sl, sr) = scale.at(&self.grid, x);
                let a = left.at(&self.grid, x).0;
                let b = right.at(&self.grid, x).1;
                (sr * a + sl * b) / scale.total()
            }
        }
    }

    fn check_x(&self, x: f64) -> Result<f64> {
        if x >= self.grid.lo && x <= self.grid.hi {
            Ok(x)
        } else {
            Err(AnalysisError::OutOfDomain {
                what: "mean exit time",
                x,
                lo: self.grid.lo,
                hi: self.grid.hi,
            })
        }
    }

    /// `T(x)`.
    ///
    /// # Errors
    /// [`AnalysisError::OutOfDomain`] unless `α ≤ x ≤ β` (NaN included);
    /// [`AnalysisError::Overflow`] (carrying `ln T`) if `T` exceeds `f64`.
    pub fn value(&self, x: f64) -> Result<f64> {
        let x = self.check_x(x)?;
        let v = self.bracket(x) * self.ln_scale.exp();
        if v.is_finite() {
            Ok(v)
        } else {
            Err(AnalysisError::Overflow {
                what: "mean exit time",
                ln_value: self.ln_value(x)?,
            })
        }
    }

    /// `ln T(x)`, finite even when `T` overflows (`−∞` at an absorbing end).
    ///
    /// # Errors
    /// [`AnalysisError::OutOfDomain`] unless `α ≤ x ≤ β`.
    pub fn ln_value(&self, x: f64) -> Result<f64> {
        let x = self.check_x(x)?;
        Ok(self.ln_scale + self.bracket(x).ln())
    }

    /// Probability of leaving through `β` rather than `α`,
    /// `(S(x) − S(α))/(S(β) − S(α))`; identically 1 when `α` is reflecting.
    /// It is a single integral of the scale density on the same panels as
    /// `T` (a double integral), so it is at least as accurate as the
    /// refinement test guarantees for `T`.
    ///
    /// # Errors
    /// [`AnalysisError::OutOfDomain`] unless `α ≤ x ≤ β`.
    pub fn exit_probability_right(&self, x: f64) -> Result<f64> {
        let x = self.check_x(x)?;
        Ok(match &self.kind {
            Kind::Reflecting { .. } => 1.0,
            Kind::Absorbing { scale, .. } => scale.at(&self.grid, x).0 / scale.total(),
        })
    }

    /// The interval `[α, β]` (with `α = α*` for a natural left end).
    pub fn domain(&self) -> (f64, f64) {
        (self.grid.lo, self.grid.hi)
    }

    /// Panels of the accepted profile.
    pub fn panels(&self) -> usize {
        self.grid.panels
    }

    /// The a-posteriori estimate: sup-norm difference from the profile with
    /// half the panels, relative to the largest value.
    pub fn error_estimate(&self) -> f64 {
        self.error_estimate
    }

    fn probes(&self) -> impl Iterator<Item = f64> + '_ {
        let (lo, hi) = (self.grid.lo, self.grid.hi);
        (0..PROBES).map(move |j| lo + (hi - lo) * j as f64 / (PROBES - 1) as f64)
    }
}

impl Refinable for MeanExitTime1d {
    fn probe_values(&self) -> (Vec<f64>, f64) {
        (
            self.probes().map(|x| self.bracket(x)).collect(),
            self.ln_scale,
        )
    }
    fn set_error_estimate(&mut self, e: f64) {
        self.error_estimate = e;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diffusion_1d::ConstantDiffusion;
    use crate::gauss_legendre::GaussLegendre;
    use crate::linear_fit::loglog_fit;
    use sgdpde_landscape::{DoubleWell, Quadratic};

    /// `L(x) = c·x`: constant drift `−c`.
    struct Linear(f64);
    impl Landscape for Linear {
        fn dim(&self) -> usize {
            1
        }
        fn value(&self, x: &[f64]) -> f64 {
            self.0 * x[0]
        }
        fn gradient_into(&self, _x: &[f64], g: &mut [f64]) {
            g[0] = self.0;
        }
    }

    /// Accuracy asserted against closed forms: the doubling test stops at
    /// `rel_tol = 1e-12` (sup-norm, relative to max T); the finer profile is
    /// better still, so 1e-11 relative to max T leaves a factor 10 of margin.
    const EXACT_REL: f64 = 1e-11;

    fn opts() -> QuadratureOptions {
        QuadratureOptions::default()
    }

    fn check_profile(t: &MeanExitTime1d, exact: impl Fn(f64) -> f64, xs: &[f64]) {
        let scale = xs.iter().map(|&x| exact(x).abs()).fold(0.0, f64::max);
        for &x in xs {
            let v = t.value(x).unwrap();
            assert!(
                (v - exact(x)).abs() <= EXACT_REL * scale,
                "x = {x}: {v} vs {}",
                exact(x)
            );
        }
    }

    #[test]
    fn brownian_motion_both_ends_absorbing() {
        // dX = s dW on (α, β): T = (x − α)(β − x)/s² (math.md §3).
        let s2 = 0.5;
        let bm = Diffusion1d::new(
            Quadratic::isotropic(1, 0.0).unwrap(),
            ConstantDiffusion::new(s2).unwrap(),
        )
        .unwrap();
        let t = MeanExitTime1d::new(&bm, LeftEnd::Absorbing(-1.0), 2.0, opts()).unwrap();
        let xs: Vec<f64> = (0..=30).map(|i| -1.0 + 0.1 * i as f64).collect();
        check_profile(&t, |x| (x + 1.0) * (2.0 - x) / s2, &xs);
        // Exit probability through β is linear in the scale S(x) = x.
        for &x in &xs {
            assert!((t.exit_probability_right(x).unwrap() - (x + 1.0) / 3.0).abs() < 1e-14);
        }
    }

    #[test]
    fn brownian_motion_reflecting_left() {
        // T = ((β − α)² − (x − α)²)/s² (proofs-notes/exit-time-quadrature.md).
        let bm = Diffusion1d::new(
            Quadratic::isotropic(1, 0.0).unwrap(),
            ConstantDiffusion::new(2.0).unwrap(),
        )
        .unwrap();
        let t = MeanExitTime1d::new(&bm, LeftEnd::Reflecting(0.0), 3.0, opts()).unwrap();
        let xs: Vec<f64> = (0..=12).map(|i| 0.25 * i as f64).collect();
        check_profile(&t, |x| (9.0 - x * x) / 2.0, &xs);
        assert_eq!(t.exit_probability_right(1.0).unwrap(), 1.0);
    }

    #[test]
    fn constant_drift_reflecting_and_absorbing() {
        // L = c x, a = ε, k = 2c/ε. Reflecting at α:
        // T = (1/c)[(e^{k(β−α)} − e^{k(x−α)})/k − (β − x)].
        let (c, eps, alpha, beta) = (1.0, 0.25, 0.0, 2.0);
        let k = 2.0 * c / eps;
        let model = Diffusion1d::new(Linear(c), ConstantDiffusion::new(eps).unwrap()).unwrap();
        let t = MeanExitTime1d::new(&model, LeftEnd::Reflecting(alpha), beta, opts()).unwrap();
        let exact = |x: f64| {
            ((k * (beta - alpha)).exp() - (k * (x - alpha)).exp()) / k / c - (beta - x) / c
        };
        let xs: Vec<f64> = (0..=20).map(|i| 0.1 * i as f64).collect();
        check_profile(&t, exact, &xs);
        // Both absorbing: P_β(x) = (e^{k(x−α)} − 1)/(e^{k(β−α)} − 1) and
        // T = [(β − α) P_β(x) − (x − α)]/c (drift −c towards α).
        let t2 = MeanExitTime1d::new(&model, LeftEnd::Absorbing(alpha), beta, opts()).unwrap();
        let p = |x: f64| ((k * (x - alpha)).exp_m1()) / (k * (beta - alpha)).exp_m1();
        for &x in &xs {
            assert!((t2.exit_probability_right(x).unwrap() - p(x)).abs() < 1e-13);
        }
        check_profile(&t2, |x| ((x - alpha) - (beta - alpha) * p(x)) / c, &xs);
    }

    /// Σ_{n≥0} (2k)ⁿ (β^{2n+2} − x^{2n+2}) / ((2n+2)(2n+1)!!): `∫_x^β G`, with
    /// `G(y) = e^{ky²} ∫_0^y e^{−kz²} dz` (the OU reflecting-at-0 series).
    fn ou_series(k: f64, x: f64, beta: f64) -> f64 {
        let (mut sum, mut coef) = (0.0, 1.0);
        for n in 0..400 {
            let p = 2 * n + 2;
            let term = coef * (beta.powi(p) - x.powi(p)) / p as f64;
            sum += term;
            if n > 3 && coef * beta.powi(p) <= 1e-18 * sum.abs() {
                break;
            }
            coef *= 2.0 * k / (2 * n + 3) as f64;
        }
        sum
    }

    #[test]
    fn ornstein_uhlenbeck_reflecting_at_zero_matches_series() {
        // L = θx²/2, a = ε: Ψ = ky², k = θ/ε; T(x) = (2/ε) ∫_x^β G(y) dy.
        let (theta, eps, beta) = (1.0, 0.5, 1.5);
        let k = theta / eps;
        let exact = |x: f64| 2.0 / eps * ou_series(k, x, beta);
        let xs: Vec<f64> = (0..=15).map(|i| 0.1 * i as f64).collect();
        let closed = Diffusion1d::new(
            Quadratic::isotropic(1, theta).unwrap(),
            ConstantDiffusion::new(eps).unwrap(),
        )
        .unwrap();
        let t = MeanExitTime1d::new(&closed, LeftEnd::Reflecting(0.0), beta, opts()).unwrap();
        check_profile(&t, exact, &xs);
        // The same diffusion given as a closure: Ψ by quadrature of 2L′/a.
        let by_quadrature =
            Diffusion1d::new(Quadratic::isotropic(1, theta).unwrap(), |_x: f64| eps).unwrap();
        let tq =
            MeanExitTime1d::new(&by_quadrature, LeftEnd::Reflecting(0.0), beta, opts()).unwrap();
        check_profile(&tq, exact, &xs);
    }

    #[test]
    fn ornstein_uhlenbeck_natural_left_end_matches_series() {
        // α = −∞: T(0) = (2/ε)[ ½√(π/k) ∫_0^β e^{ky²} dy + ∫_0^β G ],
        // ∫_0^β e^{ky²} = Σ kⁿ β^{2n+1}/(n!(2n+1)).
        let (theta, eps, beta) = (2.0, 0.4, 1.0_f64);
        let k = theta / eps;
        let mut e_int = 0.0;
        let mut coef = 1.0;
        for n in 0..200 {
            e_int += coef * beta.powi(2 * n + 1) / (2 * n + 1) as f64;
            coef *= k / (n + 1) as f64;
        }
        let exact =
            2.0 / eps * (0.5 * (std::f64::consts::PI / k).sqrt() * e_int + ou_series(k, 0.0, beta));
        let model = Diffusion1d::new(
            Quadratic::isotropic(1, theta).unwrap(),
            ConstantDiffusion::new(eps).unwrap(),
        )
        .unwrap();
        let t = MeanExitTime1d::new(&model, LeftEnd::Natural, beta, opts()).unwrap();
        assert!((t.value(0.0).unwrap() - exact).abs() < EXACT_REL * exact);
        let (alpha, _) = t.domain();
        // Truncation at a rise of 45 in Ψ = ky² from its minimum 0.
        assert!(alpha < -(NATURAL_RISE / k).sqrt() + 1e-9);
    }

    #[test]
    fn state_dependent_diffusion_without_drift() {
        // L = 0, a = 1 + x², reflecting at 0, absorbing at 1: M(y) = 2 atan y,
        // T(x) = 2[y atan y − ½ ln(1 + y²)]_x^1.
        let model =
            Diffusion1d::new(Quadratic::isotropic(1, 0.0).unwrap(), |x: f64| 1.0 + x * x).unwrap();
        let t = MeanExitTime1d::new(&model, LeftEnd::Reflecting(0.0), 1.0, opts()).unwrap();
        let f = |y: f64| y * y.atan() - 0.5 * (1.0 + y * y).ln();
        let xs: Vec<f64> = (0..=10).map(|i| 0.1 * i as f64).collect();
        check_profile(&t, |x| 2.0 * (f(1.0) - f(x)), &xs);
    }

    #[test]
    fn state_dependent_diffusion_with_drift() {
        // L = x²/2 (L′ = x), a = 1 + x²: L′ = a′/2 ⇒ Ψ = ln a, s = a, m = 2/a².
        // Reflecting at 0, absorbing at 1: M(y) = y/(1 + y²) + atan y and
        // T(x) = F(1) − F(x), F(y) = y²/3 + (y + y³/3) atan y − ⅓ ln(1 + y²).
        let model =
            Diffusion1d::new(Quadratic::isotropic(1, 1.0).unwrap(), |x: f64| 1.0 + x * x).unwrap();
        let t = MeanExitTime1d::new(&model, LeftEnd::Reflecting(0.0), 1.0, opts()).unwrap();
        let f = |y: f64| y * y / 3.0 + (y + y * y * y / 3.0) * y.atan() - (1.0 + y * y).ln() / 3.0;
        let xs: Vec<f64> = (0..=10).map(|i| 0.1 * i as f64).collect();
        check_profile(&t, |x| f(1.0) - f(x), &xs);
        // Both ends absorbing on [−1, 2]: S(x) = x + x³/3, P_β = (S(x) − S(α))/(S(β) − S(α)).
        let t2 = MeanExitTime1d::new(&model, LeftEnd::Absorbing(-1.0), 2.0, opts()).unwrap();
        let sc = |x: f64| x + x * x * x / 3.0;
        for i in 0..=30 {
            let x = -1.0 + 0.1 * i as f64;
            let p = (sc(x) - sc(-1.0)) / (sc(2.0) - sc(-1.0));
            assert!((t2.exit_probability_right(x).unwrap() - p).abs() < 1e-13);
        }
    }

    #[test]
    fn observed_order_matches_panel_rule() {
        // With n nodes per panel the partial-panel integrals are exact for
        // degree n − 1 (local error O(h^{n+1}), not accumulated) and the
        // whole-panel sums are Gauss (O(h^{2n})), so the error is O(h^{n+1}).
        let n = 4;
        let (theta, eps, beta) = (1.0, 0.5, 1.5);
        let exact = 2.0 / eps * ou_series(theta / eps, 0.3, beta);
        let model = Diffusion1d::new(
            Quadratic::isotropic(1, theta).unwrap(),
            ConstantDiffusion::new(eps).unwrap(),
        )
        .unwrap();
        let rule = GaussLegendre::new(n).unwrap();
        let mut h = Vec::new();
        let mut err = Vec::new();
        for p in [4, 8, 16, 32, 64] {
            let grid = PanelGrid::new(0.0, beta, p, rule.clone());
            let t = MeanExitTime1d::on_grid(&model, grid, false).unwrap();
            h.push(beta / p as f64);
            err.push((t.value(0.3).unwrap() - exact).abs());
        }
        let fit = loglog_fit(&h, &err).unwrap();
        // Order n + 1 within ±0.5 (pre-asymptotic curvature of the first panels).
        assert!(
            (fit.slope - (n + 1) as f64).abs() < 0.5,
            "observed order {}",
            fit.slope
        );
    }

    #[test]
    fn huge_exit_times_report_their_logarithm() {
        // ε = 5e-4 in the double well: ln T ≈ 2ΔL/ε = 1000 > ln f64::MAX.
        let model = Diffusion1d::new(
            DoubleWell::symmetric(),
            ConstantDiffusion::new(5e-4).unwrap(),
        )
        .unwrap();
        let t = MeanExitTime1d::new(&model, LeftEnd::Natural, 1.0, opts()).unwrap();
        match t.value(-1.0) {
            Err(AnalysisError::Overflow { ln_value, .. }) => {
                // Eyring–Kramers: ln(2π/√2) + 1000, relative corrections O(ε).
                let ek = (2.0 * std::f64::consts::PI / 2.0_f64.sqrt()).ln() + 1000.0;
                assert!((ln_value - ek).abs() < 1e-2, "{ln_value} vs {ek}");
            }
            other => panic!("expected overflow, got {other:?}"),
        }
    }

    #[test]
    fn bad_inputs_are_typed_errors() {
        let flat = Diffusion1d::new(
            Quadratic::isotropic(1, 0.0).unwrap(),
            ConstantDiffusion::new(1.0).unwrap(),
        )
        .unwrap();
        assert!(matches!(
            MeanExitTime1d::new(&flat, LeftEnd::Absorbing(1.0), 0.0, opts()),
            Err(AnalysisError::InvalidInterval { lo, hi, .. }) if lo == 1.0 && hi == 0.0
        ));
        assert!(matches!(
            MeanExitTime1d::new(&flat, LeftEnd::Absorbing(0.0), f64::NAN, opts()),
            Err(AnalysisError::InvalidParameter { name: "beta", .. })
        ));
        let t = MeanExitTime1d::new(&flat, LeftEnd::Absorbing(0.0), 1.0, opts()).unwrap();
        assert!(matches!(t.value(1.5), Err(AnalysisError::OutOfDomain { x, .. }) if x == 1.5));
        assert!(t.value(f64::NAN).is_err());
        let negative = Diffusion1d::new(Quadratic::isotropic(1, 0.0).unwrap(), |x: f64| x).unwrap();
        assert!(matches!(
            MeanExitTime1d::new(&negative, LeftEnd::Reflecting(-1.0), 1.0, opts()),
            Err(AnalysisError::InvalidFunctionValue { value, .. }) if value <= 0.0
        ));
        // Drift −c < 0 pushes to −∞: not confining.
        let leaky = Diffusion1d::new(Linear(1.0), ConstantDiffusion::new(1.0).unwrap()).unwrap();
        assert!(matches!(
            MeanExitTime1d::new(&leaky, LeftEnd::Natural, 0.0, opts()),
            Err(AnalysisError::NotConfining { .. })
        ));
        let bad = QuadratureOptions {
            rel_tol: -1.0,
            ..opts()
        };
        assert!(MeanExitTime1d::new(&flat, LeftEnd::Absorbing(0.0), 1.0, bad).is_err());
        assert!(Diffusion1d::new(Quadratic::isotropic(2, 1.0).unwrap(), |_x: f64| 1.0).is_err());
    }
}
