//! Steps 5 to 7 as one tantivy filter: restore suffix accents, stem, fold again, with stop
//! words and numbers passed through untouched, and a cache in front.

use super::accents::SuffixAccents;
use super::fold::AccentFolder;
use super::stemmer::SnowballStemmer;
use super::step::{Normalizer, Step, StepTokenizer, TokenRewrite};
use super::stop_words::is_stop_word;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use tantivy::tokenizer::{TokenFilter, Tokenizer};

/// How many folded words a cache remembers before it starts over.
pub const DEFAULT_CACHE_CAPACITY: usize = 50_000;

/// The stemming end of the pipeline, applied to each folded token that is not a stop word
/// and has no digit:
///
/// 5. [`SuffixAccents`] puts back the accent of known Snowball suffixes,
/// 6. [`SnowballStemmer`] stems,
/// 7. [`AccentFolder`] folds what Snowball leaves (`ü`).
///
/// Stemming dominates the cost of analysis, and a text repeats its words, so each analyzer
/// instance keeps a map from folded word to result. The map holds at most `capacity`
/// words and is emptied when full (simple, and a fresh start follows the text's vocabulary).
/// Cloning gives an empty cache: tantivy clones the registered analyzer for each indexing
/// thread and each query, and those clones should not copy a warm map.
#[derive(Debug)]
pub struct Stem {
    accents: SuffixAccents,
    stemmer: SnowballStemmer,
    fold: AccentFolder,
    /// Folded word -> its indexed form, `None` when that is the word itself (stop words too).
    cache: HashMap<String, Option<String>, BuildHasherDefault<WordHasher>>,
    capacity: usize,
}

impl Stem {
    /// The stemming steps with a cache of `capacity` words (0 turns the cache off).
    pub fn with_cache(capacity: usize) -> Self {
        Stem {
            accents: SuffixAccents,
            stemmer: SnowballStemmer::new(),
            fold: AccentFolder,
            cache: HashMap::default(),
            capacity,
        }
    }

    /// The stemmed, folded form of a folded word (stop words and numbers come back as they are).
    pub fn indexed_form(&mut self, folded: &str) -> String {
        let mut out = String::new();
        if self.normalize_cached(folded, &mut out) {
            out
        } else {
            folded.to_string()
        }
    }

    fn normalize_uncached(&self, folded: &str, output: &mut String) -> bool {
        let mut restored = String::new();
        let word = if self.accents.normalize(folded, &mut restored) {
            restored.as_str()
        } else {
            folded
        };
        let stem = self.stemmer.stem(word);
        if !self.fold.normalize(&stem, output) {
            output.clear();
            output.push_str(&stem);
        }
        keep_apart_from_stop_words(folded, output);
        output != folded
    }

    /// Steps 4 to 7 without the cache: `false` for stop words and words with digits.
    fn normalize_once(&self, folded: &str, output: &mut String) -> bool {
        if is_stop_word(folded) {
            return false;
        }
        self.normalize_uncached(folded, output)
    }

    fn normalize_cached(&mut self, folded: &str, output: &mut String) -> bool {
        // Numbers are mostly distinct: they would only crowd the cache.
        if folded.bytes().any(|b| b.is_ascii_digit()) {
            return false;
        }
        if self.capacity == 0 {
            return self.normalize_once(folded, output);
        }
        if let Some(hit) = self.cache.get(folded) {
            return match hit {
                Some(form) => {
                    output.clear();
                    output.push_str(form);
                    true
                }
                None => false,
            };
        }
        let changed = self.normalize_once(folded, output);
        if self.cache.len() >= self.capacity {
            self.cache.clear();
        }
        self.cache
            .insert(folded.to_string(), changed.then(|| output.clone()));
        changed
    }
}

/// A stem must not equal a stop word: the search code drops stop words from bag-of-words
/// queries, and a phrase with `más` would match `masa`. Such a stem (`masa` -> `mas`,
/// `sonido` -> `son`) takes the next letters of the word until it is no stop word (`masa`,
/// `soni`), or the whole word when the stem is not a prefix of it.
fn keep_apart_from_stop_words(folded: &str, stem: &mut String) {
    while is_stop_word(stem) {
        match folded
            .strip_prefix(stem.as_str())
            .and_then(|rest| rest.chars().next())
        {
            Some(next) => stem.push(next),
            None => {
                stem.clear();
                stem.push_str(folded);
                return;
            }
        }
    }
}

impl Default for Stem {
    fn default() -> Self {
        Self::with_cache(DEFAULT_CACHE_CAPACITY)
    }
}

impl Clone for Stem {
    fn clone(&self) -> Self {
        Stem {
            accents: self.accents,
            stemmer: self.stemmer.clone(),
            fold: self.fold,
            cache: HashMap::default(),
            capacity: self.capacity,
        }
    }
}

impl TokenRewrite for Stem {
    fn rewrite(&mut self, folded: &str, output: &mut String) -> bool {
        self.normalize_cached(folded, output)
    }
}

impl TokenFilter for Stem {
    type Tokenizer<T: Tokenizer> = StepTokenizer<T, Stem>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> StepTokenizer<T, Stem> {
        Step(self).transform(tokenizer)
    }
}

/// A hasher for short words, eight bytes at a time (the multiply-rotate step of rustc's
/// FxHash, with a final mix so the high bits that hashbrown uses depend on every byte).
/// SipHash, or FNV's byte-at-a-time loop, costs a large share of a cache hit.
#[derive(Default)]
pub struct WordHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl WordHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        let h = self.0 ^ (self.0 >> 29);
        h.wrapping_mul(0xbf58_476d_1ce4_e5b9) ^ (h >> 32)
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte) | 0x100);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_restores_and_folds() {
        let mut stem = Stem::default();
        let cases = [
            ("informacion", "inform"),
            ("educacion", "educ"),
            ("biologia", "biolog"),
            ("recibia", "recib"),
            ("recibir", "recib"),
            ("pinguino", "pinguin"),
            ("estados", "estad"),
            ("retirada", "retir"),
        ];
        for (word, expected) in cases {
            assert_eq!(stem.indexed_form(word), expected, "{word}");
        }
    }

    #[test]
    fn stems_never_equal_a_stop_word() {
        let mut stem = Stem::default();
        let cases = [
            ("masa", "masa"),
            ("masas", "masa"),
            ("sonido", "soni"),
            ("sonidos", "soni"),
            ("miseria", "mise"),
        ];
        for (word, expected) in cases {
            assert_eq!(stem.indexed_form(word), expected, "{word}");
        }
    }

    #[test]
    fn stop_words_and_numbers_pass_through() {
        let mut stem = Stem::default();
        for word in ["de", "las", "hemos", "2017", "1.200", "covid19"] {
            assert_eq!(stem.indexed_form(word), word);
        }
    }

    #[test]
    fn the_cache_gives_the_same_answers_and_stays_bounded() {
        let mut cached = Stem::with_cache(3);
        let mut uncached = Stem::with_cache(0);
        let words = [
            "casas",
            "casa",
            "informacion",
            "perros",
            "casas",
            "habia",
            "casa",
        ];
        for _ in 0..3 {
            for word in words {
                assert_eq!(cached.indexed_form(word), uncached.indexed_form(word));
                assert!(cached.cache.len() <= 3);
            }
        }
        assert!(uncached.cache.is_empty());
        assert!(cached.clone().cache.is_empty());
    }
}
