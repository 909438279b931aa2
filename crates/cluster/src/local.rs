//! A cluster of `searchd` processes on this machine, on loopback ports: for the tests,
//! the benchmarks and for trying Lupa's cluster before deploying one.
//!
//! Each node has its own folder (configuration, data, binlog, logs) under the
//! cluster's folder, a SphinxQL and an API port, the real-time index of its shard and a
//! distributed index over every shard, whose agents are each shard's mirrors. The
//! configuration is [`node_config`], the same a real deployment starts from.
//!
//! `searchd` is Sphinx's (Debian's `sphinxsearch`) or Manticore's; it is found as
//! `$LUPA_SEARCHD`, else on the `PATH`.

use crate::address::{Address, Node};
use crate::error::{Error, Result};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The index name of a local cluster.
pub const INDEX: &str = "lupa";

/// How long a node may take to start listening.
const START_TIMEOUT: Duration = Duration::from_secs(20);

/// The `searchd` program: `$LUPA_SEARCHD`, else the first on the `PATH`.
pub fn searchd() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("LUPA_SEARCHD") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("searchd"))
        .find(|candidate| candidate.is_file())
}

/// For a test that needs `searchd`: whether it is here. Without it, says so loudly on
/// standard error and returns `false` (the test skips), unless `LUPA_REQUIRE_SEARCHD`
/// is set (as CI sets it), where it panics with the same words.
pub fn searchd_for_test() -> bool {
    if searchd().is_some() {
        return true;
    }
    let why = "the cluster tests need Sphinx's searchd: apt-get install sphinxsearch \
               (or set LUPA_SEARCHD to a searchd)";
    assert!(std::env::var_os("LUPA_REQUIRE_SEARCHD").is_none(), "{why}");
    eprintln!("SKIPPED: {why}");
    false
}

/// One node's ports and folder.
#[derive(Debug, Clone)]
pub struct NodePorts {
    /// SphinxQL (`mysql41`) port.
    pub sql: u16,
    /// API port, which distributed indexes use to reach their agents.
    pub api: u16,
}

/// The configuration of a node that keeps shard `index`_shard in `dir` and serves the
/// distributed index `index` over `shards` (each shard's mirrors, by their ports on
/// `host`).
pub fn node_config(
    index: &str,
    dir: &Path,
    ports: &NodePorts,
    host: &str,
    shards: &[Vec<NodePorts>],
) -> String {
    let dir = dir.display();
    let mut agents = String::new();
    for mirrors in shards {
        let list: Vec<String> = mirrors
            .iter()
            .map(|m| format!("{host}:{}", m.api))
            .collect();
        agents.push_str(&format!("    agent = {}:{index}_shard\n", list.join("|")));
    }
    format!(
        "# A Lupa cluster node: its shard, and the distributed index over every shard.
index {index}_shard
{{
    type = rt
    path = {dir}/data/{index}_shard
    # Global IDF applies to the RAM chunk only: keep every passage in it.
    rt_mem_limit = 2048M
    rt_field = title
    rt_field = body
    rt_field = folded
    rt_field = alt
    rt_field = author
    rt_field = source
    rt_attr_string = doc
    rt_attr_uint = part
    rt_attr_string = shown_title
    rt_attr_string = text
    rt_attr_bigint = digest
    rt_attr_bigint = date
    rt_attr_uint = dated
    rt_attr_uint = date_from_file
    rt_attr_string = author_text
    rt_attr_string = source_text
    rt_attr_string = url
    rt_attr_uint = words
    rt_attr_bigint = document
    # Lupa's keywords are a-z, 0-9, ñ and _ (see lupa-cluster's document.rs): kept whole.
    charset_table = 0..9, a..z, _, U+F1
    min_word_len = 1
    dict = keywords
    index_field_lengths = 1
    global_idf = {dir}/global.idf
}}

index {index}
{{
    type = distributed
{agents}    agent_connect_timeout = 1000
    agent_query_timeout = 10000
    ha_strategy = nodeads
}}

searchd
{{
    listen = {host}:{sql}:mysql41
    listen = {host}:{api}
    log = {dir}/searchd.log
    query_log = {dir}/query.log
    pid_file = {dir}/searchd.pid
    binlog_path = {dir}/data
    workers = threads
    watchdog = 0
    max_packet_size = 16M
    read_timeout = 10
    agent_retry_count = 2
    agent_retry_delay = 50
}}
",
        sql = ports.sql,
        api = ports.api,
    )
}

struct LocalNode {
    ports: NodePorts,
    dir: PathBuf,
    child: Option<Child>,
}

/// `searchd` processes started on loopback, stopped when dropped.
pub struct LocalCluster {
    searchd: PathBuf,
    mirrors: usize,
    nodes: Vec<LocalNode>,
}

