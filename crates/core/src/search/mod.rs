//! Search: from a parsed query to ranked hits.
//!
//! A query is parsed by `lupa-query` ([`parser`]), compiled into tantivy queries
//! (`compile.rs`, with the expansions of `expand.rs`), run against the index's searcher
//! (`run.rs`: the best hits found by `crate::rank`, which scores and prunes), and its
//! hits rendered with a snippet each (`crate::search::snippet`).
//!
//! | file | holds |
//! |---|---|
//! | `mod.rs` | the options ([`SearchOptions`], [`Ranking`], [`Pruning`], [`Sort`], [`FacetKind`]) and results ([`SearchResults`], [`Hit`], [`Facet`], [`Expansion`]) |
//! | `run.rs` | [`Index::search`]: compile, collect the top documents, read ids, titles and snippets, suggest |
//! | `compile.rs` | the compiler from the AST to tantivy queries: words, phrases, prefixes, fuzzy words, the bag of words with its exact-form and proximity extras |
//! | `expand.rs` | the expansions that read the index: synonyms, typos, name spellings, related words |
//! | `filter.rs` | the filters split off the top of a query (`fecha:`, `autor:`, `fuente:`) and the options' dates, as clauses of score zero |
//! | `order.rs` | what needs every match: hits in date order ([`Sort`]) and facet counts ([`FacetKind`]) |
//!
//! This room uses the index, the analysis and the rank rooms; none of them uses it.

use crate::ingest::Day;
use crate::rank::bm25::TANTIVY_B;
use crate::schema::{AUTHOR, BODY, DATE, SOURCE, TITLE};
use lupa_query::Parser;
use serde::Serialize;
use std::sync::{Arc, OnceLock};

mod batch;
mod compile;
mod document;
mod expand;
mod explain;
mod filter;
mod highlight;
pub mod json;
mod order;
mod run;
pub(crate) mod snippet;
pub(crate) mod suggest;
mod synonyms;
pub mod thesaurus;

pub(crate) use compile::compile;
pub use document::Document;
pub use explain::{explain, ExplainedTerm, Explanation, Part, PartNote};
pub use highlight::Highlighter;
pub use snippet::Snippet;
pub use suggest::SUGGEST_BELOW;
pub use synonyms::{Synonyms, SynonymsError};

pub use lupa_query::DefaultOperator;

/// The most words a prefix (`retir*`) expands to.
pub const MAX_PREFIX_TERMS: usize = 64;
/// The largest edit distance a fuzzy word (`word~2`) may ask for.
pub const MAX_FUZZY_DISTANCE: u8 = 2;

/// Knobs of the ranking function.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ranking {
    /// Multiplier of title matches against body matches.
    pub title_boost: f32,
    /// Weight of the proximity clause that rewards content words found close together.
    pub proximity_boost: f32,
    /// How far apart (Lucene slop) content words may be to earn the proximity score.
    pub proximity_slop: u32,
    /// Reward each pair of neighbouring query words found close together, rather
    /// than only all the words together.
    pub proximity_pairs: bool,
    /// Weight of the clause that rewards a query word found exactly as typed (accents
    /// aside), not only through its stem: `retirada` ranks a text with `retirada`
    /// above one with only `retiro`.
    pub exact_boost: f32,
    /// Weight of a synonym the user did not type, against the spelling they typed
    /// (1.0: alike).
    pub synonym_weight: f32,
    /// BM25's term frequency saturation for words (phrases keep tantivy's 1.2).
    pub bm25_k1: f32,
    /// BM25's length normalization for words (phrases keep tantivy's 0.75).
    pub bm25_b: f32,
    /// Weight of the closest indexed word (same first letter; one edit for words of 4 to
    /// 6 letters, two beyond) searched in place of an optional word that no document
    /// holds, such as a typo or a variant spelling; 0 turns it off. Words that must match
    /// are left as typed (and get a "did you mean" suggestion instead).
    pub typo_weight: f32,
    /// Weight of the closest other indexed word (one edit, same first letter, another
    /// stem) searched beside a capitalised optional word, for names spelt two ways
    /// (`Genghis`, `Gengis`); 0 turns it off.
    pub name_weight: f32,
    /// Weight of each word the thesaurus relates to an optional word (`edificó` for
    /// `construyó`), searched beside it in a disjunction-max; only related words found in
    /// at least one document and at most [`Ranking::related_share`] of them are searched.
    /// 0 turns them off.
    pub related_weight: f32,
    /// The largest share of the documents a related word may be found in to be searched (a
    /// word in one document always may): a frequent word says little about any document,
    /// and has the longest list of documents to walk.
    pub related_share: f32,
    /// Related words are searched only for a word found in at most this share of the
    /// documents (or in one): a word many documents hold tells them apart little, so its absence
    /// costs little, and its related words would be looked up for nearly every document.
    pub related_for_share: f32,
}

