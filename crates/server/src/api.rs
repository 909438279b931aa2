//! The JSON API. Every answer is a JSON object; a failure is
//! `{"error": {"kind": …, "message": …}}` with the status that fits (a query that does
//! not parse also has `hint`, `span` and `query`).

use crate::params::{BadRequest, SearchBody, SearchParams};
use crate::server::{search, Failure, State};
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State as Shared};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use lupa::json;
use serde::Serialize;
use serde_json::json as object;

type Pairs = Result<Query<Vec<(String, String)>>, QueryRejection>;

/// The pairs of a query string, or why it cannot be read.
pub(crate) fn pairs(query: Pairs) -> Result<Vec<(String, String)>, Failure> {
    match query {
        Ok(Query(pairs)) => Ok(pairs),
        Err(e) => Err(Failure::Bad(BadRequest::Parameter(format!(
            "the address's parameters cannot be read: {}",
            e.body_text()
        )))),
    }
}

/// An answer of already serialized JSON.
fn json_bytes(status: StatusCode, bytes: Vec<u8>) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        bytes,
    )
        .into_response()
}

fn to_json<T: Serialize>(value: &T) -> Result<Vec<u8>, Failure> {
    serde_json::to_vec(value).map_err(|e| Failure::Internal(format!("cannot write JSON: {e}")))
}

fn answer(result: Result<Vec<u8>, Failure>) -> Response {
    match result {
        Ok(bytes) => json_bytes(StatusCode::OK, bytes),
        Err(failure) => self::failure(failure),
    }
}

/// The JSON answer to a failure.
pub(crate) fn failure(failure: Failure) -> Response {
    let (status, body) = match &failure {
        Failure::Bad(BadRequest::Query(e)) => (
            StatusCode::BAD_REQUEST,
            object!({ "error": json::QueryError::new(e) }),
        ),
        Failure::Bad(BadRequest::TooLong { chars, max }) => (
            StatusCode::BAD_REQUEST,
            object!({ "error": {
                "kind": "too_long",
                "message": BadRequest::TooLong { chars: *chars, max: *max }.message(),
                "hint": "shorten the query",
                "span": [max, chars],
            }}),
        ),
        Failure::Bad(bad) => (
            StatusCode::BAD_REQUEST,
            object!({ "error": { "kind": bad.kind(), "message": bad.message() } }),
        ),
        Failure::NotFound => (
            StatusCode::NOT_FOUND,
            object!({ "error": { "kind": "not_found", "message": "no such document or address" } }),
        ),
        Failure::Busy => (
            StatusCode::SERVICE_UNAVAILABLE,
            object!({ "error": { "kind": "busy", "message": "too many searches are waiting; try again in a moment" } }),
        ),
        Failure::TimedOut(budget) => (
            StatusCode::SERVICE_UNAVAILABLE,
            object!({ "error": { "kind": "timed_out", "message": format!(
                "the search did not finish within {} ms; simplify the query",
                budget.as_millis()
            ) } }),
        ),
        Failure::Internal(message) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            object!({ "error": { "kind": "internal", "message": message } }),
        ),
    };
    let mut response = (status, Json(body)).into_response();
    if matches!(failure, Failure::Busy) {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    }
    response
}

/// The answer to a panic in a handler (a bug): a 500 with its message; the server goes
/// on.
pub(crate) fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    failure(Failure::Internal(crate::pool::panic_message(
        panic.as_ref(),
    )))
}

async fn answer_search(shared: State, params: SearchParams) -> Response {
    let offset = params.offset;
    let found = search(&shared, params, move |results, _| {
        to_json(&json::Results::new(results).with_offset(offset))
    })
    .await;
    answer(found.and_then(|json| json))
}

/// `GET /api/search?q=&limit=&offset=&all=`
pub(crate) async fn search_get(Shared(shared): Shared<State>, query: Pairs) -> Response {
    let params = pairs(query).and_then(|p| Ok(SearchParams::from_pairs(&p, &shared.limits, true)?));
    match params {
        Ok(params) => answer_search(shared, params).await,
        Err(f) => failure(f),
    }
}

/// `POST /api/search` with `{"q": …, "limit": …, "offset": …, "all": …}`.
pub(crate) async fn search_post(
    Shared(shared): Shared<State>,
    body: Result<Json<SearchBody>, JsonRejection>,
) -> Response {
    let body = match body {
        Ok(Json(body)) => body,
        Err(e) => {
            let status = e.status();
            let mut response = failure(Failure::Bad(BadRequest::Parameter(format!(
                "the body must be a JSON object such as {{\"q\": \"retirada tropas\", \"limit\": 10}}: {}",
                e.body_text()
            ))));
            // 413 for a body over the limit, 415 without a JSON content type.
            *response.status_mut() = status;
            return response;
        }
    };
    match SearchParams::from_body(body, &shared.limits) {
        Ok(params) => answer_search(shared, params).await,
        Err(bad) => failure(Failure::Bad(bad)),
    }
}

/// `GET /api/explain?q=&all=`: what `lupa explain --json` prints.
pub(crate) async fn explain(Shared(shared): Shared<State>, query: Pairs) -> Response {
    let params =
        match pairs(query).and_then(|p| Ok(SearchParams::from_pairs(&p, &shared.limits, true)?)) {
            Ok(params) => params,
            Err(f) => return failure(f),
        };
    if let Err(bad) = crate::params::check_length(&params.q, &shared.limits) {
        return failure(Failure::Bad(bad));
    }
    let options = shared.options(&params);
    let job = shared.clone();
    answer(
        shared
            .run(move || {
                let explanation = lupa::explain(Some(&job.index), &params.q, &options)?;
                to_json(&explanation)
            })
            .await,
    )
}

/// `GET /api/stats`: what `lupa stats --json` prints.
pub(crate) async fn stats(Shared(shared): Shared<State>) -> Response {
    answer(shared.stats().await.and_then(|stats| to_json(&*stats)))
}

/// One document, as `GET /api/doc/{id}` shows it.
#[derive(Serialize)]
struct DocumentView<'a> {
    path: &'a str,
    title: &'a str,
    text: &'a str,
    /// `[start, end)` character offsets of the matches of `q` in `text`.
    highlights: Vec<[usize; 2]>,
}

/// `GET /api/doc/{id}?q=`: only ids of the index are looked up.
pub(crate) async fn document(
    Shared(shared): Shared<State>,
    id: Result<Path<String>, PathRejection>,
    query: Pairs,
) -> Response {
    let Ok(Path(id)) = id else {
        return failure(Failure::NotFound);
    };
    let params =
        match pairs(query).and_then(|p| Ok(SearchParams::from_pairs(&p, &shared.limits, false)?)) {
            Ok(params) => params,
            Err(f) => return failure(f),
        };
    if let Err(bad) = crate::params::check_length(&params.q, &shared.limits) {
        return failure(Failure::Bad(bad));
    }
    let options = shared.options(&params);
    let job = shared.clone();
    answer(
        shared
            .run(move || {
                let q = Some(params.q.as_str()).filter(|q| !q.trim().is_empty());
                let doc = job
                    .index
                    .document(&id, q, &options)?
                    .ok_or(Failure::NotFound)?;
                to_json(&DocumentView {
                    path: &doc.id,
                    title: &doc.title,
                    text: &doc.body,
                    highlights: json::char_ranges(&doc.body, &doc.highlights),
                })
            })
            .await,
    )
}

/// `GET /healthz`
pub(crate) async fn health() -> Response {
    Json(object!({ "status": "ok" })).into_response()
}
