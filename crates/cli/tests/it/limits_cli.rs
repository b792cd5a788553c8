//! Run-size limits at the command line (issue 14, items 4–7 and 9): runs
//! that would never end, take no step, allocate more memory than the
//! machine has, read huge expressions or start absurd thread counts are
//! refused at once with one line naming the flag and the numbers.

use crate::common;

use common::{assert_one_line_error, error_line, json};

const DW: &[&str] = &["double-well", "--epsilon", "0.5", "--x0=-1"];

fn with(command: &str, base: &[&str], extra: &[&str]) -> Vec<String> {
    std::iter::once(command)
        .chain(base.iter().copied())
        .chain(extra.iter().copied())
        .map(str::to_owned)
        .collect()
}

fn refs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// Item 4: more than 2⁵³ steps to the horizon is refused (it used to run
/// until killed).
#[test]
fn step_counts_beyond_two_to_the_53_are_refused() {
    let sim = with("simulate", DW, &["--t-end", "1e13", "--dt", "0.001"]);
    let err = error_line(&refs(&sim));
    assert!(
        err.contains("t_end / dt = 10000000000000 / 0.001 = 1.000e16 steps")
            && err.contains("2^53"),
        "{err}"
    );
    let exit = with(
        "exit-time",
        DW,
        &["--domain", "interval:-inf:0", "--t-max", "1e15"],
    );
    assert_one_line_error(
        &refs(&exit),
        "t_max / dt = 1000000000000000 / 0.001 = 1.000e18 steps",
    );
    let fp = [
        "fokker-planck",
        "double-well",
        "--t-end",
        "1e19",
        "--dt",
        "0.01",
    ];
    assert_one_line_error(&fp, "2^53");
    let sgd = ["sgd", "--steps", "18446744073709551615"];
    assert_one_line_error(&sgd, "--steps 18446744073709551615 is more than 2^53");
}

/// Item 4: within the step rule but beyond a day of work: refused, naming
/// paths, steps, the product, the budget and `--force`.
#[test]
fn runs_beyond_a_day_of_work_are_refused_unless_forced() {
    let sim = with(
        "simulate",
        DW,
        &[
            "--t-end",
            "1e9",
            "--dt",
            "0.001",
            "--paths",
            "10000",
            "--threads",
            "1",
        ],
    );
    let err = error_line(&refs(&sim));
    assert!(
        err.contains("10000 paths × 1000000000000 steps = 1.000e16 path-steps exceeds the one-day budget 1.728e13")
            && err.contains("(1 threads")
            && err.ends_with("pass --force to run it anyway"),
        "{err}"
    );
    let exit = with(
        "exit-time",
        DW,
        &[
            "--domain",
            "interval:-inf:0",
            "--t-max",
            "1e9",
            "--threads",
            "1",
        ],
    );
    assert_one_line_error(&refs(&exit), "exceeds the one-day budget");
    let sgd = [
        "sgd",
        "--data",
        "teacher-student",
        "--model",
        "least-squares",
        "--steps",
        "1000000000000",
        "--threads",
        "1",
    ];
    assert_one_line_error(&sgd, "exceeds the one-day budget");
}

/// Item 5: a step longer than the horizon is refused (it used to return
/// the start point, or report `t_max: 0`); a step equal to it is one step.
#[test]
fn a_step_longer_than_the_horizon_is_refused() {
    let sim = with(
        "simulate",
        DW,
        &["--t-end", "0.1", "--dt", "1e8", "--paths", "10"],
    );
    let err = error_line(&refs(&sim));
    assert_eq!(
        err,
        "error: dt = 100000000 exceeds t_end = 0.1: the run would take no step (need dt ≤ t_end)"
    );
    let exit = with(
        "exit-time",
        DW,
        &[
            "--domain",
            "interval:-inf:0",
            "--dt",
            "1e308",
            "--t-max",
            "50",
        ],
    );
    assert_one_line_error(
        &refs(&exit),
        "exceeds t_max = 50: the run would take no step",
    );
    let zero = with("simulate", DW, &["--t-end", "0", "--paths", "10"]);
    assert_one_line_error(&refs(&zero), "the run would take no step");
    assert_one_line_error(&["sgd", "--steps", "0"], "--steps must be ≥ 1");
    let one = with(
        "simulate",
        DW,
        &["--t-end", "0.1", "--dt", "0.1", "--paths", "10", "--json"],
    );
    let v = json(&refs(&one));
    assert_eq!(v["t_end"], 0.1);
    assert_ne!(v["terminal"]["mean"][0], -1.0, "one step moved the paths");
}

