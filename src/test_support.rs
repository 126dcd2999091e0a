//! Helpers shared by the crate's own property tests.

use proptest::test_runner::{Config as ProptestConfig, RngSeed};

/// Deterministic: seed `seed` unless `PROPTEST_RNG_SEED` asks for another, `cases` unless
/// `PROPTEST_CASES` asks for more; no regression files.
pub(crate) fn proptest_config(cases: u32, seed: u64) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cases);
    let mut c = ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        c.rng_seed = RngSeed::Fixed(seed);
    }
    c
}
