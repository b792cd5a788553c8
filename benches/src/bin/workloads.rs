//! The sgdpde side of the side-by-side comparison (issue 7): runs W1–W4,
//! the hand-written Rust loops they are measured against, the PDE solves
//! on growing grids and the integrators' work–precision table, and prints
//! one JSON document (read by `benches/peers/report.py`).
//!
//! ```sh
//! cargo run --release -p sgdpde-benches --bin workloads -- --json
//! SGDPDE_BENCH_SCALE=0.1 cargo run --release -p sgdpde-benches --bin workloads -- --json
//! cargo run --release -p sgdpde-benches --bin workloads -- --json --only w1,w3
//! ```
//!
//! Times are wall-clock seconds, the best of a few repetitions (stated per
//! entry); throughput is path-steps per second. Parameters: `sgdpde_benches::workloads`.

use std::time::Instant;

use serde_json::{Value, json};
use sgdpde_benches::fp::{
    exit_time_1d, exit_time_2d, l1, stationary_1d, stationary_2d, w3_gibbs, w3_solve, w4_moments,
    w4_solve,
};
use sgdpde_benches::hand::{w1_loop, w2_loop};
use sgdpde_benches::monte_carlo::{
    W1_EXPRESSION, w1_expression_landscape, w1_library, w1_with_landscape, w2_exact, w2_library,
};
use sgdpde_benches::workloads::{scale, scaled, temperature, w1, w2, w3, w4};
use sgdpde_benches::{Result, work_precision};

/// Best wall time of `repeats` runs of `f`, and the last result.
fn best_of<T>(repeats: usize, mut f: impl FnMut() -> Result<T>) -> Result<(f64, T)> {
    let mut best = f64::INFINITY;
    let mut out = None;
    for _ in 0..repeats.max(1) {
        let start = Instant::now();
        let r = f()?;
        best = best.min(start.elapsed().as_secs_f64());
        out = Some(r);
    }
    Ok((best, out.expect("at least one repetition")))
}

/// A rayon pool of `n` threads.
fn pool(n: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .build()
        .expect("thread pool")
}

const THREADS: [usize; 2] = [1, 2];

fn run_w1(s: f64) -> Result<Value> {
    let paths = scaled(w1::PATHS, s, 1000);
    let path_steps = (paths * w1::STEPS) as f64;
    let noise = temperature(w1::EPS)?.noise_scale();
    let mut runs = Vec::new();
    let mut ratio = serde_json::Map::new();
    for n in THREADS {
        let p = pool(n);
        let (t_hand, hand) = p.install(|| {
            best_of(3, || {
                Ok(w1_loop(paths, w1::STEPS, w1::DT, noise, w1::X0, w1::SEED))
            })
        })?;
        let (t_lib, lib) = p.install(|| best_of(3, || w1_library(paths)))?;
        eprintln!("W1 {n} thread(s): sgdpde {t_lib:.3} s, hand loop {t_hand:.3} s");
        for (tool, t, r) in [("sgdpde", t_lib, lib), ("rust-hand-loop", t_hand, hand)] {
            runs.push(json!({"tool": tool, "threads": n, "time_s": t,
                "throughput_path_steps_per_s": path_steps / t, "result": r, "repeats": 3}));
        }
        ratio.insert(n.to_string(), json!(t_hand / t_lib));
    }
    Ok(
        json!({"paths": paths, "steps": w1::STEPS, "dt": w1::DT, "eps": w1::EPS,
        "runs": runs, "library_over_hand_throughput": ratio}),
    )
}

