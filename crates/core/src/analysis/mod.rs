//! The Spanish analyzer (minimal first version; the full pipeline replaces it).
//!
//! Contract used by the rest of the crate:
//! - [`index_analyzer`]: used for `title` and `body`; stop words stay in the token
//!   stream (folded, unstemmed) so phrases keep their exact gaps; may emit extra
//!   tokens at the same position (alternatives).
//! - [`query_analyzer`]: same forms as the index analyzer but exactly one token per
//!   position.
//! - [`folded_analyzer`]: lowercased, accent-folded (keeping ñ), unstemmed; for
//!   prefix and fuzzy matching.
//! - [`is_stop_word`]: whether an analyzed token is a stop word (dropped from
//!   bag-of-words queries, kept in phrases).

use rust_stemmers::{Algorithm, Stemmer};
use std::sync::Arc;
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

/// Version of the analysis rules. An index built with another version must be rebuilt.
pub const ANALYZER_VERSION: u32 = 1;
/// Tokenizer name of the stemmed analyzer, registered on every index.
pub const STEMMED: &str = "lupa_es";
/// Tokenizer name of the folded, unstemmed analyzer.
pub const FOLDED: &str = "lupa_es_folded";

const STOP_WORDS: &[&str] = &[
    "de", "la", "que", "el", "en", "y", "a", "los", "del", "se", "las", "por", "un", "para", "con",
    "una", "su", "al", "lo", "como", "mas", "pero", "sus", "le", "ya", "o", "este",
];

/// Whether `token` (an analyzed form) is a stop word.
pub fn is_stop_word(token: &str) -> bool {
    STOP_WORDS.contains(&token)
}

/// Registers Lupa's analyzers on an index's tokenizer manager.
pub fn register_analyzers(index: &tantivy::Index) {
    index.tokenizers().register(STEMMED, index_analyzer());
    index.tokenizers().register(FOLDED, folded_analyzer());
}

/// The analyzer used to index `title` and `body`.
pub fn index_analyzer() -> TextAnalyzer {
    TextAnalyzer::from(Spanish {
        stem: true,
        tokens: Vec::new(),
    })
}

/// The analyzer used for query text: one token per position.
pub fn query_analyzer() -> TextAnalyzer {
    index_analyzer()
}

/// Lowercased, folded, unstemmed tokens.
pub fn folded_analyzer() -> TextAnalyzer {
    TextAnalyzer::from(Spanish {
        stem: false,
        tokens: Vec::new(),
    })
}

/// One token as the analyzer sees it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AnalyzedToken {
    /// The text as it appears in the input.
    pub original: String,
    /// The indexed form.
    pub indexed: String,
    /// Token position.
    pub position: usize,
    /// Byte offset where the token starts in the input.
    pub offset_from: usize,
    /// Byte offset where the token ends in the input.
    pub offset_to: usize,
    /// Whether the token is a stop word.
    pub stop_word: bool,
}

/// Analyzes `text` with the index analyzer.
pub fn analyze(text: &str) -> Vec<AnalyzedToken> {
    let mut analyzer = index_analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(t) = stream.next() {
        out.push(AnalyzedToken {
            original: text[t.offset_from..t.offset_to].to_string(),
            indexed: t.text.clone(),
            position: t.position,
            offset_from: t.offset_from,
            offset_to: t.offset_to,
            stop_word: is_stop_word(&t.text),
        });
    }
    out
}

fn fold(word: &str) -> String {
    word.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'ä' | 'â' => 'a',
            'é' | 'è' | 'ë' | 'ê' => 'e',
            'í' | 'ì' | 'ï' | 'î' => 'i',
            'ó' | 'ò' | 'ö' | 'ô' => 'o',
            'ú' | 'ù' | 'ü' | 'û' => 'u',
            c => c,
        })
        .collect()
}

#[derive(Clone)]
struct Spanish {
    stem: bool,
    tokens: Vec<Token>,
}

struct VecStream<'a> {
    tokens: &'a [Token],
    index: usize,
}

impl TokenStream for VecStream<'_> {
    fn advance(&mut self) -> bool {
        if self.index < self.tokens.len() {
            self.index += 1;
            true
        } else {
            false
        }
    }
    fn token(&self) -> &Token {
        &self.tokens[self.index - 1]
    }
    fn token_mut(&mut self) -> &mut Token {
        unreachable!("tokens are read-only")
    }
}

thread_local! {
    static STEMMER: Arc<Stemmer> = Arc::new(Stemmer::create(Algorithm::Spanish));
}

impl Tokenizer for Spanish {
    type TokenStream<'a> = VecStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecStream<'a> {
        self.tokens.clear();
        for (position, (start, word)) in
            unicode_segmentation::UnicodeSegmentation::unicode_word_indices(text).enumerate()
        {
            let lower: String = word.chars().flat_map(char::to_lowercase).collect();
            let folded = fold(&lower);
            let text = if self.stem && !is_stop_word(&folded) {
                STEMMER.with(|s| fold(&s.stem(&lower)))
            } else {
                folded
            };
            self.tokens.push(Token {
                offset_from: start,
                offset_to: start + word.len(),
                position,
                text,
                position_length: 1,
            });
        }
        VecStream {
            tokens: &self.tokens,
            index: 0,
        }
    }
}
