//! Lupa: full-text search for Spanish text.
//!
//! This facade is what an embedding program depends on. It re-exports the index
//! and search API of `lupa-core` and the query language of `lupa-query`.
//!
//! ```
//! use lupa::{Index, NewDocument, SearchOptions};
//!
//! let index = Index::create_in_ram()?;
//! let mut writer = index.writer()?;
//! writer.add(&NewDocument {
//!     id: "irak.txt".into(),
//!     file: "irak.txt".into(),
//!     title: "Irak anuncia la retirada".into(),
//!     body: "Las autoridades de Irak anunciaron el fin de las misiones de combate.".into(),
//!     ..Default::default()
//! })?;
//! writer.commit(&Default::default())?;
//!
//! let results = index.search("\"fin de las misiones\"", &SearchOptions::default())?;
//! assert_eq!(results.total, 1);
//! # Ok::<(), lupa::Error>(())
//! ```
#![warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
pub use lupa_core::analysis;
pub use lupa_core::bm25;
pub use lupa_core::json;
pub use lupa_core::{
    default_synonyms, explain, parser, Day, DefaultOperator, Document, Error, Expansion,
    ExpansionReason, ExplainedTerm, Explanation, Facet, FacetKind, Highlighter, Hit, Index,
    IndexInfo, Metadata, NewDocument, Part, PartNote, PassageKey, Progress, Pruning, Ranking,
    Result, SearchOptions, SearchResults, SkipReason, Skipped, Snapshot, Snippet, Sort, Stats,
    StoredPassage, Symlinks, SyncOptions, SyncReport, Synonyms, SynonymsError, Vocabulary,
    WriteCause, Writer, AUTHOR, BODY, DATE, MAX_FUZZY_DISTANCE, MAX_PREFIX_TERMS, SOURCE,
    SUGGEST_BELOW, TITLE,
};
pub use lupa_query as query;
