//! Milstein with genuinely commutative (non-diagonal, m = 2) noise:
//! `dX = A X dt + B₁X dW₁ + B₂X dW₂` in two dimensions with `A`, `B₁`, `B₂`
//! all of the form `αI + βJ` (`J = [[0, 1], [1, 0]]`), hence commuting. Then
//! `LʲGᵏ = BₖBⱼx` is symmetric in `(j, k)` and the exact solution is
//!
//! ```text
//! X_T = exp((A − ½(B₁² + B₂²)) T + B₁W₁(T) + B₂W₂(T)) x₀,   E X_T = e^{AT} x₀,
//! ```
//!
//! with `exp(αI + βJ) = e^α (cosh β I + sinh β J)` (proofs-notes/integrators.md §2).

use crate::convergence_common;

use convergence_common::{dist, dts, fine_path, run_levels};
use sgdpde_sde::{
    CommutativeFnNoise, EulerMaruyama, Integrator, LinearDrift, Milstein, NoiseClass, Sde,
    SdeDerivative, SdeModel,
};
use sgdpde_testkit::convergence::{PathRule, assert_order, strong_study, weak_study};

const T: f64 = 1.0;
const X0: [f64; 2] = [1.0, 0.5];

/// `αI + βJ`.
#[derive(Clone, Copy)]
struct Ij(f64, f64);

impl Ij {
    fn mul(self, o: Ij) -> Ij {
        Ij(self.0 * o.0 + self.1 * o.1, self.0 * o.1 + self.1 * o.0)
    }
    fn apply(self, x: &[f64], out: &mut [f64]) {
        let (a, b) = (x[0], x[1]);
        out[0] = self.0 * a + self.1 * b;
        out[1] = self.1 * a + self.0 * b;
    }
    fn exp(self) -> Ij {
        let e = self.0.exp();
        Ij(e * self.1.cosh(), e * self.1.sinh())
    }
}

const A: Ij = Ij(-0.5, 0.2);
const B: [Ij; 2] = [Ij(0.3, 0.15), Ij(0.25, 0.0)];

fn combo(w: &[f64]) -> Ij {
    Ij(B[0].0 * w[0] + B[1].0 * w[1], B[0].1 * w[0] + B[1].1 * w[1])
}

fn model() -> impl SdeDerivative {
    SdeModel::new(
        LinearDrift::new(vec![A.0, A.1, A.1, A.0], vec![0.0, 0.0]).unwrap(),
        CommutativeFnNoise::new(
            2,
            2,
            |_t: f64, x: &[f64], v: &[f64], o: &mut [f64]| combo(v).apply(x, o),
            |_t: f64, x: &[f64], u: &[f64], v: &[f64], o: &mut [f64]| {
                combo(v).mul(combo(u)).apply(x, o)
            },
            |_t: f64, x: &[f64], o: &mut [f64]| {
                let s = B[0].mul(B[0]);
                let s2 = B[1].mul(B[1]);
                Ij(s.0 + s2.0, s.1 + s2.1).apply(x, o)
            },
        )
        .unwrap(),
    )
    .unwrap()
}

fn exact(w: &[f64]) -> [f64; 2] {
    let s = B[0].mul(B[0]);
    let s2 = B[1].mul(B[1]);
    let m = Ij(
        (A.0 - 0.5 * (s.0 + s2.0)) * T + B[0].0 * w[0] + B[1].0 * w[1],
        (A.1 - 0.5 * (s.1 + s2.1)) * T + B[0].1 * w[0] + B[1].1 * w[1],
    );
    let mut x = [0.0; 2];
    m.exp().apply(&X0, &mut x);
    x
}

fn class_of<S: Sde>(_: &S) -> NoiseClass {
    S::NOISE
}

fn strong<S: Sde, I: Integrator<S>>(sde: &S, integ: &I, what: &str) {
    let levels = [4, 5, 6, 7, 8, 9];
    let study = strong_study(&dts(T, &levels), PathRule::STRONG, |i, out| {
        let p = fine_path(i, T, 9, 2, false);
        let x_ref = exact(&p.endpoint());
        run_levels(sde, integ, &X0, &p, &levels, |l, x| {
            out[l] = dist(x, &x_ref)
        });
    });
    assert_order(&study, integ.info().strong_order_for(S::NOISE), what);
}

/// φ(x) = x₁, `E X_T = e^{AT}x₀`.
fn weak<S: Sde, I: Integrator<S>>(sde: &S, integ: &I, what: &str) {
    let levels = [2, 3, 4, 5, 6];
    let mut m = [0.0; 2];
    Ij(A.0 * T, A.1 * T).exp().apply(&X0, &mut m);
    let w = weak_study(&dts(T, &levels), PathRule::WEAK, m[0], |i, out| {
        let p = fine_path(i, T, 6, 2, false);
        let r = exact(&p.endpoint())[0];
        run_levels(sde, integ, &X0, &p, &levels, |l, x| out[l] = x[0] - r);
        r
    });
    assert!(w.reference_z.abs() < 4.0, "{what}: reference off: {w:#?}");
    assert_order(&w.study, integ.info().weak_order, what);
}

#[test]
fn milstein_commutative_orders() {
    let sde = model();
    assert_eq!(class_of(&sde), NoiseClass::Commutative);
    strong(
        &sde,
        &Milstein::for_sde(&sde).unwrap(),
        "Milstein strong, commutative",
    );
    strong(
        &sde,
        &EulerMaruyama::for_sde(&sde).unwrap(),
        "EM strong, commutative",
    );
    weak(
        &sde,
        &Milstein::for_sde(&sde).unwrap(),
        "Milstein weak, commutative",
    );
}
