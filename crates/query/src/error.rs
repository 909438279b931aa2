//! What went wrong in a query, and where.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;
use unicode_width::UnicodeWidthChar;

/// The result of [`Parser::parse`](crate::Parser::parse).
pub type Result<T, E = ParseError> = std::result::Result<T, E>;

/// The kind of problem a [`ParseError`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// A `"` with no closing `"`.
    UnclosedQuote,
    /// A `(` with no closing `)`.
    UnbalancedOpen,
    /// A `)` with no `(` to close.
    UnbalancedClose,
    /// An operator (`AND`, `OR`, `NOT`, `+`, `-`, `title:`) without the query it
    /// applies to: `Irak AND`, `OR x`, `x AND OR y`.
    MissingOperand,
    /// Nothing to search for: an empty query, or only punctuation.
    EmptyQuery,
    /// An empty group: `()`.
    EmptyGroup,
    /// An empty phrase: `""`.
    EmptyPhrase,
    /// A number after `~` that is missing, not a whole number, or out of range
    /// (fuzzy distances go up to 2).
    BadNumber,
    /// A `\` at the very end, with nothing to escape.
    DanglingEscape,
    /// Parentheses, `NOT`s and field scopes nested deeper than the parser's limit.
    TooDeep,
    /// A query longer than the parser's limit.
    TooLong,
    /// The value of a date filter (`fecha:…`) is not one of the accepted
    /// forms, is not a real day (`2021-02-30`), or selects no day at all (a
    /// range whose start is after its end). The span covers the value, or
    /// the part of it that is wrong.
    BadDate,
    /// A `name:` that looks like a misspelt field name. The text is searched as a
    /// word; only [`Parser::parse_lenient`](crate::Parser::parse_lenient) reports
    /// this, as advice.
    UnknownField,
}

impl ParseErrorKind {
    /// A short, stable, snake_case name for the kind (`unclosed_quote`), for
    /// machine-readable output.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::UnclosedQuote => "unclosed_quote",
            Self::UnbalancedOpen => "unbalanced_open",
            Self::UnbalancedClose => "unbalanced_close",
            Self::MissingOperand => "missing_operand",
            Self::EmptyQuery => "empty_query",
            Self::EmptyGroup => "empty_group",
            Self::EmptyPhrase => "empty_phrase",
            Self::BadNumber => "bad_number",
            Self::DanglingEscape => "dangling_escape",
            Self::TooDeep => "too_deep",
            Self::TooLong => "too_long",
            Self::BadDate => "bad_date",
            Self::UnknownField => "unknown_field",
        }
    }
}

impl fmt::Display for ParseErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A problem in a query, with the span of text it is about.
///
/// Its `Display` prints the message, the query on one line, `^` carets under
/// the span and a hint when there is one:
///
/// ```text
/// unclosed quote
///   Irak "fin de las misiones
///        ^
///   hint: close the quote opened here
/// ```
///
/// Spans count characters (Unicode scalar values), not bytes; [`ParseError::byte_span`]
/// converts. The carets go by the width a terminal gives each character, so they line
/// up under accented letters typed as one character or as a letter and a combining
/// accent, and under wide characters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ParseError {
    kind: ParseErrorKind,
    span: Range<usize>,
    message: String,
    hint: Option<String>,
    input: Arc<str>,
}

/// Characters of context shown on each side of the span of a long query.
const CONTEXT: usize = 30;
/// Queries up to this many characters are shown whole.
const SHOWN_WHOLE: usize = 100;
/// At most this many carets.
const MAX_CARETS: usize = 60;

impl ParseError {
    pub(crate) fn new(
        kind: ParseErrorKind,
        span: Range<usize>,
        message: impl Into<String>,
        hint: Option<String>,
        input: Arc<str>,
    ) -> Self {
        ParseError {
            kind,
            span,
            message: message.into(),
            hint,
            input,
        }
    }

    /// What kind of problem this is.
    pub fn kind(&self) -> ParseErrorKind {
        self.kind
    }

    /// Where the problem is, in character offsets into [`ParseError::input`].
    /// The span may be empty (it then points just before the character at
    /// `span.start`, or at the end of the query).
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// The same span in byte offsets, for slicing the query string.
    pub fn byte_span(&self) -> Range<usize> {
        let byte = |chars: usize| {
            self.input
                .char_indices()
                .nth(chars)
                .map_or(self.input.len(), |(i, _)| i)
        };
        byte(self.span.start)..byte(self.span.end)
    }

    /// The one-line description, without the query or the hint.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Advice on how to fix the query, when there is some.
    pub fn hint(&self) -> Option<&str> {
        self.hint.as_deref()
    }

    /// The whole query the error is about.
    pub fn input(&self) -> &str {
        &self.input
    }

    /// The query line and the caret line of the rendering, without the message
    /// or the hint and without indentation. Long queries are cut to a window
    /// around the span, marked with `…`.
    pub fn snippet(&self) -> (String, String) {
        let total = self.input.chars().count();
        let start = self.span.start.min(total);
        let end = self.span.end.clamp(start, total);
        let (from, to) = if total <= SHOWN_WHOLE {
            (0, total)
        } else {
            let from = start.saturating_sub(CONTEXT);
            let shown = (end - start).clamp(1, MAX_CARETS);
            (from, (start + shown + CONTEXT).min(total))
        };
        let shown: Vec<char> = self
            .input
            .chars()
            .skip(from)
            .take(to - from)
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let width =
            |chars: &[char]| -> usize { chars.iter().map(|&c| c.width().unwrap_or(0)).sum() };
        let mut line = String::new();
        let mut column = width(&shown[..start - from]);
        if from > 0 {
            line.push('…');
            column += 1;
        }
        line.extend(&shown);
        if to < total {
            line.push('…');
        }
        let span = &shown[start - from..end.min(to) - from];
        let carets = width(span).clamp(1, MAX_CARETS);
        let mut marks = " ".repeat(column);
        marks.push_str(&"^".repeat(carets));
        (line, marks)
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (line, carets) = self.snippet();
        f.write_str(&self.message)?;
        f.write_str("\n  ")?;
        f.write_str(line.trim_end())?;
        f.write_str("\n  ")?;
        f.write_str(&carets)?;
        if let Some(hint) = &self.hint {
            f.write_str("\n  hint: ")?;
            f.write_str(hint)?;
        }
        Ok(())
    }
}

/// Collects the problems found while reading one query. The owned copy of the
/// query that every error carries is made once, on the first error.
pub(crate) struct Report<'a> {
    input: &'a str,
    shared: Option<Arc<str>>,
    pub(crate) errors: Vec<ParseError>,
}

impl<'a> Report<'a> {
    pub(crate) fn new(input: &'a str) -> Self {
        Report {
            input,
            shared: None,
            errors: Vec::new(),
        }
    }

    pub(crate) fn push(
        &mut self,
        kind: ParseErrorKind,
        span: Range<usize>,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        let input = self
            .shared
            .get_or_insert_with(|| Arc::from(self.input))
            .clone();
        self.errors
            .push(ParseError::new(kind, span, message, hint, input));
    }

    pub(crate) fn input(&self) -> &'a str {
        self.input
    }

    pub(crate) fn has(&self, kind: ParseErrorKind) -> bool {
        self.errors.iter().any(|e| e.kind == kind)
    }
}