fn run_w2(s: f64) -> Result<Value> {
    let paths = scaled(w2::PATHS, s, 500);
    let mut out = Vec::new();
    for eps in w2::EPS {
        let exact = w2_exact(eps)?;
        let noise = temperature(eps)?.noise_scale();
        let mut runs = Vec::new();
        let mut ratio = serde_json::Map::new();
        for n in THREADS {
            let p = pool(n);
            let (t_hand, hand) = p.install(|| {
                best_of(1, || {
                    Ok(w2_loop(
                        paths,
                        w2::DT,
                        noise,
                        w2::X0,
                        w2::BARRIER,
                        w2::T_MAX,
                        w2::SEED,
                    ))
                })
            })?;
            let (t_b, bridged) = p.install(|| best_of(1, || w2_library(eps, paths, true)))?;
            let (t_d, discrete) = p.install(|| best_of(1, || w2_library(eps, paths, false)))?;
            eprintln!(
                "W2 ε = {eps}, {n} thread(s): bridged {t_b:.3} s, discrete {t_d:.3} s, hand {t_hand:.3} s"
            );
            for (tool, t, r) in [
                ("sgdpde (bridge on)", t_b, bridged),
                ("sgdpde (bridge off)", t_d, discrete),
                ("rust-hand-loop (bridge on)", t_hand, hand),
            ] {
                // Path-steps actually simulated: Σ τ/dt = n·mean/dt.
                let steps = (paths - r.censored) as f64 * r.mean / w2::DT;
                runs.push(json!({"tool": tool, "threads": n, "time_s": t,
                    "throughput_path_steps_per_s": steps / t, "result": r,
                    "bias": r.mean - exact, "bias_se": r.std_error}));
            }
            ratio.insert(n.to_string(), json!(t_hand / t_b));
        }
        out.push(
            json!({"eps": eps, "exact": exact, "paths": paths, "runs": runs,
            "library_over_hand_throughput": ratio}),
        );
    }
    Ok(json!({"dt": w2::DT, "t_max": w2::T_MAX, "cases": out}))
}

fn run_w3() -> Result<Value> {
    let mut out = Vec::new();
    for cells in w3::CELLS {
        let pi = w3_gibbs(cells)?;
        for t_end in w3::T_END {
            let (t, (g, u)) = best_of(3, || w3_solve(cells, t_end, 1))?;
            let (_, reference) = w3_solve(cells, t_end, w3::REFERENCE_FACTOR)?;
            let (early, late) = sgdpde_benches::fp::w3_steps(t_end, 1);
            let min = u.iter().copied().fold(f64::INFINITY, f64::min) * g.cell_volume();
            eprintln!("W3 {cells} cells, t = {t_end}: {t:.4} s");
            out.push(
                json!({"cells": cells, "t_end": t_end, "time_s": t, "repeats": 3,
                "scheme": "TR-BDF2", "steps": early + late,
                "l1_to_gibbs": l1(&g, &u, &pi), "mass_error": (g.mass(&u) - 1.0).abs(),
                "l1_to_reference": l1(&g, &u, &reference), "min_cell_mass": min}),
            );
        }
    }
    Ok(Value::Array(out))
}

fn run_w4() -> Result<Value> {
    let (t, (g, u)) = best_of(3, || w4_solve(w4::CELLS, w4::STEPS))?;
    let (_, reference) = w4_solve(w4::CELLS, w4::REFERENCE_STEPS)?;
    let min = u.iter().copied().fold(f64::INFINITY, f64::min) * g.cell_volume();
    eprintln!("W4 {0}x{0}: {t:.4} s", w4::CELLS);
    // Work–precision sweep: the time to reach a given L¹ to the reference,
    // so the comparison with a peer can be made at matched accuracy.
    let mut sweep = Vec::new();
    for steps in w4::SWEEP_STEPS {
        let (ts, (gs, us)) = best_of(3, || w4_solve(w4::CELLS, steps))?;
        eprintln!("W4 sweep {steps} steps: {ts:.4} s");
        sweep.push(json!({"steps": steps, "time_s": ts, "repeats": 3,
            "l1_to_reference": l1(&gs, &us, &reference),
            "mass_error": (gs.mass(&us) - 1.0).abs()}));
    }
    let m = w4_moments(&g, &reference);
    Ok(
        json!({"cells": [w4::CELLS, w4::CELLS], "t_end": w4::T_END, "time_s": t, "repeats": 3,
        "scheme": "TR-BDF2 (sparse Cholesky)", "steps": w4::STEPS,
        "mass_error": (g.mass(&u) - 1.0).abs(), "l1_to_reference": l1(&g, &u, &reference),
        "reference_steps": w4::REFERENCE_STEPS, "min_cell_mass": min,
        "reference_moments": {"mass_right": m[0], "mean_x": m[1], "mean_y": m[2],
            "second_x": m[3], "second_y": m[4]},
        "work_precision": sweep}),
    )
}

