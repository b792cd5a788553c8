//! [`Symbols`] and [`Expr`]: a parsed, compiled expression with exact
//! symbolic partial derivatives.

use crate::error::{LandscapeError, Result};
use crate::expression::node::{Func, Node};
use crate::expression::parser::{Resolve, Resolved, parse};
use crate::expression::program::Program;

/// The names an [`Expr`] may use: variables — *primary* ones first (the
/// state `x`), then *secondary* ones (time `t`, Brownian values, initial
/// conditions) — and named parameters, substituted as constants when an
/// expression is built.
///
/// Names are identifiers (`[A-Za-z_][A-Za-z0-9_]*`), distinct, and neither a
/// function name (`sin`, `exp`, …) nor the constant `pi`.
///
/// # Examples
/// ```
/// use sgdpde_landscape::{Expr, Symbols};
/// let s = Symbols::new(&["x"], &["t"], &[("c", 0.5)])?;
/// let e = Expr::parse("c*x*t", &s)?;
/// assert_eq!(e.eval(&[2.0], &[3.0]), 3.0);
/// # Ok::<(), sgdpde_landscape::LandscapeError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Symbols {
    vars: Vec<String>,
    n_primary: usize,
    params: Vec<(String, f64)>,
}

fn check_name(name: &str, value: f64) -> Result<()> {
    let mut chars = name.chars();
    let ok_start = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    if !ok_start || !chars.all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(LandscapeError::InvalidSymbol {
            name: name.to_owned(),
            value,
            reason: "not an identifier [A-Za-z_][A-Za-z0-9_]*",
        });
    }
    if Func::by_name(name).is_some() || name == "pi" {
        return Err(LandscapeError::InvalidSymbol {
            name: name.to_owned(),
            value,
            reason: "reserved (a function name or the constant pi)",
        });
    }
    Ok(())
}

impl Symbols {
    /// Declares variables and parameters.
    ///
    /// # Errors
    /// [`LandscapeError::InvalidSymbol`] for a malformed, reserved or
    /// repeated name or a non-finite parameter value.
    pub fn new<S: AsRef<str>, T: AsRef<str>, P: AsRef<str>>(
        primary: &[S],
        secondary: &[T],
        params: &[(P, f64)],
    ) -> Result<Self> {
        // A set, not a list: 10⁵ parameters are checked in milliseconds.
        let mut seen: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
        let mut claim = |name: &str, value: f64| -> Result<()> {
            check_name(name, value)?;
            if !seen.insert(name.to_owned()) {
                return Err(LandscapeError::InvalidSymbol {
                    name: name.to_owned(),
                    value,
                    reason: "declared twice",
                });
            }
            Ok(())
        };
        for v in primary.iter().map(AsRef::as_ref) {
            claim(v, f64::NAN)?;
        }
        for v in secondary.iter().map(AsRef::as_ref) {
            claim(v, f64::NAN)?;
        }
        for (p, value) in params {
            claim(p.as_ref(), *value)?;
            if !value.is_finite() {
                return Err(LandscapeError::InvalidSymbol {
                    name: p.as_ref().to_owned(),
                    value: *value,
                    reason: "a parameter must be finite",
                });
            }
        }
        Ok(Self {
            vars: primary
                .iter()
                .map(|s| s.as_ref().to_owned())
                .chain(secondary.iter().map(|s| s.as_ref().to_owned()))
                .collect(),
            n_primary: primary.len(),
            params: params
                .iter()
                .map(|(p, v)| (p.as_ref().to_owned(), *v))
                .collect(),
        })
    }

    /// Number of primary variables.
    pub fn n_primary(&self) -> usize {
        self.n_primary
    }

    /// All variable names, primary first.
    pub fn var_names(&self) -> &[String] {
        &self.vars
    }

    /// The parameters with their values.
    pub fn params(&self) -> &[(String, f64)] {
        &self.params
    }

    /// The index of variable `name` (primary first), if declared.
    pub fn var_index(&self, name: &str) -> Option<usize> {
        self.vars.iter().position(|v| v == name)
    }
}

impl Resolve for Symbols {
    fn resolve(&self, name: &str) -> Option<Resolved> {
        if let Some(i) = self.var_index(name) {
            return Some(Resolved::Var(i));
        }
        self.params
            .iter()
            .find(|(p, _)| p == name)
            .map(|&(_, v)| Resolved::Const(v))
    }

    fn known(&self) -> String {
        /// Names listed in an error; the rest are counted, so a file with
        /// 10⁵ parameters still gets a one-line message of sensible length.
        const LISTED: usize = 12;
        let mut names: Vec<&str> = self.vars.iter().map(String::as_str).collect();
        names.extend(self.params.iter().map(|(p, _)| p.as_str()));
        names.push("pi");
        if names.len() > LISTED {
            let more = names.len() - LISTED;
            names.truncate(LISTED);
            return format!("{}, … ({more} more)", names.join(", "));
        }
        names.join(", ")
    }
}

