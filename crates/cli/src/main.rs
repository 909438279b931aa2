//! `lupa`: index a folder of Spanish text and search it.

mod eval;
mod help;
mod render;

/// jemalloc keeps an indexing run's memory flat (see `Cargo.toml`).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

use anyhow::{Context, Result};
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use lupa::{
    Day, DefaultOperator, FacetKind, Index, Progress, Ranking, SearchOptions, Sort, Symlinks,
    SyncOptions, Synonyms,
};
use lupa_i18n::{tr, Lang};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, OnceLock};

/// The name of the folder that holds an index by default.
const DEFAULT_INDEX_DIR: &str = ".lupa";
/// The collection statistics a push writes in the index folder, for the cluster nodes'
/// `global_idf`.
const CLUSTER_IDF: &str = "cluster.idf";

/// The command line. Its help, in Spanish or English, comes from `lupa-i18n`'s
/// messages (`help.rs`): the definitions here carry no text.
#[derive(Debug, Parser)]
#[command(name = "lupa", version, max_term_width = 100)]
struct Cli {
    #[arg(long, global = true, env = "LUPA_INDEX", value_name = "PATH")]
    index: Option<PathBuf>,
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto, value_name = "WHEN")]
    color: Color,
    // Read before clap parses (the help is in this language), and here so that clap
    // lists and checks it.
    #[arg(long, global = true, env = "LUPA_LANG", value_name = "LANG", value_parser = parse_lang)]
    lang: Option<Lang>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
enum Command {
    Index(IndexArgs),
    Search(SearchArgs),
    Explain(ExplainArgs),
    Analyze(AnalyzeArgs),
    Stats(StatsArgs),
    Serve(ServeArgs),
    Eval(eval::EvalArgs),
    Completions { shell: clap_complete::Shell },
    Man,
}

#[derive(Debug, Args)]
struct IndexArgs {
    dir: PathBuf,
    #[arg(long)]
    rebuild: bool,
    #[arg(short, long)]
    verbose: bool,
    #[arg(long, value_name = "BYTES")]
    max_file_size: Option<u64>,
    #[arg(long, value_name = "FILES", default_value_t = SyncOptions::default().commit_every)]
    commit_every: usize,
    #[command(flatten)]
    links: LinkArgs,
    #[arg(long)]
    watch: bool,
    #[arg(long, value_name = "URL", value_parser = parse_cluster, conflicts_with = "watch")]
    cluster: Option<lupa_cluster::Address>,
}

/// Which symbolic links a walk of the folder follows.
#[derive(Debug, Args)]
struct LinkArgs {
    #[arg(long)]
    follow: bool,
    #[arg(long, requires = "follow")]
    follow_outside: bool,
}

impl LinkArgs {
    fn symlinks(&self) -> Symlinks {
        match (self.follow, self.follow_outside) {
            (false, _) => Symlinks::Skip,
            (true, false) => Symlinks::Inside,
            (true, true) => Symlinks::Anywhere,
        }
    }
}

#[derive(Debug, Args)]
struct ServeArgs {
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
    #[arg(long, value_name = "ADDR:PORT", default_value_t = std::net::SocketAddr::from(([127, 0, 0, 1], lupa_server::DEFAULT_PORT)))]
    bind: std::net::SocketAddr,
    #[arg(long, value_name = "N", default_value_t = 0)]
    threads: usize,
    #[arg(long, value_name = "MS", default_value_t = 5000)]
    time_budget_ms: u64,
    #[arg(long, value_name = "BYTES", requires = "dir")]
    max_file_size: Option<u64>,
    #[arg(long, value_name = "URL", value_parser = parse_cluster, conflicts_with = "dir")]
    cluster: Option<lupa_cluster::Address>,
    #[command(flatten)]
    links: LinkArgs,
    #[command(flatten)]
    synonyms: SynonymArgs,
}

