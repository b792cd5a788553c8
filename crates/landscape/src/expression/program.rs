//! A tree compiled to a postfix program for a small stack machine, evaluated
//! without allocation (a fixed array on the call stack).
//!
//! Children are emitted in Sethi–Ullman order (the one needing the deeper
//! stack first, with reversed operators `RSub`, `RDiv`, `RPow` when the right
//! operand goes first), so a tree of `n` leaves needs at most `⌊log₂ n⌋ + 1`
//! slots: [`MAX_STACK`] = 16 slots hold any tree of fewer than 2¹⁶ leaves,
//! far more than an expression within the parser's token limit has (its
//! derivatives included); a deeper need is a typed error, never an overflow.
//! A small stack keeps the per-call initialisation cheap.

use crate::error::{LandscapeError, Result};
use crate::expression::node::{BinOp, Func, Node, pow, powi, whole_exponent};

/// Stack slots of the evaluator.
pub(crate) const MAX_STACK: usize = 16;

/// Longest program accepted (derivatives of long expressions grow).
pub(crate) const MAX_OPS: usize = 200_000;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Num(f64),
    /// Primary variable (state).
    Var(u32),
    /// Secondary variable (time, Brownian value, initial condition, …).
    Aux(u32),
    Neg,
    Add,
    Sub,
    RSub,
    Mul,
    Div,
    RDiv,
    PowI(i32),
    Pow,
    RPow,
    Call(Func),
}

/// A compiled expression.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Program {
    ops: Vec<Op>,
}

/// Stack slots a subtree needs (Sethi–Ullman number).
fn need(node: &Node) -> usize {
    match node {
        Node::Num(_) | Node::Var(_) => 1,
        Node::Neg(a) | Node::Call(_, a) => need(a),
        Node::Bin(BinOp::Pow, a, b) if b.num().and_then(whole_exponent).is_some() => need(a),
        Node::Bin(_, a, b) => {
            let (na, nb) = (need(a), need(b));
            if na == nb { na + 1 } else { na.max(nb) }
        }
    }
}

impl Program {
    /// Compiles `node`; variables `0..n_primary` read the primary slice,
    /// the rest the secondary slice (shifted by `n_primary`).
    pub(crate) fn compile(node: &Node, n_primary: usize, text: &str) -> Result<Self> {
        let depth = need(node);
        if depth > MAX_STACK {
            return Err(LandscapeError::ExprTooComplex {
                text: text.to_owned(),
                what: "evaluation stack depth",
                found: depth,
                limit: MAX_STACK,
            });
        }
        let size = node.size();
        if size > MAX_OPS {
            return Err(LandscapeError::ExprTooComplex {
                text: text.to_owned(),
                what: "operation count",
                found: size,
                limit: MAX_OPS,
            });
        }
        let mut ops = Vec::with_capacity(size);
        emit(node, n_primary, &mut ops);
        Ok(Self { ops })
    }

    /// Evaluates with the primary variables `p` and secondary variables `s`.
    ///
    /// # Panics
    /// If a variable index is out of range of the slices (a contract
    /// violation of the caller, which validates dimensions at construction).
    #[inline]
    pub(crate) fn eval(&self, p: &[f64], s: &[f64]) -> f64 {
        let mut st = [0.0_f64; MAX_STACK];
        let mut top = 0_usize;
        for op in &self.ops {
            match *op {
                Op::Num(v) => {
                    st[top] = v;
                    top += 1;
                }
                Op::Var(i) => {
                    st[top] = p[i as usize];
                    top += 1;
                }
                Op::Aux(i) => {
                    st[top] = s[i as usize];
                    top += 1;
                }
                Op::Neg => st[top - 1] = -st[top - 1],
                Op::PowI(n) => st[top - 1] = powi(st[top - 1], n),
                Op::Call(f) => st[top - 1] = f.apply(st[top - 1]),
                binary => {
                    top -= 1;
                    let (a, b) = (st[top - 1], st[top]);
                    st[top - 1] = match binary {
                        Op::Add => a + b,
                        Op::Sub => a - b,
                        Op::RSub => b - a,
                        Op::Mul => a * b,
                        Op::Div => a / b,
                        Op::RDiv => b / a,
                        Op::Pow => pow(a, b),
                        Op::RPow => pow(b, a),
                        _ => unreachable!("unary and leaf operations are matched above"),
                    };
                }
            }
        }
        st[0]
    }

