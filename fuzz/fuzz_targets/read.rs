//! Feeds arbitrary bytes to every reader: the encoding detector, then the text,
//! Markdown, HTML, JSON Lines, DOCX, ODT and EPUB readers, as if the bytes were a file
//! of each format.
//! None may panic, and what they return stays linear in the input: decoded text is at
//! most three bytes per byte read (a Windows-1252 byte becomes at most three UTF-8
//! bytes), and a document's body and title at most twice that (markup only shrinks the
//! text; a title repeats at most its opening), so no file can make the indexer's
//! memory explode. The archives (DOCX, ODT, EPUB) unpack to at most 128 MiB, whatever
//! they claim, so their documents stay below twice that. libFuzzer's `-timeout` and `-rss_limit_mb` bound time and memory per input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lupa_core::ingest::{decode, read_bytes, Format};

/// Decoded text per byte in, at most.
const TEXT_PER_BYTE: usize = 3;
/// Body and title per byte of decoded text, at most.
const DOCUMENT_PER_TEXT_BYTE: usize = 2;
/// What the parts of one archive may unpack to, at most.
const MOST_UNPACKED: usize = 128 << 20;

fuzz_target!(|data: &[u8]| {
    // The detector alone: text or a reason, and never longer than three bytes a byte.
    if let Ok((text, _encoding)) = decode(data) {
        assert!(text.len() <= TEXT_PER_BYTE * data.len() + 4);
    }
    for (name, format, archive) in [
        ("a.txt", Format::Text, false),
        ("a.md", Format::Markdown, false),
        ("a.html", Format::Html, false),
        ("a.jsonl", Format::JsonLines, false),
        ("a.docx", Format::Docx, true),
        ("a.odt", Format::Odt, true),
        ("a.epub", Format::Epub, true),
    ] {
        let Ok(read) = read_bytes(name, format, data.to_vec()) else {
            continue;
        };
        let out: usize = read
            .docs
            .iter()
            .map(|d| d.body.len() + d.title.len() + d.id.len())
            .sum();
        // A JSON Lines document without an id of its own is named `a.jsonl#LINE`.
        let ids = read.docs.len() * (name.len() + 24);
        let text = if archive {
            MOST_UNPACKED
        } else {
            TEXT_PER_BYTE * data.len() + 4
        };
        let bound = DOCUMENT_PER_TEXT_BYTE * text + ids;
        assert!(
            out <= bound,
            "{name}: {} bytes in, {out} bytes of documents out",
            data.len()
        );
        for doc in &read.docs {
            assert!(!doc.id.is_empty(), "{name}: a document without an id");
        }
    }
});
