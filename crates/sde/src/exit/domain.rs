//! Domains with flat (or locally flat) boundaries: interval / half-line,
//! half-space, box, ball.
//!
//! A [`Domain`] answers "is `x` still inside, and if not, through which
//! boundary did it leave?". A [`FlatBoundary`] domain also gives the distance
//! to its nearest boundary piece and that piece's outward normal, which the
//! Brownian-bridge crossing correction needs (`proofs-notes/exit-times.md`).

use crate::error::{Result, SdeError};

/// The region a process runs in until it exits.
pub trait Domain: Sync {
    /// Dimension of the states it contains.
    fn dim(&self) -> usize;

    /// `None` if `x` is inside, else the id of the boundary piece it is
    /// beyond (documented per domain).
    fn exit_boundary(&self, x: &[f64]) -> Option<usize>;
}

/// A domain whose boundary pieces are flat or locally flat on the scale
/// `√(a_n dt)` of one step.
pub trait FlatBoundary: Domain {
    /// `true` if [`FlatBoundary::outward_normal_into`] does not depend on
    /// `x` (every piece is flat: intervals, half-spaces, boxes). The
    /// exit-time driver then computes the normal diffusion `a_n` of
    /// constant (isotropic or additive) noise once per piece instead of
    /// every step. Defaults to `false`, which is always correct. A method,
    /// not a constant, so that a run-time choice of shape ([`FlatDomain`](
    /// crate::FlatDomain)) keeps the saving; for a concrete shape it
    /// inlines to a constant.
    #[inline]
    fn constant_normals(&self) -> bool {
        false
    }

    /// Distance from an inside point `x` to the nearest boundary piece, and
    /// that piece's id.
    fn boundary_distance(&self, x: &[f64]) -> (f64, usize);

    /// Writes the unit outward normal of piece `boundary` at (the point
    /// nearest to) `x` into `n`.
    fn outward_normal_into(&self, x: &[f64], boundary: usize, n: &mut [f64]);
}

fn check_finite(name: &'static str, v: f64) -> Result<f64> {
    if v.is_finite() {
        Ok(v)
    } else {
        Err(SdeError::InvalidParameter {
            name,
            value: v,
            constraint: "finite",
        })
    }
}

/// The 1-D interval `(lo, hi)`; either end may be infinite (a half-line).
/// Boundary ids: `0` = `lo`, `1` = `hi`. A point exactly on an end is outside.
///
/// # Examples
/// ```
/// use sgdpde_sde::{Domain, Interval};
/// let i = Interval::new(f64::NEG_INFINITY, 0.0)?;
/// assert_eq!(i.exit_boundary(&[-1.0]), None);
/// assert_eq!(i.exit_boundary(&[0.0]), Some(1));
/// # Ok::<(), sgdpde_sde::SdeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    lo: f64,
    hi: f64,
}

impl Interval {
    /// `(lo, hi)`.
    ///
    /// # Errors
    /// [`SdeError::InvalidParameter`] if an end is NaN or `lo ≥ hi`.
    pub fn new(lo: f64, hi: f64) -> Result<Self> {
        if lo.is_nan() || hi.is_nan() || lo >= hi {
            return Err(SdeError::InvalidParameter {
                name: "interval upper end",
                value: hi,
                constraint: "> lower end (both not NaN)",
            });
        }
        Ok(Self { lo, hi })
    }

    /// The fraction of the way from `x0` (inside) to the end `x` moves
    /// towards: `(x − x0)/(hi − x0)` above `x0`, `(x0 − x)/(x0 − lo)` below
    /// (0 towards an infinite end). See [`crate::DomainGauge`].
    #[inline]
    pub fn gauge(&self, x0: f64, x: f64) -> f64 {
        if x >= x0 {
            (x - x0) / (self.hi - x0)
        } else {
            (x0 - x) / (x0 - self.lo)
        }
    }

    /// The ends `(lo, hi)`.
    pub fn ends(&self) -> (f64, f64) {
        (self.lo, self.hi)
    }
}

