//! Runs that lose nothing: a reproduction killed (SIGKILL) after its first
//! experiment is complete, restarted with `--resume`, produces the same
//! files, byte for byte, as an uninterrupted run — without recomputing what
//! was done (`proofs-notes/resumable-runs.md`).
//!
//! Nothing here depends on timing for correctness: the kill happens once the
//! first completion record has appeared (polled), and whatever had completed
//! by then is what the resumed run must report as skipped.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Stdio;

use common::{
    assert_one_line_error, assert_resumed, assert_same_files, command, files, scratch, sgdpde,
    stderr_ok, stdout_ok, wait_for,
};

/// `reproduce --quick --only ONLY --quiet EXTRA… --out OUT`.
fn reproduce<'a>(only: &'a str, out: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut a = vec!["reproduce", "--quick", "--only", only, "--quiet"];
    a.extend_from_slice(extra);
    a.extend(["--out", out]);
    a
}

/// The files only a wall clock can change.
const TIMINGS: &[&str] = &["timings.json"];

/// Two quick experiments, the first one fast: the kill lands while the
/// second is running.
const ONLY: &str = "ou,noisy-sgd";

#[test]
fn a_killed_reproduction_resumes_to_identical_files_without_recomputing() {
    let base = scratch("reproduce");
    let (full, cut) = (base.join("full"), base.join("cut"));
    let (full_s, cut_s) = (full.to_str().unwrap(), cut.to_str().unwrap());
    stderr_ok(&[
        "reproduce",
        "--quick",
        "--only",
        ONLY,
        "--quiet",
        "--threads",
        "2",
        "--out",
        full_s,
    ]);

    let mut child = command()
        .args([
            "reproduce",
            "--quick",
            "--only",
            ONLY,
            "--quiet",
            "--threads",
            "1",
            "--out",
            cut_s,
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    assert!(
        wait_for(&mut child, &cut.join("progress/ou.json")),
        "the first experiment's record never appeared"
    );
    child.kill().unwrap(); // SIGKILL
    let status = child.wait().unwrap();
    assert!(
        !status.success(),
        "the run finished before it could be killed; the second experiment must be slower"
    );
    assert!(!cut.join("manifest.json").exists());
    let done = ["ou", "noisy-sgd"]
        .iter()
        .filter(|n| cut.join(format!("progress/{n}.json")).exists())
        .count();
    assert!(done >= 1);

    // Without --resume (or --force) the partial results are not overwritten.
    assert_one_line_error(&reproduce(ONLY, cut_s, &[]), "--resume");

    let log = stderr_ok(&[
        "reproduce",
        "--quick",
        "--only",
        ONLY,
        "--quiet",
        "--threads",
        "2",
        "--resume",
        "--out",
        cut_s,
    ]);
    assert!(
        log.contains(&format!("skipped {done} (")),
        "the resumed run must skip the {done} completed experiment(s): {log}"
    );
    assert_same_files(
        &files(&full, TIMINGS),
        &files(&cut, TIMINGS),
        "uninterrupted vs resumed",
    );
}

#[test]
fn a_stored_result_with_another_fingerprint_is_recomputed() {
    let base = scratch("fingerprint");
    let dir = base.join("out");
    let d = dir.to_str().unwrap();
    stderr_ok(&reproduce("ou", d, &[]));
    let before = files(&dir, TIMINGS);
    // Resuming a complete run recomputes nothing and changes nothing.
    let log = stderr_ok(&reproduce("ou", d, &["--resume"]));
    assert!(log.contains("skipped 1 (ou), recomputed 0"), "{log}");
    assert_same_files(&before, &files(&dir, TIMINGS), "before vs after");
    // A record whose fingerprint does not match (as if the config had
    // changed) is recomputed, and the result is again the same.
    let rec = dir.join("progress/ou.json");
    let text = std::fs::read_to_string(&rec).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["fingerprint"] = serde_json::json!("0000000000000000");
    std::fs::write(&rec, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    let log = stderr_ok(&reproduce("ou", d, &["--resume"]));
    assert!(
        log.contains("skipped 0 (), recomputed 1") && log.contains("another fingerprint"),
        "{log}"
    );
    assert_same_files(&before, &files(&dir, TIMINGS), "before vs after");
    // A different seed into the same directory without --resume/--force is refused.
    assert_one_line_error(
        &[
            "reproduce",
            "--quick",
            "--only",
            "ou",
            "--seed",
            "1",
            "--out",
            d,
        ],
        "--force",
    );
}

/// A long `simulate` in blocks of 2 chunks (512 paths) — 40 blocks.
const SIM: &[&str] = &[
    "simulate",
    "double-well",
    "--epsilon",
    "0.5",
    "--x0=-1",
    "--paths",
    "20480",
    "--dt",
    "0.005",
    "--t-end",
    "2",
    "--seed",
    "9",
    "--checkpoint-chunks",
    "2",
    "--json",
];

fn sim_with(extra: &[&str]) -> Vec<String> {
    SIM.iter().chain(extra).map(|s| (*s).to_owned()).collect()
}

#[test]
fn a_killed_simulation_resumes_from_its_chunk_checkpoints_bit_for_bit() {
    let base = scratch("simulate");
    let (full, cut) = (base.join("full"), base.join("cut"));
    let (full_s, cut_s) = (full.to_str().unwrap(), cut.to_str().unwrap());
    let a = sim_with(&["--threads", "2", "--out", full_s]);
    let reference = sgdpde(&a.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(
        reference.status.success(),
        "{}",
        String::from_utf8_lossy(&reference.stderr)
    );
    // Without --out the same run prints the same JSON (checkpointing changes nothing).
    let plain = stdout_ok(SIM);
    assert_eq!(plain, String::from_utf8(reference.stdout.clone()).unwrap());

    let b = sim_with(&["--threads", "1", "--out", cut_s]);
    let mut child = command()
        .args(&b)
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
    let done = std::fs::read_dir(cut.join("checkpoints"))
        .unwrap()
        .filter(|e| {
            let n = e
                .as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .into_owned();
            n.starts_with("chunks-") && n.ends_with(".json")
        })
        .count();
    assert!((1..40).contains(&done), "{done} blocks done at the kill");

    let c = sim_with(&["--threads", "2", "--resume", "--out", cut_s]);
    let resumed = sgdpde(&c.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(
        resumed.status.success(),
        "{}",
        String::from_utf8_lossy(&resumed.stderr)
    );
    let loaded = format!(
        "loaded {done} of 40 checkpoint blocks, simulated {}",
        40 - done
    );
    assert_resumed(&resumed, &reference, &full, &cut, &loaded);
    // terminal.npy holds paths × d = 20480 × 1 states after a 128-byte header.
    let npy = std::fs::read(full.join("terminal.npy")).unwrap();
    assert_eq!(npy.len(), 128 + 8 * 20480);
    assert!(String::from_utf8_lossy(&npy[..128]).contains("'shape': (20480, 1)"));
}

/// `--resume` continues only the same command with the same configuration:
/// into another command's results, a reproduction with another experiment
/// list, or a simulation with another seed it is refused — one line, and
/// nothing in the directory changes (issue 14, item 3).
#[test]
fn resume_refuses_another_run_and_overwrites_nothing() {
    let base = scratch("identity");
    let fp = base.join("fp");
    let fp_s = fp.to_str().unwrap();
    stdout_ok(&[
        "fokker-planck",
        "double-well",
        "--t-end",
        "0.1",
        "--cells",
        "20",
        "--out",
        fp_s,
    ]);
    let before = files(&fp, &[]);
    assert_one_line_error(
        &[
            "simulate",
            "double-well",
            "--epsilon",
            "0.5",
            "--x0=-1",
            "--t-end",
            "0.1",
            "--paths",
            "100",
            "--out",
            fp_s,
            "--resume",
        ],
        "`fokker-planck`, not of `simulate`",
    );
    assert_one_line_error(
        &reproduce("ou", fp_s, &["--resume"]),
        "`fokker-planck`, not of `reproduce`",
    );
    assert_same_files(&before, &files(&fp, &[]), "fokker-planck results");

    // A simulation resumed with another seed, and a reproduction over it.
    let sim = base.join("sim");
    let sim_s = sim.to_str().unwrap();
    let args = |seed: &'static str, extra: &'static str| {
        vec![
            "simulate",
            "double-well",
            "--epsilon",
            "0.5",
            "--x0=-1",
            "--t-end",
            "0.1",
            "--paths",
            "100",
            "--seed",
            seed,
            "--out",
            sim_s,
            extra,
        ]
    };
    stdout_ok(&args("1", "--json"));
    let before = files(&sim, &[]);
    assert_one_line_error(&args("2", "--resume"), "another configuration");
    assert_one_line_error(
        &reproduce("ou", sim_s, &["--resume"]),
        "`simulate`, not of `reproduce`",
    );
    assert_same_files(&before, &files(&sim, &[]), "simulate results");
    // The same run resumes (nothing to do) and changes nothing.
    stdout_ok(&args("1", "--resume"));
    assert_same_files(&before, &files(&sim, &[]), "simulate resumed");

    // A reproduction resumed with another experiment list.
    let rep = base.join("rep");
    let rep_s = rep.to_str().unwrap();
    stderr_ok(&reproduce("ou", rep_s, &[]));
    let before = files(&rep, TIMINGS);
    assert_one_line_error(
        &reproduce("ou,noisy-sgd", rep_s, &["--resume"]),
        "another configuration",
    );
    assert_one_line_error(
        &[
            "simulate",
            "double-well",
            "--epsilon",
            "0.5",
            "--x0=-1",
            "--paths",
            "100",
            "--resume",
            "--out",
            rep_s,
        ],
        "`reproduce`, not of `simulate`",
    );
    assert_same_files(&before, &files(&rep, TIMINGS), "reproduction");

    // A directory of someone else's files is not a run to continue.
    let foreign = base.join("foreign");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("notes.txt"), b"mine").unwrap();
    assert_one_line_error(
        &reproduce("ou", foreign.to_str().unwrap(), &["--resume"]),
        "no sgdpde run",
    );
    assert_eq!(std::fs::read(foreign.join("notes.txt")).unwrap(), b"mine");
}

/// A kept experiment's files are checked against the hashes in its record:
/// a corrupted figure of a skipped experiment is recomputed on `--resume`,
/// back to the bytes of the original run (issue 14, item 11).
#[test]
fn a_corrupted_file_of_a_complete_experiment_is_recomputed_on_resume() {
    let base = scratch("corrupt");
    let dir = base.join("out");
    let d = dir.to_str().unwrap();
    stderr_ok(&reproduce("ou", d, &[]));
    let before = files(&dir, TIMINGS);
    let victim = std::fs::read_dir(dir.join("figures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "csv"))
        .expect("a figure's CSV");
    std::fs::write(&victim, b"series,x,y,err\n").unwrap();
    let log = stderr_ok(&reproduce("ou", d, &["--resume"]));
    assert!(log.contains("skipped 0 (), recomputed 1"), "{log}");
    assert_same_files(&before, &files(&dir, TIMINGS), "before vs repaired");
}

/// `--only ou,ou` runs ou once (its verdicts are counted once).
#[test]
fn a_repeated_experiment_name_runs_once() {
    let base = scratch("only-twice");
    let (once, twice) = (base.join("once"), base.join("twice"));
    let a = stderr_ok(&reproduce("ou", once.to_str().unwrap(), &[]));
    let b = stderr_ok(&reproduce("ou,ou", twice.to_str().unwrap(), &[]));
    let verdicts = |log: &str| log.split(" verdicts pass").next().map(str::to_owned);
    assert!(
        a.starts_with("1 experiments") && b.starts_with("1 experiments"),
        "{a} / {b}"
    );
    assert_eq!(verdicts(&a), verdicts(&b));
    assert_same_files(
        &files(&once, TIMINGS),
        &files(&twice, TIMINGS),
        "ou vs ou,ou",
    );
}

/// A disk that fills up during a reproduction (issue 14, item 11): one line
/// naming the file that could not be written, and no temporary file left.
/// Needs a small tmpfs, so it runs where `mount` is allowed (root, as in CI)
/// and says so when it cannot.
#[test]
fn a_full_disk_is_one_line_naming_the_file_and_leaves_no_temporary() {
    let base = scratch("full-disk");
    let mnt = base.join("small");
    std::fs::create_dir_all(&mnt).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=300k", "tmpfs"])
        .arg(&mnt)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: cannot mount a tmpfs here (needs root)");
        return;
    }
    let out = mnt.join("out");
    let args = reproduce("ou", out.to_str().unwrap(), &[]);
    let result = sgdpde(&args);
    let leftovers: Vec<_> = walk(&mnt)
        .into_iter()
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().contains(".tmp-"))
        })
        .collect();
    let _ = std::process::Command::new("umount").arg(&mnt).status();
    let err = common::rejected(&args, result);
    assert!(
        err.contains("cannot write") && err.contains("No space left"),
        "{err}"
    );
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

/// Every file under `dir`, recursively.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut all = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            all.extend(walk(&p));
        } else {
            all.push(p);
        }
    }
    all
}
