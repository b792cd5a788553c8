//! The expression tree, its simplifying constructors and its symbolic
//! derivative.
//!
//! The constructors fold constants and apply only identities that hold for
//! every real input where both sides are defined (`0 + a = a`, `1·a = a`,
//! `0·a = 0`, `a¹ = a`, `a⁰ = 1`, `−(−a) = a`), so a simplified tree denotes
//! the same function as the one written. A derivative that simplifies to the
//! literal `0` is therefore identically zero; the converse need not hold (the
//! simplifier is sound, not complete), which is the direction the noise
//! classification of expression SDEs relies on (proofs-notes/expression-problems.md).

/// Elementary functions an expression may call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Func {
    Sin,
    Cos,
    Tan,
    Exp,
    Ln,
    Sqrt,
    Sinh,
    Cosh,
    Tanh,
    Atan,
    Abs,
    Sign,
}

impl Func {
    /// Every function with the names it is called by.
    pub(crate) const NAMES: &'static [(&'static str, Func)] = &[
        ("sin", Func::Sin),
        ("cos", Func::Cos),
        ("tan", Func::Tan),
        ("exp", Func::Exp),
        ("ln", Func::Ln),
        ("log", Func::Ln),
        ("sqrt", Func::Sqrt),
        ("sinh", Func::Sinh),
        ("cosh", Func::Cosh),
        ("tanh", Func::Tanh),
        ("atan", Func::Atan),
        ("abs", Func::Abs),
        ("sign", Func::Sign),
    ];

    /// Looks a function up by name.
    pub(crate) fn by_name(name: &str) -> Option<Func> {
        Self::NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|&(_, f)| f)
    }

    /// Applies the function.
    #[inline]
    pub(crate) fn apply(self, a: f64) -> f64 {
        match self {
            Func::Sin => a.sin(),
            Func::Cos => a.cos(),
            Func::Tan => a.tan(),
            Func::Exp => a.exp(),
            Func::Ln => a.ln(),
            Func::Sqrt => a.sqrt(),
            Func::Sinh => a.sinh(),
            Func::Cosh => a.cosh(),
            Func::Tanh => a.tanh(),
            Func::Atan => a.atan(),
            Func::Abs => a.abs(),
            // sign(0) = 0, so that abs′ = sign is odd.
            Func::Sign => {
                if a > 0.0 {
                    1.0
                } else if a < 0.0 {
                    -1.0
                } else {
                    a
                }
            }
        }
    }
}

/// Binary operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Pow,
}

impl BinOp {
    #[cfg(test)]
    pub(crate) fn apply(self, a: f64, b: f64) -> f64 {
        match self {
            BinOp::Add => a + b,
            BinOp::Sub => a - b,
            BinOp::Mul => a * b,
            BinOp::Div => a / b,
            BinOp::Pow => pow(a, b),
        }
    }
}

/// `a^b`, with whole exponents of moderate size by repeated multiplication
/// ([`powi`]; defined for negative bases), others by `powf`.
#[inline]
pub(crate) fn pow(a: f64, b: f64) -> f64 {
    match whole_exponent(b) {
        Some(n) => powi(a, n),
        None => a.powf(b),
    }
}

/// `aⁿ` by binary exponentiation, inlined (`f64::powi` is an out-of-line
/// runtime call costing more than the rest of a small gradient):
/// `a² = a·a`, `a³ = a·(a·a)` — the same products, rounded the same way, as
/// hand-written code; negative `n` gives `1/a^{|n|}`.
#[inline]
pub(crate) fn powi(a: f64, n: i32) -> f64 {
    match n {
        0 => 1.0,
        1 => a,
        2 => a * a,
        3 => a * (a * a),
        4 => {
            let a2 = a * a;
            a2 * a2
        }
        _ => {
            let mut e = n.unsigned_abs();
            let (mut base, mut r) = (a, 1.0);
            while e > 0 {
                if e & 1 == 1 {
                    r *= base;
                }
                base *= base;
                e >>= 1;
            }
            if n < 0 { 1.0 / r } else { r }
        }
    }
}

/// `Some(n)` when `b` is a whole number with `|n| ≤ 64`.
#[inline]
pub(crate) fn whole_exponent(b: f64) -> Option<i32> {
    if b.fract() == 0.0 && b.abs() <= 64.0 {
        Some(b as i32)
    } else {
        None
    }
}

/// An expression tree over numbered variables.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    /// A constant (literals and substituted parameters).
    Num(f64),
    /// Variable number `i`.
    Var(usize),
    /// `−a`.
    Neg(Box<Node>),
    /// `a op b`.
    Bin(BinOp, Box<Node>, Box<Node>),
    /// `f(a)`.
    Call(Func, Box<Node>),
}

use Node::{Bin, Call, Neg, Num, Var};

impl Node {
    /// The constant value, if this is a constant.
    pub(crate) fn num(&self) -> Option<f64> {
        match self {
            Num(v) => Some(*v),
            _ => None,
        }
    }

    /// Whether this is the literal `0`.
    pub(crate) fn is_zero(&self) -> bool {
        self.num() == Some(0.0)
    }

