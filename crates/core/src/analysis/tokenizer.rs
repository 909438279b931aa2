//! Step 1: split text into words.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use unicode_segmentation::UnicodeSegmentation;

/// Words longer than this (in bytes, after joining) are not indexed; they still take a
/// position so phrases around them keep their gaps.
pub const MAX_WORD_BYTES: usize = 100;

/// At most this many parts are joined into one compound (`a-b-c-...`).
const MAX_PARTS: usize = 8;

/// Splits text into words on Unicode word boundaries (UAX #29), then applies three Spanish
/// rules:
///
/// - **Acronyms with dots** become one token without the dots: `EE.UU.`, `ee.uu` and `EEUU`
///   all give `EEUU`/`eeuu`. A dotted acronym is two or more parts of one or two letters, all
///   uppercase or all lowercase; a final dot belongs to it.
/// - **Hyphenated names** (`Al-Kazemi`, `sirio-iraquí`, also `O'Donnell`) become one token
///   with the parts joined (`AlKazemi`), so the whole matches itself and its unhyphenated
///   spelling. The index tokenizer also emits each part at the same position, so `kazemi`
///   alone finds it.
/// - **Numbers** keep their digits and separators (`2017`, `1.200`, `3,5`). The index
///   tokenizer also emits `1200` for a dotted thousands number like `1.200`.
///
/// Punctuation (`¿ ¡ « » “ ”`, dashes, dots) never makes a token. Other dots and colons inside
/// a word (`años.El`, `www.boe.es`) split it. Offsets are byte offsets into the original text,
/// on char boundaries; alternatives carry the offsets of their part.
///
/// Tokens at one position come main form first, then alternatives.
///
/// The tokenizer keeps its tokens between texts and refills them in place, so a text costs no
/// allocation once the buffers have grown to fit (the filters after it swap their buffers
/// with the token texts, which keeps them in circulation).
#[derive(Clone, Debug, Default)]
pub struct WordTokenizer {
    alternatives: bool,
    /// Token buffers; the first `len` hold the current text's tokens.
    tokens: Vec<Token>,
    len: usize,
    atoms: Vec<Atom>,
}

impl WordTokenizer {
    /// The tokenizer for indexed text: with alternatives (hyphen parts, undotted numbers).
    pub fn with_alternatives() -> Self {
        WordTokenizer {
            alternatives: true,
            ..WordTokenizer::default()
        }
    }