impl Default for Ranking {
    fn default() -> Self {
        Ranking {
            title_boost: 2.0,
            proximity_boost: 0.7,
            proximity_slop: 4,
            proximity_pairs: true,
            exact_boost: 0.5,
            synonym_weight: 0.8,
            bm25_k1: 0.7,
            bm25_b: TANTIVY_B,
            typo_weight: 0.6,
            name_weight: 0.6,
            related_weight: 0.2,
            related_share: 0.02,
            related_for_share: 0.2,
        }
    }
}

/// How to run a search.
#[derive(Debug, Clone)]
pub struct SearchOptions {
    /// How many hits to return.
    pub limit: usize,
    /// How many of the best hits to skip (for paging).
    pub offset: usize,
    /// How words side by side combine: all must match, or any may.
    pub operator: DefaultOperator,
    /// About how many characters a snippet holds; 0 for no snippets.
    pub snippet_chars: usize,
    /// Ranking parameters.
    pub ranking: Ranking,
    /// Spellings to treat alike (by default Lupa's Spanish list); `None` for none.
    pub synonyms: Option<Arc<Synonyms>>,
    /// Offer a corrected query when the search finds fewer than three documents.
    pub suggest: bool,
    /// Read each hit's stored document for its title and snippet. Off, hits carry only
    /// their id and score, which is much faster for batch runs and evaluation.
    pub documents: bool,
    /// Search what can be made of a query that does not parse (an unclosed quote, a
    /// dangling operator) instead of failing: for search-as-you-type and for batches
    /// of natural-language questions.
    pub lenient: bool,
    /// Count every matching document for [`SearchResults::total`]. Off, `total` is only
    /// how many documents the search collected (the hits and those skipped by `offset`,
    /// so exact when fewer than `offset + limit`), and documents that cannot make the
    /// top hits are not looked at: for batch runs and evaluation, which read only hits.
    pub count: bool,
    /// Whether to skip documents that cannot make the top hits (dynamic pruning; the
    /// hits and their scores are the same either way).
    pub pruning: Pruning,
    /// Only documents dated this day or later.
    pub since: Option<Day>,
    /// Only documents dated this day or earlier.
    pub until: Option<Day>,
    /// The order of the hits.
    pub sort: Sort,
    /// What to count the matching documents by, for [`SearchResults::facets`].
    pub facets: Vec<FacetKind>,
}

/// The order of the hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// Best score first (ties by path).
    #[default]
    Score,
    /// Newest first; undated documents last; ties by score, then path.
    Newest,
    /// Oldest first; undated documents last; ties by score, then path.
    Oldest,
}

impl Sort {
    /// The order named `name`: `score`, `-date` (newest first), `date` (oldest first),
    /// and the Spanish `puntuación`, `-fecha`, `fecha`.
    pub fn from_name(name: &str) -> Option<Sort> {
        match name.trim().to_lowercase().as_str() {
            "score" | "puntuación" | "puntuacion" => Some(Sort::Score),
            "date" | "+date" | "fecha" | "+fecha" => Some(Sort::Oldest),
            "-date" | "-fecha" => Some(Sort::Newest),
            _ => None,
        }
    }
}

/// What [`SearchResults::facets`] counts matching documents by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FacetKind {
    /// The source, as written.
    Source,
    /// The year of the date.
    Year,
}

