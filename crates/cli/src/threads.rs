//! The `--threads N` option: a rayon pool of that size. Results never depend
//! on it (per-path streams, fixed chunks merged in order).

/// A rayon pool of `threads` workers (all cores when `None`).
///
/// # Errors
/// `--threads 0`, or a pool that cannot be built.
pub fn pool(threads: Option<usize>) -> anyhow::Result<rayon::ThreadPool> {
    if threads == Some(0) {
        anyhow::bail!("--threads must be ≥ 1");
    }
    let mut b = rayon::ThreadPoolBuilder::new();
    if let Some(t) = threads {
        b = b.num_threads(t);
    }
    Ok(b.build()?)
}
