//! The analyzer's matching claims, checked on a tantivy index with queries built the way the
//! search code builds them: bag-of-words is one `TermQuery` per query token (stop words
//! skipped), all required; a phrase is a `PhraseQuery` over every query token at its position.

use lupa_core::analysis::{is_stop_word, query_analyzer, register_analyzers, STEMMED};
use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, STORED,
};
use tantivy::{doc, Index, IndexReader, TantivyDocument, Term};

struct Fixture {
    body: Field,
    id: Field,
    reader: IndexReader,
}

const DOCS: &[(&str, &str)] = &[
    ("asesoria", "La asesoría jurídica del ministerio."),
    ("accion", "Una ACCIÓN militar en la frontera."),
    ("pinguino", "El pingüino emperador vive en la Antártida."),
    ("pena", "Vale la pena intentarlo."),
    ("peña", "La peña flamenca abrió sus puertas."),
    ("año", "Un año de guerra."),
    ("ano", "Un ano artificial."),
    ("informacion", "La información del gobierno."),
    ("educacion", "La educacion publica."),
    ("biologia", "Estudió biologia marina."),
    ("estaria", "Nadie estaría dispuesto a ceder."),
    ("retirada", "La retirada de las tropas estadounidenses."),
    ("retiro", "Su retiro fue anunciado ayer."),
    ("eeuu", "El embajador de EE.UU. en Bagdad."),
    ("kazemi", "El portavoz Al-Kazemi lo confirmó."),
    ("fin_las", "Anunciaron el fin de las misiones de combate."),
    ("fin_los", "Hablaron del fin de los misiones y otras cosas."),
    ("fin_misiones", "Pidieron el fin misiones ya."),
    ("ley_costas", "La ley de costas protege el litoral."),
    ("ley_nueva", "Una ley nueva costas y puertos."),
    ("estados", "Los Estados Unidos enviaron tropas."),
    ("estamos", "Todos estamos unidos contra el terror."),
];

fn fixture() -> Fixture {
    let mut schema = Schema::builder();
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(STEMMED)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let body = schema.add_text_field(
        "body",
        TextOptions::default().set_indexing_options(indexing),
    );
    let id = schema.add_text_field("id", STORED);
    let index = Index::create_in_ram(schema.build());
    register_analyzers(&index);
    let mut writer = index.writer(15_000_000).unwrap();
    for (name, text) in DOCS {
        writer
            .add_document(doc!(id => *name, body => *text))
            .unwrap();
    }
    writer.commit().unwrap();
    Fixture {
        body,
        id,
        reader: index.reader().unwrap(),
    }
}

fn query_tokens(text: &str) -> Vec<(usize, String)> {
    let mut analyzer = query_analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(t) = stream.next() {
        out.push((t.position, t.text.clone()));
    }
    out
}

impl Fixture {
    fn bag_of_words(&self, text: &str) -> Box<dyn Query> {
        let clauses: Vec<(Occur, Box<dyn Query>)> = query_tokens(text)
            .into_iter()
            .filter(|(_, form)| !is_stop_word(form))
            .map(|(_, form)| {
                let term = Term::from_field_text(self.body, &form);
                let query: Box<dyn Query> =
                    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
                (Occur::Must, query)
            })
            .collect();
        assert!(!clauses.is_empty(), "{text} has only stop words");
        Box::new(BooleanQuery::new(clauses))
    }

    fn phrase(&self, text: &str) -> Box<dyn Query> {
        let terms: Vec<(usize, Term)> = query_tokens(text)
            .into_iter()
            .map(|(position, form)| (position, Term::from_field_text(self.body, &form)))
            .collect();
        if terms.len() == 1 {
            let term = terms.into_iter().next().unwrap().1;
            return Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
        }
        Box::new(PhraseQuery::new_with_offset(terms))
    }

