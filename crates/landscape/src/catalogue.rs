//! The named catalogue: what `sgdpde landscapes` lists and what every
//! `<landscape>` argument resolves to.
//!
//! [`AnyLandscape`] is a closed enum over the catalogue. Hot code never calls
//! it per step: it calls [`AnyLandscape::visit`] once, which hands the
//! concrete type to a generic [`LandscapeVisitor`] so the loop is
//! monomorphised (design principle 2).

use crate::coupled_double_well::CoupledDoubleWell;
use crate::double_well::DoubleWell;
use crate::error::{LandscapeError, Result, check_finite};
use crate::expression::ExprLandscape;
use crate::muller_brown::MullerBrown;
use crate::multi_well::MultiWell;
use crate::quadratic::Quadratic;
use crate::sharp_flat::SharpFlat;
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
    /// Default search box for critical points, one `[lo, hi]` interval per
    /// coordinate; when shorter than the dimension the last interval repeats
    /// (see [`CatalogueEntry::search_box_for`]).
    pub search_box: &'static [[f64; 2]],
}

impl CatalogueEntry {
    /// The search box expanded to dimension `dim` (the last interval repeats).
    pub fn search_box_for(&self, dim: usize) -> Vec<[f64; 2]> {
        let b = self.search_box;
        (0..dim).map(|i| b[i.min(b.len() - 1)]).collect()
    }
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
        search_box: &[[-2.0, 2.0]],
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
        search_box: &[[-2.0, 2.0]],
    },
    CatalogueEntry {
        name: "multi-well",
        dim: "1",
        formula: "L′(x) = (x−r1)(x−r2)(x−r3)(x−r4)(x−r5),  L(0) = 0",
        summary: "three minima of different depths and curvatures at exactly prescribed points",
        params: &[
            ParamSpec {
                name: "r1",
                default: -1.5,
                description: "left minimum; r1 < r2 < r3 < r4 < r5",
            },
            ParamSpec {
                name: "r2",
                default: -0.9,
                description: "left barrier top",
            },
            ParamSpec {
                name: "r3",
                default: 0.0,
                description: "middle minimum",
            },
            ParamSpec {
                name: "r4",
                default: 0.7,
                description: "right barrier top",
            },
            ParamSpec {
                name: "r5",
                default: 1.6,
                description: "right minimum",
            },
        ],
        search_box: &[[-2.5, 2.5]],
    },
    CatalogueEntry {
        name: "double-well-2d",
        dim: "2",
        formula: "L(x,y) = (x²−1)²/4 + (ω/2)(y − κx)²",
        summary: "double well coupled to a harmonic valley: minima (±1, ±κ), saddle (0,0), barrier 1/4",
        params: &[
            ParamSpec {
                name: "omega",
                default: 2.0,
                description: "stiffness of the harmonic direction, > 0",
            },
            ParamSpec {
                name: "kappa",
                default: 0.5,
                description: "coupling: the valley floor is y = κx",
            },
        ],
        search_box: &[[-2.0, 2.0]],
    },
    CatalogueEntry {
        name: "muller-brown",
        dim: "2",
        formula: "V(x,y) = Σₖ Aₖ exp(aₖ(x−x⁰ₖ)² + bₖ(x−x⁰ₖ)(y−y⁰ₖ) + cₖ(y−y⁰ₖ)²)",
        summary: "Müller–Brown (1979): three minima, two saddles, a curved reaction path",
        params: &[],
        search_box: &[[-1.5, 1.2], [-0.5, 2.0]],
    },
    CatalogueEntry {
        name: "sharp-flat",
        dim: "2",
        formula: "L(x,y) = (x²−1)²/4 + ½ k(x) y²,  k(x) = k_sharp^{(1+x)/2} k_flat^{(1−x)/2}",
        summary: "equal-depth minima, sharp at (1,0) and flat at (−1,0): the flat-minima question",
        params: &[
            ParamSpec {
                name: "k_sharp",
                default: 8.0,
                description: "transverse curvature at the sharp minimum (1,0), > 0",
            },
            ParamSpec {
                name: "k_flat",
                default: 0.5,
                description: "transverse curvature at the flat minimum (−1,0), > 0",
            },
        ],
        search_box: &[[-2.0, 2.0]],
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
    /// See [`MultiWell`].
    MultiWell(MultiWell),
    /// See [`CoupledDoubleWell`].
    CoupledDoubleWell(CoupledDoubleWell),
    /// See [`MullerBrown`].
    MullerBrown(MullerBrown),
    /// See [`SharpFlat`].
    SharpFlat(SharpFlat),
    /// A landscape given by an expression (problem files); see
    /// [`ExprLandscape`]. Its [`AnyLandscape::entry`] is [`EXPRESSION_ENTRY`].
    Expression(ExprLandscape),
}

/// The entry an [`AnyLandscape::Expression`] reports: not part of
/// [`CATALOGUE`] (its formula and dimension come from the problem file).
pub const EXPRESSION_ENTRY: CatalogueEntry = CatalogueEntry {
    name: "expression",
    dim: "from the expression",
    formula: "L(x) given by an expression (problem file)",
    summary: "a user-defined landscape with symbolic gradient and Hessian",
    params: &[],
    search_box: &[[-2.0, 2.0]],
};

/// Expands `$body` once per variant with `$l` bound to the concrete landscape.
macro_rules! dispatch {
    ($self:expr, $l:ident => $body:expr) => {
        match $self {
            AnyLandscape::Quadratic($l) => $body,
            AnyLandscape::DoubleWell($l) => $body,
            AnyLandscape::MultiWell($l) => $body,
            AnyLandscape::CoupledDoubleWell($l) => $body,
            AnyLandscape::MullerBrown($l) => $body,
            AnyLandscape::SharpFlat($l) => $body,
            AnyLandscape::Expression($l) => $body,
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
            "multi-well" => Self::MultiWell(MultiWell::new([p[0], p[1], p[2], p[3], p[4]])?),
            "double-well-2d" => Self::CoupledDoubleWell(CoupledDoubleWell::new(p[0], p[1])?),
            "muller-brown" => Self::MullerBrown(MullerBrown),
            "sharp-flat" => Self::SharpFlat(SharpFlat::new(p[0], p[1])?),
            _ => unreachable!("every catalogue entry is constructed above"),
        })
    }

    /// The catalogue entry this landscape belongs to.
    pub fn entry(&self) -> &'static CatalogueEntry {
        let name = match self {
            Self::Quadratic(_) => "quadratic",
            Self::DoubleWell(_) => "double-well",
            Self::MultiWell(_) => "multi-well",
            Self::CoupledDoubleWell(_) => "double-well-2d",
            Self::MullerBrown(_) => "muller-brown",
            Self::SharpFlat(_) => "sharp-flat",
            Self::Expression(_) => return &EXPRESSION_ENTRY,
        };
        entry(name).expect("every variant has an entry")
    }

    /// The box in which to search for critical points: an expression
    /// landscape's own box when it has one, otherwise the entry's
    /// ([`CatalogueEntry::search_box_for`]).
    pub fn search_box(&self) -> Vec<[f64; 2]> {
        match self {
            Self::Expression(e) => match e.search_box() {
                Some(b) => b.to_vec(),
                None => EXPRESSION_ENTRY.search_box_for(e.dim()),
            },
            _ => self.entry().search_box_for(self.dim()),
        }
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
