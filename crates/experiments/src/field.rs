//! 2-D scalar fields for heatmap figures (a landscape, a density on a grid)
//! and the overlays drawn on them: a few seeded sample paths, marked points.
//!
//! These only add figures: nothing here feeds a table or a verdict.

use serde::Serialize;
use sgdpde_landscape::{KnownCriticalPoint, Landscape};
use sgdpde_sde::{Ensemble, EulerMaruyama, Integrator, SamplePaths, Sde};

use crate::error::Result;
use crate::report::{Series, SeriesStyle};

/// A scalar field on a rectangular grid, drawn as a heatmap with a colour
/// bar and contour lines.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    /// What the colour shows (the colour bar's label).
    pub label: String,
    /// Abscissae of the grid columns (cell centres, increasing).
    pub x: Vec<f64>,
    /// Ordinates of the grid rows (cell centres, increasing).
    pub y: Vec<f64>,
    /// Values, row-major: `values[j * x.len() + i]` is the value at
    /// `(x[i], y[j])`.
    pub values: Vec<f64>,
    /// Colour scale `[lo, hi]`; values outside it saturate.
    pub scale: [f64; 2],
    /// Contour levels, drawn as lines of `contour_values`.
    pub levels: Vec<f64>,
    /// The field whose contours are drawn (same grid); empty: `values`.
    pub contour_values: Vec<f64>,
    /// Legend label of the contour lines (`""`: none).
    pub contour_label: String,
}

impl Field {
    /// `f` sampled at the centres of an `n × n` grid of cells on
    /// `[x0, x1] × [y0, y1]`, coloured on `scale`, with contours at `levels`.
    pub fn sample(
        label: impl Into<String>,
        [x0, x1]: [f64; 2],
        [y0, y1]: [f64; 2],
        n: usize,
        f: impl Fn(f64, f64) -> f64,
        scale: [f64; 2],
        levels: Vec<f64>,
    ) -> Self {
        let centres = |a: f64, b: f64| -> Vec<f64> {
            (0..n)
                .map(|i| a + (i as f64 + 0.5) * (b - a) / n as f64)
                .collect()
        };
        let (x, y) = (centres(x0, x1), centres(y0, y1));
        let values = y
            .iter()
            .flat_map(|&yj| x.iter().map(move |&xi| (xi, yj)))
            .map(|(xi, yj)| f(xi, yj))
            .collect();
        Self {
            label: label.into(),
            x,
            y,
            values,
            scale,
            levels,
            contour_values: Vec::new(),
            contour_label: String::new(),
        }
    }

    /// The landscape `L` of a 2-D problem on `[x0, x1] × [y0, y1]` (`n × n`
    /// cells), coloured from `L_min` to `L_min + span`, with contours every
    /// `span / 8` and one through `level` (a saddle's value, say).
    pub fn landscape(
        l: &impl Landscape,
        xs: [f64; 2],
        ys: [f64; 2],
        n: usize,
        span: f64,
        level: f64,
    ) -> Self {
        let mut f = Self::sample(
            "L",
            xs,
            ys,
            n,
            |x, y| l.value(&[x, y]),
            [0.0; 2],
            Vec::new(),
        );
        let lo = f.values.iter().copied().fold(f64::INFINITY, f64::min);
        f.scale = [lo, lo + span];
        f.levels = (1..8).map(|k| lo + span * k as f64 / 8.0).collect();
        f.levels.push(level);
        f.levels.sort_by(f64::total_cmp);
        f
    }

    /// A grid density `u` (axis 0 fastest, as the Fokker–Planck grids store
    /// it, which is this row-major order) with centres `x`, `y`, coloured
    /// from 0 to its maximum, contours at 10 %, 30 %, 50 %, 70 % and 90 % of
    /// it.
    pub fn density(label: impl Into<String>, x: Vec<f64>, y: Vec<f64>, u: Vec<f64>) -> Self {
        let hi = u.iter().copied().fold(0.0, f64::max);
        Self {
            label: label.into(),
            x,
            y,
            values: u,
            scale: [0.0, hi],
            levels: [0.1, 0.3, 0.5, 0.7, 0.9].map(|q| q * hi).to_vec(),
            contour_values: Vec::new(),
            contour_label: String::new(),
        }
    }
}

