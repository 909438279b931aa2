//! Scoring and pruning: how a document's score is computed, and how the best hits are
//! found without scoring every match.
//!
//! - [`bm25`]: BM25 for one term with `k1` and `b` open to tuning.
//! - `prune`: tantivy query types whose parts can be seen ([`prune::Boost`],
//!   [`prune::MaxOf`]) and the bag of words ([`prune::Bag`]) whose top hits are found by
//!   dynamic pruning (MaxScore), with the same scores, to the bit, as the tree of
//!   tantivy queries it replaces.
//!
//! This room uses tantivy, and the index's cache of listings (`crate::lookups`); it knows
//! nothing of the search, which hands it queries and searchers.

pub mod bm25;
pub(crate) mod prune;
