//! `ModelArgs`: the model, temperature, integrator and run-size arguments
//! shared by `simulate` and `exit-time`, parsed into the run layer's
//! [`ModelConfig`].

use sgdpde_run::model::ModelConfig;

/// The model, temperature, integrator and run-size arguments shared by
/// `simulate` and `exit-time`.
#[derive(Debug, Clone, clap::Args)]
pub struct ModelArgs {
    #[command(flatten)]
    pub source: crate::problem_arg::Source,
    /// Override a landscape parameter, `--param name=value` (repeatable).
    #[arg(long = "param", value_name = "NAME=VALUE", value_parser = crate::params::parse_param)]
    pub params: Vec<(String, f64)>,
    /// Noise level in the convention dX = −∇L dt + √ε dW.
    #[arg(long, group = "temperature", required_unless_present_any = ["beta", "problem"])]
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
    /// Number of paths (≥ 2: variances and standard errors need two).
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(2..))]
    pub paths: u64,
    /// Master seed: path i uses ChaCha8(seed) on stream i.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Start point, comma-separated coordinates (e.g. `--x0=-1` or `--x0 0.5,1`);
    /// required unless the problem file gives `x0`.
    #[arg(long, value_delimiter = ',')]
    pub x0: Vec<f64>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
}

impl From<&ModelArgs> for ModelConfig {
    fn from(a: &ModelArgs) -> Self {
        Self {
            source: a.source.config(),
            params: a.params.clone(),
            epsilon: a.epsilon,
            beta: a.beta,
            integrator: a.integrator.clone(),
            dt: a.dt,
            paths: a.paths,
            seed: a.seed,
            x0: a.x0.clone(),
            threads: a.threads,
        }
    }
}
