//! BM25 for one term with its two parameters open to tuning.
//!
//! tantivy 0.27 scores a `TermQuery` with BM25 at fixed `k1 = 1.2` and `b = 0.75`. Questions
//! against paragraphs rank better with a lower `k1` (a word's second occurrence is worth less
//! than its first), measured in `docs/RELEVANCE.md`. [`Bm25TermQuery`] is the same scoring with
//! both parameters given: the same idf (`ln(1 + (N - n + 0.5) / (n + 0.5))`), the same
//! statistics (from the searcher, over every segment) and the same quantized field lengths,
//! so at tantivy's values it gives tantivy's scores.

use std::sync::Arc;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{
    Bm25StatisticsProvider, EmptyScorer, EnableScoring, Explanation, Query, Scorer, TermQuery,
    Weight,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, Term};

/// tantivy's own `k1`.
pub const TANTIVY_K1: f32 = 1.2;
/// tantivy's own `b`.
pub const TANTIVY_B: f32 = 0.75;

/// The two BM25 parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bm25 {
    /// Term frequency saturation: how much a word's repetitions add (0: nothing).
    pub k1: f32,
    /// Length normalization: 0 ignores a document's length, 1 divides by it fully.
    pub b: f32,
}

impl Bm25 {
    /// Whether these are tantivy's built-in values, so its own `TermQuery` scores alike
    /// (and keeps its block-max pruning).
    pub fn is_tantivy_default(&self) -> bool {
        (self.k1 - TANTIVY_K1).abs() < 1e-6 && (self.b - TANTIVY_B).abs() < 1e-6
    }
}

/// A term query scored with BM25 at the given parameters.
#[derive(Debug, Clone)]
pub struct Bm25TermQuery {
    term: Term,
    params: Bm25,
}

impl Bm25TermQuery {
    /// A query for `term`, with term frequencies, scored with `params`.
    pub fn new(term: Term, params: Bm25) -> Self {
        Bm25TermQuery { term, params }
    }

    /// The term searched.
    pub fn term(&self) -> &Term {
        &self.term
    }

    /// The BM25 parameters it scores with.
    pub fn params(&self) -> Bm25 {
        self.params
    }

    /// An upper bound on the query's scores (boost 1): `idf * (k1 + 1)`, since
    /// `tf / (tf + norm)` stays below 1 while no norm is negative; `None` for parameters
    /// that make norms negative.
    pub(crate) fn max_score(
        &self,
        statistics: &dyn Bm25StatisticsProvider,
    ) -> tantivy::Result<Option<Score>> {
        let Bm25 { k1, b } = self.params;
        if !(k1 >= 0.0 && (0.0..=1.0).contains(&b)) {
            return Ok(None);
        }
        let doc_freq = statistics.doc_freq(&self.term)?;
        if doc_freq == 0 {
            // In no document: it never scores.
            return Ok(Some(0.0));
        }
        let idf = idf(doc_freq, statistics.total_num_docs()?);
        Ok(Some(idf * (1.0 + k1)))
    }

    /// The norms its scores divide by: a document scores `max_score * tf / (tf +
    /// norms[fieldnorm id])`.
    pub(crate) fn norms(
        &self,
        statistics: &dyn Bm25StatisticsProvider,
    ) -> tantivy::Result<Arc<[Score; 256]>> {
        let field = self.term.field();
        let average = average(
            statistics.total_num_tokens(field)?,
            statistics.total_num_docs()?,
        );
        Ok(norms(self.params, average))
    }
}

/// A boxed query for `term`: tantivy's `TermQuery` at its own parameters, Lupa's otherwise.
pub fn term_query(term: Term, params: Bm25) -> Box<dyn Query> {
    if params.is_tantivy_default() {
        Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
    } else {
        Box::new(Bm25TermQuery::new(term, params))
    }
}

/// The average field length BM25 divides by.
fn average(tokens: u64, docs: u64) -> Score {
    if docs == 0 {
        1.0
    } else {
        (tokens as Score / docs as Score).max(f32::MIN_POSITIVE)
    }
}

/// `k1 * (1 - b + b * dl / avgdl)` for each quantized field length `dl`.
///
/// Every term of a field shares its table, so the last few made are kept (per thread):
/// a query of 8 words would otherwise compute 16 identical tables of 256 divisions.
fn norms(params: Bm25, average: Score) -> Arc<[Score; 256]> {
    type Key = (u32, u32, u32);
    thread_local! {
        static RECENT: std::cell::RefCell<Vec<(Key, Arc<[Score; 256]>)>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }
    let Bm25 { k1, b } = params;
    let key = (k1.to_bits(), b.to_bits(), average.to_bits());
    RECENT.with(|recent| {
        let mut recent = recent.borrow_mut();
        if let Some((_, table)) = recent.iter().find(|(k, _)| *k == key) {
            return table.clone();
        }
        let mut norms = [0.0; 256];
        for (id, norm) in norms.iter_mut().enumerate() {
            let length = FieldNormReader::id_to_fieldnorm(id as u8) as Score;
            *norm = k1 * (1.0 - b + b * length / average);
        }
        let table = Arc::new(norms);
        if recent.len() >= 8 {
            recent.remove(0);
        }
        recent.push((key, table.clone()));
        table
    })
}

