//! The Euler–Maruyama scheme.

use crate::error::Result;
use crate::integrators::Scratch;
use crate::method::{Increment, Integrator, MethodInfo};
use crate::model::Sde;
use crate::noise::NoiseRequirement;

/// Euler–Maruyama:
///
/// ```text
/// X_{n+1} = X_n + b(t_n, X_n) h + G(t_n, X_n) ΔW_n.
/// ```
///
/// # Order
/// Strong ½ for any noise, strong 1 for additive noise (then it coincides
/// with Milstein); weak 1 (smooth coefficients with polynomial growth,
/// globally Lipschitz for the strong statement).
///
/// # Stability
/// Mean-square stable on `dX = λX dt + μX dW` iff `|1 + λh|² + μ²h < 1`;
/// with superlinear drift (e.g. `−x³`) its moments `E|X_T^h|ᵖ` diverge as
/// `h → 0` (rare large excursions are amplified; Hutzenthaler–Jentzen–Kloeden
/// 2011), and a path blows up once `h|b′(X)|` exceeds 2 — use
/// [`crate::TamedEuler`] there. With zero noise it is exactly explicit Euler.
///
/// # Errors
/// The step is infallible; [`EulerMaruyama::for_sde`] never fails (any noise
/// is accepted) but exists for symmetry with the other methods.
///
/// # Examples
/// ```
/// use sgdpde_landscape::Quadratic;
/// use sgdpde_sde::{EulerMaruyama, Increment, Integrator, SdeModel, Temperature};
/// let sde = SdeModel::langevin(Quadratic::new(vec![2.0], vec![0.0])?, Temperature::epsilon(1.0)?)?;
/// let em = EulerMaruyama::for_sde(&sde)?;
/// let mut ws = em.workspace(&sde);
/// let mut x = [1.0];
/// em.step(&sde, &mut ws, 0.0, 0.1, &mut x, Increment { dw: &[0.3], dz: &[] });
/// assert!((x[0] - (1.0 - 0.2 + 0.3)).abs() < 1e-15);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # References
/// Kloeden & Platen, *Numerical Solution of Stochastic Differential
/// Equations*, Springer 1992, §10.2.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EulerMaruyama;

impl EulerMaruyama {
    /// The method's metadata.
    pub const INFO: MethodInfo = MethodInfo {
        name: "euler-maruyama",
        aliases: &["em"],
        strong_order: 0.5,
        strong_order_additive: 1.0,
        weak_order: 1.0,
        stationary_weak_order: 1.0,
        noise: NoiseRequirement::Any,
        reference: "Kloeden & Platen 1992, §10.2",
    };

    /// The method, checked against the model's noise class.
    ///
    /// # Errors
    /// None in practice: Euler–Maruyama accepts any noise.
    pub fn for_sde<S: Sde>(_sde: &S) -> Result<Self> {
        Self::INFO.check_sde::<S>()?;
        Ok(Self)
    }
}

/// Largest dimension whose step buffers live on the stack.
const SMALL: usize = 4;

/// `x ← x + b(t, x) dt + G(t, x) ΔW`, with `b` and `g` as scratch.
#[inline(always)]
fn em_update<S: Sde>(
    sde: &S,
    t: f64,
    dt: f64,
    x: &mut [f64],
    dw: &[f64],
    b: &mut [f64],
    g: &mut [f64],
) {
    sde.drift_into(t, x, b);
    sde.diffusion_apply_into(t, x, dw, g);
    for i in 0..x.len() {
        x[i] += b[i] * dt + g[i];
    }
}

impl<S: Sde> Integrator<S> for EulerMaruyama {
    type Workspace = Scratch<2>;

    fn info(&self) -> MethodInfo {
        Self::INFO
    }

    fn workspace(&self, sde: &S) -> Scratch<2> {
        Scratch::new(sde.dim())
    }

    // Always inlined: with a gradient that is itself a loop (an expression
    // landscape's interpreter) LLVM kept the step out of line, the state
    // went through memory every step and the ensemble's two lanes could
    // not overlap (W1 with `ExprLandscape`: 3.3× → 2.7× the built-in).
    #[inline(always)]
    fn step(
        &self,
        sde: &S,
        ws: &mut Scratch<2>,
        t: f64,
        dt: f64,
        x: &mut [f64],
        inc: Increment<'_>,
    ) {
        let d = x.len();
        if d <= SMALL {
            // Small states keep b and G·ΔW in registers (the driver's state
            // is a stack array of known length, so this branch folds away).
            let (mut b, mut g) = ([0.0; SMALL], [0.0; SMALL]);
            em_update(sde, t, dt, x, inc.dw, &mut b[..d], &mut g[..d]);
        } else {
            let [b, g] = &mut ws.0;
            em_update(sde, t, dt, x, inc.dw, &mut b[..d], &mut g[..d]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{SdeModel, Temperature};
    use sgdpde_landscape::DoubleWell;

    #[test]
    fn zero_noise_is_explicit_euler() {
        let sde = SdeModel::langevin(
            DoubleWell::new(0.1).unwrap(),
            Temperature::epsilon(0.0).unwrap(),
        )
        .unwrap();
        let em = EulerMaruyama::for_sde(&sde).unwrap();
        let mut ws = em.workspace(&sde);
        let (mut x, mut y) = ([0.3], 0.3f64);
        let h = 0.01;
        for n in 0..500 {
            // Arbitrary increments: multiplied by √0 they must not matter.
            let dw = [(n as f64).sin()];
            em.step(
                &sde,
                &mut ws,
                n as f64 * h,
                h,
                &mut x,
                Increment { dw: &dw, dz: &[] },
            );
            // The well's gradient, in its order of operations: y³ − (y − c).
            y += -(y * y * y - (y - 0.1)) * h;
            assert_eq!(x[0].to_bits(), y.to_bits());
        }
    }
}
