//! Incremental sync: make the index mirror a folder.

use super::{Index, IndexInfo, NewDocument};
use crate::error::{Error, Result};
use crate::ingest::{self, FileMeta, Skipped, Symlinks, WalkOptions};
use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// How to sync a folder.
#[derive(Debug, Clone)]
pub struct SyncOptions {
    /// Files larger than this are skipped (with a reason).
    pub max_file_size: u64,
    /// Commit after this many changed files, so a crash loses little work.
    /// Every commit is atomic; a run that stops early leaves the index at its last
    /// commit and the next run finishes the job. (To index a folder from scratch, see
    /// [`Index::rebuild`].)
    pub commit_every: usize,
    /// Which symbolic links are followed (none by default; see [`Symlinks`]).
    pub symlinks: Symlinks,
}

impl Default for SyncOptions {
    fn default() -> Self {
        SyncOptions {
            max_file_size: WalkOptions::default().max_file_size,
            commit_every: 10_000,
            symlinks: Symlinks::default(),
        }
    }
}

/// Progress of a sync, reported to the caller's callback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// The folder was walked: this many files are candidates.
    Walked {
        /// Files found.
        files: usize,
    },
    /// One more file was looked at.
    File {
        /// Files looked at so far.
        done: usize,
        /// All files.
        total: usize,
    },
    /// Writing the commit.
    Committing,
}

/// What a sync did.
#[derive(Debug, Clone, Default)]
pub struct SyncReport {
    /// Files new to the index.
    pub added: usize,
    /// Files whose content changed.
    pub updated: usize,
    /// Files gone from the folder (or no longer readable), removed from the index.
    pub removed: usize,
    /// Files left as they were.
    pub unchanged: usize,
    /// Files not indexed, with the reason.
    pub skipped: Vec<Skipped>,
    /// Parts of indexed files that were left out (such as bad JSONL lines).
    pub warnings: Vec<Skipped>,
    /// Documents written (a JSONL file holds many).
    pub documents: usize,
    /// How long the sync took.
    pub elapsed: Duration,
}

impl SyncReport {
    /// Whether the sync changed the index.
    pub fn changed(&self) -> bool {
        self.added + self.updated + self.removed > 0
    }
}

/// What the index knows of one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Known {
    size: u64,
    mtime_ns: i64,
    hash: u64,
}

