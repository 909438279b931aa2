//! The Spanish analyzer: a pipeline of small steps, each its own type, applied in this order.
//! This room uses tantivy's tokenizer traits and nothing else of Lupa's; the index and the
//! search both use it, so text is analyzed alike when indexed and when queried.
//!
//! | # | step | type | file |
//! |---|------|------|------|
//! | 1 | split into words; acronyms, hyphenated names, numbers | [`WordTokenizer`] | `tokenizer.rs` |
//! | 2 | lowercase (full Unicode) | [`LowerCaser`] | `lowercase.rs` |
//! | 3 | fold accents, keep `ñ` | [`AccentFolder`] | `fold.rs` |
//! | 4 | stop words leave the pipeline here, folded and unstemmed | [`is_stop_word`] | `stop_words.rs` |
//! | 5 | restore the accent of known Snowball suffixes | [`SuffixAccents`] | `accents.rs` |
//! | 6 | Snowball Spanish stemmer; a form the lexicon knows takes its lemma's stem | [`SnowballStemmer`], [`Lexicon`] | `stemmer.rs`, `lexicon.rs` |
//! | 7 | fold again (stems keep `ü`) | [`AccentFolder`] | `fold.rs` |
//!
//! Steps 2 and 3 are [`Normalizer`]s run by the generic [`Step`] filter; steps 4 to 7 are one
//! tantivy filter, [`Stem`], which also skips tokens with digits and caches its results.
//! Folding before stemming makes `informacion` and `información` meet by construction;
//! step 5 gives Snowball back the accents its suffix tables need (`docs/ANALYZER.md` has the
//! measurements behind this design).
//!
//! Three analyzers are built from the pipeline:
//! - [`index_analyzer`] (steps 1 to 7) indexes `title` and `body`. Stop words stay in the token
//!   stream, so phrases keep their exact gaps. It may emit extra tokens at a position
//!   (alternatives): the parts of a hyphenated name, `1200` for `1.200`.
//! - [`query_analyzer`]: the same forms, exactly one token per position (no alternatives).
//!   Every form it emits is one the index analyzer emits for the same text.
//! - [`folded_analyzer`] (steps 1 to 3): lowercased, folded, unstemmed, one token per
//!   position; for prefix and fuzzy matching on what users typed.
//!
//! ```
//! use lupa_core::analysis::{analyze, is_stop_word};
//!
//! let tokens = analyze("La información de EE.UU.");
//! let forms: Vec<&str> = tokens.iter().map(|t| t.indexed.as_str()).collect();
//! assert_eq!(forms, ["la", "inform", "de", "eeuu"]);
//! assert!(tokens[0].stop_word && is_stop_word("de"));
//! assert_eq!(tokens[3].original, "EE.UU.");
//! ```

mod accents;
mod fold;
pub(crate) mod gate;
mod lexicon;
mod lowercase;
mod memo;
mod stem;
mod stemmer;
mod step;
mod stop_words;
mod tokenizer;
mod variant;
mod word_hash;

pub use accents::SuffixAccents;
pub use fold::AccentFolder;
pub use lexicon::Lexicon;
pub use lowercase::LowerCaser;
pub use memo::{Record, Replay};
pub use stem::{Stem, DEFAULT_CACHE_CAPACITY};
pub use stemmer::SnowballStemmer;
pub use step::{Normalizer, Step, StepTokenizer, TokenRewrite};
pub use stop_words::{is_stop_word, words as stop_words};
pub use tokenizer::{WordTokenizer, MAX_WORD_BYTES};
pub use variant::Variant;

use tantivy::tokenizer::{TextAnalyzer, TokenFilter, TokenStream};

/// Version of the analysis rules and of the index layout. An index built with another
/// version must be rebuilt.
pub const ANALYZER_VERSION: u32 = 10;
/// Tokenizer name of the stemmed analyzer, registered on every index.
pub const STEMMED: &str = "lupa_es";
/// Tokenizer name of the folded, unstemmed analyzer.
pub const FOLDED: &str = "lupa_es_folded";

/// Registers Lupa's analyzers on an index's tokenizer manager: [`index_analyzer`] as
/// [`STEMMED`] and [`folded_analyzer`] as [`FOLDED`].
pub fn register_analyzers(index: &tantivy::Index) {
    register_variant(index, Variant::Lupa);
}

/// Registers the analyzers of `variant` under Lupa's tokenizer names.
pub fn register_variant(index: &tantivy::Index, variant: Variant) {
    index
        .tokenizers()
        .register(STEMMED, variant.index_analyzer());
    index
        .tokenizers()
        .register(FOLDED, variant.folded_index_analyzer());
}

