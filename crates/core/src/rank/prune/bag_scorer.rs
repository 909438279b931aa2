//! The per-segment walk of a [`super::Bag`] (MaxScore): which leaves are walked and
//! which only looked up for the current threshold, the bounds of the extras a document
//! may still match, and the exact score; and [`BagScorer`], which scores every match.

use std::sync::Arc;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::query::Scorer;
use tantivy::{DocId, DocSet, Score, TERMINATED};

use super::bounds::SUM_SLACK;
use super::leaf::Leaf;
use super::plan::{bit, restricted_bound, Plan, Shape, POSSIBLE_BITS};

pub(super) struct Segment {
    pub(super) plan: Arc<Plan>,
    pub(super) leaves: Vec<Leaf>,
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
    pub(super) fn new(
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
    pub(super) fn candidate(&self) -> DocId {
        self.order[self.lookups..]
            .iter()
            .map(|&i| self.leaves[i].next)
            .min()
            .unwrap_or(TERMINATED)
    }

    /// Moves the walked leaves that stand on `doc` past it; the next candidate.
    pub(super) fn step(&mut self, doc: DocId) -> DocId {
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
    pub(super) fn exact(&mut self, doc: DocId, missed: u64) -> Score {
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
    pub(super) fn prune(
        &mut self,
        mut threshold: Score,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) {
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
pub(super) struct BagScorer {
    pub(super) segment: Segment,
    pub(super) doc: DocId,
    pub(super) score: Score,
    pub(super) boost: Score,
}

impl BagScorer {
    pub(super) fn score_current(&mut self) {
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
