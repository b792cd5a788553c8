//! The critical-point machinery against closed forms and published values:
//! analytic critical points reproduced to 1e-10, Müller–Brown against
//! Müller & Brown (1979), barrier heights against closed forms, basins on
//! both sides of a separatrix, typed errors for invalid parameters.

use sgdpde_landscape::critical::{
    Basin, BasinOptions, CriticalKind, FindAllOptions, NewtonOptions, StringOptions, basin_of,
    connect_saddles, find_all, minimum_energy_path, newton_critical_point,
};
use sgdpde_landscape::{
    AnyLandscape, CATALOGUE, CoupledDoubleWell, DoubleWell, KnownCriticalPoints, Landscape,
    LandscapeError, MullerBrown, MultiWell, SharpFlat,
};
use sgdpde_testkit::tolerance::{BARRIER_REL, CRITICAL_POINT_ABS};

fn dist(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(p, q)| (p - q) * (p - q))
        .sum::<f64>()
        .sqrt()
}

/// Landscapes with closed-form critical points, at defaults and other parameters.
fn closed_form_cases() -> Vec<AnyLandscape> {
    let p = |name: &str, v: &[(&str, f64)]| {
        let given: Vec<(String, f64)> = v.iter().map(|(n, x)| ((*n).to_owned(), *x)).collect();
        AnyLandscape::from_catalogue(name, &given).unwrap()
    };
    vec![
        p("double-well", &[]),
        p("double-well", &[("c", 0.2)]),
        p("double-well", &[("c", -0.35)]),
        p("multi-well", &[]),
        p("multi-well", &[("r1", -1.9), ("r3", 0.3), ("r5", 1.2)]),
        p("double-well-2d", &[]),
        p("double-well-2d", &[("omega", 0.3), ("kappa", -1.2)]),
        p("sharp-flat", &[]),
        p("sharp-flat", &[("k_sharp", 20.0), ("k_flat", 0.1)]),
        p("quadratic", &[("dim", 3.0), ("k", 2.5)]),
    ]
}

#[test]
fn find_all_reproduces_every_closed_form_critical_point_to_1e_10() {
    for l in closed_form_cases() {
        let name = l.entry().name;
        let b = l.entry().search_box_for(l.dim());
        let set = find_all(&l, &b, &FindAllOptions::default()).unwrap();
        let known: Vec<_> = l
            .known_critical_points()
            .into_iter()
            .filter(|p| p.x.iter().zip(&b).all(|(v, [lo, hi])| v >= lo && v <= hi))
            .collect();
        let n_min = known.iter().filter(|p| p.index == 0).count();
        let n_sad = known.iter().filter(|p| p.index == 1).count();
        assert_eq!(
            (set.minima.len(), set.saddles.len()),
            (n_min, n_sad),
            "{name}: {set:?}"
        );
        for k in &known {
            let pool = if k.index == 0 {
                &set.minima
            } else {
                &set.saddles
            };
            let best = pool
                .iter()
                .map(|p| dist(&p.x, &k.x))
                .fold(f64::INFINITY, f64::min);
            assert!(
                best <= CRITICAL_POINT_ABS,
                "{name}: {:?} off by {best:e}",
                k.x
            );
        }
    }
}

#[test]
fn newton_from_nearby_starts_converges_to_the_closed_form_point() {
    let o = NewtonOptions::default();
    for l in closed_form_cases() {
        for k in l.known_critical_points() {
            let start: Vec<f64> =
                k.x.iter()
                    .enumerate()
                    .map(|(i, v)| v + 0.02 * (i as f64 + 1.0))
                    .collect();
            let p = newton_critical_point(&l, &start, &o).unwrap();
            assert!(
                dist(&p.x, &k.x) <= CRITICAL_POINT_ABS,
                "{}: {:?} vs {:?}",
                l.entry().name,
                p.x,
                k.x
            );
            assert_eq!(p.kind.morse_index(), Some(k.index));
        }
    }
}

