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

#[test]
fn a_typo_is_a_400_with_its_caret_in_json_and_on_the_page() {
    let folder = Folder::with_sample_articles();
    let server = Served::start(folder.root(), &["--dir", "docs"]);
    let (status, body) = server.json("/api/search?q=%22fin+de");
    assert_eq!(status, 400, "{body}");
    let error = &body["error"];
    assert_eq!(error["kind"], "unclosed_quote", "{body}");
    assert_eq!(error["message"], "unclosed quote");
    assert_eq!(error["hint"], "close the quote opened here");
    assert_eq!(error["span"], serde_json::json!([0, 1]));
    assert_eq!(error["query"], "\"fin de");

    let page = server.get("/?q=%22fin+de");
    assert_eq!(page.status, 400);
    let html = page.text();
    // The query, then a caret under the quote that opened it.
    assert!(
        html.contains("&quot;fin de") || html.contains("\"fin de"),
        "{html}"
    );
    assert!(html.contains('^'), "{html}");
    // The page still carries the search box with the query to fix.
    assert!(html.contains("name=\"q\""), "{html}");
}

#[test]
fn every_endpoint_answers_as_documented() {
    let folder = Folder::with_sample_articles();
    let server = Served::start(folder.root(), &["--dir", "docs"]);

    let (status, health) = server.json("/healthz");
    assert_eq!((status, &health["status"]), (200, &"ok".into()));

    let (status, stats) = server.json("/api/stats");
    assert_eq!(status, 200, "{stats}");
    assert_eq!(stats["documents"], 10, "{stats}");
    assert_eq!(stats["files"], 10, "{stats}");

    let (status, explained) = server.json("/api/explain?q=%22fin+de+las+misiones%22");
    assert_eq!(status, 200, "{explained}");
    let text = explained.to_string();
    assert!(
        text.contains("misiones") || text.contains("mision"),
        "{text}"
    );

    let (_, found) = server.json("/api/search?q=retirada+tropas&limit=1");
    let id = found["hits"][0]["path"]
        .as_str()
        .expect("a hit")
        .to_string();
    let (status, doc) = server.json(&format!("/api/doc/{}?q=retirada", enc(&id)));
    assert_eq!(status, 200, "{doc}");
    assert_eq!(doc["path"], id.as_str());
    let body = doc["text"].as_str().expect("text");
    let marks = doc["highlights"].as_array().expect("highlights");
    assert!(!marks.is_empty(), "{doc}");
    // Highlights are character offsets into the text.
    let chars: Vec<char> = body.chars().collect();
    for m in marks {
        let (a, b) = (
            m[0].as_u64().unwrap() as usize,
            m[1].as_u64().unwrap() as usize,
        );
        let word: String = chars[a..b].iter().collect();
        assert!(word.to_lowercase().starts_with("retir"), "{word}");
    }

    let view = server.get(&format!("/doc/{}?q=retirada", enc(&id)));
    assert_eq!(view.status, 200);
    assert!(view.text().contains("<mark"), "{}", view.text());

    for missing in [
        "/api/doc/no-such-file.txt",
        "/doc/no-such-file.txt",
        "/nowhere",
    ] {
        assert_eq!(server.get(missing).status, 404, "{missing}");
    }
    let (status, body) = server.json("/api/doc/no-such-file.txt");
    assert_eq!((status, &body["error"]["kind"]), (404, &"not_found".into()));
}

