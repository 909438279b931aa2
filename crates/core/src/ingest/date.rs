//! Publication dates as sources write them, read into a [`Day`].
//!
//! Only a whole day is a date: a month or a year alone (`2021-07`, `julio de 2021`) is
//! not. A time of day after the date is allowed and left out, and so is a time zone:
//! the day is the calendar date as written, never moved to another zone. Years have
//! four digits (1000 or later); a two-digit year (`26/7/21`) is ambiguous and refused.

use super::meta::Day;

/// Longer than this, a text is not a date (the longest accepted form,
/// `miércoles, 22 de septiembre de 2021 a las 10:30:00 CEST`, has 55 characters).
const MAX_DATE_CHARS: usize = 100;

/// The day `text` names, or `None` when it names no day Lupa can read.
///
/// Accepted forms, with any time of day and zone after them:
/// - ISO 8601: `2021-07-26`, `2021-07-26T10:30:00+02:00`, `2021-07-26 10:30`,
///   `2021-07-26T08:30:00Z` (also with `/` or `.` between the parts);
/// - day, month, year as Spanish sources write them: `26/07/2021`, `26-07-2021`,
///   `26.07.2021`, `26/7/2021`;
/// - a month by its Spanish or English name or abbreviation, in any case, with or
///   without accents (`enero` … `diciembre`, `setiembre`, `sep.`, `sept`, `Jul`):
///   `26 de julio de 2021`, `26 julio 2021`, `lunes, 26 de julio de 2021`,
///   `1.º de sep. de 2021`, `Mon, 26 Jul 2021 10:00:00 GMT` (RFC 2822, as RSS
///   writes it), `July 26, 2021`;
/// - PDF dates and compact ISO dates: `D:20210726103000+02'00'`, `20210726`.
///
/// Impossible days (`2021-02-30`) are refused.
///
/// ```
/// use lupa_core::ingest::parse_date;
/// let day = parse_date("lunes, 26 de julio de 2021").map(|d| d.to_string());
/// assert_eq!(day.as_deref(), Some("2021-07-26"));
/// assert_eq!(parse_date("26/07/2021"), parse_date("2021-07-26T23:30:00-05:00"));
/// assert_eq!(parse_date("ayer"), None);
/// ```
pub fn parse_date(text: &str) -> Option<Day> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > MAX_DATE_CHARS {
        return None;
    }
    numeric(text)
        .or_else(|| compact(text))
        .or_else(|| with_month_name(text))
}

/// `Y-M-D` or `D/M/Y` with one separator (`-`, `/` or `.`) used twice, then an
/// optional time of day.
fn numeric(text: &str) -> Option<Day> {
    let (first, rest) = digits(text);
    let separator = rest
        .chars()
        .next()
        .filter(|c| matches!(c, '-' | '/' | '.'))?;
    let (second, rest) = digits(&rest[1..]);
    let rest = rest.strip_prefix(separator)?;
    let (third, rest) = digits(rest);
    // The date must end here: `2021-07-261` is no date, `2021-07-26T10:30` is one.
    if rest.starts_with(|c: char| c.is_alphanumeric() && c != 'T' && c != 't') {
        return None;
    }
    if !time_of_day(rest) {
        return None;
    }
    let (year, month, day) = match (first.len(), second.len(), third.len()) {
        (4, 1 | 2, 1 | 2) => (first, second, third),
        (1 | 2, 1 | 2, 4) => (third, second, first),
        _ => return None,
    };
    day_of(year, month.parse().ok()?, day.parse().ok()?)
}

/// `D:YYYYMMDDHHmmSS…` (a PDF date, where the time and zone are optional) or
/// `YYYYMMDD`, `YYYYMMDDHHmm`, `YYYYMMDDHHmmSS`.
fn compact(text: &str) -> Option<Day> {
    let (pdf, text) = match text.strip_prefix("D:").or_else(|| text.strip_prefix("d:")) {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (run, rest) = digits(text);
    let fits = if pdf {
        (8..=14).contains(&run.len())
            && rest
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | 'Z' | 'z' | '\'' | ' '))
    } else {
        matches!(run.len(), 8 | 12 | 14) && rest.is_empty()
    };
    if !fits {
        return None;
    }
    day_of(&run[..4], run[4..6].parse().ok()?, run[6..8].parse().ok()?)
}

/// A date whose month is a word: day, month, year (`26 de julio de 2021`,
/// `Mon, 26 Jul 2021 10:00:00 GMT`) or month, day, year (`July 26, 2021`), maybe after
/// the day of the week, maybe before a time of day.
fn with_month_name(text: &str) -> Option<Day> {
    let tokens = tokens(text);
    let parse = |tokens: &[Token]| -> Option<Day> {
        let (year, month, day, tail) = match tokens {
            [Token::Number(d), Token::Word(m), Token::Number(y), tail @ ..] => (y, m, d, tail),
            [Token::Word(m), Token::Number(d), Token::Number(y), tail @ ..] => (y, m, d, tail),
            _ => return None,
        };
        if d_len(day) && year.len() == 4 && tail.iter().all(is_time_token) {
            day_of(year, month_number(month)?, day.parse().ok()?)
        } else {
            None
        }
    };
    parse(&tokens).or_else(|| match tokens.split_first() {
        Some((Token::Word(w), rest)) if is_weekday(w) => parse(rest),
        _ => None,
    })
}

