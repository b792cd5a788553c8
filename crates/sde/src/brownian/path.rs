//! A Brownian path stored as increments on a uniform fine grid, coarsened
//! exactly by summation (the same path at `h`, `2h`, `4h`, …).

use rand::Rng;
use rand_distr::{Distribution, StandardNormal};

use crate::brownian::increment::sample_increment;
use crate::error::{Result, SdeError};
use crate::method::{Increment, Integrator};
use crate::model::Sde;

/// The increments `ΔWₖ` (and optionally `ΔZₖ`) of one `m`-dimensional
/// Brownian path on the grid `tₖ = t₀ + k h`, `k = 0, …, n`.
///
/// [`BrownianPath::coarsen`] merges `r` consecutive steps exactly:
///
/// ```text
/// ΔW = Σᵢ ΔWᵢ,     ΔZ = Σᵢ [ΔZᵢ + h (ΔW₁ + … + ΔW_{i−1})]
/// ```
///
/// so a strong-order study integrates the *same* path at every step size
/// (proofs-notes/brownian.md derives the `ΔZ` rule).
///
/// # Examples
/// ```
/// use rand::SeedableRng;
/// use sgdpde_sde::brownian::BrownianPath;
/// let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(5);
/// let fine = BrownianPath::sample(&mut rng, 1.0, 8, 1, true)?;
/// let coarse = fine.coarsen(4)?;
/// assert_eq!(coarse.steps(), 2);
/// assert!((coarse.endpoint()[0] - fine.endpoint()[0]).abs() < 1e-14);
/// # Ok::<(), sgdpde_sde::SdeError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct BrownianPath {
    m: usize,
    n: usize,
    h: f64,
    dw: Vec<f64>,
    dz: Vec<f64>,
}

impl BrownianPath {
    /// Samples `n` increments of step `h = t_span / n` from `rng`, with the
    /// iterated integrals `ΔZ` if `with_dz` ([`sample_increment`] per step,
    /// in step order).
    ///
    /// # Errors
    /// [`SdeError::InvalidParameter`] unless `t_span` is finite and `> 0`;
    /// [`SdeError::DimensionMismatch`] if `n == 0` or `m == 0`.
    pub fn sample<R: Rng + ?Sized>(
        rng: &mut R,
        t_span: f64,
        n: usize,
        m: usize,
        with_dz: bool,
    ) -> Result<Self> {
        if !(t_span.is_finite() && t_span > 0.0) {
            return Err(SdeError::InvalidParameter {
                name: "t_span",
                value: t_span,
                constraint: "finite and > 0",
            });
        }
        for (what, v) in [("steps (≥ 1)", n), ("noise dimension (≥ 1)", m)] {
            if v == 0 {
                return Err(SdeError::DimensionMismatch {
                    what,
                    expected: 1,
                    found: 0,
                });
            }
        }
        let h = t_span / n as f64;
        let mut dw = vec![0.0; n * m];
        let mut dz = vec![0.0; if with_dz { n * m } else { 0 }];
        for k in 0..n {
            let zk: &mut [f64] = if with_dz {
                &mut dz[k * m..(k + 1) * m]
            } else {
                &mut []
            };
            sample_increment(rng, h, &mut dw[k * m..(k + 1) * m], zk);
        }
        Ok(Self { m, n, h, dw, dz })
    }

    /// Number of steps `n`.
    pub fn steps(&self) -> usize {
        self.n
    }

    /// Step size `h`.
    pub fn dt(&self) -> f64 {
        self.h
    }

    /// Noise dimension `m`.
    pub fn noise_dim(&self) -> usize {
        self.m
    }

    /// Whether the path carries `ΔZ`.
    pub fn has_dz(&self) -> bool {
        !self.dz.is_empty()
    }

