//! [`ExprLandscape`]: a loss `L(x)` given as an expression, with its exact
//! gradient and Hessian obtained symbolically at construction.

use crate::error::{LandscapeError, Result};
use crate::expression::expr::{Expr, Symbols};
use crate::traits::{KnownCriticalPoint, KnownCriticalPoints, Landscape, LandscapeHessian};

/// A landscape `L: Rᵈ → R` given by an expression in named variables
/// `x₁ … x_d` and named parameters (substituted as constants).
///
/// At construction the gradient `∂ᵢL` and the upper triangle of the Hessian
/// `∂ᵢ∂ⱼL` are derived **symbolically** ([`Expr::derivative`]) and compiled;
/// evaluation runs the compiled programs on a fixed stack array, so
/// `gradient_into` and `hessian_into` do not allocate. The Hessian is
/// symmetric by construction (`∂ⱼ∂ᵢL` is the mirrored entry, not a second
/// derivation).
///
/// # Errors
/// See [`ExprLandscape::new`].
///
/// # Examples
/// The tilted double well of the catalogue:
/// ```
/// use sgdpde_landscape::{ExprLandscape, Landscape, LandscapeExt};
/// let l = ExprLandscape::new("x^4/4 - x^2/2 + c*x", &["x"], &[("c", 0.1)])?;
/// assert_eq!(l.gradient(&[2.0]), vec![8.0 - 2.0 + 0.1]);
/// # Ok::<(), sgdpde_landscape::LandscapeError>(())
/// ```
///
/// # References
/// Symbolic differentiation by the sum, product, quotient, power and chain
/// rules; derivation and the tests that check it in
/// `proofs-notes/expression-problems.md`.
#[derive(Debug, Clone, PartialEq)]
pub struct ExprLandscape {
    value: Expr,
    gradient: Vec<Expr>,
    /// Upper triangle, row-major: entry (i, j), i ≤ j.
    hessian: Vec<Expr>,
    search_box: Option<Vec<[f64; 2]>>,
}

impl ExprLandscape {
    /// Builds `L` from `expr` in the variables `vars` (the coordinates, in
    /// order) with parameters `params`.
    ///
    /// # Errors
    /// [`LandscapeError::DimensionMismatch`] when `vars` is empty;
    /// [`LandscapeError::InvalidSymbol`] for a bad or repeated name or a
    /// non-finite parameter; [`LandscapeError::UnknownVariable`] /
    /// [`LandscapeError::ExprParse`] / [`LandscapeError::ExprTooComplex`]
    /// from parsing and differentiating.
    pub fn new<S: AsRef<str>, P: AsRef<str>>(
        expr: &str,
        vars: &[S],
        params: &[(P, f64)],
    ) -> Result<Self> {
        if vars.is_empty() {
            return Err(LandscapeError::DimensionMismatch {
                what: "variables of an expression landscape (at least one)",
                expected: 1,
                found: 0,
            });
        }
        let symbols = Symbols::new(vars, &[] as &[&str], params)?;
        Self::from_symbols(expr, &symbols)
    }

    /// Builds `L` from `expr` against declared [`Symbols`] (all variables
    /// must be primary: the landscape has no time or other inputs).
    ///
    /// # Errors
    /// As [`ExprLandscape::new`]; [`LandscapeError::DimensionMismatch`] if
    /// `symbols` declares secondary variables or no variable.
    pub fn from_symbols(expr: &str, symbols: &Symbols) -> Result<Self> {
        let d = symbols.n_primary();
        if d == 0 || symbols.var_names().len() != d {
            return Err(LandscapeError::DimensionMismatch {
                what: "variables of an expression landscape (state only, at least one)",
                expected: d.max(1),
                found: symbols.var_names().len(),
            });
        }
        let value = Expr::parse(expr, symbols)?;
        let gradient = (0..d)
            .map(|i| value.derivative(i))
            .collect::<Result<Vec<_>>>()?;
        let mut hessian = Vec::with_capacity(d * (d + 1) / 2);
        for i in 0..d {
            for j in i..d {
                hessian.push(gradient[i].derivative(j)?);
            }
        }
        Ok(Self {
            value,
            gradient,
            hessian,
            search_box: None,
        })
    }

