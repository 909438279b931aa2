//! Stemming only the words that can match: the gate of the analyzer that finds a query's
//! matches in a hit's text.
//!
//! A snippet analyses each hit's whole text to find the query's words, and stemming is
//! the dearest step of that (`perf` of the server under load: the stem cache, the
//! lexicon and Snowball were a quarter of its time). Yet a word can only match if its
//! indexed form is one of the query's, and that form begins as the folded word does:
//! Snowball removes or replaces endings (its one replacement, `-encia` → `-ente`, keeps
//! more than three letters of the word), the suffix accents it needs are put back after
//! the first letters, and stop words and numbers keep their folded form. Only the
//! [`Lexicon`] gives a form another lemma's stem (`fue` → `ser`), and it lists those
//! forms. So a [`Gate`] holds the first three bytes of every indexed form a query
//! matches, and of every form the lexicon takes to one, and the analyzer drops, before
//! stemming, each token whose folded form starts with none of them. The tokens that stay
//! are analysed as before (a test compares the two on the Snowball vocabulary).

use super::lexicon::Lexicon;
use std::cell::RefCell;
use std::collections::HashSet;
use std::hash::BuildHasherDefault;
use std::sync::Arc;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

use super::word_hash::WordHasher;

/// How many leading bytes of a folded word the gate compares.
const KEY: usize = 3;

/// The beginnings of the indexed forms a query can match.
#[derive(Debug, Clone, Default)]
pub(crate) struct Gate {
    /// The first [`KEY`] bytes of forms at least that long.
    keys: HashSet<[u8; KEY], BuildHasherDefault<WordHasher>>,
    /// Whole forms shorter than that, matched as prefixes.
    short: Vec<Vec<u8>>,
}

impl Gate {
    /// A gate for tokens whose indexed form is one of `forms`, as the index analyzer
    /// makes them (with the lexicon when `lexicon`).
    pub(crate) fn new<'a>(forms: impl IntoIterator<Item = &'a str>, lexicon: bool) -> Gate {
        let mut gate = Gate::default();
        for form in forms {
            gate.add(form);
            if lexicon {
                for listed in Lexicon::spanish().forms_of(form) {
                    gate.add(listed);
                }
            }
        }
        gate
    }

    fn add(&mut self, form: &str) {
        let bytes = form.as_bytes();
        match bytes.first_chunk::<KEY>() {
            Some(key) => {
                self.keys.insert(*key);
            }
            None => self.short.push(bytes.to_vec()),
        }
    }

    /// Whether a token whose folded form is `folded` may have one of the gate's forms.
    pub(crate) fn admits(&self, folded: &str) -> bool {
        let bytes = folded.as_bytes();
        if let Some(key) = bytes.first_chunk::<KEY>() {
            if self.keys.contains(key) {
                return true;
            }
        }
        self.short.iter().any(|s| bytes.starts_with(s))
    }
}

thread_local! {
    /// The gate of the search this thread is finding matches for; none lets every token
    /// through.
    static CURRENT: RefCell<Option<Arc<Gate>>> = const { RefCell::new(None) };
}

/// Runs `f` with `gate` as this thread's gate, for the [`Gated`] analyzers it runs.
pub(crate) fn with_gate<R>(gate: Arc<Gate>, f: impl FnOnce() -> R) -> R {
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            CURRENT.with_borrow_mut(|current| *current = None);
        }
    }
    CURRENT.with_borrow_mut(|current| *current = Some(gate));
    let _reset = Reset;
    f()
}

/// Drops the tokens this thread's gate does not admit (see [`with_gate`]); placed after
/// folding and before stemming.
#[derive(Clone, Copy, Debug, Default)]
pub struct Gated;

impl TokenFilter for Gated {
    type Tokenizer<T: Tokenizer> = GatedTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> GatedTokenizer<T> {
        GatedTokenizer { inner: tokenizer }
    }
}

/// The tokenizer produced by [`Gated`].
#[derive(Clone, Debug)]
pub struct GatedTokenizer<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for GatedTokenizer<T> {
    type TokenStream<'a> = GatedStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        GatedStream {
            tail: self.inner.token_stream(text),
        }
    }
}

/// The token stream produced by [`GatedTokenizer`].
pub struct GatedStream<S> {
    tail: S,
}

impl<S: TokenStream> TokenStream for GatedStream<S> {
    fn advance(&mut self) -> bool {
        CURRENT.with_borrow(|gate| {
            while self.tail.advance() {
                match gate {
                    Some(gate) if !gate.admits(&self.tail.token().text) => continue,
                    _ => return true,
                }
            }
            false
        })
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{AccentFolder, LowerCaser, Normalizer, Stem};

    /// Every word of the Snowball vocabulary and every form of the lexicon: the gate made
    /// of a word's indexed form admits the word.
    #[test]
    fn a_words_own_indexed_form_opens_the_gate_for_it() {
        let voc = include_str!("../../tests/data/snowball-spanish/voc.pre2025.txt");
        let lexicon_forms = include_str!("../../data/lemmas-es.txt")
            .lines()
            .filter(|line| !line.starts_with('#'))
            .flat_map(|line| line.split_whitespace());
        let mut stem = Stem::with_cache(0);
        let mut checked = 0;
        for word in voc
            .lines()
            .chain(lexicon_forms)
            .chain(["EE.UU.", "12,5", "año", "ñu", "u"])
        {
            let folded = AccentFolder.apply(&LowerCaser.apply(word.trim()));
            if folded.is_empty() {
                continue;
            }
            let form = stem.indexed_form(&folded);
            let gate = Gate::new([form.as_str()], true);
            assert!(gate.admits(&folded), "{word}: {folded} -> {form}");
            checked += 1;
        }
        assert!(checked > 20_000, "{checked} words");
    }

    #[test]
    fn a_lexicon_form_opens_the_gate_of_its_lemma() {
        // `murió` takes the stem of `morir`, which it does not begin with.
        let gate = Gate::new(["mor"], true);
        assert!(gate.admits("murio"));
        assert!(!Gate::new(["mor"], false).admits("murio"));
        assert!(!gate.admits("casa"));
    }
}
