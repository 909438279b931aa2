//! Step 5: put back the accent of known Snowball suffixes on folded words.
//!
//! Folding comes before stemming so that `informacion` and `información` meet by construction.
//! But Snowball Spanish only knows some suffixes with their accent (`-ación`, `-logía`,
//! `-ía`, `-ían`, `-ió`...): stemmed without it, `informacion` stays `informacion` while
//! `información` becomes `inform`, and `tenia` loses its link to `tener`. This step rewrites
//! the folded ending to the accented one Snowball expects, for endings where the accented form
//! is by far the usual one in Spanish text. Both the indexed text and the query go through
//! it, so a wrong guess costs some conflation, never a match between accented and unaccented
//! spellings.
//!
//! The table was chosen by measurement (see `docs/ANALYZER.md`): every candidate ending was
//! counted in the ELTeC novels (how often the accented spelling is the real one) and kept only
//! when it raised the share of UD Spanish-GSD word forms that share an indexed form with
//! another form of their lemma, without breaking common nouns (`historia`, `medio`, `barrio`
//! keep their plain stems).

use super::step::Normalizer;

/// Folded ending and the accented ending Snowball knows, longest match wins.
const SUFFIXES: &[(&str, &str)] = &[
    // Nouns: -ción, -logía (Snowball step 1 removes -ación, -ución, -logía).
    ("cion", "ción"),
    ("logia", "logía"),
    ("logias", "logías"),
    // Conditional of -er and -ir verbs, and irregular stems (podría, habría, tendría).
    ("eria", "ería"),
    ("erian", "erían"),
    ("eriamos", "eríamos"),
    ("iria", "iría"),
    ("irian", "irían"),
    ("iriamos", "iríamos"),
    ("dria", "dría"),
    ("drian", "drían"),
    ("driamos", "dríamos"),
    ("bria", "bría"),
    ("brian", "brían"),
    // Conditional of -ar verbs, plural forms only: -aria is mostly adjectives (necesaria).
    ("arian", "arían"),
    ("ariamos", "aríamos"),
    // Imperfect of -er and -ir verbs.
    ("ian", "ían"),
    ("iamos", "íamos"),
    ("iais", "íais"),
    ("abia", "abía"),
    ("ebia", "ebía"),
    ("ibia", "ibía"),
    ("ecia", "ecía"),
    ("enia", "enía"),
    ("eia", "eía"),
    ("aia", "aía"),
    ("ndia", "ndía"),
    ("ntia", "ntía"),
    ("ponia", "ponía"),
    ("olia", "olía"),
    ("lvia", "lvía"),
    ("vivia", "vivía"),
    ("istia", "istía"),
    ("podia", "podía"),
    ("guia", "guía"),
    ("rria", "rría"),
    // Nouns in -ía.
    ("gria", "gría"),
    ("omia", "omía"),
    ("gia", "gía"),
    ("tia", "tía"),
    ("tias", "tías"),
    ("ñia", "ñía"),
    ("fia", "fía"),
    ("fias", "fías"),
    // Preterite in -ió, only after endings that are rare on nouns in -io.
    ("ndio", "ndió"),
    ("lvio", "lvió"),
    ("alio", "alió"),
    ("uio", "uió"),
    ("arecio", "areció"),
    ("enecio", "eneció"),
    ("nocio", "noció"),
    ("crecio", "creció"),
    ("ntio", "ntió"),
    ("abrio", "abrió"),
    ("ubrio", "ubrió"),
    ("ibio", "ibió"),
    ("cogio", "cogió"),
    ("rigio", "rigió"),
    ("cedio", "cedió"),
    ("pidio", "pidió"),
    ("rtio", "rtió"),
    ("pitio", "pitió"),
    ("etio", "etió"),
    ("istio", "istió"),
    ("murio", "murió"),
    ("urrio", "urrió"),
    ("vivio", "vivió"),
    ("ecidio", "ecidió"),
    // Imperfect and past subjunctive, first person plural.
    ("abamos", "ábamos"),
    ("aramos", "áramos"),
    ("ieramos", "iéramos"),
    ("iesemos", "iésemos"),
    ("asemos", "ásemos"),
];

/// A word keeps at least this many characters in front of a restored ending.
const MIN_STEM_CHARS: usize = 2;

/// Restores the accent of known Snowball suffixes on folded, lowercase words
/// (`informacion` -> `información`, `tenia` -> `tenía`, `convirtio` -> `convirtió`).
#[derive(Clone, Copy, Debug, Default)]
pub struct SuffixAccents;

impl SuffixAccents {
    /// The `(folded, accented)` endings this step knows.
    pub fn table() -> &'static [(&'static str, &'static str)] {
        SUFFIXES
    }
}

impl Normalizer for SuffixAccents {
    fn normalize(&self, input: &str, output: &mut String) -> bool {
        let Some(last) = input.as_bytes().last() else {
            return false;
        };
        if !matches!(last, b'a' | b'n' | b'o' | b's') {
            return false;
        }
        let best = SUFFIXES
            .iter()
            .filter(|(folded, _)| input.ends_with(folded))
            .max_by_key(|(folded, _)| folded.len());
        let Some((folded, accented)) = best else {
            return false;
        };
        let head = &input[..input.len() - folded.len()];
        if head.chars().count() < MIN_STEM_CHARS || !head.chars().all(char::is_alphabetic) {
            return false;
        }
        output.clear();
        output.push_str(head);
        output.push_str(accented);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fold::AccentFolder;

    #[test]
    fn restores_known_endings() {
        let cases = [
            ("informacion", "información"),
            ("educacion", "educación"),
            ("biologia", "biología"),
            ("tecnologias", "tecnologías"),
            ("recibia", "recibía"),
            ("tenian", "tenían"),
            ("podria", "podría"),
            ("convirtio", "convirtió"),
            ("esperabamos", "esperábamos"),
        ];
        for (input, expected) in cases {
            assert_eq!(SuffixAccents.apply(input), expected, "{input}");
        }
    }

    #[test]
    fn leaves_other_words_alone() {
        for word in [
            "historia",
            "necesaria",
            "medio",
            "barrio",
            "estaria",
            "cion",
            "ian",
            "kazemi",
            "2017",
            "a1cion",
        ] {
            assert_eq!(SuffixAccents.apply(word), word, "{word}");
        }
    }

    #[test]
    fn the_table_is_consistent() {
        for (folded, accented) in SUFFIXES {
            assert_eq!(AccentFolder.apply(accented), *folded, "{accented}");
            assert_ne!(folded, accented);
        }
    }
}