impl Index {
    /// Makes the index mirror `folder`: adds new files, replaces changed ones (by size
    /// and modification time, confirmed by a content hash) and removes deleted ones.
    pub fn sync(
        &self,
        folder: &Path,
        options: &SyncOptions,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<SyncReport> {
        self.removing_leftovers(self.guard(|| self.sync_inner(folder, options, None, progress)))
    }

    /// After a failed write, deletes at once what it left (a full disk stays full
    /// otherwise).
    fn removing_leftovers<T>(&self, result: Result<T>) -> Result<T> {
        if matches!(result, Err(Error::Write { .. })) {
            let _ = self.collect_garbage();
        }
        result
    }

    /// [`sync`](Index::sync), leaving `leave_out` out of the walk as well as the
    /// index's own folder (for a rebuild, whose index lives inside the old one's).
    pub(super) fn sync_leaving_out(
        &self,
        folder: &Path,
        options: &SyncOptions,
        leave_out: &Path,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<SyncReport> {
        let result = self.guard(|| self.sync_inner(folder, options, Some(leave_out), progress));
        self.removing_leftovers(result)
    }

    fn sync_inner(
        &self,
        folder: &Path,
        options: &SyncOptions,
        leave_out: Option<&Path>,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<SyncReport> {
        let started = Instant::now();
        let root = folder.canonicalize().map_err(|e| Error::BadFolder {
            path: folder.to_path_buf(),
            reason: e.to_string(),
        })?;
        if !root.is_dir() {
            return Err(Error::BadFolder {
                path: folder.to_path_buf(),
                reason: "not a folder".into(),
            });
        }
        let mut writer = self.writer()?;
        let mut known = self.known_files()?;
        // A build from scratch ends with one merge of all its segments, and nothing
        // else merges meanwhile: two owners of merging make one of them fail.
        let fresh = known.is_empty();
        if fresh {
            writer.without_background_merges();
        }
        let previous = self.info()?;
        let skip = self
            .path()
            .into_iter()
            .chain(leave_out)
            .map(|p| p.canonicalize().unwrap_or_else(|_| p.to_path_buf()))
            .collect();
        let walk_options = WalkOptions {
            skip,
            max_file_size: options.max_file_size,
            symlinks: options.symlinks,
        };
        let mut report = SyncReport::default();
        // A build from scratch walks the folder twice: once to count its files for the
        // progress, then to read each as it is listed, because a list of every file
        // would grow with the folder (35 MB for 100,000 files, heaptrack) while the rest
        // of a build does not. A sync lists them once: it holds every known file anyway,
        // and a second walk would almost double an unchanged sync's time.
        let listed: Option<Vec<FileMeta>> = (!fresh).then(|| {
            let mut files = Vec::new();
            for entry in ingest::walk(&root, &walk_options) {
                match entry {
                    Ok(meta) => files.push(meta),
                    Err(skipped) => report.skipped.push(skipped),
                }
            }
            files
        });
        let total = match &listed {
            Some(files) => files.len(),
            None => ingest::walk(&root, &walk_options)
                .filter(Result::is_ok)
                .count(),
        };
        progress(Progress::Walked { files: total });
        let entries: Box<dyn Iterator<Item = std::result::Result<FileMeta, Skipped>>> = match listed
        {
            Some(files) => Box::new(files.into_iter().map(Ok)),
            None => Box::new(ingest::walk(&root, &walk_options)),
        };
        let mut pending = 0;
        let mut done = 0;
        for entry in entries {
            let meta = match entry {
                Ok(meta) => meta,
                Err(skipped) => {
                    report.skipped.push(skipped);
                    continue;
                }
            };
            let meta = &meta;
            done += 1;
            progress(Progress::File {
                done,
                // Files may come between a fresh build's two walks.
                total: total.max(done),
            });
            let old = known.remove(&meta.rel_path);
            if let Some(old) = old {
                if old.size == meta.size && old.mtime_ns == meta.mtime_ns {
                    report.unchanged += 1;
                    continue;
                }
            }
            let read = match ingest::read_file(meta) {
                Ok(read) => read,
                Err(skipped) => {
                    if old.is_some() {
                        writer.delete_file(&meta.rel_path);
                        report.removed += 1;
                        pending += 1;
                    }
                    report.skipped.push(skipped);
                    continue;
                }
            };
            match old {
                Some(old) if old.hash == read.hash && old.size == meta.size => {
                    // Touched but not changed: rewrite to record the new time.
                    report.unchanged += 1;
                }
                Some(_) => report.updated += 1,
                None => report.added += 1,
            }
            if old.is_some() {
                writer.delete_file(&meta.rel_path);
            }
            for doc in read.docs {
                writer.add(&NewDocument {
                    id: doc.id,
                    file: meta.rel_path.clone(),
                    title: doc.title,
                    title_is_excerpt: doc.title_is_excerpt,
                    body: doc.body,
                    mtime_ns: meta.mtime_ns,
                    size: meta.size,
                    hash: read.hash,
                    meta: doc.meta,
                })?;
                report.documents += 1;
            }
            report.warnings.extend(read.warnings);
            pending += 1;
            if pending >= options.commit_every.max(1) {
                progress(Progress::Committing);
                writer.commit(&IndexInfo {
                    root: Some(root.clone()),
                    ..previous.clone()
                })?;
                pending = 0;
            }
        }
        for gone in known.keys() {
            writer.delete_file(gone);
            report.removed += 1;
            pending += 1;
        }
        let root_changed = previous.root.as_deref() != Some(root.as_path());
        if pending > 0 || root_changed || previous.last_sync.is_none() {
            progress(Progress::Committing);
            writer.commit(&IndexInfo {
                root: Some(root.clone()),
                last_sync: Some(now_secs()),
                ..previous
            })?;
        }
        if fresh && report.documents > 0 {
            progress(Progress::Committing);
            writer.merge_all()?;
        } else {
            writer.finish()?;
        }
        report.elapsed = started.elapsed();
        Ok(report)
    }

    /// Every file the index holds, with the size, time and hash it was indexed at.
    fn known_files(&self) -> Result<HashMap<String, Known>> {
        let searcher = self.reader.searcher();
        let mut out = HashMap::new();
        for segment in searcher.segment_readers() {
            let ff = segment.fast_fields();
            let Some(files) = ff.str("file").map_err(|e| self.classify(e))? else {
                continue;
            };
            let sizes = ff.u64("size").map_err(|e| self.classify(e))?;
            let mtimes = ff.i64("mtime").map_err(|e| self.classify(e))?;
            let hashes = ff.u64("hash").map_err(|e| self.classify(e))?;
            // Read the names in one pass over the dictionary: looking each document's name
            // up by ordinal opens (and decompresses) a dictionary block per document, which
            // made an unchanged re-sync several times slower.
            let mut names: Vec<Option<String>> = Vec::with_capacity(files.num_terms());
            let mut stream = files.dictionary().stream().map_err(|source| Error::Io {
                path: self.where_().to_path_buf(),
                source,
            })?;
            while stream.advance() {
                names.push(std::str::from_utf8(stream.key()).ok().map(str::to_string));
            }
            for doc in segment.doc_ids_alive() {
                let Some(ord) = files.term_ords(doc).next() else {
                    continue;
                };
                // The first document of a file speaks for it (a JSONL file has many).
                let Some(name) = usize::try_from(ord)
                    .ok()
                    .and_then(|o| names.get_mut(o))
                    .and_then(Option::take)
                else {
                    continue;
                };
                if out.contains_key(name.as_str()) {
                    continue;
                }
                out.insert(
                    name,
                    Known {
                        size: sizes.first(doc).unwrap_or(0),
                        mtime_ns: mtimes.first(doc).unwrap_or(0),
                        hash: hashes.first(doc).unwrap_or(0),
                    },
                );
            }
        }
        Ok(out)
    }
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}