    fn is_one(&self) -> bool {
        self.num() == Some(1.0)
    }

    /// Whether variable `v` occurs in the tree.
    pub(crate) fn depends_on(&self, v: usize) -> bool {
        match self {
            Num(_) => false,
            Var(i) => *i == v,
            Neg(a) | Call(_, a) => a.depends_on(v),
            Bin(_, a, b) => a.depends_on(v) || b.depends_on(v),
        }
    }

    /// Number of nodes.
    pub(crate) fn size(&self) -> usize {
        match self {
            Num(_) | Var(_) => 1,
            Neg(a) | Call(_, a) => 1 + a.size(),
            Bin(_, a, b) => 1 + a.size() + b.size(),
        }
    }

    /// Evaluates the tree directly (reference semantics for the compiled
    /// program, used by the tests).
    #[cfg(test)]
    pub(crate) fn eval(&self, vars: &[f64]) -> f64 {
        match self {
            Num(v) => *v,
            Var(i) => vars[*i],
            Neg(a) => -a.eval(vars),
            Bin(op, a, b) => op.apply(a.eval(vars), b.eval(vars)),
            Call(f, a) => f.apply(a.eval(vars)),
        }
    }

    /// The partial derivative with respect to variable `v`, simplified.
    pub(crate) fn derivative(&self, v: usize) -> Node {
        match self {
            Num(_) => Num(0.0),
            Var(i) => Num(if *i == v { 1.0 } else { 0.0 }),
            Neg(a) => neg(a.derivative(v)),
            Bin(op, a, b) => {
                let (da, db) = (a.derivative(v), b.derivative(v));
                let (a, b) = (a.as_ref().clone(), b.as_ref().clone());
                match op {
                    BinOp::Add => add(da, db),
                    BinOp::Sub => sub(da, db),
                    BinOp::Mul => add(mul(da, b.clone()), mul(a, db)),
                    BinOp::Div => {
                        if db.is_zero() {
                            div(da, b)
                        } else {
                            // (a/b)′ = a′/b − a b′/b²
                            sub(div(da, b.clone()), div(mul(a, db), pow_node(b, Num(2.0))))
                        }
                    }
                    BinOp::Pow => {
                        if db.is_zero() {
                            // (aᵇ)′ = b a^{b−1} a′ when b does not depend on v
                            let bm1 = sub(b.clone(), Num(1.0));
                            mul(mul(b, pow_node(a, bm1)), da)
                        } else {
                            // (aᵇ)′ = aᵇ (b′ ln a + b a′/a)
                            let p = pow_node(a.clone(), b.clone());
                            let t1 = mul(db, call(Func::Ln, a.clone()));
                            let t2 = div(mul(b, da), a);
                            mul(p, add(t1, t2))
                        }
                    }
                }
            }
            Call(f, a) => {
                let da = a.derivative(v);
                if da.is_zero() {
                    return Num(0.0);
                }
                let a = a.as_ref().clone();
                let outer = match f {
                    Func::Sin => call(Func::Cos, a),
                    Func::Cos => neg(call(Func::Sin, a)),
                    Func::Tan => div(Num(1.0), pow_node(call(Func::Cos, a), Num(2.0))),
                    Func::Exp => call(Func::Exp, a),
                    Func::Ln => div(Num(1.0), a),
                    Func::Sqrt => div(Num(0.5), call(Func::Sqrt, a)),
                    Func::Sinh => call(Func::Cosh, a),
                    Func::Cosh => call(Func::Sinh, a),
                    Func::Tanh => sub(Num(1.0), pow_node(call(Func::Tanh, a), Num(2.0))),
                    Func::Atan => div(Num(1.0), add(Num(1.0), pow_node(a, Num(2.0)))),
                    Func::Abs => call(Func::Sign, a),
                    // sign is piecewise constant: derivative 0 away from 0.
                    Func::Sign => Num(0.0),
                };
                mul(outer, da)
            }
        }
    }
}

/// `−a`, simplified.
pub(crate) fn neg(a: Node) -> Node {
    match a {
        Num(v) => Num(-v),
        Neg(inner) => *inner,
        a => Neg(Box::new(a)),
    }
}

/// `a + b`, simplified.
pub(crate) fn add(a: Node, b: Node) -> Node {
    match (a.num(), b.num()) {
        (Some(x), Some(y)) => Num(x + y),
        (Some(0.0), _) => b,
        (_, Some(0.0)) => a,
        _ => Bin(BinOp::Add, Box::new(a), Box::new(b)),
    }
}

/// `a − b`, simplified.
pub(crate) fn sub(a: Node, b: Node) -> Node {
    match (a.num(), b.num()) {
        (Some(x), Some(y)) => Num(x - y),
        (Some(0.0), _) => neg(b),
        (_, Some(0.0)) => a,
        _ => Bin(BinOp::Sub, Box::new(a), Box::new(b)),
    }
}

