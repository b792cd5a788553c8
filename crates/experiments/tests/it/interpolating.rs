//! The interpolating-minimum experiment at its quick size: every verdict passes, the rounded
//! verdicts are snapshotted, and bad configs are typed errors.

use sgdpde_experiments::interpolating::Config;
use sgdpde_experiments::{ExperimentConfig, ExperimentId, Size};

use crate::common;

#[test]
fn quick_interpolating_report_passes_every_verdict() {
    let cfg = Config::sized(Size::Quick, 20_250_108);
    cfg.validate().unwrap();
    let report = cfg.run().unwrap();
    for v in &report.verdicts {
        assert!(v.pass, "failed verdict: {v:?}");
    }
    assert_eq!(report.verdicts.len(), 6);
    assert_eq!(report.id, "interpolating");
    insta::assert_json_snapshot!("interpolating_quick_verdicts", report.rounded(3).verdicts);
    insta::assert_json_snapshot!(
        "interpolating_quick_tables",
        report.rounded(3).tables[1..].to_vec()
    );
}

#[test]
fn interpolating_is_registered() {
    let id: ExperimentId = "interpolating".parse().unwrap();
    assert_eq!(id.name(), sgdpde_experiments::interpolating::NAME);
}

/// A change to a valid config that makes one field invalid.
type Edit = fn(&mut Config);

#[test]
fn invalid_interpolating_configs_are_typed_errors() {
    let base = Config::sized(Size::Quick, 1);
    let cases: [(&str, Edit); 7] = [
        ("paths", |c| c.paths = 0),
        ("c", |c| c.c = -0.5),
        ("m", |c| c.m = f64::NAN),
        ("dt", |c| c.dt = 0.0),
        ("exit_radius", |c| c.exit_radius = 0.9),
        ("taus", |c| c.taus = vec![0.1, -0.2]),
        ("features", |c| c.features = vec![]),
    ];
    common::assert_edits_rejected(&base, &cases);
}
