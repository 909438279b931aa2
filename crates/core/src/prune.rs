//! Dynamic pruning (MaxScore) for bags of words.
//!
//! A bag-of-words query scores a document as its words, plus the exact forms it holds,
//! plus the proximity of its words:
//!
//! ```text
//! score = ((words) + (exact forms)) + (proximity pairs)
//! ```
//!
//! where each part sums, in clause order, the clauses that match, and only documents
//! that match the words count at all. The tree of tantivy queries it replaces,
//! `Bool[Must(Bool[Must(words), Should(exact…)]), Should(near…)]`, scores every document
//! that holds any word, so a collector of the top hits can skip nothing.
//!
//! [`Bag`] computes the same sums, with the same floating-point operations in the same
//! order (so the same scores, to the bit), and its [`Weight::for_each_pruning`] skips
//! documents that cannot beat the current `k`-th score:
//!
//! - Every leaf of the words (a term, a phrase, anything tantivy scores) has an upper
//!   bound on its score: BM25's `idf × (k1 + 1) × boost` for a term, since
//!   `tf / (tf + norm)` stays below 1; for a phrase, tantivy's BM25 over the sum of its
//!   terms' idf. A leaf whose bound is unknown is never skipped.
//! - The leaves, sorted by bound, split into *non-essential* ones, whose bounds add up to
//!   less than the threshold, and *essential* ones (MaxScore): a document that holds no
//!   essential leaf cannot make the top, so only the essential leaves' postings are
//!   walked, and the others are looked up (`seek`) for the documents found that way.
//! - The exact-form and proximity clauses ("extras") never bring a document in; each
//!   says which words it needs (a pair of words close together needs both words in the
//!   body; the exact form `retirada` needs its stem `retir` in the title or the body),
//!   so a document that lacks them is not charged their bound. Their frequency is also
//!   capped by the words' (a pair occurs close together at most as often as its rarer
//!   word; `retirada` at most as often as `retir`), so once the words are known for a
//!   document, each extra gets a bound for that document alone. They are looked up
//!   last, terms before phrases, only for documents still in the running.
//! - [`Weight::scorer`] still walks every matching document with its exact score, for
//!   counting and for collectors that do not prune.
//!
//! [`Boost`] and [`MaxOf`] are tantivy's `BoostQuery` and `DisjunctionMaxQuery` (same
//! weights, same scores) whose parts this module can see.

use std::cell::RefCell;
use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashMap};
use std::hash::BuildHasherDefault;
use std::sync::Arc;
use tantivy::index::SegmentId;
use tantivy::query::{
    AllQuery, Bm25StatisticsProvider, BooleanQuery, BooleanWeight, BoostWeight, ConstScoreQuery,
    DisjunctionMaxCombiner, EmptyQuery, EnableScoring, Explanation, Occur, PhraseQuery, Query,
    Scorer, TermQuery, Weight,
};
use tantivy::schema::Field;
use tantivy::{
    DocAddress, DocId, DocSet, Score, Searcher, SeekDangerResult, SegmentReader, TantivyError,
    Term, TERMINATED,
};

use crate::bm25::Bm25;
use crate::bm25::{Bm25TermQuery, Bm25TermScorer};
use crate::lookups::{Fx, Lookups};
use tantivy::fieldnorm::FieldNormReader;

/// How much a leaf's bound is raised, relative to it, to cover the rounding of the
/// scores and sums it bounds (a few ulps, about 1e-7 each).
const BOUND_SLACK: Score = 1e-4;
/// How much a partial sum of scores is raised before it is compared with the
/// threshold: the exact score adds the same numbers in another order.
const SUM_SLACK: Score = 1e-5;
/// tantivy's BM25 `k1`, which scores phrases and its own term queries.
const TANTIVY_K1: Score = 1.2;
/// tantivy's BM25 `b`, for phrases.
const TANTIVY_B: Score = 0.75;

/// tantivy's `BoostQuery`, with its parts visible to [`Bag`].
#[derive(Debug)]
pub(crate) struct Boost {
    query: Box<dyn Query>,
    boost: Score,
}

impl Boost {
    pub(crate) fn new(query: Box<dyn Query>, boost: Score) -> Self {
        Boost { query, boost }
    }
}

impl Clone for Boost {
    fn clone(&self) -> Self {
        Boost {
            query: self.query.box_clone(),
            boost: self.boost,
        }
    }
}

impl Query for Boost {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let inner = self.query.weight(enable_scoring)?;
        Ok(if enable_scoring.is_scoring_enabled() {
            Box::new(BoostWeight::new(inner, self.boost))
        } else {
            inner
        })
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.query.query_terms(visitor)
    }
}

/// tantivy's `DisjunctionMaxQuery` without tie breaker (a document scores its best
/// alternative), with its parts visible to [`Bag`].
pub(crate) struct MaxOf {
    alternatives: Vec<Box<dyn Query>>,
    /// Whether [`Bag`] splits it into its alternatives' leaves.
    split: bool,
    /// Where a [`MaxOf::one_leaf`]'s listings are remembered.
    remember: Option<Lookups>,
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

    /// Remembers a [`MaxOf::one_leaf`]'s listings of each segment in `lookups`, for the
    /// next query that holds the same alternatives (a word's related words, in a batch of
    /// questions about one text).
    pub(crate) fn remembered_in(mut self, lookups: Option<&Lookups>) -> Self {
        self.remember = lookups.cloned();
        self
    }

