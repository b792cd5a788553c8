//! Helpers shared by the CLI integration tests: run the `sgdpde` binary,
//! require success and parse its JSON, require a one-line rejection, and
//! compare the files two runs wrote.
//!
//! A module of the one test binary (`tests/it/main.rs`): the other modules
//! reach it as `crate::common`.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

/// The built `sgdpde` binary, not yet run (the package directory is the
/// working directory, as for every integration test).
pub fn command() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sgdpde"))
}

/// The workspace root, for arguments that name files relative to it
/// (`examples/problems/…`).
pub fn workspace_root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

/// A fresh scratch directory `resume-<name>` for one test.
pub fn scratch(name: &str) -> std::path::PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("resume-{name}"));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Polls (every 20 ms, up to 5 minutes) until `path` exists or the child
/// exits; returns whether the file appeared.
pub fn wait_for(child: &mut std::process::Child, path: &Path) -> bool {
    for _ in 0..15_000 {
        if path.exists() {
            return true;
        }
        if child.try_wait().unwrap().is_some() {
            return path.exists();
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    false
}

/// Runs the binary on `args` and returns its output, whatever the exit code.
pub fn sgdpde(args: &[&str]) -> Output {
    command().args(args).output().expect("the binary runs")
}

/// Runs the binary on `args` in the working directory `dir`.
pub fn sgdpde_in(dir: &Path, args: &[&str]) -> Output {
    command()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

/// Asserts that the run of `args` that gave `out` succeeded (the message
/// names the arguments and quotes stderr); returns `out`.
pub fn succeeded(args: &[&str], out: Output) -> Output {
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The stdout (UTF-8) of a successful run of `args`.
pub fn stdout_ok(args: &[&str]) -> String {
    String::from_utf8(succeeded(args, sgdpde(args)).stdout).expect("UTF-8 stdout")
}

/// The stderr (UTF-8) of a successful run of `args` (the progress log).
pub fn stderr_ok(args: &[&str]) -> String {
    String::from_utf8(succeeded(args, sgdpde(args)).stderr).expect("UTF-8 stderr")
}

/// Asserts that the run of `args` that gave `out` succeeded and printed one
/// JSON object on stdout; returns it.
pub fn parse_json(args: &[&str], out: Output) -> Value {
    let out = succeeded(args, out);
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: stdout is not one JSON object ({e})"))
}

/// The JSON object a successful run of `args` prints.
pub fn json(args: &[&str]) -> Value {
    parse_json(args, sgdpde(args))
}

/// The number of lines of `stderr` once its trailing newline(s) are
/// dropped: a rejection prints exactly one.
pub fn stderr_lines(stderr: &str) -> usize {
    stderr.trim_end().lines().count()
}

/// Asserts that the run of `args` that gave `out` is a rejection at the
/// boundary: exit code 2, nothing on stdout, exactly one line on stderr;
/// returns that line.
pub fn rejected(args: &[&str], out: Output) -> String {
    let err = String::from_utf8(out.stderr)
        .expect("UTF-8 stderr")
        .trim_end()
        .to_owned();
    assert_eq!(out.status.code(), Some(2), "{args:?}: exit code 2: {err}");
    assert!(
        out.stdout.is_empty(),
        "{args:?}: nothing on stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(stderr_lines(&err), 1, "{args:?}: one line on stderr: {err}");
    err
}

/// The one-line error of the rejected run of `args` (see [`rejected`]).
pub fn error_line(args: &[&str]) -> String {
    rejected(args, sgdpde(args))
}

/// Asserts that `args` is rejected with one line (see [`rejected`]) that
/// contains `needle`.
pub fn assert_one_line_error(args: &[&str], needle: &str) {
    let err = error_line(args);
    assert!(err.contains(needle), "{args:?}: `{needle}` not in {err}");
}

/// Every file under `dir` (path relative to `dir` → bytes), except the
/// relative paths in `skip`.
pub fn files(dir: &Path, skip: &[&str]) -> BTreeMap<String, Vec<u8>> {
    let mut m = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                if !skip.contains(&rel.as_str()) {
                    m.insert(rel, std::fs::read(&p).unwrap());
                }
            }
        }
    }
    m
}

/// Asserts that `resumed` continued an interrupted run in `cut` as it
/// should: its log says `loaded` (the checkpoint blocks it loaded), it
/// printed what the uninterrupted `reference` printed, and `cut` holds the
/// files of the uninterrupted run in `full`, byte for byte.
pub fn assert_resumed(resumed: &Output, reference: &Output, full: &Path, cut: &Path, loaded: &str) {
    let log = String::from_utf8_lossy(&resumed.stderr);
    assert!(log.contains(loaded), "{log}");
    assert_eq!(resumed.stdout, reference.stdout, "the printed JSON");
    assert_same_files(
        &files(full, &[]),
        &files(cut, &[]),
        "uninterrupted vs resumed",
    );
}

/// Asserts that two [`files`] listings hold the same files with the same
/// bytes; `what` names the two runs in the message.
pub fn assert_same_files(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>, what: &str) {
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "the same files ({what})"
    );
    for (name, bytes) in a {
        assert!(&b[name] == bytes, "{name} differs ({what})");
    }
}
