//! Stationary covariances of linear diffusions and of SGD on a quadratic:
//! the continuous Lyapunov equation and its discrete-SGD variant.

use nalgebra::DMatrix;

use crate::error::{AnalysisError, Result};

/// Largest dimension accepted: the vectorised solve factorises a
/// `d² × d²` matrix (`O(d⁶)` work, `d⁴` memory): `d = 40` is 2.56 M entries
/// (20 MB) and ~4·10⁹ flops — seconds; beyond that use Bartels–Stewart.
pub const MAX_LYAPUNOV_DIM: usize = 40;

fn check_square(what: &'static str, m: &DMatrix<f64>, d: usize) -> Result<()> {
    if m.nrows() != d || m.ncols() != d {
        return Err(AnalysisError::DimensionMismatch {
            what,
            expected: d,
            found: if m.nrows() != d { m.nrows() } else { m.ncols() },
        });
    }
    if let Some(index) = m.iter().position(|x| !x.is_finite()) {
        return Err(AnalysisError::NonFiniteData {
            what,
            index,
            value: m.iter().nth(index).copied().unwrap_or(f64::NAN),
        });
    }
    Ok(())
}

/// Solves `M vec(Σ) = vec(R)` (column-major vec) and symmetrises.
fn solve_vectorised(
    m: DMatrix<f64>,
    rhs: &DMatrix<f64>,
    what: &'static str,
) -> Result<DMatrix<f64>> {
    let d = rhs.nrows();
    let b = nalgebra::DVector::from_iterator(d * d, rhs.iter().copied());
    let lu = m.full_piv_lu();
    let x = lu.solve(&b).ok_or(AnalysisError::Singular { what })?;
    if x.iter().any(|v| !v.is_finite()) {
        return Err(AnalysisError::Singular { what });
    }
    let s = DMatrix::from_column_slice(d, d, x.as_slice());
    Ok((&s + s.transpose()) * 0.5)
}

fn check_dim(d: usize) -> Result<()> {
    if d == 0 || d > MAX_LYAPUNOV_DIM {
        return Err(AnalysisError::InvalidParameter {
            name: "dimension",
            value: d as f64,
            constraint: "in [1, 40] (vectorised Kronecker solve)",
        });
    }
    Ok(())
}

/// Solves the continuous Lyapunov equation `AΣ + ΣAᵀ + Q = 0`.
///
/// For `dX = AX dt + B dW` with `A` stable and `Q = BBᵀ` this is the
/// stationary covariance (`math.md` §3), positive definite iff the Kalman
/// rank condition holds; a singular `Q` is allowed.
///
/// # Formula
/// With column-major `vec`, `vec(AΣ) = (I ⊗ A) vec Σ` and
/// `vec(ΣAᵀ) = (A ⊗ I) vec Σ`, so `(I ⊗ A + A ⊗ I) vec Σ = −vec Q`, solved by
/// full-pivot LU. Solvable iff no two eigenvalues of `A` sum to 0.
///
/// # Stability
/// Backward stable LU on a `d² × d²` system; the residual
/// `‖AΣ + ΣAᵀ + Q‖` is `O(ε κ)`; check it with [`lyapunov_residual`].
///
/// # Errors
/// [`AnalysisError::DimensionMismatch`] for non-square or mismatched inputs;
/// [`AnalysisError::NonFiniteData`]; [`AnalysisError::InvalidParameter`]
/// beyond [`MAX_LYAPUNOV_DIM`]; [`AnalysisError::Singular`] if `λᵢ + λⱼ = 0`.
///
/// # Examples
/// ```
/// use nalgebra::DMatrix;
/// use sgdpde_analysis::solve_continuous_lyapunov;
/// // OU dX = −θX dt + s dW: Σ = s²/(2θ).
/// let a = DMatrix::from_element(1, 1, -2.0);
/// let q = DMatrix::from_element(1, 1, 0.5);
/// let s = solve_continuous_lyapunov(&a, &q)?;
/// assert!((s[(0, 0)] - 0.125).abs() < 1e-15);
/// # Ok::<(), sgdpde_analysis::AnalysisError>(())
/// ```
///
/// # References
/// Horn & Johnson, *Topics in Matrix Analysis*, §4.4; Bartels & Stewart,
/// CACM 15 (1972) for the `O(d³)` alternative.
pub fn solve_continuous_lyapunov(a: &DMatrix<f64>, q: &DMatrix<f64>) -> Result<DMatrix<f64>> {
    let d = a.nrows();
    check_dim(d)?;
    check_square("A", a, d)?;
    check_square("Q", q, d)?;
    let id = DMatrix::<f64>::identity(d, d);
    let m = id.kronecker(a) + a.kronecker(&id);
    solve_vectorised(m, &(-q), "continuous Lyapunov equation")
}

