//! Adding, replacing and removing documents, in atomic commits.

use super::queue::{Queue, Queued};
use super::{passages, Index, IndexInfo, NewDocument};
use crate::analysis::ANALYZER_VERSION;
use crate::error::{Error, Result};
use crate::ingest::Day;
use crate::schema::Fields;
use tantivy::indexer::NoMergePolicy;
use tantivy::{IndexWriter, TantivyDocument, TantivyError, Term};

/// Memory the writer may buffer per indexing thread before it flushes a segment.
pub(super) const MEMORY_PER_THREAD: usize = 64 * 1024 * 1024;

/// Adds, replaces and removes documents; nothing is visible until [`Writer::commit`].
pub struct Writer {
    writer: IndexWriter<Queued>,
    /// The documents tantivy has not indexed yet, bounded by their bytes.
    queue: Queue,
    fields: Fields,
    index: Index,
}

impl std::fmt::Debug for Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writer")
            .field("index", &self.index)
            .finish()
    }
}

/// About the bytes the tantivy document of passage `body` of `doc` holds: its texts
/// (the body and the title twice, for their own field and the folded one), and a little
/// for the numbers and the document's own structure.
fn queued_bytes(doc: &NewDocument, body: &str) -> usize {
    let meta = &doc.meta;
    let texts = [
        &meta.author,
        &meta.source,
        &meta.source,
        &meta.url,
        &meta.lang,
    ]
    .into_iter()
    .flatten()
    .map(String::len)
    .sum::<usize>();
    2 * (body.len() + doc.title.len()) + doc.id.len() + doc.file.len() + texts + 256
}

impl Writer {
    pub(super) fn new(writer: IndexWriter<Queued>, index: Index) -> Writer {
        Writer {
            writer,
            queue: Queue::default(),
            fields: index.fields,
            index,
        }
    }

    /// Adds one document. A text longer than [`SPLIT_ABOVE`](super::passages::SPLIT_ABOVE)
    /// bytes is added as passages (see `passages.rs`), each with the document's id,
    /// title and file, that searches group back into one hit.
    pub fn add(&mut self, doc: &NewDocument) -> Result<()> {
        let parts = passages::split(&doc.body);
        let numbered = parts.len() > 1;
        for (n, range) in parts.into_iter().enumerate() {
            let part = if numbered { n as u64 + 1 } else { 0 };
            let body = &doc.body[range];
            let d = self.tantivy_document(doc, body, part);
            let d = self.queue.admit(d, queued_bytes(doc, body));
            if let Err(e) = self.writer.add_document(d) {
                return Err(self.failed(e));
            }
        }
        Ok(())
    }

    /// The tantivy document of passage `part` of `doc`, whose text is `body`.
    fn tantivy_document(&self, doc: &NewDocument, body: &str, part: u64) -> TantivyDocument {
        let f = &self.fields;
        let mut d = TantivyDocument::default();
        d.add_text(f.id, &doc.id);
        d.add_text(f.file, &doc.file);
        if doc.title_is_excerpt {
            d.add_text(f.excerpt_title, &doc.title);
        } else {
            d.add_text(f.title, &doc.title);
            d.add_text(f.folded, &doc.title);
        }
        d.add_text(f.body, body);
        d.add_text(f.folded, body);
        d.add_i64(f.mtime, doc.mtime_ns);
        d.add_u64(f.size, doc.size);
        d.add_u64(f.hash, doc.hash);
        d.add_u64(f.part, part);
        let meta = &doc.meta;
        let file_day = || (doc.mtime_ns != 0).then(|| doc.mtime_ns.div_euclid(1_000_000_000));
        let date = match meta.date {
            Some(day) => Some((day, false)),
            None => file_day()
                .and_then(Day::from_unix_seconds)
                .map(|day| (day, true)),
        };
        if let Some((day, from_file)) = date {
            d.add_i64(f.date, i64::from(day.days()));
            d.add_bool(f.date_from_file, from_file);
        }
        if let Some(author) = &meta.author {
            d.add_text(f.author, author);
        }
        if let Some(source) = &meta.source {
            d.add_text(f.source, source);
            d.add_text(f.source_key, source);
        }
        if let Some(url) = &meta.url {
            d.add_text(f.url, url);
        }
        if let Some(lang) = &meta.lang {
            d.add_text(f.lang, lang);
        }
        d
    }

    /// The error of a failed write. When a worker thread died (a full disk, most
    /// often), tantivy only says that it did; joining the workers gives the cause.
    fn failed(&mut self, e: TantivyError) -> Error {
        let e = match e {
            TantivyError::ErrorInThread(_) => match self.writer.prepare_commit() {
                Err(cause) => cause,
                // Not committed: dropped, as the run ends with this error.
                Ok(_) => e,
            },
            e => e,
        };
        self.index.write_error(e)
    }

    /// Stops tantivy from merging segments in the background while this writer runs,
    /// for a build that ends with [`merge_all`](Writer::merge_all).
    pub fn without_background_merges(&mut self) {
        self.writer.set_merge_policy(Box::new(NoMergePolicy));
    }

    /// Removes every document that came from `file`.
    pub fn delete_file(&mut self, file: &str) {
        self.writer
            .delete_term(Term::from_field_text(self.fields.file, file));
    }

    /// Removes every document.
    pub fn delete_all(&mut self) -> Result<()> {
        if let Err(e) = self.writer.delete_all_documents() {
            return Err(self.failed(e));
        }
        Ok(())
    }

    /// Makes every change so far durable and visible, atomically, recording `info`
    /// (the analyzer version is always set to this build's).
    pub fn commit(&mut self, info: &IndexInfo) -> Result<()> {
        let info = IndexInfo {
            analyzer_version: ANALYZER_VERSION,
            ..info.clone()
        };
        let payload = serde_json::to_string(&info).unwrap_or_default();
        let mut prepared = match self.writer.prepare_commit() {
            Ok(prepared) => prepared,
            Err(e) => return Err(self.failed(e)),
        };
        prepared.set_payload(&payload);
        if let Err(e) = prepared.commit() {
            return Err(self.failed(e));
        }
        self.index.reload()
    }

    /// Merges every committed segment into one, keeping their order (so documents
    /// keep their relative order and ties rank as before), makes the result visible
    /// and closes the writer. A full build leaves one segment per writer thread and
    /// flush; each query then looks every word up once instead of once per segment.
    ///
    /// Merges tantivy started in the background end first, so that this merge is the
    /// only one: two merges of the same segments would make one of them fail.
    pub fn merge_all(self) -> Result<()> {
        let index = self.index.clone();
        self.finish()?;
        let mut writer = index.writer()?;
        writer.without_background_merges();
        let ids = index
            .index
            .searchable_segment_ids()
            .map_err(|e| index.write_error(e))?;
        if ids.len() >= 2 {
            if let Err(e) = writer.writer.merge(&ids).wait() {
                return Err(writer.failed(e));
            }
        }
        writer.finish()
    }

    /// Waits for the merges tantivy runs in the background, shows their result and
    /// deletes the files they made useless, then closes the writer. Dropping a writer
    /// instead abandons its merges (the next writer deletes their files).
    pub fn finish(self) -> Result<()> {
        let index = self.index;
        self.writer
            .wait_merging_threads()
            .map_err(|e| index.write_error(e))?;
        index.reload()?;
        // The merged segments' files outlived the merges while this process still
        // searched them.
        index.collect_garbage()
    }

    /// Drops the changes made since the last commit.
    pub fn rollback(&mut self) -> Result<()> {
        self.writer.rollback().map_err(|e| self.index.classify(e))?;
        Ok(())
    }
}
