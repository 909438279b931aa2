//! Faults and hostile input: kills mid-run, a second writer, damaged files, odd
//! folders and queries. Every test runs the real binary.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn lupa(cwd: &Path, index: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_lupa"));
    c.args(args)
        .current_dir(cwd)
        .env("LUPA_INDEX", index)
        // English, whatever the caller's locale.
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANGUAGE")
        .env_remove("LUPA_LANG")
        .env("LANG", "C.UTF-8")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
    c
}

fn run(cwd: &Path, index: &Path, args: &[&str]) -> Output {
    lupa(cwd, index, args).output().expect("run lupa")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const WORDS: &[&str] = &[
    "gobierno",
    "retirada",
    "tropas",
    "coalición",
    "Irak",
    "asesoría",
    "misiones",
    "combate",
    "año",
    "peña",
    "acción",
    "información",
    "Estados",
    "Unidos",
    "frontera",
    "ministro",
];

/// Writes `n` small articles whose words vary with their number.
fn articles(dir: &Path, n: usize) {
    std::fs::create_dir_all(dir).expect("mkdir");
    for i in 0..n {
        let mut text = format!("Artículo {i}\n\n");
        for j in 0..60 {
            text.push_str(WORDS[(i * 7 + j * 3 + j / 5) % WORDS.len()]);
            text.push(if j % 9 == 8 { '.' } else { ' ' });
        }
        let sub = dir.join(format!("s{}", i % 10));
        std::fs::create_dir_all(&sub).expect("mkdir");
        std::fs::write(sub.join(format!("{i:05}.txt")), text).expect("write");
    }
}

/// Every hit of a few queries: (query, total, sorted ids).
fn answers(cwd: &Path, index: &Path) -> Vec<(String, u64, BTreeSet<String>)> {
    [
        "retirada",
        "\"Estados Unidos\"",
        "peña OR acción",
        "asesoria AND NOT Irak",
        "minist*",
    ]
    .iter()
    .map(|q| {
        let out = run(cwd, index, &["search", "--json", "--limit", "100000", q]);
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{q}: {}",
            stderr(&out)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        let ids = v["hits"]
            .as_array()
            .expect("hits")
            .iter()
            .map(|h| h["path"].as_str().expect("path").to_string())
            .collect();
        (q.to_string(), v["total"].as_u64().expect("total"), ids)
    })
    .collect()
}

fn wait_with_timeout(child: &mut Child, limit: Duration) -> Option<std::process::ExitStatus> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if let Some(status) = child.try_wait().expect("wait") {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    None
}

#[cfg(unix)]
#[test]
fn sigkill_mid_run_loses_nothing_committed() {
    let tmp = tempfile::tempdir().expect("tmp");
    let docs = tmp.path().join("docs");
    articles(&docs, 3000);
    let reference = tmp.path().join("ref");
    let out = run(tmp.path(), &reference, &["index", "docs"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let expected = answers(tmp.path(), &reference);

    let index = tmp.path().join("idx");
    let mut kills = 0;
    for delay_ms in [30u64, 120, 300, 600, 1000] {
        let mut child = lupa(
            tmp.path(),
            &index,
            &["index", "docs", "--commit-every", "250"],
        )
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
        if wait_with_timeout(&mut child, Duration::from_millis(delay_ms)).is_none() {
            child.kill().expect("SIGKILL");
            child.wait().expect("reap");
            kills += 1;
        }
        // After each kill the index opens and answers from its last commit.
        if index.join("meta.json").exists() {
            for q in ["retirada", "\"Estados Unidos\""] {
                let out = run(tmp.path(), &index, &["search", q]);
                assert!(
                    matches!(out.status.code(), Some(0 | 1)),
                    "after kill: {}",
                    stderr(&out)
                );
            }
        }
    }
    assert!(
        kills > 0,
        "no run was interrupted; the machine is too fast for this test"
    );
    let out = run(tmp.path(), &index, &["index", "docs"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(answers(tmp.path(), &index), expected);
}

#[test]
fn second_writer_is_refused_and_searches_work_meanwhile() {
    let tmp = tempfile::tempdir().expect("tmp");
    let docs = tmp.path().join("docs");
    articles(&docs, 4000);
    let index = tmp.path().join("idx");
    // A first small build so searches have something to read.
    let small = tmp.path().join("small");
    articles(&small, 20);
    assert_eq!(
        run(tmp.path(), &index, &["index", "small"]).status.code(),
        Some(0)
    );

    let mut first = lupa(tmp.path(), &index, &["index", "docs"])
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    std::thread::sleep(Duration::from_millis(150));
    let second = run(tmp.path(), &index, &["index", "docs"]);
    let search_a = lupa(tmp.path(), &index, &["search", "retirada"]).output();
    let search_b = lupa(tmp.path(), &index, &["search", "tropas"]).output();
    let still_running = first.try_wait().expect("try_wait").is_none();
    let status = first.wait().expect("wait");
    assert!(status.success());
    if still_running {
        assert_eq!(second.status.code(), Some(2));
        let err = stderr(&second);
        assert!(err.contains("locked by another writer"), "{err}");
        assert!(err.contains(".tantivy-writer.lock"), "{err}");
    }
    for s in [search_a, search_b] {
        let s = s.expect("search");
        assert!(matches!(s.status.code(), Some(0 | 1)), "{}", stderr(&s));
    }
}

fn segment_files(index: &Path, ext: &str) -> Vec<PathBuf> {
    std::fs::read_dir(index)
        .expect("read index")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect()
}

#[test]
fn damaged_files_give_a_clear_error() {
    for (what, damage) in [
        ("meta", 0usize),
        ("postings", 1),
        ("store", 2),
        ("terms", 3),
    ] {
        let tmp = tempfile::tempdir().expect("tmp");
        articles(&tmp.path().join("docs"), 50);
        let index = tmp.path().join("idx");
        assert_eq!(
            run(tmp.path(), &index, &["index", "docs"]).status.code(),
            Some(0)
        );
        let target = match damage {
            0 => index.join("meta.json"),
            1 => segment_files(&index, "idx").remove(0),
            2 => segment_files(&index, "store").remove(0),
            _ => segment_files(&index, "term").remove(0),
        };
        let mut bytes = std::fs::read(&target).expect("read");
        let len = bytes.len();
        for b in bytes.iter_mut().take(len.min(64)) {
            *b = b.wrapping_add(0x5a);
        }
        std::fs::write(&target, bytes).expect("write");
        for args in [
            &["search", "retirada"][..],
            &["stats"][..],
            &["index", "docs"][..],
        ] {
            let out = run(tmp.path(), &index, args);
            let err = stderr(&out);
            assert!(
                matches!(out.status.code(), Some(0..=2)),
                "{what} {args:?}: {err}"
            );
            assert!(!err.contains("internal error"), "{what} {args:?}: {err}");
            if out.status.code() == Some(2) {
                assert!(
                    err.contains("idx"),
                    "{what} {args:?} names the index: {err}"
                );
                assert!(
                    err.contains("--rebuild"),
                    "{what} {args:?} says how to rebuild: {err}"
                );
            }
        }
        let out = run(tmp.path(), &index, &["index", "--rebuild", "docs"]);
        assert_eq!(out.status.code(), Some(0), "{what}: {}", stderr(&out));
        assert_eq!(
            run(tmp.path(), &index, &["search", "retirada"])
                .status
                .code(),
            Some(0)
        );
    }
}

#[test]
fn hostile_queries_exit_0_1_or_2() {
    let tmp = tempfile::tempdir().expect("tmp");
    articles(&tmp.path().join("docs"), 20);
    let index = tmp.path().join("idx");
    assert_eq!(
        run(tmp.path(), &index, &["index", "docs"]).status.code(),
        Some(0)
    );
    let deep = "(".repeat(5000) + "irak" + &")".repeat(5000);
    let open = "(".repeat(5000);
    // A 1 MB query cannot be an argument (the kernel caps one at 128 KiB): it goes
    // through standard input.
    let huge = "retirada (tropas OR \"fin de\") ".repeat(40_000);
    assert!(huge.len() > 1_000_000);
    let mut child = lupa(tmp.path(), &index, &["search", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    std::io::Write::write_all(&mut child.stdin.take().expect("stdin"), huge.as_bytes())
        .expect("write query");
    let out = child.wait_with_output().expect("wait");
    assert!(matches!(out.status.code(), Some(0..=2)), "{}", stderr(&out));
    assert!(!stderr(&out).contains("internal error"), "{}", stderr(&out));
    let queries = [
        deep.as_str(),
        open.as_str(),
        "\"",
        "\\",
        "*",
        "~",
        "title:",
        "AND",
        "NOT",
        "-",
        "+",
        "a~9",
        "\"unclosed phrase",
        "\u{1}\u{2}",
        "¿¡«»",
        "irak~",
        "*retir*",
        "title:(irak OR",
    ];
    for q in queries {
        let out = run(tmp.path(), &index, &["search", q]);
        let short: String = q.chars().take(30).collect();
        assert!(
            matches!(out.status.code(), Some(0..=2)),
            "{short}: {}",
            stderr(&out)
        );
        assert!(
            !stderr(&out).contains("internal error"),
            "{short}: {}",
            stderr(&out)
        );
    }
}

#[cfg(unix)]
#[test]
fn hostile_folder_completes_with_reasons() {
    use std::os::unix::ffi::OsStrExt;
    let tmp = tempfile::tempdir().expect("tmp");
    let docs = tmp.path().join("docs");
    articles(&docs, 10);
    std::fs::write(docs.join("binario.txt"), [0u8, 1, 2, 3, 0, 255, 254, 0]).expect("write");
    std::fs::write(docs.join("vacio.txt"), b"").expect("write");
    std::fs::write(docs.join("latin1.txt"), b"El a\xf1o de la acci\xf3n\n").expect("write");
    let odd = std::ffi::OsStr::from_bytes(b"nombre-\xff\xfe.txt");
    std::fs::write(docs.join(odd), "Un nombre raro\n\nTexto del fichero.").expect("write");
    std::os::unix::fs::symlink(&docs, docs.join("bucle")).expect("symlink");
    let big = docs.join("grande.txt");
    let f = std::fs::File::create(&big).expect("create");
    f.set_len(200 * 1024 * 1024).expect("set_len");
    let index = tmp.path().join("idx");
    let out = run(tmp.path(), &index, &["index", "--verbose", "docs"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    for name in ["binario.txt", "vacio.txt", "grande.txt"] {
        let line = err
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} not reported: {err}"));
        assert!(line.len() > name.len() + 10, "no reason given: {line}");
    }
    let out = run(tmp.path(), &index, &["search", "año"]);
    assert_eq!(out.status.code(), Some(0), "latin1 file: {}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("latin1.txt"));
}
