//! `scale`: how Lupa's costs grow with the collection.
//!
//! For each size (1×, 2×, 4×, 8× by default) it makes a folder of that many copies of
//! the ELTeC folder and of the fake-news corpus under new names (hard links, so no
//! extra disk), and measures, each in a process or a pass of its own:
//!
//! - a fresh `lupa index` of the folder: wall time, peak resident memory (`VmHWM`) and
//!   peak anonymous memory (`RssAnon`, sampled every 10 ms: the index's own files,
//!   mapped while merging, are page cache and not counted), and the size of the index;
//! - the 1,000 questions, one after the other on one thread, through the library: with
//!   the options of `lupa search` (top 10 with snippets, the count of matches), and with
//!   those of `lupa search --queries` (the ids of the top 10): p50 and p99 of each;
//! - a re-index after 1% of the files changed (every hundredth file gets a new last
//!   line), whose summary must report exactly those files as updated.
//!
//! It prints a Markdown table and writes it, with a PNG plot of the four measures, to
//! `--out` (`docs/PERFORMANCE.md` shows both, "How cost grows").

use anyhow::{bail, Context, Result};
use lupa::{Index, SearchOptions};
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The line every touched file gets, so that its text (and only its) changes.
const TOUCH: &str = "\nNota de la redacción: texto revisado.\n";

/// What `scale` measures, and where.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The ELTeC folder of docs/PERFORMANCE.md (made by ../shared/peers/eltec_prep.py)
    #[arg(long, value_name = "DIR", default_value = "/tmp/eltec")]
    eltec: PathBuf,
    /// The fake-news corpus (JSON lines with a `text`)
    #[arg(
        long,
        value_name = "FILE",
        default_value = "../shared/data/corpus/fakenews-es/fakenews_es.jsonl.gz"
    )]
    fakenews: PathBuf,
    /// The questions, `qid<TAB>question` lines (docs/PERFORMANCE.md says how to make them)
    #[arg(long, value_name = "FILE", default_value = "/tmp/questions.tsv")]
    questions: PathBuf,
    /// The sizes, as multiples of the base folder
    #[arg(long, value_delimiter = ',', default_value = "1,2,4,8")]
    sizes: Vec<usize>,
    /// Rounds over all the sizes, interleaved; each figure is the median of its rounds
    #[arg(long, default_value_t = 3)]
    rounds: usize,
    /// Where the folders and indexes are made (about 1 GB for 8×)
    #[arg(long, value_name = "DIR", default_value = "/tmp/lupa-scale")]
    work: PathBuf,
    /// The `lupa` binary that indexes
    #[arg(long, value_name = "FILE", default_value = "target/release/lupa")]
    lupa: PathBuf,
    /// The TrueType font of the plot's labels
    #[arg(
        long,
        value_name = "FILE",
        default_value = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    )]
    font: PathBuf,
    /// Writes OUT.md (the table) and OUT.png (the plot)
    #[arg(long, value_name = "PATH", default_value = "docs/scaling")]
    out: PathBuf,
}

/// The measures of one size.
struct Row {
    size: usize,
    files: usize,
    text_bytes: u64,
    index_time: Duration,
    index_bytes: u64,
    peak_hwm_kb: u64,
    peak_anon_kb: u64,
    touched: usize,
    reindex_time: Duration,
    p50: Duration,
    p99: Duration,
    ids_p50: Duration,
    ids_p99: Duration,
}