#[test]
fn muller_brown_matches_the_published_table() {
    let e = sgdpde_landscape::entry("muller-brown").unwrap();
    let set = find_all(
        &MullerBrown,
        &e.search_box_for(2),
        &FindAllOptions::default(),
    )
    .unwrap();
    assert_eq!((set.minima.len(), set.saddles.len()), (3, 2));
    // Published values are rounded: coordinates to 3 decimals, energies to 2.
    let (dx, dv) = (
        MullerBrown::COORDINATE_PRECISION,
        MullerBrown::VALUE_PRECISION,
    );
    let check = |pool: &[sgdpde_landscape::critical::CriticalPoint], x: &[f64; 2], v: f64| {
        let p = pool
            .iter()
            .find(|p| (p.x[0] - x[0]).abs() <= dx && (p.x[1] - x[1]).abs() <= dx)
            .unwrap_or_else(|| panic!("no critical point within {dx} of {x:?}"));
        assert!((p.value - v).abs() <= dv, "{x:?}: {} vs {v}", p.value);
        assert!(p.gradient_norm < 1e-9);
    };
    for (x, v) in MullerBrown::PUBLISHED_MINIMA
        .iter()
        .zip(MullerBrown::PUBLISHED_MINIMUM_VALUES)
    {
        check(&set.minima, x, v);
    }
    for (x, v) in MullerBrown::PUBLISHED_SADDLES
        .iter()
        .zip(MullerBrown::PUBLISHED_SADDLE_VALUES)
    {
        check(&set.saddles, x, v);
    }
    // Each saddle joins the intermediate minimum C to one of A, B.
    let barriers = connect_saddles(&MullerBrown, &set, &BasinOptions::default()).unwrap();
    assert_eq!(barriers.len(), 2);
    for b in &barriers {
        let s = &set.saddles[b.saddle];
        for (k, m) in b.minima.iter().enumerate() {
            assert!((b.heights[k] - (s.value - set.minima[*m].value)).abs() == 0.0);
        }
        // Published energies ⇒ barrier S₁ − A = 106.04, S₂ − B = 35.92,
        // S₁ − C = 40.11, S₂ − C = 8.52, each to 2·VALUE_PRECISION.
        let pub_heights: [f64; 2] = if s.x[0] < -0.5 {
            [106.04, 40.11]
        } else {
            [35.92, 8.52]
        };
        let mut got = b.heights;
        got.sort_by(|a, b| b.total_cmp(a));
        for k in 0..2 {
            assert!(
                (got[k] - pub_heights[k]).abs() <= 2.0 * dv,
                "{got:?} vs {pub_heights:?}"
            );
        }
    }
}

#[test]
fn muller_brown_string_paths_find_each_saddle_and_the_intermediate_minimum() {
    let [a, b, c] = MullerBrown::PUBLISHED_MINIMA;
    let o = StringOptions::default();
    let ca_b = minimum_energy_path(&MullerBrown, &c, &b, &o).unwrap();
    assert!(
        dist(&ca_b.saddle.x, &MullerBrown::PUBLISHED_SADDLES[1])
            <= MullerBrown::COORDINATE_PRECISION * 2f64.sqrt()
    );
    assert!((ca_b.barrier_from_start - 8.52).abs() <= 2.0 * MullerBrown::VALUE_PRECISION);
    // A → B passes C: the highest saddle is S₁ and the path has an interior minimum.
    let ab = minimum_energy_path(&MullerBrown, &a, &b, &o).unwrap();
    assert!(
        dist(&ab.saddle.x, &MullerBrown::PUBLISHED_SADDLES[0])
            <= MullerBrown::COORDINATE_PRECISION * 2f64.sqrt()
    );
    assert_eq!(ab.intermediate_minima.len(), 1);
    let m = &ab.images[ab.intermediate_minima[0]];
    assert!(dist(m, &c) < 0.1, "intermediate image {m:?} not near C");
}

