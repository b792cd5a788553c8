//! The chunk scheduler of the ensemble and exit-time drivers.
//!
//! [`par_chunks`] is the only parallel loop of the drivers and is not
//! generic: it runs a `&dyn Fn(chunk)` on every chunk of a range in the
//! current rayon pool. Only the per-chunk body (the step loop, monomorphised
//! on the model, the integrator and the reduction or domain) is generic, so
//! rayon's machinery is compiled once instead of once per
//! (model × integrator × reduction/domain) type. [`run_blocks`] puts the
//! chunk store's blocks around it (`chunk_store.rs`). A chunk's result never
//! depends on which thread ran it, and results are returned in chunk order,
//! so a run is bitwise the same for any thread count.

use std::ops::Range;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;

use crate::ensemble::chunk_store::{ChunkStore, blocks};
use crate::error::{Result, SdeError};

/// Runs `body(c)` for every chunk `c` of `chunks` in parallel and calls
/// `done(c)` after each chunk that succeeded; the error of the smallest
/// failing chunk, if any (every chunk runs).
pub(crate) fn par_chunks(
    chunks: Range<u64>,
    body: &(dyn Fn(u64) -> Result<()> + Sync),
    done: &(dyn Fn(u64) + Sync),
) -> Result<()> {
    let results: Vec<Result<()>> = chunks
        .into_par_iter()
        .map(|c| {
            let r = body(c);
            if r.is_ok() {
                done(c);
            }
            r
        })
        .collect();
    results.into_iter().collect()
}

/// The accumulators of the chunks `chunks`, in chunk order, block by block
/// on `store`'s grid: each block loaded from `store` or computed with
/// `body` (in parallel, [`par_chunks`]) and saved. The first error in chunk
/// order stops the run (later blocks are not run).
///
/// # Errors
/// The body's error (the smallest failing chunk of the first failing
/// block), or [`SdeError::ChunkStore`] if `save` fails.
pub(crate) fn run_blocks<A: Send>(
    chunks: Range<u64>,
    store: &dyn ChunkStore<A>,
    body: &(dyn Fn(u64) -> Result<A> + Sync),
) -> Result<Vec<A>> {
    let total = chunks.end.saturating_sub(chunks.start);
    let finished = AtomicU64::new(0);
    let done = |c: u64| store.chunk_done(c, finished.fetch_add(1, Ordering::Relaxed) + 1, total);
    let mut out = Vec::with_capacity(usize::try_from(total).unwrap_or(0));
    for block in blocks(chunks, store.chunks_per_block()) {
        let len = (block.end - block.start) as usize;
        if let Some(accs) = store.load(block.clone()).filter(|a| a.len() == len) {
            block.clone().for_each(done);
            out.extend(accs);
            continue;
        }
        let slots: Vec<Mutex<Option<A>>> = (0..len).map(|_| Mutex::new(None)).collect();
        let first = block.start;
        par_chunks(
            block.clone(),
            &|c| {
                let acc = body(c)?;
                *slots[(c - first) as usize]
                    .lock()
                    .unwrap_or_else(|e| e.into_inner()) = Some(acc);
                Ok(())
            },
            &done,
        )?;
        let accs: Vec<A> = slots
            .into_iter()
            .map(|s| {
                s.into_inner()
                    .unwrap_or_else(|e| e.into_inner())
                    .expect("every chunk of the block ran")
            })
            .collect();
        store
            .save(block.clone(), &accs)
            .map_err(|e| SdeError::ChunkStore {
                first_chunk: block.start,
                end_chunk: block.end,
                message: error_chain(&*e),
            })?;
        out.extend(accs);
    }
    Ok(out)
}

/// `e` and its sources, `": "`-separated.
fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut s = e.to_string();
    let mut source = e.source();
    while let Some(inner) = source {
        s.push_str(": ");
        s.push_str(&inner.to_string());
        source = inner.source();
    }
    s
}
