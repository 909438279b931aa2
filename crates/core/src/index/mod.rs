//! The index: a tantivy index with Lupa's schema, in a folder Lupa owns.
//!
//! What this room holds: [`Index`] (open, create, reload, check, stats), its
//! [`Writer`](writer::Writer), the sync of a folder into it (`sync.rs`), the schema
//! (`schema.rs`), its figures (`stats.rs`), the id columns read for hits (`doc_ids.rs`), the long texts' passages
//! (`passages.rs`), the cache of what a searcher generation looked up (`lookups.rs`),
//! and the folder it lives in: what in it is Lupa's, and rebuilding in place
//! (`folder.rs`). It may use `analysis` and `ingest`, and `rank` for the type of the
//! listings its cache stores ([`crate::rank::prune::ListingStore`]); it knows nothing of
//! queries or of the search.

mod directory;
pub(crate) mod doc_ids;
mod export;
pub(crate) mod folder;
pub(crate) mod lookups;
pub(crate) mod passages;
mod queue;
pub(crate) mod schema;
mod stats;
mod sync;
mod writer;

pub use export::{PassageKey, Snapshot, StoredPassage, Vocabulary};
pub use folder::MARKER;
pub use stats::Stats;
pub use sync::{Progress, SyncOptions, SyncReport};
pub use writer::Writer;

use crate::analysis::{self, Variant, ANALYZER_VERSION};
use crate::error::{Error, Result, WriteCause};
use crate::ingest::Metadata;
use doc_ids::DocIds;
use lookups::Lookups;
use schema::Fields;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use tantivy::directory::error::{LockError, OpenDirectoryError, OpenReadError, OpenWriteError};
use tantivy::{IndexReader, ReloadPolicy, TantivyError};

/// What Lupa records in every commit of an index.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexInfo {
    /// The analyzer version the index was built with.
    pub analyzer_version: u32,
    /// The folder last synchronised into the index, if any.
    pub root: Option<PathBuf>,
    /// When that sync finished, in seconds since the Unix epoch.
    pub last_sync: Option<u64>,
}

/// A document to add to an index directly, without a folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewDocument {
    /// Its identity (for files: the path relative to the indexed folder).
    pub id: String,
    /// The file it comes from; documents of one file are replaced together.
    pub file: String,
    /// The title.
    pub title: String,
    /// Whether the title is only an excerpt of the text (shown, not searched as a title).
    pub title_is_excerpt: bool,
    /// The text.
    pub body: String,
    /// File modification time in nanoseconds since the epoch (0 if unknown).
    pub mtime_ns: i64,
    /// File size in bytes.
    pub size: u64,
    /// Content hash of the file.
    pub hash: u64,
    /// Its date, author, source, address and language, where known. Without a date,
    /// the day of `mtime_ns` (when known) is its date, marked as the file's.
    pub meta: Metadata,
}

/// A Lupa index: a tantivy index with Lupa's schema and analyzers.
///
/// ```
/// use lupa_core::{Index, NewDocument, SearchOptions};
/// let index = Index::create_in_ram()?;
/// let mut writer = index.writer()?;
/// writer.add(&NewDocument {
///     id: "irak.txt".into(),
///     file: "irak.txt".into(),
///     title: "Retirada de Irak".into(),
///     body: "El gobierno anunció la retirada de las tropas.".into(),
///     ..Default::default()
/// })?;
/// writer.commit(&Default::default())?;
/// let results = index.search("retirar tropas", &SearchOptions::default())?;
/// assert_eq!(results.hits[0].id, "irak.txt");
/// # Ok::<(), lupa_core::Error>(())
/// ```
#[derive(Clone)]
pub struct Index {
    pub(crate) index: tantivy::Index,
    pub(crate) fields: Fields,
    pub(crate) reader: IndexReader,
    /// The analysis pipeline (always [`Variant::Lupa`] on disk).
    pub(crate) variant: Variant,
    /// Hits' ids, read from the `id` fast field.
    pub(crate) doc_ids: DocIds,
    /// Whether the current searcher holds passages of long texts.
    pub(crate) has_passages: passages::HasPassages,
    /// Term statistics and closest words of the current searcher generation.
    pub(crate) lookups: Lookups,
    path: Option<PathBuf>,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index").field("path", &self.path).finish()
    }
}

