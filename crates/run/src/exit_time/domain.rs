//! The target domain of `exit-time` as the user gives it (`--domain`), and
//! its parse: `interval:LO:HI`, `halfspace:N1,…:C`, `box:LO1,…:HI1,…`,
//! `ball:R[:C1,…]` or `basin`.

use std::str::FromStr;

use serde::{Deserialize, Serialize};
use sgdpde_landscape::excerpt;
use sgdpde_sde::{Ball, BoxDomain, FlatDomain, HalfSpace, Interval};

/// A target domain by its numbers (the report names it by its `Debug` form).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum DomainSpec {
    /// `interval:LO:HI` (1-D; ends may be `-inf`/`inf`).
    Interval(f64, f64),
    /// `halfspace:N1,N2,…:C` = `{x : n·x < c}`.
    HalfSpace(Vec<f64>, f64),
    /// `box:LO1,…:HI1,…`.
    Box(Vec<f64>, Vec<f64>),
    /// `ball:R` (around the origin) or `ball:R:C1,C2,…`.
    Ball(f64, Option<Vec<f64>>),
    /// `basin` (1-D): the interval between the index-1 critical points
    /// (barrier tops) neighbouring the start point.
    Basin,
}

impl DomainSpec {
    /// The domain of a shape given by its numbers, as the one [`FlatDomain`]
    /// type (the exit loops are then compiled once per SDE and integrator,
    /// not once per shape); `None` for `basin`, which needs a landscape.
    ///
    /// # Errors
    /// The shape's own validation (`sgdpde_sde::SdeError`).
    pub fn flat(&self, dim: usize) -> sgdpde_sde::Result<Option<FlatDomain>> {
        Ok(Some(match self.clone() {
            Self::Interval(lo, hi) => Interval::new(lo, hi)?.into(),
            Self::HalfSpace(n, c) => HalfSpace::new(n, c)?.into(),
            Self::Box(lo, hi) => BoxDomain::new(lo, hi)?.into(),
            Self::Ball(r, c) => Ball::new(c.unwrap_or_else(|| vec![0.0; dim]), r)?.into(),
            Self::Basin => return Ok(None),
        }))
    }
}

fn number(v: &str) -> Result<f64, String> {
    v.trim()
        .parse::<f64>()
        .map_err(|_| format!("`{}` is not a number", excerpt(v.trim())))
}

fn numbers(s: &str) -> Result<Vec<f64>, String> {
    s.split(',').map(number).collect()
}

impl FromStr for DomainSpec {
    type Err = String;

    /// Parses a `--domain` value; the error names the offending text.
    fn from_str(s: &str) -> Result<Self, String> {
        let parts: Vec<&str> = s.split(':').collect();
        Ok(match parts.as_slice() {
            ["interval", lo, hi] => Self::Interval(number(lo)?, number(hi)?),
            ["halfspace", n, c] => Self::HalfSpace(numbers(n)?, number(c)?),
            ["box", lo, hi] => Self::Box(numbers(lo)?, numbers(hi)?),
            ["ball", r] => Self::Ball(number(r)?, None),
            ["ball", r, c] => Self::Ball(number(r)?, Some(numbers(c)?)),
            ["basin"] => Self::Basin,
            _ => {
                return Err(format!(
                    "`{}` is not a domain: use interval:LO:HI, halfspace:N1,..:C, box:LO1,..:HI1,.., \
                     ball:R[:C1,..] or basin",
                    excerpt(s)
                ));
            }
        })
    }
}
