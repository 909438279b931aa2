//! Dynamic pruning finds the same hits, with the same scores, as scoring every match.
//!
//! The corpus is made of the sentences of the Spanish texts in `data/`, recombined into
//! 1,500 documents of different lengths (with titles, some only an excerpt) in three
//! segments, a few documents deleted; the queries are bags of words drawn from the same
//! sentences (with stop words, accents dropped, typos, synonyms), and the other kinds of
//! query: phrases, prefixes, fuzzy words, fields, required and excluded words, `--all`.

use lupa_core::{DefaultOperator, Index, NewDocument, Pruning, SearchOptions, SearchResults};

/// A small deterministic generator (64-bit LCG, high bits).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn sentences() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data");
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .expect("data/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    let mut out = Vec::new();
    for name in names {
        let text = std::fs::read_to_string(&name).expect("text");
        for s in text.split(['.', '\n', '?', '!', ';']) {
            let s = s.trim();
            if s.split_whitespace().count() >= 3 {
                out.push(s.to_string());
            }
        }
    }
    assert!(out.len() > 200, "{} sentences", out.len());
    out
}

fn corpus(sentences: &[String]) -> Index {
    let mut rng = Rng(7);
    let index = Index::create_in_ram().expect("index");
    let mut n = 0;
    for batch in 0..3 {
        let mut w = index.writer().expect("writer");
        for _ in 0..500 {
            let long = rng.below(4) == 0;
            let len = 1 + rng.below(if long { 40 } else { 8 });
            let body: Vec<&str> = (0..len)
                .map(|_| sentences[rng.below(sentences.len())].as_str())
                .collect();
            let head = &sentences[rng.below(sentences.len())];
            let title: String = head
                .split_whitespace()
                .take(2 + rng.below(5))
                .collect::<Vec<_>>()
                .join(" ");
            let id = format!("{n:04}.txt");
            w.add(&NewDocument {
                id: id.clone(),
                file: id,
                title: if rng.below(5) == 0 {
                    String::new()
                } else {
                    title
                },
                title_is_excerpt: rng.below(10) == 0,
                body: body.join(". "),
                ..Default::default()
            })
            .expect("add");
            n += 1;
        }
        if batch == 1 {
            for k in (0..n).step_by(37) {
                w.delete_file(&format!("{k:04}.txt"));
            }
        }
        w.commit(&Default::default()).expect("commit");
    }
    index.reload().expect("reload");
    index
}

fn fold(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            'á' => 'a',
            'é' => 'e',
            'í' => 'i',
            'ó' => 'o',
            'ú' => 'u',
            other => other,
        })
        .collect()
}

fn queries(sentences: &[String]) -> Vec<String> {
    let mut rng = Rng(11);
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let mut out = Vec::new();
    for k in 0..700 {
        let a = words(&sentences[rng.below(sentences.len())]);
        let b = words(&sentences[rng.below(sentences.len())]);
        if a.is_empty() || b.is_empty() {
            continue;
        }
        let take = 1 + rng.below(8.min(a.len()));
        let start = rng.below(a.len() + 1 - take);
        let mut bag: Vec<String> = a[start..start + take].to_vec();
        if rng.below(3) == 0 {
            bag.push(b[rng.below(b.len())].clone());
        }
        match k % 10 {
            // A question, as natural-language topics come.
            0 => bag.insert(0, "¿Qué".into()),
            // Accents dropped.
            1 => bag = bag.iter().map(|w| fold(w)).collect(),
            // A typo in a long word: its closest indexed word is searched too.
            2 => {
                if let Some(w) = bag.iter_mut().find(|w| w.chars().count() >= 5) {
                    let mut chars: Vec<char> = w.chars().collect();
                    let at = 1 + rng.below(chars.len() - 1);
                    chars[at] = if chars[at] == 'x' { 'y' } else { 'x' };
                    *w = chars.into_iter().collect();
                }
            }
            // Synonyms, of one word and of several.
            3 => bag.push(
                ["Irak", "EE.UU.", "Estados Unidos", "ONU", "Naciones Unidas"][rng.below(5)].into(),
            ),
            _ => {}
        }
        let text = bag.join(" ");
        out.push(match k % 23 {
            5 => format!("\"{}\"", a[start..start + take].join(" ")),
            7 => format!("\"{}\"~3 {}", a[start..start + take].join(" "), b[0]),
            9 if bag[0].chars().count() > 4 => {
                format!(
                    "{}* {}",
                    &bag[0][..bag[0].char_indices().nth(3).map_or(0, |(i, _)| i)],
                    text
                )
            }
            11 => format!("{}~1 {}", bag[0], text),
            13 => format!("título:{} {}", bag[0], text),
            15 => format!("+{text}"),
            17 => format!("{text} -{}", b[0]),
            19 => format!("texto:({text})"),
            _ => text,
        });
    }
    out
}