fn d_len(day: &str) -> bool {
    matches!(day.len(), 1 | 2)
}

/// The day, when `year` (four digits, 1000 or later), `month` and `day` make one.
fn day_of(year: &str, month: u32, day: u32) -> Option<Day> {
    let year: i32 = year.parse().ok()?;
    if year < 1000 {
        return None;
    }
    Day::from_ymd(year, month, day)
}

/// The leading ASCII digits of `text`, and what follows them.
fn digits(text: &str) -> (&str, &str) {
    let end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    text.split_at(end)
}

/// Whether `rest`, what follows a date, is nothing or a time of day (`T10:30:00Z`,
/// ` 10:30`, `, 10.30 h`, `-05:00`).
fn time_of_day(rest: &str) -> bool {
    tokens(rest).iter().all(is_time_token)
}

/// A word or a number of a date written with words; punctuation separates them and
/// is dropped, and so are the words that join a date's parts (`de`, `del`, `of`) and
/// the letters of an ordinal (`1º`, `1.º`, `1st`).
#[derive(Debug, PartialEq)]
enum Token {
    Number(String),
    Word(String),
}

fn tokens(text: &str) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    let mut current = String::new();
    let mut after_number = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        current.push(fold(c));
        let next = chars.peek().copied();
        let same_kind = next.is_some_and(|n| {
            (c.is_ascii_digit() && n.is_ascii_digit()) || (c.is_alphabetic() && n.is_alphabetic())
        });
        if same_kind {
            continue;
        }
        let glued = next.is_some_and(char::is_alphanumeric);
        let token = std::mem::take(&mut current);
        if c.is_ascii_digit() {
            out.push(Token::Number(token));
            after_number = glued;
        } else if c.is_alphabetic() {
            let ordinal = matches!(token.as_str(), "º" | "ª")
                || (after_number && matches!(token.as_str(), "o" | "st" | "nd" | "rd" | "th"));
            if !ordinal && !matches!(token.as_str(), "de" | "del" | "of" | "the") {
                out.push(Token::Word(token));
            }
            after_number = false;
        } else {
            after_number = false;
        }
    }
    out
}

/// Lower case without the accents Spanish writes (`Sábado` → `sabado`).
fn fold(c: char) -> char {
    match c.to_lowercase().next().unwrap_or(c) {
        'á' | 'à' | 'ä' | 'â' => 'a',
        'é' | 'è' | 'ë' | 'ê' => 'e',
        'í' | 'ì' | 'ï' | 'î' => 'i',
        'ó' | 'ò' | 'ö' | 'ô' => 'o',
        'ú' | 'ù' | 'ü' | 'û' => 'u',
        other => other,
    }
}

/// Whether a token may be part of a time of day after a date: a number, the `T` of
/// ISO 8601, an hour mark, `a las`, a.m./p.m. or a time zone's name.
fn is_time_token(token: &Token) -> bool {
    match token {
        Token::Number(_) => true,
        Token::Word(word) => matches!(
            word.as_str(),
            "t" | "z"
                | "h"
                | "hs"
                | "hrs"
                | "horas"
                | "a"
                | "las"
                | "am"
                | "pm"
                | "m"
                | "p"
                | "gmt"
                | "utc"
                | "ut"
                | "cet"
                | "cest"
                | "wet"
                | "west"
                | "est"
                | "edt"
                | "cst"
                | "cdt"
                | "mst"
                | "mdt"
                | "pst"
                | "pdt"
        ),
    }
}

/// The month a Spanish or English name or abbreviation names (folded: lower case,
/// no accents).
fn month_number(word: &str) -> Option<u32> {
    let month = match word {
        "enero" | "ene" | "january" | "jan" => 1,
        "febrero" | "feb" | "february" => 2,
        "marzo" | "mar" | "march" => 3,
        "abril" | "abr" | "april" | "apr" => 4,
        "mayo" | "may" => 5,
        "junio" | "jun" | "june" => 6,
        "julio" | "jul" | "july" => 7,
        "agosto" | "ago" | "august" | "aug" => 8,
        "septiembre" | "setiembre" | "sep" | "sept" | "set" | "september" => 9,
        "octubre" | "oct" | "october" => 10,
        "noviembre" | "nov" | "november" => 11,
        "diciembre" | "dic" | "december" | "dec" => 12,
        _ => return None,
    };
    Some(month)
}

