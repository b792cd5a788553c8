//! The `--threads N` option: a rayon pool of that size. Results never depend
//! on it (per-path streams, fixed chunks merged in order).

/// Most threads per core `--threads` accepts: more only adds scheduling
/// overhead (the work is CPU-bound), and tens of thousands of threads
/// exhaust the system's limits.
pub const THREADS_PER_CORE: usize = 8;

/// The largest `--threads`: [`THREADS_PER_CORE`] × the cores available.
pub fn max_threads() -> usize {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    THREADS_PER_CORE * cores
}

/// A rayon pool of `threads` workers (all cores when `None`).
///
/// # Errors
/// `--threads 0`, more than [`max_threads`], or a pool that cannot be
/// built (one line naming `--threads`).
pub fn pool(threads: Option<usize>) -> anyhow::Result<rayon::ThreadPool> {
    if threads == Some(0) {
        anyhow::bail!("--threads must be ≥ 1");
    }
    let max = max_threads();
    if let Some(t) = threads.filter(|&t| t > max) {
        anyhow::bail!(
            "--threads {t} is more than {max} ({THREADS_PER_CORE} per core on the {} cores available)",
            max / THREADS_PER_CORE
        );
    }
    let mut b = rayon::ThreadPoolBuilder::new();
    if let Some(t) = threads {
        b = b.num_threads(t);
    }
    // rayon's message already quotes the system's error, which is also its
    // `source()`: print it once.
    b.build().map_err(|e| {
        anyhow::anyhow!(
            "--threads {}: cannot start the worker threads: {e}",
            threads.map_or_else(|| "(all cores)".to_owned(), |t| t.to_string())
        )
    })
}
