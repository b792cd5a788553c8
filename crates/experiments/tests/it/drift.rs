//! The drift experiment at its quick size: every verdict passes, the rounded
//! verdicts are snapshotted, and bad configs are typed errors.

use sgdpde_experiments::drift::Config;
use sgdpde_experiments::{ExperimentConfig, ExperimentId, Size};

use crate::common;

#[test]
fn quick_drift_report_passes_every_verdict() {
    let cfg = Config::sized(Size::Quick, 20_250_108);
    cfg.validate().unwrap();
    let report = cfg.run().unwrap();
    for v in &report.verdicts {
        assert!(v.pass, "failed verdict: {v:?}");
    }
    assert_eq!(report.verdicts.len(), 10);
    assert_eq!(report.id, "drift");
    insta::assert_json_snapshot!("drift_quick_verdicts", report.rounded(3).verdicts);
    insta::assert_json_snapshot!("drift_quick_summary", report.rounded(3).tables[0]);
}

#[test]
fn drift_is_registered() {
    let id: ExperimentId = "drift".parse().unwrap();
    assert_eq!(id.name(), sgdpde_experiments::drift::NAME);
}

/// A change to a valid config that makes one field invalid.
type Edit = fn(&mut Config);

#[test]
fn invalid_drift_configs_are_typed_errors() {
    let base = Config::sized(Size::Quick, 1);
    let cases: [(&str, Edit); 7] = [
        ("paths", |c| c.paths = 0),
        ("epsilon", |c| c.epsilon = -0.1),
        ("epsilon", |c| c.epsilon = f64::NAN),
        ("dt", |c| c.dt = 0.0),
        ("x0", |c| c.x0 = 0.5),
        ("bimodal_starts[1]", |c| c.bimodal_starts = [-0.5, -0.2]),
        ("t_end", |c| c.t_end = 4.05),
    ];
    common::assert_edits_rejected(&base, &cases);
}
