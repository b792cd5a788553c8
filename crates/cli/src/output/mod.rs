//! Writing results: the file-writing modules live in the run layer
//! ([`sgdpde_run::output`]); the experiment report files and figures here.

pub use sgdpde_run::output::{atomic, hash, markdown, results};
pub mod plot;
pub mod progress;
pub mod report_files;
