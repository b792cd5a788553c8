//! `sgdpde convergence`, run as a binary: every built-in problem and a
//! problem file run at small sizes, the JSON has the documented keys, the
//! JSON does not depend on `--threads` (except `wall_time_s`), `--out`
//! writes its files atomically and refuses to overwrite without `--force`,
//! and bad input gets a one-line error with exit code 2.

use crate::common;

use std::path::PathBuf;
use std::process::Output;

use serde_json::Value;

/// Runs from the workspace root: the problem files are named relative to it.
fn sgdpde(args: &[&str]) -> Output {
    common::sgdpde_in(common::workspace_root(), args)
}

fn json(args: &[&str]) -> Value {
    common::parse_json(args, sgdpde(args))
}

const SMALL: &[&str] = &["--levels", "2..4", "--paths", "64", "--json"];

fn small(problem: &[&str]) -> Vec<String> {
    let mut a = vec!["convergence".to_owned()];
    a.extend(problem.iter().map(|s| s.to_string()));
    a.extend(SMALL.iter().map(|s| s.to_string()));
    a
}

fn run_small(problem: &[&str]) -> Value {
    let a = small(problem);
    json(&a.iter().map(String::as_str).collect::<Vec<_>>())
}

/// The keys the README and `--help` document, on every method of every
/// built-in problem; theoretical orders equal the metadata's.
#[test]
fn every_builtin_problem_runs_with_the_documented_keys() {
    for (name, n_methods) in [("gbm", 3), ("ou", 5), ("linear-rank-one", 4)] {
        let v = run_small(&[name]);
        for key in [
            "command",
            "problem",
            "seed",
            "levels",
            "paths",
            "params",
            "x0",
            "t_end",
            "noise_class",
            "weak_functional",
            "weak_exact",
            "methods",
            "skipped",
            "wall_time_s",
        ] {
            assert!(v.get(key).is_some(), "{name}: no `{key}`");
        }
        assert_eq!(v["problem"], name);
        assert_eq!(v["levels"], serde_json::json!([2, 3, 4]));
        let methods = v["methods"].as_array().unwrap();
        assert_eq!(methods.len(), n_methods, "{name}");
        assert_eq!(methods.len() + v["skipped"].as_array().unwrap().len(), 5);
        for m in methods {
            for key in [
                "method",
                "strong_order",
                "strong_order_se",
                "weak_order",
                "weak_order_se",
                "strong_order_theory",
                "weak_order_theory",
                "strong_verdict",
                "weak_verdict",
                "table",
            ] {
                assert!(m.get(key).is_some(), "{name}: method without `{key}`");
            }
            assert!(m["strong_order"].is_f64() && m["weak_order_se"].is_f64());
            assert_eq!(m["weak_order_theory"], m["info"]["weak_order"]);
            let table = m["table"].as_array().unwrap();
            assert_eq!(table.len(), 3);
            for key in [
                "level",
                "h",
                "steps",
                "strong_error",
                "strong_se",
                "weak_error",
                "weak_se",
                "evaluations_per_path",
                "path_steps",
            ] {
                assert!(table[0].get(key).is_some(), "{name}: row without `{key}`");
            }
        }
    }
}

/// A problem file with an exact solution (coupled estimator), one with
/// moments only (plain estimator: no strong study), and the human output.
#[test]
fn problem_files_run() {
    let v = run_small(&[
        "--problem",
        "examples/problems/gbm.toml",
        "--methods",
        "em,milstein",
    ]);
    assert_eq!(v["weak_estimator"], "coupled");
    assert_eq!(v["methods"].as_array().unwrap().len(), 2);
    assert_eq!(v["methods"][1]["strong_order_theory"], 1.0);
    // `--param` overrides the file's parameters.
    let w = run_small(&[
        "--problem",
        "examples/problems/gbm.toml",
        "--methods",
        "em",
        "--param",
        "a=0.25",
    ]);
    assert_eq!(w["params"]["a"], 0.25);
    let v = run_small(&[
        "--problem",
        "examples/problems/rank_one_ou.toml",
        "--methods",
        "em",
    ]);
    assert_eq!(v["weak_estimator"], "plain");
    assert!(v["methods"][0]["strong_order"].is_null());
    let args = ["convergence", "gbm", "--levels", "2..4", "--paths", "64"];
    let text = String::from_utf8(common::succeeded(&args, sgdpde(&args)).stdout).unwrap();
    assert!(text.contains("strong order") && text.contains("skipped kp15-additive"));
}

