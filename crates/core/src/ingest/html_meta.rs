//! What a web page says of itself: its `<meta>` tags, its JSON-LD and its `<html lang>`.
//!
//! Each part is taken from the first of these places that gives a usable value:
//!
//! | Part | From, in this order |
//! | --- | --- |
//! | date | `<meta property="article:published_time">`; `<meta name>` `date`, `dc.date`, `dc.date.issued`, `dcterms.date`, `dcterms.issued`, `dcterms.created`, `pubdate`, `publishdate`, `publish-date`; an element with `itemprop="datePublished"` (its `content` or `datetime`); JSON-LD `datePublished`; the first `<time datetime>` of the first `<article>` |
//! | author | `<meta name>` `author` (several are joined with `, `), `dc.creator`, `dcterms.creator`; JSON-LD `author` (a name, an object's `name`, or a list of them) |
//! | source | `<meta property="og:site_name">`, `<meta name>` `dc.publisher`, `dcterms.publisher`; JSON-LD `publisher` (its `name`) |
//! | url | `<link rel="canonical">`, `<meta property="og:url">` (absolute `http(s)` addresses only) |
//! | lang | `<html lang>`, `<meta http-equiv="content-language">`, `<meta name>` `language`, `dc.language`; JSON-LD `inLanguage` |
//!
//! Meta tags come before JSON-LD: a page has one of each meta tag, which says what the
//! page is, while its JSON-LD may describe several things (the site, a breadcrumb
//! trail, a video, related articles), of which the article has to be guessed. Of the
//! JSON-LD, the article is the first object (at the top, in a list or in an
//! `@graph`) whose `@type` is an article (`NewsArticle`, `BlogPosting`, … any type
//! ending in `Article` or `Posting`, or `Report`), else the first with a
//! `datePublished`. JSON-LD that is not valid JSON is ignored. A `<time>` is the
//! last resort because a page shows many dates (comments, related articles); the
//! first in the article is most often its own.
//!
//! Names of `<meta>` tags and of their `name`, `property`, `itemprop` and `http-equiv`
//! are matched without regard to case.

use super::meta::MetaFields;
use scraper::{ElementRef, Html};
use serde_json::Value;

/// Meta `property`s or `name`s that give the date, in order.
const DATE_NAMES: &[&str] = &[
    "article:published_time",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.issued",
    "dcterms.created",
    "pubdate",
    "publishdate",
    "publish-date",
];
const AUTHOR_NAMES: &[&str] = &["author", "dc.creator", "dcterms.creator"];
const SOURCE_NAMES: &[&str] = &["og:site_name", "dc.publisher", "dcterms.publisher"];
const URL_NAMES: &[&str] = &["og:url"];
const LANG_NAMES: &[&str] = &["content-language", "language", "dc.language"];

