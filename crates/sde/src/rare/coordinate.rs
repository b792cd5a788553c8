//! Reaction coordinates for rare-event splitting: a scalar `ξ(x)` whose
//! level sets order the way from the set `A = {ξ ≤ z_A}` to `B = {ξ ≥ z_B}`.

/// A scalar function of the state that measures progress from `A` to `B`.
///
/// Splitting is unbiased for any coordinate; its variance is smallest for
/// the committor `q(x) = P_x(reach B before A)` (Cérou, Guyader, Lelièvre,
/// Pommier 2011), and grows when the levels of `ξ` cut across the true
/// transition paths.
pub trait ReactionCoordinate: Sync {
    /// `ξ(x)`.
    fn value(&self, x: &[f64]) -> f64;

    /// `ξ(x)` as the guide of a [`GuidedCoordinate`] whose frame has
    /// already been evaluated at `x` (`frame = g(x)`): a guide that is a
    /// function of the frame reuses it instead of evaluating it again.
    /// Default: [`ReactionCoordinate::value`].
    #[inline]
    fn guide_value(&self, x: &[f64], frame: f64) -> f64 {
        let _ = frame;
        self.value(x)
    }
}

impl<F: Fn(&[f64]) -> f64 + Sync> ReactionCoordinate for F {
    #[inline]
    fn value(&self, x: &[f64]) -> f64 {
        self(x)
    }
}

/// Progress along the straight line from `a` to `b`:
/// `ξ(x) = (x − a)·(b − a) / |b − a|²`, so `ξ(a) = 0` and `ξ(b) = 1`.
/// In 1-D this is the state itself, rescaled; in higher dimension the line
/// from a minimum to the other (or to the saddle) is the usual cheap choice.
#[derive(Debug, Clone, PartialEq)]
pub struct LineCoordinate {
    a: Vec<f64>,
    /// `(b − a) / |b − a|²`.
    direction: Vec<f64>,
}

impl LineCoordinate {
    /// The coordinate along the segment `a → b`.
    ///
    /// # Errors
    /// [`crate::SdeError::DimensionMismatch`] if the points differ in
    /// dimension, [`crate::SdeError::InvalidParameter`] if a coordinate is
    /// not finite or `a = b`.
    pub fn new(a: &[f64], b: &[f64]) -> crate::Result<Self> {
        if a.len() != b.len() {
            return Err(crate::SdeError::DimensionMismatch {
                what: "line coordinate end point b",
                expected: a.len(),
                found: b.len(),
            });
        }
        if let Some(v) = a.iter().chain(b).find(|v| !v.is_finite()) {
            return Err(crate::SdeError::InvalidParameter {
                name: "line coordinate end point",
                value: *v,
                constraint: "finite",
            });
        }
        let d: Vec<f64> = a.iter().zip(b).map(|(a, b)| b - a).collect();
        let norm2: f64 = d.iter().map(|v| v * v).sum();
        if norm2 == 0.0 {
            return Err(crate::SdeError::InvalidParameter {
                name: "line coordinate |b − a|",
                value: 0.0,
                constraint: "> 0 (distinct end points)",
            });
        }
        Ok(Self {
            a: a.to_vec(),
            direction: d.iter().map(|v| v / norm2).collect(),
        })
    }
}

impl ReactionCoordinate for LineCoordinate {
    #[inline]
    fn value(&self, x: &[f64]) -> f64 {
        x.iter()
            .zip(&self.a)
            .zip(&self.direction)
            .map(|((x, a), d)| (x - a) * d)
            .sum()
    }
}

/// The domain's gauge about the start: `ξ(x) = t` when `x` lies on the
/// boundary of the domain shrunk by `t` about `x0`; 0 at `x0`, 1 on the
/// boundary, so `B = {ξ ≥ 1}` is the outside of the domain and an exit-time
/// problem becomes a splitting problem without a user coordinate. In 1-D
/// it is the line coordinate towards whichever end `x` moves to; for a
/// domain whose exit is through a saddle it levels the way uniformly, not
/// along the committor (a workable, not an optimal, coordinate).
#[derive(Debug, Clone, PartialEq)]
pub struct DomainGauge {
    domain: crate::FlatDomain,
    x0: Vec<f64>,
    /// For an interval `(lo, hi)`: `1/(hi − x0)` and `1/(x0 − lo)` (0 for an
    /// infinite end), so the per-step value multiplies instead of dividing.
    inverse_reach: [f64; 2],
}

