//! Search behaviour through the library API, on documents added directly.

use lupa_core::{DefaultOperator, Error, Index, NewDocument, SearchOptions};

fn index(docs: &[(&str, &str, &str)]) -> Index {
    let index = Index::create_in_ram().expect("index");
    let mut w = index.writer().expect("writer");
    for (id, title, body) in docs {
        w.add(&NewDocument {
            id: id.to_string(),
            file: id.to_string(),
            title: title.to_string(),
            body: body.to_string(),
            ..Default::default()
        })
        .expect("add");
    }
    w.commit(&Default::default()).expect("commit");
    index
}

fn ids(index: &Index, q: &str) -> Vec<String> {
    ids_with(index, q, &SearchOptions::default())
}

fn ids_with(index: &Index, q: &str, o: &SearchOptions) -> Vec<String> {
    index
        .search(q, o)
        .unwrap_or_else(|e| panic!("{q}: {e}"))
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect()
}

fn corpus() -> Index {
    index(&[
        ("a.txt", "Irak anuncia la retirada", "El gobierno de Irak anunció el fin de las misiones de combate y la retirada de las tropas."),
        ("b.txt", "Asesoría militar", "La coalición continuará la asesoría y la capacitación de las fuerzas."),
        ("c.txt", "Otra noticia", "Fin de la temporada. Las misiones espaciales siguen."),
        ("d.txt", "Año nuevo", "El año termina con una celebración."),
        ("e.txt", "Ano", "Texto médico sobre el ano."),
    ])
}

#[test]
fn stems_meet() {
    let i = corpus();
    assert_eq!(ids(&i, "retirar"), ["a.txt"]);
}

#[test]
fn accents_fold_but_enye_stays() {
    let i = corpus();
    assert_eq!(ids(&i, "asesoria"), ["b.txt"]);
    assert_eq!(ids(&i, "año"), ["d.txt"]);
    assert_eq!(ids(&i, "ano"), ["e.txt"]);
}

#[test]
fn phrase_keeps_stop_word_gaps() {
    let i = corpus();
    assert_eq!(ids(&i, "\"fin de las misiones\""), ["a.txt"]);
}

#[test]
fn only_stop_words_is_an_error() {
    let i = corpus();
    let err = i.search("de la", &SearchOptions::default()).unwrap_err();
    assert!(matches!(err, Error::OnlyStopWords { .. }), "{err}");
}

#[test]
fn prefix_finds_unstemmed_forms() {
    let i = corpus();
    assert_eq!(ids(&i, "retira*"), ["a.txt"]);
}

#[test]
fn snippet_marks_variants() {
    let i = corpus();
    let r = i.search("retirar", &SearchOptions::default()).unwrap();
    let s = &r.hits[0].snippet;
    let marked: Vec<&str> = s.highlights.iter().map(|h| &s.text[h.clone()]).collect();
    assert_eq!(marked, ["retirada"]);
}

#[test]
fn all_terms_rank_first() {
    let i = corpus();
    let got = ids(&i, "misiones combate");
    assert_eq!(got[0], "a.txt");
    let all = SearchOptions {
        operator: DefaultOperator::All,
        ..Default::default()
    };
    assert_eq!(ids_with(&i, "misiones combate", &all), ["a.txt"]);
}

#[test]
fn negation_among_optional_words_excludes() {
    let i = corpus();
    // Side by side under "any": `NOT` still excludes, as in Lucene.
    let got = ids(&i, "misiones NOT combate");
    assert_eq!(got, ["c.txt"]);
    // Pure negation: every document but the matches.
    let mut all_but = ids(&i, "NOT misiones");
    all_but.sort();
    assert_eq!(all_but, ["b.txt", "d.txt", "e.txt"]);
    let got = ids(&i, "misiones AND NOT combate");
    assert_eq!(got, ["c.txt"]);
}
