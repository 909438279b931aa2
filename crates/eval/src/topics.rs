//! Topics: the queries to run, `qid<TAB>query` lines.

use crate::error::{Error, Result};
use crate::lines::{data_lines, read};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
