//! Run-size limits shared by every time loop and every large buffer: the
//! step-count rule, the one-day work budget and the memory limit.
//!
//! * **Steps.** A loop to a horizon `t` with step `dt` takes between 1 and
//!   [`MAX_STEPS`] = 2⁵³ steps ([`check_steps`]): 2⁵³ is the last count an
//!   `f64` holds exactly (so `k·dt` is the time of step `k`), and a count
//!   beyond it is a typo (`--t-end 1e13 --dt 0.001`), not a run. A horizon
//!   shorter than one step is refused ([`LimitError::NoStep`]) instead of
//!   returning the start point after zero steps.
//! * **Work.** [`check_work`] refuses runs of more path-steps (times a cost
//!   factor relative to one step of a 1-D Langevin path) than the machine
//!   does in a day: [`BUDGET_SECONDS`] × [`PATH_STEPS_PER_THREAD_SECOND`] ×
//!   threads. Callers decide whether to enforce it (the command line lifts
//!   it with `--force`).
//! * **Memory.** [`check_memory`] compares an estimate of the bytes a
//!   computation allocates with [`memory_limit`] (the memory the system
//!   says is available, else [`FALLBACK_MEMORY_LIMIT`]) before allocating;
//!   [`try_zeros`] allocates a user-sized buffer with `try_reserve`, so a
//!   failed allocation is an error, not an abort.
//!
//! Derivations and measurements: `proofs-notes/run-size-limits.md`.

use thiserror::Error;

pub use crate::ensemble::{check_run, steps_on_grid};

/// Most steps any time loop takes: 2⁵³.
pub const MAX_STEPS: u64 = 1 << 53;

/// Path-steps per second and thread of the fastest Monte Carlo loop,
/// measured on the reference machine (release build, 1-D double well,
/// Euler–Maruyama: ensembles 2.07·10⁸, exit times 1.85·10⁸ without and
/// 1.33·10⁸ with the bridge correction; `BENCHMARKS.md` W1/W2 and
/// `proofs-notes/run-size-limits.md`), rounded: a refused run would take
/// more than a day even at the fastest loop's speed.
pub const PATH_STEPS_PER_THREAD_SECOND: f64 = 2e8;

/// The work budget in seconds: one day.
pub const BUDGET_SECONDS: f64 = 86_400.0;

/// The memory limit when the system does not say how much is available
/// (no `/proc/meminfo`): 8 GiB.
pub const FALLBACK_MEMORY_LIMIT: u64 = 8 << 30;

/// A run or a buffer beyond the limits of this module.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum LimitError {
    /// More than [`MAX_STEPS`] steps to the horizon.
    #[error(
        "{horizon} / dt = {} / {} = {steps:.3e} steps: at most 2^53 = 9.007e15 steps \
         (a larger dt or a shorter {horizon})",
        num(*t),
        num(*dt)
    )]
    TooManySteps {
        /// Name of the horizon (`t_end`, `t_max`).
        horizon: &'static str,
        /// The horizon.
        t: f64,
        /// The step.
        dt: f64,
        /// `t / dt`.
        steps: f64,
    },
    /// The horizon is shorter than one step: the run would take no step.
    #[error(
        "dt = {} exceeds {horizon} = {}: the run would take no step (need dt ≤ {horizon})",
        num(*dt),
        num(*t)
    )]
    NoStep {
        /// Name of the horizon.
        horizon: &'static str,
        /// The horizon.
        t: f64,
        /// The step.
        dt: f64,
    },
    /// More work than the machine does in a day.
    #[error(
        "{paths} paths × {steps} steps{} = {work:.3e} path-steps exceeds the one-day budget \
         {budget:.3e} ({threads} threads × {seconds} s × {rate:.0e} path-steps/s)",
        cost_text(*cost),
        seconds = BUDGET_SECONDS,
        rate = PATH_STEPS_PER_THREAD_SECOND
    )]
    OverBudget {
        /// Paths.
        paths: u64,
        /// Steps per path (at most).
        steps: u64,
        /// Cost of one path-step relative to a 1-D Langevin step.
        cost: f64,
        /// `paths × steps × cost`.
        work: f64,
        /// The budget in path-steps.
        budget: f64,
        /// Threads the budget counts.
        threads: usize,
    },
    /// A computation needs more memory than is available.
    #[error("{what} needs about {} of memory, more than the {} available", bytes_text(*bytes), bytes_text(*limit))]
    OverMemory {
        /// What would be allocated (`a grid of 8000000000 cells`, …).
        what: String,
        /// The estimate in bytes (`u64::MAX` when it overflows).
        bytes: u64,
        /// The limit in bytes.
        limit: u64,
    },
}