/// Runs the task.
pub fn run(args: &Args) -> Result<std::process::ExitCode> {
    if cfg!(debug_assertions) {
        bail!(
            "the query latencies need an optimized build: \
             cargo build --release -p xtask -p lupa-cli && target/release/xtask scale"
        );
    }
    if !args.lupa.is_file() {
        bail!(
            "no {}: build it with `cargo build --release -p lupa-cli`",
            args.lupa.display()
        );
    }
    if !args.eltec.is_dir() {
        bail!(
            "no folder {}: make it as docs/PERFORMANCE.md says (\"Machine and data\")",
            args.eltec.display()
        );
    }
    if !args.fakenews.is_file() {
        bail!(
            "no {}: the fake-news corpus is in ../shared/data/corpus/fakenews-es/ \
             (or pass --fakenews FILE)",
            args.fakenews.display()
        );
    }
    let questions = read_questions(&args.questions)?;
    std::fs::create_dir_all(&args.work)
        .with_context(|| format!("cannot create {}", args.work.display()))?;
    let fakenews = args.work.join("fakenews");
    write_fakenews(&args.fakenews, &fakenews)?;

    let mut measured: Vec<Vec<Row>> = args.sizes.iter().map(|_| Vec::new()).collect();
    for round in 1..=args.rounds.max(1) {
        for (&size, rounds) in args.sizes.iter().zip(&mut measured) {
            let folder = args.work.join(format!("folder-{size}"));
            make_folder(&folder, size, &args.eltec, &fakenews)?;
            let index = args.work.join(format!("index-{size}"));
            let row = measure(args, size, &folder, &index, &questions)?;
            eprintln!(
                "round {round}, {size}×: {} files indexed in {:.2} s, re-index {:.2} s, \
                 p50 {:.2} ms, p99 {:.2} ms",
                row.files,
                row.index_time.as_secs_f64(),
                row.reindex_time.as_secs_f64(),
                ms(row.p50),
                ms(row.p99)
            );
            rounds.push(row);
            // Both are made again for the next round: keep the disk free.
            remove(&index)?;
            remove(&folder)?;
        }
    }
    let rows: Vec<Row> = measured.into_iter().map(median).collect();
    let table = table(&rows, questions.len(), args.rounds.max(1));
    print!("{table}");
    let md = args.out.with_extension("md");
    std::fs::write(&md, &table).with_context(|| format!("cannot write {}", md.display()))?;
    let png = args.out.with_extension("png");
    plot(&rows, &args.font, &png)?;
    eprintln!("wrote {} and {}", md.display(), png.display());
    Ok(std::process::ExitCode::SUCCESS)
}

fn measure(
    args: &Args,
    size: usize,
    folder: &Path,
    index: &Path,
    questions: &[String],
) -> Result<Row> {
    remove(index)?;
    let (files, text_bytes) = folder_size(folder)?;
    let build = lupa_index(&args.lupa, folder, index)?;
    let index_bytes = folder_size(index)?.1;

    let searched = latencies(index, questions, &SearchOptions::default())?;
    let ranked = latencies(index, questions, &ids_only())?;

    let touched = touch(folder)?;
    let reindex = lupa_index(&args.lupa, folder, index)?;
    let updated = updated(&reindex.summary)
        .with_context(|| format!("no count of updated files in {:?}", reindex.summary))?;
    if updated != touched {
        bail!(
            "{touched} files changed but the re-index reports {updated} updated: {}",
            reindex.summary
        );
    }
    Ok(Row {
        size,
        files,
        text_bytes,
        index_time: build.time,
        index_bytes,
        peak_hwm_kb: build.peak_hwm_kb,
        peak_anon_kb: build.peak_anon_kb,
        touched,
        reindex_time: reindex.time,
        p50: percentile(&searched, 0.50),
        p99: percentile(&searched, 0.99),
        ids_p50: percentile(&ranked, 0.50),
        ids_p99: percentile(&ranked, 0.99),
    })
}

/// One `lupa index` process.
struct Build {
    time: Duration,
    peak_hwm_kb: u64,
    peak_anon_kb: u64,
    summary: String,
}

