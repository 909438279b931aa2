//! Step 6: the Snowball Spanish stemmer (rust-stemmers, Snowball 2).

use super::step::Normalizer;
use rust_stemmers::{Algorithm, Stemmer};
use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

/// Snowball Spanish, exactly as rust-stemmers implements it: lowercase words in, stems out.
///
/// On its own it reproduces the reference output of the Snowball 2 vocabulary
/// (`tests/analysis_snowball.rs`). Its stems drop acute accents but keep `ü`, which is why the
/// pipeline folds again after it.
#[derive(Clone)]
pub struct SnowballStemmer {
    stemmer: Arc<Stemmer>,
}

impl SnowballStemmer {
    /// A Spanish stemmer.
    pub fn new() -> Self {
        SnowballStemmer {
            stemmer: Arc::new(Stemmer::create(Algorithm::Spanish)),
        }
    }

    /// The stem of `word`.
    pub fn stem<'a>(&self, word: &'a str) -> Cow<'a, str> {
        self.stemmer.stem(word)
    }
}

impl Default for SnowballStemmer {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for SnowballStemmer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SnowballStemmer(Spanish)")
    }
}

impl Normalizer for SnowballStemmer {
    fn normalize(&self, input: &str, output: &mut String) -> bool {
        match self.stem(input) {
            Cow::Borrowed(stem) if stem.len() == input.len() => false,
            stem => {
                output.clear();
                output.push_str(&stem);
                true
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_like_snowball() {
        let stemmer = SnowballStemmer::new();
        let cases = [
            ("información", "inform"),
            ("estados", "estad"),
            ("estamos", "estam"),
            ("retirada", "retir"),
            ("retirar", "retir"),
            ("había", "hab"),
            ("pingüino", "pingüin"),
            ("nación", "nacion"),
        ];
        for (word, stem) in cases {
            assert_eq!(stemmer.apply(word), stem, "{word}");
        }
    }
}
