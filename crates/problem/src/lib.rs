//! Problem files for sgdpde: a landscape or an SDE defined by expressions in
//! a TOML file, with **exact** (symbolic) derivatives and optional exact
//! solution and moments for convergence studies.
//!
//! [`load`] reads a file into a [`Problem`]; a landscape problem becomes an
//! [`sgdpde_landscape::AnyLandscape::Expression`] (every command that takes
//! a landscape runs on it), an SDE problem an [`sgdpde_sde::AnyExprSde`]
//! (visit it to run monomorphised integrators) with optional
//! [`sgdpde_sde::ExprExactSolution`] and [`sgdpde_sde::ExprExactMoments`].
//!
//! # Schema
//!
//! ```toml
//! description = "tilted double well"      # optional, one line
//! variables = ["x"]                       # state variables, coordinate order (d = 1)
//! x0 = [-1.0]                             # optional default start (length d)
//! t_end = 2.0                             # optional default horizon (> 0)
//!
//! [parameters]                            # optional; substituted as constants
//! c = 0.1
//!
//! [landscape]                             # either this table …
//! L = "x^4/4 - x^2/2 + c*x"
//! search_box = [[-2.0, 2.0]]              # optional: where critical-points searches
//! ```
//!
//! ```toml
//! variables = ["x"]
//! [parameters]
//! a = 0.5
//! b = 0.8
//! [sde]                                   # … or this one: dX = b(t, X) dt + G(t, X) dW
//! drift = ["a*x"]                         # d expressions in the variables and t
//! diffusion = [["b*x"]]                   # d rows of m expressions: G is d × m
//! [exact]                                 # optional, all three keys optional
//! solution = ["x0*exp((a - b^2/2)*t + b*W)"]  # X(t) from t, W (m = 1) or W1…Wm, x0
//! mean = ["x0*exp(a*t)"]                  # E X_i(t) from t and x0
//! second_moment = ["x0^2*exp((2*a + b^2)*t)"] # E X_i(t)² from t and x0
//! ```
//!
//! Expressions: numbers, the variables, the parameters, `pi`, `+ - * /`,
//! `^` (or `**`), parentheses and `sin cos tan exp ln log sqrt sinh cosh
//! tanh atan abs sign` ([`sgdpde_landscape::Expr`]). The initial value of a
//! variable `v` is written `v0`. Unknown keys are errors
//! (`deny_unknown_fields`).
//!
//! The noise class of an SDE is decided from the expressions
//! ([`sgdpde_sde::AnyExprSde`]): additive, diagonal, scalar or general.
//!
//! # Errors
//! Every error is one line naming the file, the field and the offending text
//! or value ([`ProblemError`]), e.g.
//!
//! ```text
//! gbm.toml: field `sde.drift[0]`: unknown variable `y` in expression `a*y` (known: x, t, a, b, pi)
//! bad.toml:3:9: TOML syntax error: …
//! ```
//!
//! # Examples
//! ```
//! let p = sgdpde_problem::parse(
//!     "variables = [\"x\"]\n[parameters]\nc = 0.1\n[landscape]\nL = \"x^4/4 - x^2/2 + c*x\"\n",
//!     "inline.toml",
//! )?;
//! assert_eq!(p.dim(), 1);
//! assert!(p.landscape().is_some());
//! # Ok::<(), sgdpde_problem::ProblemError>(())
//! ```

mod error;
mod problem;
mod schema;

pub use error::{ProblemError, Result};
pub use problem::{
    ExactValues, MAX_FILE_BYTES, Problem, ProblemKind, SdeProblem, load, load_with, parse,
    parse_with,
};
