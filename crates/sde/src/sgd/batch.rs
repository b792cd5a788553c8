//! Minibatch index samplers of discrete SGD.

use rand::{Rng, RngExt};
use sgdpde_landscape::empirical::Sampling;

use crate::error::{Result, SdeError};

/// How SGD draws its minibatches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BatchSampling {
    /// `b` independent uniform indices per step.
    WithReplacement,
    /// A fresh uniform `b`-subset per step.
    WithoutReplacement,
    /// Epochs: the data are shuffled once per epoch and cut into `⌊N/b⌋`
    /// consecutive batches; the last `N mod b` shuffled samples are skipped
    /// in that epoch (PyTorch's `drop_last`), so every batch has size `b`.
    EpochShuffle,
}

impl BatchSampling {
    /// The one-step law of the batch, which fixes its covariance: epoch
    /// shuffling draws each batch, marginally, as a uniform subset.
    pub fn one_step_law(self) -> Sampling {
        match self {
            Self::WithReplacement => Sampling::WithReplacement,
            Self::WithoutReplacement | Self::EpochShuffle => Sampling::WithoutReplacement,
        }
    }
}

/// Per-path sampler state: a permutation of `0..N` and the batch buffer.
#[derive(Debug, Clone)]
pub struct BatchSampler {
    mode: BatchSampling,
    n: usize,
    b: usize,
    perm: Vec<usize>,
    batch: Vec<usize>,
    /// Next batch index within the epoch (EpochShuffle).
    cursor: usize,
}

impl BatchSampler {
    /// A sampler of batches of size `b` from `N` samples.
    ///
    /// # Errors
    /// [`SdeError::InvalidParameter`] if `b == 0`, `N == 0`, or `b > N` for the
    /// modes without replacement.
    pub fn new(mode: BatchSampling, n: usize, b: usize) -> Result<Self> {
        if n == 0 || b == 0 || (mode != BatchSampling::WithReplacement && b > n) {
            return Err(SdeError::InvalidParameter {
                name: "batch size",
                value: b as f64,
                constraint: "1 ≤ b (and b ≤ N without replacement)",
            });
        }
        Ok(Self {
            mode,
            n,
            b,
            perm: (0..n).collect(),
            batch: vec![0; b],
            cursor: usize::MAX,
        })
    }

    /// Resets the state at the start of a path (identity permutation, new epoch).
    pub fn start_path(&mut self) {
        self.perm.iter_mut().enumerate().for_each(|(i, p)| *p = i);
        self.cursor = usize::MAX;
    }

    /// Draws the next batch from `rng`.
    #[inline]
    pub fn next<R: Rng + ?Sized>(&mut self, rng: &mut R) -> &[usize] {
        match self.mode {
            BatchSampling::WithReplacement => {
                for i in &mut self.batch {
                    *i = rng.random_range(0..self.n);
                }
                &self.batch
            }
            BatchSampling::WithoutReplacement => {
                // Partial Fisher–Yates: the first b entries become a uniform
                // b-subset whatever the current arrangement.
                for j in 0..self.b {
                    let r = rng.random_range(j..self.n);
                    self.perm.swap(j, r);
                }
                &self.perm[..self.b]
            }
            BatchSampling::EpochShuffle => {
                let per_epoch = self.n / self.b;
                if self.cursor >= per_epoch {
                    for j in (1..self.n).rev() {
                        let r = rng.random_range(0..=j);
                        self.perm.swap(j, r);
                    }
                    self.cursor = 0;
                }
                let k = self.cursor;
                self.cursor += 1;
                &self.perm[k * self.b..(k + 1) * self.b]
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    fn path_rng(seed: u64, stream: u64) -> ChaCha8Rng {
        let mut r = ChaCha8Rng::seed_from_u64(seed);
        r.set_stream(stream);
        r
    }

    #[test]
    fn without_replacement_has_no_repeats_and_uniform_inclusion() {
        // Inclusion frequency of each index is b/N; over M draws its standard
        // error is √(p(1−p)/M); allow 4 SE.
        let (n, b, m) = (10, 3, 20_000);
        let mut s = BatchSampler::new(BatchSampling::WithoutReplacement, n, b).unwrap();
        let mut rng = path_rng(1, 0);
        let mut counts = vec![0u32; n];
        for _ in 0..m {
            let batch = s.next(&mut rng).to_vec();
            let mut sorted = batch.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), b, "repeat in {batch:?}");
            batch.iter().for_each(|&i| counts[i] += 1);
        }
        let p = b as f64 / n as f64;
        let se = (p * (1.0 - p) / m as f64).sqrt();
        for c in counts {
            assert!((c as f64 / m as f64 - p).abs() < 4.0 * se);
        }
    }

    #[test]
    fn an_epoch_visits_each_kept_sample_once() {
        let (n, b) = (10, 3);
        let mut s = BatchSampler::new(BatchSampling::EpochShuffle, n, b).unwrap();
        let mut rng = path_rng(2, 0);
        for _epoch in 0..5 {
            let mut seen: Vec<usize> = (0..n / b).flat_map(|_| s.next(&mut rng).to_vec()).collect();
            seen.sort_unstable();
            seen.dedup();
            assert_eq!(seen.len(), (n / b) * b);
        }
    }

    #[test]
    fn invalid_batch_sizes() {
        assert!(BatchSampler::new(BatchSampling::WithReplacement, 5, 0).is_err());
        assert!(BatchSampler::new(BatchSampling::WithoutReplacement, 5, 6).is_err());
        assert!(BatchSampler::new(BatchSampling::EpochShuffle, 0, 1).is_err());
        assert!(BatchSampler::new(BatchSampling::WithReplacement, 5, 6).is_ok());
    }
}
