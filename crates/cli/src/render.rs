//! How results look: on a terminal, in a pipe, and as JSON.

use anstyle::{AnsiColor, Style};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use lupa::{Explanation, SearchResults, SkipReason, Stats, SyncReport};
use std::io::{self, Write};
use std::path::Path;

const TITLE: Style = Style::new().bold();
const MATCH: Style = AnsiColor::Red.on_default().bold();
const DIM: Style = Style::new().dimmed();
const PATH: Style = AnsiColor::Magenta.on_default();

/// A progress bar on stderr, drawn only when stderr is a terminal.
pub fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{spinner} {pos}/{len} files {wide_bar} {eta} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

/// The one-line summary of an index run.
pub fn summary(out: &mut impl Write, dir: &Path, index: &Path, r: &SyncReport) -> io::Result<()> {
    writeln!(
        out,
        "{}: {} added, {} updated, {} removed, {} unchanged, {} skipped ({} documents written) in {:.2} s; index {}",
        dir.display(),
        r.added,
        r.updated,
        r.removed,
        r.unchanged,
        r.skipped.len(),
        r.documents,
        r.elapsed.as_secs_f64(),
        index.display()
    )?;
    too_large(out, r)?;
    if !r.warnings.is_empty() {
        writeln!(
            out,
            "{} warning(s): parts of files left out or dates ignored; --verbose lists them",
            r.warnings.len()
        )?;
    }
    Ok(())
}

/// The files left out for their size, by name, and how to include them: a user who
/// keeps a big export should not have to ask `--verbose` why it is not found.
fn too_large(out: &mut impl Write, r: &SyncReport) -> io::Result<()> {
    const NAMED: usize = 5;
    let big: Vec<(&str, u64, u64)> = r
        .skipped
        .iter()
        .filter_map(|s| match s.reason {
            SkipReason::TooLarge { size, limit } => Some((s.path.as_str(), size, limit)),
            _ => None,
        })
        .collect();
    let Some(largest) = big.iter().map(|b| b.1).max() else {
        return Ok(());
    };
    let names: Vec<String> = big
        .iter()
        .take(NAMED)
        .map(|(path, size, _)| format!("{path} ({})", megabytes(*size)))
        .collect();
    let more = match big.len().saturating_sub(NAMED) {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    writeln!(
        out,
        "{} file(s) larger than the limit of {} were left out: {}{more}; \
         `--max-file-size {largest}` includes them",
        big.len(),
        megabytes(big[0].2),
        names.join(", "),
    )
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

/// Ranked hits for a person.
pub fn hits(out: &mut impl Write, results: &SearchResults, offset: usize) -> io::Result<()> {
    let suggestion = |out: &mut dyn Write| -> io::Result<()> {
        match &results.suggestion {
            Some(s) => writeln!(out, "¿Quisiste decir: {TITLE}{s}{TITLE:#}?"),
            None => Ok(()),
        }
    };
    if results.hits.is_empty() {
        writeln!(out, "No results for {}", results.query)?;
        return suggestion(out);
    }
    for (i, hit) in results.hits.iter().enumerate() {
        let title = if hit.title.is_empty() {
            &hit.id
        } else {
            &hit.title
        };
        writeln!(out, "{:>2}. {TITLE}{title}{TITLE:#}", offset + i + 1)?;
        writeln!(
            out,
            "    {PATH}{}{PATH:#} {DIM}score {:.2}{DIM:#}",
            hit.id, hit.score
        )?;
        let mut about = Vec::new();
        if let Some(date) = hit.date {
            // A file's modification day is only a guess at the date: say so.
            about.push(if hit.date_from_file {
                format!("{date} (file)")
            } else {
                date.to_string()
            });
        }
        about.extend(hit.author.clone());
        about.extend(hit.source.clone());
        if !about.is_empty() {
            writeln!(out, "    {DIM}{}{DIM:#}", about.join(" · "))?;
        }
        let s = &hit.snippet;
        if !s.text.is_empty() {
            write!(out, "    ")?;
            let mut at = 0;
            for r in &s.highlights {
                write!(
                    out,
                    "{}{MATCH}{}{MATCH:#}",
                    &s.text[at..r.start],
                    &s.text[r.clone()]
                )?;
                at = r.end;
            }
            writeln!(out, "{}", &s.text[at..])?;
        }
        writeln!(out)?;
    }
    let shown = results.hits.len();
    writeln!(
        out,
        "{DIM}{}–{} of {} results{DIM:#}",
        offset + 1,
        offset + shown,
        results.total
    )?;
    facets(out, results)?;
    suggestion(out)
}

/// The facet counts, one line per facet: `source: El País 3 · EFE 2`.
fn facets(out: &mut impl Write, results: &SearchResults) -> io::Result<()> {
    for facet in &results.facets {
        let counts: Vec<String> = facet
            .counts
            .iter()
            .map(|(value, n)| format!("{value} {n}"))
            .collect();
        let counts = if counts.is_empty() {
            "(none)".to_string()
        } else {
            counts.join(" · ")
        };
        writeln!(out, "{}: {counts}", facet.kind.name())?;
    }
    Ok(())
}

/// The results as one pretty JSON object.
pub fn json(out: &mut impl Write, results: &SearchResults) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &lupa::json::Results::new(results))?;
    writeln!(out)
}