fn without_timing(mut v: Value) -> Value {
    v.as_object_mut().unwrap().remove("wall_time_s");
    v
}

/// 1 and 2 threads: the same JSON except the wall time.
#[test]
fn threads_do_not_change_the_json() {
    let a = small(&["ou"]);
    let mut args: Vec<&str> = a.iter().map(String::as_str).collect();
    args.extend(["--threads", "1"]);
    let one = without_timing(json(&args));
    args.pop();
    args.push("2");
    assert_eq!(one, without_timing(json(&args)));
}

/// `--out`: JSON, CSV and the two figures as PNG and SVG with their data;
/// no temporary files left; a second run needs `--force`.
#[test]
fn out_writes_files_and_needs_force_to_overwrite() {
    let dir: PathBuf = std::env::temp_dir().join(format!("sgdpde-conv-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let d = dir.to_str().unwrap();
    let a = small(&["gbm", "--out", d]);
    let args: Vec<&str> = a.iter().map(String::as_str).collect();
    json(&args);
    for f in [
        "convergence.json",
        "convergence.csv",
        "manifest.json",
        "convergence_error_vs_h.png",
        "convergence_error_vs_h.svg",
        "convergence_error_vs_h.csv",
        "convergence_work_precision.png",
        "convergence_work_precision.svg",
        "convergence_work_precision.csv",
    ] {
        assert!(dir.join(f).is_file(), "missing {f}");
    }
    let csv = std::fs::read_to_string(dir.join("convergence.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1 + 3 * 3, "{csv}");
    let again = sgdpde(&args);
    assert_eq!(again.status.code(), Some(2));
    let mut forced = args.clone();
    forced.push("--force");
    json(&forced);
    let leftovers = std::fs::read_dir(&dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains(".tmp-")
        })
        .count();
    assert_eq!(leftovers, 0);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Every rejection: exit code 2, exactly one line on stderr, naming the
/// offending argument or value.
#[test]
fn bad_input_gets_one_line() {
    let cases: &[(&[&str], &str)] = &[
        (&["convergence", "nope"], "nope"),
        (&["convergence", "gbm", "--methods", "rk4"], "rk4"),
        (&["convergence", "gbm", "--methods", "em,em"], "twice"),
        (
            &["convergence", "gbm", "--methods", "kp15"],
            "kp15-additive",
        ),
        (&["convergence", "gbm", "--levels", "3..4"], "--levels"),
        (&["convergence", "gbm", "--levels", "0..4"], "--levels"),
        (&["convergence", "gbm", "--levels", "3..99"], "--levels"),
        (&["convergence", "gbm", "--levels", "x"], "--levels"),
        (&["convergence", "gbm", "--paths", "1"], "--paths"),
        (&["convergence", "gbm", "--paths", "-3"], "--paths"),
        (&["convergence", "gbm", "--paths", "NaN"], "--paths"),
        (&["convergence", "gbm", "--param", "alpha=NaN"], "alpha"),
        (&["convergence", "gbm", "--param", "gamma=1"], "gamma"),
        (&["convergence", "ou", "--param", "theta=-1"], "theta"),
        (&["convergence", "gbm", "--threads", "0"], "threads"),
        (&["convergence", "gbm", "--x0", "1"], "--problem"),
        (&["convergence"], "required"),
        (
            &["convergence", "--problem", "no/such/file.toml"],
            "file.toml",
        ),
        (
            &[
                "convergence",
                "--problem",
                "examples/problems/double_well.toml",
            ],
            "landscape",
        ),
        (
            &[
                "convergence",
                "--problem",
                "examples/problems/gbm.toml",
                "--t-end",
                "-1",
            ],
            "--t-end",
        ),
        (
            &[
                "convergence",
                "--problem",
                "examples/problems/gbm.toml",
                "--x0",
                "1,2",
            ],
            "--x0",
        ),
    ];
    for (args, needle) in cases {
        let err = common::rejected(args, sgdpde(args));
        assert!(err.contains(needle), "{args:?}: `{needle}` not in {err}");
    }
}
