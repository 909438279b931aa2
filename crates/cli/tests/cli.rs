//! Runs the real `lupa` binary on temporary folders and checks what a user sees.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A temporary working folder with an article folder inside it.
struct Dir {
    tmp: tempfile::TempDir,
}

impl Dir {
    fn new() -> Dir {
        let d = Dir {
            tmp: tempfile::tempdir().expect("tempdir"),
        };
        std::fs::create_dir(d.docs()).expect("mkdir");
        d
    }

    fn with_articles() -> Dir {
        let d = Dir::new();
        d.write("irak.txt", "Irak anuncia la retirada de las tropas\n\nLas autoridades de Irak anunciaron el fin de las misiones de combate de la coalición contra el Daesh. Continuará la asesoría.");
        d.write("eeuu.txt", "Estados Unidos y la coalición\n\nEE.UU. mantendrá asesores en el país. El año pasado hubo conversaciones.");
        d.write(
            "otra.txt",
            "Una noticia de deportes\n\nEl equipo ganó el partido del domingo.",
        );
        d
    }

    fn root(&self) -> &Path {
        self.tmp.path()
    }

    fn docs(&self) -> PathBuf {
        self.root().join("articulos")
    }

    fn write(&self, name: &str, text: &str) {
        std::fs::write(self.docs().join(name), text).expect("write");
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_lupa"));
        c.args(args)
            .current_dir(self.root())
            .env_remove("LUPA_INDEX")
            // English, whatever the caller's locale.
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANGUAGE")
            .env_remove("LUPA_LANG")
            .env("LANG", "C.UTF-8")
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .stdin(Stdio::null());
        c
    }

    fn run(&self, args: &[&str]) -> Output {
        self.cmd(args).output().expect("run lupa")
    }

