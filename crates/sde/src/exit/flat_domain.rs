//! [`FlatDomain`]: any of the flat-boundary domains, chosen at run time.

use super::domain::{Ball, BoxDomain, Domain, FlatBoundary, HalfSpace, Interval};

/// One of the built-in [`FlatBoundary`] domains, chosen at run time (from a
/// command line or a config file).
///
/// Every exit-time loop is monomorphised over its domain type; a program
/// that offers all four shapes for every landscape and integrator would
/// compile four copies of each loop. This enum is one type: it forwards each
/// call to its variant with one `match` (on a discriminant that is constant
/// over a run, so the branch is always predicted) and gives the **same
/// results, bit for bit**, as the variant's own type, and keeps its
/// [`FlatBoundary::constant_normals`] saving (the bridge test's `a_n` is
/// computed once per flat piece for constant noise). Measured with the CLI
/// (dev profile, W2-like double-well exit at ε = 0.25, 2·10⁴ paths): see
/// `proofs-notes/exit-fast-path.md` §5.
///
/// # Examples
/// ```
/// use sgdpde_sde::{Domain, FlatDomain, Interval};
/// let d = FlatDomain::from(Interval::new(f64::NEG_INFINITY, 0.0)?);
/// assert_eq!(d.exit_boundary(&[0.5]), Some(1));
/// # Ok::<(), sgdpde_sde::SdeError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum FlatDomain {
    /// An interval or half-line.
    Interval(Interval),
    /// A half-space.
    HalfSpace(HalfSpace),
    /// An axis-aligned box.
    Box(BoxDomain),
    /// A Euclidean ball.
    Ball(Ball),
}

macro_rules! each {
    ($self:expr, $d:ident => $e:expr) => {
        match $self {
            FlatDomain::Interval($d) => $e,
            FlatDomain::HalfSpace($d) => $e,
            FlatDomain::Box($d) => $e,
            FlatDomain::Ball($d) => $e,
        }
    };
}

impl FlatDomain {
    /// The variant's gauge about `x0` (0 at `x0`, 1 on the boundary):
    /// [`Interval::gauge`], [`HalfSpace::gauge`], [`BoxDomain::gauge`],
    /// [`Ball::gauge`].
    #[inline]
    pub fn gauge(&self, x0: &[f64], x: &[f64]) -> f64 {
        match self {
            FlatDomain::Interval(d) => d.gauge(x0[0], x[0]),
            FlatDomain::HalfSpace(d) => d.gauge(x0, x),
            FlatDomain::Box(d) => d.gauge(x0, x),
            FlatDomain::Ball(d) => d.gauge(x0, x),
        }
    }
}

impl Domain for FlatDomain {
    fn dim(&self) -> usize {
        each!(self, d => d.dim())
    }
    #[inline]
    fn exit_boundary(&self, x: &[f64]) -> Option<usize> {
        each!(self, d => d.exit_boundary(x))
    }
}

impl FlatBoundary for FlatDomain {
    #[inline]
    fn constant_normals(&self) -> bool {
        each!(self, d => d.constant_normals())
    }
    #[inline]
    fn boundary_distance(&self, x: &[f64]) -> (f64, usize) {
        each!(self, d => d.boundary_distance(x))
    }
    #[inline]
    fn outward_normal_into(&self, x: &[f64], boundary: usize, n: &mut [f64]) {
        each!(self, d => d.outward_normal_into(x, boundary, n))
    }
}

