//! Exact solutions and exact moments of expression SDEs, given as
//! expressions — the reference values of convergence studies.
//!
//! # Conventions
//! - The initial value of state variable `v` is written `v0` (state `x, y`:
//!   `x0, y0`).
//! - Brownian motion: `W` when m = 1, else `W1 … Wm` (the value `W_t` of
//!   each component at time `t`, with `W_0 = 0`).
//! - Exact solution `X(t, W_t, x₀)`: one expression per component in `t`,
//!   the `W`'s and the `v0`'s — a *pathwise* solution, valid when `X_t` is a
//!   function of `W_t` alone (GBM, additive-noise linear scalar cases, …).
//! - Moments: `E X_i(t)` and `E X_i(t)²` per component, in `t` and the
//!   `v0`'s (deterministic start).

use sgdpde_landscape::{Expr, Symbols};

use crate::error::{Result, SdeError};
use crate::models::expression::TIME_VARIABLE;

/// Largest state dimension of an exact solution (its variables are packed
/// into a stack buffer, so evaluation does not allocate).
pub const MAX_EXACT_DIM: usize = 64;

/// The name by which expressions refer to the initial value of `var`.
pub fn initial_value_name(var: &str) -> String {
    format!("{var}0")
}

/// The Brownian names for `m` noise components.
fn brownian_names(m: usize) -> Vec<String> {
    if m == 1 {
        vec!["W".to_owned()]
    } else {
        (1..=m).map(|k| format!("W{k}")).collect()
    }
}

/// The initial-value names of `state`, rejecting a state variable named like
/// another's initial value (`x` beside `x0` would make `x0` ambiguous).
fn initial_names<S: AsRef<str>>(state: &[S]) -> Result<Vec<String>> {
    let names: Vec<String> = state
        .iter()
        .map(|v| initial_value_name(v.as_ref()))
        .collect();
    for v in state {
        if names.iter().any(|n| n == v.as_ref()) {
            return Err(SdeError::Landscape(
                sgdpde_landscape::LandscapeError::InvalidSymbol {
                    name: v.as_ref().to_owned(),
                    value: f64::NAN,
                    reason: "a state variable may not be named like another's initial value",
                },
            ));
        }
    }
    Ok(names)
}

fn parse_all<E: AsRef<str>>(exprs: &[E], symbols: &Symbols, what: &str) -> Result<Vec<Expr>> {
    exprs
        .iter()
        .enumerate()
        .map(|(i, e)| {
            Expr::parse(e.as_ref(), symbols).map_err(|source| SdeError::InExpression {
                location: format!("{what}[{i}]"),
                source,
            })
        })
        .collect()
}

fn check_len(what: &'static str, expected: usize, found: usize) -> Result<()> {
    if expected == found {
        Ok(())
    } else {
        Err(SdeError::DimensionMismatch {
            what,
            expected,
            found,
        })
    }
}

/// A pathwise exact solution `X(t, W_t, x₀)` given by expressions (see the
/// module conventions).
///
/// # Examples
/// Geometric Brownian motion `X = x₀ exp((a − b²/2) t + b W)`:
/// ```
/// use sgdpde_sde::ExprExactSolution;
/// let e = ExprExactSolution::new(&["x"], 1, &[("a", 0.5), ("b", 1.0)], &["x0*exp((a - b^2/2)*t + b*W)"])?;
/// let mut out = [0.0];
/// e.exact_solution_into(2.0, &[1.0], &[0.0], &mut out);
/// assert_eq!(out[0], 1.0);
/// # Ok::<(), sgdpde_sde::SdeError>(())
/// ```
#[derive(Debug, Clone)]
pub struct ExprExactSolution {
    d: usize,
    m: usize,
    exprs: Vec<Expr>,
}

