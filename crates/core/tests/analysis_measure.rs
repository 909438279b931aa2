//! Measurements behind `docs/ANALYZER.md`. They read the evaluation data in `../shared/data`
//! next to the repository (or `$LUPA_SHARED_DATA`), so they are ignored by default. Run:
//!
//! ```text
//! cargo test --release -p lupa-core --test analysis_measure -- --ignored --nocapture
//! ```

use flate2::read::GzDecoder;
use lupa_core::analysis::{
    analyze, index_analyzer, is_stop_word, stop_words, AccentFolder, LowerCaser, Normalizer,
    SnowballStemmer, Stem, Step, SuffixAccents, WordTokenizer, STEMMED,
};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::time::Instant;
use tantivy::collector::Count;
use tantivy::query::{PhraseQuery, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
use tantivy::tokenizer::{StopWordFilter, TextAnalyzer};
use tantivy::{doc, Index, Term};

fn shared() -> Option<PathBuf> {
    let dir = std::env::var_os("LUPA_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "skipped: no evaluation data at {} (set LUPA_SHARED_DATA)",
            dir.display()
        );
        None
    }
}

fn gunzip(path: PathBuf) -> String {
    let mut text = String::new();
    GzDecoder::new(std::fs::File::open(&path).expect("open"))
        .read_to_string(&mut text)
        .expect("gunzip");
    text
}

/// (form, lemma) for every alphabetic word of UD Spanish-GSD dev and test, lowercased.
fn ud_forms(dir: &std::path::Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for part in ["dev", "test"] {
        let text = gunzip(dir.join(format!("ud-spanish-gsd/es_gsd-ud-{part}.conllu.gz")));
        for line in text.lines() {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 3
                || line.starts_with('#')
                || !cols[0].bytes().all(|b| b.is_ascii_digit())
            {
                continue;
            }
            if cols[1].chars().all(char::is_alphabetic) {
                out.push((cols[1].to_lowercase(), cols[2].to_lowercase()));
            }
        }
    }
    out
}

/// Share of pairs of distinct forms of one lemma that get the same form from `f`.
fn conflation(forms: &[(String, String)], f: &dyn Fn(&str) -> String) -> (usize, usize) {
    let mut lemma_of: HashMap<&str, HashMap<&str, usize>> = HashMap::new();
    for (form, lemma) in forms {
        *lemma_of.entry(form).or_default().entry(lemma).or_default() += 1;
    }
    let mut by_lemma: HashMap<&str, Vec<String>> = HashMap::new();
    for (form, lemmas) in &lemma_of {
        let (lemma, _) = lemmas.iter().max_by_key(|(l, n)| (**n, **l)).unwrap();
        by_lemma.entry(lemma).or_default().push(f(form));
    }
    let (mut pairs, mut same) = (0, 0);
    for indexed in by_lemma.values() {
        for i in 0..indexed.len() {
            for j in i + 1..indexed.len() {
                pairs += 1;
                same += usize::from(indexed[i] == indexed[j]);
            }
        }
    }
    (same, pairs)
}

fn percent((part, whole): (usize, usize)) -> String {
    format!(
        "{:.1}% ({part}/{whole})",
        100.0 * part as f64 / whole as f64
    )
}

