//! The value of a date filter, the text after `fecha:`: a day, a month or a
//! year (`2021-07-26`, `26/07/2021`, `2021-07`, `2021`), one of them after
//! `>=`, `>`, `<=` or `<`, or a range `[A TO B]` with `*` for an open side.
//!
//! The lexer finds where the value ends; this module turns the value into a
//! [`DateRange`], or says what is wrong with it and where. Spans here count
//! characters from the start of the value.

use std::ops::Range;

use crate::ast::{days_in_month, Date, DateRange};

/// The hint of every error about a date that is not one of the forms.
pub(crate) const FORMS: &str = "write a date as `2021`, `2021-07`, `2021-07-26` or \
    `26/07/2021`, a bound as `>=2021-07-01`, or a range as `[2021-01-01 TO 2021-06-30]`";

/// The hint of errors about the shape of a `[A TO B]` range.
const RANGE_FORM: &str = "write a range as `[2021-01-01 TO 2021-06-30]`, with `*` for an open side";

/// The earliest day the syntax can name, with a four-digit year.
const FIRST: Date = Date {
    year: 0,
    month: 1,
    day: 1,
};

/// The latest day the syntax can name.
const LAST: Date = Date {
    year: 9999,
    month: 12,
    day: 31,
};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// What is wrong with a date value, and which part of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DateError {
    /// Characters from the start of the value.
    pub(crate) span: Range<usize>,
    pub(crate) message: String,
    pub(crate) hint: String,
}

impl DateError {
    fn new(span: Range<usize>, message: String, hint: &str) -> Self {
        DateError {
            span,
            message,
            hint: hint.to_string(),
        }
    }
}

/// The first and last day of what one date names: a whole year, a whole month
/// or a single day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Period {
    first: Date,
    last: Date,
}

/// Characters that may stand in a date filter's value outside brackets:
/// everything up to a space, a parenthesis, a quote, or punctuation that ends
/// words (`fecha:2021,` is the year 2021).
fn in_value(c: char) -> bool {
    !c.is_whitespace()
        && !matches!(
            c,
            '(' | ')' | '"' | '¿' | '?' | '¡' | '!' | ',' | ';' | '&' | '|'
        )
}

/// Where the value that starts at `from` ends: at a space, a parenthesis or
/// punctuation that ends words, or, for a value that starts with `[`, after
/// the `]` (an unclosed range stops before a parenthesis, quote or `[`).
pub(crate) fn value_end(chars: &[char], from: usize) -> usize {
    let rest = chars.get(from..).unwrap_or_default();
    let len = if rest.first() == Some(&'[') {
        match rest[1..]
            .iter()
            .position(|&c| matches!(c, ']' | '[' | '(' | ')' | '"'))
        {
            Some(i) if rest[1 + i] == ']' => i + 2,
            Some(i) => i + 1,
            None => rest.len(),
        }
    } else {
        rest.iter()
            .position(|&c| !in_value(c))
            .unwrap_or(rest.len())
    };
    from + len
}

/// The message and hint for a date field's `typed` name (`fecha:`) with no
/// value after it, where `next` stands instead.
pub(crate) fn missing(typed: &str, next: Option<char>) -> (String, String) {
    if next == Some('(') {
        (
            format!("`{typed}` takes a date, not a group"),
            format!("write one filter per date, joined by `OR`: `{typed}2020 OR {typed}2021`"),
        )
    } else {
        (format!("`{typed}` has no date after it"), FORMS.to_string())
    }
}

