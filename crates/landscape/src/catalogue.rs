//! The named catalogue: what `sgdpde landscapes` lists and what every
//! `<landscape>` argument resolves to.
//!
//! [`AnyLandscape`] is a closed enum over the catalogue. Hot code never calls
//! it per step: it calls [`AnyLandscape::visit`] once, which hands the
//! concrete type to a generic [`LandscapeVisitor`] so the loop is
//! monomorphised (design principle 2).

use crate::double_well::DoubleWell;
use crate::error::{LandscapeError, Result, check_finite};
use crate::quadratic::Quadratic;
use crate::traits::{KnownCriticalPoint, KnownCriticalPoints, Landscape, LandscapeHessian};

/// One parameter of a catalogue landscape.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct ParamSpec {
    /// Name used in `--param name=value`.
    pub name: &'static str,
    /// Default value.
    pub default: f64,
    /// What it means.
    pub description: &'static str,
}

/// A catalogue entry: the metadata `sgdpde landscapes` prints.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct CatalogueEntry {
    /// Name used on the command line.
    pub name: &'static str,
    /// Dimension, or a description such as `"dim"` when it is a parameter.
    pub dim: &'static str,
    /// The formula.
    pub formula: &'static str,
    /// One line on what it is for.
    pub summary: &'static str,
    /// Its parameters with defaults.
    pub params: &'static [ParamSpec],
}

/// The catalogue, in the order `sgdpde landscapes` lists it.
pub const CATALOGUE: &[CatalogueEntry] = &[
    CatalogueEntry {
        name: "quadratic",
        dim: "dim",
        formula: "L(x) = (k/2) Σ_{i<dim-flat} x_i²  (flat directions have zero curvature)",
        summary: "isotropic bowl with optional flat directions (PSD Hessian); the OU process",
        params: &[
            ParamSpec {
                name: "dim",
                default: 2.0,
                description: "dimension d ≥ 1 (integer)",
            },
            ParamSpec {
                name: "k",
                default: 1.0,
                description: "curvature of the curved directions, > 0",
            },
            ParamSpec {
                name: "flat",
                default: 0.0,
                description: "number of flat directions, 0 ≤ flat < dim",
            },
        ],
    },
    CatalogueEntry {
        name: "double-well",
        dim: "1",
        formula: "L(x) = x⁴/4 − x²/2 + c·x",
        summary: "tilted quartic double well: the standard metastable landscape",
        params: &[ParamSpec {
            name: "c",
            default: 0.0,
            description: "tilt (asymmetry), finite",
        }],
    },
];

/// Looks up a catalogue entry by name.
///
/// # Errors
/// [`LandscapeError::UnknownLandscape`] if no entry has this name.
pub fn entry(name: &str) -> Result<&'static CatalogueEntry> {
    CATALOGUE
        .iter()
        .find(|e| e.name == name)
        .ok_or_else(|| LandscapeError::UnknownLandscape {
            name: name.to_owned(),
        })
}

/// Resolves `(name, value)` overrides against an entry's parameters, in the
/// entry's order, defaults filling the gaps.
///
/// # Errors
/// [`LandscapeError::UnknownParameter`] for a name the entry does not have;
/// [`LandscapeError::InvalidParameter`] for a non-finite value.
pub fn resolve_params(entry: &'static CatalogueEntry, given: &[(String, f64)]) -> Result<Vec<f64>> {
    let mut values: Vec<f64> = entry.params.iter().map(|p| p.default).collect();
    for (name, value) in given {
        let Some(k) = entry.params.iter().position(|p| p.name == name) else {
            return Err(LandscapeError::UnknownParameter {
                landscape: entry.name,
                name: name.clone(),
                known: entry
                    .params
                    .iter()
                    .map(|p| p.name)
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        };
        values[k] = check_finite(entry.params[k].name, *value)?;
    }
    Ok(values)
}

/// Reads a parameter that must be a whole number in `[lo, hi]`.
fn whole(name: &'static str, v: f64, lo: usize, hi: usize) -> Result<usize> {
    if v.fract() == 0.0 && v >= lo as f64 && v <= hi as f64 {
        Ok(v as usize)
    } else {
        Err(LandscapeError::InvalidParameter {
            name,
            value: v,
            constraint: "a whole number in range",
        })
    }
}

/// A generic operation run on the concrete landscape behind an
/// [`AnyLandscape`] — the seam where dynamic choice becomes monomorphised code.
pub trait LandscapeVisitor {
    /// What the operation returns.
    type Output;
    /// Runs the operation on the concrete landscape.
    fn visit<L: LandscapeHessian + KnownCriticalPoints + Clone + 'static>(
        self,
        l: &L,
    ) -> Self::Output;
}

/// Any landscape of the catalogue.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum AnyLandscape {
    /// See [`Quadratic`].
    Quadratic(Quadratic),
    /// See [`DoubleWell`].
    DoubleWell(DoubleWell),
}

