//! Relevance evaluation for Lupa: run a list of queries and score the rankings
//! against relevance judgments.
//!
//! The crate holds the judgments (qrels), the topics, the runs and the measures. Of
//! Lupa it uses only `lupa-core`'s index and search API ([`Index::search_batch`]
//! with [`SearchOptions`], and the ids and scores of the hits); `lupa-core` knows
//! nothing of it. The CLI's `lupa eval` and `cargo xtask relevance` are built on it.
//!
//! | file | holds | uses |
//! |---|---|---|
//! | `lines.rs` | [`data_lines`]: the lines of a topics or judgments file that hold data | nothing of Lupa's |
//! | `qrels.rs` | [`Qrels`]: TREC lines or tab-separated pairs | `lines` |
//! | `topics.rs` | [`Topic`], [`read_topics`], [`parse_topics`] | `lines` |
//! | `run.rs` | [`Run`] of [`Ranked`] documents, its TREC lines, [`run_queries`] | `topics`, `lupa-core` |
//! | `metrics.rs` | [`Scores`], [`evaluate`], [`score_query`] | `qrels`, `run` |
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
//! use lupa_eval::{evaluate, Qrels, Ranked, Run};
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
//! # Ok::<(), lupa_eval::Error>(())
//! ```
//!
//! [`Index::search_batch`]: lupa_core::Index::search_batch
//! [`SearchOptions`]: lupa_core::SearchOptions
#![warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod error;
mod lines;
mod metrics;
mod qrels;
mod run;
#[cfg(test)]
mod testing;
mod topics;

pub use error::{Error, Result};
pub use lines::data_lines;
pub use metrics::{evaluate, score_query, Evaluation, QueryScores, Scores, MATCHED_EXTENSIONS};
pub use qrels::Qrels;
pub use run::{run_queries, Failure, Ranked, Run};
pub use topics::{parse_topics, read_topics, Topic};
