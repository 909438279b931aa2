//! Variants of the analyzer, for measuring what each step is worth.
//!
//! Lupa indexes and searches with [`Variant::Lupa`]. The others exist so that the
//! evaluation tools can build an index with a step taken out and search it with the same
//! pipeline (`cargo xtask relevance`); they are not meant for everyday use, and an index on
//! disk always uses [`Variant::Lupa`].

use super::{
    is_stop_word, stop_words, AccentFolder, AnalyzerBuilder, LowerCaser, Normalizer,
    SnowballStemmer, Stem, Step, WordTokenizer, DEFAULT_CACHE_CAPACITY,
};
use tantivy::tokenizer::{StopWordFilter, TextAnalyzer, TokenFilter};

/// Which analysis pipeline an index uses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Variant {
    /// The full pipeline (the default, and the only one an index on disk uses).
    #[default]
    Lupa,
    /// No stemming: lowercase and accent folding only.
    NoStemming,
    /// The full pipeline without the lexicon: Snowball's stems alone (`murió` and `morir`
    /// stay apart).
    NoLexicon,
    /// Snowball stemming of the lowercased words, with no accent folding at all (what
    /// a generic Snowball chain without ASCII folding does).
    StemmingWithoutFolding,
    /// The full pipeline, but stop words are removed from the index, leaving gaps at
    /// their positions, instead of being indexed.
    StopWordsRemoved,
}

impl Variant {
    /// Every variant, the default first.
    pub const ALL: [Variant; 5] = [
        Variant::Lupa,
        Variant::NoStemming,
        Variant::NoLexicon,
        Variant::StemmingWithoutFolding,
        Variant::StopWordsRemoved,
    ];

    /// A short name for tables.
    pub fn name(self) -> &'static str {
        match self {
            Variant::Lupa => "lupa",
            Variant::NoStemming => "no stemming",
            Variant::NoLexicon => "no lexicon (Snowball stems only)",
            Variant::StemmingWithoutFolding => "stemming without folding",
            Variant::StopWordsRemoved => "stop words removed (gaps kept)",
        }
    }

    /// The analyzer for `title` and `body`.
    pub fn index_analyzer(self) -> TextAnalyzer {
        match self {
            Variant::Lupa => AnalyzerBuilder::index().build(),
            Variant::NoStemming => AnalyzerBuilder::folded().alternatives(true).build(),
            Variant::NoLexicon => AnalyzerBuilder::index().lexicon(false).build(),
            Variant::StemmingWithoutFolding => unfolded_stems(WordTokenizer::with_alternatives()),
            Variant::StopWordsRemoved => without_stop_words(),
        }
    }

    /// The index analyzer's tokens, for finding a query's matches in a hit's text
    /// (snippets): the same output without writing every token down for the folded
    /// field's analyzer, which only indexing replays, and, where the thread has a
    /// [`gate`](super::gate), only the tokens it admits.
    pub fn matching_analyzer(self) -> TextAnalyzer {
        match self {
            Variant::Lupa => AnalyzerBuilder::index().memo(false).gated(true).build(),
            Variant::NoStemming => AnalyzerBuilder::folded()
                .alternatives(true)
                .memo(false)
                .build(),
            Variant::NoLexicon => AnalyzerBuilder::index()
                .lexicon(false)
                .memo(false)
                .gated(true)
                .build(),
            other => other.index_analyzer(),
        }
    }

    /// The analyzer for query text (one token per position).
    pub fn query_analyzer(self) -> TextAnalyzer {
        match self {
            Variant::Lupa | Variant::StopWordsRemoved => AnalyzerBuilder::query().build(),
            Variant::NoStemming => AnalyzerBuilder::folded().build(),
            Variant::NoLexicon => AnalyzerBuilder::query().lexicon(false).build(),
            Variant::StemmingWithoutFolding => unfolded_stems(WordTokenizer::one_per_position()),
        }
    }

    /// The analyzer of the unstemmed field used by prefix, fuzzy and exact-form
    /// matching (the same in every variant).
    pub fn folded_analyzer(self) -> TextAnalyzer {
        AnalyzerBuilder::folded().build()
    }

    /// The analyzer that indexes that field: the same, with alternatives.
    pub fn folded_index_analyzer(self) -> TextAnalyzer {
        AnalyzerBuilder::folded().alternatives(true).build()
    }
}

