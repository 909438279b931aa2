//! `relevance`: the relevance measures of each ranking variant, as a Markdown table.
//!
//! Every variant changes one knob of [`SearchOptions`] from the default, so each
//! row reads as "what this knob is worth". `--set-knob NAME=VALUE` scores one
//! configuration instead (for trying values outside the table).

use anyhow::{bail, Result};
use lupa::analysis::Variant;
use lupa::{DefaultOperator, Index, SearchOptions, SyncOptions};
use lupa_eval::{Qrels, Scores, Topic};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A folder made by `prepare-eval`: docs/, accented.tsv, plain.tsv, qrels.tsv
    #[arg(long, value_name = "DIR")]
    dir: PathBuf,
    /// The name of the set in the table's heading [default: the folder's name]
    #[arg(long, value_name = "NAME")]
    set: Option<String>,
    /// The index to use, synced with DIR/docs first [default: DIR/index]
    #[arg(long, value_name = "PATH")]
    index: Option<PathBuf>,
    /// Compare analyzer variants instead of ranking knobs: each builds its own index in
    /// memory (no stemming, stemming without folding, stop words removed); synonyms and
    /// related words are off in every row, since both are in the forms of Lupa's pipeline
    #[arg(long)]
    analyzers: bool,
    /// Score only the default changed by these knobs, e.g. `--knob bm25_k1=0.9 --knob
    /// exact_boost=0.3` (any field of `Ranking`)
    #[arg(long = "knob", value_name = "NAME=VALUE")]
    knobs: Vec<String>,
}

/// `base()` with the `NAME=VALUE` knobs applied.
fn with_knobs(knobs: &[String]) -> Result<SearchOptions> {
    let mut o = base();
    let r = &mut o.ranking;
    for knob in knobs {
        let Some((name, value)) = knob.split_once('=') else {
            bail!("--knob {knob:?}: expected NAME=VALUE");
        };
        let number = || -> Result<f32> {
            value
                .parse::<f32>()
                .map_err(|e| anyhow::anyhow!("--knob {knob:?}: {e}"))
        };
        match name {
            "title_boost" => r.title_boost = number()?,
            "proximity_boost" => r.proximity_boost = number()?,
            "proximity_slop" => r.proximity_slop = number()? as u32,
            "proximity_pairs" => {
                r.proximity_pairs = value
                    .parse()
                    .map_err(|e| anyhow::anyhow!("--knob {knob:?}: {e}"))?
            }
            "exact_boost" => r.exact_boost = number()?,
            "synonym_weight" => r.synonym_weight = number()?,
            "bm25_k1" => r.bm25_k1 = number()?,
            "bm25_b" => r.bm25_b = number()?,
            "typo_weight" => r.typo_weight = number()?,
            "name_weight" => r.name_weight = number()?,
            "related_weight" => r.related_weight = number()?,
            "related_share" => r.related_share = number()?,
            "related_for_share" => r.related_for_share = number()?,
            _ => bail!("--knob {knob:?}: no knob {name:?}"),
        }
    }
    Ok(o)
}

/// The default options for evaluation: 100 hits, no snippets.
fn base() -> SearchOptions {
    SearchOptions {
        snippet_chars: 0,
        limit: 100,
        suggest: false,
        lenient: true,
        documents: false,
        count: false,
        ..SearchOptions::default()
    }
}

/// The variants: a label and the options.
fn variants() -> Vec<(String, SearchOptions)> {
    let mut out = vec![("default".to_string(), base())];
    let d = base().ranking;
    let mut with = |label: String, change: &dyn Fn(&mut SearchOptions)| {
        let mut o = base();
        change(&mut o);
        out.push((label, o));
    };
    with("operator all".into(), &|o| {
        o.operator = DefaultOperator::All
    });
    with("no synonyms".into(), &|o| o.synonyms = None);
    for w in [0.5, 1.0].into_iter().filter(|&w| w != d.synonym_weight) {
        with(format!("synonym_weight {w:.1}"), &|o| {
            o.ranking.synonym_weight = w
        });
    }
    with(format!("proximity_pairs {}", !d.proximity_pairs), &|o| {
        o.ranking.proximity_pairs = !d.proximity_pairs
    });
    for b in [1.0, 2.0, 3.0].into_iter().filter(|&b| b != d.title_boost) {
        with(format!("title_boost {b:.1}"), &|o| {
            o.ranking.title_boost = b
        });
    }
    for b in [0.0, 0.5, 1.0, 2.0]
        .into_iter()
        .filter(|&b| b != d.proximity_boost)
    {
        with(format!("proximity_boost {b:.1}"), &|o| {
            o.ranking.proximity_boost = b
        });
    }
    for b in [0.0, 0.25, 0.5, 1.0]
        .into_iter()
        .filter(|&b| b != d.exact_boost)
    {
        with(format!("exact_boost {b:.2}"), &|o| {
            o.ranking.exact_boost = b
        });
    }
    for s in [2, 4, 8, 16].into_iter().filter(|&s| s != d.proximity_slop) {
        with(format!("proximity_slop {s}"), &|o| {
            o.ranking.proximity_slop = s
        });
    }
    for k in [0.5, 0.9, 1.2, 1.5].into_iter().filter(|&k| k != d.bm25_k1) {
        with(format!("bm25_k1 {k:.1}"), &|o| o.ranking.bm25_k1 = k);
    }
    for b in [0.5, 0.75, 0.9, 1.0].into_iter().filter(|&b| b != d.bm25_b) {
        with(format!("bm25_b {b:.2}"), &|o| o.ranking.bm25_b = b);
    }
    for w in [0.0, 0.3, 1.0].into_iter().filter(|&w| w != d.typo_weight) {
        with(format!("typo_weight {w:.1}"), &|o| {
            o.ranking.typo_weight = w
        });
    }
    for w in [0.0, 0.3, 1.0].into_iter().filter(|&w| w != d.name_weight) {
        with(format!("name_weight {w:.1}"), &|o| {
            o.ranking.name_weight = w
        });
    }
    for w in [0.0, 0.1, 0.3]
        .into_iter()
        .filter(|&w| w != d.related_weight)
    {
        with(format!("related_weight {w:.1}"), &|o| {
            o.ranking.related_weight = w
        });
    }
    for s in [0.01, 0.05, 0.1, 1.0]
        .into_iter()
        .filter(|&s| s != d.related_share)
    {
        with(format!("related_share {s:.2}"), &|o| {
            o.ranking.related_share = s
        });
    }
    for s in [0.05, 0.1, 1.0]
        .into_iter()
        .filter(|&s| s != d.related_for_share)
    {
        with(format!("related_for_share {s:.2}"), &|o| {
            o.ranking.related_for_share = s
        });
    }
    out
}