/// Runs `lupa index FOLDER --index INDEX`, sampling its memory until it exits.
fn lupa_index(lupa: &Path, folder: &Path, index: &Path) -> Result<Build> {
    let start = Instant::now();
    let mut child = Command::new(lupa)
        .args(["--lang", "en", "index"])
        .arg(folder)
        .arg("--index")
        .arg(index)
        .stdout(Stdio::null())
        // The summary line is on stderr.
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot start {}", lupa.display()))?;
    // Read as it comes, so that a full pipe never stops the child.
    let err = child.stderr.take();
    let reader = std::thread::spawn(move || -> std::io::Result<String> {
        let mut last = String::new();
        if let Some(err) = err {
            for line in std::io::BufReader::new(err).lines() {
                last = line?;
            }
        }
        Ok(last)
    });
    let status_file = PathBuf::from(format!("/proc/{}/status", child.id()));
    let (mut hwm, mut anon) = (0, 0);
    let status = loop {
        if let Ok(status) = std::fs::read_to_string(&status_file) {
            hwm = hwm.max(status_kb(&status, "VmHWM:"));
            anon = anon.max(status_kb(&status, "RssAnon:"));
        }
        if let Some(status) = child.try_wait()? {
            break status;
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let time = start.elapsed();
    let summary = reader
        .join()
        .unwrap_or_else(|p| std::panic::resume_unwind(p))?;
    if !status.success() {
        bail!(
            "`lupa index {}` failed ({status}): {summary}",
            folder.display()
        );
    }
    Ok(Build {
        time,
        peak_hwm_kb: hwm,
        peak_anon_kb: anon,
        summary,
    })
}

/// A `Name:   123 kB` line of `/proc/PID/status`, in kB (0 when absent).
fn status_kb(status: &str, name: &str) -> u64 {
    status
        .lines()
        .find_map(|line| line.strip_prefix(name))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// The `N updated` of a sync's summary line.
fn updated(summary: &str) -> Option<usize> {
    let before = summary.split(" updated").next()?;
    before.rsplit(' ').next()?.parse().ok()
}

/// The work of a TREC batch (`lupa search --queries`) and of a peer's query loop: the
/// ids of the top 10, no stored text, no snippets, no count of all matches.
fn ids_only() -> SearchOptions {
    SearchOptions {
        snippet_chars: 0,
        suggest: false,
        documents: false,
        count: false,
        ..SearchOptions::default()
    }
}

/// Each question searched once, in order, on this thread, by a newly opened index (so
/// that no pass finds the lookups of another).
fn latencies(index: &Path, questions: &[String], options: &SearchOptions) -> Result<Vec<Duration>> {
    let index = Index::open(index)?;
    let mut times = Vec::with_capacity(questions.len());
    for question in questions {
        let start = Instant::now();
        let results = index
            .search(question, options)
            .with_context(|| format!("the question {question:?} failed"))?;
        times.push(start.elapsed());
        std::hint::black_box(results);
    }
    times.sort();
    Ok(times)
}

/// Each measure's median over the rounds of one size (the rounds are not empty).
fn median(rounds: Vec<Row>) -> Row {
    fn mid<T: Ord + Copy>(rounds: &[Row], f: impl Fn(&Row) -> T) -> T {
        let mut values: Vec<T> = rounds.iter().map(f).collect();
        values.sort();
        values[values.len() / 2]
    }
    Row {
        size: rounds[0].size,
        files: rounds[0].files,
        text_bytes: rounds[0].text_bytes,
        index_time: mid(&rounds, |r| r.index_time),
        index_bytes: mid(&rounds, |r| r.index_bytes),
        peak_hwm_kb: mid(&rounds, |r| r.peak_hwm_kb),
        peak_anon_kb: mid(&rounds, |r| r.peak_anon_kb),
        touched: rounds[0].touched,
        reindex_time: mid(&rounds, |r| r.reindex_time),
        p50: mid(&rounds, |r| r.p50),
        p99: mid(&rounds, |r| r.p99),
        ids_p50: mid(&rounds, |r| r.ids_p50),
        ids_p99: mid(&rounds, |r| r.ids_p99),
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    // Nearest rank.
    let rank = (p * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn read_questions(path: &Path) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(path).with_context(|| {
        format!(
            "cannot read the questions {}: docs/PERFORMANCE.md (\"Machine and data\") says how \
             to make them",
            path.display()
        )
    })?;
    let questions: Vec<String> = lupa_eval::data_lines(&text)
        .map(|(_, line)| line.split_once('\t').map_or(line, |(_, q)| q).to_string())
        .collect();
    if questions.is_empty() {
        bail!("no questions in {}", path.display());
    }
    Ok(questions)
}

/// The fake-news articles as `fakenews-N.txt` files, N the line (the corpus repeats ids
/// across its parts), their first line the headline.
fn write_fakenews(corpus: &Path, out: &Path) -> Result<()> {
    if out.is_dir() {
        return Ok(());
    }
    let partial = out.with_extension("partial");
    remove(&partial)?;
    std::fs::create_dir_all(&partial)?;
    let file =
        std::fs::File::open(corpus).with_context(|| format!("cannot open {}", corpus.display()))?;
    let reader = std::io::BufReader::new(flate2::read::GzDecoder::new(file));
    for (n, line) in reader.lines().enumerate() {
        let line = line.with_context(|| format!("cannot read {}", corpus.display()))?;
        let article: serde_json::Value = serde_json::from_str(&line)
            .with_context(|| format!("{} line {}: not JSON", corpus.display(), n + 1))?;
        let Some(text) = article["text"].as_str() else {
            bail!("{} line {}: no `text` string", corpus.display(), n + 1);
        };
        std::fs::write(partial.join(format!("fakenews-{:04}.txt", n + 1)), text)?;
    }
    std::fs::rename(&partial, out)?;
    Ok(())
}

/// `folder/cI/eltec` and `folder/cI/fakenews` for I below `size`, hard links to the
/// files of the two sources (copies where links cannot be made).
fn make_folder(folder: &Path, size: usize, eltec: &Path, fakenews: &Path) -> Result<()> {
    remove(folder)?;
    for copy in 0..size {
        let at = folder.join(format!("c{copy}"));
        link_tree(eltec, &at.join("eltec"))?;
        link_tree(fakenews, &at.join("fakenews"))?;
    }
    Ok(())
}

fn link_tree(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to).with_context(|| format!("cannot create {}", to.display()))?;
    for entry in
        std::fs::read_dir(from).with_context(|| format!("cannot read {}", from.display()))?
    {
        let entry = entry?;
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        if entry.file_type()?.is_dir() {
            link_tree(&source, &target)?;
        } else if std::fs::hard_link(&source, &target).is_err() {
            std::fs::copy(&source, &target)
                .with_context(|| format!("cannot copy {}", source.display()))?;
        }
    }
    Ok(())
}

/// Every file under `dir`, sorted.
fn files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in
            std::fs::read_dir(&dir).with_context(|| format!("cannot read {}", dir.display()))?
        {
            let entry = entry?;
            if entry.file_type()?.is_dir() {
                pending.push(entry.path());
            } else {
                found.push(entry.path());
            }
        }
    }
    found.sort();
    Ok(found)
}

/// How many files `dir` holds, and their bytes.
fn folder_size(dir: &Path) -> Result<(usize, u64)> {
    let files = files(dir)?;
    let mut bytes = 0;
    for file in &files {
        bytes += std::fs::metadata(file)?.len();
    }
    Ok((files.len(), bytes))
}

/// Gives every hundredth file of `folder` a new last line, as a file of its own (its
/// hard link broken, so no other copy changes). Returns how many changed.
fn touch(folder: &Path) -> Result<usize> {
    let mut touched = 0;
    for file in files(folder)?.iter().step_by(100) {
        let mut text = std::fs::read(file)?;
        text.extend_from_slice(TOUCH.as_bytes());
        std::fs::remove_file(file)?;
        std::fs::write(file, text).with_context(|| format!("cannot write {}", file.display()))?;
        touched += 1;
    }
    Ok(touched)
}

fn remove(path: &Path) -> Result<()> {
    match std::fs::remove_dir_all(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(e).with_context(|| format!("cannot remove {}", path.display()))
        }
        _ => Ok(()),
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

fn table(rows: &[Row], questions: usize, rounds: usize) -> String {
    let mut out = String::from(
        "| size | files | text | index | index time | time / 1× | peak RssAnon | VmHWM | \
         re-index after 1% | search p50 | p99 | top-10 ids p50 | p99 |\n\
         |---|---|---|---|---|---|---|---|---|---|---|---|---|\n",
    );
    let base = rows.first().map_or(1.0, |r| r.index_time.as_secs_f64());
    for r in rows {
        out += &format!(
            "| {}× | {} | {:.1} MB | {:.1} MB | {:.2} s | {:.2}× | {:.0} MB | {:.0} MB | {:.2} s \
             ({} files) | {:.2} ms | {:.2} ms | {:.2} ms | {:.2} ms |\n",
            r.size,
            r.files,
            mb(r.text_bytes),
            mb(r.index_bytes),
            r.index_time.as_secs_f64(),
            r.index_time.as_secs_f64() / base,
            r.peak_anon_kb as f64 / 1e3,
            r.peak_hwm_kb as f64 / 1e3,
            r.reindex_time.as_secs_f64(),
            r.touched,
            ms(r.p50),
            ms(r.p99),
            ms(r.ids_p50),
            ms(r.ids_p99),
        );
    }
    out += &format!(
        "\nMedians of {rounds} interleaved rounds. Latencies: the {questions} questions one after \
         the other on one thread, on the fresh build: \"search\" with the \
         options of `lupa search` (top 10 with their text, snippets, the count of matches), \
         \"top-10 ids\" with those of `lupa search --queries` (ids and scores only).\n"
    );
    out
}

/// Four panels against the size: index time (with the line of linear growth), query
/// latency, memory and index size, re-index time.
fn plot(rows: &[Row], font: &Path, png: &Path) -> Result<()> {
    use plotters::prelude::*;

    let bytes = std::fs::read(font).with_context(|| {
        format!(
            "cannot read the font {} (Debian: fonts-dejavu-core; or pass --font FILE)",
            font.display()
        )
    })?;
    // The plotting library keeps fonts for the life of the process.
    let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    plotters::style::register_font("sans-serif", FontStyle::Normal, bytes)
        .map_err(|_| anyhow::anyhow!("{} is not a TrueType font", font.display()))?;

    let draw = || -> std::result::Result<(), Box<dyn std::error::Error>> {
        let root = BitMapBackend::new(png, (1200, 900)).into_drawing_area();
        root.fill(&WHITE)?;
        let panels = root.split_evenly((2, 2));
        let sizes: Vec<f64> = rows.iter().map(|r| r.size as f64).collect();
        let x_max = sizes.iter().copied().fold(1.0, f64::max) * 1.05;
        let base = rows.first().map_or(0.0, |r| r.index_time.as_secs_f64());
        type Series<'a> = (&'a str, RGBColor, Vec<(f64, f64)>);
        let points = |f: &dyn Fn(&Row) -> f64| -> Vec<(f64, f64)> {
            rows.iter().map(|r| (r.size as f64, f(r))).collect()
        };
        let charts: [(&str, &str, Vec<Series>); 4] = [
            (
                "Full index",
                "seconds",
                vec![
                    ("lupa index", BLUE, points(&|r| r.index_time.as_secs_f64())),
                    (
                        "linear growth from 1×",
                        RGBColor(150, 150, 150),
                        points(&|r| base * r.size as f64 / sizes[0]),
                    ),
                ],
            ),
            (
                "One question, one thread",
                "milliseconds",
                vec![
                    ("search, p50", BLUE, points(&|r| ms(r.p50))),
                    ("search, p99", RED, points(&|r| ms(r.p99))),
                    (
                        "top-10 ids, p50",
                        RGBColor(100, 170, 255),
                        points(&|r| ms(r.ids_p50)),
                    ),
                    (
                        "top-10 ids, p99",
                        RGBColor(255, 150, 150),
                        points(&|r| ms(r.ids_p99)),
                    ),
                ],
            ),
            (
                "Memory while indexing, and index size",
                "MB",
                vec![
                    (
                        "peak RssAnon",
                        BLUE,
                        points(&|r| r.peak_anon_kb as f64 / 1e3),
                    ),
                    (
                        "index size",
                        RGBColor(0, 140, 0),
                        points(&|r| mb(r.index_bytes)),
                    ),
                ],
            ),
            (
                "Re-index after 1% of the files changed",
                "seconds",
                vec![(
                    "lupa index",
                    BLUE,
                    points(&|r| r.reindex_time.as_secs_f64()),
                )],
            ),
        ];
        for (panel, (title, unit, series)) in panels.iter().zip(charts) {
            let y_max = series
                .iter()
                .flat_map(|(_, _, p)| p.iter().map(|&(_, y)| y))
                .fold(0.0, f64::max)
                * 1.15;
            let mut chart = ChartBuilder::on(panel)
                .caption(title, ("sans-serif", 22))
                .margin(12)
                .x_label_area_size(40)
                .y_label_area_size(60)
                .build_cartesian_2d(0.0..x_max, 0.0..y_max.max(1e-3))?;
            chart
                .configure_mesh()
                .x_desc("collection size (× ELTeC + fake news)")
                .y_desc(unit)
                .label_style(("sans-serif", 14))
                .light_line_style(WHITE)
                .draw()?;
            for (label, color, points) in series {
                chart
                    .draw_series(LineSeries::new(points.clone(), color.stroke_width(2)))?
                    .label(label)
                    .legend(move |(x, y)| {
                        PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2))
                    });
                chart.draw_series(
                    points
                        .iter()
                        .map(|&(x, y)| Circle::new((x, y), 4, color.filled())),
                )?;
            }
            chart
                .configure_series_labels()
                .position(SeriesLabelPosition::UpperLeft)
                .background_style(WHITE.mix(0.8))
                .border_style(BLACK)
                .label_font(("sans-serif", 14))
                .draw()?;
        }
        root.present()?;
        Ok(())
    };
    draw().map_err(|e| anyhow::anyhow!("cannot draw {}: {e}", png.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_summary_and_the_status() {
        let summary = "/tmp/x: 0 added, 141 updated, 0 removed, 13901 unchanged, 0 skipped \
                       (141 documents written) in 0.31 s; index /tmp/i";
        assert_eq!(updated(summary), Some(141));
        assert_eq!(updated("nothing here"), None);
        let status = "Name:\tlupa\nVmHWM:\t  146316 kB\nRssAnon:\t   98000 kB\n";
        assert_eq!(status_kb(status, "VmHWM:"), 146_316);
        assert_eq!(status_kb(status, "RssAnon:"), 98_000);
        assert_eq!(status_kb(status, "VmSwap:"), 0);
    }

    #[test]
    fn percentiles_are_nearest_rank() {
        let times: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(percentile(&times, 0.50), Duration::from_millis(50));
        assert_eq!(percentile(&times, 0.99), Duration::from_millis(99));
        assert_eq!(percentile(&[], 0.99), Duration::ZERO);
    }
}
