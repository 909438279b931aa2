//! Relevance evaluation: run a list of queries and score the rankings against
//! relevance judgments.
//!
//! The measures follow `trec_eval`'s definitions, so figures can be compared
//! with any tool that reports them:
//!
//! | measure | `trec_eval` name | definition for one query |
//! |---|---|---|
//! | MRR@10 | `recip_rank` with `-M 10` | 1 / rank of the first relevant document among the first 10, else 0 |
//! | nDCG@10 | `ndcg_cut_10` | DCG of the first 10 over the DCG of the ideal ranking from the judgments; gain = relevance grade, discount = log2(rank + 1) |
//! | P@1 | `P_1` | 1 if the first document is relevant, else 0 |
//! | Recall@10, Recall@100 | `recall_10`, `recall_100` | relevant documents among the first k / all relevant documents |
//!
//! A document is relevant when its grade is 1 or more. Like `trec_eval`, a
//! ranking is ordered by score, highest first, and documents with equal scores by
//! identifier in *descending* byte order (`trec_eval` ignores the rank column).
//! Means are taken over every query that has at least one relevant document; a
//! query with no ranking (it failed, found nothing, or was never run) scores 0,
//! like `trec_eval -c`.
//!
//! A ranked identifier matches a judged one when both are equal, or when the
//! ranked one minus a `.txt`, `.md`, `.html` or `.htm` extension equals it, so
//! judgments that name a paragraph `p00012` match Lupa's `p00012.txt`. Each judged
//! document counts once per query, at its best rank.
//!
//! ```
//! use lupa_core::eval::{evaluate, Qrels, Ranked, Run};
//!
//! let qrels = Qrels::parse("q1\tp1\nq2 0 p7 2\n", std::path::Path::new("qrels.tsv"))?;
//! let mut run = Run::default();
//! run.results.insert("q1".into(), vec![
//!     Ranked { id: "p3.txt".into(), score: 9.0 },
//!     Ranked { id: "p1.txt".into(), score: 4.0 },
//! ]);
//! let evaluation = evaluate(&run, &qrels);
//! assert_eq!(evaluation.queries, 2); // q2 was not run: it scores 0
//! assert_eq!(evaluation.mean.mrr_at_10, 0.25); // (1/2 + 0) / 2
//! # Ok::<(), lupa_core::Error>(())
//! ```

use crate::error::{Error, Result};
use crate::index::Index;
use crate::search::SearchOptions;
use serde::Serialize;
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashSet};
use std::io::{self, Write};
use std::path::Path;

/// Extensions dropped from a ranked identifier when it is matched against judgments.
pub const MATCHED_EXTENSIONS: [&str; 4] = [".txt", ".md", ".html", ".htm"];

/// Relevance judgments: for each query, the judged documents and their grades.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Qrels {
    judgments: BTreeMap<String, BTreeMap<String, i32>>,
}

impl Qrels {
    /// Reads a judgments file; see [`Qrels::parse`] for the formats.
    pub fn from_path(path: &Path) -> Result<Qrels> {
        Qrels::parse(&read(path)?, path)
    }