pub fn run(args: &Args) -> Result<ExitCode> {
    let dir = &args.dir;
    let docs = dir.join("docs");
    if !docs.is_dir() {
        bail!(
            "{} is missing: prepare the folder with `cargo xtask prepare-eval <squad|xquad> --out {}`",
            docs.display(),
            dir.display()
        );
    }
    // Checked before any work, so a mistyped knob fails at once.
    let runs = if args.knobs.is_empty() {
        variants()
    } else {
        vec![(args.knobs.join(" "), with_knobs(&args.knobs)?)]
    };
    let name = args.set.clone().unwrap_or_else(|| {
        dir.file_name()
            .map_or_else(|| dir.display().to_string(), |n| n.to_string_lossy().into())
    });
    let index_path = args.index.clone().unwrap_or_else(|| dir.join("index"));
    let index = Index::open_or_create(&index_path)?;
    index.sync(&docs, &SyncOptions::default(), &mut |_| {})?;
    let qrels = Qrels::from_path(&dir.join("qrels.tsv"))?;
    let sets: Vec<(&str, Vec<Topic>)> = ["accented", "plain"]
        .into_iter()
        .map(|t| Ok((t, lupa_eval::read_topics(&dir.join(format!("{t}.tsv")))?)))
        .collect::<Result<_>>()?;
    let ranking = base().ranking;
    println!(
        "### {name}: {} documents, {} evaluated queries\n",
        index.stats()?.documents,
        qrels.len()
    );
    println!(
        "Default: operator any, title_boost {:.1}, proximity_boost {:.1}, proximity_slop {}, \
         exact_boost {:.2}, BM25 k1 {:.2} b {:.2}, typo_weight {:.1}, name_weight {:.1}, \
         related_weight {:.1} (related_share {:.2}, related_for_share {:.2}); 100 hits per \
         query.\n",
        ranking.title_boost,
        ranking.proximity_boost,
        ranking.proximity_slop,
        ranking.exact_boost,
        ranking.bm25_k1,
        ranking.bm25_b,
        ranking.typo_weight,
        ranking.name_weight,
        ranking.related_weight,
        ranking.related_share,
        ranking.related_for_share
    );
    let names = Scores::NAMES.join(" | ");
    println!("| variant | topics | {names} | failed | ms/query |");
    println!("|---|---|{}---|---|", "---|".repeat(Scores::NAMES.len()));
    if args.analyzers {
        // The synonyms and the related words are in the forms of Lupa's analyzer.
        let mut options = SearchOptions {
            synonyms: None,
            ..base()
        };
        options.ranking.related_weight = 0.0;
        for variant in Variant::ALL {
            let index = Index::create_in_ram_with(variant)?;
            index.sync(&docs, &SyncOptions::default(), &mut |_| {})?;
            for (topics_name, topics) in &sets {
                let run = lupa_eval::run_queries(&index, topics, &options);
                let e = lupa_eval::evaluate(&run, &qrels);
                let values: Vec<String> =
                    e.mean.values().iter().map(|v| format!("{v:.4}")).collect();
                println!(
                    "| analyzer: {} | {topics_name} | {} | {} | |",
                    variant.name(),
                    values.join(" | "),
                    run.failures.len()
                );
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    for (label, options) in runs {
        for (topics_name, topics) in &sets {
            let start = Instant::now();
            let run = lupa_eval::run_queries(&index, topics, &options);
            let ms = start.elapsed().as_secs_f64() * 1000.0 / topics.len().max(1) as f64;
            let e = lupa_eval::evaluate(&run, &qrels);
            let values: Vec<String> = e.mean.values().iter().map(|v| format!("{v:.4}")).collect();
            println!(
                "| {label} | {topics_name} | {} | {} | {ms:.2} |",
                values.join(" | "),
                run.failures.len()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