    /// Sets the box in which `critical-points` searches (one `[lo, hi]` per
    /// coordinate).
    ///
    /// # Errors
    /// [`LandscapeError::DimensionMismatch`] for the wrong number of
    /// intervals; [`LandscapeError::InvalidParameter`] unless every interval
    /// is finite with `lo < hi`.
    pub fn with_search_box(mut self, b: Vec<[f64; 2]>) -> Result<Self> {
        if b.len() != self.dim() {
            return Err(LandscapeError::DimensionMismatch {
                what: "search_box (one [lo, hi] per variable)",
                expected: self.dim(),
                found: b.len(),
            });
        }
        for &[lo, hi] in &b {
            if !(lo.is_finite() && hi.is_finite() && lo < hi) {
                return Err(LandscapeError::InvalidParameter {
                    name: "search_box",
                    value: if lo.is_finite() { hi } else { lo },
                    constraint: "finite intervals [lo, hi] with lo < hi",
                });
            }
        }
        self.search_box = Some(b);
        Ok(self)
    }

    /// The search box given by [`ExprLandscape::with_search_box`], if any.
    pub fn search_box(&self) -> Option<&[[f64; 2]]> {
        self.search_box.as_deref()
    }

    /// The expression of `L`.
    pub fn expression(&self) -> &Expr {
        &self.value
    }

    /// The symbolic partial derivative `∂L/∂xᵢ`.
    ///
    /// # Panics
    /// If `i ≥ dim`.
    pub fn gradient_expression(&self, i: usize) -> &Expr {
        &self.gradient[i]
    }

    #[inline]
    fn upper(&self, i: usize, j: usize) -> usize {
        // Row i of the upper triangle starts after rows 0..i of lengths d − r.
        let d = self.gradient.len();
        i * d - i * (i + 1) / 2 + j
    }
}

impl Landscape for ExprLandscape {
    #[inline]
    fn dim(&self) -> usize {
        self.gradient.len()
    }

    #[inline]
    fn value(&self, x: &[f64]) -> f64 {
        self.value.eval(x, &[])
    }

    #[inline]
    fn gradient_into(&self, x: &[f64], grad: &mut [f64]) {
        for (g, e) in grad.iter_mut().zip(&self.gradient) {
            *g = e.eval(x, &[]);
        }
    }
}

impl LandscapeHessian for ExprLandscape {
    fn hessian_into(&self, x: &[f64], hess: &mut [f64]) {
        let d = self.dim();
        for i in 0..d {
            for j in i..d {
                let v = self.hessian[self.upper(i, j)].eval(x, &[]);
                hess[i * d + j] = v;
                hess[j * d + i] = v;
            }
        }
    }
}

impl KnownCriticalPoints for ExprLandscape {
    /// None are known in closed form: an expression landscape's critical
    /// points are found numerically.
    fn known_critical_points(&self) -> Vec<KnownCriticalPoint> {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CoupledDoubleWell, DoubleWell, LandscapeExt};
    use proptest::prelude::*;

    fn double_well(c: f64) -> ExprLandscape {
        ExprLandscape::new("x^4/4 - x^2/2 + c*x", &["x"], &[("c", c)]).unwrap()
    }

