//! The weight of a [`super::Bag`]: sets up a segment's leaves for
//! [`super::bag_scorer`], counts matches, and prunes (`for_each_pruning`).

use std::sync::Arc;
use tantivy::query::{Explanation, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, TERMINATED};

use super::bag_scorer::{BagScorer, Segment};
use super::bounds::BOUND_SLACK;
use super::leaf::{Leaf, LeafScorer};
use super::plan::{bit, LeafWeight, Plan};

pub(super) struct BagWeight {
    pub(super) leaves: Vec<LeafWeight>,
    pub(super) plan: Arc<Plan>,
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
