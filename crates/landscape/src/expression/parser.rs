//! Tokenizer and recursive-descent parser: text → [`Node`].
//!
//! Grammar (usual precedence, `^` right-associative and binding tighter than
//! unary minus, so `-x^2 = -(x²)` and `2^-1 = 0.5`):
//!
//! ```text
//! expr  := term  (('+' | '-') term)*
//! term  := unary (('*' | '/') unary)*
//! unary := ('-' | '+') unary | power
//! power := atom (('^' | '**') unary)?
//! atom  := number | name | function '(' expr ')' | '(' expr ')'
//! ```

use crate::error::{LandscapeError, Result};
use crate::expression::node::{BinOp, Func, Node, binary, call, neg};

/// Deepest nesting the parser accepts (parentheses, unary signs, powers);
/// bounds the recursion so adversarial input cannot overflow the stack.
pub(crate) const MAX_NESTING: usize = 200;

/// Most tokens an expression may have. Bounds the tree depth of long chains
/// (`x + x + … + x`) for the recursive tree walks, and the size of second
/// derivatives (a product of n factors has a Hessian entry of size O(n³)).
pub(crate) const MAX_TOKENS: usize = 400;

/// Longest expression source, in bytes, the parser reads: far more than
/// [`MAX_TOKENS`] tokens need, and checked before anything is allocated, so
/// a 100 MB expression is one short error, not gigabytes of tokens.
pub(crate) const MAX_SOURCE_BYTES: usize = 64 * 1024;

/// How names in an expression resolve.
pub(crate) trait Resolve {
    /// The variable number of `name`, or its constant value.
    fn resolve(&self, name: &str) -> Option<Resolved>;
    /// The names an expression may use (for error messages).
    fn known(&self) -> String;
}

/// What a name stands for.
pub(crate) enum Resolved {
    Var(usize),
    Const(f64),
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(f64),
    Name(String),
    Op(char),
    End,
}

/// A token and its 1-based character position and text.
struct Token {
    tok: Tok,
    pos: usize,
    text: String,
}

fn tokenize(text: &str) -> Result<Vec<Token>> {
    if text.len() > MAX_SOURCE_BYTES {
        return Err(LandscapeError::ExprTooComplex {
            // Only the quoted part is kept, not the whole oversized input.
            text: crate::excerpt(text).into_owned(),
            what: "length in bytes",
            found: text.len(),
            limit: MAX_SOURCE_BYTES,
        });
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c.is_ascii_digit() || c == '.' {
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            if i < chars.len() && (chars[i] == 'e' || chars[i] == 'E') {
                let mut j = i + 1;
                if j < chars.len() && (chars[j] == '+' || chars[j] == '-') {
                    j += 1;
                }
                if j < chars.len() && chars[j].is_ascii_digit() {
                    i = j;
                    while i < chars.len() && chars[i].is_ascii_digit() {
                        i += 1;
                    }
                }
            }
            let s: String = chars[start..i].iter().collect();
            let v: f64 = s
                .parse()
                .map_err(|_| parse_error(text, start + 1, &s, "malformed number"))?;
            out.push(Token {
                tok: Tok::Num(v),
                pos: start + 1,
                text: s,
            });
            continue;
        }
        if c.is_ascii_alphabetic() || c == '_' {
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let s: String = chars[start..i].iter().collect();
            out.push(Token {
                tok: Tok::Name(s.clone()),
                pos: start + 1,
                text: s,
            });
            continue;
        }
        let op = match c {
            '*' if chars.get(i + 1) == Some(&'*') => {
                i += 1;
                '^'
            }
            '+' | '-' | '*' | '/' | '^' | '(' | ')' => c,
            _ => {
                return Err(parse_error(
                    text,
                    start + 1,
                    &c.to_string(),
                    "unexpected character",
                ));
            }
        };
        i += 1;
        out.push(Token {
            tok: Tok::Op(op),
            pos: start + 1,
            text: chars[start..i].iter().collect(),
        });
    }
    if out.len() > MAX_TOKENS {
        return Err(LandscapeError::ExprTooComplex {
            text: text.to_owned(),
            what: "token count",
            found: out.len(),
            limit: MAX_TOKENS,
        });
    }
    out.push(Token {
        tok: Tok::End,
        pos: chars.len() + 1,
        text: String::new(),
    });
    Ok(out)
}

fn parse_error(text: &str, position: usize, found: &str, message: &str) -> LandscapeError {
    LandscapeError::ExprParse {
        text: text.to_owned(),
        position,
        found: found.to_owned(),
        message: message.to_owned(),
    }
}

struct Parser<'a, R: Resolve> {
    text: &'a str,
    toks: Vec<Token>,
    at: usize,
    depth: usize,
    names: &'a R,
}

