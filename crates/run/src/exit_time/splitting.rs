//! `exit-time --method ams`: the mean exit time by adaptive multilevel
//! splitting (`sgdpde_sde::TransitionTime`), for exits far too rare for
//! plain Monte Carlo. The sets come from the domain's gauge about `x0`
//! (`sgdpde_sde::DomainGauge`: 0 at `x0`, 1 on the boundary): `A` is
//! `{ξ ≤ z_A}`, the loops pass `Σ = {ξ ≥ z_Σ}`, `B = {ξ ≥ 1}` is the
//! outside; the splitting's levels between them follow the chosen
//! reaction coordinate (`super::guide`). The exit is monitored at the grid
//! points, the estimate that of the discretely monitored chain (bias
//! `O(√dt)`), or, with `--bridge on`, also between them by the
//! Brownian-bridge test (`Splitting::with_bridge`), the estimate that of
//! bridged Monte Carlo (`proofs-notes/ams.md` §10).

use super::guide::{CoordinateKind, Guide};
use serde::{Deserialize, Serialize};
use sgdpde_landscape::{KnownCriticalPoints, LandscapeHessian, LandscapeVisitor};
use sgdpde_sde::{
    DomainGauge, ExprSdeVisitor, FlatDomain, Integrator, IntegratorKind, IntegratorVisitor,
    SdeDerivative, SdeModel, Splitting, Temperature, TransitionRun, TransitionTime,
};

/// The splitting settings of `exit-time --method ams|all`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct AmsConfig {
    /// Replicas `n` of the splitting run.
    pub replicas: usize,
    /// Replicas killed per iteration, at least (`1 ≤ k < n`).
    pub killed: usize,
    /// Loops `A → Σ → A` of plain Monte Carlo.
    pub loops: usize,
    /// `A = {ξ ≤ z_A}` in gauge units.
    pub z_a: f64,
    /// `Σ = {ξ ≥ z_Σ}` in gauge units.
    pub z_sigma: f64,
    /// What orders the splitting's levels.
    #[serde(default)]
    pub coordinate: CoordinateKind,
}

impl Default for AmsConfig {
    /// 100 replicas, 10 killed per iteration, 400 loops, `z_A = 0.1`,
    /// `z_Σ = 0.2`: a relative standard error of about `√(ln(1/p)/100)`
    /// per run.
    fn default() -> Self {
        Self {
            replicas: 100,
            killed: 10,
            loops: 400,
            z_a: 0.1,
            z_sigma: 0.2,
            coordinate: CoordinateKind::Gauge,
        }
    }
}

impl AmsConfig {
    /// `0 < z_A < z_Σ < 1` (the splitting checks the rest).
    ///
    /// # Errors
    /// One line naming the offending setting.
    pub fn validate(&self) -> anyhow::Result<()> {
        let (a, s) = (self.z_a, self.z_sigma);
        if !(a > 0.0 && a < s && s < 1.0) {
            anyhow::bail!(
                "--ams-levels {a},{s}: need 0 < z_A < z_Σ < 1 (gauge units: 0 at x0, 1 on the boundary)"
            );
        }
        Ok(())
    }
}

/// One splitting run's settings, for any SDE: an `[sde]` problem file's
/// (visited as an `ExprSdeVisitor`) or a landscape's Langevin model
/// ([`OnLandscape`]).
pub(super) struct AmsRun<'a> {
    pub cfg: AmsConfig,
    pub domain: FlatDomain,
    /// The prepared reaction coordinate.
    pub guide: Guide,
    pub x0: &'a [f64],
    pub dt: f64,
    pub seed: u64,
    pub max_steps: u64,
    pub kind: IntegratorKind,
    /// The Brownian-bridge crossing test between grid points.
    pub bridge: bool,
}

/// The concrete landscape → the Langevin model → the integrator.
pub(super) struct OnLandscape<'a> {
    pub run: AmsRun<'a>,
    pub temperature: Temperature,
}

impl LandscapeVisitor for OnLandscape<'_> {
    type Output = anyhow::Result<TransitionRun>;
    fn visit<L: LandscapeHessian + KnownCriticalPoints + Clone + 'static>(
        self,
        l: &L,
    ) -> Self::Output {
        let sde = SdeModel::langevin(l.clone(), self.temperature)?;
        transition_time(&self.run, &sde)
    }
}

impl ExprSdeVisitor for AmsRun<'_> {
    type Output = anyhow::Result<TransitionRun>;
    fn visit<S: SdeDerivative + Clone + std::fmt::Debug + 'static>(self, sde: &S) -> Self::Output {
        transition_time(&self, sde)
    }
}

/// The mean exit time of `sde` by splitting.
fn transition_time<S: SdeDerivative>(on: &AmsRun<'_>, sde: &S) -> anyhow::Result<TransitionRun> {
    let c = on.cfg;
    c.validate()?;
    let mut splitting = Splitting::new(c.replicas, on.dt, on.seed)?
        .with_levels(c.z_a, 1.0)?
        .with_killed(c.killed)?
        .with_max_steps(on.max_steps)?;
    if on.bridge {
        splitting = splitting.with_bridge(on.domain.clone());
    }
    let estimator = TransitionTime::new(splitting, c.z_sigma, c.loops)?;
    let gauge = DomainGauge::new(on.domain.clone(), on.x0)?;
    Ok(on.kind.visit(
        sde,
        Run {
            estimator: &estimator,
            sde,
            x0: on.x0,
            gauge: &gauge,
            guide: &on.guide,
        },
    )??)
}

/// The concrete integrator → the splitting loops.
struct Run<'a, S> {
    estimator: &'a TransitionTime,
    sde: &'a S,
    x0: &'a [f64],
    gauge: &'a DomainGauge,
    guide: &'a Guide,
}

impl<S: SdeDerivative> IntegratorVisitor<S> for Run<'_, S> {
    type Output = sgdpde_sde::Result<TransitionRun>;
    fn visit<I: Integrator<S>>(self, integrator: I) -> Self::Output {
        self.estimator
            .run_guided(self.sde, &integrator, self.x0, self.gauge, self.guide)
    }
}

/// The `ams` block of the report.
#[derive(Debug, Clone, Serialize)]
pub struct AmsFields {
    /// The settings.
    #[serde(flatten)]
    pub config: AmsConfig,
    /// The Brownian-bridge crossing test between grid points.
    pub bridge: bool,
    /// `p̂`: a loop from `Σ` leaves the domain before returning to `A`.
    pub probability: f64,
    /// Mean failed loop `A → Σ → A`.
    pub loop_time: f64,
    /// Mean reactive loop (climb to `Σ`, then out).
    pub reactive_time: f64,
    /// One run's relative standard error (ideal-coordinate lower bound
    /// for `p̂`, combined with the loops').
    pub relative_se: f64,
    /// Splitting iterations.
    pub iterations: u64,
    /// Steps the splitting simulated.
    pub splitting_steps: u64,
    /// Steps the loops simulated.
    pub loop_steps: u64,
}

impl AmsFields {
    pub(super) fn new(config: AmsConfig, bridge: bool, r: &TransitionRun) -> Self {
        Self {
            config,
            bridge,
            probability: r.probability,
            loop_time: r.loop_time,
            reactive_time: r.reactive_time,
            relative_se: r.relative_se,
            iterations: r.splitting.iterations,
            splitting_steps: r.splitting.steps,
            loop_steps: r.loop_steps,
        }
    }
}
