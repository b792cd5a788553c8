//! Central finite differences, used only to *check* analytic derivatives.

use sgdpde_landscape::{Landscape, LandscapeHessian};

use crate::tolerance::{FD_STEP, fd_tolerance};

/// Central-difference gradient of `l` at `x` with step `h` per coordinate
/// (scaled by `max(1, |xᵢ|)`).
pub fn gradient<L: Landscape + ?Sized>(l: &L, x: &[f64], h: f64) -> Vec<f64> {
    let mut y = x.to_vec();
    (0..x.len())
        .map(|i| {
            let hi = h * x[i].abs().max(1.0);
            y[i] = x[i] + hi;
            let fp = l.value(&y);
            y[i] = x[i] - hi;
            let fm = l.value(&y);
            y[i] = x[i];
            (fp - fm) / (2.0 * hi)
        })
        .collect()
}

/// Central-difference Hessian (row-major) from differences of the analytic
/// gradient.
pub fn hessian<L: Landscape + ?Sized>(l: &L, x: &[f64], h: f64) -> Vec<f64> {
    let d = x.len();
    let mut y = x.to_vec();
    let (mut gp, mut gm) = (vec![0.0; d], vec![0.0; d]);
    let mut out = vec![0.0; d * d];
    for j in 0..d {
        let hj = h * x[j].abs().max(1.0);
        y[j] = x[j] + hj;
        l.gradient_into(&y, &mut gp);
        y[j] = x[j] - hj;
        l.gradient_into(&y, &mut gm);
        y[j] = x[j];
        for i in 0..d {
            out[i * d + j] = (gp[i] - gm[i]) / (2.0 * hj);
        }
    }
    out
}

/// Largest violation of `|a − b| ≤ rel·scale`, where `scale` is
/// `max(1, max|a|, max|b|)`; returns `None` when within tolerance, otherwise
/// `Some((index, a, b))`.
pub fn first_mismatch(a: &[f64], b: &[f64], rel: f64) -> Option<(usize, f64, f64)> {
    assert_eq!(a.len(), b.len(), "compared vectors must have equal length");
    let scale = a.iter().chain(b).fold(1.0f64, |m, v| m.max(v.abs()));
    a.iter()
        .zip(b)
        .position(|(x, y)| (x - y).abs() > rel * scale || !x.is_finite() || !y.is_finite())
        .map(|k| (k, a[k], b[k]))
}

/// Asserts analytic gradient and Hessian of `l` at `x` match central finite
/// differences and that the Hessian is symmetric to round-off. Panics with the
/// offending entry otherwise (test helper).
///
/// Tolerances come from [`fd_tolerance`]: for the gradient the differenced
/// function is `L` (scale `max|L|` over the stencil), for the Hessian it is
/// `∇L` (scale `max‖∇L‖∞` over the stencil); the derivative scales are the
/// largest compared entries. Steps are `FD_STEP·max(1, |xᵢ|)`.
pub fn assert_derivatives<L: LandscapeHessian + ?Sized>(l: &L, x: &[f64]) {
    let d = l.dim();
    let hmin = FD_STEP;
    let mut y = x.to_vec();
    let (mut vscale, mut gscale) = (l.value(x).abs(), 0.0f64);
    let mut gy = vec![0.0; d];
    for i in 0..d {
        for s in [-1.0, 1.0] {
            y[i] = x[i] + s * FD_STEP * x[i].abs().max(1.0);
            vscale = vscale.max(l.value(&y).abs());
            l.gradient_into(&y, &mut gy);
            gscale = gy.iter().fold(gscale, |m, v| m.max(v.abs()));
        }
        y[i] = x[i];
    }
    let mut g = vec![0.0; d];
    l.gradient_into(x, &mut g);
    let fd = gradient(l, x, FD_STEP);
    let dscale = g.iter().chain(&fd).fold(0.0f64, |m, v| m.max(v.abs()));
    let tol = fd_tolerance(dscale, vscale, hmin);
    for k in 0..d {
        assert!(
            (g[k] - fd[k]).abs() <= tol && g[k].is_finite(),
            "gradient[{k}] at {x:?}: analytic {} vs finite difference {} (tolerance {tol:e})",
            g[k],
            fd[k]
        );
    }
    let mut h = vec![0.0; d * d];
    l.hessian_into(x, &mut h);
    let fdh = hessian(l, x, FD_STEP);
    let hscale = h.iter().chain(&fdh).fold(0.0f64, |m, v| m.max(v.abs()));
    let htol = fd_tolerance(hscale, gscale, hmin);
    for k in 0..d * d {
        assert!(
            (h[k] - fdh[k]).abs() <= htol && h[k].is_finite(),
            "hessian[{},{}] at {x:?}: analytic {} vs finite difference {} (tolerance {htol:e})",
            k / d,
            k % d,
            h[k],
            fdh[k]
        );
    }
    for i in 0..d {
        for j in 0..i {
            assert!(
                (h[i * d + j] - h[j * d + i]).abs() <= 4.0 * f64::EPSILON * hscale.max(1.0),
                "hessian not symmetric at ({i},{j}) at {x:?}"
            );
        }
    }
}
