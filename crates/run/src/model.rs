//! The model, temperature, integrator and run size shared by `simulate` and
//! `exit-time`: the temperature in the user's convention, the worker pool,
//! the run-size checks and the landscape with its start point.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use sgdpde_landscape::{AnyLandscape, Landscape};
use sgdpde_sde::{Temperature, TemperatureConvention};

use crate::source::Source;

/// The model, temperature, integrator and run-size settings shared by
/// `simulate` and `exit-time`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ModelConfig {
    /// The landscape or problem file.
    pub source: Source,
    /// Landscape parameter overrides, `(name, value)`.
    pub params: Vec<(String, f64)>,
    /// Noise level in the convention dX = −∇L dt + √ε dW.
    pub epsilon: Option<f64>,
    /// Inverse temperature in the convention dX = −∇U dt + √(2/β) dW.
    pub beta: Option<f64>,
    /// Integrator name (euler-maruyama, milstein, …).
    pub integrator: String,
    /// Time step.
    pub dt: f64,
    /// Number of paths.
    pub paths: u64,
    /// Master seed: path i uses ChaCha8(seed) on stream i.
    pub seed: u64,
    /// Start point (empty: the problem file's).
    pub x0: Vec<f64>,
    /// Worker threads (all cores when `None`). Results do not depend on it.
    pub threads: Option<usize>,
}

impl ModelConfig {
    /// The temperature in the convention the user chose.
    ///
    /// # Errors
    /// Neither or both of ε and β, or an invalid value.
    pub fn temperature(&self) -> anyhow::Result<Temperature> {
        Ok(match (self.epsilon, self.beta) {
            (Some(e), None) => Temperature::epsilon(e)?,
            (None, Some(b)) => Temperature::beta(b)?,
            _ => anyhow::bail!("give exactly one of --epsilon and --beta"),
        })
    }

    /// The FNV-1a hash of the problem file's bytes (none for a catalogue
    /// landscape), for run fingerprints: editing a problem file while
    /// keeping its name and parameters must not reuse old checkpoints.
    ///
    /// # Errors
    /// The file cannot be read.
    pub fn problem_file_hash(&self) -> anyhow::Result<Option<String>> {
        use anyhow::Context;
        self.source
            .problem
            .as_ref()
            .map(|p| std::fs::read(p).with_context(|| format!("reading {}", p.display())))
            .transpose()
            .map(|b| b.map(|bytes| format!("{:016x}", crate::output::hash::fnv1a(&bytes))))
    }

    /// The rayon pool of `threads` threads ([`crate::threads::pool`]).
    ///
    /// # Errors
    /// As [`crate::threads::pool`].
    pub fn pool(&self) -> anyhow::Result<rayon::ThreadPool> {
        crate::threads::pool(self.threads)
    }

    /// Refuses, before anything runs, a run to the horizon `t` (named
    /// `horizon`) of a `dim`-dimensional model that takes no step or more
    /// than 2⁵³ steps, that keeps `bytes_per_path` bytes for each of its
    /// paths beyond the available memory, or (unless `force`) that does more
    /// path-steps than the one-day work budget of `pool`.
    ///
    /// # Errors
    /// One line naming the limit that is exceeded.
    pub fn check_run_size(
        &self,
        horizon: &'static str,
        t: f64,
        dim: usize,
        bytes_per_path: u64,
        pool: &rayon::ThreadPool,
        force: bool,
    ) -> anyhow::Result<()> {
        use sgdpde_sde::limits;
        limits::check_run(self.paths, self.dt)?;
        let steps = limits::steps_on_grid(horizon, t, self.dt)?;
        limits::check_memory(
            || format!("keeping the results of {} paths", self.paths),
            self.paths.saturating_mul(bytes_per_path),
        )?;
        crate::budget::check(self.paths, steps, dim.max(1) as f64, pool, force)
    }

    /// The landscape (catalogue or problem file), its resolved parameters
    /// as JSON and the start point (`x0`, else the file's).
    ///
    /// # Errors
    /// As [`Source::landscape`] and [`crate::source::start_point`].
    pub fn landscape(
        &self,
        command: &str,
    ) -> anyhow::Result<(AnyLandscape, Map<String, Value>, Vec<f64>)> {
        let r = self.source.landscape(&self.params, command)?;
        let x0 =
            crate::source::start_point(&self.x0, r.problem.as_ref(), r.landscape.dim(), &r.name)?;
        Ok((r.landscape, r.params, x0))
    }

    /// The parameters every report repeats (everything but the thread count).
    pub fn report_header(
        &self,
        command: &str,
        temperature: Temperature,
        params: Map<String, Value>,
        x0: &[f64],
    ) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("command".into(), json!(command));
        m.insert("landscape".into(), json!(self.source.name()));
        m.insert("params".into(), Value::Object(params));
        m.insert("temperature".into(), temperature_json(temperature));
        m.insert("integrator".into(), json!(self.integrator));
        m.insert("dt".into(), json!(self.dt));
        m.insert("paths".into(), json!(self.paths));
        m.insert("seed".into(), json!(self.seed));
        m.insert("x0".into(), json!(x0));
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