    fn index(&self) {
        let out = self.run(&["index", "articulos"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn index_then_search_with_no_flags() {
    let d = Dir::with_articles();
    let out = d.run(&["index", "articulos"]);
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert!(
        err.contains("3 added, 0 updated, 0 removed, 0 unchanged, 0 skipped"),
        "{err}"
    );
    let out = d.run(&["search", "retirar"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("irak.txt"), "{text}");
    assert!(
        text.contains("Irak anuncia la retirada de las tropas"),
        "{text}"
    );
    assert!(!text.contains("otra.txt"), "{text}");
}

#[test]
fn second_index_run_reports_unchanged_then_changes() {
    let d = Dir::with_articles();
    d.index();
    let out = d.run(&["index", "articulos"]);
    assert!(
        stderr(&out).contains("0 added, 0 updated, 0 removed, 3 unchanged"),
        "{}",
        stderr(&out)
    );
    std::fs::remove_file(d.docs().join("otra.txt")).expect("rm");
    d.write("nueva.txt", "Nueva noticia\n\nEl pingüino del zoológico.");
    let out = d.run(&["index", "articulos"]);
    assert!(
        stderr(&out).contains("1 added, 0 updated, 1 removed, 2 unchanged"),
        "{}",
        stderr(&out)
    );
    assert_eq!(d.run(&["search", "partido"]).status.code(), Some(1));
    assert_eq!(d.run(&["search", "pinguino"]).status.code(), Some(0));
}

#[test]
fn no_hits_exits_1() {
    let d = Dir::with_articles();
    d.index();
    let out = d.run(&["search", "submarino"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn missing_index_says_how_to_create_it() {
    let d = Dir::new();
    let out = d.run(&["search", "irak"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("no index at") && err.contains("lupa index"),
        "{err}"
    );
}

#[test]
fn only_stop_words_is_a_clear_error() {
    let d = Dir::with_articles();
    d.index();
    let out = d.run(&["search", "de la"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("only stop words"), "{}", stderr(&out));
}

#[test]
fn json_output_follows_the_schema() {
    let d = Dir::with_articles();
    d.index();
    let out = d.run(&["search", "--json", "misión"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["query"], "misión");
    assert_eq!(v["total"], 1);
    let hit = &v["hits"][0];
    assert_eq!(hit["path"], "irak.txt");
    assert_eq!(hit["title"], "Irak anuncia la retirada de las tropas");
    assert!(hit["score"].as_f64().is_some_and(|s| s > 0.0));
    let snippet = hit["snippet"].as_str().expect("snippet");
    let [start, end] = [0, 1].map(|i| hit["highlights"][0][i].as_u64().expect("offset") as usize);
    let marked: String = snippet.chars().skip(start).take(end - start).collect();
    assert_eq!(marked, "misiones");
}

#[test]
fn batch_mode_prints_trec_lines_and_survives_bad_queries() {
    let d = Dir::with_articles();
    d.index();
    let topics = d.root().join("topics.tsv");
    std::fs::write(
        &topics,
        "q1\tretirada tropas\nq2\t(Irak AND\nq3\tequipo partido\n",
    )
    .expect("write");
    let out = d.run(&["search", "--queries", topics.to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let first: Vec<&str> = text.lines().next().expect("a line").split(' ').collect();
    assert_eq!(first[..4], ["q1", "Q0", "irak.txt", "1"]);
    assert_eq!(first[5], "lupa");
    assert!(
        text.lines().any(|l| l.starts_with("q3 Q0 otra.txt 1 ")),
        "{text}"
    );
    assert!(!text.contains("q2 "), "{text}");
    assert!(stderr(&out).contains("q2"), "{}", stderr(&out));
}

#[test]
fn batch_on_several_threads_prints_what_one_thread_prints() {
    let d = Dir::with_articles();
    d.index();
    let topics = d.root().join("topics.tsv");
    let lines: String = (0..40)
        .map(|n| {
            let query = [
                "retirada tropas",
                "(Irak AND",
                "equipo partido",
                "coalición",
            ][n % 4];
            format!("q{n}\t{query}\n")
        })
        .collect();
    std::fs::write(&topics, lines).expect("write");
    let run = |threads: &str| {
        let out = d.run(&[
            "search",
            "--queries",
            topics.to_str().expect("utf8"),
            "--threads",
            threads,
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        (stdout(&out), stderr(&out))
    };
    let (one, one_errors) = run("1");
    assert!(one.lines().count() >= 30, "{one}");
    assert_eq!(one_errors.matches("query q").count(), 10, "{one_errors}");
    assert_eq!(run("2"), (one.clone(), one_errors.clone()));
    assert_eq!(run("0"), (one, one_errors));
}

#[test]
fn dir_flag_syncs_then_searches() {
    let d = Dir::with_articles();
    let out = d.run(&["search", "--dir", "articulos", "coalición"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(d.docs().join(".lupa").join("meta.json").is_file());
    d.write("nueva.txt", "Otra coalición\n\nUna coalición nueva.");
    let out = d.run(&["search", "--dir", "articulos", "--json", "coalición"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["total"], 3);
}

#[test]
fn index_flag_and_env_override_the_default() {
    let d = Dir::with_articles();
    let elsewhere = d.root().join("idx");
    let out = d.run(&[
        "index",
        "articulos",
        "--index",
        elsewhere.to_str().expect("utf8"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!d.root().join(".lupa").exists());
    let out = d
        .cmd(&["search", "irak"])
        .env("LUPA_INDEX", &elsewhere)
        // English, whatever the caller's locale.
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANGUAGE")
        .env_remove("LUPA_LANG")
        .env("LANG", "C.UTF-8")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let d = Dir::with_articles();
    d.index();
    let piped = d.run(&["search", "retirada"]);
    assert!(!stdout(&piped).contains('\x1b'));
    let forced = d.run(&["search", "--color", "always", "retirada"]);
    assert!(stdout(&forced).contains("\x1b["));
    let no_color = d
        .cmd(&["search", "retirada"])
        .env("NO_COLOR", "1")
        .env("CLICOLOR_FORCE", "1")
        .output()
        .expect("run");
    assert!(!stdout(&no_color).contains('\x1b'));
}

#[test]
fn broken_pipe_exits_quietly() {
    let d = Dir::new();
    for i in 0..300 {
        d.write(
            &format!("{i:03}.txt"),
            &format!("Noticia {i}\n\nIrak y la coalición, número {i}."),
        );
    }
    d.index();
    let mut child = d
        .cmd(&["search", "--limit", "300", "irak"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut first = [0u8; 16];
    child
        .stdout
        .take()
        .expect("stdout")
        .read_exact(&mut first)
        .expect("read");
    // stdout is closed now.
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
}

#[test]
fn verbose_index_lists_skipped_files() {
    let d = Dir::with_articles();
    std::fs::write(d.docs().join("roto.txt"), [0u8, 159, 146, 150, 0, 1, 2]).expect("write");
    let out = d.run(&["index", "--verbose", "articulos"]);
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert!(err.contains("roto.txt"), "{err}");
    assert!(err.contains("1 skipped"), "{err}");
}

#[test]
fn analyze_prints_a_token_table() {
    let d = Dir::new();
    let out = d.run(&["analyze", "¿Dónde están las tropas?"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.contains("position") && text.contains("indexed"),
        "{text}"
    );
    assert!(text.contains("Dónde") && text.contains("tropas"), "{text}");
    assert!(!text.contains('¿'), "{text}");
}

#[test]
fn explain_shows_analyzed_terms() {
    let d = Dir::with_articles();
    d.index();
    let out = d.run(&["explain", "\"fin de las misiones\""]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("phrase"), "{text}");
    assert!(text.contains("(stop word)"), "{text}");
    assert!(text.contains("1 matching document\n"), "{text}");
}

#[test]
fn stats_shows_counts_and_folder() {
    let d = Dir::with_articles();
    d.index();
    let out = d.run(&["stats"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.contains("documents    3"), "{text}");
    assert!(text.contains("articulos"), "{text}");
}

#[test]
fn completions_and_man_page() {
    let d = Dir::new();
    let out = d.run(&["completions", "bash"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("_lupa"));
    let out = d.run(&["man"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains(".TH lupa"));
}

#[test]
fn query_error_points_at_the_problem() {
    let d = Dir::with_articles();
    d.index();
    let out = d.run(&["search", "(Irak AND"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("(Irak AND"), "{err}");
    assert!(
        err.lines().any(|l| l.trim_start().starts_with('^')),
        "{err}"
    );
}

#[test]
fn did_you_mean_on_terminal_and_in_json() {
    let d = Dir::with_articles();
    d.index();
    let out = d.run(&["search", "coalicoin"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("Did you mean: coalición?"),
        "{}",
        stdout(&out)
    );
    let out = d.run(&["search", "--json", "coalicoin"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["suggestion"], "coalición");
    let out = d.run(&["search", "--json", "coalición"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(v["suggestion"].is_null());
}

#[test]
fn no_related_searches_without_the_thesaurus() {
    let d = Dir::new();
    d.write(
        "edificada.txt",
        "La catedral\n\nLa catedral fue edificada en el siglo doce por los monjes.",
    );
    d.write(
        "torre.txt",
        "La catedral\n\nLa catedral tiene una torre alta de piedra y dos campanas.",
    );
    d.write("puente.txt", "El puente\n\nEl puente romano cruza el río.");
    d.index();
    let question = "¿Cuándo se construyó la catedral?";
    let scores = |extra: &[&str]| -> Vec<(String, f64)> {
        let mut args = vec!["search", "--json"];
        args.extend_from_slice(extra);
        args.push(question);
        let out = d.run(&args);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        v["hits"]
            .as_array()
            .expect("hits")
            .iter()
            .map(|h| {
                (
                    h["path"].as_str().expect("path").to_string(),
                    h["score"].as_f64().expect("score"),
                )
            })
            .collect()
    };
    // `edificar` is related to `construir`: the paragraph that says it otherwise wins.
    let with = scores(&[]);
    assert_eq!(with[0].0, "edificada.txt", "{with:?}");
    assert!(with[0].1 > with[1].1, "{with:?}");
    // Without related words both paragraphs hold only `catedral`, alike.
    let without = scores(&["--no-related"]);
    assert_eq!(without.len(), 2, "{without:?}");
    assert_eq!(without[0].1, without[1].1, "{without:?}");
    let out = d.run(&["explain", question]);
    assert!(stdout(&out).contains("edific"), "{}", stdout(&out));
    let out = d.run(&["explain", "--no-related", question]);
    assert!(!stdout(&out).contains("edific"), "{}", stdout(&out));
}

#[test]
fn synonyms_file_flag_and_explain_shows_expansion() {
    let d = Dir::with_articles();
    d.index();
    let out = d.run(&["search", "--json", "Iraq"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["hits"][0]["path"], "irak.txt");
    let out = d.run(&["search", "--no-synonyms", "Iraq"]);
    assert_eq!(out.status.code(), Some(1));
    let list = d.root().join("sinonimos.txt");
    std::fs::write(&list, "balompié, partido\n").expect("write");
    let out = d.run(&[
        "search",
        "--synonyms",
        list.to_str().expect("utf8"),
        "balompié",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("otra.txt"));
    let out = d.run(&["explain", "Iraq"]);
    assert!(
        stdout(&out).contains("synonyms Iraq → Irak | Iraq"),
        "{}",
        stdout(&out)
    );
    std::fs::write(&list, "solo una\n").expect("write");
    let out = d.run(&["search", "--synonyms", list.to_str().expect("utf8"), "x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("sinonimos.txt:1:"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn offset_pages_through_the_ranking() {
    let d = Dir::with_articles();
    d.index();
    let json = |args: &[&str]| -> serde_json::Value {
        let out = d.run(args);
        serde_json::from_slice(&out.stdout).expect("json")
    };
    let all = json(&["search", "--json", "coalición OR partido"]);
    let page2 = json(&[
        "search",
        "--json",
        "--limit",
        "1",
        "--offset",
        "1",
        "coalición OR partido",
    ]);
    assert_eq!(all["total"], page2["total"]);
    assert_eq!(page2["hits"].as_array().expect("hits").len(), 1);
    assert_eq!(page2["hits"][0]["path"], all["hits"][1]["path"]);
    let text = stdout(&d.run(&[
        "search",
        "--limit",
        "1",
        "--offset",
        "1",
        "coalición OR partido",
    ]));
    assert!(text.starts_with(" 2. "), "{text}");
}

#[test]
fn batch_mode_json_lines_carry_the_qid() {
    let d = Dir::with_articles();
    d.index();
    let topics = d.root().join("topics.tsv");
    std::fs::write(&topics, "a\tretirada\n# a comment\n\nb\tequipo\n").expect("write");
    let out = d.run(&[
        "search",
        "--queries",
        topics.to_str().expect("utf8"),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["qid"], "a");
    assert_eq!(lines[0]["hits"][0]["path"], "irak.txt");
    assert!(!lines[0]["hits"][0]["snippet"]
        .as_str()
        .expect("snippet")
        .is_empty());
    assert_eq!(lines[1]["qid"], "b");
    assert_eq!(lines[1]["hits"][0]["path"], "otra.txt");
}
