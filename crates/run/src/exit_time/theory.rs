//! The closed-form estimates of a 1-D mean exit time (`exit-time --method all`):
//! exact quadrature of `A T = −1` and the Eyring–Kramers law.

use sgdpde_analysis::{
    ConstantDiffusion, Diffusion1d, EyringKramers, LeftEnd, MeanExitTime1d, QuadratureOptions,
};
use sgdpde_landscape::critical::{FindAllOptions, NewtonOptions, find_all, newton_critical_point};
use sgdpde_landscape::{AnyLandscape, KnownCriticalPoints};

/// Exact `E τ` from `x0` for exit from `(lo, hi)` (1-D): natural left end at
/// `−∞`, absorbing otherwise; the right end must be finite (the formula is
/// written with an absorbing right end — mirror the landscape otherwise).
pub fn quadrature(
    l: &AnyLandscape,
    epsilon: f64,
    lo: f64,
    hi: f64,
    x0: f64,
) -> anyhow::Result<Option<f64>> {
    if !hi.is_finite() {
        return Ok(None);
    }
    let left = if lo.is_finite() {
        LeftEnd::Absorbing(lo)
    } else {
        LeftEnd::Natural
    };
    let model = Diffusion1d::new(l.clone(), ConstantDiffusion::new(epsilon)?)?;
    let t = MeanExitTime1d::new(&model, left, hi, QuadratureOptions::default())?;
    Ok(Some(t.value(x0)?))
}

/// The index-1 saddles of a landscape: the closed forms when the landscape
/// states them, otherwise (expression landscapes from problem files) the
/// damped-Newton search in `search_box`.
pub fn saddles(l: &AnyLandscape, search_box: &[[f64; 2]]) -> anyhow::Result<Vec<Vec<f64>>> {
    let known = l.known_critical_points();
    if !known.is_empty() {
        return Ok(known
            .into_iter()
            .filter(|p| p.index == 1)
            .map(|p| p.x)
            .collect());
    }
    let set = find_all(l, search_box, &FindAllOptions::default())?;
    Ok(set.saddles.into_iter().map(|p| p.x).collect())
}

/// The barrier tops (index-1 critical points) of a 1-D landscape
/// ([`saddles`]).
pub fn barrier_tops(l: &AnyLandscape, search_box: &[[f64; 2]]) -> anyhow::Result<Vec<f64>> {
    Ok(saddles(l, search_box)?.into_iter().map(|x| x[0]).collect())
}

/// The rule for `--domain basin` starts (every method): the basin of `x0` is
/// the interval between the barrier tops neighbouring it, so a start *on* a
/// barrier top (within `10⁻⁹·max(1, |top|)`) lies on the separatrix between
/// two basins and belongs to neither, and a landscape without barrier tops
/// has no basin boundary to exit through. Both are refused.
///
/// # Errors
/// One naming `x0` and the barrier top, or the search for tops.
pub fn check_basin_start(x0: f64, tops: &[f64]) -> anyhow::Result<()> {
    if let Some(t) = tops
        .iter()
        .find(|t| (*t - x0).abs() <= 1e-9 * t.abs().max(1.0))
    {
        anyhow::bail!(
            "x0 = {x0} lies on the separatrix between basins (the barrier top at x = {t}), so it is in \
             no basin: choose a start inside a basin, or give --domain interval:LO:HI"
        );
    }
    if tops.is_empty() {
        anyhow::bail!(
            "--domain basin needs a barrier top (index-1 critical point) in the search box, and this \
             landscape has none, so the basin of x0 = {x0} is the whole line: give --domain interval:LO:HI"
        );
    }
    Ok(())
}

/// Eyring–Kramers estimate of the time to reach the barrier tops bounding
/// the basin of `x0` (1-D): each finite end of `(lo, hi)` that is an index-1
/// critical point contributes the rate `2/T_EK` (reaching the saddle takes
/// half the time of crossing to the next basin, shared/math.md §3); `None`
/// when neither end is a barrier top. `tops` are the barrier tops
/// ([`barrier_tops`]).
pub fn eyring_kramers(
    l: &AnyLandscape,
    epsilon: f64,
    lo: f64,
    hi: f64,
    x0: f64,
    tops: &[f64],
) -> anyhow::Result<Option<f64>> {
    let min = newton_critical_point(l, &[x0], &NewtonOptions::default())?;
    if min.x.len() != 1 || !(lo < min.x[0] && min.x[0] < hi) || min.hessian_eigenvalues[0] <= 0.0 {
        return Ok(None);
    }
    let mut rate = 0.0;
    for end in [lo, hi] {
        if end.is_finite()
            && tops
                .iter()
                .any(|t| (t - end).abs() <= 1e-9 * end.abs().max(1.0))
        {
            let ek = EyringKramers::new(l, &min.x, &[end])?;
            rate += 2.0 / ek.mean_time(epsilon)?;
        }
    }
    Ok((rate > 0.0).then(|| 1.0 / rate))
}