/// Expands `$body` once per variant with `$l` bound to the concrete landscape.
macro_rules! dispatch {
    ($self:expr, $l:ident => $body:expr) => {
        match $self {
            AnyLandscape::Quadratic($l) => $body,
            AnyLandscape::DoubleWell($l) => $body,
        }
    };
}

impl AnyLandscape {
    /// Builds a catalogue landscape from its name and parameter overrides.
    ///
    /// # Errors
    /// Unknown name or parameter, or a value the landscape rejects.
    ///
    /// # Examples
    /// ```
    /// use sgdpde_landscape::{AnyLandscape, Landscape};
    /// let l = AnyLandscape::from_catalogue("double-well", &[("c".into(), 0.1)])?;
    /// assert_eq!(l.dim(), 1);
    /// # Ok::<(), sgdpde_landscape::LandscapeError>(())
    /// ```
    pub fn from_catalogue(name: &str, given: &[(String, f64)]) -> Result<Self> {
        let e = entry(name)?;
        let p = resolve_params(e, given)?;
        Ok(match e.name {
            "quadratic" => {
                let dim = whole("dim", p[0], 1, 1024)?;
                let flat = whole("flat", p[2], 0, dim - 1)?;
                let k = crate::error::check_positive("k", p[1])?;
                let diag: Vec<f64> = (0..dim)
                    .map(|i| if i < dim - flat { k } else { 0.0 })
                    .collect();
                Self::Quadratic(Quadratic::diagonal(&diag, vec![0.0; dim])?)
            }
            "double-well" => Self::DoubleWell(DoubleWell::new(p[0])?),
            _ => unreachable!("every catalogue entry is constructed above"),
        })
    }

    /// The catalogue entry this landscape belongs to.
    pub fn entry(&self) -> &'static CatalogueEntry {
        let name = match self {
            Self::Quadratic(_) => "quadratic",
            Self::DoubleWell(_) => "double-well",
        };
        entry(name).expect("every variant has an entry")
    }

    /// Runs a generic operation on the concrete landscape.
    pub fn visit<V: LandscapeVisitor>(&self, v: V) -> V::Output {
        dispatch!(self, l => v.visit(l))
    }
}

impl Landscape for AnyLandscape {
    fn dim(&self) -> usize {
        dispatch!(self, l => l.dim())
    }
    fn value(&self, x: &[f64]) -> f64 {
        dispatch!(self, l => l.value(x))
    }
    fn gradient_into(&self, x: &[f64], grad: &mut [f64]) {
        dispatch!(self, l => l.gradient_into(x, grad))
    }
}

impl LandscapeHessian for AnyLandscape {
    fn hessian_into(&self, x: &[f64], hess: &mut [f64]) {
        dispatch!(self, l => l.hessian_into(x, hess))
    }
}

impl KnownCriticalPoints for AnyLandscape {
    fn known_critical_points(&self) -> Vec<KnownCriticalPoint> {
        dispatch!(self, l => l.known_critical_points())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_builds_with_defaults() {
        for e in CATALOGUE {
            let l = AnyLandscape::from_catalogue(e.name, &[]).unwrap();
            assert_eq!(l.entry().name, e.name);
        }
    }

    #[test]
    fn unknown_names_are_typed_errors() {
        assert!(matches!(
            AnyLandscape::from_catalogue("nope", &[]),
            Err(LandscapeError::UnknownLandscape { .. })
        ));
        assert!(matches!(
            AnyLandscape::from_catalogue("double-well", &[("z".into(), 1.0)]),
            Err(LandscapeError::UnknownParameter { .. })
        ));
        assert!(matches!(
            AnyLandscape::from_catalogue("quadratic", &[("flat".into(), 2.0)]),
            Err(LandscapeError::InvalidParameter { name: "flat", .. })
        ));
    }
}
