//! Query parsing time, against splitting the same text on whitespace.
//!
//! The baseline is the least work any query parser must do (look at every
//! character once), so the figures read as "parsing costs N times a split".

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use lupa_query::{DefaultOperator, Parser};

/// An eight-word question, as typed into a search box.
const SHORT: &str = "¿Cuándo retiró España las tropas de Irak?";

/// A 200-term boolean query with groups, phrases, fields and modifiers.
fn long_query() -> String {
    let words = [
        "Irak",
        "tropas",
        "retirada",
        "Zapatero",
        "misión",
        "EE.UU.",
        "Bagdad",
        "Al-Kazemi",
    ];
    let mut parts = Vec::new();
    for i in 0..100 {
        let a = words[i % words.len()];
        let b = words[(i + 3) % words.len()];
        parts.push(match i % 4 {
            0 => format!("({a} OR {b}*)"),
            1 => format!("título:\"{a} {b}\"~2"),
            2 => format!("-{a}~1 +{b}"),
            _ => format!("NOT ({a} AND {b})"),
        });
    }
    parts.join(" ")
}

fn parse(c: &mut Criterion) {
    let parser = Parser::builder()
        .default_operator(DefaultOperator::All)
        .field("title", &["título", "titulo"])
        .field("body", &["texto"])
        .build();
    let long = long_query();
    for (name, input) in [("short", SHORT), ("long", long.as_str())] {
        assert!(parser.parse(input).is_ok(), "{name} query must parse");
        let mut group = c.benchmark_group(format!("parse/{name}"));
        group.throughput(Throughput::Bytes(input.len() as u64));
        group.bench_function("split_whitespace (baseline)", |b| {
            b.iter(|| black_box(input).split_whitespace().count())
        });
        group.bench_function("parse", |b| b.iter(|| parser.parse(black_box(input))));
        group.bench_function("parse_lenient", |b| {
            b.iter(|| parser.parse_lenient(black_box(input)))
        });
        group.finish();
    }
}

criterion_group!(benches, parse);
criterion_main!(benches);
