//! Integrator dispatch that compiles a command body only for the
//! (SDE type, integrator) pairs the integrator admits.
//!
//! [`IntegratorKind::visit`] instantiates its visitor for all five
//! integrators whatever the SDE type and refuses the inadmissible pairs at
//! run time ([`sgdpde_sde::SdeError::IncompatibleNoise`], from each
//! method's `for_sde`). [`visit`] returns the same error from the same
//! `for_sde` call, but reaches the visitor only behind a branch on a
//! compile-time constant (`if const { … }`), which rustc's monomorphisation
//! collector resolves per instance: an expression SDE with general noise
//! never instantiates the Milstein, Kloeden–Platen 1.5 or
//! Leimkuhler–Matthews ensemble loops it cannot run. The landscape
//! commands' Langevin models (isotropic noise) admit every method, so for
//! them nothing changes.

use sgdpde_sde::{
    EulerMaruyama, IntegratorKind, IntegratorVisitor, KloedenPlaten15, LeimkuhlerMatthews,
    Milstein, NoiseClass, NoiseRequirement, SdeDerivative, TamedEuler,
};

/// [`NoiseRequirement::is_met_by`] as a `const fn`, so that it can decide
/// a branch at compile time (the tests check that the two agree on every
/// pair).
const fn admits(requirement: NoiseRequirement, class: NoiseClass) -> bool {
    use NoiseClass as C;
    match requirement {
        NoiseRequirement::Any => true,
        NoiseRequirement::Commutative => matches!(
            class,
            C::Additive | C::Scalar | C::Diagonal | C::Commutative | C::Isotropic
        ),
        NoiseRequirement::Diagonal => matches!(class, C::Scalar | C::Diagonal | C::Isotropic),
        NoiseRequirement::Additive => matches!(class, C::Additive | C::Isotropic),
        NoiseRequirement::OverdampedLangevin => matches!(class, C::Isotropic),
    }
}

/// The arm of one method: its `for_sde` (the typed refusal), then the
/// visitor, instantiated only if the method admits `S::NOISE`.
macro_rules! arm {
    ($method:ident, $sde:expr, $visitor:expr, $S:ty) => {{
        let integrator = $method::for_sde($sde)?;
        if const { admits($method::INFO.noise, <$S as sgdpde_sde::Sde>::NOISE) } {
            $visitor.visit(integrator)
        } else {
            // `for_sde` returned `IncompatibleNoise` above: `admits`
            // agrees with `check_noise` on every pair (tests below).
            unreachable!(
                "{} accepted {:?} noise",
                $method::INFO.name,
                <$S as sgdpde_sde::Sde>::NOISE
            )
        }
    }};
}

/// [`IntegratorKind::visit`] with the same results and errors, instantiating
/// `visitor` only for the integrators that admit `S`'s noise class.
///
/// # Errors
/// [`sgdpde_sde::SdeError::IncompatibleNoise`] if the method does not
/// admit `S::NOISE`.
pub fn visit<S: SdeDerivative, V: IntegratorVisitor<S>>(
    kind: IntegratorKind,
    sde: &S,
    visitor: V,
) -> sgdpde_sde::Result<V::Output> {
    Ok(match kind {
        IntegratorKind::EulerMaruyama => arm!(EulerMaruyama, sde, visitor, S),
        IntegratorKind::Milstein => arm!(Milstein, sde, visitor, S),
        IntegratorKind::KloedenPlaten15 => arm!(KloedenPlaten15, sde, visitor, S),
        IntegratorKind::LeimkuhlerMatthews => arm!(LeimkuhlerMatthews, sde, visitor, S),
        IntegratorKind::TamedEuler => arm!(TamedEuler, sde, visitor, S),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLASSES: [NoiseClass; 6] = [
        NoiseClass::Isotropic,
        NoiseClass::Additive,
        NoiseClass::Scalar,
        NoiseClass::Diagonal,
        NoiseClass::Commutative,
        NoiseClass::General,
    ];

    /// The compile-time table is the sde crate's run-time one, pair by pair
    /// (so the `unreachable!` arm of [`visit`] is unreachable).
    #[test]
    fn admits_agrees_with_is_met_by() {
        for kind in IntegratorKind::ALL {
            let requirement = kind.info().noise;
            for class in CLASSES {
                assert_eq!(
                    admits(requirement, class),
                    requirement.is_met_by(class),
                    "{kind} on {class:?}"
                );
            }
        }
    }

    /// The method's name, or the refusal's message.
    struct Name;
    impl<S: SdeDerivative> IntegratorVisitor<S> for Name {
        type Output = &'static str;
        fn visit<I: sgdpde_sde::Integrator<S>>(self, i: I) -> &'static str {
            i.info().name
        }
    }

    /// Both dispatches on the concrete expression SDE.
    struct Both(IntegratorKind);
    impl sgdpde_sde::ExprSdeVisitor for Both {
        type Output = (Result<&'static str, String>, Result<&'static str, String>);
        fn visit<S: SdeDerivative + Clone + std::fmt::Debug + 'static>(
            self,
            s: &S,
        ) -> Self::Output {
            (
                visit(self.0, s, Name).map_err(|e| e.to_string()),
                self.0.visit(s, Name).map_err(|e| e.to_string()),
            )
        }
    }

    /// On an expression SDE of each class, every method gives what
    /// `IntegratorKind::visit` gives: the same integrator or the same error.
    #[test]
    fn same_results_and_errors_as_integrator_kind_visit() {
        let x = ["x", "y"];
        let none: &[(&str, f64)] = &[];
        let sdes = [
            (["-x", "-y"], vec![vec!["1", "0"], vec!["0", "2"]]),
            (["-x", "-y"], vec![vec!["x", "0"], vec!["0", "y"]]),
            (["-x", "-y"], vec![vec!["x"], vec!["y"]]),
            (["-x", "-y"], vec![vec!["y", "1"], vec!["x", "1"]]),
        ];
        let mut classes = Vec::new();
        for (drift, diffusion) in sdes {
            let s = sgdpde_sde::AnyExprSde::new(&x, none, &drift, &diffusion).unwrap();
            classes.push(s.class());
            for &kind in IntegratorKind::ALL {
                let (mine, theirs) = s.visit(Both(kind));
                assert_eq!(mine, theirs, "{kind} on {:?}", s.class());
            }
        }
        assert_eq!(
            classes,
            [
                NoiseClass::Additive,
                NoiseClass::Diagonal,
                NoiseClass::Scalar,
                NoiseClass::General
            ]
        );
    }
}
