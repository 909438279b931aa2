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

use super::meta::MetaFields;
use super::pdf_guard::{check_packed, check_structure};
use super::read::Extracted;
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

pub(crate) fn pdf_to_text(bytes: &[u8]) -> Result<Extracted, SkipReason> {
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
    Ok(Extracted::new(title, None, body, fields))
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

/// The text of a PDF as a reader would have typed it:
/// - a word cut at a line's end (`retira-` / `da`, or a soft hyphen) is joined again,
///   when the next line goes on in lowercase;
/// - the typographic ligatures (`ﬁ`, `ﬂ`, `ﬀ`, `ﬃ`, `ﬄ`, `ﬅ`, `ﬆ`) are their letters;
/// - runs of spaces (justified lines) are one space; lines are trimmed at their end;
/// - at most one blank line in a row; no blank start.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0usize;
    for line in text.lines().map(str::trim_end) {
        if line.trim().is_empty() {
            blank += 1;
            continue;
        }
        let goes_on = line
            .trim_start()
            .chars()
            .next()
            .is_some_and(char::is_lowercase);
        if blank == 0 && goes_on && cut_word(&out) {
            out.pop();
            push_squeezed(&mut out, line.trim_start());
            continue;
        }
        if out.ends_with('\u{AD}') {
            // A soft hyphen at a line's end that joins nothing shows nothing.
            out.pop();
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        push_squeezed(&mut out, line);
    }
    if out.ends_with('\u{AD}') {
        out.pop();
    }
    out
}

/// Whether `text` ends with a word cut by a hyphen (or a soft hyphen) at a line end.
fn cut_word(text: &str) -> bool {
    let mut end = text.chars().rev();
    matches!(end.next(), Some('-' | '\u{AD}')) && end.next().is_some_and(char::is_alphabetic)
}

/// Appends `line` with runs of spaces made one and ligatures spelt out.
fn push_squeezed(out: &mut String, line: &str) {
    let mut space = false;
    for (at, c) in line.char_indices() {
        if c == ' ' {
            if !space {
                out.push(' ');
            }
            space = true;
            continue;
        }
        space = false;
        match c {
            '\u{FB00}' => out.push_str("ff"),
            '\u{FB01}' => out.push_str("fi"),
            '\u{FB02}' => out.push_str("fl"),
            '\u{FB03}' => out.push_str("ffi"),
            '\u{FB04}' => out.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => out.push_str("st"),
            // A soft hyphen inside a line is invisible: no letter of the word. At its
            // end it is kept for `tidy` to join the word.
            '\u{AD}' if at + c.len_utf8() < line.len() => {}
            c => out.push(c),
        }
    }
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
    fn cut_words_ligatures_and_justified_spaces() {
        assert_eq!(
            tidy("la retira-\nda de las   tropas"),
            "la retirada de las tropas"
        );
        assert_eq!(tidy("la retira\u{AD}\nda"), "la retirada");
        // A capital or a blank line after the hyphen: not a cut word.
        assert_eq!(tidy("Alsacia-\nLorena"), "Alsacia-\nLorena");
        assert_eq!(tidy("guion -\nsuelto"), "guion -\nsuelto");
        assert_eq!(tidy("fin-\n\nnuevo"), "fin-\n\nnuevo");
        assert_eq!(
            tidy("el \u{FB01}n de la o\u{FB01}cina, \u{FB02}ota"),
            "el fin de la oficina, flota"
        );
        assert_eq!(tidy("retira\u{AD}\nDa"), "retira\nDa");
        assert_eq!(tidy("inter\u{AD}na\u{AD}cional"), "internacional");
    }

    #[test]
    fn not_a_pdf_is_damaged() {
        assert!(matches!(
            pdf_to_text(b"%PDF-1.4\n basura"),
            Err(SkipReason::Damaged { format: "PDF", .. })
        ));
    }
}