/// Item 6: sizes whose buffers exceed the available memory are refused
/// with the estimate and the limit before anything is allocated (they used
/// to abort).
#[test]
fn sizes_beyond_the_available_memory_are_refused_with_the_estimate() {
    let cases: [&[&str]; 5] = [
        &[
            "fokker-planck",
            "quadratic",
            "--param",
            "dim=3",
            "--cells",
            "2000,2000,2000",
        ],
        &[
            "fokker-planck",
            "quadratic",
            "--param",
            "dim=1",
            "--cells",
            "4000000000",
        ],
        &[
            "fokker-planck",
            "quadratic",
            "--param",
            "dim=2",
            "--cells",
            "18446744073709551615,3",
        ],
        &[
            "sgd",
            "--data",
            "teacher-student",
            "--model",
            "least-squares",
            "--d",
            "100000",
        ],
        &[
            "exit-time",
            "double-well",
            "--epsilon",
            "0.5",
            "--x0=-1",
            "--domain",
            "interval:-inf:0",
            "--method",
            "pde",
            "--cells",
            "100000000",
        ],
    ];
    for args in cases {
        let err = error_line(args);
        assert!(
            err.contains("needs about")
                && err.contains("of memory, more than the")
                && err.ends_with("available"),
            "{args:?}: {err}"
        );
    }
    assert_one_line_error(
        cases[0],
        "a grid of 2000 × 2000 × 2000 = 8000000000 cells needs about",
    );
    assert_one_line_error(
        cases[4],
        "--cells 100000000 (the second PDE solve has 200000000 per axis)",
    );
}

/// Item 7: a 10 MB expression is refused by the file-size limit, a 600 kB
/// one (under it) by the expression-length limit; neither error quotes
/// more than about 80 characters of the input.
#[test]
fn huge_expressions_are_refused_with_a_short_message() {
    let dir = std::env::temp_dir().join(format!("sgdpde-limits-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, terms, needle) in [
        ("huge.toml", 5_000_000, "has more than 1048576 bytes"),
        (
            "long.toml",
            300_000,
            "length in bytes 600001 exceeds the limit 65536",
        ),
    ] {
        let path = dir.join(name);
        let body = format!(
            "variables = [\"x\"]\n[landscape]\nL = \"x{}\"\n",
            "+x".repeat(terms)
        );
        std::fs::write(&path, body).unwrap();
        let p = path.to_str().unwrap();
        let err = error_line(&["critical-points", "--problem", p]);
        assert!(err.contains(needle), "{}", &err[..err.len().min(400)]);
        assert!(
            err.len() < p.len() + 300,
            "{} bytes: {}",
            err.len(),
            &err[..400.min(err.len())]
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Item 9: absurd thread counts are refused at once, naming `--threads`,
/// the value and the cap (they used to run past a minute, or fail with a
/// doubled `os error 11`).
#[test]
fn thread_counts_beyond_eight_per_core_are_refused() {
    let sim = with("simulate", DW, &["--paths", "10", "--threads", "100000"]);
    let err = error_line(&refs(&sim));
    assert!(
        err.starts_with("error: --threads 100000 is more than ") && err.contains("8 per core"),
        "{err}"
    );
    assert_one_line_error(
        &["sgd", "--threads", "100000"],
        "--threads 100000 is more than",
    );
    assert_one_line_error(
        &["fokker-planck", "double-well", "--threads", "100000"],
        "--threads 100000 is more than",
    );
}
