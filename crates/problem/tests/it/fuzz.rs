//! Fuzzing the problem-file parser with proptest: mutations of the shipped
//! examples, generated near-valid problems with random expressions and
//! dimensions, random TOML-ish text and random bytes.
//!
//! Properties: no panic; every rejection is one line that starts with the
//! file name and names either a field (and the message mentions it) or a
//! `line:column` location; every accepted problem evaluates (value,
//! gradient, Hessian, drift, diffusion, Milstein data, exact answers)
//! without panicking. Termination is guaranteed structurally (token and
//! nesting limits of the expression parser, the TOML parser's recursion
//! limit), so a hang would show as a test that never ends.
//!
//! Cases per strategy: 256 by default (CI); set `SGDPDE_FUZZ_CASES` for a
//! long run (`SGDPDE_FUZZ_CASES=30000 cargo test -p sgdpde-problem --test it fuzz::`).

use std::fmt;

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use sgdpde_problem::{Problem, ProblemError, ProblemKind, parse};
use sgdpde_sde::{ExprSdeVisitor, SdeDerivative};

const FILE: &str = "fuzz.toml";

fn cases() -> u32 {
    std::env::var("SGDPDE_FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(256)
}

fn config() -> ProptestConfig {
    ProptestConfig {
        failure_persistence: None,
        ..sgdpde_testkit::property::config(cases())
    }
}

const EXAMPLES: &[&str] = &[
    include_str!("../../../../examples/problems/double_well.toml"),
    include_str!("../../../../examples/problems/tilted_double_well.toml"),
    include_str!("../../../../examples/problems/coupled_double_well_2d.toml"),
    include_str!("../../../../examples/problems/gbm.toml"),
    include_str!("../../../../examples/problems/rank_one_ou.toml"),
    include_str!("../../../../examples/problems/diagonal_multiplicative.toml"),
    include_str!("../../../../examples/problems/double_well_sde.toml"),
];

/// Calls every evaluation entry point of the SDE.
struct Exercise<'a>(&'a [f64]);

impl ExprSdeVisitor for Exercise<'_> {
    type Output = ();
    fn visit<S: SdeDerivative + Clone + fmt::Debug + 'static>(self, s: &S) {
        let (d, m) = (s.dim(), s.noise_dim());
        let (mut out, v) = (vec![0.0; d], vec![0.7; m]);
        s.drift_into(0.3, self.0, &mut out);
        s.diffusion_apply_into(0.3, self.0, &v, &mut out);
        s.diffusion_derivative_apply_into(0.3, self.0, &v, &v, &mut out);
        s.diffusion_derivative_trace_into(0.3, self.0, &mut out);
    }
}

fn exercise(p: &Problem) {
    let d = p.dim();
    let x = p.x0.clone().unwrap_or_else(|| vec![0.5; d]);
    match &p.kind {
        ProblemKind::Landscape(l) => {
            use sgdpde_landscape::{Landscape, LandscapeHessian};
            let (mut g, mut h) = (vec![0.0; d], vec![0.0; d * d]);
            let _ = l.value(&x);
            l.gradient_into(&x, &mut g);
            l.hessian_into(&x, &mut h);
        }
        ProblemKind::Sde(s) => {
            s.sde.visit(Exercise(&x));
            let mut out = vec![0.0; d];
            if let Some(e) = &s.exact {
                e.exact_solution_into(0.5, &x, &vec![0.1; e.noise_dim()], &mut out);
            }
            if let Some(mo) = &s.moments {
                mo.mean_into(0.5, &x, &mut out);
                mo.second_moment_into(0.5, &x, &mut out);
            }
        }
        _ => {}
    }
}

