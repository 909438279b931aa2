//! Starts a cluster of `searchd` processes on this machine and prints its address, for
//! trying `lupa index --cluster` and `lupa search --cluster`; stops them when standard
//! input ends (Enter, or Ctrl-D).
//!
//! ```text
//! cargo run -p lupa-cluster --example local_cluster -- /tmp/lupa-cluster 3
//! ```
//!
//! The optional third argument is the number of mirrors of each shard (1 by default).
//! After a push, `lupa index` writes the statistics file `cluster.idf` in the index
//! folder; type `r` and Enter to give it to every node (they restart to read it).

use std::io::BufRead;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().unwrap_or_else(|| "lupa-cluster".into()));
    let shards: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(3);
    let mirrors: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(1);
    let index = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| "data/.lupa".into());
    let mut cluster = lupa_cluster::local::LocalCluster::start(&root, shards, mirrors)?;
    println!("{}", cluster.address());
    eprintln!(
        "{} searchd running under {}; `r` + Enter loads {}/cluster.idf, Enter stops",
        cluster.len(),
        root.display(),
        index.display()
    );
    for line in std::io::stdin().lock().lines() {
        if line?.trim() != "r" {
            break;
        }
        cluster.load_file(&index.join("cluster.idf"))?;
        eprintln!("statistics loaded");
    }
    Ok(())
}
