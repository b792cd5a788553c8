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
    /// `Var(i)` then `PowI(n)`, fused.
    VarPowI(u32, i32),
    Neg,
    PowI(i32),
    Call(Func),
    /// Both operands on the stack (the right one on top).
    Bin(Bin),
    /// A leaf push then `Bin`, fused: the right operand is the leaf.
    BinNum(Bin, f64),
    BinVar(Bin, u32),
    BinAux(Bin, u32),
}

/// A binary operation `a ∘ b` of the deeper operand `a` and the top `b`
/// (the reversed forms for a right operand emitted first).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Bin {
    Add,
    Sub,
    RSub,
    Mul,
    Div,
    RDiv,
    Pow,
    RPow,
}

impl Bin {
    #[inline(always)]
    fn apply(self, a: f64, b: f64) -> f64 {
        match self {
            Bin::Add => a + b,
            Bin::Sub => a - b,
            Bin::RSub => b - a,
            Bin::Mul => a * b,
            Bin::Div => a / b,
            Bin::RDiv => b / a,
            Bin::Pow => pow(a, b),
            Bin::RPow => pow(b, a),
        }
    }
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
        Ok(Self { ops: fuse(ops) })
    }

    /// Evaluates with the primary variables `p` and secondary variables `s`.
    ///
    /// The top of the stack is kept in a local (`acc`), the entries below it
    /// in a fixed array: a leaf push spills `acc`, a binary operation pops
    /// its left operand. Every operation computes what the tree does, on the
    /// same operands in the same order, so the value is the tree's bit for
    /// bit (tested).
    ///
    /// # Panics
    /// If a variable index is out of range of the slices (a contract
    /// violation of the caller, which validates dimensions at construction).
    #[inline]
    pub(crate) fn eval(&self, p: &[f64], s: &[f64]) -> f64 {
        // `below[..top]`: the stack under `acc`; the first push spills the
        // (meaningless) initial `acc` into slot 0, so a program needing `n`
        // slots uses `below[..n]`, `n ≤ MAX_STACK` (checked at compile).
        let mut below = [0.0_f64; MAX_STACK];
        let mut top = 0_usize;
        let mut acc = 0.0_f64;
        for op in &self.ops {
            let leaf = match *op {
                Op::Num(v) => v,
                Op::Var(i) => p[i as usize],
                Op::Aux(i) => s[i as usize],
                Op::VarPowI(i, n) => powi(p[i as usize], n),
                Op::Neg => {
                    acc = -acc;
                    continue;
                }
                Op::PowI(n) => {
                    acc = powi(acc, n);
                    continue;
                }
                Op::Call(f) => {
                    acc = f.apply(acc);
                    continue;
                }
                Op::Bin(b) => {
                    top -= 1;
                    acc = b.apply(below[top], acc);
                    continue;
                }
                Op::BinNum(b, v) => {
                    acc = b.apply(acc, v);
                    continue;
                }
                Op::BinVar(b, i) => {
                    acc = b.apply(acc, p[i as usize]);
                    continue;
                }
                Op::BinAux(b, i) => {
                    acc = b.apply(acc, s[i as usize]);
                    continue;
                }
            };
            below[top] = acc;
            top += 1;
            acc = leaf;
        }
        acc
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
            ops.push(Op::Bin(match (op, right_first) {
                (BinOp::Add, _) => Bin::Add,
                (BinOp::Mul, _) => Bin::Mul,
                (BinOp::Sub, false) => Bin::Sub,
                (BinOp::Sub, true) => Bin::RSub,
                (BinOp::Div, false) => Bin::Div,
                (BinOp::Div, true) => Bin::RDiv,
                (BinOp::Pow, false) => Bin::Pow,
                (BinOp::Pow, true) => Bin::RPow,
            }));
        }
    }
}

/// Peephole fusion of a postfix program: a leaf push followed by a binary
/// operation becomes one operation with the leaf as its right operand, and
/// `Var` followed by `PowI` one push. The fused operations compute the same
/// values from the same operands, so only the dispatch count changes (a
/// gradient such as `x³ − x`, four operations, runs as two).
fn fuse(ops: Vec<Op>) -> Vec<Op> {
    let mut out: Vec<Op> = Vec::with_capacity(ops.len());
    for op in ops {
        let fused = match (out.last(), op) {
            (Some(&Op::Var(i)), Op::PowI(n)) => Some(Op::VarPowI(i, n)),
            // A binary operation has a deeper operand below the leaf.
            (Some(&leaf), Op::Bin(b)) if out.len() >= 2 => match leaf {
                Op::Num(v) => Some(Op::BinNum(b, v)),
                Op::Var(i) => Some(Op::BinVar(b, i)),
                Op::Aux(i) => Some(Op::BinAux(b, i)),
                _ => None,
            },
            _ => None,
        };
        match fused {
            Some(f) => *out.last_mut().expect("matched a last operation") = f,
            None => out.push(op),
        }
    }
    out
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

    /// Leaf-then-operation pairs fuse; the fused program of `x³ − x` is
    /// two operations, of `1 − t·x` (right operand first: `RSub`) three.
    #[test]
    fn leaf_operations_fuse() {
        let x = || Var(0);
        let prog = Program::compile(&sub(pow_node(x(), Num(3.0)), x()), 1, "").unwrap();
        assert_eq!(prog.ops, [Op::VarPowI(0, 3), Op::BinVar(Bin::Sub, 0)]);
        let prog = Program::compile(&sub(Num(1.0), mul(Var(1), x())), 1, "").unwrap();
        assert_eq!(
            prog.ops,
            [
                Op::Aux(0),
                Op::BinVar(Bin::Mul, 0),
                Op::BinNum(Bin::RSub, 1.0)
            ]
        );
        assert_eq!(
            prog.eval(&[0.5], &[3.0]).to_bits(),
            (1.0 - 3.0 * 0.5f64).to_bits()
        );
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
