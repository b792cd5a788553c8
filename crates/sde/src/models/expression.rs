//! SDEs given by expressions: drift `b(t, x)` (d expressions) and diffusion
//! factor `G(t, x)` (d × m expressions), with the diffusion derivatives
//! Milstein needs derived symbolically, and the noise class decided at build
//! time from the expressions.

use std::fmt;
use std::marker::PhantomData;

use sgdpde_landscape::{Expr, Symbols};

use crate::error::{Result, SdeError};
use crate::model::{Sde, SdeDerivative};
use crate::noise::NoiseClass;

/// A zero-sized marker fixing the [`NoiseClass`] an [`ExprSde`] declares, so
/// that `Sde::NOISE` is a type constant and each class is its own
/// monomorphised type.
pub trait ExprNoise: Send + Sync + Copy + fmt::Debug + 'static {
    /// The class declared.
    const CLASS: NoiseClass;
}

macro_rules! marker {
    ($(#[$doc:meta])* $name:ident => $class:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct $name;
        impl ExprNoise for $name {
            const CLASS: NoiseClass = NoiseClass::$class;
        }
    };
}

marker!(
    /// `G` depends on neither the state nor time.
    ExprAdditive => Additive
);
marker!(
    /// `m = d`, off-diagonal entries the literal 0, `Gᵢᵢ` depending on the
    /// state through `xᵢ` only.
    ExprDiagonal => Diagonal
);
marker!(
    /// `m = 1`, state-dependent.
    ExprScalar => Scalar
);
marker!(
    /// Anything else.
    ExprGeneral => General
);

/// The name of the time variable in drift and diffusion expressions.
pub const TIME_VARIABLE: &str = "t";

/// An Itô SDE `dX = b(t, X) dt + G(t, X) dW` given by expressions, declaring
/// the noise class `C` (see [`AnyExprSde`], which chooses `C` from the
/// expressions).
///
/// The drift and diffusion are compiled expressions ([`Expr`]) in the state
/// variables and `t`; the derivatives `∂G_ik/∂x_l` are derived
/// symbolically at construction, and entries that simplify to the literal 0
/// are skipped in every loop. No call allocates.
///
/// Milstein data (see [`crate::DiffusionDerivative`]):
///
/// ```text
/// D(u, v)ᵢ = Σₗ (Σⱼ Gₗⱼ uⱼ) (Σₖ ∂ₗGᵢₖ vₖ),     Tᵢ = Σⱼ Σₗ Gₗⱼ ∂ₗGᵢⱼ;
/// diagonal class: D(u, v)ᵢ = gᵢ gᵢ′ uᵢ vᵢ,  Tᵢ = gᵢ gᵢ′ (the order of DiagonalFnNoise).
/// ```
#[derive(Clone)]
pub struct ExprSde<C: ExprNoise> {
    d: usize,
    m: usize,
    drift: Vec<Expr>,
    /// `G`, row-major d × m.
    g: Vec<Expr>,
    /// Non-zero entries `(i, k)` of `G`.
    g_nonzero: Vec<(usize, usize)>,
    /// For each `l`, the non-zero `∂ₗGᵢₖ` as `(i, k, expr)`.
    dg_by_l: Vec<Vec<(usize, usize, Expr)>>,
    /// Diagonal class: `gᵢ′ = ∂ᵢGᵢᵢ`.
    dg_diag: Vec<Expr>,
    _class: PhantomData<C>,
}

impl<C: ExprNoise> fmt::Debug for ExprSde<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ExprSde")
            .field("class", &C::CLASS)
            .field("d", &self.d)
            .field("m", &self.m)
            .field(
                "drift",
                &self.drift.iter().map(Expr::text).collect::<Vec<_>>(),
            )
            .field(
                "diffusion",
                &self.g.iter().map(Expr::text).collect::<Vec<_>>(),
            )
            .finish()
    }
}

