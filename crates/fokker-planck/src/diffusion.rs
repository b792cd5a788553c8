//! Diffusion fields `D(x) = a(x)/2 = G Gᵀ/2` (shared/math.md §1).
//!
//! The Fokker–Planck operator needs `D` at cell centres (and nothing else:
//! face values are built from them, see [`crate::scharfetter_gummel`]).
//! [`DiffusionField`] is the seam; the SDE crate's diffusion models can
//! implement it directly.

use crate::error::{FpError, Result, check_len};

/// A symmetric positive-semidefinite diffusion tensor field `D(x)`.
///
/// Convention: `dX = b dt + G dW`, `D = G Gᵀ/2`, Fokker–Planck
/// `∂ₜu = −∇·(b u) + Σᵢⱼ ∂ᵢ∂ⱼ(Dᵢⱼ u)` (Itô).
pub trait DiffusionField {
    /// Dimension `d`.
    fn dim(&self) -> usize;

    /// Whether the off-diagonal entries vanish identically (then only the
    /// diagonal is read and [`DiffusionField::tensor_into`] may leave the
    /// off-diagonal entries untouched).
    fn is_diagonal(&self) -> bool;

    /// Writes `D(x)` row-major (`d × d`) into `out`.
    fn tensor_into(&self, x: &[f64], out: &mut [f64]);
}

/// Isotropic constant diffusion `D = d·I`.
///
/// # Examples
/// ```
/// use sgdpde_fokker_planck::{DiffusionField, Isotropic};
/// // dX = −∇L dt + √ε dW with ε = 0.5 has D = ε/2 = 0.25.
/// let d = Isotropic::from_temperature(1, 0.5)?;
/// assert_eq!(d.value(), 0.25);
/// // The physicists' √(2/β) dW is ε = 2/β.
/// assert_eq!(Isotropic::from_beta(1, 4.0)?.value(), 0.25);
/// # Ok::<(), sgdpde_fokker_planck::FpError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Isotropic {
    dim: usize,
    d: f64,
}

impl Isotropic {
    /// `D = d·I` in dimension `dim`.
    ///
    /// # Errors
    /// [`FpError::InvalidParameter`] if `d` is negative or not finite.
    pub fn new(dim: usize, d: f64) -> Result<Self> {
        if !(d.is_finite() && d >= 0.0) {
            return Err(FpError::InvalidParameter {
                name: "D",
                value: d,
                constraint: "finite and ≥ 0",
            });
        }
        Ok(Self { dim, d })
    }

    /// From the temperature ε of `dX = −∇L dt + √ε dW`: `D = ε/2`.
    ///
    /// # Errors
    /// [`FpError::InvalidParameter`] if `ε` is negative or not finite.
    pub fn from_temperature(dim: usize, epsilon: f64) -> Result<Self> {
        if !(epsilon.is_finite() && epsilon >= 0.0) {
            return Err(FpError::InvalidParameter {
                name: "epsilon",
                value: epsilon,
                constraint: "finite and ≥ 0",
            });
        }
        Self::new(dim, epsilon / 2.0)
    }

    /// From the inverse temperature β of `dX = −∇U dt + √(2/β) dW`: `D = 1/β`.
    ///
    /// # Errors
    /// [`FpError::InvalidParameter`] unless `β` is finite and `> 0`.
    pub fn from_beta(dim: usize, beta: f64) -> Result<Self> {
        let beta = crate::error::check_positive("beta", beta)?;
        Self::new(dim, 1.0 / beta)
    }

    /// The scalar `d`.
    pub fn value(&self) -> f64 {
        self.d
    }
}

impl DiffusionField for Isotropic {
    fn dim(&self) -> usize {
        self.dim
    }
    fn is_diagonal(&self) -> bool {
        true
    }
    #[inline]
    fn tensor_into(&self, _x: &[f64], out: &mut [f64]) {
        for k in 0..self.dim {
            out[k * self.dim + k] = self.d;
        }
    }
}