    /// The increment of step `k` (`ΔZ` empty if the path has none).
    ///
    /// # Panics
    /// If `k ≥ self.steps()`.
    #[inline]
    pub fn increment(&self, k: usize) -> Increment<'_> {
        let r = k * self.m..(k + 1) * self.m;
        Increment {
            dw: &self.dw[r.clone()],
            dz: if self.dz.is_empty() { &[] } else { &self.dz[r] },
        }
    }

    /// `W(t_n) − W(t₀) = Σₖ ΔWₖ`.
    pub fn endpoint(&self) -> Vec<f64> {
        let mut w = vec![0.0; self.m];
        for k in 0..self.n {
            for (w, d) in w.iter_mut().zip(self.increment(k).dw) {
                *w += d;
            }
        }
        w
    }

    /// The same path on the grid of step `r h`, merging `r` consecutive
    /// increments exactly (see the type docs).
    ///
    /// # Errors
    /// [`SdeError::DimensionMismatch`] unless `r ≥ 1` divides the number of
    /// steps.
    pub fn coarsen(&self, r: usize) -> Result<Self> {
        if r == 0 || !self.n.is_multiple_of(r) {
            return Err(SdeError::DimensionMismatch {
                what: "coarsening factor (must divide the number of steps)",
                expected: self.n,
                found: r,
            });
        }
        let (m, n) = (self.m, self.n / r);
        let mut dw = vec![0.0; n * m];
        let mut dz = vec![0.0; if self.has_dz() { n * m } else { 0 }];
        for c in 0..n {
            for i in 0..r {
                let inc = self.increment(c * r + i);
                for j in 0..m {
                    if self.has_dz() {
                        // dw[c] still holds ΔW₁ + … + ΔW_{i−1} here.
                        dz[c * m + j] += inc.dz[j] + self.h * dw[c * m + j];
                    }
                    dw[c * m + j] += inc.dw[j];
                }
            }
        }
        Ok(Self {
            m,
            n,
            h: self.h * r as f64,
            dw,
            dz,
        })
    }

    /// The same path on the grid of step `h/2`: each step is split by
    /// sampling its midpoint from the conditional law given the step's
    /// `ΔW` (and `ΔZ`, if present) — a Brownian bridge, extended to the
    /// pair `(ΔW, ΔZ)` (proofs-notes/brownian.md §4). With standard
    /// normals `ζ₁, ζ₂`, half-step `k = h/2`, `S = ΔW/√k`,
    /// `r = ΔZ/k^{3/2} − S`:
    ///
    /// ```text
    /// D = 1.5 r + ζ₁/√2,   P = 2√3 (r − D/2),   Q = √2 ζ₂,
    /// ξ₁,₂ = (S ± D)/2,   η₁,₂ = (P ± Q)/2,
    /// ΔWᵢ = √k ξᵢ,   ΔZᵢ = ½ k^{3/2} (ξᵢ + ηᵢ/√3);
    /// ```
    ///
    /// without `ΔZ`, `D = √2 ζ₁` (the midpoint bridge). Coarsening the
    /// result by 2 returns this path to round-off.
    ///
    /// # Examples
    /// ```
    /// use rand::SeedableRng;
    /// use sgdpde_sde::brownian::BrownianPath;
    /// let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(5);
    /// let p = BrownianPath::sample(&mut rng, 1.0, 4, 1, true)?;
    /// let back = p.refine(&mut rng).coarsen(2)?;
    /// assert!((back.increment(3).dz[0] - p.increment(3).dz[0]).abs() < 1e-15);
    /// # Ok::<(), sgdpde_sde::SdeError>(())
    /// ```
    pub fn refine<R: Rng + ?Sized>(&self, rng: &mut R) -> Self {
        let (m, n) = (self.m, self.n);
        let k = 0.5 * self.h;
        let sk = k.sqrt();
        let k32 = k * sk;
        let sqrt3 = 3f64.sqrt();
        let mut dw = vec![0.0; 2 * n * m];
        let mut dz = vec![0.0; if self.has_dz() { 2 * n * m } else { 0 }];
        for c in 0..n {
            let inc = self.increment(c);
            for j in 0..m {
                let s = inc.dw[j] / sk;
                let z1: f64 = StandardNormal.sample(rng);
                let (i1, i2) = ((2 * c) * m + j, (2 * c + 1) * m + j);
                if self.has_dz() {
                    let z2: f64 = StandardNormal.sample(rng);
                    let r = inc.dz[j] / k32 - s;
                    let d = 1.5 * r + std::f64::consts::FRAC_1_SQRT_2 * z1;
                    let p = 2.0 * sqrt3 * (r - 0.5 * d);
                    let q = std::f64::consts::SQRT_2 * z2;
                    let (x1, x2) = (0.5 * (s + d), 0.5 * (s - d));
                    let (e1, e2) = (0.5 * (p + q), 0.5 * (p - q));
                    dw[i1] = sk * x1;
                    dw[i2] = inc.dw[j] - dw[i1];
                    dz[i1] = 0.5 * k32 * (x1 + e1 / sqrt3);
                    dz[i2] = 0.5 * k32 * (x2 + e2 / sqrt3);
                } else {
                    let d = std::f64::consts::SQRT_2 * z1;
                    dw[i1] = sk * 0.5 * (s + d);
                    dw[i2] = inc.dw[j] - dw[i1];
                }
            }
        }
        Self {
            m,
            n: 2 * n,
            h: k,
            dw,
            dz,
        }
    }

    /// Integrates `x` from `t0` along this path with `integrator`
    /// (`start_path` then one step per increment); returns the first step
    /// that produced a non-finite state as an error.
    ///
    /// # Errors
    /// [`SdeError::DimensionMismatch`] if `x` or the path do not fit `sde`
    /// (or the integrator needs `ΔZ` and the path has none);
    /// [`SdeError::NonFinite`] (path index 0) on blow-up.
    pub fn integrate<S: Sde, I: Integrator<S>>(
        &self,
        sde: &S,
        integrator: &I,
        ws: &mut I::Workspace,
        t0: f64,
        x: &mut [f64],
    ) -> Result<()> {
        if x.len() != sde.dim() {
            return Err(SdeError::DimensionMismatch {
                what: "x0",
                expected: sde.dim(),
                found: x.len(),
            });
        }
        if self.m != sde.noise_dim() {
            return Err(SdeError::DimensionMismatch {
                what: "Brownian path dimension",
                expected: sde.noise_dim(),
                found: self.m,
            });
        }
        if I::NEEDS_DZ && !self.has_dz() {
            return Err(SdeError::DimensionMismatch {
                what: "ΔZ (the integrator needs iterated integrals)",
                expected: self.m,
                found: 0,
            });
        }
        integrator.start_path(sde, ws, x);
        for k in 0..self.n {
            let t = t0 + k as f64 * self.h;
            integrator.step(sde, ws, t, self.h, x, self.increment(k));
            if x.iter().any(|v| !v.is_finite()) {
                return Err(SdeError::NonFinite {
                    path: 0,
                    step: k as u64 + 1,
                    t: t + self.h,
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    /// Coarsening twice by 2 equals coarsening once by 4 (to round-off), and
    /// a merged pair matches the rule ΔZ = ΔZ₁ + ΔZ₂ + h ΔW₁ by hand.
    #[test]
    fn coarsening_is_consistent() {
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        let p = BrownianPath::sample(&mut rng, 2.0, 16, 2, true).unwrap();
        let a = p.coarsen(2).unwrap().coarsen(2).unwrap();
        let b = p.coarsen(4).unwrap();
        assert_eq!(a.steps(), 4);
        assert!((a.dt() - 0.5).abs() < 1e-15);
        for k in 0..4 {
            for j in 0..2 {
                assert!((a.increment(k).dw[j] - b.increment(k).dw[j]).abs() < 1e-14);
                assert!((a.increment(k).dz[j] - b.increment(k).dz[j]).abs() < 1e-14);
            }
        }
        // Hand check of one merged pair.
        let c = p.coarsen(2).unwrap();
        let (i0, i1) = (p.increment(0), p.increment(1));
        let dz = i0.dz[1] + i1.dz[1] + p.dt() * i0.dw[1];
        assert!((c.increment(0).dz[1] - dz).abs() < 1e-15);
        assert!(p.coarsen(3).is_err());
        assert!(p.coarsen(0).is_err());
    }

    /// The coarse ΔZ must again have the joint law of (ΔW, ΔZ) at step 8h:
    /// sample (co)variances at 5 relative SE √(2/n) (fixed seed).
    #[test]
    fn coarse_pairs_have_the_right_law() {
        let mut rng = ChaCha8Rng::seed_from_u64(12);
        let n = 40_000;
        let (mut sww, mut swz, mut szz) = (0.0, 0.0, 0.0);
        for _ in 0..n {
            let p = BrownianPath::sample(&mut rng, 1.0, 8, 1, true).unwrap();
            let c = p.coarsen(8).unwrap();
            let (w, z) = (c.increment(0).dw[0], c.increment(0).dz[0]);
            sww += w * w;
            swz += w * z;
            szz += z * z;
        }
        let nf = n as f64;
        let tol = 5.0 * (2.0 / nf).sqrt();
        assert!((sww / nf - 1.0).abs() < tol);
        assert!((swz / nf / 0.5 - 1.0).abs() < 2.0 * tol);
        assert!((szz / nf * 3.0 - 1.0).abs() < tol);
    }

    /// Refining then coarsening returns the path; the refined halves have
    /// the unconditional joint law at step h/2 (and the two halves are
    /// uncorrelated): sample moments at 5 relative SE, fixed seed.
    #[test]
    fn refinement_is_consistent_and_has_the_right_law() {
        let mut rng = ChaCha8Rng::seed_from_u64(13);
        let p = BrownianPath::sample(&mut rng, 1.0, 8, 2, true).unwrap();
        let back = p.refine(&mut rng).coarsen(2).unwrap();
        for k in 0..8 {
            for j in 0..2 {
                assert!((back.increment(k).dw[j] - p.increment(k).dw[j]).abs() < 1e-14);
                assert!((back.increment(k).dz[j] - p.increment(k).dz[j]).abs() < 1e-14);
            }
        }
        let n = 40_000;
        let k = 0.5;
        let (mut sww, mut swz, mut szz, mut cross) = (0.0, 0.0, 0.0, 0.0);
        for _ in 0..n {
            let c = BrownianPath::sample(&mut rng, 1.0, 1, 1, true).unwrap();
            let f = c.refine(&mut rng);
            let (a, b) = (f.increment(0), f.increment(1));
            sww += b.dw[0] * b.dw[0];
            swz += b.dw[0] * b.dz[0];
            szz += a.dz[0] * a.dz[0];
            cross += a.dw[0] * b.dw[0];
        }
        let nf = n as f64;
        let tol = 5.0 * (2.0 / nf).sqrt();
        assert!((sww / nf / k - 1.0).abs() < tol);
        assert!((swz / nf / (k * k / 2.0) - 1.0).abs() < 2.0 * tol);
        assert!((szz / nf / (k * k * k / 3.0) - 1.0).abs() < tol);
        assert!((cross / nf / k).abs() < tol);
        let plain = BrownianPath::sample(&mut rng, 1.0, 4, 1, false).unwrap();
        let r = plain.refine(&mut rng);
        assert!(!r.has_dz());
        assert!((r.coarsen(2).unwrap().endpoint()[0] - plain.endpoint()[0]).abs() < 1e-14);
    }

    #[test]
    fn rejects_bad_input() {
        let mut rng = ChaCha8Rng::seed_from_u64(0);
        assert!(BrownianPath::sample(&mut rng, 0.0, 4, 1, false).is_err());
        assert!(BrownianPath::sample(&mut rng, 1.0, 0, 1, false).is_err());
        assert!(BrownianPath::sample(&mut rng, f64::NAN, 4, 1, false).is_err());
        let p = BrownianPath::sample(&mut rng, 1.0, 4, 1, false).unwrap();
        assert!(!p.has_dz());
        assert!(p.increment(3).dz.is_empty());
    }
}
