//! Query latency on the ELTeC Spanish novels cut into ~12,500 article files, each kind of query
//! against the same query run by plain tantivy (`QueryParser` over `title` and `body` of an
//! index with its default tokenizer) in the same run.
//!
//! | kind | Lupa query | tantivy query | source |
//! |---|---|---|---|
//! | `one_word` | `palabra` | `palabra` | a word of 5+ letters from the articles |
//! | `two_word_and` | `a AND b` | `a AND b` | two words of one article |
//! | `question` | the question | the question (lenient parse) | 1,000 SQuAD-es questions of 7–9 words |
//! | `phrase_stop_words` | `"casa de la sierra"` | the same | word, 1–2 stop words, word, as in the text |
//! | `proximity` | `"a b"~3` | the same | two words 2–4 apart in the text |
//! | `prefix` | `abcde*` | `title:/abcde.*/ OR body:/abcde.*/` | the first 5 letters of a word of 7+ |
//! | `fuzzy` | `palarba~1` | `palarba`, fuzzy distance 1 on both fields | a word of 6+ letters, two letters swapped |
//!
//! Lupa runs with its default options but no snippets (as `lupa search --format trec`):
//! bag-of-words queries carry its proximity clause, synonyms and suggestions are on. Both sides
//! collect the top 10 and the total count, and load the stored name of each hit.
//!
//! criterion reports means (one iteration = the next query of the set). After it, the bench
//! times every query of every set again, Lupa and tantivy interleaved, `PASSES` times, and
//! prints p50, p99 and mean per kind, and the ratio of Lupa to tantivy.
//!
//! ```text
//! cargo bench -p lupa --bench query
//! LUPA_BENCH_ELTEC_DIR=/tmp/eltec cargo bench -p lupa --bench query
//! ```
//!
//! Data: see `benches/common/mod.rs`; the questions come from
//! `../shared/data/qa/squad-es/dev-v1.1-es_small.json.gz` (or `$LUPA_BENCH_SQUAD`). Without
//! them the `question` kind is left out.

mod common;

use criterion::{criterion_group, criterion_main, Criterion};
use lupa::{Index, SearchOptions, SyncOptions};
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::QueryParser;
use tantivy::schema::Value;
use tantivy::TantivyDocument;

/// Queries per kind taken from the articles.
const PER_KIND: usize = 200;
/// Questions taken from SQuAD-es.
const QUESTIONS: usize = 1_000;
/// Timed passes over every query set after criterion.
const PASSES: usize = 3;

struct Kind {
    name: &'static str,
    lupa: Vec<String>,
    tantivy: Vec<String>,
}

/// Words of a text as they stand between spaces, with surrounding punctuation marked:
/// `(word, clean)` where `clean` says the word has letters only (so neighbours are adjacent).
fn words(text: &str) -> Vec<(String, bool)> {
    text.split_whitespace()
        .map(|w| {
            let clean = w.chars().all(char::is_alphabetic);
            (w.to_lowercase(), clean)
        })
        .collect()
}

fn is_content(word: &str, min_chars: usize) -> bool {
    word.chars().count() >= min_chars
        && word.chars().all(char::is_alphabetic)
        && !lupa::analysis::analyze(word)
            .first()
            .is_none_or(|t| t.stop_word)
}

fn is_stop(word: &str) -> bool {
    word.chars().all(char::is_alphabetic)
        && lupa::analysis::analyze(word)
            .first()
            .is_some_and(|t| t.stop_word)
}

