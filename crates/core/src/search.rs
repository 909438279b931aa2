//! From a parsed query to ranked hits.
//!
//! The AST from `lupa-query` is compiled with the same analyzer that indexed the
//! text, so stemming, folding and stop words happen in one place:
//!
//! | query piece | becomes |
//! |---|---|
//! | word | its analyzed form in `title` (boosted) or `body`; a word that analyzes to several tokens (`Al-Kazemi`) becomes a phrase; stop words are dropped |
//! | `"phrase"` | a phrase over the analyzed tokens, stop words included at their positions; `~N` sets the slop |
//! | `retir*` | up to [`MAX_PREFIX_TERMS`] unstemmed, folded words starting with `retir` (the most frequent first) |
//! | `word~N` | unstemmed, folded words within N edits (N ≤ 2) |
//! | `NOT x`, `-x` alone | every document except the matches |
//! | a word or run of words listed in the synonyms | also every other spelling of its group; a multi-word spelling as a phrase |
//! | an optional word in no document | the closest indexed word instead ([`Ranking::typo_weight`]) |
//! | an optional capitalised word | also the closest other indexed word, a name spelt another way (`Genghis`, `Gengis`), at [`Ranking::name_weight`] |
//! | an optional word | also the words a thesaurus gives as its synonyms (`construyó`: `edificó`, `erigió`…), at [`Ranking::related_weight`] |
//!
//! For bag-of-words queries, documents that hold the content words close together
//! get an extra proximity score, so they rank above documents with scattered or
//! partial matches.

use crate::analysis::{is_stop_word, tokens, Variant};
use crate::error::{Error, Result};
use crate::index::{passages, Index};
use crate::lookups::Lookups;
use crate::rank::bm25::{term_query, Bm25, TANTIVY_B};
use crate::rank::prune::{self, Bag, Boost, Extra, MaxOf};
use crate::schema::{Fields, BODY, TITLE};
use crate::snippet::{self, Matcher, Snippet};
use crate::suggest::SUGGEST_BELOW;
use crate::synonyms::Synonyms;
use crate::thesaurus::Thesaurus;
use lupa_query::{Occur, Parser, Query, TermModifier};
use serde::Serialize;
use std::collections::HashSet;
use std::sync::{Arc, OnceLock};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::Bm25StatisticsProvider;
use tantivy::query::{AllQuery, BooleanQuery, EmptyQuery, FuzzyTermQuery, PhraseQuery};
use tantivy::schema::Value;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, Score, Searcher, TantivyDocument, Term};

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
}

/// The fields a query may be scoped to, with their aliases, as the parser knows them.
pub fn parser(operator: DefaultOperator) -> Parser {
    Parser::builder()
        .default_operator(operator)
        .field(TITLE, &["título", "titulo"])
        .field(BODY, &["texto", "cuerpo"])
        .build()
}

impl Index {
    /// Parses `query` and runs it.
    pub fn search(&self, query: &str, options: &SearchOptions) -> Result<SearchResults> {
        let parser = parser(options.operator);
        let ast = if options.lenient {
            match parser.parse_lenient(query).query {
                Some(ast) => ast,
                None => {
                    return Ok(SearchResults {
                        query: query.to_string(),
                        total: 0,
                        hits: Vec::new(),
                        suggestion: None,
                    })
                }
            }
        } else {
            parser.parse(query)?
        };
        self.search_query(query, &ast, options)
    }

    /// Runs an already parsed query. `text` is only echoed back in the results.
    pub fn search_query(
        &self,
        text: &str,
        ast: &Query,
        options: &SearchOptions,
    ) -> Result<SearchResults> {
        self.guard(|| self.run(text, ast, options))
    }

