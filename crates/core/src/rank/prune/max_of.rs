//! [`MaxOf`]: tantivy's `DisjunctionMaxQuery` without tie breaker, whose parts the
//! planner can see; and the weight of a [`MaxOf::one_leaf`], which lists its
//! alternatives' postings in advance ([`super::listing`]) or walks them side by side
//! ([`super::max_of_scorer`]).

use std::sync::Arc;
use tantivy::index::SegmentId;
use tantivy::query::{
    AllQuery, BooleanQuery, BooleanWeight, DisjunctionMaxCombiner, EnableScoring, Explanation,
    Occur, Query, Scorer, TermQuery, Weight,
};
use tantivy::{DocId, DocSet, Score, Searcher, SegmentReader, TantivyError, Term, TERMINATED};

use super::boost::Boost;
use super::listing::{Listed, ListedScorer, Listing, ListingStore};
use super::max_of_scorer::{MaxOfScorer, SumScorer};
use crate::rank::bm25::{Bm25, Bm25TermQuery};

/// tantivy's `DisjunctionMaxQuery` without tie breaker (a document scores its best
/// alternative), with its parts visible to [`Bag`].
pub(crate) struct MaxOf {
    pub(super) alternatives: Vec<Box<dyn Query>>,
    /// Whether [`Bag`] splits it into its alternatives' leaves.
    pub(super) split: bool,
    /// Where a [`MaxOf::one_leaf`]'s listings are remembered.
    remember: Option<Arc<dyn ListingStore>>,
}

impl std::fmt::Debug for MaxOf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MaxOf")
            .field("alternatives", &self.alternatives)
            .field("split", &self.split)
            .finish()
    }
}

impl MaxOf {
    pub(crate) fn new(alternatives: Vec<Box<dyn Query>>) -> Self {
        MaxOf {
            alternatives,
            split: true,
            remember: None,
        }
    }

    /// The same maximum, which [`Bag`] walks or looks up as one leaf (bounded by its best
    /// alternative's bound): for many alternatives of low weight, such as a word's related
    /// words, whose leaves one by one would each have to be walked.
    pub(crate) fn one_leaf(alternatives: Vec<Box<dyn Query>>) -> Self {
        MaxOf {
            alternatives,
            split: false,
            remember: None,
        }
    }

    /// Remembers a [`MaxOf::one_leaf`]'s listings of each segment in `store`, for the
    /// next query that holds the same alternatives (a word's related words, in a batch of
    /// questions about one text).
    pub(crate) fn remembered_in(mut self, store: Option<Arc<dyn ListingStore>>) -> Self {
        self.remember = store;
        self
    }

    /// The weight of a [`MaxOf::one_leaf`], scoring enabled. When every segment's
    /// listing is remembered, its alternatives' weights are not even made.
    pub(super) fn one_leaf_weight(
        &self,
        enable_scoring: EnableScoring<'_>,
    ) -> tantivy::Result<MaxOfWeight> {
        let mut flat = Vec::with_capacity(self.alternatives.len());
        for query in &self.alternatives {
            let mut parts = Vec::new();
            flatten_sum(query.as_ref(), &mut Vec::new(), &mut parts);
            if parts.len() > 2 {
                // Past two parts a sum in another order may round differently.
                parts = vec![(Vec::new(), query.as_ref())];
            }
            flat.push(parts);
        }
        let mut remember = None;
        let mut cached = Vec::new();
        if let (Some(store), Some(searcher), Some(key)) = (
            &self.remember,
            enable_scoring.searcher(),
            listing_key(&flat),
        ) {
            cached = store.listed(searcher, &key);
            cached.retain(|(segment, _)| {
                searcher
                    .segment_readers()
                    .iter()
                    .any(|r| r.segment_id() == *segment)
            });
            remember = Some(Remember {
                store: store.clone(),
                searcher: searcher.clone(),
                key,
            });
        }
        let all_cached = enable_scoring
            .searcher()
            .is_some_and(|s| !cached.is_empty() && cached.len() == s.segment_readers().len());
        let mut alternatives = Vec::with_capacity(flat.len());
        if !all_cached {
            for parts in flat {
                let parts = parts
                    .into_iter()
                    .map(|(boosts, q)| {
                        Ok(Part {
                            boosts,
                            weight: q.weight(enable_scoring)?,
                        })
                    })
                    .collect::<tantivy::Result<_>>()?;
                alternatives.push(parts);
            }
        }
        Ok(MaxOfWeight {
            alternatives,
            remember,
            cached,
            all_cached,
        })
    }
}

