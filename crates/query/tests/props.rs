//! Properties that hold for every input: no panics, and printing then parsing
//! gives back the same tree.

mod common;

use common::lupa;
use lupa_query::{
    Clause, Date, DateRange, DefaultOperator, Occur, ParseErrorKind, Parser, Phrase, Query, Term,
    TermModifier,
};
use proptest::prelude::*;

/// A parser like `parser` (Lupa's fields and operator) with the loosest limits.
fn roomy(operator: DefaultOperator) -> Parser {
    Parser::builder()
        .default_operator(operator)
        .field("title", &["título", "titulo"])
        .field("body", &["texto"])
        .date_field("date", &["fecha"])
        .max_depth(Parser::MAX_DEPTH_LIMIT)
        .max_len(usize::MAX)
        .build()
}

/// Parses the printed form of `query` and checks it is `query` again. The
/// printed text can be longer and nest deeper than what was typed (`a b`
/// prints as `a AND b`), so it is read with the loosest limits.
fn check_reprint(operator: DefaultOperator, query: &Query) -> Result<(), TestCaseError> {
    let text = query.to_string();
    let again = roomy(operator).parse(&text);
    prop_assert_eq!(again.as_ref(), Ok(query), "printed as {}", text);
    Ok(())
}

/// Parses `input` both ways and checks what must hold whatever the input.
fn check_input(parser: &Parser, input: &str) -> Result<(), TestCaseError> {
    let strict = parser.parse(input);
    let lenient = parser.parse_lenient(input);
    let len = input.chars().count();
    for error in strict.as_ref().err().into_iter().chain(&lenient.errors) {
        prop_assert!(error.span().start <= error.span().end);
        prop_assert!(error.span().end <= len, "{error:?}");
        let _ = error.to_string();
    }
    match &strict {
        Ok(query) => {
            check_reprint(parser.default_operator(), query)?;
            prop_assert_eq!(lenient.query.as_ref(), Some(query));
            prop_assert!(lenient
                .errors
                .iter()
                .all(|e| e.kind() == ParseErrorKind::UnknownField));
        }
        Err(_) => prop_assert!(!lenient.errors.is_empty()),
    }
    // What lenient parsing repairs is itself a valid, canonical query.
    if let Some(query) = &lenient.query {
        check_reprint(parser.default_operator(), query)?;
    }
    Ok(())
}

/// Pieces of query syntax and Spanish words, to glue into operator soup.
fn soup() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "(",
        ")",
        "\"",
        "AND",
        "OR",
        "NOT",
        "Y",
        "O",
        "NO",
        "y",
        "o",
        "no",
        "&&",
        "||",
        "!",
        "+",
        "-",
        "*",
        "~",
        "~2",
        "~9",
        "~1.5",
        "title:",
        "título:",
        "TITULO:",
        "texto:",
        "titel:",
        "fecha:",
        "date:",
        "FECHA:",
        "fehca:",
        "2021",
        "2021-07",
        "2021-07-26",
        "2021-02-30",
        "2021-13",
        "0000",
        "9999-12-31",
        "26/07/2021",
        ">=",
        ">",
        "<=",
        "<",
        "[",
        "]",
        "TO",
        "to",
        "julio",
        "\\",
        ":",
        "¿",
        "?",
        "¡",
        "Irak",
        "niño",
        "acción",
        "EE.UU.",
        "Al-Kazemi",
        "1.200",
        "10:30",
        "retir",
        "Suleimany",
        "ñ",
        "é",
        "\u{301}",
        "https://x.es/a",
        " ",
        "\t",
    ]);
    prop::collection::vec((piece, prop::bool::ANY), 0..24).prop_map(|pieces| {
        let mut out = String::new();
        for (piece, space) in pieces {
            out.push_str(piece);
            if space {
                out.push(' ');
            }
        }
        out
    })
}

fn word_text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-ZñÑáéíóúü0-9]{1,6}",
        2 => "[a-zñ0-9.:'/@\\-]{1,6}",
        1 => "[a-z ()\"*~\\\\!+\\-:?¿¡&|]{1,5}",
        1 => prop::sample::select(vec!["AND", "OR", "NOT", "Y", "O", "NO", "title:x", "10:30"])
            .prop_map(String::from),
    ]
}

