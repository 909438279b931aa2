//! Golden cases: query text -> tree, for every piece of the syntax.
//!
//! Each case also checks that the canonical text parses back to the same tree
//! and that lenient parsing agrees with strict parsing on valid input.

mod common;

use common::{lupa, sexpr};
use lupa_query::{DefaultOperator, Parser};

fn check(parser: &Parser, cases: &[(&str, &str)]) {
    let mut failures = Vec::new();
    for &(input, expected) in cases {
        let query = match parser.parse(input) {
            Ok(query) => query,
            Err(error) => {
                failures.push(format!("{input:?}: unexpected error\n{error}"));
                continue;
            }
        };
        let got = sexpr(&query);
        if got != expected {
            failures.push(format!(
                "{input:?}\n  expected {expected}\n       got {got}"
            ));
        }
        let text = query.to_string();
        match parser.parse(&text) {
            Ok(again) if again == query => {}
            other => failures.push(format!(
                "{input:?} printed as {text:?} reparses as {other:?}"
            )),
        }
        let lenient = parser.parse_lenient(input);
        if lenient.query.as_ref() != Some(&query) || !lenient.errors.is_empty() {
            failures.push(format!("{input:?}: lenient parse differs: {lenient:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn words() {
    check(
        &lupa(DefaultOperator::All),
        &[
            ("Irak", "Irak"),
            ("¿Dónde está Irak?", "(and Dónde está Irak)"),
            ("¡Qué desastre!", "(and Qué desastre)"),
            ("EE.UU.", "EE.UU."),
            ("Al-Kazemi", "Al-Kazemi"),
            ("1.200 soldados", "(and 1.200 soldados)"),
            ("niño año pingüino", "(and niño año pingüino)"),
            ("d'Ors", "d'Ors"),
            ("https://x.es/a", "https://x.es/a"),
            ("a las 10:30 h", "(and a las 10:30 h)"),
            ("Irak, Siria; Irán.", "(and Irak Siria Irán.)"),
            ("Irak - Siria", "(and Irak Siria)"),
            ("C++", "C"),
            ("señor_presidente", "señor_presidente"),
            ("Mu\u{301}nich", "Mu\u{301}nich"),
            ("ana@ejemplo.es", "ana@ejemplo.es"),
            ("y/o", "y/o"),
            ("y o no", "(and y o no)"),
            ("and or not", "(and and or not)"),
            ("Irak!", "Irak"),
            ("  Irak\t\nSiria  ", "(and Irak Siria)"),
            ("autor:Pérez", "autor:Pérez"),
        ],
    );
}

#[test]
fn phrases() {
    check(
        &lupa(DefaultOperator::All),
        &[
            (r#""fin de las misiones""#, "«fin de las misiones»"),
            (r#""retirada tropas"~3"#, "«retirada tropas»~3"),
            (r#""¿Dónde está?""#, "«¿Dónde está?»"),
            (r#""dijo \"no\"""#, "«dijo \"no\"»"),
            (r#""a \\ b""#, "«a \\ b»"),
            (r#""España"~0"#, "«España»~0"),
            (r#""Irak" "Siria""#, "(and «Irak» «Siria»)"),
            (r#"tropas"fin de"Irak"#, "(and tropas «fin de» Irak)"),
            (r#""AND OR (NOT)""#, "«AND OR (NOT)»"),
        ],
    );
}

#[test]
fn operators() {
    check(
        &lupa(DefaultOperator::All),
        &[
            ("Irak AND Siria", "(and Irak Siria)"),
            ("Irak && Siria", "(and Irak Siria)"),
            ("Irak Y Siria", "(and Irak Siria)"),
            ("Irak OR Siria", "(or Irak Siria)"),
            ("Irak || Siria", "(or Irak Siria)"),
            ("Irak O Siria", "(or Irak Siria)"),
            ("NOT Bush", "(not Bush)"),
            ("!Bush", "(not Bush)"),
            ("! Bush", "(not Bush)"),
            ("NO Bush", "(not Bush)"),
            ("Irak AND NOT Bush", "(and Irak (not Bush))"),
            ("Irak NOT Bush", "(and Irak (not Bush))"),
            ("Irak y Siria", "(and Irak y Siria)"),
            ("a OR b AND c", "(or a (and b c))"),
            ("a AND b OR c AND d", "(or (and a b) (and c d))"),
            ("a || b && c", "(or a (and b c))"),
            ("NOT a AND b", "(and (not a) b)"),
            ("NOT NOT a", "(not (not a))"),
            ("NOT a OR NO b", "(or (not a) (not b))"),
            ("guerra Irak OR Irán", "(and guerra (or Irak Irán))"),
            ("a AND b c", "(and a b c)"),
            ("a OR b OR c", "(or a b c)"),
            // Right after `¡` or `¿`, a Spanish keyword opens a sentence: a word.
            ("¡NO a la guerra!", "(and NO a la guerra)"),
            ("¡ NO a la guerra!", "(and (not a) la guerra)"),
            ("¡NOT a la guerra!", "(and (not a) la guerra)"),
            ("Irak&&Siria", "(and Irak Siria)"),
        ],
    );
}

#[test]
fn required_and_excluded() {
    check(
        &lupa(DefaultOperator::All),
        &[
            ("+Irak -Bush", "(clauses +Irak -Bush)"),
            ("Irak -Bush", "(clauses +Irak -Bush)"),
            ("-Bush", "(clauses -Bush)"),
            ("+Irak", "(clauses +Irak)"),
            (r#"-"guerra fría""#, "(clauses -«guerra fría»)"),
            ("+(Irak OR Siria) -Bush", "(clauses +(or Irak Siria) -Bush)"),
            ("-title:Bush", "(clauses -title:Bush)"),
            ("a AND -b", "(and a (not b))"),
            ("a OR +b", "(or a b)"),
            ("NOT -a", "(not (not a))"),
            ("(a -b) c", "(and (clauses +a -b) c)"),
            ("a b -c OR d", "(and a b (or (not c) d))"),
            ("Irak -retir*", "(clauses +Irak -retir*)"),
        ],
    );
}

#[test]
fn groups() {
    check(
        &lupa(DefaultOperator::All),
        &[
            ("(Irak)", "Irak"),
            ("((Irak))", "Irak"),
            ("(a OR b) AND c", "(and (or a b) c)"),
            ("a AND (b AND c)", "(and a (and b c))"),
            ("(a AND b) c", "(and (and a b) c)"),
            ("((a OR b) (c OR d))", "(and (or a b) (or c d))"),
            ("(¿Irak?)", "Irak"),
            ("NOT (a OR b)", "(not (or a b))"),
            ("(a)(b)", "(and a b)"),
        ],
    );
}

#[test]
fn fields() {
    check(
        &lupa(DefaultOperator::All),
        &[
            ("title:irak", "title:irak"),
            ("título:irak", "title:irak"),
            ("TITULO:irak", "title:irak"),
            ("Título:Irak body:Siria", "(and title:Irak body:Siria)"),
            (
                r#"texto:"fin de las misiones""#,
                "body:«fin de las misiones»",
            ),
            ("title:(Irak OR Siria)", "title:(or Irak Siria)"),
            ("title:retir*", "title:retir*"),
            ("title: irak", "title:irak"),
            ("title:body:x", "title:body:x"),
            ("NOT title:Bush", "(not title:Bush)"),
            ("title:Irak:Siria", "title:Irak:Siria"),
            ("https://title.es", "https://title.es"),
        ],
    );
}

#[test]
fn date_filters() {
    check(
        &lupa(DefaultOperator::All),
        &[
            // A year, a month or a day is every day in it.
            ("fecha:2021", "date:2021-01-01..2021-12-31"),
            ("fecha:2021-07", "date:2021-07-01..2021-07-31"),
            ("fecha:2021-06", "date:2021-06-01..2021-06-30"),
            ("fecha:2021-02", "date:2021-02-01..2021-02-28"),
            ("fecha:2024-02", "date:2024-02-01..2024-02-29"),
            ("fecha:1900-02", "date:1900-02-01..1900-02-28"),
            ("fecha:2000-02", "date:2000-02-01..2000-02-29"),
            ("fecha:2021-07-26", "date:2021-07-26..2021-07-26"),
            ("fecha:2024-02-29", "date:2024-02-29..2024-02-29"),
            ("fecha:26/07/2021", "date:2021-07-26..2021-07-26"),
            ("fecha:1/7/2021", "date:2021-07-01..2021-07-01"),
            ("fecha:2021-7-6", "date:2021-07-06..2021-07-06"),
            ("date:2021", "date:2021-01-01..2021-12-31"),
            ("FECHA:2021", "date:2021-01-01..2021-12-31"),
            ("fecha: 2021", "date:2021-01-01..2021-12-31"),
            // Bounds: `>` starts after the last day, `<` ends before the first.
            ("fecha:>=2021-07-01", "date:2021-07-01.."),
            ("fecha:>=2021-07", "date:2021-07-01.."),
            ("fecha:>2021-07", "date:2021-08-01.."),
            ("fecha:>2021", "date:2022-01-01.."),
            ("fecha:>2021-12-31", "date:2022-01-01.."),
            ("fecha:>2021-02-28", "date:2021-03-01.."),
            ("fecha:>2024-02-28", "date:2024-02-29.."),
            ("fecha:>=26/07/2021", "date:2021-07-26.."),
            ("fecha:<=2021", "date:..2021-12-31"),
            ("fecha:<=2021-02", "date:..2021-02-28"),
            ("fecha:<2021-07-26", "date:..2021-07-25"),
            ("fecha:<2021-03-01", "date:..2021-02-28"),
            ("fecha:<2024-03", "date:..2024-02-29"),
            ("fecha:<2021", "date:..2020-12-31"),
            ("fecha:<1/1/2021", "date:..2020-12-31"),
            // Ranges: from A's first day to B's last day.
            (
                "fecha:[2021-01-01 TO 2021-06-30]",
                "date:2021-01-01..2021-06-30",
            ),
            ("fecha:[2020 TO 2021-02]", "date:2020-01-01..2021-02-28"),
            ("fecha:[2021 to 2021]", "date:2021-01-01..2021-12-31"),
            (
                "fecha:[01/01/2021 To 30/06/2021]",
                "date:2021-01-01..2021-06-30",
            ),
            ("fecha:[2021-01 TO *]", "date:2021-01-01.."),
            ("fecha:[* TO 2021-06]", "date:..2021-06-30"),
            ("fecha:[ 2021   TO   2022 ]", "date:2021-01-01..2022-12-31"),
            (
                "fecha:[2021-07-26 TO 2021-07-26]",
                "date:2021-07-26..2021-07-26",
            ),
            // A filter stands wherever a word can.
            ("Irak fecha:2021", "(and Irak date:2021-01-01..2021-12-31)"),
            (
                "Irak AND fecha:2021 OR fecha:2022",
                "(or (and Irak date:2021-01-01..2021-12-31) date:2022-01-01..2022-12-31)",
            ),
            ("NOT fecha:2021", "(not date:2021-01-01..2021-12-31)"),
            (
                "Irak -fecha:2021",
                "(clauses +Irak -date:2021-01-01..2021-12-31)",
            ),
            ("+fecha:>=2021 Irak", "(clauses +date:2021-01-01.. +Irak)"),
            (
                "(fecha:2021 OR fecha:<2000) Irak",
                "(and (or date:2021-01-01..2021-12-31 date:..1999-12-31) Irak)",
            ),
            ("(fecha:2021)", "date:2021-01-01..2021-12-31"),
            ("fecha:2021, Irak", "(and date:2021-01-01..2021-12-31 Irak)"),
            (
                "fecha:2021 Y Irak",
                "(and date:2021-01-01..2021-12-31 Irak)",
            ),
            // A text scope leaves a date filter as it is: the filter names its field.
            (
                "title:(Irak fecha:2021)",
                "title:(and Irak date:2021-01-01..2021-12-31)",
            ),
            // Escaped, or undeclared, `fecha:` is part of a word.
            ("fecha\\:2021", "fecha:2021"),
            ("hora:julio", "hora:julio"),
        ],
    );
    let canonical = lupa(DefaultOperator::All);
    let cases = [
        ("fecha:2021", "date:[2021-01-01 TO 2021-12-31]"),
        ("fecha:26/07/2021", "date:[2021-07-26 TO 2021-07-26]"),
        ("fecha:>2021-07", "date:>=2021-08-01"),
        ("fecha:<2021-07", "date:<=2021-06-30"),
        ("fecha:[2021 TO *]", "date:>=2021-01-01"),
        ("-fecha:2021 Irak", "-date:[2021-01-01 TO 2021-12-31] +Irak"),
    ];
    for (input, text) in cases {
        assert_eq!(canonical.parse(input).unwrap().to_string(), text, "{input}");
    }
}

#[test]
fn date_filters_have_no_words() {
    let parser = lupa(DefaultOperator::All);
    let query = parser
        .parse("Irak fecha:2021 -(fecha:<2000 OR Bush) title:fecha:2021")
        .unwrap();
    let words: Vec<&str> = query.leaves().map(|leaf| leaf.text()).collect();
    assert_eq!(words, ["Irak", "Bush"]);
}

#[test]
fn prefix_and_fuzzy() {
    check(
        &lupa(DefaultOperator::All),
        &[
            ("retir*", "retir*"),
            ("año*", "año*"),
            ("Suleimany~1", "Suleimany~1"),
            ("Suleimany~2", "Suleimany~2"),
            ("Suleimany~", "Suleimany~1"),
            ("Suleimany~0", "Suleimany~0"),
            ("AND*", "AND*"),
            ("retir* Suleimany~", "(and retir* Suleimany~1)"),
        ],
    );
}

#[test]
fn escapes() {
    check(
        &lupa(DefaultOperator::All),
        &[
            ("\\AND", "AND"),
            ("\\Y \\O \\NO", "(and Y O NO)"),
            ("\\(Irak\\)", "(Irak)"),
            ("a\\ b", "a b"),
            ("\\-x", "-x"),
            ("\\\"hola\\\"", "\"hola\""),
            ("title\\:x", "title:x"),
            ("NO\\*", "NO*"),
            ("Irak\\?", "Irak?"),
            ("C\\+\\+", "C++"),
            ("\\\\", "\\"),
        ],
    );
}

#[test]
fn any_operator() {
    check(
        &lupa(DefaultOperator::Any),
        &[
            ("Irak Siria", "(or Irak Siria)"),
            ("Irak +Siria -Bush", "(clauses Irak +Siria -Bush)"),
            ("a b AND c", "(or a (and b c))"),
            ("a OR b c", "(or a b c)"),
            ("(a OR b) c", "(or (or a b) c)"),
            ("a AND b", "(and a b)"),
            ("-Bush", "(clauses -Bush)"),
            ("guerra Irak OR Irán", "(or guerra Irak Irán)"),
        ],
    );
}

#[test]
fn canonical_text() {
    let parser = lupa(DefaultOperator::All);
    let cases = [
        ("Irak Siria", "Irak AND Siria"),
        ("guerra Irak O Irán", "guerra AND (Irak OR Irán)"),
        ("a && b || !c", "a AND b OR NOT c"),
        ("título:Irak", "title:Irak"),
        ("texto:(a b)", "body:(a AND b)"),
        ("Irak -Bush", "+Irak -Bush"),
        ("+(a OR b) -\"c d\"~2", "+(a OR b) -\"c d\"~2"),
        ("Suleimany~", "Suleimany~1"),
        ("\\AND", "\\AND"),
        ("title\\:x 10:30", "title\\:x AND 10:30"),
        ("¿Dónde?", "Dónde"),
        ("\"dijo \\\"no\\\"\"", "\"dijo \\\"no\\\"\""),
        ("NOT (a b)", "NOT (a AND b)"),
        ("(a -b) c", "(+a -b) AND c"),
    ];
    for (input, canonical) in cases {
        assert_eq!(
            parser.parse(input).unwrap().to_string(),
            canonical,
            "{input}"
        );
    }
}

#[test]
fn unknown_field_names_are_words() {
    // Without declared fields every `name:` is part of a word.
    let parser = Parser::default();
    let query = parser.parse("title:Irak").unwrap();
    assert_eq!(sexpr(&query), "title:Irak");
    assert_eq!(query, lupa_query::Query::term("title:Irak"));
}
