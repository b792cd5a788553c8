//! Chunk checkpoints of long ensemble runs (`sgdpde simulate --out D
//! --resume`).
//!
//! The ensemble's chunks (`Ensemble::chunk_count`, fixed size, independent of
//! the thread count) are grouped in blocks of `chunks_per_block` on a fixed
//! grid: block `b` holds chunks `b·K .. min((b+1)·K, chunks)`. After a block
//! is computed its per-chunk accumulators are saved, unmerged, as
//! `checkpoints/chunks-<first>-<end>.json` ([`BlockStore::named`]: another
//! stem than `chunks`) (integers and the bit patterns of
//! floats — exact) with an optional `.npy` of the floats too bulky for JSON
//! (terminal states), each file atomic, the JSON last. A resumed run loads
//! every block whose fingerprint matches, computes the missing ones, and
//! merges all chunk accumulators in chunk order — the same left fold as an
//! uninterrupted run, hence the same bits (`proofs-notes/resumable-runs.md`).

use std::ops::Range;

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

use crate::output::atomic::OutDir;
use crate::output::npy;

/// Where and under which fingerprint the blocks of one run are kept.
#[derive(Debug)]
pub struct BlockStore<'a> {
    out: &'a OutDir,
    fingerprint: String,
    chunks_per_block: u64,
    resume: bool,
    stem: &'static str,
}

/// One stored block: per-chunk JSON and the block's bulk floats.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// One JSON value per chunk of the block.
    pub chunks: Vec<Value>,
    /// The floats saved beside them (empty if none).
    pub floats: Vec<f64>,
}

impl<'a> BlockStore<'a> {
    /// Blocks of `chunks_per_block` chunks under `out/checkpoints/`, valid
    /// for the run with `fingerprint`; stored blocks are read only if
    /// `resume`.
    ///
    /// # Errors
    /// `chunks_per_block = 0`.
    pub fn new(
        out: &'a OutDir,
        fingerprint: String,
        chunks_per_block: u64,
        resume: bool,
    ) -> Result<Self> {
        if chunks_per_block == 0 {
            bail!("--checkpoint-chunks must be ≥ 1");
        }
        Ok(Self {
            out,
            fingerprint,
            chunks_per_block,
            resume,
            stem: "chunks",
        })
    }

    /// The same store with files named `checkpoints/<stem>-<first>-<end>.*`
    /// (default `chunks`): one per ensemble of a command that runs several.
    #[must_use]
    pub fn named(mut self, stem: &'static str) -> Self {
        self.stem = stem;
        self
    }

    /// Chunks per block.
    pub fn chunks_per_block(&self) -> u64 {
        self.chunks_per_block
    }

    /// The block grid over `chunk_count` chunks.
    pub fn blocks(&self, chunk_count: u64) -> Vec<Range<u64>> {
        (0..chunk_count.div_ceil(self.chunks_per_block))
            .map(|b| b * self.chunks_per_block..((b + 1) * self.chunks_per_block).min(chunk_count))
            .collect()
    }

    fn file_stem(&self, range: &Range<u64>) -> String {
        format!("checkpoints/{}-{}-{}", self.stem, range.start, range.end)
    }

    /// The stored block `range`, if resuming and a complete block with this
    /// run's fingerprint is there (anything else is recomputed).
    pub fn load(&self, range: &Range<u64>) -> Option<Block> {
        if !self.resume {
            return None;
        }
        let stem = self.file_stem(range);
        let text = std::fs::read_to_string(self.out.root().join(format!("{stem}.json"))).ok()?;
        let v: Value = serde_json::from_str(&text).ok()?;
        let matches = v["fingerprint"] == json!(self.fingerprint)
            && v["first_chunk"] == json!(range.start)
            && v["end_chunk"] == json!(range.end);
        let chunks = v["chunks"].as_array()?.clone();
        if !matches || chunks.len() as u64 != range.end - range.start {
            return None;
        }
        let floats = match v["floats"].as_u64()? {
            0 => Vec::new(),
            n => {
                let bytes = std::fs::read(self.out.root().join(format!("{stem}.npy"))).ok()?;
                let (_, data) = npy::decode(&bytes).ok()?;
                if data.len() as u64 != n {
                    return None;
                }
                data
            }
        };
        Some(Block { chunks, floats })
    }

