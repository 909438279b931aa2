//! Reading one listed file into documents.

use super::decode::decode;
use super::docx::docx_to_text;
use super::epub::epub_to_text;
use super::html::html_to_text;
use super::jsonl::parse_json_lines;
use super::markdown::markdown_to_text;
use super::meta::{MetaFields, Metadata};
use super::odt::odt_to_text;
use super::pdf::pdf_to_text;
use super::skip::{SkipReason, Skipped};
use super::title::{plain_text_title, text_title};
use super::walk::FileMeta;
use super::Format;
use std::fs::File;
use std::io::{self, Read};

/// One document to index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedDoc {
    /// The document's identity: the file's relative path, or `path#id` for a line of
    /// a JSON Lines file.
    pub id: String,
    /// Its title (see [`read_file`] for where it comes from).
    pub title: String,
    /// Whether the title is only an excerpt of the text (its first sentence, because
    /// the document gives no title of its own). Such a title is shown but is no evidence
    /// of what the document is about, so it is not searched as a title.
    pub title_is_excerpt: bool,
    /// Its text, markup removed, line endings made `\n`.
    pub body: String,
    /// Its date, author, source, address and language, where the file says them.
    pub meta: Metadata,
}

/// What a file holds, as read by [`read_file`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadFile {
    /// The documents: one for a text, Markdown or HTML file, one per valid line for
    /// JSON Lines (possibly none).
    pub docs: Vec<ParsedDoc>,
    /// [`content_hash`] of the file's raw bytes, to tell whether it changed.
    pub hash: u64,
    /// Parts of the file that were left out, such as bad JSON Lines lines
    /// ([`SkipReason::BadLine`]) and dates that could not be read
    /// ([`SkipReason::BadDate`]: the document is indexed without its date).
    pub warnings: Vec<Skipped>,
    /// The encoding the file was read in (see [`decode`](fn@super::decode)).
    pub encoding: &'static str,
}

/// A 64-bit hash of `bytes`: the first 8 bytes of their BLAKE3 hash, little-endian.
pub fn content_hash(bytes: &[u8]) -> u64 {
    let hash = blake3::hash(bytes);
    let mut first = [0u8; 8];
    for (to, from) in first.iter_mut().zip(hash.as_bytes()) {
        *to = *from;
    }
    u64::from_le_bytes(first)
}

/// Reads a file listed by [`walk`](fn@super::walk) and turns it into documents.
///
/// - At most [`FileMeta::max_size`] bytes are read: a file that grew past it since it
///   was listed is [`SkipReason::TooLarge`], without being read whole.
/// - The bytes are decoded by [`decode`](fn@super::decode); line endings become `\n`.
/// - Plain text (`.txt`, `.text`): the body is the whole text, first line included,
///   so the words of the title are found and shown in snippets like any other; the
///   title comes from [`plain_text_title`](super::plain_text_title).
/// - Markdown and HTML: the text without markup; titles as described in the
///   [module documentation](super).
/// - JSON Lines: one document per valid line; bad lines become `warnings`.
/// - Each document's [`Metadata`] comes from what its format says of it (see the
///   [module documentation](super)); a date that names no day is left out and
///   reported in `warnings` as [`SkipReason::BadDate`], never a reason to skip the
///   file.
///
/// # Errors
/// A [`Skipped`] with the file's relative path and why: [`SkipReason::Vanished`] when
/// it no longer exists, [`SkipReason::Unreadable`], [`SkipReason::TooLarge`],
/// [`SkipReason::Binary`], [`SkipReason::Undecodable`], or [`SkipReason::Empty`] when
/// no text is left (a JSON Lines file whose lines are all bad is not an error: its
/// warnings say why).
pub fn read_file(meta: &FileMeta) -> Result<ReadFile, Skipped> {
    let bytes = read_bounded(meta).map_err(|reason| Skipped::new(meta.rel_path.clone(), reason))?;
    read_bytes(&meta.rel_path, meta.format, bytes)
}