impl DomainGauge {
    /// The gauge of `domain` about `x0`.
    ///
    /// # Errors
    /// [`crate::SdeError::DimensionMismatch`] if `x0` does not have the
    /// domain's dimension, [`crate::SdeError::InvalidParameter`] if `x0` is
    /// not inside.
    pub fn new(domain: crate::FlatDomain, x0: &[f64]) -> crate::Result<Self> {
        use crate::Domain;
        if x0.len() != domain.dim() {
            return Err(crate::SdeError::DimensionMismatch {
                what: "start point of the domain gauge",
                expected: domain.dim(),
                found: x0.len(),
            });
        }
        if let Some(face) = domain.exit_boundary(x0) {
            return Err(crate::SdeError::InvalidParameter {
                name: "start point (outside the domain, face)",
                value: face as f64,
                constraint: "inside the domain",
            });
        }
        let inverse_reach = match &domain {
            crate::FlatDomain::Interval(i) => {
                let (lo, hi) = i.ends();
                [1.0 / (hi - x0[0]), 1.0 / (x0[0] - lo)]
            }
            _ => [0.0; 2],
        };
        Ok(Self {
            domain,
            x0: x0.to_vec(),
            inverse_reach,
        })
    }
}

impl ReactionCoordinate for DomainGauge {
    #[inline(always)]
    fn value(&self, x: &[f64]) -> f64 {
        // The 1-D case inline (the paper's escapes; `FlatDomain::gauge`'s
        // four-shape body is too large to inline), by the reciprocals: a
        // division's latency was a third of the splitting step. It may
        // differ from `Interval::gauge` in the last bit; splitting only
        // compares values, so that moves no decision but at exact ties.
        match &self.domain {
            crate::FlatDomain::Interval(_) => {
                let t = x[0] - self.x0[0];
                if t >= 0.0 {
                    t * self.inverse_reach[0]
                } else {
                    -t * self.inverse_reach[1]
                }
            }
            d => d.gauge(&self.x0, x),
        }
    }
}

/// A coordinate `g` that fixes the sets — `A = {g ≤ z_A}`, `B = {g ≥ z_B}`
/// — with the way between them ordered by another coordinate `c`, the
/// *guide*:
/// `ξ(x) = 0` on `A`, `1` on `B`, and `c(x)` clamped into the open interval
/// `(0, 1)` in between. Splitting with `ξ` and levels `(0, 1)` estimates the
/// same probability as with `g` and levels `(z_A, z_B)` — splitting is
/// unbiased for any coordinate — but its variance is that of the guide's
/// level sets: a committor estimate as guide is near-optimal. A guide that
/// leaves `(0, 1)` inside is clamped, and the clamped points tie (ties are
/// killed together, as the unbiased algorithm requires). NaN from the
/// guide stays NaN (a typed error of the splitting run).
#[derive(Debug, Clone, PartialEq)]
pub struct GuidedCoordinate<'a, G, C> {
    frame: &'a G,
    z_a: f64,
    z_b: f64,
    guide: &'a C,
}

/// The largest float below 1.
const BELOW_ONE: f64 = 1.0 - f64::EPSILON / 2.0;

impl<'a, G: ReactionCoordinate, C: ReactionCoordinate> GuidedCoordinate<'a, G, C> {
    /// The sets `{frame ≤ z_a}`, `{frame ≥ z_b}` ordered by `guide`.
    ///
    /// # Errors
    /// [`crate::SdeError::InvalidParameter`] unless `z_a < z_b`, both finite.
    pub fn new(frame: &'a G, z_a: f64, z_b: f64, guide: &'a C) -> crate::Result<Self> {
        if !(z_a.is_finite() && z_b.is_finite() && z_a < z_b) {
            return Err(crate::SdeError::InvalidParameter {
                name: "guided coordinate z_B",
                value: z_b,
                constraint: "finite and > z_A (finite)",
            });
        }
        Ok(Self {
            frame,
            z_a,
            z_b,
            guide,
        })
    }
}

