//! Mean and covariance at each snapshot, by Welford's update within a chunk
//! and Chan's pairwise merge between chunks.

use crate::ensemble::reduction::Reduction;
use crate::error::{Result, SdeError};

/// Running mean and co-moment matrix of `n` vectors of dimension `d`.
///
/// # Formula
/// Welford (one vector `x` at a time), with `δ = x − μ`:
///
/// ```text
/// n ← n + 1,   μ ← μ + δ/n,   M ← M + δ (x − μ)ᵀ      (μ already updated)
/// ```
///
/// Chan–Golub–LeVeque merge of `(n_a, μ_a, M_a)` with `(n_b, μ_b, M_b)`,
/// `Δ = μ_b − μ_a`, `n = n_a + n_b`:
///
/// ```text
/// μ = μ_a + Δ n_b/n,   M = M_a + M_b + Δ Δᵀ n_a n_b / n
/// ```
///
/// Both avoid the cancellation of the textbook `Σx² − n μ²`: the error of the
/// covariance is `O(ε)` relative to the spread, not to the squared mean.
/// The sample covariance is `M/(n − 1)`.
///
/// # References
/// B. P. Welford, Technometrics 4 (1962) 419–420; T. F. Chan, G. H. Golub,
/// R. J. LeVeque, *Algorithms for computing the sample variance*, Amer.
/// Statist. 37 (1983) 242–247.
#[derive(Debug, Clone, PartialEq)]
pub struct MomentAcc {
    n: u64,
    mean: Vec<f64>,
    /// Row-major `d × d` co-moment `Σ (x − μ)(x − μ)ᵀ`.
    m2: Vec<f64>,
}

impl MomentAcc {
    /// An empty accumulator for dimension `d`.
    pub fn new(d: usize) -> Self {
        Self {
            n: 0,
            mean: vec![0.0; d],
            m2: vec![0.0; d * d],
        }
    }

    /// Adds one vector (Welford).
    ///
    /// # Panics
    /// If `x.len()` differs from the dimension (a contract of the caller).
    #[inline]
    pub fn push(&mut self, x: &[f64]) {
        let d = self.mean.len();
        assert_eq!(x.len(), d, "MomentAcc::push: dimension");
        self.n += 1;
        let inv_n = 1.0 / self.n as f64;
        // δ_i = x_i − μ_i(old); μ_i(new) = μ_i + δ_i/n; M_ij += δ_i (x_j − μ_j(new)).
        // Upper triangle, mirrored: the co-moment stays exactly symmetric.
        for i in 0..d {
            let delta_i = x[i] - self.mean[i];
            for j in i..d {
                let mean_j_new = self.mean[j] + (x[j] - self.mean[j]) * inv_n;
                let m = self.m2[i * d + j] + delta_i * (x[j] - mean_j_new);
                self.m2[i * d + j] = m;
                self.m2[j * d + i] = m;
            }
        }
        for i in 0..d {
            self.mean[i] += (x[i] - self.mean[i]) * inv_n;
        }
    }

    /// Appends `b` (Chan's merge).
    pub fn merge(&mut self, b: &Self) {
        if b.n == 0 {
            return;
        }
        if self.n == 0 {
            self.clone_from(b);
            return;
        }
        let d = self.mean.len();
        let (na, nb) = (self.n as f64, b.n as f64);
        let n = na + nb;
        for i in 0..d {
            let di = b.mean[i] - self.mean[i];
            for j in 0..d {
                let dj = b.mean[j] - self.mean[j];
                self.m2[i * d + j] += b.m2[i * d + j] + di * dj * na * nb / n;
            }
        }
        for i in 0..d {
            self.mean[i] += (b.mean[i] - self.mean[i]) * nb / n;
        }
        self.n += b.n;
    }

    /// The raw state `(n, μ, M)` (M row-major `d × d`): with
    /// [`Self::from_parts`] a checkpoint stores and restores the accumulator
    /// bit for bit.
    pub fn parts(&self) -> (u64, &[f64], &[f64]) {
        (self.n, &self.mean, &self.m2)
    }

