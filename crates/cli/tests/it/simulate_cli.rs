//! `sgdpde simulate` and `sgdpde exit-time --method mc`, run as a binary:
//! JSON keys, thread-count independence of the JSON, one-line errors.

use crate::common;

use serde_json::Value;

/// The JSON object a successful run prints, and its text.
fn json(args: &[&str]) -> (Value, String) {
    let text = common::stdout_ok(args);
    (serde_json::from_str(&text).expect("one JSON object"), text)
}

const SIM: &[&str] = &[
    "simulate",
    "double-well",
    "--epsilon",
    "0.5",
    "--x0=-1",
    "--paths",
    "600",
    "--dt",
    "0.01",
    "--t-end",
    "2",
    "--seed",
    "3",
    "--json",
];

#[test]
fn simulate_json_has_every_key_and_consistent_values() {
    let (v, _) = json(SIM);
    for key in [
        "command",
        "landscape",
        "params",
        "temperature",
        "integrator",
        "dt",
        "t_end",
        "paths",
        "seed",
        "x0",
        "terminal",
        "basins",
        "unassigned_mass",
    ] {
        assert!(v.get(key).is_some(), "missing key {key}");
    }
    assert_eq!(v["seed"], 3);
    assert_eq!(v["paths"], 600);
    assert_eq!(v["temperature"]["convention"], "epsilon");
    assert_eq!(v["temperature"]["beta"], 4.0);
    let var = v["terminal"]["variance"][0].as_f64().unwrap();
    assert!(var > 0.0);
    // Basin masses are fractions of the 600 paths and sum to one with the
    // unassigned mass.
    let basins = v["basins"].as_array().unwrap();
    assert_eq!(basins.len(), 2);
    let total: f64 = basins
        .iter()
        .map(|b| b["mass"].as_f64().unwrap())
        .sum::<f64>()
        + v["unassigned_mass"].as_f64().unwrap();
    assert!((total - 1.0).abs() < 1e-12);
    for b in basins {
        let k = b["mass"].as_f64().unwrap() * 600.0;
        assert!((k - k.round()).abs() < 1e-9);
    }
    // β convention is stated as given.
    let mut beta: Vec<&str> = SIM.to_vec();
    beta[2] = "--beta";
    beta[3] = "4";
    let (w, _) = json(&beta);
    assert_eq!(w["temperature"]["convention"], "beta");
    assert_eq!(w["terminal"], v["terminal"]);
}

#[test]
fn simulate_json_is_identical_for_one_and_two_threads() {
    let mut one = SIM.to_vec();
    one.extend(["--threads", "1"]);
    let mut two = SIM.to_vec();
    two.extend(["--threads", "2"]);
    let (_, a) = json(&one);
    let (_, b) = json(&two);
    assert_eq!(a, b);
}

#[test]
fn exit_time_json_reports_mean_se_censored_paths() {
    let base = [
        "exit-time",
        "double-well",
        "--method",
        "mc",
        "--epsilon",
        "0.5",
        "--x0=-1",
        "--domain",
        "interval:-inf:0",
        "--paths",
        "400",
        "--dt",
        "0.01",
        "--json",
    ];
    let (v, _) = json(&base);
    for key in [
        "mean",
        "std_error",
        "censored",
        "paths",
        "bridge",
        "seed",
        "temperature",
    ] {
        assert!(v.get(key).is_some(), "missing key {key}");
    }
    assert_eq!(v["paths"], 400);
    assert_eq!(v["censored"], 0);
    assert_eq!(v["bridge"], true);
    let mean = v["mean"].as_f64().unwrap();
    let se = v["std_error"].as_f64().unwrap();
    assert!(mean > 0.0 && se > 0.0 && se < mean);
    // Without the bridge, the same paths exit later or at the same step.
    let mut off = base.to_vec();
    off.extend(["--bridge", "off"]);
    let (w, _) = json(&off);
    assert_eq!(w["bridge"], false);
    assert!(w["mean"].as_f64().unwrap() >= mean);
    // The basin of −1 in the symmetric well is (−∞, 0): same answer.
    let mut basin = base.to_vec();
    basin[8] = "basin";
    let (b, _) = json(&basin);
    assert_eq!(b["mean"], v["mean"]);
    // A short horizon censors paths, which are reported, not averaged in.
    let mut short = base.to_vec();
    short.extend(["--t-max", "0.5"]);
    let (s, _) = json(&short);
    assert!(s["censored"].as_u64().unwrap() > 0);
    assert_eq!(
        s["exited"].as_u64().unwrap() + s["censored"].as_u64().unwrap(),
        400
    );
}

#[test]
fn bad_input_exits_non_zero_with_one_line() {
    for args in [
        vec!["simulate", "double-well", "--x0=-1"], // no temperature
        vec![
            "simulate",
            "double-well",
            "--epsilon",
            "0.5",
            "--beta",
            "4",
            "--x0=-1",
        ],
        vec!["simulate", "double-well", "--epsilon", "-1", "--x0=-1"],
        vec![
            "simulate",
            "double-well",
            "--epsilon",
            "0.5",
            "--x0=-1",
            "--dt",
            "0",
        ],
        vec![
            "simulate",
            "double-well",
            "--epsilon",
            "0.5",
            "--x0=-1",
            "--paths",
            "0",
        ],
        vec!["simulate", "double-well", "--epsilon", "0.5", "--x0=1,2"],
        vec!["simulate", "double-well", "--epsilon", "0.5", "--x0=nan"],
        vec!["simulate", "nope", "--epsilon", "0.5", "--x0=0"],
        vec![
            "simulate",
            "double-well",
            "--epsilon",
            "0.5",
            "--x0=0",
            "--integrator",
            "rk4",
        ],
        vec![
            "exit-time",
            "double-well",
            "--epsilon",
            "0.5",
            "--x0=-1",
            "--domain",
            "disc:1",
        ],
    ] {
        common::error_line(&args);
    }
}
