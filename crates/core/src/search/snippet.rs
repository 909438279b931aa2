//! Snippets: the best passage of a document, with every match marked.
//!
//! Matches are found with the same analyzers as the search, so `retirar` marks
//! `retirada`, `asesoria` marks `asesoría`, and a phrase is marked as one range from
//! its first word to its last.

use crate::analysis::gate::{with_gate, Gate};
use crate::analysis::Variant;
use serde::Serialize;
use std::cell::RefCell;
use std::collections::HashSet;
use std::ops::Range;
use std::sync::{Arc, OnceLock};
use tantivy::tokenizer::TextAnalyzer;

/// A passage of plain text and the byte ranges in it that matched the query.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Snippet {
    /// The passage, with runs of white space folded to one space.
    pub text: String,
    /// Byte ranges of `text` that matched, in order, not overlapping; each starts and
    /// ends on a character boundary.
    pub highlights: Vec<Range<usize>>,
}

/// What a query asks to highlight.
#[derive(Debug, Clone, Default)]
pub(crate) struct Matcher {
    /// The analysis pipeline of the index.
    pub variant: crate::analysis::Variant,
    /// Analyzed (stemmed) forms of single words.
    pub words: HashSet<String>,
    /// Analyzed phrases: tokens at relative positions, with their slop.
    pub phrases: Vec<(Vec<(usize, String)>, u32)>,
    /// Folded words matched exactly (parts of prefix queries).
    pub folded_words: HashSet<String>,
    /// Folded prefixes.
    pub prefixes: Vec<String>,
    /// Folded words with their edit distance.
    pub fuzzy: Vec<(String, u8)>,
    /// The gate of `words` and `phrases`, made once they are all known (see
    /// [`Matcher::gate`]).
    gate: OnceLock<Arc<Gate>>,
}

impl Matcher {
    /// Nothing to find yet, in the texts of `variant`'s index.
    pub(crate) fn new(variant: Variant) -> Matcher {
        Matcher {
            variant,
            ..Matcher::default()
        }
    }

    /// The gate of the words and phrases' words to find, made on the first hit of a
    /// search and shared by the rest.
    fn gate(&self) -> Arc<Gate> {
        let gate = self.gate.get_or_init(|| {
            let phrase_words = self
                .phrases
                .iter()
                .flat_map(|(p, _)| p.iter().map(|(_, t)| t));
            let forms = self.words.iter().chain(phrase_words).map(String::as_str);
            Arc::new(Gate::new(forms, true))
        });
        Arc::clone(gate)
    }

    fn needs_folded(&self) -> bool {
        !(self.folded_words.is_empty() && self.prefixes.is_empty() && self.fuzzy.is_empty())
    }
}

/// A matched range of the source text and the query piece it belongs to.
#[derive(Debug, Clone)]
struct Hit {
    range: Range<usize>,
    key: usize,
}

/// The analyzers snippets use, kept per thread so their stem cache stays warm from one
/// hit (and one search) to the next: (variant, matching analyzer, folded analyzer).
type Analyzers = (Variant, TextAnalyzer, TextAnalyzer);

thread_local! {
    static ANALYZERS: RefCell<Option<Analyzers>> = const { RefCell::new(None) };
}

