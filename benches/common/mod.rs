//! Data shared by the indexing and query benchmarks: the ELTeC Spanish novels cut into article
//! files, a plain tantivy index of the same files to compare against, and timing helpers.
//!
//! The article folder is `$LUPA_BENCH_ELTEC_DIR` when set (for example the folder made by
//! `python3 ../shared/peers/eltec_prep.py eltec_spa_level1_paragraphs.jsonl.gz /tmp/eltec`).
//! Otherwise the benchmarks cut `eltec_spa_level1_paragraphs.jsonl.gz` themselves, the same
//! way (20 paragraphs per file, first line `<title> — parte N`), into a temporary folder. The
//! file is looked up in `$LUPA_BENCH_ELTEC`, then in `../shared/data/corpus/eltec-spa/` next to
//! the repository. Without it the benchmarks print where to get it and do nothing.

#![allow(dead_code)]

use flate2::read::GzDecoder;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::time::Duration;
use tantivy::schema::{Schema, STORED, STRING};
use tantivy::{doc, Index};

/// Paragraphs per article file, as in `eltec_prep.py`.
const PARAGRAPHS_PER_FILE: usize = 20;

/// Where the ELTeC paragraphs file is expected.
pub fn eltec_gz() -> PathBuf {
    std::env::var_os("LUPA_BENCH_ELTEC")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../shared/data/corpus/eltec-spa/eltec_spa_level1_paragraphs.jsonl.gz")
        })
}

/// Where the SQuAD-es questions are expected.
pub fn squad_gz() -> PathBuf {
    std::env::var_os("LUPA_BENCH_SQUAD")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../shared/data/qa/squad-es/dev-v1.1-es_small.json.gz")
        })
}

/// The first `n` SQuAD-es questions of 7 to 9 words in the gzipped SQuAD file at `path`
/// (the batch of `docs/PERFORMANCE.md`), or `None` when it cannot be read.
pub fn squad_questions(path: &Path, n: usize) -> Option<Vec<String>> {
    let file = std::fs::File::open(path).ok()?;
    let value: serde_json::Value = serde_json::from_reader(GzDecoder::new(file)).ok()?;
    let mut out = Vec::new();
    for article in value["data"].as_array()? {
        for paragraph in article["paragraphs"].as_array().into_iter().flatten() {
            for qa in paragraph["qas"].as_array().into_iter().flatten() {
                let Some(q) = qa["question"].as_str() else {
                    continue;
                };
                if (7..=9).contains(&q.split_whitespace().count()) && out.len() < n {
                    out.push(q.to_string());
                }
            }
        }
    }
    Some(out)
}

/// Says what is missing and how to get it.
pub fn explain_missing(bench: &str, path: &Path) {
    eprintln!(
        "{bench} bench: {} not found; nothing to measure.\n\
         Get eltec_spa_level1_paragraphs.jsonl.gz (JSONL {{id,title,text}}, one line per <p> of \
         the level-1 TEI files of https://github.com/COST-ELTeC/ELTeC-spa) and set \
         LUPA_BENCH_ELTEC to it, or set LUPA_BENCH_ELTEC_DIR to a folder of article files made \
         from it by eltec_prep.py.",
        path.display()
    );
}

/// The article folder, and the temporary folder holding it when the bench made it.
pub struct Corpus {
    pub dir: PathBuf,
    _temp: Option<tempfile::TempDir>,
}

/// The article folder, made from the paragraphs file when `$LUPA_BENCH_ELTEC_DIR` is not set.
/// `None` (after saying why) when the data is missing.
pub fn corpus(bench: &str) -> Option<Corpus> {
    if let Some(dir) = std::env::var_os("LUPA_BENCH_ELTEC_DIR") {
        let dir = PathBuf::from(dir);
        if dir.is_dir() {
            return Some(Corpus { dir, _temp: None });
        }
        eprintln!(
            "{bench} bench: LUPA_BENCH_ELTEC_DIR={} is not a folder.",
            dir.display()
        );
        return None;
    }
    let gz = eltec_gz();
    let Ok(file) = std::fs::File::open(&gz) else {
        explain_missing(bench, &gz);
        return None;
    };
    let temp = tempfile::tempdir().expect("a temporary folder");
    let files = cut_articles(file, temp.path()).expect("writing the article files");
    eprintln!(
        "{bench} bench: {files} article files from {} in {}",
        gz.display(),
        temp.path().display()
    );
    Some(Corpus {
        dir: temp.path().to_path_buf(),
        _temp: Some(temp),
    })
}

/// Writes `<novel>/<novel>_NNNN.txt` files of 20 paragraphs, as `eltec_prep.py` does.
fn cut_articles(file: std::fs::File, out: &Path) -> std::io::Result<usize> {
    let mut files = 0;
    let mut novel = String::new();
    let mut title = String::new();
    let mut part = 0;
    let mut paragraphs: Vec<String> = Vec::new();
    let mut flush = |novel: &str, title: &str, part: &mut usize, paragraphs: &mut Vec<String>| {
        if paragraphs.is_empty() {
            return Ok::<(), std::io::Error>(());
        }
        *part += 1;
        let dir = out.join(novel);
        std::fs::create_dir_all(&dir)?;
        let text = format!(
            "{title} — parte {part}\n\n{}\n",
            paragraphs.join("\n\n"),
            part = *part
        );
        std::fs::write(dir.join(format!("{novel}_{:04}.txt", *part)), text)?;
        paragraphs.clear();
        files += 1;
        Ok(())
    };
    for line in BufReader::new(GzDecoder::new(file)).lines() {
        let line = line?;
        let Ok(value) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        let id = value["id"].as_str().unwrap_or_default();
        let this: String = id
            .split('#')
            .next()
            .unwrap_or_default()
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        if this != novel {
            flush(&novel, &title, &mut part, &mut paragraphs)?;
            novel = this;
            part = 0;
            title = value["title"]
                .as_str()
                .unwrap_or(id)
                .replace(" : edición ELTeC", "");
        }
        paragraphs.push(value["text"].as_str().unwrap_or_default().to_string());
        if paragraphs.len() >= PARAGRAPHS_PER_FILE {
            flush(&novel, &title, &mut part, &mut paragraphs)?;
        }
    }
    flush(&novel, &title, &mut part, &mut paragraphs)?;
    Ok(files)
}

