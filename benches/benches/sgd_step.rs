//! One step of discrete minibatch SGD on real data: least squares on the
//! diabetes data (442 × 10) and logistic regression on iris versicolor vs
//! virginica (100 × 4), batch sizes 10 and 32, sampling with replacement.
//! A step is: draw the batch, average the per-sample gradients, update.
//! Each iteration runs `STEPS` steps from the same start (throughput in
//! steps per second).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sgdpde_landscape::empirical::{
    EmpiricalRisk, LeastSquares, LogisticRegression,
    datasets::{diabetes, iris_versicolor_virginica},
};
use sgdpde_sde::path_rng;
use sgdpde_sde::sgd::{BatchSampling, LearningRate, Sgd};

const STEPS: u64 = 100;
const TAU: f64 = 0.01;

fn steps<E: EmpiricalRisk>(c: &mut Criterion, name: &str, risk: E) {
    let mut g = c.benchmark_group(format!("sgd_step/{name}"));
    g.throughput(Throughput::Elements(STEPS));
    for batch in [10, 32] {
        let sgd = Sgd::new(
            &risk,
            batch,
            BatchSampling::WithReplacement,
            LearningRate::constant(TAU).expect("valid"),
        )
        .expect("valid SGD");
        let mut ws = sgd.workspace();
        let mut x = vec![0.0; sgd.dim()];
        g.bench_function(format!("batch_{batch}"), |b| {
            b.iter(|| {
                let mut rng = path_rng(1, 0);
                sgd.start_path(&mut ws);
                x.iter_mut().for_each(|v| *v = 0.0);
                for k in 0..STEPS {
                    sgd.step(&mut ws, &mut rng, k, &mut x);
                }
                black_box(&x);
            })
        });
    }
    g.finish();
}

fn bench(c: &mut Criterion) {
    steps(c, "diabetes_least_squares", LeastSquares::new(diabetes()));
    let logistic = LogisticRegression::new(iris_versicolor_virginica()).expect("binary data");
    steps(c, "iris_logistic", logistic);
}

criterion_group!(benches, bench);
criterion_main!(benches);
