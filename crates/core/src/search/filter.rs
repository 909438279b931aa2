//! Filters: the parts of a search that choose documents without scoring them. The
//! author (`autor:"…"`, `author:`) and the source (`fuente:`, `source:`) in the query,
//! and the date: `fecha:` in the query, [`SearchOptions::since`] and
//! [`SearchOptions::until`].
//!
//! A filter written at the top of a query applies to the whole query, whatever the
//! operator beside it: `Irak fecha:2021` means the documents about Irak dated 2021,
//! also when words side by side are optional, and `-fuente:"El País"` leaves that
//! source out. The rest of the query is compiled and ranked as if the filters were not
//! there; each filter joins it as a required (or, negated, excluded) clause of score
//! zero, so scores and their order are unchanged. A filter inside a group
//! (`(fuente:efe OR Irak)`) is an ordinary part of that group.

use super::SearchOptions;
use crate::analysis::Variant;
use crate::ingest::Day;
use crate::schema::{Fields, AUTHOR, SOURCE};
use lupa_query::{Date, DateRange, Occur, Query, TermModifier};
use std::ops::Bound;
use tantivy::query::{
    AllQuery, BitSetDocSet, BooleanQuery, ConstScorer, EmptyQuery, EnableScoring, Explanation,
    FuzzyTermQuery, Occur as T, PhraseQuery, RangeQuery, Scorer, TermQuery, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{BitSet, DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

/// A filter found at the top of a query.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Filter<'q> {
    /// Whether it excludes what it matches.
    pub negated: bool,
    /// The field scope it is (`autor:…`, `fuente:…`).
    pub query: &'q Query,
}

/// Whether `q` is a filter on its own.
fn is_filter(q: &Query) -> bool {
    match q {
        Query::Field { field, .. } => field == AUTHOR || field == SOURCE,
        Query::DateRange { .. } => true,
        _ => false,
    }
}

/// The query without its top-level filters (`None` when only filters are left), and
/// the filters.
pub(crate) fn split(ast: &Query) -> (Option<Query>, Vec<Filter<'_>>) {
    fn own(q: &Query) -> Option<Filter<'_>> {
        match q {
            Query::Not(inner) if is_filter(inner) => Some(Filter {
                negated: true,
                query: inner,
            }),
            q if is_filter(q) => Some(Filter {
                negated: false,
                query: q,
            }),
            _ => None,
        }
    }
    if let Some(filter) = own(ast) {
        return (None, vec![filter]);
    }
    let mut filters = Vec::new();
    let rest = match ast {
        Query::And(items) | Query::Or(items) => {
            let mut kept = Vec::new();
            for item in items {
                match own(item) {
                    Some(filter) => filters.push(filter),
                    None => kept.push(item.clone()),
                }
            }
            rebuild(ast, kept)
        }
        Query::Clauses(list) => {
            let mut kept = Vec::new();
            for clause in list {
                match own(&clause.query) {
                    // `-fecha:2021` excludes; `-(NOT fecha:2021)` would include.
                    Some(filter) => filters.push(Filter {
                        negated: filter.negated != (clause.occur == Occur::MustNot),
                        query: filter.query,
                    }),
                    None => kept.push(clause.clone()),
                }
            }
            (!kept.is_empty()).then_some(Query::Clauses(kept))
        }
        other => Some(other.clone()),
    };
    (rest, filters)
}

/// `items` in the shape of `parent` (`And` or `Or`): `None` when empty, the item
/// itself when alone.
fn rebuild(parent: &Query, mut items: Vec<Query>) -> Option<Query> {
    match items.len() {
        0 => None,
        1 => items.pop(),
        _ => Some(match parent {
            Query::And(_) => Query::And(items),
            _ => Query::Or(items),
        }),
    }
}

