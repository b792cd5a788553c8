//! [`IntegratorKind`]: the closed set of integrators a user can choose.

use std::fmt;
use std::str::FromStr;

use crate::error::{Result, SdeError};
use crate::integrators::euler_maruyama::EulerMaruyama;
use crate::method::{Integrator, MethodInfo};
use crate::model::SdeDerivative;

/// The integrators selectable by name (CLI, configs); parsed with
/// [`FromStr`] from [`IntegratorKind::name`] and dispatched once into
/// monomorphised code by [`IntegratorKind::visit`].
///
/// # Examples
/// ```
/// use sgdpde_sde::IntegratorKind;
/// let k: IntegratorKind = "euler-maruyama".parse()?;
/// assert_eq!(k, IntegratorKind::EulerMaruyama);
/// assert_eq!(k.info().weak_order, 1.0);
/// # Ok::<(), sgdpde_sde::SdeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum IntegratorKind {
    /// [`EulerMaruyama`].
    EulerMaruyama,
}

/// Receives the concrete integrator chosen by [`IntegratorKind::visit`].
pub trait IntegratorVisitor<S: SdeDerivative> {
    /// What the visit returns.
    type Output;

    /// Called once with the concrete, monomorphised integrator.
    fn visit<I: Integrator<S>>(self, integrator: I) -> Self::Output;
}

impl IntegratorKind {
    /// Every kind, in documentation order.
    pub const ALL: &'static [IntegratorKind] = &[IntegratorKind::EulerMaruyama];

    /// The method's metadata.
    pub fn info(self) -> MethodInfo {
        match self {
            Self::EulerMaruyama => EulerMaruyama::INFO,
        }
    }

    /// The command-line name (`euler-maruyama`, …).
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// Builds the integrator for `sde` (checking its noise requirement) and
    /// hands it to `visitor`.
    ///
    /// # Errors
    /// [`SdeError::IncompatibleNoise`] if the model's declared noise class
    /// does not meet the method's requirement.
    pub fn visit<S: SdeDerivative, V: IntegratorVisitor<S>>(
        self,
        sde: &S,
        visitor: V,
    ) -> Result<V::Output> {
        Ok(match self {
            Self::EulerMaruyama => visitor.visit(EulerMaruyama::for_sde(sde)?),
        })
    }
}

impl fmt::Display for IntegratorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

fn known_names() -> String {
    IntegratorKind::ALL
        .iter()
        .map(|k| k.name())
        .collect::<Vec<_>>()
        .join(", ")
}

impl FromStr for IntegratorKind {
    type Err = SdeError;

    fn from_str(s: &str) -> Result<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|k| k.name() == s)
            .ok_or_else(|| SdeError::UnknownIntegrator {
                name: s.to_owned(),
                known: known_names(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for &k in IntegratorKind::ALL {
            assert_eq!(k.name().parse::<IntegratorKind>().unwrap(), k);
            assert_eq!(k.to_string(), k.name());
        }
        assert!(matches!(
            "rk4".parse::<IntegratorKind>(),
            Err(SdeError::UnknownIntegrator { .. })
        ));
    }
}