    fn run(&self, text: &str, ast: &Query, options: &SearchOptions) -> Result<SearchResults> {
        let searcher = self.reader.searcher();
        let compiled = compile(
            Some(&searcher),
            Some(&self.lookups),
            self.fields,
            self.variant,
            ast,
            options,
        )?;
        let query = match compiled.query {
            Some(q) => q,
            None if compiled.stop_only => {
                return Err(Error::OnlyStopWords {
                    query: text.to_string(),
                })
            }
            None => Box::new(EmptyQuery),
        };
        let (docs, total) = self.top_documents(&searcher, query.as_ref(), options)?;
        let mut hits = Vec::with_capacity(docs.len());
        for (score, address) in docs.into_iter().take(options.limit) {
            if !options.documents {
                hits.push(Hit {
                    id: self.id_of(&searcher, address)?,
                    title: String::new(),
                    score,
                    snippet: Snippet::default(),
                });
                continue;
            }
            let doc: TantivyDocument = searcher.doc(address).map_err(|e| self.classify(e))?;
            let text_of = |field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            let snippet = if options.snippet_chars == 0 {
                Snippet::default()
            } else {
                snippet::best(
                    &text_of(self.fields.body),
                    &compiled.matcher,
                    options.snippet_chars,
                )
            };
            let mut title = text_of(self.fields.title);
            if title.is_empty() {
                title = text_of(self.fields.excerpt_title);
            }
            hits.push(Hit {
                id: text_of(self.fields.id),
                title,
                score,
                snippet,
            });
        }
        let suggestion = if options.suggest && total < SUGGEST_BELOW {
            self.suggestion(&searcher, ast, total, options)?
        } else {
            None
        };
        Ok(SearchResults {
            query: text.to_string(),
            total,
            hits,
            suggestion,
        })
    }

    /// The best `options.offset + options.limit` documents for `query`, past the
    /// offset, and how many match in all. A long text's passages count as one
    /// document, ranked by its best passage: where the index holds passages, more
    /// are collected until enough distinct documents are found.
    fn top_documents(
        &self,
        searcher: &Searcher,
        query: &dyn tantivy::query::Query,
        options: &SearchOptions,
    ) -> Result<(Vec<(Score, DocAddress)>, usize)> {
        let want = options.limit.max(1) + options.offset;
        let passages = self
            .has_passages
            .get(searcher)
            .map_err(|e| self.classify(e))?;
        let mut k = want;
        loop {
            // With passages, the count comes from counting documents, below.
            let count = options.count && !passages;
            let (found, total) = self.top_passages(searcher, query, k, count, options)?;
            if !passages {
                return Ok((found.into_iter().skip(options.offset).collect(), total));
            }
            let exhausted = found.len() < k;
            let mut seen = HashSet::new();
            let mut grouped = Vec::with_capacity(want);
            for (score, address) in found {
                if seen.insert(self.id_of(searcher, address)?) {
                    grouped.push((score, address));
                    if grouped.len() == want {
                        break;
                    }
                }
            }
            if grouped.len() == want || exhausted {
                let total = if options.count || options.pruning == Pruning::Never {
                    searcher
                        .search(query, &passages::CountDocuments)
                        .map_err(|e| self.classify(e))?
                } else {
                    seen.len()
                };
                return Ok((grouped.into_iter().skip(options.offset).collect(), total));
            }
            k = k.saturating_mul(4);
        }
    }

    /// The best `k` tantivy documents (whole documents or passages) for `query`, and
    /// how many match in all (with `count` off, pruned searches say only how many
    /// they collected).
    fn top_passages(
        &self,
        searcher: &Searcher,
        query: &dyn tantivy::query::Query,
        k: usize,
        count: bool,
        options: &SearchOptions,
    ) -> Result<(Vec<(Score, DocAddress)>, usize)> {
        if options.pruning == Pruning::Never {
            let top = TopDocs::with_limit(k).order_by_score();
            return searcher
                .search(query, &(top, Count))
                .map_err(|e| self.classify(e));
        }
        let statistics = self.lookups.statistics(searcher);
        let always = options.pruning == Pruning::Always;
        let (found, total) = prune::top_k(searcher, &statistics, query, k, count, always)
            .map_err(|e| self.classify(e))?;
        let total = total.unwrap_or(found.len());
        Ok((found, total))
    }

    /// A document's id, read from its fast field (no stored document is decompressed).
    fn id_of(&self, searcher: &Searcher, address: tantivy::DocAddress) -> Result<String> {
        self.doc_ids
            .get(searcher, address)
            .map_err(|e| self.classify(e))?
            .map_err(|source| Error::Io {
                path: self.where_().to_path_buf(),
                source,
            })
    }

