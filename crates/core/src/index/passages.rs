//! Long texts as passages: a document's text beyond [`SPLIT_ABOVE`] bytes is indexed as
//! consecutive passages of about [`PASSAGE_BYTES`], each its own tantivy document with
//! the document's id.
//!
//! So a search that finds a 50 MB file reads and analyses one passage for its snippet,
//! not the whole file; the file ranks by its best passage, which neither holds every
//! word of the query by sheer size nor loses every query to length normalisation; and
//! indexing holds one passage's tokens at a time. Searches group a document's passages
//! back into one hit, and [`Index::document`](crate::Index::document) joins them.
//!
//! Passages end at a paragraph break where there is one in the last quarter of the
//! window, else at a line break, a sentence end or a space, so a phrase is cut only
//! when it crosses one of those (at worst a space). Joined in order, the passages
//! give back the text byte for byte.

use super::schema::PART;
use std::collections::HashSet;
use std::ops::Range;
use std::sync::{Arc, Mutex};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

/// Texts longer than this (in bytes) are split into passages. No article or chapter of
/// the evaluation sets comes near it (the longest ELTeC file is 47 KB).
pub const SPLIT_ABOVE: usize = 64 * 1024;

/// The size a passage aims at, in bytes.
pub const PASSAGE_BYTES: usize = 32 * 1024;

