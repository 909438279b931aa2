//! Figures about an index: documents, files, terms, bytes, segments.

use super::{schema, Index, IndexInfo};
use crate::error::{Error, Result};
use serde::Serialize;
use std::path::Path;

/// Figures about an index.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    /// Documents in the index.
    pub documents: u64,
    /// Files the documents come from.
    pub files: u64,
    /// Distinct analyzed terms in `title` and `body`.
    pub terms: u64,
    /// Bytes the index takes on disk (0 in memory).
    pub size_bytes: u64,
    /// Segments.
    pub segments: usize,
    /// What the last commit recorded.
    pub info: IndexInfo,
}

impl Index {
    /// Counts documents, terms and bytes.
    pub fn stats(&self) -> Result<Stats> {
        let searcher = self.reader.searcher();
        let mut terms = std::collections::BTreeSet::new();
        let mut files = std::collections::HashSet::new();
        let mut documents = 0;
        for segment in searcher.segment_readers() {
            // A long text's passages are one document: count its first.
            let part = segment
                .fast_fields()
                .u64(schema::PART)
                .map_err(|e| self.classify(e))?;
            documents += if part.max_value() == 0 {
                u64::from(segment.num_docs())
            } else {
                segment
                    .doc_ids_alive()
                    .filter(|doc| part.first(*doc).unwrap_or(0) <= 1)
                    .count() as u64
            };
            for field in [self.fields.title, self.fields.body] {
                let inverted = segment
                    .inverted_index(field)
                    .map_err(|e| self.classify(e))?;
                let mut stream = inverted.terms().stream().map_err(|source| Error::Io {
                    path: self.where_().to_path_buf(),
                    source,
                })?;
                while stream.advance() {
                    terms.insert(stream.key().to_vec());
                }
            }
            if let Some(col) = segment
                .fast_fields()
                .str("file")
                .map_err(|e| self.classify(e))?
            {
                let mut name = String::new();
                for doc in segment.doc_ids_alive() {
                    if let Some(ord) = col.term_ords(doc).next() {
                        name.clear();
                        if col.ord_to_str(ord, &mut name).unwrap_or(false) {
                            files.insert(name.clone());
                        }
                    }
                }
            }
        }
        let size_bytes = match &self.path {
            Some(p) => dir_size(p),
            None => 0,
        };
        Ok(Stats {
            documents,
            files: files.len() as u64,
            terms: terms.len() as u64,
            size_bytes,
            segments: searcher.segment_readers().len(),
            info: self.info()?,
        })
    }
}

fn dir_size(path: &Path) -> u64 {
    std::fs::read_dir(path)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter_map(|e| e.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}
