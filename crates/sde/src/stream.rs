//! Per-path random streams (design principle 3).
//!
//! One master seed per run. Path `i` draws from
//! `ChaCha8Rng::seed_from_u64(seed)` with `set_stream(i)`: 2⁶⁴ independent
//! streams per seed, each of period 2⁶⁸ words, so path `i`'s randomness does
//! not depend on how many paths run, in which order, or on how many threads.
//!
//! Within a path's stream, the Brownian increments start at word 0. Auxiliary
//! uniforms (the Brownian-bridge crossing test of the exit-time driver) come
//! from the *same* stream at word offset [`AUX_WORD_OFFSET`] = 2⁶⁷, half the
//! period away: a path would have to draw 2⁶⁷ words (≈ 10²⁰) of increments
//! before the two substreams met. Switching the bridge correction on therefore
//! does not change a single Brownian increment, so the discretely monitored and
//! the bridge-corrected estimators see identical paths (a paired comparison).
//!
//! Full derivation and layout: `proofs-notes/ensembles.md`.

use std::convert::Infallible;
use std::marker::PhantomData;

use rand::{SeedableRng, TryRng};
use rand_chacha::ChaCha8Rng;

/// Word offset of the auxiliary substream inside a path's stream (2⁶⁷).
pub const AUX_WORD_OFFSET: u128 = 1 << 67;

/// The generator of path `path` for master seed `seed`:
/// `ChaCha8Rng::seed_from_u64(seed)` then `set_stream(path)`.
///
/// # Examples
/// ```
/// use rand::Rng;
/// let mut a = sgdpde_sde::path_rng(7, 3);
/// let mut b = sgdpde_sde::path_rng(7, 3);
/// assert_eq!(a.next_u64(), b.next_u64());
/// ```
pub fn path_rng(seed: u64, path: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(path);
    rng
}

/// The auxiliary generator of path `path`: the same stream as
/// [`path_rng`], positioned at word [`AUX_WORD_OFFSET`].
pub fn aux_rng(seed: u64, path: u64) -> ChaCha8Rng {
    let mut rng = path_rng(seed, path);
    rng.set_word_pos(AUX_WORD_OFFSET);
    rng
}

/// A seeded generator from which per-path streams are cut cheaply: cloning
/// a fresh generator and setting its stream equals seeding anew, without
/// re-running the seed expansion for every path.
/// A path's generator seen through a zero-cost wrapper whose type names a
/// call site (`Site`, any type: a tag).
///
/// Samplers such as `rand_distr::StandardNormal` are generic over the
/// generator, so each distinct `Site` gets its own instance of the sampler.
/// An instance with a single caller is inlined into that caller's loop;
/// one shared by several loops in a program is usually kept out of line —
/// a function call per normal, and the loop's state spilled around it
/// (measured: 10–15 % of an Euler–Maruyama ensemble's time). Every hot
/// sampling loop of the drivers draws through its own `SiteRng`; a
/// hand-written loop can do the same. The words, and therefore every
/// sample, are exactly those of the wrapped generator.
///
/// ```
/// use rand::RngExt;
/// use rand_distr::StandardNormal;
/// use sgdpde_sde::{SiteRng, path_rng};
/// struct MyLoop;
/// let (mut a, mut b) = (path_rng(7, 3), path_rng(7, 3));
/// let z: f64 = SiteRng::<MyLoop>::new(&mut a).sample(StandardNormal);
/// assert_eq!(z, b.sample::<f64, _>(StandardNormal));
/// ```
#[repr(transparent)]
pub struct SiteRng<'a, Site>(&'a mut ChaCha8Rng, PhantomData<fn() -> Site>);

impl<'a, Site> SiteRng<'a, Site> {
    /// Wraps `rng` for the call site `Site`.
    #[inline(always)]
    pub fn new(rng: &'a mut ChaCha8Rng) -> Self {
        Self(rng, PhantomData)
    }
}

impl<Site> TryRng for SiteRng<'_, Site> {
    type Error = Infallible;
    #[inline(always)]
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        self.0.try_next_u32()
    }
    #[inline(always)]
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        self.0.try_next_u64()
    }
    #[inline(always)]
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        self.0.try_fill_bytes(dst)
    }
}

#[derive(Debug, Clone)]
pub(crate) struct StreamFactory {
    base: ChaCha8Rng,
}

impl StreamFactory {
    /// A factory for master seed `seed`.
    pub(crate) fn new(seed: u64) -> Self {
        Self {
            base: ChaCha8Rng::seed_from_u64(seed),
        }
    }

    /// Equals [`path_rng`]`(seed, path)`.
    #[inline]
    pub(crate) fn path(&self, path: u64) -> ChaCha8Rng {
        let mut rng = self.base.clone();
        rng.set_stream(path);
        rng
    }

    /// Equals [`aux_rng`]`(seed, path)`.
    #[inline]
    pub(crate) fn aux(&self, path: u64) -> ChaCha8Rng {
        let mut rng = self.path(path);
        rng.set_word_pos(AUX_WORD_OFFSET);
        rng
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    #[test]
    fn factory_equals_fresh_seeding() {
        let f = StreamFactory::new(42);
        for p in [0, 1, 17, u64::MAX] {
            let mut a = f.path(p);
            let mut b = path_rng(42, p);
            let mut c = f.aux(p);
            let mut d = aux_rng(42, p);
            for _ in 0..100 {
                assert_eq!(a.next_u64(), b.next_u64());
                assert_eq!(c.next_u64(), d.next_u64());
            }
        }
    }

    /// Through the wrapper: the same words, bytes and normals, and the
    /// wrapped generator advances exactly as if used directly.
    #[test]
    fn site_rng_draws_exactly_the_wrapped_stream() {
        use rand::RngExt;
        use rand_distr::StandardNormal;
        struct Here;
        let (mut a, mut b) = (path_rng(5, 9), path_rng(5, 9));
        let mut wa = [0u8; 13];
        let mut wb = [0u8; 13];
        {
            let mut s = SiteRng::<Here>::new(&mut a);
            assert_eq!(s.next_u32(), b.next_u32());
            assert_eq!(s.next_u64(), b.next_u64());
            s.fill_bytes(&mut wa);
            b.fill_bytes(&mut wb);
            for _ in 0..1000 {
                let x: f64 = s.sample(StandardNormal);
                let y: f64 = b.sample(StandardNormal);
                assert_eq!(x.to_bits(), y.to_bits());
            }
        }
        assert_eq!(wa, wb);
        assert_eq!(a, b);
    }

    #[test]
    fn streams_differ_between_paths_and_substreams() {
        let mut a = path_rng(1, 0);
        let mut b = path_rng(1, 1);
        let mut c = aux_rng(1, 0);
        let (x, y, z) = (a.next_u64(), b.next_u64(), c.next_u64());
        assert_ne!(x, y);
        assert_ne!(x, z);
        assert_ne!(y, z);
    }
}