impl<G: ReactionCoordinate, C: ReactionCoordinate> ReactionCoordinate
    for GuidedCoordinate<'_, G, C>
{
    #[inline(always)]
    fn value(&self, x: &[f64]) -> f64 {
        let g = self.frame.value(x);
        if g <= self.z_a {
            0.0
        } else if g >= self.z_b {
            1.0
        } else if g.is_nan() {
            g
        } else {
            let c = self.guide.guide_value(x, g);
            if c.is_nan() {
                c
            } else {
                c.clamp(f64::MIN_POSITIVE, BELOW_ONE)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_coordinate_is_zero_at_a_one_at_b_and_affine() {
        let c = LineCoordinate::new(&[1.0, -1.0], &[-1.0, 1.0]).unwrap();
        assert_eq!(c.value(&[1.0, -1.0]), 0.0);
        assert_eq!(c.value(&[-1.0, 1.0]), 1.0);
        assert_eq!(c.value(&[0.0, 0.0]), 0.5);
        // Orthogonal moves do not change it.
        assert_eq!(c.value(&[1.0, 1.0]), 0.5);
    }

    /// 0 at the start, 1 on the boundary, for every shape.
    #[test]
    fn the_domain_gauge_is_zero_at_the_start_and_one_on_the_boundary() {
        use crate::{Ball, BoxDomain, FlatDomain, HalfSpace, Interval};
        let x0 = [0.25, -0.5];
        let shapes: Vec<(FlatDomain, Vec<[f64; 2]>)> = vec![
            (
                HalfSpace::new(vec![1.0, 1.0], 1.0).unwrap().into(),
                vec![[1.5, -0.5], [0.0, 1.0]],
            ),
            (
                BoxDomain::new(vec![-1.0, -2.0], vec![1.0, 2.0])
                    .unwrap()
                    .into(),
                vec![[1.0, 0.0], [0.25, -2.0]],
            ),
            (
                Ball::new(vec![0.0, 0.0], 2.0).unwrap().into(),
                vec![[2.0, 0.0], [0.0, -2.0]],
            ),
        ];
        for (d, boundary) in shapes {
            let g = DomainGauge::new(d.clone(), &x0).unwrap();
            assert_eq!(g.value(&x0), 0.0);
            for b in boundary {
                assert!(
                    (g.value(&b) - 1.0).abs() < 1e-14,
                    "{d:?} at {b:?}: {}",
                    g.value(&b)
                );
                // Halfway along the segment from x0: one half.
                let mid = [0.5 * (x0[0] + b[0]), 0.5 * (x0[1] + b[1])];
                assert!((g.value(&mid) - 0.5).abs() < 1e-14, "{d:?} at {mid:?}");
            }
        }
        let i =
            DomainGauge::new(Interval::new(-1.0, f64::INFINITY).unwrap().into(), &[0.0]).unwrap();
        assert_eq!(i.value(&[-1.0]), 1.0);
        assert_eq!(i.value(&[-0.25]), 0.25);
        assert_eq!(i.value(&[5.0]), 0.0);
        assert!(DomainGauge::new(Interval::new(-1.0, 0.0).unwrap().into(), &[0.5]).is_err());
    }

    #[test]
    fn degenerate_lines_are_typed_errors() {
        assert!(LineCoordinate::new(&[0.0], &[0.0]).is_err());
        assert!(LineCoordinate::new(&[0.0], &[0.0, 1.0]).is_err());
        assert!(LineCoordinate::new(&[f64::NAN], &[1.0]).is_err());
    }

    /// 0 on A, 1 on B, the guide clamped into (0, 1) between, NaN kept.
    #[test]
    fn the_guided_coordinate_frames_the_guide_by_the_sets() {
        let frame = |x: &[f64]| x[0];
        let guide = |x: &[f64]| x[1];
        let xi = GuidedCoordinate::new(&frame, 0.1, 1.0, &guide).unwrap();
        assert_eq!(xi.value(&[0.1, 0.5]), 0.0);
        assert_eq!(xi.value(&[1.0, 0.5]), 1.0);
        assert_eq!(xi.value(&[0.5, 0.25]), 0.25);
        let low = xi.value(&[0.5, -3.0]);
        let high = xi.value(&[0.5, 7.0]);
        assert!(low > 0.0 && high < 1.0, "{low} {high}");
        assert!(xi.value(&[0.5, f64::NAN]).is_nan());
        assert!(xi.value(&[f64::NAN, 0.5]).is_nan());
        assert!(GuidedCoordinate::new(&frame, 1.0, 1.0, &guide).is_err());
    }
}