    /// A corrected query that finds more than `total` documents, if there is one.
    fn suggestion(
        &self,
        searcher: &Searcher,
        ast: &Query,
        total: usize,
        options: &SearchOptions,
    ) -> Result<Option<String>> {
        let Some(fixed) = self.correct(searcher, ast)? else {
            return Ok(None);
        };
        let compiled = compile(
            Some(searcher),
            Some(&self.lookups),
            self.fields,
            self.variant,
            &fixed,
            options,
        )?;
        let Some(query) = compiled.query else {
            return Ok(None);
        };
        let found = query.count(searcher).map_err(|e| self.classify(e))?;
        Ok((found > total).then(|| fixed.to_string()))
    }
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

/// A query compiled for one searcher.
pub(crate) struct Compiled {
    /// The engine query; `None` when nothing is left to search for.
    pub query: Option<Box<dyn tantivy::query::Query>>,
    /// Whether something was dropped because it held only stop words.
    pub stop_only: bool,
    /// What to highlight in snippets.
    pub matcher: Matcher,
    /// The synonym expansions applied.
    pub expansions: Vec<Expansion>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    All,
    Title,
    Body,
}

/// The outcome of compiling one node.
enum Node {
    Query(Box<dyn tantivy::query::Query>),
    /// Only stop words: ignored in bag-of-words queries.
    StopOnly,
    /// Nothing searchable at all (punctuation).
    Empty,
}

struct Compiler<'a> {
    searcher: Option<&'a Searcher>,
    /// The index's remembered lookups, when there is an index.
    lookups: Option<&'a Lookups>,
    synonyms: Option<&'a Synonyms>,
    expansions: Vec<Expansion>,
    fields: Fields,
    ranking: &'a Ranking,
    query_analyzer: TextAnalyzer,
    folded_analyzer: TextAnalyzer,
    matcher: Matcher,
    /// Content words of the top-level bag of words, in order, for the proximity clause.
    loose_words: Vec<String>,
    /// The same words unstemmed (folded), for the exact-form clause, each with its stem
    /// when it has exactly one.
    loose_folded: Vec<(String, Option<String>)>,
    stop_only: bool,
    /// Build a [`Bag`], whose top hits can be found without scoring every match.
    pruning: bool,
    /// Whether the node being compiled is an optional word of the top-level bag of words.
    optional: bool,
}

pub(crate) fn compile(
    searcher: Option<&Searcher>,
    lookups: Option<&Lookups>,
    fields: Fields,
    variant: Variant,
    ast: &Query,
    options: &SearchOptions,
) -> Result<Compiled> {
    let mut c = Compiler {
        searcher,
        lookups,
        synonyms: options.synonyms.as_deref(),
        expansions: Vec::new(),
        fields,
        ranking: &options.ranking,
        query_analyzer: variant.query_analyzer(),
        folded_analyzer: variant.folded_analyzer(),
        matcher: Matcher {
            variant,
            ..Matcher::default()
        },
        loose_words: Vec::new(),
        loose_folded: Vec::new(),
        stop_only: false,
        pruning: options.pruning != Pruning::Never,
        optional: false,
    };
    let root = c.node(ast, Scope::All, true)?;
    let query = match root {
        Node::Query(q) => Some(c.with_proximity(q)),
        Node::StopOnly => {
            c.stop_only = true;
            None
        }
        Node::Empty => None,
    };
    Ok(Compiled {
        query,
        stop_only: c.stop_only,
        matcher: c.matcher,
        expansions: c.expansions,
    })
}

fn boxed(q: impl tantivy::query::Query) -> Box<dyn tantivy::query::Query> {
    Box::new(q)
}