/// The engine queries of the filters and of the options' date bounds, each with how
/// it takes part: required, or excluded when negated.
pub(crate) fn compile(
    filters: &[Filter<'_>],
    options: &SearchOptions,
    fields: Fields,
    variant: Variant,
) -> Vec<(T, Box<dyn tantivy::query::Query>)> {
    let mut analyzer = variant.folded_analyzer();
    let mut out = Vec::new();
    for filter in filters {
        let occur = if filter.negated { T::MustNot } else { T::Must };
        out.push((
            occur,
            names(filter.query, fields, fields.date, &mut analyzer),
        ));
    }
    if options.since.is_some() || options.until.is_some() {
        out.push((T::Must, days(fields.date, options.since, options.until)));
    }
    out.into_iter()
        .map(|(occur, q)| (occur, selection(q)))
        .collect()
}

/// `query` as a filter: the documents it matches, each of score zero.
pub(crate) fn selection(query: Box<dyn tantivy::query::Query>) -> Box<dyn tantivy::query::Query> {
    Box::new(Selection { query })
}

/// The documents a query matches, gathered per segment into a bit set before they are
/// used, each with score zero.
///
/// A filter is walked whole once per segment anyway; a bit set also answers every
/// seek correctly, which tantivy's phrase scorer does not once it has ended (it
/// asserts when an exclusion seeks it again, as `-fuente:"El País"` does).
#[derive(Debug)]
struct Selection {
    query: Box<dyn tantivy::query::Query>,
}

impl Clone for Selection {
    fn clone(&self) -> Self {
        Selection {
            query: self.query.box_clone(),
        }
    }
}

impl tantivy::query::Query for Selection {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let unscored = match scoring.searcher() {
            Some(searcher) => EnableScoring::disabled_from_searcher(searcher),
            None => EnableScoring::disabled_from_schema(scoring.schema()),
        };
        let inner = self.query.weight(unscored)?;
        Ok(Box::new(SelectionWeight { inner }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.query.query_terms(visitor);
    }
}

struct SelectionWeight {
    inner: Box<dyn Weight>,
}

impl Weight for SelectionWeight {
    fn scorer(&self, reader: &SegmentReader, _boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut matches = self.inner.scorer(reader, 1.0)?;
        let mut bits = BitSet::with_max_value(reader.max_doc());
        let mut doc = matches.doc();
        while doc != TERMINATED {
            bits.insert(doc);
            doc = matches.advance();
        }
        Ok(Box::new(ConstScorer::new(BitSetDocSet::from(bits), 0.0)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} does not pass the filter"
            )));
        }
        Ok(Explanation::new("filter", 0.0))
    }
}

/// Documents dated within `range` (a date filter of the query).
pub(crate) fn dated(date: Field, range: &DateRange) -> Box<dyn tantivy::query::Query> {
    let day = |d: Option<Date>| {
        d.and_then(|d| Day::from_ymd(d.year, u32::from(d.month), u32::from(d.day)))
    };
    days(date, day(range.from), day(range.to))
}

/// Documents dated from `from` to `to`, both included; an open side is unbounded.
pub(crate) fn days(
    date: Field,
    from: Option<Day>,
    to: Option<Day>,
) -> Box<dyn tantivy::query::Query> {
    let bound = |day: Option<Day>| match day {
        Some(day) => Bound::Included(Term::from_field_i64(date, i64::from(day.days()))),
        None => Bound::Unbounded,
    };
    Box::new(RangeQuery::new(bound(from), bound(to)))
}