    proptest! {
        #![proptest_config(sgdpde_testkit::property::config(256))]

        /// Value, gradient and Hessian of the expression double well against
        /// the hand-coded `DoubleWell`. Both evaluate the same polynomial with
        /// a few roundings each, so they agree to a few ulps of the largest
        /// term: |Δ| ≤ 8 ε (x⁴/4 + x²/2 + |c x|) for the value, and likewise
        /// for the gradient (terms x³, x, c) and Hessian (3x², 1).
        #[test]
        fn double_well_matches_the_catalogue(x in -3.0..3.0_f64, c in -0.5..0.5_f64) {
            let (e, h) = (double_well(c), DoubleWell::new(c).unwrap());
            let eps = 8.0 * f64::EPSILON;
            let scale_v = x.powi(4) / 4.0 + x * x / 2.0 + (c * x).abs();
            prop_assert!((e.value(&[x]) - h.value(&[x])).abs() <= eps * scale_v);
            let scale_g = x.abs().powi(3) + x.abs() + c.abs();
            prop_assert!((e.gradient(&[x])[0] - h.gradient(&[x])[0]).abs() <= eps * scale_g);
            let scale_h = 3.0 * x * x + 1.0;
            prop_assert!((e.hessian_matrix(&[x])[(0, 0)] - h.hessian_matrix(&[x])[(0, 0)]).abs() <= eps * scale_h);
        }

        /// The 2-D coupled double well `(x²−1)²/4 + (ω/2)(y − κx)²` written as
        /// an expression: gradient and Hessian equal the hand derivatives to
        /// a few ulps of the terms' magnitude.
        #[test]
        fn coupled_double_well_matches_the_catalogue(x in -2.0..2.0_f64, y in -2.0..2.0_f64) {
            let (omega, kappa) = (2.0, 0.5);
            let e = ExprLandscape::new(
                "(x^2 - 1)^2/4 + (omega/2)*(y - kappa*x)^2",
                &["x", "y"],
                &[("omega", omega), ("kappa", kappa)],
            ).unwrap();
            let h = CoupledDoubleWell::new(omega, kappa).unwrap();
            let scale = 16.0 * f64::EPSILON * (1.0 + x.abs().powi(3) + omega * (y.abs() + x.abs()));
            let (ge, gh) = (e.gradient(&[x, y]), h.gradient(&[x, y]));
            for i in 0..2 {
                prop_assert!((ge[i] - gh[i]).abs() <= scale, "grad {i}: {} vs {}", ge[i], gh[i]);
            }
            let (he, hh) = (e.hessian_matrix(&[x, y]), h.hessian_matrix(&[x, y]));
            for i in 0..2 {
                for j in 0..2 {
                    prop_assert!((he[(i, j)] - hh[(i, j)]).abs() <= scale * (1.0 + 3.0 * x * x));
                }
            }
            prop_assert_eq!(he[(0, 1)].to_bits(), he[(1, 0)].to_bits());
        }
    }

    #[test]
    fn errors_are_typed() {
        let none: &[(&str, f64)] = &[];
        assert!(matches!(
            ExprLandscape::new("x + y", &["x"], none),
            Err(LandscapeError::UnknownVariable { ref name, .. }) if name == "y"
        ));
        assert!(matches!(
            ExprLandscape::new("x", &[] as &[&str], none),
            Err(LandscapeError::DimensionMismatch { .. })
        ));
        assert!(matches!(
            ExprLandscape::new("c*x", &["x"], &[("c", f64::INFINITY)]),
            Err(LandscapeError::InvalidSymbol { .. })
        ));
        let l = double_well(0.0);
        assert!(
            l.clone()
                .with_search_box(vec![[-1.0, 1.0], [0.0, 1.0]])
                .is_err()
        );
        assert!(l.clone().with_search_box(vec![[1.0, -1.0]]).is_err());
        let b = l.with_search_box(vec![[-3.0, 3.0]]).unwrap();
        assert_eq!(b.search_box(), Some(&[[-3.0, 3.0]][..]));
    }

    #[test]
    fn hessian_layout_in_three_dimensions() {
        // L = x y² z³: ∂²L/∂x∂z = 3y²z², ∂²L/∂y∂z = 6xyz², ∂²L/∂z² = 6xy²z.
        let none: &[(&str, f64)] = &[];
        let l = ExprLandscape::new("x*y^2*z^3", &["x", "y", "z"], none).unwrap();
        let (x, y, z) = (1.5, -0.5, 2.0);
        let h = l.hessian_matrix(&[x, y, z]);
        let exact = [
            [0.0, 2.0 * y * z.powi(3), 3.0 * y * y * z * z],
            [
                2.0 * y * z.powi(3),
                2.0 * x * z.powi(3),
                6.0 * x * y * z * z,
            ],
            [
                3.0 * y * y * z * z,
                6.0 * x * y * z * z,
                6.0 * x * y * y * z,
            ],
        ];
        for i in 0..3 {
            for j in 0..3 {
                // Products of exactly representable dyadic values: exact.
                assert_eq!(h[(i, j)], exact[i][j], "({i},{j})");
            }
        }
    }
}