impl Clone for MaxOf {
    fn clone(&self) -> Self {
        MaxOf {
            alternatives: self.alternatives.iter().map(|q| q.box_clone()).collect(),
            split: self.split,
            remember: self.remember.clone(),
        }
    }
}

/// What a [`MaxOf::one_leaf`]'s flattened alternatives are, as bytes, when every part is a
/// term query: the same bytes, the same scores in a segment of the same generation.
fn listing_key(flat: &[Vec<(Vec<Score>, &dyn Query)>]) -> Option<Vec<u8>> {
    let mut key = Vec::new();
    for parts in flat {
        key.push(parts.len() as u8);
        for (boosts, query) in parts {
            key.push(boosts.len() as u8);
            for b in boosts {
                key.extend(b.to_bits().to_le_bytes());
            }
            let term = if let Some(t) = query.downcast_ref::<Bm25TermQuery>() {
                let Bm25 { k1, b } = t.params();
                key.push(1);
                key.extend(k1.to_bits().to_le_bytes());
                key.extend(b.to_bits().to_le_bytes());
                t.term()
            } else if let Some(t) = query.downcast_ref::<TermQuery>() {
                key.push(2);
                t.term()
            } else {
                return None;
            };
            let bytes = term.serialized_value_bytes();
            key.extend(term.field().field_id().to_le_bytes());
            key.extend((bytes.len() as u32).to_le_bytes());
            key.extend(bytes);
        }
    }
    Some(key)
}

/// Whether tantivy scores `b` as the sum of its matching clauses, in order: only
/// optional clauses, at most one needed, none matching everything (tantivy moves a
/// clause that matches everything to the end of the sum).
pub(super) fn is_sum(b: &BooleanQuery) -> bool {
    b.get_minimum_number_should_match() <= 1
        && b.clauses()
            .iter()
            .all(|(o, q)| *o == Occur::Should && q.downcast_ref::<AllQuery>().is_none())
}

impl Query for MaxOf {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        if !self.split && enable_scoring.is_scoring_enabled() {
            return Ok(Box::new(self.one_leaf_weight(enable_scoring)?));
        }
        let alternatives = self
            .alternatives
            .iter()
            .map(|q| Ok((Occur::Should, q.weight(enable_scoring)?)))
            .collect::<tantivy::Result<_>>()?;
        // As `DisjunctionMaxQuery::weight` builds it, with a tie breaker of 0.
        Ok(Box::new(BooleanWeight::with_minimum_number_should_match(
            alternatives,
            1,
            enable_scoring.is_scoring_enabled(),
            Box::new(|| DisjunctionMaxCombiner::with_tie_breaker(0.0)),
        )))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for q in &self.alternatives {
            q.query_terms(visitor);
        }
    }
}

/// Splits `query` into the parts tantivy sums, each with the boosts on its way down,
/// outermost first: a related word's `Boost(Bool[title, body])` becomes its two term
/// queries, whose scorers cost far less than a boolean scorer's union of them.
fn flatten_sum<'a>(
    query: &'a dyn Query,
    boosts: &mut Vec<Score>,
    parts: &mut Vec<(Vec<Score>, &'a dyn Query)>,
) {
    if let Some(b) = query.downcast_ref::<Boost>() {
        boosts.push(b.boost);
        flatten_sum(b.query.as_ref(), boosts, parts);
        boosts.pop();
    } else if let Some(b) = query.downcast_ref::<BooleanQuery>().filter(|b| is_sum(b)) {
        for (_, q) in b.clauses() {
            flatten_sum(q.as_ref(), boosts, parts);
        }
    } else {
        parts.push((boosts.clone(), query));
    }
}

