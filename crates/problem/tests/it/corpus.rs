//! Regression corpus: interesting inputs (edge cases, past fuzz findings)
//! under `tests/corpus/`, each starting with the outcome it must have:
//!
//! ```text
//! # expect: ok
//! # expect: error <field>      (a ProblemError naming that field)
//! # expect: syntax <line>     (a TOML syntax error at that line)
//! ```

use std::path::PathBuf;

use sgdpde_problem::{ProblemError, load};

#[test]
fn every_corpus_file_has_its_expected_outcome() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 20, "the corpus is there");
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let expect = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# expect: "))
            .unwrap_or_else(|| panic!("{name}: first line must be `# expect: …`"));
        let result = load(&path);
        if let Err(e) = &result {
            let msg = e.to_string();
            assert!(
                !msg.contains('\n') && !msg.contains('\r'),
                "{name}: not one line: {msg:?}"
            );
            assert!(
                msg.starts_with(&path.display().to_string()),
                "{name}: {msg}"
            );
        }
        match expect.split_once(' ').unwrap_or((expect, "")) {
            ("ok", _) => assert!(result.is_ok(), "{name}: {}", result.unwrap_err()),
            ("error", field) => {
                let e = result.expect_err(&name);
                assert_eq!(e.field(), Some(field), "{name}: {e}");
                assert!(
                    e.to_string().contains(&format!("field `{field}`")),
                    "{name}: {e}"
                );
            }
            ("syntax", line) => match result {
                Err(ProblemError::Syntax { line: l, .. }) => {
                    assert_eq!(l.to_string(), line, "{name}")
                }
                other => panic!("{name}: expected a syntax error, got {other:?}"),
            },
            (other, _) => panic!("{name}: unknown expectation {other}"),
        }
    }
}
