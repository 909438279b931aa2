//! Lupa on real `searchd` processes started here, on loopback ports: local search and
//! the cluster give the same hits, on one node and on three.

use lupa::{Index, SearchOptions, SyncOptions};
use lupa_cluster::local::LocalCluster;
use lupa_cluster::{Cluster, PushOptions};
use std::path::Path;

/// The searches compared; they exercise each part of the query language.
const QUERIES: &[&str] = &[
    "retirar tropas",
    "retirada de las tropas",
    "\"fin de las misiones\"",
    "asesoria",
    "ACCIÓN",
    "año",
    "EE.UU.",
    "Irak",
    "Iraq",
    "kaz*",
    "Kazemy~1",
    "title:irak",
    "irak NOT siria",
    "NOT irak",
    "+irak tropas",
    "irak OR siria",
    "irak AND tropas",
    "¡NO a la guerra!",
    "Estado Islámico",
];

fn local_index(dir: &Path) -> Index {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
    let index = Index::create(&dir.join("index")).unwrap();
    index
        .sync(&data, &SyncOptions::default(), &mut |_| {})
        .unwrap();
    index
}

fn ids(results: &lupa::SearchResults) -> Vec<String> {
    results.hits.iter().map(|h| h.id.clone()).collect()
}

/// The hits of every query, in order, with their totals.
fn run(search: impl Fn(&str) -> lupa::SearchResults) -> Vec<(Vec<String>, usize)> {
    QUERIES
        .iter()
        .map(|q| {
            let results = search(q);
            (ids(&results), results.total)
        })
        .collect()
}

/// Pushes the sample articles to `shards` nodes: the cluster's hits for every query.
fn cluster_hits(shards: usize) -> Vec<(Vec<String>, usize)> {
    let tmp = tempfile::tempdir().unwrap();
    let index = local_index(tmp.path());
    let mut nodes = LocalCluster::start(&tmp.path().join("cluster"), shards, 1).unwrap();
    let cluster = Cluster::new(nodes.address()).with_vocabulary(index.clone());
    let report = cluster.push(&index, &PushOptions::default()).unwrap();
    assert_eq!(report.written as u64, report.passages);
    nodes.load_statistics(&index).unwrap();
    let options = SearchOptions::default();
    let hits = run(|q| cluster.search(q, &options).unwrap());
    // Locally, the same documents match, as many in all (the order of close scores
    // may differ: the cluster ranks with Sphinx's BM25F).
    let local = run(|q| index.search(q, &options).unwrap());
    for ((q, (c, c_total)), (l, l_total)) in QUERIES.iter().zip(&hits).zip(&local) {
        let (mut c, mut l) = (c.clone(), l.clone());
        c.sort();
        l.sort();
        assert_eq!((c, c_total), (l, l_total), "{q}");
    }
    hits
}

#[test]
fn one_and_three_nodes_give_the_local_hits_in_the_same_order() {
    if !lupa_cluster::local::searchd_for_test() {
        return;
    }
    let one = cluster_hits(1);
    let three = cluster_hits(3);
    for ((q, a), b) in QUERIES.iter().zip(&one).zip(&three) {
        assert_eq!(a, b, "{q}");
    }
}

/// The sample articles, and each of their lines twice as articles of their own: a
/// few hundred documents, so that a push takes many batches.
fn many_articles(dir: &Path) -> Index {
    let index = local_index(dir);
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
    let mut writer = index.writer().unwrap();
    let mut files: Vec<_> = std::fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let mut seen = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let name = file.file_stem().unwrap().to_string_lossy().to_string();
        let paragraphs = text.lines().filter(|p| p.trim().len() > 40);
        for (n, paragraph) in paragraphs.enumerate().flat_map(|p| [p, p]) {
            seen += 1;
            let id = format!("parrafos/{name}-{n}-{seen}.txt");
            writer
                .add(&lupa::NewDocument {
                    id: id.clone(),
                    file: id,
                    title: format!("{name} {n}"),
                    body: paragraph.to_string(),
                    hash: n as u64,
                    ..Default::default()
                })
                .unwrap();
        }
    }
    writer.commit(&Default::default()).unwrap();
    index.reload().unwrap();
    index
}

