//! The text of an XML document part (DOCX's `word/document.xml`, ODT's `content.xml`),
//! laid out by rules that name its elements, and the text of a metadata element.
//!
//! Elements are matched by their local name (`w:p` is `p`): each format's rules say
//! which elements are paragraphs, line breaks and tabs, which hold the text (all of
//! them, or only some, as DOCX's `w:t`), and which hide what they hold.

use super::builder::TextBuilder;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::reader::Reader;
use quick_xml::XmlVersion;

/// How one format lays out its text.
pub(crate) struct Markup {
    /// Elements that are paragraphs (a blank line around each).
    pub paragraphs: &'static [&'static str],
    /// Elements that end a line.
    pub line_breaks: &'static [&'static str],
    /// Elements that stand for a space or a tab.
    pub spaces: &'static [&'static str],
    /// Text counts only inside these elements; when empty, all text counts.
    pub text_in: &'static [&'static str],
    /// Elements whose content is not shown.
    pub hidden: &'static [&'static str],
}

/// The laid-out text of a part, and the text of its first heading.
pub(crate) struct XmlText {
    pub body: String,
    pub heading: Option<String>,
}

/// Lays out the text of `xml` by `markup`. `heading` says of an element that the
/// paragraph it starts or is in is a heading (ODT's `text:h`; DOCX's `w:pStyle` of a
/// title style).
///
/// # Errors
/// What is wrong with the XML, with its byte position.
pub(crate) fn xml_text(
    xml: &str,
    markup: &Markup,
    heading: impl Fn(&BytesStart<'_>) -> bool,
) -> Result<XmlText, String> {
    let mut reader = Reader::from_str(xml);
    let mut out = TextBuilder::default();
    let mut hidden = 0usize;
    let mut text_depth = 0usize;
    // Where the current paragraph starts in `out`, and whether it is a heading.
    let mut paragraph: Option<(usize, bool)> = None;
    let mut first_heading: Option<String> = None;
    let all_text = markup.text_in.is_empty();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("invalid XML at byte {}: {e}", reader.error_position()))?;
        match event {
            Event::Start(e) => {
                let name = e.local_name();
                let name = name.as_ref();
                if markup.hidden.contains(&name) {
                    hidden += 1;
                } else if markup.text_in.contains(&name) {
                    text_depth += 1;
                }
                if hidden == 0 {
                    if markup.paragraphs.contains(&name) {
                        out.line_break(2);
                        paragraph = Some((out.len(), false));
                    }
                    element(&e, markup, &mut out);
                }
                if heading(&e) {
                    if let Some((_, is_heading)) = paragraph.as_mut() {
                        *is_heading = true;
                    }
                }
            }
            Event::Empty(e) => {
                if hidden == 0 {
                    let name = e.local_name();
                    if markup.paragraphs.contains(&name.as_ref()) {
                        out.line_break(2);
                    }
                    element(&e, markup, &mut out);
                }
                if heading(&e) {
                    if let Some((_, is_heading)) = paragraph.as_mut() {
                        *is_heading = true;
                    }
                }
            }
            Event::End(e) => {
                let name = e.local_name();
                let name = name.as_ref();
                if markup.hidden.contains(&name) {
                    hidden = hidden.saturating_sub(1);
                } else if markup.text_in.contains(&name) {
                    text_depth = text_depth.saturating_sub(1);
                }
                if hidden == 0 && markup.paragraphs.contains(&name) {
                    if let Some((start, true)) = paragraph.take() {
                        if first_heading.is_none() {
                            let text = out.as_str().get(start..).unwrap_or("").trim();
                            if !text.is_empty() {
                                first_heading = Some(text.to_owned());
                            }
                        }
                    }
                    out.line_break(2);
                }
            }
            Event::Text(t) if hidden == 0 && (all_text || text_depth > 0) => {
                out.text(&t.xml_content(XmlVersion::Implicit1_0));
            }
            Event::CData(t) if hidden == 0 && (all_text || text_depth > 0) => {
                out.text(&t.xml_content(XmlVersion::Implicit1_0));
            }
            Event::GeneralRef(r) if hidden == 0 && (all_text || text_depth > 0) => {
                if let Some(text) = reference(&r) {
                    out.text(&text);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(XmlText {
        body: out.finish(),
        heading: first_heading,
    })
}

/// A line break or a space element's effect.
fn element(e: &BytesStart<'_>, markup: &Markup, out: &mut TextBuilder) {
    let name = e.local_name();
    let name = name.as_ref();
    if markup.line_breaks.contains(&name) {
        out.line_break(1);
    } else if markup.spaces.contains(&name) {
        out.space();
    }
}

/// The text an entity or character reference stands for; unknown entities stand for
/// nothing.
fn reference(r: &BytesRef<'_>) -> Option<String> {
    match r.resolve_char_ref() {
        Ok(Some(c)) => Some(c.to_string()),
        Ok(None) => resolve_predefined_entity(r).map(str::to_owned),
        Err(_) => None,
    }
}

/// The text of the first element named `local` (its local name) that holds any, with
/// whitespace squeezed.
pub(crate) fn first_text(xml: &str, local: &str) -> Option<String> {
    let mut reader = Reader::from_str(xml);
    let mut depth = 0usize;
    let mut text = String::new();
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) if e.local_name().as_ref() == local => depth += 1,
            Event::End(e) if e.local_name().as_ref() == local && depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    let squeezed = super::title::squeeze(&text);
                    if !squeezed.is_empty() {
                        return Some(squeezed);
                    }
                    text.clear();
                }
            }
            Event::Text(t) if depth > 0 => text.push_str(&t.xml_content(XmlVersion::Implicit1_0)),
            Event::CData(t) if depth > 0 => text.push_str(&t.xml_content(XmlVersion::Implicit1_0)),
            Event::GeneralRef(r) if depth > 0 => {
                if let Some(s) = reference(&r) {
                    text.push_str(&s);
                }
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// The text of every element named `local` (its local name) that holds any, with
/// whitespace squeezed, and the value of its attribute `attribute` (by local name);
/// in document order, up to the end or the first error in the XML.
pub(crate) fn texts(xml: &str, local: &str, attribute_name: &str) -> Vec<(String, Option<String>)> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut text = String::new();
    let mut value = None;
    loop {
        let Ok(event) = reader.read_event() else {
            return out;
        };
        match event {
            Event::Start(e) if e.local_name().as_ref() == local => {
                if depth == 0 {
                    value = attribute(&e, attribute_name);
                }
                depth += 1;
            }
            Event::End(e) if e.local_name().as_ref() == local && depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    let squeezed = super::title::squeeze(&text);
                    if !squeezed.is_empty() {
                        out.push((squeezed, value.take()));
                    }
                    text.clear();
                }
            }
            Event::Text(t) if depth > 0 => text.push_str(&t.xml_content(XmlVersion::Implicit1_0)),
            Event::CData(t) if depth > 0 => text.push_str(&t.xml_content(XmlVersion::Implicit1_0)),
            Event::GeneralRef(r) if depth > 0 => {
                if let Some(s) = reference(&r) {
                    text.push_str(&s);
                }
            }
            Event::Eof => return out,
            _ => {}
        }
    }
}