    /// Parses judgments, one per line, in either format:
    ///
    /// - TREC: `qid iteration docid grade`, separated by white space; the
    ///   iteration is ignored, a grade of 1 or more is relevant and the grade is
    ///   the gain in nDCG;
    /// - pairs: `qid<TAB>docid` or `qid<TAB>doc1,doc2`, each document relevant
    ///   with grade 1.
    ///
    /// Blank lines and lines starting with `#` are skipped. When a document is
    /// judged twice for a query, the higher grade counts. `origin` names the
    /// text in errors.
    pub fn parse(text: &str, origin: &Path) -> Result<Qrels> {
        let mut qrels = Qrels::default();
        for (n, line) in data_lines(text) {
            let bad = |reason: String| Error::BadLine {
                path: origin.to_path_buf(),
                line: n,
                reason,
            };
            let by_tab: Vec<&str> = line.split('\t').map(str::trim).collect();
            let fields = if matches!(by_tab.len(), 2 | 4) {
                by_tab
            } else {
                line.split_whitespace().collect()
            };
            match fields[..] {
                [qid, docs] => {
                    for doc in docs.split(',').map(str::trim) {
                        if qid.is_empty() || doc.is_empty() {
                            return Err(bad(format!(
                                "empty query id or document id in `{}`",
                                line.trim()
                            )));
                        }
                        qrels.insert(qid, doc, 1);
                    }
                }
                [qid, _iteration, doc, grade] => {
                    let grade = grade.parse::<i32>().map_err(|_| {
                        bad(format!(
                            "the relevance grade `{grade}` is not a whole number"
                        ))
                    })?;
                    if qid.is_empty() || doc.is_empty() {
                        return Err(bad("empty query id or document id".into()));
                    }
                    qrels.insert(qid, doc, grade);
                }
                _ => {
                    return Err(bad(format!(
                        "expected `qid 0 docid grade` or `qid<TAB>docid[,docid…]`, found {} fields",
                        fields.len()
                    )))
                }
            }
        }
        Ok(qrels)
    }

    /// Records that `doc` has `grade` for `qid`, keeping the higher grade of two.
    pub fn insert(&mut self, qid: &str, doc: &str, grade: i32) {
        let entry = self
            .judgments
            .entry(qid.to_string())
            .or_default()
            .entry(doc.to_string())
            .or_insert(grade);
        *entry = (*entry).max(grade);
    }

    /// The judged documents of `qid` with their grades.
    pub fn judged(&self, qid: &str) -> Option<&BTreeMap<String, i32>> {
        self.judgments.get(qid)
    }

    /// The queries that have at least one relevant document: those evaluated.
    pub fn evaluated_queries(&self) -> impl Iterator<Item = &str> {
        self.judgments
            .iter()
            .filter(|(_, docs)| docs.values().any(|&g| g > 0))
            .map(|(qid, _)| qid.as_str())
    }

    /// How many queries have at least one relevant document.
    pub fn len(&self) -> usize {
        self.evaluated_queries().count()
    }

    /// Whether no query has a relevant document.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// One query to run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Topic {
    /// Its identifier, as in the judgments.
    pub qid: String,
    /// The query text, in Lupa's query syntax.
    pub query: String,
    /// The line it came from, from 1 (0 when it did not come from a file).
    pub line: usize,
}

/// Reads a topics file; see [`parse_topics`] for the format.
pub fn read_topics(path: &Path) -> Result<Vec<Topic>> {
    parse_topics(&read(path)?, path)
}

/// The lines of a topics or judgments file that hold data, with their 1-based numbers:
/// blank lines and lines starting with `#` are skipped.
pub fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(n, line)| (n + 1, line))
        .filter(|(_, line)| !(line.trim().is_empty() || line.starts_with('#')))
}

/// Parses `qid<TAB>query` lines. Blank lines and lines starting with `#` are
/// skipped; a line without a tab or with a query id already seen is an error.
pub fn parse_topics(text: &str, origin: &Path) -> Result<Vec<Topic>> {
    let mut topics = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (n, line) in data_lines(text) {
        let bad = |reason: String| Error::BadLine {
            path: origin.to_path_buf(),
            line: n,
            reason,
        };
        let Some((qid, query)) = line.split_once('\t') else {
            return Err(bad("expected `qid<TAB>query`: there is no tab".into()));
        };
        let qid = qid.trim();
        if qid.is_empty() {
            return Err(bad("the query id before the tab is empty".into()));
        }
        if let Some(first) = seen.insert(qid.to_string(), n) {
            return Err(bad(format!("query id `{qid}` is already on line {first}")));
        }
        topics.push(Topic {
            qid: qid.to_string(),
            query: query.trim().to_string(),
            line: n,
        });
    }
    Ok(topics)
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// One ranked document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ranked {
    /// Its identifier (for Lupa, the path relative to the indexed folder).
    pub id: String,
    /// Its score; higher is better.
    pub score: f32,
}

/// A query that could not be run.
#[derive(Debug)]
pub struct Failure {
    /// The topic.
    pub topic: Topic,
    /// Why it failed.
    pub error: Error,
}