/// `a · b`, simplified.
pub(crate) fn mul(a: Node, b: Node) -> Node {
    if a.is_zero() || b.is_zero() {
        return Num(0.0);
    }
    match (a.num(), b.num()) {
        (Some(x), Some(y)) => Num(x * y),
        _ if a.is_one() => b,
        _ if b.is_one() => a,
        (Some(-1.0), _) => neg(b),
        (_, Some(-1.0)) => neg(a),
        _ => Bin(BinOp::Mul, Box::new(a), Box::new(b)),
    }
}

/// `a / b`, simplified.
pub(crate) fn div(a: Node, b: Node) -> Node {
    match (a.num(), b.num()) {
        (Some(x), Some(y)) => Num(x / y),
        _ if a.is_zero() => Num(0.0),
        _ if b.is_one() => a,
        // (c₁·r)/c₂ = (c₁/c₂)·r: the power rule's `4·x³/4` becomes `x³`.
        (None, Some(c2)) => match a {
            Bin(BinOp::Mul, l, r) if l.num().is_some() => mul(Num(l.num().unwrap_or(1.0) / c2), *r),
            a => Bin(BinOp::Div, Box::new(a), Box::new(b)),
        },
        _ => Bin(BinOp::Div, Box::new(a), Box::new(b)),
    }
}

/// `a ^ b`, simplified.
pub(crate) fn pow_node(a: Node, b: Node) -> Node {
    match (a.num(), b.num()) {
        (Some(x), Some(y)) => Num(pow(x, y)),
        (_, Some(1.0)) => a,
        (_, Some(0.0)) => Num(1.0),
        _ => Bin(BinOp::Pow, Box::new(a), Box::new(b)),
    }
}

/// `f(a)`, simplified (constant arguments fold).
pub(crate) fn call(f: Func, a: Node) -> Node {
    match a.num() {
        Some(x) => Num(f.apply(x)),
        None => Call(f, Box::new(a)),
    }
}

/// Builds a binary node through the simplifying constructors.
pub(crate) fn binary(op: BinOp, a: Node, b: Node) -> Node {
    match op {
        BinOp::Add => add(a, b),
        BinOp::Sub => sub(a, b),
        BinOp::Mul => mul(a, b),
        BinOp::Div => div(a, b),
        BinOp::Pow => pow_node(a, b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn x() -> Node {
        Var(0)
    }

    #[test]
    fn integer_powers_by_multiplication() {
        for &a in &[-1.7_f64, -0.5, 0.0, 0.3, 2.0, 3.25] {
            for n in -8..=8 {
                let r = powi(a, n);
                let reference = a.powi(n);
                // Binary exponentiation: at most 2 log₂|n| + 1 roundings.
                assert!(
                    (r - reference).abs() <= 8.0 * f64::EPSILON * reference.abs()
                        || (r.is_infinite() && reference.is_infinite()),
                    "{a}^{n}: {r} vs {reference}"
                );
            }
            assert_eq!(powi(a, 3).to_bits(), (a * a * a).to_bits());
        }
    }

    #[test]
    fn power_rule_with_constant_exponent() {
        // d/dx x⁴ = 4 x³
        let d = pow_node(x(), Num(4.0)).derivative(0);
        for &v in &[-1.5, 0.0, 0.3, 2.0] {
            assert_eq!(d.eval(&[v]), 4.0 * v * v * v);
        }
    }

    #[test]
    fn simplification_keeps_zero_derivatives_literal() {
        // d/dy (x² sin x) is the literal 0, d/dx of a constant too.
        let e = mul(pow_node(x(), Num(2.0)), call(Func::Sin, x()));
        assert!(e.derivative(1).is_zero());
        assert!(Num(3.0).derivative(0).is_zero());
        assert!(!e.derivative(0).is_zero());
    }

    #[test]
    fn chain_rule_for_each_function() {
        // Each derivative against the closed form at a point in every domain.
        let a = 0.7_f64;
        let cases: &[(Func, f64)] = &[
            (Func::Sin, a.cos()),
            (Func::Cos, -a.sin()),
            (Func::Tan, 1.0 / (a.cos() * a.cos())),
            (Func::Exp, a.exp()),
            (Func::Ln, 1.0 / a),
            (Func::Sqrt, 0.5 / a.sqrt()),
            (Func::Sinh, a.cosh()),
            (Func::Cosh, a.sinh()),
            (Func::Tanh, 1.0 - a.tanh() * a.tanh()),
            (Func::Atan, 1.0 / (1.0 + a * a)),
            (Func::Abs, 1.0),
            (Func::Sign, 0.0),
        ];
        for &(f, exact) in cases {
            let d = call(f, x()).derivative(0).eval(&[a]);
            // One rounding in the closed form and at most two more in the
            // derivative tree: 4 ulp relative.
            assert!(
                (d - exact).abs() <= 4.0 * f64::EPSILON * exact.abs(),
                "{f:?}: {d} vs {exact}"
            );
        }
    }

    #[test]
    fn variable_exponent_uses_logarithmic_derivative() {
        // d/dx x^x = x^x (ln x + 1)
        let d = pow_node(x(), x()).derivative(0);
        let v = 1.7_f64;
        let exact = v.powf(v) * (v.ln() + 1.0);
        assert!((d.eval(&[v]) - exact).abs() <= 8.0 * f64::EPSILON * exact);
    }
}
