//! Feeds arbitrary text to both parsing modes: neither may panic, and every
//! query they return must print as text that parses back to the same query.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lupa_query::{DefaultOperator, Parser, Query};

fn make(operator: DefaultOperator, max_depth: usize, max_len: usize) -> Parser {
    Parser::builder()
        .default_operator(operator)
        .field("title", &["título", "titulo"])
        .field("body", &["texto"])
        .date_field("date", &["fecha"])
        .max_depth(max_depth)
        .max_len(max_len)
        .build()
}

/// Canonical text can be longer and nest deeper than what was typed (`a b`
/// prints as `a AND b`), so it is read back with roomier limits.
fn reprints(roomy: &Parser, query: &Query) {
    let text = query.to_string();
    match roomy.parse(&text) {
        Ok(again) => assert_eq!(&again, query, "printed as {text:?}"),
        Err(error) => panic!("{text:?} does not parse back:\n{error}"),
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    for operator in [DefaultOperator::All, DefaultOperator::Any] {
        let parser = make(operator, Parser::DEFAULT_MAX_DEPTH, Parser::DEFAULT_MAX_LEN);
        let roomy = make(operator, Parser::MAX_DEPTH_LIMIT, usize::MAX);
        let strict = parser.parse(input);
        let lenient = parser.parse_lenient(input);
        if let Ok(query) = &strict {
            reprints(&roomy, query);
            assert_eq!(lenient.query.as_ref(), Some(query));
        }
        if let Some(query) = &lenient.query {
            reprints(&roomy, query);
        }
        for error in strict.as_ref().err().into_iter().chain(&lenient.errors) {
            let _ = error.to_string();
        }
    }
});
