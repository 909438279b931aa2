//! The search page and the document view, in Spanish, rendered on the server with
//! `maud`: every value written into a page is escaped unless marked otherwise, and
//! nothing here is (marks are elements `maud` writes, around escaped text).
//!
//! The pages need no JavaScript: the search box is a plain `GET` form, so `/?q=…`
//! can be linked and bookmarked; pages are plain links, reachable with the keyboard.

use crate::api::pairs;
use crate::params::{check_length, BadRequest, SearchParams};
use crate::server::{search as run_search, Failure, State};
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State as Shared};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use lupa::query::ParseErrorKind;
use lupa::SearchResults;
use maud::{html, Markup, DOCTYPE};
use std::ops::Range;
use std::time::Duration;

const STYLESHEET: &str = include_str!("../assets/lupa.css");

type Pairs = Result<Query<Vec<(String, String)>>, QueryRejection>;

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
fn layout(title: &str, q: &str, all: bool, main: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="es" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                link rel="stylesheet" href="/static/lupa.css";
            }
            body {
                a.skip href="#contenido" { "Saltar al contenido" }
                header {
                    form.search role="search" action="/" method="get" {
                        a.brand href="/" { "Lupa" }
                        label.hidden for="q" { "Buscar" }
                        input #q type="search" name="q" value=(q) autofocus[q.is_empty()]
                            accesskey="b" autocomplete="off" spellcheck="false"
                            placeholder="Buscar en los documentos";
                        button type="submit" { "Buscar" }
                        label.all {
                            input type="checkbox" name="all" value="true" checked[all];
                            " Todas las palabras"
                        }
                    }
                }
                main #contenido { (main) }
                footer {
                    "Sintaxis: " code { "\"frase exacta\"" } ", " code { "Irak AND Siria" } ", "
                    code { "NOT" } ", " code { "retir*" } ", " code { "título:irak" } ". "
                    a href="/api/search?q=retirada%20tropas" { "API JSON" }
                }
            }
        }
    }
}