    /// Rebuilds an accumulator from [`Self::parts`].
    ///
    /// # Errors
    /// [`SdeError::DimensionMismatch`] if `m2` is not `d × d` for
    /// `d = mean.len()`; [`SdeError::InvalidParameter`] for a non-finite
    /// entry, or a non-zero mean or co-moment with `n = 0`.
    pub fn from_parts(n: u64, mean: Vec<f64>, m2: Vec<f64>) -> Result<Self> {
        let d = mean.len();
        if m2.len() != d * d {
            return Err(SdeError::DimensionMismatch {
                what: "co-moment matrix of MomentAcc (d × d)",
                expected: d * d,
                found: m2.len(),
            });
        }
        if let Some(v) = mean.iter().chain(&m2).find(|v| !v.is_finite()) {
            return Err(SdeError::InvalidParameter {
                name: "MomentAcc entry",
                value: *v,
                constraint: "finite",
            });
        }
        if n == 0
            && let Some(v) = mean.iter().chain(&m2).find(|v| **v != 0.0)
        {
            return Err(SdeError::InvalidParameter {
                name: "MomentAcc entry with n = 0",
                value: *v,
                constraint: "zero",
            });
        }
        Ok(Self { n, mean, m2 })
    }

    /// Number of vectors.
    pub fn count(&self) -> u64 {
        self.n
    }

    /// The sample mean (zeros when empty).
    pub fn mean(&self) -> &[f64] {
        &self.mean
    }

    /// The unbiased sample covariance `M/(n − 1)`, row-major `d × d`
    /// (`None` for fewer than two vectors).
    pub fn covariance(&self) -> Option<Vec<f64>> {
        (self.n >= 2).then(|| {
            let k = 1.0 / (self.n - 1) as f64;
            self.m2.iter().map(|m| m * k).collect()
        })
    }

    /// Standard error of the mean of coordinate `i`: `√(s²ᵢᵢ / n)`.
    pub fn std_error(&self, i: usize) -> Option<f64> {
        let d = self.mean.len();
        self.covariance()
            .map(|c| (c[i * d + i] / self.n as f64).sqrt())
    }
}

/// Mean and covariance of the state at every snapshot.
///
/// # Examples
/// ```
/// use sgdpde_sde::{MomentAcc, Moments, Reduction};
/// let r = Moments::new(1);
/// let mut acc = r.init();
/// for (p, x) in [1.0, 2.0, 3.0].iter().enumerate() {
///     r.observe(&mut acc, 0, p as u64, &[*x]);
/// }
/// assert_eq!(acc[0].mean(), &[2.0]);
/// assert_eq!(acc[0].covariance(), Some(vec![1.0]));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moments {
    dim: usize,
}

impl Moments {
    /// Moments of `dim`-dimensional states.
    pub fn new(dim: usize) -> Self {
        Self { dim }
    }
}

impl Reduction for Moments {
    /// One accumulator per snapshot (grown on first use).
    type Acc = Vec<MomentAcc>;

    fn check(&self, dim: usize, _snapshots: usize) -> Result<()> {
        if dim == self.dim {
            Ok(())
        } else {
            Err(SdeError::DimensionMismatch {
                what: "Moments dimension",
                expected: dim,
                found: self.dim,
            })
        }
    }

    fn init(&self) -> Self::Acc {
        Vec::new()
    }

    #[inline]
    fn observe(&self, acc: &mut Self::Acc, snapshot: usize, _path: u64, x: &[f64]) {
        while acc.len() <= snapshot {
            acc.push(MomentAcc::new(self.dim));
        }
        acc[snapshot].push(x);
    }

