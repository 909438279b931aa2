//! Pushing a local index to a cluster: each shard's mirrors are listed, compared with
//! the local passages by digest, and brought level: new and changed passages written
//! (`REPLACE`, in batches of about [`PushOptions::batch_bytes`]), passages no longer
//! in the index deleted. A push that stops half way (a node killed, the network gone)
//! leaves every written batch in place; the next push lists again and sends only what
//! is still missing, so it resumes where it stopped and never duplicates a passage.

use crate::address::Address;
use crate::document::{self, cluster_id, digest, shard_of};
use crate::error::Result;
use crate::sql::Conn;
use lupa::analysis::Analysis;
use lupa::{Index, PassageKey};
use std::collections::HashMap;
use std::time::Duration;

/// How a push sends its writes.
#[derive(Debug, Clone)]
pub struct PushOptions {
    /// About how many bytes of SQL one `REPLACE` carries (below the nodes'
    /// `max_packet_size`, 8 MB by default).
    pub batch_bytes: usize,
    /// How long to wait for a node before failing.
    pub timeout: Duration,
}

impl Default for PushOptions {
    fn default() -> Self {
        PushOptions {
            batch_bytes: 1 << 20,
            timeout: Duration::from_secs(30),
        }
    }
}

/// What a push did, counted over every mirror.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PushReport {
    /// Passages in the local index.
    pub passages: u64,
    /// Passages written (new or changed), over all mirrors.
    pub written: usize,
    /// Passages deleted, over all mirrors.
    pub deleted: usize,
    /// Passages already up to date, over all mirrors.
    pub unchanged: usize,
}

/// Brings every node of `address` level with `index` (see the module docs).
pub fn push(index: &Index, address: &Address, options: &PushOptions) -> Result<PushReport> {
    let snapshot = index.snapshot();
    let keys = snapshot.keys()?;
    let shards = address.shards.len();
    let mut by_shard: Vec<HashMap<u64, (i64, PassageKey)>> = vec![HashMap::new(); shards];
    for key in keys {
        let id = cluster_id(&key.id, key.part);
        let d = digest(&key.id, key.hash);
        by_shard[shard_of(id, shards)].insert(id, (d, key));
    }
    let mut report = PushReport {
        passages: snapshot.passages(),
        ..PushReport::default()
    };
    let table = address.shard_index();
    let mut analysis = Analysis::new();
    for (shard, local) in by_shard.iter().enumerate() {
        let mut conns = Vec::new();
        let mut needs: Vec<Vec<u64>> = Vec::new();
        for node in &address.shards[shard] {
            let mut conn = Conn::open(node, options.timeout)?;
            let there = list(&mut conn, &table)?;
            let mut stale: Vec<u64> = there
                .iter()
                .filter(|(id, _)| !local.contains_key(id))
                .map(|(id, _)| *id)
                .collect();
            stale.sort_unstable();
            for ids in stale.chunks(1000) {
                let list: Vec<String> = ids.iter().map(u64::to_string).collect();
                conn.exec(
                    "a delete",
                    &format!("DELETE FROM {table} WHERE id IN ({})", list.join(",")),
                )?;
            }
            report.deleted += stale.len();
            let mut missing: Vec<u64> = local
                .iter()
                .filter(|(id, (d, _))| there.get(id) != Some(d))
                .map(|(id, _)| *id)
                .collect();
            missing.sort_unstable();
            report.unchanged += local.len() - missing.len();
            report.written += missing.len();
            needs.push(missing);
            conns.push(conn);
        }
        write(
            &snapshot,
            &mut analysis,
            &table,
            local,
            &mut conns,
            &needs,
            options,
        )?;
    }
    Ok(report)
}

/// Every (id, digest) of a node's shard.
fn list(conn: &mut Conn, table: &str) -> Result<HashMap<u64, i64>> {
    let mut out = HashMap::new();
    let mut after = 0u64;
    loop {
        let rows: Vec<(u64, i64)> = conn.rows(
            "a listing of its passages",
            &format!(
                "SELECT id, digest FROM {table} WHERE id > {after} ORDER BY id ASC \
                 LIMIT 1000 OPTION max_matches=1000"
            ),
        )?;
        let Some(last) = rows.last() else { break };
        after = last.0;
        let full = rows.len() == 1000;
        out.extend(rows);
        if !full {
            break;
        }
    }
    Ok(out)
}

/// Sends each mirror the passages it needs, each analyzed once for all of them. The
/// next batch is analyzed while the nodes store the last one.
fn write(
    snapshot: &lupa::Snapshot,
    analysis: &mut Analysis,
    table: &str,
    local: &HashMap<u64, (i64, PassageKey)>,
    conns: &mut [Conn],
    needs: &[Vec<u64>],
    options: &PushOptions,
) -> Result<()> {
    let mut all: Vec<u64> = needs.iter().flatten().copied().collect();
    all.sort_unstable();
    all.dedup();
    let head = format!("REPLACE INTO {table} ({}) VALUES ", document::COLUMNS);
    let mirrors = conns.len();
    std::thread::scope(|scope| {
        let (ready, batches) = std::sync::mpsc::sync_channel::<(usize, String)>(mirrors);
        let analyzing = scope.spawn(move || -> Result<()> {
            let mut batches: Vec<String> = vec![String::new(); mirrors];
            let mut row = String::new();
            for id in all {
                let Some((_, key)) = local.get(&id) else {
                    continue;
                };
                let passage = snapshot.read(key)?;
                row.clear();
                document::values(analysis, &passage, &mut row);
                for (m, batch) in batches.iter_mut().enumerate() {
                    if needs[m].binary_search(&id).is_err() {
                        continue;
                    }
                    if batch.is_empty() {
                        batch.push_str(&head);
                    } else {
                        batch.push(',');
                    }
                    batch.push_str(&row);
                    // A send fails only once the writer below has stopped on an error.
                    if batch.len() >= options.batch_bytes
                        && ready.send((m, std::mem::take(batch))).is_err()
                    {
                        return Ok(());
                    }
                }
            }
            for (m, batch) in batches.into_iter().enumerate() {
                if !batch.is_empty() && ready.send((m, batch)).is_err() {
                    break;
                }
            }
            Ok(())
        });
        let mut written = Ok(());
        for (m, batch) in batches {
            written = conns[m].exec("a batch of passages", &batch);
            if written.is_err() {
                break;
            }
        }
        let analyzed = analyzing
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        written.and(analyzed)
    })
}
