//! What a document says about itself besides its text: when it was published, who wrote
//! it, where it appeared, where it lives on the web and its language.
//!
//! Each reader fills what its format carries (HTML `<meta>` and JSON-LD, Markdown front
//! matter, JSON Lines keys, the metadata of PDF, Word, OpenDocument and EPUB files);
//! the index falls back to the file's modification time for a document without a
//! date, and says so.
//!
//! Every value is trimmed and its runs of whitespace made single spaces; an empty one
//! is no value. An author or a source longer than [`META_MAX_CHARS`] characters is cut
//! at a word, as a long title is. A date that names no day
//! ([`parse_date`](super::parse_date) cannot read it) is left out, and the reader
//! reports it as a warning ([`SkipReason::BadDate`](super::SkipReason::BadDate)) when
//! the document ends up without a date.

use super::date::parse_date;
use super::title::{cut_to, squeeze};

/// An author or a source longer than this many characters is cut at a word and ends
/// with `…`.
pub const META_MAX_CHARS: usize = 200;

/// A date that cannot be read is quoted in its warning up to this many characters.
const BAD_DATE_CHARS: usize = 80;

/// A calendar day, held as the number of days since 1970-01-01 (proleptic Gregorian
/// calendar), which is how the index stores and compares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(i32);

impl Day {
    /// The day `year-month-day`, or `None` when there is no such day (`2021-02-30`).
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Day> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        // Days from civil (H. Hinnant's algorithm), with March as the first month so
        // that the leap day ends the year.
        let y = i64::from(year) - i64::from(month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(month);
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        i32::try_from(era * 146_097 + doe - 719_468).ok().map(Day)
    }

    /// The day that is `days` days after 1970-01-01.
    pub fn from_days(days: i32) -> Day {
        Day(days)
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i32 {
        self.0
    }

    /// The day of a moment, given in seconds since the epoch (UTC).
    pub fn from_unix_seconds(seconds: i64) -> Option<Day> {
        i32::try_from(seconds.div_euclid(86_400)).ok().map(Day)
    }

    /// Its year, month (1–12) and day of the month (1–31).
    pub fn ymd(self) -> (i32, u32, u32) {
        let z = i64::from(self.0) + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        // In range by construction: the day came from an i32 count of days.
        (
            i32::try_from(year).unwrap_or(i32::MAX),
            u32::try_from(month).unwrap_or(1),
            u32::try_from(day).unwrap_or(1),
        )
    }

    /// Its year.
    pub fn year(self) -> i32 {
        self.ymd().0
    }
}

impl std::fmt::Display for Day {
    /// ISO 8601: `2021-07-26`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl serde::Serialize for Day {
    /// As its ISO 8601 text.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// How many days `month` (1–12) of `year` has.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => 0,
    }
}

/// What a document says about itself; each part is `None` where the source does not
/// say it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metadata {
    /// When it was published.
    pub date: Option<Day>,
    /// Who wrote it.
    pub author: Option<String>,
    /// The site or publication it appeared in.
    pub source: Option<String>,
    /// Its address on the web.
    pub url: Option<String>,
    /// Its language, as the source names it (`es`, `es-ES`).
    pub lang: Option<String>,
}

/// Author names that say there is none (LibreOffice writes `Unknown Author` into the
/// e-books it makes).
const NO_AUTHOR: &[&str] = &[
    "unknown",
    "unknown author",
    "desconocido",
    "autor desconocido",
];

/// Metadata as a reader gathers it, offered from the most trusted place to the least:
/// each part keeps the first usable value it is given.
#[derive(Debug, Default)]
pub(crate) struct MetaFields {
    meta: Metadata,
    /// The first date that could not be read.
    bad_date: Option<String>,
}

impl MetaFields {
    /// Offers a date as the source writes it.
    pub(crate) fn date(&mut self, value: &str) {
        if self.meta.date.is_some() {
            return;
        }
        let value = squeeze(value);
        if value.is_empty() {
            return;
        }
        match parse_date(&value) {
            Some(day) => self.meta.date = Some(day),
            None => self.bad_date(&value),
        }
    }

    /// Records a date that is no date (a JSON number, say), as the source writes it.
    pub(crate) fn bad_date(&mut self, value: &str) {
        if self.bad_date.is_none() {
            self.bad_date = Some(cut_to(&squeeze(value), BAD_DATE_CHARS));
        }
    }

    /// Offers one author, or several, which are joined with `, ` (the same name twice
    /// is kept once).
    pub(crate) fn authors<S: AsRef<str>>(&mut self, names: impl IntoIterator<Item = S>) {
        if self.meta.author.is_some() {
            return;
        }
        let mut kept: Vec<String> = Vec::new();
        let mut chars = 0;
        for name in names {
            // Past the cut, more names change nothing (and a hostile list of a million
            // would take long to compare).
            if chars > META_MAX_CHARS {
                break;
            }
            let name = squeeze(name.as_ref());
            let none = NO_AUTHOR.iter().any(|no| name.eq_ignore_ascii_case(no));
            if !name.is_empty() && !none && !kept.contains(&name) {
                chars += name.chars().count() + 2;
                kept.push(name);
            }
        }
        if !kept.is_empty() {
            self.meta.author = Some(cut_to(&kept.join(", "), META_MAX_CHARS));
        }
    }

