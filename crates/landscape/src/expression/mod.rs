//! Expressions with exact symbolic derivatives, and the expression landscape.
//!
//! An expression is parsed ([`Symbols`] declare its variables and
//! parameters), simplified, differentiated symbolically on its tree and
//! compiled to a postfix program for a small stack machine that evaluates
//! without allocating. The SDE crate builds its expression SDEs on the same
//! [`Expr`]; the problem-file crate parses TOML into both.
//!
//! Why not an off-the-shelf evaluator: `exmex` 0.21 (the natural choice,
//! with partial derivatives) treats every unknown identifier as a variable,
//! orders variables alphabetically and copies its node list on every
//! evaluation; a ~600-line core gives typed errors with positions, parameters
//! folded as constants and an evaluation cost close to hand-written code
//! (measured in proofs-notes/expression-problems.md).

mod expr;
mod landscape;
mod node;
mod parser;
mod program;

pub use expr::{Expr, Symbols};
pub use landscape::ExprLandscape;
