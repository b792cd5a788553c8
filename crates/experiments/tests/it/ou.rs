//! The quick `ou` experiment: every verdict passes at its seed, the rounded
//! verdicts are snapshotted, and invalid configs are typed errors.

use sgdpde_experiments::{ExperimentConfig, ExperimentError, Size, ou};

#[test]
fn quick_ou_report_passes_and_matches_snapshot() {
    let cfg = ou::Config::sized(Size::Quick, 2025);
    cfg.validate().unwrap();
    let report = cfg.run().unwrap();
    for v in &report.verdicts {
        assert!(v.pass, "failed verdict: {v:#?}");
    }
    assert_eq!(report.id, ou::NAME);
    assert!(!report.figures.is_empty() && !report.tables.is_empty());
    let rounded = report.rounded(3);
    insta::assert_json_snapshot!(rounded.verdicts);
    let orders = rounded.tables.iter().find(|t| t.id == "orders").unwrap();
    insta::assert_json_snapshot!("ou_orders", orders);
}

#[test]
fn invalid_configs_are_typed_errors() {
    let mut cfg = ou::Config::sized(Size::Quick, 1);
    cfg.s = -0.1;
    assert!(matches!(
        cfg.validate(),
        Err(ExperimentError::InvalidConfig { field: "s", .. })
    ));
    let mut cfg = ou::Config::sized(Size::Quick, 1);
    cfg.strong_paths = 0;
    assert!(matches!(
        cfg.run(),
        Err(ExperimentError::InvalidConfig {
            field: "strong_paths",
            ..
        })
    ));
    let mut cfg = ou::Config::sized(Size::Quick, 1);
    cfg.strong_levels = vec![3, 4, 12];
    assert!(matches!(
        cfg.validate(),
        Err(ExperimentError::InvalidConfig {
            field: "strong_levels",
            ..
        })
    ));
}
