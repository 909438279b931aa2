//! Dates, authors and sources on the real binary: a folder that mixes the seed articles
//! with dated HTML, Markdown and JSON Lines articles and the office files of the
//! ingest tests, searched with `fecha:`, `autor:`, `fuente:`, `--sort`, `--since`,
//! `--until` and `--facets`, from the terminal and over HTTP.

mod served;

use serde_json::Value;
use served::{enc, Folder, Served};
use std::path::Path;

/// The seed articles, the office files, and eight dated (or not) articles on Irak.
fn archive() -> Folder {
    let folder = Folder::with_sample_articles();
    let office = Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/data/office");
    for name in [
        "retirada.docx",
        "retirada.odt",
        "retirada.epub",
        "retirada.pdf",
        "fechado.docx",
        "fechado.odt",
        "fechado.epub",
        "fechado.pdf",
    ] {
        std::fs::copy(office.join(name), folder.docs().join(name)).expect("copy");
    }
    folder.write(
        "prensa/retirada.html",
        r#"<!doctype html><html lang="es"><head><title>Irak pide la retirada</title>
<meta property="article:published_time" content="2021-07-26T10:30:00+02:00">
<meta name="author" content="Ana Pérez">
<meta property="og:site_name" content="El País">
<meta property="og:url" content="https://elpais.example/irak">
</head><body><p>El gobierno de Irak pide la retirada de las tropas.</p></body></html>"#,
    );
    folder.write(
        "prensa/elecciones.md",
        "---\ntitle: Irak vota\nfecha: 10 de octubre de 2021\nautor: Luis Gómez\nfuente: EFE\n---\n\nIrak celebra elecciones anticipadas.\n",
    );
    folder.write(
        "prensa/teletipos.jsonl",
        concat!(
            r#"{"id": "1", "title": "Irak y la coalición", "text": "Irak y la coalición hablan de la retirada.", "date": "31/12/2021", "source": "EFE"}"#,
            "\n",
            r#"{"id": "2", "title": "Irak en 2020", "text": "Irak en 2020 seguía con tropas extranjeras.", "date": "2020-03-01", "author": "Ana Pérez", "source": "EFE"}"#,
            "\n",
            r#"{"id": "3", "title": "Irak, sin fecha", "text": "Irak anuncia planes.", "date": "ayer", "source": "Reuters"}"#,
            "\n",
            r#"{"id": "4", "title": "Irak en 2022", "text": "Irak en 2022 reconstruye.", "date": "2022-01-15", "url": "https://efe.example/4"}"#,
            "\n",
        ),
    );
    folder.lupa(&["index", "docs", "--index", "docs/.lupa"], 0);
    folder
}

fn search(folder: &Folder, args: &[&str], code: i32) -> Value {
    let mut all = vec!["search", "--json", "--index", "docs/.lupa"];
    all.extend_from_slice(args);
    let out = folder.lupa(&all, code);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e}: {out}"))
}

