//! Titles for text that has none of its own.

use unicode_segmentation::UnicodeSegmentation;

/// A first line up to this many characters is the title as it is.
pub const TITLE_MAX_CHARS: usize = 160;
/// A longer first line gives its first sentence, cut near this many characters.
pub const TITLE_CUT_CHARS: usize = 120;
/// A sentence end closer to the start than this is not taken as the end of the first
/// sentence (`1. Introducción`, `Sr. Pérez`).
const MIN_SENTENCE_CHARS: usize = 20;

/// The title of a plain text: its first non-empty line, trimmed, with runs of
/// whitespace and control characters made single spaces, when that line is at most
/// [`TITLE_MAX_CHARS`] characters long.
///
/// A longer line gives its first sentence (ended by `.`, `!`, `?` or `…` and a space,
/// at least 20 characters in); a sentence longer than [`TITLE_CUT_CHARS`] characters is
/// cut at the last space before that length and ends with `…`. A word is cut only when it
/// alone is longer than the limit, and then between two characters as a reader sees them
/// (grapheme clusters). The result is at most 160 characters; empty for blank text.
///
/// ```
/// use lupa_core::ingest::plain_text_title;
/// assert_eq!(plain_text_title("\n  La sequía  en Murcia\nTexto…"), "La sequía en Murcia");
/// ```
pub fn plain_text_title(text: &str) -> String {
    text_title(text).0
}

/// The plain-text title of `text`, and whether it is an excerpt of the text's first
/// sentence (the first line was too long to be a title) rather than a title line.
pub(crate) fn text_title(text: &str) -> (String, bool) {
    let Some(line) = text
        .split(is_line_break)
        .map(str::trim)
        .find(|line| !line.is_empty())
    else {
        return (String::new(), false);
    };
    let line = squeeze(line);
    if line.chars().count() <= TITLE_MAX_CHARS {
        return (line, false);
    }
    let sentence = first_sentence(&line);
    if sentence.chars().count() <= TITLE_CUT_CHARS {
        return (sentence.to_owned(), true);
    }
    let mut title = cut(sentence, TITLE_CUT_CHARS).to_owned();
    title.push('…');
    (title, true)
}

fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Collapses whitespace and control characters into single spaces.
pub(crate) fn squeeze(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(|c: char| c.is_whitespace() || c.is_control()) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// `text` when it has at most `limit` characters, else its start cut at a word (as a
/// long title is) and ended with `…`: at most `limit` characters in all.
pub(crate) fn cut_to(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_owned();
    }
    let mut cut = cut(text, limit.saturating_sub(1)).to_owned();
    cut.push('…');
    cut
}

/// The line up to and including the first sentence end, or the whole line.
fn first_sentence(line: &str) -> &str {
    let mut chars = line.char_indices().enumerate().peekable();
    while let Some((count, (at, c))) = chars.next() {
        let ends = matches!(c, '.' | '!' | '?' | '…');
        let then_space = chars.peek().is_some_and(|(_, (_, next))| *next == ' ');
        if ends && then_space && count + 1 >= MIN_SENTENCE_CHARS {
            return line.get(..at + c.len_utf8()).unwrap_or(line);
        }
    }
    line
}

/// At most `limit` characters of `text`, ending at a word end, without trailing
/// punctuation that would look odd before `…`.
fn cut(text: &str, limit: usize) -> &str {
    let end = text
        .char_indices()
        .nth(limit)
        .map_or(text.len(), |(at, _)| at);
    let head = text.get(..end).unwrap_or(text);
    let rest = text.get(end..).unwrap_or_default();
    let head = if rest.is_empty() || rest.starts_with(' ') {
        head
    } else {
        match head.rfind(' ') {
            Some(space) => head.get(..space).unwrap_or(head),
            None => whole_graphemes(head, text),
        }
    };
    let trimmed = head.trim_end_matches(|c: char| c == ' ' || ",;:-–—".contains(c));
    if trimmed.is_empty() {
        head
    } else {
        trimmed
    }
}

/// The longest prefix of `head` that does not split a grapheme cluster of `text`.
fn whole_graphemes<'a>(head: &'a str, text: &str) -> &'a str {
    let mut end = 0;
    for (at, grapheme) in text.grapheme_indices(true) {
        if at + grapheme.len() > head.len() {
            break;
        }
        end = at + grapheme.len();
    }
    head.get(..end).unwrap_or(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_first_line_is_kept() {
        let cases = [
            ("", ""),
            (" \n\t\n", ""),
            ("Hola", "Hola"),
            ("\r\n  Uno  dos\t tres \r\ncuatro", "Uno dos tres"),
            ("Primera\u{2028}segunda", "Primera"),
        ];
        for (text, title) in cases {
            assert_eq!(plain_text_title(text), title, "{text:?}");
        }
        let exact = "a".repeat(TITLE_MAX_CHARS);
        assert_eq!(plain_text_title(&exact), exact);
    }

    #[test]
    fn long_line_gives_first_sentence() {
        let sentence = "La sequía obliga a cortar el riego en toda la cuenca del Segura.";
        let line = format!("{sentence} {}", "Más texto que sigue y sigue. ".repeat(10));
        assert_eq!(plain_text_title(&line), sentence);
    }

    #[test]
    fn short_sentence_end_is_not_taken() {
        let line = format!("1. Introducción a {}", "palabra ".repeat(40));
        let title = plain_text_title(&line);
        assert!(title.starts_with("1. Introducción a palabra"), "{title}");
        assert!(title.ends_with("palabra…"), "{title}");
    }

    #[test]
    fn long_sentence_is_cut_at_a_word() {
        let line = "ñandú ".repeat(50);
        let title = plain_text_title(&line);
        assert!(title.ends_with("ñandú…"), "{title}");
        assert!(title.chars().count() <= TITLE_CUT_CHARS + 1);
    }

    #[test]
    fn cut_to_a_limit() {
        assert_eq!(cut_to("Ana Pérez", 9), "Ana Pérez");
        assert_eq!(cut_to("Ana Pérez, Luis", 12), "Ana Pérez…");
        let long = "palabra ".repeat(40);
        let cut = cut_to(&long, 200);
        assert!(
            cut.chars().count() <= 200 && cut.ends_with("palabra…"),
            "{cut}"
        );
    }

    #[test]
    fn one_giant_word_is_cut_between_graphemes() {
        // "e" followed by a combining acute accent: two chars, one grapheme.
        let line = "e\u{301}".repeat(200);
        let title = plain_text_title(&line);
        let body = title.trim_end_matches('…');
        assert_eq!(body.chars().count() % 2, 0, "{title}");
        assert!(body.chars().count() <= TITLE_CUT_CHARS);
    }
}
