//! Method metadata and the integrator seam (design principle 1: the step is
//! pure, a driver owns the loop).

use crate::error::{Result, SdeError};
use crate::model::Sde;
use crate::noise::{NoiseClass, NoiseRequirement};

/// Metadata every integrator carries: the tests read the orders from here, so
/// docs, metadata and tests cannot drift apart.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct MethodInfo {
    /// Short name used on the command line (`euler-maruyama`, …).
    pub name: &'static str,
    /// Other names every command accepts for it (`em`, …); reports always
    /// print [`MethodInfo::name`].
    #[serde(skip)]
    pub aliases: &'static [&'static str],
    /// Strong order (pathwise, `E|X_T − X_T^h| = O(h^p)`) under `noise`.
    pub strong_order: f64,
    /// Strong order when the noise is additive (constant `G`), where several
    /// methods gain: Euler–Maruyama is then Milstein and has order 1.
    pub strong_order_additive: f64,
    /// Weak order (`|E φ(X_T) − E φ(X_T^h)| = O(h^q)`) on a finite horizon
    /// under `noise`.
    pub weak_order: f64,
    /// Order of the bias of long-time (stationary, ergodic) averages
    /// `lim E φ(X_n^h) − ∫ φ dπ` for overdamped Langevin; equals
    /// `weak_order` except for methods built for stationary sampling
    /// (Leimkuhler–Matthews: 2).
    pub stationary_weak_order: f64,
    /// What the noise must satisfy for these orders.
    pub noise: NoiseRequirement,
    /// The reference the update formula comes from.
    pub reference: &'static str,
}

impl MethodInfo {
    /// The strong order this method attains on a model declaring `class`.
    pub fn strong_order_for(&self, class: NoiseClass) -> f64 {
        if matches!(class, NoiseClass::Additive | NoiseClass::Isotropic) {
            self.strong_order_additive
        } else {
            self.strong_order
        }
    }

    /// Checks that a model declaring `class` meets [`MethodInfo::noise`].
    ///
    /// # Errors
    /// [`SdeError::IncompatibleNoise`] naming the method, the requirement and
    /// the declared class.
    pub fn check_noise(&self, class: NoiseClass) -> Result<()> {
        if self.noise.is_met_by(class) {
            Ok(())
        } else {
            Err(SdeError::IncompatibleNoise {
                method: self.name,
                required: self.noise,
                declared: class,
            })
        }
    }

    /// [`MethodInfo::check_noise`] for the class the SDE type `S` declares.
    ///
    /// # Errors
    /// As [`MethodInfo::check_noise`].
    pub fn check_sde<S: Sde>(&self) -> Result<()> {
        self.check_noise(S::NOISE)
    }
}

/// The Brownian input of one step: `ΔW = W(t+h) − W(t)` and, for schemes of
/// strong order 1.5, `ΔZ = ∫ₜ^{t+h} (W(s) − W(t)) ds` (empty when not needed).
#[derive(Debug, Clone, Copy)]
pub struct Increment<'a> {
    /// `ΔW`, length `m` (the noise dimension).
    pub dw: &'a [f64],
    /// `ΔZ`, length `m`, or empty.
    pub dz: &'a [f64],
}

/// One step of a one-step method for `dX = b(t, X) dt + G(t, X) dW`.
///
/// Implementations are pure functions of `(sde, t, dt, x, increment)` plus a
/// per-path [`Integrator::Workspace`] (scratch buffers sized once, and any
/// memory a method carries between steps such as the previous noise of
/// Leimkuhler–Matthews). They never allocate and never draw random numbers:
/// the driver draws increments, so the same path can be replayed at several
/// step sizes (strong-order tests) and exit detection, observers and
/// reductions come for free.
pub trait Integrator<S: Sde>: Send + Sync {
    /// Per-path scratch and memory.
    type Workspace: Send;

    /// Whether the step reads [`Increment::dz`].
    const NEEDS_DZ: bool = false;

    /// Orders, noise requirement and reference.
    fn info(&self) -> MethodInfo;

    /// A workspace sized for `sde`.
    fn workspace(&self, sde: &S) -> Self::Workspace;

    /// Called by the driver at the start of every path, before the first
    /// step (methods with memory reset it here).
    fn start_path(&self, _sde: &S, _ws: &mut Self::Workspace, _x0: &[f64]) {}

    /// Advances `x` from `t` to `t + dt` in place.
    fn step(
        &self,
        sde: &S,
        ws: &mut Self::Workspace,
        t: f64,
        dt: f64,
        x: &mut [f64],
        inc: Increment<'_>,
    );
}
