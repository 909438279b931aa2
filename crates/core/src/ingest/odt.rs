//! OpenDocument text (`.odt`, LibreOffice and others): the text of `content.xml`.
//!
//! Paragraphs are `text:p` and headings `text:h`; `text:s` and `text:tab` are spaces
//! and `text:line-break` a line break; tracked deletions (`text:tracked-changes`) are
//! not shown. The title is the document's `dc:title` (`meta.xml`), else its first
//! heading, else the first line of the text.

use super::archive::{Archive, ArchivedText};
use super::meta::MetaFields;
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

pub(crate) fn odt_to_text(bytes: &[u8]) -> Result<ArchivedText, SkipReason> {
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
    let title = archive
        .text("meta.xml")
        .ok()
        .flatten()
        .and_then(|meta| first_text(&meta, "title"));
    Ok(ArchivedText::new(
        title,
        text.heading,
        text.body,
        MetaFields::default(),
    ))
}