/// A constant tensor `D` (diagonal or full, possibly singular).
///
/// # Examples
/// ```
/// use sgdpde_fokker_planck::{ConstantTensor, DiffusionField};
/// // Rank-one noise G = √τ (1, 1)ᵀ, τ = 0.2: D = (τ/2) [[1, 1], [1, 1]].
/// let d = ConstantTensor::from_factor(2, 1, &[0.2f64.sqrt(), 0.2f64.sqrt()])?;
/// let mut t = [0.0; 4];
/// d.tensor_into(&[0.0, 0.0], &mut t);
/// assert!((t[1] - 0.1).abs() < 1e-15);
/// # Ok::<(), sgdpde_fokker_planck::FpError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ConstantTensor {
    dim: usize,
    d: Vec<f64>,
    diagonal: bool,
}

impl ConstantTensor {
    /// A diagonal tensor `diag(d)`.
    ///
    /// # Errors
    /// [`FpError::InvalidDiffusion`] for a negative or non-finite entry.
    pub fn diagonal(diag: &[f64]) -> Result<Self> {
        let dim = diag.len();
        let mut d = vec![0.0; dim * dim];
        for k in 0..dim {
            d[k * dim + k] = diag[k];
        }
        let t = Self {
            dim,
            d,
            diagonal: true,
        };
        validate_tensor(dim, &t.d, &vec![0.0; dim])?;
        Ok(t)
    }

    /// A full symmetric PSD tensor, row-major.
    ///
    /// # Errors
    /// [`FpError::DimensionMismatch`] if `d.len() != dim²`;
    /// [`FpError::InvalidDiffusion`] if not symmetric, a diagonal entry is
    /// negative, an entry is non-finite, or `Dᵢⱼ² > DᵢᵢDⱼⱼ` (not PSD).
    pub fn full(dim: usize, d: &[f64]) -> Result<Self> {
        check_len("D", dim * dim, d.len())?;
        validate_tensor(dim, d, &vec![0.0; dim])?;
        let diagonal = (0..dim).all(|i| (0..dim).all(|j| i == j || d[i * dim + j] == 0.0));
        Ok(Self {
            dim,
            d: d.to_vec(),
            diagonal,
        })
    }

    /// `D = G Gᵀ/2` from a factor `G` (`dim × m`, row-major).
    ///
    /// # Errors
    /// [`FpError::DimensionMismatch`] if `g.len() != dim·m`;
    /// [`FpError::InvalidDiffusion`] if an entry is non-finite.
    pub fn from_factor(dim: usize, m: usize, g: &[f64]) -> Result<Self> {
        check_len("G", dim * m, g.len())?;
        let mut d = vec![0.0; dim * dim];
        for i in 0..dim {
            for j in 0..dim {
                d[i * dim + j] = 0.5 * (0..m).map(|k| g[i * m + k] * g[j * m + k]).sum::<f64>();
            }
        }
        Self::full(dim, &d)
    }
}

impl DiffusionField for ConstantTensor {
    fn dim(&self) -> usize {
        self.dim
    }
    fn is_diagonal(&self) -> bool {
        self.diagonal
    }
    #[inline]
    fn tensor_into(&self, _x: &[f64], out: &mut [f64]) {
        out.copy_from_slice(&self.d);
    }
}

/// A state-dependent diagonal diffusion `D(x) = diag(f(x))`, `f` writing the
/// `d` diagonal entries.
///
/// # Examples
/// ```
/// use sgdpde_fokker_planck::{DiagonalField, DiffusionField};
/// // Multiplicative noise vanishing at 0: D(x) = 0.1 + x².
/// let d = DiagonalField::new(1, |x: &[f64], out: &mut [f64]| out[0] = 0.1 + x[0] * x[0]);
/// let mut t = [0.0];
/// d.tensor_into(&[1.0], &mut t);
/// assert_eq!(t[0], 1.1);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct DiagonalField<F> {
    dim: usize,
    f: F,
}

impl<F: Fn(&[f64], &mut [f64])> DiagonalField<F> {
    /// Wraps `f(x, diag)`. Values are validated when the operator is
    /// assembled.
    pub fn new(dim: usize, f: F) -> Self {
        Self { dim, f }
    }
}