/// Query sets taken from every n-th article.
fn kinds_from_articles(dir: &Path) -> Vec<Kind> {
    let files = common::text_files(dir);
    let step = (files.len() / PER_KIND).max(1);
    let mut one = Vec::new();
    let mut two = Vec::new();
    let mut phrase = Vec::new();
    let mut near = Vec::new();
    let mut prefix = Vec::new();
    let mut fuzzy = Vec::new();
    for (n, path) in files.iter().step_by(step).enumerate() {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let body = text.split_once('\n').map(|x| x.1).unwrap_or(&text);
        let w = words(body);
        let content: Vec<&str> = w
            .iter()
            .filter(|(x, _)| is_content(x, 5))
            .map(|(x, _)| x.as_str())
            .collect();
        if content.len() < 4 {
            continue;
        }
        one.push(content[n % content.len()].to_string());
        two.push(format!(
            "{} AND {}",
            content[n % content.len()],
            content[(n + content.len() / 2) % content.len()]
        ));
        if let Some(word) = content.iter().skip(n % 7).find(|x| x.chars().count() >= 7) {
            let head: String = word.chars().take(5).collect();
            prefix.push(head);
        }
        if let Some(word) = content.iter().skip(n % 5).find(|x| x.chars().count() >= 6) {
            let mut chars: Vec<char> = word.chars().collect();
            chars.swap(2, 3);
            fuzzy.push(chars.into_iter().collect::<String>());
        }
        // A phrase: content word, 1 or 2 stop words, content word, all side by side.
        let start = n % w.len().max(1);
        'phrase: for i in (start..w.len()).chain(0..start) {
            for stops in [1, 2] {
                let Some(window) = w.get(i..i + stops + 2) else {
                    continue;
                };
                if window.iter().all(|(_, clean)| *clean)
                    && is_content(&window[0].0, 4)
                    && is_content(&window[stops + 1].0, 4)
                    && window[1..=stops].iter().all(|(x, _)| is_stop(x))
                {
                    let words: Vec<&str> = window.iter().map(|(x, _)| x.as_str()).collect();
                    phrase.push(words.join(" "));
                    break 'phrase;
                }
            }
        }
        // Proximity: two content words with 1 to 3 words between them.
        'near: for i in (start..w.len()).chain(0..start) {
            for gap in [2, 3, 4] {
                let (Some(a), Some(b)) = (w.get(i), w.get(i + gap)) else {
                    continue;
                };
                if is_content(&a.0, 5) && is_content(&b.0, 5) {
                    near.push(format!("{} {}", a.0, b.0));
                    break 'near;
                }
            }
        }
    }
    let same = |name, queries: Vec<String>| Kind {
        name,
        lupa: queries.clone(),
        tantivy: queries,
    };
    vec![
        same("one_word", one),
        same("two_word_and", two),
        same(
            "phrase_stop_words",
            phrase.iter().map(|p| format!("\"{p}\"")).collect(),
        ),
        same(
            "proximity",
            near.iter().map(|p| format!("\"{p}\"~3")).collect(),
        ),
        Kind {
            name: "prefix",
            lupa: prefix.iter().map(|p| format!("{p}*")).collect(),
            tantivy: prefix
                .iter()
                .map(|p| format!("title:/{p}.*/ OR body:/{p}.*/"))
                .collect(),
        },
        Kind {
            name: "fuzzy",
            lupa: fuzzy.iter().map(|w| format!("{w}~1")).collect(),
            tantivy: fuzzy,
        },
    ]
}

/// The first `QUESTIONS` SQuAD-es questions of 7 to 9 words.
fn questions() -> Option<Kind> {
    let path = common::squad_gz();
    let Some(out) = common::squad_questions(&path, QUESTIONS) else {
        eprintln!(
            "query bench: {} not found; the `question` kind is left out \
             (SQuAD-es, https://github.com/ccasimiro88/TranslateAlignRetrieve).",
            path.display()
        );
        return None;
    };
    Some(Kind {
        name: "question",
        lupa: out.clone(),
        tantivy: out,
    })
}

struct Engines {
    lupa: Index,
    options: SearchOptions,
    reader: tantivy::IndexReader,
    parser: QueryParser,
    fuzzy_parser: QueryParser,
    name: tantivy::schema::Field,
}

impl Engines {
    fn lupa(&self, query: &str) -> usize {
        match self.lupa.search(query, &self.options) {
            Ok(results) => results.hits.len(),
            Err(_) => 0,
        }
    }

    fn tantivy(&self, kind: &str, query: &str) -> usize {
        let parser = if kind == "fuzzy" {
            &self.fuzzy_parser
        } else {
            &self.parser
        };
        let (query, _errors) = parser.parse_query_lenient(query);
        let searcher = self.reader.searcher();
        let (top, count) = searcher
            .search(&query, &(TopDocs::with_limit(10).order_by_score(), Count))
            .expect("search");
        for (_, address) in &top {
            let doc: TantivyDocument = searcher.doc(*address).expect("doc");
            black_box(doc.get_first(self.name).and_then(|v| v.as_str()));
        }
        black_box(count);
        top.len()
    }
}

