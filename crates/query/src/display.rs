//! Canonical query text.
//!
//! Printing a query the parser produced, then parsing the text again with the
//! same parser settings, gives back the same tree. (The text can be longer and
//! nest deeper than what was typed, as `a b` prints as `a AND b`; near the
//! parser's length or depth limit it may no longer fit them.) The printer
//! always writes the operators out (`AND`, `OR`, `NOT`, never side by side),
//! parenthesizes by precedence, and escapes whatever the lexer would read as
//! syntax.

use std::fmt::{self, Write as _};

use crate::ast::{Date, DateRange, Occur, Phrase, Query, Term, TermModifier};
use crate::lexer::{is_connector, is_identifier, is_word_char, KEYWORDS};

/// Where a sub-query is printed, which decides whether it needs parentheses.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    /// The whole query.
    Top,
    /// An operand of `OR`.
    Or,
    /// An operand of `AND`.
    And,
    /// A clause without `+` or `-`.
    Optional,
    /// The operand of `NOT`.
    Not,
    /// The operand of `+`, `-` or `field:`.
    Attached,
}

fn needs_parens(query: &Query, place: Place) -> bool {
    match query {
        Query::Term(_) | Query::Phrase(_) | Query::Field { .. } | Query::DateRange { .. } => false,
        Query::Not(_) => place == Place::Attached,
        Query::Or(_) => !matches!(place, Place::Top | Place::Optional),
        Query::And(_) => !matches!(place, Place::Top | Place::Or | Place::Optional),
        Query::Clauses(_) => place != Place::Top,
    }
}

fn write_query(f: &mut fmt::Formatter<'_>, query: &Query, place: Place) -> fmt::Result {
    if needs_parens(query, place) {
        f.write_char('(')?;
        write_query(f, query, Place::Top)?;
        return f.write_char(')');
    }
    match query {
        Query::Term(term) => fmt::Display::fmt(term, f),
        Query::Phrase(phrase) => fmt::Display::fmt(phrase, f),
        Query::Field { field, query } => {
            write!(f, "{field}:")?;
            write_query(f, query, Place::Attached)
        }
        Query::DateRange { field, range } => write!(f, "{field}:{range}"),
        Query::And(queries) => write_list(f, queries, " AND ", Place::And),
        Query::Or(queries) => write_list(f, queries, " OR ", Place::Or),
        Query::Not(query) => {
            f.write_str("NOT ")?;
            write_query(f, query, Place::Not)
        }
        Query::Clauses(clauses) => {
            for (i, clause) in clauses.iter().enumerate() {
                if i > 0 {
                    f.write_char(' ')?;
                }
                let place = match clause.occur {
                    Occur::Must => {
                        f.write_char('+')?;
                        Place::Attached
                    }
                    Occur::MustNot => {
                        f.write_char('-')?;
                        Place::Attached
                    }
                    Occur::Should => Place::Optional,
                };
                write_query(f, &clause.query, place)?;
            }
            Ok(())
        }
    }
}

fn write_list(
    f: &mut fmt::Formatter<'_>,
    queries: &[Query],
    separator: &str,
    place: Place,
) -> fmt::Result {
    for (i, query) in queries.iter().enumerate() {
        if i > 0 {
            f.write_str(separator)?;
        }
        write_query(f, query, place)?;
    }
    Ok(())
}

/// Canonical query text: `title:Irak AND ("fin de las misiones"~2 OR retir*)`.
///
/// A parser with the settings that produced the query reads it back as the
/// same tree, as long as the text fits its length and depth limits.
impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_query(f, self, Place::Top)
    }
}

/// The word as it must be typed: `\AND`, `EE.UU.`, `retir*`, `Irak\?`.
impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if KEYWORDS.contains(&self.text.as_str()) {
            f.write_char('\\')?;
        }
        // A colon right after an identifier would read as a field scope.
        let colon = self
            .text
            .find(':')
            .filter(|&at| is_identifier(&self.text[..at]));
        for (at, c) in self.text.char_indices() {
            let plain = is_word_char(c)
                || (at > 0 && is_connector(c))
                || (at > 0 && c == ':' && colon != Some(at));
            if !plain {
                f.write_char('\\')?;
            }
            f.write_char(c)?;
        }
        match self.modifier {
            TermModifier::None => Ok(()),
            TermModifier::Prefix => f.write_char('*'),
            TermModifier::Fuzzy(distance) => write!(f, "~{distance}"),
        }
    }
}

