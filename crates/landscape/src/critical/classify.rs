//! Classification of a critical point by the eigenvalues of its Hessian.

use nalgebra::DMatrix;

use crate::traits::LandscapeHessian;

/// Default relative tolerance below which a Hessian eigenvalue counts as zero:
/// `|λ| ≤ 1e-8 · max(1, maxᵢ|λᵢ|)`.
///
/// A critical point located to `|x − x*| ≤ δ` has eigenvalues perturbed by
/// `O(‖∇³L‖ δ)`; with Newton's `δ ≲ 1e-12` and third derivatives `≲ 10⁴`
/// (Müller–Brown) that is `≲ 1e-8`, and the symmetric eigensolver adds
/// `O(ε‖H‖)`. Anything smaller cannot be told apart from zero.
pub const CLASSIFICATION_TOL: f64 = 1e-8;

/// What a critical point is, read off its Hessian eigenvalues.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub enum CriticalKind {
    /// Every eigenvalue positive.
    Minimum,
    /// `index` negative eigenvalues and no zero one. In 1-D a local maximum is
    /// an index-1 saddle (the barrier top); in `d` dimensions index `d` is a
    /// maximum.
    Saddle {
        /// The Morse index (number of negative eigenvalues).
        index: usize,
    },
    /// Some eigenvalue is zero within the tolerance (flat direction, or a
    /// non-Morse point): the index does not determine the local shape.
    Degenerate,
}

impl CriticalKind {
    /// The Morse index: 0 for a minimum, `index` for a saddle, `None` when degenerate.
    pub fn morse_index(&self) -> Option<usize> {
        match self {
            Self::Minimum => Some(0),
            Self::Saddle { index } => Some(*index),
            Self::Degenerate => None,
        }
    }
}

/// Classifies by eigenvalues: any `|λ| ≤ tol · max(1, maxᵢ|λᵢ|)` ⇒
/// [`CriticalKind::Degenerate`]; otherwise the number of negative eigenvalues
/// is the Morse index.
///
/// # Examples
/// ```
/// use sgdpde_landscape::critical::{CriticalKind, classify};
/// assert_eq!(classify(&[-1.0, 2.0], 1e-8), CriticalKind::Saddle { index: 1 });
/// assert_eq!(classify(&[1e-12, 2.0], 1e-8), CriticalKind::Degenerate);
/// ```
pub fn classify(eigenvalues: &[f64], tol: f64) -> CriticalKind {
    let scale = eigenvalues.iter().fold(1.0f64, |m, v| m.max(v.abs()));
    if eigenvalues.iter().any(|v| v.abs() <= tol * scale) {
        return CriticalKind::Degenerate;
    }
    match eigenvalues.iter().filter(|v| **v < 0.0).count() {
        0 => CriticalKind::Minimum,
        index => CriticalKind::Saddle { index },
    }
}

/// Eigenvalues (increasing) and the matching unit eigenvectors (columns) of
/// the symmetric row-major `d × d` matrix `h`.
pub fn symmetric_eigen(h: &[f64], d: usize) -> (Vec<f64>, DMatrix<f64>) {
    let e = DMatrix::from_row_slice(d, d, h).symmetric_eigen();
    let mut order: Vec<usize> = (0..d).collect();
    order.sort_by(|&a, &b| e.eigenvalues[a].total_cmp(&e.eigenvalues[b]));
    let values = order.iter().map(|&k| e.eigenvalues[k]).collect();
    let vectors = DMatrix::from_fn(d, d, |i, j| e.eigenvectors[(i, order[j])]);
    (values, vectors)
}

/// A located critical point with its classification.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CriticalPoint {
    /// Coordinates.
    pub x: Vec<f64>,
    /// `L(x)`.
    pub value: f64,
    /// `‖∇L(x)‖₂` at the returned point (the residual).
    pub gradient_norm: f64,
    /// Hessian eigenvalues in increasing order.
    pub hessian_eigenvalues: Vec<f64>,
    /// Classification with the tolerance it was made with.
    pub kind: CriticalKind,
}

impl CriticalPoint {
    /// Evaluates and classifies `l` at `x` (no search: `x` is taken as given).
    pub fn at<L: LandscapeHessian + ?Sized>(l: &L, x: Vec<f64>, tol: f64) -> Self {
        let d = l.dim();
        let mut g = vec![0.0; d];
        let value = l.value_and_gradient_into(&x, &mut g);
        let mut h = vec![0.0; d * d];
        l.hessian_into(&x, &mut h);
        let (hessian_eigenvalues, _) = symmetric_eigen(&h, d);
        Self {
            gradient_norm: norm(&g),
            value,
            kind: classify(&hessian_eigenvalues, tol),
            hessian_eigenvalues,
            x,
        }
    }

    /// Number of negative Hessian eigenvalues (the Morse index when not degenerate).
    pub fn negative_eigenvalues(&self) -> usize {
        self.hessian_eigenvalues
            .iter()
            .filter(|v| **v < 0.0)
            .count()
    }

    /// Smallest `|λ|` among the Hessian eigenvalues.
    pub fn smallest_abs_eigenvalue(&self) -> f64 {
        self.hessian_eigenvalues
            .iter()
            .fold(f64::INFINITY, |m, v| m.min(v.abs()))
    }
}

/// Euclidean norm.
pub(crate) fn norm(v: &[f64]) -> f64 {
    v.iter().map(|a| a * a).sum::<f64>().sqrt()
}

/// Euclidean distance.
pub(crate) fn distance(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(p, q)| (p - q) * (p - q))
        .sum::<f64>()
        .sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification_counts_negative_eigenvalues_and_flags_zeros() {
        assert_eq!(
            classify(&[0.5, 3.0], CLASSIFICATION_TOL),
            CriticalKind::Minimum
        );
        assert_eq!(
            classify(&[-2.0, -1.0, 4.0], CLASSIFICATION_TOL),
            CriticalKind::Saddle { index: 2 }
        );
        // Relative to the scale max(1, 1e6): 1e-3 ≤ 1e-8·1e6 = 1e-2 is zero.
        assert_eq!(
            classify(&[1e-3, 1e6], CLASSIFICATION_TOL),
            CriticalKind::Degenerate
        );
        assert_eq!(classify(&[0.0], CLASSIFICATION_TOL).morse_index(), None);
    }

    #[test]
    fn eigen_pairs_are_sorted_and_reproduce_the_matrix() {
        let h = [2.0, 1.0, 1.0, 2.0];
        let (v, q) = symmetric_eigen(&h, 2);
        // Eigenvalues 1 and 3 to a few ulps of the matrix scale 3.
        assert!(
            (v[0] - 1.0).abs() < 8.0 * f64::EPSILON
                && (v[1] - 3.0).abs() < 8.0 * 3.0 * f64::EPSILON
        );
        let m = DMatrix::from_row_slice(2, 2, &h);
        for j in 0..2 {
            let r = &m * q.column(j) - q.column(j) * v[j];
            assert!(r.norm() < 1e-14);
        }
    }
}
