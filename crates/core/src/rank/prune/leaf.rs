//! One leaf's scorer in a segment, walked or looked up, and what is known of where it
//! stands.

use tantivy::query::Scorer;
use tantivy::{DocId, DocSet, Score, SeekDangerResult, TERMINATED};

use super::listing::ListedScorer;
use crate::rank::bm25::Bm25TermScorer;

/// A leaf's scorer: Lupa's term scorer unboxed (most leaves are terms), anything else
/// behind tantivy's interface.
pub(super) enum LeafScorer {
    Term(Box<Bm25TermScorer>),
    Other(Box<dyn Scorer>),
}

impl LeafScorer {
    /// The best score, when it is known in advance ([`ListedScorer`]).
    pub(super) fn listed_best(&self) -> Option<Score> {
        match self {
            LeafScorer::Other(s) => s.downcast_ref::<ListedScorer>().map(ListedScorer::best),
            LeafScorer::Term(_) => None,
        }
    }

    pub(super) fn of(scorer: Box<dyn Scorer>) -> Self {
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

    pub(super) fn size_hint(&self) -> u32 {
        match self {
            LeafScorer::Term(s) => s.size_hint(),
            LeafScorer::Other(s) => s.size_hint(),
        }
    }
}

/// One leaf's scorer and what is known of where it stands.
pub(super) struct Leaf {
    pub(super) scorer: LeafScorer,
    /// No document before `next` matches; the scorer stands on `next` when `on`.
    pub(super) next: DocId,
    /// Whether the scorer is in a valid state, standing on `next` (after a
    /// `seek_danger` that missed, it may not be).
    on: bool,
    /// The last document scored, and its score.
    scored: (DocId, Score),
}

impl Leaf {
    pub(super) fn walking(scorer: LeafScorer) -> Self {
        Leaf {
            next: scorer.doc(),
            scorer,
            on: true,
            scored: (TERMINATED, 0.0),
        }
    }

    pub(super) fn looked_up(scorer: LeafScorer, found: SeekDangerResult) -> Self {
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
    pub(super) fn score_at(&mut self, doc: DocId) -> Option<Score> {
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
    pub(super) fn freq_at(&self, doc: DocId) -> Option<u32> {
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
    pub(super) fn advance(&mut self) {
        self.next = self.scorer.advance();
    }

    /// Moves a walked leaf to `target` or past it.
    pub(super) fn seek(&mut self, target: DocId) {
        if self.next < target {
            self.next = self.scorer.seek(target);
        }
    }
}
