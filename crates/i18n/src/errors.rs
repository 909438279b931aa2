//! The library's errors in the user's language, made from their kinds and fields.
//!
//! `lupa-core` and `lupa-query` describe their errors in English through `Display`, for
//! the programs that embed them. The interfaces say the same things in the user's
//! language through these functions, from the messages in `locales/*.ftl`. Free text
//! that comes from the operating system or the engine (`No such file or directory`)
//! is quoted as it is.

use crate::{tr, Lang};
use lupa::query::{ParseError, ParseErrorKind};
use lupa::{Error, SkipReason, Skipped, WriteCause};

/// What is wrong with a query and how to fix it: `(message, hint)`.
pub fn query(lang: Lang, e: &ParseError) -> (String, Option<String>) {
    let span: String = e
        .input()
        .chars()
        .skip(e.span().start)
        .take(e.span().len())
        .collect();
    let chars = e.input().chars().count();
    let id = match e.kind() {
        ParseErrorKind::UnclosedQuote => "query-unclosed-quote",
        ParseErrorKind::UnbalancedOpen => "query-unbalanced-open",
        ParseErrorKind::UnbalancedClose => "query-unbalanced-close",
        ParseErrorKind::MissingOperand => "query-missing-operand",
        ParseErrorKind::EmptyQuery => "query-empty",
        ParseErrorKind::EmptyGroup => "query-empty-group",
        ParseErrorKind::EmptyPhrase => "query-empty-phrase",
        ParseErrorKind::BadNumber => "query-bad-number",
        ParseErrorKind::DanglingEscape => "query-dangling-escape",
        ParseErrorKind::TooDeep => "query-too-deep",
        ParseErrorKind::TooLong => "query-too-long",
        ParseErrorKind::BadDate => "query-bad-date",
        ParseErrorKind::UnknownField => {
            // The field it may have meant is named in the library's hint, in backticks.
            let known = e
                .hint()
                .and_then(|h| h.split('`').nth(1))
                .unwrap_or_default()
                .to_string();
            return (
                tr!(lang, "query-unknown-field", span = span.as_str()),
                Some(tr!(lang, "query-unknown-field-hint", known = known)),
            );
        }
        // A kind added to the query language after these messages were written.
        _ => return (e.message().to_string(), e.hint().map(str::to_string)),
    };
    let hint = format!("{id}-hint");
    (
        tr!(lang, id, span = span.as_str(), chars = chars),
        Some(tr!(lang, &hint, span = span.as_str(), chars = chars)),
    )
}

/// A query error as a terminal shows it: the message, the query with carets under the
/// problem, and the hint.
///
/// ```text
/// las comillas no se cierran
///   Irak "fin de las misiones
///        ^
///   pista: ciérralas con otra «"»
/// ```
pub fn query_block(lang: Lang, e: &ParseError) -> String {
    let (message, hint) = query(lang, e);
    let (line, carets) = e.snippet();
    let mut out = format!("{message}\n  {line}\n  {carets}");
    if let Some(hint) = hint {
        out.push_str(&format!("\n  {}", tr!(lang, "hint-line", hint = hint)));
    }
    out
}

/// One of the library's errors, whole.
pub fn error(lang: Lang, e: &Error) -> String {
    let path = |p: &std::path::Path| p.display().to_string();
    match e {
        Error::Query(e) => query_block(lang, e),
        Error::OnlyStopWords { query } => tr!(lang, "error-only-stop-words", query = query),
        Error::IndexNotFound { path: p } => tr!(lang, "error-index-not-found", path = path(p)),
        Error::IncompatibleVersion {
            path: p,
            found,
            expected,
        } => tr!(
            lang,
            "error-incompatible-version",
            path = path(p),
            found = *found,
            expected = *expected
        ),
        Error::ForeignFolder { path: p, entries } => {
            const SHOWN: usize = 5;
            let mut names = entries
                .iter()
                .take(SHOWN)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ");
            if entries.len() > SHOWN {
                names.push_str(&tr!(lang, "and-more", count = entries.len() - SHOWN));
            }
            tr!(
                lang,
                "error-foreign-folder",
                path = path(p),
                entries = names
            )
        }
        Error::IndexExists { path: p } => tr!(lang, "error-index-exists", path = path(p)),
        Error::Write {
            path: p,
            cause,
            documents,
            ..
        } => {
            let state = match documents {
                Some(n) => tr!(lang, "index-state-counted", documents = *n),
                None => tr!(lang, "index-state"),
            };
            let id = match cause {
                WriteCause::StorageFull => "error-write-full",
                WriteCause::PermissionDenied => "error-write-permission",
                WriteCause::ReadOnly => "error-write-read-only",
                _ => "error-write-other",
            };
            tr!(lang, id, path = path(p), state = state)
        }
        Error::Locked { path: p, lock } => {
            tr!(lang, "error-locked", path = path(p), lock = path(lock))
        }
        Error::Corrupt { path: p, reason } => {
            tr!(lang, "error-corrupt", path = path(p), reason = reason)
        }
        Error::BadFolder { path: p, reason } => {
            let reason = if reason == "not a folder" {
                tr!(lang, "not-a-folder")
            } else {
                reason.clone()
            };
            tr!(lang, "error-bad-folder", path = path(p), reason = reason)
        }
        Error::Io { path: p, source } => {
            tr!(
                lang,
                "error-io",
                path = path(p),
                reason = source.to_string()
            )
        }
        Error::Engine(e) => tr!(lang, "error-engine", reason = e.to_string()),
        // A kind added to the library after these messages were written.
        other => other.to_string(),
    }
}