    /// The tokenizer for queries and the folded field: one token per position.
    pub fn one_per_position() -> Self {
        WordTokenizer {
            alternatives: false,
            ..WordTokenizer::default()
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Word,
    Number,
    Acronym,
}

/// A piece of the text that is one word or one part of a compound.
#[derive(Clone, Debug)]
struct Atom {
    from: usize,
    to: usize,
    kind: Kind,
}

fn is_word_splitter(c: char) -> bool {
    matches!(c, '.' | ':' | '\'' | '’')
}

fn is_joiner(gap: &str) -> bool {
    matches!(gap, "-" | "\u{2010}" | "\u{2011}" | "'" | "’")
}

fn is_number(word: &str) -> bool {
    word.starts_with(|c: char| c.is_numeric())
        && word.ends_with(|c: char| c.is_numeric())
        && word.chars().all(|c| c.is_numeric() || c == '.' || c == ',')
}

fn is_acronym(word: &str) -> bool {
    let mut parts = 0;
    let (mut upper, mut lower) = (true, true);
    for part in word.split('.') {
        let letters = part.chars().count();
        if !(1..=2).contains(&letters) || !part.chars().all(char::is_alphabetic) {
            return false;
        }
        upper &= part.chars().all(char::is_uppercase);
        lower &= part.chars().all(char::is_lowercase);
        parts += 1;
    }
    parts >= 2 && (upper || lower)
}

/// `1.200` or `12.345.678`: groups of three digits after the first, separated by dots.
fn thousands_without_dots(number: &str) -> Option<String> {
    let mut groups = number.split('.');
    let first = groups.next()?;
    if first.is_empty() || first.len() > 3 || !first.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut out = first.to_string();
    let mut count = 1;
    for group in groups {
        if group.len() != 3 || !group.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        out.push_str(group);
        count += 1;
    }
    (count > 1).then_some(out)
}

fn push_atoms(text: &str, from: usize, word: &str, atoms: &mut Vec<Atom>) {
    let to = from + word.len();
    if !word.contains(is_word_splitter) {
        atoms.push(Atom {
            from,
            to,
            kind: Kind::Word,
        });
    } else if is_number(word) {
        atoms.push(Atom {
            from,
            to,
            kind: Kind::Number,
        });
    } else if is_acronym(word) {
        let to = if text[to..].starts_with('.') {
            to + 1
        } else {
            to
        };
        atoms.push(Atom {
            from,
            to,
            kind: Kind::Acronym,
        });
    } else {
        let mut start = 0;
        for (i, c) in word.char_indices().chain([(word.len(), '.')]) {
            if is_word_splitter(c) {
                if i > start {
                    atoms.push(Atom {
                        from: from + start,
                        to: from + i,
                        kind: Kind::Word,
                    });
                }
                start = i + c.len_utf8();
            }
        }
    }
}

/// The text of an atom as the tokenizer emits it (acronyms lose their dots).
fn atom_text(text: &str, atom: &Atom, out: &mut String) {
    let slice = &text[atom.from..atom.to];
    match atom.kind {
        Kind::Acronym => out.extend(slice.chars().filter(|&c| c != '.')),
        Kind::Word | Kind::Number => out.push_str(slice),
    }
}

/// Word break classes (UAX #29) of the characters the Latin fast path knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    /// ALetter.
    Letter,
    /// Numeric.
    Digit,
    /// MidLetter: `:` and `·`.
    MidLetter,
    /// MidNumLet and Single_Quote: `.`, `'`, `‘`, `’`, `․`.
    MidNumLet,
    /// MidNum: `,` and `;`.
    MidNum,
    /// ExtendNumLet: `_`.
    ExtendNumLet,
    /// Everything else the fast path knows: spaces, line breaks, punctuation, symbols.
    /// None of these joins anything, and none is alphanumeric.
    Other,
}

/// The word break class of `c`, or `None` when the fast path does not know it (then the
/// text goes through the full UAX #29 rules).
///
/// Known: ASCII, Latin-1 and Latin Extended-A and B (U+00A0 to U+024F) except the soft
/// hyphen (Format), the cedilla (which joins letters in the segmenter's tables) and the
/// superscript digits and fractions (alphanumeric but not Numeric),
/// and the General Punctuation from U+2010 to U+2027 (dashes, quotes, bullets, ellipsis).
/// The test `the_fast_path_classes_agree_with_uax29` checks every one against the
/// segmenter.
fn class(c: char) -> Option<Class> {
    Some(match c {
        'a'..='z' | 'A'..='Z' => Class::Letter,
        '0'..='9' => Class::Digit,
        ':' | '\u{b7}' | '\u{2027}' => Class::MidLetter,
        '.' | '\'' | '\u{2018}' | '\u{2019}' | '\u{2024}' => Class::MidNumLet,
        ',' | ';' => Class::MidNum,
        '_' => Class::ExtendNumLet,
        '\0'..='\u{7f}' => Class::Other,
        '\u{ad}' | '\u{b2}' | '\u{b3}' | '\u{b8}' | '\u{b9}' | '\u{bc}'..='\u{be}' => return None,
        '\u{aa}' | '\u{b5}' | '\u{ba}' => Class::Letter,
        '\u{d7}' | '\u{f7}' => Class::Other,
        '\u{a0}'..='\u{bf}' => Class::Other,
        '\u{c0}'..='\u{24f}' => Class::Letter,
        '\u{2010}'..='\u{2026}' => Class::Other,
        _ => return None,
    })
}

/// Calls `f` with each word of `text` and its byte offset, exactly as
/// `text.unicode_word_indices()` would, when every character of `text` is one [`class`]
/// knows; returns `false` as soon as it meets one it does not (having called `f` for some
/// words already).
///
/// For these characters UAX #29 reduces to: letters and digits join each other (WB5, WB8 to
/// WB10), `_` joins them and itself (WB13a, WB13b), a mid-letter or mid-number-letter
/// character joins two letters (WB6, WB7), a mid-number or mid-number-letter character
/// joins two digits (WB11, WB12), and everything else breaks (WB999). A segment is a word
/// when it holds a letter or a digit.
fn latin_words(text: &str, mut f: impl FnMut(usize, &str)) -> bool {
    use Class::*;
    let mut chars = text.char_indices().peekable();
    let mut start = 0;
    let mut alphanumeric = false;
    // Classes of the two characters before the current one (Other at the start).
    let (mut before, mut previous) = (Other, Other);
    while let Some((i, c)) = chars.next() {
        let Some(current) = class(c) else {
            return false;
        };
        let mut next = || chars.peek().and_then(|&(_, n)| class(n)).unwrap_or(Other);
        let joins = match (previous, current) {
            (Letter | Digit, Letter | Digit) => true,
            (Letter | Digit | ExtendNumLet, ExtendNumLet) | (ExtendNumLet, Letter | Digit) => true,
            (Letter, MidLetter | MidNumLet) => next() == Letter,
            (MidLetter | MidNumLet, Letter) => before == Letter,
            (Digit, MidNum | MidNumLet) => next() == Digit,
            (MidNum | MidNumLet, Digit) => before == Digit,
            _ => false,
        };
        if !joins {
            if alphanumeric {
                f(start, &text[start..i]);
            }
            start = i;
            alphanumeric = false;
        }
        alphanumeric |= matches!(current, Letter | Digit);
        before = previous;
        previous = current;
    }
    if alphanumeric {
        f(start, &text[start..]);
    }
    true
}

/// The atoms of every word of `text`, in order. Words are what `text.unicode_word_indices()`
/// gives; Latin text takes a fast path ([`latin_words`]) to the same words.
fn push_words(text: &str, atoms: &mut Vec<Atom>) {
    if !latin_words(text, |from, word| push_atoms(text, from, word, atoms)) {
        atoms.clear();
        for (from, word) in text.unicode_word_indices() {
            push_atoms(text, from, word, atoms);
        }
    }
}

impl WordTokenizer {
    fn tokenize(&mut self, text: &str) {
        self.len = 0;
        let mut atoms = std::mem::take(&mut self.atoms);
        atoms.clear();
        push_words(text, &mut atoms);
        let mut position = 0;
        let mut i = 0;
        while i < atoms.len() {
            let mut j = i;
            while j + 1 < atoms.len()
                && j + 1 - i < MAX_PARTS
                && atoms[j].kind != Kind::Acronym
                && atoms[j + 1].kind != Kind::Acronym
                && is_joiner(&text[atoms[j].to..atoms[j + 1].from])
            {
                j += 1;
            }
            let chain = &atoms[i..=j];
            let main = self.next_token(chain[0].from, chain[chain.len() - 1].to, position);
            for atom in chain {
                atom_text(text, atom, main);
            }
            if main.len() <= MAX_WORD_BYTES {
                self.len += 1;
                if self.alternatives {
                    self.push_alternatives(text, chain, position);
                }
            }
            position += 1;
            i = j + 1;
        }
        self.atoms = atoms;
    }

