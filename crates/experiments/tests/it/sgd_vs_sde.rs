//! The quick sgd-vs-sde experiment: every verdict passes, the rounded
//! verdicts and the weak-error table are pinned, invalid configs are typed
//! errors.

use sgdpde_experiments::sgd_vs_sde::Config;
use sgdpde_experiments::{ExperimentConfig, ExperimentError, Size};

#[test]
fn quick_run_passes_every_verdict() {
    let cfg = Config::sized(Size::Quick, 2024);
    cfg.validate().unwrap();
    let report = cfg.run().unwrap();
    for v in &report.verdicts {
        assert!(v.pass, "failed verdict: {v:?}");
    }
    let r = report.rounded(3);
    insta::assert_json_snapshot!("sgd_vs_sde_verdicts", r.verdicts);
    insta::assert_json_snapshot!("sgd_vs_sde_table", r.tables[0]);
    insta::assert_json_snapshot!("sgd_vs_sde_escape", r.tables[1]);
}

#[test]
fn invalid_configs_are_typed_errors() {
    // The full size is a valid config too.
    Config::sized(Size::Full, 1).validate().unwrap();
    let good = Config::sized(Size::Quick, 1);
    let cases = [
        Config {
            pilot_paths: 0,
            ..good.clone()
        },
        Config {
            taus: vec![0.1, -0.2, 0.4],
            ..good.clone()
        },
        Config {
            taus: vec![0.3, 0.2, 0.4],
            ..good.clone()
        },
        Config {
            taus: vec![0.15, 0.3, 0.7],
            ..good.clone()
        },
        Config {
            batch: 0,
            ..good.clone()
        },
        Config {
            se_ratio: 0.5,
            ..good.clone()
        },
        Config {
            escape_kappa: 1.5,
            ..good.clone()
        },
        Config {
            escape_paths: 0,
            ..good.clone()
        },
        Config {
            escape_t_max: 10.01,
            ..good.clone()
        },
    ];
    for (i, cfg) in cases.into_iter().enumerate() {
        assert!(
            matches!(cfg.validate(), Err(ExperimentError::InvalidConfig { .. })),
            "case {i} accepted"
        );
    }
}
