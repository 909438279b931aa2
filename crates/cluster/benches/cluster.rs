//! The cluster beside local Lupa on one collection: push throughput, query latency and
//! the rankings, on 1 and on 3 nodes started here (`docs/CLUSTER.md`).
//!
//! ```text
//! LUPA_BENCH_INDEX=/tmp/eval/squad/index LUPA_BENCH_QUERIES=/tmp/eval/squad/accented.tsv \
//!   LUPA_BENCH_RUNS=/tmp/cluster-runs cargo bench -p lupa-cluster --bench cluster
//! ```
//!
//! `LUPA_BENCH_INDEX` is a Lupa index (`lupa index FOLDER --index PATH`), and
//! `LUPA_BENCH_QUERIES` a `qid<TAB>query` file; `cargo xtask prepare-eval squad --out
//! DIR` makes both of SQuAD-es (`DIR/docs` to index, `DIR/accented.tsv`). The top 10 of
//! every question are written to `LUPA_BENCH_RUNS` as `qid<TAB>rank<TAB>doc` runs
//! (`local.tsv`, `nodes1.tsv`, `nodes3.tsv`); with `LUPA_BENCH_QRELS` (`qid<TAB>doc[,doc…]`,
//! `DIR/qrels.tsv`) each run's MRR@10 is printed beside its latency. Without the variables
//! it says what it needs and does nothing.

use lupa::{Index, SearchOptions};
use lupa_cluster::local::LocalCluster;
use lupa_cluster::{Cluster, PushOptions};
use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let (Some(index), Some(queries)) = (
        std::env::var_os("LUPA_BENCH_INDEX"),
        std::env::var_os("LUPA_BENCH_QUERIES"),
    ) else {
        eprintln!(
            "cluster bench: set LUPA_BENCH_INDEX (a Lupa index) and LUPA_BENCH_QUERIES \
             (qid<TAB>query lines); see the top of benches/cluster.rs"
        );
        return;
    };
    if lupa_cluster::local::searchd().is_none() {
        eprintln!("cluster bench: no searchd (apt-get install sphinxsearch)");
        return;
    }
    let runs = PathBuf::from(std::env::var_os("LUPA_BENCH_RUNS").unwrap_or("cluster-runs".into()));
    std::fs::create_dir_all(&runs).expect("the runs folder");
    let index = Index::open(PathBuf::from(index).as_path()).expect("the index opens");
    let text = std::fs::read_to_string(PathBuf::from(queries)).expect("the queries");
    let questions: Vec<(&str, &str)> = text.lines().filter_map(|l| l.split_once('\t')).collect();
    let options = SearchOptions {
        snippet_chars: 0,
        ..SearchOptions::default()
    };
    let qrels = std::env::var_os("LUPA_BENCH_QRELS")
        .map(|path| std::fs::read_to_string(PathBuf::from(path)).expect("the qrels"));
    let qrels: HashMap<&str, Vec<&str>> = qrels
        .as_deref()
        .unwrap_or("")
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(q, docs)| (q, docs.split(',').collect()))
        .collect();
    let passages = index.snapshot().passages();
    println!("{passages} passages, {} questions", questions.len());
    let local = run(&questions, |q| index.search(q, &options).ok());
    let started = Instant::now();
    let texts: Vec<&str> = questions.iter().map(|(_, q)| *q).collect();
    let mut answered = 0;
    index.search_batch(&texts, &options, 0, |_, results| {
        answered += usize::from(results.is_ok());
        true
    });
    println!(
        "local Lupa: {:.0} questions/s on every core (search_batch, {answered} answered)",
        questions.len() as f64 / started.elapsed().as_secs_f64(),
    );
    report(
        "local Lupa",
        &questions,
        &qrels,
        &local,
        &runs.join("local.tsv"),
    );
    let mut tops = Vec::new();
    let shards: Vec<usize> = std::env::var("LUPA_BENCH_SHARDS")
        .unwrap_or("1,3".into())
        .split(',')
        .map(|n| {
            n.trim()
                .parse()
                .expect("LUPA_BENCH_SHARDS: node counts, e.g. 1,3")
        })
        .collect();
    for shards in shards {
        let tmp = tempfile::tempdir().expect("a temporary folder");
        let mut nodes = LocalCluster::start(tmp.path(), shards, 1).expect("searchd starts");
        let cluster = Cluster::new(nodes.address()).with_vocabulary(index.clone());
        let started = Instant::now();
        cluster
            .push(&index, &PushOptions::default())
            .expect("the push");
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "{shards} node(s): push {seconds:.1} s, {:.0} passages/s",
            passages as f64 / seconds
        );
        nodes.load_statistics(&index).expect("statistics");
        let timed = run(&questions, |q| cluster.search(q, &options).ok());
        report(
            &format!("{shards} node(s)"),
            &questions,
            &qrels,
            &timed,
            &runs.join(format!("nodes{shards}.tsv")),
        );
        let clients = 4;
        let started = Instant::now();
        std::thread::scope(|scope| {
            for c in 0..clients {
                let (cluster, options, questions) = (&cluster, &options, &questions);
                scope.spawn(move || {
                    for (_, q) in questions.iter().skip(c).step_by(clients) {
                        let _ = cluster.search(q, options);
                    }
                });
            }
        });
        println!(
            "{shards} node(s): {:.0} questions/s from {clients} clients at once",
            questions.len() as f64 / started.elapsed().as_secs_f64()
        );
        tops.push(timed.into_iter().map(|(_, ids)| ids).collect::<Vec<_>>());
    }
    if let [one, three] = &tops[..] {
        let same = one
            .iter()
            .zip(three)
            .take(500)
            .filter(|(a, b)| a == b)
            .count();
        println!("first 500 questions: same top 10 in the same order on both for {same}");
    }
}

