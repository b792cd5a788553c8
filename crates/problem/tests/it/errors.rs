//! Every kind of bad problem file gets a typed, one-line error naming the
//! file, the field and the offending text or value — checked message by
//! message.

use sgdpde_problem::{ProblemError, load, parse, parse_with};

/// Parses `text` as `f.toml` and returns the error's message and field.
fn reject(text: &str) -> (String, Option<String>, ProblemError) {
    let e = parse(text, "f.toml").expect_err("the file must be rejected");
    let msg = e.to_string();
    assert!(!msg.contains('\n'), "one line: {msg}");
    assert!(msg.starts_with("f.toml"), "names the file: {msg}");
    (msg, e.field().map(str::to_owned), e)
}

const SDE_HEAD: &str = "variables = [\"x\", \"y\"]\n[sde]\n";

#[test]
fn unknown_variable_names_the_expression_and_the_known_names() {
    let (msg, field, e) = reject(
        "variables = [\"x\"]\n[parameters]\na = 0.5\nb = 0.8\n[sde]\ndrift = [\"a*y\"]\ndiffusion = [[\"b*x\"]]\n",
    );
    assert_eq!(
        msg,
        "f.toml: field `sde.drift[0]`: unknown variable `y` in expression `a*y` (known: x, t, a, b, pi)"
    );
    assert_eq!(field.as_deref(), Some("sde.drift[0]"));
    assert!(matches!(e, ProblemError::Expression { .. }));
    let (msg, ..) = reject(
        "variables = [\"x\"]\n[sde]\ndrift = [\"-x\"]\ndiffusion = [[\"1\"]]\n[exact]\nsolution = [\"x0 + W1\"]\n",
    );
    assert_eq!(
        msg,
        "f.toml: field `exact.solution[0]`: unknown variable `W1` in expression `x0 + W1` (known: W, t, x0, pi)"
    );
    // A multi-line TOML string stays on one line in the message.
    let (msg, ..) = reject("variables = [\"x\"]\n[landscape]\nL = \"\"\"x +\n y\"\"\"\n");
    assert_eq!(
        msg,
        "f.toml: field `landscape.L`: unknown variable `y` in expression `x +  y` (known: x, pi)"
    );
}

#[test]
fn parse_errors_name_the_position_and_token() {
    let (msg, ..) = reject("variables = [\"x\"]\n[landscape]\nL = \"x^4/4 - * x\"\n");
    assert_eq!(
        msg,
        "f.toml: field `landscape.L`: cannot parse expression `x^4/4 - * x`: expected a number, a name or '(' at character 9 (`*`)"
    );
}

#[test]
fn dimension_mismatches() {
    let (msg, ..) = reject(&format!(
        "{SDE_HEAD}drift = [\"-x\"]\ndiffusion = [[\"1\"], [\"1\"]]\n"
    ));
    assert_eq!(
        msg,
        "f.toml: field `sde.drift`: expected 2 expressions (one per variable), found 1"
    );
    let (msg, ..) = reject(&format!(
        "{SDE_HEAD}drift = [\"-x\", \"-y\"]\ndiffusion = [[\"1\"]]\n"
    ));
    assert_eq!(
        msg,
        "f.toml: field `sde.diffusion`: expected 2 rows (diffusion is d × m: one row per variable), found 1"
    );
    let (msg, ..) = reject(&format!(
        "{SDE_HEAD}drift = [\"-x\", \"-y\"]\ndiffusion = [[\"1\", \"0\"], [\"1\"]]\n"
    ));
    assert_eq!(
        msg,
        "f.toml: field `sde.diffusion[1]`: expected 2 columns (every row has m entries), found 1"
    );
    let (msg, ..) = reject("variables = [\"x\"]\n[sde]\ndrift = [\"-x\"]\ndiffusion = [[]]\n");
    assert_eq!(
        msg,
        "f.toml: field `sde.diffusion[0]`: a diffusion row needs at least one column (m ≥ 1)"
    );
    let (msg, ..) = reject("variables = [\"x\"]\nx0 = [1.0, 2.0]\n[landscape]\nL = \"x\"\n");
    assert_eq!(
        msg,
        "f.toml: field `x0`: expected 1 coordinates (one per variable), found 2"
    );
    let (msg, ..) = reject(
        "variables = [\"x\"]\n[sde]\ndrift = [\"-x\"]\ndiffusion = [[\"1\"]]\n[exact]\nmean = [\"x0\", \"1\"]\n",
    );
    assert_eq!(
        msg,
        "f.toml: field `exact.mean`: expected 1 expressions (one per variable), found 2"
    );
}

