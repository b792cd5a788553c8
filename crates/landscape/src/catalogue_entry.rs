//! What the catalogue knows of a landscape ([`CatalogueEntry`]) and the
//! trait by which each catalogue landscape states it beside its own code
//! ([`Catalogued`]); the registry in `catalogue.rs` lists the types.

use crate::error::{LandscapeError, Result};

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

/// A landscape of the catalogue: its entry and its constructor from the
/// entry's parameters, stated in the landscape's own file so that adding a
/// landscape is its file plus one line in the registry.
pub trait Catalogued: Sized {
    /// The metadata `sgdpde landscapes` prints and the parameters it takes.
    const ENTRY: CatalogueEntry;

    /// Builds the landscape from the values of [`CatalogueEntry::params`],
    /// in their order (defaults already filled in by
    /// [`resolve_params`](crate::resolve_params)).
    ///
    /// # Errors
    /// A value the landscape rejects, naming the parameter.
    fn from_params(p: &[f64]) -> Result<Self>;
}

/// Reads a parameter that must be a whole number in `[lo, hi]`.
pub(crate) fn whole(name: &'static str, v: f64, lo: usize, hi: usize) -> Result<usize> {
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
