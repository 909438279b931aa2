//! The plan of a [`super::Bag`]: its query split into leaves, as far as its structure is
//! known to score as a sum or a maximum of its parts, each leaf with its weight and bound;
//! what each extra needs of the words; and the bounds of a shape of leaves.

use std::sync::Arc;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::query::{
    Bm25StatisticsProvider, BooleanQuery, ConstScoreQuery, EmptyQuery, EnableScoring, Occur,
    PhraseQuery, Query, TermQuery, Weight,
};
use tantivy::schema::Field;
use tantivy::{Score, Term};

use super::boost::Boost;
use super::bounds::{bound, BOUND_SLACK};
use super::max_of::{is_sum, MaxOf, MaxOfWeight};
use crate::rank::bm25::{Bm25TermQuery, TANTIVY_B, TANTIVY_K1};

/// How many word leaves the bit masks of extras can name.
pub(super) const MASK_BITS: usize = 64;
/// How many needed word leaves a segment tabulates the extras' bounds for (a table of
/// `2^POSSIBLE_BITS` sums).
pub(super) const POSSIBLE_BITS: usize = 10;

pub(super) fn bit(leaf: usize) -> u64 {
    if leaf < MASK_BITS {
        1 << leaf
    } else {
        0
    }
}

/// The word leaves that search one of `terms`.
pub(super) fn mask_of(leaves: &[LeafWeight], terms: &[Term]) -> u64 {
    leaves
        .iter()
        .enumerate()
        .filter(|(_, l)| l.term.as_ref().is_some_and(|t| terms.contains(t)))
        .fold(0, |mask, (i, _)| mask | bit(i))
}

/// How a part of the query combines its leaves.
pub(super) enum Shape {
    Leaf(usize),
    /// The sum of the matching parts, in order (a `BooleanQuery` of optional clauses).
    Sum(Vec<Shape>),
    /// The best matching part ([`MaxOf`]).
    Max(Vec<Shape>),
}

pub(super) struct LeafWeight {
    pub(super) weight: Box<dyn Weight>,
    /// The product of the boosts above the leaf, as tantivy hands it down.
    pub(super) boost: Score,
    /// An upper bound on the leaf's scores (boost included), or infinity.
    pub(super) bound: Score,
    /// The term, for a leaf that is a single term.
    pub(super) term: Option<Term>,
    /// For a leaf scored `bound * f / (f + norms[fieldnorm id])` at most, with `f` its
    /// frequency in the document (a term's, or a phrase's count): the field and norms.
    pub(super) saturation: Option<(Field, Arc<[Score; 256]>)>,
    /// Whether its postings may bring a document in; a [`MaxOf::one_leaf`] is only looked
    /// up for documents the other leaves bring.
    pub(super) walk: bool,
}

/// A bound of an extra that depends on the document: from the frequencies of the word
/// leaves it needs, which cap its own.
pub(super) struct Dynamic {
    /// For each need, the word leaves whose frequencies add up to at least the extra's.
    pub(super) needs: Vec<Vec<usize>>,
    pub(super) field: Field,
    pub(super) norms: Arc<[Score; 256]>,
}

pub(super) struct ExtraPlan {
    pub(super) shape: Shape,
    pub(super) level: usize,
    pub(super) bound: Score,
    /// For each need, the word leaves of which a matching document has one.
    pub(super) needs: Vec<u64>,
    pub(super) dynamic: Option<Dynamic>,
    /// Whether it is a single term (cheaper to look up than a phrase).
    pub(super) cheap: bool,
}

impl ExtraPlan {
    /// Whether a document lacking the word leaves in `missed` may match the clause.
    pub(super) fn possible(&self, missed: u64) -> bool {
        self.needs.iter().all(|need| need & !missed != 0)
    }
}

pub(super) struct Plan {
    pub(super) words: Shape,
    /// Leaves `0..word_leaves` are the words'; the extras' leaves follow.
    pub(super) word_leaves: usize,
    pub(super) extras: Vec<ExtraPlan>,
    /// The order extras are looked up in: terms before phrases, by decreasing bound.
    pub(super) lookup_order: Vec<usize>,
    pub(super) levels: usize,
}

