//! Lupa never touches what is not its own: folders it did not create, files reached
//! through symbolic links, and what a full disk or a killed rebuild leaves behind. Every
//! test runs the real binary.

use std::path::Path;
use std::process::{Command, Output, Stdio};

fn lupa(cwd: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_lupa"));
    c.args(args)
        .current_dir(cwd)
        .env_remove("LUPA_INDEX")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
    c
}

fn run(cwd: &Path, args: &[&str]) -> Output {
    lupa(cwd, args).output().expect("run lupa")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// The ids of every hit of `query` in the index at `index`.
fn hit_ids(cwd: &Path, index: &Path, query: &str) -> Vec<String> {
    let index = index.to_str().expect("utf-8 path");
    let out = run(
        cwd,
        &["search", "--index", index, "--json", "-n", "1000", query],
    );
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{query}: {}",
        stderr(&out)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let mut ids: Vec<String> = v["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| h["path"].as_str().expect("path").to_string())
        .collect();
    ids.sort();
    ids
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_folder_are_followed_only_when_asked() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    write(
        &root.join("docs/irak.txt"),
        "Retirada de Irak\n\nLas tropas se retiran.",
    );
    write(
        &root.join("fuera/secreto.txt"),
        "Diario\n\nUn texto privado sobre la peña.",
    );
    write(
        &root.join("fuera/carpeta/nota.txt"),
        "Nota\n\nOtro texto privado sobre la peña.",
    );
    symlink(
        root.join("fuera/secreto.txt"),
        root.join("docs/secreto.txt"),
    )
    .expect("link");
    symlink(root.join("fuera/carpeta"), root.join("docs/carpeta")).expect("link");
    symlink(root.join("docs"), root.join("docs/bucle")).expect("link");
    let index = root.join("idx");
    let idx = index.to_str().expect("utf-8");

    // By default no link is followed, and each one is listed with its reason.
    let out = run(root, &["index", "docs", "--index", idx, "--verbose"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for name in ["secreto.txt", "carpeta", "bucle"] {
        let line = stderr(&out)
            .lines()
            .find(|l| l.contains(name))
            .map(str::to_string)
            .unwrap_or_else(|| panic!("{name} not reported: {}", stderr(&out)));
        assert!(line.contains("not followed"), "{line}");
    }
    assert!(hit_ids(root, &index, "peña").is_empty());

    // `--follow` follows links inside the folder only: the loop ends, the rest stays out.
    let out = run(root, &["index", "docs", "--index", idx, "--follow", "-v"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.lines()
            .any(|l| l.contains("secreto.txt") && l.contains("outside the folder")),
        "{err}"
    );
    assert!(
        err.lines()
            .any(|l| l.contains("carpeta") && l.contains("outside the folder")),
        "{err}"
    );
    assert!(
        err.lines()
            .any(|l| l.contains("bucle") && l.contains("loop")),
        "{err}"
    );
    assert!(hit_ids(root, &index, "peña").is_empty());
    assert_eq!(hit_ids(root, &index, "retirada"), ["irak.txt"]);

    // `--follow-outside` is the explicit way to index what the links lead to.
    let out = run(
        root,
        &[
            "index",
            "docs",
            "--index",
            idx,
            "--follow",
            "--follow-outside",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        hit_ids(root, &index, "peña"),
        ["carpeta/nota.txt", "secreto.txt"]
    );

    // And the next run without the flags takes them out again.
    let out = run(root, &["index", "docs", "--index", idx]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(hit_ids(root, &index, "peña").is_empty());
}