#[cfg(test)]
thread_local! {
    /// Bytes of text this thread analysed for snippets and matches, for tests that
    /// check a search reads only what it shows.
    pub(crate) static ANALYZED_BYTES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Finds the matches of `matcher` in `text`, as byte ranges with a key per query piece.
fn find(text: &str, matcher: &Matcher) -> Vec<Hit> {
    #[cfg(test)]
    ANALYZED_BYTES.with(|n| n.set(n.get() + text.len()));
    ANALYZERS.with(|cell| {
        let mut cell = cell.borrow_mut();
        let (_, analyzer, folded) = match &mut *cell {
            Some(cached) if cached.0 == matcher.variant => cached,
            slot => slot.insert((
                matcher.variant,
                matcher.variant.matching_analyzer(),
                matcher.variant.folded_analyzer(),
            )),
        };
        find_with(text, matcher, analyzer, folded)
    })
}

fn find_with(
    text: &str,
    matcher: &Matcher,
    analyzer: &mut TextAnalyzer,
    folded: &mut TextAnalyzer,
) -> Vec<Hit> {
    let mut hits = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    let mut key_of = |s: &str| match keys.iter().position(|k| k == s) {
        Some(i) => i,
        None => {
            keys.push(s.to_string());
            keys.len() - 1
        }
    };
    // Tokens by position, for phrases: (position, text, range).
    let mut tokens: Vec<(usize, String, Range<usize>)> = Vec::new();
    // Only the tokens that may be a word or a phrase's word of the query are stemmed.
    with_gate(matcher.gate(), || {
        let mut stream = analyzer.token_stream(text);
        while let Some(t) = stream.next() {
            if matcher.words.contains(&t.text) {
                hits.push(Hit {
                    range: t.offset_from..t.offset_to,
                    key: key_of(&t.text),
                });
            }
            if !matcher.phrases.is_empty() {
                tokens.push((t.position, t.text.clone(), t.offset_from..t.offset_to));
            }
        }
    });
    for (i, (phrase, slop)) in matcher.phrases.iter().enumerate() {
        let key = key_of(&format!("\u{0}phrase{i}"));
        for (start, (pos, text, _)) in tokens.iter().enumerate() {
            if *text != phrase[0].1 {
                continue;
            }
            if let Some(end) = phrase_end(&tokens, start, *pos, phrase, *slop) {
                hits.push(Hit {
                    range: tokens[start].2.start..end,
                    key,
                });
            }
        }
    }
    if matcher.needs_folded() {
        let mut stream = folded.token_stream(text);
        while let Some(t) = stream.next() {
            let w = t.text.as_str();
            let matched = matcher.folded_words.contains(w)
                || matcher.prefixes.iter().any(|p| w.starts_with(p.as_str()))
                || matcher.fuzzy.iter().any(|(f, d)| {
                    crate::search::suggest::distance_within(w, f, usize::from(*d)).is_some()
                });
            if matched {
                hits.push(Hit {
                    range: t.offset_from..t.offset_to,
                    key: key_of(w),
                });
            }
        }
    }
    hits.sort_by_key(|h| (h.range.start, std::cmp::Reverse(h.range.end)));
    hits
}

/// Where a phrase that starts at token index `start` ends (byte offset), if it matches.
fn phrase_end(
    tokens: &[(usize, String, Range<usize>)],
    start: usize,
    first_pos: usize,
    phrase: &[(usize, String)],
    slop: u32,
) -> Option<usize> {
    let mut end = tokens[start].2.end;
    let window = phrase.last().map_or(0, |(p, _)| *p) + slop as usize;
    for (rel, word) in &phrase[1..] {
        let found = tokens[start..]
            .iter()
            .take_while(|(p, _, _)| *p <= first_pos + window)
            .find(|(p, t, _)| t == word && (slop > 0 || *p == first_pos + rel) && *p > first_pos)?;
        end = end.max(found.2.end);
    }
    Some(end)
}

/// The best passage of about `max_chars` characters of `text` for `matcher`.
pub(crate) fn best(text: &str, matcher: &Matcher, max_chars: usize) -> Snippet {
    let hits = find(text, matcher);
    let max_bytes_hint = max_chars.max(20);
    // Pick the window start (a hit) that covers the most distinct query pieces,
    // then the most hits.
    let mut best: Option<(usize, usize, usize)> = None; // (distinct, count, index)
    for (i, h) in hits.iter().enumerate() {
        let limit = char_end(text, h.range.start, max_bytes_hint);
        let mut seen = HashSet::new();
        let mut count = 0;
        for other in hits[i..].iter().take_while(|o| o.range.end <= limit) {
            seen.insert(other.key);
            count += 1;
        }
        let score = (seen.len(), count, i);
        if best.is_none_or(|b| (score.0, score.1) > (b.0, b.1)) {
            best = Some(score);
        }
    }
    let (start, end) = match best {
        Some((_, _, i)) => {
            let first = hits[i].range.start;
            // Some context before the first match, about a fifth of the window.
            let lead = char_back(text, first, max_chars / 5);
            let start = word_start(text, lead, first);
            let end = word_end(text, char_end(text, start, max_chars));
            (start, end.max(hits[i].range.end.min(text.len())))
        }
        None => (0, word_end(text, char_end(text, 0, max_chars))),
    };
    render(text, start, end, &hits)
}

/// Every match of `matcher` in the whole of `text`, as byte ranges in order, merged
/// where they overlap: for showing a document with its matches marked.
pub(crate) fn matches(text: &str, matcher: &Matcher) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for hit in find(text, matcher) {
        match out.last_mut() {
            Some(last) if hit.range.start <= last.end => last.end = last.end.max(hit.range.end),
            _ => out.push(hit.range),
        }
    }
    out
}

