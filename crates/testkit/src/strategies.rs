//! proptest strategies shared by the crates' property tests.

use proptest::prelude::*;
use sgdpde_landscape::{AnyLandscape, Landscape};

/// A point in the box `[lo, hi]ᵈ`.
pub fn point_in_box(d: usize, lo: f64, hi: f64) -> impl Strategy<Value = Vec<f64>> {
    proptest::collection::vec(lo..hi, d)
}

/// A finite, moderately sized parameter value.
pub fn moderate_param() -> impl Strategy<Value = f64> {
    -2.0..2.0f64
}

/// A strictly positive parameter in `[lo, hi]`.
pub fn positive_param(lo: f64, hi: f64) -> impl Strategy<Value = f64> {
    lo..hi
}

/// A catalogue landscape with random valid parameters, paired with a random
/// point of its default search box.
///
/// Parameter ranges: `double-well` c ∈ [−1, 1]; `multi-well` r₁ ∈ [−2, −1]
/// and gaps ∈ [0.2, 1]; `double-well-2d` ω ∈ [0.1, 10], κ ∈ [−2, 2];
/// `sharp-flat` k_sharp, k_flat ∈ [0.1, 20]; `quadratic` dim ∈ 1..=4,
/// k ∈ [0.1, 10], flat ∈ 0..dim; `muller-brown` has no parameters.
pub fn catalogue_landscape_at_point() -> impl Strategy<Value = (AnyLandscape, Vec<f64>)> {
    let build = |name: &'static str, p: Vec<(&'static str, f64)>| {
        let given: Vec<(String, f64)> = p.into_iter().map(|(n, v)| (n.to_owned(), v)).collect();
        AnyLandscape::from_catalogue(name, &given).expect("strategy draws valid parameters")
    };
    let landscapes = prop_oneof![
        (-1.0..1.0f64).prop_map(move |c| build("double-well", vec![("c", c)])),
        (-2.0..-1.0f64, proptest::collection::vec(0.2..1.0f64, 4)).prop_map(move |(r1, gaps)| {
            let mut r = vec![r1];
            for g in gaps {
                r.push(r[r.len() - 1] + g);
            }
            let names = ["r1", "r2", "r3", "r4", "r5"];
            build("multi-well", names.iter().copied().zip(r).collect())
        }),
        (0.1..10.0f64, -2.0..2.0f64)
            .prop_map(move |(w, k)| build("double-well-2d", vec![("omega", w), ("kappa", k)])),
        Just(build("muller-brown", vec![])),
        (0.1..20.0f64, 0.1..20.0f64)
            .prop_map(move |(s, f)| build("sharp-flat", vec![("k_sharp", s), ("k_flat", f)])),
        (1usize..=4, 0.1..10.0f64)
            .prop_flat_map(|(d, k)| (Just(d), Just(k), 0..d))
            .prop_map(move |(d, k, f)| build(
                "quadratic",
                vec![("dim", d as f64), ("k", k), ("flat", f as f64)]
            )),
    ];
    landscapes.prop_flat_map(|l| {
        let b = l.entry().search_box_for(l.dim());
        let coords: Vec<_> = b.into_iter().map(|[lo, hi]| lo..hi).collect();
        (Just(l), coords)
    })
}
