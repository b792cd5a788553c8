//! `sgdpde exit-time --method pde|all`: the backward PDE and the four
//! estimates side by side agree on the 1-D double well.

use crate::common;

use common::json;

#[test]
fn four_methods_agree_on_the_double_well() {
    let v = json(&[
        "exit-time",
        "double-well",
        "--epsilon",
        "0.5",
        "--x0=-1",
        "--domain",
        "interval:-inf:0",
        "--method",
        "all",
        "--paths",
        "4000",
        "--seed",
        "3",
        "--json",
    ]);
    let methods = v["methods"].as_array().expect("methods array");
    let get = |name: &str| {
        methods
            .iter()
            .find(|m| m["method"] == name)
            .expect(name)
            .clone()
    };
    let exact = get("quadrature")["mean"].as_f64().unwrap();
    // The Richardson-extrapolated PDE (second order, h = 5e-3 and 2.5e-3)
    // agrees with the quadrature to 1e-4 relative.
    let pde = get("pde")["mean"].as_f64().unwrap();
    assert!((pde / exact - 1.0).abs() < 1e-4, "pde {pde} vs {exact}");
    assert!(get("pde")["std_error"].is_null());
    // Bridge-corrected Monte Carlo at dt = 1e-3 (bias O(dt) ≪ SE): 4 SE.
    let (mc, se) = (
        get("mc")["mean"].as_f64().unwrap(),
        get("mc")["std_error"].as_f64().unwrap(),
    );
    assert!((mc - exact).abs() < 4.0 * se, "mc {mc} ± {se} vs {exact}");
    // Eyring–Kramers (to the saddle: half the crossing time) is within its
    // O(ε) correction at ε = 0.5: about 5% here, and above the exact value.
    let ek = get("eyring-kramers")["mean"].as_f64().unwrap();
    assert!(ek > exact && ek / exact - 1.0 < 0.1, "ek {ek} vs {exact}");
}

#[test]
fn pde_method_reports_mean_and_null_std_error() {
    let v = json(&[
        "exit-time",
        "double-well-2d",
        "--epsilon",
        "0.5",
        "--x0=-1,-0.5",
        "--domain",
        "halfspace:1,0:0",
        "--method",
        "pde",
        "--json",
    ]);
    assert_eq!(v["method"], "pde");
    assert!(v["mean"].as_f64().unwrap() > 0.0);
    assert!(v["std_error"].is_null());
    assert_eq!(v["never_exits"], false);
}

/// `--method ams` (splitting, discrete monitoring) estimates the mean exit
/// time of the *chain*: the continuous diffusion's with the boundary moved
/// out by Siegmund's overshoot `β σ √dt`, `β = 0.5826` (proofs-notes/ams.md
/// §2), up to `o(√dt)`. Checked at ε = 0.1, where plain Monte Carlo would
/// need ~10⁵ steps per path, against the exact quadrature at that boundary:
/// within 4 of the run's own standard errors.
#[test]
fn splitting_agrees_with_the_quadrature_at_the_chains_boundary() {
    let (eps, dt) = (0.1_f64, 1e-3_f64);
    let shift = 0.582_597_157_939_010_6 * (eps * dt).sqrt();
    let quadrature = {
        let domain = format!("interval:-inf:{shift}");
        let v = json(&[
            "exit-time",
            "double-well",
            "--epsilon",
            "0.1",
            "--x0=-1",
            "--domain",
            &domain,
            "--method",
            "all",
            "--paths",
            "10",
            "--t-max",
            "1",
            "--json",
        ]);
        let rows = v["methods"].as_array().unwrap().clone();
        rows.iter().find(|m| m["method"] == "quadrature").unwrap()["mean"]
            .as_f64()
            .unwrap()
    };
    let v = json(&[
        "exit-time",
        "double-well",
        "--epsilon",
        "0.1",
        "--x0=-1",
        "--domain",
        "interval:-inf:0",
        "--method",
        "ams",
        "--replicas",
        "400",
        "--ams-loops",
        "2000",
        "--seed",
        "5",
        "--json",
    ]);
    assert_eq!(v["method"], "ams");
    let (t, se) = (
        v["mean"].as_f64().unwrap(),
        v["std_error"].as_f64().unwrap(),
    );
    let p = v["ams"]["probability"].as_f64().unwrap();
    assert!(p > 0.0 && p < 1e-2, "p = {p}");
    assert!(se < 0.25 * t, "{t} ± {se}");
    assert!(
        (t - quadrature).abs() < 4.0 * se,
        "ams {t} ± {se} vs quadrature {quadrature}"
    );
}

#[test]
fn splitting_settings_are_checked() {
    let base = [
        "exit-time",
        "double-well",
        "--epsilon",
        "0.1",
        "--x0=-1",
        "--domain",
        "interval:-inf:0",
        "--method",
        "ams",
    ];
    let with = |extra: &[&'static str]| [&base[..], extra].concat();
    common::assert_one_line_error(&with(&["--ams-levels", "0.3,0.2"]), "--ams-levels");
    common::assert_one_line_error(&with(&["--replicas", "10", "--killed", "10"]), "killed");
}