/// The rankings of a set of queries.
#[derive(Debug, Default)]
pub struct Run {
    /// The ranked documents of each query that ran, by query id.
    pub results: BTreeMap<String, Vec<Ranked>>,
    /// The queries that failed, in topic order; they have no entry in `results`.
    pub failures: Vec<Failure>,
}

impl Run {
    /// The ranking of `qid` in the order the measures use: score, highest first,
    /// then identifier in descending byte order (as `trec_eval` sorts).
    pub fn ordered(&self, qid: &str) -> Vec<&Ranked> {
        self.results
            .get(qid)
            .map(|r| trec_order(r))
            .unwrap_or_default()
    }

    /// Writes the run in TREC format, `qid Q0 docid rank score tag`, each query's
    /// documents in the order the measures use.
    pub fn write_trec<W: Write + ?Sized>(&self, out: &mut W, tag: &str) -> io::Result<()> {
        for (qid, ranked) in &self.results {
            for (i, doc) in trec_order(ranked).into_iter().enumerate() {
                // `{}` prints the shortest text that reads back as the same f32,
                // so a reader sorting by score sees the same ties.
                writeln!(out, "{qid} Q0 {} {} {} {tag}", doc.id, i + 1, doc.score)?;
            }
        }
        Ok(())
    }
}

fn trec_order(ranked: &[Ranked]) -> Vec<&Ranked> {
    let mut ordered: Vec<&Ranked> = ranked.iter().collect();
    ordered.sort_by(|a, b| {
        b.score
            .partial_cmp(&a.score)
            .unwrap_or(Ordering::Equal)
            .then_with(|| b.id.as_bytes().cmp(a.id.as_bytes()))
    });
    ordered
}

/// Runs every topic against `index` with `options` (for Recall@100, a `limit`
/// of at least 100), on every core ([`Index::search_batch`]). Queries that fail are
/// recorded in [`Run::failures`].
pub fn run_queries(index: &Index, topics: &[Topic], options: &SearchOptions) -> Run {
    let mut run = Run::default();
    let queries: Vec<&str> = topics.iter().map(|t| t.query.as_str()).collect();
    index.search_batch(&queries, options, 0, |n, results| {
        let topic = &topics[n];
        match results {
            Ok(results) => {
                let ranked = results
                    .hits
                    .into_iter()
                    .map(|hit| Ranked {
                        id: hit.id,
                        score: hit.score,
                    })
                    .collect();
                run.results.insert(topic.qid.clone(), ranked);
            }
            Err(error) => run.failures.push(Failure {
                topic: topic.clone(),
                error,
            }),
        }
        true
    });
    run
}

/// The measures of one query, or their means over a set of queries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Scores {
    /// Reciprocal rank of the first relevant document within the first 10.
    #[serde(rename = "mrr@10")]
    pub mrr_at_10: f64,
    /// Normalized discounted cumulative gain of the first 10.
    #[serde(rename = "ndcg@10")]
    pub ndcg_at_10: f64,
    /// Precision of the first document.
    #[serde(rename = "p@1")]
    pub p_at_1: f64,
    /// Share of the relevant documents found within the first 10.
    #[serde(rename = "recall@10")]
    pub recall_at_10: f64,
    /// Share of the relevant documents found within the first 100.
    #[serde(rename = "recall@100")]
    pub recall_at_100: f64,
}

impl Scores {
    /// The names of the measures, in the order of [`Scores::values`].
    pub const NAMES: [&'static str; 5] = ["MRR@10", "nDCG@10", "P@1", "Recall@10", "Recall@100"];

    /// The measures, in the order of [`Scores::NAMES`].
    pub fn values(&self) -> [f64; 5] {
        [
            self.mrr_at_10,
            self.ndcg_at_10,
            self.p_at_1,
            self.recall_at_10,
            self.recall_at_100,
        ]
    }
}

/// The measures of one query.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueryScores {
    /// The query id.
    pub qid: String,
    /// How many documents are relevant to it.
    pub relevant: usize,
    /// How many documents its ranking holds (0 when it failed or was not run).
    pub retrieved: usize,
    /// Its measures.
    #[serde(flatten)]
    pub scores: Scores,
}

