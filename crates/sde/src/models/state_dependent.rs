//! State-dependent diffusion factors `G(t, x)` given by closures: scalar
//! noise, diagonal noise and a general factor. They may vanish (degenerate
//! noise, e.g. at an interpolating minimum).

use std::fmt;

use crate::error::{Result, SdeError};
use crate::models::diffusion::{Diffusion, DiffusionDerivative};
use crate::noise::NoiseClass;

fn check_dims(d: usize, m: usize) -> Result<()> {
    for (what, v) in [
        ("state dimension d (≥ 1)", d),
        ("noise dimension m (≥ 1)", m),
    ] {
        if v == 0 {
            return Err(SdeError::DimensionMismatch {
                what,
                expected: 1,
                found: 0,
            });
        }
    }
    Ok(())
}

/// Scalar noise (`m = 1`): one column `c(t, x) ∈ Rᵈ`
/// ([`NoiseClass::Scalar`]).
///
/// `c(t, x, out)` writes the column; `lc(t, x, out)` writes its derivative
/// along itself, `L¹c = (∇c) c`, which Milstein's scheme needs.
///
/// # Examples
/// Geometric Brownian motion's noise `β x`:
/// ```
/// use sgdpde_sde::{Diffusion, ScalarFnNoise};
/// let beta = 0.5;
/// let g = ScalarFnNoise::new(
///     1,
///     move |_t: f64, x: &[f64], out: &mut [f64]| out[0] = beta * x[0],
///     move |_t: f64, x: &[f64], out: &mut [f64]| out[0] = beta * beta * x[0],
/// )?;
/// let mut out = [0.0];
/// g.apply_into(0.0, &[2.0], &[3.0], &mut out);
/// assert_eq!(out[0], 3.0);
/// # Ok::<(), sgdpde_sde::SdeError>(())
/// ```
#[derive(Clone, Copy)]
pub struct ScalarFnNoise<C, LC> {
    d: usize,
    c: C,
    lc: LC,
}

impl<C, LC> fmt::Debug for ScalarFnNoise<C, LC> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ScalarFnNoise").field("d", &self.d).finish()
    }
}

impl<C, LC> ScalarFnNoise<C, LC>
where
    C: Fn(f64, &[f64], &mut [f64]) + Send + Sync,
    LC: Fn(f64, &[f64], &mut [f64]) + Send + Sync,
{
    /// The column `c` and its self-derivative `lc = (∇c) c`.
    ///
    /// # Errors
    /// [`SdeError::DimensionMismatch`] if `d == 0`.
    pub fn new(d: usize, c: C, lc: LC) -> Result<Self> {
        check_dims(d, 1)?;
        Ok(Self { d, c, lc })
    }
}

impl<C, LC> Diffusion for ScalarFnNoise<C, LC>
where
    C: Fn(f64, &[f64], &mut [f64]) + Send + Sync,
    LC: Fn(f64, &[f64], &mut [f64]) + Send + Sync,
{
    const NOISE: NoiseClass = NoiseClass::Scalar;

    #[inline]
    fn dim(&self) -> usize {
        self.d
    }

    #[inline]
    fn noise_dim(&self) -> usize {
        1
    }

    #[inline]
    fn apply_into(&self, t: f64, x: &[f64], v: &[f64], out: &mut [f64]) {
        (self.c)(t, x, out);
        for o in out.iter_mut() {
            *o *= v[0];
        }
    }
}

impl<C, LC> DiffusionDerivative for ScalarFnNoise<C, LC>
where
    C: Fn(f64, &[f64], &mut [f64]) + Send + Sync,
    LC: Fn(f64, &[f64], &mut [f64]) + Send + Sync,
{
    #[inline]
    fn derivative_apply_into(&self, t: f64, x: &[f64], u: &[f64], v: &[f64], out: &mut [f64]) {
        (self.lc)(t, x, out);
        let s = u[0] * v[0];
        for o in out.iter_mut() {
            *o *= s;
        }
    }

    #[inline]
    fn derivative_trace_into(&self, t: f64, x: &[f64], out: &mut [f64]) {
        (self.lc)(t, x, out)
    }
}

