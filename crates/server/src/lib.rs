//! `lupa serve`: a search page in Spanish and a JSON API over a Lupa index, for many
//! people at once, kept up to date as the index or its folder changes.
//!
//! | route | answer |
//! |---|---|
//! | `GET /?q=Q&offset=M&all=true` | the search page; with `q`, the results rendered on the server (no JavaScript needed) |
//! | `GET /doc/{id}?q=Q` | one document, the matches of `Q` marked |
//! | `GET /api/search?q=Q&limit=N&offset=M&all=true` (or `POST` a JSON object with the same keys) | the JSON object of `lupa search --json`, plus `offset` |
//! | `GET /api/explain?q=Q` | the JSON of `lupa explain --json` |
//! | `GET /api/stats` | the JSON of `lupa stats --json` |
//! | `GET /api/doc/{id}?q=Q` | one document's `path`, `title`, `text` and the `highlights` of `Q` |
//! | `GET /healthz` | `{"status":"ok"}` |
//!
//! Searches run on a bounded set of threads away from the ones that serve
//! connections ([`Config::threads`]), each within a time budget ([`Limits`]). The
//! server only reads the index: it sees each commit of another process within
//! [`Config::reload_every`]. [`Watcher`] keeps an index in step with its folder, for
//! `lupa serve --dir` and `lupa index --watch`.
//!
//! ```no_run
//! use lupa::Index;
//! use lupa_server::{shutdown_signal, Config, Server};
//!
//! # async fn run() -> Result<(), lupa_server::Error> {
//! let index = Index::open(std::path::Path::new("data/.lupa"))?;
//! let server = Server::bind(index, Config::default()).await?;
//! println!("{}", server.url());
//! server.run(shutdown_signal()).await
//! # }
//! ```
#![warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod api;
mod error;
mod pages;
mod params;
mod pool;
mod server;
mod watch;

pub use error::{Error, Result};
pub use server::{
    block_until_signal, serve_until_signal, shutdown_signal, Config, Limits, Server, DEFAULT_PORT,
};
pub use watch::{WatchEvent, Watcher};
