//! Writing results: atomic files, `.npy` arrays, fingerprints for resuming,
//! chunk checkpoints, Markdown reports and the summary/arrays/manifest path
//! of the one-shot commands.

pub mod atomic;
pub mod checkpoint;
pub mod chunk_files;
pub mod hash;
pub mod markdown;
pub mod npy;
pub mod results;