/// `x` as Rust prints it, or in scientific notation when that is long
/// (`1e308`, not 309 digits).
fn num(x: f64) -> String {
    let plain = x.to_string();
    if plain.len() > 18 {
        format!("{x:e}")
    } else {
        plain
    }
}

fn cost_text(cost: f64) -> String {
    if cost == 1.0 {
        String::new()
    } else {
        format!(" × cost {cost}")
    }
}

/// A byte count for people: `12.3 GB` (decimal units), `> 1.8e19 B` when
/// it overflowed.
pub fn bytes_text(bytes: u64) -> String {
    if bytes == u64::MAX {
        return "more than 1.8e19 bytes".to_owned();
    }
    let b = bytes as f64;
    for (unit, scale) in [("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)] {
        if b >= scale {
            return format!("{:.1} {unit}", b / scale);
        }
    }
    format!("{bytes} B")
}

/// The step count `steps` (`t / dt`, already rounded by the caller) of a
/// loop to the horizon `horizon = t`: the one rule for every time loop.
///
/// # Errors
/// [`LimitError::NoStep`] below one step, [`LimitError::TooManySteps`]
/// beyond [`MAX_STEPS`] (or for a NaN count).
pub fn check_steps(horizon: &'static str, t: f64, dt: f64, steps: f64) -> Result<u64, LimitError> {
    if steps < 1.0 {
        return Err(LimitError::NoStep { horizon, t, dt });
    }
    if steps.is_nan() || steps > MAX_STEPS as f64 {
        return Err(LimitError::TooManySteps {
            horizon,
            t,
            dt,
            steps,
        });
    }
    Ok(steps as u64)
}

/// The number of equal steps of size at most `dt` that reach `t`:
/// `⌈t / dt⌉`, at least 1 (for a positive `t`).
///
/// # Errors
/// As [`check_steps`] (so `t ≤ 0` or a NaN has no step).
///
/// # Examples
/// ```
/// use sgdpde_sde::limits::{steps_to, LimitError};
/// assert_eq!(steps_to("t_end", 1.0, 0.3)?, 4);
/// assert!(matches!(steps_to("t_end", 1e13, 1e-3), Err(LimitError::TooManySteps { .. })));
/// # Ok::<(), LimitError>(())
/// ```
pub fn steps_to(horizon: &'static str, t: f64, dt: f64) -> Result<u64, LimitError> {
    let steps = if t > 0.0 {
        (t / dt).ceil().max(1.0)
    } else {
        0.0
    };
    check_steps(horizon, t, dt, steps)
}

/// The work budget in path-steps for `threads` threads:
/// [`BUDGET_SECONDS`] × [`PATH_STEPS_PER_THREAD_SECOND`] × threads.
pub fn work_budget(threads: usize) -> f64 {
    BUDGET_SECONDS * PATH_STEPS_PER_THREAD_SECOND * threads.max(1) as f64
}

/// Checks that `paths × steps × cost` path-steps fit in [`work_budget`]
/// of `threads` threads. `cost` is the price of one path-step relative to
/// a step of a 1-D Langevin path (the state dimension for the SDE loops;
/// the batch size times the dimension for minibatch SGD).
///
/// # Errors
/// [`LimitError::OverBudget`] naming paths, steps, the product and the
/// budget.
pub fn check_work(paths: u64, steps: u64, cost: f64, threads: usize) -> Result<(), LimitError> {
    let work = paths as f64 * steps as f64 * cost;
    let budget = work_budget(threads);
    if work <= budget {
        return Ok(());
    }
    Err(LimitError::OverBudget {
        paths,
        steps,
        cost,
        work,
        budget,
        threads: threads.max(1),
    })
}

/// `MemAvailable` of `/proc/meminfo` in bytes, if the system reports it.
fn mem_available() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    kib.checked_mul(1024)
}

/// The memory a computation may use: the memory the system reports as
/// available (`MemAvailable` of `/proc/meminfo` on Linux), else
/// [`FALLBACK_MEMORY_LIMIT`].
pub fn memory_limit() -> u64 {
    mem_available().unwrap_or(FALLBACK_MEMORY_LIMIT)
}

/// Checks an estimate of the bytes `what` allocates against
/// [`memory_limit`].
///
/// # Errors
/// [`LimitError::OverMemory`] with the estimate and the limit.
pub fn check_memory(what: impl FnOnce() -> String, bytes: u64) -> Result<(), LimitError> {
    let limit = memory_limit();
    if bytes <= limit {
        return Ok(());
    }
    Err(LimitError::OverMemory {
        what: what(),
        bytes,
        limit,
    })
}

