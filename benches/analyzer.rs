//! Analyzer throughput on Spanish prose, against tantivy's default tokenizer in the same run,
//! and the Spanish analyzer with and without its stem cache.
//!
//! Text: the first 5 MB of the ELTeC Spanish novels (`eltec_spa_level1_paragraphs.jsonl.gz`,
//! from COST-ELTeC/ELTeC-spa, converted to JSONL `{id,title,text}`), looked up in
//! `$LUPA_BENCH_ELTEC`, then `../shared/data/corpus/eltec-spa/` next to the repository.
//! Without it the bench runs on a small built-in sample and says so.
//!
//! ```text
//! cargo bench -p lupa --bench analyzer
//! ```

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use flate2::read::GzDecoder;
use lupa::analysis::AnalyzerBuilder;
use std::hint::black_box;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use tantivy::tokenizer::TextAnalyzer;

const TEXT_BYTES: usize = 5_000_000;

const SAMPLE: &str =
    "En una tarde de mayo de uno de los primeros años del siglo XIV, volvían de la \
feria de San Marcos de Cacabelos tres, al parecer, criados de alguno de los grandes señores que \
entonces se repartían el dominio del Bierzo. El portavoz Al-Kazemi confirmó que EE.UU. retirará \
1.200 soldados en 2017; «¿Qué información tenía el gobierno?», preguntó la asesoría jurídica.";

fn eltec_path() -> PathBuf {
    std::env::var_os("LUPA_BENCH_ELTEC")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../shared/data/corpus/eltec-spa/eltec_spa_level1_paragraphs.jsonl.gz")
        })
}

/// Paragraphs of ELTeC text, about `TEXT_BYTES` in all, or the built-in sample.
fn paragraphs() -> Vec<String> {
    let path = eltec_path();
    let Ok(file) = std::fs::File::open(&path) else {
        eprintln!(
            "analyzer bench: {} not found; running on a {}-byte built-in sample instead.\n\
             Get eltec_spa_level1_paragraphs.jsonl.gz (JSONL {{id,title,text}}, one line per \
             <p> of the level-1 TEI files of https://github.com/COST-ELTeC/ELTeC-spa) and \
             point LUPA_BENCH_ELTEC at it for meaningful figures.",
            path.display(),
            SAMPLE.len()
        );
        return vec![SAMPLE.to_string(); 200];
    };
    let mut out = Vec::new();
    let mut size = 0;
    for line in BufReader::new(GzDecoder::new(file)).lines() {
        let Ok(line) = line else { break };
        let Ok(value) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        if let Some(text) = value["text"].as_str() {
            size += text.len();
            out.push(text.to_string());
        }
        if size >= TEXT_BYTES {
            break;
        }
    }
    out
}

fn count_tokens(analyzer: &mut TextAnalyzer, docs: &[String]) -> usize {
    let mut count = 0;
    for text in docs {
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            black_box(stream.token());
            count += 1;
        }
    }
    count
}

fn analyzer(c: &mut Criterion) {
    let docs = paragraphs();
    let bytes: usize = docs.iter().map(String::len).sum();
    let mut group = c.benchmark_group("analyzer");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    let variants: [(&str, TextAnalyzer); 5] = [
        ("tantivy_default", tantivy_default()),
        ("lupa_index", AnalyzerBuilder::index().build()),
        (
            "lupa_index_no_stem_cache",
            AnalyzerBuilder::index().stem_cache(0).build(),
        ),
        ("lupa_query", AnalyzerBuilder::query().build()),
        ("lupa_folded", AnalyzerBuilder::folded().build()),
    ];
    for (name, mut analyzer) in variants {
        group.bench_function(name, |b| b.iter(|| count_tokens(&mut analyzer, &docs)));
    }
    group.finish();
}

/// tantivy's `default` analyzer: simple tokenizer, remove words over 40 bytes, lowercase.
fn tantivy_default() -> TextAnalyzer {
    tantivy::tokenizer::TokenizerManager::default()
        .get("default")
        .expect("tantivy registers `default`")
}

criterion_group!(benches, analyzer);
criterion_main!(benches);
