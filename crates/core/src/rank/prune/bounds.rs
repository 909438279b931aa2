//! Upper bounds on the scores of a query, by its kind (a term, a phrase, a boost, a
//! maximum, a sum), with the slack that covers rounding. The bounds of the plan's
//! shapes of leaves are in `plan.rs`.

use tantivy::query::{
    Bm25StatisticsProvider, BooleanQuery, EmptyQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::Score;

use super::boost::Boost;
use super::max_of::MaxOf;
// tantivy scores phrases and its own term queries at its `k1` and `b`, with the idf of
// `bm25`.
use crate::rank::bm25::{idf, Bm25TermQuery, TANTIVY_K1};

/// How much a leaf's bound is raised, relative to it, to cover the rounding of the
/// scores and sums it bounds (a few ulps, about 1e-7 each).
pub(super) const BOUND_SLACK: Score = 1e-4;
/// How much a partial sum of scores is raised before it is compared with the
/// threshold: the exact score adds the same numbers in another order.
pub(super) const SUM_SLACK: Score = 1e-5;

/// An upper bound on the scores of `query` (boost 1), if its kind is known.
pub(super) fn bound(
    query: &dyn Query,
    stats: &dyn Bm25StatisticsProvider,
) -> tantivy::Result<Option<Score>> {
    if let Some(t) = query.downcast_ref::<Bm25TermQuery>() {
        return t.max_score(stats);
    }
    if let Some(t) = query.downcast_ref::<TermQuery>() {
        let doc_freq = stats.doc_freq(t.term())?;
        if doc_freq == 0 {
            return Ok(Some(0.0));
        }
        let idf = idf(doc_freq, stats.total_num_docs()?);
        return Ok(Some(idf * (1.0 + TANTIVY_K1)));
    }
    if let Some(p) = query.downcast_ref::<PhraseQuery>() {
        // tantivy's phrase weight: BM25 at its own k1 over the sum of the terms' idf.
        let docs = stats.total_num_docs()?;
        let mut sum = 0.0;
        for term in p.phrase_terms() {
            sum += idf(stats.doc_freq(&term)?, docs);
        }
        return Ok(Some(sum * (1.0 + TANTIVY_K1)));
    }
    if let Some(b) = query.downcast_ref::<Boost>() {
        return Ok(match bound(b.query.as_ref(), stats)? {
            Some(x) if b.boost >= 0.0 => Some(x * b.boost),
            _ => None,
        });
    }
    if let Some(m) = query.downcast_ref::<MaxOf>() {
        let mut best: Score = 0.0;
        for q in &m.alternatives {
            match bound(q.as_ref(), stats)? {
                Some(x) => best = best.max(x),
                None => return Ok(None),
            }
        }
        return Ok(Some(best));
    }
    if let Some(b) = query.downcast_ref::<BooleanQuery>() {
        let mut sum = 0.0;
        for (occur, q) in b.clauses() {
            if *occur == Occur::MustNot {
                continue;
            }
            match bound(q.as_ref(), stats)? {
                Some(x) => sum += x,
                None => return Ok(None),
            }
        }
        return Ok(Some(sum));
    }
    if query.downcast_ref::<EmptyQuery>().is_some() {
        return Ok(Some(0.0));
    }
    Ok(None)
}