#[test]
fn non_finite_values() {
    let (msg, field, e) =
        reject("variables = [\"x\"]\n[parameters]\nc = nan\n[landscape]\nL = \"c*x\"\n");
    assert_eq!(msg, "f.toml: field `parameters.c`: NaN is not finite");
    assert_eq!(field.as_deref(), Some("parameters.c"));
    assert!(matches!(e, ProblemError::NonFinite { .. }));
    let (msg, ..) = reject("variables = [\"x\"]\nx0 = [-inf]\n[landscape]\nL = \"x\"\n");
    assert_eq!(msg, "f.toml: field `x0[0]`: -inf is not finite");
    let (msg, ..) = reject("variables = [\"x\"]\nt_end = -1.0\n[landscape]\nL = \"x\"\n");
    assert_eq!(msg, "f.toml: field `t_end`: -1 must be > 0");
}

#[test]
fn toml_syntax_errors_give_line_and_column() {
    let (msg, field, e) =
        reject("variables = [\"x\"]\n[parameters]\nc = 0.1\n[landscape\nL = \"c*x\"\n");
    assert_eq!(
        msg,
        "f.toml:4:11: TOML syntax error: unclosed table, expected `]`"
    );
    assert_eq!(field, None);
    assert!(matches!(e, ProblemError::Syntax { line: 4, .. }));
}

#[test]
fn missing_unknown_and_mistyped_fields() {
    let (msg, field, _) = reject("[landscape]\nL = \"x\"\n");
    assert_eq!(
        msg,
        "f.toml:1:1: field `variables`: missing field `variables`"
    );
    assert_eq!(field.as_deref(), Some("variables"));
    let (msg, ..) = reject("variables = [\"x\"]\n[sde]\ndiffusion = [[\"1\"]]\n");
    assert_eq!(msg, "f.toml:2:1: field `sde.drift`: missing field `drift`");
    let (msg, ..) = reject("variables = [\"x\"]\nfoo = 1\n[landscape]\nL = \"x\"\n");
    assert!(
        msg.starts_with(
            "f.toml:2:1: field `foo`: unknown field `foo`, expected one of `description`"
        ),
        "{msg}"
    );
    let (msg, ..) = reject("variables = [\"x\"]\n[landscape]\nL = \"x\"\nloss = \"x\"\n");
    assert_eq!(
        msg,
        "f.toml:4:1: field `landscape.loss`: unknown field `loss`, expected `L` or `search_box`"
    );
    let (msg, ..) = reject("variables = [\"x\"]\nx0 = \"abc\"\n[landscape]\nL = \"x\"\n");
    assert_eq!(
        msg,
        "f.toml:2:6: field `x0`: invalid type: string \"abc\", expected a sequence"
    );
}

