//! The one proptest configuration of the workspace's property tests and
//! fuzzers: a fixed RNG seed, so that `cargo test` draws the same cases on
//! every run and machine (a CI failure is reproducible from the commit alone).
//!
//! To explore beyond the fixed cases, set `PROPTEST_RNG_SEED` (any `u64`);
//! `PROPTEST_CASES` and proptest's other variables apply as usual. A case a
//! new seed finds belongs in the test's committed regressions or corpus.

use proptest::test_runner::{Config, RngSeed};

/// Seed used when `PROPTEST_RNG_SEED` is not set.
pub const DEFAULT_SEED: u64 = 0x5EED_2025_0842_5000;

/// proptest's default configuration (environment variables applied) with
/// `cases` cases and, unless `PROPTEST_RNG_SEED` says otherwise, the fixed
/// [`DEFAULT_SEED`]. An explicit `PROPTEST_CASES` overrides `cases`.
pub fn config(cases: u32) -> Config {
    let base = Config::default();
    Config {
        cases: if std::env::var_os("PROPTEST_CASES").is_some() {
            base.cases
        } else {
            cases
        },
        rng_seed: if std::env::var_os("PROPTEST_RNG_SEED").is_some() {
            base.rng_seed
        } else {
            RngSeed::Fixed(DEFAULT_SEED)
        },
        ..base
    }
}