fn run_pde_scaling() -> Result<Value> {
    let mut out = Vec::new();
    let exact = w2_exact(0.25)?;
    for cells in [250, 500, 1000, 2000, 4000] {
        let (t, v) = best_of(3, || exit_time_1d(cells))?;
        out.push(
            json!({"problem": "mean exit time, 1-D double well (D = 0.25, x0 = -1)",
            "dim": 1, "cells": cells, "time_s": t, "value": v, "exact": exact,
            "relative_error": v / exact - 1.0}),
        );
        let (t, _) = best_of(3, || stationary_1d(cells))?;
        out.push(
            json!({"problem": "stationary state, 1-D double well (closed form)",
            "dim": 1, "cells": cells, "time_s": t}),
        );
        let (t, _) = best_of(3, || w3_solve(cells, 5.0, 1))?;
        out.push(
            json!({"problem": "W3 transient to t = 5 (TR-BDF2, 150 steps)",
            "dim": 1, "cells": cells, "time_s": t}),
        );
    }
    for n in [50, 100, 200] {
        let (t, v) = best_of(1, || exit_time_2d(n))?;
        out.push(
            json!({"problem": "mean exit time, 2-D double well from (-1, 0) into x >= 0",
            "dim": 2, "cells": n * n, "time_s": t, "value": v}),
        );
        let (t, _) = best_of(1, || stationary_2d(n))?;
        out.push(
            json!({"problem": "stationary state, non-reversible 2-D (inverse iteration, sparse LU)",
            "dim": 2, "cells": n * n, "time_s": t}),
        );
        let (t, _) = best_of(1, || w4_solve(n, w4::STEPS))?;
        out.push(
            json!({"problem": "W4 transient to t = 5 (TR-BDF2, 16 steps)",
            "dim": 2, "cells": n * n, "time_s": t}),
        );
        eprintln!("PDE scaling {n}x{n} done");
    }
    Ok(Value::Array(out))
}

fn run_expression(s: f64) -> Result<Value> {
    let paths = scaled(w1::PATHS, s, 1000);
    let path_steps = (paths * w1::STEPS) as f64;
    let expr = w1_expression_landscape()?;
    let mut runs = Vec::new();
    let mut ratio = f64::NAN;
    for n in THREADS {
        let p = pool(n);
        let (t_b, b) = p.install(|| best_of(3, || w1_library(paths)))?;
        let (t_e, e) = p.install(|| best_of(3, || w1_with_landscape(expr.clone(), paths)))?;
        eprintln!("expression vs built-in, {n} thread(s): {t_e:.3} s vs {t_b:.3} s");
        for (name, t, r) in [("DoubleWell (built-in)", t_b, b), ("ExprLandscape", t_e, e)] {
            runs.push(json!({"landscape": name, "threads": n, "time_s": t,
                "throughput_path_steps_per_s": path_steps / t, "mean": r.mean}));
        }
        if n == 1 {
            ratio = t_e / t_b;
        }
    }
    Ok(
        json!({"expression": W1_EXPRESSION, "paths": paths, "runs": runs,
        "expression_over_builtin_time": ratio, "ratio_threads": 1}),
    )
}

fn run_work_precision(s: f64) -> Result<Value> {
    let t = work_precision::table(
        scaled(4_000, s, 400),
        scaled(40_000, s, 2_000),
        scaled(20_000, s, 1_000),
    )?;
    Ok(
        json!({"t": work_precision::T, "gbm_alpha_beta_x0": work_precision::GBM,
        "ou_theta_eps_x0": work_precision::OU, "ou_exact_second_moment":
        work_precision::ou_second_moment()?, "series": t}),
    )
}

fn main() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut only: Option<Vec<String>> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--json" => {}
            "--only" => {
                let v = it.next().ok_or("--only needs a list, e.g. w1,w3")?;
                only = Some(v.split(',').map(str::to_owned).collect());
            }
            other => {
                return Err(format!("unknown argument {other:?} (use --json, --only LIST)").into());
            }
        }
    }
    let want = |k: &str| only.as_ref().is_none_or(|o| o.iter().any(|x| x == k));
    let s = scale()?;
    let mut doc = serde_json::Map::new();
    doc.insert("scale".into(), json!(s));
    doc.insert(
        "threads_available".into(),
        json!(std::thread::available_parallelism().map_or(1, |n| n.get())),
    );
    let sections: [(&str, &dyn Fn() -> Result<Value>); 7] = [
        ("w1", &|| run_w1(s)),
        ("w2", &|| run_w2(s)),
        ("w3", &run_w3),
        ("w4", &run_w4),
        ("pde_scaling", &run_pde_scaling),
        ("work_precision", &|| run_work_precision(s)),
        ("expression", &|| run_expression(s)),
    ];
    for (name, f) in sections {
        if want(name) {
            doc.insert(name.into(), f()?);
        }
    }
    println!("{}", serde_json::to_string_pretty(&Value::Object(doc))?);
    Ok(())
}