/// The parsed pieces before the class is known.
struct Parts {
    d: usize,
    m: usize,
    drift: Vec<Expr>,
    g: Vec<Expr>,
    dg: Vec<Expr>,
}

impl Parts {
    /// `∂ₗGᵢₖ`.
    fn dg(&self, i: usize, k: usize, l: usize) -> &Expr {
        &self.dg[(i * self.m + k) * self.d + l]
    }

    fn classify(&self) -> NoiseClass {
        let t = self.d; // index of `t` among the variables
        if self
            .g
            .iter()
            .all(|e| !e.depends_on_primary() && !e.depends_on(t))
        {
            return NoiseClass::Additive;
        }
        let diagonal = self.m == self.d
            && (0..self.d).all(|i| {
                (0..self.m).all(|k| i == k || self.g[i * self.m + k].is_zero())
                    && (0..self.d).all(|l| l == i || !self.g[i * self.m + i].depends_on(l))
            });
        if diagonal {
            NoiseClass::Diagonal
        } else if self.m == 1 {
            NoiseClass::Scalar
        } else {
            NoiseClass::General
        }
    }

    fn build<C: ExprNoise>(self) -> ExprSde<C> {
        let (d, m) = (self.d, self.m);
        let g_nonzero = (0..d)
            .flat_map(|i| (0..m).map(move |k| (i, k)))
            .filter(|&(i, k)| !self.g[i * m + k].is_zero())
            .collect();
        let dg_by_l = (0..d)
            .map(|l| {
                (0..d)
                    .flat_map(|i| (0..m).map(move |k| (i, k)))
                    .filter(|&(i, k)| !self.dg(i, k, l).is_zero())
                    .map(|(i, k)| (i, k, self.dg(i, k, l).clone()))
                    .collect()
            })
            .collect();
        let dg_diag = if C::CLASS == NoiseClass::Diagonal {
            (0..d).map(|i| self.dg(i, i, i).clone()).collect()
        } else {
            Vec::new()
        };
        ExprSde {
            d,
            m,
            drift: self.drift,
            g: self.g,
            g_nonzero,
            dg_by_l,
            dg_diag,
            _class: PhantomData,
        }
    }
}

fn parse_at(text: &str, symbols: &Symbols, location: String) -> Result<Expr> {
    Expr::parse(text, symbols).map_err(|source| SdeError::InExpression { location, source })
}

impl<C: ExprNoise> ExprSde<C> {
    /// The drift expression of component `i`.
    ///
    /// # Panics
    /// If `i ≥ d`.
    pub fn drift_expression(&self, i: usize) -> &Expr {
        &self.drift[i]
    }

    /// The diffusion expression `G_ik`.
    ///
    /// # Panics
    /// If `i ≥ d` or `k ≥ m`.
    pub fn diffusion_expression(&self, i: usize, k: usize) -> &Expr {
        &self.g[i * self.m + k]
    }

    #[inline]
    fn g_at(&self, i: usize, k: usize, t: f64, x: &[f64]) -> f64 {
        self.g[i * self.m + k].eval(x, &[t])
    }
}

impl<C: ExprNoise> Sde for ExprSde<C> {
    const NOISE: NoiseClass = C::CLASS;

    #[inline]
    fn dim(&self) -> usize {
        self.d
    }

    #[inline]
    fn noise_dim(&self) -> usize {
        self.m
    }

    #[inline]
    fn drift_into(&self, t: f64, x: &[f64], out: &mut [f64]) {
        for (o, e) in out.iter_mut().zip(&self.drift) {
            *o = e.eval(x, &[t]);
        }
    }

    #[inline]
    fn diffusion_apply_into(&self, t: f64, x: &[f64], v: &[f64], out: &mut [f64]) {
        if C::CLASS == NoiseClass::Diagonal {
            for i in 0..self.d {
                out[i] = self.g_at(i, i, t, x) * v[i];
            }
            return;
        }
        out.fill(0.0);
        for &(i, k) in &self.g_nonzero {
            out[i] += self.g_at(i, k, t, x) * v[k];
        }
    }
}

