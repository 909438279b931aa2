//! The stemmer step against the Snowball 2 Spanish reference vocabulary, and the stop word
//! list against the stems of that vocabulary.

use lupa_core::analysis::{analyze, is_stop_word, AccentFolder, Normalizer, SnowballStemmer};

const VOC: &str = include_str!("data/snowball-spanish/voc.pre2025.txt");
const OUTPUT: &str = include_str!("data/snowball-spanish/output.pre2025.txt");

#[test]
fn stemmer_step_reproduces_the_snowball_reference_output() {
    let stemmer = SnowballStemmer::new();
    let mut mismatches = Vec::new();
    let mut count = 0;
    for (word, expected) in VOC.lines().zip(OUTPUT.lines()) {
        count += 1;
        let stem = stemmer.apply(word);
        if stem != expected {
            mismatches.push(format!("{word}: {stem} (expected {expected})"));
        }
    }
    assert_eq!(count, 28_377);
    assert_eq!(VOC.lines().count(), OUTPUT.lines().count());
    assert!(mismatches.is_empty(), "{mismatches:#?}");
}

#[test]
fn no_content_word_is_indexed_as_a_stop_word() {
    let mut clashes = Vec::new();
    for word in VOC.lines() {
        let tokens = analyze(word);
        let [token] = tokens.as_slice() else {
            panic!("{word} gave {tokens:?}");
        };
        assert_eq!(token.stop_word, is_stop_word(&token.indexed));
        // A stop word is indexed as itself, folded; anything else indexed as a stop word
        // would be dropped from bag-of-words queries.
        if token.stop_word && AccentFolder.apply(word) != token.indexed {
            clashes.push(format!("{word} -> {}", token.indexed));
        }
    }
    assert!(clashes.is_empty(), "{clashes:#?}");
}