/// Up to `paths` seeded sample paths of a 2-D SDE from `x0` (Euler–Maruyama,
/// step `dt`, to `t_end`, a point every `every` steps), as one line series
/// whose paths are separated by NaN points.
///
/// # Errors
/// An invalid run (see [`Ensemble::new`]) or a path that blows up.
#[allow(clippy::too_many_arguments)] // one run's parameters, each named at the call
pub(crate) fn sample_paths<S: Sde>(
    label: impl Into<String>,
    sde: &S,
    x0: [f64; 2],
    dt: f64,
    t_end: f64,
    every: u64,
    paths: u64,
    seed: u64,
) -> Result<Series>
where
    EulerMaruyama: Integrator<S>,
{
    let steps = (t_end / dt).round() as u64;
    let times: Vec<f64> = (0..=steps / every)
        .map(|k| (k * every) as f64 * dt)
        .collect();
    let t_end = times.last().copied().unwrap_or(0.0);
    let run = Ensemble::new(paths, dt, t_end, seed)?.with_snapshots(&times)?;
    let states = run.run(sde, &EulerMaruyama, &x0, &SamplePaths::new(paths))?;
    let (mut x, mut y) = (Vec::new(), Vec::new());
    for (k, path) in states.chunks(2 * times.len()).enumerate() {
        if k > 0 {
            x.push(f64::NAN);
            y.push(f64::NAN);
        }
        for p in path.chunks_exact(2) {
            x.push(p[0]);
            y.push(p[1]);
        }
    }
    Ok(Series::new(label, x, y, SeriesStyle::Line))
}

/// The minima and the index-1 saddles among `points` (2-D) as two point
/// series (`"minima"`, `"index-1 saddles"`; an empty kind is left out), to
/// mark on a landscape's heatmap.
pub fn critical_points(points: &[KnownCriticalPoint]) -> Vec<Series> {
    [(0, "minima"), (1, "index-1 saddles")]
        .into_iter()
        .filter_map(|(index, label)| {
            let p: Vec<&KnownCriticalPoint> = points.iter().filter(|p| p.index == index).collect();
            (!p.is_empty()).then(|| {
                Series::new(
                    label,
                    p.iter().map(|p| p.x[0]).collect(),
                    p.iter().map(|p| p.x[1]).collect(),
                    SeriesStyle::Points,
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sgdpde_landscape::{CoupledDoubleWell, KnownCriticalPoints};
    use sgdpde_sde::{SdeModel, Temperature};

    #[test]
    fn sampled_fields_are_row_major_with_x_fastest() {
        let f = Field::sample(
            "f",
            [0.0, 2.0],
            [0.0, 4.0],
            2,
            |x, y| 10.0 * y + x,
            [0.0; 2],
            vec![],
        );
        assert_eq!(f.x, vec![0.5, 1.5]);
        assert_eq!(f.y, vec![1.0, 3.0]);
        assert_eq!(f.values, vec![10.5, 11.5, 30.5, 31.5]);
    }

    #[test]
    fn sample_paths_start_at_x0_and_are_separated_by_nan() {
        let l = CoupledDoubleWell::new(2.0, 0.5).unwrap();
        let sde = SdeModel::langevin(l, Temperature::epsilon(0.5).unwrap()).unwrap();
        let s = sample_paths("p", &sde, [-1.0, -0.5], 0.01, 1.0, 10, 3, 7).unwrap();
        // 11 points per path (t = 0, 0.1, …, 1), two NaN separators.
        assert_eq!(s.x.len(), 3 * 11 + 2);
        assert_eq!((s.x[0], s.y[0]), (-1.0, -0.5));
        assert!(s.x[11].is_nan() && s.x[23].is_nan());
        assert_eq!((s.x[12], s.y[12]), (-1.0, -0.5));
        assert!(s.x[1..11].iter().all(|v| v.is_finite()));
        let pts = critical_points(&l.known_critical_points());
        assert_eq!(pts.len(), 2);
        assert_eq!(pts[0].x.len(), 2);
        assert_eq!((pts[1].x[0], pts[1].y[0]), (0.0, 0.0));
    }
}