    /// The weight of a [`MaxOf::one_leaf`], scoring enabled. When every segment's
    /// listing is remembered, its alternatives' weights are not even made.
    fn one_leaf_weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<MaxOfWeight> {
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
        if let (Some(lookups), Some(searcher), Some(key)) = (
            &self.remember,
            enable_scoring.searcher(),
            listing_key(&flat),
        ) {
            cached = lookups.listed(searcher, &key);
            cached.retain(|(segment, _)| {
                searcher
                    .segment_readers()
                    .iter()
                    .any(|r| r.segment_id() == *segment)
            });
            remember = Some(Remember {
                lookups: lookups.clone(),
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
struct MaxOfWeight {
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
    lookups: Lookups,
    searcher: Searcher,
    key: Vec<u8>,
}

/// How a [`MaxOfWeight`]'s scorer is made for a segment.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Listing {
    /// Every posting read and sorted by document.
    Sorted,
    /// Every posting read into a table of the segment's documents.
    Dense,
    /// The alternatives walked side by side.
    Walked,
}

impl Listing {
    fn of(postings: u64, max_doc: DocId) -> Listing {
        if postings > LISTED_POSTINGS {
            Listing::Walked
        } else if max_doc <= DENSE_DOCS && postings * DENSE_RATIO >= u64::from(max_doc) {
            Listing::Dense
        } else {
            Listing::Sorted
        }
    }
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
            r.lookups
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
    fn cached_best(&self) -> Option<Score> {
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

/// Up to this many postings in all, a [`MaxOfWeight`]'s alternatives are read whole when
/// its scorer is made: then every document's score is at hand, and so is the best of them,
/// a bound far tighter than BM25's `idf * (k1 + 1)`.
const LISTED_POSTINGS: u64 = 32_768;

/// Postings are read into a table of the segment's documents, rather than sorted, when
/// this many times their number reaches the segment's size: a scan of the table's bits
/// (one word per 64 documents) then costs less than the sort.
const DENSE_RATIO: u64 = 128;

/// The largest segment listed through a table (8 MiB of tables per thread).
const DENSE_DOCS: DocId = 1 << 20;

/// The documents of a few short alternatives in a segment with their best score, read
/// in advance, at boost 1.
pub(crate) struct Listed {
    /// (document, score), by document.
    docs: Vec<(DocId, Score)>,
    /// The best score of all.
    best: Score,
}

impl Listed {
    /// Every posting of every part, keyed by document then alternative, sorted.
    fn sorted(alternatives: Vec<Vec<Box<dyn Scorer>>>) -> Self {
        let mut postings: Vec<(u64, Score)> = Vec::new();
        for (i, parts) in alternatives.into_iter().enumerate() {
            for mut part in parts {
                let mut doc = part.doc();
                while doc != TERMINATED {
                    postings.push(((u64::from(doc) << 32) | i as u64, part.score()));
                    doc = part.advance();
                }
            }
        }
        postings.sort_unstable_by_key(|p| p.0);
        let mut listed: Vec<(DocId, Score)> = Vec::new();
        let mut at = 0;
        while at < postings.len() {
            let key = postings[at].0;
            // An alternative of two parts: their sum, which does not depend on the order.
            let mut sum = postings[at].1;
            at += 1;
            while at < postings.len() && postings[at].0 == key {
                sum += postings[at].1;
                at += 1;
            }
            let doc = (key >> 32) as DocId;
            match listed.last_mut() {
                // `DisjunctionMaxCombiner` with a tie breaker of 0: the best score of a
                // document (plus 0 times the others', which adds nothing to a finite score).
                Some(last) if last.0 == doc => last.1 = Score::max(sum, last.1),
                _ => listed.push((doc, sum)),
            }
        }
        Self::of(listed)
    }

    /// The same, through a table of the segment's `max_doc` documents.
    fn dense(alternatives: Vec<Vec<Box<dyn Scorer>>>, max_doc: DocId) -> Self {
        DENSE.with(|scratch| {
            let mut scratch = scratch.borrow_mut();
            scratch.list(alternatives, max_doc as usize)
        })
    }

    fn of(docs: Vec<(DocId, Score)>) -> Self {
        let best = docs.iter().map(|(_, v)| *v).fold(0.0, Score::max);
        Listed { docs, best }
    }

    /// How many documents it holds.
    pub(crate) fn len(&self) -> usize {
        self.docs.len()
    }

    fn score_of(&self, doc: DocId) -> Option<Score> {
        let at = self.docs.binary_search_by_key(&doc, |(d, _)| *d).ok()?;
        Some(self.docs[at].1)
    }
}

thread_local! {
    /// The tables of [`Listed::dense`], kept from one listing to the next: made once
    /// per thread, their bits cleared as they are read.
    static DENSE: RefCell<DenseTables> = RefCell::new(DenseTables::default());
}

/// A table of a segment's documents: which hold a score, and the scores; the same for
/// the sum of an alternative's parts; each bit table all clear between listings.
#[derive(Default)]
struct DenseTables {
    found: Vec<u64>,
    best: Vec<Score>,
    in_sum: Vec<u64>,
    sums: Vec<Score>,
    summed: Vec<DocId>,
    /// Set while a listing runs: if one ever stopped half way, the bits are cleared.
    busy: bool,
}

impl DenseTables {
    fn list(&mut self, alternatives: Vec<Vec<Box<dyn Scorer>>>, max_doc: usize) -> Listed {
        let words = max_doc.div_ceil(64);
        if self.busy {
            self.found.iter_mut().for_each(|w| *w = 0);
            self.in_sum.iter_mut().for_each(|w| *w = 0);
            self.summed.clear();
        }
        if self.best.len() < max_doc {
            self.found.resize(words, 0);
            self.in_sum.resize(words, 0);
            self.best.resize(max_doc, 0.0);
            self.sums.resize(max_doc, 0.0);
        }
        self.busy = true;
        let DenseTables {
            found,
            best,
            in_sum,
            sums,
            summed,
            ..
        } = self;
        let mut keep = |doc: DocId, score: Score| {
            let (w, bit) = (doc as usize / 64, 1u64 << (doc % 64));
            if found[w] & bit == 0 {
                found[w] |= bit;
                best[doc as usize] = score;
            } else {
                best[doc as usize] = Score::max(score, best[doc as usize]);
            }
        };
        for mut parts in alternatives {
            if parts.len() == 1 {
                let part = &mut parts[0];
                let mut doc = part.doc();
                while doc != TERMINATED {
                    keep(doc, part.score());
                    doc = part.advance();
                }
                continue;
            }
            for part in &mut parts {
                let mut doc = part.doc();
                while doc != TERMINATED {
                    let (w, bit) = (doc as usize / 64, 1u64 << (doc % 64));
                    if in_sum[w] & bit == 0 {
                        in_sum[w] |= bit;
                        sums[doc as usize] = part.score();
                        summed.push(doc);
                    } else {
                        sums[doc as usize] += part.score();
                    }
                    doc = part.advance();
                }
            }
            for doc in summed.drain(..) {
                in_sum[doc as usize / 64] &= !(1u64 << (doc % 64));
                keep(doc, sums[doc as usize]);
            }
        }
        let mut listed = Vec::new();
        for (w, bits) in found[..words].iter_mut().enumerate() {
            let mut left = std::mem::take(bits);
            while left != 0 {
                let doc = (w * 64) as DocId + left.trailing_zeros();
                listed.push((doc, best[doc as usize]));
                left &= left - 1;
            }
        }
        self.busy = false;
        Listed::of(listed)
    }
}

/// A [`Listed`] walked or looked up, its scores multiplied by a boost.
struct ListedScorer {
    listed: Arc<Listed>,
    at: usize,
    boost: Score,
}

impl ListedScorer {
    fn new(listed: Arc<Listed>, boost: Score) -> Self {
        ListedScorer {
            listed,
            at: 0,
            boost,
        }
    }

    /// The best score of any document.
    fn best(&self) -> Score {
        self.scaled(self.listed.best)
    }

    fn scaled(&self, score: Score) -> Score {
        if self.boost == 1.0 {
            score
        } else {
            score * self.boost
        }
    }
}

impl DocSet for ListedScorer {
    fn advance(&mut self) -> DocId {
        self.at += 1;
        self.doc()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc() < target {
            let rest = &self.listed.docs[self.at..];
            self.at += rest.partition_point(|(d, _)| *d < target);
        }
        self.doc()
    }

    fn doc(&self) -> DocId {
        self.listed
            .docs
            .get(self.at)
            .map_or(TERMINATED, |(d, _)| *d)
    }

    fn size_hint(&self) -> u32 {
        self.listed.len() as u32
    }
}

impl Scorer for ListedScorer {
    fn score(&mut self) -> Score {
        let score = self.listed.docs.get(self.at).map_or(0.0, |(_, v)| *v);
        self.scaled(score)
    }
}

/// The scorer of a [`MaxOfWeight`]: stands on the first document any alternative is on.
/// The alternatives wait in a heap by the document they stand on, so moving past a
/// document touches only the alternatives before the target, however many there are.
struct MaxOfScorer {
    /// Alternatives by the document they stand on, first on top.
    heap: BinaryHeap<Reverse<(DocId, usize)>>,
    children: Vec<Box<dyn Scorer>>,
    /// Scratch: the alternatives standing on the current document, while scoring it.
    on_doc: Vec<usize>,
}

impl MaxOfScorer {
    fn new(children: Vec<Box<dyn Scorer>>) -> Self {
        let heap = children
            .iter()
            .enumerate()
            .filter(|(_, c)| c.doc() != TERMINATED)
            .map(|(i, c)| Reverse((c.doc(), i)))
            .collect();
        MaxOfScorer {
            heap,
            children,
            on_doc: Vec::new(),
        }
    }

    /// Moves every alternative standing before `target` (or on it, with `past`) on.
    fn move_to(&mut self, target: DocId, past: bool) {
        while let Some(&Reverse((d, i))) = self.heap.peek() {
            if d > target || (d == target && !past) {
                break;
            }
            self.heap.pop();
            let child = &mut self.children[i];
            let next = if d == target {
                child.advance()
            } else {
                child.seek(target)
            };
            if next != TERMINATED {
                self.heap.push(Reverse((next, i)));
            }
        }
    }
}

impl DocSet for MaxOfScorer {
    fn advance(&mut self) -> DocId {
        let doc = self.doc();
        if doc != TERMINATED {
            self.move_to(doc, true);
        }
        self.doc()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc() < target {
            self.move_to(target, false);
        }
        self.doc()
    }

    fn doc(&self) -> DocId {
        self.heap.peek().map_or(TERMINATED, |Reverse((d, _))| *d)
    }

    fn size_hint(&self) -> u32 {
        self.children
            .iter()
            .map(|c| c.size_hint())
            .max()
            .unwrap_or(0)
    }
}

impl Scorer for MaxOfScorer {
    fn score(&mut self) -> Score {
        let doc = self.doc();
        if doc == TERMINATED {
            return 0.0;
        }
        self.on_doc.clear();
        while let Some(&Reverse((d, i))) = self.heap.peek() {
            if d != doc {
                break;
            }
            self.heap.pop();
            self.on_doc.push(i);
        }
        // `DisjunctionMaxCombiner` with a tie breaker of 0, as tantivy's union feeds it.
        let (mut max, mut sum): (Score, Score) = (0.0, 0.0);
        for &i in &self.on_doc {
            let v = self.children[i].score();
            max = Score::max(v, max);
            sum += v;
            self.heap.push(Reverse((doc, i)));
        }
        max + (sum - max) * 0.0
    }
}

/// An alternative of two parts, walked: its score on a document is the sum of the parts
/// standing on it, in part order.
struct SumScorer {
    parts: Vec<Box<dyn Scorer>>,
}

impl DocSet for SumScorer {
    fn advance(&mut self) -> DocId {
        let doc = self.doc();
        for part in &mut self.parts {
            if part.doc() == doc {
                part.advance();
            }
        }
        self.doc()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        for part in &mut self.parts {
            if part.doc() < target {
                part.seek(target);
            }
        }
        self.doc()
    }

    fn doc(&self) -> DocId {
        self.parts
            .iter()
            .map(|p| p.doc())
            .min()
            .unwrap_or(TERMINATED)
    }

    fn size_hint(&self) -> u32 {
        self.parts.iter().map(|p| p.size_hint()).max().unwrap_or(0)
    }
}

impl Scorer for SumScorer {
    fn score(&mut self) -> Score {
        let doc = self.doc();
        let mut sum: Score = 0.0;
        for part in &mut self.parts {
            if part.doc() == doc {
                sum += part.score();
            }
        }
        sum
    }
}

/// A clause that adds to documents the words match, and never brings one in.
#[derive(Debug)]
pub(crate) struct Extra {
    query: Box<dyn Query>,
    /// What a document needs to match the clause.
    needs: Vec<Vec<Term>>,
}

impl Extra {
    /// A clause that matches a document only if the document has, for each list in
    /// `needs`, one of its terms; and whose frequency there (a term's, or a phrase's
    /// count) is at most, for each list, the sum of the frequencies of its terms.
    ///
    /// Pruning relies on both: it does not charge the clause's bound to documents that
    /// lack the terms, and bounds the clause's score from their frequencies. A list
    /// that names a term the words do not search says nothing (the clause is then
    /// assumed possible everywhere, with its plain bound).
    pub(crate) fn new(query: Box<dyn Query>, needs: Vec<Vec<Term>>) -> Self {
        Extra { query, needs }
    }
}

impl Clone for Extra {
    fn clone(&self) -> Self {
        Extra {
            query: self.query.box_clone(),
            needs: self.needs.clone(),
        }
    }
}

/// Words, then levels of extras, scored as `((words + level 1) + level 2) + …`, each
/// level the sum of its matching clauses in order, added when any of them matches.
#[derive(Debug)]
pub(crate) struct Bag {
    words: Box<dyn Query>,
    levels: Vec<Vec<Extra>>,
}

impl Bag {
    /// A bag of `words`, with `levels` of extras; empty levels are dropped.
    pub(crate) fn new(words: Box<dyn Query>, levels: Vec<Vec<Extra>>) -> Self {
        Bag {
            words,
            levels: levels.into_iter().filter(|l| !l.is_empty()).collect(),
        }
    }
}

impl Bag {
    /// The same query as a tree of tantivy queries, which scores every match:
    /// `Bool[Must(Bool[Must(words), Should(level 1…)]), Should(level 2…)]`.
    pub(crate) fn tree(&self) -> Box<dyn Query> {
        let mut tree = self.words.box_clone();
        // A [`MaxOf::one_leaf`] scores only documents the rest of the words match.
        if let Some(rest) = without_one_leaf(self.words.as_ref()) {
            let filter: Box<dyn Query> = Box::new(ConstScoreQuery::new(rest, 0.0));
            tree = Box::new(BooleanQuery::new(vec![
                (Occur::Must, filter),
                (Occur::Must, tree),
            ]));
        }
        for level in &self.levels {
            let mut all = vec![(Occur::Must, tree)];
            all.extend(level.iter().map(|e| (Occur::Should, e.query.box_clone())));
            tree = Box::new(BooleanQuery::new(all));
        }
        tree
    }
}

impl Clone for Bag {
    fn clone(&self) -> Self {
        Bag {
            words: self.words.box_clone(),
            levels: self.levels.clone(),
        }
    }
}

impl Query for Bag {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let EnableScoring::Enabled {
            statistics_provider,
            searcher,
        } = enable_scoring
        else {
            // Extras only add to scores: without scores the bag matches what its words do.
            return self.words.weight(enable_scoring);
        };
        let stats = CachedStatistics::new(statistics_provider);
        let enable = EnableScoring::enabled_from_statistics_provider(&stats, searcher);
        let mut leaves = Vec::new();
        let words = plan(self.words.as_ref(), 1.0, enable, &stats, &mut leaves)?;
        let word_leaves = leaves.len();
        let mut extras = Vec::new();
        for (level, clauses) in self.levels.iter().enumerate() {
            for clause in clauses {
                let shape = plan(clause.query.as_ref(), 1.0, enable, &stats, &mut leaves)?;
                let bound = shape_bound(&shape, &leaves);
                let needs = if word_leaves <= MASK_BITS {
                    clause
                        .needs
                        .iter()
                        .map(|any_of| mask_of(&leaves[..word_leaves], any_of))
                        .filter(|mask| *mask != 0)
                        .collect()
                } else {
                    Vec::new()
                };
                let dynamic = dynamic_of(&shape, &clause.needs, &leaves, word_leaves);
                let cheap = matches!(shape, Shape::Leaf(i) if leaves[i].term.is_some());
                extras.push(ExtraPlan {
                    shape,
                    level,
                    bound,
                    needs,
                    dynamic,
                    cheap,
                });
            }
        }
        let mut lookup_order: Vec<usize> = (0..extras.len()).collect();
        lookup_order.sort_by(|&a, &b| {
            let (x, y) = (&extras[a], &extras[b]);
            y.cheap.cmp(&x.cheap).then(y.bound.total_cmp(&x.bound))
        });
        Ok(Box::new(BagWeight {
            leaves,
            plan: Arc::new(Plan {
                words,
                word_leaves,
                extras,
                lookup_order,
                levels: self.levels.len(),
            }),
        }))
    }

    fn count(&self, searcher: &Searcher) -> tantivy::Result<usize> {
        match without_one_leaf(self.words.as_ref()) {
            Some(rest) => rest.count(searcher),
            None => self.words.count(searcher),
        }
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.words.query_terms(visitor);
        for clause in self.levels.iter().flatten() {
            clause.query.query_terms(visitor);
        }
    }
}

/// Term statistics looked up once per query: the words, exact forms and proximity
/// pairs share terms, and each lookup walks every segment's term dictionary.
struct CachedStatistics<'a> {
    inner: &'a dyn Bm25StatisticsProvider,
    docs: RefCell<Option<u64>>,
    tokens: RefCell<Vec<(Field, u64)>>,
    doc_freqs: RefCell<HashMap<Term, u64, BuildHasherDefault<Fx>>>,
}

impl<'a> CachedStatistics<'a> {
    fn new(inner: &'a dyn Bm25StatisticsProvider) -> Self {
        CachedStatistics {
            inner,
            docs: RefCell::new(None),
            tokens: RefCell::new(Vec::new()),
            doc_freqs: RefCell::new(HashMap::default()),
        }
    }
}

impl Bm25StatisticsProvider for CachedStatistics<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        if let Some((_, n)) = self.tokens.borrow().iter().find(|(f, _)| *f == field) {
            return Ok(*n);
        }
        let n = self.inner.total_num_tokens(field)?;
        self.tokens.borrow_mut().push((field, n));
        Ok(n)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        if let Some(n) = *self.docs.borrow() {
            return Ok(n);
        }
        let n = self.inner.total_num_docs()?;
        *self.docs.borrow_mut() = Some(n);
        Ok(n)
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        if let Some(n) = self.doc_freqs.borrow().get(term) {
            return Ok(*n);
        }
        let n = self.inner.doc_freq(term)?;
        self.doc_freqs.borrow_mut().insert(term.clone(), n);
        Ok(n)
    }
}

/// How many word leaves the bit masks of extras can name.
const MASK_BITS: usize = 64;
/// How many needed word leaves a segment tabulates the extras' bounds for (a table of
/// `2^POSSIBLE_BITS` sums).
const POSSIBLE_BITS: usize = 10;

fn bit(leaf: usize) -> u64 {
    if leaf < MASK_BITS {
        1 << leaf
    } else {
        0
    }
}

/// The word leaves that search one of `terms`.
fn mask_of(leaves: &[LeafWeight], terms: &[Term]) -> u64 {
    leaves
        .iter()
        .enumerate()
        .filter(|(_, l)| l.term.as_ref().is_some_and(|t| terms.contains(t)))
        .fold(0, |mask, (i, _)| mask | bit(i))
}

/// How a part of the query combines its leaves.
enum Shape {
    Leaf(usize),
    /// The sum of the matching parts, in order (a `BooleanQuery` of optional clauses).
    Sum(Vec<Shape>),
    /// The best matching part ([`MaxOf`]).
    Max(Vec<Shape>),
}

struct LeafWeight {
    weight: Box<dyn Weight>,
    /// The product of the boosts above the leaf, as tantivy hands it down.
    boost: Score,
    /// An upper bound on the leaf's scores (boost included), or infinity.
    bound: Score,
    /// The term, for a leaf that is a single term.
    term: Option<Term>,
    /// For a leaf scored `bound * f / (f + norms[fieldnorm id])` at most, with `f` its
    /// frequency in the document (a term's, or a phrase's count): the field and norms.
    saturation: Option<(Field, Arc<[Score; 256]>)>,
    /// Whether its postings may bring a document in; a [`MaxOf::one_leaf`] is only looked
    /// up for documents the other leaves bring.
    walk: bool,
}

/// A bound of an extra that depends on the document: from the frequencies of the word
/// leaves it needs, which cap its own.
struct Dynamic {
    /// For each need, the word leaves whose frequencies add up to at least the extra's.
    needs: Vec<Vec<usize>>,
    field: Field,
    norms: Arc<[Score; 256]>,
}

struct ExtraPlan {
    shape: Shape,
    level: usize,
    bound: Score,
    /// For each need, the word leaves of which a matching document has one.
    needs: Vec<u64>,
    dynamic: Option<Dynamic>,
    /// Whether it is a single term (cheaper to look up than a phrase).
    cheap: bool,
}

impl ExtraPlan {
    /// Whether a document lacking the word leaves in `missed` may match the clause.
    fn possible(&self, missed: u64) -> bool {
        self.needs.iter().all(|need| need & !missed != 0)
    }
}

struct Plan {
    words: Shape,
    /// Leaves `0..word_leaves` are the words'; the extras' leaves follow.
    word_leaves: usize,
    extras: Vec<ExtraPlan>,
    /// The order extras are looked up in: terms before phrases, by decreasing bound.
    lookup_order: Vec<usize>,
    levels: usize,
}

/// Splits `query` into leaves, as far as its structure is known to score as a sum or a
/// maximum of its parts.
fn plan(
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

/// Whether tantivy scores `b` as the sum of its matching clauses, in order: only
/// optional clauses, at most one needed, none matching everything (tantivy moves a
/// clause that matches everything to the end of the sum).
fn is_sum(b: &BooleanQuery) -> bool {
    b.get_minimum_number_should_match() <= 1
        && b.clauses()
            .iter()
            .all(|(o, q)| *o == Occur::Should && q.downcast_ref::<AllQuery>().is_none())
}

/// tantivy's idf.
fn idf(doc_freq: u64, doc_count: u64) -> Score {
    let doc_freq = doc_freq.min(doc_count);
    let x = ((doc_count - doc_freq) as Score + 0.5) / (doc_freq as Score + 0.5);
    (1.0 + x).ln()
}

/// `query` with every [`MaxOf::one_leaf`] in it taken out (what brings documents in);
/// `None` when it holds none.
fn without_one_leaf(query: &dyn Query) -> Option<Box<dyn Query>> {
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
fn holds_one_leaf(query: &dyn Query) -> bool {
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

/// An upper bound on the scores of `query` (boost 1), if its kind is known.
fn bound(query: &dyn Query, stats: &dyn Bm25StatisticsProvider) -> tantivy::Result<Option<Score>> {
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

/// The bound of `shape` for a document that holds only the leaves `allowed` marks.
fn restricted_bound(shape: &Shape, bounds: &[Score], allowed: &[bool]) -> Score {
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

fn shape_bound(shape: &Shape, leaves: &[LeafWeight]) -> Score {
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
fn dynamic_of(
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

struct BagWeight {
    leaves: Vec<LeafWeight>,
    plan: Arc<Plan>,
}

impl BagWeight {
    /// The scorers of one segment, with every word leaf walked.
    fn segment(&self, reader: &SegmentReader) -> tantivy::Result<Segment> {
        let plan = &self.plan;
        let mut leaves = Vec::with_capacity(self.leaves.len());
        for (i, leaf) in self.leaves.iter().enumerate() {
            leaves.push(if i < plan.word_leaves {
                Leaf::walking(LeafScorer::of(leaf.weight.scorer(reader, leaf.boost)?))
            } else {
                let (found, scorer) = leaf.weight.scorer_danger(reader, 0, leaf.boost)?;
                Leaf::looked_up(LeafScorer::of(scorer), found)
            });
        }
        let mut bounds: Vec<Score> = self.leaves[..plan.word_leaves]
            .iter()
            .map(|l| l.bound)
            .collect();
        let mut dead = 0;
        for (i, leaf) in leaves[..plan.word_leaves].iter().enumerate() {
            if leaf.next == TERMINATED {
                bounds[i] = 0.0;
                dead |= bit(i);
            } else if let Some(best) = leaf.scorer.listed_best() {
                bounds[i] = bounds[i].min(best * (1.0 + BOUND_SLACK));
            }
        }
        let mut lengths = Vec::with_capacity(plan.extras.len());
        for extra in &plan.extras {
            lengths.push(match &extra.dynamic {
                Some(d) => reader.get_fieldnorms_reader(d.field).ok(),
                None => None,
            });
        }
        let walk: Vec<bool> = self.leaves[..plan.word_leaves]
            .iter()
            .map(|l| l.walk)
            .collect();
        Ok(Segment::new(
            plan.clone(),
            leaves,
            &bounds,
            &walk,
            dead,
            lengths,
        ))
    }
}

impl Weight for BagWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let segment = self.segment(reader)?;
        let mut scorer = BagScorer {
            segment,
            doc: 0,
            score: 0.0,
            boost,
        };
        scorer.doc = scorer.segment.candidate();
        scorer.score_current();
        Ok(Box::new(scorer))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.doc() > doc || scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!(
                "Document #({doc}) does not match"
            )));
        }
        let mut out = Explanation::new(
            "sum of the words, then of each level of extras (exact forms, proximity)",
            scorer.score(),
        );
        for leaf in &self.leaves {
            if let Ok(part) = leaf.weight.explain(reader, doc) {
                out.add_detail(part);
            }
        }
        Ok(out)
    }

    /// The documents the words match: the union of the word leaves, walked without
    /// scores (the extras never change what matches).
    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        let mut matched = vec![0u64; (reader.max_doc() as usize).div_ceil(64)];
        for leaf in self.leaves[..self.plan.word_leaves]
            .iter()
            .filter(|l| l.walk)
        {
            let mut scorer = leaf.weight.scorer(reader, leaf.boost)?;
            let mut doc = scorer.doc();
            while doc != TERMINATED {
                if let Some(word) = matched.get_mut(doc as usize / 64) {
                    *word |= 1 << (doc % 64);
                }
                doc = scorer.advance();
            }
        }
        let alive = reader.alive_bitset();
        let mut count = 0;
        for (w, word) in matched.iter().enumerate() {
            let mut bits = *word;
            match alive {
                None => count += bits.count_ones(),
                Some(alive) => {
                    while bits != 0 {
                        let doc = (w * 64) as DocId + bits.trailing_zeros();
                        count += u32::from(alive.is_alive(doc));
                        bits &= bits - 1;
                    }
                }
            }
        }
        Ok(count)
    }

    fn for_each_pruning(
        &self,
        threshold: Score,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<()> {
        let mut segment = self.segment(reader)?;
        segment.prune(threshold, callback);
        Ok(())
    }
}

/// A leaf's scorer: Lupa's term scorer unboxed (most leaves are terms), anything else
/// behind tantivy's interface.
enum LeafScorer {
    Term(Box<Bm25TermScorer>),
    Other(Box<dyn Scorer>),
}

impl LeafScorer {
    /// The best score, when it is known in advance ([`ListedScorer`]).
    fn listed_best(&self) -> Option<Score> {
        match self {
            LeafScorer::Other(s) => s.downcast_ref::<ListedScorer>().map(ListedScorer::best),
            LeafScorer::Term(_) => None,
        }
    }

    fn of(scorer: Box<dyn Scorer>) -> Self {
        match scorer.downcast::<Bm25TermScorer>() {
            Ok(term) => LeafScorer::Term(term),
            Err(other) => LeafScorer::Other(other),
        }
    }

    fn doc(&self) -> DocId {
        match self {
            LeafScorer::Term(s) => s.doc(),
            LeafScorer::Other(s) => s.doc(),
        }
    }

    fn advance(&mut self) -> DocId {
        match self {
            LeafScorer::Term(s) => s.advance(),
            LeafScorer::Other(s) => s.advance(),
        }
    }

    fn seek(&mut self, target: DocId) -> DocId {
        match self {
            LeafScorer::Term(s) => s.seek(target),
            LeafScorer::Other(s) => s.seek(target),
        }
    }

    fn seek_danger(&mut self, target: DocId) -> SeekDangerResult {
        match self {
            LeafScorer::Term(s) => s.seek_danger(target),
            LeafScorer::Other(s) => s.seek_danger(target),
        }
    }

    fn score(&mut self) -> Score {
        match self {
            LeafScorer::Term(s) => s.score(),
            LeafScorer::Other(s) => s.score(),
        }
    }

    fn size_hint(&self) -> u32 {
        match self {
            LeafScorer::Term(s) => s.size_hint(),
            LeafScorer::Other(s) => s.size_hint(),
        }
    }
}

/// One leaf's scorer and what is known of where it stands.
struct Leaf {
    scorer: LeafScorer,
    /// No document before `next` matches; the scorer stands on `next` when `on`.
    next: DocId,
    /// Whether the scorer is in a valid state, standing on `next` (after a
    /// `seek_danger` that missed, it may not be).
    on: bool,
    /// The last document scored, and its score.
    scored: (DocId, Score),
}

impl Leaf {
    fn walking(scorer: LeafScorer) -> Self {
        Leaf {
            next: scorer.doc(),
            scorer,
            on: true,
            scored: (TERMINATED, 0.0),
        }
    }

    fn looked_up(scorer: LeafScorer, found: SeekDangerResult) -> Self {
        let (next, on) = match found {
            SeekDangerResult::Found => (0, true),
            SeekDangerResult::SeekLowerBound(lower) => (lower, false),
        };
        Leaf {
            scorer,
            next,
            on,
            scored: (TERMINATED, 0.0),
        }
    }

    /// The leaf's score for `doc`, if it matches; `doc` never decreases from one call to
    /// the next.
    fn score_at(&mut self, doc: DocId) -> Option<Score> {
        if doc < self.next {
            return None;
        }
        if self.scored.0 == doc {
            return Some(self.scored.1);
        }
        if doc > self.next || !self.on {
            match self.scorer.seek_danger(doc) {
                SeekDangerResult::Found => {
                    self.next = doc;
                    self.on = true;
                }
                SeekDangerResult::SeekLowerBound(lower) => {
                    self.next = lower;
                    self.on = false;
                    return None;
                }
            }
        }
        let score = self.scorer.score();
        self.scored = (doc, score);
        Some(score)
    }

    /// How often the leaf's term occurs in `doc`: 0 if it is known not to match, `None`
    /// if that is not known yet (or the leaf is not a term).
    fn freq_at(&self, doc: DocId) -> Option<u32> {
        if doc < self.next {
            return Some(0);
        }
        if doc == self.next && self.on {
            if let LeafScorer::Term(s) = &self.scorer {
                return Some(s.term_freq());
            }
        }
        None
    }

    /// Moves a walked leaf past `next`.
    fn advance(&mut self) {
        self.next = self.scorer.advance();
    }

    /// Moves a walked leaf to `target` or past it.
    fn seek(&mut self, target: DocId) {
        if self.next < target {
            self.next = self.scorer.seek(target);
        }
    }
}

struct Segment {
    plan: Arc<Plan>,
    leaves: Vec<Leaf>,
    /// The word leaves with postings here, by increasing bound.
    order: Vec<usize>,
    /// `prefix[m]`: the sum of the bounds of `order[..m]`.
    prefix: Vec<Score>,
    /// `limit[m]`: the best score of a document holding none of `order[m..]`.
    limit: Vec<Score>,
    /// Word leaves with no postings in this segment.
    dead: u64,
    /// For each word leaf that some extra needs, its bit in the index of `possible`.
    needed: Vec<usize>,
    /// `possible[c]`: the sum of the bounds of the extras that a document may match when
    /// it lacks the needed word leaves of bits `c` (NaN until computed; empty when there
    /// are too many).
    possible: Vec<Score>,
    /// `order[..lookups]` are only looked up, `order[lookups..]` walked.
    lookups: usize,
    /// `dead` in `possible`'s index.
    dead_compact: usize,
    /// The field lengths of the extras with a document-dependent bound.
    lengths: Vec<Option<FieldNormReader>>,
    /// Scratch: the extras to look up for the current document, each with the sum of
    /// the bounds of those after it.
    pending: Vec<(usize, Score)>,
}

impl Segment {
    fn new(
        plan: Arc<Plan>,
        leaves: Vec<Leaf>,
        bounds: &[Score],
        walk: &[bool],
        dead: u64,
        lengths: Vec<Option<FieldNormReader>>,
    ) -> Self {
        let n = plan.word_leaves;
        // Leaves with no postings here never match: neither walked nor looked up. Leaves
        // that never bring a document in come first, always looked up; then the others
        // by increasing bound.
        let mut order: Vec<usize> = (0..n).filter(|&i| leaves[i].next != TERMINATED).collect();
        order.sort_by(|&a, &b| {
            walk[a]
                .cmp(&walk[b])
                .then_with(|| bounds[a].total_cmp(&bounds[b]))
        });
        let looked_up_only = order.iter().filter(|&&i| !walk[i]).count();
        // `prefix[m]`: the best score of the words for a document holding only leaves of
        // `order[..m]`, through the sums and maximums of the words' shape (a word's
        // alternatives count once, by the best of them).
        let mut allowed = vec![false; n];
        let mut prefix = Vec::with_capacity(order.len() + 1);
        prefix.push(0.0);
        for &i in &order {
            allowed[i] = true;
            prefix.push(restricted_bound(&plan.words, bounds, &allowed));
        }
        // Bits of the word leaves that extras need, in `possible`'s index.
        let wanted = plan
            .extras
            .iter()
            .flat_map(|e| e.needs.iter())
            .fold(0, |a, m| a | m);
        let mut needed = vec![0usize; n];
        let mut leaf_of_bit = Vec::new();
        for (i, slot) in needed.iter_mut().enumerate() {
            if wanted & bit(i) != 0 {
                *slot = 1 << leaf_of_bit.len().min(POSSIBLE_BITS);
                leaf_of_bit.push(i);
            }
        }
        // Filled as documents need them.
        let possible = if leaf_of_bit.len() <= POSSIBLE_BITS {
            vec![Score::NAN; 1 << leaf_of_bit.len()]
        } else {
            Vec::new()
        };
        let mut segment = Segment {
            plan,
            leaves,
            order,
            prefix,
            limit: Vec::new(),
            dead,
            needed,
            possible,
            lookups: looked_up_only,
            dead_compact: 0,
            lengths,
            pending: Vec::new(),
        };
        segment.dead_compact = segment.compact(dead);
        segment.limit = (0..=segment.order.len())
            .map(|m| {
                let walked = segment.order[m..].iter().fold(dead, |acc, &i| acc | bit(i));
                segment.prefix[m] + segment.extras_bound(walked)
            })
            .collect();
        segment
    }

    /// The sum of the bounds of the extras a document lacking `missed` (bits of
    /// `possible`'s index in `compact`) may match.
    fn extras_bound_of(&mut self, missed: u64, compact: usize) -> Score {
        match self.possible.get(compact) {
            Some(b) if !b.is_nan() => *b,
            Some(_) => {
                let b = self.extras_bound(missed);
                self.possible[compact] = b;
                b
            }
            None => self.extras_bound(missed),
        }
    }

    /// The same, from `missed` alone.
    fn compact(&self, missed: u64) -> usize {
        self.needed
            .iter()
            .enumerate()
            .filter(|(i, _)| missed & bit(*i) != 0)
            .fold(0, |acc, (_, c)| acc | c)
    }

    /// The sum of the bounds of the extras a document lacking `missed` may match.
    fn extras_bound(&self, missed: u64) -> Score {
        self.plan
            .extras
            .iter()
            .filter(|e| e.possible(missed))
            .map(|e| e.bound)
            .sum()
    }

    /// A bound on extra `e` for `doc`, from what is known of the word leaves there.
    fn extra_bound(&self, e: usize, doc: DocId) -> Score {
        let extra = &self.plan.extras[e];
        let (Some(dynamic), Some(lengths)) = (&extra.dynamic, &self.lengths[e]) else {
            return extra.bound;
        };
        let mut freq = u32::MAX;
        for need in &dynamic.needs {
            let mut sum: u32 = 0;
            for &leaf in need {
                match self.leaves[leaf].freq_at(doc) {
                    Some(f) => sum = sum.saturating_add(f),
                    None => return extra.bound,
                }
            }
            freq = freq.min(sum);
        }
        if freq == 0 {
            return 0.0;
        }
        let f = freq as Score;
        extra.bound * (f / (f + dynamic.norms[lengths.fieldnorm_id(doc) as usize]))
    }

    /// The next document a walked leaf stands on.
    fn candidate(&self) -> DocId {
        self.order[self.lookups..]
            .iter()
            .map(|&i| self.leaves[i].next)
            .min()
            .unwrap_or(TERMINATED)
    }

    /// Moves the walked leaves that stand on `doc` past it; the next candidate.
    fn step(&mut self, doc: DocId) -> DocId {
        let mut next = TERMINATED;
        for &i in &self.order[self.lookups..] {
            let leaf = &mut self.leaves[i];
            if leaf.next == doc {
                leaf.advance();
            }
            next = next.min(leaf.next);
        }
        next
    }

    /// Raises the number of leaves that are only looked up, for `threshold`.
    fn raise(&mut self, threshold: Score) {
        let n = self.order.len();
        while self.lookups < n && self.limit[self.lookups + 1] <= threshold {
            self.lookups += 1;
        }
    }

    /// The exact score of `doc`, which a walked leaf stands on, with the extras that
    /// `missed` rules out left out.
    fn exact(&mut self, doc: DocId, missed: u64) -> Score {
        let plan = &self.plan;
        let leaves = &mut self.leaves;
        let mut score = value(leaves, &plan.words, doc).unwrap_or(0.0);
        let mut extras = plan.extras.iter().peekable();
        for level in 0..plan.levels {
            let mut sum: Score = 0.0;
            let mut any = false;
            while let Some(extra) = extras.next_if(|e| e.level == level) {
                if !extra.possible(missed) {
                    continue;
                }
                if let Some(v) = value(leaves, &extra.shape, doc) {
                    sum += v;
                    any = true;
                }
            }
            // `RequiredOptionalScorer`: the words, plus the level when it matches.
            if any {
                score += sum;
            }
        }
        score
    }

    /// The score of `doc`, a candidate, if it may beat `threshold`; `None` once it is
    /// sure not to.
    fn evaluate(&mut self, doc: DocId, threshold: Score) -> Option<Score> {
        let below = |partial: Score, rest: Score| partial * (1.0 + SUM_SLACK) + rest <= threshold;
        // The walked leaves: those on `doc` match, the others do not.
        let mut missed = self.dead;
        let mut compact = self.dead_compact;
        let mut partial: Score = 0.0;
        for k in self.lookups..self.order.len() {
            let i = self.order[k];
            if self.leaves[i].next == doc {
                partial += self.leaves[i].score_at(doc).unwrap_or(0.0);
            } else {
                missed |= bit(i);
                compact |= self.needed[i];
            }
        }
        let mut rest_extras = self.extras_bound_of(missed, compact);
        if below(partial, self.prefix[self.lookups] + rest_extras) {
            return None;
        }
        // The looked-up leaves, largest bound first.
        if self.lookups > 0 {
            for k in (0..self.lookups).rev() {
                let i = self.order[k];
                match self.leaves[i].score_at(doc) {
                    Some(v) => partial += v,
                    None => {
                        if missed & bit(i) == 0 {
                            missed |= bit(i);
                            if self.needed[i] != 0 {
                                compact |= self.needed[i];
                                rest_extras = self.extras_bound_of(missed, compact);
                            }
                        }
                    }
                }
                if below(partial, self.prefix[k] + rest_extras) {
                    return None;
                }
            }
        }
        // The extras still possible, with bounds from the words' frequencies here, in
        // the order they are looked up in: terms (cheap) before phrases, each kind by
        // decreasing bound.
        let mut pending = std::mem::take(&mut self.pending);
        pending.clear();
        let mut rest: Score = 0.0;
        for &e in &self.plan.lookup_order {
            if self.plan.extras[e].possible(missed) {
                let b = self.extra_bound(e, doc);
                if b > 0.0 {
                    pending.push((e, b));
                    rest += b;
                }
            }
        }
        let mut result = None;
        if !below(partial, rest) {
            // What the extras after each may still add (summed afresh, not subtracted,
            // so that rounding cannot shrink it).
            let mut after: Score = 0.0;
            for slot in pending.iter_mut().rev() {
                let b = slot.1;
                slot.1 = after;
                after += b;
            }
            result = Some(());
            for &(e, after) in &pending {
                if let Some(v) = value(&mut self.leaves, &self.plan.extras[e].shape, doc) {
                    partial += v;
                }
                if below(partial, after) {
                    result = None;
                    break;
                }
            }
        }
        self.pending = pending;
        result.map(|()| self.exact(doc, missed))
    }

    /// Calls `callback` with every document whose score beats the threshold it returns.
    fn prune(&mut self, mut threshold: Score, callback: &mut dyn FnMut(DocId, Score) -> Score) {
        self.raise(threshold);
        let mut doc = self.candidate();
        while doc != TERMINATED {
            if let Some(score) = self.evaluate(doc, threshold) {
                if score > threshold {
                    threshold = callback(doc, score);
                    self.raise(threshold);
                }
            }
            doc = self.step(doc);
        }
    }
}

/// The value of `shape` for `doc`: tantivy's sum or maximum of the matching parts.
fn value(leaves: &mut [Leaf], shape: &Shape, doc: DocId) -> Option<Score> {
    match shape {
        Shape::Leaf(i) => leaves[*i].score_at(doc),
        Shape::Sum(parts) => {
            // `SumCombiner`: 0, plus each matching part in order.
            let mut sum: Score = 0.0;
            let mut any = false;
            for part in parts {
                if let Some(v) = value(leaves, part, doc) {
                    sum += v;
                    any = true;
                }
            }
            any.then_some(sum)
        }
        Shape::Max(parts) => {
            // `DisjunctionMaxCombiner` with a tie breaker of 0.
            let (mut max, mut sum): (Score, Score) = (0.0, 0.0);
            let mut any = false;
            for part in parts {
                if let Some(v) = value(leaves, part, doc) {
                    max = Score::max(v, max);
                    sum += v;
                    any = true;
                }
            }
            any.then_some(max + (sum - max) * 0.0)
        }
    }
}

/// Every document the words match, with its exact score.
struct BagScorer {
    segment: Segment,
    doc: DocId,
    score: Score,
    boost: Score,
}

impl BagScorer {
    fn score_current(&mut self) {
        if self.doc != TERMINATED {
            // Every extra is looked up: this scorer is the reference pruning is held to.
            self.score = self.segment.exact(self.doc, 0) * self.boost;
        }
    }
}

impl DocSet for BagScorer {
    fn advance(&mut self) -> DocId {
        self.doc = self.segment.step(self.doc);
        self.score_current();
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        for leaf in &mut self.segment.leaves[..self.segment.plan.word_leaves] {
            leaf.seek(target);
        }
        self.doc = self.segment.candidate();
        self.score_current();
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.segment.leaves[..self.segment.plan.word_leaves]
            .iter()
            .map(|l| l.scorer.size_hint())
            .max()
            .unwrap_or(0)
    }
}

impl Scorer for BagScorer {
    fn score(&mut self) -> Score {
        self.score
    }
}

/// A hit in the making: better is a higher score, then an earlier address.
#[derive(PartialEq)]
struct Entry {
    score: Score,
    address: DocAddress,
}

impl Eq for Entry {}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        self.score
            .total_cmp(&other.score)
            .then_with(|| other.address.cmp(&self.address))
    }
}

/// A bag of words is pruned when its most frequent word is in at least this many
/// documents per hit asked for. Pruning skips documents but costs more per document
/// it does look at than tantivy's union of all matches; it pays when the matches far
/// outnumber the hits (measured with callgrind on the ELTeC novels: 10 hits for
/// questions whose words are in thousands of documents), not for 100 hits among
/// SQuAD-es paragraphs.
pub const PRUNE_DOCS_PER_HIT: u64 = 60;

/// Whether pruning `bag` for `k` hits pays (see [`PRUNE_DOCS_PER_HIT`]); always, for a
/// bag with related words.
fn worth_pruning(
    bag: &Bag,
    statistics: &dyn Bm25StatisticsProvider,
    k: usize,
) -> tantivy::Result<bool> {
    // The tree scores a `MaxOf::one_leaf` behind a filter of the rest of the words,
    // whose scorers cost more than pruning ever does (callgrind, 1,000 SQuAD-es questions
    // on the ELTeC novels: 3.27 G instructions pruned against 3.38 G).
    if holds_one_leaf(bag.words.as_ref()) {
        return Ok(true);
    }
    let mut terms = Vec::new();
    bag.words
        .query_terms(&mut |term, _| terms.push(term.clone()));
    let mut most = 0;
    for term in &terms {
        most = most.max(statistics.doc_freq(term)?);
    }
    Ok(most >= PRUNE_DOCS_PER_HIT.saturating_mul(k as u64))
}

/// Hits found: scores and addresses, best first.
pub(crate) type Hits = Vec<(Score, DocAddress)>;

/// The `k` best documents for `query`, best first (equal scores: earliest address
/// first), as tantivy's `TopDocs` finds them, and with `count` how many documents match
/// (as tantivy's `Count` finds them next to `TopDocs`: with the scoring weight, whose
/// sloppy phrases match a little differently from unscored ones). The `k`-th best score
/// so far is the threshold of every segment after the first, not only of its own.
///
/// A [`Bag`] is pruned when `always`, or when pruning pays ([`worth_pruning`]); else it
/// is scored as the tree of tantivy queries it stands for.
pub(crate) fn top_k(
    searcher: &Searcher,
    statistics: &dyn Bm25StatisticsProvider,
    query: &dyn Query,
    k: usize,
    count: bool,
    always: bool,
) -> tantivy::Result<(Hits, Option<usize>)> {
    let enable = EnableScoring::enabled_from_statistics_provider(statistics, searcher);
    let weight = match query.downcast_ref::<Bag>() {
        Some(bag) if !always && !worth_pruning(bag, statistics, k)? => bag.tree().weight(enable)?,
        _ => query.weight(enable)?,
    };
    let mut total = None;
    if count {
        let mut n = 0;
        for reader in searcher.segment_readers() {
            n += weight.count(reader)? as usize;
        }
        total = Some(n);
    }
    if k == 0 {
        return Ok((Vec::new(), total));
    }
    let mut heap: BinaryHeap<Reverse<Entry>> = BinaryHeap::with_capacity(k + 1);
    let mut threshold = Score::MIN;
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let segment = ord as u32;
        let alive = reader.alive_bitset();
        weight.for_each_pruning(threshold, reader, &mut |doc, score| {
            if alive.is_some_and(|a| a.is_deleted(doc)) {
                return threshold;
            }
            // Documents come in increasing address: one that ties the k-th best loses.
            if heap.len() < k || score > threshold {
                heap.push(Reverse(Entry {
                    score,
                    address: DocAddress::new(segment, doc),
                }));
                if heap.len() > k {
                    heap.pop();
                }
                if heap.len() == k {
                    threshold = heap.peek().map_or(Score::MIN, |Reverse(e)| e.score);
                }
            }
            threshold
        })?;
    }
    let mut hits: Vec<(Score, DocAddress)> = heap
        .into_iter()
        .map(|Reverse(e)| (e.score, e.address))
        .collect();
    hits.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    Ok((hits, total))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bm25::Bm25;
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{BoostQuery, DisjunctionMaxQuery};
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{doc, Index, IndexWriter};

    struct Fixture {
        index: Index,
        title: Field,
        body: Field,
    }

    /// Documents of the words `a` to `h`, with frequencies and lengths that vary, in
    /// two segments, one document deleted.
    fn fixture() -> Fixture {
        let mut builder = Schema::builder();
        let title = builder.add_text_field("title", TEXT);
        let body = builder.add_text_field("body", TEXT);
        let index = Index::create_in_ram(builder.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let words = ["a", "b", "c", "d", "e", "f", "g", "h"];
        let mut state: u64 = 3;
        let mut next = |n: u64| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
            (state >> 33) % n
        };
        for n in 0..600 {
            let len = 1 + next(if n % 7 == 0 { 60 } else { 12 });
            let text: Vec<&str> = (0..len)
                // Skewed: `a` is everywhere, `h` rare.
                .map(|_| words[(next(64) as f64).sqrt() as usize])
                .collect();
            let head = words[next(8) as usize];
            writer
                .add_document(doc!(title => head, body => text.join(" ")))
                .unwrap();
            if n == 300 {
                writer.commit().unwrap();
            }
        }
        writer
            .add_document(doc!(title => "zzz", body => "a b c d h"))
            .unwrap();
        writer.commit().unwrap();
        writer.delete_term(Term::from_field_text(title, "zzz"));
        writer.commit().unwrap();
        Fixture { index, title, body }
    }

    fn term(field: Field, word: &str) -> Box<dyn Query> {
        Box::new(Bm25TermQuery::new(
            Term::from_field_text(field, word),
            Bm25 { k1: 0.7, b: 0.75 },
        ))
    }

    fn word(f: &Fixture, w: &str, boost: Score) -> Box<dyn Query> {
        Box::new(BooleanQuery::union(vec![
            Box::new(Boost::new(term(f.title, w), boost)),
            term(f.body, w),
        ]))
    }

    fn near(f: &Fixture, a: &str, b: &str) -> Box<dyn Query> {
        Box::new(PhraseQuery::new_with_offset_and_slop(
            vec![
                (0, Term::from_field_text(f.body, a)),
                (1, Term::from_field_text(f.body, b)),
            ],
            3,
        ))
    }

    /// A bag of `words`, each word's exact form played by its title term and a pair
    /// phrase between neighbours; and the same as a tree of tantivy queries.
    fn bag(f: &Fixture, words: &[&str]) -> (Bag, Box<dyn Query>) {
        let clauses: Vec<Box<dyn Query>> = words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if i == 1 {
                    // A group of alternatives, as synonyms make.
                    Box::new(MaxOf::new(vec![word(f, w, 2.0), word(f, "h", 1.5)])) as _
                } else {
                    word(f, w, 2.0)
                }
            })
            .collect();
        let words_query: Box<dyn Query> = Box::new(BooleanQuery::union(clauses));
        let exact: Vec<Extra> = words
            .iter()
            .map(|w| {
                let needs = vec![vec![
                    Term::from_field_text(f.title, w),
                    Term::from_field_text(f.body, w),
                ]];
                Extra::new(Box::new(Boost::new(term(f.title, w), 0.5)), needs)
            })
            .collect();
        let pairs: Vec<Extra> = words
            .windows(2)
            .map(|p| {
                let needs = vec![
                    vec![Term::from_field_text(f.body, p[0])],
                    vec![Term::from_field_text(f.body, p[1])],
                ];
                Extra::new(Box::new(Boost::new(near(f, p[0], p[1]), 0.3)), needs)
            })
            .collect();
        let mut tree = words_query.box_clone();
        for level in [&exact, &pairs] {
            let mut all = vec![(Occur::Must, tree)];
            all.extend(level.iter().map(|e| (Occur::Should, e.query.box_clone())));
            tree = Box::new(BooleanQuery::new(all));
        }
        (Bag::new(words_query, vec![exact, pairs]), tree)
    }

    fn every_score(searcher: &Searcher, query: &dyn Query) -> Vec<(DocAddress, u32)> {
        let weight = query
            .weight(EnableScoring::enabled_from_searcher(searcher))
            .unwrap();
        let mut out = Vec::new();
        for (ord, reader) in searcher.segment_readers().iter().enumerate() {
            let mut scorer = weight.scorer(reader, 1.0).unwrap();
            while scorer.doc() != TERMINATED {
                if reader
                    .alive_bitset()
                    .is_none_or(|a| a.is_alive(scorer.doc()))
                {
                    out.push((
                        DocAddress::new(ord as u32, scorer.doc()),
                        scorer.score().to_bits(),
                    ));
                }
                scorer.advance();
            }
        }
        out
    }

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
            MaxOf::one_leaf(alternatives).remembered_in(Some(&lookups))
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
            .remembered_in(Some(&lookups));
        assert!(!other.one_leaf_weight(enable).unwrap().all_cached);
    }

    #[test]
    fn the_bag_scores_as_the_tree_it_replaces() {
        let f = fixture();
        let searcher = f.index.reader().unwrap().searcher();
        for words in [
            &["a", "b", "c", "d"][..],
            &["g", "e", "b"],
            &["h"],
            &["f", "a"],
        ] {
            let (bag, tree) = bag(&f, words);
            let scores = every_score(&searcher, &bag);
            assert!(!scores.is_empty());
            assert_eq!(scores, every_score(&searcher, tree.as_ref()), "{words:?}");
            assert_eq!(
                scores,
                every_score(&searcher, bag.tree().as_ref()),
                "{words:?}"
            );
            // Not worth pruning: the tree collects the same hits.
            let (pruned, _) = top_k(&searcher, &searcher, &bag, 5, false, true).unwrap();
            let (plain, _) = top_k(&searcher, &searcher, &bag, 5, false, false).unwrap();
            assert_eq!(pruned, plain);
            let count = searcher.search(tree.as_ref(), &Count).unwrap();
            let (_, total) = top_k(&searcher, &searcher, &bag, 0, true, true).unwrap();
            assert_eq!(total, Some(count));
        }
    }

    #[test]
    fn pruning_keeps_the_top_hits_and_their_scores() {
        let f = fixture();
        let searcher = f.index.reader().unwrap().searcher();
        for words in [
            &["a", "b", "c", "d"][..],
            &["g", "e", "b", "a"],
            &["h", "a"],
            &["a"],
        ] {
            let (bag, tree) = bag(&f, words);
            for k in [1, 5, 20, 200] {
                let (pruned, _) = top_k(&searcher, &searcher, &bag, k, false, true).unwrap();
                let full = searcher
                    .search(tree.as_ref(), &TopDocs::with_limit(k).order_by_score())
                    .unwrap();
                let bits = |v: &[(Score, DocAddress)]| -> Vec<(u32, DocAddress)> {
                    v.iter().map(|(s, a)| (s.to_bits(), *a)).collect()
                };
                assert_eq!(bits(&pruned), bits(&full), "{words:?}, k {k}");
                // tantivy's own collector drives the same pruning.
                let theirs = searcher
                    .search(&bag, &TopDocs::with_limit(k).order_by_score())
                    .unwrap();
                assert_eq!(bits(&theirs), bits(&full), "{words:?}, k {k}");
            }
        }
    }

    #[test]
    fn unknown_leaves_are_never_skipped() {
        // A fuzzy word has no known bound: it is walked whatever the threshold.
        let f = fixture();
        let searcher = f.index.reader().unwrap().searcher();
        let words: Box<dyn Query> = Box::new(BooleanQuery::union(vec![
            word(&f, "a", 2.0),
            Box::new(tantivy::query::FuzzyTermQuery::new(
                Term::from_field_text(f.body, "hh"),
                1,
                true,
            )),
        ]));
        let bag = Bag::new(words.box_clone(), vec![]);
        let (pruned, _) = top_k(&searcher, &searcher, &bag, 10, false, true).unwrap();
        let full = searcher
            .search(words.as_ref(), &TopDocs::with_limit(10).order_by_score())
            .unwrap();
        assert_eq!(pruned, full);
    }
}