#[test]
#[ignore = "reads ../shared/data; run with --ignored --nocapture"]
fn accent_design_and_conflation() {
    let Some(dir) = shared() else { return };
    let stemmer = SnowballStemmer::new();
    let fold = |w: &str| AccentFolder.apply(&LowerCaser.apply(w));
    let stem_fold = |w: &str| AccentFolder.apply(&stemmer.apply(w));
    let restore_stem = |w: &str| stem_fold(&SuffixAccents.apply(&fold(w)));

    // Word frequencies: SQuAD-es dev (contexts and questions) and UD Spanish-GSD.
    let squad: serde_json::Value =
        serde_json::from_str(&gunzip(dir.join("qa/squad-es/dev-v1.1-es_small.json.gz"))).unwrap();
    let mut freq: HashMap<String, usize> = HashMap::new();
    let mut count_words = |text: &str| {
        let mut analyzer = TextAnalyzer::from(WordTokenizer::one_per_position());
        let mut stream = analyzer.token_stream(text);
        while let Some(t) = stream.next() {
            if t.text.chars().all(char::is_alphabetic) {
                *freq.entry(t.text.to_lowercase()).or_default() += 1;
            }
        }
    };
    for article in squad["data"].as_array().unwrap() {
        for paragraph in article["paragraphs"].as_array().unwrap() {
            count_words(paragraph["context"].as_str().unwrap());
            for qa in paragraph["qas"].as_array().unwrap() {
                count_words(qa["question"].as_str().unwrap());
            }
        }
    }
    let forms = ud_forms(&dir);
    for (form, _) in &forms {
        *freq.entry(form.clone()).or_default() += 1;
    }
    let total: usize = freq.values().sum();
    let accented: Vec<(&String, &usize)> = freq.iter().filter(|(w, _)| fold(w) != **w).collect();
    let accented_total: usize = accented.iter().map(|(_, n)| **n).sum();
    let meet = |f: &dyn Fn(&str) -> String| -> (usize, usize) {
        let n = accented
            .iter()
            .filter(|(w, _)| f(w) == f(&fold(w)))
            .map(|(_, n)| **n)
            .sum();
        (n, accented_total)
    };
    let agree = |f: &dyn Fn(&str) -> String| -> (usize, usize) {
        let n = freq
            .iter()
            .filter(|(w, _)| f(w) == stem_fold(w))
            .map(|(_, n)| *n)
            .sum();
        (n, total)
    };
    println!("{total} word tokens (SQuAD-es dev small + UD Spanish-GSD), {accented_total} with an accent");
    println!("unaccented spelling meets the accented word (accented tokens):");
    println!("  stem then fold          {}", percent(meet(&stem_fold)));
    println!(
        "  fold then stem          {}",
        percent(meet(&|w: &str| stem_fold(&fold(w))))
    );
    println!("  fold, restore, stem     {}", percent(meet(&restore_stem)));
    println!("same indexed form as Snowball on the accented word (all tokens):");
    println!(
        "  fold then stem          {}",
        percent(agree(&|w: &str| stem_fold(&fold(w))))
    );
    println!(
        "  fold, restore, stem     {}",
        percent(agree(&restore_stem))
    );
    println!("UD Spanish-GSD: pairs of distinct forms of one lemma sharing an indexed form:");
    println!(
        "  Snowball on accented text (reference) {}",
        percent(conflation(&forms, &stem_fold))
    );
    println!(
        "  fold then stem                        {}",
        percent(conflation(&forms, &|w: &str| stem_fold(&fold(w))))
    );
    println!(
        "  fold, restore, stem                   {}",
        percent(conflation(&forms, &restore_stem))
    );
    let full = |w: &str| {
        analyze(w)
            .first()
            .map(|t| t.indexed.clone())
            .unwrap_or_default()
    };
    println!(
        "  Lupa's full pipeline (stop words unstemmed) {}",
        percent(conflation(&forms, &full))
    );
}

/// Text of the first `bytes` bytes of ELTeC paragraphs.
fn eltec(dir: &std::path::Path, bytes: usize) -> Vec<String> {
    let file =
        std::fs::File::open(dir.join("corpus/eltec-spa/eltec_spa_level1_paragraphs.jsonl.gz"))
            .unwrap();
    let mut out = Vec::new();
    let mut size = 0;
    for line in BufReader::new(GzDecoder::new(file)).lines() {
        let value: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
        let text = value["text"].as_str().unwrap().to_string();
        size += text.len();
        out.push(text);
        if size >= bytes {
            break;
        }
    }
    out
}

fn build_index(docs: &[String], analyzer: TextAnalyzer, dir: &std::path::Path) -> (Index, u64) {
    let mut schema = Schema::builder();
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(STEMMED)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let body = schema.add_text_field(
        "body",
        TextOptions::default().set_indexing_options(indexing),
    );
    let index = Index::create_in_dir(dir, schema.build()).unwrap();
    index.tokenizers().register(STEMMED, analyzer);
    let mut writer = index.writer_with_num_threads(1, 200_000_000).unwrap();
    for text in docs {
        writer.add_document(doc!(body => text.as_str())).unwrap();
    }
    writer.commit().unwrap();
    writer.wait_merging_threads().unwrap();
    let bytes = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum();
    (index, bytes)
}