impl Compiler<'_> {
    /// `loose` is true while the node is part of the top-level bag of words.
    fn node(&mut self, q: &Query, scope: Scope, loose: bool) -> Result<Node> {
        Ok(match q {
            Query::Term(t) => match t.modifier {
                TermModifier::None => self.word(&t.text, scope, loose),
                TermModifier::Prefix => self.prefix(&t.text)?,
                TermModifier::Fuzzy(d) => self.fuzzy(&t.text, d.min(MAX_FUZZY_DISTANCE)),
            },
            Query::Phrase(p) => self.phrase(&p.text, p.slop.unwrap_or(0), scope),
            Query::Field { field, query } => {
                let scope = match field.as_str() {
                    TITLE => Scope::Title,
                    BODY => Scope::Body,
                    _ => scope,
                };
                self.node(query, scope, false)?
            }
            Query::And(items) => {
                let clauses = items
                    .iter()
                    .map(|item| match item {
                        Query::Not(inner) => (Occur::MustNot, inner.as_ref()),
                        other => (Occur::Must, other),
                    })
                    .collect::<Vec<_>>();
                self.boolean(&clauses, scope, loose)?
            }
            Query::Or(items) => {
                // As in Lucene, a negated operand among optional ones excludes:
                // `irak tropas NOT siria` never means "or anything without siria".
                let clauses = items
                    .iter()
                    .map(|item| match item {
                        Query::Not(inner) => (Occur::MustNot, inner.as_ref()),
                        other => (Occur::Should, other),
                    })
                    .collect::<Vec<_>>();
                self.boolean(&clauses, scope, loose)?
            }
            Query::Not(inner) => self.boolean(&[(Occur::MustNot, inner)], scope, false)?,
            Query::Clauses(list) => {
                let clauses = list.iter().map(|c| (c.occur, &c.query)).collect::<Vec<_>>();
                self.boolean(&clauses, scope, loose)?
            }
        })
    }

    fn boolean(&mut self, clauses: &[(Occur, &Query)], scope: Scope, loose: bool) -> Result<Node> {
        use tantivy::query::Occur as T;
        let mut out: Vec<(T, Box<dyn tantivy::query::Query>)> = Vec::new();
        let mut saw_stop = false;
        let mut i = 0;
        while i < clauses.len() {
            let (occur, q) = &clauses[i];
            let child_loose = loose && *occur != Occur::MustNot;
            let (node, used) = match self.run_of_synonyms(&clauses[i..]) {
                Some((key, text, used)) => {
                    // The words as typed, as they would be searched without synonyms
                    // (each optional, or all required), are one spelling of the group.
                    let mut words = Vec::new();
                    for (_, word) in &clauses[i..i + used] {
                        if let Node::Query(q) = self.node(word, scope, child_loose)? {
                            words.push(q);
                        }
                    }
                    let typed = if *occur == Occur::Should {
                        boxed(BooleanQuery::union(words))
                    } else {
                        boxed(BooleanQuery::intersection(words))
                    };
                    let group = self.alternatives(&key, &text, scope, Some(typed));
                    (group.unwrap_or(Node::Empty), used)
                }
                None => {
                    let outer = self.optional;
                    self.optional = child_loose && *occur == Occur::Should;
                    let node = self.node(q, scope, child_loose);
                    self.optional = outer;
                    (node?, 1)
                }
            };
            i += used;
            match node {
                Node::Query(q) => out.push((
                    match occur {
                        Occur::Must => T::Must,
                        Occur::Should => T::Should,
                        Occur::MustNot => T::MustNot,
                    },
                    q,
                )),
                Node::StopOnly => saw_stop = true,
                Node::Empty => {}
            }
        }
        if out.is_empty() {
            return Ok(if saw_stop {
                Node::StopOnly
            } else {
                Node::Empty
            });
        }
        if saw_stop {
            self.stop_only = true;
        }
        if out.iter().all(|(o, _)| *o == T::MustNot) {
            out.push((T::Must, boxed(AllQuery)));
        }
        if out.len() == 1 && out[0].0 != T::MustNot {
            return Ok(Node::Query(out.remove(0).1));
        }
        Ok(Node::Query(boxed(BooleanQuery::new(out))))
    }

    /// A run of two or more plain words, at the start of `clauses`, that is an entry
    /// of the synonyms (`Estados Unidos`): its analyzed tokens, its text, and how many
    /// clauses it takes.
    fn run_of_synonyms(
        &mut self,
        clauses: &[(Occur, &Query)],
    ) -> Option<(Vec<String>, String, usize)> {
        let synonyms = self.synonyms?;
        if synonyms.longest() < 2 {
            return None;
        }
        let occur = clauses.first()?.0;
        let mut runs: Vec<(usize, String)> = Vec::new(); // (clauses used, text)
        let mut toks: Vec<String> = Vec::new();
        let mut keys: Vec<(usize, Vec<String>)> = Vec::new();
        for (n, (o, q)) in clauses.iter().enumerate() {
            let Query::Term(t) = q else { break };
            if *o != occur || t.modifier != TermModifier::None {
                break;
            }
            toks.extend(
                tokens(&mut self.query_analyzer, &t.text)
                    .into_iter()
                    .map(|(_, t)| t),
            );
            runs.push((n + 1, t.text.clone()));
            if toks.len() > synonyms.longest() {
                break;
            }
            if n >= 1 {
                keys.push((n + 1, toks.clone()));
            }
            if !synonyms.may_start(&toks) {
                break;
            }
        }
        let (used, key) = keys
            .into_iter()
            .rev()
            .find(|(_, k)| synonyms.group_of(k).is_some())?;
        let words = runs[..used]
            .iter()
            .map(|(_, t)| t.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        Some((key, words, used))
    }

    /// The group of spellings `key` belongs to, as one query; `None` if it has none.
    ///
    /// With `typed`, the query for the words as typed, the group is a disjunction-max
    /// of it and the other spellings: a document scores by its best spelling, so one
    /// holding the words as typed scores as it would without synonyms. Without it, the
    /// typed spelling is one of the alternatives.
    fn alternatives(
        &mut self,
        key: &[String],
        words: &str,
        scope: Scope,
        typed: Option<Box<dyn tantivy::query::Query>>,
    ) -> Option<Node> {
        let group = self.synonyms?.group_of(key)?.to_vec();
        let mut alts: Vec<Box<dyn tantivy::query::Query>> = Vec::new();
        let skip_typed = typed.is_some();
        alts.extend(typed);
        let weight = self.ranking.synonym_weight;
        for (_, toks) in &group {
            if skip_typed && toks.as_slice() == key {
                continue;
            }
            let is_typed = toks.as_slice() == key;
            let node = if toks.len() == 1 {
                let term = toks[0].clone();
                self.matcher.words.insert(term.clone());
                self.per_field(scope, |field| {
                    term_query(Term::from_field_text(field, &term), self.bm25())
                })
            } else {
                let positioned = toks.iter().cloned().enumerate().collect();
                match self.phrase_of(positioned, 0, scope) {
                    Node::Query(q) => q,
                    _ => continue,
                }
            };
            let weighted = is_typed || (weight - 1.0).abs() < f32::EPSILON;
            alts.push(if weighted {
                node
            } else {
                boxed(Boost::new(node, weight))
            });
        }
        self.expansions.push(Expansion {
            words: words.to_string(),
            searched: group.into_iter().map(|(w, _)| w).collect(),
            reason: ExpansionReason::Synonyms,
        });
        Some(Node::Query(boxed(MaxOf::new(alts))))
    }

    fn bm25(&self) -> Bm25 {
        Bm25 {
            k1: self.ranking.bm25_k1,
            b: self.ranking.bm25_b,
        }
    }

    fn fields(&self, scope: Scope) -> Vec<(tantivy::schema::Field, f32)> {
        let title = (self.fields.title, self.ranking.title_boost);
        let body = (self.fields.body, 1.0);
        match scope {
            Scope::All => vec![title, body],
            Scope::Title => vec![title],
            Scope::Body => vec![body],
        }
    }

    fn per_field(
        &self,
        scope: Scope,
        make: impl Fn(tantivy::schema::Field) -> Box<dyn tantivy::query::Query>,
    ) -> Box<dyn tantivy::query::Query> {
        let mut clauses: Vec<(tantivy::query::Occur, Box<dyn tantivy::query::Query>)> = self
            .fields(scope)
            .into_iter()
            .map(|(field, boost)| {
                let q = make(field);
                let q = if (boost - 1.0).abs() > f32::EPSILON {
                    boxed(Boost::new(q, boost))
                } else {
                    q
                };
                (tantivy::query::Occur::Should, q)
            })
            .collect();
        if clauses.len() == 1 {
            clauses.remove(0).1
        } else {
            boxed(BooleanQuery::new(clauses))
        }
    }

    /// Records the folded forms of `text`, a word of the bag whose stem is `stem`.
    fn push_folded(&mut self, text: &str, stem: &str) {
        let folded = tokens(&mut self.folded_analyzer, text);
        let one = folded.len() == 1;
        self.loose_folded.extend(
            folded
                .into_iter()
                .map(|(_, t)| (t, one.then(|| stem.to_string()))),
        );
    }

    fn word(&mut self, text: &str, scope: Scope, loose: bool) -> Node {
        let toks = tokens(&mut self.query_analyzer, text);
        if toks.is_empty() {
            return Node::Empty;
        }
        if toks.iter().all(|(_, t)| is_stop_word(t)) {
            return Node::StopOnly;
        }
        let key: Vec<String> = toks.iter().map(|(_, t)| t.clone()).collect();
        if let Some(node) = self.alternatives(&key, text, scope, None) {
            if loose && key.len() == 1 {
                self.loose_words.push(key[0].clone());
                self.push_folded(text, &key[0]);
            }
            return node;
        }
        if toks.len() == 1 {
            let term = toks[0].1.clone();
            if let Some(node) = self.typo(text, &term, scope, loose) {
                return node;
            }
            self.matcher.words.insert(term.clone());
            if loose {
                self.loose_words.push(term.clone());
                self.push_folded(text, &term);
            }
            let typed = self.per_field(scope, |field| {
                term_query(Term::from_field_text(field, &term), self.bm25())
            });
            let mut alternatives = vec![typed];
            alternatives.extend(self.name_variant(text, &term, scope, loose));
            let related = self.related_words(text, &term, scope, loose);
            if !related.is_empty() {
                alternatives.push(boxed(MaxOf::one_leaf(related).remembered_in(self.lookups)));
            }
            if alternatives.len() == 1 {
                return Node::Query(alternatives.remove(0));
            }
            return Node::Query(boxed(MaxOf::new(alternatives)));
        }
        self.phrase_of(toks, 0, scope)
    }

    /// The number of documents holding `term`, through the index's remembered lookups
    /// when there are some.
    fn doc_freq(&self, searcher: &Searcher, term: &Term) -> tantivy::Result<u64> {
        match self.lookups {
            Some(l) => l.statistics(searcher).doc_freq(term),
            None => searcher.doc_freq(term),
        }
    }

    /// For an optional word whose stem is in no document, the closest indexed word,
    /// weighted by [`Ranking::typo_weight`], as if it had been typed.
    fn typo(&mut self, text: &str, stem: &str, scope: Scope, loose: bool) -> Option<Node> {
        let weight = self.ranking.typo_weight;
        if weight <= 0.0 || !self.optional || !loose {
            return None;
        }
        let searcher = self.searcher?;
        for (field, _) in self.fields(Scope::All) {
            let term = Term::from_field_text(field, stem);
            if self.doc_freq(searcher, &term).ok()? > 0 {
                return None;
            }
        }
        let folded = tokens(&mut self.folded_analyzer, text);
        let [(_, typed)] = folded.as_slice() else {
            return None;
        };
        // A number in no document is not a typo of another number.
        if typed.chars().any(|c| c.is_numeric()) {
            return None;
        }
        // One edit: two find little more (SQuAD-es MRR@10 0.8248 against 0.8245) and walk
        // much more of the dictionary.
        let better = match self.lookups {
            Some(l) => l.closest_word(searcher, self.fields.folded, typed, 1),
            None => crate::suggest::closest_word(searcher, self.fields.folded, typed, 1),
        }
        .ok()??;
        let toks = tokens(&mut self.query_analyzer, &better);
        let [(_, term)] = toks.as_slice() else {
            return None;
        };
        let term = term.clone();
        self.matcher.words.insert(term.clone());
        self.loose_words.push(term.clone());
        self.expansions.push(Expansion {
            words: text.to_string(),
            searched: vec![better.clone()],
            reason: ExpansionReason::Typo,
        });
        self.loose_folded.push((better, Some(term.clone())));
        let q = self.per_field(scope, |field| {
            term_query(Term::from_field_text(field, &term), self.bm25())
        });
        Some(Node::Query(if (weight - 1.0).abs() < f32::EPSILON {
            q
        } else {
            boxed(Boost::new(q, weight))
        }))
    }

    /// For a capitalised optional word, the closest other indexed word with another stem,
    /// weighted by [`Ranking::name_weight`].
    fn name_variant(
        &mut self,
        text: &str,
        stem: &str,
        scope: Scope,
        loose: bool,
    ) -> Option<Box<dyn tantivy::query::Query>> {
        let weight = self.ranking.name_weight;
        if weight <= 0.0 || !self.optional || !loose || !text.starts_with(char::is_uppercase) {
            return None;
        }
        let searcher = self.searcher?;
        let folded = tokens(&mut self.folded_analyzer, text);
        let [(_, typed)] = folded.as_slice() else {
            return None;
        };
        if typed.chars().count() < 4 || typed.chars().any(|c| c.is_numeric()) {
            return None;
        }
        let analyzer = &mut self.query_analyzer;
        let mut stem_of = |word: &str| match tokens(analyzer, word).as_slice() {
            [(_, term)] if term != stem && !is_stop_word(term) => Some(term.clone()),
            _ => None,
        };
        let mut keep = |w: &str| stem_of(w).is_some();
        let other = match self.lookups {
            Some(l) => {
                l.closest_other_word(searcher, self.fields.folded, typed, 1, stem, &mut keep)
            }
            None => crate::suggest::closest_other_word(
                searcher,
                self.fields.folded,
                typed,
                1,
                &mut keep,
            ),
        }
        .ok()??;
        let term = stem_of(&other)?;
        self.expansions.push(Expansion {
            words: text.to_string(),
            searched: vec![other],
            reason: ExpansionReason::Name,
        });
        self.matcher.words.insert(term.clone());
        let q = self.per_field(scope, |field| {
            term_query(Term::from_field_text(field, &term), self.bm25())
        });
        Some(boxed(Boost::new(q, weight)))
    }

    /// The words the thesaurus relates to an optional word, each weighted by
    /// [`Ranking::related_weight`]; those in no document or in more than
    /// [`Ranking::related_share`] of them are left out, and a word in more than
    /// [`Ranking::related_for_share`] of the documents gets none.
    fn related_words(
        &mut self,
        text: &str,
        form: &str,
        scope: Scope,
        loose: bool,
    ) -> Vec<Box<dyn tantivy::query::Query>> {
        let weight = self.ranking.related_weight;
        let Some(searcher) = self
            .searcher
            .filter(|_| weight > 0.0 && self.optional && loose)
        else {
            return Vec::new();
        };
        // A word in a single document always passes: in a small index every share is less.
        let docs = searcher.num_docs() as f64;
        let df = |term: &Term| self.doc_freq(searcher, term).unwrap_or(0);
        // As for the related words, a word in a single document always may.
        if df(&Term::from_field_text(self.fields.body, form)) as f64
            > (f64::from(self.ranking.related_for_share) * docs).max(1.0)
        {
            return Vec::new();
        }
        let most = (f64::from(self.ranking.related_share) * docs).max(1.0);
        let mut searched = Vec::new();
        let mut out = Vec::new();
        for related in Thesaurus::spanish().related(form) {
            let found = df(&Term::from_field_text(self.fields.body, related));
            if found == 0 || found as f64 > most {
                continue;
            }
            searched.push(related.to_string());
            let q = self.per_field(scope, |field| {
                term_query(Term::from_field_text(field, related), self.bm25())
            });
            out.push(boxed(Boost::new(q, weight)));
        }
        if !searched.is_empty() {
            self.expansions.push(Expansion {
                words: text.to_string(),
                searched,
                reason: ExpansionReason::Related,
            });
        }
        out
    }

    fn phrase(&mut self, text: &str, slop: u32, scope: Scope) -> Node {
        let toks = tokens(&mut self.query_analyzer, text);
        match toks.len() {
            0 => Node::Empty,
            1 => {
                let term = toks[0].1.clone();
                self.matcher.words.insert(term.clone());
                Node::Query(self.per_field(scope, |field| {
                    term_query(Term::from_field_text(field, &term), self.bm25())
                }))
            }
            _ => self.phrase_of(toks, slop, scope),
        }
    }

    fn phrase_of(&mut self, toks: Vec<(usize, String)>, slop: u32, scope: Scope) -> Node {
        let first = toks[0].0;
        let rel: Vec<(usize, String)> = toks.into_iter().map(|(p, t)| (p - first, t)).collect();
        self.matcher.phrases.push((rel.clone(), slop));
        Node::Query(self.per_field(scope, |field| {
            let terms = rel
                .iter()
                .map(|(p, t)| (*p, Term::from_field_text(field, t)))
                .collect();
            boxed(PhraseQuery::new_with_offset_and_slop(terms, slop))
        }))
    }

    fn prefix(&mut self, text: &str) -> Result<Node> {
        let toks = tokens(&mut self.folded_analyzer, text);
        let Some((_, last)) = toks.last() else {
            return Ok(Node::Empty);
        };
        let mut clauses: Vec<(tantivy::query::Occur, Box<dyn tantivy::query::Query>)> = Vec::new();
        for (_, t) in &toks[..toks.len() - 1] {
            self.matcher.folded_words.insert(t.clone());
            clauses.push((
                tantivy::query::Occur::Must,
                term_query(Term::from_field_text(self.fields.folded, t), self.bm25()),
            ));
        }
        let expansions = self.expand_prefix(last)?;
        self.matcher.prefixes.push(last.clone());
        let alternatives: Vec<Box<dyn tantivy::query::Query>> = expansions
            .into_iter()
            .map(|t| term_query(Term::from_field_text(self.fields.folded, &t), self.bm25()))
            .collect();
        if alternatives.is_empty() {
            return Ok(Node::Query(boxed(EmptyQuery)));
        }
        clauses.push((
            tantivy::query::Occur::Must,
            boxed(BooleanQuery::union(alternatives)),
        ));
        Ok(Node::Query(if clauses.len() == 1 {
            clauses.remove(0).1
        } else {
            boxed(BooleanQuery::new(clauses))
        }))
    }

    /// The words of the folded field that start with `prefix`, most frequent first.
    fn expand_prefix(&self, prefix: &str) -> Result<Vec<String>> {
        let mut found: std::collections::HashMap<String, u64> = Default::default();
        let Some(searcher) = self.searcher else {
            return Ok(Vec::new());
        };
        for segment in searcher.segment_readers() {
            let inverted = segment
                .inverted_index(self.fields.folded)
                .map_err(|e| crate::index::classify(std::path::Path::new("<index>"), e))?;
            let mut stream = inverted
                .terms()
                .range()
                .ge(prefix.as_bytes())
                .into_stream()
                .map_err(|e| Error::Io {
                    path: "<index>".into(),
                    source: e,
                })?;
            while stream.advance() {
                let key = stream.key();
                if !key.starts_with(prefix.as_bytes()) {
                    break;
                }
                if let Ok(word) = std::str::from_utf8(key) {
                    *found.entry(word.to_string()).or_default() +=
                        u64::from(stream.value().doc_freq);
                }
            }
        }
        let mut words: Vec<(String, u64)> = found.into_iter().collect();
        words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        words.truncate(MAX_PREFIX_TERMS);
        Ok(words.into_iter().map(|(w, _)| w).collect())
    }

    fn fuzzy(&mut self, text: &str, distance: u8) -> Node {
        let toks = tokens(&mut self.folded_analyzer, text);
        if toks.is_empty() {
            return Node::Empty;
        }
        let clauses: Vec<(tantivy::query::Occur, Box<dyn tantivy::query::Query>)> = toks
            .into_iter()
            .map(|(_, t)| {
                self.matcher.fuzzy.push((t.clone(), distance));
                let q = FuzzyTermQuery::new(
                    Term::from_field_text(self.fields.folded, &t),
                    distance,
                    true,
                );
                (tantivy::query::Occur::Must, boxed(q))
            })
            .collect();
        Node::Query(boxed(BooleanQuery::new(clauses)))
    }

    /// The exact-form clauses of a bag-of-words query, each with what a document needs
    /// to match it: the form's stem in the title or the body (the folded field holds the
    /// title's and the body's words before stemming).
    fn exact_forms(&mut self) -> Vec<Extra> {
        let mut forms = std::mem::take(&mut self.loose_folded);
        if self.ranking.exact_boost <= 0.0 {
            return Vec::new();
        }
        forms.sort();
        // One clause per form; a form with two stems (not expected) needs neither.
        let mut unique: Vec<(String, Option<String>)> = Vec::with_capacity(forms.len());
        for (form, stem) in forms {
            match unique.last_mut() {
                Some(last) if last.0 == form => {
                    if last.1 != stem {
                        last.1 = None;
                    }
                }
                _ => unique.push((form, stem)),
            }
        }
        unique
            .into_iter()
            .map(|(form, stem)| {
                let q = term_query(
                    Term::from_field_text(self.fields.folded, &form),
                    self.bm25(),
                );
                let needs = stem
                    .map(|stem| {
                        vec![vec![
                            Term::from_field_text(self.fields.title, &stem),
                            Term::from_field_text(self.fields.body, &stem),
                        ]]
                    })
                    .unwrap_or_default();
                Extra::new(boxed(Boost::new(q, self.ranking.exact_boost)), needs)
            })
            .collect()
    }

    /// The proximity clauses of a bag-of-words query of two words or more, each with
    /// the words a document needs in its body to match it.
    fn proximity(&mut self) -> Vec<Extra> {
        let mut words = std::mem::take(&mut self.loose_words);
        words.dedup();
        if words.len() < 2 || self.ranking.proximity_boost <= 0.0 {
            return Vec::new();
        }
        let body = self.fields.body;
        let slop = self.ranking.proximity_slop;
        let near = |group: &[String], weight: f32| {
            let terms: Vec<(usize, Term)> = group
                .iter()
                .enumerate()
                .map(|(i, w)| (i, Term::from_field_text(body, w)))
                .collect();
            let needs = terms.iter().map(|(_, t)| vec![t.clone()]).collect();
            let q = boxed(PhraseQuery::new_with_offset_and_slop(terms, slop));
            Extra::new(boxed(Boost::new(q, weight)), needs)
        };
        if self.ranking.proximity_pairs {
            // Each neighbouring pair earns its share: a document holding some of the
            // pairs close together still ranks above one where the words are scattered.
            let weight = self.ranking.proximity_boost / (words.len() - 1) as f32;
            words.windows(2).map(|pair| near(pair, weight)).collect()
        } else {
            vec![near(&words, self.ranking.proximity_boost)]
        }
    }

    /// Adds the exact-form and proximity clauses to a bag-of-words query: documents
    /// that match `query` score `(query + exact forms) + proximity`.
    fn with_proximity(
        &mut self,
        query: Box<dyn tantivy::query::Query>,
    ) -> Box<dyn tantivy::query::Query> {
        let exact = self.exact_forms();
        let near = self.proximity();
        let bag = Bag::new(query, vec![exact, near]);
        if self.pruning {
            boxed(bag)
        } else {
            // The same scores, as a tree of tantivy queries that scores every match.
            bag.tree()
        }
    }
}