impl<C: ExprNoise> SdeDerivative for ExprSde<C> {
    fn diffusion_derivative_apply_into(
        &self,
        t: f64,
        x: &[f64],
        u: &[f64],
        v: &[f64],
        out: &mut [f64],
    ) {
        if C::CLASS == NoiseClass::Diagonal {
            for i in 0..self.d {
                let g = self.g_at(i, i, t, x);
                out[i] = g * self.dg_diag[i].eval(x, &[t]) * u[i] * v[i];
            }
            return;
        }
        out.fill(0.0);
        for l in 0..self.d {
            if self.dg_by_l[l].is_empty() {
                continue;
            }
            // a = (G u)_l
            let mut a = 0.0;
            for k in 0..self.m {
                if !self.g[l * self.m + k].is_zero() {
                    a += self.g_at(l, k, t, x) * u[k];
                }
            }
            for (i, k, e) in &self.dg_by_l[l] {
                out[*i] += a * e.eval(x, &[t]) * v[*k];
            }
        }
    }

    fn diffusion_derivative_trace_into(&self, t: f64, x: &[f64], out: &mut [f64]) {
        if C::CLASS == NoiseClass::Diagonal {
            for i in 0..self.d {
                out[i] = self.g_at(i, i, t, x) * self.dg_diag[i].eval(x, &[t]);
            }
            return;
        }
        out.fill(0.0);
        for l in 0..self.d {
            for (i, k, e) in &self.dg_by_l[l] {
                // Tᵢ += G_lk ∂ₗG_ik  (j = k)
                if !self.g[l * self.m + k].is_zero() {
                    out[*i] += self.g_at(l, *k, t, x) * e.eval(x, &[t]);
                }
            }
        }
    }
}

/// An expression SDE with its noise class chosen from the expressions, one
/// monomorphised variant per class; [`AnyExprSde::visit`] hands the concrete
/// type to generic code once (like `AnyLandscape::visit`).
///
/// # Classification
/// *Additive* if no diffusion entry depends on the state or on `t`;
/// otherwise *diagonal* if `m = d`, every off-diagonal entry is the literal
/// `0` and `Gᵢᵢ` depends on the state through `xᵢ` only; otherwise *scalar*
/// if `m = 1`; otherwise *general*. Dependence is syntactic on the
/// simplified expression, so the class is never claimed wrongly (an
/// expression that is constant but not visibly so is classed more
/// generally, which only restricts the integrators allowed).
///
/// # Examples
/// Geometric Brownian motion:
/// ```
/// use sgdpde_sde::{AnyExprSde, NoiseClass};
/// let gbm = AnyExprSde::new(&["x"], &[("a", 0.5), ("b", 0.8)], &["a*x"], &[vec!["b*x"]])?;
/// assert_eq!(gbm.class(), NoiseClass::Diagonal);
/// # Ok::<(), sgdpde_sde::SdeError>(())
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum AnyExprSde {
    /// See [`ExprAdditive`].
    Additive(ExprSde<ExprAdditive>),
    /// See [`ExprDiagonal`].
    Diagonal(ExprSde<ExprDiagonal>),
    /// See [`ExprScalar`].
    Scalar(ExprSde<ExprScalar>),
    /// See [`ExprGeneral`].
    General(ExprSde<ExprGeneral>),
}

/// A generic operation run on the concrete [`ExprSde`] behind an
/// [`AnyExprSde`].
pub trait ExprSdeVisitor {
    /// What the operation returns.
    type Output;
    /// Runs the operation on the concrete, monomorphised SDE.
    fn visit<S: SdeDerivative + Clone + fmt::Debug + 'static>(self, sde: &S) -> Self::Output;
}

