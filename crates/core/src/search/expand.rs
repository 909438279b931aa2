//! The expansions of the compiler that read the index: the spellings of a synonyms
//! group, the closest indexed word for a typo, another spelling of a name, and a
//! thesaurus's related words, each recorded as an [`Expansion`].

use super::compile::{boxed, Compiler, Node, Scope};
use super::suggest::{closest_other_word, closest_word};
use super::{Expansion, ExpansionReason};
use crate::analysis::{is_stop_word, tokens};
use crate::rank::bm25::term_query;
use crate::rank::prune::{Boost, MaxOf};
use crate::search::thesaurus::Thesaurus;
use lupa_query::{Occur, Query, TermModifier};
use tantivy::query::Bm25StatisticsProvider;
use tantivy::{Searcher, Term};

impl Compiler<'_> {
    /// A run of two or more plain words, at the start of `clauses`, that is an entry
    /// of the synonyms (`Estados Unidos`): its analyzed tokens, its text, and how many
    /// clauses it takes.
    pub(super) fn run_of_synonyms(
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
    pub(super) fn alternatives(
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
    pub(super) fn typo(
        &mut self,
        text: &str,
        stem: &str,
        scope: Scope,
        loose: bool,
    ) -> Option<Node> {
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
        let field = self.fields.folded;
        let find = || closest_word(searcher, field, typed, 1);
        let better = match self.lookups {
            Some(l) => l.closest_word(searcher, field, typed, 1, find),
            None => find(),
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
    pub(super) fn name_variant(
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
        let field = self.fields.folded;
        let mut find = || closest_other_word(searcher, field, typed, 1, &mut keep);
        let other = match self.lookups {
            Some(l) => l.closest_other_word(searcher, field, typed, 1, stem, find),
            None => find(),
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
    pub(super) fn related_words(
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
}