/// Turns the bytes of a file in `format` into documents, as [`read_file`] does once it
/// has read them (`rel_path` names the documents and the errors). Every input is
/// answered with documents or a [`Skipped`], never a panic, in time and memory linear
/// in its length (the fuzz target `fuzz/fuzz_targets/read.rs` checks it).
///
/// # Errors
/// As [`read_file`], less the errors of reading the file.
pub fn read_bytes(rel_path: &str, format: Format, bytes: Vec<u8>) -> Result<ReadFile, Skipped> {
    let skipped = |reason| Skipped::new(rel_path.to_owned(), reason);
    let hash = content_hash(&bytes);
    let archived = match format {
        Format::Docx => Some(docx_to_text(&bytes)),
        Format::Odt => Some(odt_to_text(&bytes)),
        Format::Epub => Some(epub_to_text(&bytes)),
        Format::Pdf => Some(pdf_to_text(&bytes)),
        _ => None,
    };
    if let Some(archived) = archived {
        let text = archived.map_err(skipped)?;
        if text.body.trim().is_empty() {
            return Err(skipped(SkipReason::Empty));
        }
        let doc = doc(
            rel_path,
            text.title,
            text.title_is_excerpt,
            text.body,
            text.meta,
        );
        return Ok(ReadFile {
            docs: vec![doc],
            hash,
            warnings: bad_date(rel_path, text.bad_date),
            encoding: "UTF-8",
        });
    }
    let (text, encoding) = decode(&bytes).map_err(skipped)?;
    drop(bytes);
    if text.trim().is_empty() {
        return Err(skipped(SkipReason::Empty));
    }
    let text = normalize_line_endings(text);
    let (docs, warnings) = match format {
        Format::Text => {
            let (title, excerpt) = text_title(&text);
            let doc = doc(rel_path, title, excerpt, text, Metadata::default());
            (vec![doc], Vec::new())
        }
        Format::Markdown | Format::Html => {
            let parsed = if format == Format::Markdown {
                markdown_to_text(&text)
            } else {
                html_to_text(&text)
            };
            let warnings = bad_date(rel_path, parsed.bad_date);
            let doc = doc(
                rel_path,
                parsed.title,
                parsed.title_is_excerpt,
                parsed.body,
                parsed.meta,
            );
            (vec![doc], warnings)
        }
        Format::JsonLines => parse_json_lines(rel_path, &text),
        // Read above, from the archive.
        Format::Docx | Format::Odt | Format::Epub | Format::Pdf => (Vec::new(), Vec::new()),
    };
    // A file with no text is empty, unless lines of it were left out: then its
    // warnings say why nothing is indexed. (A bad date comes with a document.)
    let lines_left_out = warnings
        .iter()
        .any(|w| matches!(w.reason, SkipReason::BadLine { .. }));
    if !lines_left_out && docs.iter().all(|doc| doc.body.trim().is_empty()) {
        return Err(skipped(SkipReason::Empty));
    }
    Ok(ReadFile {
        docs,
        hash,
        warnings,
        encoding,
    })
}

/// A document as a reader extracts it from a file: its text, title and metadata.
pub(crate) struct Extracted {
    pub title: String,
    pub title_is_excerpt: bool,
    pub body: String,
    /// What its metadata says of it.
    pub meta: Metadata,
    /// The date its metadata gives, when it names no day.
    pub bad_date: Option<String>,
}

impl Extracted {
    /// The title from the metadata, else the first heading, else the text's first
    /// line (an excerpt when too long); the rest of the metadata from `fields`.
    pub(crate) fn new(
        metadata: Option<String>,
        heading: Option<String>,
        body: String,
        fields: MetaFields,
    ) -> Self {
        let chosen = metadata
            .or(heading)
            .map(|t| plain_text_title(&t))
            .filter(|t| !t.is_empty());
        let (title, title_is_excerpt) = match chosen {
            Some(title) => (title, false),
            None => text_title(&body),
        };
        let (meta, bad_date) = fields.finish();
        Extracted {
            title,
            title_is_excerpt,
            body,
            meta,
            bad_date,
        }
    }
}

fn doc(
    rel_path: &str,
    title: String,
    title_is_excerpt: bool,
    body: String,
    meta: Metadata,
) -> ParsedDoc {
    ParsedDoc {
        id: rel_path.to_owned(),
        title,
        title_is_excerpt,
        body,
        meta,
    }
}

/// The warning about a document's unreadable date, if it has one.
fn bad_date(rel_path: &str, value: Option<String>) -> Vec<Skipped> {
    value
        .map(|value| Skipped::new(rel_path, SkipReason::BadDate { line: None, value }))
        .into_iter()
        .collect()
}

/// The file's bytes, reading at most `max_size + 1` of them.
fn read_bounded(meta: &FileMeta) -> Result<Vec<u8>, SkipReason> {
    let limit = meta.max_size;
    let metadata = std::fs::metadata(&meta.abs_path).map_err(io_reason)?;
    if !metadata.is_file() {
        return Err(SkipReason::NotRegularFile);
    }
    if metadata.len() > limit {
        return Err(SkipReason::TooLarge {
            size: metadata.len(),
            limit,
        });
    }
    let file = File::open(&meta.abs_path).map_err(io_reason)?;
    let capacity = usize::try_from(metadata.len().min(limit)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity.saturating_add(1));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io_reason)?;
    let read = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if read > limit {
        return Err(SkipReason::TooLarge { size: read, limit });
    }
    Ok(bytes)
}

fn io_reason(error: io::Error) -> SkipReason {
    if error.kind() == io::ErrorKind::NotFound {
        SkipReason::Vanished
    } else {
        SkipReason::Unreadable(error.to_string())
    }
}

/// `\r\n` and lone `\r` become `\n`.
fn normalize_line_endings(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_stable_and_sensitive() {
        assert_eq!(content_hash(b"hola"), content_hash(b"hola"));
        assert_ne!(content_hash(b"hola"), content_hash(b"hola "));
        let expected = blake3::hash(b"");
        let bytes = expected.as_bytes();
        let mut first = [0u8; 8];
        first.copy_from_slice(&bytes[..8]);
        assert_eq!(content_hash(b""), u64::from_le_bytes(first));
    }

    #[test]
    fn line_endings() {
        let cases = [
            ("a\r\nb\rc\n", "a\nb\nc\n"),
            ("sin", "sin"),
            ("\r\r\n", "\n\n"),
        ];
        for (text, expected) in cases {
            assert_eq!(normalize_line_endings(text.to_owned()), expected);
        }
    }
}
