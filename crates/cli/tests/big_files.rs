//! Big files on the real `lupa` binary: a file of a few megabytes generated here (never
//! committed) is one hit, its snippet comes from the passage that matched, the better of two
//! passages wins, and a file over `--max-file-size` is named in the report.

use std::path::Path;
use std::process::{Command, Output};

fn lupa(index: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lupa"))
        // English, whatever the caller's locale.
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANGUAGE")
        .env_remove("LUPA_LANG")
        .env("LANG", "C.UTF-8")
        .arg("--index")
        .arg(index)
        .args(args)
        .output()
        .expect("lupa runs")
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "lupa failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// About `paragraphs` paragraphs of one novel-like text, with `special` paragraphs put in
/// at the given places.
fn big_text(paragraphs: usize, special: &[(usize, &str)]) -> String {
    let mut text = String::from("Obras completas\n\n");
    for n in 0..paragraphs {
        match special.iter().find(|(at, _)| *at == n) {
            Some((_, paragraph)) => text.push_str(paragraph),
            None => text.push_str(&format!(
                "Capítulo {n}. La guerra siguió en el valle durante el largo invierno, y los \
                 vecinos del pueblo esperaban noticias del frente.\n\n"
            )),
        }
        text.push_str("\n\n");
    }
    text
}

fn search(index: &Path, query: &str) -> serde_json::Value {
    let out = ok(&lupa(index, &["search", "--json", query]));
    serde_json::from_str(&out).expect("JSON results")
}

#[test]
fn a_word_near_the_end_of_a_big_file_is_found_and_shown() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    let paragraphs = 16_000;
    let text = big_text(
        paragraphs,
        &[(
            paragraphs - 20,
            "Al final apareció el manuscrito de la zarzuela olvidada.",
        )],
    );
    assert!(text.len() > 2_000_000, "{} bytes", text.len());
    std::fs::write(docs.join("obras.txt"), &text).unwrap();
    std::fs::write(
        docs.join("nota.txt"),
        "Una nota\n\nLa guerra terminó pronto.",
    )
    .unwrap();
    let index = tmp.path().join("indice");
    ok(&lupa(&index, &["index", docs.to_str().unwrap()]));

    let results = search(&index, "zarzuela");
    assert_eq!(results["total"], 1, "{results}");
    let hit = &results["hits"][0];
    assert_eq!(hit["path"], "obras.txt");
    assert_eq!(hit["title"], "Obras completas");
    let snippet = hit["snippet"].as_str().unwrap();
    assert!(snippet.contains("zarzuela olvidada"), "{snippet}");

    // A word of every passage: the big file is one document, once.
    let results = search(&index, "guerra");
    assert_eq!(results["total"], 2, "{results}");
    let ids: Vec<&str> = results["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["path"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 2, "{ids:?}");
    assert!(
        ids.contains(&"obras.txt") && ids.contains(&"nota.txt"),
        "{ids:?}"
    );
    let stats = ok(&lupa(&index, &["stats", "--json"]));
    let stats: serde_json::Value = serde_json::from_str(&stats).unwrap();
    assert_eq!(stats["documents"], 2, "{stats}");
}

#[test]
fn the_better_of_two_far_apart_passages_gives_the_snippet() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    let paragraphs = 16_000;
    let text = big_text(
        paragraphs,
        &[
            (50, "Se habló de una zarzuela en la plaza."),
            (
                paragraphs - 50,
                "La zarzuela del maestro, la mejor zarzuela, una zarzuela de verdad.",
            ),
        ],
    );
    std::fs::write(docs.join("obras.txt"), &text).unwrap();
    let index = tmp.path().join("indice");
    ok(&lupa(&index, &["index", docs.to_str().unwrap()]));
    let results = search(&index, "zarzuela");
    assert_eq!(results["hits"].as_array().unwrap().len(), 1, "{results}");
    let snippet = results["hits"][0]["snippet"].as_str().unwrap();
    assert!(snippet.contains("la mejor zarzuela"), "{snippet}");
}

#[test]
fn files_over_the_size_limit_are_named_with_the_way_to_include_them() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    std::fs::write(docs.join("obras.txt"), big_text(2_000, &[])).unwrap();
    std::fs::write(
        docs.join("nota.txt"),
        "Una nota\n\nLa guerra terminó pronto.",
    )
    .unwrap();
    let index = tmp.path().join("indice");
    let out = lupa(
        &index,
        &["index", docs.to_str().unwrap(), "--max-file-size", "100000"],
    );
    ok(&out);
    let report = String::from_utf8_lossy(&out.stderr);
    assert!(
        report.contains("1 file larger than the limit of 0.1 MiB was left out: obras.txt"),
        "{report}"
    );
    let size = std::fs::metadata(docs.join("obras.txt")).unwrap().len();
    assert!(
        report.contains(&format!("`--max-file-size {size}` includes it")),
        "{report}"
    );
    let out = lupa(
        &index,
        &[
            "index",
            docs.to_str().unwrap(),
            "--max-file-size",
            &size.to_string(),
        ],
    );
    ok(&out);
    assert_eq!(search(&index, "guerra")["total"], 2);
}