/// The property every input must satisfy.
fn check(text: &str) -> Result<(), TestCaseError> {
    match parse(text, FILE) {
        Ok(p) => exercise(&p),
        Err(e) => {
            let msg = e.to_string();
            prop_assert!(
                !msg.contains('\n') && !msg.contains('\r'),
                "not one line: {msg:?}"
            );
            prop_assert!(msg.starts_with(FILE), "file not named: {msg}");
            match (&e, e.field()) {
                (ProblemError::Syntax { line, column, .. }, None) => {
                    prop_assert!(*line >= 1 && *column >= 1);
                    prop_assert!(
                        msg.starts_with(&format!("{FILE}:{line}:{column}: ")),
                        "{msg}"
                    );
                }
                (_, Some(field)) => {
                    prop_assert!(!field.is_empty(), "empty field: {msg}");
                    prop_assert!(msg.contains(&format!("field `{field}`")), "{msg}");
                }
                _ => prop_assert!(false, "no field and no location: {msg}"),
            }
        }
    }
    Ok(())
}

/// Snippets a mutation may insert.
const SNIPPETS: &[&str] = &[
    "\"",
    "[",
    "]",
    "=",
    "\n",
    ",",
    "nan",
    "inf",
    "-inf",
    "1e400",
    "0",
    "-1",
    "x",
    "y",
    "t",
    "W",
    "W1",
    "x0",
    "(",
    ")",
    "^",
    "*",
    "/",
    "-",
    "+",
    "sin(",
    "exp(",
    "[sde]\n",
    "[landscape]\n",
    "[exact]\n",
    "[parameters]\n",
    "drift = [\"x\"]\n",
    "diffusion = [[\"1\"]]\n",
    "L = \"x\"\n",
    "variables = [\"x\", \"y\"]\n",
    "x0 = [1.0]\n",
    "t_end = 0\n",
    "search_box = [[0, 1]]\n",
    "\"\"\"",
    "#",
    "é",
    "\u{0}",
    "{",
    "}",
    "solution = [\"x0\"]\n",
    "mean = [\"x0\", \"y0\"]\n",
];

#[derive(Debug, Clone)]
enum Mutation {
    Delete { at: f64, len: usize },
    Insert { at: f64, snippet: usize },
    InsertChar { at: f64, c: char },
    DuplicateLine { line: f64 },
    SwapLines { a: f64, b: f64 },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (0.0..1.0, 1usize..12).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (0.0..1.0, 0..SNIPPETS.len()).prop_map(|(at, snippet)| Mutation::Insert { at, snippet }),
        (0.0..1.0, any::<char>()).prop_map(|(at, c)| Mutation::InsertChar { at, c }),
        (0.0..1.0).prop_map(|line| Mutation::DuplicateLine { line }),
        (0.0..1.0, 0.0..1.0).prop_map(|(a, b)| Mutation::SwapLines { a, b }),
    ]
}

fn index(frac: f64, len: usize) -> usize {
    ((frac * len as f64) as usize).min(len)
}

fn mutate(text: &str, muts: &[Mutation]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for m in muts {
        match *m {
            Mutation::Delete { at, len } => {
                let i = index(at, chars.len());
                let j = (i + len).min(chars.len());
                chars.drain(i..j);
            }
            Mutation::Insert { at, snippet } => {
                let i = index(at, chars.len());
                chars.splice(i..i, SNIPPETS[snippet].chars());
            }
            Mutation::InsertChar { at, c } => {
                let i = index(at, chars.len());
                chars.insert(i, c);
            }
            Mutation::DuplicateLine { line } | Mutation::SwapLines { a: line, .. } => {
                let s: String = chars.iter().collect();
                let mut lines: Vec<&str> = s.split('\n').collect();
                let i = index(line, lines.len().saturating_sub(1));
                if let Mutation::SwapLines { b, .. } = *m {
                    let j = index(b, lines.len().saturating_sub(1));
                    lines.swap(i, j);
                } else {
                    lines.insert(i, lines[i]);
                }
                chars = lines.join("\n").chars().collect();
            }
        }
    }
    chars.into_iter().collect()
}

