//! Writing results: atomic files, `.npy` arrays, fingerprints for resuming,
//! Markdown reports, figures.

pub mod atomic;
pub mod checkpoint;
pub mod hash;
pub mod markdown;
pub mod npy;
pub mod plot;
pub mod report_files;
pub mod results;