fn run(index: &Index, q: &str, o: &SearchOptions) -> Option<SearchResults> {
    index.search(q, o).ok()
}

fn same(q: &str, pruned: &SearchResults, full: &SearchResults, count: bool) {
    let hits = |r: &SearchResults| -> Vec<(String, u32)> {
        r.hits
            .iter()
            .map(|h| (h.id.clone(), h.score.to_bits()))
            .collect()
    };
    assert_eq!(hits(pruned), hits(full), "{q}: hits differ");
    if count {
        assert_eq!(pruned.total, full.total, "{q}: totals differ");
    }
}

#[test]
fn pruning_finds_the_same_hits_and_scores() {
    let sentences = sentences();
    let index = corpus(&sentences);
    let queries = queries(&sentences);
    assert!(queries.len() > 600);
    let mut compared = 0;
    let mut with_hits = 0;
    for (limit, offset, operator) in [
        (10, 0, DefaultOperator::Any),
        (1, 0, DefaultOperator::Any),
        (3, 4, DefaultOperator::Any),
        (50, 0, DefaultOperator::Any),
        (10, 0, DefaultOperator::All),
    ] {
        for count in [true, false] {
            let pruned = SearchOptions {
                limit,
                offset,
                operator,
                count,
                pruning: Pruning::Always,
                snippet_chars: 0,
                documents: false,
                lenient: true,
                ..SearchOptions::default()
            };
            let full = SearchOptions {
                pruning: Pruning::Never,
                ..pruned.clone()
            };
            let auto = SearchOptions {
                pruning: Pruning::Auto,
                ..pruned.clone()
            };
            for q in &queries {
                let (Some(p), Some(f)) = (run(&index, q, &pruned), run(&index, q, &full)) else {
                    continue;
                };
                same(q, &p, &f, count);
                if let Some(a) = run(&index, q, &auto) {
                    same(q, &a, &f, count);
                }
                if !count {
                    assert!(p.total <= f.total && p.total >= p.hits.len(), "{q}");
                }
                compared += 1;
                with_hits += usize::from(!f.hits.is_empty());
            }
        }
    }
    assert!(compared > 6_000, "{compared} comparisons");
    assert!(with_hits > 5_000, "{with_hits} with hits");
}

#[test]
fn knobs_that_change_the_bounds_keep_the_hits() {
    let sentences = sentences();
    let index = corpus(&sentences);
    let queries: Vec<String> = queries(&sentences).into_iter().step_by(3).collect();
    let mut variants = Vec::new();
    for (k1, b) in [(1.2, 0.75), (0.0, 0.75), (2.0, 0.3), (0.7, 1.0)] {
        let mut o = SearchOptions::default();
        o.ranking.bm25_k1 = k1;
        o.ranking.bm25_b = b;
        variants.push(o);
    }
    let mut o = SearchOptions::default();
    o.ranking.proximity_pairs = false;
    o.ranking.title_boost = 5.0;
    variants.push(o);
    let mut o = SearchOptions::default();
    o.ranking.exact_boost = 0.0;
    o.ranking.proximity_boost = 0.0;
    o.synonyms = None;
    variants.push(o);
    for base in variants {
        let pruned = SearchOptions {
            snippet_chars: 0,
            documents: false,
            lenient: true,
            pruning: Pruning::Always,
            ..base
        };
        let full = SearchOptions {
            pruning: Pruning::Never,
            ..pruned.clone()
        };
        for q in &queries {
            if let (Some(p), Some(f)) = (run(&index, q, &pruned), run(&index, q, &full)) {
                same(q, &p, &f, true);
            }
        }
    }
}
