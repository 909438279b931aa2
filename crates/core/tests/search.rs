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
fn a_question_may_start_with_y_or_o() {
    let i = corpus();
    assert_eq!(ids(&i, "¿Y cuándo se anunció la retirada?")[0], "a.txt");
    assert_eq!(ids(&i, "¿O continuará la asesoría?")[0], "b.txt");
    // Between two words they are still operators.
    assert_eq!(ids(&i, "retirada Y asesoría"), Vec::<String>::new());
    assert_eq!(ids(&i, "retirada O asesoría").len(), 2);
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

#[test]
fn optional_word_in_no_document_searches_the_closest_word() {
    let i = corpus();
    // `asesorria` is in no document; `asesoría` is one edit away.
    let found = ids(&i, "tropas asesorria");
    assert!(found.contains(&"a.txt".to_string()), "{found:?}");
    assert!(found.contains(&"b.txt".to_string()), "{found:?}");
    // The word typed correctly still ranks first.
    assert_eq!(ids(&i, "asesoría tropas")[0], "b.txt");

    let off = SearchOptions {
        ranking: lupa_core::Ranking {
            typo_weight: 0.0,
            ..Default::default()
        },
        ..SearchOptions::default()
    };
    assert_eq!(ids_with(&i, "tropas asesorria", &off), ["a.txt"]);

    let explained = lupa_core::explain(Some(&i), "tropas asesorria", &SearchOptions::default())
        .expect("explain");
    let typo = explained
        .expansions
        .iter()
        .find(|x| x.reason == lupa_core::ExpansionReason::Typo)
        .expect("a typo expansion");
    assert_eq!(typo.words, "asesorria");
    assert_eq!(typo.searched, ["asesoria"]);
}

#[test]
fn words_that_must_match_are_not_replaced() {
    let i = corpus();
    let all = SearchOptions {
        operator: DefaultOperator::All,
        ..SearchOptions::default()
    };
    assert!(ids_with(&i, "asesorria coalición", &all).is_empty());
    assert!(ids(&i, "+asesorria").is_empty());
    // A lone word is not optional either: it gets a suggestion, not other documents.
    let alone = i
        .search("asesorria", &SearchOptions::default())
        .expect("search");
    assert!(alone.hits.is_empty());
    assert_eq!(alone.suggestion.as_deref(), Some("asesoría"));
}

#[test]
fn short_words_and_known_words_stay_as_typed() {
    let i = corpus();
    // An indexed word is searched as it is: `ano` is not `año`.
    let mut found = ids(&i, "tropas ano");
    found.sort();
    assert_eq!(found, ["a.txt", "e.txt"]);
    // Words of three letters or fewer allow no edit: `ana` does not become `ano`.
    assert_eq!(ids(&i, "tropas ana"), ["a.txt"]);
}

#[test]
fn irregular_verb_forms_find_each_other() {
    let i = index(&[
        (
            "gengis.txt",
            "",
            "Gengis Kan murió en agosto de 1227, durante la caída de Yinchuan.",
        ),
        (
            "tesla.txt",
            "",
            "Tesla puso en marcha su laboratorio en Colorado Springs.",
        ),
        (
            "otra.txt",
            "",
            "La ciudad celebra cada verano su feria de caballos.",
        ),
    ]);
    // Snowball alone stems `muere` to `muer` and `murió` to `muri`; the lexicon takes both
    // to `morir`'s stem.
    assert_eq!(ids(&i, "¿Cuándo muere Kan?")[0], "gengis.txt");
    assert_eq!(ids(&i, "morir"), ["gengis.txt"]);
    assert_eq!(ids(&i, "¿Dónde pone Tesla su laboratorio?")[0], "tesla.txt");
    assert_eq!(ids(&i, "poner"), ["tesla.txt"]);
    // Plurals the stemmer keeps apart from their singular: `ciudades`, `ciudad`.
    assert_eq!(ids(&i, "ciudades"), ["otra.txt"]);
}

#[test]
fn a_name_also_finds_its_other_spelling() {
    let i = index(&[
        (
            "gengis.txt",
            "",
            "Gengis Kan cayó de su caballo durante la caza.",
        ),
        (
            "genghis.txt",
            "",
            "Genghis es el protagonista de una novela.",
        ),
        ("caballo.txt", "", "El caballo blanco de la novela."),
    ]);
    // `Genghis` is in a document, but the one about the fall spells it `Gengis`.
    assert_eq!(ids(&i, "Genghis cayó")[0], "gengis.txt");
    let off = SearchOptions {
        ranking: lupa_core::Ranking {
            name_weight: 0.0,
            ..Default::default()
        },
        ..SearchOptions::default()
    };
    assert_eq!(ids_with(&i, "Genghis cayó", &off)[0], "genghis.txt");
    // Only capitalised words: a common word is searched as typed.
    assert_eq!(ids(&i, "genghis cayó")[0], "genghis.txt");

    let explained =
        lupa_core::explain(Some(&i), "Genghis cayó", &SearchOptions::default()).expect("explain");
    let name = explained
        .expansions
        .iter()
        .find(|x| x.reason == lupa_core::ExpansionReason::Name)
        .expect("a name expansion");
    assert_eq!(name.words, "Genghis");
    assert_eq!(name.searched, ["gengis"]);
}

#[test]
fn related_words_find_a_paragraph_that_says_it_otherwise() {
    let i = index(&[
        (
            "edificada.txt",
            "",
            "La catedral fue edificada en el siglo doce por los monjes.",
        ),
        (
            "torre.txt",
            "",
            "La catedral tiene una torre alta de piedra y dos campanas.",
        ),
        ("puente.txt", "", "El puente romano cruza el río."),
    ]);
    let question = "¿Cuándo se construyó la catedral?";
    // The thesaurus gives `edificar` (and `erigir`, `levantar`…) for `construir`.
    assert_eq!(ids(&i, question)[0], "edificada.txt");
    let off = SearchOptions {
        ranking: lupa_core::Ranking {
            related_weight: 0.0,
            ..Default::default()
        },
        ..SearchOptions::default()
    };
    let scores: Vec<f32> = i
        .search(question, &off)
        .expect("search")
        .hits
        .iter()
        .map(|h| h.score)
        .collect();
    assert_eq!(scores.len(), 2);
    assert_eq!(
        scores[0], scores[1],
        "without related words both hold `catedral` alike"
    );

    // Weak evidence: the word as typed still wins over a related one.
    let i = index(&[
        (
            "edificada.txt",
            "",
            "La catedral fue edificada en el siglo doce.",
        ),
        (
            "construida.txt",
            "",
            "La catedral fue construida en el siglo doce.",
        ),
    ]);
    assert_eq!(ids(&i, question)[0], "construida.txt");

    let explained = lupa_core::explain(Some(&i), "construyó catedral", &SearchOptions::default())
        .expect("explain");
    let related = explained
        .expansions
        .iter()
        .find(|x| x.reason == lupa_core::ExpansionReason::Related)
        .expect("a related expansion");
    assert_eq!(related.words, "construyó");
    assert_eq!(related.searched, ["edific"]);
}

#[test]
fn equal_scores_go_by_path_across_segments_and_pages() {
    use lupa_core::Pruning;
    // Forty alike documents in four segments, each committed in a scrambled order, so
    // that addresses and paths disagree; a fuzzy word scores every match alike too.
    let index = Index::create_in_ram().expect("index");
    let order: Vec<usize> = (0..40).map(|i| (i * 17) % 40).collect();
    for part in order.chunks(10) {
        let mut w = index.writer().expect("writer");
        for n in part {
            let id = format!("notas/{n:02}.txt");
            w.add(&NewDocument {
                id: id.clone(),
                file: id,
                title: "Nota".to_string(),
                body: "Irak anuncia la retirada de las tropas.".to_string(),
                ..Default::default()
            })
            .expect("add");
        }
        w.commit(&Default::default()).expect("commit");
    }
    let expected: Vec<String> = (0..40).map(|n| format!("notas/{n:02}.txt")).collect();
    for query in ["retirada", "tropas Irak", "retirda~1"] {
        for (offset, limit) in [(0, 1), (0, 5), (3, 4), (12, 10), (35, 10)] {
            let want = &expected[offset.min(40)..(offset + limit).min(40)];
            for pruning in [Pruning::Auto, Pruning::Always, Pruning::Never] {
                let options = SearchOptions {
                    offset,
                    limit,
                    pruning,
                    ..Default::default()
                };
                assert_eq!(
                    ids_with(&index, query, &options),
                    want,
                    "{query}, {offset}+{limit}, {pruning:?}"
                );
            }
        }
    }
}
