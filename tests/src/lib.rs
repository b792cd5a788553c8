//! Cross-crate integration tests of sgdpde live in `tests/tests/`; this
//! library is empty on purpose.
