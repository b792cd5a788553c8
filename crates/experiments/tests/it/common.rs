//! Checks shared by the experiments' tests.

use sgdpde_experiments::{ExperimentConfig, ExperimentError};

/// Asserts that `cfg` is rejected with [`ExperimentError::InvalidConfig`]
/// naming `field`.
pub fn assert_rejected<C: ExperimentConfig>(field: &str, cfg: &C) {
    match cfg.validate() {
        Err(ExperimentError::InvalidConfig { field: f, .. }) => assert_eq!(f, field),
        other => panic!("{field}: expected InvalidConfig, got {other:?}"),
    }
}

/// A change to a valid config that breaks the named field.
pub type Edit<C> = (&'static str, fn(&mut C));

/// Applies each edit to a copy of `base` and asserts the result is rejected
/// naming the field the edit broke.
pub fn assert_edits_rejected<C: ExperimentConfig + Clone>(base: &C, cases: &[Edit<C>]) {
    for (field, edit) in cases {
        let mut c = base.clone();
        edit(&mut c);
        assert_rejected(field, &c);
    }
}
