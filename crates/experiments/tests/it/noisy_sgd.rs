//! The quick noisy-sgd experiment: every verdict passes, the rounded
//! verdicts and key tables are pinned, invalid configs are typed errors.

use sgdpde_experiments::noisy_sgd::Config;
use sgdpde_experiments::{ExperimentConfig, ExperimentError, Size};

#[test]
fn quick_run_passes_every_verdict() {
    let cfg = Config::sized(Size::Quick, 2024);
    cfg.validate().unwrap();
    let report = cfg.run().unwrap();
    for v in &report.verdicts {
        assert!(v.pass, "failed verdict: {v:?}");
    }
    assert_eq!(report.figures.len(), 2);
    println!(
        "{}",
        serde_json::to_string_pretty(&report.rounded(4).tables).unwrap()
    );
    let r = report.rounded(3);
    insta::assert_json_snapshot!("noisy_sgd_verdicts", r.verdicts);
    insta::assert_json_snapshot!(
        "noisy_sgd_tables",
        (&r.tables[0], &r.tables[1], &r.tables[3])
    );
}

#[test]
fn invalid_configs_are_typed_errors() {
    // The full size is a valid config too.
    Config::sized(Size::Full, 1).validate().unwrap();
    let good = Config::sized(Size::Quick, 1);
    let cases = [
        Config {
            paths: 0,
            ..good.clone()
        },
        Config {
            tau: -0.1,
            ..good.clone()
        },
        Config {
            kappa: 1.0,
            ..good.clone()
        },
        Config {
            cells: 201,
            ..good.clone()
        },
        Config {
            delta: -1e-3,
            ..good.clone()
        },
        Config {
            snapshot_every: 5.005,
            ..good.clone()
        },
    ];
    for cfg in cases {
        assert!(matches!(
            cfg.validate(),
            Err(ExperimentError::InvalidConfig { .. })
        ));
    }
}
