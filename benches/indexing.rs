//! Indexing speed on the ELTeC Spanish novels cut into ~12,500 article files:
//!
//! - `full_sync/lupa`: `Index::sync` of the folder into an empty index in a temporary folder
//!   (Spanish analyzer, stored title and body, the folded field, file metadata);
//! - `full_sync/tantivy_default`: plain tantivy on the same files, `title` and `body` with its
//!   default tokenizer, nothing stored but the file name, the same writer memory;
//! - `resync_unchanged/lupa`: a second sync of the same folder, nothing changed.
//!
//! Last, a cost breakdown: plain tantivy builds of the same files that add one piece of Lupa's
//! index at a time (tantivy-py's Snowball chain for comparison, Lupa's analyzer, the folded
//! field, stored text, the final merge), then Lupa's own full sync, interleaved.
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

use common::{Analysis, Plain};
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
    breakdown(dir);
}

/// The rows of the cost breakdown, each adding one piece towards Lupa's index.
const BREAKDOWN: &[(&str, Plain)] = &[
    (
        "tantivy, default tokenizer",
        Plain {
            analysis: Analysis::TantivyDefault,
            folded: false,
            stored: false,
            merge: false,
        },
    ),
    (
        "tantivy, Snowball chain (as tantivy-py)",
        Plain {
            analysis: Analysis::SnowballChain,
            folded: false,
            stored: false,
            merge: false,
        },
    ),
    (
        "tantivy, Lupa's analyzer",
        Plain {
            analysis: Analysis::Lupa,
            folded: false,
            stored: false,
            merge: false,
        },
    ),
    (
        "  + folded field",
        Plain {
            analysis: Analysis::Lupa,
            folded: true,
            stored: false,
            merge: false,
        },
    ),
    (
        "  + title and body stored",
        Plain {
            analysis: Analysis::Lupa,
            folded: true,
            stored: true,
            merge: false,
        },
    ),
    (
        "  + one merge at the end",
        Plain {
            analysis: Analysis::Lupa,
            folded: true,
            stored: true,
            merge: true,
        },
    ),
];

fn plain_full(dir: &Path, plain: Plain) -> Duration {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let started = Instant::now();
    common::plain_index(dir, temp.path(), plain);
    started.elapsed()
}

/// What each piece of Lupa's index costs: plain tantivy builds of the same files, adding one
/// piece at a time, then Lupa's own full sync (which also decodes and hashes every file,
/// keeps file metadata as fast fields and commits every 10,000 files), interleaved.
fn breakdown(dir: &Path) {
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); BREAKDOWN.len() + 1];
    for _ in 0..ROUNDS {
        for (i, (_, plain)) in BREAKDOWN.iter().enumerate() {
            times[i].push(plain_full(dir, *plain));
        }
        times[BREAKDOWN.len()].push(lupa_full(dir));
    }
    let medians: Vec<Duration> = times.into_iter().map(median).collect();
    let chain = medians[1].as_secs_f64();
    println!(
        "
what each piece costs, median of {ROUNDS} interleaved rounds (ratio to the Snowball chain):"
    );
    let names = BREAKDOWN
        .iter()
        .map(|(name, _)| *name)
        .chain(["Lupa full sync"]);
    for (name, took) in names.zip(&medians) {
        println!(
            "  {name:<42} {:8.0} ms  {:5.2}",
            common::ms(*took),
            took.as_secs_f64() / chain
        );
    }
}

criterion_group!(benches, indexing);
criterion_main!(benches);
