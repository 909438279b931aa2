//! How results look: on a terminal, in a pipe, and as JSON.

use crate::lang;
use anstyle::{AnsiColor, Style};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use lupa::{Explanation, SearchResults, SkipReason, Stats, SyncReport};
use lupa_i18n::tr;
use std::io::{self, Write};
use std::path::Path;

const TITLE: Style = Style::new().bold();
const MATCH: Style = AnsiColor::Red.on_default().bold();
const DIM: Style = Style::new().dimmed();
const PATH: Style = AnsiColor::Magenta.on_default();

/// A progress bar on stderr, drawn only when stderr is a terminal.
pub fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
    let files = tr!(lang(), "progress-files");
    bar.set_style(
        ProgressStyle::with_template(&format!(
            "{{spinner}} {{pos}}/{{len}} {files} {{wide_bar}} {{eta}} {{msg}}"
        ))
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

/// The one-line summary of an index run.
pub fn summary(out: &mut impl Write, dir: &Path, index: &Path, r: &SyncReport) -> io::Result<()> {
    let line = tr!(
        lang(),
        "summary",
        dir = dir.display().to_string(),
        added = r.added,
        updated = r.updated,
        removed = r.removed,
        unchanged = r.unchanged,
        skipped = r.skipped.len(),
        documents = r.documents,
        seconds = format!("{:.2}", r.elapsed.as_secs_f64()),
        index = index.display().to_string()
    );
    writeln!(out, "{line}")?;
    too_large(out, r)?;
    if !r.warnings.is_empty() {
        let line = tr!(lang(), "warnings-summary", count = r.warnings.len());
        writeln!(out, "{line}")?;
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
    let mut names: Vec<String> = big
        .iter()
        .take(NAMED)
        .map(|(path, size, _)| format!("{path} ({})", megabytes(*size)))
        .collect();
    if big.len() > NAMED {
        names.push(tr!(lang(), "and-more", count = big.len() - NAMED));
    }
    let line = tr!(
        lang(),
        "too-large",
        count = big.len(),
        limit = megabytes(big[0].2),
        names = names.join(", "),
        largest = largest
    );
    writeln!(out, "{line}")
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

/// Ranked hits for a person.
pub fn hits(out: &mut impl Write, results: &SearchResults, offset: usize) -> io::Result<()> {
    let lang = lang();
    let suggestion = |out: &mut dyn Write| -> io::Result<()> {
        match &results.suggestion {
            Some(s) => {
                let styled = format!("{TITLE}{s}{TITLE:#}");
                writeln!(out, "{}", tr!(lang, "did-you-mean", suggestion = styled))
            }
            None => Ok(()),
        }
    };
    if results.hits.is_empty() {
        let line = tr!(lang, "no-results", query = results.query.as_str());
        writeln!(out, "{line}")?;
        return suggestion(out);
    }
    for (i, hit) in results.hits.iter().enumerate() {
        let title = if hit.title.is_empty() {
            &hit.id
        } else {
            &hit.title
        };
        writeln!(out, "{:>2}. {TITLE}{title}{TITLE:#}", offset + i + 1)?;
        let score = tr!(lang, "hit-score", score = format!("{:.2}", hit.score));
        writeln!(out, "    {PATH}{}{PATH:#} {DIM}{score}{DIM:#}", hit.id)?;
        let mut about = Vec::new();
        if let Some(date) = hit.date {
            // A file's modification day is only a guess at the date: say so.
            about.push(if hit.date_from_file {
                tr!(lang, "date-from-file", date = date.to_string())
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
    let range = tr!(
        lang,
        "results-range",
        first = offset + 1,
        last = offset + shown,
        total = results.total
    );
    writeln!(out, "{DIM}{range}{DIM:#}")?;
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
            tr!(lang(), "facet-none")
        } else {
            counts.join(" · ")
        };
        let name = match facet.kind {
            lupa::FacetKind::Source => tr!(lang(), "facet-source"),
            lupa::FacetKind::Year => tr!(lang(), "facet-year"),
        };
        writeln!(out, "{name}: {counts}")?;
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
    let lang = lang();
    let (position, original, indexed) = (
        tr!(lang, "analyze-position"),
        tr!(lang, "analyze-original"),
        tr!(lang, "analyze-indexed"),
    );
    let width = tokens
        .iter()
        .map(|t| t.original.chars().count())
        .max()
        .unwrap_or(0)
        .max(original.chars().count());
    let at = position.chars().count().max(8);
    writeln!(
        out,
        "{TITLE}{position:>at$}  {original:<width$}  {indexed}{TITLE:#}"
    )?;
    let stop = tr!(lang, "stop-word");
    for t in tokens {
        let pad = width.saturating_sub(t.original.chars().count());
        let note = if t.stop_word {
            format!("  {stop}")
        } else {
            String::new()
        };
        writeln!(
            out,
            "{:>at$}  {}{}  {}{DIM}{note}{DIM:#}",
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
    let lang = lang();
    let (query, parsed) = (tr!(lang, "explain-query"), tr!(lang, "explain-parsed"));
    let width = query.chars().count().max(parsed.chars().count()) + 2;
    writeln!(
        out,
        "{TITLE}{query}{TITLE:#}{}{}",
        pad(&query, width),
        e.query
    )?;
    writeln!(
        out,
        "{TITLE}{parsed}{TITLE:#}{}{}",
        pad(&parsed, width),
        e.parsed
    )?;
    for part in &e.parts {
        let field = part
            .field
            .as_deref()
            .map(|f| format!("{f}:"))
            .unwrap_or_default();
        let kind = match part.kind {
            "word" => tr!(lang, "explain-word"),
            "phrase" => tr!(lang, "explain-phrase"),
            "prefix" => tr!(lang, "explain-prefix"),
            "fuzzy" => tr!(lang, "explain-fuzzy"),
            other => other.to_string(),
        };
        writeln!(
            out,
            "\n{TITLE}{kind} {field}{}{TITLE:#}  → {}",
            part.text,
            part.searches.join(", ")
        )?;
        let stop = tr!(lang, "stop-word");
        for t in &part.terms {
            let docs = t
                .documents
                .map(|n| format!("  {}", tr!(lang, "explain-in-documents", count = n)))
                .unwrap_or_default();
            let stop = if t.stop_word {
                format!("  {stop}")
            } else {
                String::new()
            };
            writeln!(
                out,
                "    {:>2}  {}{DIM}{docs}{stop}{DIM:#}",
                t.position, t.term
            )?;
        }
        let note = match part.about {
            Some(lupa::PartNote::Prefix { max }) => {
                Some(tr!(lang, "explain-note-prefix", max = max))
            }
            Some(lupa::PartNote::Fuzzy { distance }) => Some(tr!(
                lang,
                "explain-note-fuzzy",
                distance = u32::from(distance)
            )),
            Some(lupa::PartNote::SeveralTokens) => Some(tr!(lang, "explain-note-tokens")),
            Some(lupa::PartNote::StopWord) => Some(tr!(lang, "explain-note-stop-word")),
            Some(lupa::PartNote::Slop(slop)) => Some(tr!(lang, "explain-note-slop", slop = slop)),
            _ => part.note.clone(),
        };
        if let Some(note) = note {
            writeln!(out, "    {DIM}{note}{DIM:#}")?;
        }
    }
    for x in &e.expansions {
        let label = match x.reason {
            lupa::ExpansionReason::Typo => tr!(lang, "explain-typo"),
            lupa::ExpansionReason::Name => tr!(lang, "explain-name"),
            lupa::ExpansionReason::Related => tr!(lang, "explain-related"),
            _ => tr!(lang, "explain-synonyms"),
        };
        writeln!(
            out,
            "\n{TITLE}{label}{TITLE:#} {} → {}",
            x.words,
            x.searched.join(" | ")
        )?;
    }
    if let Some(total) = e.total {
        writeln!(out, "\n{}", tr!(lang, "matching-documents", count = total))?;
    }
    Ok(())
}

/// Spaces that take `label` to `width` characters.
fn pad(label: &str, width: usize) -> String {
    " ".repeat(width.saturating_sub(label.chars().count()))
}

/// Index figures.
pub fn stats(out: &mut impl Write, path: &Path, s: &Stats) -> io::Result<()> {
    let lang = lang();
    let folder = s.info.root.as_ref().map(|p| p.display().to_string());
    let last = match s.info.last_sync {
        Some(secs) => utc(secs),
        None => tr!(lang, "stats-never"),
    };
    let mut rows = vec![
        (tr!(lang, "stats-index"), path.display().to_string()),
        (
            tr!(lang, "stats-folder"),
            folder.unwrap_or_else(|| tr!(lang, "stats-none-yet")),
        ),
        (tr!(lang, "stats-documents"), s.documents.to_string()),
        (tr!(lang, "stats-files"), s.files.to_string()),
        (tr!(lang, "stats-terms"), s.terms.to_string()),
        (
            tr!(lang, "stats-size"),
            format!("{:.1} MB", s.size_bytes as f64 / 1e6),
        ),
        (tr!(lang, "stats-segments"), s.segments.to_string()),
    ];
    if let Some((first, last)) = s.dates {
        let range = tr!(
            lang,
            "stats-date-range",
            first = first.to_string(),
            last = last.to_string()
        );
        rows.push((tr!(lang, "stats-dates"), range));
    }
    rows.push((tr!(lang, "stats-last-sync"), last));
    let version = tr!(
        lang,
        "stats-analyzer-version",
        version = s.info.analyzer_version
    );
    rows.push((tr!(lang, "stats-analyzer"), version));
    let width = rows
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0)
        .max(12)
        + 1;
    for (label, value) in rows {
        writeln!(out, "{label}{}{value}", pad(&label, width))?;
    }
    Ok(())
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
