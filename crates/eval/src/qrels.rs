//! Relevance judgments (qrels): for each query, the judged documents and their
//! grades, read from TREC lines or tab-separated pairs.

use crate::error::{Error, Result};
use crate::lines::{data_lines, read};
use std::collections::BTreeMap;
use std::path::Path;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::qrels;

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
}
