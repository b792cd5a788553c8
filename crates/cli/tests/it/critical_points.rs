//! The `sgdpde critical-points` command, run as a binary: JSON shape and
//! content against the landscape crate's closed forms and the Müller–Brown
//! table, human output, and one-line errors with non-zero exit codes.

use crate::common;

use common::{assert_one_line_error, json, stdout_ok};
use serde_json::Value;
use sgdpde_landscape::{DoubleWell, Landscape, MullerBrown};

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|x| x.as_f64().expect("number"))
        .collect()
}

#[test]
fn muller_brown_json_has_three_minima_two_saddles_two_barriers() {
    let v = json(&["critical-points", "muller-brown", "--json"]);
    assert_eq!(v["landscape"], "muller-brown");
    let minima = v["minima"].as_array().unwrap();
    let saddles = v["saddles"].as_array().unwrap();
    assert_eq!((minima.len(), saddles.len()), (3, 2));
    for p in minima.iter().chain(saddles) {
        assert_eq!(floats(&p["x"]).len(), 2);
        assert_eq!(floats(&p["hessian_eigenvalues"]).len(), 2);
        assert!(p["value"].is_f64());
    }
    // Minima sorted by value: A (−146.70), B (−108.17), C (−80.77), each
    // within the table's rounding (5e-4 in x, 5e-3 in the energy).
    let order = [0, 1, 2];
    for (p, k) in minima.iter().zip(order) {
        let x = floats(&p["x"]);
        let want = MullerBrown::PUBLISHED_MINIMA[k];
        assert!((x[0] - want[0]).abs() <= MullerBrown::COORDINATE_PRECISION);
        assert!((x[1] - want[1]).abs() <= MullerBrown::COORDINATE_PRECISION);
        let dv = p["value"].as_f64().unwrap() - MullerBrown::PUBLISHED_MINIMUM_VALUES[k];
        assert!(dv.abs() <= MullerBrown::VALUE_PRECISION);
        assert!(floats(&p["hessian_eigenvalues"]).iter().all(|l| *l > 0.0));
    }
    for p in saddles {
        let e = floats(&p["hessian_eigenvalues"]);
        assert!(e[0] < 0.0 && e[1] > 0.0);
    }
    let barriers = v["barriers"].as_array().unwrap();
    assert_eq!(barriers.len(), 2);
    for b in barriers {
        let s = b["saddle"].as_u64().unwrap() as usize;
        let sv = saddles[s]["value"].as_f64().unwrap();
        let m: Vec<usize> = b["minima"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i.as_u64().unwrap() as usize)
            .collect();
        let h = floats(&b["heights"]);
        for k in 0..2 {
            // The heights are L(s) − L(m) of the reported points, up to the
            // last-bit error of serde_json's default float parser (≤ 1 ulp per
            // number ⇒ ≤ 4ε·|L| for the difference).
            let want = sv - minima[m[k]]["value"].as_f64().unwrap();
            assert!((h[k] - want).abs() <= 4.0 * f64::EPSILON * sv.abs().max(1.0));
            assert_eq!(floats(&b["minima_x"][k]), floats(&minima[m[k]]["x"]));
        }
        assert_eq!(floats(&b["saddle_x"]), floats(&saddles[s]["x"]));
        // Every saddle joins the intermediate minimum C (index 2).
        assert!(m.contains(&2));
    }
}

#[test]
fn tilted_double_well_barriers_match_the_closed_form() {
    let v = json(&[
        "critical-points",
        "double-well",
        "--param",
        "c=0.1",
        "--json",
    ]);
    assert_eq!(v["params"]["c"], 0.1);
    let w = DoubleWell::new(0.1).unwrap();
    let r = w.critical_abscissae();
    let lv = |x: f64| w.value(&[x]);
    let b = &v["barriers"][0];
    let h = floats(&b["heights"]);
    let mut got: Vec<(f64, f64)> = (0..2)
        .map(|k| (floats(&b["minima_x"][k])[0], h[k]))
        .collect();
    got.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Viète roots r₀ < r₁ < r₂: barriers L(r₁) − L(r₀), L(r₁) − L(r₂);
    // sgdpde_testkit::tolerance::BARRIER_REL (1e-12); JSON parsing adds ≤ 1 ulp.
    assert!((got[0].1 - (lv(r[1]) - lv(r[0]))).abs() <= 1e-12);
    assert!((got[1].1 - (lv(r[1]) - lv(r[2]))).abs() <= 1e-12);
}

#[test]
fn human_output_names_minima_saddles_and_barriers() {
    let s = stdout_ok(&["critical-points", "double-well-2d", "--param", "kappa=0"]);
    assert!(
        s.contains("minima (2):") && s.contains("index-1 saddles (1):"),
        "{s}"
    );
    assert!(s.contains("0.25000000 from m0, 0.25000000 from m1"), "{s}");
}

#[test]
fn errors_exit_non_zero_with_one_line_naming_the_problem() {
    assert_one_line_error(
        &["critical-points", "no-such-landscape"],
        "no-such-landscape",
    );
    assert_one_line_error(
        &["critical-points", "double-well-2d", "--param", "omega=0"],
        "omega",
    );
    assert_one_line_error(
        &[
            "critical-points",
            "double-well-2d",
            "--param",
            "omega=-1",
            "--json",
        ],
        "-1",
    );
    assert_one_line_error(&["critical-points", "double-well", "--param", "z=1"], "`z`");
    assert_one_line_error(
        &["critical-points", "double-well", "--param", "c"],
        "name=value",
    );
    assert_one_line_error(
        &["critical-points", "double-well", "--param", "c=abc"],
        "abc",
    );
    assert_one_line_error(&["critical-points", "multi-well", "--param", "r2=-2"], "r2");
    assert_one_line_error(&["critical-points"], "LANDSCAPE");
}

#[test]
fn landscapes_lists_every_catalogue_entry() {
    let v = json(&["landscapes", "--json"]);
    let names: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    for n in [
        "quadratic",
        "double-well",
        "multi-well",
        "double-well-2d",
        "muller-brown",
        "sharp-flat",
    ] {
        assert!(names.contains(&n), "{n} missing from {names:?}");
    }
}
