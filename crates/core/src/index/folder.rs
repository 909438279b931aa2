//! The folder an index lives in: what in it is Lupa's, and replacing an index in place.
//!
//! Lupa writes into a folder only when it is new, empty, or already one of its indexes,
//! marked by [`MARKER`] (or, for an index written before the marker existed, by a
//! tantivy `meta.json` with Lupa's fields). It deletes only what the index owns: the
//! files tantivy records in `.managed.json` that no commit uses any more (tantivy's
//! garbage collector, run whenever a writer opens), and its own rebuild folder
//! [`REBUILD_DIR`]. Anything else in the folder, such as a `synonyms.txt` the user put
//! there, is never touched.
//!
//! A rebuild ([`rebuild_in_place`]) builds the new index in [`REBUILD_DIR`] inside the
//! old one, then moves its segment files up beside the old ones (their names are new
//! ids, so nothing is overwritten), registered with tantivy first, and last replaces
//! `meta.json` with one rename. Until that rename the folder opens as the old index;
//! after it, as the new one. Whatever a crash leaves, the next writer removes: the
//! rebuild folder, and the segment files of the index that lost.

use super::Index;
use crate::analysis::ANALYZER_VERSION;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::io;
use std::path::{Path, PathBuf};
use tantivy::directory::{
    Directory, DirectoryLock, ManagedDirectory, MmapDirectory, TerminatingWrite, INDEX_WRITER_LOCK,
    META_LOCK,
};

/// The file that marks a folder as a Lupa index.
pub const MARKER: &str = "lupa.json";

/// Where a rebuild writes the new index, inside the folder of the old one.
pub(crate) const REBUILD_DIR: &str = ".lupa-rebuild";

/// The layout of an index folder, as [`MARKER`] records it.
const FORMAT: u32 = 1;

/// What [`MARKER`] holds.
#[derive(Debug, Serialize, Deserialize)]
struct Marker {
    /// The layout of the folder (this module's [`FORMAT`]).
    format: u32,
    /// The analyzer version the index was built with, for people and tools looking at
    /// the folder; the last commit records the one Lupa checks.
    analyzer_version: u32,
}

/// What a folder holds, as far as writing an index into it goes.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Holds {
    /// Nothing: the folder does not exist or is empty.
    Nothing,
    /// A Lupa index, or Lupa's marker before the index's first files.
    Index,
    /// Other files (a few of their names).
    Foreign(Vec<String>),
}

/// Looks at what `path` holds.
pub(crate) fn holds(path: &Path) -> Result<Holds> {
    let entries = match std::fs::read_dir(path) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Holds::Nothing),
        Err(source) => return Err(io_error(path, source)),
    };
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| io_error(path, source))?;
        let mut name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            name.push('/');
        }
        names.push(name);
    }
    if names.is_empty() {
        return Ok(Holds::Nothing);
    }
    if path.join(MARKER).is_file() || is_lupa_index(path) {
        return Ok(Holds::Index);
    }
    names.sort();
    Ok(Holds::Foreign(names))
}

/// Whether `path` holds a tantivy index with Lupa's fields (an index from before the
/// marker).
fn is_lupa_index(path: &Path) -> bool {
    path.join("meta.json").is_file()
        && tantivy::Index::open_in_dir(path)
            .is_ok_and(|index| super::schema::fields_of(&index.schema()).is_some())
}

/// Refuses a folder that holds anything but a Lupa index.
pub(crate) fn ensure_ours(path: &Path) -> Result<Holds> {
    match holds(path)? {
        Holds::Foreign(entries) => Err(Error::ForeignFolder {
            path: path.to_path_buf(),
            entries,
        }),
        other => Ok(other),
    }
}

/// Writes [`MARKER`] into `path` (atomically: a crash leaves the old marker or the new).
pub(crate) fn write_marker(path: &Path) -> Result<()> {
    let marker = Marker {
        format: FORMAT,
        analyzer_version: ANALYZER_VERSION,
    };
    let mut text = serde_json::to_string_pretty(&marker).unwrap_or_default();
    text.push('\n');
    let tmp = path.join(format!(".{MARKER}.tmp"));
    std::fs::write(&tmp, text)
        .and_then(|()| std::fs::rename(&tmp, path.join(MARKER)))
        .map_err(|source| io_error(path, source))
}

/// Writes the marker when an index from before it has none, or an older one.
pub(crate) fn refresh_marker(path: &Path) -> Result<()> {
    let current = std::fs::read(path.join(MARKER))
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Marker>(&bytes).ok());
    match current {
        Some(m) if m.format == FORMAT && m.analyzer_version == ANALYZER_VERSION => Ok(()),
        _ => write_marker(path),
    }
}

