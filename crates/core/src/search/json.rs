//! The JSON views of search results: what `lupa search --json` prints and what
//! `lupa serve` answers, written once so the two cannot drift apart.
//!
//! Offsets in these views count characters (Unicode scalar values), as JavaScript
//! and Python programs index strings, not bytes.
//!
//! ```
//! use lupa_core::{json, Index, NewDocument, SearchOptions};
//!
//! let index = Index::create_in_ram()?;
//! let mut writer = index.writer()?;
//! writer.add(&NewDocument {
//!     id: "a.txt".into(),
//!     file: "a.txt".into(),
//!     title: "Acción".into(),
//!     body: "La acción de retirada.".into(),
//!     ..Default::default()
//! })?;
//! writer.commit(&Default::default())?;
//! let results = index.search("retirada", &SearchOptions::default())?;
//! let value = serde_json::to_value(json::Results::new(&results)).unwrap();
//! assert_eq!(value["hits"][0]["path"], "a.txt");
//! // "La acción de " is 13 characters (14 bytes).
//! assert_eq!(value["hits"][0]["highlights"][0], serde_json::json!([13, 21]));
//! # Ok::<(), lupa_core::Error>(())
//! ```

use crate::search::SearchResults;
use serde::Serialize;
use std::collections::BTreeMap;
use std::ops::Range;

/// One search's results: `query`, `total`, `hits`, `suggestion`, and, when set, `qid`
/// (batch lines) and `offset` (the HTTP API).
#[derive(Debug, Clone, Serialize)]
pub struct Results<'a> {
    /// The query's id in a batch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qid: Option<&'a str>,
    /// The query as given.
    pub query: &'a str,
    /// How many documents match in all.
    pub total: usize,
    /// How many of the best hits were skipped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<usize>,
    /// The hits, best first.
    pub hits: Vec<Hit<'a>>,
    /// A corrected query (`null` when none is offered).
    pub suggestion: Option<&'a str>,
    /// The facet counts asked for: `{"source": {"El País": 3}, "year": {"2021": 2}}`;
    /// absent when none were.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<BTreeMap<&'static str, BTreeMap<&'a str, usize>>>,
}

/// One hit.
#[derive(Debug, Clone, Serialize)]
pub struct Hit<'a> {
    /// The document's path relative to the indexed folder (its id).
    pub path: &'a str,
    /// Its title.
    pub title: &'a str,
    /// Its score (higher is better).
    pub score: f32,
    /// The best passage.
    pub snippet: &'a str,
    /// `[start, end)` character offsets of the matches in `snippet`.
    pub highlights: Vec<[usize; 2]>,
    /// Its publication date, `2021-07-26` (`null` when unknown).
    pub date: Option<String>,
    /// Whether `date` is only the day its file last changed.
    pub date_from_file: bool,
    /// Who wrote it (`null` when unknown).
    pub author: Option<&'a str>,
    /// The site or publication it appeared in (`null` when unknown).
    pub source: Option<&'a str>,
    /// Its address on the web (`null` when unknown).
    pub url: Option<&'a str>,
}

impl<'a> Results<'a> {
    /// The view of `results`, without `qid` or `offset`.
    pub fn new(results: &'a SearchResults) -> Self {
        Results {
            qid: None,
            query: &results.query,
            total: results.total,
            offset: None,
            hits: results
                .hits
                .iter()
                .map(|h| Hit {
                    path: &h.id,
                    title: &h.title,
                    score: h.score,
                    snippet: &h.snippet.text,
                    highlights: char_ranges(&h.snippet.text, &h.snippet.highlights),
                    date: h.date.map(|d| d.to_string()),
                    date_from_file: h.date_from_file,
                    author: h.author.as_deref(),
                    source: h.source.as_deref(),
                    url: h.url.as_deref(),
                })
                .collect(),
            suggestion: results.suggestion.as_deref(),
            facets: (!results.facets.is_empty()).then(|| {
                results
                    .facets
                    .iter()
                    .map(|facet| {
                        let counts = facet.counts.iter().map(|(v, n)| (v.as_str(), *n));
                        (facet.kind.name(), counts.collect())
                    })
                    .collect()
            }),
        }
    }

    /// The same, with the query's id in a batch.
    pub fn with_qid(mut self, qid: &'a str) -> Self {
        self.qid = Some(qid);
        self
    }

    /// The same, with how many hits were skipped.
    pub fn with_offset(mut self, offset: usize) -> Self {
        self.offset = Some(offset);
        self
    }
}

/// Byte ranges of `text` (on character boundaries) as `[start, end)` character offsets.
pub fn char_ranges(text: &str, ranges: &[Range<usize>]) -> Vec<[usize; 2]> {
    let mut out = Vec::with_capacity(ranges.len());
    // Ranges come in order: count characters once, from one range to the next.
    let (mut byte, mut chars) = (0, 0);
    for r in ranges {
        let (Some(before), Some(inside)) = (text.get(byte..r.start), text.get(r.clone())) else {
            // Out of order or not on a boundary: count from the start.
            let start = text.get(..r.start).map_or(0, |s| s.chars().count());
            let len = text.get(r.clone()).map_or(0, |s| s.chars().count());
            out.push([start, start + len]);
            continue;
        };
        let start = chars + before.chars().count();
        let end = start + inside.chars().count();
        out.push([start, end]);
        (byte, chars) = (r.end, end);
    }
    out
}

/// A query that does not parse, for programs: the message, the hint and the span of
/// the caret in characters.
#[derive(Debug, Clone, Serialize)]
pub struct QueryError<'a> {
    /// A stable name for the kind of problem (`missing_operand`).
    pub kind: &'static str,
    /// The one-line description.
    pub message: &'a str,
    /// Advice on how to fix the query, if any.
    pub hint: Option<&'a str>,
    /// `[start, end)` character offsets of the problem in `query`.
    pub span: [usize; 2],
    /// The query.
    pub query: &'a str,
}

impl<'a> QueryError<'a> {
    /// The view of `error`.
    pub fn new(error: &'a lupa_query::ParseError) -> Self {
        let span = error.span();
        QueryError {
            kind: error.kind().as_str(),
            message: error.message(),
            hint: error.hint(),
            span: [span.start, span.end],
            query: error.input(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::char_ranges;

    #[test]
    fn char_ranges_count_characters() {
        let text = "ñandú y acción, acción";
        let first = text.find("acción").unwrap_or(0);
        let second = text.rfind("acción").unwrap_or(0);
        let ranges = [
            first..first + "acción".len(),
            second..second + "acción".len(),
        ];
        assert_eq!(char_ranges(text, &ranges), [[8, 14], [16, 22]]);
        // Out of order still counts right.
        let reversed = [ranges[1].clone(), ranges[0].clone()];
        assert_eq!(char_ranges(text, &reversed), [[16, 22], [8, 14]]);
    }
}