/// Each question's time and top 10.
fn run(
    questions: &[(&str, &str)],
    search: impl Fn(&str) -> Option<lupa::SearchResults>,
) -> Vec<(f64, Vec<String>)> {
    questions
        .iter()
        .map(|(_, q)| {
            let started = Instant::now();
            let ids = search(q)
                .map(|r| r.hits.into_iter().map(|h| h.id).collect())
                .unwrap_or_default();
            (started.elapsed().as_secs_f64() * 1000.0, ids)
        })
        .collect()
}

fn report(
    name: &str,
    questions: &[(&str, &str)],
    qrels: &HashMap<&str, Vec<&str>>,
    timed: &[(f64, Vec<String>)],
    path: &std::path::Path,
) {
    let mut ms: Vec<f64> = timed.iter().map(|(t, _)| *t).collect();
    ms.sort_by(f64::total_cmp);
    let at = |p: f64| ms[((ms.len() as f64 * p) as usize).min(ms.len() - 1)];
    let mrr = if qrels.is_empty() {
        String::new()
    } else {
        let reciprocal: f64 = questions
            .iter()
            .zip(timed)
            .map(|((qid, _), (_, ids))| {
                let relevant = qrels.get(qid).map(Vec::as_slice).unwrap_or_default();
                ids.iter()
                    .take(10)
                    .position(|id| relevant.contains(&id.as_str()))
                    .map_or(0.0, |rank| 1.0 / (rank + 1) as f64)
            })
            .sum();
        format!(", MRR@10 {:.4}", reciprocal / questions.len() as f64)
    };
    println!(
        "{name}: p50 {:.2} ms, p99 {:.2} ms, one thread{mrr}",
        at(0.5),
        at(0.99)
    );
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("a run file"));
    for ((qid, _), (_, ids)) in questions.iter().zip(timed) {
        for (rank, id) in ids.iter().enumerate() {
            writeln!(out, "{qid}\t{}\t{id}", rank + 1).expect("a run line");
        }
    }
}
