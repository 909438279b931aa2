//! What the unit tests share: judgments, rankings and runs from literals, and
//! measures compared with a tolerance.

use crate::{Qrels, Ranked, Run, Scores};
use std::path::Path;

pub(crate) fn qrels(text: &str) -> Qrels {
    Qrels::parse(text, Path::new("qrels")).expect("qrels")
}

fn ranked(docs: &[(&str, f32)]) -> Vec<Ranked> {
    docs.iter()
        .map(|(id, score)| Ranked {
            id: id.to_string(),
            score: *score,
        })
        .collect()
}

pub(crate) fn run(queries: &[(&str, &[(&str, f32)])]) -> Run {
    let mut run = Run::default();
    for (qid, docs) in queries {
        run.results.insert(qid.to_string(), ranked(docs));
    }
    run
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

pub(crate) fn assert_scores(got: Scores, want: [f64; 5]) {
    for ((name, g), w) in Scores::NAMES.iter().zip(got.values()).zip(want) {
        assert!(close(g, w), "{name}: got {g}, want {w}");
    }
}
