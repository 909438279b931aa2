//! Dates, authors and sources: filters in the query (`fecha:`, `autor:`, `fuente:`) and
//! in the options (`since`, `until`), sorting by date and facet counts.

use lupa_core::{Day, FacetKind, Index, Metadata, NewDocument, SearchOptions, Sort};

fn day(text: &str) -> Day {
    let parts: Vec<u32> = text.split('-').map(|p| p.parse().unwrap()).collect();
    Day::from_ymd(parts[0] as i32, parts[1], parts[2]).unwrap()
}

/// Six articles about Irak (and one about something else), some dated, with authors
/// and sources.
fn archive() -> Index {
    let index = Index::create_in_ram().unwrap();
    let mut writer = index.writer().unwrap();
    let articles = [
        (
            "a.txt",
            "Irak anuncia la retirada de las tropas",
            Some("2021-07-26"),
            Some("Gabriel García Márquez"),
            Some("El País"),
        ),
        (
            "b.txt",
            "Las tropas salen de Irak antes de lo previsto",
            Some("2021-12-31"),
            Some("Ana Pérez"),
            Some("EFE"),
        ),
        (
            "c.txt",
            "Irak vota en elecciones anticipadas",
            Some("2021-01-01"),
            None,
            Some("EFE"),
        ),
        (
            "d.txt",
            "Irak y la coalición tras la retirada",
            Some("2020-12-31"),
            Some("Ana Pérez"),
            Some("El País"),
        ),
        (
            "e.txt",
            "Irak en 2022: la reconstrucción",
            Some("2022-01-01"),
            None,
            None,
        ),
        ("f.txt", "Irak sin fecha conocida", None, None, None),
        (
            "g.txt",
            "La sequía en Murcia",
            Some("2021-05-05"),
            None,
            Some("EFE"),
        ),
    ];
    for (id, body, date, author, source) in articles {
        writer
            .add(&NewDocument {
                id: id.into(),
                file: id.into(),
                title: body.into(),
                body: body.into(),
                meta: Metadata {
                    date: date.map(day),
                    author: author.map(Into::into),
                    source: source.map(Into::into),
                    url: Some(format!("https://example.org/{id}")),
                    lang: Some("es".into()),
                },
                ..Default::default()
            })
            .unwrap();
    }
    writer.commit(&Default::default()).unwrap();
    index
}

fn ids(index: &Index, query: &str, options: &SearchOptions) -> Vec<String> {
    let results = index.search(query, options).unwrap();
    results.hits.into_iter().map(|h| h.id).collect()
}

fn sorted(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids
}

#[test]
fn a_date_filter_selects_the_dated_documents_and_leaves_scores_alone() {
    let index = archive();
    let options = SearchOptions::default();
    // Words side by side are optional by default, yet the filter applies to the whole.
    assert_eq!(
        sorted(ids(&index, "Irak fecha:2021", &options)),
        ["a.txt", "b.txt", "c.txt"]
    );
    assert_eq!(
        sorted(ids(&index, "Irak fecha:2021-07", &options)),
        ["a.txt"]
    );
    assert_eq!(
        sorted(ids(&index, "Irak date:>=2021-12-31", &options)),
        ["b.txt", "e.txt"]
    );
    assert_eq!(
        sorted(ids(
            &index,
            "Irak fecha:[2020-12-31 TO 2021-01-01]",
            &options
        )),
        ["c.txt", "d.txt"]
    );
    assert_eq!(
        sorted(ids(&index, "Irak -fecha:<2022", &options)),
        ["e.txt", "f.txt"]
    );
    // Only a filter: every document it lets through.
    assert_eq!(
        sorted(ids(&index, "fecha:2021", &options)),
        ["a.txt", "b.txt", "c.txt", "g.txt"]
    );
    // Scores are those of the words alone.
    let all = index.search("Irak tropas", &options).unwrap();
    let filtered = index.search("Irak tropas fecha:2021", &options).unwrap();
    for hit in &filtered.hits {
        let same = all.hits.iter().find(|h| h.id == hit.id).unwrap();
        assert_eq!(hit.score, same.score, "{}", hit.id);
    }
    // Below the top of the query, a filter is one more part of it.
    assert_eq!(
        sorted(ids(
            &index,
            "(sequía OR fecha:2022) AND (Irak OR Murcia)",
            &options
        )),
        ["e.txt", "g.txt"]
    );
}

