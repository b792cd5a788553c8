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

/// `--method ams --bridge off` (splitting, discrete monitoring) estimates the mean exit
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
        "--bridge",
        "off",
        "--replicas",
        "400",
        "--ams-loops",
        "2000",
        "--seed",
        "5",
        "--json",
    ]);
    assert_eq!(v["method"], "ams");
    assert_eq!(v["ams"]["bridge"], false);
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

/// `--bridge on` (the default) reaches the splitting: the ams row of
/// `--method all` is then the bridged chain's, the same quantity as the
/// bridged Monte Carlo row, and agrees with it within 4 combined standard
/// errors; `--bridge off` changes the splitting's answer at the same seed.
/// (That the bridge removes the discrete-monitoring bias, at a resolution
/// that tells the two apart, is `sgdpde-sde`'s `ams_bridge` test.)
#[test]
fn the_bridge_reaches_the_splitting() {
    let run = |bridge: &str| {
        json(&[
            "exit-time",
            "double-well",
            "--epsilon",
            "0.2",
            "--x0=-1",
            "--domain",
            "interval:-inf:0",
            "--method",
            "all",
            "--dt",
            "0.02",
            "--paths",
            "4000",
            "--replicas",
            "400",
            "--ams-loops",
            "2000",
            "--seed",
            "5",
            "--bridge",
            bridge,
            "--json",
        ])
    };
    let row = |v: &serde_json::Value, method: &str| {
        let rows = v["methods"].as_array().unwrap();
        let r = rows.iter().find(|m| m["method"] == method).unwrap();
        (
            r["mean"].as_f64().unwrap(),
            r["std_error"].as_f64().unwrap(),
        )
    };
    let on = run("on");
    assert_eq!(on["ams"]["bridge"], true);
    // t_max = 1000 ≈ 30 mean times: no path is censored.
    assert_eq!(on["censored"], 0);
    let ((ams, ams_se), (mc, mc_se)) = (row(&on, "ams"), row(&on, "mc"));
    assert!(
        (ams - mc).abs() <= 4.0 * ams_se.hypot(mc_se),
        "bridged: ams {ams} ± {ams_se} vs mc {mc} ± {mc_se}"
    );
    let off = run("off");
    assert_eq!(off["ams"]["bridge"], false);
    assert_ne!(row(&off, "ams").0.to_bits(), ams.to_bits());
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
    common::assert_one_line_error(
        &with(&["--ams-levels", "0.3,0.2"]),
        "need 0 < z_A < z_Σ < 1",
    );
    common::assert_one_line_error(&with(&["--ams-levels", "0.1"]), "give two levels");
    common::assert_one_line_error(&with(&["--ams-levels", "0.1,0.2,0.3"]), "give two levels");
    // Two levels, comma-separated, as documented.
    let v = json(
        &[
            &with(&["--ams-levels", "0.2,0.3", "--seed", "1"])[..],
            &["--json"],
        ]
        .concat(),
    );
    assert_eq!(v["ams"]["z_a"], 0.2);
    assert_eq!(v["ams"]["z_sigma"], 0.3);
    common::assert_one_line_error(&with(&["--replicas", "10", "--killed", "10"]), "killed");
}

/// In 1-D every reaction coordinate on `(−∞, 0)` from −1 is increasing in
/// `x` there (gauge, line, landscape, committor), and splitting decides by
/// the order of levels only: all four give the same bits.
#[test]
fn in_one_dimension_every_reaction_coordinate_gives_the_same_run() {
    let run = |coordinate: &str| {
        json(&[
            "exit-time",
            "double-well",
            "--epsilon",
            "0.1",
            "--x0=-1",
            "--domain",
            "interval:-inf:0",
            "--method",
            "ams",
            "--reaction-coordinate",
            coordinate,
            "--seed",
            "2",
            "--json",
        ])
    };
    let gauge = run("gauge");
    assert_eq!(gauge["ams"]["coordinate"], "gauge");
    for c in ["line", "landscape", "committor"] {
        let v = run(c);
        assert_eq!(v["ams"]["coordinate"], c);
        assert_eq!(
            v["mean"].as_f64().unwrap().to_bits(),
            gauge["mean"].as_f64().unwrap().to_bits(),
            "{c}"
        );
        assert_eq!(v["ams"]["splitting_steps"], gauge["ams"]["splitting_steps"]);
    }
}