impl LocalCluster {
    /// Starts `shards × mirrors` nodes with their folders under `root`.
    pub fn start(root: &Path, shards: usize, mirrors: usize) -> Result<LocalCluster> {
        let searchd = searchd().ok_or_else(|| Error::Searchd {
            reason: "no searchd: install Sphinx (Debian: apt-get install sphinxsearch) \
                     or set LUPA_SEARCHD"
                .into(),
            log: PathBuf::new(),
        })?;
        let mut nodes = Vec::new();
        for n in 0..shards * mirrors {
            let dir = root.join(format!("node{n}"));
            for sub in [&dir, &dir.join("data")] {
                std::fs::create_dir_all(sub).map_err(|source| Error::Io {
                    path: sub.clone(),
                    source,
                })?;
            }
            nodes.push(LocalNode {
                ports: NodePorts {
                    sql: free_port()?,
                    api: free_port()?,
                },
                dir,
                child: None,
            });
        }
        let layout: Vec<Vec<NodePorts>> = (0..shards)
            .map(|s| {
                (0..mirrors)
                    .map(|m| nodes[s * mirrors + m].ports.clone())
                    .collect()
            })
            .collect();
        for node in &nodes {
            let config = node_config(INDEX, &node.dir, &node.ports, "127.0.0.1", &layout);
            let path = node.dir.join("sphinx.conf");
            std::fs::write(&path, config).map_err(|source| Error::Io { path, source })?;
        }
        let mut cluster = LocalCluster {
            searchd,
            mirrors,
            nodes,
        };
        for n in 0..cluster.nodes.len() {
            cluster.spawn(n)?;
        }
        for n in 0..cluster.nodes.len() {
            cluster.wait(n)?;
        }
        Ok(cluster)
    }

    /// The cluster's address.
    pub fn address(&self) -> Address {
        let shards = self.nodes.len() / self.mirrors;
        Address {
            shards: (0..shards)
                .map(|s| {
                    (0..self.mirrors)
                        .map(|m| Node {
                            host: "127.0.0.1".into(),
                            port: self.nodes[s * self.mirrors + m].ports.sql,
                        })
                        .collect()
                })
                .collect(),
            index: INDEX.into(),
        }
    }

    /// How many nodes there are.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// Kills node `n` with SIGKILL, as a crash would.
    pub fn kill(&mut self, n: usize) {
        if let Some(mut child) = self.nodes[n].child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts node `n` again (after [`kill`](LocalCluster::kill)), on the same ports
    /// and data; it replays its binlog.
    pub fn restart(&mut self, n: usize) -> Result<()> {
        self.kill(n);
        let pid = self.nodes[n].dir.join("searchd.pid");
        let _ = std::fs::remove_file(pid);
        self.spawn(n)?;
        self.wait(n)
    }

    /// Writes the collection statistics of `index` for every node and restarts the
    /// nodes, which read them when they start.
    pub fn load_statistics(&mut self, index: &lupa::Index) -> Result<()> {
        let path = self.nodes[0].dir.join("collection.idf");
        crate::write_global_idf(&index.snapshot(), &path)?;
        self.load_file(&path)
    }

    /// Gives every node the statistics file at `path` (written by
    /// [`write_global_idf`](crate::write_global_idf), as `lupa index --cluster` does) and
    /// restarts the nodes.
    pub fn load_file(&mut self, path: &Path) -> Result<()> {
        for n in 0..self.nodes.len() {
            let to = self.nodes[n].dir.join("global.idf");
            std::fs::copy(path, &to).map_err(|source| Error::Io {
                path: path.to_path_buf(),
                source,
            })?;
        }
        for n in 0..self.nodes.len() {
            self.restart(n)?;
        }
        Ok(())
    }

    fn spawn(&mut self, n: usize) -> Result<()> {
        let node = &mut self.nodes[n];
        let log = node.dir.join("console.log");
        let out = std::fs::File::create(&log).map_err(|source| Error::Io {
            path: log.clone(),
            source,
        })?;
        let err = out.try_clone().map_err(|source| Error::Io {
            path: log.clone(),
            source,
        })?;
        let child = Command::new(&self.searchd)
            .arg("--config")
            .arg(node.dir.join("sphinx.conf"))
            .arg("--nodetach")
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .map_err(|e| Error::Searchd {
                reason: format!("cannot run {}: {e}", self.searchd.display()),
                log: log.clone(),
            })?;
        node.child = Some(child);
        Ok(())
    }

    /// Waits until node `n` accepts SphinxQL connections.
    fn wait(&mut self, n: usize) -> Result<()> {
        let node = &mut self.nodes[n];
        let log = node.dir.join("console.log");
        let addr = SocketAddr::from(([127, 0, 0, 1], node.ports.sql));
        let start = Instant::now();
        loop {
            if let Some(child) = node.child.as_mut() {
                if let Ok(Some(status)) = child.try_wait() {
                    return Err(Error::Searchd {
                        reason: format!("it exited ({status})"),
                        log,
                    });
                }
            }
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return Ok(());
            }
            if start.elapsed() > START_TIMEOUT {
                return Err(Error::Searchd {
                    reason: format!("nothing listens on {addr} after {START_TIMEOUT:?}"),
                    log,
                });
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for LocalCluster {
    fn drop(&mut self) {
        for n in 0..self.nodes.len() {
            self.kill(n);
        }
    }
}

/// A port that was free a moment ago.
fn free_port() -> Result<u16> {
    let listener = TcpListener::bind(("127.0.0.1", 0)).map_err(|source| Error::Io {
        path: "127.0.0.1:0".into(),
        source,
    })?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|source| Error::Io {
            path: "127.0.0.1:0".into(),
            source,
        })
}