impl Index {
    /// Creates an empty index in memory (for tests and short-lived programs).
    pub fn create_in_ram() -> Result<Index> {
        Index::create_in_ram_with(Variant::Lupa)
    }

    /// Creates an empty index in memory that analyzes text with `variant`, for
    /// measuring what each step of the analyzer is worth.
    pub fn create_in_ram_with(variant: Variant) -> Result<Index> {
        let (schema, _) = schema::build();
        let index = tantivy::Index::create_in_ram(schema);
        let mut index = Index::wrap(index, None)?;
        index.variant = variant;
        analysis::register_variant(&index.index, variant);
        index.writer()?.commit(&IndexInfo::default())?;
        Ok(index)
    }

    /// Opens the index in `path`.
    ///
    /// Fails with [`Error::IndexNotFound`] when there is none, and with
    /// [`Error::IncompatibleVersion`] when it was built by another analyzer version.
    pub fn open(path: &Path) -> Result<Index> {
        let index = directory::IndexDirectory::open(path)
            .and_then(tantivy::Index::open)
            .map_err(|e| open_error(path, e))?;
        let metas = index.load_metas().map_err(|e| classify(path, e))?;
        match info_of(&metas) {
            Some(info) if info.analyzer_version == ANALYZER_VERSION => {}
            // Created, then stopped before its first commit (`create` commits at once,
            // so only a killed process leaves this): empty, and any analyzer fits it.
            None if metas.segments.is_empty() => {}
            other => {
                return Err(Error::IncompatibleVersion {
                    path: path.to_path_buf(),
                    found: other.map_or(0, |info| info.analyzer_version),
                    expected: ANALYZER_VERSION,
                })
            }
        }
        Index::wrap(index, Some(path.to_path_buf()))
    }

    /// Creates a new empty index in `path`.
    ///
    /// `path` must not exist or must be an empty folder: a folder holding anything
    /// else is refused with [`Error::ForeignFolder`] (Lupa never writes among files it
    /// did not write), and one holding an index with [`Error::IndexExists`]. The folder
    /// gets Lupa's marker file, [`MARKER`].
    pub fn create(path: &Path) -> Result<Index> {
        match folder::ensure_ours(path)? {
            // The marker alone: a creation that stopped before tantivy's first file.
            folder::Holds::Index if path.join("meta.json").exists() => {
                return Err(Error::IndexExists {
                    path: path.to_path_buf(),
                })
            }
            _ => {}
        }
        Index::create_unchecked(path)
    }