impl AnyExprSde {
    /// Builds the SDE in the state variables `state` (their order is the
    /// coordinate order) and `t`, with parameters `params`, drift
    /// expressions `drift` (one per state variable) and diffusion rows
    /// `diffusion` (d rows of m ≥ 1 expressions each).
    ///
    /// # Errors
    /// [`SdeError::DimensionMismatch`] when `state` is empty, `drift` has
    /// not `d` entries, `diffusion` has not `d` rows or its rows differ in
    /// length or are empty; [`SdeError::InExpression`] (naming `drift[i]`
    /// or `diffusion[i][k]`) for a parse error, an unknown variable or an
    /// expression too complex; [`SdeError::Landscape`] for bad names or a
    /// non-finite parameter.
    pub fn new<S: AsRef<str>, P: AsRef<str>, E: AsRef<str>>(
        state: &[S],
        params: &[(P, f64)],
        drift: &[E],
        diffusion: &[Vec<E>],
    ) -> Result<Self> {
        let d = state.len();
        let check = |what: &'static str, expected: usize, found: usize| {
            if expected == found {
                Ok(())
            } else {
                Err(SdeError::DimensionMismatch {
                    what,
                    expected,
                    found,
                })
            }
        };
        if d == 0 {
            return Err(SdeError::DimensionMismatch {
                what: "state variables (at least one)",
                expected: 1,
                found: 0,
            });
        }
        check("drift (one expression per state variable)", d, drift.len())?;
        check(
            "diffusion rows (one per state variable)",
            d,
            diffusion.len(),
        )?;
        let m = diffusion[0].len();
        if m == 0 {
            return Err(SdeError::DimensionMismatch {
                what: "diffusion columns m (at least one)",
                expected: 1,
                found: 0,
            });
        }
        for row in diffusion {
            check(
                "diffusion row length (every row has m entries)",
                m,
                row.len(),
            )?;
        }
        let symbols = Symbols::new(state, &[TIME_VARIABLE], params)?;
        let drift = drift
            .iter()
            .enumerate()
            .map(|(i, e)| parse_at(e.as_ref(), &symbols, format!("drift[{i}]")))
            .collect::<Result<Vec<_>>>()?;
        let mut g = Vec::with_capacity(d * m);
        for (i, row) in diffusion.iter().enumerate() {
            for (k, e) in row.iter().enumerate() {
                g.push(parse_at(
                    e.as_ref(),
                    &symbols,
                    format!("diffusion[{i}][{k}]"),
                )?);
            }
        }
        let mut dg = Vec::with_capacity(d * m * d);
        for (ik, e) in g.iter().enumerate() {
            for l in 0..d {
                dg.push(e.derivative(l).map_err(|source| SdeError::InExpression {
                    location: format!("diffusion[{}][{}]", ik / m, ik % m),
                    source,
                })?);
            }
        }
        let parts = Parts { d, m, drift, g, dg };
        Ok(match parts.classify() {
            NoiseClass::Additive => Self::Additive(parts.build()),
            NoiseClass::Diagonal => Self::Diagonal(parts.build()),
            NoiseClass::Scalar => Self::Scalar(parts.build()),
            _ => Self::General(parts.build()),
        })
    }

    /// The noise class chosen.
    pub fn class(&self) -> NoiseClass {
        match self {
            Self::Additive(_) => NoiseClass::Additive,
            Self::Diagonal(_) => NoiseClass::Diagonal,
            Self::Scalar(_) => NoiseClass::Scalar,
            Self::General(_) => NoiseClass::General,
        }
    }

    /// State dimension `d`.
    pub fn dim(&self) -> usize {
        self.visit(Dims).0
    }

    /// Noise dimension `m`.
    pub fn noise_dim(&self) -> usize {
        self.visit(Dims).1
    }

    /// Runs a generic operation on the concrete SDE.
    pub fn visit<V: ExprSdeVisitor>(&self, v: V) -> V::Output {
        match self {
            Self::Additive(s) => v.visit(s),
            Self::Diagonal(s) => v.visit(s),
            Self::Scalar(s) => v.visit(s),
            Self::General(s) => v.visit(s),
        }
    }
}

