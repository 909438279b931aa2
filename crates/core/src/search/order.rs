//! What needs every matching document, not only the best few: hits in date order
//! ([`Sort::Newest`], [`Sort::Oldest`]) and facet counts ([`FacetKind`]).
//!
//! Each matching document is read once from the fast columns (its id, date and
//! source), with the score of its best passage; no stored document is opened.

use super::{Facet, FacetKind, Sort};
use crate::error::Result;
use crate::index::Index;
use crate::ingest::Day;
use crate::schema::{DATE, SOURCE_KEY};
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use tantivy::collector::TopDocs;
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocAddress, Score, Searcher};

/// One matching document.
pub(super) struct Match {
    pub score: Score,
    /// The address of its best passage.
    pub address: DocAddress,
    pub id: String,
    /// Days since 1970-01-01.
    pub date: Option<i64>,
    pub source: Option<String>,
}

/// The fast columns of one segment.
struct Columns {
    date: Column<i64>,
    source: Option<StrColumn>,
}

impl Index {
    /// Every document `query` matches, once each (a long text by its best passage),
    /// best score first.
    pub(super) fn all_matches(
        &self,
        searcher: &Searcher,
        query: &dyn tantivy::query::Query,
        sources: bool,
    ) -> Result<Vec<Match>> {
        let n = query.count(searcher).map_err(|e| self.classify(e))?;
        let top = TopDocs::with_limit(n.max(1)).order_by_score();
        let found = searcher.search(query, &top).map_err(|e| self.classify(e))?;
        let mut columns: HashMap<u32, Columns> = HashMap::new();
        let mut seen = HashSet::new();
        let mut out = Vec::with_capacity(found.len());
        for (score, address) in found {
            let id = self.id_of(searcher, address)?;
            if !seen.insert(id.clone()) {
                continue;
            }
            let segment = address.segment_ord;
            let cols = match columns.entry(segment) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(e) => {
                    let fast = searcher.segment_reader(segment).fast_fields();
                    e.insert(Columns {
                        date: fast.i64(DATE).map_err(|e| self.classify(e))?,
                        source: fast.str(SOURCE_KEY).map_err(|e| self.classify(e))?,
                    })
                }
            };
            let date = cols.date.first(address.doc_id);
            let source = match (&cols.source, sources) {
                (Some(column), true) => {
                    let mut text = String::new();
                    match column.term_ords(address.doc_id).next() {
                        Some(ord) if column.ord_to_str(ord, &mut text).unwrap_or(false) => {
                            Some(text)
                        }
                        _ => None,
                    }
                }
                _ => None,
            };
            out.push(Match {
                score,
                address,
                id,
                date,
                source,
            });
        }
        Ok(out)
    }
}

/// Puts `matches` in the order `sort` asks for: by date, undated documents last, ties
/// by score and then by path; by score, ties by path.
pub(super) fn sort(matches: &mut [Match], sort: Sort) {
    let by_score = |a: &Match, b: &Match| b.score.partial_cmp(&a.score).unwrap_or(Ordering::Equal);
    matches.sort_by(|a, b| {
        let by_date = match (a.date, b.date, sort) {
            (_, _, Sort::Score) => Ordering::Equal,
            (Some(x), Some(y), Sort::Newest) => y.cmp(&x),
            (Some(x), Some(y), Sort::Oldest) => x.cmp(&y),
            (Some(_), None, _) => Ordering::Less,
            (None, Some(_), _) => Ordering::Greater,
            (None, None, _) => Ordering::Equal,
        };
        by_date
            .then_with(|| by_score(a, b))
            .then_with(|| a.id.cmp(&b.id))
    });
}

/// The counts of `kinds` over `matches`, each most first, ties by value.
pub(super) fn facets(matches: &[Match], kinds: &[FacetKind]) -> Vec<Facet> {
    kinds
        .iter()
        .map(|&kind| {
            let mut counts: HashMap<String, usize> = HashMap::new();
            for m in matches {
                let value = match kind {
                    FacetKind::Source => m.source.clone(),
                    FacetKind::Year => m
                        .date
                        .and_then(|days| i32::try_from(days).ok())
                        .map(|days| Day::from_days(days).year().to_string()),
                };
                if let Some(value) = value {
                    *counts.entry(value).or_default() += 1;
                }
            }
            let mut counts: Vec<(String, usize)> = counts.into_iter().collect();
            counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            Facet { kind, counts }
        })
        .collect()
}