/// Random expressions over a mix of valid and invalid names.
fn expression() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        prop::sample::select(vec![
            "x", "y", "z", "t", "W", "W1", "W2", "x0", "y0", "a", "q", "pi", "0", "1", "2.5",
            "1e-3", "1e308",
        ])
        .prop_map(str::to_owned),
        (-100.0..100.0f64).prop_map(|v| format!("{v}")),
    ];
    leaf.prop_recursive(6, 64, 2, |inner| {
        prop_oneof![
            (
                inner.clone(),
                prop::sample::select(vec!["+", "-", "*", "/", "^", "**"]),
                inner.clone()
            )
                .prop_map(|(a, op, b)| format!("({a}){op}({b})")),
            (
                prop::sample::select(vec![
                    "sin", "cos", "tan", "exp", "ln", "log", "sqrt", "sinh", "cosh", "tanh",
                    "atan", "abs", "sign", "foo",
                ]),
                inner.clone()
            )
                .prop_map(|(f, a)| format!("{f}({a})")),
            inner.clone().prop_map(|a| format!("-{a}")),
            (inner.clone(), inner).prop_map(|(a, b)| format!("{a} {b}")),
        ]
    })
}

fn list(exprs: &[String]) -> String {
    let quoted: Vec<String> = exprs.iter().map(|e| format!("{e:?}")).collect();
    format!("[{}]", quoted.join(", "))
}

/// Near-valid problems: random dimensions (sometimes inconsistent), random
/// expressions, random parameter values (including non-finite).
fn generated() -> impl Strategy<Value = String> {
    (
        1usize..4,
        0usize..4,
        prop::collection::vec(expression(), 0..5),
        prop::collection::vec(prop::collection::vec(expression(), 0..4), 0..4),
        prop::option::of(prop::collection::vec(expression(), 0..4)),
        prop::option::of(prop::collection::vec(expression(), 0..4)),
        prop::sample::select(vec!["1.5", "nan", "inf", "-0.0", "1e308", "2"]),
        any::<bool>(),
        expression(),
    )
        .prop_map(|(d, _m, drift, diffusion, sol, mean, a, landscape, l)| {
            let vars: Vec<String> = ["x", "y", "z"][..d]
                .iter()
                .map(|s| (*s).to_owned())
                .collect();
            let mut s = format!("variables = {}\n", list(&vars));
            s.push_str(&format!("x0 = [{}]\n", vec!["0.5"; d].join(", ")));
            s.push_str(&format!("[parameters]\na = {a}\nq = -1\n"));
            if landscape {
                s.push_str(&format!("[landscape]\nL = {l:?}\n"));
            } else {
                let rows: Vec<String> = diffusion.iter().map(|r| list(r)).collect();
                s.push_str(&format!(
                    "[sde]\ndrift = {}\ndiffusion = [{}]\n",
                    list(&drift),
                    rows.join(", ")
                ));
                if sol.is_some() || mean.is_some() {
                    s.push_str("[exact]\n");
                }
                if let Some(sol) = sol {
                    s.push_str(&format!("solution = {}\n", list(&sol)));
                }
                if let Some(mean) = mean {
                    s.push_str(&format!("mean = {}\n", list(&mean)));
                }
            }
            s
        })
}

/// Text from TOML's own alphabet, so the parser goes deep before failing.
fn tomlish() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "[",
            "]",
            "[[",
            "]]",
            "=",
            "\"",
            "'",
            "\n",
            " ",
            ",",
            "{",
            "}",
            ".",
            "a",
            "x",
            "sde",
            "drift",
            "variables",
            "1",
            "-",
            "e",
            "#",
            "\"\"\"",
            "nan",
            "true",
        ]),
        0..80,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn mutated_examples(ex in 0..EXAMPLES.len(), muts in prop::collection::vec(mutation(), 1..6)) {
        check(&mutate(EXAMPLES[ex], &muts))?;
    }

    #[test]
    fn generated_problems(text in generated()) {
        check(&text)?;
    }

    #[test]
    fn toml_alphabet_soup(text in tomlish()) {
        check(&text)?;
    }

    #[test]
    fn random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        check(&String::from_utf8_lossy(&bytes))?;
    }
}

/// The unmutated examples pass the same property (and are accepted).
#[test]
fn examples_pass_the_property() {
    for ex in EXAMPLES {
        assert!(parse(ex, FILE).is_ok());
        check(ex).unwrap();
    }
}