#[derive(Debug, Args)]
struct SearchArgs {
    #[arg(required_unless_present = "queries", conflicts_with = "queries")]
    query: Option<String>,
    #[arg(short = 'n', long, default_value_t = 10)]
    limit: usize,
    #[arg(long, default_value_t = 0)]
    offset: usize,
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    operator: OperatorArgs,
    #[arg(long)]
    lenient: bool,
    #[arg(long, value_name = "FILE")]
    queries: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = BatchFormat::Trec, requires = "queries")]
    format: BatchFormat,
    #[arg(long, value_name = "N", default_value_t = 0, requires = "queries")]
    threads: usize,
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
    #[arg(long, value_name = "ORDER", default_value = "score", allow_hyphen_values = true,
          value_parser = parse_sort)]
    sort: Sort,
    #[arg(long, value_name = "DATE", value_parser = parse_since)]
    since: Option<Day>,
    #[arg(long, value_name = "DATE", value_parser = parse_until)]
    until: Option<Day>,
    #[arg(long, value_name = "LIST", value_delimiter = ',', value_parser = parse_facet)]
    facets: Vec<FacetKind>,
    #[arg(long, value_name = "URL", value_parser = parse_cluster)]
    cluster: Option<lupa_cluster::Address>,
    #[command(flatten)]
    links: LinkArgs,
    #[command(flatten)]
    synonyms: SynonymArgs,
}

fn parse_cluster(text: &str) -> std::result::Result<lupa_cluster::Address, String> {
    lupa_cluster::Address::parse(text).map_err(|e| e.to_string())
}

fn parse_sort(text: &str) -> std::result::Result<Sort, String> {
    Sort::from_name(text).ok_or_else(|| tr!(lang(), "sort-expected"))
}

fn parse_lang(text: &str) -> std::result::Result<Lang, String> {
    Lang::from_code(text).ok_or_else(|| tr!(lang(), "lang-expected"))
}

/// The language of this run's messages, chosen once at start ([`choose_lang`]).
pub(crate) fn lang() -> Lang {
    *LANG.get().unwrap_or(&Lang::En)
}

static LANG: OnceLock<Lang> = OnceLock::new();

/// `--lang` (or `--lang=`) among the arguments, else `LUPA_LANG`, else the locale
/// (`LC_ALL`, `LC_MESSAGES`, `LANG`, as gettext reads them). A value that names no
/// language is left to clap, which reports it.
fn choose_lang() -> Lang {
    let args: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let mut given = None;
    for (i, arg) in args.iter().enumerate() {
        if arg == "--" {
            break;
        }
        if let Some(value) = arg.strip_prefix("--lang=") {
            given = Some(value.to_string());
        } else if arg == "--lang" {
            given = args.get(i + 1).cloned();
        }
    }
    given
        .or_else(|| std::env::var("LUPA_LANG").ok())
        .and_then(|code| Lang::from_code(&code))
        .unwrap_or_else(Lang::from_env)
}

/// The command line with its help in `lang`.
fn command(lang: Lang) -> clap::Command {
    help::localize(Cli::command(), lang).0
}

fn parse_since(text: &str) -> std::result::Result<Day, String> {
    date_bound(text, ">=").map(|(from, _)| from)
}

fn parse_until(text: &str) -> std::result::Result<Day, String> {
    date_bound(text, "<=").map(|(_, to)| to)
}

/// The first and last day of the date `text` as the query's `fecha:` reads it, through
/// the bound `op` (`>=` or `<=`), so that both accept the same forms.
fn date_bound(text: &str, op: &str) -> std::result::Result<(Day, Day), String> {
    use lupa::query::{Date, Query};
    let query = format!("date:{op}{}", text.trim());
    let day = |d: Option<Date>| {
        d.and_then(|d| Day::from_ymd(d.year, u32::from(d.month), u32::from(d.day)))
    };
    match lupa::parser(DefaultOperator::All).parse(&query) {
        Ok(Query::DateRange { range, .. }) => {
            let (from, to) = (day(range.from), day(range.to));
            Ok((
                from.or(to).unwrap_or(Day::from_days(0)),
                to.or(from).unwrap_or(Day::from_days(0)),
            ))
        }
        Ok(_) => Err(tr!(lang(), "date-expected-one")),
        Err(e) => Err(match lupa_i18n::errors::query(lang(), &e) {
            (message, Some(hint)) => format!("{message}; {hint}"),
            (message, None) => message,
        }),
    }
}

