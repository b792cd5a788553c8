//! Fuzzing the command line: argument vectors built from small valid runs of
//! every command, then mutated — values replaced by NaN, ±inf, negative,
//! zero, huge, empty, unicode, control characters (an OS argument cannot
//! hold NUL), garbage; unknown flags; flags without their
//! value; elements deleted or duplicated — run through the binary.
//!
//! Each case must end (no hang: a per-case deadline), must not panic (exit
//! code 101 or "panicked" on stderr), and every rejection must be exit code
//! 2 with exactly one line on stderr. `SGDPDE_FUZZ_CASES` sets the number of
//! generated cases (default 48, about 20–40 s); the interesting inputs found
//! so far are kept in `tests/corpus/args.txt` (one JSON array of arguments
//! per line) and replayed by [`corpus_replays_cleanly`].

use crate::common;

use std::io::Read;
use std::process::Stdio;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// Poll interval and count of the per-case deadline: 50 ms × 400 = 20 s,
/// far above any of the small runs below (each well under a second
/// unmutated); a process still running then is a hang.
const POLL_MS: u64 = 50;
const POLLS: u32 = 400;

/// Small valid runs of every command (each well under a second).
const BASES: &[&[&str]] = &[
    &["landscapes"],
    &["critical-points", "double-well", "--starts", "16", "--json"],
    &[
        "simulate",
        "double-well",
        "--epsilon",
        "0.5",
        "--x0=-1",
        "--paths",
        "40",
        "--dt",
        "0.01",
        "--t-end",
        "0.1",
        "--seed",
        "3",
        "--json",
    ],
    &[
        "exit-time",
        "double-well",
        "--epsilon",
        "0.5",
        "--x0=-1",
        "--domain",
        "interval:-inf:0",
        "--paths",
        "20",
        "--dt",
        "0.01",
        "--t-max",
        "5",
        "--json",
    ],
    &[
        "fokker-planck",
        "double-well",
        "--epsilon",
        "0.5",
        "--t-end",
        "0.1",
        "--x0=-1",
        "--json",
    ],
    &[
        "sgd", "--data", "iris", "--model", "logistic", "--tau", "0.1", "--batch", "10", "--steps",
        "5",
    ],
    &[
        "convergence",
        "gbm",
        "--levels",
        "2..4",
        "--paths",
        "32",
        "--json",
    ],
    &[
        "convergence",
        "ou",
        "--methods",
        "em,kp15",
        "--levels",
        "1..3",
        "--paths",
        "16",
    ],
    &["run", "--list"],
];

/// Replacement values: non-finite, signs, zero, huge, tiny, empty, unicode,
/// garbage, option-like, range-like.
const VALUES: &[&str] = &[
    "NaN",
    "nan",
    "inf",
    "-inf",
    "-1",
    "-0",
    "0",
    "1e308",
    "-1e308",
    "1e-320",
    "1e999",
    "18446744073709551616",
    "99999999999999999999999999",
    "",
    " ",
    "é∞",
    "日本語",
    "\t\u{7f}",
    "abc",
    "1,2,3",
    "1..",
    "..",
    "3..99",
    "5..2",
    "0..0",
    "auto",
    "--",
    "-",
    "--json",
    "=",
    "x=1",
    "c=NaN",
    "0x10",
    "1_000",
    "+1",
    ".5",
    "1e",
    "interval:0:0",
    "ball:0:-1",
    "interval:inf:-inf",
    "all",
    "em,em",
    "rk4",
];

/// Flags appended or inserted on their own.
const FLAGS: &[&str] = &[
    "--bogus",
    "--json",
    "--x0",
    "--paths",
    "--seed",
    "--threads",
    "--param",
    "--levels",
    "--methods",
    "--dt",
    "--force",
    "--out",
    "--help-me",
    "-z",
    "--epsilon",
    "--beta",
];