/// A part of an alternative of a [`MaxOfWeight`].
struct Part {
    /// The boosts of the [`Boost`]s above it in the alternative, outermost first.
    boosts: Vec<Score>,
    weight: Box<dyn Weight>,
}

impl Part {
    /// Its scorer, at the boost `BoostWeight::scorer` would have handed it down.
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let boost = self.boosts.iter().fold(boost, |b, m| b * m);
        self.weight.scorer(reader, boost)
    }
}

/// The weight of a [`MaxOf::one_leaf`]: the scores of tantivy's disjunction-max weight
/// (tie breaker 0) over alternatives that are each the sum of one or two parts (a word
/// in the title and in the body), from the parts' own scorers. tantivy's union sets up a
/// window of 4,096 score slots per segment, which costs more than a query of many
/// small alternatives ever scans.
pub(super) struct MaxOfWeight {
    /// Empty when every segment's listing is remembered.
    alternatives: Vec<Vec<Part>>,
    remember: Option<Remember>,
    /// The listings remembered when the weight was made.
    cached: Vec<(SegmentId, Arc<Listed>)>,
    /// Whether every segment's listing is in `cached`.
    all_cached: bool,
}

/// Where a [`MaxOfWeight`] remembers its listings, and under what key.
struct Remember {
    store: Arc<dyn ListingStore>,
    searcher: Searcher,
    key: Vec<u8>,
}

impl MaxOfWeight {
    fn scorer_as(
        &self,
        reader: &SegmentReader,
        boost: Score,
        listing: Option<Listing>,
    ) -> tantivy::Result<Box<dyn Scorer>> {
        let segment = reader.segment_id();
        if let Some((_, listed)) = self.cached.iter().find(|(s, _)| *s == segment) {
            return Ok(Box::new(ListedScorer::new(listed.clone(), boost)));
        }
        if self.all_cached {
            return Err(TantivyError::InvalidArgument(format!(
                "segment {segment:?} is not one of the searcher's the weight was made for"
            )));
        }
        // Listings are made at boost 1, as remembered, and their scores multiplied.
        let alternatives = self.part_scorers(reader, 1.0)?;
        if alternatives.is_empty() {
            return Ok(Box::new(tantivy::query::EmptyScorer));
        }
        let postings: u64 = alternatives
            .iter()
            .flatten()
            .map(|c| u64::from(c.size_hint()))
            .sum();
        let listed = match listing.unwrap_or_else(|| Listing::of(postings, reader.max_doc())) {
            Listing::Sorted => Listed::sorted(alternatives),
            Listing::Dense => Listed::dense(alternatives, reader.max_doc()),
            Listing::Walked => {
                let alternatives = if boost == 1.0 {
                    alternatives
                } else {
                    self.part_scorers(reader, boost)?
                };
                let mut children: Vec<Box<dyn Scorer>> = alternatives
                    .into_iter()
                    .map(|mut parts| match parts.len() {
                        1 => parts.remove(0),
                        _ => Box::new(SumScorer { parts }) as Box<dyn Scorer>,
                    })
                    .collect();
                return Ok(match children.len() {
                    1 => children.remove(0),
                    _ => Box::new(MaxOfScorer::new(children)),
                });
            }
        };
        let listed = Arc::new(listed);
        if let Some(r) = &self.remember {
            r.store
                .keep_listed(&r.searcher, segment, &r.key, listed.clone());
        }
        Ok(Box::new(ListedScorer::new(listed, boost)))
    }