impl Domain for Interval {
    fn dim(&self) -> usize {
        1
    }
    #[inline]
    fn exit_boundary(&self, x: &[f64]) -> Option<usize> {
        if x[0] <= self.lo {
            Some(0)
        } else if x[0] >= self.hi {
            Some(1)
        } else {
            None
        }
    }
}

impl FlatBoundary for Interval {
    #[inline]
    fn constant_normals(&self) -> bool {
        true
    }
    #[inline]
    fn boundary_distance(&self, x: &[f64]) -> (f64, usize) {
        let (a, b) = (x[0] - self.lo, self.hi - x[0]);
        if a <= b { (a, 0) } else { (b, 1) }
    }
    #[inline]
    fn outward_normal_into(&self, _x: &[f64], boundary: usize, n: &mut [f64]) {
        n[0] = if boundary == 0 { -1.0 } else { 1.0 };
    }
}

/// The half-space `{x : n·x < c}` with unit normal `n` (normalised at
/// construction). Boundary id `0`.
#[derive(Debug, Clone, PartialEq)]
pub struct HalfSpace {
    normal: Vec<f64>,
    offset: f64,
}

impl HalfSpace {
    /// `{x : n·x < c}` (`n` is normalised, `c` scaled with it).
    ///
    /// # Errors
    /// [`SdeError::InvalidParameter`] if `n` has a non-finite entry or is zero,
    /// or `c` is not finite.
    pub fn new(normal: Vec<f64>, offset: f64) -> Result<Self> {
        for v in &normal {
            check_finite("half-space normal", *v)?;
        }
        check_finite("half-space offset", offset)?;
        let len = normal.iter().map(|v| v * v).sum::<f64>().sqrt();
        if len == 0.0 || normal.is_empty() {
            return Err(SdeError::InvalidParameter {
                name: "half-space normal length",
                value: len,
                constraint: "> 0",
            });
        }
        Ok(Self {
            normal: normal.iter().map(|v| v / len).collect(),
            offset: offset / len,
        })
    }

    #[inline]
    fn gap(&self, x: &[f64]) -> f64 {
        self.offset - self.normal.iter().zip(x).map(|(n, x)| n * x).sum::<f64>()
    }

    /// `n·(x − x0)/(c − n·x0)`: the fraction of the way from `x0` (inside)
    /// to the boundary plane, negative away from it. See
    /// [`crate::DomainGauge`].
    #[inline]
    pub fn gauge(&self, x0: &[f64], x: &[f64]) -> f64 {
        let dot = |v: &[f64]| self.normal.iter().zip(v).map(|(n, v)| n * v).sum::<f64>();
        (dot(x) - dot(x0)) / (self.offset - dot(x0))
    }
}

impl Domain for HalfSpace {
    fn dim(&self) -> usize {
        self.normal.len()
    }
    #[inline]
    fn exit_boundary(&self, x: &[f64]) -> Option<usize> {
        (self.gap(x) <= 0.0).then_some(0)
    }
}

impl FlatBoundary for HalfSpace {
    #[inline]
    fn constant_normals(&self) -> bool {
        true
    }
    #[inline]
    fn boundary_distance(&self, x: &[f64]) -> (f64, usize) {
        (self.gap(x), 0)
    }
    #[inline]
    fn outward_normal_into(&self, _x: &[f64], _boundary: usize, n: &mut [f64]) {
        n.copy_from_slice(&self.normal);
    }
}

/// The open box `∏ (loᵢ, hiᵢ)`. Boundary ids: `2i` = face `xᵢ = loᵢ`,
/// `2i + 1` = face `xᵢ = hiᵢ`.
#[derive(Debug, Clone, PartialEq)]
pub struct BoxDomain {
    lo: Vec<f64>,
    hi: Vec<f64>,
}