    /// Saves block `range`: the floats (if any) first, then the JSON that
    /// marks the block complete.
    ///
    /// # Errors
    /// An I/O error, or an existing file without `--force`/`--resume`.
    pub fn save(&self, range: &Range<u64>, block: &Block) -> Result<()> {
        let stem = self.file_stem(range);
        if !block.floats.is_empty() {
            self.out
                .write_npy(&format!("{stem}.npy"), &[block.floats.len()], &block.floats)?;
        }
        self.out
            .write_json(
                &format!("{stem}.json"),
                &json!({
                    "fingerprint": self.fingerprint,
                    "first_chunk": range.start,
                    "end_chunk": range.end,
                    "floats": block.floats.len(),
                    "chunks": block.chunks,
                }),
            )
            .with_context(|| format!("saving checkpoint {stem}"))?;
        Ok(())
    }
}

/// Floats as their IEEE-754 bit patterns (exact in JSON, unlike decimals
/// parsed back by a best-effort reader).
pub fn bits(v: &[f64]) -> Value {
    json!(v.iter().map(|x| x.to_bits()).collect::<Vec<u64>>())
}

/// The inverse of [`bits`].
///
/// # Errors
/// Not an array of unsigned integers.
pub fn from_bits(v: &Value) -> Result<Vec<f64>> {
    v.as_array()
        .context("checkpoint: expected an array of float bit patterns")?
        .iter()
        .map(|b| {
            b.as_u64()
                .map(f64::from_bits)
                .context("checkpoint: a float bit pattern is not an unsigned integer")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_tile_the_chunks_and_round_trip_only_with_their_fingerprint() {
        let dir = std::env::temp_dir().join(format!("sgdpde-ckpt-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let out = OutDir::create(&dir, false).unwrap();
        out.write_json(
            crate::output::atomic::RUN_FILE,
            &json!({"command": "simulate", "fingerprint": "abc"}),
        )
        .unwrap();
        let store = BlockStore::new(&out, "abc".into(), 4, false).unwrap();
        assert_eq!(store.blocks(10), vec![0..4, 4..8, 8..10]);
        assert_eq!(store.blocks(0), Vec::<Range<u64>>::new());
        let block = Block {
            chunks: vec![json!({"n": 1}), json!({"n": 2})],
            floats: vec![0.1, -0.0, f64::MIN_POSITIVE],
        };
        store.save(&(8..10), &block).unwrap();
        assert_eq!(store.load(&(8..10)), None, "not resuming: nothing is read");
        let id = crate::output::atomic::RunId {
            command: "simulate".into(),
            fingerprint: "abc".into(),
        };
        let resumed = OutDir::resume(&dir, &id).unwrap();
        let again = BlockStore::new(&resumed, "abc".into(), 4, true).unwrap();
        let back = again.load(&(8..10)).unwrap();
        assert_eq!(back.chunks, block.chunks);
        assert!(
            back.floats
                .iter()
                .zip(&block.floats)
                .all(|(a, b)| a.to_bits() == b.to_bits())
        );
        let other = BlockStore::new(&resumed, "abd".into(), 4, true).unwrap();
        assert_eq!(other.load(&(8..10)), None, "another fingerprint");
        assert_eq!(again.load(&(4..8)), None, "never saved");
        assert!(BlockStore::new(&resumed, "abc".into(), 0, true).is_err());
        let x = [1.5, f64::NAN, -3e-300];
        let y = from_bits(&bits(&x)).unwrap();
        assert!(x.iter().zip(&y).all(|(a, b)| a.to_bits() == b.to_bits()));
        assert!(from_bits(&json!([1.5])).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
