//! The compiler from a query's AST to tantivy queries, for one searcher.
//!
//! The AST from `lupa-query` is compiled with the same analyzer that indexed the `lupa-query` is compiled with the same analyzer that indexed the
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
//!
//! The expansions that read the index (synonyms, typos, name spellings, related words)
//! are in `expand.rs`.

use super::{Expansion, Pruning, Ranking, SearchOptions, MAX_FUZZY_DISTANCE, MAX_PREFIX_TERMS};
use crate::analysis::{is_stop_word, tokens, Variant};
use crate::error::{Error, Result};
use crate::index::lookups::Lookups;
use crate::rank::bm25::{term_query, Bm25};
use crate::rank::prune::{Bag, Boost, Extra, MaxOf};
use crate::schema::{Fields, BODY, TITLE};
use crate::search::snippet::Matcher;
use crate::search::synonyms::Synonyms;
use lupa_query::{Occur, Query, TermModifier};
use tantivy::query::{AllQuery, BooleanQuery, EmptyQuery, FuzzyTermQuery, PhraseQuery};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, Term};

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
pub(super) enum Scope {
    All,
    Title,
    Body,
}

/// The outcome of compiling one node.
pub(super) enum Node {
    Query(Box<dyn tantivy::query::Query>),
    /// Only stop words: ignored in bag-of-words queries.
    StopOnly,
    /// Nothing searchable at all (punctuation).
    Empty,
}

pub(super) struct Compiler<'a> {
    pub(super) searcher: Option<&'a Searcher>,
    /// The index's remembered lookups, when there is an index.
    pub(super) lookups: Option<&'a Lookups>,
    pub(super) synonyms: Option<&'a Synonyms>,
    pub(super) expansions: Vec<Expansion>,
    pub(super) fields: Fields,
    pub(super) ranking: &'a Ranking,
    pub(super) query_analyzer: TextAnalyzer,
    pub(super) folded_analyzer: TextAnalyzer,
    pub(super) matcher: Matcher,
    /// Content words of the top-level bag of words, in order, for the proximity clause.
    pub(super) loose_words: Vec<String>,
    /// The same words unstemmed (folded), for the exact-form clause, each with its stem
    /// when it has exactly one.
    pub(super) loose_folded: Vec<(String, Option<String>)>,
    stop_only: bool,
    /// Build a [`Bag`], whose top hits can be found without scoring every match.
    pruning: bool,
    /// Whether the node being compiled is an optional word of the top-level bag of words.
    pub(super) optional: bool,
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
        matcher: Matcher::new(variant),
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

pub(super) fn boxed(q: impl tantivy::query::Query) -> Box<dyn tantivy::query::Query> {
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
            // Placeholder until dates are indexed: Lupa's parser declares no date
            // field yet, and a filter that cannot be applied keeps no document.
            // A date filter inside a group: it selects, it never scores.
            Query::DateRange { range, .. } => Node::Query(super::filter::selection(
                super::filter::dated(self.fields.date, range),
            )),
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

    pub(super) fn bm25(&self) -> Bm25 {
        Bm25 {
            k1: self.ranking.bm25_k1,
            b: self.ranking.bm25_b,
        }
    }

    pub(super) fn fields(&self, scope: Scope) -> Vec<(tantivy::schema::Field, f32)> {
        let title = (self.fields.title, self.ranking.title_boost);
        let body = (self.fields.body, 1.0);
        match scope {
            Scope::All => vec![title, body],
            Scope::Title => vec![title],
            Scope::Body => vec![body],
        }
    }

    pub(super) fn per_field(
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
                alternatives.push(boxed(
                    MaxOf::one_leaf(related)
                        .remembered_in(self.lookups.map(Lookups::listing_store)),
                ));
            }
            if alternatives.len() == 1 {
                return Node::Query(alternatives.remove(0));
            }
            return Node::Query(boxed(MaxOf::new(alternatives)));
        }
        self.phrase_of(toks, 0, scope)
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

    pub(super) fn phrase_of(
        &mut self,
        toks: Vec<(usize, String)>,
        slop: u32,
        scope: Scope,
    ) -> Node {
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
