//! Lupa's Spanish analyzer, ingestion, index and search.
//!
//! The pipeline, one room (folder) a step; dependencies point down the list and never
//! back:
//!
//! ```text
//! ingest -> analysis -> index -> search (compile -> rank: prune, score) -> hits
//! ```
//!
//! | room | holds | uses |
//! |---|---|---|
//! | `ingest/` | a folder walked, files read into documents, one reader per format | nothing of Lupa's |
//! | `analysis/` | the Spanish analyzer, one step per file, shared by indexing and querying | nothing of Lupa's |
//! | `index/` | [`Index`], its [`Writer`], sync of a folder, schema, passages, the lookups cache | `analysis`, `ingest`, `rank`'s listing types |
//! | `rank/` | [`bm25`] and the pruner (MaxScore over a bag of words) | tantivy only |
//! | `search/` | options and results, the compiler, the run, snippets, suggestions, explain | `index`, `rank`, `analysis` |
//!
//! Where a query goes, in order:
//!
//! 1. **parsed**: by `lupa-query`, through [`parser`] (`search/mod.rs`), in
//!    [`Index::search`] (`search/run.rs`);
//! 2. **analyzed**: its words by the same analyzer that indexed the text
//!    (`analysis/`), as the compiler reads them;
//! 3. **compiled**: the AST into tantivy queries (`search/compile.rs`), with the
//!    expansions that read the index: synonyms, typos, names, related words
//!    (`search/expand.rs`);
//! 4. **pruned**: the best hits collected without scoring every match
//!    (`rank/prune/`: `top_k.rs` collects, `bag_scorer.rs` walks a segment);
//! 5. **scored**: BM25 per term (`rank/bm25.rs`), summed as the bag says
//!    (`rank/prune/bag.rs`);
//! 6. **rendered**: hits with ids, titles and snippets (`search/run.rs`,
//!    `search/snippet.rs`), and their JSON views ([`json`]).
//!
//! ```
//! use lupa_core::{Index, NewDocument, SearchOptions};
//!
//! let index = Index::create_in_ram()?;
//! let mut writer = index.writer()?;
//! writer.add(&NewDocument {
//!     id: "a.txt".into(),
//!     file: "a.txt".into(),
//!     body: "La retirada de las tropas.".into(),
//!     ..Default::default()
//! })?;
//! writer.commit(&Default::default())?;
//! let results = index.search("tropa retirar", &SearchOptions::default())?;
//! assert_eq!(results.hits[0].id, "a.txt");
//! # Ok::<(), lupa_core::Error>(())
//! ```
#![warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
pub mod analysis;
mod error;
mod hash;
mod index;
// The schema, by its short path.
use index::schema;
pub mod ingest;
mod rank;
mod search;

pub use error::{Error, Result, WriteCause};
pub use index::schema::{AUTHOR, BODY, DATE, SOURCE, TITLE};
pub use index::{Index, IndexInfo, NewDocument, Stats, Writer, MARKER};
pub use index::{PassageKey, Snapshot, StoredPassage, Vocabulary};
pub use index::{Progress, SyncOptions, SyncReport};
pub use ingest::{Day, Metadata, SkipReason, Skipped, Symlinks};
pub use rank::bm25;
pub use rank::prune::PRUNE_DOCS_PER_HIT;
pub use search::{
    default_synonyms, explain, parser, DefaultOperator, Document, Expansion, ExpansionReason,
    ExplainedTerm, Explanation, Facet, FacetKind, Highlighter, Hit, Part, PartNote, Pruning,
    Ranking, SearchOptions, SearchResults, Snippet, Sort, Synonyms, SynonymsError,
    MAX_FUZZY_DISTANCE, MAX_PREFIX_TERMS, SUGGEST_BELOW,
};
pub use search::{json, thesaurus};
