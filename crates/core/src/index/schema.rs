//! The fields of a Lupa index.

use crate::analysis::{FOLDED, STEMMED};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};

/// Field names, as a user can scope them in a query (`title:irak`).
pub const TITLE: &str = "title";
/// The body field name.
pub const BODY: &str = "body";
/// The passage field's name (its fast column is read by name).
pub(crate) const PART: &str = "part";
/// The author field's name, as a query filters on it (`author:`, `autor:`).
pub const AUTHOR: &str = "author";
/// The source field's name, as a query filters on it (`source:`, `fuente:`).
pub const SOURCE: &str = "source";
/// The date field's name, as a query filters on it (`date:`, `fecha:`).
pub const DATE: &str = "date";
/// The fast column of sources as written, counted by facets.
pub(crate) const SOURCE_KEY: &str = "source_key";

/// Handles to every field of the schema.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    /// Document identity: the path relative to the indexed folder (`file#id` for JSONL lines).
    pub id: Field,
    /// The file the document comes from, relative to the folder (what sync keys on).
    pub file: Field,
    /// Analyzed (stemmed) title, stored.
    pub title: Field,
    /// A title that is only an excerpt of the text: stored to be shown, not searched.
    pub excerpt_title: Field,
    /// Analyzed (stemmed) body with positions, stored for snippets.
    pub body: Field,
    /// Folded, unstemmed title and body, for prefix and fuzzy matching.
    pub folded: Field,
    /// Modification time of the file, nanoseconds since the epoch.
    pub mtime: Field,
    /// Size of the file in bytes.
    pub size: Field,
    /// Content hash of the file.
    pub hash: Field,
    /// The passage a tantivy document holds (see `passages.rs`): 0 for a whole
    /// document, 1, 2, … for the passages of a long one.
    pub part: Field,
    /// The publication date, as days since 1970-01-01: filtered, sorted and counted
    /// by year. The file's modification day where the document gives none.
    pub date: Field,
    /// Whether `date` is the file's modification day, not a date the document gives.
    pub date_from_file: Field,
    /// Who wrote it: folded, unstemmed words with positions, stored.
    pub author: Field,
    /// Where it appeared: folded words with positions, stored.
    pub source: Field,
    /// The source as written, for facet counts.
    pub source_key: Field,
    /// Its address on the web, stored.
    pub url: Field,
    /// Its language, stored.
    pub lang: Field,
}

pub(crate) fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let stemmed = TextOptions::default().set_stored().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(STEMMED)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let folded = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(FOLDED)
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    // Names are matched word by word, accents and case aside, never stemmed.
    let names = TextOptions::default().set_stored().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(FOLDED)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED | FAST),
        file: b.add_text_field("file", STRING | FAST),
        title: b.add_text_field(TITLE, stemmed.clone()),
        excerpt_title: b.add_text_field("excerpt_title", STORED),
        body: b.add_text_field(BODY, stemmed),
        folded: b.add_text_field("folded", folded),
        mtime: b.add_i64_field("mtime", FAST | STORED),
        size: b.add_u64_field("size", FAST | STORED),
        hash: b.add_u64_field("hash", FAST | STORED | INDEXED),
        part: b.add_u64_field(PART, FAST | STORED),
        date: b.add_i64_field(DATE, FAST | STORED | INDEXED),
        date_from_file: b.add_bool_field("date_from_file", STORED),
        author: b.add_text_field(AUTHOR, names.clone()),
        source: b.add_text_field(SOURCE, names),
        source_key: b.add_text_field(SOURCE_KEY, STRING | FAST),
        url: b.add_text_field("url", STORED),
        lang: b.add_text_field("lang", STRING | STORED),
    };
    (b.build(), fields)
}

pub(crate) fn fields_of(schema: &Schema) -> Option<Fields> {
    Some(Fields {
        id: schema.get_field("id").ok()?,
        file: schema.get_field("file").ok()?,
        title: schema.get_field(TITLE).ok()?,
        excerpt_title: schema.get_field("excerpt_title").ok()?,
        body: schema.get_field(BODY).ok()?,
        folded: schema.get_field("folded").ok()?,
        mtime: schema.get_field("mtime").ok()?,
        size: schema.get_field("size").ok()?,
        hash: schema.get_field("hash").ok()?,
        part: schema.get_field(PART).ok()?,
        date: schema.get_field(DATE).ok()?,
        date_from_file: schema.get_field("date_from_file").ok()?,
        author: schema.get_field(AUTHOR).ok()?,
        source: schema.get_field(SOURCE).ok()?,
        source_key: schema.get_field(SOURCE_KEY).ok()?,
        url: schema.get_field("url").ok()?,
        lang: schema.get_field("lang").ok()?,
    })
}
