//! Why a query matches what it matches: the parsed tree and the analyzed terms.

use crate::analysis::is_stop_word;
use crate::error::Result;
use crate::index::Index;
use crate::search::{parser, SearchOptions, MAX_FUZZY_DISTANCE};
use lupa_query::{Query, TermModifier};
use serde::Serialize;
use tantivy::tokenizer::TextAnalyzer;

/// How a query is understood.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// The query as typed.
    pub query: String,
    /// The parsed query, printed canonically.
    pub parsed: String,
    /// The parsed tree.
    pub tree: Query,
    /// Every word and phrase of the query, analyzed.
    pub parts: Vec<Part>,
    /// Synonym expansions applied to unquoted words.
    pub expansions: Vec<crate::search::Expansion>,
    /// How many documents match, when an index was given.
    pub total: Option<usize>,
}

/// One word or phrase of a query and what it searches for.
#[derive(Debug, Clone, Serialize)]
pub struct Part {
    /// `word`, `phrase`, `prefix` or `fuzzy`.
    pub kind: &'static str,
    /// The text as typed.
    pub text: String,
    /// The field it is limited to, if any.
    pub field: Option<String>,
    /// The fields it searches.
    pub searches: Vec<&'static str>,
    /// The analyzed terms, in order.
    pub terms: Vec<ExplainedTerm>,
    /// A note on how the part is used (slop, expansions, distance…), in English.
    pub note: Option<String>,
    /// The same note as data, for interfaces that say it in words of their own.
    #[serde(skip)]
    pub about: Option<PartNote>,
}

/// How a part of a query is used, beyond its terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PartNote {
    /// A prefix: unstemmed words that start with the last term, at most `max`.
    Prefix {
        /// The most words a prefix reaches.
        max: usize,
    },
    /// A fuzzy word: unstemmed words within `distance` edits.
    Fuzzy {
        /// The edit distance.
        distance: u8,
    },
    /// A word the analyzer cuts into several tokens, searched as a phrase.
    SeveralTokens,
    /// A stop word, ignored outside phrases.
    StopWord,
    /// A phrase whose words may be up to this many moves apart.
    Slop(u32),
}

impl std::fmt::Display for PartNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PartNote::Prefix { max } => write!(
                f,
                "unstemmed words starting with the last term, at most {max} of them"
            ),
            PartNote::Fuzzy { distance } => {
                write!(f, "unstemmed words within {distance} edit(s)")
            }
            PartNote::SeveralTokens => f.write_str("several tokens: searched as a phrase"),
            PartNote::StopWord => f.write_str("stop word: ignored outside phrases"),
            PartNote::Slop(s) => write!(f, "words may be up to {s} moves apart"),
        }
    }
}

/// One analyzed term.
#[derive(Debug, Clone, Serialize)]
pub struct ExplainedTerm {
    /// The indexed form searched for.
    pub term: String,
    /// Position within the part.
    pub position: usize,
    /// Whether it is a stop word (dropped outside phrases).
    pub stop_word: bool,
    /// In how many documents it occurs (title or body), when an index was given.
    pub documents: Option<u64>,
}

/// Parses and analyzes `query` the way a search would, and counts its matches when
/// an index is given.
pub fn explain(index: Option<&Index>, query: &str, options: &SearchOptions) -> Result<Explanation> {
    let tree = parser(options.operator).parse(query)?;
    let variant = index.map(|i| i.variant).unwrap_or_default();
    let mut parts = Vec::new();
    let mut ctx = Ctx {
        index,
        stemmed: variant.query_analyzer(),
        folded: variant.folded_analyzer(),
    };
    ctx.walk(&tree, None, &mut parts);
    let searcher = index.map(|i| i.reader.searcher());
    let fields = index.map_or_else(|| crate::schema::build().1, |i| i.fields);
    let expansions = crate::search::compile(
        searcher.as_ref(),
        index.map(|i| &i.lookups),
        fields,
        variant,
        &tree,
        options,
    )?
    .expansions;
    let total = match index {
        Some(i) => match i.search_query(
            query,
            &tree,
            &SearchOptions {
                limit: 1,
                ..options.clone()
            },
        ) {
            Ok(r) => Some(r.total),
            Err(crate::Error::OnlyStopWords { .. }) => Some(0),
            Err(e) => return Err(e),
        },
        None => None,
    };
    Ok(Explanation {
        query: query.to_string(),
        parsed: tree.to_string(),
        tree,
        parts,
        expansions,
        total,
    })
}