/// The analyzer used to index `title` and `body`: all steps, with alternatives.
pub fn index_analyzer() -> TextAnalyzer {
    AnalyzerBuilder::index().build()
}

/// The analyzer used for query text: all steps, exactly one token per position.
pub fn query_analyzer() -> TextAnalyzer {
    AnalyzerBuilder::query().build()
}

/// Lowercased, folded, unstemmed tokens, one per position (steps 1 to 3): the query
/// side of the `folded` field.
pub fn folded_analyzer() -> TextAnalyzer {
    AnalyzerBuilder::folded().build()
}

/// The same with alternatives (the parts of `Al-Kazemi` beside it), as the `folded`
/// field is indexed, so that `kaz*` and `Kazemy~1` reach a part of a name.
pub fn folded_index_analyzer() -> TextAnalyzer {
    AnalyzerBuilder::folded().alternatives(true).build()
}

/// Builds a variant of the pipeline; [`index_analyzer`], [`query_analyzer`] and
/// [`folded_analyzer`] are its presets. Benchmarks use it to turn the stem cache off.
///
/// ```
/// use lupa_core::analysis::AnalyzerBuilder;
///
/// let mut uncached = AnalyzerBuilder::index().stem_cache(0).build();
/// let mut stream = uncached.token_stream("Estados Unidos");
/// assert_eq!(stream.next().map(|t| t.text.clone()), Some("estad".to_string()));
/// ```
#[derive(Clone, Debug)]
pub struct AnalyzerBuilder {
    alternatives: bool,
    stem: bool,
    lexicon: bool,
    cache: usize,
    memo: bool,
    gated: bool,
}

impl AnalyzerBuilder {
    /// Steps 1 to 7, with alternatives.
    pub fn index() -> Self {
        AnalyzerBuilder {
            alternatives: true,
            stem: true,
            lexicon: true,
            cache: DEFAULT_CACHE_CAPACITY,
            memo: true,
            gated: false,
        }
    }

    /// Steps 1 to 7, one token per position.
    pub fn query() -> Self {
        AnalyzerBuilder {
            alternatives: false,
            memo: false,
            ..Self::index()
        }
    }

    /// Steps 1 to 3, one token per position.
    pub fn folded() -> Self {
        AnalyzerBuilder {
            alternatives: false,
            stem: false,
            lexicon: false,
            cache: 0,
            memo: true,
            gated: false,
        }
    }

    /// Whether the tokenizer emits alternatives at the same position.
    pub fn alternatives(mut self, yes: bool) -> Self {
        self.alternatives = yes;
        self
    }

    /// Whether forms the [`Lexicon`] knows take their lemma's stem (on for the stemmed
    /// presets); off, stems are Snowball's alone.
    pub fn lexicon(mut self, yes: bool) -> Self {
        self.lexicon = yes;
        self
    }

    /// How many words the stem cache of each analyzer instance holds (0: no cache).
    pub fn stem_cache(mut self, capacity: usize) -> Self {
        self.cache = capacity;
        self
    }

    /// Whether the index and folded analyzers share steps 1 to 3 through a per-thread memo
    /// (on by default; the output is the same, only faster; see [`Record`]).
    pub fn memo(mut self, yes: bool) -> Self {
        self.memo = yes;
        self
    }

    /// Whether tokens the thread's [`gate`] does not admit are dropped before stemming
    /// (off by default; for finding a query's matches, and without the memo).
    pub(crate) fn gated(mut self, yes: bool) -> Self {
        self.gated = yes;
        self
    }

    /// The tantivy analyzer.
    pub fn build(self) -> TextAnalyzer {
        let tokenizer = if self.alternatives {
            WordTokenizer::with_alternatives()
        } else {
            WordTokenizer::one_per_position()
        };
        let folded = Step(AccentFolder).transform(Step(LowerCaser).transform(tokenizer));
        if self.gated && self.stem {
            return TextAnalyzer::builder(gate::Gated.transform(folded))
                .filter(Stem::with_cache(self.cache).lexicon(self.lexicon))
                .build();
        }
        match (self.stem, self.memo && self.alternatives) {
            (true, true) => TextAnalyzer::builder(Record.transform(folded))
                .filter(Stem::with_cache(self.cache).lexicon(self.lexicon))
                .build(),
            (true, false) => TextAnalyzer::builder(folded)
                .filter(Stem::with_cache(self.cache).lexicon(self.lexicon))
                .build(),
            (false, _) if self.memo && self.alternatives => Replay::new(folded).into(),
            (false, _) => folded.into(),
        }
    }
}

