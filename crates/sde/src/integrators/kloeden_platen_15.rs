//! A derivative-free strong order 1.5 scheme for additive noise.

use crate::error::Result;
use crate::method::{Increment, Integrator, MethodInfo};
use crate::model::Sde;
use crate::noise::NoiseRequirement;

/// The derivative-free order 1.5 strong scheme for additive noise
/// (Kloeden–Platen type, with the iterated integral `ΔZ`):
///
/// ```text
/// Y±ʲ = X + b(t, X) h/m ± Gʲ √h                        (j = 1…m, Gʲ column j)
/// X_{n+1} = X + G ΔW
///         + 1/(2√h) Σⱼ [b(t+h/m, Y+ʲ) − b(t+h/m, Y−ʲ)] ΔZⱼ
///         + h/4 Σⱼ [b(t+h/m, Y+ʲ) + (4/m − 2) b(t, X) + b(t+h/m, Y−ʲ)]
/// ```
///
/// A Taylor expansion shows the bracket terms reproduce `b h + ½ h² L⁰b`
/// and `Σⱼ (Lʲb) ΔZⱼ` of the order 1.5 Itô–Taylor scheme up to
/// `O(h^{5/2})` (derivation in proofs-notes/integrators.md). For `m = 1`
/// the last bracket is `¼ h [b(Y+) + 2 b(X) + b(Y−)]`. Costs `2m + 1` drift
/// evaluations per step.
///
/// # Order
/// Strong 1.5 and weak 2 for additive noise (constant `G`) and smooth
/// drift; the weak order follows because for additive noise the order 1.5
/// Taylor scheme contains every term of the weak order 2 Taylor scheme.
///
/// # Stability
/// Explicit: on `dX = λX dt` the drift part is the order-2 Runge–Kutta
/// polynomial `1 + λh + (λh)²/2`, stable for `|1 + z + z²/2| ≤ 1`
/// (`−2 ≤ λh ≤ 0` on the real axis). Superlinear drifts blow up at large `h`
/// as with Euler–Maruyama.
///
/// # Requirements
/// Additive noise ([`NoiseRequirement::Additive`]); the driver must supply
/// `ΔZ` ([`Integrator::NEEDS_DZ`]).
///
/// # Errors
/// [`KloedenPlaten15::for_sde`] returns
/// [`crate::SdeError::IncompatibleNoise`] for state-dependent noise.
///
/// # Examples
/// Deterministic part on `dX = −X dt` (zero noise): one step is the
/// second-order Taylor polynomial `1 − h + h²/2`:
/// ```
/// use sgdpde_sde::{DiagonalNoise, Increment, Integrator, KloedenPlaten15, LinearDrift, SdeModel};
/// let sde = SdeModel::new(LinearDrift::new(vec![-1.0], vec![0.0])?, DiagonalNoise::new(vec![0.0])?)?;
/// let kp = KloedenPlaten15::for_sde(&sde)?;
/// let mut ws = kp.workspace(&sde);
/// let mut x = [1.0];
/// kp.step(&sde, &mut ws, 0.0, 0.1, &mut x, Increment { dw: &[0.0], dz: &[0.0] });
/// assert!((x[0] - (1.0 - 0.1 + 0.005)).abs() < 1e-15);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # References
/// Kloeden & Platen 1992, §11.2 (derivative-free order 1.5 schemes for
/// additive noise) and §10.4 (the order 1.5 Taylor scheme).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KloedenPlaten15;

/// Workspace of [`KloedenPlaten15`]: the columns of `G` and five buffers.
#[derive(Debug, Clone)]
pub struct Kp15Workspace {
    cols: Vec<f64>,
    b0: Vec<f64>,
    y: Vec<f64>,
    bp: Vec<f64>,
    bm: Vec<f64>,
    acc: Vec<f64>,
}

impl KloedenPlaten15 {
    /// The method's metadata.
    pub const INFO: MethodInfo = MethodInfo {
        name: "kp15-additive",
        aliases: &["kp15"],
        strong_order: 1.5,
        strong_order_additive: 1.5,
        weak_order: 2.0,
        stationary_weak_order: 2.0,
        noise: NoiseRequirement::Additive,
        reference: "Kloeden & Platen 1992, §11.2 (additive noise)",
    };

    /// The method, checked against the model's declared noise class.
    ///
    /// # Errors
    /// [`crate::SdeError::IncompatibleNoise`] unless the noise is additive.
    pub fn for_sde<S: Sde>(_sde: &S) -> Result<Self> {
        Self::INFO.check_sde::<S>()?;
        Ok(Self)
    }
}

impl<S: Sde> Integrator<S> for KloedenPlaten15 {
    type Workspace = Kp15Workspace;
    const NEEDS_DZ: bool = true;

    fn info(&self) -> MethodInfo {
        Self::INFO
    }