#[test]
#[ignore = "reads ../shared/data; run with --release --ignored --nocapture"]
fn stop_word_cost() {
    let Some(dir) = shared() else { return };
    let docs = eltec(&dir, 20_000_000);
    let mb = docs.iter().map(String::len).sum::<usize>() as f64 / 1e6;
    let kept_dir = tempfile::tempdir().unwrap();
    let removed_dir = tempfile::tempdir().unwrap();
    let (kept, kept_bytes) = build_index(&docs, index_analyzer(), kept_dir.path());
    let removed_analyzer = TextAnalyzer::builder(WordTokenizer::with_alternatives())
        .filter(Step(LowerCaser))
        .filter(Step(AccentFolder))
        .filter(Stem::default())
        .filter(StopWordFilter::remove(stop_words().map(String::from)))
        .build();
    let (removed, removed_bytes) = build_index(&docs, removed_analyzer, removed_dir.path());
    println!("ELTeC, {mb:.1} MB of text, {} paragraphs", docs.len());
    println!(
        "index size: stop words kept {:.1} MB, removed with position gaps {:.1} MB (+{:.1}%)",
        kept_bytes as f64 / 1e6,
        removed_bytes as f64 / 1e6,
        100.0 * (kept_bytes as f64 / removed_bytes as f64 - 1.0)
    );

    // Phrases of 3 to 5 words from the corpus itself, each with a stop word inside and at
    // least two content words.
    let body = kept.schema().get_field("body").unwrap();
    let mut phrases: Vec<Vec<(usize, String)>> = Vec::new();
    let mut analyzer = lupa_core::analysis::query_analyzer();
    'docs: for text in docs.iter().step_by(97) {
        let mut stream = analyzer.token_stream(text);
        let mut tokens = Vec::new();
        while let Some(t) = stream.next() {
            tokens.push(t.text.clone());
        }
        for start in (0..tokens.len()).step_by(7) {
            let len = 3 + start % 3;
            let Some(window) = tokens.get(start..start + len) else {
                continue 'docs;
            };
            let content = window.iter().filter(|w| !is_stop_word(w)).count();
            let inner_stop = window[1..len - 1].iter().any(|w| is_stop_word(w));
            if content >= 2
                && inner_stop
                && !is_stop_word(&window[0])
                && !is_stop_word(&window[len - 1])
            {
                phrases.push(window.iter().cloned().enumerate().collect());
                continue 'docs;
            }
        }
    }
    let run = |index: &Index, drop_stop: bool| -> (f64, usize) {
        let searcher = index.reader().unwrap().searcher();
        let queries: Vec<PhraseQuery> = phrases
            .iter()
            .map(|p| {
                PhraseQuery::new_with_offset(
                    p.iter()
                        .filter(|(_, w)| !drop_stop || !is_stop_word(w))
                        .map(|(i, w)| (*i, Term::from_field_text(body, w)))
                        .collect(),
                )
            })
            .collect();
        let mut hits = 0;
        let mut best = f64::MAX;
        for _ in 0..5 {
            hits = 0;
            let start = Instant::now();
            for q in &queries {
                hits += searcher.search(q as &dyn Query, &Count).unwrap();
            }
            best = best.min(start.elapsed().as_secs_f64());
        }
        (best * 1e6 / queries.len() as f64, hits)
    };
    let (kept_us, kept_hits) = run(&kept, false);
    let (removed_us, removed_hits) = run(&removed, true);
    println!(
        "{} phrases with stop words inside: kept {kept_us:.0} µs/query ({kept_hits} hits), \
         removed {removed_us:.0} µs/query ({removed_hits} hits)",
        phrases.len()
    );
    let de = Term::from_field_text(body, "de");
    let searcher = kept.reader().unwrap().searcher();
    let de_docs = searcher
        .search(&TermQuery::new(de, IndexRecordOption::Basic), &Count)
        .unwrap();
    println!("paragraphs containing 'de': {de_docs} of {}", docs.len());
}