    /// Offers one author.
    pub(crate) fn author(&mut self, name: &str) {
        self.authors([name]);
    }

    /// Offers the site or publication.
    pub(crate) fn source(&mut self, value: &str) {
        offer(&mut self.meta.source, value, Some(META_MAX_CHARS));
    }

    /// Offers the address on the web.
    pub(crate) fn url(&mut self, value: &str) {
        offer(&mut self.meta.url, value, None);
    }

    /// Offers the language.
    pub(crate) fn lang(&mut self, value: &str) {
        offer(&mut self.meta.lang, value, None);
    }

    /// Whether a date was found.
    pub(crate) fn has_date(&self) -> bool {
        self.meta.date.is_some()
    }

    /// The metadata, and the first date that could not be read when no date could.
    pub(crate) fn finish(self) -> (Metadata, Option<String>) {
        let bad_date = self.bad_date.filter(|_| self.meta.date.is_none());
        (self.meta, bad_date)
    }
}

fn offer(part: &mut Option<String>, value: &str, limit: Option<usize>) {
    if part.is_some() {
        return;
    }
    let value = squeeze(value);
    if !value.is_empty() {
        *part = Some(match limit {
            Some(limit) => cut_to(&value, limit),
            None => value,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip() {
        assert_eq!(Day::from_ymd(1970, 1, 1), Some(Day(0)));
        assert_eq!(Day::from_ymd(2021, 7, 26).map(Day::days), Some(18_834));
        for days in (-800_000..800_000).step_by(997) {
            let (y, m, d) = Day(days).ymd();
            assert_eq!(Day::from_ymd(y, m, d), Some(Day(days)));
        }
        assert_eq!(
            Day::from_ymd(2024, 2, 29).map(|d| d.to_string()).as_deref(),
            Some("2024-02-29")
        );
        assert_eq!(Day::from_ymd(2023, 2, 29), None);
        assert_eq!(Day::from_ymd(1900, 2, 29), None);
        assert_eq!(Day::from_ymd(2000, 2, 29).map(Day::year), Some(2000));
        assert_eq!(Day::from_ymd(2021, 13, 1), None);
        assert_eq!(
            Day::from_unix_seconds(1_627_300_000)
                .map(|d| d.to_string())
                .as_deref(),
            Some("2021-07-26")
        );
    }

    #[test]
    fn fields_keep_the_first_usable_value() {
        let mut fields = MetaFields::default();
        fields.date("ayer");
        fields.date("  ");
        fields.date("26 de julio de 2021");
        fields.date("2020-01-01");
        fields.authors(["  Ana \n Pérez ", "", "Unknown Author", "Luis", "Ana Pérez"]);
        fields.author("Otro");
        fields.source(" ");
        fields.source(&"El Diario ".repeat(30));
        fields.url(" https://x.es/a ");
        fields.lang("es-ES");
        assert!(fields.has_date());
        let (meta, bad_date) = fields.finish();
        assert_eq!(bad_date, None, "a date was found after all");
        assert_eq!(meta.date, Day::from_ymd(2021, 7, 26));
        assert_eq!(meta.author.as_deref(), Some("Ana Pérez, Luis"));
        let source = meta.source.unwrap_or_default();
        assert!(source.chars().count() <= META_MAX_CHARS, "{source}");
        assert!(source.starts_with("El Diario El Diario") && source.ends_with("Diario…"));
        assert_eq!(meta.url.as_deref(), Some("https://x.es/a"));
        assert_eq!(meta.lang.as_deref(), Some("es-ES"));
    }

    #[test]
    fn a_long_list_of_authors_is_cut() {
        let names: Vec<String> = (0..100_000).map(|n| format!("Autor {n}")).collect();
        let mut fields = MetaFields::default();
        fields.authors(&names);
        let author = fields.finish().0.author.unwrap_or_default();
        assert!(author.starts_with("Autor 0, Autor 1, Autor 2"), "{author}");
        assert!(author.ends_with('…') && author.chars().count() <= META_MAX_CHARS);
    }

    #[test]
    fn an_unreadable_date_is_kept_when_no_other_is_found() {
        let mut fields = MetaFields::default();
        fields.date(" hace  tres días ");
        fields.date("anteayer");
        fields.authors(["unknown"]);
        let (meta, bad_date) = fields.finish();
        assert_eq!(meta, Metadata::default());
        assert_eq!(bad_date.as_deref(), Some("hace tres días"));
    }
}