#[test]
fn a_push_killed_half_way_resumes_and_queries_survive_a_dead_mirror() {
    if !lupa_cluster::local::searchd_for_test() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let index = many_articles(tmp.path());
    let passages = index.snapshot().passages();
    assert!(passages > 200, "{passages}");
    // Two shards, each on two mirrors: nodes 0 and 1 hold shard 0, 2 and 3 shard 1.
    let mut nodes = LocalCluster::start(&tmp.path().join("cluster"), 2, 2).unwrap();
    let address = nodes.address();
    let small = PushOptions {
        batch_bytes: 2048,
        ..PushOptions::default()
    };
    let pushing = {
        let (index, address, small) = (index.clone(), address.clone(), small.clone());
        std::thread::spawn(move || lupa_cluster::push(&index, &address, &small))
    };
    let cluster = Cluster::new(address.clone()).with_vocabulary(index.clone());
    // Kill node 0 once it holds some of its shard but not all.
    let killed_at = loop {
        let held = cluster.stored()[0].1.unwrap_or(0);
        if held > 0 {
            nodes.kill(0);
            break held;
        }
        std::thread::sleep(std::time::Duration::from_millis(1));
    };
    let first = pushing.join().unwrap();
    let err = first.expect_err("the push goes on after its node died");
    assert!(
        err.to_string().contains(&address.shards[0][0].to_string()),
        "{err}"
    );
    nodes.restart(0).unwrap();
    let stored = cluster.stored()[0].1.unwrap();
    assert!(
        stored >= killed_at,
        "batches written before the kill are kept: {stored} < {killed_at}"
    );
    let second = cluster.push(&index, &PushOptions::default()).unwrap();
    assert!(second.unchanged > 0, "{second:?}");
    let counts: Vec<u64> = cluster.stored().iter().map(|(_, c)| c.unwrap()).collect();
    assert_eq!(
        counts[0], counts[1],
        "mirrors hold the same shard: {counts:?}"
    );
    assert_eq!(counts[2], counts[3], "{counts:?}");
    assert_eq!(counts[0] + counts[2], passages, "{counts:?}");
    let again = cluster.push(&index, &PushOptions::default()).unwrap();
    assert_eq!((again.written, again.deleted), (0, 0), "{again:?}");
    nodes.load_statistics(&index).unwrap();

    // Queries while a mirror dies: each answers with every hit, or fails saying so.
    let options = SearchOptions::default();
    let expected: Vec<_> = run(|q| cluster.search(q, &options).unwrap());
    let mut answered = 0;
    for round in 0..40 {
        if round == 10 {
            nodes.kill(3);
        }
        let q = QUERIES[round % QUERIES.len()];
        let started = std::time::Instant::now();
        match cluster.search(q, &options) {
            Ok(results) => {
                answered += 1;
                assert_eq!(
                    (ids(&results), results.total),
                    expected[round % QUERIES.len()],
                    "{q}"
                );
            }
            Err(e) => assert!(e.to_string().contains("127.0.0.1"), "{e}"),
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(15),
            "{q} hung"
        );
    }
    assert!(answered >= 35, "only {answered} of 40 queries answered");
}

/// The SQuAD-es sample of `tests/data/squad-es`: its paragraphs as a folder, indexed.
fn squad(dir: &Path) -> (Index, Vec<(String, String)>) {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/squad-es");
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    for line in std::fs::read_to_string(data.join("passages.tsv"))
        .unwrap()
        .lines()
    {
        let (id, text) = line.split_once('\t').unwrap();
        std::fs::write(docs.join(format!("{id}.txt")), text).unwrap();
    }
    let index = Index::create(&dir.join("index")).unwrap();
    index
        .sync(&docs, &SyncOptions::default(), &mut |_| {})
        .unwrap();
    let questions = std::fs::read_to_string(data.join("questions.tsv"))
        .unwrap()
        .lines()
        .map(|line| {
            let mut columns = line.split('\t').skip(1);
            let question = columns.next().unwrap().to_string();
            (question, format!("{}.txt", columns.next().unwrap()))
        })
        .collect();
    (index, questions)
}

#[test]
fn sharding_does_not_change_the_top_ten_of_500_squad_questions() {
    if !lupa_cluster::local::searchd_for_test() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let (index, questions) = squad(tmp.path());
    let options = SearchOptions::default();
    let mut tops = Vec::new();
    for shards in [1, 3] {
        let mut nodes =
            LocalCluster::start(&tmp.path().join(format!("cluster{shards}")), shards, 1).unwrap();
        let cluster = Cluster::new(nodes.address()).with_vocabulary(index.clone());
        cluster.push(&index, &PushOptions::default()).unwrap();
        nodes.load_statistics(&index).unwrap();
        let top: Vec<Vec<(String, f32)>> = questions
            .iter()
            .map(|(q, _)| {
                let results = cluster.search(q, &options).unwrap();
                results.hits.into_iter().map(|h| (h.id, h.score)).collect()
            })
            .collect();
        // The answering paragraph is found: the rankings compared are real ones.
        let found = questions
            .iter()
            .zip(&top)
            .filter(|((_, answer), hits)| hits.iter().any(|(id, _)| id == answer))
            .count();
        assert!(
            found >= 450,
            "{shards} node(s): {found} of 500 answers in the top 10"
        );
        tops.push(top);
    }
    for (((q, _), one), three) in questions.iter().zip(&tops[0]).zip(&tops[1]) {
        assert_eq!(one, three, "{q}");
    }
}
