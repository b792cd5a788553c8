//! Contour lines of a gridded field by marching squares, joined into
//! polylines.

use std::collections::HashMap;

/// A crossing point, named by the grid edge it lies on: `(i, j, vertical)`
/// is the edge from node `(i, j)` to `(i + 1, j)` (horizontal) or to
/// `(i, j + 1)` (vertical). Each edge is shared by at most two cells, so
/// the segments of one level chain through these names into polylines.
type Edge = (usize, usize, bool);

/// The contour lines `f = level` of `values` (row-major, `values[j·nx + i]`
/// at `(x[i], y[j])`) as polylines in data coordinates. Cells with a
/// non-finite corner are skipped; a saddle cell is resolved by the mean of
/// its corners.
pub fn contour_lines(x: &[f64], y: &[f64], values: &[f64], level: f64) -> Vec<Vec<(f64, f64)>> {
    let (nx, ny) = (x.len(), y.len());
    if nx < 2 || ny < 2 || values.len() != nx * ny || !level.is_finite() {
        return Vec::new();
    }
    let v = |i: usize, j: usize| values[j * nx + i];
    let point = |(i, j, vertical): Edge| -> (f64, f64) {
        let (i1, j1) = if vertical { (i, j + 1) } else { (i + 1, j) };
        let (a, b) = (v(i, j), v(i1, j1));
        let s = if a == b { 0.5 } else { (level - a) / (b - a) };
        (x[i] + s * (x[i1] - x[i]), y[j] + s * (y[j1] - y[j]))
    };
    let mut segments: Vec<[Edge; 2]> = Vec::new();
    for j in 0..ny - 1 {
        for i in 0..nx - 1 {
            // Corners counter-clockwise from (i, j); the edge after corner k.
            let c = [v(i, j), v(i + 1, j), v(i + 1, j + 1), v(i, j + 1)];
            if c.iter().any(|c| !c.is_finite()) {
                continue;
            }
            let edges: [Edge; 4] = [
                (i, j, false),
                (i + 1, j, true),
                (i, j + 1, false),
                (i, j, true),
            ];
            let above = c.map(|c| c > level);
            let crossed: Vec<usize> = (0..4).filter(|&k| above[k] != above[(k + 1) % 4]).collect();
            match crossed.len() {
                2 => segments.push([edges[crossed[0]], edges[crossed[1]]]),
                4 => {
                    // Saddle: the centre's side decides which corners join.
                    let centre_above = c.iter().sum::<f64>() / 4.0 > level;
                    if centre_above == above[0] {
                        segments.push([edges[0], edges[1]]);
                        segments.push([edges[2], edges[3]]);
                    } else {
                        segments.push([edges[3], edges[0]]);
                        segments.push([edges[1], edges[2]]);
                    }
                }
                _ => {}
            }
        }
    }
    chain(&segments)
        .into_iter()
        .map(|line| line.into_iter().map(point).collect())
        .collect()
}

/// Joins segments that share an edge into polylines.
fn chain(segments: &[[Edge; 2]]) -> Vec<Vec<Edge>> {
    let mut at: HashMap<Edge, Vec<usize>> = HashMap::new();
    for (k, s) in segments.iter().enumerate() {
        for e in s {
            at.entry(*e).or_default().push(k);
        }
    }
    let mut used = vec![false; segments.len()];
    let mut lines = Vec::new();
    // Open lines first (from an end used once), then closed loops.
    let mut starts: Vec<usize> = (0..segments.len())
        .filter(|&k| segments[k].iter().any(|e| at[e].len() == 1))
        .collect();
    starts.extend(0..segments.len());
    for start in starts {
        if used[start] {
            continue;
        }
        used[start] = true;
        let [a, b] = segments[start];
        let (mut line, mut end) = if at[&a].len() == 1 {
            (vec![a, b], b)
        } else {
            (vec![b, a], a)
        };
        while let Some(&next) = at[&end].iter().find(|&&k| !used[k]) {
            used[next] = true;
            let [p, q] = segments[next];
            end = if p == end { q } else { p };
            line.push(end);
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The circle `x² + y² = 1` of `f = x² + y²` on a 41² grid: one closed
    /// polyline on the circle to the linear interpolation's error. Along an
    /// edge `f″ = 2`, so the interpolated crossing `p` has
    /// `|f(p) − 1| ≤ h²/4` and `|r − 1| ≤ h²/8` (h = 0.1).
    #[test]
    fn a_circle_is_one_closed_line_on_the_circle() {
        let g: Vec<f64> = (0..41).map(|i| -2.0 + 0.1 * i as f64).collect();
        let f: Vec<f64> = g
            .iter()
            .flat_map(|y| g.iter().map(move |x| x * x + y * y))
            .collect();
        let lines = contour_lines(&g, &g, &f, 1.0);
        assert_eq!(lines.len(), 1);
        let l = &lines[0];
        assert!(l.len() > 40);
        assert_eq!(l.first(), l.last(), "closed");
        for (x, y) in l {
            assert!(
                ((x * x + y * y).sqrt() - 1.0).abs() < 0.01 / 8.0 + 1e-12,
                "({x}, {y})"
            );
        }
    }

    /// A level crossing the grid's border gives open lines; levels outside
    /// the range, bad shapes and NaN cells give none.
    #[test]
    fn open_lines_and_degenerate_inputs() {
        let g: Vec<f64> = (0..11).map(|i| i as f64).collect();
        let f: Vec<f64> = g.iter().flat_map(|_| g.iter().copied()).collect();
        let lines = contour_lines(&g, &g, &f, 4.5);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].len(), 11);
        assert!(lines[0].iter().all(|p| (p.0 - 4.5).abs() < 1e-12));
        assert!(contour_lines(&g, &g, &f, 20.0).is_empty());
        assert!(contour_lines(&g, &g, &f[1..], 4.5).is_empty());
        assert!(contour_lines(&g, &g, &f, f64::NAN).is_empty());
        let nan = vec![f64::NAN; f.len()];
        assert!(contour_lines(&g, &g, &nan, 4.5).is_empty());
    }
}
