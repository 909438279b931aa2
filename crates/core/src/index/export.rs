//! The index read passage by passage, for engines that Lupa feeds with its analysis
//! (`lupa-cluster` pushes it to a Sphinx or Manticore cluster).
//!
//! A [`Snapshot`] is one searcher generation: its passages' keys (cheap, from the fast
//! columns), each passage's stored fields when asked for, and the vocabulary that prefix
//! and fuzzy words are expanded from, with the document frequencies that a cluster's
//! global statistics are made of.

use super::schema::Fields;
use super::Index;
use crate::error::{Error, Result};
use crate::ingest::Day;
use tantivy::schema::Value;
use tantivy::{DocAddress, Searcher, TantivyDocument};

/// Which analyzed field a word of [`Snapshot::vocabulary`] comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vocabulary {
    /// Stemmed words of titles.
    Title,
    /// Stemmed words of texts.
    Body,
    /// Folded, unstemmed words of titles and texts.
    Folded,
}

/// One passage of the index by its identity: a whole document is part 0, the passages
/// of a long text are parts 1, 2, …
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassageKey {
    /// The document's id.
    pub id: String,
    /// Which passage.
    pub part: u64,
    /// The content hash of the file it came from.
    pub hash: u64,
    address: DocAddress,
}

/// A passage's stored fields, as indexed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoredPassage {
    /// The document's id.
    pub id: String,
    /// Which passage (0: the whole document).
    pub part: u64,
    /// The content hash of its file.
    pub hash: u64,
    /// The title as searched; empty when the title is only an excerpt of the text.
    pub title: String,
    /// The title as shown (the excerpt where there is no real title).
    pub shown_title: String,
    /// The passage's text.
    pub body: String,
    /// Its date (the file's day when `date_from_file`).
    pub date: Option<Day>,
    /// Whether `date` is the file's modification day.
    pub date_from_file: bool,
    /// Who wrote it.
    pub author: Option<String>,
    /// Where it appeared.
    pub source: Option<String>,
    /// Its address on the web.
    pub url: Option<String>,
}

/// One searcher generation of an index, read as passages (see the module docs).
pub struct Snapshot {
    searcher: Searcher,
    fields: Fields,
    index: Index,
}

impl Index {
    /// The passages and vocabulary of the index as it is now.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            searcher: self.reader.searcher(),
            fields: self.fields,
            index: self.clone(),
        }
    }
}

impl Snapshot {
    /// How many passages the snapshot holds.
    pub fn passages(&self) -> u64 {
        self.searcher.num_docs()
    }

    /// Every passage's key, in no particular order.
    pub fn keys(&self) -> Result<Vec<PassageKey>> {
        let mut keys = Vec::with_capacity(self.searcher.num_docs() as usize);
        for (ord, segment) in self.searcher.segment_readers().iter().enumerate() {
            let fast = segment.fast_fields();
            let ids = fast
                .str("id")
                .map_err(|e| self.index.classify(e))?
                .ok_or_else(|| self.damaged("the id column is missing"))?;
            let parts = fast
                .u64("part")
                .map_err(|e| self.index.classify(e))?
                .first_or_default_col(0);
            let hashes = fast
                .u64("hash")
                .map_err(|e| self.index.classify(e))?
                .first_or_default_col(0);
            let mut id = String::new();
            for doc in segment.doc_ids_alive() {
                id.clear();
                if let Some(term_ord) = ids.term_ords(doc).next() {
                    ids.ord_to_str(term_ord, &mut id).map_err(|e| Error::Io {
                        path: self.index.where_().to_path_buf(),
                        source: e,
                    })?;
                }
                keys.push(PassageKey {
                    id: id.clone(),
                    part: parts.get_val(doc),
                    hash: hashes.get_val(doc),
                    address: DocAddress::new(ord as u32, doc),
                });
            }
        }
        Ok(keys)
    }

