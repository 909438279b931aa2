//! PDF files: the text of their text layer, page after page.
//!
//! The text comes from `pdf-extract` (on `lopdf`). A PDF whose pages hold no text (a
//! scan without recognised text) is skipped as having no text layer; one that needs a
//! password to open is skipped as encrypted (one protected only against editing opens
//! with the empty password, and is read). The title is the document's `/Title`, else
//! the first line of the text. The author is its `/Author` and the date its
//! `/CreationDate` (a PDF date, `D:20210726103000+02'00'`), both from the information
//! dictionary, and the language the catalog's `/Lang`; a PDF names no source (its XMP
//! metadata is not read).
//!
//! The PDF parser is the one part of ingestion written elsewhere that indexes hostile
//! files' bytes in depth, and it can panic on some of them: a panic while reading a PDF
//! is caught and the file skipped as damaged, so one bad PDF never stops a build. What
//! it cannot survive (streams that unpack to gigabytes, loops that overflow the stack)
//! is refused before it reads the file, by [`pdf_guard`](super::pdf_guard).
//!
//! Pages are read one at a time and separated by a blank line, so a page's last line
//! and the next page's first never run together.

use super::archive::ArchivedText;
use super::meta::MetaFields;
use super::pdf_guard::{check_packed, check_structure};
use super::skip::SkipReason;
use pdf_extract::{Document, Object, PlainTextOutput};
use std::panic::{catch_unwind, AssertUnwindSafe};

const FORMAT: &str = "PDF";

fn damaged(why: impl Into<String>) -> SkipReason {
    SkipReason::Damaged {
        format: FORMAT,
        why: why.into(),
    }
}

pub(crate) fn pdf_to_text(bytes: &[u8]) -> Result<ArchivedText, SkipReason> {
    let read = catch_unwind(AssertUnwindSafe(|| read(bytes)));
    let (title, fields, body) = match read {
        Ok(result) => result?,
        Err(_) => return Err(damaged("the PDF reader failed on it")),
    };
    // Page breaks and runs of blank lines come out as several line feeds: paragraphs
    // are separated by one blank line.
    let body = tidy(&body);
    if body.trim().is_empty() {
        return Err(SkipReason::NoTextLayer);
    }
    Ok(ArchivedText::new(title, None, body, fields))
}

fn read(bytes: &[u8]) -> Result<(Option<String>, MetaFields, String), SkipReason> {
    check_packed(bytes)?;
    let mut doc = Document::load_mem(bytes).map_err(|e| damaged(e.to_string()))?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(SkipReason::Encrypted);
    }
    check_structure(&doc, bytes.len())?;
    let (title, fields) = info(&doc);
    let mut text = String::new();
    for page in doc.get_pages().into_keys() {
        let mut page_text = String::new();
        let mut output = PlainTextOutput::new(&mut page_text);
        pdf_extract::output_doc_page(&doc, &mut output, page)
            .map_err(|e| damaged(e.to_string()))?;
        text.push_str(&page_text);
        text.push_str("\n\n");
    }
    Ok((title, fields, text))
}

/// The `/Title` of the document's information dictionary, and its `/Author`,
/// `/CreationDate` and the catalog's `/Lang`.
fn info(doc: &Document) -> (Option<String>, MetaFields) {
    let mut fields = MetaFields::default();
    let info = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|info| resolve(doc, info))
        .and_then(|info| info.as_dict().ok());
    let text = |key: &[u8]| -> Option<String> {
        let value = resolve(doc, info?.get(key).ok()?)?;
        Some(text_string(value.as_str().ok()?))
    };
    let title = text(b"Title")
        .map(|title| title.trim().to_owned())
        .filter(|title| !title.is_empty());
    if let Some(author) = text(b"Author") {
        fields.author(&author);
    }
    if let Some(date) = text(b"CreationDate") {
        fields.date(&date);
    }
    let lang = doc
        .catalog()
        .ok()
        .and_then(|catalog| resolve(doc, catalog.get(b"Lang").ok()?))
        .and_then(|lang| lang.as_str().ok());
    if let Some(lang) = lang {
        fields.lang(&text_string(lang));
    }
    (title, fields)
}

/// The object `object` is, or refers to (one reference followed, no more).
fn resolve<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Object> {
    match object {
        Object::Reference(id) => doc.get_object(*id).ok(),
        other => Some(other),
    }
}

/// A PDF text string: UTF-16BE after a byte-order mark, else PDFDocEncoding (read as
/// Latin-1, which it equals for letters).
fn text_string(raw: &[u8]) -> String {
    if let Some(utf16) = raw.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = utf16
            .chunks_exact(2)
            .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        raw.iter().map(|&b| char::from(b)).collect()
    }
}

/// Lines trimmed at their end; at most one blank line in a row; no blank start.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0usize;
    for line in text.lines().map(str::trim_end) {
        if line.trim().is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings() {
        assert_eq!(text_string(b"A\xf1o"), "Año");
        assert_eq!(text_string(b"\xfe\xff\x00A\x00\xf1\x00o"), "Año");
    }

    #[test]
    fn tidy_lines() {
        assert_eq!(tidy("\n\nuno \ndos\n\n\n\ntres\n"), "uno\ndos\n\ntres");
    }

    #[test]
    fn not_a_pdf_is_damaged() {
        assert!(matches!(
            pdf_to_text(b"%PDF-1.4\n basura"),
            Err(SkipReason::Damaged { format: "PDF", .. })
        ));
    }
}