/// A parsed expression, simplified and compiled to a small stack machine,
/// with exact symbolic partial derivatives ([`Expr::derivative`]).
///
/// Syntax: numbers (`2`, `0.5`, `1e-3`), the declared names, `pi`,
/// `+ - * /`, `^` or `**` (right-associative, binding tighter than unary
/// minus: `-x^2 = -(x²)`), parentheses and the functions `sin cos tan exp
/// ln log sqrt sinh cosh tanh atan abs sign` (`log` is the natural
/// logarithm; `abs′ = sign`, `sign′ = 0`). Whole exponents up to 64 are
/// evaluated by `powi`, others by `powf`.
///
/// # Errors
/// See [`Expr::parse`].
///
/// # Examples
/// ```
/// use sgdpde_landscape::{Expr, Symbols};
/// let s = Symbols::new(&["x"], &[] as &[&str], &[("c", 0.1)])?;
/// let l = Expr::parse("x^4/4 - x^2/2 + c*x", &s)?;
/// let dl = l.derivative(0)?;          // x³ − x + c, symbolically
/// assert_eq!(dl.eval(&[2.0], &[]), 8.0 - 2.0 + 0.1);
/// assert!(dl.derivative(0)?.derivative(0)?.derivative(0)?.derivative(0)?.is_zero());
/// # Ok::<(), sgdpde_landscape::LandscapeError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    text: String,
    node: Node,
    program: Program,
    n_primary: usize,
    n_vars: usize,
    var_names: Vec<String>,
}

impl Expr {
    /// Parses `text` against `symbols`, substituting parameters.
    ///
    /// # Errors
    /// [`LandscapeError::ExprParse`] with the 1-based character position and
    /// the offending token; [`LandscapeError::UnknownVariable`] naming the
    /// name and listing the known ones; [`LandscapeError::ExprTooComplex`]
    /// beyond the nesting or size limits.
    pub fn parse(text: &str, symbols: &Symbols) -> Result<Self> {
        let node = parse(text, symbols)?;
        Self::from_node(text.to_owned(), node, symbols.n_primary, &symbols.vars)
    }

    fn from_node(text: String, node: Node, n_primary: usize, var_names: &[String]) -> Result<Self> {
        let program = Program::compile(&node, n_primary, &text)?;
        Ok(Self {
            text,
            node,
            program,
            n_primary,
            n_vars: var_names.len(),
            var_names: var_names.to_vec(),
        })
    }

    /// The text the expression was parsed from (for a derivative, a
    /// description such as `∂(x^2)/∂x`).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Evaluates at primary variables `primary` and secondary variables
    /// `secondary`. Does not allocate.
    ///
    /// # Panics
    /// If a slice is shorter than the number of variables of its kind (a
    /// contract violation: callers size them at construction).
    #[inline]
    pub fn eval(&self, primary: &[f64], secondary: &[f64]) -> f64 {
        self.program.eval(primary, secondary)
    }

    /// The exact partial derivative with respect to variable number `var`
    /// (primary first), by symbolic differentiation and simplification.
    ///
    /// # Errors
    /// [`LandscapeError::DimensionMismatch`] if `var` is not a variable;
    /// [`LandscapeError::ExprTooComplex`] if the derivative exceeds the
    /// evaluator's limits.
    pub fn derivative(&self, var: usize) -> Result<Self> {
        if var >= self.n_vars {
            return Err(LandscapeError::DimensionMismatch {
                what: "variable index of a derivative",
                expected: self.n_vars,
                found: var,
            });
        }
        let text = format!("∂({})/∂{}", self.text, self.var_names[var]);
        Self::from_node(
            text,
            self.node.derivative(var),
            self.n_primary,
            &self.var_names,
        )
    }

    /// Whether variable number `var` occurs in the simplified expression.
    pub fn depends_on(&self, var: usize) -> bool {
        self.node.depends_on(var)
    }

    /// Whether the simplified expression is the literal `0` (then it is
    /// identically zero; the simplifier is sound but not complete, so an
    /// identically zero expression it cannot reduce reports `false`).
    pub fn is_zero(&self) -> bool {
        self.node.is_zero()
    }

    /// The value when the simplified expression is a constant.
    pub fn constant(&self) -> Option<f64> {
        self.program.constant()
    }

    /// Whether any primary variable occurs.
    pub fn depends_on_primary(&self) -> bool {
        (0..self.n_primary).any(|v| self.depends_on(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_are_validated() {
        let none: &[(&str, f64)] = &[];
        let no: &[&str] = &[];
        assert!(Symbols::new(&["x", "x"], no, none).is_err());
        assert!(Symbols::new(&["x"], &["x"], none).is_err());
        assert!(Symbols::new(&["2x"], no, none).is_err());
        assert!(Symbols::new(&["sin"], no, none).is_err());
        assert!(Symbols::new(&["pi"], no, none).is_err());
        let e = Symbols::new(&["x"], no, &[("c", f64::NAN)]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid name or parameter `c`: a parameter must be finite"
        );
        assert!(Symbols::new(&["x"], no, &[("x", 1.0)]).is_err());
    }

    #[test]
    fn derivative_of_secondary_variables_and_text() {
        let s = Symbols::new(&["x"], &["t"], &[("a", 2.0)]).unwrap();
        let e = Expr::parse("a*x*t^2", &s).unwrap();
        let dt = e.derivative(1).unwrap();
        assert_eq!(dt.eval(&[3.0], &[5.0]), 2.0 * 3.0 * 2.0 * 5.0);
        assert_eq!(dt.text(), "∂(a*x*t^2)/∂t");
        assert!(e.derivative(2).is_err());
        assert!(e.depends_on_primary());
        assert!(!Expr::parse("a*t", &s).unwrap().depends_on_primary());
    }
}