/// `n` zeros, allocated with `try_reserve` after [`check_memory`]: the
/// buffer for a size that comes from the user.
///
/// # Errors
/// [`LimitError::OverMemory`] if the estimate exceeds the limit or the
/// allocation fails.
pub fn try_zeros(what: impl Fn() -> String, n: usize) -> Result<Vec<f64>, LimitError> {
    let bytes = (n as u64).saturating_mul(8);
    check_memory(&what, bytes)?;
    let mut v = Vec::new();
    v.try_reserve_exact(n).map_err(|_| LimitError::OverMemory {
        what: what(),
        bytes,
        limit: memory_limit(),
    })?;
    v.resize(n, 0.0);
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_step_rule_from_one_to_two_to_the_53() {
        assert_eq!(steps_to("t_end", 1.0, 0.25).unwrap(), 4);
        assert_eq!(steps_to("t_end", 1.0, 0.3).unwrap(), 4); // 3 steps fall short
        assert_eq!(steps_to("t_end", 1e-9, 0.01).unwrap(), 1);
        assert_eq!(steps_to("t_end", 2f64.powi(53), 1.0).unwrap(), MAX_STEPS);
        let e = steps_to("t_max", 1e15, 1e-3).unwrap_err();
        assert!(
            matches!(e, LimitError::TooManySteps { horizon: "t_max", steps, .. } if steps == 1e18),
            "{e}"
        );
        assert!(e.to_string().contains("2^53"), "{e}");
        assert!(steps_to("t_end", 2f64.powi(54), 1.0).is_err());
        // 10^-320 is subnormal: the quotient overflows to +inf, still refused.
        assert!(steps_to("t_end", 0.1, 1e-320).is_err());
        for t in [0.0, -1.0, f64::NAN] {
            assert!(matches!(
                steps_to("t_end", t, 0.1),
                Err(LimitError::NoStep { .. })
            ));
        }
        assert_eq!(check_steps("t_end", 1.0, 1.0, 1.0).unwrap(), 1);
        let e = check_steps("t_end", 0.1, 1e8, 0.0).unwrap_err();
        assert_eq!(
            e.to_string(),
            "dt = 100000000 exceeds t_end = 0.1: the run would take no step (need dt ≤ t_end)"
        );
        assert!(check_steps("t_end", 1.0, 1.0, f64::NAN).is_err());
        let e = check_steps("t_max", 50.0, 1e308, 0.0).unwrap_err();
        assert!(
            e.to_string().starts_with("dt = 1e308 exceeds t_max = 50:"),
            "{e}"
        );
    }

    #[test]
    fn work_budget_is_a_day_per_thread_and_the_error_names_the_product() {
        assert_eq!(work_budget(1), 86_400.0 * 2e8);
        assert_eq!(work_budget(0), work_budget(1));
        assert_eq!(work_budget(4), 4.0 * work_budget(1));
        check_work(10_000, 1_000_000, 1.0, 1).unwrap();
        let b = work_budget(2);
        // Exactly at the budget runs; one path-step more does not.
        check_work(2, (b / 2.0) as u64, 1.0, 2).unwrap();
        let e = check_work(10_000, 1_000_000_000_000, 1.0, 2).unwrap_err();
        assert!(
            matches!(e, LimitError::OverBudget { paths: 10_000, steps: 1_000_000_000_000, work, budget, threads: 2, .. }
                if work == 1e16 && budget == b),
            "{e}"
        );
        let s = e.to_string();
        assert!(
            s.contains("10000 paths × 1000000000000 steps = 1.000e16 path-steps"),
            "{s}"
        );
        assert!(check_work(1, 1, 1e300, 1).is_err());
    }

    #[test]
    fn memory_limit_is_positive_and_estimates_beyond_it_are_refused() {
        let limit = memory_limit();
        assert!(limit > 0);
        check_memory(|| "nothing".into(), 0).unwrap();
        let e = check_memory(|| "a grid of 8000000000 cells".into(), u64::MAX).unwrap_err();
        assert!(
            // The limit is the memory available when the check ran: it may
            // differ from `limit` read a moment before (other processes).
            matches!(&e, LimitError::OverMemory { bytes: u64::MAX, limit: l, .. } if *l > 0 && *l < u64::MAX),
            "{e}"
        );
        assert!(
            e.to_string()
                .starts_with("a grid of 8000000000 cells needs about more than 1.8e19 bytes"),
            "{e}"
        );
        assert_eq!(try_zeros(|| "v".into(), 3).unwrap(), vec![0.0; 3]);
        assert!(try_zeros(|| "v".into(), usize::MAX).is_err());
        assert_eq!(bytes_text(999), "999 B");
        assert_eq!(bytes_text(12_345_678_901), "12.3 GB");
    }
}
