//! Dynamic pruning (MaxScore) for bags of words.
//!
//! A bag-of-words query scores a document as its words, plus the exact forms it holds,
//! plus the proximity of its words:
//!
//! ```text
//! score = ((words) + (exact forms)) + (proximity pairs)
//! ```
//!
//! where each part sums, in clause order, the clauses that match, and only documents
//! that match the words count at all. The tree of tantivy queries it replaces,
//! `Bool[Must(Bool[Must(words), Should(exact…)]), Should(near…)]`, scores every document
//! that holds any word, so a collector of the top hits can skip nothing.
//!
//! [`Bag`] computes the same sums, with the same floating-point operations in the same
//! order (so the same scores, to the bit), and its [`Weight::for_each_pruning`] skips
//! documents that cannot beat the current `k`-th score:
//!
//! - Every leaf of the words (a term, a phrase, anything tantivy scores) has an upper
//!   bound on its score: BM25's `idf × (k1 + 1) × boost` for a term, since
//!   `tf / (tf + norm)` stays below 1; for a phrase, tantivy's BM25 over the sum of its
//!   terms' idf. A leaf whose bound is unknown is never skipped.
//! - The leaves, sorted by bound, split into *non-essential* ones, whose bounds add up to
//!   less than the threshold, and *essential* ones (MaxScore): a document that holds no
//!   essential leaf cannot make the top, so only the essential leaves' postings are
//!   walked, and the others are looked up (`seek`) for the documents found that way.
//! - The exact-form and proximity clauses ("extras") never bring a document in; each
//!   says which words it needs (a pair of words close together needs both words in the
//!   body; the exact form `retirada` needs its stem `retir` in the title or the body),
//!   so a document that lacks them is not charged their bound. Their frequency is also
//!   capped by the words' (a pair occurs close together at most as often as its rarer
//!   word; `retirada` at most as often as `retir`), so once the words are known for a
//!   document, each extra gets a bound for that document alone. They are looked up
//!   last, terms before phrases, only for documents still in the running.
//! - [`Weight::scorer`] still walks every matching document with its exact score, for
//!   counting and for collectors that do not prune.
//!
//! [`Boost`] and [`MaxOf`] are tantivy's `BoostQuery` and `DisjunctionMaxQuery` (same
//! weights, same scores) whose parts this module can see.
//!
//! # The files
//!
//! As tantivy splits a query type (`boolean_query/`: the query, its weight, its scorer,
//! its pruning), one concern a file:
//!
//! | file | holds |
//! |---|---|
//! | `boost.rs` | [`Boost`] |
//! | `max_of.rs` | [`MaxOf`] and the weight of a [`MaxOf::one_leaf`] |
//! | `listing.rs` | a one-leaf maximum's postings read in advance ([`Listed`]) and their scorer |
//! | `max_of_scorer.rs` | a one-leaf maximum's alternatives walked side by side |
//! | `bag.rs` | [`Bag`] and [`Extra`], the query |
//! | `plan.rs` | the bag split into leaves, with what each extra needs, and the bounds of its shapes |
//! | `bounds.rs` | the upper bound of a query by its kind, and the slack for rounding |
//! | `bag_weight.rs` | the bag's weight: a segment set up, counted, pruned |
//! | `leaf.rs` | one leaf's scorer in a segment |
//! | `bag_scorer.rs` | the per-segment walk (MaxScore) and the scorer of every match |
//! | `top_k.rs` | the `k` best hits of a query ([`top_k`]) |
//!
//! This room uses tantivy and [`super::bm25`]; listings are remembered across queries
//! in a [`ListingStore`] the caller hands [`MaxOf`] (the index's cache of lookups).

mod bag;
mod bag_scorer;
mod bag_weight;
mod boost;
mod bounds;
#[cfg(test)]
mod fixture;
mod leaf;
mod listing;
mod max_of;
mod max_of_scorer;
mod plan;
mod top_k;

pub(crate) use bag::{Bag, Extra};
pub(crate) use boost::Boost;
pub(crate) use listing::{Listed, ListingStore, SegmentListings};
pub(crate) use max_of::MaxOf;
pub use top_k::PRUNE_DOCS_PER_HIT;
pub(crate) use top_k::{top_k, Hits};
