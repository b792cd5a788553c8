//! The Monte Carlo exit-time run once the SDE and the domain are concrete:
//! the integrator is the last runtime choice, visited here into the
//! monomorphised exit loop (shared by landscapes and `[sde]` problem files).

use sgdpde_sde::{
    ChunkStore, ExitChunk, ExitSummary, ExitTimes, FlatBoundary, Integrator, IntegratorKind,
    IntegratorVisitor, SdeDerivative,
};

/// `E τ` by Monte Carlo: `paths` paths of `sde` from `x0` until they leave
/// `domain` or reach `t_max`, with the Brownian-bridge crossing correction
/// when `bridge`, through `store` (checkpoints and progress; the outcomes
/// are the same bits with any store). Runs on the current rayon pool (the
/// command installs its pool once).
///
/// # Errors
/// An invalid run size, an integrator that does not admit the SDE's noise,
/// or a numerical failure of a path.
pub fn exit_summary<S: SdeDerivative, D: FlatBoundary>(
    kind: IntegratorKind,
    sde: &S,
    exits: &ExitTimes,
    x0: &[f64],
    domain: &D,
    bridge: bool,
    store: &dyn ChunkStore<ExitChunk>,
) -> anyhow::Result<ExitSummary> {
    Ok(kind.visit(
        sde,
        RunExit {
            sde,
            exits,
            x0,
            domain,
            bridge,
            store,
        },
    )??)
}

/// The concrete integrator → the exit loop.
struct RunExit<'a, S, D> {
    sde: &'a S,
    exits: &'a ExitTimes,
    x0: &'a [f64],
    domain: &'a D,
    bridge: bool,
    store: &'a dyn ChunkStore<ExitChunk>,
}

impl<S: SdeDerivative, D: FlatBoundary> IntegratorVisitor<S> for RunExit<'_, S, D> {
    type Output = sgdpde_sde::Result<ExitSummary>;
    fn visit<I: Integrator<S>>(self, integrator: I) -> Self::Output {
        // One compiled loop for both monitors (the bridge switched at run
        // time), bitwise the discrete or the bridged run.
        self.exits.run_monitored_stored(
            self.sde,
            &integrator,
            self.x0,
            self.domain,
            self.bridge,
            self.store,
        )
    }
}

/// Bytes kept per path of a `d`-dimensional exit-time run: its outcome
/// (time, exit point, face).
pub fn outcome_bytes(d: usize) -> u64 {
    (std::mem::size_of::<sgdpde_sde::Outcome>() + 8 * d) as u64
}
