//! Step 4: stop words. They are not removed: they leave the pipeline here, folded and
//! unstemmed, and keep their positions so phrase queries stay exact.

use std::collections::HashSet;
use std::sync::OnceLock;

/// The curated list, one folded form per line; see the header of the file for its origin and
/// for the words taken out of the Snowball list.
const LIST: &str = include_str!("../../data/stopwords-es.txt");

fn set() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| words().collect())
}

/// The stop words, folded, in the order of the data file.
pub fn words() -> impl Iterator<Item = &'static str> {
    LIST.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
}

/// Whether `indexed_form` (a token as the analyzers emit it: lowercase, folded) is a stop word.
pub fn is_stop_word(indexed_form: &str) -> bool {
    // The longest stop word is 12 bytes; skipping longer tokens saves a hash on most words.
    indexed_form.len() <= 16 && set().contains(indexed_form)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fold::AccentFolder;
    use crate::analysis::lowercase::LowerCaser;
    use crate::analysis::step::Normalizer;

    #[test]
    fn common_function_words_are_stop_words() {
        for word in [
            "de", "la", "las", "los", "el", "y", "que", "mas", "hemos", "fue",
        ] {
            assert!(is_stop_word(word), "{word}");
        }
    }

    #[test]
    fn content_bearing_words_are_not_stop_words() {
        for word in [
            "no", "sin", "contra", "nada", "estado", "estados", "seria", "serias", "kazemi",
        ] {
            assert!(!is_stop_word(word), "{word}");
        }
    }

    #[test]
    fn the_list_is_stored_folded_and_without_duplicates() {
        let mut seen = HashSet::new();
        for word in words() {
            let normal = AccentFolder.apply(&LowerCaser.apply(word));
            assert_eq!(word, normal, "stored unfolded");
            assert!(seen.insert(word), "{word} listed twice");
            assert!(
                word.len() <= 16,
                "{word} is longer than is_stop_word expects"
            );
        }
        assert!(seen.len() > 240);
    }
}
