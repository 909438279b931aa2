//! The server: its settings, its routes and middleware, following the index's
//! commits, and stopping cleanly.

use crate::error::{Error, Result};
use crate::params::{check_expansions, check_length, BadRequest, SearchParams};
use crate::pool::{Pool, PoolError};
use crate::{api, pages};
use axum::http::{header, HeaderValue, StatusCode};
use axum::routing::get;
use axum::Router;
use lupa::{DefaultOperator, Index, SearchOptions, SearchResults};
use std::future::Future;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::time::Instant;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

/// The port `lupa serve` listens on unless told otherwise (on 127.0.0.1).
pub const DEFAULT_PORT: u16 = 7071;

/// Scripts, frames, plugins and other sites are forbidden; styles come only from this
/// server (`/static/lupa.css`). The page needs no script at all, so nothing a document
/// holds can run, even if it slipped past escaping.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self'; \
     form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where to listen; `127.0.0.1:7071` by default ([`DEFAULT_PORT`]). Port 0 picks a
    /// free port.
    pub bind: SocketAddr,
    /// The options every search starts from (synonyms, ranking, snippet length); each
    /// request sets the limit, the offset and the operator.
    pub search: SearchOptions,
    /// What a request may ask for.
    pub limits: Limits,
    /// How many searches run at once (0: one per core).
    pub threads: usize,
    /// How often to look for a commit of another process (the index's `meta.json`).
    pub reload_every: Duration,
    /// The language of the pages for a browser that asks for neither Spanish nor
    /// English (`Accept-Language`), unless the address says `?lang=` (Spanish by
    /// default).
    pub lang: lupa_i18n::Lang,
    /// Searches go to this Sphinx or Manticore cluster (pushed from the index with
    /// `lupa index --cluster`) instead of the index, which still gives the vocabulary
    /// for prefixes and typos, the documents and the figures.
    pub cluster: Option<lupa_cluster::Address>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            bind: SocketAddr::from((Ipv4Addr::LOCALHOST, DEFAULT_PORT)),
            search: SearchOptions::default(),
            limits: Limits::default(),
            threads: 0,
            reload_every: Duration::from_millis(200),
            lang: lupa_i18n::Lang::Es,
            cluster: None,
        }
    }
}

/// What a request may ask for; beyond these it gets a 4xx or 503 answer that says why.
#[derive(Debug, Clone)]
pub struct Limits {
    /// The longest query, in characters (400).
    pub max_query_chars: usize,
    /// Hits per page when a request does not say (10, as `lupa search`).
    pub default_limit: usize,
    /// The most hits one request may ask for (400).
    pub max_limit: usize,
    /// The most hits one request may skip (400).
    pub max_offset: usize,
    /// The largest request body, in bytes (413).
    pub max_body_bytes: usize,
    /// The most prefix and fuzzy words in one query (400): each expands to many words.
    pub max_expansions: usize,
    /// How long a search may wait for a thread and run (503 past it).
    pub time_budget: Duration,
    /// How many searches may wait for a thread before new ones are turned away (503).
    pub max_waiting: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_query_chars: 1_000,
            default_limit: 10,
            max_limit: 1_000,
            max_offset: 10_000,
            max_body_bytes: 16 * 1024,
            max_expansions: 16,
            time_budget: Duration::from_secs(5),
            max_waiting: 1_024,
        }
    }
}

/// What every request can reach.
pub(crate) struct Shared {
    pub index: Index,
    pub options: SearchOptions,
    pub limits: Limits,
    pub pool: Pool,
    /// Bumped each time a new commit is made visible.
    pub version: AtomicU64,
    /// Figures of the index, with the version they were counted at.
    pub stats: Mutex<Option<(u64, Arc<lupa::Stats>)>>,
    /// The pages' language when the request does not choose one.
    pub lang: lupa_i18n::Lang,
    /// Where searches go instead of the index, if anywhere.
    pub cluster: Option<lupa_cluster::Cluster>,
}

pub(crate) type State = Arc<Shared>;

/// A server bound to its address, not yet answering.
pub struct Server {
    listener: TcpListener,
    addr: SocketAddr,
    shared: State,
    reload_every: Duration,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server").field("addr", &self.addr).finish()
    }
}