/// The value of attribute `local` (by local name) of `e`, entities resolved.
pub(crate) fn attribute(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| {
            a.normalized_value(XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// Every element of `xml` named `local`, as the values of the attributes `names`
/// (`None` where absent), in document order.
pub(crate) fn elements(
    xml: &str,
    local: &str,
    names: &[&str],
) -> Result<Vec<Vec<Option<String>>>, String> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("invalid XML at byte {}: {e}", reader.error_position()))?;
        match event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == local => {
                out.push(names.iter().map(|n| attribute(&e, n)).collect());
            }
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ODT: Markup = Markup {
        paragraphs: &["p", "h"],
        line_breaks: &["line-break"],
        spaces: &["s", "tab"],
        text_in: &[],
        hidden: &["tracked-changes"],
    };

    #[test]
    fn paragraphs_breaks_spaces_and_references() {
        let xml = r#"<?xml version="1.0"?><office:document-content xmlns:office="o" xmlns:text="t">
            <office:body><text:tracked-changes><text:p>borrado</text:p></text:tracked-changes>
            <text:h>La retirada</text:h>
            <text:p>Uno<text:s/>dos<text:tab/>tres<text:line-break/>cuatro &amp; &#241;u &#xF1;o &bogus;</text:p>
            <text:p><![CDATA[a <b>]]></text:p></office:body></office:document-content>"#;
        let text = xml_text(xml, &ODT, |e| e.local_name().as_ref() == "h").expect("text");
        assert_eq!(
            text.body,
            "La retirada\n\nUno dos tres\ncuatro & ñu ño\n\na <b>"
        );
        assert_eq!(text.heading.as_deref(), Some("La retirada"));
    }

    #[test]
    fn bad_xml_is_an_error_with_a_position() {
        let error = xml_text("<a><b></a>", &ODT, |_| false)
            .err()
            .expect("an error");
        assert!(error.contains("byte"), "{error}");
    }

    #[test]
    fn metadata() {
        let xml = r#"<cp:coreProperties xmlns:dc="d"><dc:title> </dc:title><dc:title>El  año
            de la &#241;</dc:title></cp:coreProperties>"#;
        assert_eq!(first_text(xml, "title").as_deref(), Some("El año de la ñ"));
        assert_eq!(first_text(xml, "creator"), None);
        let opf = r#"<metadata xmlns:dc="d" xmlns:opf="o"><dc:creator opf:role="aut">Ana
            Pérez</dc:creator><dc:creator/><dc:creator opf:role="ill">Luis</dc:creator>
            <dc:creator>Eva &amp; <![CDATA[Sol]]></dc:creator></metadata>"#;
        assert_eq!(
            texts(opf, "creator", "role"),
            [
                ("Ana Pérez".to_owned(), Some("aut".to_owned())),
                ("Luis".to_owned(), Some("ill".to_owned())),
                ("Eva & Sol".to_owned(), None)
            ]
        );
        assert_eq!(texts("<a><b>uno</b><b>dos</a>", "b", "x").len(), 1);
        let items = elements(
            r#"<m><item id="a" href="x%20y.xhtml"/><item id="b"></item></m>"#,
            "item",
            &["id", "href"],
        )
        .expect("items");
        assert_eq!(
            items,
            vec![
                vec![Some("a".into()), Some("x%20y.xhtml".into())],
                vec![Some("b".into()), None]
            ]
        );
    }
}
