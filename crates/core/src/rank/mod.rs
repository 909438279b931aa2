//! Scoring and pruning: how a document's score is computed, and how the best hits are
//! found without scoring every match.
//!
//! - [`bm25`]: BM25 for one term with `k1` and `b` open to tuning.
//! - `prune`: tantivy query types whose parts can be seen ([`prune::Boost`],
//!   [`prune::MaxOf`]) and the bag of words ([`prune::Bag`]) whose top hits are found by
//!   dynamic pruning (MaxScore), with the same scores, to the bit, as the tree of
//!   tantivy queries it replaces.
//!
//! This room uses tantivy only (and the crate's hasher): it knows neither the index nor
//! the search, which hand it queries and searchers; what it remembers between queries it
//! keeps in a store they give it ([`prune::ListingStore`], the index's cache of lookups).

pub mod bm25;
pub(crate) mod prune;
