//! Lupa speaks the user's language: Spanish or English from the locale (as gettext reads
//! it) or `--lang`, in results, errors, help, the manual page and the search page; what
//! programs read (JSON, TREC runs, exit codes) is the same in both.

mod served;

use served::{enc, locale, request, Folder, Served};
use std::process::Output;

/// `lupa ARGS` in the folder, with the locale variables `env` and nothing else that
/// chooses a language.
fn run(folder: &Folder, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut c = served::lupa(folder.root());
    locale(&mut c, "");
    c.env_remove("LANG");
    for (k, v) in env {
        c.env(k, v);
    }
    c.args(args).output().expect("lupa")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn indexed() -> Folder {
    let folder = Folder::with_sample_articles();
    folder.lupa(&["index", "docs"], 0);
    folder
}

const ES: &[(&str, &str)] = &[("LANG", "es_ES.UTF-8")];
const C: &[(&str, &str)] = &[("LANG", "C")];

#[test]
fn no_results_in_spanish_and_english_with_the_same_exit_code() {
    let folder = indexed();
    let es = run(&folder, ES, &["search", "zzzz"]);
    let en = run(&folder, C, &["search", "zzzz"]);
    assert_eq!(text(&es.stdout), "Ningún resultado para zzzz\n");
    assert_eq!(text(&en.stdout), "No results for zzzz\n");
    assert_eq!(es.status.code(), Some(1));
    assert_eq!(en.status.code(), Some(1));
    // Nothing set is C: English, as every gettext program on the system.
    let none = run(&folder, &[], &["search", "zzzz"]);
    assert_eq!(text(&none.stdout), "No results for zzzz\n");
}

#[test]
fn results_and_summaries_speak_the_locale() {
    let folder = indexed();
    let es = text(&run(&folder, ES, &["search", "retirada tropas", "-n", "2"]).stdout);
    assert!(es.contains("1–2 de 5 resultados"), "{es}");
    assert!(es.contains("puntuación "), "{es}");
    let en = text(&run(&folder, C, &["search", "retirada tropas", "-n", "2"]).stdout);
    assert!(en.contains("1–2 of 5 results"), "{en}");
    // A misspelt word: the suggestion in the user's language, not a Spanish line in an
    // English answer.
    let es = text(&run(&folder, ES, &["search", "coalicoin"]).stdout);
    assert!(es.contains("¿Quisiste decir: coalición?"), "{es}");
    let en = text(&run(&folder, C, &["search", "coalicoin"]).stdout);
    assert!(en.contains("Did you mean: coalición?"), "{en}");
    folder.write("nueva.txt", "Una nota nueva\n\nSobre la retirada.");
    let out = run(&folder, ES, &["index", "docs"]);
    let summary = text(&out.stderr);
    assert!(summary.contains("1 añadidos, 0 actualizados"), "{summary}");
    let explain = text(&run(&folder, ES, &["explain", "\"fin de las misiones\""]).stdout);
    assert!(explain.contains("frase "), "{explain}");
    assert!(explain.contains("(palabra vacía)"), "{explain}");
    assert!(explain.contains("1 documento coincide"), "{explain}");
    let stats = text(&run(&folder, ES, &["stats"]).stdout);
    assert!(
        stats
            .lines()
            .any(|l| l.starts_with("documentos ") && l.ends_with(" 11")),
        "{stats}"
    );
}

#[test]
fn machine_output_is_the_same_in_both_languages() {
    let folder = indexed();
    for args in [
        &["search", "--json", "retirada tropas"][..],
        &["search", "--json", "zzzz"],
        &["search", "--json", "coalicoin"],
        &["explain", "--json", "\"fin de las misiones\" OR retir*"],
        &["analyze", "--json", "La retirada de las tropas"],
    ] {
        let es = run(&folder, ES, args);
        let en = run(&folder, C, args);
        assert_eq!(es.stdout, en.stdout, "{args:?}");
        assert!(!es.stdout.is_empty(), "{args:?}");
        assert_eq!(es.status.code(), en.status.code(), "{args:?}");
    }
    std::fs::write(
        folder.root().join("preguntas.tsv"),
        "1\tretirada de las tropas\n2\tDaesh\n",
    )
    .expect("write");
    let trec = ["search", "--queries", "preguntas.tsv"];
    let es = run(&folder, ES, &trec);
    let en = run(&folder, C, &trec);
    assert_eq!(es.stdout, en.stdout);
    assert!(
        text(&es.stdout).starts_with("1 Q0 "),
        "{}",
        text(&es.stdout)
    );
}

#[test]
fn errors_speak_the_locale_and_keep_their_exit_code() {
    let folder = Folder::new();
    let es = run(&folder, ES, &["search", "--index", "nada", "Irak"]);
    let en = run(&folder, C, &["search", "--index", "nada", "Irak"]);
    assert!(
        text(&es.stderr).starts_with("lupa: no hay ningún índice en nada"),
        "{}",
        text(&es.stderr)
    );
    assert!(text(&en.stderr).starts_with("lupa: no index at nada"));
    assert_eq!(es.status.code(), Some(2));
    assert_eq!(en.status.code(), Some(2));
    // A query with a typo: message, carets and hint.
    let folder = indexed();
    let es = text(&run(&folder, ES, &["search", "Irak AND"]).stderr);
    assert!(es.contains("a `AND` le falta la palabra"), "{es}");
    assert!(es.contains("       ^^^"), "{es}");
    assert!(es.contains("pista: "), "{es}");
    // A mistyped option: clap's error, in Spanish, with the similar option.
    let es = run(&folder, ES, &["search", "--limite", "3", "Irak"]);
    let err = text(&es.stderr);
    assert!(err.contains("argumento inesperado `--limite`"), "{err}");
    assert!(err.contains("Uso: lupa search"), "{err}");
    let en = run(&folder, C, &["search", "--limite", "3", "Irak"]);
    assert!(text(&en.stderr).contains("unexpected argument `--limite`"));
    assert_eq!(es.status.code(), Some(2));
    assert_eq!(en.status.code(), Some(2));
    let bad = run(&folder, ES, &["search", "--sort", "alfabetico", "Irak"]);
    assert!(
        text(&bad.stderr).contains("se esperaba score, date"),
        "{}",
        text(&bad.stderr)
    );
}

#[test]
fn the_language_is_chosen_as_gettext_chooses_it() {
    let folder = indexed();
    let said = |env: &[(&str, &str)], extra: &[&str]| {
        let mut args = extra.to_vec();
        args.extend(["search", "zzzz"]);
        text(&run(&folder, env, &args).stdout)
    };
    let es = "Ningún resultado para zzzz\n";
    let en = "No results for zzzz\n";
    assert_eq!(said(&[("LC_ALL", "es_MX.UTF-8"), ("LANG", "C")], &[]), es);
    assert_eq!(said(&[("LC_ALL", "C"), ("LANG", "es_ES.UTF-8")], &[]), en);
    assert_eq!(
        said(&[("LC_MESSAGES", "es_AR"), ("LANG", "en_US")], &[]),
        es
    );
    assert_eq!(
        said(&[("LANGUAGE", "es:en"), ("LANG", "en_US.UTF-8")], &[]),
        es
    );
    // `--lang` and `LUPA_LANG` force it.
    assert_eq!(said(ES, &["--lang", "en"]), en);
    assert_eq!(said(C, &["--lang=es"]), es);
    assert_eq!(said(&[("LUPA_LANG", "es"), ("LANG", "C")], &[]), es);
    let bad = run(&folder, C, &["--lang", "fr", "search", "zzzz"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad.stderr).contains("expected es or en"));
}

#[test]
fn help_man_page_and_completions_speak_the_locale() {
    let folder = Folder::new();
    let es = text(&run(&folder, ES, &["search", "--help"]).stdout);
    for words in [
        "Uso: lupa search",
        "Argumentos:",
        "Opciones:",
        "Cuántos resultados mostrar",
        "[por omisión: 10]",
        "Muestra la ayuda",
        "--index <RUTA>",
    ] {
        assert!(es.contains(words), "{words}: {es}");
    }
    let en = text(&run(&folder, C, &["search", "--help"]).stdout);
    for words in [
        "Usage: lupa search",
        "Options:",
        "How many results to print",
        "[default: 10]",
    ] {
        assert!(en.contains(words), "{words}: {en}");
    }
    let top = text(&run(&folder, ES, &["--help"]).stdout);
    assert!(top.contains("Órdenes:"), "{top}");
    assert!(top.contains("Crea el índice de una carpeta"), "{top}");
    let man = text(&run(&folder, ES, &["man"]).stdout);
    assert!(man.contains(".SH \"NOMBRE\""), "{man}");
    assert!(man.contains("Búsqueda de texto completo"), "{man}");
    let fish = text(&run(&folder, ES, &["completions", "fish"]).stdout);
    assert!(fish.contains("Busca en el índice"), "{fish}");
    let help = text(&run(&folder, ES, &["help", "index"]).stdout);
    assert!(
        help.contains("La carpeta de artículos que se indexa"),
        "{help}"
    );
}

#[test]
fn the_page_follows_the_browser_and_the_address() {
    let folder = indexed();
    // The server's own language is English.
    let server = Served::start(folder.root(), &["--lang", "en"]);
    let q = enc("retirada tropas");
    let get = |path: &str, accept: Option<&str>| {
        let headers: Vec<(&str, &str)> =
            accept.map(|a| ("Accept-Language", a)).into_iter().collect();
        request(server.addr, "GET", path, &headers, b"").text()
    };
    let plain = get(&format!("/?q={q}"), None);
    assert!(plain.contains("<html lang=\"en\">"), "{plain}");
    assert!(plain.contains("1–5 of 5 results"), "{plain}");
    let spanish = get(&format!("/?q={q}"), Some("es-ES,es;q=0.9,en;q=0.5"));
    assert!(spanish.contains("<html lang=\"es\">"), "{spanish}");
    assert!(spanish.contains("1–5 de 5 resultados"), "{spanish}");
    // `?lang=` wins over the browser, and the page's links keep it.
    let pinned = get(&format!("/?q={q}&lang=es"), Some("en-GB"));
    assert!(pinned.contains("1–5 de 5 resultados"), "{pinned}");
    assert!(pinned.contains("&amp;lang=es\""), "{pinned}");
    assert!(pinned.contains("name=\"lang\" value=\"es\""), "{pinned}");
    let error = get(&format!("/?q={}", enc("\"fin de")), Some("es"));
    assert!(error.contains("Unas comillas no se cierran."), "{error}");
    let error = get(&format!("/?q={}", enc("\"fin de")), Some("en"));
    assert!(error.contains("Unclosed quote."), "{error}");
    let missing = get("/doc/no-existe.txt", Some("en"));
    assert!(missing.contains("There is no document"), "{missing}");
    // The API answers the same bytes whatever the browser asks.
    let api = |accept: &str| {
        request(
            server.addr,
            "GET",
            &format!("/api/search?q={q}"),
            &[("Accept-Language", accept)],
            b"",
        )
        .text()
    };
    assert_eq!(api("es"), api("en"));
    assert!(api("es").contains("\"hits\""));
}
