//! A stable 64-bit fingerprint of a run's configuration (FNV-1a over the
//! canonical JSON of the config), stored beside each completed piece of work
//! so that `--resume` reuses a result only if it was computed from exactly
//! the same inputs.
//!
//! `serde_json` serialises maps with sorted keys (no `preserve_order`
//! feature) and floats in their shortest round-trip form, so equal configs
//! give equal bytes, hence equal fingerprints — on any machine and any Rust
//! version (unlike `std`'s `DefaultHasher`, whose algorithm is unspecified).
//! FNV-1a detects accidental changes; it is not a defence against forgery.
//!
//! # References
//! G. Fowler, L. C. Noll, K.-P. Vo, D. Eastlake, *The FNV Non-Cryptographic
//! Hash Algorithm*, IETF draft-eastlake-fnv.

use serde_json::Value;

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a (64-bit) of `bytes`.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(OFFSET, |h, b| (h ^ u64::from(*b)).wrapping_mul(PRIME))
}

/// The fingerprint of `value` as 16 hexadecimal digits.
pub fn fingerprint(value: &Value) -> String {
    format!("{:016x}", fnv1a(value.to_string().as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fnv1a_matches_the_published_test_vectors() {
        // draft-eastlake-fnv, FNV-1a 64: "" and "a" and "foobar".
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn fingerprints_ignore_key_order_and_see_every_value() {
        let a = json!({"seed": 1, "config": {"dt": 0.01, "paths": 100}});
        let b = json!({"config": {"paths": 100, "dt": 0.01}, "seed": 1});
        assert_eq!(fingerprint(&a), fingerprint(&b));
        let c = json!({"seed": 1, "config": {"dt": 0.010000000000000002, "paths": 100}});
        assert_ne!(fingerprint(&a), fingerprint(&c));
        assert_eq!(fingerprint(&a).len(), 16);
    }
}
