//! Reading and checking what a request asks for, with a clear answer when it is wrong.

use crate::server::Limits;
use lupa::query::{LeafKind, ParseError, TermModifier};
use lupa::{FacetKind, Sort};
use serde::Deserialize;

/// What a search request asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SearchParams {
    pub q: String,
    pub limit: usize,
    pub offset: usize,
    pub all: bool,
    pub sort: Sort,
    pub facets: Vec<FacetKind>,
}

/// A search as a JSON body (`POST /api/search`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SearchBody {
    pub q: String,
    pub limit: Option<usize>,
    pub offset: Option<usize>,
    pub all: Option<bool>,
    pub sort: Option<String>,
    pub facets: Option<Vec<String>>,
}

/// Why a request cannot be answered as asked.
#[derive(Debug)]
pub(crate) enum BadRequest {
    /// A parameter is missing or has a value out of its range.
    Parameter(String),
    /// The query does not parse.
    Query(ParseError),
    /// The query is longer than [`Limits::max_query_chars`].
    TooLong { chars: usize, max: usize },
    /// The query has more prefix and fuzzy words than [`Limits::max_expansions`].
    TooManyExpansions { found: usize, max: usize },
    /// Only stop words.
    OnlyStopWords,
}

impl BadRequest {
    pub(crate) fn message(&self) -> String {
        match self {
            BadRequest::Parameter(m) => m.clone(),
            BadRequest::Query(e) => e.message().to_string(),
            BadRequest::TooLong { chars, max } => {
                format!("the query is {chars} characters long; the limit is {max}")
            }
            BadRequest::TooManyExpansions { found, max } => format!(
                "the query has {found} prefix and fuzzy words (`retir*`, `Irak~1`); the limit is {max}"
            ),
            BadRequest::OnlyStopWords => "the query contains only stop words (such as `de`, `la`, `y`); add a content word or quote it as a phrase".into(),
        }
    }

    pub(crate) fn kind(&self) -> &'static str {
        match self {
            BadRequest::Parameter(_) => "bad_parameter",
            BadRequest::Query(e) => e.kind().as_str(),
            BadRequest::TooLong { .. } => "too_long",
            BadRequest::TooManyExpansions { .. } => "too_many_expansions",
            BadRequest::OnlyStopWords => "only_stop_words",
        }
    }
}

fn whole_number(name: &str, value: &str, max: usize) -> Result<usize, BadRequest> {
    match value.trim().parse::<usize>() {
        Ok(n) if n <= max => Ok(n),
        Ok(n) => Err(BadRequest::Parameter(format!(
            "`{name}` is {n}; the largest allowed is {max}"
        ))),
        Err(_) => Err(BadRequest::Parameter(format!(
            "`{name}` must be a whole number from 0 to {max}, not `{value}`"
        ))),
    }
}

fn sort(value: &str) -> Result<Sort, BadRequest> {
    Sort::from_name(value).ok_or_else(|| {
        BadRequest::Parameter(format!(
            "`sort` must be `score`, `date` or `-date`, not `{value}`"
        ))
    })
}

fn facets<'a>(names: impl IntoIterator<Item = &'a str>) -> Result<Vec<FacetKind>, BadRequest> {
    names
        .into_iter()
        .filter(|n| !n.trim().is_empty())
        .map(|name| {
            FacetKind::from_name(name).ok_or_else(|| {
                BadRequest::Parameter(format!(
                    "`facets` may name `source` and `year`, not `{name}`"
                ))
            })
        })
        .collect()
}

fn yes_no(name: &str, value: &str) -> Result<bool, BadRequest> {
    match value.trim() {
        "" | "0" | "false" | "no" | "off" => Ok(false),
        "1" | "true" | "yes" | "on" => Ok(true),
        other => Err(BadRequest::Parameter(format!(
            "`{name}` must be `true` or `false`, not `{other}`"
        ))),
    }
}

/// The last value of `name` among `pairs` (a URL's query string).
fn last<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .rev()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