/// The results of one batch query as one JSON line.
pub fn json_line(out: &mut impl Write, qid: &str, results: &SearchResults) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &lupa::json::Results::new(results).with_qid(qid))?;
    writeln!(out)
}

/// The analyzer's tokens as a table.
pub fn tokens(out: &mut impl Write, tokens: &[lupa::analysis::AnalyzedToken]) -> io::Result<()> {
    let width = tokens
        .iter()
        .map(|t| t.original.chars().count())
        .max()
        .unwrap_or(0)
        .max("original".len());
    writeln!(
        out,
        "{TITLE}{:>8}  {:<width$}  indexed{TITLE:#}",
        "position", "original"
    )?;
    for t in tokens {
        let pad = width.saturating_sub(t.original.chars().count());
        let note = if t.stop_word { "  (stop word)" } else { "" };
        writeln!(
            out,
            "{:>8}  {}{}  {}{DIM}{note}{DIM:#}",
            t.position,
            t.original,
            " ".repeat(pad),
            t.indexed
        )?;
    }
    Ok(())
}

/// A query explanation for a person.
pub fn explanation(out: &mut impl Write, e: &Explanation) -> io::Result<()> {
    writeln!(out, "{TITLE}query{TITLE:#}   {}", e.query)?;
    writeln!(out, "{TITLE}parsed{TITLE:#}  {}", e.parsed)?;
    for part in &e.parts {
        let field = part
            .field
            .as_deref()
            .map(|f| format!("{f}:"))
            .unwrap_or_default();
        writeln!(
            out,
            "\n{TITLE}{} {field}{}{TITLE:#}  → {}",
            part.kind,
            part.text,
            part.searches.join(", ")
        )?;
        for t in &part.terms {
            let docs = t
                .documents
                .map(|n| format!("  in {n} documents"))
                .unwrap_or_default();
            let stop = if t.stop_word { "  (stop word)" } else { "" };
            writeln!(
                out,
                "    {:>2}  {}{DIM}{docs}{stop}{DIM:#}",
                t.position, t.term
            )?;
        }
        if let Some(note) = &part.note {
            writeln!(out, "    {DIM}{note}{DIM:#}")?;
        }
    }
    for x in &e.expansions {
        let label = match x.reason {
            lupa::ExpansionReason::Typo => "in no document, closest word",
            lupa::ExpansionReason::Name => "name, also its closest spelling",
            lupa::ExpansionReason::Related => "related words (thesaurus)",
            _ => "synonyms",
        };
        writeln!(
            out,
            "\n{TITLE}{label}{TITLE:#} {} → {}",
            x.words,
            x.searched.join(" | ")
        )?;
    }
    if let Some(total) = e.total {
        writeln!(out, "\n{total} matching documents")?;
    }
    Ok(())
}

/// Index figures.
pub fn stats(out: &mut impl Write, path: &Path, s: &Stats) -> io::Result<()> {
    writeln!(out, "index        {}", path.display())?;
    let folder = s.info.root.as_ref().map(|p| p.display().to_string());
    writeln!(
        out,
        "folder       {}",
        folder.as_deref().unwrap_or("(none yet)")
    )?;
    writeln!(out, "documents    {}", s.documents)?;
    writeln!(out, "files        {}", s.files)?;
    writeln!(out, "terms        {}", s.terms)?;
    writeln!(out, "size         {:.1} MB", s.size_bytes as f64 / 1e6)?;
    writeln!(out, "segments     {}", s.segments)?;
    if let Some((first, last)) = s.dates {
        writeln!(out, "dates        {first} to {last}")?;
    }
    let last = match s.info.last_sync {
        Some(secs) => utc(secs),
        None => "never".into(),
    };
    writeln!(out, "last sync    {last}")?;
    writeln!(out, "analyzer     version {}", s.info.analyzer_version)
}

/// `secs` since the Unix epoch as `YYYY-MM-DD HH:MM:SS UTC` (proleptic Gregorian
/// calendar).
fn utc(secs: u64) -> String {
    let day =
        i32::try_from(secs / 86_400).map_or(lupa::Day::from_days(i32::MAX), lupa::Day::from_days);
    let rest = secs % 86_400;
    format!(
        "{day} {:02}:{:02}:{:02} UTC",
        rest / 3_600,
        rest % 3_600 / 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    use super::utc;

    #[test]
    fn utc_dates() {
        assert_eq!(utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(utc(951_782_400), "2000-02-29 00:00:00 UTC");
        assert_eq!(utc(1_795_318_116), "2026-11-22 03:28:36 UTC");
    }
}