impl Server {
    /// Listens on [`Config::bind`] for `index`.
    pub async fn bind(index: Index, config: Config) -> Result<Server> {
        let listener = TcpListener::bind(config.bind)
            .await
            .map_err(|source| Error::Bind {
                addr: config.bind,
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| Error::Bind {
            addr: config.bind,
            source,
        })?;
        let threads = match config.threads {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        };
        let cluster = config
            .cluster
            .map(|address| lupa_cluster::Cluster::new(address).with_vocabulary(index.clone()));
        let shared = Arc::new(Shared {
            cluster,
            index,
            pool: Pool::new(threads, config.limits.max_waiting).map_err(Error::Runtime)?,
            options: config.search,
            limits: config.limits,
            version: AtomicU64::new(0),
            stats: Mutex::new(None),
            lang: config.lang,
        });
        Ok(Server {
            listener,
            addr,
            shared,
            reload_every: config.reload_every,
        })
    }

    /// The address listened on (with the port picked, when 0 was asked for).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The page's address, `http://127.0.0.1:7071/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Answers requests until `shutdown` completes; then stops accepting connections,
    /// lets the requests in flight finish (for at most the time budget and a second),
    /// and returns.
    pub async fn run(self, shutdown: impl Future<Output = ()> + Send + 'static) -> Result<()> {
        let (stop, stopped) = tokio::sync::watch::channel(false);
        tokio::spawn(async move {
            shutdown.await;
            let _ = stop.send(true);
        });
        let follow = tokio::spawn(follow_commits(self.shared.clone(), self.reload_every));
        let grace = self.shared.limits.time_budget + Duration::from_secs(1);
        let app = router(self.shared);
        let serve = axum::serve(self.listener, app).with_graceful_shutdown(until(stopped.clone()));
        let result = tokio::select! {
            served = std::future::IntoFuture::into_future(serve) => served.map_err(Error::Serve),
            _ = async { until(stopped).await; tokio::time::sleep(grace).await } => Ok(()),
        };
        follow.abort();
        result
    }
}

/// Waits until `flag` turns true (or its sender is gone).
async fn until(mut flag: tokio::sync::watch::Receiver<bool>) {
    let _ = flag.wait_for(|stop| *stop).await;
}

fn router(shared: State) -> Router {
    let limits = shared.limits.clone();
    let header = |name, value: &'static str| {
        SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value))
    };
    Router::new()
        .route("/", get(pages::search))
        .route("/doc/{*id}", get(pages::document))
        .route("/static/lupa.css", get(pages::stylesheet))
        .route("/api/search", get(api::search_get).post(api::search_post))
        .route("/api/explain", get(api::explain))
        .route("/api/stats", get(api::stats))
        .route("/api/doc/{*id}", get(api::document))
        .route("/healthz", get(api::health))
        .fallback(not_found)
        .with_state(shared)
        .layer(CompressionLayer::new())
        .layer(RequestBodyLimitLayer::new(limits.max_body_bytes))
        // A backstop: every handler answers within its own budget first.
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            limits.time_budget + Duration::from_secs(1),
        ))
        .layer(header(
            header::CONTENT_SECURITY_POLICY,
            CONTENT_SECURITY_POLICY,
        ))
        .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header(header::REFERRER_POLICY, "no-referrer"))
        .layer(header(header::X_FRAME_OPTIONS, "DENY"))
        .layer(CatchPanicLayer::custom(api::panic_response))
}

async fn not_found(
    axum::extract::State(shared): axum::extract::State<State>,
    headers: axum::http::HeaderMap,
    uri: axum::http::Uri,
) -> axum::response::Response {
    if uri.path().starts_with("/api/") {
        api::failure(Failure::NotFound)
    } else {
        let speech = pages::Speech::of(&[], &headers, shared.lang);
        pages::failure(Failure::NotFound, "", speech)
    }
}

/// Why a request was not answered as asked.
#[derive(Debug)]
pub(crate) enum Failure {
    Bad(BadRequest),
    NotFound,
    Busy,
    TimedOut(Duration),
    Internal(String),
}

impl From<BadRequest> for Failure {
    fn from(bad: BadRequest) -> Self {
        Failure::Bad(bad)
    }
}

impl From<lupa::Error> for Failure {
    fn from(e: lupa::Error) -> Self {
        match e {
            lupa::Error::Query(e) => Failure::Bad(BadRequest::Query(e)),
            lupa::Error::OnlyStopWords { .. } => Failure::Bad(BadRequest::OnlyStopWords),
            other => Failure::Internal(other.to_string()),
        }
    }
}

impl From<lupa_cluster::Error> for Failure {
    fn from(e: lupa_cluster::Error) -> Self {
        match e {
            lupa_cluster::Error::Lupa(e) => Failure::from(e),
            e @ lupa_cluster::Error::Unsupported { .. } => {
                Failure::Bad(BadRequest::Parameter(e.to_string()))
            }
            other => Failure::Internal(other.to_string()),
        }
    }
}

impl Failure {
    pub(crate) fn from_pool(e: PoolError, budget: Duration) -> Self {
        match e {
            PoolError::Busy => Failure::Busy,
            PoolError::TimedOut => Failure::TimedOut(budget),
            PoolError::Panicked(m) => Failure::Internal(format!("the search failed: {m}")),
        }
    }
}