/// Removes what an interrupted rebuild left in `path`. Call only with the index's
/// writer lock held (a running rebuild holds it).
pub(crate) fn remove_stale_rebuild(path: &Path) -> Result<()> {
    let stale = path.join(REBUILD_DIR);
    match std::fs::remove_dir_all(&stale) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(io_error(&stale, source)),
    }
}

/// Builds a new index with `build` and puts it in place of the one in `path`
/// atomically (see the module's documentation). `path` may also be new or empty; a
/// folder holding anything else is refused with [`Error::ForeignFolder`].
///
/// `build` gets the new, empty index, inside `path` (leave `path` out of any folder it
/// indexes); it must commit what it writes.
pub(crate) fn rebuild_in_place<T>(
    path: &Path,
    build: impl FnOnce(&Index) -> Result<T>,
) -> Result<(Index, T)> {
    if ensure_ours(path)? == Holds::Nothing {
        std::fs::create_dir_all(path).map_err(|source| io_error(path, source))?;
        write_marker(path)?;
    }
    let dir = MmapDirectory::open(path).map_err(|e| Error::BadFolder {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    let lock = writer_lock(path, &dir)?;
    remove_stale_rebuild(path)?;
    let next_path = path.join(REBUILD_DIR);
    let built = Index::create_unchecked(&next_path).and_then(|next| {
        let value = build(&next)?;
        Ok(value)
    });
    let value = match built {
        Ok(value) => value,
        Err(e) => {
            // Leave nothing of the new index behind; the old one is untouched.
            let _ = remove_stale_rebuild(path);
            return Err(e);
        }
    };
    swap_in(path, &next_path, &dir)?;
    drop(lock);
    let index = Index::open(path)?;
    // The first writer deletes the old index's files (no commit uses them now).
    drop(index.writer()?);
    Ok((index, value))
}

/// Takes the writer lock of the index in `path`, as tantivy's writer does, so no other
/// writer runs during a rebuild.
fn writer_lock(path: &Path, dir: &MmapDirectory) -> Result<DirectoryLock> {
    dir.acquire_lock(&INDEX_WRITER_LOCK).map_err(|e| match e {
        tantivy::directory::error::LockError::LockBusy => Error::Locked {
            path: path.to_path_buf(),
            lock: path.join(".tantivy-writer.lock"),
        },
        tantivy::directory::error::LockError::IoError(io) => {
            let kind = io.kind();
            let source = io::Error::new(kind, io.to_string());
            super::write_error(
                path,
                kind,
                super::committed_documents(path),
                Box::new(source),
            )
        }
    })
}

/// Moves the finished index in `next` into `path`, replacing the index there by
/// renaming its `meta.json` last.
fn swap_in(path: &Path, next: &Path, dir: &MmapDirectory) -> Result<()> {
    let mut files: Vec<PathBuf> = Vec::new();
    for entry in std::fs::read_dir(next).map_err(|source| io_error(next, source))? {
        let entry = entry.map_err(|source| io_error(next, source))?;
        let name = PathBuf::from(entry.file_name());
        let text = name.to_string_lossy();
        // Locks and tantivy's own records start with a dot; meta.json goes last.
        if text.starts_with('.') || text == "meta.json" || text == MARKER {
            continue;
        }
        files.push(name);
    }
    // Registered with the old index's tantivy first, so that if the swap stops
    // half-way its garbage collector deletes them: an empty file of each name,
    // replaced by the real one just after.
    let managed = ManagedDirectory::wrap(Box::new(dir.clone())).map_err(|e| Error::Corrupt {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    for name in &files {
        let register = managed
            .open_write(name)
            .map_err(|e| match e {
                tantivy::directory::error::OpenWriteError::IoError { io_error, .. } => {
                    io::Error::new(io_error.kind(), io_error.to_string())
                }
                other => io::Error::other(other.to_string()),
            })
            .and_then(|w| w.terminate());
        register.map_err(|source| io_error(&path.join(name), source))?;
    }
    for name in &files {
        std::fs::rename(next.join(name), path.join(name))
            .map_err(|source| io_error(&path.join(name), source))?;
    }
    dir.sync_directory()
        .map_err(|source| io_error(path, source))?;
    {
        // Readers load meta.json and open its files under this lock, and tantivy's
        // garbage collector deletes under it: neither sees a half-made swap.
        let _meta = dir.acquire_lock(&META_LOCK).map_err(|e| Error::BadFolder {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        std::fs::rename(next.join("meta.json"), path.join("meta.json"))
            .map_err(|source| io_error(path, source))?;
        dir.sync_directory()
            .map_err(|source| io_error(path, source))?;
    }
    write_marker(path)?;
    let _ = std::fs::remove_dir_all(next);
    Ok(())
}

fn io_error(path: &Path, source: io::Error) -> Error {
    Error::Io {
        path: path.to_path_buf(),
        source,
    }
}