impl BoxDomain {
    /// `∏ (loᵢ, hiᵢ)` (ends may be infinite).
    ///
    /// # Errors
    /// [`SdeError::DimensionMismatch`] if the corner lengths differ or are 0;
    /// [`SdeError::InvalidParameter`] if some `loᵢ ≥ hiᵢ` or an end is NaN.
    pub fn new(lo: Vec<f64>, hi: Vec<f64>) -> Result<Self> {
        if lo.len() != hi.len() || lo.is_empty() {
            return Err(SdeError::DimensionMismatch {
                what: "box upper corner",
                expected: lo.len().max(1),
                found: hi.len(),
            });
        }
        for (a, b) in lo.iter().zip(&hi) {
            Interval::new(*a, *b)?;
        }
        Ok(Self { lo, hi })
    }

    /// The largest of the axes' interval gauges ([`Interval::gauge`]): 1 on
    /// the boundary, 0 at `x0`. See [`crate::DomainGauge`].
    #[inline]
    pub fn gauge(&self, x0: &[f64], x: &[f64]) -> f64 {
        (0..x.len())
            .map(|i| {
                let (lo, hi) = (self.lo[i], self.hi[i]);
                if x[i] >= x0[i] {
                    (x[i] - x0[i]) / (hi - x0[i])
                } else {
                    (x0[i] - x[i]) / (x0[i] - lo)
                }
            })
            .fold(0.0, f64::max)
    }
}

impl Domain for BoxDomain {
    fn dim(&self) -> usize {
        self.lo.len()
    }
    #[inline]
    fn exit_boundary(&self, x: &[f64]) -> Option<usize> {
        for i in 0..self.lo.len() {
            if x[i] <= self.lo[i] {
                return Some(2 * i);
            }
            if x[i] >= self.hi[i] {
                return Some(2 * i + 1);
            }
        }
        None
    }
}

impl FlatBoundary for BoxDomain {
    #[inline]
    fn constant_normals(&self) -> bool {
        true
    }
    #[inline]
    fn boundary_distance(&self, x: &[f64]) -> (f64, usize) {
        let mut best = (f64::INFINITY, 0);
        for i in 0..self.lo.len() {
            let (a, b) = (x[i] - self.lo[i], self.hi[i] - x[i]);
            if a < best.0 {
                best = (a, 2 * i);
            }
            if b < best.0 {
                best = (b, 2 * i + 1);
            }
        }
        best
    }
    #[inline]
    fn outward_normal_into(&self, _x: &[f64], boundary: usize, n: &mut [f64]) {
        n.fill(0.0);
        n[boundary / 2] = if boundary.is_multiple_of(2) {
            -1.0
        } else {
            1.0
        };
    }
}

/// The open ball `|x − c| < R`. Boundary id `0`. Its sphere is locally flat
/// on the step scale when `√(a_n dt) ≪ R`.
#[derive(Debug, Clone, PartialEq)]
pub struct Ball {
    center: Vec<f64>,
    radius: f64,
}

impl Ball {
    /// The ball of radius `radius` around `center`.
    ///
    /// # Errors
    /// [`SdeError::InvalidParameter`] if `radius` is not finite and positive
    /// or the centre is not finite or empty.
    pub fn new(center: Vec<f64>, radius: f64) -> Result<Self> {
        for v in &center {
            check_finite("ball center", *v)?;
        }
        if !(radius.is_finite() && radius > 0.0) || center.is_empty() {
            return Err(SdeError::InvalidParameter {
                name: "ball radius",
                value: radius,
                constraint: "finite and > 0, with a non-empty centre",
            });
        }
        Ok(Self { center, radius })
    }

    #[inline]
    fn dist_to_center(&self, x: &[f64]) -> f64 {
        self.center
            .iter()
            .zip(x)
            .map(|(c, x)| (x - c) * (x - c))
            .sum::<f64>()
            .sqrt()
    }

