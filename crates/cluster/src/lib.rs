//! Lupa's Spanish analysis and query language on a Sphinx or Manticore cluster.
//!
//! Lupa stays the brain: it analyzes, the cluster stores and ranks. A local Lupa index
//! is pushed to the cluster already analyzed ([`push`]): each passage becomes a row of
//! keywords (Lupa's stems, one per position, stop words kept; the folded words beside
//! them) and its title, text and metadata as attributes. A search ([`Cluster::search`])
//! is compiled from the same `lupa-query` AST into Sphinx's extended syntax, sent over
//! SphinxQL to a distributed index that fans out over the shards, and answered with
//! Lupa's own [`SearchResults`](lupa::SearchResults), snippets included.
//!
//! | file | holds |
//! |---|---|
//! | `address.rs` | `sphinx://` addresses: shards and their mirrors |
//! | `document.rs` | a passage as keywords and attributes; ids and shards |
//! | `push.rs` | bringing each mirror level with the local index, resumably |
//! | `stats.rs` | the global IDF file every node ranks with |
//! | `query.rs` | the AST in Sphinx's extended syntax |
//! | `search.rs` | the search: SQL, ranking expression, hits |
//! | `local.rs` | a cluster of `searchd` processes on this machine, for tests and trials |
//! | `sql.rs` | SphinxQL over the MySQL protocol, with timeouts |
//!
//! ```no_run
//! use lupa_cluster::{Address, Cluster, PushOptions};
//! let index = lupa::Index::open("articles/.lupa".as_ref())?;
//! let cluster = Cluster::new(Address::parse("sphinx://10.0.0.1:9306,10.0.0.2:9306/lupa")?)
//!     .with_vocabulary(index.clone());
//! cluster.push(&index, &PushOptions::default())?;
//! let results = cluster.search("retirada de las tropas", &lupa::SearchOptions::default())?;
//! # Ok::<(), lupa_cluster::Error>(())
//! ```
#![warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod address;
mod document;
mod error;
pub mod local;
mod push;
mod query;
mod search;
mod sql;
mod stats;

pub use address::{Address, Node};
pub use error::{Error, Result};
pub use push::{push, PushOptions, PushReport};
pub use search::Cluster;
pub use stats::write_global_idf;