#[test]
fn tilted_double_well_barriers_match_the_viete_roots() {
    for c in [0.0, 0.1, -0.2, 0.3, 0.38] {
        let w = DoubleWell::new(c).unwrap();
        let r = w.critical_abscissae();
        assert_eq!(r.len(), 3);
        let lv = |x: f64| w.value(&[x]);
        let exact = [lv(r[1]) - lv(r[0]), lv(r[1]) - lv(r[2])];
        let set = find_all(&w, &[[-2.0, 2.0]], &FindAllOptions::default()).unwrap();
        let b = connect_saddles(&w, &set, &BasinOptions::default()).unwrap();
        assert_eq!(b.len(), 1);
        // minima are sorted by value; map back to left/right by position.
        let left = if set.minima[b[0].minima[0]].x[0] < 0.0 {
            0
        } else {
            1
        };
        let got = [b[0].heights[left], b[0].heights[1 - left]];
        for k in 0..2 {
            assert!(
                (got[k] - exact[k]).abs() <= BARRIER_REL,
                "c = {c}: {got:?} vs {exact:?}"
            );
        }
        if c == 0.0 {
            assert_eq!(exact, [0.25, 0.25]);
        }
    }
}

#[test]
fn multi_well_barriers_are_the_exact_polynomial_differences() {
    let w = MultiWell::default_wells();
    let r = w.roots();
    let lv = |x: f64| w.value(&[x]);
    let set = find_all(&w, &[[-2.5, 2.5]], &FindAllOptions::default()).unwrap();
    let b = connect_saddles(&w, &set, &BasinOptions::default()).unwrap();
    assert_eq!(b.len(), 2);
    for bar in &b {
        let s = set.saddles[bar.saddle].x[0];
        let (lo, top, hi) = if (s - r[1]).abs() < 1e-9 {
            (r[0], r[1], r[2])
        } else {
            (r[2], r[3], r[4])
        };
        let mut want = [lv(top) - lv(lo), lv(top) - lv(hi)];
        let mut got = bar.heights;
        want.sort_by(f64::total_cmp);
        got.sort_by(f64::total_cmp);
        for k in 0..2 {
            assert!(
                (got[k] - want[k]).abs() <= BARRIER_REL,
                "{got:?} vs {want:?}"
            );
        }
    }
}

#[test]
fn two_dimensional_double_wells_have_barrier_one_quarter_from_both_sides() {
    let cases: Vec<Box<dyn Fn() -> AnyLandscape>> = vec![
        Box::new(|| AnyLandscape::CoupledDoubleWell(CoupledDoubleWell::new(2.0, 0.5).unwrap())),
        Box::new(|| AnyLandscape::CoupledDoubleWell(CoupledDoubleWell::new(0.5, -1.5).unwrap())),
        Box::new(|| AnyLandscape::SharpFlat(SharpFlat::new(8.0, 0.5).unwrap())),
    ];
    for make in cases {
        let l = make();
        let known = l.known_critical_points();
        let (a, b) = (&known[0].x, &known[2].x);
        let p = minimum_energy_path(&l, a, b, &StringOptions::default()).unwrap();
        assert_eq!(p.saddle.kind, CriticalKind::Saddle { index: 1 });
        assert!(dist(&p.saddle.x, &[0.0, 0.0]) <= CRITICAL_POINT_ABS);
        assert!((p.barrier_from_start - 0.25).abs() <= BARRIER_REL);
        assert!((p.barrier_from_end - 0.25).abs() <= BARRIER_REL);
    }
}

