//! The chunk-store seam of the ensemble and exit-time drivers
//! (`ensemble/chunk_store.rs`, proofs-notes/resumable-runs.md): a run
//! through a store gives bitwise the result of the plain run, however many
//! of its blocks were loaded instead of computed and for any thread count;
//! the store sees every chunk finish exactly once; a store that cannot save
//! stops the run with a typed error naming the block.

use std::ops::Range;

use sgdpde_landscape::Quadratic;
use sgdpde_landscape::empirical::{Dataset, LeastSquares};
use sgdpde_sde::sgd::{BatchSampling, LearningRate, Sgd};
use sgdpde_sde::{
    BoxDomain, ChunkStore, Ensemble, EulerMaruyama, ExitChunk, ExitTimes, GradientDrift, Interval,
    IsotropicNoise, MemoryStore, Moments, SdeError, SdeModel, StoreError, Temperature,
};

fn ou(dim: usize) -> SdeModel<GradientDrift<Quadratic>, IsotropicNoise> {
    let h: Vec<f64> = (1..=dim).map(|i| i as f64).collect();
    SdeModel::langevin(
        Quadratic::diagonal(&h, vec![0.0; dim]).unwrap(),
        Temperature::epsilon(0.5).unwrap(),
    )
    .unwrap()
}

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
}

/// Every chunk reported once: the sorted report is `0..n`.
fn each_chunk_once<A>(store: &MemoryStore<A>, n: u64) {
    let mut done = store.take_done();
    done.sort_unstable();
    assert_eq!(done, (0..n).collect::<Vec<_>>());
}

#[test]
fn an_ensemble_through_a_store_is_bitwise_the_plain_run_when_resumed() {
    let sde = ou(2);
    let e = Ensemble::new(2_000, 0.01, 0.5, 11)
        .unwrap()
        .with_chunk_size(64)
        .unwrap();
    let red = Moments::new(2);
    let x0 = [1.0, -0.5];
    let plain = e.run(&sde, &EulerMaruyama, &x0, &red).unwrap();
    let store = MemoryStore::new(5);
    let first = pool(2).install(|| e.run_stored(&sde, &EulerMaruyama, &x0, &red, &store));
    assert_eq!(first.unwrap(), plain);
    let n = e.chunk_count();
    assert_eq!(store.blocks().len() as u64, n.div_ceil(5));
    each_chunk_once(&store, n);
    // Forget one block (a run killed before saving it), resume on one thread.
    assert!(store.remove(5..10));
    let resumed = pool(1).install(|| e.run_stored(&sde, &EulerMaruyama, &x0, &red, &store));
    assert_eq!(resumed.unwrap(), plain);
    assert_eq!(store.loaded(), n.div_ceil(5) - 1);
    each_chunk_once(&store, n);
}

#[test]
fn exit_times_through_a_store_are_bitwise_the_plain_run_in_every_mode() {
    // d = 1 takes the fixed-dimension fast path, d = 4 the generic loop.
    for dim in [1, 4] {
        let sde = ou(dim);
        let domain = BoxDomain::new(vec![-1.0; dim], vec![1.0; dim]).unwrap();
        let x0 = vec![0.2; dim];
        let run = ExitTimes::new(600, 0.01, 4.0, 3)
            .unwrap()
            .with_chunk_size(50)
            .unwrap();
        let n = run.chunk_count();
        let plain = run.run(&sde, &EulerMaruyama, &x0, &domain).unwrap();
        let bridged = run.run_bridged(&sde, &EulerMaruyama, &x0, &domain).unwrap();
        let paired = run
            .run_discrete_and_bridged(&sde, &EulerMaruyama, &x0, &domain)
            .unwrap();
        assert_eq!(paired, (plain.clone(), bridged.clone()));

        let store = MemoryStore::new(4);
        let got = run.run_stored(&sde, &EulerMaruyama, &x0, &domain, &store);
        assert_eq!(got.unwrap(), plain, "d = {dim}");
        each_chunk_once(&store, n);
        assert!(store.remove(0..4));
        let again = pool(1).install(|| run.run_stored(&sde, &EulerMaruyama, &x0, &domain, &store));
        assert_eq!(again.unwrap(), plain, "d = {dim}, resumed");
        assert_eq!(store.loaded(), n.div_ceil(4) - 1);

        let store = MemoryStore::new(3);
        let got = run.run_bridged_stored(&sde, &EulerMaruyama, &x0, &domain, &store);
        assert_eq!(got.unwrap(), bridged, "d = {dim}, bridged");
        let store = MemoryStore::new(3);
        let got = run.run_discrete_and_bridged_stored(&sde, &EulerMaruyama, &x0, &domain, &store);
        assert_eq!(got.unwrap(), paired, "d = {dim}, paired");
        // The bridge switched at run time (one compiled loop) gives either.
        for (on, want) in [(false, &plain), (true, &bridged)] {
            let store = MemoryStore::new(3);
            let got = run.run_monitored_stored(&sde, &EulerMaruyama, &x0, &domain, on, &store);
            assert_eq!(&got.unwrap(), want, "d = {dim}, bridge {on}");
            each_chunk_once(&store, n);
        }
        // Chunk ranges computed separately concatenate to the whole run.
        let mut parts = run
            .run_chunks(&sde, &EulerMaruyama, &x0, &domain, 0..3)
            .unwrap();
        parts.extend(
            run.run_chunks(&sde, &EulerMaruyama, &x0, &domain, 3..n)
                .unwrap(),
        );
        assert_eq!(run.merge_chunks(parts), plain);
    }
}

