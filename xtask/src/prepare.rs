//! `prepare-eval`: a SQuAD-format question set as a passage-retrieval task.
//!
//! Every paragraph becomes a document `docs/pNNNNN.txt` (numbered from 0 in file
//! order, its text trimmed, then a newline); every answerable question becomes a
//! topic whose one relevant document is its paragraph. The output is byte for
//! byte what the peers' `squad_prep.py` writes, except that `qrels.tsv` names the
//! file (`p00012.txt`) where the script writes the stem (`p00012`); `lupa eval`
//! accepts either.

use anyhow::{bail, Context, Result};
use flate2::read::GzDecoder;
use serde_json::Value;
use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// The known question sets: name, path relative to the repository root, upstream.
const KNOWN: [(&str, &str, &str); 2] = [
    (
        "squad",
        "../shared/data/qa/squad-es/dev-v1.1-es_small.json.gz",
        "SQuAD-es v1.1 dev (small): `SQuAD-es-v1.1/dev-v1.1-es_small.json` from the \
         GitHub repository ccasimiro88/TranslateAlignRetrieve (CC BY 4.0), gzipped",
    ),
    (
        "xquad",
        "../shared/data/qa/xquad/xquad.es.json",
        "XQuAD Spanish: `xquad.es.json` from the GitHub repository deepmind/xquad (CC BY-SA 4.0)",
    ),
];

pub fn run(source: &str, out: &Path) -> Result<ExitCode> {
    run_in(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join(".."),
        source,
        out,
    )
}

