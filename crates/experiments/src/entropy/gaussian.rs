//! Exact Gaussian laws of linear SDEs `dX = AX dt + G dW` from a Gaussian
//! start, and their distance to the stationary law along time
//! (`proofs-notes/experiment-entropy.md` §1–§3).

use nalgebra::{DMatrix, DVector};
use sgdpde_analysis::{kl_gaussian, solve_continuous_lyapunov, wasserstein2_gaussian};
use sgdpde_sde::ExactLinear;

use crate::error::Result;

/// A linear SDE `dX = AX dt + G dW` with constant `G` (d × m).
#[derive(Debug, Clone)]
pub(super) struct LinearGaussian {
    pub a: DMatrix<f64>,
    pub g: DMatrix<f64>,
    /// Stationary covariance `AK + KAᵀ + GGᵀ = 0` (possibly singular).
    pub k_inf: DMatrix<f64>,
}

/// Which distance to the stationary law.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Distance {
    /// `KL(u_t‖u_∞)`.
    Kl,
    /// `W₂(u_t, u_∞)`.
    W2,
}

impl LinearGaussian {
    pub fn new(a: DMatrix<f64>, g: DMatrix<f64>) -> Result<Self> {
        let q = &g * g.transpose();
        let k_inf = solve_continuous_lyapunov(&a, &q)?;
        Ok(Self { a, g, k_inf })
    }

    fn row_major(m: &DMatrix<f64>) -> Vec<f64> {
        m.transpose().as_slice().to_vec()
    }

    /// `(e^{At}, ∫₀ᵗ e^{As}GGᵀe^{Aᵀs} ds)` by [`ExactLinear`] (Van Loan);
    /// `(I, 0)` at `t = 0`.
    pub fn propagator(&self, t: f64) -> Result<(DMatrix<f64>, DMatrix<f64>)> {
        let d = self.a.nrows();
        if t == 0.0 {
            return Ok((DMatrix::identity(d, d), DMatrix::zeros(d, d)));
        }
        let ex = ExactLinear::new(
            &Self::row_major(&self.a),
            &vec![0.0; d],
            &Self::row_major(&self.g),
            self.g.ncols(),
            t,
        )?;
        Ok((
            DMatrix::from_row_slice(d, d, ex.phi()),
            DMatrix::from_row_slice(d, d, ex.covariance()),
        ))
    }

    /// The law at `t` from `N(m₀, K₀)`: `m_t = e^{At}m₀`,
    /// `K_t = e^{At}K₀e^{Aᵀt} + C_t`.
    pub fn law(
        &self,
        t: f64,
        m0: &DVector<f64>,
        k0: &DMatrix<f64>,
    ) -> Result<(DVector<f64>, DMatrix<f64>)> {
        let (phi, c) = self.propagator(t)?;
        Ok((&phi * m0, &phi * k0 * phi.transpose() + c))
    }

    /// The distance to `N(0, K∞)` at each of `times`.
    pub fn series(
        &self,
        times: &[f64],
        m0: &DVector<f64>,
        k0: &DMatrix<f64>,
        dist: Distance,
    ) -> Result<Vec<f64>> {
        let zero = DVector::zeros(m0.len());
        times
            .iter()
            .map(|&t| {
                let (m, k) = self.law(t, m0, k0)?;
                Ok(match dist {
                    Distance::Kl => kl_gaussian(&m, &k, &zero, &self.k_inf)?,
                    Distance::W2 => wasserstein2_gaussian(&m, &k, &zero, &self.k_inf)?,
                })
            })
            .collect()
    }
}

/// `sup_t y(t) e^{rate·t} / y(0)`: the smallest constant `c` with
/// `y(t) ≤ c e^{−rate·t} y(0)` on the sampled times.
pub(super) fn decay_constant(times: &[f64], y: &[f64], rate: f64) -> f64 {
    times
        .iter()
        .zip(y)
        .map(|(&t, &v)| v * (rate * t).exp() / y[0])
        .fold(f64::NEG_INFINITY, f64::max)
}

/// Uniform times `0, T/n, …, T`.
pub(super) fn uniform_times(t_end: f64, n: usize) -> Vec<f64> {
    (0..=n).map(|k| t_end * k as f64 / n as f64).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 1-D OU `dX = −X dt + dW`: `K∞ = ½`, and from `N(1, ½)` the KL is
    /// exactly `e^{−2t}` times its initial value (math.md §3 formula).
    #[test]
    fn ou_shifted_equilibrium_decays_exactly() {
        let lg = LinearGaussian::new(
            DMatrix::from_element(1, 1, -1.0),
            DMatrix::from_element(1, 1, 1.0),
        )
        .unwrap();
        assert!((lg.k_inf[(0, 0)] - 0.5).abs() < 1e-15);
        let m0 = DVector::from_element(1, 1.0);
        let k0 = DMatrix::from_element(1, 1, 0.5);
        let t = [0.0, 0.5, 2.0];
        let kl = lg.series(&t, &m0, &k0, Distance::Kl).unwrap();
        assert!((kl[0] - 1.0).abs() < 1e-14); // ½ m²/K∞
        for (ti, k) in t.iter().zip(&kl) {
            assert!((k - (-2.0 * ti).exp()).abs() < 1e-12);
        }
        assert!((decay_constant(&t, &kl, 2.0) - 1.0).abs() < 1e-12);
    }
}