/// tantivy's idf: `ln(1 + (N - n + 0.5) / (n + 0.5))`.
pub(crate) fn idf(doc_freq: u64, doc_count: u64) -> Score {
    let doc_freq = doc_freq.min(doc_count);
    let x = ((doc_count - doc_freq) as Score + 0.5) / (doc_freq as Score + 0.5);
    (1.0 + x).ln()
}

impl Query for Bm25TermQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let statistics: &dyn Bm25StatisticsProvider = match enable_scoring {
            EnableScoring::Enabled {
                statistics_provider,
                ..
            } => statistics_provider,
            EnableScoring::Disabled { .. } => {
                // Without scores this is a plain term query.
                return TermQuery::new(self.term.clone(), IndexRecordOption::Basic)
                    .weight(enable_scoring);
            }
        };
        let field = self.term.field();
        let entry = enable_scoring.schema().get_field_entry(field);
        if !entry.is_indexed() {
            return Err(TantivyError::SchemaError(format!(
                "Field {:?} is not indexed.",
                entry.name()
            )));
        }
        let docs = statistics.total_num_docs()?;
        let tokens = statistics.total_num_tokens(field)?;
        let doc_freq = statistics.doc_freq(&self.term)?;
        let average = average(tokens, docs);
        let Bm25 { k1, .. } = self.params;
        let norms = norms(self.params, average);
        let idf = idf(doc_freq, docs);
        Ok(Box::new(Bm25TermWeight {
            term: self.term.clone(),
            params: self.params,
            idf,
            doc_freq,
            docs,
            average,
            weight: idf * (1.0 + k1),
            norms,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        visitor(&self.term, false);
    }
}

struct Bm25TermWeight {
    term: Term,
    params: Bm25,
    idf: Score,
    doc_freq: u64,
    docs: u64,
    average: Score,
    /// `idf * (k1 + 1)`.
    weight: Score,
    /// `k1 * (1 - b + b * dl / avgdl)` for each quantized field length.
    norms: Arc<[Score; 256]>,
}

impl Bm25TermWeight {
    fn term_scorer(
        &self,
        reader: &SegmentReader,
        boost: Score,
    ) -> tantivy::Result<Option<Bm25TermScorer>> {
        // In no document of the searcher the statistics came from: no segment has
        // postings for it, so its term dictionaries need not be asked.
        if self.doc_freq == 0 {
            return Ok(None);
        }
        let field = self.term.field();
        let inverted = reader.inverted_index(field)?;
        let Some(postings) = inverted.read_postings(&self.term, IndexRecordOption::WithFreqs)?
        else {
            return Ok(None);
        };
        Ok(Some(Bm25TermScorer {
            postings,
            lengths: reader.get_fieldnorms_reader(field)?,
            weight: self.weight * boost,
            norms: self.norms.clone(),
        }))
    }
}

impl Weight for Bm25TermWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(match self.term_scorer(reader, boost)? {
            Some(scorer) => Box::new(scorer),
            None => Box::new(EmptyScorer),
        })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let not_found =
            || TantivyError::InvalidArgument(format!("Document #({doc}) does not match"));
        let mut scorer = self.term_scorer(reader, 1.0)?.ok_or_else(not_found)?;
        if scorer.doc() > doc || scorer.seek(doc) != doc {
            return Err(not_found());
        }
        let tf = scorer.postings.term_freq() as Score;
        let id = scorer.lengths.fieldnorm_id(doc);
        let norm = self.norms[id as usize];
        let mut out = Explanation::new("TermQuery, product of...", scorer.score());
        out.add_detail(Explanation::new("(K1+1)", self.params.k1 + 1.0));
        let mut idf = Explanation::new(
            "idf, computed as log(1 + (N - n + 0.5) / (n + 0.5))",
            self.idf,
        );
        idf.add_const(
            "n, number of docs containing this term",
            self.doc_freq as Score,
        );
        idf.add_const("N, total number of docs", self.docs as Score);
        out.add_detail(idf);
        let mut freq = Explanation::new(
            "freq / (freq + k1 * (1 - b + b * dl / avgdl))",
            tf / (tf + norm),
        );
        freq.add_const("freq, occurrences of term within document", tf);
        freq.add_const("k1, term saturation parameter", self.params.k1);
        freq.add_const("b, length normalization parameter", self.params.b);
        freq.add_const(
            "dl, length of field",
            FieldNormReader::id_to_fieldnorm(id) as Score,
        );
        freq.add_const("avgdl, average length of field", self.average);
        out.add_detail(freq);
        out.add_context(format!("Term={:?}", self.term));
        Ok(out)
    }
}

