//! The named catalogue: what `sgdpde landscapes` lists and what every
//! `<landscape>` argument resolves to, generated from one line per
//! landscape (each states its [`CatalogueEntry`] and constructor beside its
//! code, through [`Catalogued`]).
//!
//! [`AnyLandscape`] is a closed enum over the catalogue. Hot code never calls
//! it per step: it calls [`AnyLandscape::visit`] once, which hands the
//! concrete type to a generic [`LandscapeVisitor`] so the loop is
//! monomorphised (design principle 2).

use crate::catalogue_entry::{CatalogueEntry, Catalogued};
use crate::coupled_double_well::CoupledDoubleWell;
use crate::double_well::DoubleWell;
use crate::error::{LandscapeError, Result, check_finite};
use crate::expression::ExprLandscape;
use crate::muller_brown::MullerBrown;
use crate::multi_well::MultiWell;
use crate::quadratic::Quadratic;
use crate::sharp_flat::SharpFlat;
use crate::traits::{KnownCriticalPoint, KnownCriticalPoints, Landscape, LandscapeHessian};

/// Generates [`AnyLandscape`], [`CATALOGUE`] and the dispatch from one line
/// per catalogue landscape (a type implementing [`Catalogued`]); the
/// expression landscape of problem files is the one variant outside the
/// catalogue.
macro_rules! catalogue {
    ($($variant:ident),* $(,)?) => {
        /// The catalogue, in the order `sgdpde landscapes` lists it.
        pub const CATALOGUE: &[CatalogueEntry] = &[$(<$variant as Catalogued>::ENTRY),*];

        /// The constructor of each catalogue entry, in [`CATALOGUE`] order.
        const BUILDERS: &[fn(&[f64]) -> Result<AnyLandscape>] =
            &[$(|p| Ok(AnyLandscape::$variant($variant::from_params(p)?))),*];

        /// Any landscape of the catalogue.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum AnyLandscape {
            $(
                #[doc = concat!("See [`", stringify!($variant), "`].")]
                $variant($variant),
            )*
            /// A landscape given by an expression (problem files); see
            /// [`ExprLandscape`]. Its [`AnyLandscape::entry`] is [`EXPRESSION_ENTRY`].
            Expression(ExprLandscape),
        }

        /// Expands `$body` once per variant with `$l` bound to the concrete landscape.
        macro_rules! dispatch {
            ($self_:expr, $l:ident => $body:expr) => {
                match $self_ {
                    $(AnyLandscape::$variant($l) => $body,)*
                    AnyLandscape::Expression($l) => $body,
                }
            };
        }

        impl AnyLandscape {
            /// The catalogue entry this landscape belongs to.
            pub fn entry(&self) -> &'static CatalogueEntry {
                match self {
                    $(Self::$variant(_) => &<$variant as Catalogued>::ENTRY,)*
                    Self::Expression(_) => &EXPRESSION_ENTRY,
                }
            }
        }
    };
}

// One line per catalogue landscape, in listing order.
catalogue!(
    Quadratic,
    DoubleWell,
    MultiWell,
    CoupledDoubleWell,
    MullerBrown,
    SharpFlat,
);

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

/// Looks up a catalogue entry by name.
///
/// # Errors
/// [`LandscapeError::UnknownLandscape`] if no entry has this name.
pub fn entry(name: &str) -> Result<&'static CatalogueEntry> {
    Ok(&CATALOGUE[position(name)?])
}

/// The index of the entry called `name` in [`CATALOGUE`].
fn position(name: &str) -> Result<usize> {
    CATALOGUE
        .iter()
        .position(|e| e.name == name)
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
        let k = position(name)?;
        let p = resolve_params(&CATALOGUE[k], given)?;
        BUILDERS[k](&p)
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

    /// A type that states its dimension (`Landscape::DIM`) has it: the
    /// drivers compile their fixed-dimension paths for that one only.
    #[test]
    fn static_dimensions_are_the_run_time_ones() {
        struct Dims;
        impl LandscapeVisitor for Dims {
            type Output = (Option<usize>, usize);
            fn visit<L: LandscapeHessian + KnownCriticalPoints + Clone + 'static>(
                self,
                l: &L,
            ) -> Self::Output {
                (L::DIM, l.dim())
            }
        }
        let mut fixed = 0;
        for e in CATALOGUE {
            let (stated, dim) = AnyLandscape::from_catalogue(e.name, &[])
                .unwrap()
                .visit(Dims);
            if let Some(d) = stated {
                assert_eq!(d, dim, "{}", e.name);
                assert_eq!(e.dim, d.to_string(), "{}", e.name);
                fixed += 1;
            }
        }
        assert_eq!(fixed, 5, "all but the quadratic (dim is a parameter)");
        assert_eq!(<AnyLandscape as Landscape>::DIM, None);
        assert_eq!(<ExprLandscape as Landscape>::DIM, None);
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