impl Shared {
    /// The search options of a request.
    pub(crate) fn options(&self, params: &SearchParams) -> SearchOptions {
        SearchOptions {
            limit: params.limit,
            offset: params.offset,
            operator: if params.all {
                DefaultOperator::All
            } else {
                DefaultOperator::Any
            },
            sort: params.sort,
            facets: params.facets.clone(),
            ..self.options.clone()
        }
    }

    /// Runs `job` on a search thread within the time budget.
    pub(crate) async fn run<T: Send + 'static>(
        &self,
        job: impl FnOnce() -> std::result::Result<T, Failure> + Send + 'static,
    ) -> std::result::Result<T, Failure> {
        let budget = self.limits.time_budget;
        self.pool
            .run(Instant::now() + budget, job)
            .await
            .map_err(|e| Failure::from_pool(e, budget))?
    }

    /// The index's figures, counted again only after a new commit.
    pub(crate) async fn stats(self: &Arc<Self>) -> std::result::Result<Arc<lupa::Stats>, Failure> {
        let version = self.version.load(Ordering::Acquire);
        if let Ok(cached) = self.stats.lock() {
            if let Some((v, stats)) = &*cached {
                if *v == version {
                    return Ok(stats.clone());
                }
            }
        }
        let shared = self.clone();
        let stats = self
            .run(move || Ok(Arc::new(shared.index.stats()?)))
            .await?;
        if let Ok(mut cached) = self.stats.lock() {
            *cached = Some((version, stats.clone()));
        }
        Ok(stats)
    }
}

/// Parses and checks a search, runs it, and hands its results and the time the search
/// took to `finish` on the search thread (so rendering them is off the connection
/// threads too).
pub(crate) async fn search<T: Send + 'static>(
    shared: &State,
    params: SearchParams,
    finish: impl FnOnce(&SearchResults, Duration) -> T + Send + 'static,
) -> std::result::Result<T, Failure> {
    check_length(&params.q, &shared.limits)?;
    let options = shared.options(&params);
    let ast = lupa::parser(options.operator)
        .parse(&params.q)
        .map_err(BadRequest::Query)?;
    check_expansions(&ast, &shared.limits)?;
    let job = shared.clone();
    shared
        .run(move || {
            let started = std::time::Instant::now();
            let results = match &job.cluster {
                Some(cluster) => cluster.search_query(&params.q, &ast, &options)?,
                None => job.index.search_query(&params.q, &ast, &options)?,
            };
            Ok(finish(&results, started.elapsed()))
        })
        .await
}

/// Makes each commit of another process visible: looks at the index's `meta.json`
/// every `every`, and reloads when it changed. A reload that fails (the other process
/// is between two steps) is tried again at the next look; searches go on with the
/// last commit seen until one succeeds.
async fn follow_commits(shared: State, every: Duration) {
    let Some(meta) = shared.index.path().map(|p| p.join("meta.json")) else {
        return;
    };
    let read = |meta: PathBuf| async move {
        tokio::task::spawn_blocking(move || std::fs::read(meta).ok())
            .await
            .ok()
            .flatten()
    };
    let mut seen = read(meta.clone()).await;
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        let now = read(meta.clone()).await;
        if now.is_none() || now == seen {
            continue;
        }
        let job = shared.clone();
        if let Ok(Ok(())) = tokio::task::spawn_blocking(move || job.index.reload()).await {
            seen = now;
            shared.version.fetch_add(1, Ordering::AcqRel);
        }
    }
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM.
pub async fn shutdown_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                term.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {}
        _ = terminate => {}
    }
}

/// Blocks the calling thread until SIGINT (Ctrl-C) or SIGTERM, for programs without
/// an async runtime of their own (`lupa index --watch`).
pub fn block_until_signal() -> Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(Error::Runtime)?;
    runtime.block_on(shutdown_signal());
    Ok(())
}

/// Runs a server for `index` on threads of its own until SIGINT (Ctrl-C) or SIGTERM,
/// for programs without an async runtime (`lupa serve`). `listening` hears the page's
/// address once the server listens.
pub fn serve_until_signal(
    index: Index,
    config: Config,
    listening: impl FnOnce(&str),
) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("lupa-serve")
        .build()
        .map_err(Error::Runtime)?;
    runtime.block_on(async {
        let server = Server::bind(index, config).await?;
        listening(&server.url());
        server.run(shutdown_signal()).await
    })?;
    // Searches that outlived their budget are not waited for.
    runtime.shutdown_timeout(Duration::from_millis(100));
    Ok(())
}