/// The outcome of [`evaluate`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    /// How many queries were evaluated: those with a relevant document.
    pub queries: usize,
    /// How many of them have no ranked document (failed, no hits, or not run).
    pub unanswered: usize,
    /// The mean of each measure over the evaluated queries (0 when there are none).
    #[serde(flatten)]
    pub mean: Scores,
    /// Each evaluated query's measures, by query id.
    #[serde(skip)]
    pub per_query: Vec<QueryScores>,
}

/// Scores `run` against `qrels`; see the module documentation for the definitions.
pub fn evaluate(run: &Run, qrels: &Qrels) -> Evaluation {
    let mut per_query = Vec::new();
    for qid in qrels.evaluated_queries() {
        let Some(judged) = qrels.judged(qid) else {
            continue;
        };
        let ranked = run.ordered(qid);
        per_query.push(QueryScores {
            qid: qid.to_string(),
            relevant: judged.values().filter(|&&g| g > 0).count(),
            retrieved: ranked.len(),
            scores: score_query(&ranked, judged),
        });
    }
    let queries = per_query.len();
    let mut sums = [0.0; 5];
    for q in &per_query {
        for (sum, value) in sums.iter_mut().zip(q.scores.values()) {
            *sum += value;
        }
    }
    let mean = |i: usize| {
        if queries == 0 {
            0.0
        } else {
            sums[i] / queries as f64
        }
    };
    Evaluation {
        queries,
        unanswered: per_query.iter().filter(|q| q.retrieved == 0).count(),
        mean: Scores {
            mrr_at_10: mean(0),
            ndcg_at_10: mean(1),
            p_at_1: mean(2),
            recall_at_10: mean(3),
            recall_at_100: mean(4),
        },
        per_query,
    }
}

/// The measures of one ranking, already in order, against its judgments.
pub fn score_query(ranked: &[&Ranked], judged: &BTreeMap<String, i32>) -> Scores {
    let relevant = judged.values().filter(|&&g| g > 0).count();
    if relevant == 0 {
        return Scores::default();
    }
    // The grade at each rank; a judged document found twice counts at its first rank.
    let mut seen = HashSet::new();
    let grades: Vec<i32> = ranked
        .iter()
        .map(|doc| match judgment(judged, &doc.id) {
            Some((key, grade)) if seen.insert(key) => grade,
            _ => 0,
        })
        .collect();
    let found_within = |k: usize| grades.iter().take(k).filter(|&&g| g > 0).count();
    let mrr_at_10 = grades
        .iter()
        .take(10)
        .position(|&g| g > 0)
        .map_or(0.0, |i| 1.0 / (i + 1) as f64);
    let dcg = |gains: &mut dyn Iterator<Item = i32>| -> f64 {
        gains
            .take(10)
            .enumerate()
            .filter(|&(_, g)| g > 0)
            // A fold from +0.0: `sum` starts at -0.0 and would print `-0.0000`.
            .fold(0.0, |dcg, (i, g)| {
                dcg + f64::from(g) / ((i + 2) as f64).log2()
            })
    };
    let mut ideal: Vec<i32> = judged.values().copied().filter(|&g| g > 0).collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let ndcg_at_10 = dcg(&mut grades.iter().copied()) / dcg(&mut ideal.into_iter());
    Scores {
        mrr_at_10,
        ndcg_at_10,
        p_at_1: if grades.first().is_some_and(|&g| g > 0) {
            1.0
        } else {
            0.0
        },
        recall_at_10: found_within(10) as f64 / relevant as f64,
        recall_at_100: found_within(100) as f64 / relevant as f64,
    }
}

