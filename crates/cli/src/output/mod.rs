//! Writing results: atomic files, Markdown reports, figures.

pub mod atomic;
pub mod markdown;
pub mod plot;
pub mod report_files;