/// Lowercase, then Snowball on the accented word; stop words are left as they are.
fn unfolded_stems(tokenizer: WordTokenizer) -> TextAnalyzer {
    let lower = Step(LowerCaser).transform(tokenizer);
    TextAnalyzer::builder(Step(StemUnlessStopWord(SnowballStemmer::new())).transform(lower)).build()
}

/// Steps 1 to 7 with alternatives, then stop words dropped (their positions stay empty).
fn without_stop_words() -> TextAnalyzer {
    let folded = Step(AccentFolder)
        .transform(Step(LowerCaser).transform(WordTokenizer::with_alternatives()));
    let words = stop_words().map(str::to_string);
    TextAnalyzer::builder(folded)
        .filter(Stem::with_cache(DEFAULT_CACHE_CAPACITY))
        .filter(StopWordFilter::remove(words))
        .build()
}

/// Stems every word that is not a stop word.
#[derive(Clone, Debug)]
struct StemUnlessStopWord(SnowballStemmer);

impl Normalizer for StemUnlessStopWord {
    fn normalize(&self, input: &str, output: &mut String) -> bool {
        if is_stop_word(input) {
            return false;
        }
        self.0.normalize(input, output)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(mut analyzer: TextAnalyzer, text: &str) -> Vec<(usize, String)> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push((t.position, t.text.clone()));
        }
        out
    }

    #[test]
    fn the_matching_analyzer_gives_the_index_analyzers_tokens() {
        let text = "Al-Kazemi y d'Ors: la retirada de EE.UU. de Irak, ¿fue así? Fueron 12,5 km.";
        for variant in Variant::ALL {
            let tokens = |mut analyzer: TextAnalyzer| {
                let mut stream = analyzer.token_stream(text);
                let mut out = Vec::new();
                while let Some(t) = stream.next() {
                    out.push((t.position, t.text.clone(), t.offset_from, t.offset_to));
                }
                out
            };
            assert_eq!(
                tokens(variant.matching_analyzer()),
                tokens(variant.index_analyzer()),
                "{variant:?}"
            );
        }
    }

    #[test]
    fn each_variant_takes_out_its_step() {
        let text = "La información de las tropas";
        let lupa = forms(Variant::Lupa.query_analyzer(), text);
        assert_eq!(lupa[1], (1, "inform".to_string()));
        let unstemmed = forms(Variant::NoStemming.query_analyzer(), text);
        assert_eq!(unstemmed[1], (1, "informacion".to_string()));
        let unfolded = forms(Variant::StemmingWithoutFolding.query_analyzer(), text);
        assert_eq!(unfolded[1], (1, "inform".to_string()));
        let unfolded = forms(
            Variant::StemmingWithoutFolding.query_analyzer(),
            "informacion",
        );
        assert_ne!(
            unfolded[0].1, "inform",
            "no folding: the unaccented suffix is not removed"
        );
        let murio = forms(Variant::Lupa.query_analyzer(), "murió");
        assert_eq!(murio, forms(Variant::Lupa.query_analyzer(), "morir"));
        let snowball = forms(Variant::NoLexicon.query_analyzer(), "murió");
        assert_ne!(snowball, murio, "no lexicon: Snowball keeps murió apart");
        let gaps = forms(Variant::StopWordsRemoved.index_analyzer(), text);
        assert_eq!(gaps, [(1, "inform".to_string()), (4, "trop".to_string())]);
    }
}