    /// The stored fields of the passage `key` names (a key of this snapshot).
    pub fn read(&self, key: &PassageKey) -> Result<StoredPassage> {
        let doc: TantivyDocument = self
            .searcher
            .doc(key.address)
            .map_err(|e| self.index.classify(e))?;
        let f = &self.fields;
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        let some_text = |field| Some(text(field)).filter(|t| !t.is_empty());
        let title = text(f.title);
        let shown_title = if title.is_empty() {
            text(f.excerpt_title)
        } else {
            title.clone()
        };
        Ok(StoredPassage {
            id: key.id.clone(),
            part: key.part,
            hash: key.hash,
            title,
            shown_title,
            body: text(f.body),
            date: doc
                .get_first(f.date)
                .and_then(|v| v.as_i64())
                .and_then(|days| i32::try_from(days).ok())
                .map(Day::from_days),
            date_from_file: doc
                .get_first(f.date_from_file)
                .and_then(|v| v.as_bool())
                .unwrap_or(false),
            author: some_text(f.author),
            source: some_text(f.source),
            url: some_text(f.url),
        })
    }

    /// Every word of `vocabulary` with the number of passages that hold it (summed over
    /// segments; passages deleted but not yet merged away still count, as they do in
    /// the index's own scores).
    pub fn vocabulary(
        &self,
        vocabulary: Vocabulary,
        mut visit: impl FnMut(&str, u64),
    ) -> Result<()> {
        let field = self.field(vocabulary);
        let mut merged: std::collections::BTreeMap<String, u64> = Default::default();
        let one_segment = self.searcher.segment_readers().len() == 1;
        for segment in self.searcher.segment_readers() {
            let inverted = segment
                .inverted_index(field)
                .map_err(|e| self.index.classify(e))?;
            let mut stream = inverted.terms().stream().map_err(|e| Error::Io {
                path: self.index.where_().to_path_buf(),
                source: e,
            })?;
            while stream.advance() {
                let Ok(word) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                let docs = u64::from(stream.value().doc_freq);
                if one_segment {
                    visit(word, docs);
                } else {
                    *merged.entry(word.to_string()).or_default() += docs;
                }
            }
        }
        for (word, docs) in merged {
            visit(&word, docs);
        }
        Ok(())
    }

    /// Up to `max` folded words that start with `prefix`, the most frequent first (as
    /// a local search expands `prefix*`).
    pub fn words_with_prefix(&self, prefix: &str, max: usize) -> Result<Vec<String>> {
        let mut found: std::collections::HashMap<String, u64> = Default::default();
        for segment in self.searcher.segment_readers() {
            let inverted = segment
                .inverted_index(self.fields.folded)
                .map_err(|e| self.index.classify(e))?;
            let mut stream = inverted
                .terms()
                .range()
                .ge(prefix.as_bytes())
                .into_stream()
                .map_err(|e| Error::Io {
                    path: self.index.where_().to_path_buf(),
                    source: e,
                })?;
            while stream.advance() {
                let key = stream.key();
                if !key.starts_with(prefix.as_bytes()) {
                    break;
                }
                if let Ok(word) = std::str::from_utf8(key) {
                    *found.entry(word.to_string()).or_default() +=
                        u64::from(stream.value().doc_freq);
                }
            }
        }
        let mut words: Vec<(String, u64)> = found.into_iter().collect();
        words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        words.truncate(max);
        Ok(words.into_iter().map(|(w, _)| w).collect())
    }

    /// The folded words within `distance` edits of `word` (a transposition is one edit,
    /// as in a local search's `word~N`), in byte order.
    pub fn words_within(&self, word: &str, distance: u8) -> Result<Vec<String>> {
        let mut found = std::collections::BTreeSet::new();
        for segment in self.searcher.segment_readers() {
            let inverted = segment
                .inverted_index(self.fields.folded)
                .map_err(|e| self.index.classify(e))?;
            let mut stream = inverted.terms().stream().map_err(|e| Error::Io {
                path: self.index.where_().to_path_buf(),
                source: e,
            })?;
            while stream.advance() {
                let Ok(candidate) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                if crate::search::suggest::distance_within(word, candidate, usize::from(distance))
                    .is_some()
                {
                    found.insert(candidate.to_string());
                }
            }
        }
        Ok(found.into_iter().collect())
    }

    fn field(&self, vocabulary: Vocabulary) -> tantivy::schema::Field {
        match vocabulary {
            Vocabulary::Title => self.fields.title,
            Vocabulary::Body => self.fields.body,
            Vocabulary::Folded => self.fields.folded,
        }
    }

    fn damaged(&self, what: &str) -> Error {
        Error::Corrupt {
            path: self.index.where_().to_path_buf(),
            reason: what.to_string(),
        }
    }
}