fn paths(results: &Value) -> Vec<&str> {
    results["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| h["path"].as_str().expect("path"))
        .collect()
}

#[test]
fn the_dated_2021_documents_newest_first_with_their_metadata() {
    let folder = archive();
    let results = search(&folder, &["Irak fecha:2021", "--sort", "-date"], 0);
    // The Word and OpenDocument files keep the date of their metadata (2021-03-15);
    // LibreOffice dates the PDF at its export and the EPUB not at all.
    assert_eq!(
        paths(&results),
        [
            "prensa/teletipos.jsonl#1",
            "prensa/elecciones.md",
            "prensa/retirada.html",
            "fechado.docx",
            "fechado.odt"
        ]
    );
    assert_eq!(results["hits"][3]["author"], "Marta Ruiz");
    assert_eq!(results["hits"][4]["date"], "2021-03-15");
    let html = &results["hits"][2];
    assert_eq!(html["date"], "2021-07-26");
    assert_eq!(html["date_from_file"], false);
    assert_eq!(html["author"], "Ana Pérez");
    assert_eq!(html["source"], "El País");
    assert_eq!(html["url"], "https://elpais.example/irak");
    let jsonl = &results["hits"][0];
    assert_eq!(jsonl["date"], "2021-12-31");
    assert_eq!(jsonl["author"], Value::Null);
    assert_eq!(jsonl["url"], Value::Null);
    assert_eq!(results["hits"][1]["date"], "2021-10-10");

    // Oldest first, and the same with --since/--until instead of fecha:.
    let oldest = search(
        &folder,
        &[
            "Irak", "--since", "2021", "--until", "2021-12", "--sort", "date",
        ],
        0,
    );
    assert_eq!(
        paths(&oldest),
        [
            "fechado.docx",
            "fechado.odt",
            "prensa/retirada.html",
            "prensa/elecciones.md",
            "prensa/teletipos.jsonl#1"
        ]
    );
    // A date that does not parse is left out, the document kept: dated by its file.
    let undated = search(&folder, &["Irak fuente:reuters"], 0);
    assert_eq!(paths(&undated), ["prensa/teletipos.jsonl#3"]);
    assert_eq!(undated["hits"][0]["date_from_file"], true);
}

#[test]
fn authors_sources_and_facets() {
    let folder = archive();
    let by = search(&folder, &["Irak autor:\"ana perez\"", "--sort", "-date"], 0);
    assert_eq!(
        paths(&by),
        ["prensa/retirada.html", "prensa/teletipos.jsonl#2"]
    );
    let not_efe = search(
        &folder,
        &["Irak -fuente:efe fecha:2021", "--sort", "-date"],
        0,
    );
    assert_eq!(
        paths(&not_efe),
        ["prensa/retirada.html", "fechado.docx", "fechado.odt"]
    );

    let counted = search(
        &folder,
        &[
            "Irak fecha:[2020 TO 2022]",
            "--facets",
            "source,year",
            "-n",
            "1",
        ],
        0,
    );
    assert_eq!(counted["hits"].as_array().map(Vec::len), Some(1));
    assert_eq!(counted["total"], 7);
    assert_eq!(
        counted["facets"],
        serde_json::json!({
            "source": {"EFE": 3, "El País": 1},
            "year": {"2020": 1, "2021": 5, "2022": 1}
        })
    );
    // Without --facets, no facets key: the JSON of a plain search keeps its shape.
    assert!(search(&folder, &["Irak"], 0).get("facets").is_none());
}

#[test]
fn a_bad_date_is_the_users_typo_with_the_accepted_forms() {
    let folder = archive();
    let out = served::lupa(folder.root())
        .args(["search", "--index", "docs/.lupa", "Irak fecha:julio"])
        .output()
        .expect("lupa");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("`julio` no es una fecha"), "{err}");
    assert!(err.contains("^^^^^"), "{err}");
    assert!(err.contains("2021-07-26"), "{err}");
    let out = served::lupa(folder.root())
        .args([
            "search",
            "--index",
            "docs/.lupa",
            "Irak",
            "--since",
            "julio",
        ])
        .output()
        .expect("lupa");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--since"));
}

#[test]
fn the_http_api_sorts_and_counts_as_the_command_does() {
    let folder = archive();
    let server = Served::start(folder.root(), &["--index", "docs/.lupa"]);
    let q = "Irak fecha:2021";
    let mut expected = search(
        &folder,
        &[q, "--sort", "-date", "--facets", "source,year"],
        0,
    );
    let (status, mut got) = server.json(&format!(
        "/api/search?q={}&sort=-date&facets=source,year",
        enc(q)
    ));
    assert_eq!(status, 200, "{got}");
    got.as_object_mut().map(|o| o.remove("offset"));
    expected.as_object_mut().map(|o| o.remove("offset"));
    assert_eq!(got, expected);
    let (status, bad) = server.json("/api/search?q=Irak&sort=alfabetico");
    assert_eq!(status, 400, "{bad}");
    // The page shows each hit's date, author and source, and a bad date in Spanish.
    let page = server.get(&format!("/?q={}", enc("retirada fuente:\"el país\"")));
    assert_eq!(page.status, 200);
    assert!(
        page.text().contains("26 jul 2021 · Ana Pérez · El País"),
        "{}",
        page.text()
    );
    let page = server.get(&format!("/?q={}", enc("fecha:julio")));
    assert_eq!(page.status, 400);
    assert!(page.text().contains("no es una fecha"), "{}", page.text());
}
