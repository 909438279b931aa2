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
    /// The folder given for an index holds files that are not a Lupa index.
    #[error("{} is not empty and is not a Lupa index (it holds {}); Lupa writes an index only into a new or empty folder, and never deletes files it did not write: choose another index folder (`--index PATH`)", path.display(), list_entries(entries))]
    ForeignFolder {
        /// The folder.
        path: PathBuf,
        /// A few of the names it holds (folders end with `/`).
        entries: Vec<String>,
    },
    /// An index was to be created where one already is.
    #[error("there is already an index at {}: update it with `lupa index <FOLDER>`, or replace it with `lupa index --rebuild <FOLDER>`", path.display())]
    IndexExists {
        /// The index folder.
        path: PathBuf,
    },
    /// Writing the index failed (a full disk, a folder without permission, a read-only
    /// file system, or the engine); the index is left at its last commit.
    #[error("{}", write_message(path, *cause, *documents))]
    Write {
        /// The index folder.
        path: PathBuf,
        /// What went wrong, as far as the user can act on it.
        cause: WriteCause,
        /// The documents of the last commit, which the index still holds and searches
        /// (`None` when the index could not be read to count them).
        documents: Option<u64>,
        /// The underlying error.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
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
    /// Any other error from the search engine.
    #[error("search engine error: {0}")]
    Engine(#[from] tantivy::TantivyError),
}

/// Why writing an index failed, as far as the user can act on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum WriteCause {
    /// The disk (or the user's quota) is full.
    StorageFull,
    /// The folder or one of its files may not be written by this user.
    PermissionDenied,
    /// The index is on a read-only file system.
    ReadOnly,
    /// Anything else (see the error's source).
    Other,
}

impl WriteCause {
    /// The cause of an I/O error of this kind.
    pub fn of(kind: std::io::ErrorKind) -> WriteCause {
        use std::io::ErrorKind;
        match kind {
            ErrorKind::StorageFull | ErrorKind::QuotaExceeded => WriteCause::StorageFull,
            ErrorKind::PermissionDenied => WriteCause::PermissionDenied,
            ErrorKind::ReadOnlyFilesystem => WriteCause::ReadOnly,
            _ => WriteCause::Other,
        }
    }
}

fn write_message(path: &std::path::Path, cause: WriteCause, documents: Option<u64>) -> String {
    let path = path.display();
    let state = match documents {
        Some(n) => format!("the index is unchanged at its last commit ({n} documents)"),
        None => "the index is unchanged at its last commit".to_string(),
    };
    match cause {
        WriteCause::StorageFull => format!(
            "no space left on device while writing the index at {path}; {state}; free space and run `lupa index` again"
        ),
        WriteCause::PermissionDenied => format!(
            "permission denied while writing the index at {path}; {state}; make the folder writable for this user, or index into another folder (`--index PATH`)"
        ),
        WriteCause::ReadOnly => format!(
            "the index at {path} is on a read-only file system; {state} and can still be searched; to update it, index into a writable folder (`--index PATH`)"
        ),
        WriteCause::Other => format!(
            "writing the index at {path} failed; {state}; run `lupa index` again (the next run removes what this one left half-written)"
        ),
    }
}

/// `a, b, c, …` for the first few names of a folder.
fn list_entries(entries: &[String]) -> String {
    const SHOWN: usize = 5;
    let mut out = entries
        .iter()
        .take(SHOWN)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    if entries.len() > SHOWN {
        out.push_str(&format!(" and {} more", entries.len() - SHOWN));
    }
    out
}

/// A `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
