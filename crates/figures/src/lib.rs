//! PNG and SVG figures of sgdpde reports, drawn in memory (the caller writes
//! the bytes, atomically).
