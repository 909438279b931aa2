//! "Did you mean": a corrected query built from the index's own vocabulary.
//!
//! When a search finds little, each content word that occurs in no document is
//! replaced by the indexed word (unstemmed, folded) closest to it in edit distance,
//! preferring the words found in more documents. The corrected query is offered only
//! if it finds more than the original.

use crate::analysis;
use crate::error::Result;
use crate::index::Index;
use lupa_query::{Query, TermModifier};
use std::collections::BTreeMap;
use tantivy::query::{DfaWrapper, FuzzyTermQuery};
use tantivy::schema::Field;
use tantivy::{Searcher, Term};
use tantivy_fst::Automaton;

/// Searches with fewer hits than this get a suggestion, when one helps.
pub const SUGGEST_BELOW: usize = 3;

/// The edit distance between `a` and `b` (insertions, deletions, substitutions and
/// swaps of two neighbouring characters, each one edit) if it is at most `max`.
pub(crate) fn distance_within(a: &str, b: &str, max: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    // Rows i-2, i-1 and i of the optimal string alignment table.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 0..a.len() {
        cur[0] = i + 1;
        for j in 0..b.len() {
            let cost = usize::from(a[i] != b[j]);
            let mut d = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            if i > 0 && j > 0 && a[i] == b[j - 1] && a[i - 1] == b[j] {
                d = d.min(before[j - 1] + 1);
            }
            cur[j + 1] = d;
        }
        if cur.iter().min().copied().unwrap_or(0) > max {
            return None;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    Some(prev[b.len()]).filter(|d| *d <= max)
}

/// The most edits allowed when correcting a word of `chars` characters.
fn allowed_edits(chars: usize) -> usize {
    match chars {
        0..=3 => 0,
        4..=6 => 1,
        _ => 2,
    }
}

impl Index {
    /// A corrected version of `ast` whose misspelt words are replaced by indexed
    /// words, or `None` when every word is known or nothing close is indexed.
    pub(crate) fn correct(&self, searcher: &Searcher, ast: &Query) -> Result<Option<Query>> {
        let mut fixed = ast.clone();
        let mut changed = false;
        let mut stemmed = self.variant.query_analyzer();
        let mut folded = self.variant.folded_analyzer();
        let mut words = Vec::new();
        collect_words(&mut fixed, &mut words);
        for term in words {
            let mut forms = Vec::new();
            {
                let mut stream = stemmed.token_stream(&term.text);
                while let Some(t) = stream.next() {
                    forms.push(t.text.clone());
                }
            }
            if forms.len() != 1 || analysis::is_stop_word(&forms[0]) {
                continue;
            }
            if self.doc_freq(&forms[0], false)? > 0 {
                continue;
            }
            let typed = {
                let mut stream = folded.token_stream(&term.text);
                stream.next().map(|t| t.text.clone())
            };
            let Some(typed) = typed else {
                continue;
            };
            if let Some(better) = self.closest_word(searcher, &typed)? {
                term.text = self.as_written(searcher, &better)?.unwrap_or(better);
                changed = true;
            }
        }
        Ok(changed.then_some(fixed))
    }

    /// How the folded word `word` is written (lowercase, with its accents) in the first
    /// document that holds it.
    fn as_written(&self, searcher: &Searcher, word: &str) -> Result<Option<String>> {
        use tantivy::schema::Value;
        let query = tantivy::query::TermQuery::new(
            tantivy::Term::from_field_text(self.fields.folded, word),
            tantivy::schema::IndexRecordOption::Basic,
        );
        let top = tantivy::collector::TopDocs::with_limit(1).order_by_score();
        let found = searcher
            .search(&query, &top)
            .map_err(|e| self.classify(e))?;
        let Some((_, address)) = found.first() else {
            return Ok(None);
        };
        let doc: tantivy::TantivyDocument = searcher.doc(*address).map_err(|e| self.classify(e))?;
        let mut folded = self.variant.folded_analyzer();
        for field in [self.fields.title, self.fields.body] {
            for text in doc.get_all(field).filter_map(|v| v.as_str()) {
                let mut stream = folded.token_stream(text);
                while let Some(t) = stream.next() {
                    if t.text == word {
                        return Ok(Some(text[t.offset_from..t.offset_to].to_lowercase()));
                    }
                }
            }
        }
        Ok(None)
    }

    /// The indexed (folded) word closest to `typed`, most frequent first on ties.
    fn closest_word(&self, searcher: &Searcher, typed: &str) -> Result<Option<String>> {
        closest_word(searcher, self.fields.folded, typed, usize::MAX).map_err(|e| self.classify(e))
    }
}

/// The word of `field` closest to `typed` in edit distance (a swap of two neighbouring
/// characters is one edit), starting with the same character and within
/// [`allowed_edits`]; among the closest, the one found in the most documents, then the
/// first in alphabetical order. `None` when nothing is close enough, or when `typed`
/// itself is a word of the field.
///
/// The term dictionary is walked with a Levenshtein automaton, so the cost does not grow
/// with the size of the vocabulary.
pub(crate) fn closest_word(
    searcher: &Searcher,
    field: Field,
    typed: &str,
    max_edits: usize,
) -> tantivy::Result<Option<String>> {
    closest(searcher, field, typed, max_edits, None)
}

/// Like [`closest_word`], but for a word that is in the field: the closest other word,
/// as long as it passes `keep`.
pub(crate) fn closest_other_word(
    searcher: &Searcher,
    field: Field,
    typed: &str,
    max_edits: usize,
    keep: &mut dyn FnMut(&str) -> bool,
) -> tantivy::Result<Option<String>> {
    closest(searcher, field, typed, max_edits, Some(keep))
}

/// With `keep`, `typed` is skipped, and so is every word `keep` rejects (asked of the
/// candidates most frequent first, until one passes, so it runs on few words).
fn closest(
    searcher: &Searcher,
    field: Field,
    typed: &str,
    max_edits: usize,
    mut keep: Option<&mut dyn FnMut(&str) -> bool>,
) -> tantivy::Result<Option<String>> {
    let Some(first) = typed.chars().next() else {
        return Ok(None);
    };
    let max = allowed_edits(typed.chars().count()).min(max_edits);
    let mut buf = [0u8; 4];
    let first = first.encode_utf8(&mut buf).as_bytes();
    for distance in 1..=max {
        let dfa = FuzzyTermQuery::new(Term::from_field_text(field, typed), distance as u8, true)
            .automaton()?;
        let automaton = Starting { dfa: &dfa, first };
        // Document frequency of each candidate, summed over the segments.
        let mut found: BTreeMap<String, u64> = BTreeMap::new();
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(field)?;
            let mut stream = inverted.terms().search(&automaton).into_stream()?;
            while stream.advance() {
                let Ok(word) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                if word == typed {
                    if keep.is_some() {
                        continue;
                    }
                    return Ok(None);
                }
                *found.entry(word.to_string()).or_default() += u64::from(stream.value().doc_freq);
            }
        }
        if let Some(keep) = keep.as_mut() {
            // The most documents first, then alphabetical order (a stable sort keeps it).
            let mut candidates: Vec<(String, u64)> = found.into_iter().collect();
            candidates.sort_by_key(|c| std::cmp::Reverse(c.1));
            if let Some((word, _)) = candidates.into_iter().find(|(w, _)| keep(w)) {
                return Ok(Some(word));
            }
            continue;
        }
        // The most documents wins; `max_by_key` keeps the last of equals, so walk the
        // alphabetical order backwards to keep the first.
        if let Some((word, _)) = found.into_iter().rev().max_by_key(|(_, df)| *df) {
            return Ok(Some(word));
        }
    }
    Ok(None)
}