impl SearchParams {
    /// From a query string; `q` may be missing only where `q_required` is false (the
    /// page without a query), and is then empty.
    pub(crate) fn from_pairs(
        pairs: &[(String, String)],
        limits: &Limits,
        q_required: bool,
    ) -> Result<SearchParams, BadRequest> {
        let q = match last(pairs, "q") {
            Some(q) => q.to_string(),
            None if q_required => {
                return Err(BadRequest::Parameter(
                    "the query is missing: add `q=…` to the address".into(),
                ))
            }
            None => String::new(),
        };
        let limit = match last(pairs, "limit") {
            Some(v) => whole_number("limit", v, limits.max_limit)?,
            None => limits.default_limit,
        };
        let offset = match last(pairs, "offset") {
            Some(v) => whole_number("offset", v, limits.max_offset)?,
            None => 0,
        };
        let all = match last(pairs, "all") {
            Some(v) => yes_no("all", v)?,
            None => false,
        };
        let sort = match last(pairs, "sort") {
            Some(v) => sort(v)?,
            None => Sort::Score,
        };
        let facets = facets(last(pairs, "facets").unwrap_or_default().split(','))?;
        Ok(SearchParams {
            q,
            limit,
            offset,
            all,
            sort,
            facets,
        })
    }

    pub(crate) fn from_body(body: SearchBody, limits: &Limits) -> Result<SearchParams, BadRequest> {
        let check = |name: &str, n: Option<usize>, max: usize, default: usize| match n {
            Some(n) if n > max => Err(BadRequest::Parameter(format!(
                "`{name}` is {n}; the largest allowed is {max}"
            ))),
            Some(n) => Ok(n),
            None => Ok(default),
        };
        Ok(SearchParams {
            limit: check("limit", body.limit, limits.max_limit, limits.default_limit)?,
            offset: check("offset", body.offset, limits.max_offset, 0)?,
            all: body.all.unwrap_or(false),
            sort: match body.sort.as_deref() {
                Some(v) => sort(v)?,
                None => Sort::Score,
            },
            facets: facets(body.facets.iter().flatten().map(String::as_str))?,
            q: body.q,
        })
    }
}

/// Checks the length of `q` before it is parsed.
pub(crate) fn check_length(q: &str, limits: &Limits) -> Result<(), BadRequest> {
    let chars = q.chars().count();
    if chars > limits.max_query_chars {
        return Err(BadRequest::TooLong {
            chars,
            max: limits.max_query_chars,
        });
    }
    Ok(())
}

/// Checks how many prefix and fuzzy words a parsed query has: each expands to many
/// words of the index, so they are what makes a query slow.
pub(crate) fn check_expansions(
    query: &lupa::query::Query,
    limits: &Limits,
) -> Result<(), BadRequest> {
    let found = query
        .leaves()
        .filter(|leaf| match leaf.kind {
            LeafKind::Term(term) => term.modifier != TermModifier::None,
            LeafKind::Phrase(_) => false,
        })
        .count();
    if found > limits.max_expansions {
        return Err(BadRequest::TooManyExpansions {
            found,
            max: limits.max_expansions,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn reads_and_checks_parameters() {
        let limits = Limits::default();
        let p = SearchParams::from_pairs(
            &pairs(&[
                ("q", "irak"),
                ("limit", "5"),
                ("offset", "10"),
                ("all", "on"),
            ]),
            &limits,
            true,
        )
        .unwrap();
        assert_eq!(
            (p.q.as_str(), p.limit, p.offset, p.all),
            ("irak", 5, 10, true)
        );
        let p = SearchParams::from_pairs(&pairs(&[("q", "irak")]), &limits, true).unwrap();
        assert_eq!((p.limit, p.offset, p.all), (10, 0, false));

        for bad in [
            vec![("limit", "5")],
            vec![("q", "x"), ("limit", "1001")],
            vec![("q", "x"), ("limit", "-1")],
            vec![("q", "x"), ("offset", "diez")],
            vec![("q", "x"), ("all", "quizá")],
        ] {
            let err = SearchParams::from_pairs(&pairs(&bad), &limits, true).unwrap_err();
            assert_eq!(err.kind(), "bad_parameter", "{bad:?}");
        }
        let page = SearchParams::from_pairs(&[], &limits, false).unwrap();
        assert_eq!(page.q, "");
    }

    #[test]
    fn limits_query_length_and_expansions() {
        let limits = Limits::default();
        assert!(check_length(&"a".repeat(limits.max_query_chars), &limits).is_ok());
        let long = "ñ".repeat(limits.max_query_chars + 1);
        assert_eq!(check_length(&long, &limits).unwrap_err().kind(), "too_long");

        let parser = lupa::parser(lupa::DefaultOperator::Any);
        let few = parser.parse("retir* Irak~1 tropas").unwrap();
        assert!(check_expansions(&few, &limits).is_ok());
        let many: Vec<String> = (0..=limits.max_expansions)
            .map(|i| format!("a{i}*"))
            .collect();
        let many = parser.parse(&many.join(" ")).unwrap();
        assert_eq!(
            check_expansions(&many, &limits).unwrap_err().kind(),
            "too_many_expansions"
        );
    }
}