    /// Creates the index in `path`, which the caller knows to be Lupa's or empty.
    fn create_unchecked(path: &Path) -> Result<Index> {
        std::fs::create_dir_all(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        folder::write_marker(path)?;
        let (schema, _) = schema::build();
        let index = directory::IndexDirectory::open(path)
            .and_then(|dir| tantivy::Index::create(dir, schema, Default::default()))
            .map_err(|e| classify(path, e))?;
        let index = Index::wrap(index, Some(path.to_path_buf()))?;
        index.writer()?.commit(&IndexInfo::default())?;
        Ok(index)
    }

    /// Opens the index in `path`, creating it when there is none (as
    /// [`create`](Index::create) does: only in a new or empty folder).
    pub fn open_or_create(path: &Path) -> Result<Index> {
        match Index::open(path) {
            Err(Error::IndexNotFound { .. }) => Index::create(path),
            other => other,
        }
    }

    /// Replaces the index in `path` with an empty one, atomically: a crash at any
    /// point leaves the old index or the new one. Only files of the index are deleted;
    /// `path` may also be new or empty, and a folder holding anything else is refused
    /// with [`Error::ForeignFolder`]. The old index need not open (it may be of another
    /// analyzer version, or damaged).
    pub fn recreate(path: &Path) -> Result<Index> {
        Ok(folder::rebuild_in_place(path, |_| Ok(()))?.0)
    }

    /// Builds a new index of `folder` and puts it in place of the index in `path`
    /// atomically, as [`recreate`](Index::recreate) does: until the new index is
    /// complete, `path` opens (and searches) as the old one, which need not open with
    /// this version of Lupa. Returns the new index and what the sync did.
    pub fn rebuild(
        path: &Path,
        folder: &Path,
        options: &SyncOptions,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<(Index, SyncReport)> {
        let before = committed_documents(path);
        folder::rebuild_in_place(path, |next| {
            next.sync_leaving_out(folder, options, path, progress)
        })
        .map_err(|e| match e {
            // Say it of the index the user named, which still holds its old documents.
            Error::Write { cause, source, .. } => Error::Write {
                path: path.to_path_buf(),
                cause,
                documents: before,
                source,
            },
            Error::Io { source, .. } if WriteCause::of(source.kind()) != WriteCause::Other => {
                write_error(path, source.kind(), before, Box::new(source))
            }
            other => other,
        })
    }

    fn wrap(index: tantivy::Index, path: Option<PathBuf>) -> Result<Index> {
        let where_ = path.clone().unwrap_or_default();
        let fields = schema::fields_of(&index.schema()).ok_or_else(|| Error::Corrupt {
            path: where_.clone(),
            reason: "not a Lupa index: its fields differ".into(),
        })?;
        analysis::register_analyzers(&index);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| classify(&where_, e))?;
        Ok(Index {
            index,
            fields,
            reader,
            variant: Variant::Lupa,
            doc_ids: DocIds::default(),
            has_passages: passages::HasPassages::default(),
            lookups: Lookups::default(),
            path,
        })
    }

    /// The folder the index lives in (`None` for an index in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// What the last commit recorded.
    pub fn info(&self) -> Result<IndexInfo> {
        read_info(&self.index, self.where_())
    }

    /// Opens a writer. Only one writer may exist per index at a time, across processes.
    pub fn writer(&self) -> Result<Writer> {
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .clamp(1, 4);
        let writer = self
            .index
            .writer_with_num_threads(threads, threads * writer::MEMORY_PER_THREAD)
            .map_err(|e| self.write_error(e))?;
        if let Some(path) = &self.path {
            // With the lock held, what an interrupted run left can go: a rebuild's
            // folder, and files no commit uses (a failed commit's or merge's segments).
            folder::remove_stale_rebuild(path)?;
            writer
                .garbage_collect_files()
                .wait()
                .map_err(|e| self.write_error(e))?;
            folder::refresh_marker(path)?;
        }
        Ok(Writer::new(writer, self.clone()))
    }

    /// Verifies the checksum of every file of the last commit.
    ///
    /// Fails with [`Error::Corrupt`], naming the damaged files, when any is damaged.
    pub fn check(&self) -> Result<()> {
        let damaged = self
            .index
            .validate_checksum()
            .map_err(|e| self.classify(e))?;
        if damaged.is_empty() {
            return Ok(());
        }
        let mut names: Vec<String> = damaged.iter().map(|p| p.display().to_string()).collect();
        names.sort();
        Err(Error::Corrupt {
            path: self.where_().to_path_buf(),
            reason: format!("damaged files: {}", names.join(", ")),
        })
    }

    /// Runs `f`, turning a panic inside the engine (which tantivy may raise on
    /// damaged files) into [`Error::Corrupt`].
    pub(crate) fn guard<T>(&self, f: impl FnOnce() -> Result<T>) -> Result<T> {
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
            Ok(Err(e @ (Error::Io { .. } | Error::Engine(_)))) => {
                // A read error may come from a damaged file: say so if it does.
                self.check()?;
                Err(e)
            }
            Ok(result) => result,
            Err(panic) => {
                self.check()?;
                let reason = panic
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| panic.downcast_ref::<&str>().copied())
                    .unwrap_or("the engine failed while reading it");
                Err(Error::Corrupt {
                    path: self.where_().to_path_buf(),
                    reason: reason.to_string(),
                })
            }
        }
    }

    /// Deletes the files of the index's folder that no commit uses. The collection runs
    /// on a handle opened afresh: tantivy keeps the files of every segment a handle's
    /// writers still track, and a writer that just ended (or failed) may linger a
    /// moment in its threads.
    pub(crate) fn collect_garbage(&self) -> Result<()> {
        match &self.path {
            Some(path) => Index::open(path).and_then(|fresh| fresh.writer()).map(drop),
            None => Ok(()),
        }
    }

    /// Makes the last commit visible to searches from this handle.
    pub fn reload(&self) -> Result<()> {
        self.reader
            .reload()
            .map_err(|e| classify(self.where_(), e))?;
        // Let go of the old segments' id columns (their files may be gone after a merge).
        self.doc_ids.clear();
        self.lookups.clear();
        Ok(())
    }

    pub(crate) fn where_(&self) -> &Path {
        self.path.as_deref().unwrap_or(Path::new("<memory>"))
    }

    pub(crate) fn classify(&self, e: TantivyError) -> Error {
        classify(self.where_(), e)
    }

    /// The error of a failed write: its cause, and what the index still holds.
    pub(crate) fn write_error(&self, e: TantivyError) -> Error {
        let path = self.where_();
        let kind = match &e {
            TantivyError::LockFailure(LockError::LockBusy, _) => return classify(path, e),
            TantivyError::IoError(io) | TantivyError::LockFailure(LockError::IoError(io), _) => {
                Some(io.kind())
            }
            TantivyError::OpenWriteError(OpenWriteError::IoError { io_error, .. }) => {
                Some(io_error.kind())
            }
            _ => None,
        };
        // tantivy passes some I/O errors on as text only (an `InternalError` from a
        // worker thread, an `Other` error wrapping the real one): the operating
        // system's code ends the text.
        let kind = match kind {
            Some(kind) if kind != std::io::ErrorKind::Other => Some(kind),
            _ => os_error_in(&e.to_string()).map(|e| e.kind()).or(kind),
        };
        let documents = match &self.path {
            Some(path) => committed_documents(path),
            None => Some(self.reader.searcher().num_docs()),
        };
        let source: Box<dyn std::error::Error + Send + Sync> = match e {
            // Its own text guesses at another writer; the system's says what happened.
            TantivyError::LockFailure(LockError::IoError(io), _) => {
                Box::new(std::io::Error::new(io.kind(), io.to_string()))
            }
            e => Box::new(e),
        };
        write_error(
            path,
            kind.unwrap_or(std::io::ErrorKind::Other),
            documents,
            source,
        )
    }
}