    fn merge(&self, acc: &mut Self::Acc, later: Self::Acc) {
        for (s, b) in later.into_iter().enumerate() {
            if s < acc.len() {
                acc[s].merge(&b);
            } else {
                acc.push(b);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two-pass reference: mean, then Σ (x − μ)(x − μ)ᵀ/(n − 1).
    fn two_pass(xs: &[[f64; 2]]) -> ([f64; 2], [f64; 4]) {
        let n = xs.len() as f64;
        let mut m = [0.0; 2];
        for x in xs {
            m[0] += x[0] / n;
            m[1] += x[1] / n;
        }
        let mut c = [0.0; 4];
        for x in xs {
            for i in 0..2 {
                for j in 0..2 {
                    c[i * 2 + j] += (x[i] - m[i]) * (x[j] - m[j]) / (n - 1.0);
                }
            }
        }
        (m, c)
    }

    #[test]
    fn welford_and_chan_agree_with_two_pass() {
        // A large offset makes the naive Σx² − nμ² formula lose ~16 digits;
        // Welford/Chan keep the covariance to a few ulps of the spread.
        let xs: Vec<[f64; 2]> = (0..1000)
            .map(|k| {
                let k = k as f64;
                [
                    1e8 + (k * 0.37).sin(),
                    -3e7 + (k * 0.11).cos() + 0.5 * (k * 0.37).sin(),
                ]
            })
            .collect();
        let (m, c) = two_pass(&xs);
        let mut whole = MomentAcc::new(2);
        xs.iter().for_each(|x| whole.push(x));
        // Unequal chunks merged in order.
        let mut merged = MomentAcc::new(2);
        for chunk in xs.chunks(137) {
            let mut a = MomentAcc::new(2);
            chunk.iter().for_each(|x| a.push(x));
            merged.merge(&a);
        }
        for acc in [&whole, &merged] {
            let cov = acc.covariance().unwrap();
            for i in 0..2 {
                // mean: n·ε relative round-off of a sum of n terms.
                assert!((acc.mean()[i] - m[i]).abs() <= 1000.0 * f64::EPSILON * m[i].abs());
            }
            for k in 0..4 {
                // covariance of O(1) spread: round-off ≲ n·ε·|x|·spread/|spread|²
                // is dominated by the offset's ulp (1e8·ε ≈ 2e-8) times √n.
                assert!((cov[k] - c[k]).abs() < 1e-6, "{k}: {} vs {}", cov[k], c[k]);
            }
        }
        assert_eq!(merged.count(), 1000);
    }

    #[test]
    fn dimension_is_checked() {
        assert!(Moments::new(2).check(2, 1).is_ok());
        assert!(matches!(
            Moments::new(2).check(3, 1),
            Err(SdeError::DimensionMismatch {
                expected: 3,
                found: 2,
                ..
            })
        ));
    }

    #[test]
    fn parts_round_trip_and_are_validated() {
        let mut a = MomentAcc::new(2);
        a.push(&[1.0, 2.0]);
        a.push(&[0.3, -7.0]);
        let (n, m, c) = a.parts();
        let b = MomentAcc::from_parts(n, m.to_vec(), c.to_vec()).unwrap();
        assert_eq!(a, b);
        assert!(matches!(
            MomentAcc::from_parts(2, vec![0.0; 2], vec![0.0; 3]),
            Err(SdeError::DimensionMismatch {
                expected: 4,
                found: 3,
                ..
            })
        ));
        assert!(MomentAcc::from_parts(2, vec![f64::NAN], vec![0.0]).is_err());
        assert!(MomentAcc::from_parts(0, vec![1.0], vec![0.0]).is_err());
        assert_eq!(
            MomentAcc::from_parts(0, vec![0.0], vec![0.0]).unwrap(),
            MomentAcc::new(1)
        );
    }

    #[test]
    fn empty_and_single() {
        let mut a = MomentAcc::new(1);
        assert_eq!(a.covariance(), None);
        a.push(&[4.0]);
        assert_eq!(a.mean(), &[4.0]);
        assert_eq!(a.covariance(), None);
        let mut b = MomentAcc::new(1);
        b.merge(&a);
        assert_eq!(b, a);
    }
}