/// The byte ranges of the passages of `text`: one range, the whole text, when it is at
/// most [`SPLIT_ABOVE`] bytes; otherwise consecutive ranges of at most
/// [`PASSAGE_BYTES`] bytes (plus one character), covering the text without gaps, each
/// starting and ending on a character boundary.
pub fn split(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(text.len() / PASSAGE_BYTES + 1);
    if text.len() <= SPLIT_ABOVE {
        out.push(0..text.len());
        return out;
    }
    let mut start = 0;
    while text.len() - start > PASSAGE_BYTES {
        let end = break_before(text, start, start + PASSAGE_BYTES);
        out.push(start..end);
        start = end;
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out
}

/// Where a passage that starts at `start` and may reach `limit` ends: after the last
/// paragraph break, line break, sentence end or space in its last quarter, in that
/// order of preference, or at the character boundary nearest `limit`.
fn break_before(text: &str, start: usize, limit: usize) -> usize {
    let mut limit = limit;
    while !text.is_char_boundary(limit) {
        limit += 1;
    }
    let from = start + (limit - start) * 3 / 4;
    let mut from = from;
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let window = &text[from..limit];
    for needle in ["\n\n", "\n", ". ", " "] {
        if let Some(at) = window.rfind(needle) {
            return from + at + needle.len();
        }
    }
    limit
}

/// Whether a searcher's index holds any passages, remembered per searcher generation:
/// an index without long texts never pays for grouping.
#[derive(Clone, Default)]
pub(crate) struct HasPassages(Arc<Mutex<Option<(u64, bool)>>>);

impl HasPassages {
    pub(crate) fn get(&self, searcher: &Searcher) -> tantivy::Result<bool> {
        let generation = searcher.generation().generation_id();
        let mut known = match self.0.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some((g, has)) = *known {
            if g == generation {
                return Ok(has);
            }
        }
        let mut has = false;
        for segment in searcher.segment_readers() {
            if segment.fast_fields().u64(PART)?.max_value() > 0 {
                has = true;
                break;
            }
        }
        *known = Some((generation, has));
        Ok(has)
    }
}

/// Counts the documents a query matches, a document's passages once: whole
/// documents are counted as they come, passages by their distinct ids.
pub(crate) struct CountDocuments;

pub(crate) struct SegmentCount {
    part: Column<u64>,
    ids: Option<StrColumn>,
    whole: usize,
    passage_ords: HashSet<u64>,
}

/// A segment's count: whole documents, and the ids of the documents whose passages
/// matched.
pub(crate) type Counted = (usize, HashSet<String>);

impl Collector for CountDocuments {
    type Fruit = usize;
    type Child = SegmentCount;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentCount> {
        Ok(SegmentCount {
            part: segment.fast_fields().u64(PART)?,
            ids: segment.fast_fields().str("id")?,
            whole: 0,
            passage_ords: HashSet::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Counted>) -> tantivy::Result<usize> {
        let mut whole = 0;
        let mut ids = HashSet::new();
        for (n, segment_ids) in fruits {
            whole += n;
            ids.extend(segment_ids);
        }
        Ok(whole + ids.len())
    }
}

impl SegmentCollector for SegmentCount {
    type Fruit = Counted;

    fn collect(&mut self, doc: DocId, _: Score) {
        if self.part.first(doc).unwrap_or(0) == 0 {
            self.whole += 1;
        } else if let Some(ord) = self.ids.as_ref().and_then(|c| c.term_ords(doc).next()) {
            self.passage_ords.insert(ord);
        } else {
            self.whole += 1;
        }
    }

    fn harvest(self) -> Counted {
        let mut ids = HashSet::with_capacity(self.passage_ords.len());
        if let Some(column) = &self.ids {
            for ord in self.passage_ords {
                let mut id = String::new();
                if column.ord_to_str(ord, &mut id).unwrap_or(false) {
                    ids.insert(id);
                }
            }
        }
        (self.whole, ids)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(text: &str, parts: &[Range<usize>]) -> String {
        parts.iter().map(|r| &text[r.clone()]).collect()
    }

    #[test]
    fn short_texts_are_one_passage() {
        let whole = |text: &str| split(text) == std::slice::from_ref(&(0..text.len()));
        assert!(whole(""));
        assert!(whole("La guerra."));
        assert!(whole(&"a".repeat(SPLIT_ABOVE)));
        assert!(!whole(&"a ".repeat(SPLIT_ABOVE)));
    }

    #[test]
    fn long_texts_split_at_paragraphs_and_join_back() {
        let paragraph = "La retirada de las tropas fue anunciada por el gobierno.\n\n";
        let text = paragraph.repeat(SPLIT_ABOVE * 3 / paragraph.len());
        let parts = split(&text);
        assert!(parts.len() >= 6, "{} passages", parts.len());
        assert_eq!(joined(&text, &parts), text);
        for r in &parts[..parts.len() - 1] {
            assert!(r.len() <= PASSAGE_BYTES, "{r:?}");
            assert!(r.len() >= PASSAGE_BYTES * 3 / 4, "{r:?}");
            assert!(text[r.clone()].ends_with("\n\n"), "{r:?}");
        }
    }

    #[test]
    fn text_without_breaks_splits_on_character_boundaries() {
        // Two-byte letters and no space at all: cut between characters.
        let text = "ñ".repeat(SPLIT_ABOVE);
        let parts = split(&text);
        assert_eq!(joined(&text, &parts), text);
        assert!(parts.iter().all(|r| text.is_char_boundary(r.start)
            && text.is_char_boundary(r.end)
            && r.len() <= PASSAGE_BYTES + 1));
    }

    /// A long text with `word` planted in paragraph `at` (of `paragraphs`), and, where
    /// `twice` is given, a paragraph there saying `word` three times.
    fn long_text(paragraphs: usize, at: usize, twice: Option<usize>) -> String {
        let mut text = String::new();
        for n in 0..paragraphs {
            if n == at {
                text.push_str("Al final apareció la zarzuela olvidada.\n\n");
            } else if Some(n) == twice {
                text.push_str("La zarzuela, otra zarzuela y la zarzuela del maestro.\n\n");
            } else {
                text.push_str(&format!(
                    "Capítulo {n}. La guerra siguió en el valle durante el invierno.\n\n"
                ));
            }
        }
        text
    }

    fn index_with(body: &str) -> crate::Index {
        let index = crate::Index::create_in_ram().unwrap();
        let mut writer = index.writer().unwrap();
        for (id, body) in [
            ("obras.txt", body),
            ("nota.txt", "La guerra terminó pronto."),
        ] {
            writer
                .add(&crate::NewDocument {
                    id: id.into(),
                    file: id.into(),
                    title: id.into(),
                    body: body.into(),
                    ..Default::default()
                })
                .unwrap();
        }
        writer.commit(&Default::default()).unwrap();
        index
    }

    fn analysed_by(search: impl FnOnce()) -> usize {
        crate::search::snippet::ANALYZED_BYTES.with(|n| n.set(0));
        search();
        crate::search::snippet::ANALYZED_BYTES.with(|n| n.get())
    }

    #[test]
    fn a_long_text_is_one_hit_whose_snippet_comes_from_one_passage() {
        let body = long_text(40_000, 39_990, None);
        assert!(body.len() > 2_000_000);
        let index = index_with(&body);
        let options = crate::SearchOptions::default();
        let mut results = None;
        let analysed = analysed_by(|| results = Some(index.search("zarzuela", &options).unwrap()));
        let results = results.unwrap();
        assert_eq!(results.total, 1);
        assert_eq!(results.hits[0].id, "obras.txt");
        assert!(
            results.hits[0].snippet.text.contains("zarzuela"),
            "{:?}",
            results.hits[0].snippet
        );
        assert!(analysed <= PASSAGE_BYTES + 4, "analysed {analysed} bytes");

        // A word in every passage: the long text is still one document among two.
        let results = index.search("guerra", &options).unwrap();
        assert_eq!(results.total, 2);
        let mut ids: Vec<&str> = results.hits.iter().map(|h| h.id.as_str()).collect();
        ids.sort();
        assert_eq!(ids, ["nota.txt", "obras.txt"]);
        let page = crate::SearchOptions {
            offset: 1,
            ..Default::default()
        };
        assert_eq!(index.search("guerra", &page).unwrap().hits.len(), 1);
        assert_eq!(index.stats().unwrap().documents, 2);

        // Shown whole, it is the text as given, with the match marked.
        let doc = index
            .document("obras.txt", Some("zarzuela"), &options)
            .unwrap()
            .unwrap();
        assert_eq!(doc.body, body);
        assert_eq!(doc.highlights.len(), 1);
        assert_eq!(&doc.body[doc.highlights[0].clone()], "zarzuela");
    }

    #[test]
    fn the_better_passage_ranks_the_text_and_gives_the_snippet() {
        let body = long_text(40_000, 100, Some(39_000));
        let index = index_with(&body);
        let results = index
            .search("zarzuela", &crate::SearchOptions::default())
            .unwrap();
        assert_eq!(results.hits.len(), 1);
        assert!(
            results.hits[0].snippet.text.contains("otra zarzuela"),
            "{:?}",
            results.hits[0].snippet
        );
    }

    #[test]
    fn spaces_are_a_last_resort_before_sentence_ends() {
        let sentence = "Una frase sin saltos de línea termina aquí. ";
        let text = sentence.repeat(SPLIT_ABOVE * 2 / sentence.len());
        let parts = split(&text);
        assert_eq!(joined(&text, &parts), text);
        assert!(parts[..parts.len() - 1]
            .iter()
            .all(|r| text[r.clone()].ends_with("aquí. ")));
    }
}