/// Diagonal noise (`m = d`): `G = diag(g₁(t, x₁), …, g_d(t, x_d))`
/// ([`NoiseClass::Diagonal`]).
///
/// `g(i, t, xᵢ)` returns `gᵢ`, `dg(i, t, xᵢ)` its derivative `gᵢ′(xᵢ)`
/// (Milstein: `LʲGʲ = gⱼ gⱼ′ eⱼ`).
///
/// # Examples
/// ```
/// use sgdpde_sde::{DiagonalFnNoise, Diffusion};
/// let g = DiagonalFnNoise::new(2, |_i, _t, x: f64| x * x, |_i, _t, x: f64| 2.0 * x)?;
/// let mut out = [0.0; 2];
/// g.apply_into(0.0, &[1.0, 2.0], &[1.0, 1.0], &mut out);
/// assert_eq!(out, [1.0, 4.0]);
/// # Ok::<(), sgdpde_sde::SdeError>(())
/// ```
#[derive(Clone, Copy)]
pub struct DiagonalFnNoise<G, DG> {
    d: usize,
    g: G,
    dg: DG,
}

impl<G, DG> fmt::Debug for DiagonalFnNoise<G, DG> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DiagonalFnNoise")
            .field("d", &self.d)
            .finish()
    }
}

impl<G, DG> DiagonalFnNoise<G, DG>
where
    G: Fn(usize, f64, f64) -> f64 + Send + Sync,
    DG: Fn(usize, f64, f64) -> f64 + Send + Sync,
{
    /// The diagonal entries `g` and their derivatives `dg`.
    ///
    /// # Errors
    /// [`SdeError::DimensionMismatch`] if `d == 0`.
    pub fn new(d: usize, g: G, dg: DG) -> Result<Self> {
        check_dims(d, d)?;
        Ok(Self { d, g, dg })
    }
}

impl<G, DG> Diffusion for DiagonalFnNoise<G, DG>
where
    G: Fn(usize, f64, f64) -> f64 + Send + Sync,
    DG: Fn(usize, f64, f64) -> f64 + Send + Sync,
{
    const NOISE: NoiseClass = NoiseClass::Diagonal;

    #[inline]
    fn dim(&self) -> usize {
        self.d
    }

    #[inline]
    fn noise_dim(&self) -> usize {
        self.d
    }

    #[inline]
    fn apply_into(&self, t: f64, x: &[f64], v: &[f64], out: &mut [f64]) {
        for i in 0..self.d {
            out[i] = (self.g)(i, t, x[i]) * v[i];
        }
    }
}

impl<G, DG> DiffusionDerivative for DiagonalFnNoise<G, DG>
where
    G: Fn(usize, f64, f64) -> f64 + Send + Sync,
    DG: Fn(usize, f64, f64) -> f64 + Send + Sync,
{
    #[inline]
    fn derivative_apply_into(&self, t: f64, x: &[f64], u: &[f64], v: &[f64], out: &mut [f64]) {
        for i in 0..self.d {
            out[i] = (self.g)(i, t, x[i]) * (self.dg)(i, t, x[i]) * u[i] * v[i];
        }
    }

    #[inline]
    fn derivative_trace_into(&self, t: f64, x: &[f64], out: &mut [f64]) {
        for i in 0..self.d {
            out[i] = (self.g)(i, t, x[i]) * (self.dg)(i, t, x[i]);
        }
    }
}

/// A general state-dependent factor `G(t, x) ∈ R^{d×m}`
/// ([`NoiseClass::General`]), given by its action `apply(t, x, v, out)`
/// writing `G(t, x) v`. Suits data-driven factors such as
/// `G = [∇ℓ₁ − ∇L, …, ∇ℓ_N − ∇L]/√N` applied at cost `O(N d)`.
///
/// # Examples
/// ```
/// use sgdpde_sde::{Diffusion, FactorFnNoise};
/// // G(x) = x (column) ⊗ (1, 1): rank one, vanishing at 0.
/// let g = FactorFnNoise::new(2, 2, |_t: f64, x: &[f64], v: &[f64], out: &mut [f64]| {
///     for i in 0..2 { out[i] = x[i] * (v[0] + v[1]); }
/// })?;
/// let mut out = [0.0; 2];
/// g.apply_into(0.0, &[0.0, 0.0], &[1.0, 2.0], &mut out);
/// assert_eq!(out, [0.0, 0.0]);
/// # Ok::<(), sgdpde_sde::SdeError>(())
/// ```
#[derive(Clone, Copy)]
pub struct FactorFnNoise<F> {
    d: usize,
    m: usize,
    apply: F,
}

