//! The search page and the document view, rendered on the server with `maud`: every
//! value written into a page is escaped unless marked otherwise, and nothing here is
//! (marks are elements `maud` writes, around escaped text).
//!
//! The pages speak Spanish or English (`lupa-i18n`'s messages): `?lang=es|en` when the
//! address says so (and then every link keeps it), else the browser's
//! `Accept-Language`, else the server's language ([`Config::lang`](crate::Config)).
//!
//! The pages need no JavaScript: the search box is a plain `GET` form, so `/?q=…`
//! can be linked and bookmarked; pages are plain links, reachable with the keyboard.

use crate::api::pairs;
use crate::params::{check_length, BadRequest, SearchParams};
use crate::server::{search as run_search, Failure, State};
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State as Shared};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use lupa::SearchResults;
use lupa_i18n::{tr, Lang};
use maud::{html, Markup, DOCTYPE};
use std::ops::Range;
use std::time::Duration;

const STYLESHEET: &str = include_str!("../assets/lupa.css");

type Pairs = Result<Query<Vec<(String, String)>>, QueryRejection>;

/// The language of a page, and whether the address chose it (`?lang=`), so that the
/// page's links keep it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Speech {
    pub lang: Lang,
    pinned: bool,
}

impl Speech {
    /// `?lang=` among `pairs`, else the browser's `Accept-Language`, else `default`.
    pub(crate) fn of(pairs: &[(String, String)], headers: &HeaderMap, default: Lang) -> Speech {
        let asked = pairs
            .iter()
            .rev()
            .find(|(k, _)| k == "lang")
            .and_then(|(_, v)| Lang::from_code(v));
        if let Some(lang) = asked {
            return Speech { lang, pinned: true };
        }
        let browser = headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(Lang::from_accept_language);
        Speech {
            lang: browser.unwrap_or(default),
            pinned: false,
        }
    }

    /// `&lang=xx` for a link, when the address chose the language.
    fn suffix(self) -> String {
        if self.pinned {
            format!("&lang={}", self.lang)
        } else {
            String::new()
        }
    }
}

/// `GET /static/lupa.css`
pub(crate) async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLESHEET,
    )
        .into_response()
}

fn page(status: StatusCode, markup: Markup) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        )],
        markup.into_string(),
    )
        .into_response()
}

/// A page: the search box on top, then `main`.
fn layout(speech: Speech, title: &str, q: &str, all: bool, main: Markup) -> Markup {
    let lang = speech.lang;
    let other = match lang {
        Lang::Es => Lang::En,
        Lang::En => Lang::Es,
    };
    let switch = format!(
        "/?q={}&lang={other}{}",
        encode(q, false),
        if all { "&all=true" } else { "" }
    );
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                link rel="stylesheet" href="/static/lupa.css";
            }
            body {
                a.skip href="#contenido" { (tr!(lang, "page-skip")) }
                header {
                    form.search role="search" action="/" method="get" {
                        a.brand href="/" { "Lupa" }
                        label.hidden for="q" { (tr!(lang, "page-search")) }
                        input #q type="search" name="q" value=(q) autofocus[q.is_empty()]
                            accesskey="b" autocomplete="off" spellcheck="false"
                            placeholder=(tr!(lang, "page-placeholder"));
                        @if speech.pinned {
                            input type="hidden" name="lang" value=(lang.code());
                        }
                        button type="submit" { (tr!(lang, "page-search")) }
                        label.all {
                            input type="checkbox" name="all" value="true" checked[all];
                            " " (tr!(lang, "page-all-words"))
                        }
                    }
                }
                main #contenido { (main) }
                footer {
                    (tr!(lang, "page-syntax")) " " code { "\"frase exacta\"" } ", " code { "Irak AND Siria" } ", "
                    code { "NOT" } ", " code { "retir*" } ", " code { (tr!(lang, "page-syntax-title")) } ". "
                    a href="/api/search?q=retirada%20tropas" { (tr!(lang, "page-api")) }
                    " · "
                    a href=(switch) hreflang=(other.code()) lang=(other.code()) {
                        @match other { Lang::Es => "Español", Lang::En => "English" }
                    }
                }
            }
        }
    }
}