/// The metadata of a parsed page.
pub(crate) fn page_meta(document: &Html) -> MetaFields {
    let mut tags: Vec<(String, String)> = Vec::new();
    let mut item_date = None;
    let mut canonical = None;
    let mut json_ld = Vec::new();
    let mut first_article = None;
    for element in document.root_element().descendent_elements() {
        let e = element.value();
        match e.name() {
            "meta" => {
                let key = e
                    .attr("property")
                    .or_else(|| e.attr("name"))
                    .or_else(|| e.attr("http-equiv"));
                if let (Some(key), Some(content)) = (key, e.attr("content")) {
                    tags.push((key.trim().to_ascii_lowercase(), content.to_owned()));
                }
            }
            "link" if canonical.is_none() => {
                let rel = e.attr("rel").unwrap_or_default();
                if rel
                    .split_ascii_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("canonical"))
                {
                    canonical = e.attr("href").filter(|href| is_absolute(href));
                }
            }
            "script" => {
                let kind = e.attr("type").unwrap_or_default().trim();
                if kind.eq_ignore_ascii_case("application/ld+json") {
                    json_ld.push(element.text().collect::<String>());
                }
            }
            "article" if first_article.is_none() => first_article = Some(element),
            _ => {}
        }
        if item_date.is_none()
            && e.attr("itemprop")
                .is_some_and(|p| p.trim().eq_ignore_ascii_case("datePublished"))
        {
            item_date = e.attr("content").or_else(|| e.attr("datetime"));
        }
    }
    let values = |names: &[&str]| -> Vec<&str> {
        names
            .iter()
            .map(|name| {
                tags.iter()
                    .filter(|(key, _)| key == name)
                    .map(|(_, content)| content.as_str())
                    .filter(|content| !content.trim().is_empty())
                    .collect::<Vec<_>>()
            })
            .find(|found| !found.is_empty())
            .unwrap_or_default()
    };
    let article = json_ld.iter().find_map(|script| json_ld_article(script));

    let mut fields = MetaFields::default();
    for name in DATE_NAMES {
        for (_, date) in tags.iter().filter(|(key, _)| key == name) {
            fields.date(date);
        }
    }
    if let Some(date) = item_date {
        fields.date(date);
    }
    if let Some(date) = article.as_ref().and_then(|a| a.date.as_deref()) {
        fields.date(date);
    }
    if !fields.has_date() {
        if let Some(date) = first_article.and_then(first_time) {
            fields.date(date);
        }
    }
    fields.authors(values(AUTHOR_NAMES));
    if let Some(article) = &article {
        fields.authors(&article.authors);
    }
    for source in values(SOURCE_NAMES) {
        fields.source(source);
    }
    if let Some(source) = article.as_ref().and_then(|a| a.publisher.as_deref()) {
        fields.source(source);
    }
    if let Some(url) = canonical {
        fields.url(url);
    }
    for url in values(URL_NAMES).into_iter().filter(|url| is_absolute(url)) {
        fields.url(url);
    }
    if let Some(lang) = document.root_element().value().attr("lang") {
        fields.lang(lang);
    }
    for lang in values(LANG_NAMES) {
        fields.lang(lang);
    }
    if let Some(lang) = article.as_ref().and_then(|a| a.lang.as_deref()) {
        fields.lang(lang);
    }
    fields
}

/// Whether an address is absolute on the web (`https://…`, `http://…`).
fn is_absolute(url: &str) -> bool {
    let url = url.trim_start().as_bytes();
    let starts = |prefix: &str| {
        url.get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
    };
    starts("https://") || starts("http://")
}

/// The `datetime` of the first `<time>` inside `article` that has one.
fn first_time(article: ElementRef<'_>) -> Option<&str> {
    article
        .descendent_elements()
        .filter(|e| e.value().name() == "time")
        .find_map(|e| e.value().attr("datetime"))
}

/// What the JSON-LD says of the article.
#[derive(Debug, Default, PartialEq)]
struct Article {
    date: Option<String>,
    authors: Vec<String>,
    publisher: Option<String>,
    lang: Option<String>,
}

/// The article of one JSON-LD script, if it describes one.
fn json_ld_article(script: &str) -> Option<Article> {
    let value = parse_json_ld(script)?;
    let mut nodes = Vec::new();
    collect_nodes(&value, &mut nodes, 0);
    let node = nodes.iter().find(|node| is_article(node)).or_else(|| {
        nodes
            .iter()
            .find(|node| node.get("datePublished").is_some())
    })?;
    let mut authors = Vec::new();
    if let Some(author) = node.get("author") {
        names(author, &mut authors, 0);
    }
    let mut publishers = Vec::new();
    if let Some(publisher) = node.get("publisher") {
        names(publisher, &mut publishers, 0);
    }
    Some(Article {
        date: node
            .get("datePublished")
            .and_then(Value::as_str)
            .map(str::to_owned),
        authors,
        publisher: publishers.into_iter().next(),
        lang: node
            .get("inLanguage")
            .and_then(Value::as_str)
            .map(str::to_owned),
    })
}