impl<F> fmt::Debug for FactorFnNoise<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FactorFnNoise")
            .field("d", &self.d)
            .field("m", &self.m)
            .finish()
    }
}

impl<F> FactorFnNoise<F>
where
    F: Fn(f64, &[f64], &[f64], &mut [f64]) + Send + Sync,
{
    /// A `d × m` factor given by its action.
    ///
    /// # Errors
    /// [`SdeError::DimensionMismatch`] if `d == 0` or `m == 0`.
    pub fn new(d: usize, m: usize, apply: F) -> Result<Self> {
        check_dims(d, m)?;
        Ok(Self { d, m, apply })
    }
}

impl<F> Diffusion for FactorFnNoise<F>
where
    F: Fn(f64, &[f64], &[f64], &mut [f64]) + Send + Sync,
{
    const NOISE: NoiseClass = NoiseClass::General;

    #[inline]
    fn dim(&self) -> usize {
        self.d
    }

    #[inline]
    fn noise_dim(&self) -> usize {
        self.m
    }

    #[inline]
    fn apply_into(&self, t: f64, x: &[f64], v: &[f64], out: &mut [f64]) {
        (self.apply)(t, x, v, out)
    }
}

/// A state-dependent factor whose columns commute, `LʲGᵏ = LᵏGʲ`
/// ([`NoiseClass::Commutative`]), with the Milstein data supplied by the
/// user: `apply(t, x, v, out)` writes `G(t, x) v`, `deriv(t, x, u, v, out)`
/// writes `D(u, v) = Σⱼₖ uⱼ vₖ LʲGᵏ` and `trace(t, x, out)` writes
/// `T = Σⱼ LʲGʲ` (see [`crate::DiffusionDerivative`]).
///
/// The commutativity is *declared*: it is the caller's statement about
/// `G`, as with every noise class.
///
/// # Examples
/// Linear multiplicative noise `G(x) = [B₁x, B₂x]` with commuting `Bⱼ`:
/// `LʲGᵏ = BₖBⱼx`, so `D(u, v) = (Σₖ vₖBₖ)(Σⱼ uⱼBⱼ) x`.
/// ```
/// use sgdpde_sde::{CommutativeFnNoise, Diffusion, DiffusionDerivative};
/// let g = CommutativeFnNoise::new(
///     1,
///     2,
///     |_t: f64, x: &[f64], v: &[f64], o: &mut [f64]| o[0] = (0.3 * v[0] + 0.2 * v[1]) * x[0],
///     |_t: f64, x: &[f64], u: &[f64], v: &[f64], o: &mut [f64]| {
///         o[0] = (0.3 * v[0] + 0.2 * v[1]) * (0.3 * u[0] + 0.2 * u[1]) * x[0]
///     },
///     |_t: f64, x: &[f64], o: &mut [f64]| o[0] = (0.09 + 0.04) * x[0],
/// )?;
/// let mut out = [0.0];
/// g.derivative_trace_into(0.0, &[2.0], &mut out);
/// assert!((out[0] - 0.26).abs() < 1e-15);
/// # Ok::<(), sgdpde_sde::SdeError>(())
/// ```
#[derive(Clone, Copy)]
pub struct CommutativeFnNoise<F, DF, TF> {
    d: usize,
    m: usize,
    apply: F,
    deriv: DF,
    trace: TF,
}

impl<F, DF, TF> fmt::Debug for CommutativeFnNoise<F, DF, TF> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CommutativeFnNoise")
            .field("d", &self.d)
            .field("m", &self.m)
            .finish()
    }
}

