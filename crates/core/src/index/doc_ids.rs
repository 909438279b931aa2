//! Reading a hit's id from the `id` fast field, cheaply across many searches.
//!
//! `StrColumn::ord_to_str` finds an id by scanning a block of the column's dictionary,
//! and opening the column parses its footer: in a batch of searches that was about a
//! tenth of the time. So each segment's column stays open from one search to the next,
//! and once a segment has answered enough lookups to pay for it, all its ids are read
//! in one pass over the dictionary and kept.

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::io;
use std::sync::{Arc, Mutex};
use tantivy::columnar::StrColumn;
use tantivy::{DocAddress, Searcher};

/// Reading every id costs about as much as this many lookups per id in the segment.
const LOOKUPS_PER_ID: usize = 32;

/// The open id columns of one searcher generation; shared by the clones of an index.
#[derive(Clone, Default)]
pub(crate) struct DocIds(Arc<Mutex<Generation>>);

#[derive(Default)]
struct Generation {
    id: Option<u64>,
    segments: HashMap<u32, Segment>,
}

/// One segment's id column (`None`: the segment has none).
type Segment = Option<SegmentIds>;

struct SegmentIds {
    column: StrColumn,
    /// Lookups answered through the column's dictionary so far.
    lookups: usize,
    /// Every id, in ordinal order, once read: id `n` is `text[ends[n]..ends[n + 1]]`.
    all: Option<(String, Vec<usize>)>,
}

impl DocIds {
    /// The generation's state; a panic elsewhere while it was held leaves nothing half
    /// written that matters (at worst a column is opened again), so a poisoned lock is
    /// taken as it is.
    fn lock(&self) -> std::sync::MutexGuard<'_, Generation> {
        match self.0.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// Drops every open column (a reload makes a new searcher generation anyway).
    pub(crate) fn clear(&self) {
        let mut generation = self.lock();
        *generation = Generation::default();
    }

    /// The id of the document at `address`; empty when it has none.
    pub(crate) fn get(
        &self,
        searcher: &Searcher,
        address: DocAddress,
    ) -> tantivy::Result<io::Result<String>> {
        let mut generation = self.lock();
        Ok(match generation.segment(searcher, address.segment_ord)? {
            Some(ids) => ids.get(address.doc_id),
            None => Ok(String::new()),
        })
    }

    /// The ordinal of each document's id in its segment's dictionary, which is sorted:
    /// within one segment, ordinals are in the order of the ids, and far cheaper to
    /// read. `None` for a document without one.
    pub(crate) fn ords(
        &self,
        searcher: &Searcher,
        addresses: impl IntoIterator<Item = DocAddress>,
    ) -> tantivy::Result<Vec<Option<u64>>> {
        let mut generation = self.lock();
        let mut ords = Vec::new();
        for address in addresses {
            let segment = generation.segment(searcher, address.segment_ord)?;
            let ord = segment
                .as_ref()
                .and_then(|ids| ids.column.term_ords(address.doc_id).next());
            ords.push(ord);
        }
        Ok(ords)
    }
}

impl Generation {
    /// The id column of segment `ord` of `searcher`, opened on first use.
    fn segment(&mut self, searcher: &Searcher, ord: u32) -> tantivy::Result<&mut Segment> {
        let current = searcher.generation().generation_id();
        if self.id != Some(current) {
            self.segments.clear();
            self.id = Some(current);
        }
        Ok(match self.segments.entry(ord) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => {
                let reader = searcher.segment_reader(ord);
                e.insert(reader.fast_fields().str("id")?.map(|column| SegmentIds {
                    column,
                    lookups: 0,
                    all: None,
                }))
            }
        })
    }
}

#[cfg(test)]
impl DocIds {
    /// (segments open, segments whose ids were all read).
    fn counts(&self) -> (usize, usize) {
        let generation = self.lock();
        let open = generation.segments.values().flatten().count();
        let all = generation
            .segments
            .values()
            .flatten()
            .filter(|s| s.all.is_some())
            .count();
        (open, all)
    }
}

impl SegmentIds {
    fn get(&mut self, doc: tantivy::DocId) -> io::Result<String> {
        let mut id = String::new();
        let Some(ord) = self.column.term_ords(doc).next() else {
            return Ok(id);
        };
        if let Some((text, ends)) = &self.all {
            let found = usize::try_from(ord)
                .ok()
                .and_then(|n| Some(ends.get(n)?..ends.get(n + 1)?))
                .and_then(|range| text.get(*range.start..*range.end));
            if let Some(found) = found {
                id.push_str(found);
                return Ok(id);
            }
        }
        self.column.ord_to_str(ord, &mut id)?;
        self.lookups += 1;
        if self.all.is_none() && self.lookups * LOOKUPS_PER_ID >= self.column.num_terms() {
            self.all = read_all(&self.column)?;
        }
        Ok(id)
    }
}

/// Every id of `column` in ordinal order, in one pass over its dictionary; `None` if
/// one is not UTF-8 (lookups then report it, as before).
fn read_all(column: &StrColumn) -> io::Result<Option<(String, Vec<usize>)>> {
    let mut text = String::new();
    let mut ends = Vec::with_capacity(column.num_terms() + 1);
    ends.push(0);
    let mut stream = column.dictionary().stream()?;
    while stream.advance() {
        let Ok(key) = std::str::from_utf8(stream.key()) else {
            return Ok(None);
        };
        text.push_str(key);
        ends.push(text.len());
    }
    Ok(Some((text, ends)))
}

#[cfg(test)]
mod tests {
    use crate::{Index, NewDocument, SearchOptions};

    fn add(index: &Index, range: std::ops::Range<usize>) {
        let mut writer = index.writer().expect("writer");
        for n in range {
            writer
                .add(&NewDocument {
                    id: format!("carpeta/doc{n:03}.txt"),
                    file: format!("carpeta/doc{n:03}.txt"),
                    title: format!("Documento {n}"),
                    body: format!("palabra{n} y retirada"),
                    ..Default::default()
                })
                .expect("add");
        }
        writer.commit(&Default::default()).expect("commit");
    }

    fn ids(index: &Index, query: &str, documents: bool) -> Vec<String> {
        let options = SearchOptions {
            documents,
            limit: 100,
            ..Default::default()
        };
        let results = index.search(query, &options).expect("search");
        results.hits.into_iter().map(|h| h.id).collect()
    }

    #[test]
    fn ids_from_the_fast_field_match_the_stored_ones_before_and_after_reading_them_all() {
        let index = Index::create_in_ram().expect("index");
        add(&index, 0..40);
        // Enough lookups for every segment to read all its ids, then some more.
        for round in 0..3 {
            for n in 0..40 {
                let query = format!("palabra{n}");
                assert_eq!(ids(&index, &query, false), ids(&index, &query, true));
                assert_eq!(
                    ids(&index, &query, false),
                    [format!("carpeta/doc{n:03}.txt")]
                );
            }
            let all = ids(&index, "retirada", false);
            assert_eq!(all.len(), 40, "round {round}");
            assert_eq!(all, ids(&index, "retirada", true));
            let (open, read) = index.doc_ids.counts();
            assert!(open >= 1 && read == open, "{open} segments, {read} read");
        }
        // A new commit gives a new searcher: its segments are read afresh.
        add(&index, 40..50);
        assert_eq!(ids(&index, "palabra45", false), ["carpeta/doc045.txt"]);
        assert_eq!(
            ids(&index, "retirada", false),
            ids(&index, "retirada", true)
        );
    }
}