/// A whole number as `lang` writes it: `12.499` in Spanish, `12,499` in English.
fn number(n: usize, lang: Lang) -> String {
    let separator = match lang {
        Lang::Es => '.',
        Lang::En => ',',
    };
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

/// A number with one decimal as `lang` writes it: `4,2` in Spanish, `4.2` in English.
fn decimal(x: f64, lang: Lang) -> String {
    let text = format!("{x:.1}");
    match lang {
        Lang::Es => text.replace('.', ","),
        Lang::En => text,
    }
}

/// A duration in milliseconds: `4,2 ms`.
fn millis(d: Duration, lang: Lang) -> String {
    format!("{} ms", decimal(d.as_secs_f64() * 1000.0, lang))
}

/// Percent-encodes `s` for a URL, keeping `/` when `path` (for document ids).
pub(crate) fn encode(s: &str, path: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(b as char)
            }
            b'/' if path => out.push('/'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The address of the results page.
fn results_url(q: &str, offset: usize, all: bool, speech: Speech) -> String {
    let mut url = format!("/?q={}", encode(q, false));
    if offset > 0 {
        url.push_str(&format!("&offset={offset}"));
    }
    if all {
        url.push_str("&all=true");
    }
    url + &speech.suffix()
}

/// The address of a document's view, with the query whose matches it marks.
fn document_url(id: &str, q: &str, all: bool, speech: Speech) -> String {
    let mut url = format!("/doc/{}?q={}", encode(id, true), encode(q, false));
    if all {
        url.push_str("&all=true");
    }
    url + &speech.suffix()
}

/// `text` with the byte ranges `marks` in `<mark>`, everything escaped.
fn marked(text: &str, marks: &[Range<usize>], first_id: Option<&str>) -> Markup {
    let mut pieces: Vec<(&str, bool)> = Vec::with_capacity(marks.len() * 2 + 1);
    let mut at = 0;
    for r in marks {
        let (Some(before), Some(inside)) = (text.get(at..r.start), text.get(r.clone())) else {
            continue;
        };
        pieces.push((before, false));
        pieces.push((inside, true));
        at = r.end;
    }
    pieces.push((text.get(at..).unwrap_or_default(), false));
    let mut first = first_id;
    html! {
        @for (piece, is_mark) in pieces {
            @if is_mark {
                @let id = first.take();
                mark id=[id] { (piece) }
            } @else {
                (piece)
            }
        }
    }
}

/// `GET /?q=&offset=&limit=&all=`
pub(crate) async fn search(
    Shared(shared): Shared<State>,
    headers: HeaderMap,
    query: Pairs,
) -> Response {
    let pairs = pairs(query);
    let speech = Speech::of(pairs.as_deref().unwrap_or_default(), &headers, shared.lang);
    let params = match pairs.and_then(|p| Ok(SearchParams::from_pairs(&p, &shared.limits, false)?))
    {
        Ok(params) => params,
        Err(Failure::Bad(bad)) => return bad_request(speech, "", false, &bad),
        Err(other) => return failure(other, "", speech),
    };
    if params.q.trim().is_empty() {
        return home(&shared, speech).await;
    }
    let (q, all) = (params.q.clone(), params.all);
    let shown = params.clone();
    let max_offset = shared.limits.max_offset;
    let rendered = run_search(&shared, params, move |results, took| {
        results_view(speech, &shown, results, took, max_offset)
    })
    .await;
    match rendered {
        Ok(view) => page(StatusCode::OK, view),
        Err(Failure::Bad(bad)) => bad_request(speech, &q, all, &bad),
        Err(other) => failure(other, &q, speech),
    }
}

async fn home(shared: &State, speech: Speech) -> Response {
    let lang = speech.lang;
    let documents = shared.stats().await.ok().map(|s| s.documents as usize);
    page(
        StatusCode::OK,
        layout(
            speech,
            "Lupa",
            "",
            false,
            html! {
                section.intro {
                    h1 { (tr!(lang, "page-search")) }
                    @if let Some(n) = documents {
                        p { (tr!(lang, "page-documents", count = n, shown = number(n, lang))) }
                    }
                    p { (tr!(lang, "page-intro")) }
                }
            },
        ),
    )
}

fn results_view(
    speech: Speech,
    params: &SearchParams,
    results: &SearchResults,
    took: Duration,
    max_offset: usize,
) -> Markup {
    let q = params.q.as_str();
    let all = params.all;
    let limit = params.limit.max(1);
    let total = results.total;
    let first = params.offset + 1;
    let last = params.offset + results.hits.len();
    let pages = total.div_ceil(limit);
    let current = params.offset / limit + 1;
    let previous = (params.offset > 0).then(|| params.offset.saturating_sub(limit));
    let next = (params.offset + limit < total && params.offset + limit <= max_offset)
        .then_some(params.offset + limit);
    let lang = speech.lang;
    let main = html! {
        p.summary role="status" {
            @if results.hits.is_empty() {
                @if total == 0 {
                    (tr!(lang, "page-no-results", query = q))
                } @else {
                    (tr!(lang, "page-no-more", total = number(total, lang)))
                }
            } @else {
                (tr!(
                    lang,
                    "page-range",
                    first = number(first, lang),
                    last = number(last, lang),
                    total = number(total, lang),
                    count = total
                ))
            }
            span.took { " (" (millis(took, lang)) ")" }
        }
        @if let Some(s) = &results.suggestion {
            p.suggestion {
                (tr!(lang, "page-did-you-mean")) " "
                a href=(results_url(s, 0, all, speech)) { strong { (s) } }
                (tr!(lang, "page-did-you-mean-end"))
            }
        }
        @if !results.hits.is_empty() {
            ol.hits start=(first) {
                @for hit in &results.hits {
                    li.hit {
                        h2 {
                            a href=(document_url(&hit.id, q, all, speech)) {
                                @if hit.title.trim().is_empty() { (hit.id) } @else { (hit.title) }
                            }
                        }
                        p.path { (hit.id) }
                        @if let Some(about) = about(hit, lang) {
                            p.about { (about) }
                        }
                        @if !hit.snippet.text.is_empty() {
                            p.snippet { (marked(&hit.snippet.text, &hit.snippet.highlights, None)) }
                        }
                    }
                }
            }
        }
        @if pages > 1 {
            nav.pages aria-label=(tr!(lang, "page-pages")) {
                @if let Some(p) = previous {
                    a rel="prev" href=(results_url(q, p, all, speech)) { (tr!(lang, "page-previous")) }
                }
                span { (tr!(lang, "page-page-of", current = number(current, lang), pages = number(pages, lang))) }
                @if let Some(n) = next {
                    a rel="next" href=(results_url(q, n, all, speech)) { (tr!(lang, "page-next")) }
                }
            }
        }
    };
    layout(speech, &format!("{q} · Lupa"), q, all, main)
}

/// A query the page cannot search, with what is wrong and, for one that does not
/// parse, carets under the problem.
fn bad_request(speech: Speech, q: &str, all: bool, bad: &BadRequest) -> Response {
    let lang = speech.lang;
    let (message, hint) = explain(bad, lang);
    let caret = match bad {
        BadRequest::Query(e) => Some(e.snippet()),
        _ => None,
    };
    let main = html! {
        section.error role="alert" {
            h1 { (tr!(lang, "page-invalid")) }
            p { (message) }
            @if let Some((line, carets)) = &caret {
                pre.caret aria-label=(tr!(lang, "page-where")) { code { (line) "\n" (carets) } }
            }
            @if let Some(hint) = &hint {
                p.hint { (tr!(lang, "page-hint")) " " (hint) }
            }
        }
    };
    let title = format!("{} · Lupa", tr!(lang, "page-invalid-title"));
    page(
        StatusCode::BAD_REQUEST,
        layout(speech, &title, q, all, main),
    )
}

/// What is wrong with a request, and how to fix it, as sentences: a query error's
/// message and hint begin with a capital and end with a full stop on the page.
fn explain(bad: &BadRequest, lang: Lang) -> (String, Option<String>) {
    let (message, hint) = match bad {
        BadRequest::Query(e) => lupa_i18n::errors::query(lang, e),
        BadRequest::TooLong { chars, max } => {
            return (
                tr!(
                    lang,
                    "page-too-long",
                    chars = number(*chars, lang),
                    max = number(*max, lang)
                ),
                Some(tr!(lang, "page-too-long-hint")),
            )
        }
        BadRequest::TooManyExpansions { found, max } => {
            return (
                tr!(lang, "page-too-many-expansions", found = *found, max = *max),
                Some(tr!(lang, "page-too-many-expansions-hint")),
            )
        }
        BadRequest::OnlyStopWords => {
            return (
                tr!(lang, "page-only-stop-words"),
                Some(tr!(lang, "page-only-stop-words-hint")),
            )
        }
        BadRequest::Parameter(m) => {
            return (tr!(lang, "page-bad-address", reason = m.as_str()), None)
        }
    };
    (sentence(&message), hint.map(|h| h + "."))
}

/// `text` with a capital first letter and a full stop.
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    let first: String = chars
        .next()
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default();
    let mut out = first + chars.as_str();
    if !out.ends_with(['.', '?', '!']) {
        out.push('.');
    }
    out
}

/// A hit's date, author and source, as one line (`26 jul 2021 · Ana Pérez · EFE`),
/// if it has any. A date that is only the file's modification day says so.
fn about(hit: &lupa::Hit, lang: Lang) -> Option<String> {
    let months = tr!(lang, "page-months");
    let months: Vec<&str> = months.split_whitespace().collect();
    let mut parts = Vec::new();
    if let Some(date) = hit.date {
        let (y, m, d) = date.ymd();
        let month = months
            .get((m as usize).clamp(1, 12) - 1)
            .copied()
            .unwrap_or_default();
        let day = format!("{d} {month} {y}");
        parts.push(if hit.date_from_file {
            tr!(lang, "page-date-from-file", date = day)
        } else {
            day
        });
    }
    parts.extend(hit.author.clone());
    parts.extend(hit.source.clone());
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// The page for a failure other than a bad query.
pub(crate) fn failure(failure: Failure, q: &str, speech: Speech) -> Response {
    let lang = speech.lang;
    let (status, title, message) = match failure {
        Failure::Bad(bad) => return bad_request(speech, q, false, &bad),
        Failure::NotFound => (
            StatusCode::NOT_FOUND,
            tr!(lang, "page-not-found-title"),
            tr!(lang, "page-not-found"),
        ),
        Failure::Busy => (
            StatusCode::SERVICE_UNAVAILABLE,
            tr!(lang, "page-busy-title"),
            tr!(lang, "page-busy"),
        ),
        Failure::TimedOut(budget) => (
            StatusCode::SERVICE_UNAVAILABLE,
            tr!(lang, "page-slow-title"),
            tr!(
                lang,
                "page-slow",
                seconds = decimal(budget.as_secs_f64(), lang)
            ),
        ),
        Failure::Internal(m) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            tr!(lang, "page-internal-title"),
            tr!(lang, "page-internal", reason = m),
        ),
    };
    let main = html! {
        section.error role="alert" {
            h1 { (title) }
            p { (message) }
            p { a href="/" { (tr!(lang, "page-back")) } }
        }
    };
    page(
        status,
        layout(speech, &format!("{title} · Lupa"), q, false, main),
    )
}

/// `GET /doc/{id}?q=`: the document with the matches of `q` marked.
pub(crate) async fn document(
    Shared(shared): Shared<State>,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
    query: Pairs,
) -> Response {
    let pairs = pairs(query);
    let speech = Speech::of(pairs.as_deref().unwrap_or_default(), &headers, shared.lang);
    let Ok(Path(id)) = id else {
        return failure(Failure::NotFound, "", speech);
    };
    let params = match pairs.and_then(|p| Ok(SearchParams::from_pairs(&p, &shared.limits, false)?))
    {
        Ok(params) => params,
        Err(f) => return failure(f, "", speech),
    };
    if let Err(bad) = check_length(&params.q, &shared.limits) {
        return bad_request(speech, "", params.all, &bad);
    }
    let options = shared.options(&params);
    let job = shared.clone();
    let shown = params.clone();
    let rendered = shared
        .run(move || {
            let q = Some(shown.q.as_str()).filter(|q| !q.trim().is_empty());
            // A query that does not parse still shows the document, unmarked.
            let doc = match job.index.document(&id, q, &options) {
                Err(lupa::Error::Query(_) | lupa::Error::OnlyStopWords { .. }) => {
                    job.index.document(&id, None, &options)?
                }
                other => other?,
            };
            let doc = doc.ok_or(Failure::NotFound)?;
            Ok(document_view(speech, &shown, &doc))
        })
        .await;
    match rendered {
        Ok(view) => page(StatusCode::OK, view),
        Err(f) => failure(f, &params.q, speech),
    }
}

/// The paragraphs of `text` (runs of lines between blank lines), as byte ranges.
fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let blank = line.trim().is_empty();
        match (blank, start) {
            (true, Some(s)) => {
                out.push(s..end);
                start = None;
            }
            (false, None) => start = Some(at),
            _ => {}
        }
        at += line.len();
        if !blank {
            end = at - (line.len() - line.trim_end().len());
        }
    }
    if let Some(s) = start {
        out.push(s..end);
    }
    out
}

