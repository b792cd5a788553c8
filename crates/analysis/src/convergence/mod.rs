//! The convergence harness: observed strong and weak orders with Monte Carlo
//! error controlled from the measured variance.
//!
//! The harness is independent of how paths are simulated. A study is a set
//! of step sizes `h₁ > h₂ > …` and a sampler `sample(i, out)` that, for path
//! `i` (its own random stream), writes one number per step size:
//!
//! * **strong** — `|X_T^{h_k} − X_T|` with every `X^{h_k}` driven by the
//!   *same* Brownian path (a fine path coarsened exactly) and `X_T` the exact
//!   (or fine-reference) solution on that path;
//! * **weak** — `φ(X_T^{h_k}) − φ(X_T^{ref})` on the same path. Its mean is
//!   `E φ(X_T^{h_k}) − E φ(X_T)`, the weak error, because `X^{ref}` has the
//!   exact law (checked separately against the closed-form moment, see
//!   [`WeakStudy::reference_z`]). Using the coupled difference — the exact
//!   moment acts as the known mean of the control variate `φ(X_T^{ref})` —
//!   cuts the variance from `Var φ(X_T)` to `O(h^{2p_strong})`;
//! * **plain weak** — `φ(X_T^{h_k}) − E φ(X_T)` when no pathwise reference
//!   exists ([`error_study`]); the path rule then sees the full variance.
//!
//! **Path count.** A pilot of [`PathRule::pilot`] paths estimates, for every
//! level, the standard deviation `σ_k` and mean `μ_k` of the sampled
//! quantity; the study needs `N = max_k ⌈(σ_k / (r |μ_k|))²⌉` paths so that
//! the standard error of every measured error is at most the fraction `r`
//! of the error itself. It runs in stages — at most fourfold growth per
//! stage, re-estimating `N` each time — until the running count reaches the
//! current `N` or the cap [`PathRule::max`]. If the cap binds,
//! [`ConvergenceStudy::mc_limited`] is set (a test then fails rather than
//! fit noise).
//!
//! **Parallelism.** Every stage is cut into fixed chunks of [`CHUNK`]
//! consecutive path indices; the chunks run on the current rayon pool and
//! their accumulators are merged in index order, so a study is bitwise
//! identical for any number of threads.
//!
//! **Fit.** Ordinary least squares of `ln error` on `ln h` gives the observed
//! order `p̂` and its standard error from the residuals
//! (`se = s/√Sxx`, `s² = Σrᵢ²/(n − 2)`); see
//! `proofs-notes/convergence-harness.md` for the estimator and the
//! tolerance [`order_tolerance`].
//!
//! # Examples
//! A synthetic strong study whose error is exactly `2h`:
//! ```
//! use sgdpde_analysis::convergence::{PathRule, error_study, order_tolerance};
//! let dts = [0.1, 0.05, 0.025, 0.0125];
//! let s = error_study(&dts, PathRule::STRONG, |i, out: &mut [f64]| {
//!     let noise = if i % 2 == 0 { 0.01 } else { -0.01 };
//!     for (o, h) in out.iter_mut().zip(&dts) {
//!         *o = 2.0 * h * (1.0 + noise);
//!     }
//!     Ok::<(), sgdpde_analysis::AnalysisError>(())
//! })?;
//! assert!((s.fit.order - 1.0).abs() <= order_tolerance(s.fit.se));
//! # Ok::<(), sgdpde_analysis::AnalysisError>(())
//! ```

mod order_fit;
mod path_rule;
mod study;

pub use order_fit::{OrderFit, fit_order, order_tolerance};
pub use path_rule::PathRule;
pub use study::{CHUNK, ConvergenceStudy, WeakStudy, error_study, weak_study};
