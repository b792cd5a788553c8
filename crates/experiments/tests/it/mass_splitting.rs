//! The quick mass-splitting experiment: every verdict passes, the rounded
//! verdicts and key tables are pinned, invalid configs are typed errors.

use sgdpde_experiments::mass_splitting::Config;
use sgdpde_experiments::{ExperimentConfig, ExperimentError, Size};

#[test]
fn quick_run_passes_every_verdict() {
    let cfg = Config::sized(Size::Quick, 2024);
    cfg.validate().unwrap();
    let report = cfg.run().unwrap();
    for v in &report.verdicts {
        assert!(v.pass, "failed verdict: {v:?}");
    }
    assert_eq!(report.figures[0].series.len(), 4);
    let r = report.rounded(3);
    insta::assert_json_snapshot!("mass_splitting_verdicts", r.verdicts);
    insta::assert_json_snapshot!("mass_splitting_rates", (&r.tables[0], &r.tables[1]));
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
            epsilon: -0.1,
            ..good.clone()
        },
        Config {
            tilt: 0.5,
            ..good.clone()
        },
        Config {
            mc_dt: f64::NAN,
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