/// Whether a word names a day of the week, in Spanish or English, whole or
/// abbreviated.
fn is_weekday(word: &str) -> bool {
    matches!(
        word,
        "lunes"
            | "martes"
            | "miercoles"
            | "jueves"
            | "viernes"
            | "sabado"
            | "domingo"
            | "lun"
            | "mar"
            | "mie"
            | "jue"
            | "vie"
            | "sab"
            | "dom"
            | "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "mon"
            | "tue"
            | "wed"
            | "thu"
            | "fri"
            | "sat"
            | "sun"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(text: &str) -> Option<String> {
        parse_date(text).map(|day| day.to_string())
    }

    #[test]
    fn iso_dates_and_date_times() {
        let cases = [
            ("2021-07-26", "2021-07-26"),
            ("  2021-07-26 ", "2021-07-26"),
            ("2021-7-6", "2021-07-06"),
            ("2021/07/26", "2021-07-26"),
            ("2021-07-26T10:30:00+02:00", "2021-07-26"),
            ("2021-07-26T23:30:00-05:00", "2021-07-26"),
            ("2021-07-26T00:30:00.000Z", "2021-07-26"),
            ("2021-07-26t00:30z", "2021-07-26"),
            ("2021-07-26 10:30", "2021-07-26"),
            ("2021-07-26 10:30:00 +0200", "2021-07-26"),
            ("2024-02-29", "2024-02-29"),
        ];
        for (text, day) in cases {
            assert_eq!(iso(text).as_deref(), Some(day), "{text:?}");
        }
    }

    #[test]
    fn day_month_year_with_digits() {
        let cases = [
            ("26/07/2021", "2021-07-26"),
            ("26-07-2021", "2021-07-26"),
            ("26.07.2021", "2021-07-26"),
            ("1/7/2021", "2021-07-01"),
            ("26/07/2021 10:30", "2021-07-26"),
            ("26/07/2021 - 10:30 h", "2021-07-26"),
            ("26/07/2021, 10.30 horas", "2021-07-26"),
        ];
        for (text, day) in cases {
            assert_eq!(iso(text).as_deref(), Some(day), "{text:?}");
        }
    }

    #[test]
    fn months_by_name() {
        let cases = [
            ("26 de julio de 2021", "2021-07-26"),
            ("26 julio 2021", "2021-07-26"),
            ("26 de julio del 2021", "2021-07-26"),
            ("lunes, 26 de julio de 2021", "2021-07-26"),
            ("Lunes 26 de Julio de 2021", "2021-07-26"),
            ("MIÉRCOLES, 22 DE SEPTIEMBRE DE 2021", "2021-09-22"),
            ("miercoles 22 setiembre 2021", "2021-09-22"),
            ("sábado, 2 de enero de 2021 a las 10:30 CET", "2021-01-02"),
            ("1 de sep. de 2021", "2021-09-01"),
            ("1 sept 2021", "2021-09-01"),
            ("1 set. 2021", "2021-09-01"),
            ("1º de diciembre de 2021", "2021-12-01"),
            ("1.º de diciembre de 2021", "2021-12-01"),
            ("3 dic. 2021", "2021-12-03"),
            ("3-ago-2021", "2021-08-03"),
            ("Mon, 26 Jul 2021 10:00:00 GMT", "2021-07-26"),
            ("Mon, 26 Jul 2021 10:00:00 +0200", "2021-07-26"),
            ("Tue, 1 Mar 2022 10:00:00 -0500", "2022-03-01"),
            ("July 26, 2021", "2021-07-26"),
            ("Mar 26, 2021", "2021-03-26"),
            ("mar, 26 jul 2021", "2021-07-26"),
            ("26th of July, 2021", "2021-07-26"),
            ("Jul 26 2021 10:00 pm", "2021-07-26"),
        ];
        for (text, day) in cases {
            assert_eq!(iso(text).as_deref(), Some(day), "{text:?}");
        }
    }

    #[test]
    fn pdf_and_compact_dates() {
        let cases = [
            ("D:20210726103000+02'00'", "2021-07-26"),
            ("D:20210726103000Z", "2021-07-26"),
            ("D:20261207002610Z'", "2026-12-07"),
            ("D:20210726", "2021-07-26"),
            ("20210726", "2021-07-26"),
            ("20210726103000", "2021-07-26"),
        ];
        for (text, day) in cases {
            assert_eq!(iso(text).as_deref(), Some(day), "{text:?}");
        }
    }

    #[test]
    fn what_is_not_a_whole_day_is_refused() {
        let cases = [
            "",
            "   ",
            "ayer",
            "hace 3 horas",
            "2021",
            "2021-07",
            "julio de 2021",
            "julio 2021",
            "2021-02-30",
            "2023-02-29",
            "31/04/2021",
            "2021-13-01",
            "00/07/2021",
            "26/7/21",
            "26 jul 21",
            "Mon, 26 Jul 21 10:00:00 GMT",
            "26/07-2021",
            "2021-07-261",
            "2021-07-26x",
            "2021-07-26 y más",
            "26 de julio de 2021 y 27 de julio de 2022",
            "26 de jueves de 2021",
            "26 de fructidor de 2021",
            "0999-07-26",
            "D:2021",
            "D:202107",
            "2021072",
            "202107261",
            "D:20210726 hola",
            "1627300000",
            "26/07/2021 10:30 en Madrid",
        ];
        for text in cases {
            assert_eq!(iso(text), None, "{text:?}");
        }
        let long = format!("26 de julio de 2021{}", " 10".repeat(40));
        assert_eq!(iso(&long), None);
    }
}
