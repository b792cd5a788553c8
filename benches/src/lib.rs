//! criterion benchmarks of sgdpde live in `benches/benches/`; run them with
//! `cargo bench -p sgdpde-benches`. In CI they run once in test mode
//! (`cargo test --benches`), never timed.