struct Ctx<'a> {
    index: Option<&'a Index>,
    stemmed: TextAnalyzer,
    folded: TextAnalyzer,
}

impl Ctx<'_> {
    fn walk(&mut self, q: &Query, field: Option<&str>, out: &mut Vec<Part>) {
        match q {
            Query::Term(t) => {
                let (kind, analyzer_is_folded, note) = match t.modifier {
                    TermModifier::None => ("word", false, None),
                    TermModifier::Prefix => (
                        "prefix",
                        true,
                        Some(PartNote::Prefix {
                            max: crate::search::MAX_PREFIX_TERMS,
                        }),
                    ),
                    TermModifier::Fuzzy(d) => (
                        "fuzzy",
                        true,
                        Some(PartNote::Fuzzy {
                            distance: d.min(MAX_FUZZY_DISTANCE),
                        }),
                    ),
                };
                let terms = self.terms(&t.text, analyzer_is_folded);
                let note = note.or_else(|| {
                    if terms.len() > 1 {
                        Some(PartNote::SeveralTokens)
                    } else if terms.iter().all(|t| t.stop_word) {
                        Some(PartNote::StopWord)
                    } else {
                        None
                    }
                });
                out.push(Part {
                    kind,
                    text: t.text.clone(),
                    field: field.map(str::to_string),
                    searches: searches(field, analyzer_is_folded),
                    terms,
                    note: note.map(|n| n.to_string()),
                    about: note,
                });
            }
            Query::Phrase(p) => out.push(Part {
                kind: "phrase",
                text: p.text.clone(),
                field: field.map(str::to_string),
                searches: searches(field, false),
                terms: self.terms(&p.text, false),
                note: p.slop.map(|s| PartNote::Slop(s).to_string()),
                about: p.slop.map(PartNote::Slop),
            }),
            Query::Field { field, query } => self.walk(query, Some(field), out),
            // A filter has no words to explain.
            Query::DateRange { .. } => {}
            Query::And(items) | Query::Or(items) => {
                for i in items {
                    self.walk(i, field, out);
                }
            }
            Query::Not(inner) => self.walk(inner, field, out),
            Query::Clauses(clauses) => {
                for c in clauses {
                    self.walk(&c.query, field, out);
                }
            }
        }
    }

    fn terms(&mut self, text: &str, folded: bool) -> Vec<ExplainedTerm> {
        let analyzer = if folded {
            &mut self.folded
        } else {
            &mut self.stemmed
        };
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        let mut first = None;
        while let Some(t) = stream.next() {
            let base = *first.get_or_insert(t.position);
            out.push(ExplainedTerm {
                term: t.text.clone(),
                position: t.position - base,
                stop_word: !folded && is_stop_word(&t.text),
                documents: None,
            });
        }
        if let Some(index) = self.index {
            for t in &mut out {
                t.documents = index.doc_freq(&t.term, folded).ok();
            }
        }
        out
    }
}

fn searches(field: Option<&str>, folded: bool) -> Vec<&'static str> {
    if folded {
        return vec!["folded"];
    }
    match field {
        Some(crate::schema::TITLE) => vec![crate::schema::TITLE],
        Some(crate::schema::BODY) => vec![crate::schema::BODY],
        _ => vec![crate::schema::TITLE, crate::schema::BODY],
    }
}

impl Index {
    /// In how many documents `term` occurs: in the folded field when `folded`, else in
    /// the title or body (the larger count).
    pub fn doc_freq(&self, term: &str, folded: bool) -> Result<u64> {
        let searcher = self.reader.searcher();
        let fields = if folded {
            vec![self.fields.folded]
        } else {
            vec![self.fields.title, self.fields.body]
        };
        let mut best = 0;
        for f in fields {
            let n = searcher
                .doc_freq(&tantivy::Term::from_field_text(f, term))
                .map_err(|e| self.classify(e))?;
            best = best.max(n);
        }
        Ok(best)
    }
}
