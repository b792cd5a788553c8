//! The Eyring–Kramers formula for the mean transition time between two
//! basins of `dX = −∇L dt + √ε dW` in `d` dimensions.

use nalgebra::{DMatrix, SymmetricEigen};
use serde::{Deserialize, Serialize};
use sgdpde_landscape::{LandscapeExt, LandscapeHessian, check_point};

use crate::error::{AnalysisError, Result, check_positive};

/// Tolerance on `|∇L|` at the given critical points, relative to
/// `max(1, ‖∇²L‖_max)`: points found by Newton's method reach ~1e-13.
pub const CRITICAL_GRADIENT_TOL: f64 = 1e-8;

/// The ε-independent ingredients of the Eyring–Kramers formula for a minimum
/// `m` and an index-1 saddle `s`.
///
/// # Formula
/// For `dX = −∇L dt + √ε dW` (so `a = εI`, `D = (ε/2) I`, Gibbs `∝ e^{−2L/ε}`):
///
/// ```text
/// E τ ≈ (2π/|λ_s|) √(|det ∇²L(s)| / det ∇²L(m)) · exp(2 (L(s) − L(m)) / ε)
/// ```
///
/// where `λ_s < 0` is the negative eigenvalue of `∇²L(s)` and `τ` the time to
/// reach the next basin (reaching the saddle itself takes about half). The
/// standard statement is for `dX = −∇V dt + √(2ε′) dW`, with exponent
/// `ΔV/ε′`; here `ε′ = ε/2` and the prefactor does not involve the noise, so
/// `math.md`'s formula is right (derivation and the 1-D Laplace check in
/// `proofs-notes/eyring-kramers.md`). Relative corrections are `O(ε)`.
///
/// # Errors
/// See [`EyringKramers::new`].
///
/// # Examples
/// The symmetric double well `x⁴/4 − x²/2`: `λ_m = 2`, `λ_s = −1`,
/// prefactor `2π/√2 = π√2`, barrier ¼.
/// ```
/// use sgdpde_analysis::EyringKramers;
/// use sgdpde_landscape::DoubleWell;
/// let ek = EyringKramers::new(&DoubleWell::symmetric(), &[-1.0], &[0.0])?;
/// assert!((ek.prefactor - std::f64::consts::PI * 2f64.sqrt()).abs() < 1e-14);
/// assert!((ek.mean_time(0.1)? - ek.prefactor * 5f64.exp()).abs() < 1e-9);
/// # Ok::<(), sgdpde_analysis::AnalysisError>(())
/// ```
///
/// # References
/// Bovier, Gayrard, Klein, *Metastability in reversible diffusion processes I*,
/// JEMS 6 (2004); Berglund, *Kramers' law: validity, derivations and
/// generalisations*, Markov Process. Relat. Fields 19 (2013).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EyringKramers {
    /// `ΔL = L(s) − L(m)`.
    pub barrier: f64,
    /// `(2π/|λ_s|) √(|det ∇²L(s)| / det ∇²L(m))`.
    pub prefactor: f64,
    /// The negative eigenvalue `λ_s` of `∇²L(s)`.
    pub negative_eigenvalue: f64,
    /// Eigenvalues of `∇²L(m)`, ascending.
    pub minimum_eigenvalues: Vec<f64>,
    /// Eigenvalues of `∇²L(s)`, ascending.
    pub saddle_eigenvalues: Vec<f64>,
}

fn eigenvalues(h: DMatrix<f64>) -> Vec<f64> {
    let mut ev: Vec<f64> = SymmetricEigen::new(h).eigenvalues.iter().copied().collect();
    ev.sort_by(f64::total_cmp);
    ev
}