#[test]
fn since_and_until_bound_the_dates_as_the_query_does() {
    let index = archive();
    let options = SearchOptions {
        since: Some(day("2021-01-01")),
        until: Some(day("2021-07-26")),
        ..SearchOptions::default()
    };
    assert_eq!(sorted(ids(&index, "Irak", &options)), ["a.txt", "c.txt"]);
}

#[test]
fn authors_and_sources_match_word_by_word_accents_aside() {
    let index = archive();
    let options = SearchOptions::default();
    assert_eq!(
        sorted(ids(&index, "Irak autor:garcia", &options)),
        ["a.txt"]
    );
    assert_eq!(
        sorted(ids(&index, "Irak autor:\"ana perez\"", &options)),
        ["b.txt", "d.txt"]
    );
    // A phrase keeps its order.
    assert!(ids(&index, "Irak autor:\"perez ana\"", &options).is_empty());
    assert_eq!(
        sorted(ids(&index, "Irak fuente:\"el país\"", &options)),
        ["a.txt", "d.txt"]
    );
    assert_eq!(
        sorted(ids(
            &index,
            "Irak -fuente:efe -fuente:\"el pais\"",
            &options
        )),
        ["e.txt", "f.txt"]
    );
    assert_eq!(sorted(ids(&index, "author:gab* Irak", &options)), ["a.txt"]);
}

#[test]
fn sorting_by_date_puts_undated_documents_last_and_pages() {
    let index = archive();
    let newest = SearchOptions {
        sort: Sort::Newest,
        ..SearchOptions::default()
    };
    assert_eq!(
        ids(&index, "Irak", &newest),
        ["e.txt", "b.txt", "a.txt", "c.txt", "d.txt", "f.txt"]
    );
    let oldest = SearchOptions {
        sort: Sort::Oldest,
        limit: 2,
        offset: 1,
        ..SearchOptions::default()
    };
    let results = index.search("Irak", &oldest).unwrap();
    assert_eq!(results.total, 6);
    let page: Vec<&str> = results.hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(page, ["c.txt", "a.txt"]);
    let hit = &results.hits[1];
    assert_eq!(
        hit.date.map(|d| d.to_string()).as_deref(),
        Some("2021-07-26")
    );
    assert!(!hit.date_from_file);
    assert_eq!(hit.author.as_deref(), Some("Gabriel García Márquez"));
    assert_eq!(hit.source.as_deref(), Some("El País"));
    assert_eq!(hit.url.as_deref(), Some("https://example.org/a.txt"));
}

#[test]
fn facets_count_the_matching_documents_by_source_and_year() {
    let index = archive();
    let options = SearchOptions {
        facets: vec![FacetKind::Source, FacetKind::Year],
        limit: 1,
        ..SearchOptions::default()
    };
    let results = index.search("Irak", &options).unwrap();
    assert_eq!(results.hits.len(), 1);
    let counts = |kind: FacetKind| {
        let facet = results.facets.iter().find(|f| f.kind == kind).unwrap();
        facet
            .counts
            .iter()
            .map(|(v, n)| (v.as_str(), *n))
            .collect::<Vec<_>>()
    };
    assert_eq!(counts(FacetKind::Source), [("EFE", 2), ("El País", 2)]);
    assert_eq!(
        counts(FacetKind::Year),
        [("2021", 3), ("2020", 1), ("2022", 1)]
    );
    let filtered = SearchOptions {
        facets: vec![FacetKind::Source],
        ..SearchOptions::default()
    };
    let results = index.search("fecha:2021", &filtered).unwrap();
    assert_eq!(
        results.facets[0].counts,
        [("EFE".to_string(), 3), ("El País".to_string(), 1)]
    );
}

#[test]
fn without_a_date_of_its_own_a_document_is_dated_by_its_file() {
    let index = Index::create_in_ram().unwrap();
    let mut writer = index.writer().unwrap();
    writer
        .add(&NewDocument {
            id: "nota.txt".into(),
            file: "nota.txt".into(),
            body: "Una nota sobre Irak".into(),
            // 2021-07-26 10:00 UTC.
            mtime_ns: 1_627_293_600 * 1_000_000_000,
            ..Default::default()
        })
        .unwrap();
    writer.commit(&Default::default()).unwrap();
    let results = index
        .search("Irak fecha:2021-07-26", &SearchOptions::default())
        .unwrap();
    assert_eq!(results.hits.len(), 1);
    assert!(results.hits[0].date_from_file);
    assert_eq!(results.hits[0].author, None);
}
