//! Every requested estimate of a mean exit time on a landscape: Monte Carlo
//! (the only one with a per-step loop, so the only one visited into code
//! per landscape type), the backward PDE, the exact quadrature and the
//! Eyring–Kramers law (these take the `AnyLandscape` itself: their cost is
//! in the solve or the quadrature, not in the landscape call).

use anyhow::Context;
use sgdpde_landscape::{
    AnyLandscape, KnownCriticalPoints, Landscape, LandscapeHessian, LandscapeVisitor,
};
use sgdpde_sde::{
    ChunkStore, ExitChunk, ExitSummary, ExitTimes, FlatBoundary, FlatDomain, IntegratorKind,
    Interval, SdeModel, Temperature, TransitionRun,
};

use super::guide::GuideInputs;
use super::pde::{self, PdeEstimate, PdeGrid};
use super::{ExitMethod, ExitTimeConfig, monte_carlo, splitting, theory};

/// The estimates a run produced (those not requested, or not applicable, are `None`).
#[derive(Debug, Default)]
pub(super) struct Estimates {
    pub mc: Option<ExitSummary>,
    /// `Some(Ok(None))`: the PDE says the exit never happens (E τ = ∞);
    /// `Some(Err(reason))`: the solve lost precision (`--method all` only,
    /// where the other methods still report).
    pub pde: Option<Result<Option<PdeEstimate>, String>>,
    /// `Some(Err(reason))`: splitting failed (`--method all` only).
    pub ams: Option<Result<TransitionRun, String>>,
    pub quadrature: Option<f64>,
    pub eyring_kramers: Option<f64>,
}

/// The landscape and what every estimate needs.
pub(super) struct OnLandscape<'a> {
    pub cfg: &'a ExitTimeConfig,
    pub landscape: &'a AnyLandscape,
    pub x0: &'a [f64],
    pub search_box: Vec<[f64; 2]>,
    pub temperature: Temperature,
    pub kind: IntegratorKind,
    /// Checkpoints and progress of the Monte Carlo run.
    pub store: &'a dyn ChunkStore<ExitChunk>,
}

