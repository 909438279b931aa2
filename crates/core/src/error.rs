//! The errors of `lupa-core`.

use std::path::PathBuf;

/// What can go wrong while indexing or searching.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The query text could not be parsed.
    #[error(transparent)]
    Query(#[from] lupa_query::ParseError),
    /// The query has nothing left to search for once stop words are removed.
    #[error("the query `{query}` contains only stop words (such as `de`, `la`, `y`); add a content word or quote it as a phrase")]
    OnlyStopWords {
        /// The query as typed.
        query: String,
    },
    /// There is no index at the path.
    #[error("no index at {}: create one with `lupa index <FOLDER>`", path.display())]
    IndexNotFound {
        /// Where the index was looked for.
        path: PathBuf,
    },
    /// The index was built by an incompatible version of the analyzer.
    #[error("the index at {} was built with analyzer version {found}, this Lupa uses version {expected}: rebuild it with `lupa index --rebuild <FOLDER>`", path.display())]
    IncompatibleVersion {
        /// The index folder.
        path: PathBuf,
        /// Version recorded in the index (0 when none was recorded).
        found: u32,
        /// Version this build expects.
        expected: u32,
    },
    /// Another process is writing to the index.
    #[error("the index at {} is locked by another writer (lock file {}); wait for the other `lupa index` to finish", path.display(), lock.display())]
    Locked {
        /// The index folder.
        path: PathBuf,
        /// The lock file held by the other writer.
        lock: PathBuf,
    },
    /// The index files are damaged or unreadable.
    #[error("the index at {} is damaged ({reason}): rebuild it with `lupa index --rebuild <FOLDER>`", path.display())]
    Corrupt {
        /// The index folder.
        path: PathBuf,
        /// What the engine reported.
        reason: String,
    },
    /// A folder to index does not exist or is not a folder.
    #[error("cannot index {}: {reason}", path.display())]
    BadFolder {
        /// The folder.
        path: PathBuf,
        /// Why it cannot be indexed.
        reason: String,
    },
    /// A file or folder could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A line of an input file (evaluation topics or relevance judgments) is malformed.
    #[error("{}: line {line}: {reason}", path.display())]
    BadLine {
        /// The file.
        path: PathBuf,
        /// The line number, from 1.
        line: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// Any other error from the search engine.
    #[error("search engine error: {0}")]
    Engine(#[from] tantivy::TantivyError),
}

/// A `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