#[derive(Debug, Clone)]
enum Mutation {
    Replace(prop::sample::Index, &'static str),
    Insert(prop::sample::Index, &'static str),
    Delete(prop::sample::Index),
    Duplicate(prop::sample::Index),
    Append(&'static str),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<prop::sample::Index>(), prop::sample::select(VALUES))
            .prop_map(|(i, v)| Mutation::Replace(i, v)),
        2 => (any::<prop::sample::Index>(), prop::sample::select(FLAGS))
            .prop_map(|(i, v)| Mutation::Insert(i, v)),
        1 => any::<prop::sample::Index>().prop_map(Mutation::Delete),
        1 => any::<prop::sample::Index>().prop_map(Mutation::Duplicate),
        1 => prop::sample::select(FLAGS).prop_map(Mutation::Append),
    ]
}

/// A base run with 1–3 mutations (the command name itself is kept, so every
/// command's own argument handling is exercised).
fn argv() -> impl Strategy<Value = Vec<String>> {
    (
        prop::sample::select(BASES),
        prop::collection::vec(mutation(), 1..4),
    )
        .prop_map(|(base, muts)| {
            let mut a: Vec<String> = base.iter().map(|s| s.to_string()).collect();
            for m in muts {
                let tail = a.len() - 1; // positions after the command name
                let at = |i: prop::sample::Index| 1 + i.index(tail.max(1));
                match m {
                    Mutation::Replace(i, v) if tail > 0 => a[at(i)] = v.into(),
                    Mutation::Insert(i, v) => a.insert(at(i).min(a.len()), v.into()),
                    Mutation::Delete(i) if tail > 0 => {
                        a.remove(at(i));
                    }
                    Mutation::Duplicate(i) if tail > 0 => {
                        let k = at(i);
                        let v = a[k].clone();
                        a.insert(k, v);
                    }
                    Mutation::Append(v) => a.push(v.into()),
                    _ => a.push("--bogus".into()),
                }
            }
            a
        })
}

/// Runs the binary on `args` in a scratch directory; returns (exit code,
/// stderr) or an error describing a hang, a panic or a bad rejection.
fn check(args: &[String]) -> Result<(), String> {
    let dir = std::env::temp_dir().join(format!("sgdpde-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let mut child = common::command()
        .args(args)
        .current_dir(&dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    // Read stderr on a thread so a chatty child cannot block on a full pipe.
    let mut pipe = child.stderr.take().expect("piped");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = pipe.read_to_string(&mut s);
        s
    });
    let mut status = None;
    for _ in 0..POLLS {
        if let Some(s) = child.try_wait().map_err(|e| e.to_string())? {
            status = Some(s);
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(POLL_MS));
    }
    let Some(status) = status else {
        let _ = child.kill();
        let _ = child.wait();
        return Err(format!("hang (still running after the deadline): {args:?}"));
    };
    let stderr = reader.join().unwrap_or_default();
    let code = status.code();
    if code == Some(101) || stderr.contains("panicked") {
        return Err(format!("panic on {args:?}: {stderr}"));
    }
    match code {
        Some(0) => Ok(()),
        Some(2) => {
            let lines = common::stderr_lines(&stderr);
            if lines == 1 {
                Ok(())
            } else {
                Err(format!(
                    "rejection with {lines} stderr lines on {args:?}: {stderr}"
                ))
            }
        }
        other => Err(format!("exit {other:?} on {args:?}: {stderr}")),
    }
}

fn cases() -> u32 {
    std::env::var("SGDPDE_FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(48)
}

/// Generated argument vectors: no panic, no hang, one-line rejections.
#[test]
fn mutated_arguments_never_panic_or_hang() {
    let mut runner = TestRunner::new(Config {
        failure_persistence: None,
        ..sgdpde_testkit::property::config(cases())
    });
    let result = runner.run(&argv(), |a| {
        check(&a).map_err(TestCaseError::fail)?;
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// The corpus of interesting inputs (each once a finding or a boundary
/// case): replayed with the same checks.
#[test]
fn corpus_replays_cleanly() {
    let text = include_str!("../corpus/args.txt");
    let mut n = 0;
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let args: Vec<String> = serde_json::from_str(line).expect("a JSON array of strings");
        if let Err(e) = check(&args) {
            panic!("corpus line {line}: {e}");
        }
        n += 1;
    }
    assert!(n >= 10, "corpus has {n} entries");
}

/// Runs with more numeric flags than [`BASES`] carries (the Fokker–Planck
/// step and initial spread, SGD's extra noise, `--beta` for `--epsilon`).
const MORE_NUMERIC: &[&[&str]] = &[
    &[
        "fokker-planck",
        "double-well",
        "--epsilon",
        "0.5",
        "--t-end",
        "0.1",
        "--dt",
        "0.01",
        "--sd",
        "0.1",
        "--x0=-1",
        "--json",
    ],
    &[
        "sgd",
        "--data",
        "teacher-student",
        "--model",
        "least-squares",
        "--n",
        "12",
        "--d",
        "3",
        "--noise",
        "0.1",
        "--steps",
        "5",
    ],
    &[
        "simulate",
        "double-well",
        "--beta",
        "2",
        "--x0=-1",
        "--paths",
        "40",
        "--dt",
        "0.01",
        "--t-end",
        "0.1",
        "--json",
    ],
];

/// A negative number given as a separate argument (`--dt -0.01`) is the
/// flag's value, so it reaches the command's own check, which names it;
/// it is never taken for an unknown flag.
#[test]
fn negative_numbers_reach_the_commands_own_checks() {
    let mut checked = 0;
    for base in BASES.iter().chain(MORE_NUMERIC) {
        for i in 1..base.len().saturating_sub(1) {
            let (flag, value) = (base[i], base[i + 1]);
            if !flag.starts_with("--") || value.starts_with('-') || value.parse::<f64>().is_err() {
                continue;
            }
            let negative = format!("-{value}");
            let mut args: Vec<&str> = base.to_vec();
            args[i + 1] = &negative;
            let out = common::sgdpde(&args);
            if out.status.success() {
                continue; // a negative value this flag accepts
            }
            let err = common::rejected(&args, out);
            assert!(
                !err.contains("unexpected argument"),
                "{args:?}: `{negative}` taken for a flag: {err}"
            );
            let name = flag.trim_start_matches('-');
            assert!(
                err.contains(&negative) || err.contains(name),
                "{args:?}: the error names neither `{flag}` nor `{negative}`: {err}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 15, "only {checked} negative values rejected");
}

/// Output that cannot be written (issue 14, item 1): a reader that closed the
/// pipe ends the program quietly (status 0, nothing on stderr, as
/// `sgdpde landscapes | head -1` expects); a full device is one error line
/// naming standard output, status 2; an unwritable stderr never panics.
#[test]
fn closed_pipes_and_full_devices_are_not_panics() {
    let run = |args: &[&str], stdout: Stdio, stderr: Stdio| {
        common::command()
            .args(args)
            .stdin(Stdio::null())
            .stdout(stdout)
            .stderr(stderr)
            .output()
            .unwrap()
    };
    let commands: &[&[&str]] = &[
        &["landscapes"],
        &["run", "--list"],
        &["critical-points", "double-well", "--starts", "16", "--json"],
        BASES[2],
    ];
    for args in commands {
        // The read end is closed before the program starts: every write fails.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = run(args, writer.into(), Stdio::piped());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?}: {stderr}");

        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = run(args, full.into(), Stdio::piped());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(common::stderr_lines(&stderr), 1, "{args:?}: {stderr}");
        assert!(
            stderr.contains("cannot write to standard output") && !stderr.contains("panicked"),
            "{args:?}: {stderr}"
        );
    }
    // Nowhere to report an error to: the status still says it, no panic.
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = run(&["critical-points", "nope"], Stdio::null(), full.into());
    assert_eq!(out.status.code(), Some(2));
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = run(&["landscapes"], writer.into(), full.into());
    assert_eq!(out.status.code(), Some(0));
}