fn document_view(speech: Speech, params: &SearchParams, doc: &lupa::Document) -> Markup {
    let lang = speech.lang;
    let q = params.q.as_str();
    let title = if doc.title.trim().is_empty() {
        doc.id.as_str()
    } else {
        doc.title.as_str()
    };
    let body = doc.body.as_str();
    // Each paragraph with its marks, shifted to the paragraph (a mark across a
    // paragraph break is cut in two).
    let mut shown: Vec<(&str, Vec<Range<usize>>)> = Vec::new();
    for p in paragraphs(body) {
        let marks = doc
            .highlights
            .iter()
            .filter(|m| m.start < p.end && m.end > p.start)
            .map(|m| m.start.max(p.start) - p.start..m.end.min(p.end) - p.start)
            .collect();
        shown.push((&body[p.clone()], marks));
    }
    let marks = doc.highlights.len();
    let mut first = Some("primera");
    let main = html! {
        nav.back {
            @if q.trim().is_empty() {
                a href="/" { (tr!(lang, "page-back-to-search")) }
            } @else {
                a href=(results_url(q, 0, params.all, speech)) { (tr!(lang, "page-back-to-results", query = q)) }
            }
        }
        article.document {
            h1 { (title) }
            p.path { (doc.id) }
            @if marks > 0 {
                p.matches {
                    (tr!(lang, "page-matches", count = marks, shown = number(marks, lang)))
                    " · " a href="#primera" { (tr!(lang, "page-first-match")) }
                }
            }
            @for (text, marks) in &shown {
                @let id = if marks.is_empty() { None } else { first.take() };
                p { (marked(text, marks, id)) }
            }
        }
    };
    layout(speech, &format!("{title} · Lupa"), q, params.all, main)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_the_spanish_way() {
        assert_eq!(number(7, Lang::Es), "7");
        assert_eq!(number(1_000, Lang::Es), "1.000");
        assert_eq!(number(12_499, Lang::Es), "12.499");
        assert_eq!(number(1_234_567, Lang::Es), "1.234.567");
        assert_eq!(number(12_499, Lang::En), "12,499");
        assert_eq!(millis(Duration::from_micros(4_210), Lang::Es), "4,2 ms");
        assert_eq!(millis(Duration::from_micros(4_210), Lang::En), "4.2 ms");
    }

    #[test]
    fn marks_escape_everything() {
        let text = "<script>alert(1)</script> y la retirada & más";
        let at = text.find("retirada").unwrap();
        let range = at..at + "retirada".len();
        let html = marked(text, std::slice::from_ref(&range), Some("primera")).into_string();
        assert_eq!(
            html,
            "&lt;script&gt;alert(1)&lt;/script&gt; y la <mark id=\"primera\">retirada</mark> &amp; más"
        );
    }

    #[test]
    fn urls_are_encoded() {
        let browser = Speech {
            lang: Lang::Es,
            pinned: false,
        };
        assert_eq!(
            document_url("a b/ñ#1.jsonl", "\"x\" & y", true, browser),
            "/doc/a%20b/%C3%B1%231.jsonl?q=%22x%22%20%26%20y&all=true"
        );
        assert_eq!(
            results_url("irak", 10, false, browser),
            "/?q=irak&offset=10"
        );
        let pinned = Speech {
            lang: Lang::En,
            pinned: true,
        };
        assert_eq!(results_url("irak", 0, false, pinned), "/?q=irak&lang=en");
    }

    #[test]
    fn paragraphs_are_runs_of_lines() {
        let text = "Título\n\nUna línea\notra línea  \n\n\n  Última\n";
        let found: Vec<&str> = paragraphs(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(found, ["Título", "Una línea\notra línea", "  Última"]);
    }
}
