//! Every error kind, with its exact span, and what lenient parsing makes of it.

mod common;

use common::{lupa, sexpr};
use lupa_query::{DefaultOperator, ParseErrorKind as Kind, Parser};

/// Strict parsing fails with `kind` at `span` (character offsets).
fn fails(input: &str, kind: Kind, span: std::ops::Range<usize>) {
    let error = lupa(DefaultOperator::All).parse(input).expect_err(input);
    assert_eq!(
        (error.kind(), error.span()),
        (kind, span),
        "{input:?}\n{error}"
    );
}

/// Lenient parsing repairs `input` into `expected` (`-` for no query) and
/// reports these kinds.
fn repairs(input: &str, expected: &str, kinds: &[Kind]) {
    let lenient = lupa(DefaultOperator::All).parse_lenient(input);
    let got = lenient.query.as_ref().map_or("-".to_string(), sexpr);
    let got_kinds: Vec<Kind> = lenient.errors.iter().map(|e| e.kind()).collect();
    assert_eq!(
        (got.as_str(), got_kinds.as_slice()),
        (expected, kinds),
        "{input:?}"
    );
}

#[test]
fn unclosed_quote() {
    fails(r#"Irak "fin de las"#, Kind::UnclosedQuote, 5..6);
    fails(r#"""#, Kind::UnclosedQuote, 0..1);
    fails(r#""a" "b"#, Kind::UnclosedQuote, 4..5);
    repairs(
        r#"Irak "fin de las"#,
        "(and Irak «fin de las»)",
        &[Kind::UnclosedQuote],
    );
    repairs(r#"Irak ""#, "Irak", &[Kind::UnclosedQuote]);
}

#[test]
fn unbalanced_parentheses() {
    fails("(Irak OR Siria", Kind::UnbalancedOpen, 0..1);
    fails("((a) OR b", Kind::UnbalancedOpen, 0..1);
    fails("Irak)", Kind::UnbalancedClose, 4..5);
    fails("a OR b) AND (c", Kind::UnbalancedClose, 6..7);
    repairs("(Irak OR Siria", "(or Irak Siria)", &[Kind::UnbalancedOpen]);
    repairs("Irak) Siria", "(and Irak Siria)", &[Kind::UnbalancedClose]);
    repairs("(", "-", &[Kind::UnbalancedOpen]);
    repairs(")", "-", &[Kind::UnbalancedClose]);
}

#[test]
fn missing_operand() {
    fails("Irak AND", Kind::MissingOperand, 5..8);
    fails("OR x", Kind::MissingOperand, 0..2);
    fails("x AND OR y", Kind::MissingOperand, 2..5);
    fails("x OR", Kind::MissingOperand, 2..4);
    fails("Irak NOT", Kind::MissingOperand, 5..8);
    fails("title:", Kind::MissingOperand, 0..6);
    fails("título: ", Kind::MissingOperand, 0..7);
    fails("-AND x", Kind::MissingOperand, 0..1);
    fails("(a OR)", Kind::MissingOperand, 3..5);
    repairs("Irak AND", "Irak", &[Kind::MissingOperand]);
    repairs("OR x", "x", &[Kind::MissingOperand]);
    repairs("x AND OR y", "(or x y)", &[Kind::MissingOperand]);
    repairs(
        "x AND AND y",
        "(and x y)",
        &[Kind::MissingOperand, Kind::MissingOperand],
    );
    repairs("title: ", "-", &[Kind::MissingOperand]);
}

#[test]
fn stray_operators_alone_are_searched_as_words() {
    repairs("AND", "AND", &[Kind::MissingOperand]);
    repairs(
        "AND OR",
        "(and AND OR)",
        &[Kind::MissingOperand, Kind::MissingOperand],
    );
}

#[test]
fn spanish_keywords_where_no_operator_stands_are_words() {
    let parse = |input: &str| {
        lupa(DefaultOperator::All)
            .parse(input)
            .map(|q| sexpr(&q))
            .unwrap_or_else(|e| panic!("{input:?}\n{e}"))
    };
    // Questions and names that start or end with `Y`, `O`, `NO`.
    assert_eq!(
        parse("¿Y cuándo se retiraron?"),
        "(and Y cuándo se retiraron)"
    );
    assert_eq!(parse("O Porriño"), "(and O Porriño)");
    assert_eq!(parse("x Y"), "(and x Y)");
    assert_eq!(parse("Irak NO"), "(and Irak NO)");
    assert_eq!(parse("(Y a) O b"), "(or (and Y a) b)");
    assert_eq!(parse("NO"), "NO");
    assert_eq!(parse("Y O"), "(and Y O)");
    // Between two operands they stay operators; so does `NO` before one.
    assert_eq!(parse("a Y b"), "(and a b)");
    assert_eq!(parse("a O b"), "(or a b)");
    assert_eq!(parse("a Y Y b"), "(and a Y b)");
    assert_eq!(parse("NO a"), "(not a)");
    assert_eq!(parse("a Y (b O c)"), "(and a (or b c))");
    // The English keywords are operators wherever they are, and errors out of place.
    fails("AND x", Kind::MissingOperand, 0..3);
    fails("x NOT", Kind::MissingOperand, 2..5);
}

#[test]
fn empty_query_group_and_phrase() {
    fails("", Kind::EmptyQuery, 0..0);
    fails("   ", Kind::EmptyQuery, 0..3);
    fails("¿?¡!", Kind::EmptyQuery, 0..4);
    fails("a ()", Kind::EmptyGroup, 2..4);
    fails("( )", Kind::EmptyGroup, 0..3);
    fails(r#"a """#, Kind::EmptyPhrase, 2..4);
    fails(r#"" ""#, Kind::EmptyPhrase, 0..3);
    repairs("", "-", &[Kind::EmptyQuery]);
    repairs("a () b", "(and a b)", &[Kind::EmptyGroup]);
    // An operator joins what follows an empty group, and a group whose content
    // came to nothing is not called empty: its problem was reported.
    repairs("() AND x", "x", &[Kind::EmptyGroup]);
    repairs("(NOT) a", "a", &[Kind::MissingOperand]);
    repairs("a OR () OR b", "(or a b)", &[Kind::EmptyGroup]);
    repairs(r#""" Irak"#, "Irak", &[Kind::EmptyPhrase]);
}

#[test]
fn bad_numbers() {
    fails("Suleimany~3", Kind::BadNumber, 9..11);
    fails("x~1.5", Kind::BadNumber, 1..5);
    fails("x~99999999999999999999", Kind::BadNumber, 1..22);
    fails(r#""a b"~"#, Kind::BadNumber, 5..6);
    fails(r#""a b"~0.5"#, Kind::BadNumber, 5..9);
    fails(r#""a b"~99999999999"#, Kind::BadNumber, 5..17);
    repairs("Suleimany~3", "Suleimany~2", &[Kind::BadNumber]);
    repairs("x~1.5", "x~1", &[Kind::BadNumber]);
    repairs(r#""a b"~"#, "«a b»", &[Kind::BadNumber]);
    repairs(
        r#""a b"~99999999999"#,
        "«a b»~4294967295",
        &[Kind::BadNumber],
    );
    let error = Parser::default().parse("Suleimany~3").unwrap_err();
    assert_eq!(
        error.hint(),
        Some("words can differ by at most 2 edits: try `~2`")
    );
}

#[test]
fn dangling_escape() {
    fails("Irak\\", Kind::DanglingEscape, 4..5);
    repairs("Irak \\", "Irak", &[Kind::DanglingEscape]);
}

#[test]
fn too_deep() {
    let parser = Parser::default();
    let deep = format!("{}x{}", "(".repeat(65), ")".repeat(65));
    let error = parser.parse(&deep).unwrap_err();
    assert_eq!((error.kind(), error.span()), (Kind::TooDeep, 64..65));
    let ok = format!("{}x{}", "(".repeat(64), ")".repeat(64));
    assert_eq!(parser.parse(&ok).unwrap().to_string(), "x");

    let nots = "NOT ".repeat(65) + "x";
    let error = parser.parse(&nots).unwrap_err();
    assert_eq!((error.kind(), error.span()), (Kind::TooDeep, 256..259));
    // Lenient parsing keeps the meaning of an odd number of NOTs.
    assert_eq!(
        parser.parse_lenient(&nots).query.unwrap().to_string(),
        "NOT x"
    );

    // Groups, NOTs and field scopes all count.
    let shallow = Parser::builder().max_depth(2).build();
    assert_eq!(shallow.parse("((a))").unwrap().to_string(), "a");
    assert_eq!(shallow.parse("(((a)))").unwrap_err().kind(), Kind::TooDeep);
    assert_eq!(shallow.parse("NOT NOT a").unwrap().to_string(), "NOT NOT a");
    assert_eq!(shallow.parse("NOT (NOT a)").unwrap_err().span(), 5..8);
}

#[test]
fn too_long() {
    let parser = Parser::default();
    let long = "ñ".repeat(10_001);
    let error = parser.parse(&long).unwrap_err();
    assert_eq!(
        (error.kind(), error.span()),
        (Kind::TooLong, 10_000..10_001)
    );
    assert!(parser.parse(&"ñ".repeat(10_000)).is_ok());

    let short = Parser::builder().max_len(10).build();
    let lenient = short.parse_lenient("Irak Siria Irán");
    assert_eq!(lenient.query.unwrap().to_string(), "Irak AND Siria");
    assert_eq!(lenient.errors[0].kind(), Kind::TooLong);
}

#[test]
fn misspelt_field_names_get_a_hint_in_lenient_mode_only() {
    let parser = lupa(DefaultOperator::All);
    assert_eq!(sexpr(&parser.parse("titel:Irak").unwrap()), "titel:Irak");
    let lenient = parser.parse_lenient("titel:Irak");
    assert_eq!(sexpr(lenient.query.as_ref().unwrap()), "titel:Irak");
    assert_eq!(lenient.errors.len(), 1);
    let error = &lenient.errors[0];
    assert_eq!((error.kind(), error.span()), (Kind::UnknownField, 0..6));
    assert_eq!(error.hint(), Some("did you mean the field `title`?"));
    // Nothing close: no advice.
    assert!(parser.parse_lenient("https://x.es 10:30").errors.is_empty());
}

#[test]
fn rendering_points_at_the_span() {
    let parser = lupa(DefaultOperator::All);
    let render = |input: &str| parser.parse(input).unwrap_err().to_string();
    assert_eq!(
        render(r#"¿Dónde "está Irak"#),
        "unclosed quote\n  ¿Dónde \"está Irak\n         ^\n  hint: close the quote opened here"
    );
    assert_eq!(
        render("Irak AND"),
        "`AND` has nothing on its right\n  Irak AND\n       ^^^\n  hint: put a word after `AND`, or remove it"
    );
    assert_eq!(
        render("niño ()"),
        "empty group\n  niño ()\n       ^^\n  \
         hint: put something between the parentheses, or remove them"
    );
    assert_eq!(
        render(""),
        "empty query: nothing to search for\n  \n  ^\n  hint: type a word or a quoted phrase"
    );
    // Tabs and newlines print as spaces, so the carets stay in line.
    assert_eq!(
        render("a\tb)"),
        "unbalanced `)`: no group is open\n  a b)\n     ^\n  hint: remove it, or open the group with `(`"
    );
}

#[test]
fn carets_line_up_under_combining_accents_and_wide_characters() {
    let parser = lupa(DefaultOperator::All);
    let render = |input: &str| parser.parse(input).unwrap_err().to_string();
    // `café` typed as `cafe` and a combining acute accent (as macOS keyboards and
    // file names often give it): five characters, four columns.
    let decomposed = "cafe\u{301} AND";
    assert_eq!(
        render(decomposed),
        format!("`AND` has nothing on its right\n  {decomposed}\n       ^^^\n  hint: put a word after `AND`, or remove it")
    );
    // Wide characters take two columns each; so does the span they are in.
    let (line, carets) = parser.parse("東京 \"fin").unwrap_err().snippet();
    assert_eq!(line, "東京 \"fin");
    assert_eq!(carets, "     ^");
    let (_, carets) = parser.parse("Irak 東京)").unwrap_err().snippet();
    assert_eq!(carets, format!("{}^", " ".repeat(9)));
}

#[test]
fn long_queries_render_a_window_around_the_span() {
    let input = format!("{} Irak AND", "año ".repeat(250_000));
    let error = Parser::builder()
        .max_len(usize::MAX)
        .build()
        .parse(&input)
        .unwrap_err();
    let (line, carets) = error.snippet();
    // 30 characters of context, then the span.
    assert_eq!(line, "…año año año año año año  Irak AND");
    assert_eq!(carets, format!("{}^^^", " ".repeat(31)));
    assert!(error.to_string().lines().all(|l| l.chars().count() < 80));
    assert_eq!(&input[error.byte_span()], "AND");
}

#[test]
fn huge_nesting_never_overflows_the_stack() {
    let input = format!("{}x{}", "(".repeat(5_000), ")".repeat(5_000));
    let run = move || {
        let parser = Parser::builder().max_len(usize::MAX).build();
        let error = parser.parse(&input).unwrap_err();
        assert_eq!(error.kind(), Kind::TooDeep);
        let lenient = parser.parse_lenient(&input);
        assert_eq!(lenient.query.unwrap().to_string(), "x");
        assert_eq!(lenient.errors.len(), 1);

        let nots = "NOT ".repeat(5_000) + "x";
        assert_eq!(parser.parse(&nots).unwrap_err().kind(), Kind::TooDeep);
        let fields = "title:".repeat(1_500) + "x";
        let scoped = lupa(DefaultOperator::All)
            .parse(&fields)
            .map_err(|e| e.kind());
        assert!(scoped == Err(Kind::TooDeep));
        let opens = "(".repeat(1_000_000);
        assert_eq!(parser.parse(&opens).unwrap_err().kind(), Kind::TooDeep);
        assert!(parser.parse_lenient(&opens).query.is_none());
    };
    std::thread::Builder::new()
        .stack_size(512 * 1024)
        .spawn(run)
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn deepest_allowed_nesting_fits_a_small_stack() {
    let depth = Parser::MAX_DEPTH_LIMIT;
    // Each group holds a NOT, so only half as many groups fit.
    let input = format!(
        "{}x{}",
        "(NOT a OR ".repeat(depth / 2 - 1),
        ")".repeat(depth / 2 - 1)
    );
    std::thread::Builder::new()
        .stack_size(1024 * 1024)
        .spawn(move || {
            let parser = Parser::builder().max_depth(usize::MAX).build();
            assert!(parser.parse(&input).is_ok());
        })
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn bad_dates() {
    fails("fecha:julio", Kind::BadDate, 6..11);
    fails("Irak fecha:2021-13", Kind::BadDate, 11..18);
    fails("fecha:2021-02-30", Kind::BadDate, 6..16);
    fails("fecha:2021-02-29", Kind::BadDate, 6..16);
    fails("fecha:1900-02-29", Kind::BadDate, 6..16);
    fails("fecha:31/06/2021", Kind::BadDate, 6..16);
    fails("fecha:26/07/21", Kind::BadDate, 6..14);
    fails("fecha:2021.", Kind::BadDate, 6..11);
    fails("fecha:", Kind::BadDate, 0..6);
    fails("Irak fecha: ", Kind::BadDate, 5..11);
    fails("fecha:(a OR b)", Kind::BadDate, 0..6);
    fails("fecha:\"2021\"", Kind::BadDate, 0..6);
    fails("fecha:>=", Kind::BadDate, 6..8);
    fails("fecha:>=julio", Kind::BadDate, 8..13);
    fails("fecha:=2021", Kind::BadDate, 6..11);
    fails("fecha:>9999-12-31", Kind::BadDate, 6..17);
    fails("fecha:<0000-01-01", Kind::BadDate, 6..17);
    fails("fecha:[2021 TO", Kind::BadDate, 6..14);
    fails("(fecha:[2021 TO 2022)", Kind::BadDate, 7..20);
    fails("fecha:[2021 2022]", Kind::BadDate, 6..17);
    fails("fecha:[2021 A 2022]", Kind::BadDate, 6..19);
    fails("fecha:[2021 TO julio]", Kind::BadDate, 15..20);
    fails("fecha:[* TO *]", Kind::BadDate, 6..14);
    fails("fecha:[2022 TO 2021]", Kind::BadDate, 6..20);
    fails("fecha:[2021-07-27 TO 2021-07-26]", Kind::BadDate, 6..32);
    fails("fecha:title:x", Kind::BadDate, 6..13);
}

#[test]
fn lenient_parsing_drops_a_bad_date_and_keeps_the_rest() {
    repairs("Irak fecha:julio", "Irak", &[Kind::BadDate]);
    repairs("fecha:julio Irak", "Irak", &[Kind::BadDate]);
    repairs("fecha:julio", "-", &[Kind::BadDate]);
    repairs(
        "Irak -fecha:julio Siria",
        "(and Irak Siria)",
        &[Kind::BadDate],
    );
    repairs("NOT fecha:2021-13 Irak", "Irak", &[Kind::BadDate]);
    repairs("fecha:julio AND Irak", "Irak", &[Kind::BadDate]);
    repairs("Irak OR fecha:julio", "Irak", &[Kind::BadDate]);
    repairs(
        "Irak fecha:julio fecha:2021",
        "(and Irak date:2021-01-01..2021-12-31)",
        &[Kind::BadDate],
    );
    repairs("fecha:(a OR b)", "(or a b)", &[Kind::BadDate]);
    repairs("title:fecha:julio Irak", "Irak", &[Kind::BadDate]);
    repairs("(fecha:[2021 TO 2022) Irak", "Irak", &[Kind::BadDate]);
    repairs("Irak fecha:[2021 TO", "Irak", &[Kind::BadDate]);
    // Search as you type: the date is still being written.
    repairs("Irak fecha:", "Irak", &[Kind::BadDate]);
    repairs("Irak fecha:2021-", "Irak", &[Kind::BadDate]);
    repairs("Irak fecha:[2021 T", "Irak", &[Kind::BadDate]);
}

#[test]
fn bad_dates_render_with_the_accepted_forms() {
    let parser = lupa(DefaultOperator::All);
    let render = |input: &str| parser.parse(input).unwrap_err().to_string();
    let forms = "hint: write a date as `2021`, `2021-07`, `2021-07-26` or `26/07/2021`, \
                 a bound as `>=2021-07-01`, or a range as `[2021-01-01 TO 2021-06-30]`";
    assert_eq!(
        render("fecha:julio"),
        format!("not a date: \"julio\"\n  fecha:julio\n        ^^^^^\n  {forms}")
    );
    assert_eq!(
        render("Irak fecha:2021-13"),
        format!(
            "not a date: \"2021-13\" (there is no month 13)\n  Irak fecha:2021-13\n             ^^^^^^^\n  {forms}"
        )
    );
    assert_eq!(
        render("fecha:2021-02-30"),
        format!(
            "not a date: \"2021-02-30\" (February 2021 has 28 days)\n  fecha:2021-02-30\n        ^^^^^^^^^^\n  {forms}"
        )
    );
    assert_eq!(
        render("fecha:"),
        format!("`fecha:` has no date after it\n  fecha:\n  ^^^^^^\n  {forms}")
    );
    assert_eq!(
        render("fecha:(a OR b)"),
        "`fecha:` takes a date, not a group\n  fecha:(a OR b)\n  ^^^^^^\n  \
         hint: write one filter per date, joined by `OR`: `fecha:2020 OR fecha:2021`"
    );
    assert_eq!(
        render("fecha:[2021 TO"),
        "unclosed date range: \"[2021 TO\"\n  fecha:[2021 TO\n        ^^^^^^^^\n  \
         hint: close the range with `]`, as in `[2021-01-01 TO 2021-06-30]`"
    );
    assert_eq!(
        render("fecha:[2021 A 2022]"),
        "not a date range: \"[2021 A 2022]\"\n  fecha:[2021 A 2022]\n        ^^^^^^^^^^^^^\n  \
         hint: write a range as `[2021-01-01 TO 2021-06-30]`, with `*` for an open side"
    );
    assert_eq!(
        render("fecha:[2021 TO julio]"),
        format!(
            "not a date: \"julio\"\n  fecha:[2021 TO julio]\n                 ^^^^^\n  {forms}"
        )
    );
    assert_eq!(
        render("fecha:[2022 TO 2021]"),
        "empty date range: \"[2022 TO 2021]\" ends before it starts\n  \
         fecha:[2022 TO 2021]\n        ^^^^^^^^^^^^^^\n  hint: put the earlier date first"
    );
    assert_eq!(
        render("fecha:[* TO *]"),
        "\"[* TO *]\" leaves both sides of the range open\n  fecha:[* TO *]\n        ^^^^^^^^\n  \
         hint: leave the date filter out to search every date"
    );
    let error = parser.parse("fecha:julio").unwrap_err();
    assert_eq!(error.kind().as_str(), "bad_date");
    assert_eq!(error.message(), "not a date: \"julio\"");
}

#[test]
fn misspelt_date_fields_get_a_hint_too() {
    let lenient = lupa(DefaultOperator::All).parse_lenient("fechs:2021");
    assert_eq!(sexpr(lenient.query.as_ref().unwrap()), "fechs:2021");
    assert_eq!(lenient.errors[0].kind(), Kind::UnknownField);
    assert_eq!(
        lenient.errors[0].hint(),
        Some("did you mean the field `fecha`?")
    );
}
