//! The Müller–Brown transition of the small-noise splitting study: from the
//! minimum B over the index-1 saddle S₂ to the minimum C.
//!
//! The critical points are the published ones refined by Newton's method to
//! `|∇L| ≤ 1e-10` (the published coordinates carry `5e-4`, which would
//! leave a gradient of `O(1)` at Hessian eigenvalues of `O(10³)`). The
//! coordinate is the line `ξ(x) = (x − B)·(C − B)/|C − B|²` (`ξ(B) = 0`,
//! `ξ(C) = 1`) with `A = {ξ ≤ 0.1}`, `Σ = {ξ ≥ 0.2}` and `B = {ξ ≥ 1}`, the
//! half-plane beyond C. The saddle sits at `ξ(S₂) ≈ 0.61`; the reaction path
//! bends away from the line, so the line is a workable, not the optimal,
//! coordinate (splitting stays unbiased, only its variance grows).
//!
//! The half-plane also holds the deepest minimum A, but from B every way
//! into it passes C's basin (the only saddle out of B's basin below
//! `L(S₁) = −40.66` is S₂), so the first entrance is near C and the mean
//! time is the Eyring–Kramers time of the escape over S₂
//! (`proofs-notes/ams.md` §11).

use sgdpde_fokker_planck::{
    Boundary, BoundaryConditions, FokkerPlanck, Grid, Isotropic, committor,
};
use sgdpde_landscape::critical::{NewtonOptions, newton_critical_point};
use sgdpde_landscape::{Catalogued, Landscape, MullerBrown};
use sgdpde_sde::{LineCoordinate, ReactionCoordinate};

use super::pde_value;
use super::splitting::Levels;
use crate::error::Result;

/// The refined critical points of the transition `B → C` over `S₂`.
#[derive(Debug, Clone)]
pub(crate) struct MullerBrownPath {
    pub landscape: MullerBrown,
    /// Minimum B (`≈ (0.623, 0.028)`, `L ≈ −108.17`).
    pub b: Vec<f64>,
    /// Saddle S₂ (`≈ (0.212, 0.293)`, `L ≈ −72.25`).
    pub s2: Vec<f64>,
    /// Minimum C (`≈ (−0.050, 0.467)`, `L ≈ −80.77`).
    pub c: Vec<f64>,
    /// `L(S₂) − L(B) ≈ 35.92`.
    pub barrier: f64,
}

impl MullerBrownPath {
    /// `A = {ξ ≤ 0.1}`, `Σ = {ξ ≥ 0.2}`, `B = {ξ ≥ 1}`.
    pub const LEVELS: Levels = Levels {
        z_a: 0.1,
        z_sigma: 0.2,
        z_b: 1.0,
    };

    /// Refines the published points by Newton's method (the Morse indices
    /// of B and S₂ are checked where they are used, by
    /// [`sgdpde_analysis::EyringKramers::new`]).
    pub fn refined() -> Result<Self> {
        let mb = MullerBrown;
        let opts = NewtonOptions {
            gradient_tol: 1e-10,
            ..NewtonOptions::default()
        };
        let refine =
            |x: &[f64; 2]| -> Result<Vec<f64>> { Ok(newton_critical_point(&mb, x, &opts)?.x) };
        let b = refine(&MullerBrown::PUBLISHED_MINIMA[1])?;
        let s2 = refine(&MullerBrown::PUBLISHED_SADDLES[1])?;
        let c = refine(&MullerBrown::PUBLISHED_MINIMA[2])?;
        let barrier = mb.value(&s2) - mb.value(&b);
        Ok(Self {
            landscape: mb,
            b,
            s2,
            c,
            barrier,
        })
    }