fn parse_facet(text: &str) -> std::result::Result<FacetKind, String> {
    FacetKind::from_name(text).ok_or_else(|| tr!(lang(), "facet-expected"))
}

#[derive(Debug, Args)]
pub(crate) struct SynonymArgs {
    #[arg(long, value_name = "FILE", global = true)]
    synonyms: Option<PathBuf>,
    #[arg(long, conflicts_with = "synonyms", global = true)]
    no_synonyms: bool,
    #[arg(long, global = true)]
    no_related: bool,
}

impl SynonymArgs {
    /// The default ranking, with related words off when asked.
    pub(crate) fn ranking(&self) -> Ranking {
        let mut ranking = Ranking::default();
        if self.no_related {
            ranking.related_weight = 0.0;
        }
        ranking
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum BatchFormat {
    /// TREC run lines: `qid Q0 path rank score lupa`
    Trec,
    /// One JSON object per query and line
    Json,
}

#[derive(Debug, Args)]
struct ExplainArgs {
    query: String,
    #[command(flatten)]
    operator: OperatorArgs,
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    synonyms: SynonymArgs,
}

#[derive(Debug, Args)]
struct AnalyzeArgs {
    text: String,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct StatsArgs {
    #[arg(long)]
    json: bool,
}

fn main() -> ExitCode {
    let lang = choose_lang();
    let _ = LANG.set(lang);
    let matches = match command(lang).try_get_matches() {
        Ok(matches) => matches,
        Err(e) => return ExitCode::from(help::argument_error(&e, lang) as u8),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => return ExitCode::from(help::argument_error(&e, lang) as u8),
    };
    std::panic::set_hook(Box::new(|info| {
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = Some(info.to_string());
        }
    }));
    match cli.color {
        Color::Always => anstream::ColorChoice::Always.write_global(),
        Color::Never => anstream::ColorChoice::Never.write_global(),
        Color::Auto => {}
    }
    match std::panic::catch_unwind(|| run(cli)) {
        Ok(Ok(code)) => code,
        Ok(Err(err)) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            report(&err);
            ExitCode::from(2)
        }
        Err(_) => {
            let what = LAST_PANIC.lock().ok().and_then(|mut p| p.take());
            let prefix = tr!(lang, "error-prefix");
            let what = what.unwrap_or_default();
            eprintln!("{prefix} {}", tr!(lang, "internal-error", what = what));
            eprintln!("{prefix} {}", tr!(lang, "report-bug"));
            ExitCode::from(2)
        }
    }
}

/// The message of the last panic, printed only if the panic reaches `main`.
static LAST_PANIC: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// An error as the user reads it: the library's errors in the user's language, then
/// each underlying cause.
fn report(err: &anyhow::Error) {
    let lang = lang();
    let mut stderr = anstream::stderr();
    let _ = writeln!(
        stderr,
        "{} {}",
        tr!(lang, "error-prefix"),
        localized(err, lang)
    );
    for cause in err.chain().skip(1) {
        let cause = cause.to_string();
        let _ = writeln!(stderr, "  {}", tr!(lang, "caused-by", cause = cause));
    }
}

/// The outermost error of `err` in `lang`.
fn localized(err: &anyhow::Error, lang: Lang) -> String {
    if let Some(e) = err.downcast_ref::<lupa::Error>() {
        lupa_i18n::errors::error(lang, e)
    } else if let Some(lupa_cluster::Error::Lupa(e)) = err.downcast_ref::<lupa_cluster::Error>() {
        lupa_i18n::errors::error(lang, e)
    } else if let Some(e) = err.downcast_ref::<lupa::query::ParseError>() {
        lupa_i18n::errors::query_block(lang, e)
    } else {
        err.to_string()
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match &cli.command {
        Command::Index(args) => index(&cli, args),
        Command::Search(args) => search(&cli, args),
        Command::Explain(args) => explain(&cli, args),
        Command::Analyze(args) => {
            let tokens = lupa::analysis::analyze(&args.text);
            let mut out = anstream::stdout().lock();
            if args.json {
                serde_json::to_writer_pretty(&mut out, &tokens)?;
                writeln!(out)?;
            } else {
                render::tokens(&mut out, &tokens)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Stats(args) => stats(&cli, args),
        Command::Serve(args) => serve(&cli, args),
        Command::Eval(args) => eval::run(&index_path(&cli), args),
        Command::Completions { shell } => {
            let mut cmd = command(lang());
            clap_complete::generate(*shell, &mut cmd, "lupa", &mut io::stdout());
            Ok(ExitCode::SUCCESS)
        }
        Command::Man => {
            help::man(command(lang()), lang(), &mut io::stdout().lock())?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Where the index is: `--index`/`LUPA_INDEX`, else `.lupa` in the current folder or
/// the nearest parent that has one, else `.lupa` in the current folder.
fn index_path(cli: &Cli) -> PathBuf {
    if let Some(p) = &cli.index {
        return p.clone();
    }
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    cwd.ancestors()
        .map(|dir| dir.join(DEFAULT_INDEX_DIR))
        .find(|candidate| candidate.join("meta.json").is_file())
        .unwrap_or_else(|| PathBuf::from(DEFAULT_INDEX_DIR))
}

/// The synonyms to search with: `--synonyms FILE`, else `synonyms.txt` in the index
/// folder, else Lupa's Spanish list; none with `--no-synonyms`.
pub(crate) fn synonyms(args: &SynonymArgs, index: &Path) -> Result<Option<Arc<Synonyms>>> {
    if args.no_synonyms {
        return Ok(None);
    }
    let beside = index.join("synonyms.txt");
    let file = args
        .synonyms
        .clone()
        .or_else(|| beside.is_file().then_some(beside));
    Ok(Some(match file {
        Some(file) => Arc::new(Synonyms::from_file(&file)?),
        None => lupa::default_synonyms(),
    }))
}

/// How words side by side combine.
#[derive(Debug, Args)]
pub(crate) struct OperatorArgs {
    #[arg(long, conflicts_with = "any")]
    all: bool,
    #[arg(long)]
    any: bool,
}

impl OperatorArgs {
    pub(crate) fn operator(&self) -> DefaultOperator {
        if self.all {
            DefaultOperator::All
        } else {
            DefaultOperator::Any
        }
    }
}

fn index(cli: &Cli, args: &IndexArgs) -> Result<ExitCode> {
    let path = index_path(cli);
    let mut options = SyncOptions {
        commit_every: args.commit_every,
        symlinks: args.links.symlinks(),
        ..SyncOptions::default()
    };
    if let Some(max) = args.max_file_size {
        options.max_file_size = max;
    }
    let bar = render::progress_bar();
    let mut progress = |p| match p {
        Progress::Walked { files } => bar.set_length(files as u64),
        Progress::File { done, .. } => bar.set_position(done as u64),
        Progress::Committing => bar.set_message(tr!(lang(), "progress-committing")),
    };
    let (index, report) = if args.rebuild {
        Index::rebuild(&path, &args.dir, &options, &mut progress)?
    } else {
        let index = Index::open_or_create(&path)?;
        let report = index.sync(&args.dir, &options, &mut progress)?;
        (index, report)
    };
    bar.finish_and_clear();
    let mut err = anstream::stderr().lock();
    if args.verbose {
        let lang = lang();
        for s in &report.skipped {
            let what = lupa_i18n::errors::skipped(lang, s);
            writeln!(err, "{}", tr!(lang, "skipped-line", what = what))?;
        }
        // Parts of files left out (bad lines) and dates ignored: the file is indexed.
        for s in &report.warnings {
            let what = lupa_i18n::errors::skipped(lang, s);
            writeln!(err, "{}", tr!(lang, "warning-line", what = what))?;
        }
    }
    render::summary(&mut err, &args.dir, &path, &report)?;
    if let Some(address) = &args.cluster {
        let pushed = lupa_cluster::push(&index, address, &lupa_cluster::PushOptions::default())?;
        let idf = path.join(CLUSTER_IDF);
        lupa_cluster::write_global_idf(&index.snapshot(), &idf)?;
        writeln!(
            err,
            "{}",
            tr!(
                lang(),
                "pushed",
                cluster = address.to_string(),
                written = pushed.written,
                deleted = pushed.deleted,
                unchanged = pushed.unchanged,
                idf = idf.display().to_string()
            )
        )?;
    }
    if args.watch {
        let dir = args.dir.display().to_string();
        writeln!(err, "{}", tr!(lang(), "watching", dir = dir))?;
        drop(err);
        let watcher = watch(&index, &args.dir, &path, options)?;
        lupa_server::block_until_signal()?;
        watcher.stop();
    }
    Ok(ExitCode::SUCCESS)
}

/// Syncs `dir` into `index` after each change, printing what each sync did.
fn watch(
    index: &Index,
    dir: &Path,
    path: &Path,
    options: SyncOptions,
) -> Result<lupa_server::Watcher> {
    let (shown_dir, shown_path) = (dir.to_path_buf(), path.to_path_buf());
    let watcher = lupa_server::Watcher::start(index.clone(), dir, options, move |event| {
        let mut err = anstream::stderr().lock();
        let _ = match event {
            lupa_server::WatchEvent::Synced(report) if report.changed() => {
                render::summary(&mut err, &shown_dir, &shown_path, &report)
            }
            lupa_server::WatchEvent::Failed(e) => {
                let reason = localized(&anyhow::Error::new(e), lang());
                let prefix = tr!(lang(), "error-prefix");
                writeln!(
                    err,
                    "{prefix} {}",
                    tr!(lang(), "sync-failed", reason = reason)
                )
            }
            _ => Ok(()),
        };
    })?;
    Ok(watcher)
}

fn serve(cli: &Cli, args: &ServeArgs) -> Result<ExitCode> {
    let path = match (&cli.index, &args.dir) {
        (None, Some(dir)) => dir.join(DEFAULT_INDEX_DIR),
        _ => index_path(cli),
    };
    let mut sync_options = SyncOptions {
        symlinks: args.links.symlinks(),
        ..SyncOptions::default()
    };
    if let Some(max) = args.max_file_size {
        sync_options.max_file_size = max;
    }
    let index = match &args.dir {
        Some(dir) => {
            let index = Index::open_or_create(&path)?;
            let report = index.sync(dir, &sync_options, &mut |_| {})?;
            render::summary(&mut anstream::stderr().lock(), dir, &path, &report)?;
            index
        }
        None => Index::open(&path)?,
    };
    let watcher = match &args.dir {
        Some(dir) => Some(watch(&index, dir, &path, sync_options)?),
        None => None,
    };
    let config = lupa_server::Config {
        bind: args.bind,
        search: SearchOptions {
            synonyms: synonyms(&args.synonyms, &path)?,
            ranking: args.synonyms.ranking(),
            ..SearchOptions::default()
        },
        limits: lupa_server::Limits {
            time_budget: std::time::Duration::from_millis(args.time_budget_ms.max(1)),
            ..lupa_server::Limits::default()
        },
        threads: args.threads,
        lang: lang(),
        cluster: args.cluster.clone(),
        ..lupa_server::Config::default()
    };
    let shown = path.display().to_string();
    lupa_server::serve_until_signal(index, config, |url| {
        let url = url.to_string();
        println!(
            "{}",
            tr!(lang(), "serving", index = shown.as_str(), url = url)
        );
    })?;
    if let Some(watcher) = watcher {
        watcher.stop();
    }
    Ok(ExitCode::SUCCESS)
}

fn search(cli: &Cli, args: &SearchArgs) -> Result<ExitCode> {
    let path = match (&cli.index, &args.dir) {
        (None, Some(dir)) => dir.join(DEFAULT_INDEX_DIR),
        _ => index_path(cli),
    };
    let index = match &args.dir {
        Some(dir) => {
            let index = Index::open_or_create(&path)?;
            let options = SyncOptions {
                symlinks: args.links.symlinks(),
                ..SyncOptions::default()
            };
            let report = index.sync(dir, &options, &mut |_| {})?;
            if report.changed() {
                render::summary(&mut anstream::stderr().lock(), dir, &path, &report)?;
            }
            index
        }
        None => Index::open(&path)?,
    };
    let options = SearchOptions {
        limit: args.limit,
        offset: args.offset,
        operator: args.operator.operator(),
        synonyms: synonyms(&args.synonyms, &path)?,
        ranking: args.synonyms.ranking(),
        lenient: args.lenient,
        sort: args.sort,
        facets: args.facets.clone(),
        since: args.since,
        until: args.until,
        ..SearchOptions::default()
    };
    if let Some(address) = &args.cluster {
        if lupa_cluster::Cluster::supports(&options).is_err() {
            anyhow::bail!(tr!(lang(), "cluster-no-sort-or-facets"));
        }
        let cluster = lupa_cluster::Cluster::new(address.clone()).with_vocabulary(index);
        return search_cluster(&cluster, args, &options);
    }
    if let Some(file) = &args.queries {
        return batch(&index, file, args.format, args.threads, &options);
    }
    let query = query_text(args)?;
    let results = index.search(&query, &options)?;
    print_results(args, &results, &options)
}

/// The query of `lupa search`: as given, or from standard input for `-`.
fn query_text(args: &SearchArgs) -> Result<String> {
    Ok(match args.query.as_deref() {
        Some("-") => {
            let mut text = String::new();
            io::Read::read_to_string(&mut io::stdin(), &mut text)
                .with_context(|| tr!(lang(), "cannot-read-query"))?;
            text.trim_end_matches(['\n', '\r']).to_string()
        }
        other => other.unwrap_or_default().to_string(),
    })
}

/// Prints one search's results as text or JSON; exit code 1 when nothing matched.
fn print_results(
    args: &SearchArgs,
    results: &lupa::SearchResults,
    options: &SearchOptions,
) -> Result<ExitCode> {
    let mut out = anstream::stdout().lock();
    if args.json {
        render::json(&mut out, results)?;
    } else {
        render::hits(&mut out, results, options.offset)?;
    }
    out.flush()?;
    Ok(if results.hits.is_empty() && results.total == 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `lupa search --cluster`: one query, or a batch one query after another, on the
/// cluster, printed as a local search prints them.
fn search_cluster(
    cluster: &lupa_cluster::Cluster,
    args: &SearchArgs,
    options: &SearchOptions,
) -> Result<ExitCode> {
    let Some(file) = &args.queries else {
        let results = cluster.search(&query_text(args)?, options)?;
        return print_results(args, &results, options);
    };
    let text = std::fs::read_to_string(file).with_context(|| {
        tr!(
            lang(),
            "cannot-read-queries",
            path = file.display().to_string()
        )
    })?;
    let options = SearchOptions {
        snippet_chars: if args.format == BatchFormat::Json {
            options.snippet_chars
        } else {
            0
        },
        ..options.clone()
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    let mut any_hit = false;
    for (n, line) in lupa_eval::data_lines(&text) {
        let (qid, query) = match line.split_once('\t') {
            Some((qid, query)) => (qid.to_string(), query),
            None => (n.to_string(), line),
        };
        match cluster.search(query, &options) {
            Ok(results) => {
                any_hit |= !results.hits.is_empty();
                write_batch(&mut out, args.format, &qid, &results, options.offset)?;
            }
            Err(e) => {
                let line = tr!(
                    lang(),
                    "query-failed",
                    file = file.display().to_string(),
                    line = n,
                    qid = qid,
                    error = localized(&anyhow::Error::new(e), lang())
                );
                writeln!(
                    anstream::stderr().lock(),
                    "{} {line}",
                    tr!(lang(), "error-prefix")
                )?;
            }
        }
    }
    out.flush()?;
    Ok(if any_hit {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn batch(
    index: &Index,
    file: &Path,
    format: BatchFormat,
    threads: usize,
    options: &SearchOptions,
) -> Result<ExitCode> {
    let text = std::fs::read_to_string(file).with_context(|| {
        tr!(
            lang(),
            "cannot-read-queries",
            path = file.display().to_string()
        )
    })?;
    // TREC lines need only ids and scores: no stored documents, no suggestions, no
    // count of all matches.
    let json = format == BatchFormat::Json;
    let options = SearchOptions {
        snippet_chars: if json { options.snippet_chars } else { 0 },
        suggest: json,
        documents: json,
        count: json,
        ..options.clone()
    };
    let lines: Vec<(usize, String, &str)> = lupa_eval::data_lines(&text)
        .map(|(n, line)| match line.split_once('\t') {
            Some((qid, query)) => (n, qid.to_string(), query),
            None => (n, n.to_string(), line),
        })
        .collect();
    let queries: Vec<&str> = lines.iter().map(|(_, _, query)| *query).collect();
    let mut out = io::BufWriter::new(io::stdout().lock());
    let mut any_hit = false;
    let mut failed = Ok(());
    index.search_batch(&queries, &options, threads, |at, results| {
        let (n, qid, _) = &lines[at];
        let written = match results {
            Ok(results) => {
                any_hit |= !results.hits.is_empty();
                write_batch(&mut out, format, qid, &results, options.offset)
            }
            Err(e) => {
                let mut err = anstream::stderr().lock();
                let line = tr!(
                    lang(),
                    "query-failed",
                    file = file.display().to_string(),
                    line = *n,
                    qid = qid,
                    error = lupa_i18n::errors::error(lang(), &e)
                );
                writeln!(err, "{} {line}", tr!(lang(), "error-prefix"))
            }
        };
        failed = written;
        failed.is_ok()
    });
    failed?;
    out.flush()?;
    Ok(if any_hit {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// One query's results, as `--format` says.
fn write_batch(
    out: &mut impl Write,
    format: BatchFormat,
    qid: &str,
    results: &lupa::SearchResults,
    offset: usize,
) -> io::Result<()> {
    match format {
        BatchFormat::Trec => {
            for (rank, hit) in results.hits.iter().enumerate() {
                writeln!(
                    out,
                    "{qid} Q0 {} {} {:.6} lupa",
                    hit.id,
                    rank + 1 + offset,
                    hit.score
                )?;
            }
            Ok(())
        }
        BatchFormat::Json => render::json_line(out, qid, results),
    }
}

fn explain(cli: &Cli, args: &ExplainArgs) -> Result<ExitCode> {
    let path = index_path(cli);
    let index = Index::open(&path).ok();
    let options = SearchOptions {
        operator: args.operator.operator(),
        synonyms: synonyms(&args.synonyms, &path)?,
        ranking: args.synonyms.ranking(),
        ..SearchOptions::default()
    };
    let explanation = lupa::explain(index.as_ref(), &args.query, &options)?;
    let mut out = anstream::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &explanation)?;
        writeln!(out)?;
    } else {
        render::explanation(&mut out, &explanation)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn stats(cli: &Cli, args: &StatsArgs) -> Result<ExitCode> {
    let path = index_path(cli);
    let index = Index::open(&path)?;
    let stats = index.stats()?;
    let mut out = anstream::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &stats)?;
        writeln!(out)?;
    } else {
        render::stats(&mut out, &path, &stats)?;
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_definition_is_valid() {
        Cli::command().debug_assert();
        for lang in Lang::ALL {
            command(lang).debug_assert();
        }
    }

    /// Every command, option and value placeholder has its words in both languages.
    #[test]
    fn every_command_and_option_has_help_in_both_languages() {
        for lang in Lang::ALL {
            let (_, missing) = help::localize(Cli::command(), lang);
            assert!(missing.is_empty(), "{lang}: no message for {missing:?}");
        }
    }
}
