//! Adding, replacing and removing documents, in atomic commits.

use super::{Index, IndexInfo, NewDocument};
use crate::analysis::ANALYZER_VERSION;
use crate::error::Result;
use crate::schema::Fields;
use tantivy::{IndexWriter, TantivyDocument, Term};

/// Memory the writer may buffer per indexing thread before it flushes a segment.
pub(super) const MEMORY_PER_THREAD: usize = 64 * 1024 * 1024;

/// Adds, replaces and removes documents; nothing is visible until [`Writer::commit`].
pub struct Writer {
    writer: IndexWriter,
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

impl Writer {
    pub(super) fn new(writer: IndexWriter, index: Index) -> Writer {
        Writer {
            writer,
            fields: index.fields,
            index,
        }
    }

    /// Adds one document.
    pub fn add(&mut self, doc: &NewDocument) -> Result<()> {
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
        d.add_text(f.body, &doc.body);
        d.add_text(f.folded, &doc.body);
        d.add_i64(f.mtime, doc.mtime_ns);
        d.add_u64(f.size, doc.size);
        d.add_u64(f.hash, doc.hash);
        self.writer
            .add_document(d)
            .map_err(|e| self.index.classify(e))?;
        Ok(())
    }

    /// Removes every document that came from `file`.
    pub fn delete_file(&mut self, file: &str) {
        self.writer
            .delete_term(Term::from_field_text(self.fields.file, file));
    }

    /// Removes every document.
    pub fn delete_all(&mut self) -> Result<()> {
        self.writer
            .delete_all_documents()
            .map_err(|e| self.index.classify(e))?;
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
        let mut prepared = self
            .writer
            .prepare_commit()
            .map_err(|e| self.index.classify(e))?;
        prepared.set_payload(&payload);
        prepared.commit().map_err(|e| self.index.classify(e))?;
        self.index.reload()
    }

    /// Merges every committed segment into one, keeping their order (so documents
    /// keep their relative order and ties rank as before), and makes the result
    /// visible. A full build leaves one segment per writer thread and flush; each
    /// query then looks every word up once instead of once per segment.
    pub fn merge_all(&mut self) -> Result<()> {
        let ids = self
            .index
            .index
            .searchable_segment_ids()
            .map_err(|e| self.index.classify(e))?;
        if ids.len() < 2 {
            return Ok(());
        }
        self.writer
            .merge(&ids)
            .wait()
            .map_err(|e| self.index.classify(e))?;
        self.index.reload()
    }

    /// Drops the changes made since the last commit.
    pub fn rollback(&mut self) -> Result<()> {
        self.writer.rollback().map_err(|e| self.index.classify(e))?;
        Ok(())
    }
}
