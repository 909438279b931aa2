//! What can go wrong between Lupa and a cluster.

use std::path::PathBuf;

/// The result of this crate's operations.
pub type Result<T> = std::result::Result<T, Error>;

/// An error of a cluster operation; each names the node or the file involved.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The cluster address is not one Lupa understands.
    #[error("the cluster address {address:?} is not valid: {reason} (expected sphinx://HOST:PORT[|MIRROR:PORT][,HOST:PORT…]/INDEX)")]
    BadAddress {
        /// The address as given.
        address: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A node did not answer.
    #[error("the cluster node {node} does not answer: {reason}")]
    Unreachable {
        /// `host:port` of the node.
        node: String,
        /// What the connection reported.
        reason: String,
    },
    /// A node answered a statement with an error.
    #[error("the cluster node {node} refused {what}: {reason}")]
    Refused {
        /// `host:port` of the node.
        node: String,
        /// What Lupa asked for.
        what: String,
        /// The node's message.
        reason: String,
    },
    /// No node of the cluster answered a search.
    #[error("no node of the cluster answered: {}", tried.join("; "))]
    NoNode {
        /// Each node tried, with its error.
        tried: Vec<String>,
    },
    /// A part of the query that the cluster cannot search.
    #[error("{what} cannot be searched on a cluster")]
    Unsupported {
        /// The part of the query.
        what: String,
    },
    /// The local index or the query.
    #[error(transparent)]
    Lupa(#[from] lupa::Error),
    /// A file of a local cluster (configuration, statistics, logs).
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system reported.
        source: std::io::Error,
    },
    /// A `searchd` of a local cluster did not start.
    #[error("searchd did not start ({reason}); its log is {}", log.display())]
    Searchd {
        /// Why.
        reason: String,
        /// Its log file.
        log: PathBuf,
    },
}