/// The words accepted by a Levenshtein automaton that also start with the bytes `first`.
/// Checking the first bytes as the dictionary is walked, not after, keeps the walk from
/// visiting every word within the distance of any other start.
struct Starting<'a> {
    dfa: &'a DfaWrapper,
    first: &'a [u8],
}

impl Automaton for Starting<'_> {
    /// The automaton's state and how many bytes of `first` were read (at most all);
    /// `None` once a byte differs from `first`.
    type State = Option<(u32, usize)>;

    fn start(&self) -> Self::State {
        Some((self.dfa.start(), 0))
    }

    fn is_match(&self, state: &Self::State) -> bool {
        matches!(state, Some((s, n)) if *n == self.first.len() && self.dfa.is_match(s))
    }

    fn can_match(&self, state: &Self::State) -> bool {
        matches!(state, Some((s, _)) if self.dfa.can_match(s))
    }

    fn accept(&self, state: &Self::State, byte: u8) -> Self::State {
        let (s, n) = (*state)?;
        if n < self.first.len() && self.first[n] != byte {
            return None;
        }
        Some((self.dfa.accept(&s, byte), (n + 1).min(self.first.len())))
    }
}

/// The plain words of a query (not phrases, prefixes or fuzzy words, not negated).
fn collect_words<'a>(q: &'a mut Query, out: &mut Vec<&'a mut lupa_query::Term>) {
    match q {
        Query::Term(t) if t.modifier == TermModifier::None => out.push(t),
        Query::Term(_) | Query::Phrase(_) | Query::Not(_) | Query::DateRange { .. } => {}
        Query::Field { query, .. } => collect_words(query, out),
        Query::And(items) | Query::Or(items) => {
            for i in items {
                collect_words(i, out);
            }
        }
        Query::Clauses(clauses) => {
            for c in clauses {
                if c.occur != lupa_query::Occur::MustNot {
                    collect_words(&mut c.query, out);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_distance() {
        assert_eq!(distance_within("suleimani", "suleimany", 2), Some(1));
        assert_eq!(distance_within("irak", "iraq", 1), Some(1));
        assert_eq!(distance_within("retirada", "retiro", 1), None);
        assert_eq!(distance_within("", "ab", 2), Some(2));
        assert_eq!(distance_within("peña", "pena", 1), Some(1));
        assert_eq!(distance_within("sirai", "siria", 1), Some(1));
        assert_eq!(distance_within("ab", "ba", 1), Some(1));
    }
}
