//! `--threads N` never changes a result: every command, run as the binary at
//! 1 and at 2 worker threads, prints the same JSON — compared as parsed
//! values after removing only the wall-clock fields named in
//! [`WALL_TIME_FIELDS`] — and `reproduce` writes the same files.
//!
//! Commands without a `--threads` option (`landscapes`, `critical-points`)
//! are run with `RAYON_NUM_THREADS` = 1 and 2 instead, which sizes rayon's
//! global pool. Sizes are small: the point is the bitwise equality, which
//! holds at any size because paths use their own streams and chunk results
//! are merged in chunk order (`proofs-notes/ensembles.md`).

use crate::common;

use std::path::Path;

use common::{assert_same_files, command, files, parse_json};
use serde_json::Value;

/// The only fields allowed to differ between the two runs: wall-clock
/// times. (No command prints one on stdout today; `reproduce` keeps its
/// times in `timings.json`, excluded below for the same reason.)
const WALL_TIME_FIELDS: &[&str] = &[
    "run_time_s",
    "total_run_time_s",
    "this_run_wall_time_s",
    "wall_time_s",
];

fn strip(v: &mut Value) {
    match v {
        Value::Object(m) => {
            for f in WALL_TIME_FIELDS {
                m.remove(*f);
            }
            m.values_mut().for_each(strip);
        }
        Value::Array(a) => a.iter_mut().for_each(strip),
        _ => {}
    }
}

/// Runs `args` with `threads` worker threads and returns its JSON.
fn json_at(args: &[&str], threads: usize, flag: bool) -> Value {
    let t = threads.to_string();
    let mut full = args.to_vec();
    let mut cmd = command();
    if flag {
        full.extend(["--threads", t.as_str()]);
    } else {
        cmd.env("RAYON_NUM_THREADS", &t);
    }
    let out = cmd.args(&full).output().expect("the binary runs");
    let mut v = parse_json(&full, out);
    strip(&mut v);
    v
}

fn same_at_1_and_2(args: &[&str]) {
    let flag = !matches!(args[0], "landscapes" | "critical-points");
    let (one, two) = (json_at(args, 1, flag), json_at(args, 2, flag));
    assert!(
        one == two,
        "{args:?}: the JSON differs between 1 and 2 threads"
    );
}

#[test]
fn landscapes_and_critical_points() {
    same_at_1_and_2(&["landscapes", "--json"]);
    same_at_1_and_2(&[
        "critical-points",
        "double-well-2d",
        "--starts",
        "60",
        "--json",
    ]);
}

#[test]
fn simulate() {
    same_at_1_and_2(&[
        "simulate",
        "double-well",
        "--epsilon",
        "0.5",
        "--x0=-1",
        "--paths",
        "700",
        "--dt",
        "0.01",
        "--t-end",
        "1",
        "--seed",
        "3",
        "--json",
    ]);
    same_at_1_and_2(&[
        "simulate",
        "muller-brown",
        "--epsilon",
        "20",
        "--x0=-0.5,1.4",
        "--paths",
        "300",
        "--dt",
        "0.0001",
        "--t-end",
        "0.01",
        "--integrator",
        "milstein",
        "--json",
    ]);
}

#[test]
fn exit_time_every_method() {
    for method in ["mc", "pde", "all"] {
        same_at_1_and_2(&[
            "exit-time",
            "double-well",
            "--beta",
            "4",
            "--x0=-1",
            "--domain",
            "interval:-inf:0",
            "--paths",
            "300",
            "--dt",
            "0.01",
            "--t-max",
            "100",
            "--cells",
            "100",
            "--method",
            method,
            "--json",
        ]);
    }
}

#[test]
fn sgd_and_its_sde() {
    same_at_1_and_2(&[
        "sgd",
        "--data",
        "iris",
        "--model",
        "logistic",
        "--steps",
        "20",
        "--paths",
        "300",
        "--compare-sde",
        "--sde-substeps",
        "2",
        "--json",
    ]);
}

#[test]
fn fokker_planck() {
    same_at_1_and_2(&[
        "fokker-planck",
        "double-well",
        "--t-end",
        "0.5",
        "--x0=-1",
        "--cells",
        "80",
        "--spectrum",
        "2",
        "--json",
    ]);
    same_at_1_and_2(&[
        "fokker-planck",
        "quadratic",
        "--stationary",
        "--cells",
        "20,20",
        "--json",
    ]);
}

#[test]
fn run_one_experiment() {
    same_at_1_and_2(&["run", "ou", "--json"]);
}

/// Every file under `dir` except `timings.json` (wall-clock times).
#[test]
fn convergence_study() {
    // Built-in GBM and a problem file: the fitted orders, error tables and
    // path counts must not depend on the thread count (only `wall_time_s`,
    // stripped above, may).
    same_at_1_and_2(&[
        "convergence",
        "gbm",
        "--levels",
        "2..4",
        "--paths",
        "64",
        "--json",
    ]);
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/problems/gbm.toml"
    );
    same_at_1_and_2(&[
        "convergence",
        "--problem",
        file,
        "--levels",
        "2..4",
        "--paths",
        "64",
        "--json",
    ]);
}

#[test]
fn reproduce_writes_the_same_files() {
    let base = Path::new(env!("CARGO_TARGET_TMPDIR")).join("threads-reproduce");
    let _ = std::fs::remove_dir_all(&base);
    let mut out = Vec::new();
    for t in ["1", "2"] {
        let dir = base.join(t);
        let args = [
            "reproduce",
            "--quick",
            "--only",
            "ou",
            "--quiet",
            "--threads",
            t,
            "--out",
            dir.to_str().unwrap(),
        ];
        common::succeeded(&args, common::sgdpde(&args));
        out.push(files(&dir, &["timings.json"]));
    }
    assert_same_files(&out[0], &out[1], "1 vs 2 threads");
}
