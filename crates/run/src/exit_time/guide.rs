//! The reaction coordinate of `exit-time --method ams`
//! (`--reaction-coordinate`): what orders the splitting's levels between
//! `A = {gauge ≤ z_A}` and the outside of the domain. The sets are always
//! the domain gauge's (`sgdpde_sde::DomainGauge`), so every choice
//! estimates the same mean exit time; the choice changes only the variance
//! (`sgdpde_sde::GuidedCoordinate`, `proofs-notes/ams.md` §7).

use serde::{Deserialize, Serialize};
use sgdpde_fokker_planck::{
    Boundary, BoundaryConditions, FokkerPlanck, Grid, Isotropic, committor,
};
use sgdpde_landscape::{AnyLandscape, Landscape};
use sgdpde_sde::{Domain, DomainGauge, FlatDomain, LineCoordinate, ReactionCoordinate};

use super::pde::PdeGrid;
use super::theory;

/// The reaction coordinate's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum CoordinateKind {
    /// The domain gauge itself: 0 at `x0`, 1 on the boundary.
    #[default]
    Gauge,
    /// Progress along the segment from `x0` to the lowest index-1 saddle
    /// in the outer half of the domain or outside it (gauge `≥ ½`: the
    /// saddle the exit passes, also when a shifted boundary leaves it just
    /// inside).
    Line,
    /// `(L(x) − L(x0)) / (L(s) − L(x0))`, `s` that saddle: the level sets
    /// of the landscape.
    Landscape,
    /// The committor `P_x(leave the domain before A)` of the backward
    /// equation on the PDE grid (`--cells`, `--grid-lower/upper`),
    /// interpolated multilinearly: the optimal coordinate, up to the grid.
    Committor,
}

impl std::str::FromStr for CoordinateKind {
    type Err = anyhow::Error;
    fn from_str(s: &str) -> anyhow::Result<Self> {
        Ok(match s {
            "gauge" => Self::Gauge,
            "line" => Self::Line,
            "landscape" => Self::Landscape,
            "committor" => Self::Committor,
            other => anyhow::bail!(
                "--reaction-coordinate {other:?}: expected gauge, line, landscape or committor"
            ),
        })
    }
}

impl std::fmt::Display for CoordinateKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Gauge => "gauge",
            Self::Line => "line",
            Self::Landscape => "landscape",
            Self::Committor => "committor",
        })
    }
}

/// A prepared guide: one concrete type for every kind, so the splitting
/// loop is compiled once per model × integrator (the per-kind branch is a
/// `match` per step, beside a step of the SDE).
#[derive(Debug, Clone)]
pub(super) enum Guide {
    /// The gauge itself: between `A` and `B` its values lie in
    /// `(z_A, 1) ⊂ (0, 1)`, so the guided coordinate orders the levels as
    /// the gauge does — bitwise the unguided run.
    Gauge(DomainGauge),
    Line(LineCoordinate),
    Landscape {
        landscape: AnyLandscape,
        base: f64,
        barrier: f64,
    },
    Committor {
        grid: Grid,
        q: Vec<f64>,
    },
}

impl ReactionCoordinate for Guide {
    #[inline]
    fn value(&self, x: &[f64]) -> f64 {
        match self {
            Self::Gauge(gauge) => gauge.value(x),
            Self::Line(c) => c.value(x),
            Self::Landscape {
                landscape,
                base,
                barrier,
            } => (landscape.value(x) - base) / barrier,
            Self::Committor { grid, q } => grid.interpolate(q, x),
        }
    }

    /// The frame is the gauge: the `Gauge` guide is its value.
    #[inline(always)]
    fn guide_value(&self, x: &[f64], frame: f64) -> f64 {
        match self {
            Self::Gauge(_) => frame,
            _ => self.value(x),
        }
    }
}