/// Reads a whole date value (not empty: see [`missing`]).
pub(crate) fn parse(value: &[char]) -> Result<DateRange, DateError> {
    if value.first() == Some(&'[') {
        return range(value);
    }
    let skip = match value {
        ['>' | '<', '=', ..] => 2,
        ['>' | '<', ..] => 1,
        _ => 0,
    };
    let whole = 0..value.len();
    if skip == value.len() {
        let op: String = value.iter().collect();
        return Err(DateError::new(
            whole,
            format!("`{op}` has no date after it"),
            FORMS,
        ));
    }
    let period = period(&value[skip..], skip)?;
    let (from, to) = match &value[..skip] {
        [] => (Some(period.first), Some(period.last)),
        ['>', '='] => (Some(period.first), None),
        ['<', '='] => (None, Some(period.last)),
        ['>'] if period.last == LAST => {
            return Err(DateError::new(
                whole,
                format!("no date is after {LAST}"),
                "dates go up to 9999-12-31",
            ))
        }
        ['>'] => (Some(period.last.next()), None),
        _ if period.first == FIRST => {
            return Err(DateError::new(
                whole,
                format!("no date is before {FIRST}"),
                "dates start at 0000-01-01",
            ))
        }
        _ => (None, Some(period.first.previous())),
    };
    Ok(DateRange { from, to })
}

/// `[A TO B]`: from A's first day to B's last day, `*` leaving a side open.
fn range(value: &[char]) -> Result<DateRange, DateError> {
    let whole = 0..value.len();
    let text: String = value.iter().collect();
    if value.len() < 2 || value.last() != Some(&']') {
        return Err(DateError::new(
            whole,
            format!("unclosed date range: \"{text}\""),
            "close the range with `]`, as in `[2021-01-01 TO 2021-06-30]`",
        ));
    }
    let words = words(&value[1..value.len() - 1], 1);
    let [(low, low_at), (to, _), (high, high_at)] = words.as_slice() else {
        return Err(not_a_range(whole, &text));
    };
    if !(to.len() == 2 && to.iter().collect::<String>().eq_ignore_ascii_case("TO")) {
        return Err(not_a_range(whole, &text));
    }
    let bound = |chars: &[char], at: usize| -> Result<Option<Period>, DateError> {
        match chars {
            ['*'] => Ok(None),
            _ => period(chars, at).map(Some),
        }
    };
    let low = bound(low, *low_at)?;
    let high = bound(high, *high_at)?;
    let range = DateRange {
        from: low.map(|p| p.first),
        to: high.map(|p| p.last),
    };
    match (range.from, range.to) {
        (None, None) => Err(DateError::new(
            whole,
            format!("\"{text}\" leaves both sides of the range open"),
            "leave the date filter out to search every date",
        )),
        (Some(from), Some(to)) if from > to => Err(DateError::new(
            whole,
            format!("empty date range: \"{text}\" ends before it starts"),
            "put the earlier date first",
        )),
        _ => Ok(range),
    }
}

fn not_a_range(span: Range<usize>, text: &str) -> DateError {
    DateError::new(span, format!("not a date range: \"{text}\""), RANGE_FORM)
}

/// The runs of non-space characters, each with its offset (plus `at`).
fn words(chars: &[char], at: usize) -> Vec<(&[char], usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in chars.iter().enumerate() {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                out.push((&chars[s..i], at + s));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((&chars[s..], at + s));
    }
    out
}

