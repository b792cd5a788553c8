//! [`IntegratorKind`]: the closed set of integrators a user can choose.

use std::fmt;
use std::str::FromStr;

use crate::error::{Result, SdeError};
use crate::integrators::euler_maruyama::EulerMaruyama;
use crate::integrators::kloeden_platen_15::KloedenPlaten15;
use crate::integrators::leimkuhler_matthews::LeimkuhlerMatthews;
use crate::integrators::milstein::Milstein;
use crate::integrators::tamed_euler::TamedEuler;
use crate::method::{Integrator, MethodInfo};
use crate::model::SdeDerivative;

/// Receives the concrete integrator chosen by [`IntegratorKind::visit`].
pub trait IntegratorVisitor<S: SdeDerivative> {
    /// What the visit returns.
    type Output;

    /// Called once with the concrete, monomorphised integrator.
    fn visit<I: Integrator<S>>(self, integrator: I) -> Self::Output;
}

/// Generates [`IntegratorKind`], its list, metadata and dispatch from one
/// line per integrator: the variant is the integrator's type, which provides
/// `INFO` (name, aliases, orders) and `for_sde` (the checked constructor).
macro_rules! integrators {
    ($($method:ident),* $(,)?) => {
        /// The integrators selectable by name (CLI, configs); parsed with
        /// [`FromStr`] from [`IntegratorKind::name`] or one of the
        /// [`MethodInfo::aliases`], and dispatched once into monomorphised
        /// code by [`IntegratorKind::visit`].
        ///
        /// # Examples
        /// ```
        /// use sgdpde_sde::IntegratorKind;
        /// let k: IntegratorKind = "euler-maruyama".parse()?;
        /// assert_eq!(k, IntegratorKind::EulerMaruyama);
        /// assert_eq!("em".parse::<IntegratorKind>()?, k);
        /// assert_eq!(k.info().weak_order, 1.0);
        /// # Ok::<(), sgdpde_sde::SdeError>(())
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
        pub enum IntegratorKind {
            $(
                #[doc = concat!("See [`", stringify!($method), "`].")]
                $method,
            )*
        }

        impl IntegratorKind {
            /// Every kind, in documentation order.
            pub const ALL: &'static [IntegratorKind] = &[$(IntegratorKind::$method),*];

            /// The method's metadata.
            pub fn info(self) -> MethodInfo {
                match self {
                    $(Self::$method => $method::INFO,)*
                }
            }

            /// Builds the integrator for `sde` (checking its noise requirement) and
            /// hands it to `visitor`.
            ///
            /// The visitor is instantiated only for the methods that admit
            /// `S::NOISE`: each arm reaches it behind `if const { … }` on the
            /// method's requirement, a branch the compiler resolves per SDE type, so
            /// a command body is never compiled for a pair it could not run (for a
            /// general-noise model, only the two Euler schemes) — this cut the CLI's
            /// compile time. The refusal itself is `for_sde`'s typed error, from
            /// the same [`NoiseRequirement::is_met_by`](crate::NoiseRequirement::is_met_by)
            /// the gate evaluates.
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
                    $(Self::$method => {
                        let integrator = $method::for_sde(sde)?;
                        if const { $method::INFO.noise.is_met_by(S::NOISE) } {
                            visitor.visit(integrator)
                        } else {
                            // `for_sde` returned `IncompatibleNoise` above: it
                            // checks the very predicate of the gate.
                            unreachable!("{} accepted {:?} noise", $method::INFO.name, S::NOISE)
                        }
                    })*
                })
            }
        }
    };
}

// One line per integrator, in documentation order.
integrators! {
    EulerMaruyama,
    Milstein,
    KloedenPlaten15,
    LeimkuhlerMatthews,
    TamedEuler,
}

impl IntegratorKind {
    /// The command-line name (`euler-maruyama`, …).
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// Every accepted spelling: the names, then the aliases
    /// (`euler-maruyama, milstein, …, and em, kp15, …`), as error messages
    /// list them.
    pub fn known_names() -> String {
        let names: Vec<&str> = Self::ALL.iter().map(|k| k.name()).collect();
        let aliases: Vec<&str> = Self::ALL
            .iter()
            .flat_map(|k| k.info().aliases.iter().copied())
            .collect();
        if aliases.is_empty() {
            names.join(", ")
        } else {
            format!("{}, and {}", names.join(", "), aliases.join(", "))
        }
    }
}

