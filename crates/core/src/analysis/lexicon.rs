//! Step 6b: forms of one lemma that Snowball leaves apart, taken to the lemma's stem.
//!
//! Snowball strips regular endings, so it cannot see that `murió` and `morir`, `puso` and
//! `poner`, `encuentra` and `encontrar`, `dijo` and `decir`, or `ciudades` and `ciudad` are
//! one word. The lexicon lists, for each such folded form, the indexed form of its lemma:
//! `murio` → `mor` (the stem of `morir`). It is generated from the Spanish dictionary of
//! hunspell-es (by Santiago Bosio), whose affix rules expand each lemma into its inflected
//! forms (`xtask lemmas`, see `docs/ANALYZER.md`). A form is listed only when
//!
//! - Lupa's stem of the form differs from the stem of its lemma (the other forms already
//!   meet it),
//! - the form is not a lemma or form of another word whose stem it already has (`casa` is
//!   a noun as well as a form of `casar`: it keeps its stem), and
//! - all its lemmas agree on the stem (an ambiguous form is left alone),
//! - it is not a stop word (those never reach the stemmer).
//!
//! The data file (`data/lemmas-es.txt`) is derived from hunspell-es and is distributed under
//! the Mozilla Public License 2.0, one of the licences its authors offer
//! (`data/lemmas-es.LICENSE`); the code here is Lupa's.

use super::word_hash::WordHasher;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

/// The generated table: `stem<TAB>form form …` lines, after `#` comment lines.
const TABLE: &str = include_str!("../../data/lemmas-es.txt");

/// Folded form → indexed form of its lemma.
pub struct Lexicon {
    forms: HashMap<&'static str, &'static str, BuildHasherDefault<WordHasher>>,
    /// Indexed form of a lemma → the forms listed for it, made on first use.
    by_stem: OnceLock<HashMap<&'static str, Vec<&'static str>, BuildHasherDefault<WordHasher>>>,
}

impl Lexicon {
    /// Lupa's Spanish lexicon, parsed on first use.
    pub fn spanish() -> &'static Lexicon {
        static SPANISH: OnceLock<Lexicon> = OnceLock::new();
        SPANISH.get_or_init(|| Lexicon::parse(TABLE))
    }

    /// One pass over the bytes: the table is parsed by each process that stems, so it
    /// should cost little (about 300 instructions a form).
    fn parse(table: &'static str) -> Lexicon {
        // Sized once (a form and its space take 12 bytes on average): growing the map as it
        // fills would hash every form again.
        let mut forms = HashMap::with_capacity_and_hasher(table.len() / 10, Default::default());
        let bytes = table.as_bytes();
        let mut stem = "";
        let mut start = 0;
        let mut comment = false;
        for (i, &b) in bytes.iter().enumerate() {
            match b {
                b'\n' | b' ' | b'\t' => {
                    if !comment && i > start {
                        // The delimiters are ASCII, so the slice is on char boundaries.
                        if let Some(word) = table.get(start..i) {
                            if b == b'\t' {
                                stem = word;
                            } else {
                                forms.insert(word, stem);
                            }
                        }
                    }
                    if b == b'\n' {
                        comment = false;
                        stem = "";
                    }
                    start = i + 1;
                }
                b'#' if i == start && stem.is_empty() => comment = true,
                _ => {}
            }
        }
        if !comment && start < bytes.len() && !stem.is_empty() {
            if let Some(word) = table.get(start..) {
                forms.insert(word, stem);
            }
        }
        Lexicon {
            forms,
            by_stem: OnceLock::new(),
        }
    }

    /// The forms this lexicon takes to `stem`, the indexed form of their lemma.
    pub fn forms_of(&self, stem: &str) -> &[&'static str] {
        let by_stem = self.by_stem.get_or_init(|| {
            let mut by_stem: HashMap<_, Vec<_>, BuildHasherDefault<WordHasher>> =
                HashMap::default();
            for (form, stem) in &self.forms {
                by_stem.entry(*stem).or_default().push(*form);
            }
            by_stem
        });
        by_stem.get(stem).map_or(&[], Vec::as_slice)
    }

    /// The indexed form of the lemma of `folded` (a folded, lowercase word), when Snowball
    /// would give it another.
    pub fn lemma_stem(&self, folded: &str) -> Option<&'static str> {
        self.forms.get(folded).copied()
    }

    /// How many forms are listed.
    pub fn len(&self) -> usize {
        self.forms.len()
    }

    /// Whether no form is listed.
    pub fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lexicon")
            .field("forms", &self.forms.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn irregular_forms_reach_their_lemmas_stem() {
        let lexicon = Lexicon::spanish();
        assert!(lexicon.len() > 100_000, "{}", lexicon.len());
        for (form, stem) in [
            ("murio", "mor"),
            ("muere", "mor"),
            ("puso", "pon"),
            ("nacio", "nac"),
            ("encuentra", "encontr"),
            ("dijo", "dec"),
        ] {
            assert_eq!(lexicon.lemma_stem(form), Some(stem), "{form}");
        }
    }

    #[test]
    fn forms_snowball_already_conflates_are_not_listed() {
        let lexicon = Lexicon::spanish();
        for form in ["morir", "casa", "retirada", "informacion"] {
            assert_eq!(lexicon.lemma_stem(form), None, "{form}");
        }
    }

    #[test]
    fn parses_comments_and_groups() {
        let lexicon = Lexicon::parse("# a comment\nmor\tmurio muere\npon\tpuso\nhac\thizo");
        assert_eq!(lexicon.len(), 4);
        assert_eq!(lexicon.lemma_stem("hizo"), Some("hac"));
        assert_eq!(lexicon.lemma_stem("puso"), Some("pon"));
        assert_eq!(lexicon.lemma_stem("muere"), Some("mor"));
        assert_eq!(lexicon.lemma_stem("comment"), None);
    }
}