/// Splits `query` into leaves, as far as its structure is known to score as a sum or a
/// maximum of its parts.
pub(super) fn plan(
    query: &dyn Query,
    boost: Score,
    enable: EnableScoring<'_>,
    stats: &dyn Bm25StatisticsProvider,
    leaves: &mut Vec<LeafWeight>,
) -> tantivy::Result<Shape> {
    if let Some(b) = query.downcast_ref::<Boost>() {
        // `BoostWeight::scorer` hands `boost * self.boost` down: the same product.
        return plan(b.query.as_ref(), boost * b.boost, enable, stats, leaves);
    }
    if let Some(m) = query.downcast_ref::<MaxOf>().filter(|m| m.split) {
        let parts = m
            .alternatives
            .iter()
            .map(|q| plan(q.as_ref(), boost, enable, stats, leaves))
            .collect::<tantivy::Result<_>>()?;
        return Ok(Shape::Max(parts));
    }
    if let Some(b) = query.downcast_ref::<BooleanQuery>() {
        if is_sum(b) {
            let parts = b
                .clauses()
                .iter()
                .map(|(_, q)| plan(q.as_ref(), boost, enable, stats, leaves))
                .collect::<tantivy::Result<_>>()?;
            return Ok(Shape::Sum(parts));
        }
    }
    // A `MaxOf::one_leaf` whose every listing is remembered: its best score, exact.
    let one_leaf = match query.downcast_ref::<MaxOf>() {
        Some(m) if !m.split && enable.is_scoring_enabled() => Some(m.one_leaf_weight(enable)?),
        _ => None,
    };
    let known = one_leaf.as_ref().and_then(MaxOfWeight::cached_best);
    let bound = match known.map(Some).map_or_else(|| bound(query, stats), Ok)? {
        Some(b) if boost >= 0.0 => b * boost * (1.0 + BOUND_SLACK),
        _ => Score::INFINITY,
    };
    let mut term = None;
    let mut saturation = None;
    if let Some(t) = query.downcast_ref::<Bm25TermQuery>() {
        term = Some(t.term().clone());
        saturation = Some((t.term().field(), t.norms(stats)?));
    } else if let Some(t) = query.downcast_ref::<TermQuery>() {
        term = Some(t.term().clone());
    } else if let Some(p) = query.downcast_ref::<PhraseQuery>() {
        // tantivy's phrase weight: `K1 * (1 - B + B * dl / avgdl)` at its own K1 and B.
        let field = p.field();
        let docs = stats.total_num_docs()?;
        if docs > 0 {
            let average = stats.total_num_tokens(field)? as Score / docs as Score;
            let mut norms = [0.0; 256];
            for (id, norm) in norms.iter_mut().enumerate() {
                let length = FieldNormReader::id_to_fieldnorm(id as u8) as Score;
                *norm = TANTIVY_K1 * (1.0 - TANTIVY_B + TANTIVY_B * length / average);
            }
            saturation = Some((field, Arc::new(norms)));
        }
    }
    // A phrase with a term in no document matches nowhere: its scorers would look
    // every term up in every segment to find that out.
    let mut nowhere = false;
    if let Some(p) = query.downcast_ref::<PhraseQuery>() {
        for term in p.phrase_terms() {
            nowhere |= stats.doc_freq(&term)? == 0;
        }
    }
    let weight = if nowhere {
        EmptyQuery.weight(enable)?
    } else if let Some(w) = one_leaf {
        Box::new(w)
    } else if let Some(rest) = query
        .downcast_ref::<MaxOf>()
        .is_none_or(|m| m.split)
        .then(|| without_one_leaf(query))
        .flatten()
    {
        // A leaf holding a `MaxOf::one_leaf` somewhere inside scores only the documents
        // the rest of it matches, as `Bag::tree` does.
        let filter: Box<dyn Query> = Box::new(ConstScoreQuery::new(rest, 0.0));
        BooleanQuery::new(vec![
            (Occur::Must, filter),
            (Occur::Must, query.box_clone()),
        ])
        .weight(enable)?
    } else {
        query.weight(enable)?
    };
    let walk = query.downcast_ref::<MaxOf>().is_none_or(|m| m.split);
    leaves.push(LeafWeight {
        weight,
        boost,
        bound: if nowhere { 0.0 } else { bound },
        term,
        saturation,
        walk,
    });
    Ok(Shape::Leaf(leaves.len() - 1))
}