/// Every `.txt` file below `dir`, sorted.
pub fn text_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "txt") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Writer memory of the baseline: what Lupa's writer takes on this machine.
pub const BASELINE_WRITER_BYTES: usize = 128 * 1024 * 1024;

/// Indexes the `.txt` files of `dir` into `index_dir` with plain tantivy: `name` (stored,
/// untokenized), `title` and `body` with tantivy's default tokenizer (simple tokenizer, words
/// over 40 bytes removed, lowercase), positions, not stored. The file is read on the calling
/// thread, its first line is the title, the whole text the body, as in Lupa.
pub fn baseline_index(dir: &Path, index_dir: &Path) -> Index {
    plain_index(
        dir,
        index_dir,
        Plain {
            analysis: Analysis::TantivyDefault,
            folded: false,
            stored: false,
            merge: false,
        },
    )
}

/// How a plain tantivy index analyzes `title` and `body`, for the indexing cost breakdown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Analysis {
    /// tantivy's default tokenizer: simple tokenizer, words over 40 bytes removed, lowercase.
    TantivyDefault,
    /// The chain of tantivy's Python bindings with Snowball (`tantivy_py_peer.py`): simple
    /// tokenizer, words over 40 bytes removed, lowercase, Spanish stop words removed (Lupa's
    /// list), Snowball Spanish (rust-stemmers, no cache), ASCII folding.
    SnowballChain,
    /// Lupa's index analyzer (`lupa::analysis::index_analyzer`).
    Lupa,
}

/// One row of the indexing cost breakdown: a plain tantivy index of the `.txt` files, built
/// piece by piece towards Lupa's own.
#[derive(Clone, Copy, Debug)]
pub struct Plain {
    /// How `title` and `body` are analyzed (always with positions).
    pub analysis: Analysis,
    /// Also a `folded` field (Lupa's folded analyzer, frequencies only) over title and body.
    pub folded: bool,
    /// `title` and `body` stored.
    pub stored: bool,
    /// One merge of all segments after the commit.
    pub merge: bool,
}

/// Indexes the `.txt` files of `dir` into `index_dir` as `plain` says: each file read on the
/// calling thread, its first line the title, the whole text the body, with the writer of
/// [`BASELINE_WRITER_BYTES`] (tantivy's default threads).
pub fn plain_index(dir: &Path, index_dir: &Path, plain: Plain) -> Index {
    use tantivy::schema::{IndexRecordOption, TextFieldIndexing, TextOptions};
    use tantivy::tokenizer::{
        AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, StopWordFilter,
        TextAnalyzer,
    };
    let tokenizer = match plain.analysis {
        Analysis::TantivyDefault => "default",
        Analysis::SnowballChain => "snowball_chain",
        Analysis::Lupa => "lupa",
    };
    let text = |record| {
        let options = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(record),
        );
        if plain.stored {
            options.set_stored()
        } else {
            options
        }
    };
    let mut b = Schema::builder();
    let name = b.add_text_field("name", STRING | STORED);
    let title = b.add_text_field("title", text(IndexRecordOption::WithFreqsAndPositions));
    let body = b.add_text_field("body", text(IndexRecordOption::WithFreqsAndPositions));
    let folded = b.add_text_field(
        "folded",
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("lupa_folded")
                .set_index_option(IndexRecordOption::WithFreqs),
        ),
    );
    let index = Index::create_in_dir(index_dir, b.build()).expect("a plain index");
    let chain = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(StopWordFilter::remove(
            lupa::analysis::stop_words().map(String::from),
        ))
        .filter(lupa::analysis::Step(lupa::analysis::SnowballStemmer::new()))
        .filter(AsciiFoldingFilter)
        .build();
    index.tokenizers().register("snowball_chain", chain);
    index
        .tokenizers()
        .register("lupa", lupa::analysis::index_analyzer());
    index
        .tokenizers()
        .register("lupa_folded", lupa::analysis::folded_analyzer());
    let mut writer = index
        .writer::<tantivy::TantivyDocument>(BASELINE_WRITER_BYTES)
        .expect("a plain writer");
    for path in text_files(dir) {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let first = text.lines().next().unwrap_or_default().to_string();
        let rel = path
            .strip_prefix(dir)
            .unwrap_or(&path)
            .display()
            .to_string();
        let mut doc = doc!(name => rel, title => first.clone(), body => text.clone());
        if plain.folded {
            doc.add_text(folded, first);
            doc.add_text(folded, text);
        }
        writer.add_document(doc).expect("add a document");
    }
    writer.commit().expect("commit");
    if plain.merge {
        let ids = index.searchable_segment_ids().expect("segment ids");
        if ids.len() > 1 {
            writer.merge(&ids).wait().expect("merge");
        }
    }
    writer.wait_merging_threads().expect("merge threads");
    index
}

/// The `q`-quantile of sorted durations (nearest rank).
pub fn quantile(sorted: &[Duration], q: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

/// Milliseconds, for printing.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
