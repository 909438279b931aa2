//! Peak memory while indexing the ELTeC Spanish novels cut into ~12,500 article files:
//! Lupa's full sync against plain tantivy with its default tokenizer on the same files (the
//! baseline of `benches/indexing.rs`: nothing stored but the file name, the same writer
//! memory).
//!
//! Peak memory is a property of a whole process, so each build runs in a process of its own:
//! the bench starts itself again once per build and round, and the child reports the peak
//! resident set size the kernel recorded for it (`VmHWM` in `/proc/self/status`, Linux only)
//! after indexing. The parent prints the median of `ROUNDS` interleaved rounds and the ratio.
//!
//! ```text
//! cargo bench -p lupa --bench memory
//! LUPA_BENCH_ELTEC_DIR=/tmp/eltec cargo bench -p lupa --bench memory   # a prepared folder
//! ```
//!
//! Data: see `benches/common/mod.rs` (ELTeC-spa, https://github.com/COST-ELTeC/ELTeC-spa).

mod common;

use lupa::{Index, SyncOptions};
use std::path::Path;
use std::process::Command;

const ROUNDS: usize = 3;
/// Set in a child: which build it runs (`lupa` or `tantivy`).
const CHILD: &str = "LUPA_BENCH_MEMORY_CHILD";

/// The process's peak resident set size in KiB, as the kernel recorded it.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// In a child: index `dir` once with `build` and print the peak.
fn child(build: &str, dir: &Path) {
    let temp = tempfile::tempdir().expect("a temporary folder");
    match build {
        "lupa" => {
            let index = Index::create(temp.path()).expect("an index");
            let report = index
                .sync(dir, &SyncOptions::default(), &mut |_| {})
                .expect("sync");
            assert!(report.added > 0, "nothing indexed from {}", dir.display());
        }
        _ => {
            common::baseline_index(dir, temp.path());
        }
    }
    let peak = peak_rss_kib().expect("VmHWM in /proc/self/status");
    println!("peak_rss_kib {peak}");
}

/// Runs this bench again as a child indexing `dir` with `build`; its peak in KiB.
fn measure(build: &str, dir: &Path) -> u64 {
    let exe = std::env::current_exe().expect("the bench's own path");
    let out = Command::new(exe)
        .env(CHILD, build)
        .env("LUPA_BENCH_ELTEC_DIR", dir)
        .output()
        .expect("the child bench process");
    assert!(
        out.status.success(),
        "the {build} child failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("peak_rss_kib "))
        .and_then(|v| v.trim().parse().ok())
        .expect("the child's peak")
}

fn median(mut values: Vec<u64>) -> u64 {
    values.sort_unstable();
    values[values.len() / 2]
}

fn main() {
    if let Ok(build) = std::env::var(CHILD) {
        let dir = std::env::var_os("LUPA_BENCH_ELTEC_DIR").expect("the folder to index");
        child(&build, Path::new(&dir));
        return;
    }
    // `cargo test --benches` runs bench targets with no `--bench` flag: do nothing then.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    if peak_rss_kib().is_none() {
        eprintln!(
            "memory bench: /proc/self/status has no VmHWM on this system; nothing to measure."
        );
        return;
    }
    let Some(corpus) = common::corpus("memory") else {
        return;
    };
    let dir = corpus.dir.as_path();
    let files = common::text_files(dir).len();
    let (mut lupa, mut tantivy) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        lupa.push(measure("lupa", dir));
        tantivy.push(measure("tantivy", dir));
    }
    let mib = |kib: u64| kib as f64 / 1024.0;
    println!(
        "\npeak memory (VmHWM) indexing {files} files, median of {ROUNDS} interleaved rounds:"
    );
    println!(
        "  lupa full sync    {:7.0} MiB   rounds {:?} KiB",
        mib(median(lupa.clone())),
        lupa
    );
    println!(
        "  tantivy default   {:7.0} MiB   rounds {:?} KiB",
        mib(median(tantivy.clone())),
        tantivy
    );
    println!(
        "  lupa / tantivy    {:7.2}",
        median(lupa) as f64 / median(tantivy) as f64
    );
}