impl EyringKramers {
    /// Computes the ingredients at the minimum `minimum` and saddle `saddle`.
    ///
    /// # Errors
    /// * landscape errors (wrong dimension, non-finite coordinates);
    /// * [`AnalysisError::NotCritical`] if `|∇L| > CRITICAL_GRADIENT_TOL·max(1, ‖∇²L‖)`
    ///   at either point;
    /// * [`AnalysisError::WrongMorseIndex`] unless `∇²L(m)` has no and
    ///   `∇²L(s)` exactly one negative eigenvalue, and neither is singular
    ///   (a zero eigenvalue counts as wrong: the formula needs non-degenerate
    ///   critical points).
    pub fn new<L: LandscapeHessian>(
        landscape: &L,
        minimum: &[f64],
        saddle: &[f64],
    ) -> Result<Self> {
        let d = landscape.dim();
        check_point("minimum", minimum, d)?;
        check_point("saddle", saddle, d)?;
        let check = |what: &'static str, x: &[f64], h: &DMatrix<f64>| -> Result<()> {
            let g = landscape.gradient(x);
            let gn = g.iter().map(|v| v * v).sum::<f64>().sqrt();
            let tol = CRITICAL_GRADIENT_TOL * h.amax().max(1.0);
            if gn <= tol {
                Ok(())
            } else {
                Err(AnalysisError::NotCritical {
                    what,
                    gradient_norm: gn,
                    tolerance: tol,
                })
            }
        };
        let hm = landscape.hessian_matrix(minimum);
        let hs = landscape.hessian_matrix(saddle);
        check("minimum", minimum, &hm)?;
        check("saddle", saddle, &hs)?;
        let scale = |h: &DMatrix<f64>| 1e-12 * h.amax().max(1.0);
        let (sm, ss) = (scale(&hm), scale(&hs));
        let em = eigenvalues(hm);
        let es = eigenvalues(hs);
        let neg_m = em.iter().filter(|&&e| e < sm).count();
        if neg_m != 0 {
            return Err(AnalysisError::WrongMorseIndex {
                what: "minimum",
                expected: 0,
                found: neg_m,
                eigenvalues: em,
            });
        }
        let neg_s = es.iter().filter(|&&e| e < 0.0).count();
        if neg_s != 1 || es.iter().any(|e| e.abs() <= ss) {
            return Err(AnalysisError::WrongMorseIndex {
                what: "saddle",
                expected: 1,
                found: neg_s,
                eigenvalues: es,
            });
        }
        let lambda = es[0];
        // |det Hs| / det Hm as a product of ratios (no overflow in high d).
        let mut ratio = 1.0;
        for (a, b) in es.iter().zip(&em) {
            ratio *= a.abs() / b;
        }
        Ok(Self {
            barrier: landscape.value(saddle) - landscape.value(minimum),
            prefactor: 2.0 * std::f64::consts::PI / lambda.abs() * ratio.sqrt(),
            negative_eigenvalue: lambda,
            minimum_eigenvalues: em,
            saddle_eigenvalues: es,
        })
    }

    /// `ln E τ = ln(prefactor) + 2ΔL/ε`.
    ///
    /// # Errors
    /// [`AnalysisError::InvalidParameter`] unless `epsilon > 0` is finite.
    pub fn ln_mean_time(&self, epsilon: f64) -> Result<f64> {
        let eps = check_positive("epsilon", epsilon)?;
        Ok(self.prefactor.ln() + 2.0 * self.barrier / eps)
    }

    /// `E τ` for noise `√ε dW`.
    ///
    /// # Errors
    /// [`AnalysisError::InvalidParameter`] for a bad `epsilon`;
    /// [`AnalysisError::Overflow`] (with `ln E τ`) beyond `f64`.
    pub fn mean_time(&self, epsilon: f64) -> Result<f64> {
        let ln = self.ln_mean_time(epsilon)?;
        let v = ln.exp();
        if v.is_finite() {
            Ok(v)
        } else {
            Err(AnalysisError::Overflow {
                what: "Eyring–Kramers time",
                ln_value: ln,
            })
        }
    }

    /// The Kramers rate `1/E τ`.
    ///
    /// # Errors
    /// As [`EyringKramers::ln_mean_time`].
    pub fn rate(&self, epsilon: f64) -> Result<f64> {
        Ok((-self.ln_mean_time(epsilon)?).exp())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diffusion_1d::{ConstantDiffusion, Diffusion1d};
    use crate::exit_time_quadrature::{LeftEnd, MeanExitTime1d};
    use crate::linear_fit::loglog_fit;
    use crate::panel_quadrature::QuadratureOptions;
    use sgdpde_landscape::{DoubleWell, Landscape, LandscapeHessian};

    /// `L(x, y) = W(x) + k y²/2` with `W` a tilted double well: separable,
    /// so the x-component of the exit problem is exactly 1-D.
    struct Separable {
        w: DoubleWell,
        k: f64,
    }
    impl Landscape for Separable {
        fn dim(&self) -> usize {
            2
        }
        fn value(&self, x: &[f64]) -> f64 {
            self.w.value(&x[..1]) + 0.5 * self.k * x[1] * x[1]
        }
        fn gradient_into(&self, x: &[f64], g: &mut [f64]) {
            self.w.gradient_into(&x[..1], &mut g[..1]);
            g[1] = self.k * x[1];
        }
    }
    impl LandscapeHessian for Separable {
        fn hessian_into(&self, x: &[f64], h: &mut [f64]) {
            let mut hw = [0.0];
            self.w.hessian_into(&x[..1], &mut hw);
            h.copy_from_slice(&[hw[0], 0.0, 0.0, self.k]);
        }
    }

    fn critical_points(c: f64) -> (f64, f64) {
        // Roots of x³ − x + c by Newton from −1 and 0.
        let newton = |mut x: f64| {
            for _ in 0..100 {
                x -= (x * x * x - x + c) / (3.0 * x * x - 1.0);
            }
            x
        };
        (newton(-1.0), newton(0.0))
    }

    #[test]
    fn relative_error_against_exact_quadrature_is_first_order_in_epsilon() {
        // 1-D tilted well: exact E τ from the left minimum to the right one
        // (natural left end, absorbing at the right minimum) against EK.
        let c = 0.1;
        let w = DoubleWell::new(c).unwrap();
        let (m, s) = critical_points(c);
        let right_min = {
            let mut x: f64 = 1.0;
            for _ in 0..100 {
                x -= (x * x * x - x + c) / (3.0 * x * x - 1.0);
            }
            x
        };
        let ek = EyringKramers::new(&w, &[m], &[s]).unwrap();
        let eps = [0.02, 0.015, 0.01, 0.0075, 0.005];
        let mut rel = Vec::new();
        for &e in &eps {
            let model = Diffusion1d::new(w, ConstantDiffusion::new(e).unwrap()).unwrap();
            let t = MeanExitTime1d::new(
                &model,
                LeftEnd::Natural,
                right_min,
                QuadratureOptions::default(),
            )
            .unwrap();
            let exact_ln = t.ln_value(m).unwrap();
            rel.push((exact_ln - ek.ln_mean_time(e).unwrap()).exp_m1().abs());
        }
        let fit = loglog_fit(&eps, &rel).unwrap();
        // Laplace: T/T_EK = 1 + C ε + O(ε²) ⇒ slope 1; ±0.15 allows the O(ε²)
        // curvature over this range (ε ≤ 0.08).
        assert!(
            (fit.slope - 1.0).abs() < 0.15,
            "slope {} rel {:?}",
            fit.slope,
            rel
        );
        assert!(rel[eps.len() - 1] < 0.05);
    }

    #[test]
    fn reaching_the_saddle_takes_about_half() {
        // Symmetric well, absorbing at the saddle 0: the outer Laplace integral
        // is cut at its centre, T(−1 → 0)/T_EK = ½(1 + O(ε)) (L‴(0) = 0, so
        // the O(√ε) term vanishes). Fit the order of |2T/T_EK − 1| in ε.
        let w = DoubleWell::symmetric();
        let ek = EyringKramers::new(&w, &[-1.0], &[0.0]).unwrap();
        let eps = [0.02, 0.015, 0.01, 0.0075, 0.005];
        let mut dev = Vec::new();
        for &e in &eps {
            let model = Diffusion1d::new(w, ConstantDiffusion::new(e).unwrap()).unwrap();
            let t =
                MeanExitTime1d::new(&model, LeftEnd::Natural, 0.0, QuadratureOptions::default())
                    .unwrap();
            let ratio = (t.ln_value(-1.0).unwrap() - ek.ln_mean_time(e).unwrap()).exp();
            dev.push((2.0 * ratio - 1.0).abs());
        }
        let fit = loglog_fit(&eps, &dev).unwrap();
        assert!(
            (fit.slope - 1.0).abs() < 0.15,
            "slope {} dev {:?}",
            fit.slope,
            dev
        );
    }

    #[test]
    fn separable_two_dimensional_case_reduces_to_one_dimension() {
        let (c, k) = (0.05, 3.0);
        let land = Separable {
            w: DoubleWell::new(c).unwrap(),
            k,
        };
        let (m, s) = critical_points(c);
        let ek2 = EyringKramers::new(&land, &[m, 0.0], &[s, 0.0]).unwrap();
        let ek1 = EyringKramers::new(&DoubleWell::new(c).unwrap(), &[m], &[s]).unwrap();
        // The transverse factor √(k/k) cancels: identical prefactor and barrier.
        assert!((ek2.prefactor - ek1.prefactor).abs() < 1e-13 * ek1.prefactor);
        assert!((ek2.barrier - ek1.barrier).abs() < 1e-15);
        // By hand: prefactor = 2π/√(L″(m)|L″(s)|).
        let hand = 2.0 * std::f64::consts::PI / ((3.0 * m * m - 1.0) * (1.0 - 3.0 * s * s)).sqrt();
        assert!((ek1.prefactor - hand).abs() < 1e-13 * hand);
        assert_eq!(ek2.saddle_eigenvalues.len(), 2);
    }

    #[test]
    fn wrong_points_are_typed_errors() {
        let w = DoubleWell::symmetric();
        assert!(matches!(
            EyringKramers::new(&w, &[0.0], &[0.0]),
            Err(AnalysisError::WrongMorseIndex {
                what: "minimum",
                found: 1,
                ..
            })
        ));
        assert!(matches!(
            EyringKramers::new(&w, &[-1.0], &[1.0]),
            Err(AnalysisError::WrongMorseIndex {
                what: "saddle",
                found: 0,
                ..
            })
        ));
        assert!(matches!(
            EyringKramers::new(&w, &[-0.9], &[0.0]),
            Err(AnalysisError::NotCritical {
                what: "minimum",
                ..
            })
        ));
        assert!(EyringKramers::new(&w, &[-1.0, 0.0], &[0.0]).is_err());
        let ek = EyringKramers::new(&w, &[-1.0], &[0.0]).unwrap();
        assert!(ek.mean_time(0.0).is_err());
        assert!(matches!(
            ek.mean_time(1e-4),
            Err(AnalysisError::Overflow { .. })
        ));
    }
}
