//! Listing the files of a folder that Lupa can index.

use super::skip::{SkipReason, Skipped};
use super::Format;
use std::collections::HashSet;
use std::fs::Metadata;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::UNIX_EPOCH;

/// The default [`WalkOptions::max_file_size`]: 64 MiB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// A file found by [`walk`], ready for [`read_file`](super::read_file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileMeta {
    /// The path relative to the indexed folder, components joined with `/`. This is the
    /// file's identity in the index. A component that is not valid UTF-8 shows with
    /// U+FFFD replacement characters.
    pub rel_path: String,
    /// The path to open: the indexed folder joined with the relative path, exactly as
    /// found (so names that are not valid UTF-8 still open).
    pub abs_path: PathBuf,
    /// Size in bytes when listed (of the target, for a symbolic link).
    pub size: u64,
    /// Last modification time in nanoseconds since the Unix epoch (negative before it,
    /// 0 where the platform does not tell).
    pub mtime_ns: i64,
    /// How the file is read, from its extension.
    pub format: Format,
    /// [`read_file`](super::read_file) reads at most this many bytes; a larger file is
    /// [`SkipReason::TooLarge`]. Set from [`WalkOptions::max_file_size`].
    pub max_size: u64,
}

/// What [`walk`] lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkOptions {
    /// Files and folders left out, such as the index's own folder when it lives inside
    /// the indexed folder. Relative paths are taken from the current directory, like the
    /// root. A folder is recognised even when reached through another spelling of its
    /// path (its canonical path is compared).
    pub skip: Vec<PathBuf>,
    /// Files larger than this many bytes are reported as [`SkipReason::TooLarge`].
    pub max_file_size: u64,
    /// Which symbolic links are followed (none by default).
    pub symlinks: Symlinks,
}

impl Default for WalkOptions {
    fn default() -> Self {
        WalkOptions {
            skip: Vec::new(),
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            symlinks: Symlinks::default(),
        }
    }
}

/// Which symbolic links a [`walk`] follows.
///
/// A link inside an indexed folder can lead anywhere on the machine; following it would
/// index (and, through a server, show) files the folder's owner never put there. So,
/// as ripgrep and git do, links are not followed unless asked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Symlinks {
    /// No link is followed; each one to a folder or to a file Lupa reads is reported as
    /// [`SkipReason::SymlinkNotFollowed`].
    #[default]
    Skip,
    /// Links are followed when their target lies inside the indexed folder; the others
    /// are reported as [`SkipReason::OutsideFolder`] (`lupa index --follow`).
    Inside,
    /// Links are followed wherever they lead (`lupa index --follow --follow-outside`).
    Anywhere,
}

/// The name of the file, in the indexed folder or any folder below it, that lists the
/// paths to leave out, in gitignore syntax.
pub const IGNORE_FILE: &str = ".lupaignore";