/// The tokens `analyzer` makes of `text`: (position, indexed form).
pub(crate) fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, String)> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(t) = stream.next() {
        out.push((t.position, t.text.clone()));
    }
    out
}

/// One position of analyzed text, as [`analyze`] reports it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AnalyzedToken {
    /// The text as it appears in the input (`text[offset_from..offset_to]`).
    pub original: String,
    /// The indexed form (what the query analyzer emits for this text).
    pub indexed: String,
    /// Token position.
    pub position: usize,
    /// Byte offset where the token starts in the input.
    pub offset_from: usize,
    /// Byte offset where the token ends in the input.
    pub offset_to: usize,
    /// Whether the indexed form is a stop word.
    pub stop_word: bool,
    /// Other forms the index analyzer puts at this position (parts of a hyphenated name,
    /// `1200` for `1.200`), without repeats.
    pub alternatives: Vec<String>,
}

/// Analyzes `text` with the index analyzer: one entry per position, its alternatives inside.
pub fn analyze(text: &str) -> Vec<AnalyzedToken> {
    Analysis::new().analyze(text)
}

/// The index analyzers, kept for analyzing many texts (each [`analyze`] builds its own):
/// for programs that index Lupa's analysis elsewhere.
///
/// ```
/// use lupa_core::analysis::Analysis;
/// let mut analysis = Analysis::new();
/// let forms: Vec<String> = analysis.analyze("Al-Kazemi").into_iter().map(|t| t.indexed).collect();
/// assert_eq!(forms, ["alkazemi"]);
/// let folded = analysis.folded("Al-Kazemi");
/// assert_eq!(folded, [(0, "alkazemi".into()), (0, "al".into()), (0, "kazemi".into())]);
/// ```
pub struct Analysis {
    stemmed: TextAnalyzer,
    folded: TextAnalyzer,
}

impl Default for Analysis {
    fn default() -> Self {
        Analysis::new()
    }
}

impl Analysis {
    /// Lupa's index analyzers.
    pub fn new() -> Analysis {
        Analysis {
            stemmed: AnalyzerBuilder::index().memo(false).build(),
            folded: AnalyzerBuilder::folded()
                .alternatives(true)
                .memo(false)
                .build(),
        }
    }

    /// What [`analyze`] gives for `text`.
    pub fn analyze(&mut self, text: &str) -> Vec<AnalyzedToken> {
        analyze_with(&mut self.stemmed, text)
    }

    /// The folded, unstemmed forms of `text` with their positions, alternatives
    /// included, as the index's `folded` field holds them.
    pub fn folded(&mut self, text: &str) -> Vec<(usize, String)> {
        tokens(&mut self.folded, text)
    }
}

