//! Runs: the rankings of a set of topics, as Lupa returns them, and their TREC lines.

use crate::topics::Topic;
use lupa_core::{Error, Index, SearchOptions};
use serde::Serialize;
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::io::{self, Write};

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

#[cfg(test)]
mod tests {
    use crate::evaluate;
    use crate::testing::{assert_scores, qrels, run};

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