    /// The buffer of the next token, set to these offsets and position, its text empty. The
    /// token counts once the caller bumps `len`.
    fn next_token(&mut self, offset_from: usize, offset_to: usize, position: usize) -> &mut String {
        if self.len == self.tokens.len() {
            self.tokens.push(Token::default());
        }
        let token = &mut self.tokens[self.len];
        token.offset_from = offset_from;
        token.offset_to = offset_to;
        token.position = position;
        token.position_length = 1;
        token.text.clear();
        &mut token.text
    }

    fn push_alternatives(&mut self, text: &str, chain: &[Atom], position: usize) {
        if chain.len() > 1 {
            for atom in chain {
                let part = self.next_token(atom.from, atom.to, position);
                atom_text(text, atom, part);
                self.len += 1;
            }
        } else if chain[0].kind == Kind::Number {
            if let Some(plain) = thousands_without_dots(&text[chain[0].from..chain[0].to]) {
                let out = self.next_token(chain[0].from, chain[0].to, position);
                out.push_str(&plain);
                self.len += 1;
            }
        }
    }
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        self.tokenize(text);
        WordStream {
            tokens: &mut self.tokens[..self.len],
            next: 0,
        }
    }
}

/// The token stream produced by [`WordTokenizer`].
#[derive(Debug)]
pub struct WordStream<'a> {
    tokens: &'a mut [Token],
    next: usize,
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    type Words = Vec<(usize, String)>;

    fn uax29(text: &str) -> Words {
        text.unicode_word_indices()
            .map(|(i, w)| (i, w.to_string()))
            .collect()
    }

    /// The words of the fast path, `None` when it gives up.
    fn fast(text: &str) -> Option<Words> {
        let mut out = Vec::new();
        latin_words(text, |i, w| out.push((i, w.to_string()))).then_some(out)
    }

    /// What the tokenizer splits on: the fast path, or UAX #29 when it gives up.
    fn either(text: &str) -> Words {
        fast(text).unwrap_or_else(|| uax29(text))
    }

    /// One character of each class, and some the fast path does not know.
    const CONTEXT: &[char] = &[
        'a', 'Z', 'é', 'ñ', '1', '.', ':', ',', ';', '\'', '’', '_', ' ', '-', '\n', 'ª', '¿', '—',
    ];

    #[test]
    fn the_fast_path_classes_agree_with_uax29() {
        let known: Vec<char> = (0..0x2100u32)
            .filter_map(char::from_u32)
            .filter(|&c| class(c).is_some())
            .collect();
        assert!(known.len() > 550, "{}", known.len());
        let mut text = String::new();
        let mut bad = std::collections::BTreeSet::new();
        for &c in &known {
            for &x in CONTEXT {
                for &y in CONTEXT {
                    for chars in [[c, x, y], [x, c, y], [x, y, c]] {
                        text.clear();
                        text.extend(chars);
                        if fast(&text).as_ref() != Some(&uax29(&text)) {
                            bad.insert(c);
                        }
                    }
                }
            }
        }
        assert!(bad.is_empty(), "{bad:?}");
        for &w in CONTEXT {
            for &x in CONTEXT {
                for &y in CONTEXT {
                    for &z in CONTEXT {
                        text.clear();
                        text.extend([w, x, y, z]);
                        assert_eq!(fast(&text).as_ref(), Some(&uax29(&text)), "{text:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn the_fast_path_gives_up_on_what_it_does_not_know() {
        for text in [
            "año\u{301}",
            "x²",
            "pala\u{ad}bra",
            "東京",
            "ok 👍🏽",
            "\u{feff}Hola",
        ] {
            assert_eq!(fast(text), None, "{text:?}");
            assert_eq!(either(text), uax29(text), "{text:?}");
        }
    }

    #[test]
    fn the_fast_path_splits_the_sample_articles_like_uax29() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
        let mut fast_texts = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            assert_eq!(either(&text), uax29(&text), "{path:?}");
            fast_texts += usize::from(fast(&text).is_some());
        }
        assert!(fast_texts >= 5, "{fast_texts}");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn the_fast_path_splits_spanish_like_uax29(
            text in "[a-zA-ZáéíóúüñÑÁÉÜçàª0-9.,:;'’‘_ ¿?¡!«»“”—–…\\-]{0,40}"
        ) {
            prop_assert_eq!(fast(&text), Some(uax29(&text)));
        }

        #[test]
        fn the_split_is_uax29_on_any_text(
            text in "([a-zñáéü0-9.,:'’_ ¿?—\\-]|\\PC|[\u{300}-\u{36f}]|[\u{ad}\u{200b}-\u{200d}\u{2060}\u{feff}]|[²½]|[\u{1f300}-\u{1f6ff}\u{1f3fb}])*"
        ) {
            prop_assert_eq!(either(&text), uax29(&text));
        }
    }

    fn tokens(tokenizer: &mut WordTokenizer, text: &str) -> Vec<(String, usize, String)> {
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push((
                t.text.clone(),
                t.position,
                text[t.offset_from..t.offset_to].to_string(),
            ));
        }
        out
    }

    fn texts(text: &str) -> Vec<String> {
        let mut tokenizer = WordTokenizer::one_per_position();
        tokens(&mut tokenizer, text)
            .into_iter()
            .map(|t| t.0)
            .collect()
    }

    #[test]
    fn punctuation_is_not_a_token() {
        assert_eq!(
            texts("¿Qué pasó? ¡Nada! «Sí», dijo “él” — (bueno)…"),
            ["Qué", "pasó", "Nada", "Sí", "dijo", "él", "bueno"]
        );
    }

    #[test]
    fn acronyms_with_dots_are_one_token() {
        assert_eq!(texts("EE.UU. y la O.N.U."), ["EEUU", "y", "la", "ONU"]);
        assert_eq!(texts("ee.uu"), ["eeuu"]);
        assert_eq!(texts("EEUU"), ["EEUU"]);
        let mut tokenizer = WordTokenizer::with_alternatives();
        let found = tokens(&mut tokenizer, "en EE.UU. hoy");
        assert_eq!(found[1], ("EEUU".into(), 1, "EE.UU.".into()));
    }

    #[test]
    fn dots_that_are_not_acronyms_split_words() {
        assert_eq!(texts("años.El gobierno"), ["años", "El", "gobierno"]);
        assert_eq!(texts("www.boe.es"), ["www", "boe", "es"]);
        assert_eq!(texts("Ee.Uu"), ["Ee", "Uu"]);
    }

    #[test]
    fn numbers_keep_their_digits() {
        assert_eq!(
            texts("en 2017 murieron 1.200 personas, un 3,5 %"),
            ["en", "2017", "murieron", "1.200", "personas", "un", "3,5"]
        );
        let mut tokenizer = WordTokenizer::with_alternatives();
        let found = tokens(&mut tokenizer, "1.200 y 3.5");
        assert_eq!(found[0], ("1.200".into(), 0, "1.200".into()));
        assert_eq!(found[1], ("1200".into(), 0, "1.200".into()));
        assert_eq!(found[2].0, "y");
        assert_eq!(found[3].0, "3.5");
        assert_eq!(found.len(), 4);
    }

    #[test]
    fn hyphenated_names_are_joined_with_their_parts_as_alternatives() {
        assert_eq!(texts("Jalal Al-Kazemi dijo"), ["Jalal", "AlKazemi", "dijo"]);
        let mut tokenizer = WordTokenizer::with_alternatives();
        assert_eq!(
            tokens(&mut tokenizer, "Jalal Al-Kazemi dijo"),
            [
                ("Jalal".into(), 0, "Jalal".into()),
                ("AlKazemi".into(), 1, "Al-Kazemi".into()),
                ("Al".into(), 1, "Al".into()),
                ("Kazemi".into(), 1, "Kazemi".into()),
                ("dijo".into(), 2, "dijo".into()),
            ]
        );
        assert_eq!(texts("sirio-iraquí"), ["sirioiraquí"]);
        assert_eq!(texts("O'Donnell"), ["ODonnell"]);
    }

    #[test]
    fn dashes_with_spaces_do_not_join() {
        assert_eq!(texts("Irak - Siria"), ["Irak", "Siria"]);
        assert_eq!(texts("Irak—Siria"), ["Irak", "Siria"]);
    }

    #[test]
    fn very_long_words_keep_their_position() {
        let long = "a".repeat(MAX_WORD_BYTES + 1);
        let mut tokenizer = WordTokenizer::one_per_position();
        let found = tokens(&mut tokenizer, &format!("uno {long} tres"));
        assert_eq!(
            found,
            [
                ("uno".into(), 0, "uno".into()),
                ("tres".into(), 2, "tres".into()),
            ]
        );
    }
}
