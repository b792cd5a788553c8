//! Results a user reads are numbers that theory allows, or a typed one-line
//! error (issue 14): lost precision in the backward PDE, all-censored Monte
//! Carlo, saddle starts, overflowing Hessians, diverging SGD, non-finite
//! exact moments, and eigenvalues below the solver's resolution.

use crate::common;

use common::{assert_one_line_error, error_line, json, sgdpde};

/// The 1-D metastable escape at ε = 0.01 (`E τ ≈ 1.2e22`): the backward
/// solve's LU loses every digit (it printed −2.99e14); the cancellation-free
/// elimination gives a positive value within the Richardson error estimate
/// of the exact quadrature.
#[test]
fn one_d_backward_pde_is_accurate_where_lu_loses_all_digits() {
    let v = json(&[
        "exit-time",
        "double-well",
        "--epsilon",
        "0.01",
        "--x0=-1",
        "--domain",
        "basin",
        "--method",
        "all",
        "--paths",
        "20",
        "--t-max",
        "1",
        "--json",
    ]);
    let methods = v["methods"].as_array().expect("methods");
    let mean = |name: &str| methods.iter().find(|m| m["method"] == name).unwrap()["mean"].as_f64();
    let (pde, exact) = (mean("pde").unwrap(), mean("quadrature").unwrap());
    let bound = v["pde_error_estimate"].as_f64().unwrap();
    assert!(
        pde > 0.0 && (pde - exact).abs() <= bound,
        "pde {pde} vs {exact} ± {bound}"
    );
    // Nothing exits by t = 1: the MC row is failed with the reason, not NaN.
    let mc = methods.iter().find(|m| m["method"] == "mc").unwrap();
    assert!(mc["mean"].is_null() && mc["failed"].as_str().unwrap().contains("only 0 of 20"));
}

/// In 2-D there is no cancellation-free elimination: `--method pde` is a
/// typed error, `--method all` shows the PDE row failed with the reason.
#[test]
fn two_d_backward_pde_reports_lost_precision() {
    let base = [
        "exit-time",
        "double-well-2d",
        "--epsilon",
        "0.01",
        "--x0=-1,0",
        "--domain",
        "halfspace:1,0:0",
    ];
    let pde = [&base[..], &["--method", "pde"]].concat();
    assert_one_line_error(&pde, "lost precision");
    assert_one_line_error(&pde, "ε = 0.01");
    let all = [
        &base[..],
        &["--method", "all", "--paths", "20", "--t-max", "1", "--json"],
    ]
    .concat();
    let v = json(&all);
    let row = &v["methods"][1];
    assert_eq!(row["method"], "pde");
    assert!(row["mean"].is_null() && row["failed"].as_str().unwrap().contains("lost precision"));
}

#[test]
fn an_all_censored_monte_carlo_run_is_an_error_not_nan() {
    let args = [
        "exit-time",
        "double-well",
        "--epsilon",
        "0.05",
        "--x0=-1",
        "--domain",
        "basin",
        "--t-max",
        "0.01",
        "--paths",
        "100",
    ];
    let err = error_line(&args);
    assert!(
        err.contains("only 0 of 100 paths exited") && err.contains("t_max = 0.01"),
        "{err}"
    );
    assert!(!err.contains("NaN"), "{err}");
}

/// A start on the barrier top is in no basin, for every method.
#[test]
fn a_saddle_start_with_domain_basin_is_refused_by_every_method() {
    for method in ["mc", "pde", "all"] {
        let args = [
            "exit-time",
            "double-well",
            "--epsilon",
            "0.5",
            "--x0=0",
            "--domain",
            "basin",
            "--method",
            method,
        ];
        assert_one_line_error(&args, "x0 = 0 lies on the separatrix");
    }
    // No barrier top at all: the basin would be the whole line.
    assert_one_line_error(
        &[
            "exit-time",
            "quadratic",
            "--param",
            "dim=1",
            "--epsilon",
            "0.5",
            "--x0=0.5",
            "--domain",
            "basin",
        ],
        "needs a barrier top",
    );
}

#[test]
fn an_overflowing_hessian_names_the_parameter_and_the_point() {
    let args = ["critical-points", "multi-well", "--param", "r5=1e308"];
    let err = error_line(&args);
    assert!(
        err.contains("r5=1e+308") && err.contains("x = [0.0]") && err.contains("NaN"),
        "{err}"
    );
}

#[test]
fn diverging_sgd_reports_the_stability_threshold() {
    let args = [
        "sgd",
        "--data",
        "diabetes",
        "--model",
        "least-squares",
        "--tau",
        "10",
        "--steps",
        "50",
        "--paths",
        "50",
    ];
    let err = error_line(&args);
    assert!(
        err.starts_with("error: SGD diverged") && err.contains("> 2"),
        "{err}"
    );
    assert!(
        err.contains("τ < 2/λ_max(H)") && err.contains("after step 50"),
        "{err}"
    );
}

#[test]
fn a_nan_exact_moment_names_the_field_and_the_value() {
    let dir = std::env::temp_dir().join(format!("sgdpde-nan-exact-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("nan_mean.toml");
    std::fs::write(
        &file,
        "variables = [\"x\"]\nx0 = [1.0]\nt_end = 1.0\n[sde]\ndrift = [\"-x\"]\n\
         diffusion = [[\"1\"]]\n[exact]\nmean = [\"sqrt(-1)\"]\n",
    )
    .unwrap();
    let path = file.to_str().unwrap();
    for args in [
        vec!["simulate", "--problem", path, "--paths", "10", "--json"],
        vec!["simulate", "--problem", path, "--paths", "10"],
    ] {
        let err = error_line(&args);
        assert!(
            err.contains("exact.mean[0]") && err.contains("NaN"),
            "{err}"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// The gap of the double well at ε = 0.01 (≈ e^{−50}) is below the
/// eigensolver's resolution: flagged in JSON, warned on stderr, exit 0.
#[test]
fn an_eigenvalue_below_resolution_is_flagged() {
    let args = [
        "fokker-planck",
        "double-well",
        "--epsilon",
        "0.01",
        "--stationary",
        "--spectrum",
        "3",
        "--json",
    ];
    let out = sgdpde(&args);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let res = v["eigenvalue_resolution"].as_f64().unwrap();
    let ev = v["eigenvalues"][0].as_f64().unwrap();
    assert!(ev.abs() <= res, "{ev} vs {res}");
    assert_eq!(v["eigenvalues_below_resolution"], serde_json::json!([0]));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("warning:") && err.trim_end().lines().count() == 1,
        "{err}"
    );
    // The resolved eigenvalues are not flagged.
    assert!(v["eigenvalues"][1].as_f64().unwrap() > res);
}