struct Dims;
impl ExprSdeVisitor for Dims {
    type Output = (usize, usize);
    fn visit<S: SdeDerivative + Clone + fmt::Debug + 'static>(self, s: &S) -> (usize, usize) {
        (s.dim(), s.noise_dim())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problems::GeometricBrownianMotion;

    const NONE: &[(&str, f64)] = &[];

    fn class_of(state: &[&str], drift: &[&str], g: &[Vec<&str>]) -> NoiseClass {
        AnyExprSde::new(state, NONE, drift, g).unwrap().class()
    }

    #[test]
    fn classification() {
        assert_eq!(
            class_of(&["x"], &["-x"], &[vec!["0.5"]]),
            NoiseClass::Additive
        );
        assert_eq!(
            class_of(&["x", "y"], &["y", "-x"], &[vec!["0"], vec!["1"]]),
            NoiseClass::Additive
        );
        assert_eq!(
            class_of(&["x"], &["-x"], &[vec!["x"]]),
            NoiseClass::Diagonal
        );
        assert_eq!(
            class_of(&["x"], &["-x"], &[vec!["1 + t"]]),
            NoiseClass::Diagonal
        );
        assert_eq!(
            class_of(
                &["x", "y"],
                &["-x", "-y"],
                &[vec!["x", "0"], vec!["0", "sin(y)"]]
            ),
            NoiseClass::Diagonal
        );
        assert_eq!(
            class_of(
                &["x", "y"],
                &["-x", "-y"],
                &[vec!["y", "0"], vec!["0", "1"]]
            ),
            NoiseClass::General
        );
        assert_eq!(
            class_of(&["x", "y"], &["-x", "-y"], &[vec!["y"], vec!["x"]]),
            NoiseClass::Scalar
        );
        assert_eq!(
            class_of(
                &["x", "y"],
                &["-x", "-y"],
                &[vec!["x", "1"], vec!["0", "1"]]
            ),
            NoiseClass::General
        );
        // 0*x simplifies to 0: additive.
        assert_eq!(
            class_of(&["x"], &["-x"], &[vec!["0*x + 2"]]),
            NoiseClass::Additive
        );
    }

    #[test]
    fn dimension_and_expression_errors() {
        let e = AnyExprSde::new(&["x", "y"], NONE, &["-x"], &[vec!["1"], vec!["1"]]).unwrap_err();
        assert!(
            matches!(
                e,
                SdeError::DimensionMismatch {
                    expected: 2,
                    found: 1,
                    ..
                }
            ),
            "{e}"
        );
        let e = AnyExprSde::new(
            &["x", "y"],
            NONE,
            &["-x", "-y"],
            &[vec!["1", "0"], vec!["1"]],
        )
        .unwrap_err();
        assert!(
            matches!(
                e,
                SdeError::DimensionMismatch {
                    expected: 2,
                    found: 1,
                    ..
                }
            ),
            "{e}"
        );
        let e = AnyExprSde::new(&["x"], NONE, &["-x"], &[vec!["z"]]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "in diffusion[0][0]: unknown variable `z` in expression `z` (known: x, t, pi)"
        );
        let e = AnyExprSde::new(&["t"], NONE, &["-t"], &[vec!["1"]]).unwrap_err();
        assert!(matches!(e, SdeError::Landscape(_)), "{e}");
    }