/// A script's JSON, also when a page wraps it in an HTML comment or a CDATA section.
fn parse_json_ld(script: &str) -> Option<Value> {
    let trimmed = script.trim();
    if let Ok(value) = serde_json::from_str(trimmed) {
        return Some(value);
    }
    let mut inner = trimmed;
    for (open, close) in [
        ("<!--", "-->"),
        ("/*<![CDATA[*/", "/*]]>*/"),
        ("<![CDATA[", "]]>"),
    ] {
        inner = inner.trim();
        if let Some(rest) = inner.strip_prefix(open) {
            inner = rest.strip_suffix(close).unwrap_or(rest);
        }
    }
    let inner = inner.trim().trim_end_matches(';');
    serde_json::from_str(inner).ok()
}

/// The objects of a JSON-LD document: at its top, in a top-level list and in
/// `@graph`s, a few levels deep.
fn collect_nodes<'a>(
    value: &'a Value,
    out: &mut Vec<&'a serde_json::Map<String, Value>>,
    depth: usize,
) {
    if depth > 4 {
        return;
    }
    match value {
        Value::Array(items) => {
            for item in items {
                collect_nodes(item, out, depth + 1);
            }
        }
        Value::Object(object) => {
            out.push(object);
            if let Some(graph) = object.get("@graph") {
                collect_nodes(graph, out, depth + 1);
            }
        }
        _ => {}
    }
}

/// Whether a JSON-LD object is an article, by its `@type`.
fn is_article(node: &serde_json::Map<String, Value>) -> bool {
    let article = |kind: &str| {
        let kind = kind.rsplit(['/', ':']).next().unwrap_or(kind);
        kind.ends_with("Article") || kind.ends_with("Posting") || kind == "Report"
    };
    match node.get("@type") {
        Some(Value::String(kind)) => article(kind),
        Some(Value::Array(kinds)) => kinds.iter().filter_map(Value::as_str).any(article),
        _ => false,
    }
}