/// Parses `text` into a simplified tree, resolving names through `names`.
///
/// # Errors
/// [`LandscapeError::ExprParse`] (with the position and offending token),
/// [`LandscapeError::UnknownVariable`], [`LandscapeError::ExprTooComplex`]
/// when nested deeper than [`MAX_NESTING`].
pub(crate) fn parse<R: Resolve>(text: &str, names: &R) -> Result<Node> {
    let mut p = Parser {
        text,
        toks: tokenize(text)?,
        at: 0,
        depth: 0,
        names,
    };
    let node = p.expr()?;
    if p.peek() != &Tok::End {
        return Err(p.error("expected an operator or the end of the expression"));
    }
    Ok(node)
}

impl<R: Resolve> Parser<'_, R> {
    fn peek(&self) -> &Tok {
        &self.toks[self.at].tok
    }

    fn error(&self, message: &str) -> LandscapeError {
        let t = &self.toks[self.at];
        parse_error(self.text, t.pos, &t.text, message)
    }

    fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(LandscapeError::ExprTooComplex {
                text: self.text.to_owned(),
                what: "nesting depth",
                found: self.depth,
                limit: MAX_NESTING,
            });
        }
        Ok(())
    }

    fn expr(&mut self) -> Result<Node> {
        let mut lhs = self.term()?;
        loop {
            let op = match self.peek() {
                Tok::Op('+') => BinOp::Add,
                Tok::Op('-') => BinOp::Sub,
                _ => return Ok(lhs),
            };
            self.at += 1;
            let rhs = self.term()?;
            lhs = binary(op, lhs, rhs);
        }
    }

    fn term(&mut self) -> Result<Node> {
        let mut lhs = self.unary()?;
        loop {
            let op = match self.peek() {
                Tok::Op('*') => BinOp::Mul,
                Tok::Op('/') => BinOp::Div,
                _ => return Ok(lhs),
            };
            self.at += 1;
            let rhs = self.unary()?;
            lhs = binary(op, lhs, rhs);
        }
    }

    fn unary(&mut self) -> Result<Node> {
        self.enter()?;
        let node = match self.peek() {
            Tok::Op('-') => {
                self.at += 1;
                neg(self.unary()?)
            }
            Tok::Op('+') => {
                self.at += 1;
                self.unary()?
            }
            _ => self.power()?,
        };
        self.depth -= 1;
        Ok(node)
    }

    fn power(&mut self) -> Result<Node> {
        let base = self.atom()?;
        if self.peek() == &Tok::Op('^') {
            self.at += 1;
            let exponent = self.unary()?;
            return Ok(binary(BinOp::Pow, base, exponent));
        }
        Ok(base)
    }

    fn atom(&mut self) -> Result<Node> {
        match self.peek().clone() {
            Tok::Num(v) => {
                self.at += 1;
                Ok(Node::Num(v))
            }
            Tok::Op('(') => {
                self.at += 1;
                self.enter()?;
                let inner = self.expr()?;
                self.depth -= 1;
                self.expect_close()?;
                Ok(inner)
            }
            Tok::Name(name) => {
                if self.toks[self.at + 1].tok == Tok::Op('(') {
                    let Some(f) = Func::by_name(&name) else {
                        return Err(self.error("unknown function"));
                    };
                    self.at += 2;
                    self.enter()?;
                    let arg = self.expr()?;
                    self.depth -= 1;
                    self.expect_close()?;
                    return Ok(call(f, arg));
                }
                let node = match self.names.resolve(&name) {
                    Some(Resolved::Var(i)) => Node::Var(i),
                    Some(Resolved::Const(v)) => Node::Num(v),
                    None if name == "pi" => Node::Num(std::f64::consts::PI),
                    None => {
                        return Err(LandscapeError::UnknownVariable {
                            name,
                            text: self.text.to_owned(),
                            known: self.names.known(),
                        });
                    }
                };
                self.at += 1;
                Ok(node)
            }
            Tok::End => Err(self.error("unexpected end of expression")),
            Tok::Op(_) => Err(self.error("expected a number, a name or '('")),
        }
    }

    fn expect_close(&mut self) -> Result<()> {
        if self.peek() == &Tok::Op(')') {
            self.at += 1;
            Ok(())
        } else {
            Err(self.error("expected ')'"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Xy;
    impl Resolve for Xy {
        fn resolve(&self, name: &str) -> Option<Resolved> {
            match name {
                "x" => Some(Resolved::Var(0)),
                "y" => Some(Resolved::Var(1)),
                "c" => Some(Resolved::Const(0.5)),
                _ => None,
            }
        }
        fn known(&self) -> String {
            "x, y, c".into()
        }
    }

    fn eval(text: &str, x: f64, y: f64) -> f64 {
        parse(text, &Xy).unwrap().eval(&[x, y])
    }

    #[test]
    fn precedence_and_associativity() {
        assert_eq!(eval("-x^2", 3.0, 0.0), -9.0);
        assert_eq!(eval("2^3^2", 0.0, 0.0), 512.0);
        assert_eq!(eval("2^-1", 0.0, 0.0), 0.5);
        assert_eq!(eval("x - y - 1", 5.0, 2.0), 2.0);
        assert_eq!(eval("x / y / 2", 8.0, 2.0), 2.0);
        assert_eq!(eval("x**2 + c*y", 2.0, 4.0), 6.0);
        assert_eq!(eval("1.5e1 + .5 + 2E-1", 0.0, 0.0), 15.7);
        assert_eq!(eval("sin(pi/2) * exp(0)", 0.0, 0.0), 1.0);
    }

    #[test]
    fn errors_name_position_and_text() {
        let e = parse("x + * y", &Xy).unwrap_err();
        assert_eq!(
            e.to_string(),
            "cannot parse expression `x + * y`: expected a number, a name or '(' at character 5 (`*`)"
        );
        let e = parse("x + z", &Xy).unwrap_err();
        assert_eq!(
            e.to_string(),
            "unknown variable `z` in expression `x + z` (known: x, y, c)"
        );
        let e = parse("foo(x)", &Xy).unwrap_err();
        assert!(
            matches!(e, LandscapeError::ExprParse { position: 1, .. }),
            "{e}"
        );
        let e = parse("(x + 1", &Xy).unwrap_err();
        assert!(e.to_string().contains("expected ')'"), "{e}");
        let e = parse("2x", &Xy).unwrap_err();
        assert!(
            matches!(e, LandscapeError::ExprParse { position: 2, .. }),
            "{e}"
        );
        let e = parse("x # 1", &Xy).unwrap_err();
        assert!(e.to_string().contains("unexpected character"), "{e}");
        let e = parse("", &Xy).unwrap_err();
        assert!(e.to_string().contains("unexpected end"), "{e}");
        let e = parse("1.2.3", &Xy).unwrap_err();
        assert!(e.to_string().contains("malformed number"), "{e}");
    }

    #[test]
    fn deep_nesting_is_a_typed_error_not_a_stack_overflow() {
        let deep = format!("{}x{}", "(".repeat(150), ")".repeat(150));
        assert!(matches!(
            parse(&deep, &Xy),
            Err(LandscapeError::ExprTooComplex {
                what: "nesting depth",
                ..
            })
        ));
        let long = format!("{}x{}", "(".repeat(10_000), ")".repeat(10_000));
        assert!(matches!(
            parse(&long, &Xy),
            Err(LandscapeError::ExprTooComplex {
                what: "token count",
                ..
            })
        ));
        let minus = format!("{}x", "-".repeat(10_000));
        assert!(parse(&minus, &Xy).is_err());
    }

    /// A 10 MB `x+x+…` is refused by its length before it is tokenized,
    /// and the error quotes at most `QUOTE_CHARS` characters of it; long
    /// inputs under the length limit are refused by the token count with
    /// an equally short message, and a parse error deep in a long input
    /// quotes the window around it.
    #[test]
    fn huge_expressions_are_refused_by_length_with_a_short_message() {
        let huge = format!("x{}", "+x".repeat(5_000_000));
        let e = parse(&huge, &Xy).unwrap_err();
        let LandscapeError::ExprTooComplex {
            what: "length in bytes",
            found,
            limit: MAX_SOURCE_BYTES,
            ref text,
        } = e
        else {
            panic!("{e}")
        };
        assert_eq!(found, huge.len());
        assert!(text.chars().count() <= crate::QUOTE_CHARS);
        let msg = e.to_string();
        assert!(msg.len() < 300, "{msg}");
        assert!(
            msg.contains("length in bytes 10000001 exceeds the limit 65536"),
            "{msg}"
        );
        let long = format!("x{}", "+x".repeat(1000));
        let msg = parse(&long, &Xy).unwrap_err().to_string();
        assert!(msg.contains("token count 2001") && msg.len() < 300, "{msg}");
        let bad = format!("{}*", "x+".repeat(150));
        let e = parse(&bad, &Xy).unwrap_err();
        let msg = e.to_string();
        assert!(
            matches!(e, LandscapeError::ExprParse { position: 301, .. }),
            "{msg}"
        );
        assert!(msg.contains("x+*`") && msg.contains("`…"), "{msg}");
        assert!(msg.len() < 300, "{msg}");
    }
}