impl fmt::Display for IntegratorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for IntegratorKind {
    type Err = SdeError;

    fn from_str(s: &str) -> Result<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|k| k.name() == s || k.info().aliases.contains(&s))
            .ok_or_else(|| SdeError::UnknownIntegrator {
                name: s.to_owned(),
                known: Self::known_names(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{AnyExprSde, DiagonalFnNoise, LinearDrift, Sde, SdeModel, Temperature};
    use sgdpde_landscape::DoubleWell;

    struct Name;
    impl<S: SdeDerivative> IntegratorVisitor<S> for Name {
        type Output = (&'static str, bool);
        fn visit<I: Integrator<S>>(self, i: I) -> Self::Output {
            (i.info().name, I::NEEDS_DZ)
        }
    }

    /// Every kind dispatches on a Langevin model; a diagonal state-dependent
    /// model is refused by the additive-only and Langevin-only methods.
    #[test]
    fn visit_dispatches_and_checks_noise() {
        let sde = SdeModel::langevin(DoubleWell::symmetric(), Temperature::epsilon(1.0).unwrap())
            .unwrap();
        for &k in IntegratorKind::ALL {
            let (name, dz) = k.visit(&sde, Name).unwrap();
            assert_eq!(name, k.name());
            assert_eq!(dz, k == IntegratorKind::KloedenPlaten15);
        }
        let gbm = SdeModel::new(
            LinearDrift::new(vec![0.1], vec![0.0]).unwrap(),
            DiagonalFnNoise::new(1, |_, _, x: f64| x, |_, _, _| 1.0).unwrap(),
        )
        .unwrap();
        assert_eq!(gbm.dim(), 1);
        for k in [
            IntegratorKind::KloedenPlaten15,
            IntegratorKind::LeimkuhlerMatthews,
        ] {
            assert!(matches!(
                k.visit(&gbm, Name),
                Err(SdeError::IncompatibleNoise { .. })
            ));
        }
        assert!(IntegratorKind::Milstein.visit(&gbm, Name).is_ok());
        // General noise: only the two Euler schemes are instantiated and
        // run; the others give the typed refusal (their arms' visitor is
        // compiled out, so reaching it would be the `unreachable!`).
        let general = AnyExprSde::new(
            &["x", "y"],
            &[] as &[(&str, f64)],
            &["0", "0"],
            &[vec!["x*y", "1"], vec!["0", "y^2"]],
        )
        .unwrap();
        let AnyExprSde::General(general) = general else {
            panic!("a state-dependent full factor is general noise")
        };
        for &k in IntegratorKind::ALL {
            let r = k.visit(&general, Name);
            match k {
                IntegratorKind::EulerMaruyama | IntegratorKind::TamedEuler => {
                    assert_eq!(r.unwrap().0, k.name());
                }
                _ => assert!(
                    matches!(r, Err(SdeError::IncompatibleNoise { method, .. }) if method == k.name())
                ),
            }
        }
    }

    #[test]
    fn names_round_trip() {
        for &k in IntegratorKind::ALL {
            assert_eq!(k.name().parse::<IntegratorKind>().unwrap(), k);
            assert_eq!(k.to_string(), k.name());
        }
        assert_eq!(IntegratorKind::ALL.len(), 5);
        // Every alias parses to its method, and no spelling names two.
        let mut spellings = std::collections::BTreeSet::new();
        for &k in IntegratorKind::ALL {
            for &a in k.info().aliases {
                assert_eq!(a.parse::<IntegratorKind>().unwrap(), k);
            }
            for s in std::iter::once(k.name()).chain(k.info().aliases.iter().copied()) {
                assert!(spellings.insert(s), "`{s}` names two methods");
            }
        }
        assert_eq!(
            IntegratorKind::known_names(),
            "euler-maruyama, milstein, kp15-additive, leimkuhler-matthews, tamed-euler, \
             and em, kp15, lm, tamed"
        );
        assert!(matches!(
            "rk4".parse::<IntegratorKind>(),
            Err(SdeError::UnknownIntegrator { .. })
        ));
    }
}
