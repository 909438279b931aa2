//! The listing of a [`super::MaxOf::one_leaf`] in a segment: its alternatives' postings
//! read in advance, sorted or through a table of the segment's documents, with the best
//! score of all; and the scorer that walks or looks up a listing.

use std::cell::RefCell;
use std::sync::Arc;
use tantivy::index::SegmentId;
use tantivy::query::Scorer;
use tantivy::{DocId, DocSet, Score, Searcher, TERMINATED};

/// The listings of one set of alternatives, by segment.
pub(crate) type SegmentListings = Vec<(SegmentId, Arc<Listed>)>;

/// Where [`super::MaxOf::one_leaf`]s remember their listings, for the next query of the
/// same searcher generation that holds the same alternatives (the index's cache of
/// lookups is one): this room keeps no state between queries itself.
pub(crate) trait ListingStore: Send + Sync {
    /// The listings remembered of the alternatives `key` describes, by segment.
    fn listed(&self, searcher: &Searcher, key: &[u8]) -> SegmentListings;

    /// Remembers the listing of the alternatives `key` describes in `segment`.
    fn keep_listed(&self, searcher: &Searcher, segment: SegmentId, key: &[u8], listed: Arc<Listed>);
}

/// How a [`MaxOfWeight`]'s scorer is made for a segment.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Listing {
    /// Every posting read and sorted by document.
    Sorted,
    /// Every posting read into a table of the segment's documents.
    Dense,
    /// The alternatives walked side by side.
    Walked,
}

impl Listing {
    pub(super) fn of(postings: u64, max_doc: DocId) -> Listing {
        if postings > LISTED_POSTINGS {
            Listing::Walked
        } else if max_doc <= DENSE_DOCS && postings * DENSE_RATIO >= u64::from(max_doc) {
            Listing::Dense
        } else {
            Listing::Sorted
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
    pub(super) best: Score,
}

impl Listed {
    /// Every posting of every part, keyed by document then alternative, sorted.
    pub(super) fn sorted(alternatives: Vec<Vec<Box<dyn Scorer>>>) -> Self {
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
    pub(super) fn dense(alternatives: Vec<Vec<Box<dyn Scorer>>>, max_doc: DocId) -> Self {
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

    pub(super) fn score_of(&self, doc: DocId) -> Option<Score> {
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
pub(super) struct ListedScorer {
    listed: Arc<Listed>,
    at: usize,
    boost: Score,
}

impl ListedScorer {
    pub(super) fn new(listed: Arc<Listed>, boost: Score) -> Self {
        ListedScorer {
            listed,
            at: 0,
            boost,
        }
    }

    /// The best score of any document.
    pub(super) fn best(&self) -> Score {
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
