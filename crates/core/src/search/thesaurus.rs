//! Related words: the synonyms a thesaurus gives for a word, as indexed forms.
//!
//! A question and the paragraph that answers it often say one thing in two words
//! (`construyó` / `edificó`, `afirmó` / `aseguró`), all the more in machine-translated text
//! where question and paragraph were translated apart. The table
//! (`data/thesaurus-es.txt`) gives, for the indexed form of a word, the indexed forms of its
//! synonyms in the Spanish thesaurus of LibreOffice (th_es_ES_v2, by Marcelo Garrone),
//! every sense merged: `constru` → `levant erig edific fabric …`. It is made by
//! `cargo xtask thesaurus` (see `docs/ANALYZER.md`) and distributed under the GNU LGPL 2.1,
//! the thesaurus's licence (`data/thesaurus-es.LICENSE`); the code here is Lupa's.
//!
//! The search uses it for optional words of a bag-of-words query, at a low weight
//! ([`crate::Ranking::related_weight`]).

use std::collections::HashMap;
use std::sync::OnceLock;

const TABLE: &str = include_str!("../../data/thesaurus-es.txt");

/// Indexed form → the indexed forms of its synonyms.
pub struct Thesaurus {
    related: HashMap<&'static str, &'static str>,
}

impl Thesaurus {
    /// Lupa's Spanish table, parsed on first use.
    pub fn spanish() -> &'static Thesaurus {
        static SPANISH: OnceLock<Thesaurus> = OnceLock::new();
        SPANISH.get_or_init(|| Thesaurus::parse(TABLE))
    }

    fn parse(table: &'static str) -> Thesaurus {
        let related = table
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .collect();
        Thesaurus { related }
    }

    /// The indexed forms related to `form` (an indexed form), in the thesaurus's order.
    pub fn related(&self, form: &str) -> impl Iterator<Item = &'static str> {
        self.related
            .get(form)
            .copied()
            .unwrap_or_default()
            .split(' ')
            .filter(|w| !w.is_empty())
    }

    /// How many words have related words.
    pub fn len(&self) -> usize {
        self.related.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.related.is_empty()
    }
}

impl std::fmt::Debug for Thesaurus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Thesaurus")
            .field("words", &self.related.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn related_words_are_indexed_forms() {
        let t = Thesaurus::spanish();
        assert!(t.len() > 10_000, "{}", t.len());
        let construir: Vec<&str> = t.related("constru").collect();
        assert!(construir.contains(&"edific"), "{construir:?}");
        assert!(construir.contains(&"erig"), "{construir:?}");
        assert_eq!(t.related("no-such-form").count(), 0);
    }

    #[test]
    fn parses_comments_and_lines() {
        let t = Thesaurus::parse("# note\nconstru\tedific erig\n");
        assert_eq!(t.len(), 1);
        assert_eq!(t.related("constru").collect::<Vec<_>>(), ["edific", "erig"]);
    }
}
