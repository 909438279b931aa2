//! Lupa's Spanish analyzer, ingestion, index and search.
#![warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
pub mod analysis;
mod batch;
mod document;
mod error;
pub mod eval;
mod explain;
mod index;
// The schema, by its short path.
use index::schema;
pub mod ingest;
pub mod json;
mod lookups;
mod rank;
mod search;
mod snippet;
mod suggest;
mod synonyms;
pub mod thesaurus;

pub use document::Document;
pub use error::{Error, Result, WriteCause};
pub use explain::{explain, ExplainedTerm, Explanation, Part};
pub use index::schema::{BODY, TITLE};
pub use index::{Index, IndexInfo, NewDocument, Stats, Writer, MARKER};
pub use index::{Progress, SyncOptions, SyncReport};
pub use ingest::{SkipReason, Skipped, Symlinks};
pub use rank::bm25;
pub use rank::prune::PRUNE_DOCS_PER_HIT;
pub use search::{
    default_synonyms, parser, DefaultOperator, Expansion, ExpansionReason, Hit, Pruning, Ranking,
    SearchOptions, SearchResults, MAX_FUZZY_DISTANCE, MAX_PREFIX_TERMS,
};
pub use snippet::Snippet;
pub use suggest::SUGGEST_BELOW;
pub use synonyms::{Synonyms, SynonymsError};
