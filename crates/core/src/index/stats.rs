//! Figures about an index: documents, files, terms, bytes, segments, dates.

use super::{schema, Index, IndexInfo};
use crate::error::{Error, Result};
use crate::ingest::Day;
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
    /// The earliest and the latest date of the documents (a file's day for those
    /// without a date of their own); `None` when no document has a date.
    pub dates: Option<(Day, Day)>,
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
        let mut dates: Option<(i64, i64)> = None;
        for segment in searcher.segment_readers() {
            let date = segment
                .fast_fields()
                .i64(schema::DATE)
                .map_err(|e| self.classify(e))?;
            for day in segment.doc_ids_alive().filter_map(|doc| date.first(doc)) {
                dates = Some(match dates {
                    Some((first, last)) => (first.min(day), last.max(day)),
                    None => (day, day),
                });
            }
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
            dates: dates.and_then(|(first, last)| {
                let day = |days: i64| i32::try_from(days).ok().map(Day::from_days);
                Some((day(first)?, day(last)?))
            }),
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