impl From<Interval> for FlatDomain {
    fn from(d: Interval) -> Self {
        Self::Interval(d)
    }
}
impl From<HalfSpace> for FlatDomain {
    fn from(d: HalfSpace) -> Self {
        Self::HalfSpace(d)
    }
}
impl From<BoxDomain> for FlatDomain {
    fn from(d: BoxDomain) -> Self {
        Self::Box(d)
    }
}
impl From<Ball> for FlatDomain {
    fn from(d: Ball) -> Self {
        Self::Ball(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exit::driver::ExitTimes;
    use crate::exit::outcome::tests::bits;
    use crate::{
        Drift, EulerMaruyama, FnDrift, IsotropicNoise, KloedenPlaten15, Sde, SdeModel, Temperature,
    };

    /// Discrete, bridged and paired runs in `FlatDomain::from(domain)` equal
    /// the runs in `domain` itself, bit for bit (both code paths: the fast
    /// one for d ≤ 3, the generic one above).
    fn assert_same<S: Sde, D: FlatBoundary + Clone + Into<FlatDomain>>(
        sde: &S,
        x0: &[f64],
        domain: &D,
    ) {
        let run = ExitTimes::new(40, 1e-2, 1.0, 5)
            .unwrap()
            .with_chunk_size(7)
            .unwrap();
        let flat: FlatDomain = domain.clone().into();
        let em = EulerMaruyama;
        let a = run.run(sde, &em, x0, domain).unwrap();
        assert_eq!(bits(&a), bits(&run.run(sde, &em, x0, &flat).unwrap()));
        assert!(a.exited() > 0 && a.censored() > 0, "both outcomes occur");
        let b = run.run_bridged(sde, &em, x0, domain).unwrap();
        assert_eq!(
            bits(&b),
            bits(&run.run_bridged(sde, &em, x0, &flat).unwrap())
        );
        assert_ne!(bits(&a), bits(&b), "the bridge fires");
        let (p, q) = run.run_discrete_and_bridged(sde, &em, x0, domain).unwrap();
        let (fp, fq) = run.run_discrete_and_bridged(sde, &em, x0, &flat).unwrap();
        assert_eq!((bits(&p), bits(&q)), (bits(&fp), bits(&fq)));
        let kp = KloedenPlaten15::for_sde(sde).unwrap();
        let k = run.run_bridged(sde, &kp, x0, domain).unwrap();
        assert_eq!(
            bits(&k),
            bits(&run.run_bridged(sde, &kp, x0, &flat).unwrap())
        );
    }

    /// OU drift `−x` with isotropic noise (ε = 0.64): constant noise, so the
    /// flat shapes take the cached-`a_n` branch (a ball does not).
    fn ou(n: usize) -> SdeModel<impl Drift, IsotropicNoise> {
        let drift = FnDrift::new(n, |_t: f64, x: &[f64], out: &mut [f64]| {
            for (o, x) in out.iter_mut().zip(x) {
                *o = -x;
            }
        })
        .unwrap();
        let noise = IsotropicNoise::new(n, Temperature::epsilon(0.64).unwrap()).unwrap();
        SdeModel::new(drift, noise).unwrap()
    }

    #[test]
    fn every_shape_gives_its_own_results_bitwise() {
        assert_same(&ou(1), &[0.1], &Interval::new(-0.6, 0.5).unwrap());
        assert_same(
            &ou(1),
            &[0.1],
            &Interval::new(f64::NEG_INFINITY, 0.5).unwrap(),
        );
        let hs = HalfSpace::new(vec![1.0, 0.5], 0.4).unwrap();
        assert_same(&ou(2), &[0.0, 0.1], &hs);
        assert_same(
            &ou(3),
            &[0.0; 3],
            &BoxDomain::new(vec![-0.7; 3], vec![0.6; 3]).unwrap(),
        );
        assert_same(&ou(3), &[0.0; 3], &Ball::new(vec![0.1; 3], 0.7).unwrap());
        // d = 5: the generic loop.
        assert_same(
            &ou(5),
            &[0.0; 5],
            &BoxDomain::new(vec![-0.8; 5], vec![0.8; 5]).unwrap(),
        );
        assert_same(&ou(5), &[0.0; 5], &Ball::new(vec![0.0; 5], 0.9).unwrap());
    }

    #[test]
    fn forwards_dim_and_geometry() {
        let ball = Ball::new(vec![1.0, 1.0], 2.0).unwrap();
        let flat = FlatDomain::from(ball.clone());
        assert_eq!(flat.dim(), 2);
        assert_eq!(flat.boundary_distance(&[1.0, 2.0]), (1.0, 0));
        let (mut n, mut m) = ([0.0; 2], [0.0; 2]);
        flat.outward_normal_into(&[1.0, 2.0], 0, &mut n);
        ball.outward_normal_into(&[1.0, 2.0], 0, &mut m);
        assert_eq!(n, m);
        assert_eq!(flat.exit_boundary(&[3.0, 1.0]), Some(0));
        assert!(!flat.constant_normals());
        assert!(FlatDomain::from(Interval::new(0.0, 1.0).unwrap()).constant_normals());
    }
}