#[test]
fn sgd_through_a_store_is_bitwise_the_plain_run() {
    let data = Dataset::new(
        "line",
        vec![1.0, 2.0, 3.0, 4.0],
        1,
        vec![1.1, 1.9, 3.2, 3.9],
    )
    .unwrap();
    let ls = LeastSquares::new(data);
    let sgd = Sgd::new(
        &ls,
        2,
        BatchSampling::WithoutReplacement,
        LearningRate::constant(0.05).unwrap(),
    )
    .unwrap();
    let e = Ensemble::new(500, 0.05, 2.0, 9)
        .unwrap()
        .with_chunk_size(40)
        .unwrap();
    let red = Moments::new(1);
    let plain = e.run_sgd(&sgd, &[0.0], &red).unwrap();
    let store = MemoryStore::new(2);
    assert_eq!(e.run_sgd_stored(&sgd, &[0.0], &red, &store).unwrap(), plain);
    each_chunk_once(&store, e.chunk_count());
    assert!(store.remove(2..4));
    assert_eq!(e.run_sgd_stored(&sgd, &[0.0], &red, &store).unwrap(), plain);
    each_chunk_once(&store, e.chunk_count());

    let run = ExitTimes::new(300, 0.05, 5.0, 2)
        .unwrap()
        .with_chunk_size(32)
        .unwrap();
    let iv = Interval::new(-0.5, 0.9).unwrap();
    let plain = run.run_sgd(&sgd, &[0.0], &iv).unwrap();
    let store = MemoryStore::new(3);
    assert_eq!(
        run.run_sgd_stored(&sgd, &[0.0], &iv, &store).unwrap(),
        plain
    );
    assert!(store.remove(3..6));
    assert_eq!(
        run.run_sgd_stored(&sgd, &[0.0], &iv, &store).unwrap(),
        plain
    );
    assert_eq!(store.loaded(), run.chunk_count().div_ceil(3) - 1);
}

/// A store whose disk is full: every save fails.
struct FullDisk;

impl ChunkStore<ExitChunk> for FullDisk {
    fn chunks_per_block(&self) -> u64 {
        2
    }
    fn load(&self, _: Range<u64>) -> Option<Vec<ExitChunk>> {
        None
    }
    fn save(&self, _: Range<u64>, _: &[ExitChunk]) -> Result<(), StoreError> {
        Err(std::io::Error::new(std::io::ErrorKind::StorageFull, "no space left").into())
    }
}

#[test]
fn a_store_that_cannot_save_stops_the_run_with_a_typed_error_naming_the_block() {
    let sde = ou(1);
    let run = ExitTimes::new(100, 0.01, 1.0, 1)
        .unwrap()
        .with_chunk_size(10)
        .unwrap();
    let iv = Interval::new(-1.0, 1.0).unwrap();
    let err = run
        .run_stored(&sde, &EulerMaruyama, &[0.0], &iv, &FullDisk)
        .unwrap_err();
    match &err {
        SdeError::ChunkStore {
            first_chunk,
            end_chunk,
            message,
        } => {
            assert_eq!((*first_chunk, *end_chunk), (0, 2));
            assert!(message.contains("no space left"), "{message}");
        }
        other => panic!("expected a chunk-store error, got {other:?}"),
    }
    assert!(err.to_string().contains("chunks 0..2"), "{err}");
}