/// The I/O error whose text (`… (os error 28)`, as Rust writes it) ends `text`.
fn os_error_in(text: &str) -> Option<std::io::Error> {
    let (_, code) = text.rsplit_once("(os error ")?;
    let digits: String = code.chars().take_while(char::is_ascii_digit).collect();
    Some(std::io::Error::from_raw_os_error(digits.parse().ok()?))
}

/// The documents of the last commit of the index in `path` (`None` when none opens).
fn committed_documents(path: &Path) -> Option<u64> {
    let index = directory::IndexDirectory::open(path)
        .and_then(tantivy::Index::open)
        .ok()?;
    let metas = index.load_metas().ok()?;
    Some(metas.segments.iter().map(|s| u64::from(s.num_docs())).sum())
}

/// [`Error::Write`] for an error of this kind.
fn write_error(
    path: &Path,
    kind: std::io::ErrorKind,
    documents: Option<u64>,
    source: Box<dyn std::error::Error + Send + Sync>,
) -> Error {
    Error::Write {
        path: path.to_path_buf(),
        cause: WriteCause::of(kind),
        documents,
        source,
    }
}

fn read_info(index: &tantivy::Index, path: &Path) -> Result<IndexInfo> {
    let metas = index.load_metas().map_err(|e| classify(path, e))?;
    Ok(info_of(&metas).unwrap_or_default())
}

