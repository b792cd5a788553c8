//! `--problem file.toml` on the command line: the shipped example problems
//! run through the binary and agree with the catalogue they restate; SDE
//! problems are refused where a landscape is needed; errors are one line.

use crate::common;

use std::path::PathBuf;

use common::{error_line, json};
use serde_json::Value;

fn example(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/problems")
        .join(name)
        .display()
        .to_string()
}

fn points(v: &Value, key: &str) -> Vec<Vec<f64>> {
    v[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            p["x"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_f64().unwrap())
                .collect()
        })
        .collect()
}

/// `critical-points --problem double_well.toml` finds the same minima,
/// saddles and barriers as `critical-points double-well`: both run the same
/// damped Newton from the same Halton starts in the same box on gradients and
/// Hessians that agree to round-off, and converge to ‖∇L‖ ≤ 1e-10, i.e. the
/// points agree far below 1e-8.
#[test]
fn critical_points_of_the_double_well_file_equal_the_catalogue() {
    let file = json(&[
        "critical-points",
        "--problem",
        &example("double_well.toml"),
        "--json",
    ]);
    let cat = json(&["critical-points", "double-well", "--json"]);
    assert_eq!(file["landscape"], example("double_well.toml").as_str());
    for key in ["minima", "saddles"] {
        let (a, b) = (points(&file, key), points(&cat, key));
        assert_eq!(a.len(), b.len(), "{key}");
        for (p, q) in a.iter().zip(&b) {
            assert!((p[0] - q[0]).abs() <= 1e-8, "{key}: {p:?} vs {q:?}");
        }
    }
    assert_eq!(points(&file, "minima").len(), 2);
    let (hf, hc) = (
        &file["barriers"][0]["heights"],
        &cat["barriers"][0]["heights"],
    );
    for k in 0..2 {
        let (a, b) = (hf[k].as_f64().unwrap(), hc[k].as_f64().unwrap());
        assert!(
            (a - 0.25).abs() <= 1e-12 && (a - b).abs() <= 1e-12,
            "{a} vs {b}"
        );
    }
    assert_eq!(file["params"]["c"], 0.0);
}

/// The 2-D file: minima (±1, ±κ), saddle (0, 0), barrier 1/4 (closed form of
/// the coupled double well), found in the file's search box.
#[test]
fn critical_points_of_the_2d_file_match_the_closed_form() {
    let v = json(&[
        "critical-points",
        "--problem",
        &example("coupled_double_well_2d.toml"),
        "--json",
    ]);
    let mut minima = points(&v, "minima");
    minima.sort_by(|a, b| a[0].total_cmp(&b[0]));
    assert_eq!(minima.len(), 2);
    for (m, s) in minima.iter().zip([-1.0, 1.0]) {
        assert!(
            (m[0] - s).abs() <= 1e-8 && (m[1] - 0.5 * s).abs() <= 1e-8,
            "{m:?}"
        );
    }
    let saddles = points(&v, "saddles");
    assert_eq!(saddles.len(), 1);
    assert!(saddles[0].iter().all(|x| x.abs() <= 1e-8));
    assert_eq!(
        v["search_box"],
        serde_json::json!([[-2.0, 2.0], [-2.0, 2.0]])
    );
}

/// `--param` overrides a file's parameter: with tilt c = 0.2 the minima are
/// the outer real roots of x³ − x + 0.2 (Newton-polished closed form).
#[test]
fn param_overrides_a_file_parameter() {
    let v = json(&[
        "critical-points",
        "--problem",
        &example("tilted_double_well.toml"),
        "--param",
        "c=0.2",
        "--json",
    ]);
    assert_eq!(v["params"]["c"], 0.2);
    for m in points(&v, "minima") {
        let x = m[0];
        assert!((x * x * x - x + 0.2).abs() <= 1e-10, "{x}");
    }
}

#[test]
fn landscape_and_problem_are_mutually_exclusive_and_one_is_required() {
    let e = error_line(&[
        "critical-points",
        "double-well",
        "--problem",
        &example("gbm.toml"),
    ]);
    assert!(e.contains("cannot be used with"), "{e}");
    let e = error_line(&["critical-points"]);
    assert!(e.contains("required"), "{e}");
}

#[test]
fn sde_problems_are_refused_where_a_landscape_is_needed() {
    let e = error_line(&["critical-points", "--problem", &example("gbm.toml")]);
    assert!(
        e.starts_with("error: `critical-points` needs a landscape, but ")
            && e.contains("gbm.toml defines an SDE"),
        "{e}"
    );
}

