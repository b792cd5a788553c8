//! Diffusion surrogates of SGD: the stochastic modified equation with the
//! exact minibatch factor, and two simpler models it is compared with.

use nalgebra::DMatrix;
use sgdpde_landscape::LandscapeHessian;
use sgdpde_landscape::empirical::{EmpiricalRisk, MinibatchCovariance, Sampling};

use crate::error::{Result, SdeError};
use crate::models::constant::FactorNoise;
use crate::models::drift::GradientDrift;
use crate::models::isotropic::IsotropicNoise;
use crate::models::sde_model::SdeModel;
use crate::sgd::MinibatchNoise;
use crate::temperature::Temperature;

/// The stochastic modified equation of SGD with learning rate τ and batch
/// size `b`, `dX = −∇L dt + √τ Σ_b(X)^{1/2} dW`, driven by the exact factor
/// ([`MinibatchNoise`]); time `t = kτ` matches iteration `k`.
///
/// # Errors
/// As [`MinibatchNoise::new`].
pub fn modified_equation<E: EmpiricalRisk + Clone>(
    risk: E,
    tau: f64,
    batch: usize,
    sampling: Sampling,
) -> Result<SdeModel<GradientDrift<E>, MinibatchNoise<E>>> {
    let noise = MinibatchNoise::new(risk.clone(), tau, batch, sampling)?;
    SdeModel::new(GradientDrift::new(risk), noise)
}

fn covariance_at<E: EmpiricalRisk>(
    risk: &E,
    batch: usize,
    sampling: Sampling,
    at: &[f64],
) -> Result<MinibatchCovariance> {
    if at.len() != risk.dim() {
        return Err(SdeError::DimensionMismatch {
            what: "reference point",
            expected: risk.dim(),
            found: at.len(),
        });
    }
    MinibatchCovariance::new(risk, batch, sampling).map_err(SdeError::from)
}

/// Isotropic Langevin surrogate with the trace of the SME's diffusion
/// matched at a reference point `x_ref` (typically the minimiser):
/// `dX = −∇L dt + √ε dW`, `ε = τ tr Σ_b(x_ref) / d` — so `tr(ε I) = τ tr Σ_b`.
///
/// # Errors
/// [`SdeError::DimensionMismatch`] for a wrong-length `at`, batch errors as
/// [`MinibatchCovariance::new`], and [`SdeError::InvalidParameter`] if the
/// matched temperature is zero (Σ_b vanishes at `at`).
pub fn isotropic_surrogate<E: EmpiricalRisk + Clone>(
    risk: E,
    tau: f64,
    batch: usize,
    sampling: Sampling,
    at: &[f64],
) -> Result<SdeModel<GradientDrift<E>, IsotropicNoise>> {
    let cov = covariance_at(&risk, batch, sampling, at)?;
    let eps = tau * cov.trace(&risk, at) / risk.dim() as f64;
    SdeModel::langevin(risk, Temperature::epsilon(eps)?)
}

/// Rank-one surrogate along the top eigenvector `v₁` of the Hessian at
/// `x_ref`: `dX = −∇L dt + s v₁ dW¹`, `s² = τ v₁ᵀ Σ_b(x_ref) v₁` — the noise
/// the SME puts along the sharpest direction, and none elsewhere.
///
/// # Errors
/// As [`isotropic_surrogate`] (a zero variance along `v₁` gives a valid,
/// noiseless model).
pub fn rank_one_surrogate<E: EmpiricalRisk + LandscapeHessian + Clone>(
    risk: E,
    tau: f64,
    batch: usize,
    sampling: Sampling,
    at: &[f64],
) -> Result<SdeModel<GradientDrift<E>, FactorNoise>> {
    let d = risk.dim();
    let cov = covariance_at(&risk, batch, sampling, at)?;
    let mut h = vec![0.0; d * d];
    risk.hessian_into(at, &mut h);
    let eig = DMatrix::from_row_slice(d, d, &h).symmetric_eigen();
    let top = eig.eigenvalues.imax();
    let v1 = eig.eigenvectors.column(top).into_owned();
    let sigma = cov.matrix(&risk, at);
    let s = (tau * (v1.transpose() * &sigma * &v1)[(0, 0)])
        .max(0.0)
        .sqrt();
    let g: Vec<f64> = v1.iter().map(|v| s * v).collect();
    SdeModel::new(GradientDrift::new(risk), FactorNoise::new(d, 1, g)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Sde;
    use sgdpde_landscape::Quadratic;
    use sgdpde_landscape::empirical::ShiftedQuadratic;

    fn risk() -> ShiftedQuadratic {
        let q = Quadratic::new(vec![3.0, 0.0, 0.0, 1.0], vec![0.0, 0.0]).unwrap();
        ShiftedQuadratic::new(q, vec![1.0, 2.0, -1.0, 0.0, 0.0, -2.0]).unwrap()
    }

    /// `G Gᵀ` of each surrogate, probed column by column through `G e_j`.
    fn diffusion_matrix<S: Sde>(sde: &S, x: &[f64]) -> DMatrix<f64> {
        let (d, m) = (sde.dim(), sde.noise_dim());
        let mut g = DMatrix::zeros(d, m);
        let mut e = vec![0.0; m];
        let mut col = vec![0.0; d];
        for j in 0..m {
            e[j] = 1.0;
            sde.diffusion_apply_into(0.0, x, &e, &mut col);
            e[j] = 0.0;
            g.set_column(j, &nalgebra::DVector::from_column_slice(&col));
        }
        &g * g.transpose()
    }

    #[test]
    fn surrogates_match_the_sme_as_stated() {
        let r = risk();
        let (tau, b, x) = (0.1, 2, [0.0, 0.0]);
        let sme = modified_equation(&r, tau, b, Sampling::WithReplacement).unwrap();
        let a = diffusion_matrix(&sme, &x);
        let exact = MinibatchCovariance::new(&r, b, Sampling::WithReplacement)
            .unwrap()
            .matrix(&r, &x)
            * tau;
        assert!((&a - &exact).amax() < 1e-15, "SME: G Gᵀ = τ Σ_b");
        let iso = isotropic_surrogate(&r, tau, b, Sampling::WithReplacement, &x).unwrap();
        let ai = diffusion_matrix(&iso, &x);
        assert!(
            (ai.trace() - a.trace()).abs() < 1e-15 && ai[(0, 1)] == 0.0,
            "matched trace"
        );
        let one = rank_one_surrogate(&r, tau, b, Sampling::WithReplacement, &x).unwrap();
        let a1 = diffusion_matrix(&one, &x);
        // Top Hessian eigenvector is e₁ (curvature 3): all noise on x₁, with the SME's variance there.
        assert!((a1[(0, 0)] - a[(0, 0)]).abs() < 1e-15 && a1[(1, 1)].abs() < 1e-30);
    }

    #[test]
    fn reference_point_of_wrong_length_is_an_error() {
        assert!(matches!(
            isotropic_surrogate(risk(), 0.1, 2, Sampling::WithReplacement, &[0.0]),
            Err(SdeError::DimensionMismatch {
                expected: 2,
                found: 1,
                ..
            })
        ));
    }
}
