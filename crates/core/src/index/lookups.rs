//! Term statistics and closest words, looked up once per searcher generation.
//!
//! Every query looks up the document frequency of each of its terms in every
//! segment's term dictionary (for BM25, and to tell a typo from a word), and walks the
//! folded dictionary with a Levenshtein automaton for each word that no document holds.
//! Questions in a batch share many words (and, in a set of questions about one
//! article, the same unknown names), so the answers are kept until the index changes:
//! they depend only on the searcher generation, so the scores cannot change.
//!
//! The cache only stores: the search looks the closest words up (`search::suggest`)
//! and hands the lookup in, and the pruner's listings come through
//! [`ListingStore`], so this file knows neither the search nor the pruner's workings.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::{Arc, Mutex, MutexGuard};
use tantivy::index::SegmentId;
use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

use crate::hash::Fx;
use crate::rank::prune::{Listed, ListingStore, SegmentListings};

/// Past this many entries a generation's maps start over (a long-running process
/// searching ever new words must not grow without end).
const MAX_ENTRIES: usize = 200_000;
/// Past this many postings held in listings, a generation's listings start over (32 MiB).
const MAX_LISTED_POSTINGS: usize = 4 << 20;

/// The lookups of one searcher generation; shared by the clones of an index.
#[derive(Clone, Default)]
pub(crate) struct Lookups(Arc<Mutex<Generation>>);

#[derive(Default)]
struct Generation {
    id: Option<u64>,
    docs: Option<u64>,
    tokens: Vec<(Field, u64)>,
    doc_freqs: HashMap<Term, u64, BuildHasherDefault<Fx>>,
    closest: HashMap<(Field, String, usize), Option<String>>,
    /// Keyed also by the stem the other word must not have.
    closest_other: HashMap<(Field, String, usize, String), Option<String>>,
    /// The listings of [`crate::rank::prune::MaxOf::one_leaf`]s (a word's related words), by
    /// what the alternatives are, then by segment.
    listings: HashMap<Vec<u8>, SegmentListings, BuildHasherDefault<Fx>>,
    /// How many postings the listings hold.
    listed_postings: usize,
}

impl Lookups {
    /// The state for `searcher`'s generation, emptied if it was another's. A panic
    /// elsewhere while it was held leaves nothing half written that matters (at worst
    /// an entry is missing), so a poisoned lock is taken as it is.
    fn lock(&self, searcher: &Searcher) -> MutexGuard<'_, Generation> {
        let mut generation = match self.0.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        let current = searcher.generation().generation_id();
        let full = generation.doc_freqs.len()
            + generation.closest.len()
            + generation.closest_other.len()
            + generation.listings.len()
            > MAX_ENTRIES;
        if generation.id != Some(current) || full {
            *generation = Generation {
                id: Some(current),
                ..Generation::default()
            };
        }
        generation
    }

    /// Forgets everything (a reload makes a new searcher generation anyway).
    pub(crate) fn clear(&self) {
        let mut generation = match self.0.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        *generation = Generation::default();
    }

    /// BM25 statistics of `searcher`, remembered.
    pub(crate) fn statistics<'a>(&'a self, searcher: &'a Searcher) -> Statistics<'a> {
        Statistics {
            lookups: self,
            searcher,
        }
    }

    /// Where the pruner's one-leaf maximums remember their listings: these lookups.
    pub(crate) fn listing_store(&self) -> Arc<dyn ListingStore> {
        Arc::new(self.clone())
    }

    /// The closest word to `typed` in `field` within `max_edits` edits, remembered:
    /// `find` looks it up when it is not (the search's `closest_word`).
    pub(crate) fn closest_word(
        &self,
        searcher: &Searcher,
        field: Field,
        typed: &str,
        max_edits: usize,
        find: impl FnOnce() -> tantivy::Result<Option<String>>,
    ) -> tantivy::Result<Option<String>> {
        let key = (field, typed.to_string(), max_edits);
        if let Some(found) = self.lock(searcher).closest.get(&key) {
            return Ok(found.clone());
        }
        let found = find()?;
        self.lock(searcher).closest.insert(key, found.clone());
        Ok(found)
    }

    /// The closest other word to `typed`, a word whose own stem is `stem`, in `field`
    /// within `max_edits` edits, remembered: `find` looks it up when it is not (the
    /// search's `closest_other_word`), and its answer must depend only on the word and
    /// `stem`.
    pub(crate) fn closest_other_word(
        &self,
        searcher: &Searcher,
        field: Field,
        typed: &str,
        max_edits: usize,
        stem: &str,
        find: impl FnOnce() -> tantivy::Result<Option<String>>,
    ) -> tantivy::Result<Option<String>> {
        let key = (field, typed.to_string(), max_edits, stem.to_string());
        if let Some(found) = self.lock(searcher).closest_other.get(&key) {
            return Ok(found.clone());
        }
        let found = find()?;
        self.lock(searcher).closest_other.insert(key, found.clone());
        Ok(found)
    }
}

