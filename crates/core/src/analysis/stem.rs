//! Steps 5 to 7 as one tantivy filter: restore suffix accents, stem, fold again, with stop
//! words and numbers passed through untouched, and a cache in front.

use super::accents::SuffixAccents;
use super::fold::AccentFolder;
use super::lexicon::Lexicon;
use super::stemmer::SnowballStemmer;
use super::step::{Normalizer, Step, StepTokenizer, TokenRewrite};
use super::stop_words::is_stop_word;
use super::word_hash::{hash_word, WordHasher};
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use tantivy::tokenizer::{TokenFilter, Tokenizer};

/// How many folded words a cache remembers before it starts over.
pub const DEFAULT_CACHE_CAPACITY: usize = 50_000;

/// The stemming end of the pipeline, applied to each folded token that is not a stop word
/// and has no digit:
///
/// 5. [`SuffixAccents`] puts back the accent of known Snowball suffixes,
/// 6. [`SnowballStemmer`] stems, and a form the [`Lexicon`] knows takes its lemma's stem
///    instead (`murió` → `mor`, as `morir`),
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
    /// Whether forms the [`Lexicon`] knows take their lemma's stem.
    lexicon: bool,
    /// Folded word -> its indexed form.
    cache: StemCache,
}

impl Stem {
    /// The stemming steps with a cache of `capacity` words (0 turns the cache off).
    pub fn with_cache(capacity: usize) -> Self {
        Stem {
            accents: SuffixAccents,
            stemmer: SnowballStemmer::new(),
            fold: AccentFolder,
            lexicon: true,
            cache: StemCache::new(capacity),
        }
    }

    /// Whether forms the [`Lexicon`] knows take their lemma's stem (on by default); off, the
    /// stem is Snowball's alone.
    pub fn lexicon(mut self, yes: bool) -> Self {
        self.lexicon = yes;
        self
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
        if let Some(stem) = self
            .lexicon
            .then(Lexicon::spanish)
            .and_then(|lexicon| lexicon.lemma_stem(folded))
        {
            output.clear();
            output.push_str(stem);
            return output != folded;
        }
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
        if self.cache.capacity == 0 {
            return self.normalize_once(folded, output);
        }
        let hash = hash_word(folded.as_bytes());
        match self.cache.get(folded, hash) {
            Some(Cached::Same) => return false,
            Some(Cached::Prefix(form)) | Some(Cached::Form(form)) => {
                output.clear();
                output.push_str(form);
                return true;
            }
            None => {}
        }
        let changed = self.normalize_once(folded, output);
        self.cache
            .insert(folded, hash, changed.then_some(output.as_str()));
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
            lexicon: self.lexicon,
            cache: StemCache::new(self.cache.capacity),
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

/// Key bytes a slot of the cache holds; longer words go to [`StemCache::other`].
const INLINE: usize = 26;
/// [`Slot::form`] of a word that is its own indexed form.
const SAME: u8 = u8::MAX;

/// One entry of [`StemCache`]'s table: 32 bytes, so a lookup reads one cache line.
#[derive(Clone, Copy, Default)]
struct Slot {
    /// High bits of the word's hash.
    tag: u32,
    /// Length of the word in bytes; 0 for an empty slot.
    len: u8,
    /// The indexed form is the word's first `form` bytes, or the word itself ([`SAME`]).
    form: u8,
    /// The word, padded with zeros.
    key: [u8; INLINE],
}

/// What the cache knows of a word.
enum Cached<'a> {
    /// The word is its own indexed form.
    Same,
    /// The indexed form is this prefix of the word.
    Prefix(&'a str),
    /// The indexed form, stored apart.
    Form(&'a str),
}

/// Folded word -> indexed form, for at most `capacity` words, emptied when full (simple,
/// and a fresh start follows the text's vocabulary).
///
/// The forms of almost all words are a prefix of them (or the word itself), so the table
/// stores the word inline with the length of its form: a hit costs one read of a 32-byte
/// slot, where a `HashMap<String, Option<String>>` follows a pointer to the key and another
/// to the form. Open addressing with linear probing, at most half full. Longer words and
/// forms that are not a prefix go to an ordinary map.
struct StemCache {
    /// Starts at [`FIRST_SLOTS`] and doubles while it fills, up to twice `capacity`: a
    /// query's analyzer, which sees a dozen words, must not allocate and clear the whole
    /// table (4 MiB at the default capacity) for each query.
    slots: Vec<Slot>,
    /// Words held in `slots`.
    inline: usize,
    /// Words held, in the table and in `other`.
    len: usize,
    capacity: usize,
    /// Words longer than [`INLINE`] bytes, or whose form is not a prefix of them: the word
    /// and its form (`None` when that is the word itself).
    other: HashMap<String, Option<String>, BuildHasherDefault<WordHasher>>,
}

impl std::fmt::Debug for StemCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StemCache")
            .field("len", &self.len)
            .field("capacity", &self.capacity)
            .finish()
    }
}

/// The size of [`StemCache`]'s table when it is first needed.
const FIRST_SLOTS: usize = 256;

fn padded(word: &[u8]) -> Option<[u8; INLINE]> {
    let mut key = [0u8; INLINE];
    key.get_mut(..word.len())?.copy_from_slice(word);
    Some(key)
}

impl StemCache {
    fn new(capacity: usize) -> Self {
        StemCache {
            slots: Vec::new(),
            inline: 0,
            len: 0,
            capacity,
            other: HashMap::default(),
        }
    }

    fn mask(&self) -> usize {
        self.slots.len().wrapping_sub(1)
    }

