//! Helpers shared by the integration tests.

/// Least-squares slope of `ln e` against `ln h`.
pub fn fitted_order(h: &[f64], e: &[f64]) -> f64 {
    let pts: Vec<(f64, f64)> = h.iter().zip(e).map(|(h, e)| (h.ln(), e.ln())).collect();
    let n = pts.len() as f64;
    let mx = pts.iter().map(|p| p.0).sum::<f64>() / n;
    let my = pts.iter().map(|p| p.1).sum::<f64>() / n;
    let sxy: f64 = pts.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let sxx: f64 = pts.iter().map(|p| (p.0 - mx).powi(2)).sum();
    sxy / sxx
}

/// Cumulative trapezoid `F(x_k) = ∫_{x_0}^{x_k} f` on a uniform grid of
/// `m + 1` points over `[a, b]`; error `O(((b − a)/m)²)`.
pub fn cumulative_trapezoid(
    a: f64,
    b: f64,
    m: usize,
    f: impl Fn(f64) -> f64,
) -> (Vec<f64>, Vec<f64>) {
    let h = (b - a) / m as f64;
    let xs: Vec<f64> = (0..=m).map(|k| a + k as f64 * h).collect();
    let fs: Vec<f64> = xs.iter().map(|&x| f(x)).collect();
    let mut c = vec![0.0; m + 1];
    for k in 1..=m {
        c[k] = c[k - 1] + 0.5 * h * (fs[k - 1] + fs[k]);
    }
    (xs, c)
}