    /// The backward-PDE mean time from B to `B = {ξ ≥ 1}` at `ε` on
    /// `cells²` cells of the search box: the cells whose centre has
    /// `ξ ≥ 1` absorb (the placement error, `O(h)` at C, moves the time by
    /// `O(h)` of C's relaxation time, nothing against `T`).
    pub fn mean_time_pde(&self, eps: f64, cells: usize) -> Result<f64> {
        let grid = Self::grid(cells)?;
        let xi = self.coordinate()?;
        let absorbing = grid.mask(|x| xi.value(x) >= Self::LEVELS.z_b);
        pde_value(&self.fokker_planck(grid, eps)?, &absorbing, &self.b)
    }

    fn grid(cells: usize) -> Result<Grid> {
        let b = MullerBrown::ENTRY.search_box;
        Ok(Grid::new(
            &[b[0][0], b[1][0]],
            &[b[0][1], b[1][1]],
            &[cells, cells],
        )?)
    }

    /// Reflecting faces: `L` on the search box's faces exceeds `L(B)` by
    /// ≥ 100, so they carry no weight at these ε.
    fn fokker_planck(&self, grid: Grid, eps: f64) -> Result<FokkerPlanck> {
        Ok(FokkerPlanck::gradient(
            grid,
            BoundaryConditions::uniform(2, Boundary::Reflecting),
            self.landscape,
            &Isotropic::from_temperature(2, eps)?,
        )?)
    }

    /// The backward committor `q(x) = P_x(ξ reaches 1 before 0.1)` at `ε`
    /// on `cells²` cells of the catalogue's search box: the splitting's guide, whose level sets are near-optimal.
    pub fn committor(&self, eps: f64, cells: usize) -> Result<(Grid, Vec<f64>)> {
        let grid = Self::grid(cells)?;
        let xi = self.coordinate()?;
        let a = grid.mask(|x| xi.value(x) <= Self::LEVELS.z_a);
        let b = grid.mask(|x| xi.value(x) >= Self::LEVELS.z_b);
        let fp = self.fokker_planck(grid.clone(), eps)?;
        let q = committor(&fp, &a, &b)?;
        Ok((grid, q))
    }

    /// The line coordinate from B to C.
    pub fn coordinate(&self) -> Result<LineCoordinate> {
        Ok(LineCoordinate::new(&self.b, &self.c)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sgdpde_landscape::critical::{CriticalKind, CriticalPoint};

    #[test]
    fn the_refined_points_are_the_published_ones_and_the_saddle_lies_between_sigma_and_b() {
        let p = MullerBrownPath::refined().unwrap();
        let pairs = [
            (&p.b, MullerBrown::PUBLISHED_MINIMA[1]),
            (&p.s2, MullerBrown::PUBLISHED_SADDLES[1]),
            (&p.c, MullerBrown::PUBLISHED_MINIMA[2]),
        ];
        for (x, published) in pairs {
            for (a, b) in x.iter().zip(published) {
                assert!(
                    (a - b).abs() <= MullerBrown::COORDINATE_PRECISION,
                    "{x:?} vs {published:?}"
                );
            }
        }
        // The published barrier −72.25 − (−108.17) = 35.92, each energy to 5e-3.
        assert!(
            (p.barrier - 35.92).abs() <= 2.0 * MullerBrown::VALUE_PRECISION,
            "{}",
            p.barrier
        );
        let kinds =
            [&p.b, &p.s2, &p.c].map(|x| CriticalPoint::at(&p.landscape, x.clone(), 1e-8).kind);
        assert_eq!(
            kinds,
            [
                CriticalKind::Minimum,
                CriticalKind::Saddle { index: 1 },
                CriticalKind::Minimum
            ]
        );
        let xi = p.coordinate().unwrap();
        assert!(xi.value(&p.b).abs() < 1e-12 && (xi.value(&p.c) - 1.0).abs() < 1e-12);
        let s = xi.value(&p.s2);
        let l = MullerBrownPath::LEVELS;
        assert!(l.z_sigma < s && s < l.z_b, "ξ(S₂) = {s}");
    }
}