/// Solves the discrete-SGD stationarity equation `HΣ + ΣH − τHΣH = τC`.
///
/// # Formula
/// SGD on `L = ½xᵀHx` with additive gradient noise of covariance `C`,
/// `x_{k+1} = (I − τH)x_k − τξ_k`, has stationary covariance
/// `Σ = (I − τH)Σ(I − τH)ᵀ + τ²C`; expanding and dividing by `τ` gives the
/// equation (`H` symmetric). Vectorised:
/// `(I ⊗ H + H ⊗ I − τ H ⊗ H) vec Σ = τ vec C`. Its `τ → 0` limit is the SDE's
/// `HΣ + ΣH = τC`: the gap is first order in `τ`. A stationary law exists iff
/// the spectral radius of `I − τH` is `< 1` (all `0 < τhᵢ < 2`); this
/// function only solves the linear equation (singular iff
/// `hᵢ + hⱼ = τhᵢhⱼ`).
///
/// # Errors
/// As [`solve_continuous_lyapunov`]; [`AnalysisError::InvalidParameter`]
/// unless `tau` is finite and `> 0`.
///
/// # Examples
/// ```
/// use nalgebra::DMatrix;
/// use sgdpde_analysis::solve_sgd_lyapunov;
/// // 1-D: σ² = τc/(h(2 − τh)).
/// let h = DMatrix::from_element(1, 1, 2.0);
/// let c = DMatrix::from_element(1, 1, 3.0);
/// let s = solve_sgd_lyapunov(&h, &c, 0.1)?;
/// assert!((s[(0, 0)] - 0.3 / (2.0 * 1.8)).abs() < 1e-15);
/// # Ok::<(), sgdpde_analysis::AnalysisError>(())
/// ```
///
/// # References
/// Mandt, Hoffman, Blei, *Stochastic gradient descent as approximate Bayesian
/// inference*, JMLR 18 (2017), §3; Li, Tai, E, JMLR 20 (2019).
pub fn solve_sgd_lyapunov(h: &DMatrix<f64>, c: &DMatrix<f64>, tau: f64) -> Result<DMatrix<f64>> {
    let tau = crate::error::check_positive("tau", tau)?;
    let d = h.nrows();
    check_dim(d)?;
    check_square("H", h, d)?;
    check_square("C", c, d)?;
    let id = DMatrix::<f64>::identity(d, d);
    let m = id.kronecker(h) + h.kronecker(&id) - h.kronecker(h) * tau;
    solve_vectorised(m, &(c * tau), "discrete SGD Lyapunov equation")
}

/// `max |AΣ + ΣAᵀ + Q|`, the residual of [`solve_continuous_lyapunov`].
pub fn lyapunov_residual(a: &DMatrix<f64>, q: &DMatrix<f64>, sigma: &DMatrix<f64>) -> f64 {
    (a * sigma + sigma * a.transpose() + q).amax()
}

