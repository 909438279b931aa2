//! Cluster addresses: `sphinx://HOST:PORT[|MIRROR:PORT][,HOST:PORT…]/INDEX`.
//!
//! Each comma-separated part is one shard; the `|`-separated nodes of a part are that
//! shard's mirrors, each holding all of the shard. The ports are the nodes' SphinxQL
//! (`mysql41`) listeners. `INDEX` is the distributed index that searches go to; each
//! node keeps its shard in the real-time index `INDEX_shard`.

use crate::error::{Error, Result};
use std::fmt;

/// A node's SphinxQL listener.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Node {
    /// Host name or address.
    pub host: String,
    /// SphinxQL port.
    pub port: u16,
}

impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.host, self.port)
    }
}

/// Where a cluster is: its shards, each a list of mirrors, and the index name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    /// The shards, in order; a document's shard is fixed by its identity and their count.
    pub shards: Vec<Vec<Node>>,
    /// The distributed index searched (`INDEX`); shards are in `INDEX_shard`.
    pub index: String,
}

impl Address {
    /// Parses `sphinx://…` (or `manticore://…`, the same protocol).
    ///
    /// ```
    /// let a = lupa_cluster::Address::parse("sphinx://10.0.0.1:9306|10.0.0.2:9306,10.0.0.3:9306/lupa")?;
    /// assert_eq!(a.shards.len(), 2);
    /// assert_eq!(a.shards[0][1].to_string(), "10.0.0.2:9306");
    /// assert_eq!(a.shard_index(), "lupa_shard");
    /// # Ok::<(), lupa_cluster::Error>(())
    /// ```
    pub fn parse(text: &str) -> Result<Address> {
        let bad = |reason: &str| Error::BadAddress {
            address: text.to_string(),
            reason: reason.to_string(),
        };
        let rest = text
            .strip_prefix("sphinx://")
            .or_else(|| text.strip_prefix("manticore://"))
            .ok_or_else(|| bad("it must start with sphinx://"))?;
        let (nodes, index) = rest
            .split_once('/')
            .ok_or_else(|| bad("the index name is missing after the nodes"))?;
        if index.is_empty()
            || !index.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            || index.starts_with(|c: char| c.is_ascii_digit())
        {
            return Err(bad(
                "the index name must be letters, digits and _, not starting with a digit",
            ));
        }
        let mut shards = Vec::new();
        for shard in nodes.split(',') {
            let mut mirrors = Vec::new();
            for node in shard.split('|') {
                let (host, port) = node
                    .rsplit_once(':')
                    .ok_or_else(|| bad(&format!("{node:?} has no :PORT")))?;
                let port: u16 = port
                    .parse()
                    .map_err(|_| bad(&format!("{port:?} is not a port")))?;
                if host.is_empty() {
                    return Err(bad(&format!("{node:?} has no host")));
                }
                mirrors.push(Node {
                    host: host.to_string(),
                    port,
                });
            }
            shards.push(mirrors);
        }
        Ok(Address {
            shards,
            index: index.to_string(),
        })
    }

    /// The real-time index that holds each node's shard.
    pub fn shard_index(&self) -> String {
        format!("{}_shard", self.index)
    }

    /// Every node, shard by shard.
    pub fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.shards.iter().flatten()
    }
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shards: Vec<String> = self
            .shards
            .iter()
            .map(|m| m.iter().map(Node::to_string).collect::<Vec<_>>().join("|"))
            .collect();
        write!(f, "sphinx://{}/{}", shards.join(","), self.index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_back() {
        let text = "sphinx://127.0.0.1:9306,127.0.0.1:9307|127.0.0.1:9308/lupa";
        let a = Address::parse(text).unwrap();
        assert_eq!(a.shards.len(), 2);
        assert_eq!(a.shards[1].len(), 2);
        assert_eq!(a.to_string(), text);
    }

    #[test]
    fn bad_addresses_say_why() {
        for (text, why) in [
            ("mysql://h:1/lupa", "sphinx://"),
            ("sphinx://h:1", "index name"),
            ("sphinx://h/lupa", "no :PORT"),
            ("sphinx://h:x/lupa", "not a port"),
            ("sphinx://h:1/lu-pa", "letters"),
        ] {
            let e = Address::parse(text).unwrap_err().to_string();
            assert!(e.contains(why), "{text}: {e}");
        }
    }
}
