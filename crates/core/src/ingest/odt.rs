//! OpenDocument text (`.odt`, LibreOffice and others): the text of `content.xml`.
//!
//! Paragraphs are `text:p` and headings `text:h`; `text:s` and `text:tab` are spaces
//! and `text:line-break` a line break; tracked deletions (`text:tracked-changes`) are
//! not shown. The title is the document's `dc:title` (`meta.xml`), else its first
//! heading, else the first line of the text. The author is `meta:initial-creator`,
//! else `dc:creator`; the date `meta:creation-date`, else `dc:date`; the language
//! `dc:language` (all from `meta.xml`). OpenDocument names no source.

use super::archive::Archive;
use super::meta::MetaFields;
use super::read::Extracted;
use super::skip::SkipReason;
use super::xml::{first_text, xml_text, Markup};

const FORMAT: &str = "ODT";

const MARKUP: Markup = Markup {
    paragraphs: &["p", "h"],
    line_breaks: &["line-break"],
    spaces: &["s", "tab"],
    text_in: &[],
    hidden: &["tracked-changes", "note-citation", "annotation"],
};

pub(crate) fn odt_to_text(bytes: &[u8]) -> Result<Extracted, SkipReason> {
    let mut archive = Archive::open(bytes, FORMAT)?;
    // A password-protected document keeps its parts encrypted inside the zip, and
    // says so in its manifest.
    if let Some(manifest) = archive.text("META-INF/manifest.xml")? {
        if manifest.contains("encryption-data") {
            return Err(SkipReason::Encrypted);
        }
    }
    let Some(content) = archive.text("content.xml")? else {
        return Err(SkipReason::Damaged {
            format: FORMAT,
            why: "it has no content.xml".into(),
        });
    };
    let text = xml_text(&content, &MARKUP, |e| e.local_name().as_ref() == "h").map_err(|why| {
        SkipReason::Damaged {
            format: FORMAT,
            why: format!("content.xml: {why}"),
        }
    })?;
    drop(content);
    // The metadata is a courtesy: when it is damaged the text is still indexed.
    let meta = archive.text("meta.xml").ok().flatten();
    let meta = meta.as_deref().unwrap_or_default();
    let title = first_text(meta, "title");
    Ok(Extracted::new(
        title,
        text.heading,
        text.body,
        metadata(meta),
    ))
}

/// What `meta.xml` says: who wrote the document and when (`meta:initial-creator` and
/// `meta:creation-date`; else `dc:creator` and `dc:date`, which in OpenDocument are
/// who changed it last and when), and its language (`dc:language`).
fn metadata(meta: &str) -> MetaFields {
    let mut fields = MetaFields::default();
    for author in ["initial-creator", "creator"] {
        if let Some(author) = first_text(meta, author) {
            fields.author(&author);
        }
    }
    for date in ["creation-date", "date"] {
        if let Some(date) = first_text(meta, date) {
            fields.date(&date);
        }
    }
    if let Some(language) = first_text(meta, "language") {
        fields.lang(&language);
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_xml() {
        let meta = r#"<office:document-meta xmlns:office="o" xmlns:meta="m" xmlns:dc="d">
            <office:meta><dc:title>T</dc:title><meta:initial-creator>Ana</meta:initial-creator>
            <dc:creator>Luis</dc:creator>
            <meta:creation-date>2021-07-26T10:30:00.123456789</meta:creation-date>
            <dc:date>2022-01-01T00:00:00</dc:date><dc:language>es-ES</dc:language></office:meta>
            </office:document-meta>"#;
        let (meta, bad) = metadata(meta).finish();
        assert_eq!(bad, None);
        assert_eq!(meta.author.as_deref(), Some("Ana"));
        assert_eq!(meta.date, crate::ingest::Day::from_ymd(2021, 7, 26));
        assert_eq!(meta.lang.as_deref(), Some("es-ES"));

        let changed = "<m><dc:creator>Luis</dc:creator><dc:date>2022-01-01T00:00:00</dc:date></m>";
        let (meta, _) = metadata(changed).finish();
        assert_eq!(meta.author.as_deref(), Some("Luis"));
        assert_eq!(meta.date, crate::ingest::Day::from_ymd(2022, 1, 1));
    }
}
