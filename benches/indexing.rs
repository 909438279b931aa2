//! Indexing speed on the ELTeC Spanish novels cut into ~12,500 article files:
//!
//! - `full_sync/lupa`: `Index::sync` of the folder into an empty index in a temporary folder
//!   (Spanish analyzer, stored title and body, the folded field, file metadata);
//! - `full_sync/tantivy_default`: plain tantivy on the same files, `title` and `body` with its
//!   default tokenizer, nothing stored but the file name, the same writer memory;
//! - `resync_unchanged/lupa`: a second sync of the same folder, nothing changed.
//!
//! Each iteration takes seconds, so criterion takes few samples. After criterion, the bench
//! times the three again, interleaved (`ROUNDS` rounds), and prints the medians and the
//! ratios: on a shared machine only ratios measured in the same run mean something.
//!
//! ```text
//! cargo bench -p lupa --bench indexing
//! LUPA_BENCH_ELTEC_DIR=/tmp/eltec cargo bench -p lupa --bench indexing   # a prepared folder
//! ```
//!
//! Data: see `benches/common/mod.rs` (ELTeC-spa, https://github.com/COST-ELTeC/ELTeC-spa).

mod common;

use criterion::{criterion_group, criterion_main, Criterion};
use lupa::{Index, SyncOptions};
use std::path::Path;
use std::time::{Duration, Instant};

const ROUNDS: usize = 3;

fn lupa_full(dir: &Path) -> Duration {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let started = Instant::now();
    let index = Index::create(temp.path()).expect("an index");
    let report = index
        .sync(dir, &SyncOptions::default(), &mut |_| {})
        .expect("sync");
    let took = started.elapsed();
    assert!(report.added > 0, "nothing indexed from {}", dir.display());
    took
}

fn tantivy_full(dir: &Path) -> Duration {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let started = Instant::now();
    common::baseline_index(dir, temp.path());
    started.elapsed()
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn indexing(c: &mut Criterion) {
    let Some(corpus) = common::corpus("indexing") else {
        return;
    };
    let dir = corpus.dir.as_path();
    let files = common::text_files(dir).len();

    let mut group = c.benchmark_group("full_sync");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(1));
    group.measurement_time(Duration::from_secs(30));
    group.bench_function("lupa", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| lupa_full(dir)).sum())
    });
    group.bench_function("tantivy_default", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| tantivy_full(dir)).sum())
    });
    group.finish();

    let built = tempfile::tempdir().expect("a temporary folder");
    let index = Index::create(built.path()).expect("an index");
    index
        .sync(dir, &SyncOptions::default(), &mut |_| {})
        .expect("sync");
    let resync = || {
        let started = Instant::now();
        let report = index
            .sync(dir, &SyncOptions::default(), &mut |_| {})
            .expect("sync");
        assert!(!report.changed(), "the second sync changed the index");
        started.elapsed()
    };
    let mut group = c.benchmark_group("resync_unchanged");
    group.sample_size(10);
    group.bench_function("lupa", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| resync()).sum())
    });
    group.finish();

    let (mut lupa, mut tantivy, mut again) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        lupa.push(lupa_full(dir));
        tantivy.push(tantivy_full(dir));
        again.push(resync());
    }
    let (lupa, tantivy, again) = (median(lupa), median(tantivy), median(again));
    println!("\nindexing {files} files, median of {ROUNDS} interleaved rounds:");
    println!("  lupa full sync          {:8.0} ms", common::ms(lupa));
    println!("  tantivy default         {:8.0} ms", common::ms(tantivy));
    println!(
        "  lupa / tantivy          {:8.2}",
        lupa.as_secs_f64() / tantivy.as_secs_f64()
    );
    println!("  lupa unchanged re-sync  {:8.0} ms", common::ms(again));
    println!(
        "  re-sync / full sync     {:7.1} %",
        100.0 * again.as_secs_f64() / lupa.as_secs_f64()
    );
}

criterion_group!(benches, indexing);
criterion_main!(benches);
