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

    #[test]
    fn degenerate_lines_are_typed_errors() {
        assert!(LineCoordinate::new(&[0.0], &[0.0]).is_err());
        assert!(LineCoordinate::new(&[0.0], &[0.0, 1.0]).is_err());
        assert!(LineCoordinate::new(&[f64::NAN], &[1.0]).is_err());
    }
}