fn leaf() -> impl Strategy<Value = Query> {
    let term = (word_text(), 0..4u8).prop_map(|(text, m)| {
        Query::Term(Term {
            text,
            modifier: match m {
                0 | 1 => TermModifier::None,
                2 => TermModifier::Prefix,
                _ => TermModifier::Fuzzy(m % 3),
            },
        })
    });
    let phrase = (
        "[a-zñ]{1,4}( [a-zñ\"\\\\()]{1,4}){0,3}",
        prop::option::of(0..50u32),
    )
        .prop_map(|(text, slop)| Query::Phrase(Phrase { text, slop }));
    prop_oneof![3 => term, 1 => phrase, 1 => date_filter()]
}

/// Any real day the syntax can write, ends of months and leap days included.
fn day() -> impl Strategy<Value = Date> {
    (0..=9999i32, 1..=12u8, 1..=31u8).prop_filter_map("a real day", |(year, month, day)| {
        Date::new(year, month, day)
    })
}

/// A date filter as the parser makes them: both sides, or one side open.
fn date_filter() -> impl Strategy<Value = Query> {
    (day(), day(), 0..3u8).prop_map(|(a, b, open)| {
        let (from, to) = (a.min(b), a.max(b));
        let range = match open {
            0 => DateRange {
                from: Some(from),
                to: Some(to),
            },
            1 => DateRange {
                from: Some(from),
                to: None,
            },
            _ => DateRange {
                from: None,
                to: Some(to),
            },
        };
        Query::date_range("date", range)
    })
}

/// Canonical trees: what some parser configured like `lupa(operator)` could
/// produce. Under `All`, plain clauses are required, so there is no `Should`.
fn tree(operator: DefaultOperator) -> impl Strategy<Value = Query> {
    leaf().prop_recursive(4, 24, 4, move |inner| {
        let occur = match operator {
            DefaultOperator::All => prop::sample::select(vec![Occur::Must, Occur::MustNot]),
            DefaultOperator::Any => {
                prop::sample::select(vec![Occur::Must, Occur::MustNot, Occur::Should])
            }
        };
        prop_oneof![
            prop::collection::vec(inner.clone(), 2..4).prop_map(Query::And),
            prop::collection::vec(inner.clone(), 2..4).prop_map(Query::Or),
            inner.clone().prop_map(Query::not),
            (prop::sample::select(vec!["title", "body"]), inner.clone())
                .prop_map(|(field, query)| Query::field(field, query)),
            (
                Just(Occur::MustNot),
                inner.clone(),
                prop::collection::vec((occur, inner), 0..3)
            )
                .prop_map(|(first, query, rest)| {
                    let mut clauses = vec![Clause {
                        occur: first,
                        query,
                    }];
                    clauses.extend(
                        rest.into_iter()
                            .map(|(occur, query)| Clause { occur, query }),
                    );
                    // Keep the required/excluded clause somewhere other than first.
                    clauses.rotate_left(1);
                    Query::Clauses(clauses)
                }),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn date_values_never_panic(value in "[0-9\\-/<>=\\[\\]*TOto ]{0,16}") {
        let input = format!("fecha:{value} Irak");
        check_input(&lupa(DefaultOperator::All), &input)?;
    }

    #[test]
    fn random_text_never_panics(input in "\\PC{0,40}") {
        check_input(&lupa(DefaultOperator::All), &input)?;
    }

    #[test]
    fn operator_soup_never_panics(input in soup()) {
        check_input(&lupa(DefaultOperator::All), &input)?;
        check_input(&lupa(DefaultOperator::Any), &input)?;
    }

    #[test]
    fn operator_soup_on_a_shallow_short_parser(input in soup()) {
        let parser = Parser::builder().max_depth(2).max_len(12).field("title", &[]).build();
        check_input(&parser, &input)?;
    }

    #[test]
    fn printed_trees_parse_back_all(query in tree(DefaultOperator::All)) {
        let text = query.to_string();
        let parsed = lupa(DefaultOperator::All).parse(&text);
        prop_assert_eq!(parsed.as_ref(), Ok(&query), "printed as {}", text);
    }

    #[test]
    fn printed_trees_parse_back_any(query in tree(DefaultOperator::Any)) {
        let text = query.to_string();
        let parsed = lupa(DefaultOperator::Any).parse(&text);
        prop_assert_eq!(parsed.as_ref(), Ok(&query), "printed as {}", text);
    }

    #[test]
    fn trees_survive_json(query in tree(DefaultOperator::Any)) {
        let json = serde_json::to_string(&query).unwrap();
        prop_assert_eq!(serde_json::from_str::<Query>(&json).unwrap(), query);
    }
}
