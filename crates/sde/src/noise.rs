//! What a diffusion declares about its noise ([`NoiseClass`]) and what an
//! integrator requires of it ([`NoiseRequirement`]), side by side: the
//! models, the integrators and the errors all read them from here.

/// The noise class a diffusion type *declares* (never probed numerically).
///
/// Integrators state which classes they need for their orders
/// ([`crate::NoiseRequirement`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum NoiseClass {
    /// `G = √ε I`: additive, isotropic (overdamped Langevin).
    Isotropic,
    /// `G` constant (d × m, possibly rank-deficient).
    Additive,
    /// `m = 1`, `G(x)` a single column depending on the state.
    Scalar,
    /// `m = d`, `G = diag(gᵢ(xᵢ))`.
    Diagonal,
    /// General `G(x)` whose columns commute (`Lʲ Gᵏ = Lᵏ Gʲ`).
    Commutative,
    /// General state-dependent `G(x)`.
    General,
}

/// What an integrator needs of the noise to achieve its stated orders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum NoiseRequirement {
    /// Any noise (Euler–Maruyama).
    Any,
    /// Commutative noise (includes scalar and diagonal).
    Commutative,
    /// Diagonal noise, `gᵢ` depending on `xᵢ` only (includes scalar).
    Diagonal,
    /// Additive (state-independent) noise.
    Additive,
    /// Overdamped Langevin: gradient drift with additive isotropic noise.
    OverdampedLangevin,
}

impl NoiseRequirement {
    /// Whether a model declaring `class` meets this requirement.
    pub const fn is_met_by(self, class: NoiseClass) -> bool {
        use NoiseClass as C;
        match self {
            Self::Any => true,
            Self::Commutative => {
                matches!(
                    class,
                    C::Additive | C::Scalar | C::Diagonal | C::Commutative | C::Isotropic
                )
            }
            Self::Diagonal => matches!(class, C::Scalar | C::Diagonal | C::Isotropic),
            Self::Additive => matches!(class, C::Additive | C::Isotropic),
            Self::OverdampedLangevin => matches!(class, C::Isotropic),
        }
    }
}
