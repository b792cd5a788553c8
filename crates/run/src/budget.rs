//! The one-day work budget of the Monte Carlo commands
//! ([`sgdpde_sde::limits::check_work`]), lifted by `--force`.

/// Refuses `paths × steps × cost` path-steps beyond the budget of the
/// threads of `pool`, unless `force`.
///
/// # Errors
/// One line naming paths, steps, the product and the budget, and `--force`.
pub fn check(
    paths: u64,
    steps: u64,
    cost: f64,
    pool: &rayon::ThreadPool,
    force: bool,
) -> anyhow::Result<()> {
    if force {
        return Ok(());
    }
    sgdpde_sde::limits::check_work(paths, steps, cost, pool.current_num_threads())
        .map_err(|e| anyhow::anyhow!("{e}; pass --force to run it anyway"))
}
