//! The collector of Lupa's searches: the `k` best documents of a query, a [`Bag`]
//! pruned or scored as its tree; whether pruning pays.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use tantivy::query::{Bm25StatisticsProvider, EnableScoring, Query};
use tantivy::{DocAddress, Score, Searcher};

use super::bag::Bag;
use super::plan::holds_one_leaf;

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

/// The `k` best documents for `query` and every other that ties the `k`-th best, best
/// first (equal scores: earliest address first); the first `k` are those tantivy's
/// `TopDocs` finds. With the ties, a caller can order equal scores its own way without
/// searching again. With `count`, also how many documents match (as tantivy's `Count`
/// finds them next to `TopDocs`: with the scoring weight, whose sloppy phrases match a
/// little differently from unscored ones). The `k`-th best score so far is the threshold
/// of every segment after the first, not only of its own.
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
    let mut best = Best::new(k);
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let segment = ord as u32;
        let alive = reader.alive_bitset();
        weight.for_each_pruning(best.floor(), reader, &mut |doc, score| {
            if !alive.is_some_and(|a| a.is_deleted(doc)) {
                best.offer(score, DocAddress::new(segment, doc));
            }
            best.floor()
        })?;
    }
    Ok((best.into_hits(), total))
}

/// The `k` best documents offered so far, and those outside them that tie the worst.
struct Best {
    k: usize,
    heap: BinaryHeap<Reverse<Entry>>,
    /// Documents left out of the heap whose score equals the `k`-th best.
    tied: Vec<Entry>,
}

impl Best {
    fn new(k: usize) -> Best {
        Best {
            k,
            heap: BinaryHeap::with_capacity(k + 1),
            tied: Vec::new(),
        }
    }

    /// The `k`-th best score, once `k` documents are held.
    fn kth(&self) -> Option<Score> {
        if self.heap.len() < self.k {
            return None;
        }
        self.heap.peek().map(|Reverse(e)| e.score)
    }

    /// The score a document must beat to be offered: just below the `k`-th best, so
    /// that a tie is offered too (tantivy's scorers pass only scores above it).
    fn floor(&self) -> Score {
        self.kth().map_or(Score::MIN, Score::next_down)
    }

    fn offer(&mut self, score: Score, address: DocAddress) {
        let entry = Entry { score, address };
        let Some(kth) = self.kth() else {
            self.heap.push(Reverse(entry));
            return;
        };
        if score > kth {
            self.heap.push(Reverse(entry));
            let Some(Reverse(out)) = self.heap.pop() else {
                return;
            };
            match self.kth() {
                Some(now) if now == kth => self.tied.push(out),
                _ => self.tied.clear(),
            }
        } else if score == kth {
            self.tied.push(entry);
        }
    }

    /// Best first; equal scores, earliest address first.
    fn into_hits(self) -> Hits {
        let mut hits: Hits = self
            .heap
            .into_iter()
            .map(|Reverse(e)| e)
            .chain(self.tied)
            .map(|e| (e.score, e.address))
            .collect();
        hits.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rank::prune::fixture::{bag, fixture, word};
    use tantivy::collector::TopDocs;
    use tantivy::query::BooleanQuery;
    use tantivy::Term;

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
            // Every match, best first; equal scores, earliest address first.
            let every = searcher
                .search(
                    tree.as_ref(),
                    &TopDocs::with_limit(100_000).order_by_score(),
                )
                .unwrap();
            let bits = |v: &[(Score, DocAddress)]| -> Vec<(u32, DocAddress)> {
                v.iter().map(|(s, a)| (s.to_bits(), *a)).collect()
            };
            for k in [1, 5, 20, 200] {
                let (pruned, _) = top_k(&searcher, &searcher, &bag, k, false, true).unwrap();
                let full = searcher
                    .search(tree.as_ref(), &TopDocs::with_limit(k).order_by_score())
                    .unwrap();
                // The k best, then every other match that ties the k-th.
                assert_eq!(bits(&pruned[..full.len()]), bits(&full), "{words:?}, k {k}");
                let kth = full.last().map(|(score, _)| *score);
                let ties = every[full.len()..]
                    .iter()
                    .take_while(|(score, _)| Some(*score) == kth)
                    .count();
                assert_eq!(pruned.len(), full.len() + ties, "{words:?}, k {k}");
                assert_eq!(
                    bits(&pruned),
                    bits(&every[..pruned.len()]),
                    "{words:?}, k {k}"
                );
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
