//! The escape experiment at its quick size: every verdict passes, and the
//! rounded verdicts are snapshotted so any change in the numerics shows up
//! as a reviewed diff.

use sgdpde_experiments::escape::Config;
use sgdpde_experiments::{ExperimentConfig, ExperimentError, Size};

use crate::common;

#[test]
fn quick_escape_report_passes_every_verdict() {
    let report = Config::sized(Size::Quick, 7).run().unwrap();
    for v in &report.verdicts {
        eprintln!(
            "{} | predicted {:.6} measured {:.6} se {:?} {:?} {}",
            v.claim, v.predicted, v.measured, v.std_error, v.criterion, v.pass
        );
    }
    for t in &report.tables {
        eprintln!("{}: {:?}", t.id, t.columns);
        for r in &t.rows {
            eprintln!("  {r:.5?}");
        }
    }
    assert!(report.all_pass());
    assert_eq!(report.id, "escape");
    assert_eq!(report.figures.len(), 6);
    insta::assert_json_snapshot!(report.rounded(3).verdicts);
}

#[test]
fn invalid_configs_are_typed_errors() {
    let good = Config::sized(Size::Quick, 1);
    let cases: Vec<(&str, Config)> = vec![
        (
            "paths",
            Config {
                paths: 0,
                ..good.clone()
            },
        ),
        (
            "epsilons",
            Config {
                epsilons: vec![0.2, -0.1, 0.3, 0.4, 0.5],
                ..good.clone()
            },
        ),
        (
            "epsilons",
            Config {
                epsilons: vec![0.2, 0.3],
                ..good.clone()
            },
        ),
        (
            "dt",
            Config {
                dt: f64::NAN,
                ..good.clone()
            },
        ),
        (
            "cells_1d",
            Config {
                cells_1d: 44,
                ..good.clone()
            },
        ),
        (
            "omega",
            Config {
                omega: 0.0,
                ..good.clone()
            },
        ),
        (
            "muller_brown_exponents",
            Config {
                muller_brown_exponents: vec![10.0, 20.0, 20.0],
                ..good.clone()
            },
        ),
        (
            "muller_brown_exponents",
            Config {
                muller_brown_exponents: vec![10.0, f64::INFINITY, 30.0],
                ..good.clone()
            },
        ),
        (
            "two_state_tilt",
            Config {
                two_state_tilt: 0.5,
                ..good.clone()
            },
        ),
        (
            "two_state_exponents",
            Config {
                two_state_exponents: vec![],
                ..good.clone()
            },
        ),
        (
            "muller_brown_runs",
            Config {
                muller_brown_runs: 2,
                ..good.clone()
            },
        ),
        (
            "muller_brown_cells",
            Config {
                muller_brown_cells: 3,
                ..good.clone()
            },
        ),
        (
            "muller_brown_dt",
            Config {
                muller_brown_dt: 1e-3,
                ..good.clone()
            },
        ),
    ];
    for (field, cfg) in cases {
        common::assert_rejected(field, &cfg);
        assert!(matches!(
            cfg.run(),
            Err(ExperimentError::InvalidConfig { .. })
        ));
    }
    assert!(good.validate().is_ok());
}
