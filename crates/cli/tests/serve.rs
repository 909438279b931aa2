//! `lupa serve` over real HTTP: the binary on an ephemeral port over a temporary
//! folder, checked as a program or a person using it would.

mod served;

use serde_json::Value;
use served::{enc, eventually, request, Folder, Served};
use std::time::Duration;

/// `lupa search --json ARGS` in `folder`, as a JSON value.
fn search_json(folder: &Folder, args: &[&str]) -> Value {
    let mut all = vec!["search", "--json", "--index", "docs/.lupa"];
    all.extend_from_slice(args);
    let out = served::lupa(folder.root())
        .args(&all)
        .output()
        .expect("lupa search");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

#[test]
fn api_search_is_the_json_of_lupa_search_plus_offset() {
    let folder = Folder::with_sample_articles();
    let server = Served::start(folder.root(), &["--dir", "docs"]);
    let cases: &[(&str, &[&str], &str)] = &[
        ("retirada tropas", &[], ""),
        ("Irak AND NOT Siria", &[], ""),
        ("\"fin de las misiones\"", &[], ""),
        ("Sirai", &[], ""),
        ("retirada tropas", &["--all"], "&all=true"),
        ("tropas", &["-n", "2", "--offset", "1"], "&limit=2&offset=1"),
        ("retir* OR Daesh", &["-n", "1000"], "&limit=1000"),
    ];
    for (q, args, params) in cases {
        let mut cli_args = args.to_vec();
        cli_args.push(q);
        let mut expected = search_json(&folder, &cli_args);
        let (status, mut got) = server.json(&format!("/api/search?q={}{params}", enc(q)));
        assert_eq!(status, 200, "{q}: {got}");
        let offset = got
            .as_object_mut()
            .and_then(|o| o.remove("offset"))
            .expect("offset key");
        let wanted_offset = if params.contains("offset=1") { 1 } else { 0 };
        assert_eq!(offset, wanted_offset, "{q}");
        assert_eq!(got, expected, "{q} {params}");
        // The same through POST.
        let body = serde_json::json!({
            "q": q,
            "limit": if params.contains("limit=2") { 2 } else if params.contains("limit=1000") { 1000 } else { 10 },
            "offset": wanted_offset,
            "all": params.contains("all=true"),
        });
        let posted = request(
            server.addr,
            "POST",
            "/api/search",
            &[("Content-Type", "application/json")],
            body.to_string().as_bytes(),
        );
        assert_eq!(posted.status, 200, "{}", posted.text());
        let mut posted = posted.json();
        posted.as_object_mut().map(|o| o.remove("offset"));
        assert_eq!(posted, expected, "POST {q}");
        expected.as_object_mut().map(|o| o.remove("hits"));
        assert!(expected.get("total").is_some());
    }
}

#[test]
fn the_page_renders_results_on_the_server() {
    let folder = Folder::with_sample_articles();
    let server = Served::start(folder.root(), &["--dir", "docs"]);

    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert!(home.text().contains("<html lang=\"es\">"));
    assert!(
        home.text().contains("10 documentos en el índice"),
        "{}",
        home.text()
    );

    let page = server.get("/?q=retirada+tropas");
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let html = page.text();
    assert!(html.contains("1–5 de 5 resultados"), "{html}");
    assert!(
        html.contains("<mark>retirada</mark> de las <mark>tropas</mark>"),
        "{html}"
    );
    assert!(html.contains("href=\"/doc/000_b364fac58d8d3427.txt?q=retirada%20tropas\""));
    assert!(html.contains("value=\"retirada tropas\""));
    // One page at a time, linked.
    let first = server.get("/?q=retirada+tropas&limit=2").text();
    assert!(first.contains("Página 1 de 3"), "{first}");
    assert!(
        first.contains("rel=\"next\" href=\"/?q=retirada%20tropas&amp;offset=2\""),
        "{first}"
    );
    let second = server.get("/?q=retirada+tropas&limit=2&offset=2").text();
    assert!(second.contains("3–4 de 5 resultados"), "{second}");
    assert!(second.contains("rel=\"prev\""));
}

#[test]
fn stops_on_sigterm() {
    let folder = Folder::with_sample_articles();
    let mut server = Served::start(folder.root(), &["--dir", "docs"]);
    assert_eq!(server.get("/healthz").status, 200);
    server.signal("TERM");
    let status = server.wait_exit(Duration::from_secs(5)).expect("exits");
    assert_eq!(status.code(), Some(0));
    assert!(
        eventually(Duration::from_secs(1), || std::net::TcpStream::connect(
            server.addr
        )
        .is_err())
        .is_some()
    );
}