    fn ids(&self, query: &dyn Query) -> Vec<String> {
        let searcher = self.reader.searcher();
        let mut ids: Vec<String> = searcher
            .search(query, &DocSetCollector)
            .unwrap()
            .into_iter()
            .map(|address| {
                let doc: TantivyDocument = searcher.doc(address).unwrap();
                doc.get_first(self.id)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        ids.sort();
        ids
    }

    fn words(&self, text: &str) -> Vec<String> {
        self.ids(&*self.bag_of_words(text))
    }

    fn phrase_ids(&self, text: &str) -> Vec<String> {
        self.ids(&*self.phrase(text))
    }
}

#[test]
fn accents_and_case_do_not_matter() {
    let f = fixture();
    assert_eq!(f.words("asesoria"), ["asesoria"]);
    assert_eq!(f.words("ASESORÍA"), ["asesoria"]);
    assert_eq!(f.words("acción"), ["accion"]);
    assert_eq!(f.words("accion"), ["accion"]);
    assert_eq!(f.words("pinguino"), ["pinguino"]);
    assert_eq!(f.words("Pingüino"), ["pinguino"]);
}

#[test]
fn enye_is_a_letter_of_its_own() {
    let f = fixture();
    assert_eq!(f.words("pena"), ["pena"]);
    assert_eq!(f.words("peña"), ["peña"]);
    assert_eq!(f.words("año"), ["año"]);
    assert_eq!(f.words("ano"), ["ano"]);
}

#[test]
fn unaccented_queries_meet_accented_suffixes_both_ways() {
    let f = fixture();
    for query in ["informacion", "información", "informaciones"] {
        assert_eq!(f.words(query), ["informacion"], "{query}");
    }
    for query in ["educacion", "educación"] {
        assert_eq!(f.words(query), ["educacion"], "{query}");
    }
    for query in ["biologia", "biología"] {
        assert_eq!(f.words(query), ["biologia"], "{query}");
    }
    // Forms of "estar" are stop words: phrases find them.
    for query in ["estaria dispuesto", "estaría dispuesto"] {
        assert_eq!(f.phrase_ids(query), ["estaria"], "{query}");
    }
}

#[test]
fn stems_group_word_forms() {
    let f = fixture();
    assert_eq!(f.words("retirar"), ["retirada", "retiro"]);
    assert_eq!(f.words("retiradas"), ["retirada", "retiro"]);
}

#[test]
fn acronyms_match_with_and_without_dots() {
    let f = fixture();
    for query in ["EE.UU.", "ee.uu", "EEUU", "eeuu"] {
        assert_eq!(f.words(query), ["eeuu"], "{query}");
    }
    assert_eq!(f.phrase_ids("embajador de EEUU en Bagdad"), ["eeuu"]);
}

#[test]
fn hyphenated_names_match_whole_and_by_parts() {
    let f = fixture();
    for query in ["Al-Kazemi", "kazemi", "alkazemi", "AL-KAZEMI"] {
        assert_eq!(f.words(query), ["kazemi"], "{query}");
    }
    assert_eq!(f.phrase_ids("portavoz Al-Kazemi lo confirmó"), ["kazemi"]);
    assert_eq!(f.phrase_ids("Kazemi lo confirmó"), ["kazemi"]);
}

#[test]
fn phrases_keep_their_stop_words_and_gaps() {
    let f = fixture();
    assert_eq!(f.phrase_ids("fin de las misiones"), ["fin_las"]);
    assert_eq!(f.phrase_ids("fin de los misiones"), ["fin_los"]);
    assert_eq!(f.phrase_ids("fin misiones"), ["fin_misiones"]);
    assert_eq!(f.phrase_ids("ley de costas"), ["ley_costas"]);
    assert_eq!(f.phrase_ids("ley nueva costas"), ["ley_nueva"]);
    let bag = f.words("fin de las misiones");
    assert_eq!(bag, ["fin_las", "fin_los", "fin_misiones"]);
}

#[test]
fn estados_unidos_is_not_estamos_unidos() {
    let f = fixture();
    assert_eq!(f.phrase_ids("Estados Unidos"), ["estados"]);
    assert_eq!(f.phrase_ids("estamos unidos"), ["estamos"]);
    assert_eq!(f.words("estados"), ["estados"]);
    assert_eq!(f.words("Estados Unidos"), ["estados"]);
}