    fn get<'a>(&'a self, word: &'a str, hash: u64) -> Option<Cached<'a>> {
        if let (Some(key), false) = (padded(word.as_bytes()), self.slots.is_empty()) {
            let tag = (hash >> 32) as u32;
            let mask = self.mask();
            let mut i = hash as usize & mask;
            while let Some(slot) = self.slots.get(i) {
                if slot.len == 0 {
                    break;
                }
                if slot.tag == tag && usize::from(slot.len) == word.len() && slot.key == key {
                    return match slot.form {
                        SAME => Some(Cached::Same),
                        n => word.get(..usize::from(n)).map(Cached::Prefix),
                    };
                }
                i = (i + 1) & mask;
            }
        }
        if self.other.is_empty() {
            return None;
        }
        self.other.get(word).map(|form| match form {
            Some(form) => Cached::Form(form),
            None => Cached::Same,
        })
    }

    /// The table's largest size: at most half full with `capacity` words.
    fn max_slots(&self) -> usize {
        (self.capacity.max(1) * 2).next_power_of_two()
    }

    /// Doubles the table (or makes the first one) and puts its words back.
    fn grow(&mut self) {
        let size =
            (self.slots.len() * 2).clamp(FIRST_SLOTS.min(self.max_slots()), self.max_slots());
        let old = std::mem::replace(&mut self.slots, vec![Slot::default(); size]);
        let mask = self.mask();
        for slot in old.into_iter().filter(|s| s.len != 0) {
            let hash = hash_word(slot.key.get(..usize::from(slot.len)).unwrap_or_default());
            let mut i = hash as usize & mask;
            while let Some(target) = self.slots.get_mut(i) {
                if target.len == 0 {
                    *target = slot;
                    break;
                }
                i = (i + 1) & mask;
            }
        }
    }

    fn insert(&mut self, word: &str, hash: u64, form: Option<&str>) {
        if self.len >= self.capacity {
            self.slots.fill(Slot::default());
            self.other.clear();
            self.len = 0;
            self.inline = 0;
        }
        if (self.inline + 1) * 2 > self.slots.len() && self.slots.len() < self.max_slots() {
            self.grow();
        }
        self.len += 1;
        let inline = match form {
            None => Some(SAME),
            Some(form) if word.starts_with(form) => {
                u8::try_from(form.len()).ok().filter(|&n| n != SAME)
            }
            Some(_) => None,
        };
        if let (Some(key), Some(form)) = (padded(word.as_bytes()), inline) {
            let mask = self.mask();
            let mut i = hash as usize & mask;
            while let Some(slot) = self.slots.get_mut(i) {
                if slot.len == 0 {
                    *slot = Slot {
                        tag: (hash >> 32) as u32,
                        len: word.len() as u8,
                        form,
                        key,
                    };
                    self.inline += 1;
                    return;
                }
                i = (i + 1) & mask;
            }
        }
        self.other
            .insert(word.to_string(), form.map(str::to_string));
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
                assert!(cached.cache.len <= 3);
            }
        }
        assert_eq!(uncached.cache.len, 0);
        assert_eq!(cached.clone().cache.len, 0);
    }

    fn lookup(cache: &StemCache, word: &str) -> Option<Option<String>> {
        cache
            .get(word, hash_word(word.as_bytes()))
            .map(|cached| match cached {
                Cached::Same => None,
                Cached::Prefix(form) | Cached::Form(form) => Some(form.to_string()),
            })
    }

    #[test]
    fn the_cache_keeps_long_words_and_forms_that_are_not_prefixes() {
        let long = "anticonstitucionalmentemente";
        assert!(long.len() > INLINE);
        let entries: [(&str, Option<&str>); 5] = [
            ("casas", Some("cas")),
            ("de", None),
            ("averigue", Some("averigu")),
            ("xyz", Some("abc")),
            (long, Some("anticonstitucional")),
        ];
        let mut cache = StemCache::new(100);
        for (word, form) in entries {
            assert_eq!(lookup(&cache, word), None, "{word}");
            cache.insert(word, hash_word(word.as_bytes()), form);
        }
        for (word, form) in entries {
            assert_eq!(
                lookup(&cache, word),
                Some(form.map(str::to_string)),
                "{word}"
            );
        }
        assert_eq!(lookup(&cache, "casa"), None);
        assert_eq!(lookup(&cache, "casass"), None);
        assert_eq!(cache.other.len(), 2);
    }

    #[test]
    fn the_table_starts_small_and_grows_without_losing_words() {
        let mut cache = StemCache::new(DEFAULT_CACHE_CAPACITY);
        let words: Vec<String> = (0..5_000).map(|i| format!("palabra{i}")).collect();
        for (n, word) in words.iter().enumerate() {
            cache.insert(word, hash_word(word.as_bytes()), Some(&word[..7]));
            if n == 10 {
                // A query's few words do not make the whole table.
                assert_eq!(cache.slots.len(), FIRST_SLOTS);
            }
        }
        assert!(cache.slots.len() < cache.max_slots());
        assert!(cache.inline * 2 <= cache.slots.len());
        for word in &words {
            assert_eq!(
                lookup(&cache, word),
                Some(Some("palabra".to_string())),
                "{word}"
            );
        }
    }

    #[test]
    fn the_cache_agrees_with_no_cache_on_many_words() {
        let text = include_str!("../../../../data/000_b364fac58d8d3427.txt");
        let mut cached = Stem::with_cache(64);
        let mut uncached = Stem::with_cache(0);
        for _ in 0..2 {
            for word in text
                .split(|c: char| !c.is_alphabetic())
                .filter(|w| !w.is_empty())
            {
                let word = AccentFolder.apply(&word.to_lowercase());
                assert_eq!(cached.indexed_form(&word), uncached.indexed_form(&word));
            }
        }
    }
}
