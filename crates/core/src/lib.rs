//! Lupa's Spanish analyzer, ingestion, index and search.
#![warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
pub mod analysis;
mod error;
pub mod eval;
mod hash;
mod index;
// The schema, by its short path.
use index::schema;
pub mod ingest;
mod rank;
mod search;

pub use error::{Error, Result, WriteCause};
pub use index::schema::{BODY, TITLE};
pub use index::{Index, IndexInfo, NewDocument, Stats, Writer, MARKER};
pub use index::{Progress, SyncOptions, SyncReport};
pub use ingest::{SkipReason, Skipped, Symlinks};
pub use rank::bm25;
pub use rank::prune::PRUNE_DOCS_PER_HIT;
pub use search::{
    default_synonyms, explain, parser, DefaultOperator, Document, Expansion, ExpansionReason,
    ExplainedTerm, Explanation, Hit, Part, Pruning, Ranking, SearchOptions, SearchResults, Snippet,
    Synonyms, SynonymsError, MAX_FUZZY_DISTANCE, MAX_PREFIX_TERMS, SUGGEST_BELOW,
};
pub use search::{json, thesaurus};
