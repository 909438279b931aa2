//! The errors of `lupa-server`.

use std::net::SocketAddr;
use std::path::PathBuf;

/// What can go wrong while starting or running the server or a watcher.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The address cannot be listened on (in use, or not this machine's).
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// Why not.
        #[source]
        source: std::io::Error,
    },
    /// Accepting connections failed.
    #[error("the server stopped: {0}")]
    Serve(#[source] std::io::Error),
    /// The index cannot be read or written.
    #[error(transparent)]
    Index(#[from] lupa::Error),
    /// The folder cannot be watched for changes.
    #[error("cannot watch {} for changes: {source}", path.display())]
    Watch {
        /// The folder.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: notify::Error,
    },
    /// The threads of the server or the watcher cannot be started.
    #[error("cannot start the server's threads: {0}")]
    Runtime(#[source] std::io::Error),
}

/// A `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