/// 2-D: the double well coupled to a valley (`double-well-2d`, saddle at
/// the origin), exit through `{x ≥ 0}` from the minimum `(−1, −½)` at
/// ε = 0.1, splitting with the committor coordinate against the backward
/// PDE. As in 1-D the splitting estimates the discretely monitored chain,
/// whose boundary sits `β √(ε dt)` further out (Siegmund, the noise normal
/// to the face being `√ε dW₁`); the PDE solves with the boundary there, on
/// grids whose faces contain it (so the cell-centred absorbing set is
/// first order in h and the Richardson step removes that term:
/// proofs-notes/ams.md §7). Eight runs pooled as `(1/p̄ − 1)·L̄ + R̄`, within
/// 3 pooled SE plus the PDE's error estimate.
#[test]
fn splitting_in_two_dimensions_agrees_with_the_backward_pde() {
    let (eps, dt) = (0.1_f64, 1e-3_f64);
    let c = 0.582_597_157_939_010_6 * (eps * dt).sqrt();
    let pde = json(&[
        "exit-time",
        "double-well-2d",
        "--epsilon",
        "0.1",
        "--x0=-1,-0.5",
        "--domain",
        &format!("halfspace:1,0:{c}"),
        "--method",
        "pde",
        "--cells",
        "100",
        &format!("--grid-lower={},-2.5", c - 2.8),
        &format!("--grid-upper={},1.5", c + 0.7),
        "--json",
    ]);
    let (want, pde_err) = (
        pde["mean"].as_f64().unwrap(),
        pde["pde_error_estimate"].as_f64().unwrap(),
    );
    let runs: Vec<_> = (1..=8)
        .map(|seed| {
            json(&[
                "exit-time",
                "double-well-2d",
                "--epsilon",
                "0.1",
                "--x0=-1,-0.5",
                "--domain",
                "halfspace:1,0:0",
                "--method",
                "ams",
                "--reaction-coordinate",
                "committor",
                "--replicas",
                "400",
                "--ams-loops",
                "1000",
                "--seed",
                &seed.to_string(),
                "--json",
            ])["ams"]
                .clone()
        })
        .collect();
    let r = runs.len() as f64;
    let field = |k: &str| -> Vec<f64> { runs.iter().map(|v| v[k].as_f64().unwrap()).collect() };
    let mean_se = |x: &[f64]| {
        let m = x.iter().sum::<f64>() / r;
        let var = x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (r - 1.0);
        (m, (var / r).sqrt())
    };
    let ((p, se_p), (l, se_l), (reac, _)) = (
        mean_se(&field("probability")),
        mean_se(&field("loop_time")),
        mean_se(&field("reactive_time")),
    );
    let t = (1.0 / p - 1.0) * l + reac;
    let se = t * ((se_p / p).powi(2) + (se_l / l).powi(2)).sqrt();
    println!("splitting {t:.1} ± {se:.1} (8 runs) vs PDE {want:.1} ± {pde_err:.1}");
    assert!(se < 0.08 * t, "{t} ± {se}");
    assert!(
        (t - want).abs() <= 3.0 * se + pde_err,
        "splitting {t} ± {se} vs PDE {want} ± {pde_err}"
    );
}

/// Coordinates that cannot be built are one-line errors naming the option.
#[test]
fn reaction_coordinates_that_cannot_be_built_are_errors() {
    // The saddle (0, 0) is deep inside {x < 2} (gauge 1/3 about x0).
    common::assert_one_line_error(
        &[
            "exit-time",
            "double-well-2d",
            "--epsilon",
            "0.1",
            "--x0=-1,-0.5",
            "--domain",
            "halfspace:1,0:2",
            "--method",
            "ams",
            "--reaction-coordinate",
            "line",
        ],
        "--reaction-coordinate line|landscape",
    );
    // A ball of radius 0.5: A (gauge ≤ 0.1) holds no centre of an 8 × 8 grid.
    common::assert_one_line_error(
        &[
            "exit-time",
            "double-well-2d",
            "--epsilon",
            "0.1",
            "--x0=-1,-0.5",
            "--domain",
            "ball:0.5:-1,-0.5",
            "--method",
            "ams",
            "--reaction-coordinate",
            "committor",
            "--cells",
            "8",
        ],
        "no cell centre",
    );
    common::assert_one_line_error(
        &[
            "exit-time",
            "double-well",
            "--epsilon",
            "0.1",
            "--x0=-1",
            "--method",
            "ams",
            "--reaction-coordinate",
            "bogus",
        ],
        "--reaction-coordinate",
    );
}
