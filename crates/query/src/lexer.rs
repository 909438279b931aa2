//! Splits query text into tokens with character spans.
//!
//! The lexer decides everything that depends on single characters: where words
//! end, which `-` excludes and which joins `Al-Kazemi`, whether `title:` is a
//! field scope or part of a word like `10:30`, what follows `~`, and where the
//! value of a date filter (`fecha:2021-07`) ends. The parser only sees tokens.

use std::ops::Range;

use crate::ast::{DateRange, Phrase, Term, TermModifier};
use crate::date;
use crate::error::{ParseErrorKind, Report};
use crate::fields::{FieldKind, Fields};

/// Letters, digits, `_` and combining marks (for text typed in decomposed form).
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || c == '_'
        || matches!(c, '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}'
            | '\u{20d0}'..='\u{20ff}' | '\u{fe20}'..='\u{fe2f}')
}

/// Characters that join word characters into one word (`EE.UU.`, `Al-Kazemi`,
/// `d'Ors`, `y/o`, `ana@ejemplo.es`). They cannot start a word.
pub(crate) fn is_connector(c: char) -> bool {
    matches!(c, '.' | '-' | '\'' | '’' | '/' | '@')
}

/// The operator keywords; a word spelt exactly like one must be escaped where it
/// could be an operator (see [`words_where_no_operator_stands`]).
pub(crate) const KEYWORDS: [&str; 6] = ["AND", "OR", "NOT", "Y", "O", "NO"];

/// Whether `text` can name a field: word characters, starting with a letter.
pub(crate) fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(char::is_alphabetic) && chars.all(is_word_char)
}

/// Characters that may directly follow `+`, `-` or a field's colon.
fn starts_operand(c: char) -> bool {
    is_word_char(c) || matches!(c, '\\' | '"' | '(')
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tok {
    Word(Term),
    Phrase(Phrase),
    /// A known text field's `name:`, holding the canonical name.
    Field(String),
    /// A date field's `name:` and its value: the canonical name, and the range
    /// (`None` when the value was wrong, which was reported).
    Date(String, Option<DateRange>),
    Open,
    Close,
    And,
    Or,
    Not,
    Plus,
    Minus,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    pub(crate) tok: Tok,
    pub(crate) span: Range<usize>,
}

pub(crate) struct Options<'a> {
    pub(crate) fields: &'a Fields,
    /// Read `AND`, `Y`, `OR`, `O`, `NOT`, `NO` as operators (they are words
    /// otherwise).
    pub(crate) keywords: bool,
    /// Report likely misspelt field names as [`ParseErrorKind::UnknownField`].
    pub(crate) advice: bool,
}

pub(crate) struct Lexed {
    pub(crate) tokens: Vec<Token>,
    /// Whether some word was read as an operator keyword.
    pub(crate) saw_keyword: bool,
}

pub(crate) fn lex(chars: &[char], options: &Options<'_>, report: &mut Report<'_>) -> Lexed {
    let mut lexer = Lexer {
        chars,
        pos: 0,
        options,
        report,
        tokens: Vec::new(),
        saw_keyword: false,
    };
    lexer.run();
    let mut tokens = lexer.tokens;
    words_where_no_operator_stands(&mut tokens, chars);
    Lexed {
        tokens,
        saw_keyword: lexer.saw_keyword,
    }
}

/// The Spanish keywords `Y`, `O` and `NO` are also words that start sentences and
/// names (`¿Y cuándo…?`, `O Porriño`, `NO-DO`): where no operator can stand (`Y` or
/// `O` without an operand on one side, `NO` with none after it), they are read as the
/// word itself; so are they right after an opening `¡` or `¿` (`¡NO a la guerra!`,
/// `¿Y ahora?`), where a Spanish sentence starts. The English keywords stay operators
/// there, and their errors stay.
fn words_where_no_operator_stands(tokens: &mut [Token], chars: &[char]) {
    let ends_operand = |t: &Tok| {
        matches!(
            t,
            Tok::Word(_) | Tok::Phrase(_) | Tok::Date(..) | Tok::Close
        )
    };
    let starts_operand = |t: &Tok| {
        matches!(
            t,
            Tok::Word(_)
                | Tok::Phrase(_)
                | Tok::Date(..)
                | Tok::Open
                | Tok::Not
                | Tok::Plus
                | Tok::Minus
                | Tok::Field(_)
        )
    };
    for i in 0..tokens.len() {
        let binary = match tokens[i].tok {
            Tok::And | Tok::Or => true,
            Tok::Not => false,
            _ => continue,
        };
        let text: String = chars[tokens[i].span.clone()].iter().collect();
        if !matches!(text.as_str(), "Y" | "O" | "NO") {
            continue;
        }
        let after = tokens.get(i + 1).is_some_and(|t| starts_operand(&t.tok));
        let before = i > 0 && ends_operand(&tokens[i - 1].tok);
        let opens_sentence = tokens[i]
            .span
            .start
            .checked_sub(1)
            .is_some_and(|at| matches!(chars[at], '¡' | '¿'));
        if after && (before || !binary) && !opens_sentence {
            continue;
        }
        tokens[i].tok = Tok::Word(Term {
            text,
            modifier: TermModifier::None,
        });
    }
}