/// The phrase in quotes, with `"` and `\` escaped: `"retirada tropas"~3`.
impl fmt::Display for Phrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char('"')?;
        for c in self.text.chars() {
            if matches!(c, '"' | '\\') {
                f.write_char('\\')?;
            }
            f.write_char(c)?;
        }
        f.write_char('"')?;
        match self.slop {
            Some(slop) => write!(f, "~{slop}"),
            None => Ok(()),
        }
    }
}

/// The day as ISO 8601 writes it: `2021-07-26`.
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The range as a date filter's value, in the one form that says it exactly:
/// `[2021-01-01 TO 2021-12-31]`, `>=2021-07-01` or `<=2021-06-30`. (Both
/// sides open, which the parser never produces, prints as `[* TO *]`, which
/// it rejects.)
impl fmt::Display for DateRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.from, self.to) {
            (Some(from), Some(to)) => write!(f, "[{from} TO {to}]"),
            (Some(from), None) => write!(f, ">={from}"),
            (None, Some(to)) => write!(f, "<={to}"),
            (None, None) => f.write_str("[* TO *]"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_escape_what_the_lexer_would_read_as_syntax() {
        let cases = [
            ("EE.UU.", "EE.UU."),
            ("AND", "\\AND"),
            ("Y", "\\Y"),
            ("-x", "\\-x"),
            ("a b", "a\\ b"),
            ("title:x", "title\\:x"),
            ("10:30", "10:30"),
            ("a:b:c", "a\\:b:c"),
            ("¿qué?", "\\¿qué\\?"),
            ("50%", "50\\%"),
        ];
        for (text, shown) in cases {
            assert_eq!(Term::new(text).to_string(), shown, "{text}");
        }
    }

    #[test]
    fn phrases_escape_quotes_and_backslashes() {
        let phrase = Phrase::with_slop(r#"dijo "no" \ ya"#, 2);
        assert_eq!(phrase.to_string(), r#""dijo \"no\" \\ ya"~2"#);
    }

    #[test]
    fn parentheses_follow_precedence() {
        let a = || Query::term("a");
        let b = || Query::term("b");
        let or = Query::Or(vec![a(), b()]);
        let and = Query::And(vec![or.clone(), Query::not(or.clone())]);
        assert_eq!(and.to_string(), "(a OR b) AND NOT (a OR b)");
        let or = Query::Or(vec![Query::And(vec![a(), b()]), a()]);
        assert_eq!(or.to_string(), "a AND b OR a");
    }

    #[test]
    fn date_filters_print_their_bounds() {
        let day = |y, m, d| Date::new(y, m, d);
        let filter = |from, to| Query::date_range("date", DateRange { from, to });
        let cases = [
            (
                filter(day(2021, 1, 1), day(2021, 12, 31)),
                "date:[2021-01-01 TO 2021-12-31]",
            ),
            (filter(day(2021, 7, 1), None), "date:>=2021-07-01"),
            (filter(None, day(2021, 6, 30)), "date:<=2021-06-30"),
            (
                filter(day(5, 3, 9), day(5, 3, 9)),
                "date:[0005-03-09 TO 0005-03-09]",
            ),
            (filter(None, None), "date:[* TO *]"),
        ];
        for (query, shown) in cases {
            assert_eq!(query.to_string(), shown);
        }
        // A filter never needs parentheses.
        let not = Query::not(filter(day(2021, 7, 1), None));
        assert_eq!(not.to_string(), "NOT date:>=2021-07-01");
        let scoped = Query::field("title", filter(None, day(2021, 6, 30)));
        assert_eq!(scoped.to_string(), "title:date:<=2021-06-30");
    }
}