/// The `gauge` guide of `domain` about `x0` (needs no landscape).
///
/// # Errors
/// `x0` outside the domain or of the wrong dimension.
pub(super) fn gauge_guide(domain: &FlatDomain, x0: &[f64]) -> anyhow::Result<Guide> {
    Ok(Guide::Gauge(DomainGauge::new(domain.clone(), x0)?))
}

/// What the guides are built from.
pub(super) struct GuideInputs<'a> {
    pub landscape: &'a AnyLandscape,
    pub epsilon: f64,
    pub domain: &'a FlatDomain,
    pub x0: &'a [f64],
    pub z_a: f64,
    pub search_box: &'a [[f64; 2]],
    /// The PDE grid (the committor's).
    pub grid: &'a dyn Fn() -> anyhow::Result<PdeGrid>,
}

impl GuideInputs<'_> {
    /// The guide of `kind`.
    ///
    /// # Errors
    /// One line: no saddle on or outside the boundary (line, landscape), a
    /// saddle not above `x0`, or the committor solve's failure.
    pub fn guide(&self, kind: CoordinateKind) -> anyhow::Result<Guide> {
        let gauge = DomainGauge::new(self.domain.clone(), self.x0)?;
        Ok(match kind {
            CoordinateKind::Gauge => Guide::Gauge(gauge),
            CoordinateKind::Line => {
                Guide::Line(LineCoordinate::new(self.x0, &self.saddle(&gauge)?)?)
            }
            CoordinateKind::Landscape => {
                let s = self.saddle(&gauge)?;
                let l = self.landscape;
                let base = l.value(self.x0);
                let barrier = l.value(&s) - base;
                if barrier.is_nan() || barrier <= 0.0 {
                    anyhow::bail!(
                        "--reaction-coordinate landscape: the saddle {s:?} is not above x0 \
                         (L(s) − L(x0) = {barrier}); use gauge, line or committor"
                    );
                }
                Guide::Landscape {
                    landscape: l.clone(),
                    base,
                    barrier,
                }
            }
            CoordinateKind::Committor => self.committor(&gauge)?,
        })
    }

    /// The lowest index-1 saddle with gauge `≥ ½` (in the outer half of the
    /// domain about `x0`, on its boundary or outside): where the way out
    /// crosses the barrier.
    fn saddle(&self, gauge: &DomainGauge) -> anyhow::Result<Vec<f64>> {
        let l = self.landscape;
        theory::saddles(l, self.search_box)?
            .into_iter()
            .filter(|s| gauge.value(s) >= 0.5)
            .min_by(|a, b| l.value(a).total_cmp(&l.value(b)))
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "--reaction-coordinate line|landscape needs an index-1 saddle in the outer half \
                     of the domain (gauge ≥ 1/2 about x0) or outside it, and the landscape has none \
                     in its search box: use gauge or committor"
                )
            })
    }

    /// The backward committor on the PDE grid: `A` the cells whose centre
    /// has gauge `≤ z_A`, `B` those outside the domain, reflecting faces.
    fn committor(&self, gauge: &DomainGauge) -> anyhow::Result<Guide> {
        let spec = (self.grid)()?;
        let d = self.landscape.dim();
        let grid = Grid::new(&spec.lower, &spec.upper, &spec.cells)?;
        let a = grid.mask(|x| gauge.value(x) <= self.z_a);
        let b = grid.mask(|x| self.domain.exit_boundary(x).is_some());
        if !a.iter().any(|&v| v) {
            anyhow::bail!(
                "--reaction-coordinate committor: no cell centre of the PDE grid lies in A = \
                 {{gauge ≤ {}}} about x0; refine --cells or enlarge z_A (--ams-levels)",
                self.z_a
            );
        }
        let fp = FokkerPlanck::gradient(
            grid.clone(),
            BoundaryConditions::uniform(d, Boundary::Reflecting),
            self.landscape.clone(),
            &Isotropic::from_temperature(d, self.epsilon)?,
        )?;
        let q = committor(&fp, &a, &b)?;
        Ok(Guide::Committor { grid, q })
    }
}
