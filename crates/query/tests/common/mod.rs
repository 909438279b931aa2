//! Helpers shared by the integration tests.
#![allow(dead_code)]

use lupa_query::{Date, DefaultOperator, Occur, Parser, Query, TermModifier};

/// The parser Lupa uses: all words required, fields `title` and `body`, and
/// the date field `date`.
pub fn lupa(operator: DefaultOperator) -> Parser {
    Parser::builder()
        .default_operator(operator)
        .field("title", &["título", "titulo"])
        .field("body", &["texto"])
        .date_field("date", &["fecha"])
        .build()
}

/// A compact, unambiguous picture of a tree: words raw (`retir*`,
/// `Suleimany~1`), phrases in «», `(and …)`, `(or …)`, `(not …)`,
/// `field:…`, `(clauses +a -b c)` with bare optional clauses, and date
/// filters as `field:first..last` with an open side left blank.
pub fn sexpr(query: &Query) -> String {
    match query {
        Query::Term(term) => match term.modifier {
            TermModifier::None => term.text.clone(),
            TermModifier::Prefix => format!("{}*", term.text),
            TermModifier::Fuzzy(d) => format!("{}~{d}", term.text),
        },
        Query::Phrase(phrase) => match phrase.slop {
            None => format!("«{}»", phrase.text),
            Some(slop) => format!("«{}»~{slop}", phrase.text),
        },
        Query::Field { field, query } => format!("{field}:{}", sexpr(query)),
        Query::DateRange { field, range } => {
            let day = |d: Option<Date>| {
                d.map_or(String::new(), |d| {
                    format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)
                })
            };
            format!("{field}:{}..{}", day(range.from), day(range.to))
        }
        Query::And(queries) => list("and", queries.iter().map(sexpr)),
        Query::Or(queries) => list("or", queries.iter().map(sexpr)),
        Query::Not(query) => format!("(not {})", sexpr(query)),
        Query::Clauses(clauses) => list(
            "clauses",
            clauses.iter().map(|c| {
                let sign = match c.occur {
                    Occur::Must => "+",
                    Occur::MustNot => "-",
                    Occur::Should => "",
                };
                format!("{sign}{}", sexpr(&c.query))
            }),
        ),
    }
}

fn list(head: &str, items: impl Iterator<Item = String>) -> String {
    let mut out = format!("({head}");
    for item in items {
        out.push(' ');
        out.push_str(&item);
    }
    out.push(')');
    out
}