/// `query` with every [`MaxOf::one_leaf`] in it taken out (what brings documents in);
/// `None` when it holds none.
pub(super) fn without_one_leaf(query: &dyn Query) -> Option<Box<dyn Query>> {
    fn parts(queries: &[Box<dyn Query>]) -> Option<Vec<Box<dyn Query>>> {
        let mut changed = false;
        let out = queries
            .iter()
            .map(|q| match without_one_leaf(q.as_ref()) {
                Some(rest) => {
                    changed = true;
                    rest
                }
                None => q.box_clone(),
            })
            .collect();
        changed.then_some(out)
    }
    if let Some(m) = query.downcast_ref::<MaxOf>() {
        if !m.split {
            return Some(Box::new(EmptyQuery));
        }
        return parts(&m.alternatives).map(|alts| Box::new(MaxOf::new(alts)) as Box<dyn Query>);
    }
    if let Some(b) = query.downcast_ref::<Boost>() {
        return without_one_leaf(b.query.as_ref())
            .map(|q| Box::new(Boost::new(q, b.boost)) as Box<dyn Query>);
    }
    if let Some(b) = query.downcast_ref::<BooleanQuery>() {
        let (occurs, queries): (Vec<Occur>, Vec<Box<dyn Query>>) =
            b.clauses().iter().map(|(o, q)| (*o, q.box_clone())).unzip();
        return parts(&queries).map(|queries| {
            Box::new(BooleanQuery::with_minimum_required_clauses(
                occurs.into_iter().zip(queries).collect(),
                b.get_minimum_number_should_match(),
            )) as Box<dyn Query>
        });
    }
    None
}

/// Whether `query` holds a [`MaxOf::one_leaf`].
pub(super) fn holds_one_leaf(query: &dyn Query) -> bool {
    if let Some(m) = query.downcast_ref::<MaxOf>() {
        return !m.split || m.alternatives.iter().any(|q| holds_one_leaf(q.as_ref()));
    }
    if let Some(b) = query.downcast_ref::<Boost>() {
        return holds_one_leaf(b.query.as_ref());
    }
    if let Some(b) = query.downcast_ref::<BooleanQuery>() {
        return b.clauses().iter().any(|(_, q)| holds_one_leaf(q.as_ref()));
    }
    false
}

/// The bound of `shape` for a document that holds only the leaves `allowed` marks.
pub(super) fn restricted_bound(shape: &Shape, bounds: &[Score], allowed: &[bool]) -> Score {
    match shape {
        Shape::Leaf(i) => match allowed.get(*i) {
            Some(true) => bounds[*i],
            _ => 0.0,
        },
        Shape::Sum(parts) => parts
            .iter()
            .map(|p| restricted_bound(p, bounds, allowed))
            .sum(),
        Shape::Max(parts) => parts
            .iter()
            .map(|p| restricted_bound(p, bounds, allowed))
            .fold(0.0, Score::max),
    }
}

pub(super) fn shape_bound(shape: &Shape, leaves: &[LeafWeight]) -> Score {
    match shape {
        Shape::Leaf(i) => leaves[*i].bound,
        Shape::Sum(parts) => parts.iter().map(|p| shape_bound(p, leaves)).sum(),
        Shape::Max(parts) => parts
            .iter()
            .map(|p| shape_bound(p, leaves))
            .fold(0.0, Score::max),
    }
}

/// The document-dependent bound of an extra that is one saturating leaf, whose needs
/// all name term leaves of the words.
pub(super) fn dynamic_of(
    shape: &Shape,
    needs: &[Vec<Term>],
    leaves: &[LeafWeight],
    word_leaves: usize,
) -> Option<Dynamic> {
    let Shape::Leaf(i) = shape else { return None };
    let (field, norms) = leaves[*i].saturation.clone()?;
    if needs.is_empty() {
        return None;
    }
    let words = &leaves[..word_leaves];
    let mut out = Vec::with_capacity(needs.len());
    for any_of in needs {
        let mut need = Vec::with_capacity(any_of.len());
        for term in any_of {
            // A term the words do not search, or search otherwise than as a term
            // scored with its frequency, leaves the extra's frequency unknown.
            let leaf = words
                .iter()
                .position(|l| l.term.as_ref() == Some(term) && l.saturation.is_some())?;
            need.push(leaf);
        }
        out.push(need);
    }
    Some(Dynamic {
        needs: out,
        field,
        norms,
    })
}