pub(crate) struct Bm25TermScorer {
    postings: SegmentPostings,
    lengths: FieldNormReader,
    weight: Score,
    norms: Arc<[Score; 256]>,
}

impl Bm25TermScorer {
    /// How often the term occurs in the current document.
    pub(crate) fn term_freq(&self) -> u32 {
        self.postings.term_freq()
    }
}

impl DocSet for Bm25TermScorer {
    fn advance(&mut self) -> DocId {
        self.postings.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.postings.seek(target)
    }

    fn doc(&self) -> DocId {
        self.postings.doc()
    }

    fn size_hint(&self) -> u32 {
        self.postings.size_hint()
    }
}

impl Scorer for Bm25TermScorer {
    fn score(&mut self) -> Score {
        let tf = self.postings.term_freq() as Score;
        let norm = self.norms[self.lengths.fieldnorm_id(self.doc()) as usize];
        self.weight * tf / (tf + norm)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::TopDocs;
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{doc, Index, IndexWriter};

    fn index() -> (Index, tantivy::schema::Field) {
        let mut builder = Schema::builder();
        let body = builder.add_text_field("body", TEXT);
        let index = Index::create_in_ram(builder.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for text in [
            "casa",
            "casa casa casa perro",
            "perro gato casa raton raton raton raton raton raton raton",
            "gato",
            "casa casa",
        ] {
            writer.add_document(doc!(body => text)).unwrap();
        }
        writer.commit().unwrap();
        (index, body)
    }

    fn scores(index: &Index, query: &dyn Query) -> Vec<(u32, f32)> {
        let searcher = index.reader().unwrap().searcher();
        let mut hits: Vec<(u32, f32)> = searcher
            .search(query, &TopDocs::with_limit(10).order_by_score())
            .unwrap()
            .into_iter()
            .map(|(score, address)| (address.doc_id, score))
            .collect();
        hits.sort_by_key(|(doc, _)| *doc);
        hits
    }

    #[test]
    fn tantivy_values_give_tantivy_scores() {
        let (index, body) = index();
        let term = Term::from_field_text(body, "casa");
        let ours = scores(
            &index,
            &Bm25TermQuery::new(
                term.clone(),
                Bm25 {
                    k1: TANTIVY_K1,
                    b: TANTIVY_B,
                },
            ),
        );
        let theirs = scores(&index, &TermQuery::new(term, IndexRecordOption::WithFreqs));
        assert_eq!(ours.len(), 4);
        for ((d1, s1), (d2, s2)) in ours.iter().zip(&theirs) {
            assert_eq!(d1, d2);
            assert!((s1 - s2).abs() < 1e-5, "{s1} vs {s2}");
        }
    }

    #[test]
    fn parameters_change_scores_as_bm25_says() {
        let (index, body) = index();
        let term = Term::from_field_text(body, "casa");
        // k1 = 0: every matching document scores the idf, whatever the frequency or length.
        let flat = scores(
            &index,
            &Bm25TermQuery::new(term.clone(), Bm25 { k1: 0.0, b: 0.75 }),
        );
        let idf = idf(4, 5);
        assert!(flat.iter().all(|(_, s)| (s - idf).abs() < 1e-6), "{flat:?}");
        // b = 0: length is ignored, so one `casa` in a long text equals one in a short one.
        let no_length = scores(
            &index,
            &Bm25TermQuery::new(term.clone(), Bm25 { k1: 1.2, b: 0.0 }),
        );
        let of = |doc| no_length.iter().find(|(d, _)| *d == doc).unwrap().1;
        assert!((of(0) - of(2)).abs() < 1e-6);
        // By hand: doc 1 has tf 3, k1 0.5, b 0: idf * 1.5 * 3 / (3 + 0.5).
        let hand = scores(&index, &Bm25TermQuery::new(term, Bm25 { k1: 0.5, b: 0.0 }));
        let doc1 = hand.iter().find(|(d, _)| *d == 1).unwrap().1;
        assert!((doc1 - idf * 1.5 * 3.0 / 3.5).abs() < 1e-5, "{doc1}");
    }

    #[test]
    fn explanation_adds_up_to_the_score() {
        let (index, body) = index();
        let term = Term::from_field_text(body, "raton");
        let query = Bm25TermQuery::new(term, Bm25 { k1: 0.7, b: 0.9 });
        let searcher = index.reader().unwrap().searcher();
        let hits = scores(&index, &query);
        assert_eq!(hits.len(), 1);
        let explanation = query
            .explain(&searcher, tantivy::DocAddress::new(0, hits[0].0))
            .unwrap();
        assert!((explanation.value() - hits[0].1).abs() < 1e-6);
        assert!(query
            .explain(&searcher, tantivy::DocAddress::new(0, 0))
            .is_err());
    }
}
