//! Markdown to text.
//!
//! The CommonMark parser (with tables, footnotes, strikethrough, task lists, heading
//! attributes and front matter) gives the text of the document without its syntax:
//! emphasis marks, link targets, heading `#`s and list bullets go; link texts, image
//! descriptions and code stay. Paragraphs, headings and code blocks are separated by a
//! blank line, list items and table rows by a line feed. HTML blocks keep their visible
//! text; inline HTML tags are dropped.
//!
//! The title is the `title` of a YAML (`---`) or TOML (`+++`) front matter, else the
//! first heading, else the first line of the text by the plain-text rule
//! ([`plain_text_title`]). The date, author, source, address and language come from
//! the front matter too (`date`/`fecha`, `author`/`autor`, `source`/`fuente`, `url`,
//! `lang`/`language`/`idioma`: see `front_matter.rs`).

use super::builder::TextBuilder;
use super::front_matter::{front_matter, FrontMatter};
use super::html::fragment_text;
use super::read::Extracted;
use super::title::{plain_text_title, squeeze};
use pulldown_cmark::{Event, MetadataBlockKind, Options, Parser, Tag, TagEnd};

pub(crate) fn markdown_to_text(source: &str) -> Extracted {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut out = TextBuilder::default();
    let mut metadata = String::new();
    let mut matter = FrontMatter::default();
    let mut heading = None;
    let mut heading_start = None;
    let mut in_metadata = false;
    let mut in_code = false;
    let mut html_block = String::new();
    let mut in_html_block = false;
    for event in Parser::new_ext(source, options) {
        match event {
            Event::Text(text) if in_metadata => metadata.push_str(&text),
            Event::Text(text) if in_code => out.raw(&text),
            Event::Text(text) | Event::Code(text) | Event::InlineMath(text) => out.text(&text),
            Event::DisplayMath(text) => {
                out.line_break(1);
                out.text(&text);
                out.line_break(1);
            }
            Event::Html(html) if in_html_block => html_block.push_str(&html),
            Event::Html(html) => {
                out.line_break(2);
                out.text(&fragment_text(&html));
                out.line_break(2);
            }
            Event::SoftBreak => out.space(),
            Event::HardBreak => out.line_break(1),
            Event::Rule => out.line_break(2),
            Event::Start(tag) => match tag {
                Tag::MetadataBlock(_) => {
                    in_metadata = true;
                    metadata.clear();
                }
                Tag::CodeBlock(_) => {
                    in_code = true;
                    out.line_break(2);
                }
                Tag::HtmlBlock => {
                    in_html_block = true;
                    html_block.clear();
                }
                Tag::Heading { .. } => {
                    out.line_break(2);
                    if heading.is_none() {
                        heading_start = Some(out.len());
                    }
                }
                Tag::Paragraph | Tag::BlockQuote(_) | Tag::Table(_) | Tag::List(_) => {
                    out.line_break(2);
                }
                Tag::Item | Tag::TableHead | Tag::TableRow | Tag::DefinitionListTitle => {
                    out.line_break(1);
                }
                Tag::TableCell => out.space(),
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::MetadataBlock(kind) => {
                    in_metadata = false;
                    let toml = kind == MetadataBlockKind::PlusesStyle;
                    matter = front_matter(&metadata, toml);
                }
                TagEnd::CodeBlock => {
                    in_code = false;
                    out.line_break(2);
                }
                TagEnd::HtmlBlock => {
                    in_html_block = false;
                    out.line_break(2);
                    out.text(&fragment_text(&html_block));
                    out.line_break(2);
                }
                TagEnd::Heading(_) => {
                    if let Some(start) = heading_start.take() {
                        let text = out.as_str().get(start..).unwrap_or_default();
                        let title = plain_text_title(&squeeze(text));
                        if !title.is_empty() {
                            heading = Some(title);
                        }
                    }
                    out.line_break(2);
                }
                TagEnd::Paragraph
                | TagEnd::BlockQuote(_)
                | TagEnd::Table
                | TagEnd::List(_)
                | TagEnd::FootnoteDefinition => out.line_break(2),
                TagEnd::Item | TagEnd::TableHead | TagEnd::TableRow => out.line_break(1),
                _ => {}
            },
            _ => {}
        }
    }
    let body = out.finish();
    Extracted::new(matter.title, heading, body, matter.fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_is_stripped() {
        let source = "Intro con *énfasis* y [enlace](http://x.es \"t\").\nSigue.\n\n\
            ## Sección {#s1}\n\n- uno\n- **dos**\n\n```rust\nlet a = 1;\n```\n\n\
            > cita `código`\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n\
            ![foto del río](r.png)\n\n<div>\n<p>bloque &amp; html</p>\n</div>\n\n---\n\nfin<br>";
        let Extracted { title, body, .. } = markdown_to_text(source);
        assert_eq!(title, "Sección");
        assert_eq!(
            body,
            "Intro con énfasis y enlace. Sigue.\n\nSección\n\nuno\ndos\n\nlet a = 1;\n\n\
             cita código\n\na b\n1 2\n\nfoto del río\n\nbloque & html\n\nfin"
        );
    }

    #[test]
    fn title_sources() {
        let cases = [
            ("# Uno\n\n# Dos", "Uno"),
            ("Texto\n=====\n\nmás", "Texto"),
            ("Sin encabezado.\n\n## Luego", "Luego"),
            ("Solo texto.", "Solo texto."),
            (
                "---\ntitle: \"De la portada\"\n---\n# Encabezado",
                "De la portada",
            ),
            ("+++\ntitle = 'TOML'\n+++\n\ntexto", "TOML"),
            ("---\nautor: x\n---\n\nPrimera línea", "Primera línea"),
        ];
        for (source, title) in cases {
            assert_eq!(markdown_to_text(source).title, title, "{source:?}");
        }
    }

    #[test]
    fn front_matter_gives_the_metadata() {
        let source = "---\ntitle: Riego\nfecha: 26 de julio de 2021\nautor:\n  - Ana\n  - Luis\n\
            fuente: El Diario\nurl: https://x.es/riego\nlang: es\n---\n\n# Riego\n\nTexto.";
        let parsed = markdown_to_text(source);
        assert_eq!(parsed.body, "Riego\n\nTexto.");
        assert_eq!(parsed.bad_date, None);
        let meta = parsed.meta;
        assert_eq!(
            meta.date.map(|d| d.to_string()).as_deref(),
            Some("2021-07-26")
        );
        assert_eq!(meta.author.as_deref(), Some("Ana, Luis"));
        assert_eq!(meta.source.as_deref(), Some("El Diario"));
        assert_eq!(meta.url.as_deref(), Some("https://x.es/riego"));
        assert_eq!(meta.lang.as_deref(), Some("es"));

        let toml =
            markdown_to_text("+++\ndate = 2021-07-26T10:00:00Z\nauthor = \"Ana\"\n+++\n\nTexto");
        assert_eq!(toml.meta.date, crate::ingest::Day::from_ymd(2021, 7, 26));
        assert_eq!(toml.meta.author.as_deref(), Some("Ana"));

        let bad = markdown_to_text("---\ndate: la semana pasada\n---\n\nTexto");
        assert_eq!(bad.meta.date, None);
        assert_eq!(bad.bad_date.as_deref(), Some("la semana pasada"));
        assert_eq!(bad.body, "Texto");

        let none = markdown_to_text("# Sin portada\n\ndate: 2021-07-26");
        assert_eq!(none.meta, super::super::Metadata::default());
    }
}
