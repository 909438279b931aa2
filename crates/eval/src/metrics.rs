//! The measures, as `trec_eval` defines them (see the crate documentation), of one
//! ranking and their means over a run.

use crate::qrels::Qrels;
use crate::run::{Ranked, Run};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};

/// Extensions dropped from a ranked identifier when it is matched against judgments.
pub const MATCHED_EXTENSIONS: [&str; 4] = [".txt", ".md", ".html", ".htm"];

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

/// Scores `run` against `qrels`; see the crate documentation for the definitions.
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
    use crate::testing::{assert_scores, qrels, run};

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
}