fn analyze_with(analyzer: &mut TextAnalyzer, text: &str) -> Vec<AnalyzedToken> {
    let mut stream = analyzer.token_stream(text);
    let mut out: Vec<AnalyzedToken> = Vec::new();
    while let Some(t) = stream.next() {
        if let Some(last) = out.last_mut().filter(|last| last.position == t.position) {
            if t.text != last.indexed && !last.alternatives.contains(&t.text) {
                last.alternatives.push(t.text.clone());
            }
            continue;
        }
        out.push(AnalyzedToken {
            original: text[t.offset_from..t.offset_to].to_string(),
            indexed: t.text.clone(),
            position: t.position,
            offset_from: t.offset_from,
            offset_to: t.offset_to,
            stop_word: is_stop_word(&t.text),
            alternatives: Vec::new(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn forms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, String)> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push((t.position, t.text.clone()));
        }
        out
    }

    fn indexed(text: &str) -> Vec<String> {
        analyze(text).into_iter().map(|t| t.indexed).collect()
    }

    /// Word -> indexed form, through the whole pipeline.
    const GOLDEN: &[(&str, &str)] = &[
        ("asesoría", "asesori"),
        ("asesoria", "asesori"),
        ("ACCIÓN", "accion"),
        ("acción", "accion"),
        ("pingüino", "pinguin"),
        ("pinguino", "pinguin"),
        ("pena", "pen"),
        ("peña", "peñ"),
        ("año", "año"),
        ("ano", "ano"),
        ("información", "inform"),
        ("informacion", "inform"),
        ("educación", "educ"),
        ("educacion", "educ"),
        ("biología", "biolog"),
        ("biologia", "biolog"),
        ("recibía", "recib"),
        ("recibia", "recib"),
        ("había", "habia"),
        ("retirar", "retir"),
        ("retirada", "retir"),
        ("retiro", "retir"),
        ("Estados", "estad"),
        ("estamos", "estam"),
        // The lexicon: a participle takes its verb's stem (`unir`), and irregular forms
        // too (`murió`, `morir`); Snowball alone gives `unid`, `muri`, `mor`.
        ("Unidos", "unir"),
        ("unir", "unir"),
        ("murió", "mor"),
        ("murio", "mor"),
        ("morir", "mor"),
        ("ciudades", "ciud"),
        ("ciudad", "ciud"),
        ("EE.UU.", "eeuu"),
        ("ee.uu", "eeuu"),
        ("EEUU", "eeuu"),
        ("Al-Kazemi", "alkazemi"),
        ("alkazemi", "alkazemi"),
        ("2017", "2017"),
        ("1.200", "1.200"),
        ("de", "de"),
        ("Las", "las"),
        ("MÁS", "mas"),
        ("no", "no"),
    ];

    #[test]
    fn golden_indexed_forms() {
        for (word, form) in GOLDEN {
            assert_eq!(indexed(word), [*form], "{word}");
        }
    }

    #[test]
    fn query_analyzer_gives_the_main_forms_one_per_position() {
        let text = "El ministro sirio-iraquí Al-Kazemi, en EE.UU., contó 1.200 votos.";
        let query = forms(&mut query_analyzer(), text);
        let index = forms(&mut index_analyzer(), text);
        let positions: Vec<usize> = query.iter().map(|t| t.0).collect();
        assert_eq!(positions, (0..query.len()).collect::<Vec<_>>());
        for token in &query {
            assert!(index.contains(token), "{token:?} not indexed");
        }
        assert!(index.contains(&(3, "kazemi".to_string())));
        assert!(index.contains(&(2, "iraqui".to_string())), "{index:?}");
        assert!(index.contains(&(7, "1200".to_string())));
    }

    #[test]
    fn folded_analyzer_folds_without_stemming() {
        let found = forms(&mut folded_analyzer(), "La Retirada de las tropas, ¿año?");
        let texts: Vec<&str> = found.iter().map(|t| t.1.as_str()).collect();
        assert_eq!(texts, ["la", "retirada", "de", "las", "tropas", "año"]);
    }

    #[test]
    fn analyze_reports_originals_offsets_and_alternatives() {
        let tokens = analyze("¿Dónde está Al-Kazemi?");
        assert_eq!(tokens.len(), 3);
        assert_eq!(tokens[0].original, "Dónde");
        assert!(tokens[0].stop_word);
        assert_eq!(tokens[2].original, "Al-Kazemi");
        assert_eq!(tokens[2].indexed, "alkazemi");
        assert_eq!(tokens[2].alternatives, ["al", "kazemi"]);
        assert_eq!((tokens[2].offset_from, tokens[2].offset_to), (15, 24));
    }

    #[test]
    fn estados_and_estamos_differ() {
        assert_eq!(indexed("Estados Unidos"), ["estad", "unir"]);
        assert_eq!(indexed("estamos unidos"), ["estam", "unir"]);
        assert!(!is_stop_word("estad"));
    }

    proptest! {
        #[test]
        fn offsets_stay_inside_the_text_on_char_boundaries(text in "\\PC{0,80}") {
            check_offsets(&text);
        }

        #[test]
        fn offsets_hold_on_spanish_like_text(
            text in "[a-zA-ZáéíóúüñÑÁ.,:'’¿?¡!«»“” \\-0-9\u{301}\u{303}]{0,80}"
        ) {
            check_offsets(&text);
        }
    }

    fn check_offsets(text: &str) {
        for mut analyzer in [index_analyzer(), query_analyzer(), folded_analyzer()] {
            let mut stream = analyzer.token_stream(text);
            let mut last_position = 0;
            while let Some(t) = stream.next() {
                assert!(t.offset_from < t.offset_to, "{t:?}");
                assert!(t.offset_to <= text.len(), "{t:?}");
                assert!(text.is_char_boundary(t.offset_from), "{t:?}");
                assert!(text.is_char_boundary(t.offset_to), "{t:?}");
                assert!(t.position >= last_position, "{t:?}");
                assert!(!t.text.is_empty(), "{t:?}");
                last_position = t.position;
            }
        }
    }
}
