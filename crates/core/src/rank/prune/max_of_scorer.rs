//! The scorers of a [`super::MaxOf::one_leaf`] too long to list: the best of its
//! alternatives, walked side by side, each the sum of its parts.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use tantivy::query::Scorer;
use tantivy::{DocId, DocSet, Score, TERMINATED};

/// The scorer of a [`MaxOfWeight`]: stands on the first document any alternative is on.
/// The alternatives wait in a heap by the document they stand on, so moving past a
/// document touches only the alternatives before the target, however many there are.
pub(super) struct MaxOfScorer {
    /// Alternatives by the document they stand on, first on top.
    heap: BinaryHeap<Reverse<(DocId, usize)>>,
    children: Vec<Box<dyn Scorer>>,
    /// Scratch: the alternatives standing on the current document, while scoring it.
    on_doc: Vec<usize>,
}

impl MaxOfScorer {
    pub(super) fn new(children: Vec<Box<dyn Scorer>>) -> Self {
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
pub(super) struct SumScorer {
    pub(super) parts: Vec<Box<dyn Scorer>>,
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