    /// Whether the program is a single constant (its value).
    pub(crate) fn constant(&self) -> Option<f64> {
        match self.ops.as_slice() {
            [Op::Num(v)] => Some(*v),
            _ => None,
        }
    }
}

fn emit(node: &Node, n_primary: usize, ops: &mut Vec<Op>) {
    match node {
        Node::Num(v) => ops.push(Op::Num(*v)),
        Node::Var(i) => ops.push(if *i < n_primary {
            Op::Var(*i as u32)
        } else {
            Op::Aux((*i - n_primary) as u32)
        }),
        Node::Neg(a) => {
            emit(a, n_primary, ops);
            ops.push(Op::Neg);
        }
        Node::Call(f, a) => {
            emit(a, n_primary, ops);
            ops.push(Op::Call(*f));
        }
        Node::Bin(op, a, b) => {
            if *op == BinOp::Pow
                && let Some(n) = b.num().and_then(whole_exponent)
            {
                emit(a, n_primary, ops);
                ops.push(Op::PowI(n));
                return;
            }
            let right_first = need(b) > need(a);
            let (first, second) = if right_first { (b, a) } else { (a, b) };
            emit(first, n_primary, ops);
            emit(second, n_primary, ops);
            ops.push(match (op, right_first) {
                (BinOp::Add, _) => Op::Add,
                (BinOp::Mul, _) => Op::Mul,
                (BinOp::Sub, false) => Op::Sub,
                (BinOp::Sub, true) => Op::RSub,
                (BinOp::Div, false) => Op::Div,
                (BinOp::Div, true) => Op::RDiv,
                (BinOp::Pow, false) => Op::Pow,
                (BinOp::Pow, true) => Op::RPow,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expression::node::{add, call, div, mul, pow_node, sub};
    use Node::{Num, Var};

    /// The compiled program equals the tree's direct evaluation bit for bit
    /// (same operations in the same order on each operand pair; reordering
    /// only swaps which operand is computed first).
    #[test]
    fn program_matches_tree_evaluation_bitwise() {
        let x = || Var(0);
        let t = || Var(1);
        let trees = [
            sub(
                div(pow_node(x(), Num(4.0)), Num(4.0)),
                div(pow_node(x(), Num(2.0)), Num(2.0)),
            ),
            sub(Num(1.0), mul(x(), add(t(), mul(x(), x())))),
            div(Num(2.0), add(x(), mul(t(), t()))),
            pow_node(Num(2.0), add(x(), mul(t(), x()))),
            call(Func::Exp, pow_node(x(), Num(0.5))),
        ];
        for tree in &trees {
            let prog = Program::compile(tree, 1, "test").unwrap();
            for &(xv, tv) in &[(0.3, 1.7), (-1.1, 0.25), (2.5, -0.5)] {
                let direct = tree.eval(&[xv, tv]);
                let compiled = prog.eval(&[xv], &[tv]);
                assert!(
                    direct.to_bits() == compiled.to_bits()
                        || (direct.is_nan() && compiled.is_nan()),
                    "{tree:?}: {direct} vs {compiled}"
                );
            }
        }
    }

    #[test]
    fn constants_are_recognised() {
        assert_eq!(
            Program::compile(&Num(2.5), 1, "").unwrap().constant(),
            Some(2.5)
        );
        assert_eq!(Program::compile(&Var(0), 1, "").unwrap().constant(), None);
    }
}