fn query(c: &mut Criterion) {
    let Some(corpus) = common::corpus("query") else {
        return;
    };
    let dir = corpus.dir.as_path();
    let lupa_dir = tempfile::tempdir().expect("a temporary folder");
    let lupa = Index::create(lupa_dir.path()).expect("an index");
    lupa.sync(dir, &SyncOptions::default(), &mut |_| {})
        .expect("sync");
    let tantivy_dir = tempfile::tempdir().expect("a temporary folder");
    let tantivy = common::baseline_index(dir, tantivy_dir.path());
    let schema = tantivy.schema();
    let title = schema.get_field("title").unwrap();
    let body = schema.get_field("body").unwrap();
    let mut parser = QueryParser::for_index(&tantivy, vec![title, body]);
    parser.allow_regexes();
    let mut fuzzy_parser = QueryParser::for_index(&tantivy, vec![title, body]);
    fuzzy_parser.set_field_fuzzy(title, false, 1, true);
    fuzzy_parser.set_field_fuzzy(body, false, 1, true);
    let engines = Engines {
        lupa,
        options: SearchOptions {
            snippet_chars: 0,
            ..SearchOptions::default()
        },
        reader: tantivy.reader().expect("a reader"),
        name: schema.get_field("name").unwrap(),
        parser,
        fuzzy_parser,
    };

    let mut kinds = kinds_from_articles(dir);
    kinds.extend(questions());
    kinds.retain(|k| !k.lupa.is_empty());

    for kind in &kinds {
        let mut group = c.benchmark_group(kind.name);
        group.sample_size(20);
        group.measurement_time(Duration::from_secs(3));
        let mut next = 0;
        group.bench_function("lupa", |b| {
            b.iter(|| {
                next = (next + 1) % kind.lupa.len();
                engines.lupa(&kind.lupa[next])
            })
        });
        group.bench_function("tantivy_default", |b| {
            b.iter(|| {
                next = (next + 1) % kind.tantivy.len();
                engines.tantivy(kind.name, &kind.tantivy[next])
            })
        });
        group.finish();
    }

    println!(
        "\nper-query latency, {PASSES} passes over each set, Lupa and tantivy interleaved (ms):"
    );
    println!(
        "{:<18} {:>5} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>7} {:>7}",
        "kind", "n", "lupa p50", "p99", "mean", "tv p50", "p99", "mean", "p50 ×", "hits", "tv hits"
    );
    for kind in &kinds {
        for (l, t) in kind.lupa.iter().zip(&kind.tantivy) {
            engines.lupa(l);
            engines.tantivy(kind.name, t);
        }
        let (mut lupa, mut tantivy) = (Vec::new(), Vec::new());
        let (mut lupa_hits, mut tantivy_hits) = (0, 0);
        for _ in 0..PASSES {
            for (l, t) in kind.lupa.iter().zip(&kind.tantivy) {
                let started = Instant::now();
                lupa_hits += usize::from(engines.lupa(l) > 0);
                lupa.push(started.elapsed());
                let started = Instant::now();
                tantivy_hits += usize::from(engines.tantivy(kind.name, t) > 0);
                tantivy.push(started.elapsed());
            }
        }
        lupa.sort();
        tantivy.sort();
        let mean = |v: &[Duration]| v.iter().sum::<Duration>() / v.len().max(1) as u32;
        let (lp50, tp50) = (
            common::quantile(&lupa, 0.5),
            common::quantile(&tantivy, 0.5),
        );
        println!(
            "{:<18} {:>5} {:>8.3} {:>8.3} {:>8.3} {:>8.3} {:>8.3} {:>8.3} {:>8.2} {:>7} {:>7}",
            kind.name,
            kind.lupa.len(),
            common::ms(lp50),
            common::ms(common::quantile(&lupa, 0.99)),
            common::ms(mean(&lupa)),
            common::ms(tp50),
            common::ms(common::quantile(&tantivy, 0.99)),
            common::ms(mean(&tantivy)),
            lp50.as_secs_f64() / tp50.as_secs_f64(),
            lupa_hits / PASSES,
            tantivy_hits / PASSES,
        );
    }
}

criterion_group!(benches, query);
criterion_main!(benches);
