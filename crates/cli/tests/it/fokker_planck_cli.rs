//! `sgdpde fokker-planck` run as a binary: JSON keys and values against
//! closed forms, and one-line typed errors.

use crate::common;

use common::json;

/// OU (quadratic, k = 1) in 1-D: the stationary state has KL = L1 = 0 to
/// itself and mass 1; the eigenvalues are n·k up to the O(h²) discretisation
/// error (h = 0.03: measured ≈ 3e-4·n², bound 5e-3 for n ≤ 2).
#[test]
fn ou_stationary_and_spectrum() {
    let v = json(&[
        "fokker-planck",
        "quadratic",
        "--param",
        "dim=1",
        "--epsilon",
        "0.5",
        "--stationary",
        "--spectrum",
        "2",
        "--json",
    ]);
    assert_eq!(v["mode"], "stationary");
    assert!((v["mass"].as_f64().unwrap() - 1.0).abs() < 1e-12);
    assert_eq!(v["relative_entropy"].as_f64().unwrap(), 0.0);
    assert_eq!(v["l1_to_stationary"].as_f64().unwrap(), 0.0);
    let ev: Vec<f64> = v["eigenvalues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    assert_eq!(ev.len(), 2);
    for (n, l) in ev.iter().enumerate() {
        assert!((l - (n + 1) as f64).abs() < 5e-3, "{ev:?}");
    }
    assert_eq!(v["temperature"]["D"].as_f64().unwrap(), 0.25);
}

/// Transient: mass conserved to round-off over the run, density
/// non-negative (implicit Euler), relative entropy positive and finite.
#[test]
fn double_well_transient_conserves_mass() {
    let v = json(&[
        "fokker-planck",
        "double-well",
        "--t-end",
        "2",
        "--dt",
        "0.05",
        "--x0=-1",
        "--sd",
        "0.1",
        "--json",
    ]);
    assert!((v["mass"].as_f64().unwrap() - 1.0).abs() < 1e-12);
    assert!(v["minimum"].as_f64().unwrap() >= 0.0);
    let kl = v["relative_entropy"].as_f64().unwrap();
    assert!(kl > 0.0 && kl.is_finite());
    assert!(v["eigenvalues"].is_null());
}

#[test]
fn bad_input_is_a_one_line_error() {
    for args in [
        &["fokker-planck", "double-well", "--cells", "2"][..],
        &["fokker-planck", "double-well", "--lower=3", "--upper=-3"][..],
        &["fokker-planck", "double-well", "--epsilon=-1"][..],
        &[
            "fokker-planck",
            "double-well",
            "--bc",
            "absorbing",
            "--stationary",
        ][..],
        &["fokker-planck", "double-well", "--x0", "1,2"][..],
    ] {
        common::error_line(args);
    }
}
