//! `lupa eval`: run a topics file and score the rankings against relevance judgments.

use crate::lang;
use anyhow::{bail, Context, Result};
use clap::Args;
use lupa::{Index, SearchOptions};
use lupa_eval::{Evaluation, Qrels, Run, Scores};
use lupa_i18n::tr;
use serde::Serialize;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// How many hits each query returns: enough for Recall@100.
const DEPTH: usize = 100;

/// Arguments of `lupa eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    #[arg(long, value_name = "TSV")]
    queries: PathBuf,
    #[arg(long, value_name = "FILE")]
    qrels: PathBuf,
    #[command(flatten)]
    operator: crate::OperatorArgs,
    #[arg(long)]
    json: bool,
    #[arg(long, value_name = "FILE")]
    per_query: Option<PathBuf>,
    #[arg(long, value_name = "FILE")]
    run: Option<PathBuf>,
    #[command(flatten)]
    pub synonyms: crate::SynonymArgs,
}

/// What `--json` prints.
#[derive(Serialize)]
struct Report<'a> {
    /// The queries run (lines of the topics file).
    topics: usize,
    /// The queries that failed.
    failed: usize,
    /// Wall time of running the queries, in seconds.
    seconds: f64,
    #[serde(flatten)]
    evaluation: &'a Evaluation,
}

/// Runs `lupa eval` on the index at `index_path`.
pub fn run(index_path: &Path, args: &EvalArgs) -> Result<ExitCode> {
    let synonyms = crate::synonyms(&args.synonyms, index_path)?;
    let topics = lupa_eval::read_topics(&args.queries)?;
    let qrels = Qrels::from_path(&args.qrels)?;
    if qrels.is_empty() {
        bail!(tr!(
            lang(),
            "eval-no-relevant",
            path = args.qrels.display().to_string()
        ));
    }
    let index = Index::open(index_path)?;
    // Questions are natural language, not query syntax: one with a stray quote or a
    // capital `Y` at its end is searched for what it says, as the peers do.
    let options = SearchOptions {
        snippet_chars: 0,
        suggest: false,
        lenient: true,
        documents: false,
        count: false,
        synonyms,
        ranking: args.synonyms.ranking(),
        limit: DEPTH,
        operator: args.operator.operator(),
        ..SearchOptions::default()
    };
    let start = Instant::now();
    let run = lupa_eval::run_queries(&index, &topics, &options);
    let seconds = start.elapsed().as_secs_f64();
    {
        let mut err = anstream::stderr().lock();
        for f in &run.failures {
            let line = tr!(
                lang(),
                "query-failed",
                file = args.queries.display().to_string(),
                line = f.topic.line,
                qid = f.topic.qid.as_str(),
                error = lupa_i18n::errors::error(lang(), &f.error)
            );
            writeln!(err, "{} {line}", tr!(lang(), "error-prefix"))?;
        }
    }
    let evaluation = lupa_eval::evaluate(&run, &qrels);
    if let Some(path) = &args.run {
        write_file(path, |out| run.write_trec(out, "lupa"))?;
    }
    if let Some(path) = &args.per_query {
        write_file(path, |out| per_query(out, &evaluation))?;
    }
    let report = Report {
        topics: topics.len(),
        failed: run.failures.len(),
        seconds,
        evaluation: &evaluation,
    };
    let mut out = anstream::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        table(&mut out, &report, &run)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn write_file(path: &Path, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<()> {
    let cannot = || tr!(lang(), "cannot-write", path = path.display().to_string());
    let file = std::fs::File::create(path).with_context(cannot)?;
    let mut out = io::BufWriter::new(file);
    write(&mut out)
        .and_then(|()| out.flush())
        .with_context(cannot)
}

fn table(out: &mut impl Write, r: &Report, run: &Run) -> io::Result<()> {
    let e = r.evaluation;
    for (name, value) in Scores::NAMES.iter().zip(e.mean.values()) {
        writeln!(out, "{name:<12}{value:.4}")?;
    }
    let lang = lang();
    let judged = tr!(lang, "eval-queries-judged", count = e.queries);
    writeln!(out, "{:<12}{judged}", tr!(lang, "eval-queries"))?;
    writeln!(out, "{:<12}{}", tr!(lang, "eval-failed"), r.failed)?;
    writeln!(out, "{:<12}{}", tr!(lang, "eval-unanswered"), e.unanswered)?;
    let ran = run.results.len() + run.failures.len();
    let per_query_ms = if ran == 0 {
        0.0
    } else {
        r.seconds * 1000.0 / ran as f64
    };
    let wall = tr!(
        lang,
        "eval-wall",
        seconds = format!("{:.2}", r.seconds),
        count = ran,
        each = format!("{per_query_ms:.2}")
    );
    writeln!(out, "{:<12}{wall}", tr!(lang, "eval-wall-time"))
}

fn per_query(out: &mut dyn Write, e: &Evaluation) -> io::Result<()> {
    writeln!(
        out,
        "qid\trelevant\tretrieved\t{}",
        Scores::NAMES.join("\t")
    )?;
    for q in &e.per_query {
        write!(out, "{}\t{}\t{}", q.qid, q.relevant, q.retrieved)?;
        for v in q.scores.values() {
            write!(out, "\t{v:.4}")?;
        }
        writeln!(out)?;
    }
    Ok(())
}
