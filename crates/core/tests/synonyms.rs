//! Synonyms and "did you mean", through the library API.

use lupa_core::{Index, NewDocument, SearchOptions, Synonyms};
use std::path::Path;
use std::sync::Arc;

fn corpus() -> Index {
    let index = Index::create_in_ram().expect("index");
    let mut w = index.writer().expect("writer");
    for (id, body) in [
        ("irak.txt", "Las tropas salen de Irak tras años de guerra."),
        (
            "daesh.txt",
            "El grupo terrorista Daesh perdió su último bastión.",
        ),
        ("eeuu.txt", "Estados Unidos anunció nuevas sanciones."),
        ("fichero.txt", "Guarda el fichero en la carpeta de trabajo."),
        ("siria.txt", "La guerra en Siria entra en su décimo año."),
        // `estado` is a common word, as in any real collection.
        ("carretera.txt", "El estado de la carretera preocupa."),
        ("alarma.txt", "Se declaró el estado de alarma."),
    ] {
        w.add(&NewDocument {
            id: id.into(),
            file: id.into(),
            body: body.into(),
            ..Default::default()
        })
        .expect("add");
    }
    w.commit(&Default::default()).expect("commit");
    index
}

fn ids(index: &Index, q: &str, o: &SearchOptions) -> Vec<String> {
    let mut ids: Vec<String> = index
        .search(q, o)
        .unwrap_or_else(|e| panic!("{q}: {e}"))
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect();
    ids.sort();
    ids
}

#[test]
fn default_list_joins_variant_spellings() {
    let i = corpus();
    let o = SearchOptions::default();
    assert_eq!(ids(&i, "Iraq", &o), ["irak.txt"]);
    assert_eq!(ids(&i, "ISIS", &o), ["daesh.txt"]);
    // Unquoted, under "any", `estado` alone also matches; the Daesh article is found
    // through the group.
    assert!(ids(&i, "Estado Islámico", &o).contains(&"daesh.txt".to_string()));
    let all = SearchOptions {
        operator: lupa_core::DefaultOperator::All,
        ..SearchOptions::default()
    };
    assert_eq!(ids(&i, "Estado Islámico", &all), ["daesh.txt"]);
    assert_eq!(ids(&i, "EEUU", &o), ["eeuu.txt"]);
    assert_eq!(ids(&i, "archivo", &o), ["fichero.txt"]);
}

#[test]
fn quoted_phrases_stay_literal() {
    let i = corpus();
    let o = SearchOptions::default();
    assert!(ids(&i, "\"Iraq\"", &o).is_empty());
    assert!(ids(&i, "\"archivo\"", &o).is_empty());
}

#[test]
fn no_synonyms_means_none() {
    let i = corpus();
    let o = SearchOptions {
        synonyms: None,
        ..Default::default()
    };
    assert!(ids(&i, "Iraq", &o).is_empty());
}

#[test]
fn custom_list_with_multi_word_entries() {
    let i = corpus();
    let list = Synonyms::parse("conflicto armado, guerra\n", Path::new("mine.txt")).expect("parse");
    let o = SearchOptions {
        synonyms: Some(Arc::new(list)),
        ..Default::default()
    };
    assert_eq!(ids(&i, "conflicto armado", &o), ["irak.txt", "siria.txt"]);
    // The default list is replaced, not extended.
    assert!(ids(&i, "Iraq", &o).is_empty());
}

#[test]
fn did_you_mean_offers_indexed_words() {
    let i = corpus();
    let r = i
        .search("Sirai", &SearchOptions::default())
        .expect("search");
    assert_eq!(r.total, 0);
    let suggestion = r.suggestion.expect("a suggestion");
    assert!(suggestion.to_lowercase().contains("siria"), "{suggestion}");
    let fixed = i
        .search(&suggestion, &SearchOptions::default())
        .expect("search");
    assert_eq!(fixed.hits[0].id, "siria.txt");
}

#[test]
fn no_suggestion_when_words_are_known_or_far() {
    let i = corpus();
    let r = i
        .search("guerra", &SearchOptions::default())
        .expect("search");
    assert_eq!(r.suggestion, None);
    let r = i
        .search("xylofón", &SearchOptions::default())
        .expect("search");
    assert_eq!(r.suggestion, None);
}