#[test]
fn muller_brown_basins_on_both_sides_of_the_first_saddle() {
    // Step off S₁ along its unstable direction: one side drains to A, the other to C.
    let minima: Vec<Vec<f64>> = MullerBrown::PUBLISHED_MINIMA
        .iter()
        .map(|p| p.to_vec())
        .collect();
    let s = newton_critical_point(
        &MullerBrown,
        &MullerBrown::PUBLISHED_SADDLES[0],
        &NewtonOptions::default(),
    )
    .unwrap();
    let o = BasinOptions {
        match_radius: 2.0 * MullerBrown::COORDINATE_PRECISION,
        ..BasinOptions::default()
    };
    // The unstable direction at S₁ is close to the A–C chord.
    let (a, c) = (&minima[0], &minima[2]);
    let v: Vec<f64> = (0..2).map(|i| c[i] - a[i]).collect();
    let vn = (v[0] * v[0] + v[1] * v[1]).sqrt();
    let side = |t: f64| -> Vec<f64> { (0..2).map(|i| s.x[i] + t * v[i] / vn).collect() };
    assert_eq!(
        basin_of(&MullerBrown, &side(-0.01), &minima, &o).unwrap(),
        Basin::Minimum(0)
    );
    assert_eq!(
        basin_of(&MullerBrown, &side(0.01), &minima, &o).unwrap(),
        Basin::Minimum(2)
    );
    assert!(matches!(
        basin_of(&MullerBrown, &s.x, &minima, &o).unwrap(),
        Basin::Undecided(_)
    ));
}

#[test]
fn invalid_parameters_are_typed_errors_carrying_the_value() {
    let bad = |name: &str, p: &str, v: f64| {
        AnyLandscape::from_catalogue(name, &[(p.to_owned(), v)]).unwrap_err()
    };
    assert!(matches!(bad("double-well-2d", "omega", 0.0),
        LandscapeError::InvalidParameter { name: "omega", value, .. } if value == 0.0));
    assert!(matches!(bad("double-well-2d", "omega", -3.0),
        LandscapeError::InvalidParameter { name: "omega", value, .. } if value == -3.0));
    assert!(matches!(bad("double-well", "c", f64::NAN),
        LandscapeError::InvalidParameter { name: "c", value, .. } if value.is_nan()));
    assert!(matches!(bad("sharp-flat", "k_flat", -1.0),
        LandscapeError::InvalidParameter { name: "k_flat", value, .. } if value == -1.0));
    assert!(matches!(bad("multi-well", "r3", 5.0),
        LandscapeError::InvalidParameter { name: "r4", value, .. } if value == 0.7));
    assert!(matches!(
        bad("muller-brown", "A", 1.0),
        LandscapeError::UnknownParameter { .. }
    ));
    let q = sgdpde_landscape::Quadratic::new(vec![1.0, 2.0, 0.5, 1.0], vec![0.0, 0.0]).unwrap_err();
    assert!(
        matches!(q, LandscapeError::NotSymmetric { a_ij, a_ji, .. } if a_ij == 2.0 && a_ji == 0.5)
    );
    let q = sgdpde_landscape::Quadratic::diagonal(&[1.0, -2.0], vec![0.0, 0.0]).unwrap_err();
    assert!(
        matches!(q, LandscapeError::NotPositiveSemidefinite { min_eigenvalue, .. } if min_eigenvalue == -2.0)
    );
    let e = newton_critical_point(&MullerBrown, &[0.0], &NewtonOptions::default()).unwrap_err();
    assert!(matches!(
        e,
        LandscapeError::DimensionMismatch {
            expected: 2,
            found: 1,
            ..
        }
    ));
    let e = newton_critical_point(
        &MullerBrown,
        &[0.0, f64::INFINITY],
        &NewtonOptions::default(),
    )
    .unwrap_err();
    assert!(matches!(e, LandscapeError::NonFinitePoint { index: 1, .. }));
}

#[test]
fn every_catalogue_entry_has_a_box_of_its_dimension() {
    for e in CATALOGUE {
        let l = AnyLandscape::from_catalogue(e.name, &[]).unwrap();
        let b = e.search_box_for(l.dim());
        assert_eq!(b.len(), l.dim());
        assert!(b.iter().all(|[lo, hi]| lo < hi));
    }
}