impl FacetKind {
    /// The facet named `name` (`source`/`fuente`, `year`/`año`), if there is one.
    pub fn from_name(name: &str) -> Option<FacetKind> {
        match name.trim().to_lowercase().as_str() {
            "source" | "fuente" => Some(FacetKind::Source),
            "year" | "año" | "ano" => Some(FacetKind::Year),
            _ => None,
        }
    }

    /// Its name in results (`source`, `year`).
    pub fn name(self) -> &'static str {
        match self {
            FacetKind::Source => "source",
            FacetKind::Year => "year",
        }
    }
}

/// How many matching documents have each value of one facet, most first (ties by
/// value).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Facet {
    /// What was counted by.
    pub kind: FacetKind,
    /// Each value with its count.
    pub counts: Vec<(String, usize)>,
}

/// Whether a search skips documents that cannot make the top hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Pruning {
    /// Prune a bag of words when that pays: when its most frequent word is in many
    /// more documents than the hits asked for (see [`crate::PRUNE_DOCS_PER_HIT`]), or
    /// when it searches related words; otherwise score every match.
    #[default]
    Auto,
    /// Prune every bag of words.
    Always,
    /// Score every match with tantivy's own query tree: the reference that tests and
    /// measurements compare with.
    Never,
}

/// Lupa's default Spanish synonyms, parsed once.
pub fn default_synonyms() -> Arc<Synonyms> {
    static SPANISH: OnceLock<Arc<Synonyms>> = OnceLock::new();
    SPANISH
        .get_or_init(|| Arc::new(Synonyms::spanish()))
        .clone()
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            offset: 0,
            operator: DefaultOperator::Any,
            snippet_chars: 200,
            ranking: Ranking::default(),
            synonyms: Some(default_synonyms()),
            suggest: true,
            lenient: false,
            documents: true,
            count: true,
            pruning: Pruning::Auto,
            since: None,
            until: None,
            sort: Sort::Score,
            facets: Vec::new(),
        }
    }
}

/// The answer to a search.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResults {
    /// The query as given.
    pub query: String,
    /// How many documents match in all (not only those returned); with
    /// [`SearchOptions::count`] off, only how many the search collected.
    pub total: usize,
    /// The requested page of hits, best first.
    pub hits: Vec<Hit>,
    /// A corrected query, when this one found little and a correction finds more.
    pub suggestion: Option<String>,
    /// The counts asked for by [`SearchOptions::facets`], in that order.
    pub facets: Vec<Facet>,
}

/// One matching document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// The document's identity: its path relative to the indexed folder.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its score; higher is better.
    pub score: f32,
    /// The best passage, with the matches marked.
    pub snippet: Snippet,
    /// Its publication date; when `date_from_file`, the day its file last changed,
    /// because the document gives no date.
    pub date: Option<Day>,
    /// Whether `date` is the file's modification day.
    pub date_from_file: bool,
    /// Who wrote it.
    pub author: Option<String>,
    /// The site or publication it appeared in.
    pub source: Option<String>,
    /// Its address on the web.
    pub url: Option<String>,
}

/// The fields a query may be scoped to, with their aliases, as the parser knows them.
pub fn parser(operator: DefaultOperator) -> Parser {
    Parser::builder()
        .default_operator(operator)
        .field(TITLE, &["título", "titulo"])
        .field(BODY, &["texto", "cuerpo"])
        .field(AUTHOR, &["autor", "autora"])
        .field(SOURCE, &["fuente"])
        .date_field(DATE, &["fecha"])
        .build()
}

/// Other words searched for words of a query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Expansion {
    /// The words as typed.
    pub words: String,
    /// What was searched for them: every spelling of their synonyms group, as written in
    /// the list, or the closest indexed word.
    pub searched: Vec<String>,
    /// Why they were searched.
    pub reason: ExpansionReason,
}

/// Why an [`Expansion`] was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum ExpansionReason {
    /// The words are an entry of the synonyms list.
    Synonyms,
    /// No document holds the word; the closest indexed word was searched instead, with
    /// [`Ranking::typo_weight`].
    Typo,
    /// A capitalised word: the closest other indexed word, another spelling of the name
    /// perhaps, was searched beside it with [`Ranking::name_weight`].
    Name,
    /// The thesaurus's synonyms of the word (their indexed forms) were searched beside it
    /// with [`Ranking::related_weight`].
    Related,
}
