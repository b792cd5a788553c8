//! Which two minima each index-1 saddle connects, and its barrier heights.

use super::basin::{Basin, BasinOptions, basin_of};
use super::classify::symmetric_eigen;
use super::find_all::CriticalSet;
use crate::error::Result;
use crate::traits::LandscapeHessian;

/// An index-1 saddle with the two minima it connects.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Barrier {
    /// Index into [`CriticalSet::saddles`].
    pub saddle: usize,
    /// Indices into [`CriticalSet::minima`], in increasing order.
    pub minima: [usize; 2],
    /// `L(saddle) − L(minima[0])` and `L(saddle) − L(minima[1])`.
    pub heights: [f64; 2],
}

/// For every index-1 saddle `s` of `set`, follows the gradient flow from
/// `s ± δ v` (v the unit eigenvector of the negative Hessian eigenvalue,
/// `δ = 10⁻³ max(1, ‖s‖)`) down to the two minima it connects, and returns
/// the barrier heights `L(s) − L(m)` seen from each.
///
/// ```text
/// s ± δv  ──ẋ = −∇L──▶  m₋, m₊ ;   heights = (L(s) − L(m₋), L(s) − L(m₊))
/// ```
///
/// Along `v` the loss decreases as `L(s) − ½|λ_s|δ²` and the gradient grows
/// as `|λ_s|δ`, far above [`BasinOptions::gradient_tol`], so both flows leave
/// the saddle on opposite sides of its stable manifold (the separatrix).
/// Saddles whose flow ends undecided or at an unlisted minimum (e.g. outside
/// the search box) are left out; the result is ordered by saddle index.
///
/// # Order
/// The heights are differences of Newton-polished values: exact to
/// round-off (the value error at a critical point is second order in the
/// position error).
///
/// # Stability
/// Inherits [`basin_of`]'s step control (stable explicit Heun steps).
///
/// # Errors
/// Errors of [`basin_of`] (numerical blow-up, Newton failure).
///
/// # Examples
/// ```
/// use sgdpde_landscape::DoubleWell;
/// use sgdpde_landscape::critical::{BasinOptions, FindAllOptions, connect_saddles, find_all};
/// let w = DoubleWell::symmetric();
/// let set = find_all(&w, &[[-2.0, 2.0]], &FindAllOptions::default())?;
/// let b = connect_saddles(&w, &set, &BasinOptions::default())?;
/// assert_eq!(b[0].minima, [0, 1]);
/// assert!((b[0].heights[0] - 0.25).abs() < 1e-15);
/// # Ok::<(), sgdpde_landscape::LandscapeError>(())
/// ```
///
/// # References
/// D. J. Wales, *Energy Landscapes*, Cambridge (2003), §6.3 (connecting a
/// transition state to its minima by steepest descent).
pub fn connect_saddles<L: LandscapeHessian + ?Sized>(
    l: &L,
    set: &CriticalSet,
    opts: &BasinOptions,
) -> Result<Vec<Barrier>> {
    let d = l.dim();
    let minima: Vec<Vec<f64>> = set.minima.iter().map(|m| m.x.clone()).collect();
    let mut h = vec![0.0; d * d];
    let mut out = Vec::new();
    for (k, s) in set.saddles.iter().enumerate() {
        l.hessian_into(&s.x, &mut h);
        let (_, vecs) = symmetric_eigen(&h, d);
        let delta = 1e-3 * s.x.iter().fold(1.0f64, |m, v| m.max(v.abs()));
        let mut ends = [0usize; 2];
        let mut ok = true;
        for (side, sign) in [-1.0, 1.0].into_iter().enumerate() {
            let x: Vec<f64> = (0..d)
                .map(|i| s.x[i] + sign * delta * vecs[(i, 0)])
                .collect();
            match basin_of(l, &x, &minima, opts)? {
                Basin::Minimum(m) => ends[side] = m,
                _ => ok = false,
            }
        }
        if !ok || ends[0] == ends[1] {
            continue;
        }
        ends.sort_unstable();
        out.push(Barrier {
            saddle: k,
            minima: ends,
            heights: [
                s.value - set.minima[ends[0]].value,
                s.value - set.minima[ends[1]].value,
            ],
        });
    }
    Ok(out)
}
