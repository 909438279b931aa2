//! Reading a folder into documents (first version: UTF-8 `.txt` files only).

use std::path::{Path, PathBuf};

/// A file found by [`walk`].
#[derive(Debug, Clone)]
pub struct FileMeta {
    /// Path relative to the root, `/`-separated.
    pub rel_path: String,
    /// Absolute path.
    pub abs_path: PathBuf,
    /// Size in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since the epoch.
    pub mtime_ns: i64,
}

/// Options of [`walk`].
#[derive(Debug, Clone)]
pub struct WalkOptions {
    /// Paths not to enter.
    pub skip: Vec<PathBuf>,
    /// Larger files are skipped.
    pub max_file_size: u64,
}

impl Default for WalkOptions {
    fn default() -> Self {
        WalkOptions {
            skip: Vec::new(),
            max_file_size: 64 * 1024 * 1024,
        }
    }
}

/// A file left out, and why.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct Skipped {
    /// Path relative to the root.
    pub path: String,
    /// Why.
    pub reason: SkipReason,
}

/// Why a file was left out.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum SkipReason {
    /// Not text.
    #[error("not valid UTF-8 text")]
    Undecodable,
    /// Unreadable.
    #[error("cannot read: {0}")]
    Unreadable(String),
}

/// One document of a file.
#[derive(Debug, Clone)]
pub struct ParsedDoc {
    /// Identity.
    pub id: String,
    /// Title.
    pub title: String,
    /// Text.
    pub body: String,
}

/// A file read into documents.
#[derive(Debug, Clone)]
pub struct ReadFile {
    /// Its documents.
    pub docs: Vec<ParsedDoc>,
    /// Content hash.
    pub hash: u64,
    /// Parts left out.
    pub warnings: Vec<Skipped>,
}

/// The `.txt` files below `root`.
pub fn walk(root: &Path, options: &WalkOptions) -> impl Iterator<Item = Result<FileMeta, Skipped>> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if options.skip.contains(&p) || e.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let Ok(m) = e.metadata() else { continue };
            if m.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "txt") {
                let rel = p
                    .strip_prefix(root)
                    .unwrap_or(&p)
                    .to_string_lossy()
                    .replace('\\', "/");
                let mtime_ns = m
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos() as i64);
                out.push(Ok(FileMeta {
                    rel_path: rel,
                    abs_path: p,
                    size: m.len(),
                    mtime_ns,
                }));
            }
        }
    }
    out.into_iter()
}

/// Reads one file.
pub fn read_file(meta: &FileMeta) -> Result<ReadFile, Skipped> {
    let skipped = |reason| Skipped {
        path: meta.rel_path.clone(),
        reason,
    };
    let bytes = std::fs::read(&meta.abs_path)
        .map_err(|e| skipped(SkipReason::Unreadable(e.to_string())))?;
    let hash = u64::from_le_bytes(
        blake3::hash(&bytes).as_bytes()[..8]
            .try_into()
            .unwrap_or_default(),
    );
    let text = String::from_utf8(bytes).map_err(|_| skipped(SkipReason::Undecodable))?;
    let title = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default()
        .trim()
        .to_string();
    Ok(ReadFile {
        docs: vec![ParsedDoc {
            id: meta.rel_path.clone(),
            title,
            body: text,
        }],
        hash,
        warnings: Vec::new(),
    })
}