    /// The Minkowski gauge of the ball about `x0` (inside): the `t ≥ 0` with
    /// `x0 + (x − x0)/t` on the sphere, i.e. `1/s` for the positive root of
    /// `|u|² s² + 2(w·u) s + |w|² − r² = 0`, `u = x − x0`, `w = x0 − c`.
    /// See [`crate::DomainGauge`].
    #[inline]
    pub fn gauge(&self, x0: &[f64], x: &[f64]) -> f64 {
        let (mut uu, mut wu, mut ww) = (0.0, 0.0, 0.0);
        for ((x, x0), c) in x.iter().zip(x0).zip(&self.center) {
            let (u, w) = (x - x0, x0 - c);
            uu += u * u;
            wu += w * u;
            ww += w * w;
        }
        if uu == 0.0 {
            return 0.0;
        }
        let s = (-wu + (wu * wu - uu * (ww - self.radius * self.radius)).sqrt()) / uu;
        1.0 / s
    }
}

impl Domain for Ball {
    fn dim(&self) -> usize {
        self.center.len()
    }
    #[inline]
    fn exit_boundary(&self, x: &[f64]) -> Option<usize> {
        (self.dist_to_center(x) >= self.radius).then_some(0)
    }
}

impl FlatBoundary for Ball {
    #[inline]
    fn boundary_distance(&self, x: &[f64]) -> (f64, usize) {
        (self.radius - self.dist_to_center(x), 0)
    }
    #[inline]
    fn outward_normal_into(&self, x: &[f64], _boundary: usize, n: &mut [f64]) {
        let r = self.dist_to_center(x);
        if r == 0.0 {
            // Every direction is normal at the centre; it is then R away from
            // the sphere and the crossing probability is negligible anyway.
            n.fill(0.0);
            n[0] = 1.0;
        } else {
            for ((n, x), c) in n.iter_mut().zip(x).zip(&self.center) {
                *n = (x - c) / r;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interval_and_half_line() {
        let i = Interval::new(-1.0, 2.0).unwrap();
        assert_eq!(i.exit_boundary(&[-1.0]), Some(0));
        assert_eq!(i.exit_boundary(&[2.5]), Some(1));
        assert_eq!(i.exit_boundary(&[0.0]), None);
        assert_eq!(i.boundary_distance(&[1.5]), (0.5, 1));
        let h = Interval::new(f64::NEG_INFINITY, 0.0).unwrap();
        assert_eq!(h.boundary_distance(&[-2.0]), (2.0, 1));
        assert!(Interval::new(1.0, 1.0).is_err());
        assert!(Interval::new(f64::NAN, 1.0).is_err());
    }

    #[test]
    fn half_space_box_ball_distances_and_normals() {
        let h = HalfSpace::new(vec![3.0, 4.0], 5.0).unwrap(); // (0.6, 0.8)·x < 1
        let (d, _) = h.boundary_distance(&[0.0, 0.0]);
        assert!((d - 1.0).abs() < 1e-15);
        assert_eq!(h.exit_boundary(&[0.6, 0.8]), Some(0));
        let mut n = [0.0; 2];
        h.outward_normal_into(&[0.0, 0.0], 0, &mut n);
        assert_eq!(n, [0.6, 0.8]);
        assert!(HalfSpace::new(vec![0.0, 0.0], 1.0).is_err());

        let b = BoxDomain::new(vec![0.0, 0.0], vec![1.0, 3.0]).unwrap();
        assert_eq!(b.boundary_distance(&[0.5, 2.9]).1, 3);
        assert_eq!(b.exit_boundary(&[0.5, -0.1]), Some(2));
        b.outward_normal_into(&[0.5, 2.9], 3, &mut n);
        assert_eq!(n, [0.0, 1.0]);
        assert!(BoxDomain::new(vec![0.0], vec![1.0, 2.0]).is_err());

        let ball = Ball::new(vec![1.0, 1.0], 2.0).unwrap();
        assert_eq!(ball.boundary_distance(&[1.0, 2.0]), (1.0, 0));
        ball.outward_normal_into(&[1.0, 2.0], 0, &mut n);
        assert_eq!(n, [0.0, 1.0]);
        assert_eq!(ball.exit_boundary(&[3.0, 1.0]), Some(0));
        assert!(Ball::new(vec![0.0], -1.0).is_err());
    }
}
