//! The quick `entropy` experiment: every verdict passes, the rounded
//! verdicts and key tables are snapshotted, and invalid configs are typed
//! errors.

use sgdpde_experiments::{ExperimentConfig, ExperimentError, Size, entropy};

#[test]
fn quick_entropy_report_passes_and_matches_snapshot() {
    let cfg = entropy::Config::sized(Size::Quick, 2025);
    cfg.validate().unwrap();
    let report = cfg.run().unwrap();
    for v in &report.verdicts {
        assert!(v.pass, "failed verdict: {v:#?}");
    }
    assert_eq!(report.id, entropy::NAME);
    assert_eq!(report.figures.len(), 3);
    let rounded = report.rounded(3);
    insta::assert_json_snapshot!("entropy_verdicts", rounded.verdicts);
    insta::assert_json_snapshot!("entropy_tables", rounded.tables);
}

#[test]
fn invalid_configs_are_typed_errors() {
    let mut cfg = entropy::Config::sized(Size::Quick, 1);
    cfg.be_epsilons = vec![0.5, -1.0];
    assert!(matches!(
        cfg.validate(),
        Err(ExperimentError::InvalidConfig {
            field: "be_epsilons",
            ..
        })
    ));
    let mut cfg = entropy::Config::sized(Size::Quick, 1);
    cfg.h2 = 0.5; // must exceed λ = 1
    assert!(matches!(
        cfg.run(),
        Err(ExperimentError::InvalidConfig { field: "h2", .. })
    ));
    let mut cfg = entropy::Config::sized(Size::Quick, 1);
    cfg.dw_dt = f64::NAN;
    assert!(matches!(
        cfg.validate(),
        Err(ExperimentError::InvalidConfig { field: "dw_dt", .. })
    ));
}
