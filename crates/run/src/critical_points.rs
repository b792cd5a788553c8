//! `critical-points`: the minima, index-1 saddles and barriers of a
//! landscape (catalogue or problem file), by damped Newton from Halton
//! starts in the search box, and the saddles joined to their minima by
//! gradient flow.
//!
//! No per-step loop: the search runs on the `AnyLandscape` itself (one
//! compiled copy, not one per landscape type).

use std::fmt;

use anyhow::Context;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sgdpde_landscape::critical::{
    Barrier, BasinOptions, CriticalPoint, CriticalSet, FindAllOptions, connect_saddles, find_all,
};

use crate::source::Source;

/// The configuration of `critical-points`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CriticalPointsConfig {
    /// The landscape or problem file.
    pub source: Source,
    /// Landscape parameter overrides, `(name, value)`.
    pub params: Vec<(String, f64)>,
    /// Number of Newton starts (Halton points of the search box).
    pub starts: u32,
}

/// A critical point as reported.
#[derive(Debug, Clone, Serialize)]
pub struct PointRow {
    /// Its position in its list (minima `m<k>`, saddles `s<k>`).
    pub index: usize,
    /// Location.
    pub x: Vec<f64>,
    /// `L(x)`.
    pub value: f64,
    /// Eigenvalues of the Hessian, ascending.
    pub hessian_eigenvalues: Vec<f64>,
    /// `|∇L(x)|` at the polished point.
    pub gradient_norm: f64,
}

impl PointRow {
    fn new(index: usize, p: &CriticalPoint) -> Self {
        Self {
            index,
            x: p.x.clone(),
            value: p.value,
            hessian_eigenvalues: p.hessian_eigenvalues.clone(),
            gradient_norm: p.gradient_norm,
        }
    }
}

/// A barrier as reported: the saddle, the two minima it joins, and the
/// heights `L(s) − L(m)` from each.
#[derive(Debug, Clone, Serialize)]
pub struct BarrierRow {
    /// Index of the saddle.
    pub saddle: usize,
    /// Its location.
    pub saddle_x: Vec<f64>,
    /// Indices of the two minima.
    pub minima: [usize; 2],
    /// Their locations.
    pub minima_x: [Vec<f64>; 2],
    /// `L(s) − L(m)` from each minimum.
    pub heights: [f64; 2],
}

/// The report of `critical-points`.
#[derive(Debug, Clone, Serialize)]
pub struct CriticalPointsReport {
    /// The landscape's name (catalogue name or problem file).
    pub landscape: String,
    /// Its parameters with their values.
    pub params: Map<String, Value>,
    /// The search box.
    pub search_box: Vec<[f64; 2]>,
    /// Newton starts.
    pub starts: usize,
    /// Starts that converged inside the box.
    pub converged_starts: usize,
    /// Minima.
    pub minima: Vec<PointRow>,
    /// Index-1 saddles.
    pub saddles: Vec<PointRow>,
    /// Barriers.
    pub barriers: Vec<BarrierRow>,
    /// Saddles of index ≥ 2 found.
    pub higher_index_saddles: usize,
    /// Critical points with a flat direction.
    pub degenerate_points: usize,
}

/// Finds the critical points and barriers of `cfg`'s landscape.
///
/// # Errors
/// An unknown landscape, bad parameters, an `[sde]` problem file, or a
/// failed search (named with the landscape and its parameters).
pub fn critical_points(cfg: &CriticalPointsConfig) -> anyhow::Result<CriticalPointsReport> {
    let r = cfg.source.landscape(&cfg.params, "critical-points")?;
    let bounds = r.search_box();
    let opts = FindAllOptions {
        starts: cfg.starts as usize,
        ..FindAllOptions::default()
    };
    let search = || -> sgdpde_landscape::Result<(CriticalSet, Vec<Barrier>)> {
        let set = find_all(&r.landscape, &bounds, &opts)?;
        let barriers = connect_saddles(&r.landscape, &set, &BasinOptions::default())?;
        Ok((set, barriers))
    };
    let (set, barriers) = search().with_context(|| {
        format!(
            "critical-point search on `{}` [{}]",
            r.name,
            param_list(&r.params)
        )
    })?;
    let rows = |ps: &[CriticalPoint]| -> Vec<PointRow> {
        ps.iter()
            .enumerate()
            .map(|(k, p)| PointRow::new(k, p))
            .collect()
    };
    let barriers = barriers
        .iter()
        .map(|b| BarrierRow {
            saddle: b.saddle,
            saddle_x: set.saddles[b.saddle].x.clone(),
            minima: b.minima,
            minima_x: [
                set.minima[b.minima[0]].x.clone(),
                set.minima[b.minima[1]].x.clone(),
            ],
            heights: b.heights,
        })
        .collect();
    Ok(CriticalPointsReport {
        landscape: r.name,
        params: r.params,
        search_box: bounds,
        starts: set.starts,
        converged_starts: set.converged_starts,
        minima: rows(&set.minima),
        saddles: rows(&set.saddles),
        barriers,
        higher_index_saddles: set.higher_saddles.len(),
        degenerate_points: set.degenerate.len(),
    })
}

/// `name=value, …` of a parameter map.
fn param_list(params: &Map<String, Value>) -> String {
    let pars: Vec<String> = params.iter().map(|(n, v)| format!("{n}={v}")).collect();
    pars.join(", ")
}

impl fmt::Display for CriticalPointsReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fmt_x = |x: &[f64]| {
            let s: Vec<String> = x.iter().map(|v| format!("{v:.6}")).collect();
            format!("({})", s.join(", "))
        };
        let fmt_eig = |e: &[f64]| {
            let s: Vec<String> = e.iter().map(|v| format!("{v:.4e}")).collect();
            s.join(", ")
        };
        write!(
            f,
            "{} [{}]  search box {:?}, {} Newton starts ({} converged in the box)",
            self.landscape,
            param_list(&self.params),
            self.search_box,
            self.starts,
            self.converged_starts
        )?;
        for (title, tag, ps) in [
            ("minima", 'm', &self.minima),
            ("index-1 saddles", 's', &self.saddles),
        ] {
            write!(f, "\n{title} ({}):", ps.len())?;
            for p in ps {
                write!(
                    f,
                    "\n  {tag}{}  x = {}  L = {:.8}  Hessian eigenvalues [{}]",
                    p.index,
                    fmt_x(&p.x),
                    p.value,
                    fmt_eig(&p.hessian_eigenvalues)
                )?;
            }
        }
        write!(f, "\nbarriers L(s) − L(m) ({}):", self.barriers.len())?;
        for b in &self.barriers {
            write!(
                f,
                "\n  s{} joins m{} and m{}: {:.8} from m{}, {:.8} from m{}",
                b.saddle,
                b.minima[0],
                b.minima[1],
                b.heights[0],
                b.minima[0],
                b.heights[1],
                b.minima[1]
            )?;
        }
        if self.degenerate_points > 0 || self.higher_index_saddles > 0 {
            write!(
                f,
                "\nalso: {} degenerate critical point(s) (flat directions), {} saddle(s) of index ≥ 2",
                self.degenerate_points, self.higher_index_saddles
            )?;
        }
        Ok(())
    }
}