/// Byte offset `n` characters after `from` (or the end of `text`).
fn char_end(text: &str, from: usize, n: usize) -> usize {
    text[from..]
        .char_indices()
        .nth(n)
        .map_or(text.len(), |(i, _)| from + i)
}

/// Byte offset `n` characters before `from` (or 0).
fn char_back(text: &str, from: usize, n: usize) -> usize {
    text[..from]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i)
        .min(from)
}

/// Moves `at` forward to the start of a word, never past `limit`.
fn word_start(text: &str, at: usize, limit: usize) -> usize {
    if at == 0 {
        return 0;
    }
    let prev_is_space = text[..at]
        .chars()
        .next_back()
        .is_none_or(char::is_whitespace);
    if prev_is_space {
        return at;
    }
    text[at..limit]
        .char_indices()
        .find(|(_, c)| c.is_whitespace())
        .map_or(limit, |(i, c)| at + i + c.len_utf8())
}

/// Moves `at` back to the end of a word, unless that would leave nothing.
fn word_end(text: &str, at: usize) -> usize {
    if at >= text.len() {
        return text.len();
    }
    let next_is_space = text[at..].chars().next().is_some_and(char::is_whitespace);
    if next_is_space {
        return at;
    }
    match text[..at]
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
    {
        Some((i, _)) if i > 0 => i,
        _ => at,
    }
}

/// Builds the snippet text for `text[start..end]`, folding white space and adding
/// `…` where the passage is cut, and maps the hits into it.
fn render(text: &str, start: usize, end: usize, hits: &[Hit]) -> Snippet {
    let mut out = String::new();
    // map[i] = offset in `out` of source byte `start + i` (for char starts).
    let mut map = vec![0usize; end - start + 1];
    if start > 0 {
        out.push('…');
    }
    let mut last_space = true;
    for (i, c) in text[start..end].char_indices() {
        map[i] = out.len();
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.push(c);
            last_space = false;
        }
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    map[end - start] = out.len();
    let mut highlights: Vec<Range<usize>> = Vec::new();
    for h in hits {
        if h.range.start < start || h.range.end > end {
            continue;
        }
        let r = map[h.range.start - start]..map[h.range.end - start].min(out.len());
        if r.is_empty() {
            continue;
        }
        match highlights.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => highlights.push(r),
        }
    }
    if end < text.len() {
        out.push('…');
    }
    Snippet {
        text: out,
        highlights,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(ws: &[&str]) -> Matcher {
        Matcher {
            words: ws.iter().map(|w| w.to_string()).collect(),
            ..Default::default()
        }
    }

    fn marked(s: &Snippet) -> String {
        let mut out = String::new();
        let mut at = 0;
        for r in &s.highlights {
            out.push_str(&s.text[at..r.start]);
            out.push('[');
            out.push_str(&s.text[r.clone()]);
            out.push(']');
            at = r.end;
        }
        out.push_str(&s.text[at..]);
        out
    }

    #[test]
    fn marks_stemmed_matches() {
        let m = words(&["retir"]);
        let s = best("El gobierno anunció la retirada de las tropas.", &m, 200);
        assert_eq!(
            marked(&s),
            "El gobierno anunció la [retirada] de las tropas."
        );
    }

    #[test]
    fn never_cuts_words_or_chars() {
        let text = "ñandú ".repeat(100) + "retirada " + &"acción ".repeat(100);
        let s = best(&text, &words(&["retir"]), 60);
        assert!(s.text.starts_with('…') && s.text.ends_with('…'));
        let inner = s.text.trim_matches('…');
        for w in inner.split(' ') {
            assert!(
                ["ñandú", "retirada", "acción"].contains(&w),
                "cut word {w:?}"
            );
        }
        assert_eq!(&s.text[s.highlights[0].clone()], "retirada");
    }

    #[test]
    fn phrase_is_one_range() {
        let m = Matcher {
            phrases: vec![(
                vec![
                    (0, "fin".into()),
                    (1, "de".into()),
                    (2, "las".into()),
                    (3, "mision".into()),
                ],
                0,
            )],
            ..Default::default()
        };
        let s = best("anunciaron el fin de las misiones de combate", &m, 200);
        assert_eq!(marked(&s), "anunciaron el [fin de las misiones] de combate");
    }

    #[test]
    fn no_match_gives_the_start() {
        let s = best("Primera línea.\n\nSegunda   línea.", &words(&["zzz"]), 200);
        assert_eq!(s.text, "Primera línea. Segunda línea.");
        assert!(s.highlights.is_empty());
    }
}