impl<F, DF, TF> CommutativeFnNoise<F, DF, TF>
where
    F: Fn(f64, &[f64], &[f64], &mut [f64]) + Send + Sync,
    DF: Fn(f64, &[f64], &[f64], &[f64], &mut [f64]) + Send + Sync,
    TF: Fn(f64, &[f64], &mut [f64]) + Send + Sync,
{
    /// A `d × m` commuting factor with its Milstein data.
    ///
    /// # Errors
    /// [`SdeError::DimensionMismatch`] if `d == 0` or `m == 0`.
    pub fn new(d: usize, m: usize, apply: F, deriv: DF, trace: TF) -> Result<Self> {
        check_dims(d, m)?;
        Ok(Self {
            d,
            m,
            apply,
            deriv,
            trace,
        })
    }
}

impl<F, DF, TF> Diffusion for CommutativeFnNoise<F, DF, TF>
where
    F: Fn(f64, &[f64], &[f64], &mut [f64]) + Send + Sync,
    DF: Fn(f64, &[f64], &[f64], &[f64], &mut [f64]) + Send + Sync,
    TF: Fn(f64, &[f64], &mut [f64]) + Send + Sync,
{
    const NOISE: NoiseClass = NoiseClass::Commutative;

    #[inline]
    fn dim(&self) -> usize {
        self.d
    }

    #[inline]
    fn noise_dim(&self) -> usize {
        self.m
    }

    #[inline]
    fn apply_into(&self, t: f64, x: &[f64], v: &[f64], out: &mut [f64]) {
        (self.apply)(t, x, v, out)
    }
}

impl<F, DF, TF> DiffusionDerivative for CommutativeFnNoise<F, DF, TF>
where
    F: Fn(f64, &[f64], &[f64], &mut [f64]) + Send + Sync,
    DF: Fn(f64, &[f64], &[f64], &[f64], &mut [f64]) + Send + Sync,
    TF: Fn(f64, &[f64], &mut [f64]) + Send + Sync,
{
    #[inline]
    fn derivative_apply_into(&self, t: f64, x: &[f64], u: &[f64], v: &[f64], out: &mut [f64]) {
        (self.deriv)(t, x, u, v, out)
    }

    #[inline]
    fn derivative_trace_into(&self, t: f64, x: &[f64], out: &mut [f64]) {
        (self.trace)(t, x, out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Milstein data of the diagonal factor against a hand computation.
    #[test]
    fn diagonal_derivative_data() {
        let g =
            DiagonalFnNoise::new(2, |_i, _t, x: f64| x.sin(), |_i, _t, x: f64| x.cos()).unwrap();
        let x = [0.3, -1.1];
        let mut out = [0.0; 2];
        g.derivative_trace_into(0.0, &x, &mut out);
        for i in 0..2 {
            assert_eq!(out[i], x[i].sin() * x[i].cos());
        }
        g.derivative_apply_into(0.0, &x, &[2.0, 1.0], &[3.0, 0.0], &mut out);
        assert_eq!(out[0], 6.0 * x[0].sin() * x[0].cos());
        assert_eq!(out[1], 0.0);
    }

    #[test]
    fn scalar_derivative_data_and_validation() {
        let g = ScalarFnNoise::new(
            1,
            |_t: f64, x: &[f64], out: &mut [f64]| out[0] = x[0] * x[0],
            |_t: f64, x: &[f64], out: &mut [f64]| out[0] = 2.0 * x[0] * x[0] * x[0],
        )
        .unwrap();
        let mut out = [0.0];
        g.derivative_apply_into(0.0, &[2.0], &[0.5], &[3.0], &mut out);
        assert_eq!(out[0], 1.5 * 16.0);
        assert!(
            FactorFnNoise::new(0, 1, |_: f64, _: &[f64], _: &[f64], _: &mut [f64]| {}).is_err()
        );
        assert!(DiagonalFnNoise::new(0, |_, _, x: f64| x, |_, _, _| 1.0).is_err());
    }
}