/// The names a JSON-LD person or organisation value gives: a string, an object's
/// `name`, or a list of these.
fn names(value: &Value, out: &mut Vec<String>, depth: usize) {
    match value {
        Value::String(name) => out.push(name.clone()),
        Value::Object(object) => {
            if let Some(Value::String(name)) = object.get("name") {
                out.push(name.clone());
            }
        }
        Value::Array(items) if depth == 0 => {
            for item in items {
                names(item, out, depth + 1);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{Day, Metadata};

    fn read(page: &str) -> (Metadata, Option<String>) {
        page_meta(&Html::parse_document(page)).finish()
    }

    fn day(y: i32, m: u32, d: u32) -> Option<Day> {
        Day::from_ymd(y, m, d)
    }

    #[test]
    fn meta_tags() {
        let page = r#"<!doctype html><html lang="es-ES"><head>
            <meta property="og:site_name" content=" El  Diario ">
            <meta property="og:url" content="https://eldiario.es/og">
            <link rel="canonical" href="https://eldiario.es/riego">
            <meta name="author" content="Ana Pérez"><meta name="Author" content="Luis">
            <meta name="date" content="26/07/2021">
            <meta property="article:published_time" content="2021-07-27T08:00:00+02:00">
            </head><body><p>Texto</p></body></html>"#;
        let (meta, bad) = read(page);
        assert_eq!(bad, None);
        assert_eq!(meta.date, day(2021, 7, 27), "article:published_time first");
        assert_eq!(meta.author.as_deref(), Some("Ana Pérez, Luis"));
        assert_eq!(meta.source.as_deref(), Some("El Diario"));
        assert_eq!(meta.url.as_deref(), Some("https://eldiario.es/riego"));
        assert_eq!(meta.lang.as_deref(), Some("es-ES"));
    }

    #[test]
    fn dublin_core_itemprop_and_content_language() {
        let page = r#"<head><meta name="DC.date.issued" content="2021-07-26">
            <meta http-equiv="Content-Language" content="es">
            <meta name="dc.creator" content="Redacción">
            <link rel="canonical" href="/relativa"><meta property="og:url" content="https://x.es/a">
            </head><body><span itemprop="datePublished" content="2020-01-01"></span></body>"#;
        let (meta, _) = read(page);
        assert_eq!(meta.date, day(2021, 7, 26));
        assert_eq!(meta.author.as_deref(), Some("Redacción"));
        assert_eq!(meta.url.as_deref(), Some("https://x.es/a"));
        assert_eq!(meta.lang.as_deref(), Some("es"));

        let page =
            r#"<body><time itemprop="datePublished" datetime="2021-07-26T10:00">hoy</time></body>"#;
        assert_eq!(read(page).0.date, day(2021, 7, 26));
    }

    #[test]
    fn json_ld_after_meta_tags() {
        let page = r#"<head>
            <script type="application/ld+json">{"@type": "WebSite", "name": "El Diario"}</script>
            <script type="application/ld+json">
            {"@context": "https://schema.org", "@graph": [
                {"@type": "BreadcrumbList", "datePublished": "2000-01-01"},
                {"@type": ["NewsArticle"], "datePublished": "2021-07-26T10:00:00Z",
                 "author": [{"@type": "Person", "name": "Ana"}, "Luis", {"url": "x"}],
                 "publisher": {"@type": "Organization", "name": "El Diario"},
                 "inLanguage": "es"}]}
            </script></head><body><p>Texto</p></body>"#;
        let (meta, bad) = read(page);
        assert_eq!(bad, None);
        assert_eq!(meta.date, day(2021, 7, 26));
        assert_eq!(meta.author.as_deref(), Some("Ana, Luis"));
        assert_eq!(meta.source.as_deref(), Some("El Diario"));
        assert_eq!(meta.lang.as_deref(), Some("es"));

        let with_tags = format!(
            "<meta name=author content=Redacción><meta property=og:site_name content=Otro>{page}"
        );
        let (meta, _) = read(&with_tags);
        assert_eq!(meta.author.as_deref(), Some("Redacción"));
        assert_eq!(meta.source.as_deref(), Some("Otro"));
    }

    #[test]
    fn bad_json_ld_is_ignored() {
        let page = r#"<script type="application/ld+json">{"@type": "NewsArticle", roto</script>
            <script type="application/ld+json"><!--
            [{"@type": "BlogPosting", "datePublished": "2021-07-26", "author": "Ana"}];
            --></script>
            <script type="application/ld+json">"solo un texto"</script>
            <script type="application/ld+json">[[[[[[[[[[[1]]]]]]]]]]]</script>"#;
        let (meta, _) = read(page);
        assert_eq!(meta.date, day(2021, 7, 26));
        assert_eq!(meta.author.as_deref(), Some("Ana"));
    }

    #[test]
    fn time_in_the_article_is_the_last_resort() {
        let page = r#"<body><time datetime="2000-01-01">antes</time>
            <article><h1>T</h1><time datetime="2021-07-26T10:00:00+02:00">26 de julio</time>
            <time datetime="2021-08-01">comentario</time></article></body>"#;
        assert_eq!(read(page).0.date, day(2021, 7, 26));
        let page = format!(r#"<meta name="date" content="2021-01-02">{page}"#);
        assert_eq!(read(&page).0.date, day(2021, 1, 2));
    }

    #[test]
    fn an_unreadable_date_is_reported_only_when_no_date_is_found() {
        let (meta, bad) = read(r#"<meta name="date" content="ayer"><p>x</p>"#);
        assert_eq!((meta.date, bad.as_deref()), (None, Some("ayer")));
        let page = r#"<meta name="date" content="ayer">
            <meta property="article:published_time" content="2021-07-26">"#;
        assert_eq!(
            read(page),
            (
                Metadata {
                    date: day(2021, 7, 26),
                    ..Metadata::default()
                },
                None
            )
        );
    }

    #[test]
    fn a_page_without_metadata_has_none() {
        let (meta, bad) = read("<p>Solo texto</p><meta name=author content='  '>");
        assert_eq!((meta, bad), (Metadata::default(), None));
    }
}