    /// The scorers of each alternative's parts in `reader`, leaving out those on no
    /// document, and the alternatives left with none.
    fn part_scorers(
        &self,
        reader: &SegmentReader,
        boost: Score,
    ) -> tantivy::Result<Vec<Vec<Box<dyn Scorer>>>> {
        let mut alternatives = Vec::with_capacity(self.alternatives.len());
        for parts in &self.alternatives {
            let mut scorers = Vec::with_capacity(parts.len());
            for part in parts {
                let scorer = part.scorer(reader, boost)?;
                if scorer.doc() != TERMINATED {
                    scorers.push(scorer);
                }
            }
            if !scorers.is_empty() {
                alternatives.push(scorers);
            }
        }
        Ok(alternatives)
    }

    /// The best score of any document in any segment, when every listing is remembered.
    pub(super) fn cached_best(&self) -> Option<Score> {
        self.all_cached.then(|| {
            self.cached
                .iter()
                .map(|(_, l)| l.best)
                .fold(0.0, Score::max)
        })
    }
}

impl Weight for MaxOfWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        self.scorer_as(reader, boost, None)
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut best: Option<Explanation> = None;
        if self.all_cached {
            let segment = reader.segment_id();
            let found = self
                .cached
                .iter()
                .find(|(s, _)| *s == segment)
                .and_then(|(_, l)| l.score_of(doc));
            if let Some(v) = found {
                best = Some(Explanation::new("the best alternative (listed before)", v));
            }
        }
        for parts in &self.alternatives {
            let mut details = Vec::new();
            let mut sum: Score = 0.0;
            for part in parts {
                let Ok(inner) = part.weight.explain(reader, doc) else {
                    continue;
                };
                let boost = part.boosts.iter().fold(1.0, |b: Score, m| b * m);
                let e = if part.boosts.is_empty() {
                    inner
                } else {
                    let mut e = Explanation::new_with_string(
                        format!("Boost x{boost} of ..."),
                        inner.value() * boost,
                    );
                    e.add_detail(inner);
                    e
                };
                sum += e.value();
                details.push(e);
            }
            let e = match details.len() {
                0 => continue,
                1 => details.remove(0),
                _ => {
                    let mut e = Explanation::new("sum of the fields", sum);
                    for d in details {
                        e.add_detail(d);
                    }
                    e
                }
            };
            if best.as_ref().is_none_or(|b| e.value() > b.value()) {
                best = Some(e);
            }
        }
        match best {
            Some(inner) => {
                let mut e = Explanation::new("max of the alternatives", inner.value());
                e.add_detail(inner);
                Ok(e)
            }
            None => Err(TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::lookups::Lookups;
    use crate::rank::prune::fixture::{every_score, fixture, term, word};
    use tantivy::query::{BoostQuery, DisjunctionMaxQuery};
    use tantivy::DocAddress;

    #[test]
    fn boost_and_max_of_score_as_tantivy_does() {
        let f = fixture();
        let searcher = f.index.reader().unwrap().searcher();
        let ours = MaxOf::new(vec![
            Box::new(Boost::new(term(f.body, "c"), 1.7)),
            term(f.title, "c"),
        ]);
        let theirs = DisjunctionMaxQuery::new(vec![
            Box::new(BoostQuery::new(term(f.body, "c"), 1.7)),
            term(f.title, "c"),
        ]);
        let scores = every_score(&searcher, &ours);
        assert!(scores.len() > 100);
        assert_eq!(scores, every_score(&searcher, &theirs));
    }

    #[test]
    fn one_leaf_scores_as_tantivy_disjunction_max_every_way() {
        let f = fixture();
        let searcher = f.index.reader().unwrap().searcher();
        // Related words as the search makes them: each the sum of its title and body
        // terms, boosted; and one alternative of a single part.
        let alternatives = || -> Vec<Box<dyn Query>> {
            let mut out: Vec<Box<dyn Query>> = ["b", "e", "g", "h"]
                .iter()
                .map(|w| Box::new(Boost::new(word(&f, w, 2.0), 0.2)) as Box<dyn Query>)
                .collect();
            out.push(Box::new(Boost::new(term(f.body, "f"), 0.3)));
            out
        };
        let theirs = DisjunctionMaxQuery::new(alternatives());
        let expected = every_score(&searcher, &theirs);
        assert!(expected.len() > 100);
        let ours = MaxOf::one_leaf(alternatives());
        assert_eq!(every_score(&searcher, &ours), expected);
        let enable = EnableScoring::enabled_from_searcher(&searcher);
        let weight = ours.one_leaf_weight(enable).unwrap();
        for listing in [Listing::Sorted, Listing::Dense, Listing::Walked] {
            let mut scores = Vec::new();
            for (ord, reader) in searcher.segment_readers().iter().enumerate() {
                let mut scorer = weight.scorer_as(reader, 1.0, Some(listing)).unwrap();
                while scorer.doc() != TERMINATED {
                    if reader
                        .alive_bitset()
                        .is_none_or(|a| a.is_alive(scorer.doc()))
                    {
                        let at = DocAddress::new(ord as u32, scorer.doc());
                        scores.push((at, scorer.score().to_bits()));
                    }
                    scorer.advance();
                }
            }
            assert_eq!(scores, expected, "{listing:?}");
        }
        // Looked up as the bag looks it up, by seeking.
        let reader = &searcher.segment_readers()[0];
        for listing in [Listing::Sorted, Listing::Dense, Listing::Walked] {
            let mut scorer = weight.scorer_as(reader, 1.0, Some(listing)).unwrap();
            let mut seen = Vec::new();
            for target in (0..reader.max_doc()).step_by(7) {
                if scorer.seek(target) == target {
                    seen.push((target, scorer.score().to_bits()));
                }
            }
            let mut walked = weight
                .scorer_as(reader, 1.0, Some(Listing::Walked))
                .unwrap();
            let mut want = Vec::new();
            while walked.doc() != TERMINATED {
                if walked.doc().is_multiple_of(7) {
                    want.push((walked.doc(), walked.score().to_bits()));
                }
                walked.advance();
            }
            assert_eq!(seen, want, "{listing:?}");
        }
    }

    #[test]
    fn remembered_listings_score_as_the_first_ones() {
        let f = fixture();
        let searcher = f.index.reader().unwrap().searcher();
        let lookups = Lookups::default();
        let related = || {
            let alternatives = ["e", "g", "h"]
                .iter()
                .map(|w| Box::new(Boost::new(word(&f, w, 2.0), 0.2)) as Box<dyn Query>)
                .collect();
            MaxOf::one_leaf(alternatives).remembered_in(Some(lookups.listing_store()))
        };
        let enable = EnableScoring::enabled_from_searcher(&searcher);
        let first = related().one_leaf_weight(enable).unwrap();
        assert!(!first.all_cached);
        let scores = |weight: &MaxOfWeight, boost: Score| {
            let mut out = Vec::new();
            for reader in searcher.segment_readers() {
                let mut scorer = weight.scorer(reader, boost).unwrap();
                while scorer.doc() != TERMINATED {
                    out.push((scorer.doc(), scorer.score().to_bits()));
                    scorer.advance();
                }
            }
            out
        };
        let fresh = scores(&first, 1.0);
        assert!(fresh.len() > 100);
        // The first weight's scorers listed every segment: the next weight reads them.
        let second = related().one_leaf_weight(enable).unwrap();
        assert!(second.all_cached && second.alternatives.is_empty());
        assert_eq!(scores(&second, 1.0), fresh);
        assert!(second.cached_best().unwrap() > 0.0);
        // At another boost, the listed scores times the boost.
        let boosted: Vec<_> = fresh
            .iter()
            .map(|&(d, v)| (d, (Score::from_bits(v) * 1.5).to_bits()))
            .collect();
        assert_eq!(scores(&second, 1.5), boosted);
        // Other alternatives are listed apart.
        let other = MaxOf::one_leaf(vec![Box::new(Boost::new(word(&f, "e", 2.0), 0.3))])
            .remembered_in(Some(lookups.listing_store()));
        assert!(!other.one_leaf_weight(enable).unwrap().all_cached);
    }
}
