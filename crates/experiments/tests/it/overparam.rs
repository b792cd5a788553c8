//! The over-parameterised least-squares experiment at its quick size: every verdict passes, the rounded
//! verdicts are snapshotted, and bad configs are typed errors.

use sgdpde_experiments::overparam::Config;
use sgdpde_experiments::{ExperimentConfig, ExperimentId, Size};

use crate::common;

#[test]
fn quick_overparam_report_passes_every_verdict() {
    let cfg = Config::sized(Size::Quick, 20_250_108);
    cfg.validate().unwrap();
    let report = cfg.run().unwrap();
    for v in &report.verdicts {
        assert!(v.pass, "failed verdict: {v:?}");
    }
    assert_eq!(report.verdicts.len(), 9);
    assert_eq!(report.id, "overparam");
    insta::assert_json_snapshot!("overparam_quick_verdicts", report.rounded(3).verdicts);
    insta::assert_json_snapshot!("overparam_quick_starts", report.rounded(3).tables[0]);
}

#[test]
fn overparam_is_registered() {
    let id: ExperimentId = "overparam".parse().unwrap();
    assert_eq!(id.name(), sgdpde_experiments::overparam::NAME);
}

/// A change to a valid config that makes one field invalid.
type Edit = fn(&mut Config);

#[test]
fn invalid_overparam_configs_are_typed_errors() {
    let base = Config::sized(Size::Quick, 1);
    let cases: [(&str, Edit); 7] = [
        ("paths", |c| c.paths = 0),
        ("tau", |c| c.tau = -0.5),
        ("tau", |c| c.tau = f64::NAN),
        ("dim", |c| c.dim = 10),
        ("batch", |c| c.batch = 0),
        ("steps", |c| c.steps = 401),
        ("start_scale", |c| c.start_scale = 0.0),
    ];
    common::assert_edits_rejected(&base, &cases);
}
