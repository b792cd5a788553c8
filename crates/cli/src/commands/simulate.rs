//! `sgdpde simulate`: an ensemble of Langevin paths `dX = −∇L dt + √ε dW` on
//! a catalogue landscape; terminal mean, variance and basin masses.
//!
//! The runtime choices (landscape, integrator) are dispatched once — via
//! `AnyLandscape::visit` and `IntegratorKind::visit` — into monomorphised
//! ensemble code. Results do not depend on `--threads` (bitwise), so the
//! thread count is not part of the report.

use anyhow::Context;
use serde_json::{Map, Value, json};
use sgdpde_landscape::critical::{Basin, BasinOptions, basin_of};
use sgdpde_landscape::{
    AnyLandscape, KnownCriticalPoints, Landscape, LandscapeHessian, LandscapeVisitor,
    resolve_params,
};
use sgdpde_sde::{
    Ensemble, Integrator, IntegratorKind, IntegratorVisitor, MomentAcc, Moments, SdeDerivative,
    SdeModel, SetCounts, SetMass, Temperature, TemperatureConvention,
};

/// The model, temperature, integrator and run-size arguments shared by
/// `simulate` and `exit-time`.
#[derive(Debug, Clone, clap::Args)]
pub struct ModelArgs {
    /// Catalogue name (see `sgdpde landscapes`).
    pub landscape: String,
    /// Override a landscape parameter, `--param name=value` (repeatable).
    #[arg(long = "param", value_name = "NAME=VALUE", value_parser = crate::params::parse_param)]
    pub params: Vec<(String, f64)>,
    /// Noise level in the convention dX = −∇L dt + √ε dW.
    #[arg(long, group = "temperature", required_unless_present = "beta")]
    pub epsilon: Option<f64>,
    /// Inverse temperature in the convention dX = −∇U dt + √(2/β) dW (ε = 2/β).
    #[arg(long, group = "temperature")]
    pub beta: Option<f64>,
    /// Integrator (euler-maruyama, milstein, …).
    #[arg(long, default_value = "euler-maruyama")]
    pub integrator: String,
    /// Time step.
    #[arg(long, default_value_t = 1e-3)]
    pub dt: f64,
    /// Number of paths.
    #[arg(long, default_value_t = 10_000)]
    pub paths: u64,
    /// Master seed: path i uses ChaCha8(seed) on stream i.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Start point, comma-separated coordinates (e.g. `--x0=-1` or `--x0 0.5,1`).
    #[arg(
        long,
        value_delimiter = ',',
        allow_negative_numbers = true,
        required = true
    )]
    pub x0: Vec<f64>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
}

impl ModelArgs {
    /// The temperature in the convention the user chose.
    pub fn temperature(&self) -> anyhow::Result<Temperature> {
        Ok(match (self.epsilon, self.beta) {
            (Some(e), None) => Temperature::epsilon(e)?,
            (None, Some(b)) => Temperature::beta(b)?,
            _ => anyhow::bail!("give exactly one of --epsilon and --beta"),
        })
    }

    /// The rayon pool of `--threads` threads.
    pub fn pool(&self) -> anyhow::Result<rayon::ThreadPool> {
        crate::threads::pool(self.threads)
    }

    /// The catalogue landscape and its resolved parameters as JSON.
    pub fn landscape(&self) -> anyhow::Result<(AnyLandscape, Map<String, Value>)> {
        let l = AnyLandscape::from_catalogue(&self.landscape, &self.params)?;
        let entry = l.entry();
        let values = resolve_params(entry, &self.params)?;
        let params = entry
            .params
            .iter()
            .zip(values)
            .map(|(p, v)| (p.name.to_owned(), json!(v)))
            .collect();
        if self.x0.len() != l.dim() {
            anyhow::bail!(
                "--x0 has {} coordinates but `{}` has dimension {}",
                self.x0.len(),
                entry.name,
                l.dim()
            );
        }
        Ok((l, params))
    }

    /// The parameters every report repeats (everything but the thread count).
    pub fn report_header(
        &self,
        command: &str,
        temperature: Temperature,
        params: Map<String, Value>,
    ) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("command".into(), json!(command));
        m.insert("landscape".into(), json!(self.landscape));
        m.insert("params".into(), Value::Object(params));
        m.insert("temperature".into(), temperature_json(temperature));
        m.insert("integrator".into(), json!(self.integrator));
        m.insert("dt".into(), json!(self.dt));
        m.insert("paths".into(), json!(self.paths));
        m.insert("seed".into(), json!(self.seed));
        m.insert("x0".into(), json!(self.x0));
        m
    }
}

/// The temperature in both conventions, naming the one given.
pub fn temperature_json(t: Temperature) -> Value {
    json!({
        "convention": match t.convention() {
            TemperatureConvention::Epsilon => "epsilon",
            TemperatureConvention::Beta => "beta",
        },
        "epsilon": t.eps(),
        "beta": t.beta_value(),
        "sde": "dX = −∇L dt + √ε dW",
        "summary": t.to_string(),
    })
}

/// Arguments of `sgdpde simulate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    model: ModelArgs,
    /// Final time (a whole multiple of --dt).
    #[arg(long, default_value_t = 1.0)]
    t_end: f64,
    /// Print one JSON object on stdout instead of the human summary.
    #[arg(long)]
    json: bool,
}

/// Terminal statistics of one run.
struct Terminal {
    moments: MomentAcc,
    basins: SetCounts,
    minima: Vec<Vec<f64>>,
}

