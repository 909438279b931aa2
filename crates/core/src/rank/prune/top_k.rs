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
