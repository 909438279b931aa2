//! Word documents (`.docx`, Office Open XML): the text of `word/document.xml`.
//!
//! Paragraphs are `w:p`, the text is in `w:t` runs (deleted text, `w:delText`, and
//! field codes, `w:instrText`, are not shown), `w:tab` is a space and `w:br`/`w:cr` a
//! line break. The title is the document's `dc:title` (`docProps/core.xml`), else its
//! first paragraph in a title or heading style (`Title`, `Heading1`, or Spanish
//! Word's `Ttulo1`), else the first line of the text.

use super::archive::{Archive, ArchivedText};
use super::meta::MetaFields;
use super::skip::SkipReason;
use super::xml::{attribute, first_text, xml_text, Markup};

const FORMAT: &str = "DOCX";

const MARKUP: Markup = Markup {
    paragraphs: &["p"],
    line_breaks: &["br", "cr"],
    spaces: &["tab"],
    text_in: &["t"],
    hidden: &[],
};

/// Whether a paragraph style names a title or a heading.
fn is_heading_style(style: &str) -> bool {
    let style = style.to_ascii_lowercase();
    ["title", "heading", "ttulo", "titulo", "encabezado"]
        .iter()
        .any(|p| style.starts_with(p))
}

pub(crate) fn docx_to_text(bytes: &[u8]) -> Result<ArchivedText, SkipReason> {
    let mut archive = Archive::open(bytes, FORMAT)?;
    let Some(document) = archive.text("word/document.xml")? else {
        return Err(SkipReason::Damaged {
            format: FORMAT,
            why: "it has no word/document.xml".into(),
        });
    };
    let text = xml_text(&document, &MARKUP, |e| {
        e.local_name().as_ref() == "pStyle"
            && attribute(e, "val").is_some_and(|v| is_heading_style(&v))
    })
    .map_err(|why| SkipReason::Damaged {
        format: FORMAT,
        why: format!("word/document.xml: {why}"),
    })?;
    drop(document);
    // The metadata is a courtesy: when it is damaged the text is still indexed.
    let title = archive
        .text("docProps/core.xml")
        .ok()
        .flatten()
        .and_then(|core| first_text(&core, "title"));
    Ok(ArchivedText::new(
        title,
        text.heading,
        text.body,
        MetaFields::default(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_styles() {
        for style in ["Title", "Heading1", "heading 2", "Ttulo1", "Titulo"] {
            assert!(is_heading_style(style), "{style}");
        }
        for style in ["Normal", "ListParagraph", "Cita"] {
            assert!(!is_heading_style(style), "{style}");
        }
    }
}
