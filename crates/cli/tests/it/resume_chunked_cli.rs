//! `exit-time` and `sgd` checkpoint their Monte Carlo runs through the
//! drivers' chunk-store seam, as `simulate` does: a run killed (SIGKILL)
//! mid-way, or one that lost some checkpoint blocks, continued with
//! `--resume` on another thread count, prints the same JSON and leaves the
//! same files, byte for byte, as an uninterrupted run; only the missing
//! blocks are computed (proofs-notes/resumable-runs.md).

use crate::common;

use std::path::Path;
use std::process::Stdio;

use common::{
    assert_one_line_error, assert_resumed, assert_same_files, command, files, scratch, sgdpde,
    wait_for,
};

/// `exit-time` on the double well: 20480 paths = 80 chunks, in blocks of 2
/// chunks — 40 blocks.
const EXIT: &[&str] = &[
    "exit-time",
    "double-well",
    "--epsilon",
    "0.25",
    "--x0=-1",
    "--domain",
    "interval:-3:0",
    "--paths",
    "20480",
    "--dt",
    "0.005",
    "--t-max",
    "500",
    "--checkpoint-chunks",
    "2",
    "--json",
];

fn with(base: &[&str], extra: &[&str]) -> Vec<String> {
    base.iter().chain(extra).map(|s| (*s).to_owned()).collect()
}

fn run(args: &[String]) -> std::process::Output {
    let out = sgdpde(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The checkpoint blocks (`checkpoints/<stem>-*.json`) in `dir`.
fn blocks(dir: &Path, stem: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir.join("checkpoints"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(stem) && n.ends_with(".json"))
        .collect();
    names.sort();
    names
}

#[test]
fn a_killed_exit_time_run_resumes_from_its_chunk_checkpoints_bit_for_bit() {
    let base = scratch("exit-time");
    let (full, cut) = (base.join("full"), base.join("cut"));
    let (full_s, cut_s) = (full.to_str().unwrap(), cut.to_str().unwrap());
    let reference = run(&with(EXIT, &["--threads", "2", "--out", full_s]));
    assert_eq!(blocks(&full, "chunks-").len(), 40);
    // Without --out the same run prints the same JSON.
    let plain = run(&with(EXIT, &[]));
    assert_eq!(plain.stdout, reference.stdout);

    let mut child = command()
        .args(with(EXIT, &["--threads", "1", "--out", cut_s]))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let first = cut.join("checkpoints/chunks-0-2.json");
    assert!(wait_for(&mut child, &first), "no checkpoint appeared");
    child.kill().unwrap();
    assert!(
        !child.wait().unwrap().success(),
        "the run ended before the kill"
    );
    assert!(!cut.join("manifest.json").exists());
    let done = blocks(&cut, "chunks-").len();
    assert!((1..40).contains(&done), "{done} blocks done at the kill");

    let resumed = run(&with(EXIT, &["--threads", "2", "--resume", "--out", cut_s]));
    let loaded = format!(
        "loaded {done} of 40 checkpoint blocks, simulated {}",
        40 - done
    );
    assert_resumed(&resumed, &reference, &full, &cut, &loaded);
    // Another seed is another run: refused, one line, nothing changes.
    let before = files(&cut, &[]);
    let other = with(EXIT, &["--seed", "3", "--resume", "--out", cut_s]);
    assert_one_line_error(
        &other.iter().map(String::as_str).collect::<Vec<_>>(),
        "another configuration",
    );
    assert_same_files(&before, &files(&cut, &[]), "after a refused resume");
}

/// `sgd` with its SDE: two ensembles of 3000 paths = 12 chunks each, in
/// blocks of 5 chunks — 3 blocks each.
const SGD: &[&str] = &[
    "sgd",
    "--data",
    "iris",
    "--model",
    "logistic",
    "--tau",
    "0.05",
    "--batch",
    "4",
    "--steps",
    "100",
    "--paths",
    "3000",
    "--compare-sde",
    "--sde-substeps",
    "2",
    "--checkpoint-chunks",
    "5",
    "--json",
];

#[test]
fn an_sgd_run_that_lost_checkpoint_blocks_resumes_bit_for_bit() {
    let base = scratch("sgd");
    let (full, cut) = (base.join("full"), base.join("cut"));
    let (full_s, cut_s) = (full.to_str().unwrap(), cut.to_str().unwrap());
    let reference = run(&with(SGD, &["--threads", "2", "--out", full_s]));
    assert_eq!(
        blocks(&full, "sgd-chunks-"),
        [
            "sgd-chunks-0-5.json",
            "sgd-chunks-10-12.json",
            "sgd-chunks-5-10.json"
        ]
    );
    assert_eq!(blocks(&full, "sde-chunks-").len(), 3);
    let plain = run(&with(SGD, &[]));
    assert_eq!(
        plain.stdout, reference.stdout,
        "checkpointing changes nothing"
    );

    // A run killed after two SGD blocks and none of the SDE's.
    run(&with(SGD, &["--out", cut_s]));
    for f in [
        "checkpoints/sgd-chunks-5-10.json",
        "checkpoints/sde-chunks-0-5.json",
        "checkpoints/sde-chunks-5-10.json",
        "checkpoints/sde-chunks-10-12.json",
        "manifest.json",
        "summary.json",
    ] {
        std::fs::remove_file(cut.join(f)).unwrap();
    }
    let resumed = run(&with(SGD, &["--threads", "1", "--resume", "--out", cut_s]));
    let loaded = "loaded 2 of 6 checkpoint blocks, computed 4";
    assert_resumed(&resumed, &reference, &full, &cut, loaded);
}