#[test]
fn structural_and_naming_errors() {
    let (msg, ..) = reject("variables = [\"x\"]\n");
    assert_eq!(
        msg,
        "f.toml: field `(top level)`: a problem defines a [landscape] or an [sde] table"
    );
    let (msg, ..) = reject(
        "variables = [\"x\"]\n[landscape]\nL = \"x\"\n[sde]\ndrift=[\"x\"]\ndiffusion=[[\"1\"]]\n",
    );
    assert_eq!(
        msg,
        "f.toml: field `sde`: a problem defines either [landscape] or [sde], not both"
    );
    let (msg, ..) = reject("variables = []\n[landscape]\nL = \"1\"\n");
    assert_eq!(
        msg,
        "f.toml: field `variables`: at least one state variable is needed"
    );
    let (msg, ..) = reject("variables = [\"x\", \"2y\"]\n[landscape]\nL = \"x\"\n");
    assert_eq!(
        msg,
        "f.toml: field `variables`: invalid name or parameter `2y`: not an identifier [A-Za-z_][A-Za-z0-9_]*"
    );
    let (msg, ..) = reject("variables = [\"x\"]\n[parameters]\nsin = 1\n[landscape]\nL = \"x\"\n");
    assert_eq!(
        msg,
        "f.toml: field `parameters.sin`: invalid name or parameter `sin`: reserved (a function name or the constant pi) (value 1)"
    );
    let (msg, ..) =
        reject("variables = [\"x\"]\n[landscape]\nL = \"x\"\nsearch_box = [[1.0, -1.0]]\n");
    assert!(
        msg.starts_with("f.toml: field `landscape.search_box`: "),
        "{msg}"
    );
    let (msg, ..) =
        reject("variables = [\"x\"]\n[landscape]\nL = \"x\"\n[exact]\nmean = [\"1\"]\n");
    assert_eq!(
        msg,
        "f.toml: field `exact`: [exact] belongs to an [sde] problem"
    );
}

#[test]
fn unreadable_file() {
    let e = load("/nonexistent/problem.toml").unwrap_err();
    assert!(matches!(e, ProblemError::Io { .. }));
    let msg = e.to_string();
    assert!(
        msg.starts_with("/nonexistent/problem.toml: cannot read the problem file: "),
        "{msg}"
    );
    assert!(!msg.contains('\n'));
}

#[test]
fn parameter_overrides() {
    let text = "variables = [\"x\"]\n[parameters]\nc = 0.1\n[landscape]\nL = \"c*x\"\n";
    let p = parse_with(text, "f.toml", &[("c".to_owned(), 0.25)]).unwrap();
    assert_eq!(p.parameters, vec![("c".to_owned(), 0.25)]);
    let e = parse_with(text, "f.toml", &[("k".to_owned(), 1.0)]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "f.toml: field `parameters.k`: the file declares no parameter `k` (known: c)"
    );
    let e = parse_with(text, "f.toml", &[("c".to_owned(), f64::INFINITY)]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "f.toml: field `parameters.c`: inf is not finite"
    );
}

/// A file over `MAX_FILE_BYTES` is refused, reading at most one byte past
/// the limit; an expression over the parser's length limit in a smaller
/// file is refused with a message quoting at most ~80 characters of it.
#[test]
fn oversized_files_are_refused_before_they_are_read() {
    use sgdpde_problem::MAX_FILE_BYTES;
    let big = format!(
        "variables = [\"x\"]\n[landscape]\nL = \"x{}\"\n",
        "+x".repeat(MAX_FILE_BYTES)
    );
    let dir = std::env::temp_dir().join(format!("sgdpde-problem-big-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("big.toml");
    std::fs::write(&path, &big).unwrap();
    let e = load(&path).unwrap_err();
    assert!(
        matches!(e, ProblemError::TooLarge { found, at_least: true, limit: MAX_FILE_BYTES, .. } if found == MAX_FILE_BYTES + 1),
        "{e}"
    );
    assert!(e.to_string().len() < 300, "{e}");
    std::fs::remove_dir_all(&dir).unwrap();
    let e = parse(&big, "f.toml").unwrap_err();
    assert!(
        matches!(
            e,
            ProblemError::TooLarge {
                at_least: false,
                ..
            }
        ),
        "{e}"
    );
    let long = format!(
        "variables = [\"x\"]\n[landscape]\nL = \"x{}\"\n",
        "+x".repeat(100_000)
    );
    let (msg, field, _) = reject(&long);
    assert_eq!(field.as_deref(), Some("landscape.L"));
    assert!(
        msg.contains("length in bytes 200001 exceeds the limit 65536") && msg.len() < 300,
        "{msg}"
    );
}