/// Why a file was skipped, or what of it was left out.
pub fn skip_reason(lang: Lang, reason: &SkipReason) -> String {
    match reason {
        SkipReason::Binary => tr!(lang, "skip-binary"),
        SkipReason::Undecodable => tr!(lang, "skip-undecodable"),
        SkipReason::TooLarge { size, limit } => {
            tr!(lang, "skip-too-large", size = *size, limit = *limit)
        }
        SkipReason::Unreadable(why) => tr!(lang, "skip-unreadable", reason = why),
        SkipReason::Vanished => tr!(lang, "skip-vanished"),
        SkipReason::BadLine { line, message } => {
            tr!(lang, "skip-bad-line", line = *line, reason = message)
        }
        SkipReason::BadDate { line: None, value } => {
            tr!(lang, "skip-bad-date", value = format!("{value:?}"))
        }
        SkipReason::BadDate {
            line: Some(line),
            value,
        } => tr!(
            lang,
            "skip-bad-date-line",
            line = *line,
            value = format!("{value:?}")
        ),
        SkipReason::Damaged { format, why } => {
            tr!(lang, "skip-damaged", format = *format, reason = why)
        }
        SkipReason::NoTextLayer => tr!(lang, "skip-no-text-layer"),
        SkipReason::Encrypted => tr!(lang, "skip-encrypted"),
        SkipReason::Empty => tr!(lang, "skip-empty"),
        SkipReason::SymlinkLoop { ancestor } => {
            tr!(
                lang,
                "skip-symlink-loop",
                ancestor = format!("{ancestor:?}")
            )
        }
        SkipReason::SymlinkNotFollowed => tr!(lang, "skip-symlink-not-followed"),
        SkipReason::OutsideFolder => tr!(lang, "skip-outside-folder"),
        SkipReason::BrokenSymlink => tr!(lang, "skip-broken-symlink"),
        SkipReason::NotRegularFile => tr!(lang, "skip-not-regular"),
        SkipReason::PathCollision => tr!(lang, "skip-path-collision"),
        other => other.to_string(),
    }
}

/// A skipped file and why: `notas.bin: binary file (not text)`.
pub fn skipped(lang: Lang, s: &Skipped) -> String {
    format!("{}: {}", s.path, skip_reason(lang, &s.reason))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_error(query: &str) -> ParseError {
        match lupa::parser(lupa::DefaultOperator::Any).parse(query) {
            Ok(parsed) => panic!("`{query}` parsed as {parsed}"),
            Err(e) => e,
        }
    }

    #[test]
    fn a_query_error_speaks_either_language_and_keeps_its_carets() {
        let e = parse_error("Irak \"fin de las misiones");
        let es = query_block(Lang::Es, &e);
        assert!(es.starts_with("unas comillas no se cierran\n"), "{es}");
        assert!(es.contains("\n       ^\n  pista: "), "{es}");
        let en = query_block(Lang::En, &e);
        assert!(en.starts_with("unclosed quote\n"), "{en}");
        assert!(en.contains("\n  hint: close the quote opened here"), "{en}");
    }

    #[test]
    fn every_query_error_kind_has_a_message_in_both_languages() {
        for query in [
            "\"abierta",
            "(irak",
            "irak)",
            "irak AND",
            "",
            "()",
            "\"\"",
            "palabra~7",
            "irak\\",
            "fecha:ayer",
        ] {
            let e = parse_error(query);
            for lang in Lang::ALL {
                let (message, hint) = super::query(lang, &e);
                assert!(!message.starts_with("query-"), "{query}: {message}");
                assert!(hint.is_some_and(|h| !h.starts_with("query-")), "{query}");
            }
        }
        let deep = "(".repeat(300) + "x" + &")".repeat(300);
        let (es, _) = super::query(Lang::Es, &parse_error(&deep));
        assert!(es.contains("niveles"), "{es}");
    }

    #[test]
    fn a_skipped_file_says_why_in_either_language() {
        let s = Skipped::new("foto.jpg.txt", SkipReason::Binary);
        assert_eq!(
            skipped(Lang::Es, &s),
            "foto.jpg.txt: archivo binario (no es texto)"
        );
        assert_eq!(
            skipped(Lang::En, &s),
            "foto.jpg.txt: binary file (not text)"
        );
    }
}