impl ExprExactSolution {
    /// Builds the solution for state variables `state` and `m` Brownian
    /// components from one expression per component.
    ///
    /// # Errors
    /// [`SdeError::DimensionMismatch`] for `exprs.len() ≠ d`, `m = 0` or
    /// `d > MAX_EXACT_DIM`; [`SdeError::InExpression`] naming `exact[i]`;
    /// [`SdeError::Landscape`] for clashing names (e.g. a state variable
    /// called `x0` beside `x`) or a non-finite parameter.
    pub fn new<S: AsRef<str>, P: AsRef<str>, E: AsRef<str>>(
        state: &[S],
        m: usize,
        params: &[(P, f64)],
        exprs: &[E],
    ) -> Result<Self> {
        let d = state.len();
        check_len(
            "exact solution (one expression per state variable)",
            d,
            exprs.len(),
        )?;
        if m == 0 {
            return Err(SdeError::DimensionMismatch {
                what: "noise dimension m of an exact solution (at least one)",
                expected: 1,
                found: 0,
            });
        }
        if d > MAX_EXACT_DIM {
            return Err(SdeError::DimensionMismatch {
                what: "state dimension of an exact solution (at most 64)",
                expected: MAX_EXACT_DIM,
                found: d,
            });
        }
        let mut secondary = vec![TIME_VARIABLE.to_owned()];
        secondary.extend(initial_names(state)?);
        let symbols = Symbols::new(&brownian_names(m), &secondary, params)?;
        Ok(Self {
            d,
            m,
            exprs: parse_all(exprs, &symbols, "exact")?,
        })
    }

    /// Writes `X(t)` for `W_t = w` from `X(0) = x0` into `out`. Does not
    /// allocate.
    ///
    /// # Panics
    /// If `x0.len() ≠ d`, `w.len() ≠ m` or `out.len() ≠ d`.
    pub fn exact_solution_into(&self, t: f64, x0: &[f64], w: &[f64], out: &mut [f64]) {
        assert!(
            x0.len() == self.d && w.len() == self.m && out.len() == self.d,
            "exact solution: x0, w, out must have lengths d = {}, m = {}, d",
            self.d,
            self.m
        );
        let mut sec = [0.0; MAX_EXACT_DIM + 1];
        sec[0] = t;
        sec[1..=self.d].copy_from_slice(x0);
        for (o, e) in out.iter_mut().zip(&self.exprs) {
            *o = e.eval(w, &sec[..=self.d]);
        }
    }

    /// State dimension `d`.
    pub fn dim(&self) -> usize {
        self.d
    }

    /// Noise dimension `m`.
    pub fn noise_dim(&self) -> usize {
        self.m
    }
}

/// Exact first and second moments `E X_i(t)`, `E X_i(t)²` given by
/// expressions in `t` and the initial values (either may be absent).
///
/// # Examples
/// ```
/// use sgdpde_sde::ExprExactMoments;
/// let mo = ExprExactMoments::new(&["x"], &[("a", 0.5)], Some(&["x0*exp(a*t)"][..]), None)?;
/// let mut m = [0.0];
/// assert!(mo.mean_into(0.0, &[3.0], &mut m));
/// assert_eq!(m[0], 3.0);
/// assert!(!mo.second_moment_into(0.0, &[3.0], &mut m));
/// # Ok::<(), sgdpde_sde::SdeError>(())
/// ```
#[derive(Debug, Clone)]
pub struct ExprExactMoments {
    d: usize,
    mean: Option<Vec<Expr>>,
    second_moment: Option<Vec<Expr>>,
}

impl ExprExactMoments {
    /// Builds the moments for state variables `state`.
    ///
    /// # Errors
    /// [`SdeError::DimensionMismatch`] when a list has not `d` entries;
    /// [`SdeError::InExpression`] naming `mean[i]` or `second_moment[i]`;
    /// [`SdeError::Landscape`] for clashing names or a non-finite parameter.
    pub fn new<S: AsRef<str>, P: AsRef<str>, E: AsRef<str>>(
        state: &[S],
        params: &[(P, f64)],
        mean: Option<&[E]>,
        second_moment: Option<&[E]>,
    ) -> Result<Self> {
        let d = state.len();
        let x0 = initial_names(state)?;
        let symbols = Symbols::new(&x0, &[TIME_VARIABLE], params)?;
        let mean = match mean {
            Some(e) => {
                check_len("mean (one expression per state variable)", d, e.len())?;
                Some(parse_all(e, &symbols, "mean")?)
            }
            None => None,
        };
        let second_moment = match second_moment {
            Some(e) => {
                check_len(
                    "second_moment (one expression per state variable)",
                    d,
                    e.len(),
                )?;
                Some(parse_all(e, &symbols, "second_moment")?)
            }
            None => None,
        };
        Ok(Self {
            d,
            mean,
            second_moment,
        })
    }

    fn eval_into(exprs: Option<&Vec<Expr>>, t: f64, x0: &[f64], out: &mut [f64]) -> bool {
        match exprs {
            Some(es) => {
                for (o, e) in out.iter_mut().zip(es) {
                    *o = e.eval(x0, &[t]);
                }
                true
            }
            None => false,
        }
    }

