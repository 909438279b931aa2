//! HTML to text.
//!
//! Only text a reader sees is kept: the content of `<head>`, `<script>`, `<style>`,
//! `<noscript>`, `<template>`, `<svg>` and comments is dropped. Entities are decoded by
//! the HTML parser. Block elements (paragraphs, headings, list items, table rows…) start
//! on a new line, and whitespace inside flowing text collapses as a browser shows it;
//! `<pre>` keeps its own.
//!
//! The title is the document's `<title>`, else its first `<h1>`, else the first line of
//! the text by the plain-text rule ([`plain_text_title`]). The date, author, source,
//! address and language come from its `<meta>` tags, JSON-LD and `<html lang>` (see
//! `html_meta.rs` for which, in what order).

use super::builder::TextBuilder;
use super::html_meta::page_meta;
use super::read::Extracted;
use super::title::{plain_text_title, squeeze};
use scraper::{Html, Node};

/// Elements whose content is not text for a reader.
const HIDDEN: &[&str] = &[
    "head", "script", "style", "noscript", "template", "svg", "iframe", "object",
];

/// Elements that are separated from what surrounds them by a blank line.
const PARAGRAPHS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "ul",
    "ol",
    "dl",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "aside",
    "nav",
    "figure",
    "hr",
    "address",
    "details",
    "form",
    "fieldset",
];

/// Elements that start on a new line.
const LINES: &[&str] = &[
    "div",
    "li",
    "tr",
    "dt",
    "dd",
    "figcaption",
    "summary",
    "caption",
    "legend",
    "option",
    "body",
];

enum Step<N> {
    Enter(N),
    Leave {
        lines: usize,
        pre: bool,
        h1: Option<usize>,
    },
}

/// Parses a whole HTML document.
pub(crate) fn html_to_text(source: &str) -> Extracted {
    let document = Html::parse_document(source);
    let (body, h1) = flow(&document);
    let fields = page_meta(&document);
    Extracted::new(document_title(&document), h1, body, fields)
}

/// The text of an HTML fragment (an HTML block inside Markdown).
pub(crate) fn fragment_text(source: &str) -> String {
    flow(&Html::parse_fragment(source)).0
}

/// The `<title>` of the document, outside `<svg>`, if it holds any text.
fn document_title(document: &Html) -> Option<String> {
    document
        .root_element()
        .descendent_elements()
        .filter(|element| element.value().name() == "title")
        .find(|element| {
            element
                .ancestors()
                .all(|node| node.value().as_element().is_none_or(|e| e.name() != "svg"))
        })
        .map(|element| plain_text_title(&element.text().collect::<String>()))
        .filter(|title| !title.is_empty())
}

/// The visible text of a parsed document, and the text of its first `<h1>`.
fn flow(document: &Html) -> (String, Option<String>) {
    let mut out = TextBuilder::default();
    let mut h1 = None;
    let mut pre_depth = 0usize;
    let mut stack = vec![Step::Enter(document.tree.root())];
    while let Some(step) = stack.pop() {
        let node = match step {
            Step::Enter(node) => node,
            Step::Leave {
                lines,
                pre,
                h1: start,
            } => {
                if let Some(start) = start {
                    let text = out.as_str().get(start..).unwrap_or_default();
                    let title = plain_text_title(&squeeze(text));
                    if h1.is_none() && !title.is_empty() {
                        h1 = Some(title);
                    }
                }
                if pre {
                    pre_depth = pre_depth.saturating_sub(1);
                }
                out.line_break(lines);
                continue;
            }
        };
        match node.value() {
            Node::Text(text) if pre_depth > 0 => out.raw(text),
            Node::Text(text) => out.text(text),
            Node::Document | Node::Fragment => {
                stack.extend(node.children().rev().map(Step::Enter));
            }
            Node::Element(element) => {
                let name = element.name();
                if HIDDEN.contains(&name) {
                    continue;
                }
                match name {
                    "br" => out.line_break(1),
                    "td" | "th" => out.space(),
                    _ => {}
                }
                let lines = if PARAGRAPHS.contains(&name) {
                    2
                } else if LINES.contains(&name) {
                    1
                } else {
                    0
                };
                out.line_break(lines);
                let pre = matches!(name, "pre" | "textarea" | "listing");
                if pre {
                    pre_depth += 1;
                }
                let h1_start = (name == "h1" && h1.is_none()).then(|| out.len());
                stack.push(Step::Leave {
                    lines,
                    pre,
                    h1: h1_start,
                });
                stack.extend(node.children().rev().map(Step::Enter));
            }
            _ => {}
        }
    }
    (out.finish(), h1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_title_and_hidden_content() {
        let page = "<!doctype html><html><head><title> El  tiempo </title>\
            <style>p { color: red }</style><script>var x = 1;</script></head>\
            <body><h1>Titular</h1><p>Sol y&nbsp;nubes &amp; lluvia &lt;poca&gt;.</p>\
            <noscript>activa JS</noscript><template><p>plantilla</p></template>\
            <ul><li>uno</li><li>dos</li></ul><!-- nota -->\
            <table><tr><td>a</td><td>b</td></tr></table>\
            <pre>  x = 1\n  y = 2</pre>fin<br>línea</body></html>";
        let Extracted { title, body, .. } = html_to_text(page);
        assert_eq!(title, "El tiempo");
        assert_eq!(
            body,
            "Titular\n\nSol y nubes & lluvia <poca>.\n\nuno\ndos\n\na b\n\n  x = 1\n  y = 2\n\nfin\nlínea"
        );
    }

    #[test]
    fn title_falls_back_to_h1_then_text() {
        let page = "<body><div>Antes</div><h1>Primero <em>aquí</em></h1><h1>Segundo</h1></body>";
        assert_eq!(html_to_text(page).title, "Primero aquí");
        let page = "<body><p>Sin títulos.</p></body>";
        assert_eq!(html_to_text(page).title, "Sin títulos.");
        let page = "<title>  </title><p>Texto</p>";
        assert_eq!(html_to_text(page).title, "Texto");
    }

    #[test]
    fn svg_title_is_not_the_document_title() {
        let page = "<body><svg><title>icono</title></svg><h1>Noticia</h1></body>";
        assert_eq!(html_to_text(page).title, "Noticia");
        assert_eq!(html_to_text(page).body, "Noticia");
    }

    #[test]
    fn metadata_comes_with_the_text() {
        let page = "<html lang=es><head><title>T</title><meta name=author content='Ana'>\
            <meta name=date content='el otro día'></head><body><p>Texto</p></body></html>";
        let parsed = html_to_text(page);
        assert_eq!(parsed.body, "Texto");
        assert_eq!(parsed.meta.author.as_deref(), Some("Ana"));
        assert_eq!(parsed.meta.lang.as_deref(), Some("es"));
        assert_eq!(parsed.bad_date.as_deref(), Some("el otro día"));
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let page = format!("{}hondo{}", "<div>".repeat(5_000), "</div>".repeat(5_000));
        assert_eq!(html_to_text(&page).body, "hondo");
    }
}
