//! Lupa's development tasks, run as `cargo xtask <TASK>` (see `.cargo/config.toml`).
//!
//! - `prepare-eval <squad|xquad|PATH> --out DIR`: turn a SQuAD-format question set
//!   into a passage-retrieval task: `DIR/docs/pNNNNN.txt`, `DIR/accented.tsv`,
//!   `DIR/plain.tsv` and `DIR/qrels.tsv`.
//! - `relevance --dir DIR`: index `DIR/docs` and print a Markdown table of the
//!   relevance measures for the default ranking and each ranking variant.
//!
//! - `lemmas FORMS.tsv --out FILE`: Lupa's lexicon (`crates/core/data/lemmas-es.txt`)
//!   from the forms of a dictionary (`xtask/scripts/hunspell_forms.py`).
//! - `thesaurus SYNONYMS.tsv --out FILE`: Lupa's related words
//!   (`crates/core/data/thesaurus-es.txt`) from a thesaurus
//!   (`xtask/scripts/mythes_synonyms.py`).
//! - `scale`: index 1×, 2×, 4× and 8× the ELTeC folder and measure time, memory, size,
//!   re-index and query latency at each size; a table and a plot (`docs/PERFORMANCE.md`,
//!   "How cost grows"). Needs the release build: `target/release/xtask scale`.
//!
//! `docs/RELEVANCE.md` explains the data, the measures and the figures.

mod lemmas;
mod prepare;
mod relevance;
mod scale;
mod thesaurus;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(name = "cargo xtask", max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Debug, Subcommand)]
enum Task {
    /// Turn a SQuAD-format question set into docs/, accented.tsv, plain.tsv and qrels.tsv
    PrepareEval {
        /// `squad` (SQuAD-es dev v1.1 small), `xquad` (XQuAD Spanish) or the path of
        /// a SQuAD-format `.json` or `.json.gz` file
        source: String,
        /// The folder to write
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Measure relevance on a prepared folder for the default ranking and its variants
    Relevance(relevance::Args),
    /// Write Lupa's lexicon from `form<TAB>lemma` lines (xtask/scripts/hunspell_forms.py)
    Lemmas {
        /// The forms, one `form<TAB>lemma` a line
        forms: PathBuf,
        /// The table to write (crates/core/data/lemmas-es.txt)
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Write Lupa's related words from `word<TAB>syn syn …` lines
    /// (xtask/scripts/mythes_synonyms.py)
    Thesaurus {
        /// The synonyms, one `word<TAB>syn syn …` a line
        synonyms: PathBuf,
        /// The table to write (crates/core/data/thesaurus-es.txt)
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Measure how index time, memory, size, re-index and query latency grow with the
    /// collection (1×, 2×, 4×, 8× ELTeC); writes a table and a PNG plot
    Scale(scale::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match &cli.task {
        Task::PrepareEval { source, out } => prepare::run(source, out),
        Task::Relevance(args) => relevance::run(args),
        Task::Lemmas { forms, out } => lemmas::run(forms, out),
        Task::Thesaurus { synonyms, out } => thesaurus::run(synonyms, out),
        Task::Scale(args) => scale::run(args),
    };
    match outcome {
        Ok(code) => code,
        Err(err) => {
            eprintln!("xtask: {err:#}");
            ExitCode::from(2)
        }
    }
}
