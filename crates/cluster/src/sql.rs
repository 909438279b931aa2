//! SphinxQL over the MySQL protocol: one connection to one node, with timeouts so
//! that a dead node gives an error, never a hang.

use crate::address::Node;
use crate::error::{Error, Result};
use mysql::prelude::Queryable;
use std::time::Duration;

/// An open connection to one node.
pub(crate) struct Conn {
    node: Node,
    conn: mysql::Conn,
}

impl Conn {
    /// Connects to `node`, giving up on any step after `timeout`.
    pub(crate) fn open(node: &Node, timeout: Duration) -> Result<Conn> {
        let opts = mysql::OptsBuilder::new()
            .ip_or_hostname(Some(node.host.clone()))
            .tcp_port(node.port)
            .prefer_socket(false)
            .tcp_connect_timeout(Some(timeout))
            .read_timeout(Some(timeout))
            .write_timeout(Some(timeout));
        let conn = mysql::Conn::new(opts).map_err(|e| Error::Unreachable {
            node: node.to_string(),
            reason: e.to_string(),
        })?;
        Ok(Conn {
            node: node.clone(),
            conn,
        })
    }

    /// The node this connection is to.
    pub(crate) fn node(&self) -> &Node {
        &self.node
    }

    /// Runs a statement that returns no rows; `what` names it in errors.
    pub(crate) fn exec(&mut self, what: &str, sql: &str) -> Result<()> {
        self.conn.query_drop(sql).map_err(|e| self.error(what, e))
    }

    /// Runs a query and reads its rows.
    pub(crate) fn rows<T: mysql::prelude::FromRow>(
        &mut self,
        what: &str,
        sql: &str,
    ) -> Result<Vec<T>> {
        self.conn.query(sql).map_err(|e| self.error(what, e))
    }

    /// `SHOW META` of the last query: (name, value) pairs.
    pub(crate) fn meta(&mut self) -> Result<Vec<(String, String)>> {
        self.rows("SHOW META", "SHOW META")
    }

    fn error(&self, what: &str, e: mysql::Error) -> Error {
        match e {
            mysql::Error::MySqlError(e) => Error::Refused {
                node: self.node.to_string(),
                what: what.to_string(),
                reason: e.message,
            },
            other => Error::Unreachable {
                node: self.node.to_string(),
                reason: other.to_string(),
            },
        }
    }
}

/// Appends `text` as a SphinxQL string literal.
pub(crate) fn quote(text: &str, out: &mut String) {
    out.reserve(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        match c {
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            '\0' => {}
            c => out.push(c),
        }
    }
    out.push('\'');
}

#[cfg(test)]
mod tests {
    #[test]
    fn quotes_escape_quotes_and_backslashes() {
        let mut out = String::new();
        super::quote("l'a\\b\0", &mut out);
        assert_eq!(out, "'l\\'a\\\\b'");
    }
}