/// The judged document `id` stands for, and its grade.
fn judgment<'a>(judged: &'a BTreeMap<String, i32>, id: &str) -> Option<(&'a str, i32)> {
    let exact = judged.get_key_value(id);
    let stem = || {
        MATCHED_EXTENSIONS
            .iter()
            .find_map(|ext| id.strip_suffix(ext))
            .and_then(|stem| judged.get_key_value(stem))
    };
    exact.or_else(stem).map(|(k, &g)| (k.as_str(), g))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn qrels(text: &str) -> Qrels {
        Qrels::parse(text, Path::new("qrels")).expect("qrels")
    }

    fn ranked(docs: &[(&str, f32)]) -> Vec<Ranked> {
        docs.iter()
            .map(|(id, score)| Ranked {
                id: id.to_string(),
                score: *score,
            })
            .collect()
    }

    fn run(queries: &[(&str, &[(&str, f32)])]) -> Run {
        let mut run = Run::default();
        for (qid, docs) in queries {
            run.results.insert(qid.to_string(), ranked(docs));
        }
        run
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    fn assert_scores(got: Scores, want: [f64; 5]) {
        for ((name, g), w) in Scores::NAMES.iter().zip(got.values()).zip(want) {
            assert!(close(g, w), "{name}: got {g}, want {w}");
        }
    }

    #[test]
    fn parses_trec_and_pair_formats() {
        let q = qrels(
            "# comment\n\
             q1 0 d1 1\n\
             q1\t0\td2\t0\n\
             \n\
             q2\td3\n\
             q3\td4, d5\n\
             q4 Q0 d6 3\n",
        );
        let grades = |qid: &str| {
            q.judged(qid)
                .map(|m| m.iter().map(|(d, g)| (d.as_str(), *g)).collect::<Vec<_>>())
                .unwrap_or_default()
        };
        assert_eq!(grades("q1"), [("d1", 1), ("d2", 0)]);
        assert_eq!(grades("q2"), [("d3", 1)]);
        assert_eq!(grades("q3"), [("d4", 1), ("d5", 1)]);
        assert_eq!(grades("q4"), [("d6", 3)]);
        assert_eq!(q.len(), 4);
    }

    #[test]
    fn query_with_only_non_relevant_judgments_is_not_evaluated() {
        let q = qrels("q1 0 d1 0\nq2 0 d2 1\nq3 0 d3 -1\n");
        assert_eq!(q.evaluated_queries().collect::<Vec<_>>(), ["q2"]);
    }

    #[test]
    fn duplicate_judgment_keeps_the_higher_grade() {
        let q = qrels("q1 0 d1 2\nq1 0 d1 1\nq1\td1\n");
        assert_eq!(q.judged("q1").and_then(|m| m.get("d1")), Some(&2));
    }

    #[test]
    fn bad_qrels_line_names_file_and_line() {
        for (text, reason) in [
            ("q1 0 d1 1\nq1 0 d1\n", "found 3 fields"),
            ("q1 0 d1 yes\n", "`yes` is not a whole number"),
            ("q1\t\n", "empty"),
            ("q1 0 d1 1 extra\n", "found 5 fields"),
        ] {
            let err = Qrels::parse(text, Path::new("j/qrels.txt")).unwrap_err();
            let msg = err.to_string();
            let line = text.lines().count();
            assert!(
                msg.starts_with(&format!("j/qrels.txt: line {line}: ")),
                "{msg}"
            );
            assert!(msg.contains(reason), "{msg}");
        }
    }

    #[test]
    fn topics_skip_comments_and_keep_lines() {
        let topics = parse_topics(
            "# header\n\nq1\t¿Dónde está Irak?\nq2\t \"fin de\"  \r\n",
            Path::new("t.tsv"),
        )
        .expect("topics");
        assert_eq!(
            topics,
            [
                Topic {
                    qid: "q1".into(),
                    query: "¿Dónde está Irak?".into(),
                    line: 3
                },
                Topic {
                    qid: "q2".into(),
                    query: "\"fin de\"".into(),
                    line: 4
                },
            ]
        );
    }

    #[test]
    fn bad_topics_are_errors_with_line() {
        let err = parse_topics("q1\tuno\nsin tabulador\n", Path::new("t.tsv")).unwrap_err();
        assert!(
            err.to_string().starts_with("t.tsv: line 2: expected"),
            "{err}"
        );
        let err = parse_topics("q1\tuno\nq1\tdos\n", Path::new("t.tsv")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "t.tsv: line 2: query id `q1` is already on line 1"
        );
    }

    #[test]
    fn binary_relevance_by_hand() {
        // Relevant: d1, d2, d3 (3 documents). Ranking: x, d2, y, d1; d3 not found.
        //   MRR@10     = 1/2 (first relevant at rank 2)
        //   P@1        = 0 (x is not relevant)
        //   Recall@10  = 2/3, Recall@100 = 2/3
        //   DCG@10     = 1/log2(3) + 1/log2(5) = 0.6309298 + 0.4306766 = 1.0616063
        //   IDCG@10    = 1/log2(2) + 1/log2(3) + 1/log2(4) = 1 + 0.6309298 + 0.5 = 2.1309298
        //   nDCG@10    = 1.0616063 / 2.1309298 = 0.4981893
        let q = qrels("q1\td1,d2,d3\n");
        let r = run(&[("q1", &[("x", 4.0), ("d2", 3.0), ("y", 2.0), ("d1", 1.0)])]);
        let e = evaluate(&r, &q);
        let ndcg = (1.0 / 3f64.log2() + 1.0 / 5f64.log2()) / (1.0 + 1.0 / 3f64.log2() + 0.5);
        assert!((ndcg - 0.4981893).abs() < 1e-6, "{ndcg}");
        assert_scores(e.mean, [0.5, ndcg, 0.0, 2.0 / 3.0, 2.0 / 3.0]);
    }

    #[test]
    fn graded_ndcg_uses_linear_gain_and_ideal_from_judgments() {
        // Grades: a=3, b=2, c=1, d=0 (judged, not relevant). e was never judged.
        // Ranking: c, d, a, e, b.
        //   DCG  = 1/log2(2) + 0 + 3/log2(4) + 0 + 2/log2(6)
        //        = 1 + 1.5 + 0.7737056 = 3.2737056
        //   Ideal ranking a, b, c: IDCG = 3/1 + 2/log2(3) + 1/log2(4)
        //        = 3 + 1.2618595 + 0.5 = 4.7618595
        //   nDCG@10 = 3.2737056 / 4.7618595 = 0.6874847
        //   MRR@10 = 1 (c is relevant), P@1 = 1, Recall@10 = 3/3 = 1
        let q = qrels("q 0 a 3\nq 0 b 2\nq 0 c 1\nq 0 d 0\n");
        let r = run(&[(
            "q",
            &[("c", 5.0), ("d", 4.0), ("a", 3.0), ("e", 2.0), ("b", 1.0)],
        )]);
        let e = evaluate(&r, &q);
        let ndcg = (1.0 + 3.0 / 4f64.log2() + 2.0 / 6f64.log2())
            / (3.0 + 2.0 / 3f64.log2() + 1.0 / 4f64.log2());
        assert!((ndcg - 0.6874847).abs() < 1e-6, "{ndcg}");
        assert_scores(e.mean, [1.0, ndcg, 1.0, 1.0, 1.0]);
    }

    #[test]
    fn cutoffs_at_10_and_100() {
        // Relevant: r1 at rank 11 and r2 at rank 100; 98 other documents around them.
        //   MRR@10 = 0 (nothing relevant in the first 10), P@1 = 0, nDCG@10 = 0,
        //   Recall@10 = 0, Recall@100 = 2/2 = 1.
        let mut docs: Vec<(String, f32)> = (0..100)
            .map(|i| (format!("n{i:03}"), 1000.0 - i as f32))
            .collect();
        docs[10].0 = "r1".into();
        docs[99].0 = "r2".into();
        let mut r = Run::default();
        r.results.insert(
            "q".into(),
            docs.iter()
                .map(|(id, s)| Ranked {
                    id: id.clone(),
                    score: *s,
                })
                .collect(),
        );
        let e = evaluate(&r, &qrels("q\tr1,r2\n"));
        assert_scores(e.mean, [0.0, 0.0, 0.0, 0.0, 1.0]);
    }

    #[test]
    fn ties_are_ordered_by_descending_id_whatever_the_input_order() {
        // Scores tie at 2.0 for a, b, c: trec_eval puts c, b, a (descending id).
        // Relevant: a. Order used: z(3.0), c, b, a -> first relevant at rank 4.
        //   MRR@10 = 1/4, nDCG@10 = (1/log2(5)) / 1 = 0.4306766, P@1 = 0.
        let q = qrels("q\ta\n");
        let r = run(&[("q", &[("a", 2.0), ("b", 2.0), ("z", 3.0), ("c", 2.0)])]);
        let order: Vec<&str> = r.ordered("q").iter().map(|d| d.id.as_str()).collect();
        assert_eq!(order, ["z", "c", "b", "a"]);
        let e = evaluate(&r, &q);
        assert_scores(e.mean, [0.25, 1.0 / 5f64.log2(), 0.0, 1.0, 1.0]);
    }

    #[test]
    fn missing_failed_and_empty_queries_score_zero() {
        // q1 is answered perfectly (all measures 1); q2 ran with no hits; q3 never
        // ran; q4 has no relevant document, so it is not counted; q5 ran but is not
        // judged, so it is not counted either. Means over q1, q2, q3: 1/3 each.
        let q = qrels("q1\td1\nq2\td2\nq3\td3\nq4 0 d4 0\n");
        let r = run(&[("q1", &[("d1", 1.0)]), ("q2", &[]), ("q5", &[("d1", 1.0)])]);
        let e = evaluate(&r, &q);
        assert_eq!(e.queries, 3);
        assert_eq!(e.unanswered, 2);
        let third = 1.0 / 3.0;
        assert_scores(e.mean, [third; 5]);
        let per: Vec<(&str, f64)> = e
            .per_query
            .iter()
            .map(|s| (s.qid.as_str(), s.scores.mrr_at_10))
            .collect();
        assert_eq!(per, [("q1", 1.0), ("q2", 0.0), ("q3", 0.0)]);
    }

    #[test]
    fn extensions_match_judged_stems_once() {
        // Judged: p00012 (grade 1) and notes.txt (exact, grade 1).
        // Ranking: p00012.txt, p00012.md (same judged document again: not counted),
        // notes.txt, p00013.htm.
        //   Grades by rank: 1, 0, 1, 0.
        //   MRR@10 = 1, P@1 = 1, Recall = 2/2 = 1
        //   DCG = 1 + 1/log2(4) = 1.5; IDCG = 1 + 1/log2(3) = 1.6309298
        //   nDCG@10 = 1.5 / 1.6309298 = 0.9197208
        let q = qrels("q\tp00012,notes.txt\n");
        let r = run(&[(
            "q",
            &[
                ("p00012.txt", 4.0),
                ("p00012.md", 3.0),
                ("notes.txt", 2.0),
                ("p00013.htm", 1.0),
            ],
        )]);
        let e = evaluate(&r, &q);
        let ndcg = 1.5 / (1.0 + 1.0 / 3f64.log2());
        assert!((ndcg - 0.9197208).abs() < 1e-6);
        assert_scores(e.mean, [1.0, ndcg, 1.0, 1.0, 1.0]);
        // Other extensions, and a suffix that is not an extension, do not match.
        for id in ["p00012.pdf", "p00012txt", "xp00012.txt"] {
            let r = run(&[("q", &[(id, 1.0)])]);
            assert_eq!(evaluate(&r, &q).mean.mrr_at_10, 0.0, "{id}");
        }
    }

    #[test]
    fn trec_run_is_written_in_evaluation_order() {
        let r = run(&[
            ("q2", &[("b", 1.5), ("a", 1.5)]),
            ("q1", &[("x.txt", 0.25), ("y.txt", 3.0)]),
        ]);
        let mut out = Vec::new();
        r.write_trec(&mut out, "lupa").expect("write");
        assert_eq!(
            String::from_utf8(out).expect("utf-8"),
            "q1 Q0 y.txt 1 3 lupa\nq1 Q0 x.txt 2 0.25 lupa\nq2 Q0 b 1 1.5 lupa\nq2 Q0 a 2 1.5 lupa\n"
        );
    }
}