/// Stage 1: the concrete landscape → the Langevin model.
struct WithLandscape<'a> {
    args: &'a Args,
    temperature: Temperature,
    kind: IntegratorKind,
    pool: &'a rayon::ThreadPool,
}

impl LandscapeVisitor for WithLandscape<'_> {
    type Output = anyhow::Result<Terminal>;
    fn visit<L: LandscapeHessian + KnownCriticalPoints + Clone + 'static>(
        self,
        l: &L,
    ) -> anyhow::Result<Terminal> {
        let minima: Vec<Vec<f64>> = l
            .known_critical_points()
            .into_iter()
            .filter(|p| p.index == 0)
            .map(|p| p.x)
            .collect();
        let opts = BasinOptions::default();
        let single = minima.len() <= 1;
        // Basin of the gradient flow (landscape crate); a single known
        // minimum (convex bowls, possibly with flat directions) attracts
        // everything.
        let classify = |x: &[f64]| -> Option<usize> {
            if single {
                return Some(0);
            }
            match basin_of(l, x, &minima, &opts) {
                Ok(Basin::Minimum(k)) => Some(k),
                _ => None,
            }
        };
        let sde = SdeModel::langevin(l.clone(), self.temperature)?;
        let ensemble = Ensemble::new(
            self.args.model.paths,
            self.args.model.dt,
            self.args.t_end,
            self.args.model.seed,
        )?;
        let (moments, basins) = self.kind.visit(
            &sde,
            RunEnsemble {
                sde: &sde,
                ensemble: &ensemble,
                x0: &self.args.model.x0,
                reduction: (
                    Moments::new(l.dim()),
                    SetMass::new(minima.len().max(1), classify),
                ),
                pool: self.pool,
            },
        )??;
        Ok(Terminal {
            moments,
            basins,
            minima,
        })
    }
}

/// Stage 2: the concrete integrator → the ensemble run.
struct RunEnsemble<'a, S, R> {
    sde: &'a S,
    ensemble: &'a Ensemble,
    x0: &'a [f64],
    reduction: R,
    pool: &'a rayon::ThreadPool,
}

impl<S, F> IntegratorVisitor<S> for RunEnsemble<'_, S, (Moments, SetMass<F>)>
where
    S: SdeDerivative,
    F: Fn(&[f64]) -> Option<usize> + Sync,
{
    type Output = sgdpde_sde::Result<(MomentAcc, SetCounts)>;
    fn visit<I: Integrator<S>>(self, integrator: I) -> Self::Output {
        let (mut m, mut b) = self.pool.install(|| {
            self.ensemble
                .run(self.sde, &integrator, self.x0, &self.reduction)
        })?;
        Ok((m.remove(0), b.remove(0)))
    }
}

/// Runs the ensemble and prints the report.
pub fn run(args: &Args) -> anyhow::Result<()> {
    let m = &args.model;
    let temperature = m.temperature()?;
    let kind: IntegratorKind = m.integrator.parse()?;
    let (l, params) = m.landscape()?;
    let pool = m.pool()?;
    let Terminal {
        moments,
        basins,
        minima,
    } = l
        .visit(WithLandscape {
            args,
            temperature,
            kind,
            pool: &pool,
        })
        .with_context(|| format!("simulating `{}`", m.landscape))?;

    let d = l.dim();
    let cov = moments
        .covariance()
        .unwrap_or_else(|| vec![f64::NAN; d * d]);
    let variance: Vec<f64> = (0..d).map(|i| cov[i * d + i]).collect();
    let n = m.paths as f64;
    let fractions = basins.fractions();
    let basin_rows: Vec<Value> = fractions
        .iter()
        .enumerate()
        .map(|(k, p)| {
            json!({
                "minimum": minima.get(k),
                "mass": p,
                "std_error": (p * (1.0 - p) / n).sqrt(),
            })
        })
        .collect();
    let unassigned = basins.outside as f64 / n;

    if args.json {
        let mut r = m.report_header("simulate", temperature, params);
        r.insert("t_end".into(), json!(args.t_end));
        r.insert(
            "terminal".into(),
            json!({
                "mean": moments.mean(),
                "mean_std_error": (0..d).map(|i| moments.std_error(i)).collect::<Vec<_>>(),
                "variance": variance,
                "covariance": cov.chunks(d).collect::<Vec<_>>(),
            }),
        );
        r.insert("basins".into(), Value::Array(basin_rows));
        r.insert("unassigned_mass".into(), json!(unassigned));
        println!("{}", Value::Object(r));
    } else {
        println!(
            "{} paths of dX = −∇L dt + √ε dW on `{}`, {}, {} with dt = {}, t = 0 → {}, seed {}",
            m.paths, m.landscape, temperature, kind, m.dt, args.t_end, m.seed
        );
        println!("terminal mean     {:?}", moments.mean());
        println!("terminal variance {variance:?}");
        for (k, p) in fractions.iter().enumerate() {
            let which = minima
                .get(k)
                .map_or_else(|| "(whole space)".to_owned(), |x| format!("{x:?}"));
            println!(
                "basin of minimum {which}: mass {p:.6} ± {:.6}",
                (p * (1.0 - p) / n).sqrt()
            );
        }
        if basins.outside > 0 {
            println!("unassigned (basin undecided): {unassigned:.6}");
        }
    }
    Ok(())
}