/// One date: `2021`, `2021-07`, `2021-07-26` or `26/07/2021` (months and days
/// may have one digit). `at` is where `chars` starts in the value.
fn period(chars: &[char], at: usize) -> Result<Period, DateError> {
    let text: String = chars.iter().collect();
    let span = at..at + chars.len();
    let not_a_date =
        |why: String| DateError::new(span.clone(), format!("not a date: \"{text}\"{why}"), FORMS);
    let parts: Vec<&str> = if text.contains('/') {
        let mut parts: Vec<&str> = text.split('/').collect();
        parts.reverse();
        if parts.len() != 3 {
            return Err(not_a_date(String::new()));
        }
        parts
    } else {
        text.split('-').collect()
    };
    let digits = |part: &str, len: Range<usize>| {
        len.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit())
    };
    let shaped = parts.len() <= 3
        && digits(parts[0], 4..5)
        && parts[1..].iter().all(|part| digits(part, 1..3));
    if !shaped {
        return Err(not_a_date(String::new()));
    }
    // Four and two ASCII digits always fit.
    let numbers: Vec<u16> = parts.iter().map(|p| p.parse().unwrap_or(0)).collect();
    let year = i32::from(numbers[0]);
    let Some(&month) = numbers.get(1) else {
        return Ok(Period {
            first: Date {
                year,
                month: 1,
                day: 1,
            },
            last: Date {
                year,
                month: 12,
                day: 31,
            },
        });
    };
    let month = month as u8;
    let Some(last) = days_in_month(year, month) else {
        return Err(not_a_date(format!(" (there is no month {month})")));
    };
    let Some(&day) = numbers.get(2) else {
        return Ok(Period {
            first: Date {
                year,
                month,
                day: 1,
            },
            last: Date {
                year,
                month,
                day: last,
            },
        });
    };
    let day = day as u8;
    match Date::new(year, month, day) {
        Some(date) => Ok(Period {
            first: date,
            last: date,
        }),
        None if day == 0 => Err(not_a_date(" (there is no day 0)".into())),
        None => {
            let name = MONTHS[usize::from(month) - 1];
            Err(not_a_date(format!(" ({name} {year:04} has {last} days)")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(year: i32, month: u8, day: u8) -> Date {
        Date::new(year, month, day).unwrap()
    }

    /// The bounds, or the span and message of the error.
    type Parsed = Result<(Option<Date>, Option<Date>), (Range<usize>, String)>;

    fn parsed(value: &str) -> Parsed {
        let chars: Vec<char> = value.chars().collect();
        parse(&chars)
            .map(|r| (r.from, r.to))
            .map_err(|e| (e.span, e.message))
    }

    fn between(a: Date, b: Date) -> Parsed {
        Ok((Some(a), Some(b)))
    }

    #[test]
    fn years_months_and_days_cover_their_days() {
        assert_eq!(parsed("2021"), between(day(2021, 1, 1), day(2021, 12, 31)));
        assert_eq!(
            parsed("2021-07"),
            between(day(2021, 7, 1), day(2021, 7, 31))
        );
        assert_eq!(
            parsed("2021-06"),
            between(day(2021, 6, 1), day(2021, 6, 30))
        );
        assert_eq!(
            parsed("2024-02"),
            between(day(2024, 2, 1), day(2024, 2, 29))
        );
        assert_eq!(
            parsed("2100-02"),
            between(day(2100, 2, 1), day(2100, 2, 28))
        );
        assert_eq!(
            parsed("2000-02"),
            between(day(2000, 2, 1), day(2000, 2, 29))
        );
        assert_eq!(
            parsed("2021-07-26"),
            between(day(2021, 7, 26), day(2021, 7, 26))
        );
        assert_eq!(
            parsed("2021-7-6"),
            between(day(2021, 7, 6), day(2021, 7, 6))
        );
        assert_eq!(
            parsed("26/07/2021"),
            between(day(2021, 7, 26), day(2021, 7, 26))
        );
        assert_eq!(
            parsed("1/7/2021"),
            between(day(2021, 7, 1), day(2021, 7, 1))
        );
        assert_eq!(parsed("0000"), between(day(0, 1, 1), day(0, 12, 31)));
    }

    #[test]
    fn bounds_move_to_the_first_or_last_day() {
        let cases = [
            (">=2021-07", Some(day(2021, 7, 1)), None),
            (">2021-07", Some(day(2021, 8, 1)), None),
            (">2021", Some(day(2022, 1, 1)), None),
            (">2021-12-31", Some(day(2022, 1, 1)), None),
            (">2024-02-28", Some(day(2024, 2, 29)), None),
            (">=26/07/2021", Some(day(2021, 7, 26)), None),
            ("<=2021", None, Some(day(2021, 12, 31))),
            ("<=2021-02", None, Some(day(2021, 2, 28))),
            ("<2021-07-26", None, Some(day(2021, 7, 25))),
            ("<2021-03-01", None, Some(day(2021, 2, 28))),
            ("<2024-03", None, Some(day(2024, 2, 29))),
            ("<2021", None, Some(day(2020, 12, 31))),
            ("<1/1/2021", None, Some(day(2020, 12, 31))),
        ];
        for (value, from, to) in cases {
            assert_eq!(parsed(value), Ok((from, to)), "{value}");
        }
    }

    #[test]
    fn ranges_run_from_the_first_day_to_the_last() {
        assert_eq!(
            parsed("[2021-01-01 TO 2021-06-30]"),
            between(day(2021, 1, 1), day(2021, 6, 30))
        );
        assert_eq!(
            parsed("[2020 to 2021-02]"),
            between(day(2020, 1, 1), day(2021, 2, 28))
        );
        assert_eq!(
            parsed("[ 2021-07-26   To 2021-07-26 ]"),
            between(day(2021, 7, 26), day(2021, 7, 26))
        );
        assert_eq!(parsed("[2021-01 TO *]"), Ok((Some(day(2021, 1, 1)), None)));
        assert_eq!(
            parsed("[* TO 30/06/2021]"),
            Ok((None, Some(day(2021, 6, 30))))
        );
    }

    #[test]
    fn wrong_values_say_what_and_where() {
        let cases = [
            ("julio", 0..5, "not a date: \"julio\""),
            (
                "2021-13",
                0..7,
                "not a date: \"2021-13\" (there is no month 13)",
            ),
            (
                "2021-00",
                0..7,
                "not a date: \"2021-00\" (there is no month 0)",
            ),
            (
                "2021-02-30",
                0..10,
                "not a date: \"2021-02-30\" (February 2021 has 28 days)",
            ),
            (
                "2021-04-00",
                0..10,
                "not a date: \"2021-04-00\" (there is no day 0)",
            ),
            (
                "31/04/2021",
                0..10,
                "not a date: \"31/04/2021\" (April 2021 has 30 days)",
            ),
            ("21", 0..2, "not a date: \"21\""),
            ("26/07/21", 0..8, "not a date: \"26/07/21\""),
            ("2021-07-26-1", 0..12, "not a date: \"2021-07-26-1\""),
            ("07/2021", 0..7, "not a date: \"07/2021\""),
            ("2021/07/26", 0..10, "not a date: \"2021/07/26\""),
            ("２０２１", 0..4, "not a date: \"２０２１\""),
            (">=julio", 2..7, "not a date: \"julio\""),
            (">=", 0..2, "`>=` has no date after it"),
            ("=2021", 0..5, "not a date: \"=2021\""),
            (">9999-12-31", 0..11, "no date is after 9999-12-31"),
            ("<0000", 0..5, "no date is before 0000-01-01"),
            ("[2021 TO", 0..8, "unclosed date range: \"[2021 TO\""),
            ("[", 0..1, "unclosed date range: \"[\""),
            ("[2021 2022]", 0..11, "not a date range: \"[2021 2022]\""),
            (
                "[2021 A 2022]",
                0..13,
                "not a date range: \"[2021 A 2022]\"",
            ),
            ("[2021 TO julio]", 9..14, "not a date: \"julio\""),
            (
                "[* TO *]",
                0..8,
                "\"[* TO *]\" leaves both sides of the range open",
            ),
            (
                "[2022 TO 2021]",
                0..14,
                "empty date range: \"[2022 TO 2021]\" ends before it starts",
            ),
        ];
        for (value, span, message) in cases {
            assert_eq!(parsed(value), Err((span, message.to_string())), "{value}");
        }
    }

    #[test]
    fn a_single_day_range_is_not_empty() {
        let once = "[2021-07-26 TO 2021-07-26]";
        assert!(parsed(once).is_ok());
        assert!(parsed("[2021-07-27 TO 2021-07-26]").is_err());
    }
}