/// [`run`] with the known sets looked up relative to `root`.
fn run_in(root: &Path, source: &str, out: &Path) -> Result<ExitCode> {
    let path = match KNOWN.iter().find(|(name, ..)| *name == source) {
        Some((_, rel, upstream)) => {
            let path = root.join(rel);
            if !path.is_file() {
                eprintln!(
                    "xtask: {} not found.\n  It is {upstream}.\n  Put it there, or pass its path: \
                     cargo xtask prepare-eval PATH --out {}",
                    normalize(&path).display(),
                    out.display()
                );
                return Ok(ExitCode::from(2));
            }
            path
        }
        None => PathBuf::from(source),
    };
    let counts = prepare(&path, out)?;
    println!(
        "{}: {} paragraphs, {} questions ({} unanswerable skipped) -> {}",
        normalize(&path).display(),
        counts.paragraphs,
        counts.questions,
        counts.impossible,
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// `root/../dir/file` as `/real/dir/file` when `dir` exists, for readable messages.
fn normalize(path: &Path) -> PathBuf {
    let parent = path.parent().and_then(|p| p.canonicalize().ok());
    match (parent, path.file_name()) {
        (Some(parent), Some(name)) => parent.join(name),
        _ => path.to_path_buf(),
    }
}

#[derive(Debug, Default, PartialEq, Eq)]
struct Counts {
    paragraphs: usize,
    questions: usize,
    impossible: usize,
}

fn prepare(src: &Path, out: &Path) -> Result<Counts> {
    let data = read_json(src)?;
    let Some(articles) = data.get("data").and_then(Value::as_array) else {
        bail!(
            "{}: no `data` array: not a SQuAD-format file",
            src.display()
        );
    };
    let docs = out.join("docs");
    std::fs::create_dir_all(&docs).with_context(|| format!("cannot create {}", docs.display()))?;
    let create = |name: &str| -> Result<BufWriter<File>> {
        let path = out.join(name);
        File::create(&path)
            .map(BufWriter::new)
            .with_context(|| format!("cannot write {}", path.display()))
    };
    let mut accented = create("accented.tsv")?;
    let mut plain = create("plain.tsv")?;
    let mut qrels = create("qrels.tsv")?;
    let mut counts = Counts::default();
    let paragraphs = articles.iter().flat_map(|a| {
        a.get("paragraphs")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
    });
    for para in paragraphs {
        let pid = format!("p{:05}", counts.paragraphs);
        counts.paragraphs += 1;
        let context = para
            .get("context")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let file = docs.join(format!("{pid}.txt"));
        std::fs::write(&file, format!("{}\n", context.trim_matches(is_py_space)))
            .with_context(|| format!("cannot write {}", file.display()))?;
        for qa in para
            .get("qas")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if qa.get("is_impossible").is_some_and(truthy) {
                counts.impossible += 1;
                continue;
            }
            let question = qa
                .get("question")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let question = question
                .split(is_py_space)
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            if question.is_empty() {
                continue;
            }
            let qid = match qa.get("id") {
                Some(Value::String(s)) => s.clone(),
                Some(other) => other.to_string(),
                None => bail!(
                    "{}: paragraph {pid} has a question without an id",
                    src.display()
                ),
            };
            counts.questions += 1;
            writeln!(accented, "{qid}\t{question}")?;
            writeln!(plain, "{qid}\t{}", strip_accents(&question))?;
            writeln!(qrels, "{qid}\t{pid}.txt")?;
        }
    }
    for w in [&mut accented, &mut plain, &mut qrels] {
        w.flush()?;
    }
    remove_stale(&docs, counts.paragraphs)?;
    Ok(counts)
}

fn read_json(src: &Path) -> Result<Value> {
    let file = File::open(src).with_context(|| format!("cannot read {}", src.display()))?;
    let mut text = String::new();
    if src.extension().is_some_and(|e| e == "gz") {
        GzDecoder::new(file).read_to_string(&mut text)
    } else {
        std::io::BufReader::new(file).read_to_string(&mut text)
    }
    .with_context(|| format!("cannot read {}", src.display()))?;
    serde_json::from_str(&text).with_context(|| format!("{}: invalid JSON", src.display()))
}

/// Removes `pNNNNN.txt` files numbered `count` or more, left by an earlier, larger run.
fn remove_stale(docs: &Path, count: usize) -> Result<()> {
    for entry in std::fs::read_dir(docs)? {
        let entry = entry?;
        let name = entry.file_name();
        let Some(number) = name
            .to_str()
            .and_then(|n| n.strip_prefix('p'))
            .and_then(|n| n.strip_suffix(".txt"))
            .filter(|n| n.len() >= 5 && n.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|n| n.parse::<usize>().ok())
        else {
            continue;
        };
        if number >= count {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

/// Python's truth value of a JSON value.
fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

/// White space as Python's `str.split()` and `str.strip()` see it: Rust's set plus
/// the information separators U+001C..U+001F.
fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Accents and diaeresis removed, `ñ`/`Ñ` kept: each other character is decomposed
/// (NFD) and its combining marks dropped, as the peers' `strip_accents` does.
///
/// The peers drop General_Category `Mn` only; `is_combining_mark` also covers the
/// spacing (`Mc`) and enclosing (`Me`) marks, which Spanish text does not use (the
/// questions of both sets hold only U+0301, U+0303, U+0308 and U+0328).
fn strip_accents(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == 'ñ' || c == 'Ñ' {
            out.push(c);
            continue;
        }
        decompose_canonical(c, |d| {
            if !is_combining_mark(d) {
                out.push(d);
            }
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_known_set_exits_2_without_writing() {
        let out = std::env::temp_dir().join(format!("lupa-xtask-none-{}", std::process::id()));
        let code = run_in(Path::new("/nonexistent/repo"), "xquad", &out).expect("run");
        assert_eq!(code, ExitCode::from(2));
        assert!(!out.exists());
    }

    #[test]
    fn strip_accents_keeps_enye() {
        assert_eq!(
            strip_accents("¿Cuántos años tenía Ñandú? pingüino, ÁÉÍÓÚ"),
            "¿Cuantos años tenia Ñandu? pinguino, AEIOU"
        );
        // A decomposed ñ (n + U+0303) loses its tilde, as in the peers' script.
        assert_eq!(strip_accents("n\u{303}"), "n");
    }

    #[test]
    fn python_white_space() {
        let q = "  ¿Qué\u{a0}es\t\u{1f}esto?\n";
        let joined = q
            .split(is_py_space)
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(joined, "¿Qué es esto?");
    }

    #[test]
    fn prepares_a_small_set() {
        let tmp = std::env::temp_dir().join(format!("lupa-xtask-{}", std::process::id()));
        let src = tmp.join("set.json");
        std::fs::create_dir_all(&tmp).expect("mkdir");
        std::fs::write(
            &src,
            r#"{"data": [{"title": "T", "paragraphs": [
                {"context": " Primer párrafo. \n", "qas": [
                    {"id": "a1", "question": "¿Qué  párrafo?"},
                    {"id": "a2", "question": "¿Nada?", "is_impossible": true}]},
                {"context": "Segundo.", "qas": [{"id": 7, "question": "¿Año\tsegundo?"}]}
            ]}]}"#,
        )
        .expect("write");
        let out = tmp.join("out");
        std::fs::create_dir_all(out.join("docs")).expect("mkdir");
        std::fs::write(out.join("docs/p00009.txt"), "stale").expect("write");
        let counts = prepare(&src, &out).expect("prepare");
        assert_eq!(
            counts,
            Counts {
                paragraphs: 2,
                questions: 2,
                impossible: 1
            }
        );
        let read = |p: &str| std::fs::read_to_string(out.join(p)).expect(p);
        assert_eq!(read("docs/p00000.txt"), "Primer párrafo.\n");
        assert_eq!(read("docs/p00001.txt"), "Segundo.\n");
        assert!(!out.join("docs/p00009.txt").exists());
        assert_eq!(
            read("accented.tsv"),
            "a1\t¿Qué párrafo?\n7\t¿Año segundo?\n"
        );
        assert_eq!(read("plain.tsv"), "a1\t¿Que parrafo?\n7\t¿Año segundo?\n");
        assert_eq!(read("qrels.tsv"), "a1\tp00000.txt\n7\tp00001.txt\n");
        std::fs::remove_dir_all(&tmp).expect("cleanup");
    }
}
