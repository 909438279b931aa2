//! [`Bag`], the query: words, then levels of [`Extra`] clauses; its weight is planned
//! here ([`super::plan`]) and built in [`super::bag_weight`].

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::Arc;
use tantivy::query::{
    Bm25StatisticsProvider, BooleanQuery, ConstScoreQuery, EnableScoring, Occur, Query, Weight,
};
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

use super::bag_weight::BagWeight;
use super::plan::{
    dynamic_of, mask_of, plan, shape_bound, without_one_leaf, ExtraPlan, Plan, Shape, MASK_BITS,
};
use crate::hash::Fx;

/// A clause that adds to documents the words match, and never brings one in.
#[derive(Debug)]
pub(crate) struct Extra {
    pub(super) query: Box<dyn Query>,
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
    pub(super) words: Box<dyn Query>,
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

#[cfg(test)]
mod tests {
    use crate::rank::prune::fixture::{bag, every_score, fixture};
    use crate::rank::prune::top_k;
    use tantivy::collector::Count;

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
}