impl OnLandscape<'_> {
    /// Every requested estimate. Two domain types reach the Monte Carlo
    /// loop: intervals (the paper's 1-D escapes, and basins) run on
    /// `Interval` itself; half-spaces, boxes and balls share one
    /// `FlatDomain` loop (same bits, one `match` per step), so the exit
    /// loops are compiled twice per landscape × integrator, not four times.
    pub fn estimates(&self) -> anyhow::Result<Estimates> {
        let l = self.landscape;
        match self.cfg.domain.flat(l.dim())? {
            Some(FlatDomain::Interval(i)) => {
                let (lo, hi) = i.ends();
                self.on_domain(
                    &i,
                    (l.dim() == 1).then_some((lo, hi)),
                    FlatDomain::Interval(i),
                )
            }
            Some(domain) => self.on_domain(&domain, None, domain.clone()),
            None => {
                let basin = self.basin()?;
                let ends = basin.ends();
                self.on_domain(&basin, Some(ends), FlatDomain::Interval(basin))
            }
        }
    }

    /// `--domain basin` (1-D): the interval between the barrier tops
    /// neighbouring `x0`.
    fn basin(&self) -> anyhow::Result<Interval> {
        let l = self.landscape;
        if l.dim() != 1 {
            anyhow::bail!(
                "--domain basin is implemented for 1-D landscapes (this one has dimension {}); \
                 give a ball, box or half-space",
                l.dim()
            );
        }
        let x = self.x0[0];
        let tops = theory::barrier_tops(l, &self.search_box)?;
        theory::check_basin_start(x, &tops)?;
        let lo = tops
            .iter()
            .copied()
            .filter(|t| *t < x)
            .fold(f64::NEG_INFINITY, f64::max);
        let hi = tops
            .iter()
            .copied()
            .filter(|t| *t > x)
            .fold(f64::INFINITY, f64::min);
        Ok(Interval::new(lo, hi)?)
    }

    /// Every requested estimate on the concrete domain; `interval` is the
    /// 1-D domain `(lo, hi)` when there is one, `flat` the same domain as
    /// a run-time shape (the splitting's gauge).
    fn on_domain<D: FlatBoundary>(
        &self,
        domain: &D,
        interval: Option<(f64, f64)>,
        flat: FlatDomain,
    ) -> anyhow::Result<Estimates> {
        let (cfg, l, x0) = (self.cfg, self.landscape, self.x0);
        let method = cfg.method;
        let eps = self.temperature.eps();
        let mut e = Estimates::default();
        if method.runs(ExitMethod::Mc) {
            let m = &cfg.model;
            let exits = ExitTimes::new(m.paths, m.dt, cfg.t_max, m.seed)?;
            e.mc = Some(l.visit(MonteCarlo {
                exits: &exits,
                x0,
                domain,
                bridge: cfg.bridge,
                temperature: self.temperature,
                kind: self.kind,
                store: self.store,
            })?);
        }
        if method.runs(ExitMethod::Ams) {
            let m = &cfg.model;
            let grid = || self.pde_grid(l.dim());
            let guide = GuideInputs {
                landscape: l,
                epsilon: eps,
                domain: &flat,
                x0,
                z_a: cfg.ams.z_a,
                search_box: &self.search_box,
                grid: &grid,
            }
            .guide(cfg.ams.coordinate);
            let run = guide.and_then(|guide| {
                l.visit(splitting::OnLandscape {
                    run: splitting::AmsRun {
                        cfg: cfg.ams,
                        domain: flat,
                        guide,
                        x0,
                        dt: m.dt,
                        seed: m.seed,
                        max_steps: sgdpde_sde::limits::steps_to("t_max", cfg.t_max, m.dt)?,
                        kind: self.kind,
                        bridge: cfg.bridge,
                    },
                    temperature: self.temperature,
                })
            });
            e.ams = Some(match run {
                Ok(r) => Ok(r),
                Err(err) if method == ExitMethod::All => Err(format!("{err:#}")),
                Err(err) => return Err(err),
            });
        }
        if method.runs(ExitMethod::Pde) {
            let grid = self.pde_grid(l.dim())?;
            e.pde = Some(match pde::mean_exit_time_pde(l, eps, domain, x0, &grid) {
                Ok(v) => Ok(v),
                Err(err) => match pde::precision_loss(&err, eps) {
                    Some(reason) if method == ExitMethod::All => Err(reason),
                    Some(reason) => anyhow::bail!(reason),
                    None => return Err(err),
                },
            });
        }
        if let (ExitMethod::All, Some((lo, hi))) = (method, interval) {
            e.quadrature = theory::quadrature(l, eps, lo, hi, x0[0])?;
            let tops = theory::barrier_tops(l, &self.search_box)?;
            e.eyring_kramers = theory::eyring_kramers(l, eps, lo, hi, x0[0], &tops)?;
        }
        Ok(e)
    }

    /// The PDE grid from the configuration or the landscape's search box.
    fn pde_grid(&self, d: usize) -> anyhow::Result<PdeGrid> {
        let bx = &self.search_box;
        let pick = |given: &[f64], k: usize| -> anyhow::Result<Vec<f64>> {
            match given.len() {
                0 => Ok(bx.iter().map(|b| b[k]).collect()),
                n if n == d => Ok(given.to_vec()),
                n => anyhow::bail!(
                    "the PDE grid corner has {n} coordinates; the landscape has dimension {d}"
                ),
            }
        };
        let cells = self.cfg.cells.unwrap_or_else(|| pde::default_cells(d));
        // The second solve doubles the cells: refuse, before the first, a
        // finer grid that cannot be counted or would not fit in memory.
        let fine = vec![cells.saturating_mul(2); d];
        sgdpde_fokker_planck::check_grid_memory(&fine, sgdpde_fokker_planck::Factorisation::Lu)
            .with_context(|| {
                format!(
                    "--cells {cells} (the second PDE solve has {} per axis)",
                    fine[0]
                )
            })?;
        Ok(PdeGrid {
            lower: pick(&self.cfg.grid_lower, 0)?,
            upper: pick(&self.cfg.grid_upper, 1)?,
            cells: vec![cells; d],
        })
    }
}

/// The concrete landscape → the Langevin model → the Monte Carlo exit loop.
struct MonteCarlo<'a, D> {
    exits: &'a ExitTimes,
    x0: &'a [f64],
    domain: &'a D,
    bridge: bool,
    temperature: Temperature,
    kind: IntegratorKind,
    store: &'a dyn ChunkStore<ExitChunk>,
}

impl<D: FlatBoundary> LandscapeVisitor for MonteCarlo<'_, D> {
    type Output = anyhow::Result<ExitSummary>;
    fn visit<L: LandscapeHessian + KnownCriticalPoints + Clone + 'static>(
        self,
        l: &L,
    ) -> anyhow::Result<ExitSummary> {
        let sde = SdeModel::langevin(l.clone(), self.temperature)?;
        monte_carlo::exit_summary(
            self.kind,
            &sde,
            self.exits,
            self.x0,
            self.domain,
            self.bridge,
            self.store,
        )
    }
}