/// Lists the files under `root` that Lupa can index, recursively, in a stable order
/// (sorted by file name, folder by folder).
///
/// - Every file with a supported extension is listed ([`Format::from_path`]); other
///   files are passed over silently and counted ([`Walk::unsupported`]).
/// - `.gitignore`, `.ignore` and similar rules are not applied: a folder of articles is
///   not a source repository. Only a `.lupaignore` file ([`IGNORE_FILE`], gitignore
///   syntax) says what to leave out. Hidden files and folders (names starting with `.`)
///   are left out, and so is everything in [`WalkOptions::skip`].
/// - Symbolic links are followed only as [`WalkOptions::symlinks`] says ([`Symlinks`]):
///   by default none is, and each link to a folder or to a readable file is reported as
///   [`SkipReason::SymlinkNotFollowed`]. A followed link is listed under the link's path;
///   a link leading back to one of its own ancestors is reported once as
///   [`SkipReason::SymlinkLoop`], a link to nothing as [`SkipReason::BrokenSymlink`],
///   and with [`Symlinks::Inside`] a link whose target resolves outside `root` as
///   [`SkipReason::OutsideFolder`] (a folder behind such a link is not entered). A file
///   reachable by two paths is listed twice.
/// - A file or folder name that is not valid UTF-8 is listed with U+FFFD in
///   [`FileMeta::rel_path`] (the real name is kept in [`FileMeta::abs_path`]); should two
///   such names show as the same path, the later one is [`SkipReason::PathCollision`].
/// - Files over [`WalkOptions::max_file_size`], unreadable folders and special files
///   (pipes, devices) are reported as [`Skipped`]; the walk goes on.
///
/// When `root` is itself a file, it alone is listed, under its file name.
pub fn walk(root: &Path, options: &WalkOptions) -> Walk {
    let canonical_root = root.canonicalize().ok();
    let skip_raw: Vec<PathBuf> = options.skip.clone();
    let skip_canonical: Vec<PathBuf> = options
        .skip
        .iter()
        .filter_map(|path| path.canonicalize().ok())
        .collect();
    let filter_root = root.to_path_buf();
    let filter_canonical_root = canonical_root.clone();
    let symlinks = options.symlinks;
    let outside: Arc<Mutex<Vec<PathBuf>>> = Arc::default();
    let filter_outside = Arc::clone(&outside);
    let mut builder = ignore::WalkBuilder::new(root);
    builder
        .standard_filters(false)
        .hidden(true)
        .add_custom_ignore_filename(IGNORE_FILE)
        .follow_links(symlinks != Symlinks::Skip)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(move |entry| {
            let path = entry.path();
            if skip_raw.iter().any(|skip| skip == path) {
                return false;
            }
            // A followed link that leads out of the folder: not entered, not listed, but
            // reported (the walker gives no other way to say why an entry is left out).
            let readable = || {
                entry.file_type().is_some_and(|t| t.is_dir()) || Format::from_path(path).is_some()
            };
            if symlinks == Symlinks::Inside
                && entry.depth() > 0
                && entry.path_is_symlink()
                && readable()
                && !leads_inside(path, filter_canonical_root.as_deref())
            {
                if let Ok(mut outside) = filter_outside.lock() {
                    outside.push(path.to_path_buf());
                }
                return false;
            }
            if skip_canonical.is_empty() {
                return true;
            }
            // Without a system call: the canonical root joined with the relative path.
            let cheap = filter_canonical_root
                .as_ref()
                .zip(path.strip_prefix(&filter_root).ok())
                .map(|(root, rel)| root.join(rel));
            if cheap.is_some_and(|cheap| skip_canonical.contains(&cheap)) {
                return false;
            }
            // Folders reached through symbolic links: the real canonical path.
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            !(is_dir
                && path
                    .canonicalize()
                    .is_ok_and(|real| skip_canonical.contains(&real)))
        });
    Walk {
        inner: builder.build(),
        root: root.to_path_buf(),
        max_size: options.max_file_size,
        unsupported: 0,
        lossy_paths: HashSet::new(),
        outside,
    }
}

/// Whether the target of the link at `path` resolves inside `root` (canonical). A link
/// whose target cannot be resolved counts as inside: the walker reports it as broken.
fn leads_inside(path: &Path, root: Option<&Path>) -> bool {
    match (path.canonicalize(), root) {
        (Ok(target), Some(root)) => target.starts_with(root),
        (Ok(_), None) => false,
        (Err(_), _) => true,
    }
}

/// The files of a folder, as listed by [`walk`]: each item is a file to read or a file
/// or folder that was skipped.
pub struct Walk {
    inner: ignore::Walk,
    root: PathBuf,
    max_size: u64,
    unsupported: u64,
    lossy_paths: HashSet<String>,
    /// Links the filter left out because they lead outside the folder, not yet reported.
    outside: Arc<Mutex<Vec<PathBuf>>>,
}

impl std::fmt::Debug for Walk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Walk")
            .field("root", &self.root)
            .field("max_size", &self.max_size)
            .field("unsupported", &self.unsupported)
            .finish_non_exhaustive()
    }
}

impl Walk {
    /// How many files so far had an extension Lupa does not read.
    pub fn unsupported(&self) -> u64 {
        self.unsupported
    }

    fn entry(&mut self, entry: ignore::DirEntry) -> Option<Result<FileMeta, Skipped>> {
        let file_type = entry.file_type()?;
        if file_type.is_dir() {
            return None;
        }
        let path = entry.path();
        let (rel_path, lossy) = self.rel_path(path);
        if file_type.is_symlink() {
            // Not followed: worth a word only when it leads to something Lupa would read.
            let target_is_dir = std::fs::metadata(path).is_ok_and(|m| m.is_dir());
            if !target_is_dir && Format::from_path(path).is_none() {
                self.unsupported += 1;
                return None;
            }
            return Some(Err(Skipped::new(rel_path, SkipReason::SymlinkNotFollowed)));
        }
        let Some(format) = Format::from_path(path) else {
            self.unsupported += 1;
            return None;
        };
        let skipped = |reason| Some(Err(Skipped::new(rel_path.clone(), reason)));
        if !file_type.is_file() {
            return skipped(SkipReason::NotRegularFile);
        }
        if lossy && !self.lossy_paths.insert(rel_path.clone()) {
            return skipped(SkipReason::PathCollision);
        }
        let metadata = match entry.metadata() {
            Ok(metadata) => metadata,
            Err(error) => return skipped(self.reason(&error, path)),
        };
        if metadata.len() > self.max_size {
            return skipped(SkipReason::TooLarge {
                size: metadata.len(),
                limit: self.max_size,
            });
        }
        Some(Ok(FileMeta {
            rel_path,
            abs_path: path.to_path_buf(),
            size: metadata.len(),
            mtime_ns: mtime_ns(&metadata),
            format,
            max_size: self.max_size,
        }))
    }