impl<F: Fn(&[f64], &mut [f64])> DiffusionField for DiagonalField<F> {
    fn dim(&self) -> usize {
        self.dim
    }
    fn is_diagonal(&self) -> bool {
        true
    }
    #[inline]
    fn tensor_into(&self, x: &[f64], out: &mut [f64]) {
        let mut diag = [0.0; 3];
        (self.f)(x, &mut diag[..self.dim]);
        for k in 0..self.dim {
            out[k * self.dim + k] = diag[k];
        }
    }
}

/// A state-dependent full tensor `D(x)`, `f` writing it row-major.
#[derive(Debug, Clone, Copy)]
pub struct TensorField<F> {
    dim: usize,
    f: F,
}

impl<F: Fn(&[f64], &mut [f64])> TensorField<F> {
    /// Wraps `f(x, D)`. Values are validated when the operator is assembled.
    pub fn new(dim: usize, f: F) -> Self {
        Self { dim, f }
    }
}

impl<F: Fn(&[f64], &mut [f64])> DiffusionField for TensorField<F> {
    fn dim(&self) -> usize {
        self.dim
    }
    fn is_diagonal(&self) -> bool {
        false
    }
    #[inline]
    fn tensor_into(&self, x: &[f64], out: &mut [f64]) {
        (self.f)(x, out)
    }
}

/// Checks a tensor evaluated at `x`: finite, symmetric, non-negative
/// diagonal, `Dᵢⱼ² ≤ DᵢᵢDⱼⱼ`.
pub(crate) fn validate_tensor(dim: usize, d: &[f64], x: &[f64]) -> Result<()> {
    let err = |i: usize, j: usize, reason: &'static str| FpError::InvalidDiffusion {
        i,
        j,
        value: d[i * dim + j],
        x: x.to_vec(),
        reason,
    };
    for i in 0..dim {
        let v = d[i * dim + i];
        if !v.is_finite() {
            return Err(err(i, i, "not finite"));
        }
        if v < 0.0 {
            return Err(err(i, i, "negative diagonal"));
        }
    }
    for i in 0..dim {
        for j in 0..dim {
            let v = d[i * dim + j];
            if !v.is_finite() {
                return Err(err(i, j, "not finite"));
            }
            if i == j && v < 0.0 {
                return Err(err(i, j, "negative diagonal"));
            }
            if i < j {
                let w = d[j * dim + i];
                if (v - w).abs() > 1e-12 * (v.abs() + w.abs()) {
                    return Err(err(i, j, "not symmetric"));
                }
                let bound = d[i * dim + i] * d[j * dim + j];
                if v * v > bound * (1.0 + 1e-12) + 1e-300 {
                    return Err(err(i, j, "not positive semidefinite"));
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_diffusions_are_typed_errors() {
        assert!(matches!(
            Isotropic::new(1, -0.1),
            Err(FpError::InvalidParameter { name: "D", .. })
        ));
        assert!(matches!(
            Isotropic::from_temperature(1, f64::NAN),
            Err(FpError::InvalidParameter { .. })
        ));
        assert!(matches!(
            ConstantTensor::diagonal(&[1.0, -1.0]),
            Err(FpError::InvalidDiffusion { i: 1, j: 1, .. })
        ));
        assert!(matches!(
            ConstantTensor::full(2, &[1.0, 0.5, 0.4, 1.0]),
            Err(FpError::InvalidDiffusion {
                reason: "not symmetric",
                ..
            })
        ));
        assert!(matches!(
            ConstantTensor::full(2, &[1.0, 2.0, 2.0, 1.0]),
            Err(FpError::InvalidDiffusion {
                reason: "not positive semidefinite",
                ..
            })
        ));
        assert!(matches!(
            ConstantTensor::full(2, &[1.0, 0.0, 0.0]),
            Err(FpError::DimensionMismatch { .. })
        ));
    }

    #[test]
    fn factor_gives_half_outer_product() {
        let d = ConstantTensor::from_factor(2, 1, &[1.0, 2.0]).unwrap();
        let mut t = [0.0; 4];
        d.tensor_into(&[0.0, 0.0], &mut t);
        assert_eq!(t, [0.5, 1.0, 1.0, 2.0]);
        assert!(!d.is_diagonal());
    }
}
