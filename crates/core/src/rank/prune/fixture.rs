//! The index and queries the pruning tests share: a bag and the tree of tantivy
//! queries it replaces, over documents whose words vary in frequency and length.

use super::{Bag, Boost, Extra, MaxOf};
use crate::rank::bm25::{Bm25, Bm25TermQuery};
use tantivy::query::{BooleanQuery, EnableScoring, Occur, PhraseQuery, Query};
use tantivy::schema::{Field, Schema, TEXT};
use tantivy::{doc, DocAddress, DocSet, Index, IndexWriter, Score, Searcher, Term, TERMINATED};

/// A small index of two text fields.
pub(super) struct Fixture {
    pub(super) index: Index,
    pub(super) title: Field,
    pub(super) body: Field,
}

/// Documents of the words `a` to `h`, with frequencies and lengths that vary, in
/// two segments, one document deleted.
pub(super) fn fixture() -> Fixture {
    let mut builder = Schema::builder();
    let title = builder.add_text_field("title", TEXT);
    let body = builder.add_text_field("body", TEXT);
    let index = Index::create_in_ram(builder.build());
    let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
    let words = ["a", "b", "c", "d", "e", "f", "g", "h"];
    let mut state: u64 = 3;
    let mut next = |n: u64| {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
        (state >> 33) % n
    };
    for n in 0..600 {
        let len = 1 + next(if n % 7 == 0 { 60 } else { 12 });
        let text: Vec<&str> = (0..len)
            // Skewed: `a` is everywhere, `h` rare.
            .map(|_| words[(next(64) as f64).sqrt() as usize])
            .collect();
        let head = words[next(8) as usize];
        writer
            .add_document(doc!(title => head, body => text.join(" ")))
            .unwrap();
        if n == 300 {
            writer.commit().unwrap();
        }
    }
    writer
        .add_document(doc!(title => "zzz", body => "a b c d h"))
        .unwrap();
    writer.commit().unwrap();
    writer.delete_term(Term::from_field_text(title, "zzz"));
    writer.commit().unwrap();
    Fixture { index, title, body }
}

pub(super) fn term(field: Field, word: &str) -> Box<dyn Query> {
    Box::new(Bm25TermQuery::new(
        Term::from_field_text(field, word),
        Bm25 { k1: 0.7, b: 0.75 },
    ))
}

pub(super) fn word(f: &Fixture, w: &str, boost: Score) -> Box<dyn Query> {
    Box::new(BooleanQuery::union(vec![
        Box::new(Boost::new(term(f.title, w), boost)),
        term(f.body, w),
    ]))
}

pub(super) fn near(f: &Fixture, a: &str, b: &str) -> Box<dyn Query> {
    Box::new(PhraseQuery::new_with_offset_and_slop(
        vec![
            (0, Term::from_field_text(f.body, a)),
            (1, Term::from_field_text(f.body, b)),
        ],
        3,
    ))
}

/// A bag of `words`, each word's exact form played by its title term and a pair
/// phrase between neighbours; and the same as a tree of tantivy queries.
pub(super) fn bag(f: &Fixture, words: &[&str]) -> (Bag, Box<dyn Query>) {
    let clauses: Vec<Box<dyn Query>> = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if i == 1 {
                // A group of alternatives, as synonyms make.
                Box::new(MaxOf::new(vec![word(f, w, 2.0), word(f, "h", 1.5)])) as _
            } else {
                word(f, w, 2.0)
            }
        })
        .collect();
    let words_query: Box<dyn Query> = Box::new(BooleanQuery::union(clauses));
    let exact: Vec<Extra> = words
        .iter()
        .map(|w| {
            let needs = vec![vec![
                Term::from_field_text(f.title, w),
                Term::from_field_text(f.body, w),
            ]];
            Extra::new(Box::new(Boost::new(term(f.title, w), 0.5)), needs)
        })
        .collect();
    let pairs: Vec<Extra> = words
        .windows(2)
        .map(|p| {
            let needs = vec![
                vec![Term::from_field_text(f.body, p[0])],
                vec![Term::from_field_text(f.body, p[1])],
            ];
            Extra::new(Box::new(Boost::new(near(f, p[0], p[1]), 0.3)), needs)
        })
        .collect();
    let mut tree = words_query.box_clone();
    for level in [&exact, &pairs] {
        let mut all = vec![(Occur::Must, tree)];
        all.extend(level.iter().map(|e| (Occur::Should, e.query.box_clone())));
        tree = Box::new(BooleanQuery::new(all));
    }
    (Bag::new(words_query, vec![exact, pairs]), tree)
}

pub(super) fn every_score(searcher: &Searcher, query: &dyn Query) -> Vec<(DocAddress, u32)> {
    let weight = query
        .weight(EnableScoring::enabled_from_searcher(searcher))
        .unwrap();
    let mut out = Vec::new();
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let mut scorer = weight.scorer(reader, 1.0).unwrap();
        while scorer.doc() != TERMINATED {
            if reader
                .alive_bitset()
                .is_none_or(|a| a.is_alive(scorer.doc()))
            {
                out.push((
                    DocAddress::new(ord as u32, scorer.doc()),
                    scorer.score().to_bits(),
                ));
            }
            scorer.advance();
        }
    }
    out
}
