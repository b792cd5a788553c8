//! The hypoelliptic experiment at its quick size: every verdict passes, and
//! the rounded verdicts are snapshotted.

use sgdpde_experiments::hypoelliptic::Config;
use sgdpde_experiments::{ExperimentConfig, ExperimentError, Size};

use crate::common;

#[test]
fn quick_hypoelliptic_report_passes_every_verdict() {
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
    assert_eq!(report.id, "hypoelliptic");
    assert_eq!(report.figures.len(), 3);
    insta::assert_json_snapshot!(report.rounded(3).verdicts);
}

#[test]
fn invalid_configs_are_typed_errors() {
    let good = Config::sized(Size::Quick, 1);
    let cases: Vec<(&str, Config)> = vec![
        (
            "exit_paths",
            Config {
                exit_paths: 0,
                ..good.clone()
            },
        ),
        (
            "epsilon",
            Config {
                epsilon: -0.5,
                ..good.clone()
            },
        ),
        (
            "kappas",
            Config {
                kappas: vec![],
                ..good.clone()
            },
        ),
        (
            "kappas",
            Config {
                kappas: vec![f64::NAN],
                ..good.clone()
            },
        ),
        (
            "dt",
            Config {
                dt: 0.0,
                ..good.clone()
            },
        ),
        (
            "cells",
            Config {
                cells: 40,
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
}