/// What Lupa recorded in the last commit; `None` when no commit recorded anything.
fn info_of(metas: &tantivy::IndexMeta) -> Option<IndexInfo> {
    metas
        .payload
        .as_deref()
        .and_then(|p| serde_json::from_str(p).ok())
}

fn open_error(path: &Path, e: TantivyError) -> Error {
    match &e {
        TantivyError::OpenDirectoryError(OpenDirectoryError::DoesNotExist(_))
        | TantivyError::OpenReadError(OpenReadError::FileDoesNotExist(_)) => Error::IndexNotFound {
            path: path.to_path_buf(),
        },
        _ => classify(path, e),
    }
}

pub(crate) fn classify(path: &Path, e: TantivyError) -> Error {
    match e {
        TantivyError::LockFailure(LockError::LockBusy, _) => Error::Locked {
            path: path.to_path_buf(),
            lock: path.join(".tantivy-writer.lock"),
        },
        // Not damage: this user may not read the file.
        TantivyError::OpenReadError(OpenReadError::IoError { io_error, filepath })
            if io_error.kind() == std::io::ErrorKind::PermissionDenied =>
        {
            Error::Io {
                path: path.join(filepath),
                source: std::io::Error::new(io_error.kind(), io_error.to_string()),
            }
        }
        TantivyError::DataCorruption(_)
        | TantivyError::OpenReadError(_)
        | TantivyError::SchemaError(_)
        | TantivyError::IncompatibleIndex(_) => Error::Corrupt {
            path: path.to_path_buf(),
            reason: e.to_string(),
        },
        TantivyError::IoError(io) => Error::Io {
            path: path.to_path_buf(),
            source: std::io::Error::new(io.kind(), io.to_string()),
        },
        other => Error::Engine(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_errors_passed_on_as_text_keep_their_cause() {
        let full = os_error_in("Internal error: 'No space left on device (os error 28)'");
        assert_eq!(
            full.map(|e| WriteCause::of(e.kind())),
            Some(WriteCause::StorageFull)
        );
        assert!(os_error_in("An index writer was killed.").is_none());
    }

    /// A process killed between creating an index and its first commit leaves tantivy's
    /// files without Lupa's record: the folder must open as an empty index, not as one
    /// built by another analyzer.
    #[test]
    fn index_stopped_before_its_first_commit_opens_empty() {
        let tmp = tempfile::tempdir().expect("tmp");
        let path = tmp.path().join("idx");
        std::fs::create_dir_all(&path).expect("dir");
        tantivy::Index::create_in_dir(&path, schema::build().0).expect("tantivy index");

        let index = Index::open(&path).expect("opens");
        let found = index
            .search("retirada", &crate::SearchOptions::default())
            .expect("search");
        assert_eq!(found.total, 0);

        let mut w = index.writer().expect("writer");
        w.add(&NewDocument {
            id: "a.txt".into(),
            file: "a.txt".into(),
            body: "La retirada de las tropas.".into(),
            ..Default::default()
        })
        .expect("add");
        w.commit(&IndexInfo::default()).expect("commit");
        let index = Index::open(&path).expect("reopens");
        assert_eq!(
            index.info().expect("info").analyzer_version,
            ANALYZER_VERSION
        );
    }

    /// Documents without Lupa's record are another program's, or an older Lupa's.
    #[test]
    fn documents_without_a_record_are_refused() {
        let tmp = tempfile::tempdir().expect("tmp");
        let path = tmp.path().join("idx");
        std::fs::create_dir_all(&path).expect("dir");
        let (schema, fields) = schema::build();
        let index = tantivy::Index::create_in_dir(&path, schema).expect("tantivy index");
        analysis::register_analyzers(&index);
        let mut w: tantivy::IndexWriter = index.writer(15_000_000).expect("writer");
        w.add_document(tantivy::doc!(fields.body => "texto"))
            .expect("add");
        w.commit().expect("commit");
        match Index::open(&path) {
            Err(Error::IncompatibleVersion { found: 0, .. }) => {}
            other => panic!("{other:?}"),
        }
    }
}