/// A whole number the Spanish way: `12.499`.
fn number(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// A duration in milliseconds the Spanish way: `4,2 ms`.
fn millis(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0).replace('.', ",")
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
fn results_url(q: &str, offset: usize, all: bool) -> String {
    let mut url = format!("/?q={}", encode(q, false));
    if offset > 0 {
        url.push_str(&format!("&offset={offset}"));
    }
    if all {
        url.push_str("&all=true");
    }
    url
}

/// The address of a document's view, with the query whose matches it marks.
fn document_url(id: &str, q: &str, all: bool) -> String {
    let mut url = format!("/doc/{}?q={}", encode(id, true), encode(q, false));
    if all {
        url.push_str("&all=true");
    }
    url
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
pub(crate) async fn search(Shared(shared): Shared<State>, query: Pairs) -> Response {
    let params =
        match pairs(query).and_then(|p| Ok(SearchParams::from_pairs(&p, &shared.limits, false)?)) {
            Ok(params) => params,
            Err(Failure::Bad(bad)) => return bad_request("", false, &bad),
            Err(other) => return failure(other, ""),
        };
    if params.q.trim().is_empty() {
        return home(&shared).await;
    }
    let (q, all) = (params.q.clone(), params.all);
    let shown = params.clone();
    let max_offset = shared.limits.max_offset;
    let rendered = run_search(&shared, params, move |results, took| {
        results_view(&shown, results, took, max_offset)
    })
    .await;
    match rendered {
        Ok(view) => page(StatusCode::OK, view),
        Err(Failure::Bad(bad)) => bad_request(&q, all, &bad),
        Err(other) => failure(other, &q),
    }
}

async fn home(shared: &State) -> Response {
    let documents = shared.stats().await.ok().map(|s| s.documents as usize);
    page(
        StatusCode::OK,
        layout(
            "Lupa",
            "",
            false,
            html! {
                section.intro {
                    h1 { "Buscar" }
                    @if let Some(n) = documents {
                        p { (number(n)) @if n == 1 { " documento" } @else { " documentos" } " en el índice." }
                    }
                    p { "Escribe palabras o una pregunta; las tildes, las mayúsculas y las formas de las palabras no importan ("
                        em { "retirar" } " encuentra " em { "retirada" } ")." }
                }
            },
        ),
    )
}

fn results_view(
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
    let main = html! {
        p.summary role="status" {
            @if results.hits.is_empty() {
                @if total == 0 {
                    "No hay resultados para «" (q) "»."
                } @else {
                    "No hay más resultados: " (number(total)) " en total."
                }
            } @else {
                (number(first)) "–" (number(last)) " de " (number(total))
                @if total == 1 { " resultado" } @else { " resultados" }
            }
            span.took { " (" (millis(took)) ")" }
        }
        @if let Some(s) = &results.suggestion {
            p.suggestion {
                "¿Quisiste decir: "
                a href=(results_url(s, 0, all)) { strong { (s) } }
                "?"
            }
        }
        @if !results.hits.is_empty() {
            ol.hits start=(first) {
                @for hit in &results.hits {
                    li.hit {
                        h2 {
                            a href=(document_url(&hit.id, q, all)) {
                                @if hit.title.trim().is_empty() { (hit.id) } @else { (hit.title) }
                            }
                        }
                        p.path { (hit.id) }
                        @if let Some(about) = about(hit) {
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
            nav.pages aria-label="Páginas de resultados" {
                @if let Some(p) = previous {
                    a rel="prev" href=(results_url(q, p, all)) { "← Anterior" }
                }
                span { "Página " (number(current)) " de " (number(pages)) }
                @if let Some(n) = next {
                    a rel="next" href=(results_url(q, n, all)) { "Siguiente →" }
                }
            }
        }
    };
    layout(&format!("{q} · Lupa"), q, all, main)
}

/// A query the page cannot search, with what is wrong in Spanish and, for one that
/// does not parse, carets under the problem.
fn bad_request(q: &str, all: bool, bad: &BadRequest) -> Response {
    let (message, hint) = spanish(bad);
    let caret = match bad {
        BadRequest::Query(e) => Some(e.snippet()),
        _ => None,
    };
    let main = html! {
        section.error role="alert" {
            h1 { "La consulta no es válida" }
            p { (message) }
            @if let Some((line, carets)) = &caret {
                pre.caret aria-label="Dónde está el problema" { code { (line) "\n" (carets) } }
            }
            @if let Some(hint) = &hint {
                p.hint { "Pista: " (hint) }
            }
        }
    };
    page(
        StatusCode::BAD_REQUEST,
        layout("Consulta no válida · Lupa", q, all, main),
    )
}

/// What is wrong with a request, and how to fix it, in Spanish.
fn spanish(bad: &BadRequest) -> (String, Option<String>) {
    let e = match bad {
        BadRequest::Query(e) => e,
        BadRequest::TooLong { chars, max } => {
            return (
                format!("La consulta tiene {} caracteres; el máximo es {}.", number(*chars), number(*max)),
                Some("acórtala.".into()),
            )
        }
        BadRequest::TooManyExpansions { found, max } => {
            return (
                format!("La consulta tiene {found} palabras con comodín o aproximadas (como «retir*» o «Irak~1»); el máximo es {max}."),
                Some("quita algunas.".into()),
            )
        }
        BadRequest::OnlyStopWords => {
            return (
                "La consulta solo tiene palabras vacías, como «de», «la» o «y».".into(),
                Some("añade una palabra con contenido, o ponla entre comillas para buscarla como frase.".into()),
            )
        }
        BadRequest::Parameter(m) => return (format!("La dirección no es válida: {m}."), None),
    };
    let span: String = e
        .input()
        .chars()
        .skip(e.span().start)
        .take(e.span().len())
        .collect();
    let (message, hint) = match e.kind() {
        ParseErrorKind::UnclosedQuote => ("Unas comillas no se cierran.", "ciérralas con otra «\"»."),
        ParseErrorKind::UnbalancedOpen => ("Un paréntesis «(» no se cierra.", "cierra el grupo con «)»."),
        ParseErrorKind::UnbalancedClose => ("Sobra un «)»: no hay ningún grupo abierto.", "quítalo, o abre el grupo con «(»."),
        ParseErrorKind::MissingOperand => {
            return (
                format!("A «{span}» le falta la palabra a la que se aplica."),
                Some("pon una palabra a su lado, o quítalo.".into()),
            )
        }
        ParseErrorKind::EmptyQuery => ("No hay nada que buscar.", "escribe una palabra o una frase entre comillas."),
        ParseErrorKind::EmptyGroup => ("Hay un grupo vacío: «()».", "pon algo entre los paréntesis, o quítalos."),
        ParseErrorKind::EmptyPhrase => ("Hay una frase vacía.", "pon palabras entre las comillas, o quítalas."),
        ParseErrorKind::BadNumber => ("El número tras «~» no vale.", "«palabra~1» o «palabra~2» para palabras parecidas; «\"frase\"~3» para palabras cercanas."),
        ParseErrorKind::DanglingEscape => ("La «\\» del final no escapa nada.", "escribe «\\\\» para buscar una barra invertida."),
        ParseErrorKind::TooDeep => ("La consulta anida demasiados niveles.", "quita paréntesis, «NOT» o campos."),
        ParseErrorKind::TooLong => ("La consulta es demasiado larga.", "acórtala."),
        ParseErrorKind::BadDate => {
            return (
                format!("«{span}» no es una fecha."),
                Some("escribe una fecha como «2021», «2021-07», «2021-07-26» o «26/07/2021», un límite como «>=2021-07-01» o un intervalo como «[2021-01-01 TO 2021-06-30]».".into()),
            )
        }
        _ => return (e.message().to_string(), e.hint().map(str::to_string)),
    };
    (message.to_string(), Some(hint.to_string()))
}

/// A hit's date, author and source, as one line (`26 jul 2021 · Ana Pérez · EFE`),
/// if it has any. A date that is only the file's modification day says so.
fn about(hit: &lupa::Hit) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic",
    ];
    let mut parts = Vec::new();
    if let Some(date) = hit.date {
        let (y, m, d) = date.ymd();
        let month = MONTHS[(m as usize).clamp(1, 12) - 1];
        parts.push(if hit.date_from_file {
            format!("{d} {month} {y} (fecha del archivo)")
        } else {
            format!("{d} {month} {y}")
        });
    }
    parts.extend(hit.author.clone());
    parts.extend(hit.source.clone());
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// The page for a failure other than a bad query.
pub(crate) fn failure(failure: Failure, q: &str) -> Response {
    let (status, title, message) = match failure {
        Failure::Bad(bad) => return bad_request(q, false, &bad),
        Failure::NotFound => (
            StatusCode::NOT_FOUND,
            "No encontrado",
            "No hay ningún documento ni página con esta dirección.".to_string(),
        ),
        Failure::Busy => (
            StatusCode::SERVICE_UNAVAILABLE,
            "Servidor ocupado",
            "Hay demasiadas búsquedas en espera; vuelve a intentarlo dentro de un momento."
                .to_string(),
        ),
        Failure::TimedOut(budget) => (
            StatusCode::SERVICE_UNAVAILABLE,
            "Búsqueda demasiado lenta",
            format!(
                "La búsqueda no terminó en {} s; simplifica la consulta.",
                format!("{:.1}", budget.as_secs_f64()).replace('.', ",")
            ),
        ),
        Failure::Internal(m) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "Error del servidor",
            format!("Algo falló al buscar: {m}"),
        ),
    };
    let main = html! {
        section.error role="alert" {
            h1 { (title) }
            p { (message) }
            p { a href="/" { "Volver a la búsqueda" } }
        }
    };
    page(status, layout(&format!("{title} · Lupa"), q, false, main))
}

/// `GET /doc/{id}?q=`: the document with the matches of `q` marked.
pub(crate) async fn document(
    Shared(shared): Shared<State>,
    id: Result<Path<String>, PathRejection>,
    query: Pairs,
) -> Response {
    let Ok(Path(id)) = id else {
        return failure(Failure::NotFound, "");
    };
    let params =
        match pairs(query).and_then(|p| Ok(SearchParams::from_pairs(&p, &shared.limits, false)?)) {
            Ok(params) => params,
            Err(f) => return failure(f, ""),
        };
    if let Err(bad) = check_length(&params.q, &shared.limits) {
        return bad_request("", params.all, &bad);
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
            Ok(document_view(&shown, &doc))
        })
        .await;
    match rendered {
        Ok(view) => page(StatusCode::OK, view),
        Err(f) => failure(f, &params.q),
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

fn document_view(params: &SearchParams, doc: &lupa::Document) -> Markup {
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
                a href="/" { "← Volver a la búsqueda" }
            } @else {
                a href=(results_url(q, 0, params.all)) { "← Volver a los resultados de «" (q) "»" }
            }
        }
        article.document {
            h1 { (title) }
            p.path { (doc.id) }
            @if marks > 0 {
                p.matches {
                    (number(marks)) @if marks == 1 { " coincidencia" } @else { " coincidencias" }
                    " · " a href="#primera" { "Ir a la primera" }
                }
            }
            @for (text, marks) in &shown {
                @let id = if marks.is_empty() { None } else { first.take() };
                p { (marked(text, marks, id)) }
            }
        }
    };
    layout(&format!("{title} · Lupa"), q, params.all, main)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_the_spanish_way() {
        assert_eq!(number(7), "7");
        assert_eq!(number(1_000), "1.000");
        assert_eq!(number(12_499), "12.499");
        assert_eq!(number(1_234_567), "1.234.567");
        assert_eq!(millis(Duration::from_micros(4_210)), "4,2 ms");
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
        assert_eq!(
            document_url("a b/ñ#1.jsonl", "\"x\" & y", true),
            "/doc/a%20b/%C3%B1%231.jsonl?q=%22x%22%20%26%20y&all=true"
        );
        assert_eq!(results_url("irak", 10, false), "/?q=irak&offset=10");
    }

    #[test]
    fn paragraphs_are_runs_of_lines() {
        let text = "Título\n\nUna línea\notra línea  \n\n\n  Última\n";
        let found: Vec<&str> = paragraphs(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(found, ["Título", "Una línea\notra línea", "  Última"]);
    }
}