/// The query on a name field (author, source) for the words and phrases of `q`,
/// matched word by word, accents and case aside; `field` is the field of the scope
/// being read (a date filter names its own). Outside any scope, words and phrases
/// match nothing: only filters reach here.
fn names(
    q: &Query,
    fields: Fields,
    field: Field,
    analyzer: &mut TextAnalyzer,
) -> Box<dyn tantivy::query::Query> {
    let words = |text: &str, analyzer: &mut TextAnalyzer| {
        let mut out = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while let Some(token) = stream.next() {
            out.push(Term::from_field_text(field, &token.text));
        }
        out
    };
    let sequence = |mut terms: Vec<Term>| -> Box<dyn tantivy::query::Query> {
        match terms.len() {
            0 => Box::new(EmptyQuery),
            1 => match terms.pop() {
                Some(term) => Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
                None => Box::new(EmptyQuery),
            },
            _ => Box::new(PhraseQuery::new(terms)),
        }
    };
    let all = |items: Vec<(T, Box<dyn tantivy::query::Query>)>| -> Box<dyn tantivy::query::Query> {
        Box::new(BooleanQuery::new(items))
    };
    match q {
        Query::Term(term) => {
            let terms = words(&term.text, analyzer);
            match (term.modifier, terms.as_slice()) {
                (TermModifier::Prefix, [one]) => {
                    Box::new(FuzzyTermQuery::new_prefix(one.clone(), 0, true))
                }
                (TermModifier::Fuzzy(distance), [one]) => Box::new(FuzzyTermQuery::new(
                    one.clone(),
                    distance.min(super::MAX_FUZZY_DISTANCE),
                    true,
                )),
                _ => sequence(terms),
            }
        }
        Query::Phrase(phrase) => sequence(words(&phrase.text, analyzer)),
        Query::Field { field: name, query } => {
            let field = match name.as_str() {
                AUTHOR => fields.author,
                SOURCE => fields.source,
                _ => field,
            };
            names(query, fields, field, analyzer)
        }
        Query::DateRange { range, .. } => dated(fields.date, range),
        Query::And(items) => all(items
            .iter()
            .map(|item| match item {
                Query::Not(inner) => (T::MustNot, names(inner, fields, field, analyzer)),
                other => (T::Must, names(other, fields, field, analyzer)),
            })
            .collect()),
        Query::Or(items) => all(items
            .iter()
            .map(|item| match item {
                Query::Not(inner) => (T::MustNot, names(inner, fields, field, analyzer)),
                other => (T::Should, names(other, fields, field, analyzer)),
            })
            .collect()),
        Query::Not(inner) => all(vec![
            (T::Must, Box::new(AllQuery)),
            (T::MustNot, names(inner, fields, field, analyzer)),
        ]),
        Query::Clauses(list) => all(list
            .iter()
            .map(|clause| {
                let occur = match clause.occur {
                    Occur::Must => T::Must,
                    Occur::Should => T::Should,
                    Occur::MustNot => T::MustNot,
                };
                (occur, names(&clause.query, fields, field, analyzer))
            })
            .collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::parser;
    use lupa_query::DefaultOperator;

    fn parts(text: &str) -> (Option<String>, Vec<(bool, String)>) {
        let ast = parser(DefaultOperator::Any).parse(text).unwrap();
        let (rest, filters) = split(&ast);
        (
            rest.map(|q| q.to_string()),
            filters
                .iter()
                .map(|f| (f.negated, f.query.to_string()))
                .collect(),
        )
    }

    #[test]
    fn top_level_filters_are_split_off() {
        let (rest, filters) = parts("Irak autor:García");
        assert_eq!(rest.as_deref(), Some("Irak"));
        assert_eq!(filters, [(false, "author:García".to_string())]);
        let (rest, filters) = parts("Irak tropas -fuente:\"El País\"");
        assert_eq!(rest.as_deref(), Some("Irak tropas"));
        assert_eq!(filters, [(true, "source:\"El País\"".to_string())]);
        let (rest, filters) = parts("autor:garcía");
        assert_eq!(rest, None);
        assert_eq!(filters.len(), 1);
        // Inside a group, a filter is an ordinary part of it.
        let (rest, filters) = parts("(fuente:efe OR Irak) guerra");
        assert!(filters.is_empty());
        assert!(rest.unwrap().contains("source:efe"));
    }
}