struct Lexer<'c, 'o, 'r, 'i> {
    chars: &'c [char],
    pos: usize,
    options: &'o Options<'o>,
    report: &'r mut Report<'i>,
    tokens: Vec<Token>,
    saw_keyword: bool,
}

impl Lexer<'_, '_, '_, '_> {
    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).copied()
    }

    fn push(&mut self, tok: Tok, start: usize) {
        self.tokens.push(Token {
            tok,
            span: start..self.pos,
        });
    }

    /// Whether the current character is glued to the end of the previous word,
    /// phrase or group: then `!`, `+` and `-` are punctuation (`¡Hola!`, `C++`).
    fn glued(&self) -> bool {
        self.pos
            .checked_sub(1)
            .and_then(|i| self.chars.get(i))
            .is_some_and(|&prev| {
                is_word_char(prev) || is_connector(prev) || matches!(prev, '"' | ')' | '*' | '~')
            })
    }

    /// Whether an operand (or another prefix operator) starts after `skip`
    /// characters and any whitespace: `!x`, `! (a b)`, but not `¡Hola !`.
    fn operand_follows(&self, skip: usize) -> bool {
        self.chars[(self.pos + skip).min(self.chars.len())..]
            .iter()
            .find(|c| !c.is_whitespace())
            .is_some_and(|&c| starts_operand(c) || matches!(c, '!' | '+' | '-'))
    }

    fn run(&mut self) {
        while let Some(c) = self.peek(0) {
            let start = self.pos;
            match c {
                '(' | ')' => {
                    self.pos += 1;
                    self.push(if c == '(' { Tok::Open } else { Tok::Close }, start);
                }
                '"' => self.phrase(),
                '&' | '|' if self.peek(1) == Some(c) => {
                    self.pos += 2;
                    self.push(if c == '&' { Tok::And } else { Tok::Or }, start);
                }
                '!' if !self.glued() && self.operand_follows(1) => {
                    self.pos += 1;
                    self.push(Tok::Not, start);
                }
                '+' | '-' if !self.glued() && self.peek(1).is_some_and(starts_operand) => {
                    self.pos += 1;
                    self.push(if c == '+' { Tok::Plus } else { Tok::Minus }, start);
                }
                c if c == '\\' || is_word_char(c) => self.word(),
                // Whitespace, and punctuation that is not syntax (`¿`, `?`, `,`,
                // a lone `-`), only separate words.
                _ => self.pos += 1,
            }
        }
    }

    fn word(&mut self) {
        let start = self.pos;
        let mut text = String::new();
        let mut escaped = false;
        while let Some(c) = self.peek(0) {
            if c == '\\' {
                match self.peek(1) {
                    Some(next) => {
                        text.push(next);
                        escaped = true;
                        self.pos += 2;
                    }
                    None => {
                        self.report.push(
                            ParseErrorKind::DanglingEscape,
                            self.pos..self.pos + 1,
                            "`\\` at the end escapes nothing",
                            Some("write `\\\\` to search for a backslash".into()),
                        );
                        self.pos += 1;
                    }
                }
            } else if is_word_char(c) || (is_connector(c) && !text.is_empty()) {
                text.push(c);
                self.pos += 1;
            } else if c == ':' && !text.is_empty() {
                if !escaped && is_identifier(&text) {
                    let lowercase = text.to_lowercase();
                    if let Some((name, kind)) = self.options.fields.get(&lowercase) {
                        self.pos += 1;
                        let name = name.to_string();
                        match kind {
                            FieldKind::Text => self.push(Tok::Field(name), start),
                            FieldKind::Date => self.date(name, start),
                        }
                        return;
                    }
                    self.advise(&lowercase, start);
                }
                text.push(':');
                self.pos += 1;
            } else {
                break;
            }
        }
        if text.is_empty() {
            return;
        }
        let modifier = match self.peek(0) {
            Some('*') => {
                self.pos += 1;
                TermModifier::Prefix
            }
            Some('~') => TermModifier::Fuzzy(self.fuzzy()),
            _ => TermModifier::None,
        };
        if self.options.keywords && !escaped && modifier == TermModifier::None {
            let keyword = match text.as_str() {
                "AND" | "Y" => Some(Tok::And),
                "OR" | "O" => Some(Tok::Or),
                "NOT" | "NO" => Some(Tok::Not),
                _ => None,
            };
            if let Some(tok) = keyword {
                self.saw_keyword = true;
                self.push(tok, start);
                return;
            }
        }
        self.push(Tok::Word(Term { text, modifier }), start);
    }

    /// Reads the value after a date field's `name:` (spaces before it are
    /// skipped, as after a text field's). A wrong value is reported and the
    /// token holds no range.
    fn date(&mut self, field: String, start: usize) {
        let colon = self.pos;
        let from = (colon..self.chars.len())
            .find(|&i| !self.chars[i].is_whitespace())
            .unwrap_or(self.chars.len());
        let end = date::value_end(self.chars, from);
        let range = if from == end {
            let typed: String = self.chars[start..colon].iter().collect();
            let (message, hint) = date::missing(&typed, self.chars.get(from).copied());
            let kind = ParseErrorKind::BadDate;
            self.report.push(kind, start..colon, message, Some(hint));
            None
        } else {
            self.pos = end;
            match date::parse(&self.chars[from..end]) {
                Ok(range) => Some(range),
                Err(error) => {
                    let span = from + error.span.start..from + error.span.end;
                    let kind = ParseErrorKind::BadDate;
                    self.report
                        .push(kind, span, error.message, Some(error.hint));
                    None
                }
            }
        };
        self.push(Tok::Date(field, range), start);
    }

    /// Reports `titel:` as a likely typo of the field `title`.
    fn advise(&mut self, lowercase: &str, start: usize) {
        if !self.options.advice {
            return;
        }
        if let Some(known) = self.options.fields.suggest(lowercase) {
            let typed: String = self.chars[start..self.pos].iter().collect();
            let hint = format!("did you mean the field `{known}`?");
            self.report.push(
                ParseErrorKind::UnknownField,
                start..self.pos + 1,
                format!("`{typed}` is not a field, so `{typed}:` is searched as part of a word"),
                Some(hint),
            );
        }
    }

    /// Reads the digits after a `~`: `(span, digits, had a fraction)`.
    fn number(&mut self) -> (Range<usize>, String, bool) {
        let tilde = self.pos;
        self.pos += 1;
        let mut digits = String::new();
        while let Some(c) = self.peek(0).filter(char::is_ascii_digit) {
            digits.push(c);
            self.pos += 1;
        }
        let mut fraction = false;
        if self.peek(0) == Some('.') && self.peek(1).is_some_and(|c| c.is_ascii_digit()) {
            fraction = true;
            self.pos += 1;
            while self.peek(0).is_some_and(|c| c.is_ascii_digit()) {
                self.pos += 1;
            }
        }
        (tilde..self.pos, digits, fraction)
    }

    /// Reads `~`, `~1`, `~2` after a word. Out of range distances are
    /// reported and clamped.
    fn fuzzy(&mut self) -> u8 {
        let (span, digits, fraction) = self.number();
        let text: String = self.chars[span.clone()].iter().collect();
        if fraction {
            self.report.push(
                ParseErrorKind::BadNumber,
                span,
                format!("`{text}` is not a whole number of edits"),
                Some("fuzzy matching takes `~1` or `~2` (a lone `~` means `~1`)".into()),
            );
            return 1;
        }
        if digits.is_empty() {
            return 1;
        }
        match digits.parse::<u8>() {
            Ok(distance) if distance <= 2 => distance,
            _ => {
                self.report.push(
                    ParseErrorKind::BadNumber,
                    span,
                    format!("fuzzy distance {digits} is too large"),
                    Some("words can differ by at most 2 edits: try `~2`".into()),
                );
                2
            }
        }
    }

    fn phrase(&mut self) {
        let start = self.pos;
        self.pos += 1;
        let mut text = String::new();
        let mut closed = false;
        while let Some(c) = self.peek(0) {
            self.pos += 1;
            match c {
                '\\' => {
                    if let Some(next) = self.peek(0) {
                        text.push(next);
                        self.pos += 1;
                    }
                }
                '"' => {
                    closed = true;
                    break;
                }
                c => text.push(c),
            }
        }
        if !closed {
            self.report.push(
                ParseErrorKind::UnclosedQuote,
                start..start + 1,
                "unclosed quote",
                Some("close the quote opened here".into()),
            );
        }
        let mut slop = None;
        if closed && self.peek(0) == Some('~') {
            let (span, digits, fraction) = self.number();
            let text: String = self.chars[span.clone()].iter().collect();
            if digits.is_empty() {
                self.report.push(
                    ParseErrorKind::BadNumber,
                    span,
                    "`~` after a phrase needs a number",
                    Some(
                        "write how many moves the words may be apart, as in \
                         `\"retirada tropas\"~3`"
                            .into(),
                    ),
                );
            } else if fraction {
                self.report.push(
                    ParseErrorKind::BadNumber,
                    span,
                    format!("`{text}` is not a whole number"),
                    Some("phrase proximity counts word moves: `~1`, `~2`, `~3`…".into()),
                );
                slop = digits.parse().ok();
            } else {
                match digits.parse::<u32>() {
                    Ok(n) => slop = Some(n),
                    Err(_) => {
                        self.report.push(
                            ParseErrorKind::BadNumber,
                            span,
                            format!("proximity {digits} is too large"),
                            Some(format!("the largest proximity is {}", u32::MAX)),
                        );
                        slop = Some(u32::MAX);
                    }
                }
            }
        }
        if text.trim().is_empty() {
            if closed {
                self.report.push(
                    ParseErrorKind::EmptyPhrase,
                    start..self.pos,
                    "empty phrase",
                    Some("put some words between the quotes, or remove them".into()),
                );
            }
            return;
        }
        self.push(Tok::Phrase(Phrase { text, slop }), start);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(input: &str) -> Vec<Tok> {
        let chars: Vec<char> = input.chars().collect();
        let mut fields = Fields::default();
        fields.insert("title", &["título"], FieldKind::Text);
        fields.insert("date", &["fecha"], FieldKind::Date);
        let options = Options {
            fields: &fields,
            keywords: true,
            advice: true,
        };
        let mut report = Report::new(input);
        lex(&chars, &options, &mut report)
            .tokens
            .into_iter()
            .map(|t| t.tok)
            .collect()
    }

    fn word(text: &str) -> Tok {
        Tok::Word(Term::new(text))
    }

    #[test]
    fn punctuation_separates_words() {
        assert_eq!(
            toks("¿Dónde está Irak?"),
            [word("Dónde"), word("está"), word("Irak")]
        );
        assert_eq!(toks("¡Hola!"), [word("Hola")]);
        assert_eq!(
            toks("¡NO a la guerra!"),
            [word("NO"), word("a"), word("la"), word("guerra")]
        );
        assert_eq!(toks("¿Y ahora?"), [word("Y"), word("ahora")]);
        // Not right after the mark, or in English: an operator.
        assert_eq!(toks("¡ NO guerra")[0], Tok::Not);
        assert_eq!(toks("¡NOT guerra")[0], Tok::Not);
        assert_eq!(toks("¡Hola !"), [word("Hola")]);
        assert_eq!(toks("¡!"), []);
        assert_eq!(toks("Irak - Siria"), [word("Irak"), word("Siria")]);
        assert_eq!(toks("C++"), [word("C")]);
    }

    #[test]
    fn inner_connectors_stay_in_the_word() {
        assert_eq!(
            toks("EE.UU. Al-Kazemi 1.200"),
            [word("EE.UU."), word("Al-Kazemi"), word("1.200")]
        );
        assert_eq!(
            toks("https://x.es/a 10:30"),
            [word("https://x.es/a"), word("10:30")]
        );
    }

    #[test]
    fn field_names_ignore_case() {
        assert_eq!(toks("TÍTULO:x"), [Tok::Field("title".into()), word("x")]);
    }

    #[test]
    fn date_values_end_at_spaces_parentheses_and_brackets() {
        let day = |m, d| crate::ast::Date::new(2021, m, d);
        let filter = |from, to| Tok::Date("date".into(), Some(DateRange { from, to }));
        assert_eq!(
            toks("(fecha:2021-07)"),
            [Tok::Open, filter(day(7, 1), day(7, 31)), Tok::Close]
        );
        assert_eq!(
            toks("FECHA: >=2021-07-26, x"),
            [filter(day(7, 26), None), word("x")]
        );
        assert_eq!(
            toks("fecha:[2021 TO 2021-06]x"),
            [filter(day(1, 1), day(6, 30)), word("x")]
        );
        assert_eq!(
            toks("fecha:[2021 TO (x)"),
            [
                Tok::Date("date".into(), None),
                Tok::Open,
                word("x"),
                Tok::Close
            ]
        );
        assert_eq!(
            toks("fecha:(x)"),
            [
                Tok::Date("date".into(), None),
                Tok::Open,
                word("x"),
                Tok::Close
            ]
        );
        assert_eq!(toks(r"fecha\:2021"), [word("fecha:2021")]);
    }

    #[test]
    fn spans_count_characters() {
        let chars: Vec<char> = "año \"ñu\"".chars().collect();
        let fields = Fields::default();
        let options = Options {
            fields: &fields,
            keywords: true,
            advice: false,
        };
        let mut report = Report::new("año \"ñu\"");
        let spans: Vec<_> = lex(&chars, &options, &mut report)
            .tokens
            .into_iter()
            .map(|t| t.span)
            .collect();
        assert_eq!(spans, [0..3, 4..8]);
    }
}
