//! Lupa's Spanish analyzer, ingestion, index and search.
pub mod analysis;
mod error;
pub mod eval;
mod explain;
mod index;
pub mod ingest;
mod schema;
mod search;
mod snippet;
mod sync;

pub use error::{Error, Result};
pub use explain::{explain, ExplainedTerm, Explanation, Part};
pub use index::{Index, IndexInfo, NewDocument, Stats, Writer};
pub use ingest::{SkipReason, Skipped};
pub use schema::{BODY, TITLE};
pub use search::{
    parser, DefaultOperator, Hit, Ranking, SearchOptions, SearchResults, MAX_FUZZY_DISTANCE,
    MAX_PREFIX_TERMS,
};
pub use snippet::Snippet;
pub use sync::{Progress, SyncOptions, SyncReport};