    /// Caches the columns of the constant `G` (read at `t = 0`, `x = 0`).
    fn workspace(&self, sde: &S) -> Kp15Workspace {
        let (d, m) = (sde.dim(), sde.noise_dim());
        let mut cols = vec![0.0; d * m];
        let mut unit = vec![0.0; m];
        let zero = vec![0.0; d];
        for j in 0..m {
            unit[j] = 1.0;
            sde.diffusion_apply_into(0.0, &zero, &unit, &mut cols[j * d..(j + 1) * d]);
            unit[j] = 0.0;
        }
        Kp15Workspace {
            cols,
            b0: vec![0.0; d],
            y: vec![0.0; d],
            bp: vec![0.0; d],
            bm: vec![0.0; d],
            acc: vec![0.0; d],
        }
    }

    #[inline]
    fn step(
        &self,
        sde: &S,
        ws: &mut Kp15Workspace,
        t: f64,
        dt: f64,
        x: &mut [f64],
        inc: Increment<'_>,
    ) {
        let d = x.len();
        let m = inc.dw.len();
        let mf = m as f64;
        let sh = dt.sqrt();
        let ts = t + dt / mf;
        sde.drift_into(t, x, &mut ws.b0);
        // acc ← G ΔW + Σⱼ h/4 (4/m − 2) b(t, X) = G ΔW + h (1 − m/2) b(t, X).
        sde.diffusion_apply_into(t, x, inc.dw, &mut ws.acc);
        let c0 = 0.25 * dt * (4.0 / mf - 2.0) * mf;
        for (a, b) in ws.acc.iter_mut().zip(&ws.b0) {
            *a += c0 * b;
        }
        for j in 0..m {
            let col = &ws.cols[j * d..(j + 1) * d];
            for i in 0..d {
                ws.y[i] = x[i] + ws.b0[i] * dt / mf + col[i] * sh;
            }
            sde.drift_into(ts, &ws.y, &mut ws.bp);
            for i in 0..d {
                ws.y[i] -= 2.0 * col[i] * sh;
            }
            sde.drift_into(ts, &ws.y, &mut ws.bm);
            let cz = inc.dz[j] / (2.0 * sh);
            for i in 0..d {
                ws.acc[i] += cz * (ws.bp[i] - ws.bm[i]) + 0.25 * dt * (ws.bp[i] + ws.bm[i]);
            }
        }
        for (x, a) in x.iter_mut().zip(&ws.acc) {
            *x += a;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DiagonalNoise, FactorNoise, LinearDrift, SdeModel};

    /// On the linear SDE dX = aX dt + σ dW the scheme is the order 1.5
    /// Taylor scheme exactly (the drift is linear, so the finite differences
    /// are exact): X + a X h + σ ΔW + a σ ΔZ + ½ a² X h².
    #[test]
    fn linear_case_matches_taylor_scheme() {
        let (a, s) = (-0.7, 0.4);
        let sde = SdeModel::new(
            LinearDrift::new(vec![a], vec![0.0]).unwrap(),
            DiagonalNoise::new(vec![s]).unwrap(),
        )
        .unwrap();
        let kp = KloedenPlaten15::for_sde(&sde).unwrap();
        let mut ws = kp.workspace(&sde);
        let (x0, h, dw, dz) = (1.3, 0.05, 0.17, 0.004);
        let mut x = [x0];
        kp.step(
            &sde,
            &mut ws,
            0.0,
            h,
            &mut x,
            Increment {
                dw: &[dw],
                dz: &[dz],
            },
        );
        let expect = x0 + a * x0 * h + s * dw + a * s * dz + 0.5 * a * a * x0 * h * h;
        assert!((x[0] - expect).abs() < 1e-14);
    }

    /// Two noise columns (m = 2, d = 2, rank one): same check with
    /// A x and G = [[1, 0.5], [1, 0.5]].
    #[test]
    fn two_columns_match_taylor_scheme() {
        let av = [-1.0, 0.3, 0.2, -2.0];
        let g = [1.0, 0.5, 1.0, 0.5];
        let sde = SdeModel::new(
            LinearDrift::new(av.to_vec(), vec![0.1, -0.1]).unwrap(),
            FactorNoise::new(2, 2, g.to_vec()).unwrap(),
        )
        .unwrap();
        let kp = KloedenPlaten15::for_sde(&sde).unwrap();
        let mut ws = kp.workspace(&sde);
        let (h, dw, dz) = (0.02, [0.1, -0.2], [0.001, 0.003]);
        let x0 = [0.5, -0.4];
        let mut x = x0;
        kp.step(
            &sde,
            &mut ws,
            0.0,
            h,
            &mut x,
            Increment { dw: &dw, dz: &dz },
        );
        let mv =
            |m: &[f64; 4], v: &[f64; 2]| [m[0] * v[0] + m[1] * v[1], m[2] * v[0] + m[3] * v[1]];
        let b = {
            let ax = mv(&av, &x0);
            [ax[0] + 0.1, ax[1] - 0.1]
        };
        let gdw = mv(&g, &dw);
        let agdz = mv(&av, &mv(&g, &dz));
        let ab = mv(&av, &b);
        for i in 0..2 {
            let expect = x0[i] + b[i] * h + gdw[i] + agdz[i] + 0.5 * ab[i] * h * h;
            assert!((x[i] - expect).abs() < 1e-14, "{i}: {} vs {expect}", x[i]);
        }
    }
}