    /// Drift, diffusion and Milstein data of the expression GBM equal the
    /// built-in `GeometricBrownianMotion::model()` bit for bit: the same
    /// operations in the same order (`αx`, `βx·v`, `βx·β·u·v`).
    #[test]
    fn gbm_matches_the_built_in_model_bitwise() {
        let (a, b) = (0.5, 0.8);
        let built_in = GeometricBrownianMotion::new(a, b).unwrap().model();
        let AnyExprSde::Diagonal(expr) =
            AnyExprSde::new(&["x"], &[("a", a), ("b", b)], &["a*x"], &[vec!["b*x"]]).unwrap()
        else {
            panic!("GBM is diagonal")
        };
        let mut o1 = [0.0];
        let mut o2 = [0.0];
        for &(x, u, v) in &[(1.3, 0.2, -0.7), (-0.4, 1.1, 0.9), (7.0, -2.0, 0.3)] {
            built_in.drift_into(0.0, &[x], &mut o1);
            expr.drift_into(0.0, &[x], &mut o2);
            assert_eq!(o1[0].to_bits(), o2[0].to_bits());
            built_in.diffusion_apply_into(0.0, &[x], &[v], &mut o1);
            expr.diffusion_apply_into(0.0, &[x], &[v], &mut o2);
            assert_eq!(o1[0].to_bits(), o2[0].to_bits());
            built_in.diffusion_derivative_apply_into(0.0, &[x], &[u], &[v], &mut o1);
            expr.diffusion_derivative_apply_into(0.0, &[x], &[u], &[v], &mut o2);
            assert_eq!(o1[0].to_bits(), o2[0].to_bits());
            built_in.diffusion_derivative_trace_into(0.0, &[x], &mut o1);
            expr.diffusion_derivative_trace_into(0.0, &[x], &mut o2);
            assert_eq!(o1[0].to_bits(), o2[0].to_bits());
        }
    }

    /// The general formula for `D(u, v)` and `T` against a hand computation:
    /// `G = [[x·y, 1], [0, y²]]` (d = m = 2), at (x, y) = (2, 3):
    /// ∂ₓG = [[y, 0], [0, 0]], ∂_yG = [[x, 0], [0, 2y]];
    /// `LʲGᵏ = Σₗ Gₗⱼ ∂ₗGᵏ`, `D(u, v) = Σⱼₖ uⱼvₖ LʲGᵏ`, `T = Σⱼ LʲGʲ`.
    #[test]
    fn general_derivative_data_by_hand() {
        let sde = AnyExprSde::new(
            &["x", "y"],
            NONE,
            &["0", "0"],
            &[vec!["x*y", "1"], vec!["0", "y^2"]],
        )
        .unwrap();
        let AnyExprSde::General(s) = sde else {
            panic!("general")
        };
        let (x, y) = (2.0, 3.0);
        let g = [[x * y, 1.0], [0.0, y * y]];
        // dg[l][i][k] = ∂ₗ G_ik
        let dg = [[[y, 0.0], [0.0, 0.0]], [[x, 0.0], [0.0, 2.0 * y]]];
        let (u, v) = ([0.5, -1.5], [2.0, 0.25]);
        let mut d_exact = [0.0; 2];
        let mut t_exact = [0.0; 2];
        for i in 0..2 {
            for j in 0..2 {
                for k in 0..2 {
                    for l in 0..2 {
                        d_exact[i] += u[j] * v[k] * g[l][j] * dg[l][i][k];
                        if j == k {
                            t_exact[i] += g[l][j] * dg[l][i][j];
                        }
                    }
                }
            }
        }
        let mut out = [0.0; 2];
        s.diffusion_derivative_apply_into(0.0, &[x, y], &u, &v, &mut out);
        // Dyadic inputs: every product and sum is exact.
        assert_eq!(out, d_exact);
        s.diffusion_derivative_trace_into(0.0, &[x, y], &mut out);
        assert_eq!(out, t_exact);
        s.diffusion_apply_into(0.0, &[x, y], &v, &mut out);
        assert_eq!(out, [x * y * v[0] + v[1], y * y * v[1]]);
    }
}