/// `max |HΣ + ΣH − τHΣH − τC|`, the residual of [`solve_sgd_lyapunov`].
pub fn sgd_lyapunov_residual(
    h: &DMatrix<f64>,
    c: &DMatrix<f64>,
    tau: f64,
    sigma: &DMatrix<f64>,
) -> f64 {
    (h * sigma + sigma * h - h * sigma * h * tau - c * tau).amax()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mat(r: usize, c: usize, v: &[f64]) -> DMatrix<f64> {
        DMatrix::from_row_slice(r, c, v)
    }

    #[test]
    fn degenerate_noise_example_of_math_md() {
        // A = −diag(1, 10), B = √τ(1, 1)ᵀ: Σᵢⱼ = τ/(aᵢ + aⱼ) = τ[[½, 1/11], [1/11, 1/20]].
        let tau = 0.3;
        let a = mat(2, 2, &[-1.0, 0.0, 0.0, -10.0]);
        let q = mat(2, 2, &[tau, tau, tau, tau]);
        let s = solve_continuous_lyapunov(&a, &q).unwrap();
        let exact = mat(2, 2, &[0.5, 1.0 / 11.0, 1.0 / 11.0, 0.05]) * tau;
        assert!((&s - exact).amax() < 1e-15);
        assert!(lyapunov_residual(&a, &q, &s) < 1e-15);
        // Full rank (Kalman): det > 0.
        assert!(s.determinant() > 0.0);
        // Noise along an eigenvector of A: singular Σ∞.
        let q1 = mat(2, 2, &[tau, 0.0, 0.0, 0.0]);
        let s1 = solve_continuous_lyapunov(&a, &q1).unwrap();
        assert!(s1.determinant().abs() < 1e-15);
    }

    #[test]
    fn non_normal_drift_by_residual() {
        // A non-normal stable A (Jordan-like) and full Q: check by residual,
        // relative to ‖A‖‖Σ‖ (backward stability).
        let a = mat(3, 3, &[-1.0, 5.0, 0.0, 0.0, -1.0, 5.0, 0.0, 0.0, -2.0]);
        let q = mat(3, 3, &[2.0, 0.5, 0.1, 0.5, 1.0, 0.2, 0.1, 0.2, 1.5]);
        let s = solve_continuous_lyapunov(&a, &q).unwrap();
        let scale = a.amax() * s.amax();
        assert!(lyapunov_residual(&a, &q, &s) < 1e-13 * scale);
        assert!((&s - s.transpose()).amax() == 0.0);
        assert!(s.clone().cholesky().is_some());
    }

    #[test]
    fn discrete_sgd_diagonal_closed_form_and_first_order_gap() {
        // H = diag(h): Σᵢⱼ = τCᵢⱼ/(hᵢ + hⱼ − τhᵢhⱼ); SDE: τCᵢⱼ/(hᵢ + hⱼ).
        let hs = [1.0, 4.0];
        let h = mat(2, 2, &[hs[0], 0.0, 0.0, hs[1]]);
        let c = mat(2, 2, &[1.0, 0.3, 0.3, 2.0]);
        let mut gaps = Vec::new();
        let taus = [0.01, 0.005, 0.0025, 0.00125];
        for &tau in &taus {
            let s = solve_sgd_lyapunov(&h, &c, tau).unwrap();
            assert!(sgd_lyapunov_residual(&h, &c, tau, &s) < 1e-15);
            for i in 0..2 {
                for j in 0..2 {
                    let exact = tau * c[(i, j)] / (hs[i] + hs[j] - tau * hs[i] * hs[j]);
                    assert!((s[(i, j)] - exact).abs() < 1e-15);
                }
            }
            let sde = solve_continuous_lyapunov(&(-&h), &(&c * tau)).unwrap();
            // Relative gap ‖Σ_SGD − Σ_SDE‖/‖Σ_SDE‖.
            gaps.push((&s - &sde).amax() / sde.amax());
        }
        let fit = crate::linear_fit::loglog_fit(&taus, &gaps).unwrap();
        // Σ_SGD/Σ_SDE − 1 = x/(1 − x), x = τhᵢhⱼ/(hᵢ + hⱼ) ≤ 2τ = 0.02 here: its
        // log–log slope is 1/(1 − x) ∈ [1, 1.021], so order 1 within 0.05.
        assert!((fit.slope - 1.0).abs() < 0.05, "slope {}", fit.slope);
    }

    #[test]
    fn bad_inputs_are_typed_errors() {
        let a = mat(2, 2, &[1.0, 0.0, 0.0, -1.0]);
        let q = DMatrix::identity(2, 2);
        assert!(matches!(
            solve_continuous_lyapunov(&a, &q),
            Err(AnalysisError::Singular { .. })
        ));
        assert!(matches!(
            solve_continuous_lyapunov(&a, &DMatrix::identity(3, 3)),
            Err(AnalysisError::DimensionMismatch { .. })
        ));
        assert!(solve_sgd_lyapunov(&q, &q, 0.0).is_err());
        assert!(
            solve_continuous_lyapunov(&DMatrix::identity(41, 41), &DMatrix::identity(41, 41))
                .is_err()
        );
        let bad = mat(1, 1, &[f64::NAN]);
        assert!(solve_continuous_lyapunov(&bad, &mat(1, 1, &[1.0])).is_err());
    }
}