    /// Writes `E X(t)` from `X(0) = x0` into `out`; `false` (and `out`
    /// untouched) when no mean was given.
    ///
    /// # Panics
    /// If `x0.len() ≠ d`.
    pub fn mean_into(&self, t: f64, x0: &[f64], out: &mut [f64]) -> bool {
        assert_eq!(x0.len(), self.d, "x0 must have length d");
        Self::eval_into(self.mean.as_ref(), t, x0, out)
    }

    /// Writes `E X_i(t)²` per component into `out`; `false` when no second
    /// moment was given.
    ///
    /// # Panics
    /// If `x0.len() ≠ d`.
    pub fn second_moment_into(&self, t: f64, x0: &[f64], out: &mut [f64]) -> bool {
        assert_eq!(x0.len(), self.d, "x0 must have length d");
        Self::eval_into(self.second_moment.as_ref(), t, x0, out)
    }

    /// Whether a mean was given.
    pub fn has_mean(&self) -> bool {
        self.mean.is_some()
    }

    /// Whether a second moment was given.
    pub fn has_second_moment(&self) -> bool {
        self.second_moment.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problems::GeometricBrownianMotion;

    const GBM_EXACT: &str = "x0*exp((a - b^2/2)*t + b*W)";

    /// The expression exact solution and moments of GBM against the
    /// built-in closed forms: the same formula, evaluated with a different
    /// association of the exponent's terms, so within a few ulps
    /// (8 ε relative: exp amplifies the exponent's absolute rounding, here
    /// |exponent| ≤ 3, by at most a factor e^|Δ| − 1 ≈ |Δ|).
    #[test]
    fn gbm_exact_solution_and_moments() {
        let (a, b) = (0.5, 0.8);
        let gbm = GeometricBrownianMotion::new(a, b).unwrap();
        let p = [("a", a), ("b", b)];
        let ex = ExprExactSolution::new(&["x"], 1, &p, &[GBM_EXACT]).unwrap();
        let mo = ExprExactMoments::new(
            &["x"],
            &p,
            Some(&["x0*exp(a*t)"][..]),
            Some(&["x0^2*exp((2*a + b^2)*t)"][..]),
        )
        .unwrap();
        let mut out = [0.0];
        for &(t, x0, w) in &[(0.5, 1.0, 0.3), (1.0, 2.0, -1.2), (2.0, 0.7, 1.5)] {
            ex.exact_solution_into(t, &[x0], &[w], &mut out);
            let exact = gbm.exact(x0, t, w);
            assert!((out[0] - exact).abs() <= 8.0 * f64::EPSILON * exact.abs());
            assert!(mo.mean_into(t, &[x0], &mut out));
            assert!((out[0] - gbm.mean(t, x0)).abs() <= 8.0 * f64::EPSILON * out[0].abs());
            assert!(mo.second_moment_into(t, &[x0], &mut out));
            let m2 = gbm.second_moment(t, x0);
            assert!((out[0] - m2).abs() <= 8.0 * f64::EPSILON * m2);
        }
    }

    #[test]
    fn names_and_dimensions() {
        let none: &[(&str, f64)] = &[];
        // m = 2: W1, W2; W alone is unknown.
        assert!(ExprExactSolution::new(&["x"], 2, none, &["x0 + W1 - W2"]).is_ok());
        let e = ExprExactSolution::new(&["x"], 2, none, &["x0 + W"]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "in exact[0]: unknown variable `W` in expression `x0 + W` (known: W1, W2, t, x0, pi)"
        );
        assert!(matches!(
            ExprExactSolution::new(&["x", "y"], 1, none, &["x0"]),
            Err(SdeError::DimensionMismatch {
                expected: 2,
                found: 1,
                ..
            })
        ));
        // State variables `x` and `x0` clash with the initial value of `x`.
        assert!(ExprExactSolution::new(&["x", "x0"], 1, none, &["x0", "x00"]).is_err());
        assert!(matches!(
            ExprExactMoments::new(&["x"], none, Some(&["x0", "1"][..]), None),
            Err(SdeError::DimensionMismatch { .. })
        ));
        let e = ExprExactMoments::new(&["x"], none, None, Some(&["x"][..])).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("in second_moment[0]: unknown variable `x`"),
            "{e}"
        );
    }
}
