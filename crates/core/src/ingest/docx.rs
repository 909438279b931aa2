//! Word documents (`.docx`, Office Open XML): the text of `word/document.xml`.
//!
//! Paragraphs are `w:p`, the text is in `w:t` runs (deleted text, `w:delText`, and
//! field codes, `w:instrText`, are not shown), `w:tab` is a space and `w:br`/`w:cr` a
//! line break. The title is the document's `dc:title` (`docProps/core.xml`), else its
//! first paragraph in a title or heading style (`Title`, `Heading1`, or Spanish
//! Word's `Ttulo1`), else the first line of the text. The author is `dc:creator`
//! (several, separated by `;`, are joined with `, `), the date `dcterms:created` and
//! the language `dc:language`, all from `docProps/core.xml`; Word documents name no
//! source.

use super::archive::Archive;
use super::meta::MetaFields;
use super::read::Extracted;
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

pub(crate) fn docx_to_text(bytes: &[u8]) -> Result<Extracted, SkipReason> {
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
    let core = archive.text("docProps/core.xml").ok().flatten();
    let core = core.as_deref().unwrap_or_default();
    let title = first_text(core, "title");
    Ok(Extracted::new(
        title,
        text.heading,
        text.body,
        metadata(core),
    ))
}

/// What `docProps/core.xml` says: the authors (`dc:creator`, which Word separates
/// with `;`), the date the document was created (`dcterms:created`) and its language
/// (`dc:language`).
fn metadata(core: &str) -> MetaFields {
    let mut fields = MetaFields::default();
    if let Some(creators) = first_text(core, "creator") {
        fields.authors(creators.split(';'));
    }
    if let Some(created) = first_text(core, "created") {
        fields.date(&created);
    }
    if let Some(language) = first_text(core, "language") {
        fields.lang(&language);
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_properties() {
        let core = r#"<cp:coreProperties xmlns:cp="c" xmlns:dc="d" xmlns:dcterms="t">
            <dc:title>T</dc:title><dc:creator>Ana Pérez; Luis ;</dc:creator>
            <cp:lastModifiedBy>Otro</cp:lastModifiedBy>
            <dcterms:created xsi:type="dcterms:W3CDTF">2021-07-26T10:30:00Z</dcterms:created>
            <dcterms:modified>2022-01-01T00:00:00Z</dcterms:modified>
            <dc:language>es-ES</dc:language></cp:coreProperties>"#;
        let (meta, bad) = metadata(core).finish();
        assert_eq!(bad, None);
        assert_eq!(meta.author.as_deref(), Some("Ana Pérez, Luis"));
        assert_eq!(meta.date, crate::ingest::Day::from_ymd(2021, 7, 26));
        assert_eq!(meta.lang.as_deref(), Some("es-ES"));
        assert_eq!(meta.source, None);
        let (meta, bad) = metadata("<a><dc:creator></dc:creator></a>").finish();
        assert_eq!((meta, bad), (Default::default(), None));
    }

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