    /// The `/`-separated path relative to the root, and whether any part of it had to
    /// be shown lossily.
    fn rel_path(&self, path: &Path) -> (String, bool) {
        let rel = match path.strip_prefix(&self.root) {
            Ok(rel) if !rel.as_os_str().is_empty() => rel,
            // The root is the file itself.
            _ => match path.file_name() {
                Some(name) => Path::new(name),
                None => path,
            },
        };
        let mut out = String::new();
        let mut lossy = false;
        for component in rel.components() {
            let part = match component {
                Component::Normal(part) => part,
                Component::CurDir => continue,
                other => other.as_os_str(),
            };
            if !out.is_empty() {
                out.push('/');
            }
            match part.to_str() {
                Some(part) => out.push_str(part),
                None => {
                    lossy = true;
                    out.push_str(&part.to_string_lossy());
                }
            }
        }
        (out, lossy)
    }

    fn reason(&self, error: &ignore::Error, path: &Path) -> SkipReason {
        match error {
            ignore::Error::Partial(errors) => match errors.first() {
                Some(first) => self.reason(first, path),
                None => SkipReason::Unreadable(error.to_string()),
            },
            ignore::Error::WithLineNumber { err, .. }
            | ignore::Error::WithPath { err, .. }
            | ignore::Error::WithDepth { err, .. } => self.reason(err, path),
            ignore::Error::Loop { ancestor, .. } => SkipReason::SymlinkLoop {
                ancestor: self.rel_path(ancestor).0,
            },
            ignore::Error::Io(io) if io.kind() == io::ErrorKind::NotFound => {
                let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.is_symlink());
                if is_link {
                    SkipReason::BrokenSymlink
                } else {
                    SkipReason::Vanished
                }
            }
            ignore::Error::Io(io) => SkipReason::Unreadable(io.to_string()),
            other => SkipReason::Unreadable(other.to_string()),
        }
    }

    fn error(&mut self, error: &ignore::Error) -> Skipped {
        let path = error_path(error).unwrap_or(&self.root).to_path_buf();
        if path == self.root {
            let reason = SkipReason::Unreadable(error.to_string());
            return Skipped::new(self.root.to_string_lossy(), reason);
        }
        Skipped::new(self.rel_path(&path).0, self.reason(error, &path))
    }
}

impl Iterator for Walk {
    type Item = Result<FileMeta, Skipped>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            // Links the filter left out while listing the last entry come first (and
            // also after the last entry, which may have left some).
            if let Some(link) = self.outside.lock().ok().and_then(|mut o| o.pop()) {
                let rel_path = self.rel_path(&link).0;
                return Some(Err(Skipped::new(rel_path, SkipReason::OutsideFolder)));
            }
            let item = match self.inner.next() {
                Some(Ok(entry)) => self.entry(entry),
                Some(Err(error)) => Some(Err(self.error(&error))),
                None if self.outside.lock().is_ok_and(|o| !o.is_empty()) => continue,
                None => return None,
            };
            if item.is_some() {
                return item;
            }
        }
    }
}

/// The path an error from the walker is about.
fn error_path(error: &ignore::Error) -> Option<&Path> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::Loop { child, .. } => Some(child),
        ignore::Error::WithLineNumber { err, .. } | ignore::Error::WithDepth { err, .. } => {
            error_path(err)
        }
        ignore::Error::Partial(errors) => errors.first().and_then(error_path),
        _ => None,
    }
}

/// Modification time in nanoseconds since the Unix epoch, saturating.
fn mtime_ns(metadata: &Metadata) -> i64 {
    let Ok(modified) = metadata.modified() else {
        return 0;
    };
    match modified.duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_nanos()).unwrap_or(i64::MAX),
        Err(before) => i64::try_from(before.duration().as_nanos()).map_or(i64::MIN, |n| -n),
    }
}