#[test]
fn bad_problem_files_give_one_line_errors_naming_the_field() {
    let dir = std::env::temp_dir().join(format!("sgdpde-problem-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.toml");
    std::fs::write(
        &bad,
        "variables = [\"x\"]\n[landscape]\nL = \"x^4/4 - y\"\n",
    )
    .unwrap();
    let e = error_line(&["critical-points", "--problem", bad.to_str().unwrap()]);
    assert!(
        e.ends_with("bad.toml: field `landscape.L`: unknown variable `y` in expression `x^4/4 - y` (known: x, pi)"),
        "{e}"
    );
    let e = error_line(&["critical-points", "--problem", "/nonexistent/p.toml"]);
    assert!(
        e.contains("/nonexistent/p.toml: cannot read the problem file"),
        "{e}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `landscapes --problem` summarises a file: kind, class, exact answers.
#[test]
fn landscapes_summarises_a_problem_file() {
    let v = json(&[
        "landscapes",
        "--problem",
        &example("rank_one_ou.toml"),
        "--json",
    ]);
    assert_eq!(v["kind"], "sde");
    assert_eq!(v["noise_class"], "Additive");
    assert_eq!(v["noise_dim"], 1);
    assert_eq!(v["exact_mean"], true);
    assert_eq!(v["exact_solution"], false);
    let v = json(&[
        "landscapes",
        "--problem",
        &example("double_well.toml"),
        "--json",
    ]);
    assert_eq!(v["kind"], "landscape");
    assert_eq!(v["L"], "x^4/4 - x^2/2 + c*x");
}

/// `simulate --problem gbm.toml` (Milstein): the terminal mean against the
/// exact mean of the scheme, `E X_N = x₀ (1 + a h)^N` (the noise and the
/// Milstein correction have mean zero, so the mean follows the drift
/// recursion exactly), within 4 standard errors; the file's exact moments
/// are reported beside it.
#[test]
fn simulate_an_sde_problem() {
    let v = json(&[
        "simulate",
        "--problem",
        &example("gbm.toml"),
        "--integrator",
        "milstein",
        "--paths",
        "4000",
        "--dt",
        "0.01",
        "--json",
    ]);
    assert_eq!(v["noise_class"], "Diagonal");
    let mean = v["terminal"]["mean"][0].as_f64().unwrap();
    let se = v["terminal"]["mean_std_error"][0].as_f64().unwrap();
    let scheme_mean = (1.0_f64 + 0.5 * 0.01).powi(100);
    assert!(
        (mean - scheme_mean).abs() <= 4.0 * se,
        "{mean} ± {se} vs {scheme_mean}"
    );
    let exact = v["exact"]["mean"][0].as_f64().unwrap();
    assert!((exact - 0.5_f64.exp()).abs() <= 1e-15);
    let e = error_line(&[
        "simulate",
        "--problem",
        &example("gbm.toml"),
        "--epsilon",
        "1",
    ]);
    assert!(e.contains("--epsilon/--beta do not apply"), "{e}");
}

/// The double well written as an `[sde]` file runs the same monomorphised
/// engine on the same operations as `double-well` with ε = 0.5: drift
/// `−(x·(x·x) − x)`, constant noise √ε — so ensembles and exit times are
/// bitwise identical for the same seed.
#[test]
fn double_well_sde_file_reproduces_the_catalogue_bitwise() {
    let common = [
        "--paths", "500", "--dt", "0.01", "--t-end", "1", "--seed", "3", "--json",
    ];
    let mut a = vec!["simulate", "--problem"];
    let file = example("double_well_sde.toml");
    a.push(&file);
    a.extend(common);
    let mut b = vec!["simulate", "double-well", "--epsilon", "0.5", "--x0=-1"];
    b.extend(common);
    let (va, vb) = (json(&a), json(&b));
    assert_eq!(va["terminal"]["mean"], vb["terminal"]["mean"]);
    assert_eq!(va["terminal"]["covariance"], vb["terminal"]["covariance"]);
    let exit = [
        "--domain",
        "interval:-inf:0",
        "--paths",
        "300",
        "--dt",
        "0.01",
        "--json",
    ];
    let mut a = vec!["exit-time", "--problem", &file];
    a.extend(exit);
    let mut b = vec!["exit-time", "double-well", "--epsilon", "0.5", "--x0=-1"];
    b.extend(exit);
    let (va, vb) = (json(&a), json(&b));
    assert_eq!(va["mean"], vb["mean"]);
    assert_eq!(va["std_error"], vb["std_error"]);
    let e = error_line(&[
        "exit-time",
        "--problem",
        &file,
        "--domain",
        "interval:-inf:0",
        "--method",
        "pde",
    ]);
    assert!(
        e.contains("exit-time --method pde needs a landscape"),
        "{e}"
    );
}

/// A landscape file on the landscape commands: simulate takes the file's
/// x0; exit-time --method all finds the barrier top numerically (no closed
/// forms for expressions) and its PDE and quadrature values equal those of
/// the catalogue double well; fokker-planck gives the same law.
#[test]
fn landscape_file_on_simulate_exit_time_and_fokker_planck() {
    let file = example("double_well.toml");
    // Same operations as DoubleWell (x·(x·x) − x): bitwise equal terminal
    // moments; the minima (±1) are found numerically and the basin masses
    // equal the catalogue's.
    let sim = [
        "--epsilon",
        "0.5",
        "--paths",
        "200",
        "--t-end",
        "2",
        "--json",
    ];
    let mut a = vec!["simulate", "--problem", &file];
    a.extend(sim);
    let mut b = vec!["simulate", "double-well", "--x0=-1"];
    b.extend(sim);
    let (v, w) = (json(&a), json(&b));
    assert_eq!(v["x0"], serde_json::json!([-1.0]));
    assert_eq!(v["terminal"]["mean"], w["terminal"]["mean"]);
    let basins = |v: &Value| -> Vec<(f64, f64)> {
        let mut b: Vec<(f64, f64)> = v["basins"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["minimum"][0].as_f64().unwrap(),
                    r["mass"].as_f64().unwrap(),
                )
            })
            .collect();
        b.sort_by(|p, q| p.0.total_cmp(&q.0));
        b
    };
    let (bv, bw) = (basins(&v), basins(&w));
    assert_eq!(bv.len(), 2);
    for (p, q) in bv.iter().zip(&bw) {
        assert!((p.0 - q.0).abs() <= 1e-8 && p.1 == q.1, "{bv:?} vs {bw:?}");
    }
    let args = [
        "--epsilon",
        "0.5",
        "--x0=-1",
        "--domain",
        "basin",
        "--method",
        "all",
        "--paths",
        "200",
        "--dt",
        "0.01",
        "--json",
    ];
    let mut a = vec!["exit-time", "--problem", &file];
    a.extend(args);
    let mut b = vec!["exit-time", "double-well"];
    b.extend(args);
    let (va, vb) = (json(&a), json(&b));
    for k in 1..4 {
        let (x, y) = (
            va["methods"][k]["mean"].as_f64().unwrap(),
            vb["methods"][k]["mean"].as_f64().unwrap(),
        );
        // Same operators on gradients equal to round-off; the numerically
        // found barrier top is within 1e-10 of 0.
        assert!(
            (x - y).abs() <= 1e-8 * y,
            "{}: {x} vs {y}",
            va["methods"][k]["method"]
        );
    }
    let fp = ["--epsilon", "0.5", "--t-end", "1", "--x0=-1", "--json"];
    let mut a = vec!["fokker-planck", "--problem", &file];
    a.extend(fp);
    let mut b = vec!["fokker-planck", "double-well"];
    b.extend(fp);
    let (va, vb) = (json(&a), json(&b));
    let (x, y) = (
        va["l1_to_stationary"].as_f64().unwrap(),
        vb["l1_to_stationary"].as_f64().unwrap(),
    );
    assert!((x - y).abs() <= 1e-12, "{x} vs {y}");
    let e = error_line(&["fokker-planck", "--problem", &example("gbm.toml")]);
    assert!(e.contains("`fokker-planck` needs a landscape"), "{e}");
}

/// The human summary of an SDE problem prints the standard errors as
/// numbers (it printed `± [Some(…)]`, issue 14 item 11), the same numbers
/// as the JSON's `mean_std_error`.
#[test]
fn sde_problem_summary_prints_standard_errors_as_numbers() {
    let f = example("rank_one_ou.toml");
    let base = [
        "simulate",
        "--problem",
        &f,
        "--paths",
        "100",
        "--t-end",
        "0.1",
    ];
    let text = common::stdout_ok(&base);
    let line = text
        .lines()
        .find(|l| l.starts_with("terminal mean"))
        .unwrap();
    assert!(!line.contains("Some") && line.contains(" ± ["), "{line}");
    let v = json(&[&base[..], &["--json"]].concat());
    let se: Vec<f64> = v["terminal"]["mean_std_error"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    assert!(line.ends_with(&format!("{se:?}")), "{line} vs {se:?}");
}

/// Splitting on an `[sde]` file: the double well written as an SDE gives
/// bitwise the catalogue's splitting run (same engine, same operations);
/// coordinates that need a landscape are refused in one line.
#[test]
fn splitting_on_an_sde_file_reproduces_the_catalogue_bitwise() {
    let file = example("double_well_sde.toml");
    let ams = [
        "--domain",
        "interval:-inf:0",
        "--method",
        "ams",
        "--seed",
        "4",
        "--json",
    ];
    let mut a = vec!["exit-time", "--problem", &file];
    a.extend(ams);
    let mut b = vec!["exit-time", "double-well", "--epsilon", "0.5", "--x0=-1"];
    b.extend(ams);
    let (va, vb) = (json(&a), json(&b));
    assert_eq!(va["method"], "ams");
    assert_eq!(va["mean"], vb["mean"]);
    assert_eq!(va["std_error"], vb["std_error"]);
    assert_eq!(va["ams"], vb["ams"]);
    assert!(va.get("paths_exited").is_none() && va.get("censored").is_none());
    let e = error_line(&[
        "exit-time",
        "--problem",
        &file,
        "--domain",
        "interval:-inf:0",
        "--method",
        "ams",
        "--reaction-coordinate",
        "committor",
    ]);
    assert!(
        e.contains("--reaction-coordinate committor needs a landscape"),
        "{e}"
    );
}

/// Degenerate noise: the damped oscillator `dX = Y dt`,
/// `dY = (−X − Y) dt + 0.6 dW` (noise on Y only, rank 1 of 2) leaving the
/// disc of radius 1.2. Splitting and Monte Carlo without the bridge both
/// estimate the mean exit time of the same discretely monitored chain, so
/// they agree within their combined standard errors (3 of them; splitting
/// pooled over 12 runs with the SE from their spread).
#[test]
fn splitting_with_degenerate_noise_agrees_with_monte_carlo_on_the_chain() {
    let dir = std::env::temp_dir().join(format!("sgdpde-ams-degenerate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("oscillator.toml");
    std::fs::write(
        &file,
        "variables = [\"x\", \"y\"]\nx0 = [0.0, 0.0]\nt_end = 1.0\n[sde]\n\
         drift = [\"y\", \"-x - y\"]\ndiffusion = [[\"0\"], [\"0.6\"]]\n",
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let base = [
        "exit-time",
        "--problem",
        path,
        "--domain",
        "ball:1.2",
        "--json",
    ];
    let mc = json(
        &[
            &base[..],
            &[
                "--method", "mc", "--bridge", "off", "--paths", "4000", "--t-max", "2000",
            ],
        ]
        .concat(),
    );
    let (t_mc, se_mc) = (
        mc["mean"].as_f64().unwrap(),
        mc["std_error"].as_f64().unwrap(),
    );
    let runs: Vec<Value> = (1..=12)
        .map(|seed| {
            let s = seed.to_string();
            json(
                &[
                    &base[..],
                    &[
                        "--method",
                        "ams",
                        "--bridge",
                        "off",
                        "--replicas",
                        "200",
                        "--seed",
                        &s,
                    ],
                ]
                .concat(),
            )["ams"]
                .clone()
        })
        .collect();
    // Pooled as (1/p̄ − 1)·L̄ + R̄ (p̄ unbiased; averaging the runs' own T̂
    // would carry the Jensen bias relvar(p̂) ≈ 2 % of 1/p̂), delta-method SE.
    let r = runs.len() as f64;
    let mean_se = |k: &str| {
        let x: Vec<f64> = runs.iter().map(|v| v[k].as_f64().unwrap()).collect();
        let m = x.iter().sum::<f64>() / r;
        let var = x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (r - 1.0);
        (m, (var / r).sqrt())
    };
    let ((p, se_p), (l, se_l), (reac, _)) = (
        mean_se("probability"),
        mean_se("loop_time"),
        mean_se("reactive_time"),
    );
    let t = (1.0 / p - 1.0) * l + reac;
    let se = t * ((se_p / p).powi(2) + (se_l / l).powi(2)).sqrt();
    println!("splitting {t:.3} ± {se:.3} (12 runs), Monte Carlo {t_mc:.3} ± {se_mc:.3}");
    assert!(
        se < 0.1 * t && se_mc < 0.05 * t_mc,
        "{t} ± {se}, {t_mc} ± {se_mc}"
    );
    assert!(
        (t - t_mc).abs() <= 3.0 * (se * se + se_mc * se_mc).sqrt(),
        "splitting {t} ± {se} vs Monte Carlo {t_mc} ± {se_mc}"
    );
    std::fs::remove_dir_all(&dir).ok();
}