#[test]
fn document_strings_are_escaped_and_urls_never_reach_the_file_system() {
    let folder = Folder::new();
    folder.write(
        "ataque.html",
        "<html><head><title>&lt;script&gt;alert(1)&lt;/script&gt; retirada</title></head>\
         <body><p>La retirada &lt;img src=x onerror=alert(2)&gt; de las tropas.</p></body></html>",
    );
    folder.write("nota.txt", "Una nota sobre la retirada de las tropas.\n");
    // A file beside the folder that no URL may reach.
    std::fs::write(folder.root().join("secreto.txt"), "clave secreta").expect("write");
    let server = Served::start(folder.root(), &["--dir", "docs"]);

    let page = server.get("/?q=retirada");
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(!html.contains("<script>alert(1)"), "{html}");
    assert!(!html.contains("<img src=x"), "{html}");
    let csp = page.header("content-security-policy").expect("a CSP");
    assert!(csp.contains("default-src 'none'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");

    let view = server.get("/doc/ataque.html?q=retirada");
    assert_eq!(view.status, 200);
    assert!(!view.text().contains("<img src=x"), "{}", view.text());

    for path in [
        "/api/doc/../../etc/passwd",
        "/api/doc/%2e%2e/%2e%2e/etc/passwd",
        "/api/doc/..%2F..%2Fetc%2Fpasswd",
        "/api/doc/../secreto.txt",
        "/api/doc/%2e%2e%2fsecreto.txt",
        "/api/doc//etc/passwd",
        "/doc/../secreto.txt",
        "/doc/%2e%2e%2fsecreto.txt",
        "/static/../../secreto.txt",
    ] {
        let r = request(server.addr, "GET", path, &[], b"");
        assert!(
            matches!(r.status, 400 | 404),
            "{path}: {} {}",
            r.status,
            r.text()
        );
        assert!(!r.text().contains("clave secreta"), "{path}");
        assert!(!r.text().contains("root:"), "{path}");
    }
}

#[test]
fn limits_are_clear_4xx_answers_and_the_server_goes_on() {
    let folder = Folder::with_sample_articles();
    let server = Served::start(folder.root(), &["--dir", "docs"]);
    let kind = |path: &str| {
        let (status, body) = server.json(path);
        (
            status,
            body["error"]["kind"].as_str().unwrap_or("").to_string(),
        )
    };
    let long = "tropas ".repeat(200);
    assert_eq!(
        kind(&format!("/api/search?q={}", enc(&long))),
        (400, "too_long".into())
    );
    assert_eq!(kind("/api/search?q=tropas&limit=1001").0, 400);
    assert_eq!(kind("/api/search?q=tropas&limit=abc").0, 400);
    assert_eq!(kind("/api/search?q=tropas&offset=-1").0, 400);
    let wild: Vec<String> = (0..20).map(|i| format!("a{i}*")).collect();
    assert_eq!(
        kind(&format!("/api/search?q={}", enc(&wild.join(" ")))),
        (400, "too_many_expansions".into())
    );
    assert_eq!(
        kind("/api/search?q=de+la+y"),
        (400, "only_stop_words".into())
    );

    // Bodies: too large, not JSON, not declared as JSON.
    let big = format!("{{\"q\": \"{}\"}}", "a".repeat(20_000));
    let json = [("Content-Type", "application/json")];
    let r = request(server.addr, "POST", "/api/search", &json, big.as_bytes());
    assert_eq!(r.status, 413, "{}", r.text());
    let r = request(server.addr, "POST", "/api/search", &json, b"{\"q\": ");
    assert!(matches!(r.status, 400 | 422), "{} {}", r.status, r.text());
    assert!(r.json()["error"]["message"].as_str().is_some());
    let r = request(
        server.addr,
        "POST",
        "/api/search",
        &[],
        b"{\"q\": \"tropas\"}",
    );
    assert_eq!(r.status, 415, "{}", r.text());

    // Deep nesting is a query like any other, answered or refused, never a crash.
    let deep = format!("{}tropas{}", "(".repeat(500), ")".repeat(500));
    let (status, _) = server.json(&format!("/api/search?q={}", enc(&deep)));
    assert!(matches!(status, 200 | 400), "{status}");

    // After all that, the server still answers.
    let (status, ok) = server.json("/api/search?q=tropas");
    assert_eq!(status, 200);
    assert!(ok["total"].as_u64().unwrap() > 0);
}

#[test]
fn a_running_server_sees_each_commit_of_lupa_index_in_another_process() {
    let folder = Folder::with_sample_articles();
    folder.lupa(&["index", "docs", "--index", "docs/.lupa"], 0);
    // Without --dir: nothing in the server writes; another process does.
    let server = Served::start(folder.root(), &["--index", "docs/.lupa"]);
    let (_, before) = server.json("/api/search?q=ornitorrinco");
    assert_eq!(before["total"], 0);

    folder.write(
        "nuevo.txt",
        "Un ornitorrinco en Madrid\n\nEl ornitorrinco nada.\n",
    );
    folder.lupa(&["index", "docs", "--index", "docs/.lupa"], 0);
    let seen = eventually(Duration::from_secs(10), || {
        server.json("/api/search?q=ornitorrinco").1["total"] == 1
    });
    assert!(seen.is_some(), "the new commit was not seen");
    // Searches kept working while it changed.
    assert_eq!(server.json("/api/search?q=tropas").0, 200);
    assert_eq!(server.json("/api/stats").1["documents"], 11);
}

#[test]
fn the_watcher_follows_new_changed_removed_and_save_renamed_files() {
    let folder = Folder::with_sample_articles();
    let server = Served::start(folder.root(), &["--dir", "docs"]);
    let total = |q: &str| server.json(&format!("/api/search?q={}", enc(q))).1["total"].clone();
    let wait = |what: &str, check: &dyn Fn() -> bool| {
        assert!(
            eventually(Duration::from_secs(15), check).is_some(),
            "{what}; server said: {}",
            server.stderr()
        );
    };

    folder.write(
        "nuevo.txt",
        "El ornitorrinco\n\nUn ornitorrinco en Madrid.\n",
    );
    wait("a new file", &|| total("ornitorrinco") == 1);

    folder.write("nuevo.txt", "El ñandú\n\nUn ñandú en Sevilla.\n");
    wait("a changed file", &|| {
        total("ñandú") == 1 && total("ornitorrinco") == 0
    });

    // An editor's save: write a temporary file, then rename it over the original.
    let tmp = folder.docs().join(".nuevo.txt.swp");
    std::fs::write(
        &tmp,
        "El quebrantahuesos\n\nUn quebrantahuesos en Huesca.\n",
    )
    .expect("write");
    std::fs::rename(&tmp, folder.docs().join("nuevo.txt")).expect("rename");
    wait("a save-rename", &|| {
        total("quebrantahuesos") == 1 && total("ñandú") == 0
    });

    std::fs::remove_file(folder.docs().join("nuevo.txt")).expect("remove");
    wait("a removed file", &|| total("quebrantahuesos") == 0);

    // A burst of a thousand new files ends in the right index.
    for i in 0..1_000 {
        folder.write(
            &format!("lote/{i:04}.txt"),
            &format!("Lote número {i}\n\nEl archivo de la ráfaga {i}.\n"),
        );
    }
    wait("a burst of 1,000 files", &|| {
        server.json("/api/stats").1["documents"] == 1_010 && total("ráfaga") == 1_000
    });
}

#[test]
fn sigint_lets_a_request_in_flight_finish_and_exits_0() {
    let folder = Folder::with_sample_articles();
    let mut server = Served::start(folder.root(), &["--dir", "docs"]);
    // A request whose body is still arriving when the signal comes.
    let body = b"{\"q\": \"retirada tropas\"}";
    let mut stream = std::net::TcpStream::connect(server.addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    served::write_head(
        &mut stream,
        "POST",
        "/api/search",
        &[("Content-Type", "application/json")],
        body.len(),
    );
    use std::io::Write;
    stream.write_all(&body[..5]).expect("part of the body");
    std::thread::sleep(Duration::from_millis(200));
    server.signal("INT");
    std::thread::sleep(Duration::from_millis(200));
    stream.write_all(&body[5..]).expect("the rest");
    let answer = served::read_response(&mut stream);
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(answer.json()["total"], 5);
    let status = server.wait_exit(Duration::from_secs(10)).expect("exits");
    assert_eq!(status.code(), Some(0), "{}", server.stderr());
}

#[test]
fn serve_dir_follows_symlinks_only_when_asked() {
    let folder = Folder::with_sample_articles();
    let outside = folder.root().join("fuera");
    std::fs::create_dir(&outside).expect("mkdir");
    std::fs::write(outside.join("ajeno.txt"), "Un ornitorrinco ajeno\n").expect("write");
    std::os::unix::fs::symlink(&outside, folder.docs().join("enlace")).expect("symlink");
    {
        let server = Served::start(folder.root(), &["--dir", "docs"]);
        assert_eq!(server.json("/api/search?q=ornitorrinco").1["total"], 0);
    }
    let server = Served::start(
        folder.root(),
        &["--dir", "docs", "--follow", "--follow-outside"],
    );
    let (_, found) = server.json("/api/search?q=ornitorrinco");
    assert_eq!(found["total"], 1, "{found}");
    assert_eq!(found["hits"][0]["path"], "enlace/ajeno.txt");
}