/// The listings of [`crate::rank::prune::MaxOf::one_leaf`]s are kept with the rest of a
/// generation's lookups.
impl ListingStore for Lookups {
    fn listed(&self, searcher: &Searcher, key: &[u8]) -> SegmentListings {
        self.lock(searcher)
            .listings
            .get(key)
            .cloned()
            .unwrap_or_default()
    }

    fn keep_listed(
        &self,
        searcher: &Searcher,
        segment: SegmentId,
        key: &[u8],
        listed: Arc<Listed>,
    ) {
        let mut generation = self.lock(searcher);
        if generation.listed_postings + listed.len() > MAX_LISTED_POSTINGS {
            generation.listings.clear();
            generation.listed_postings = 0;
        }
        generation.listed_postings += listed.len();
        let segments = generation.listings.entry(key.to_vec()).or_default();
        match segments.iter_mut().find(|(s, _)| *s == segment) {
            // Two threads listed the same: the count keeps one.
            Some(slot) => {
                let old = std::mem::replace(&mut slot.1, listed);
                generation.listed_postings -= old.len();
            }
            None => segments.push((segment, listed)),
        }
    }
}

/// A searcher's BM25 statistics, looked up through [`Lookups`].
pub(crate) struct Statistics<'a> {
    lookups: &'a Lookups,
    searcher: &'a Searcher,
}

impl Bm25StatisticsProvider for Statistics<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        if let Some((_, n)) = self
            .lookups
            .lock(self.searcher)
            .tokens
            .iter()
            .find(|(f, _)| *f == field)
        {
            return Ok(*n);
        }
        let n = self.searcher.total_num_tokens(field)?;
        self.lookups.lock(self.searcher).tokens.push((field, n));
        Ok(n)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        if let Some(n) = self.lookups.lock(self.searcher).docs {
            return Ok(n);
        }
        let n = Bm25StatisticsProvider::total_num_docs(self.searcher)?;
        self.lookups.lock(self.searcher).docs = Some(n);
        Ok(n)
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        if let Some(n) = self.lookups.lock(self.searcher).doc_freqs.get(term) {
            return Ok(*n);
        }
        let n = self.searcher.doc_freq(term)?;
        self.lookups
            .lock(self.searcher)
            .doc_freqs
            .insert(term.clone(), n);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Index, NewDocument};

    #[test]
    fn answers_follow_the_index() {
        let index = Index::create_in_ram().unwrap();
        let add = |body: &str, id: &str| {
            let mut w = index.writer().unwrap();
            w.add(&NewDocument {
                id: id.into(),
                file: id.into(),
                body: body.into(),
                ..Default::default()
            })
            .unwrap();
            w.commit(&Default::default()).unwrap();
            index.reload().unwrap();
        };
        add("retirada de las tropas", "a");
        let lookups = Lookups::default();
        let term = Term::from_field_text(index.fields.body, "trop");
        let searcher = index.reader.searcher();
        assert_eq!(lookups.statistics(&searcher).doc_freq(&term).unwrap(), 1);
        assert_eq!(
            lookups
                .closest_word(&searcher, index.fields.folded, "tropaz", 1, || {
                    crate::search::suggest::closest_word(
                        &searcher,
                        index.fields.folded,
                        "tropaz",
                        1,
                    )
                })
                .unwrap()
                .as_deref(),
            Some("tropas")
        );
        add("más tropas", "b");
        let searcher = index.reader.searcher();
        // A new generation: looked up again.
        assert_eq!(lookups.statistics(&searcher).doc_freq(&term).unwrap(), 2);
        assert_eq!(
            Bm25StatisticsProvider::total_num_docs(&lookups.statistics(&searcher)).unwrap(),
            2
        );
    }
}
